// scr builds only the command its arguments name (command_filter). These
// tests hold it to the whole command line: the same commands by name, the
// same help for each, and the same parse of the same arguments.

#include <gtest/gtest.h>

#include <exception>
#include <sstream>
#include <string>
#include <vector>

#include "cli.hpp"

namespace {

using scr::cli::command_filter;
using scr::cli::command_line;

std::vector<const char*> argv_of(const std::vector<std::string>& words) {
  std::vector<const char*> argv{"scr"};
  for (const auto& w : words) argv.push_back(w.c_str());
  return argv;
}

command_filter filter_of(const std::vector<std::string>& words) {
  const auto argv = argv_of(words);
  return command_filter::of(static_cast<int>(argv.size()), argv.data());
}

std::vector<CLI::App*> subcommands_of(CLI::App& app) {
  return app.get_subcommands([](const CLI::App*) { return true; });
}

// Every command of the whole command line as {group, name}, in order.
std::vector<std::pair<std::string, std::string>> every_command(command_line& full) {
  std::vector<std::pair<std::string, std::string>> names;
  for (CLI::App* top : subcommands_of(full.app)) {
    names.emplace_back("", top->get_name());
    for (CLI::App* sub : subcommands_of(*top)) {
      names.emplace_back(top->get_name(), sub->get_name());
      EXPECT_TRUE(subcommands_of(*sub).empty())
          << top->get_name() << " " << sub->get_name()
          << " has subcommands: command_filter chooses two words, and command_names lists two levels";
    }
  }
  return names;
}

TEST(command_line, the_names_listed_are_the_commands_built) {
  command_line full{command_filter{}};
  const auto built = every_command(full);
  std::vector<std::pair<std::string, std::string>> listed;
  for (const auto& n : scr::cli::command_names()) listed.emplace_back(n.group, n.name);
  std::ostringstream expected;
  for (const auto& [group, name] : built) expected << "      {\"" << group << "\", \"" << name << "\"},\n";
  EXPECT_EQ(listed, built) << "command_names() should be:\n" << expected.str();
  EXPECT_GT(built.size(), 60U);
}

TEST(command_line, each_command_is_built_alone_with_the_same_options_and_help) {
  command_line full{command_filter{}};
  for (const auto& [group, name] : every_command(full)) {
    CLI::App* whole = group.empty() ? full.app.get_subcommand(name) : full.app.get_subcommand(group)->get_subcommand(name);
    if (!subcommands_of(*whole).empty()) continue;  // a group: its commands are checked one by one
    const std::vector<std::string> words = group.empty() ? std::vector<std::string>{name}
                                                         : std::vector<std::string>{group, name};
    SCOPED_TRACE(group + " " + name);
    const auto filter = filter_of(words);
    ASSERT_EQ(filter.path(), words);
    command_line alone{filter};
    // Only the command's own path is built.
    const auto tops = subcommands_of(alone.app);
    ASSERT_EQ(tops.size(), 1U);
    CLI::App* built = tops.front();
    if (!group.empty()) {
      const auto subs = subcommands_of(*built);
      ASSERT_EQ(subs.size(), 1U);
      built = subs.front();
    }
    EXPECT_EQ(built->get_name(), name);
    EXPECT_EQ(alone.cmds.runs.size(), 1U);
    EXPECT_EQ(built->help(), whole->help());
    ASSERT_EQ(built->get_options().size(), whole->get_options().size());
    for (std::size_t i = 0; i < whole->get_options().size(); ++i) {
      EXPECT_EQ(built->get_options()[i]->get_name(), whole->get_options()[i]->get_name());
    }
  }
}

TEST(command_line, the_filter_reads_the_command_words_and_nothing_else) {
  using words = std::vector<std::string>;
  EXPECT_EQ(filter_of({"--db", "x.db", "review", "record", "Child Q", "panel_convened"}).path(),
            (words{"review", "record"}));
  EXPECT_EQ(filter_of({"--db=x.db", "review", "--key-file", "k", "record", "Child Q"}).path(),
            (words{"review", "record"}));
  EXPECT_EQ(filter_of({"timetable", "Child Q", "--format", "ics"}).path(), (words{"timetable"}));
  EXPECT_EQ(filter_of({"overdue", "--agency", "Police"}).path(), (words{"overdue"}));
  EXPECT_EQ(filter_of({"report", "monthly", "--month", "2024-03"}).path(), (words{"report", "monthly"}));
  // Nothing is built first when there is no word (the root's own options,
  // or a mistake the whole command line then reports) ...
  EXPECT_TRUE(filter_of({}).none());
  EXPECT_TRUE(filter_of({"--help"}).none());
  EXPECT_TRUE(filter_of({"--version"}).none());
  EXPECT_TRUE(filter_of({"--db"}).none());
  EXPECT_TRUE(filter_of({"--db", "review"}).none());
  EXPECT_FALSE(filter_of({"--version"}).all());
  // ... everything when the words name no command ...
  EXPECT_TRUE(filter_of({"reveiw", "record"}).all());
  // ... after --, and when any other argument is a command's name, which the
  // whole command line might read as a command.
  EXPECT_TRUE(filter_of({"review", "--", "record"}).all());
  EXPECT_TRUE(filter_of({"review", "record", "list", "panel_convened"}).all());
  EXPECT_TRUE(filter_of({"--db", "review", "review", "open"}).all());
  EXPECT_TRUE(filter_of({"overdue", "--agency", "show"}).all());
  EXPECT_TRUE(filter_of({"timetable", "record"}).all());
  // A group's word alone builds the group whole.
  EXPECT_EQ(filter_of({"review", "--help"}).path(), (words{"review"}));
}

// What a parse chose: the command path, every option's results on it and
// the commands that would run; or the error.
std::string chosen(const command_line& line) {
  std::ostringstream out;
  for (const CLI::App* app = &line.app; app != nullptr;) {
    out << "[" << app->get_name() << "]";
    for (const auto* opt : app->get_options()) {
      if (opt->count() == 0) continue;
      out << " " << opt->get_name() << "=";
      for (const auto& r : opt->results()) out << r << ";";
    }
    const auto subs = app->get_subcommands();
    app = subs.empty() ? nullptr : subs.front();
  }
  int running = 0;
  for (const auto& [cmd, run] : line.cmds.runs) running += *cmd ? 1 : 0;
  out << " runs " << running;
  return out.str();
}

// The refusal, with all that scr prints for it (the help, the message).
std::string refusal(const CLI::App& app, const CLI::ParseError& e) {
  std::ostringstream out, err;
  const int code = app.exit(e, out, err);
  return "refused " + e.get_name() + " " + std::to_string(code) + ": " + e.what() + "\nout: " + out.str() +
         "\nerr: " + err.str();
}

// As scr parses: the command alone first (parse_command_line).
std::string outcome(const std::vector<const char*>& argv) {
  std::exception_ptr refused;
  const auto line = scr::cli::parse_command_line(static_cast<int>(argv.size()), argv.data(), refused);
  if (!refused) return chosen(*line);
  try {
    std::rethrow_exception(refused);
  } catch (const CLI::ParseError& e) {
    return refusal(line->app, e);
  }
}

// As the whole command line parses.
std::string full_outcome(const std::vector<const char*>& argv) {
  command_line full{command_filter{}};
  try {
    full.app.parse(static_cast<int>(argv.size()), argv.data());
  } catch (const CLI::ParseError& e) {
    return refusal(full.app, e);
  }
  return chosen(full);
}

TEST(command_line, arguments_parse_as_the_whole_command_line_parses_them) {
  const std::vector<std::vector<std::string>> cases{
      {"--db", "b.db", "review", "record", "Child Q", "panel_convened", "--at", "01/02/2024", "--actor", "A. Patel",
       "--role", "lscb_chair", "--data", "outcome=scr"},
      {"review", "--db", "b.db", "hold", "Child Q", "--reason", "trial", "--actor", "A", "--role", "r"},
      {"review", "hold", "Child Q", "--actor", "A", "--role", "r"},  // --reason missing
      {"review", "record", "Child Q"},                                // EVENT missing
      {"review", "record", "list", "x", "--actor", "A", "--role", "r"},
      {"review", "record", "Child Q", "e", "--actor", "A", "--role", "r", "--bogus"},
      {"review", "record", "Child Q", "e", "extra", "--actor", "A", "--role", "r"},
      {"review", "reocrd", "Child Q"},
      {"review"},
      {"review", "--help"},
      {"review", "record", "--help"},
      {"--help"},
      {"--help", "review", "record"},
      {"review", "record", "Child Q", "e", "--help"},
      {"--version"},
      {"--db", "x.db", "--version"},
      {"--bogus", "--version"},
      {"review", "record", "--version"},
      {"review", "record", "Child Q", "e", "extra", "--version"},
      {},
      {"calendar", "add", "2022-06-04", "5 working days"},
      {"calendar", "between", "2022-06-04", "2022-06-10", "--region", "x"},
      {"timetable", "Child Q", "--format", "ics", "-o", "q.ics"},
      {"overdue", "--agency", "Police", "--format", "csv"},
      {"report", "monthly", "--month", "2024-03"},
      {"report", "dashboard", "-o", "b.html"},
      {"actions", "sign-off", "Child Q", "1.1", "--actor", "K", "--role", "r"},
      {"actions", "update", "Child Q", "1.1", "--narrative", "n", "--actor", "K", "--role", "r"},
      {"chronology", "import", "Child R", "police.xlsx", "--agency", "Police", "--actor", "W", "--role", "r"},
      {"logins", "revoke", "apatel"},
      {"store", "copy", "a.db"},
      {"init"},
      {"init", "extra"},
      {"--db", "x.db", "--key-file", "k", "verify", "--all"},
      {"review", "--", "record"},
      {"-5", "review", "record", "Child Q", "e", "--actor", "A", "--role", "r"},
  };
  for (const auto& words : cases) {
    const auto argv = argv_of(words);
    std::string shown;
    for (const auto& w : words) shown += " " + w;
    SCOPED_TRACE("scr" + shown);
    EXPECT_EQ(outcome(argv), full_outcome(argv));
  }
}

TEST(command_line, the_version_is_said_without_building_a_command) {
  for (const std::vector<std::string>& words : {std::vector<std::string>{"--version"},
                                                std::vector<std::string>{"--db", "x.db", "--version"}}) {
    const auto argv = argv_of(words);
    std::exception_ptr refused;
    const auto line = scr::cli::parse_command_line(static_cast<int>(argv.size()), argv.data(), refused);
    ASSERT_TRUE(refused);
    EXPECT_THROW(std::rethrow_exception(refused), CLI::CallForVersion);
    EXPECT_TRUE(subcommands_of(line->app).empty());
    EXPECT_TRUE(line->cmds.runs.empty());
  }
}

TEST(command_line, a_command_that_parses_is_parsed_by_itself_alone) {
  // Commands as scripts give them: each is parsed by the command built
  // alone, without building the rest.
  const std::vector<std::vector<std::string>> cases{
      {"--db", "b.db", "review", "record", "Child Q", "panel_convened", "--actor", "A", "--role", "r"},
      {"review", "--db", "b.db", "hold", "Child Q", "--reason", "trial", "--actor", "A", "--role", "r"},
      {"--db=b.db", "--key-file", "k", "review", "release", "Child Q", "--actor", "A", "--role", "r"},
      {"calendar", "add", "2022-06-04", "5 working days"},
      {"timetable", "Child Q", "--format", "ics", "-o", "q.ics"},
      {"overdue", "--agency", "Police", "--format", "csv"},
      {"report", "monthly", "--month", "2024-03"},
      {"actions", "sign-off", "Child Q", "1.1", "--actor", "K", "--role", "r"},
      {"chronology", "import", "Child R", "police.xlsx", "--agency", "Police", "--actor", "W", "--role", "r"},
      {"init"},
      {"verify", "--all"},
  };
  for (const auto& words : cases) {
    const auto argv = argv_of(words);
    SCOPED_TRACE(words.front() + " ... " + words.back());
    std::exception_ptr refused;
    const auto line = scr::cli::parse_command_line(static_cast<int>(argv.size()), argv.data(), refused);
    EXPECT_FALSE(refused);
    EXPECT_FALSE(line->cmds.filter.all());
    EXPECT_EQ(line->cmds.runs.size(), 1U);
  }
}

}  // namespace
