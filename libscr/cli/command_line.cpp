// scr's command line: which subcommands a process builds, and building them.

#include <algorithm>
#include <memory>
#include <string>
#include <string_view>

#include "cli.hpp"
#include "scr/version.hpp"

namespace scr::cli {

const std::vector<command_name>& command_names() {
  // In the order they are built. command_line_test builds every command and
  // compares the two.
  static const std::vector<command_name> names{
      {"", "calendar"},
      {"calendar", "holidays"},
      {"calendar", "add"},
      {"calendar", "before"},
      {"calendar", "between"},
      {"calendar", "update"},
      {"calendar", "versions"},
      {"", "procedures"},
      {"procedures", "list"},
      {"procedures", "show"},
      {"procedures", "check"},
      {"procedures", "diff"},
      {"procedures", "diagram"},
      {"", "init"},
      {"", "review"},
      {"review", "open"},
      {"review", "record"},
      {"review", "assign"},
      {"review", "schedule"},
      {"review", "extend"},
      {"review", "hold"},
      {"review", "release"},
      {"review", "discharge"},
      {"review", "void"},
      {"review", "amend"},
      {"review", "waive"},
      {"review", "unassign"},
      {"review", "migrate"},
      {"review", "next"},
      {"review", "show"},
      {"review", "history"},
      {"review", "verify"},
      {"review", "list"},
      {"review", "export"},
      {"review", "import"},
      {"review", "load"},
      {"", "timetable"},
      {"", "overdue"},
      {"", "due"},
      {"", "compliance"},
      {"", "report"},
      {"report", "monthly"},
      {"report", "dashboard"},
      {"", "retention"},
      {"retention", "due"},
      {"retention", "purge"},
      {"", "feed"},
      {"", "verify"},
      {"", "audit"},
      {"audit", "head"},
      {"audit", "ledger"},
      {"", "repair"},
      {"repair", "projections"},
      {"", "store"},
      {"store", "copy"},
      {"", "logins"},
      {"logins", "grant"},
      {"logins", "revoke"},
      {"logins", "list"},
      {"", "chronology"},
      {"chronology", "formats"},
      {"chronology", "setup"},
      {"chronology", "check"},
      {"chronology", "import"},
      {"chronology", "list"},
      {"chronology", "show"},
      {"chronology", "merge"},
      {"chronology", "export"},
      {"", "actions"},
      {"actions", "recommend"},
      {"actions", "add"},
      {"actions", "update"},
      {"actions", "complete"},
      {"actions", "return"},
      {"actions", "sign-off"},
      {"actions", "show"},
      {"actions", "overdue"},
      {"actions", "report"},
      {"actions", "import"},
      {"actions", "export"},
  };
  return names;
}

namespace {

bool is_command_name(std::string_view word) {
  const auto& names = command_names();
  return std::any_of(names.begin(), names.end(), [&](const command_name& n) { return n.name == word; });
}

bool is_command(std::string_view group, std::string_view word) {
  const auto& names = command_names();
  return std::any_of(names.begin(), names.end(),
                     [&](const command_name& n) { return n.group == group && n.name == word; });
}

// The options scr itself takes that are followed by a value.
bool takes_value(std::string_view arg) { return arg == "--db" || arg == "--key-file"; }

std::size_t depth_of(const CLI::App& app) {
  std::size_t depth = 0;
  for (const CLI::App* p = app.get_parent(); p != nullptr; p = p->get_parent()) ++depth;
  return depth;
}

}  // namespace

command_filter command_filter::of(int argc, const char* const* argv) {
  // Where the command's words are, as indexes into argv.
  std::vector<int> at;
  for (int i = 1; i < argc; ++i) {
    const std::string_view arg = argv[i];
    if (arg == "--") return {};
    if (takes_value(arg)) {
      ++i;
      continue;
    }
    if (arg.size() > 1 && arg.front() == '-') continue;
    at.push_back(i);
    if (at.size() == 2) break;
  }
  command_filter f;
  if (at.empty()) {
    // Options alone (--version, --help, a mistake): the root first.
    f.none_ = true;
    return f;
  }
  if (!is_command("", argv[at[0]])) return {};
  f.path_.emplace_back(argv[at[0]]);
  if (at.size() == 2 && is_command(f.path_[0], argv[at[1]])) f.path_.emplace_back(argv[at[1]]);
  // Any other argument that names a command might be read as one by the
  // full parser: then build them all, and let it decide.
  for (int i = 1; i < argc; ++i) {
    if (i == at[0] || (f.path_.size() == 2 && i == at[1])) continue;
    if (is_command_name(argv[i])) return {};
  }
  return f;
}

bool command_filter::wants(const CLI::App& parent, std::string_view name) const {
  if (none_) return false;
  const std::size_t depth = depth_of(parent);
  return depth >= path_.size() || path_[depth] == name;
}

CLI::App* commands::add(CLI::App& parent, std::string name, std::string description) const {
  if (!filter.wants(parent, name)) return nullptr;
  return parent.add_subcommand(std::move(name), std::move(description));
}

CLI::App* commands::built(CLI::App& parent, std::string_view name) {
  for (CLI::App* sub : parent.get_subcommands([](const CLI::App*) { return true; })) {
    if (sub->get_name() == name) return sub;
  }
  return nullptr;
}

command_line::command_line(command_filter filter)
    : app{"scr: safeguarding case review workflow and statutory deadlines.\n"
          "Dates are ISO (2024-05-24) or day-first (24/05/2004, 24.05.04)."} {
  cmds.filter = std::move(filter);
  app.require_subcommand(1);
  app.set_version_flag("--version", std::string("scr ") + SCR_VERSION_STRING);
  // --db may come before or after the subcommand.
  app.fallthrough();
  app.add_option("--db", global.db,
                 "The store: an SQLite file (default ./reviews.db) or a PostgreSQL URL (postgresql://user@host/db)")
      ->envname("SCR_DB");
  app.add_option("--key-file", global.key_file,
                 "The store's key file: `scr init --key-file F` makes one (mode 0600) and keys the new store's "
                 "audit chain (HMAC-SHA-256); every later command needs it")
      ->envname("SCR_KEY_FILE");

  add_calendar_commands(app, cmds);
  if (auto* calendar = commands::built(app, "calendar")) calendar_version_commands(*calendar, cmds, global);
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
}

std::unique_ptr<command_line> parse_command_line(int argc, const char* const* argv, std::exception_ptr& refused) {
  refused = nullptr;
  auto line = std::make_unique<command_line>(command_filter::of(argc, argv));
  for (;;) {
    try {
      line->app.parse(argc, argv);
      return line;
    } catch (const CLI::CallForVersion&) {
      refused = std::current_exception();
      return line;
    } catch (const CLI::ParseError&) {
      if (line->cmds.filter.all()) {
        refused = std::current_exception();
        return line;
      }
      line = std::make_unique<command_line>(command_filter{});
    }
  }
}

}  // namespace scr::cli
