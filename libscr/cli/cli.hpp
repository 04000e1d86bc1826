#pragma once
// The scr command: shared pieces of its subcommands.

#include <CLI/CLI.hpp>

#include "scr/procedure.hpp"

#include <functional>
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
using commands = std::vector<std::pair<CLI::App*, runner>>;

/// Options every command that uses the database shares.
struct global_options {
  std::string db = "reviews.db";  ///< --db FILE (or SCR_DB)
  std::string key_file;           ///< --key-file FILE (or SCR_KEY_FILE): the store's key
};

void add_calendar_commands(CLI::App& app, commands& out);
void add_procedure_commands(CLI::App& app, commands& out);
/// init, review ..., timetable, overdue, due, compliance, report, retention.
void add_review_commands(CLI::App& app, commands& out, const global_options& global);

/// A built-in procedure by its id, or a board's own from a YAML file;
/// input_error naming both choices otherwise.
scr::procedure procedure_named(const std::string& what);

/// The most `read_file` reads: procedures and imported files.
inline constexpr std::size_t max_input_bytes = 4 * 1024 * 1024;

/// Reads a whole file of at most max_input_bytes (checked while reading, so a
/// device that never ends is refused too); throws scr::input_error naming it.
std::string read_file(const std::string& path);

/// The lines of a text, without their newlines.
std::vector<std::string> split_lines(const std::string& text);


}  // namespace scr::cli
