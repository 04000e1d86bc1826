// scr: the libscr command line.
//
// Exit codes: 0 done; 1 refused by the rules; 2 bad usage or bad input, or an
// output (-o FILE or standard output) that could not be written.
// Each area's subcommands live in <area>_commands.cpp; command_line.cpp
// builds them.

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <iostream>
#include <exception>

#include "cli.hpp"
#include "scr/scr.hpp"

namespace scr::cli {

namespace {

// A date or time option given empty (--as-of "" from a script whose variable
// was unset) is a mistake, never "today".
void refuse_empty_dates(const CLI::App& app) {
  for (const auto* opt : app.get_options()) {
    const std::string name = opt->get_name();
    if (name != "--at" && name != "--as-of" && name != "--from" && name != "--to" && name != "--month") continue;
    if (opt->count() == 0) continue;
    for (const auto& v : opt->results()) {
      if (v.find_first_not_of(" \t") == std::string::npos) {
        throw scr::input_error(name + " is empty: give a date (2024-03-01 or 01/03/2024)" +
                               (name == "--at" ? std::string(" and time, or leave --at out to date it now")
                                               : std::string(", or leave " + name + " out")));
      }
    }
  }
  for (const auto* sub : app.get_subcommands()) refuse_empty_dates(*sub);
}

// Standard output is flushed before scr exits, and a failed write (a full
// disk, `> /dev/full`, a closed descriptor) is an error, never exit 0. A
// command that has already failed has said why, and keeps its exit code.
int finish(int code) {
  errno = 0;
  std::cout.flush();
  const bool failed = !std::cout || std::fflush(stdout) != 0 || std::ferror(stdout) != 0;
  if (!failed || code != exit_ok) return code;
  const int e = errno;
  std::cerr << "scr: cannot write to standard output" << (e != 0 ? std::string(": ") + std::strerror(e) : "")
            << '\n';
  return exit_bad_input;
}

}  // namespace

}  // namespace scr::cli

int main(int argc, char** argv) {
  using namespace scr::cli;
  std::exception_ptr refused;
  const auto line = parse_command_line(argc, argv, refused);
  if (refused) {
    try {
      std::rethrow_exception(refused);
    } catch (const CLI::ParseError& e) {
      const int code = line->app.exit(e);
      return finish(code == 0 ? exit_ok : exit_bad_input);
    }
  }
  const CLI::App& app = line->app;
  try {
    refuse_empty_dates(app);
    for (const auto& [cmd, run] : line->cmds.runs) {
      if (*cmd) return finish(run());
    }
  } catch (const scr::input_error& e) {
    std::cerr << "scr: " << e.what() << '\n';
    return finish(exit_bad_input);
  } catch (const scr::store_error& e) {
    // The database itself is the bad input.
    std::cerr << "scr: " << e.what() << '\n';
    return finish(exit_bad_input);
  } catch (const scr::rule_error& e) {
    std::cerr << "scr: refused (rule '" << e.rule() << "'): " << e.what() << '\n';
    return finish(exit_refused);
  } catch (const scr::error& e) {
    std::cerr << "scr: " << e.what() << '\n';
    return finish(exit_refused);
  }
  return finish(exit_ok);
}
