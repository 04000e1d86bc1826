#pragma once
// What the chronology sources share (private to the library).

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "scr/chronology.hpp"

namespace scr::detail {

/// A heading as compared: letters and digits only, lower case, without a
/// trailing "(Y/N)".
std::string fold_heading(std::string_view h);

/// "A", "B", ... "Z", "AA": the spreadsheet name of column `index` (0-based).
std::string column_letters(std::size_t index);

/// The date a text gives in one of the forms ("dd/mm/yy", ...), or why not:
/// `invalid` when it has a form's shape but is no date (31.02.2023).
struct parsed_day {
  std::optional<date> day;
  bool invalid = false;
};
parsed_day parse_day(std::string_view text, const std::vector<std::string>& forms, std::optional<date> period_to);

/// Minutes after midnight a text gives in one of the forms, or nullopt.
std::optional<int> parse_time(std::string_view text, const std::vector<std::string>& forms);

std::string format_day(date d);       // dd/mm/yyyy
std::string format_minutes(int m);    // HH:MM

/// Whether `text` contains `name` as whole words, ignoring case (ASCII).
bool contains_name(std::string_view text, std::string_view name);
/// The names of the list that `text` contains, longest first; a name found
/// only inside a longer one found ("Rosie" in "Rosie Hartwell") is not
/// listed again.
std::vector<std::string> names_in(std::string_view text, const std::vector<std::string>& names);

}  // namespace scr::detail
