#pragma once
// The scr command: shared pieces of its subcommands.

#include <CLI/CLI.hpp>

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

void add_calendar_commands(CLI::App& app, commands& out);
void add_procedure_commands(CLI::App& app, commands& out);

/// Reads a whole file; throws scr::input_error naming it.
std::string read_file(const std::string& path);

/// The lines of a text, without their newlines.
std::vector<std::string> split_lines(const std::string& text);

/// Left-aligned columns separated by two spaces; the last column is not padded.
std::string table(const std::vector<std::vector<std::string>>& rows);

}  // namespace scr::cli
