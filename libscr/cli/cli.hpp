#pragma once
// The scr command: shared pieces of its subcommands.

#include <CLI/CLI.hpp>
#include <nlohmann/json_fwd.hpp>

#include "scr/procedure.hpp"
#include "scr/report.hpp"
#include "scr/store.hpp"

#include <exception>
#include <functional>
#include <memory>
#include <set>
#include <string_view>
#include <string>
#include <utility>
#include <vector>

namespace scr::cli {

/// Exit codes: 0 done; 1 refused by the rules (an invalid definition, a step
/// the procedure does not allow); 2 bad usage or bad input.
inline constexpr int exit_ok = 0;
inline constexpr int exit_refused = 1;
inline constexpr int exit_bad_input = 2;

/// What a subcommand does once its options are parsed; returns the exit code.
using runner = std::function<int()>;

/// The command a process runs, as far as its arguments name it: the first
/// two words that are not options (`scr --db f review record ...`: review,
/// record). Building every subcommand with its options takes about a
/// millisecond, most of a short `scr` call, so a process builds only the one
/// it runs, and none when no word names one (`scr --version`). Anything
/// else builds them all: a word that names no command, `--`, or any other
/// argument that is a command's name (a reference called "list"), which the
/// full parser might read as a command.
class command_filter {
 public:
  /// Builds every command.
  command_filter() = default;
  /// The command named by scr's arguments (argv[0] is the program).
  static command_filter of(int argc, const char* const* argv);
  /// Whether to build `parent`'s subcommand `name`.
  bool wants(const CLI::App& parent, std::string_view name) const;
  /// Whether every command is built.
  bool all() const { return path_.empty() && !none_; }
  /// Whether no command is built (the arguments have no word).
  bool none() const { return none_; }
  /// The words chosen (empty: all, or none).
  const std::vector<std::string>& path() const { return path_; }

 private:
  std::vector<std::string> path_;
  bool none_ = false;
};

/// Every command's name under its group ("" for scr's own): what
/// command_filter checks arguments against. A test builds every command and
/// checks this list against them.
struct command_name {
  std::string_view group, name;
};
const std::vector<command_name>& command_names();

/// The subcommands built, with what each does.
struct commands {
  command_filter filter;
  std::vector<std::pair<CLI::App*, runner>> runs;

  /// `parent`'s new subcommand `name`, or nullptr when this process does not
  /// run it (command_filter): the caller then builds nothing for it.
  CLI::App* add(CLI::App& parent, std::string name, std::string description) const;
  /// `parent`'s subcommand `name` if it was built, else nullptr.
  static CLI::App* built(CLI::App& parent, std::string_view name);
  /// What `cmd` does; nothing when it was not built (null).
  void emplace_back(CLI::App* cmd, runner run) {
    if (cmd != nullptr) runs.emplace_back(cmd, std::move(run));
  }
};

/// Options every command that uses the database shares.
struct global_options {
  std::string db = "reviews.db";  ///< --db FILE (or SCR_DB)
  std::string key_file;           ///< --key-file FILE (or SCR_KEY_FILE): the store's key
};

/// scr's whole command line, built for `filter`. It does not move (the
/// subcommands keep references to its options).
struct command_line {
  CLI::App app;
  global_options global;
  commands cmds;
  explicit command_line(command_filter filter);
  command_line(const command_line&) = delete;
  command_line& operator=(const command_line&) = delete;
};

/// scr's arguments parsed: first by the command they name built alone
/// (command_filter), and when that does not parse them (a mistake, --help),
/// by every command built, so that what scr says is what the whole command
/// line says. `--version` is answered by the first: it says the same with
/// any commands. `refused` is then the CLI::ParseError of the command line
/// returned (CLI::App::exit says why).
std::unique_ptr<command_line> parse_command_line(int argc, const char* const* argv, std::exception_ptr& refused);

void add_calendar_commands(CLI::App& app, commands& out);
void add_procedure_commands(CLI::App& app, commands& out, const global_options& global);
/// init, and review open|record|assign|schedule|extend|hold|release|discharge
/// and the corrections review void|amend|waive|unassign.
void add_review_commands(CLI::App& app, commands& out, const global_options& global);
/// review migrate (called by add_review_commands).
void migrate_command(CLI::App& review, commands& out, const global_options& global);
/// calendar update and calendar versions, under `scr calendar`.
void calendar_version_commands(CLI::App& calendar, commands& out, const global_options& global);
/// A deadline that moves, as the JSON of `procedures diff --review`,
/// `review migrate` and `calendar update` gives it.
nlohmann::ordered_json deadline_json(const scr::deadline_change& d);
/// Where one review stands: review next|show|history|verify, timetable
/// (after add_review_commands).
void add_standing_commands(CLI::App& app, commands& out, const global_options& global);
/// Across reviews: review list, overdue, due, compliance, report monthly,
/// retention (after add_review_commands).
void add_across_commands(CLI::App& app, commands& out, const global_options& global);
/// scr feed: every open deadline as one calendar feed.
void add_feed_commands(CLI::App& app, commands& out, const global_options& global);
/// review export and review import (after add_review_commands).
void add_transfer_commands(CLI::App& app, commands& out, const global_options& global);
/// verify, audit head, audit ledger, repair projections.
/// Verifies one review and says what it found; returns the exit code.
int print_verify(const scr::store& db, const std::string& reference);
void add_audit_commands(CLI::App& app, commands& out, const global_options& global);
void add_store_commands(CLI::App& app, commands& out, const global_options& global);
/// scr chronology formats|setup|check|import|list|show|merge|export.
void add_chronology_commands(CLI::App& app, commands& out, const global_options& global);
/// scr actions recommend|add|update|complete|return|sign-off|show|overdue|report|import|export.
void add_action_commands(CLI::App& app, commands& out, const global_options& global);

/// The store named by --db (and --key-file): created only when `create`
/// (`scr init`); read-only for the commands that only ask. input_error if
/// there is no such file (and not `create`).
scr::store open_store(const global_options& global, bool create, bool read_only);

/// Who acts: --actor NAME --role ROLE [--actor-agency AGENCY].
struct who {
  std::string name, role, agency;
  scr::actor get() const { return scr::actor{name, role, agency}; }
};
void add_actor(CLI::App* cmd, who& w, const std::string& role_help = "Their role in the procedure, e.g. lscb_chair");

/// What -o may write over: never the database (--db) or its companion
/// files, an existing file only with --force.
struct output_rules {
  std::string db;      ///< --db
  bool force = false;  ///< --force
};

/// -o FILE and --force, for a command that writes a file (see emit).
void add_output_options(CLI::App* cmd, std::string& output, bool& force);

/// Output written in pieces: to standard output as they come, or to the
/// file `path` (saying so on stderr) so that nothing is ever lost or left
/// half-written: never over the database or its companions, never through a
/// symbolic link, never over an existing file without --force; written to a
/// temporary file (0600) in the same folder, then synced and renamed by
/// finish(). Every check on `path` is made on construction, before anything
/// is read or written; an output never finished leaves no file.
/// input_error naming `path` otherwise.
class output_stream {
 public:
  output_stream(const std::string& path, const output_rules& rules);
  output_stream(const output_stream&) = delete;
  output_stream& operator=(const output_stream&) = delete;
  ~output_stream();
  void write(std::string_view bytes);
  void finish();

 private:
  scr::input_error failed(const std::string& what, int e) const;
  scr::input_error already_exists() const;

  std::string path_;
  output_rules rules_;
  std::string temporary_;  // the file being written; empty for standard output
  int fd_ = -1;
  bool finished_ = false;
  bool armed_ = false;  // the temporary file is removed if a signal ends `scr`
};

/// Writes `text` whole to standard output or to the file `path`, as
/// output_stream does.
void emit(const std::string& text, const std::string& path, const output_rules& rules);

/// The --format of a list: table, csv or json; input_error naming the
/// formats `offered` otherwise (and saying that ics and html are a
/// timetable's).
scr::export_format list_format(const std::string& name, std::string_view offered = "table, csv or json");

/// The filters of the lists of due items (`overdue`, `due`): each given one
/// keeps the items that match it exactly.
struct item_filters {
  std::string agency, owner, procedure, review, kind;
  bool any() const { return !agency.empty() || !owner.empty() || !procedure.empty() || !review.empty() || !kind.empty(); }
};
void add_item_filters(CLI::App* cmd, item_filters& f);
/// Whether an item passes the filters. Made before a list is read:
/// input_error for a --kind that is neither milestone nor obligation, or a
/// --review or --procedure the store lacks.
class item_filter {
 public:
  item_filter(const item_filters& f, const scr::store& db);
  bool operator()(const scr::due_item& item) const;

 private:
  item_filters f_;
  std::set<std::string, std::less<>> under_;  // the reviews under --procedure
};

/// An instant as the command line shows it: London time, "2024-01-15 09:00
/// GMT" (or "... BST"), or with `utc` ISO 8601 in UTC.
std::string shown_instant(scr::instant t, bool utc);

/// --raw and --excel (CSV only).
struct csv_flags {
  bool raw = false, excel = false;
  /// The CSV options; input_error if they are given for another format.
  scr::csv_options get(scr::export_format f) const;
};
void add_csv_flags(CLI::App* cmd, csv_flags& flags);

/// How a list is written (--format, -o, --force, --raw, --excel).
enum class list_kind : std::uint8_t { table, csv, json, xlsx };
struct list_output {
  std::string format = "table", output;
  bool force = false;
  csv_flags csv;
  bool xlsx_offered = false;
  /// --format checked: table, csv, json, and xlsx where offered (only with
  /// -o: a workbook is not for a terminal); --raw and --excel only with csv.
  list_kind kind() const;
  scr::csv_options csv_options() const { return csv.get(kind() == list_kind::csv ? scr::export_format::csv
                                                                                  : scr::export_format::text); }
  /// Writes the list (emit), never over the database.
  void write(const std::string& bytes, const global_options& global) const;
  /// The output to write the list to a piece at a time (output_stream).
  output_stream open(const global_options& global) const;
};
/// --format, -o, --force and the CSV flags of a list; `xlsx`: a spreadsheet
/// is offered too.
void add_list_output(CLI::App* cmd, list_output& o, bool xlsx = false);

/// 'text', as messages quote what was given.
std::string in_quotes(const std::string& s);
/// Colour only on a terminal (not with -o), and never when NO_COLOR is set
/// (no-color.org) or TERM is dumb.
bool colour_on(const std::string& output);
/// --data key=value pairs; the engine converts each value to its field's
/// type. input_error for a pair without `=` or a key given twice.
scr::event_data parse_data(const std::vector<std::string>& pairs);
/// --at WHEN, for a command that records a step.
void add_at(CLI::App* cmd, std::string& at);
/// The time of a step: --at, or now (said on stderr, so that a forgotten
/// --at is noticed at once and can be amended). An empty --at is refused.
scr::instant at_of(const CLI::App* cmd, const std::string& at);

/// A built-in procedure by its id, or a board's own from a YAML file;
/// input_error naming both choices otherwise.
scr::procedure procedure_named(const std::string& what);

/// The most `read_file` reads: procedures and imported files.
inline constexpr std::size_t max_input_bytes = 4 * 1024 * 1024;

/// The most a review export may be (a board's whole store).
inline constexpr std::size_t max_export_bytes = std::size_t{2} * 1024 * 1024 * 1024;

/// Reads a whole file of at most `limit` bytes (checked while reading, so a
/// device that never ends is refused too); throws scr::input_error naming it.
std::string read_file(const std::string& path, std::size_t limit = max_input_bytes);

/// When something happened: "2024-01-15T09:00" or "15/01/2024 09:00" (London
/// time), ISO with Z or an offset, or a date alone (noon in London); empty:
/// now. input_error naming `option` otherwise.
scr::instant parse_when(const std::string& text, const std::string& option);
/// A date (ISO or day first); input_error naming `option` otherwise.
scr::date parse_day(const std::string& text, const std::string& option);
/// Today in London.
scr::date today();
/// --as-of: the date given, or today.
scr::date as_of_or_today(const std::string& text);

/// The lines of a text, without their newlines.
std::vector<std::string> split_lines(const std::string& text);


}  // namespace scr::cli
