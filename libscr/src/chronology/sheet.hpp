#pragma once
// Tables as agencies send them and as libscr writes them: the rows of a CSV
// file or of an XLSX workbook's first worksheet (private to the library).

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "scr/date.hpp"

namespace scr::detail {

/// One cell as read from a file, or to be written to one.
struct sheet_cell {
  enum class kind : std::uint8_t { empty, text, number, date, time, date_time, boolean };
  kind type = kind::empty;
  /// The cell as its reader sees it: the text itself (UTF-8); a number as
  /// Excel shows it in General format ("3", "2.5"); a date "dd/mm/yyyy"; a
  /// time "HH:MM"; a date and time "dd/mm/yyyy HH:MM"; a boolean
  /// "TRUE"/"FALSE".
  std::string text;
  std::optional<date> day;     ///< date, date_time
  std::optional<int> minutes;  ///< time, date_time: minutes after midnight (0-1439)
  /// A background colour to write (0xRRGGBB), for exports colour-coded by agency.
  std::optional<std::uint32_t> fill;

  static sheet_cell of_text(std::string s) {
    sheet_cell c;
    c.type = s.empty() ? kind::empty : kind::text;
    c.text = std::move(s);
    return c;
  }
};

/// A table: rows as in the file, the first row of the file first. Blank rows
/// in the middle are kept (empty), so that row i of the vector is row i + 1
/// of the file; trailing blank rows are dropped.
struct sheet {
  std::string name;  ///< the worksheet's name (XLSX), or "" (CSV)
  std::vector<std::vector<sheet_cell>> rows;
};

/// Reads CSV (RFC 4180; separators "," or ";" or tab, found from the first
/// line): UTF-8 with or without a byte order mark, or Windows-1252 (what
/// Excel on Windows writes as "CSV"), told apart by whether the bytes are
/// valid UTF-8. `what` names the file in errors (input_error).
sheet read_csv(std::string_view bytes, std::string_view what);

/// Reads the first worksheet of an XLSX workbook (Office Open XML
/// spreadsheet): shared and inline strings, numbers, booleans, and numbers
/// whose format is a date or time (built-in formats 14-22, 45-47, or a
/// custom format with d, m, y, h or s outside quotes and brackets) as dates
/// and times (the 1900 date system, and 1904 when the workbook says so).
/// Formulas are read as their cached value, never evaluated. Throws
/// input_error naming `what` and the problem for anything that is not a
/// readable XLSX workbook (not a ZIP archive, no worksheet, malformed XML),
/// and refuses archives that expand beyond 256 MB or hold more than
/// 1,000,000 cells (a "zip bomb").
sheet read_xlsx(std::string_view bytes, std::string_view what);

/// Whether the bytes are a ZIP archive (an XLSX workbook) rather than text.
bool looks_like_xlsx(std::string_view bytes) noexcept;

/// A worksheet to write: a header row in bold, then the rows; text wraps.
struct sheet_to_write {
  std::string name;  ///< at most 31 characters, none of []:*?/\ (checked)
  std::vector<std::string> headings;
  std::vector<double> widths;  ///< per column, in characters (0: the default)
  std::vector<std::vector<sheet_cell>> rows;
  /// Whether the first row and, when > 0, that many columns stay in view.
  bool freeze_header = true;
};

/// Writes the sheets as one XLSX workbook, as bytes. Text is always written
/// as text (never a formula, whatever it starts with); dates and times as
/// Excel dates and times shown "dd/mm/yyyy" and "hh:mm"; numbers as numbers.
/// Throws input_error if a sheet cannot be written (a bad sheet name).
std::string write_xlsx(const std::vector<sheet_to_write>& sheets);

}  // namespace scr::detail
