// scr: the libscr command line.
//
// Exit codes: 0 done; 1 refused by the rules; 2 bad usage or bad input, or an
// output (-o FILE or standard output) that could not be written.
// Each area's subcommands live in <area>_commands.cpp.

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

#include "cli.hpp"
#include "scr/scr.hpp"

namespace scr::cli {

std::string read_file(const std::string& path, std::size_t limit) {
  if (std::filesystem::is_directory(path)) throw scr::input_error("cannot read '" + path + "': it is a directory");
  std::ifstream in(path, std::ios::binary);
  if (!in) throw scr::input_error("cannot read file '" + path + "'");
  // Read at most the limit and one byte more, whatever the file is (a device
  // such as /dev/zero never ends), a block at a time.
  std::string text;
  std::string block(64 * 1024, '\0');
  while (text.size() <= limit && in) {
    in.read(block.data(), static_cast<std::streamsize>(block.size()));
    text.append(block.data(), static_cast<std::size_t>(in.gcount()));
  }
  if (in.bad()) throw scr::input_error("cannot read file '" + path + "'");
  if (text.size() > limit) {
    throw scr::input_error("file '" + path + "' is larger than " + std::to_string(limit / (1024 * 1024)) +
                           " MiB, the most " +
                           (limit == max_input_bytes ? std::string("a procedure or an imported file")
                                                     : std::string("a review export")) +
                           " may be");
  }
  return text;
}


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
  CLI::App app{"scr: safeguarding case review workflow and statutory deadlines.\n"
               "Dates are ISO (2024-05-24) or day-first (24/05/2004, 24.05.04)."};
  app.require_subcommand(1);
  app.set_version_flag("--version", std::string("scr ") + SCR_VERSION_STRING);
  // --db may come before or after the subcommand.
  app.fallthrough();
  global_options global;
  app.add_option("--db", global.db,
                 "The store: an SQLite file (default ./reviews.db) or a PostgreSQL URL (postgresql://user@host/db)")
      ->envname("SCR_DB");
  app.add_option("--key-file", global.key_file,
                 "The store's key file: `scr init --key-file F` makes one (mode 0600) and keys the new store's "
                 "audit chain (HMAC-SHA-256); every later command needs it")
      ->envname("SCR_KEY_FILE");

  commands cmds;
  add_calendar_commands(app, cmds);
  calendar_version_commands(*app.get_subcommand("calendar"), cmds, global);
  add_procedure_commands(app, cmds, global);
  add_review_commands(app, cmds, global);
  add_standing_commands(app, cmds, global);
  add_across_commands(app, cmds, global);
  add_transfer_commands(app, cmds, global);
  add_feed_commands(app, cmds, global);
  add_audit_commands(app, cmds, global);
  add_store_commands(app, cmds, global);
  add_chronology_commands(app, cmds, global);
  add_action_commands(app, cmds, global);

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int code = app.exit(e);
    return finish(code == 0 ? exit_ok : exit_bad_input);
  }

  try {
    refuse_empty_dates(app);
    for (const auto& [cmd, run] : cmds) {
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
