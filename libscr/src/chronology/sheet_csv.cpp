// CSV as agencies send it (sheet.hpp): RFC 4180 quoting, the separator
// Excel used for the locale, UTF-8 or the Windows-1252 of Excel's plain
// "CSV" on Windows.

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

#include "chronology/sheet.hpp"
#include "scr/error.hpp"
#include "utf8.hpp"

namespace scr::detail {

namespace {

// Windows-1252's bytes 0x80-0x9F (0: not assigned); the rest are Latin-1.
constexpr std::array<std::uint16_t, 32> cp1252_high{
    0x20AC, 0,      0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
    0x2039, 0x0152, 0,      0x017D, 0,      0,      0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
    0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0,      0x017E, 0x0178};

std::string from_windows_1252(std::string_view bytes, std::string_view what) {
  std::string out;
  out.reserve(bytes.size() + bytes.size() / 8);
  for (std::size_t i = 0; i < bytes.size(); ++i) {
    const auto b = static_cast<unsigned char>(bytes[i]);
    if (b < 0x80) {
      out += static_cast<char>(b);
    } else if (b < 0xA0) {
      const std::uint16_t cp = cp1252_high[b - 0x80u];
      if (cp == 0) {
        throw input_error(std::string(what) + ": neither UTF-8 nor Windows-1252 (byte " + std::to_string(b) +
                          " at offset " + std::to_string(i) + "); save it from Excel as \"CSV UTF-8\"");
      }
      append_utf8(out, cp);
    } else {
      append_utf8(out, b);
    }
  }
  return out;
}

// The separator: whichever of , ; TAB occurs most on the first line outside
// quotes (Excel writes ";" where the decimal separator is a comma).
char separator_of(std::string_view text) {
  std::size_t comma = 0, semicolon = 0, tab = 0;
  bool quoted = false;
  for (const char c : text) {
    if (c == '"') quoted = !quoted;
    if (quoted) continue;
    if (c == '\n' || c == '\r') break;
    if (c == ',') ++comma;
    else if (c == ';') ++semicolon;
    else if (c == '\t') ++tab;
  }
  if (semicolon > comma && semicolon >= tab) return ';';
  if (tab > comma && tab > semicolon) return '\t';
  return ',';
}

constexpr std::size_t max_cells = 1'000'000;

}  // namespace

sheet read_csv(std::string_view bytes, std::string_view what) {
  if (bytes.substr(0, 4) == std::string_view("\xD0\xCF\x11\xE0", 4)) {
    throw input_error(std::string(what) + ": an old Excel workbook (.xls): save it as .xlsx or as \"CSV UTF-8\"");
  }
  std::string converted;
  std::string_view text = bytes;
  if (text.substr(0, 3) == "\xEF\xBB\xBF") {
    text.remove_prefix(3);
    if (const auto bad = first_invalid_utf8(text)) {
      throw input_error(std::string(what) + ": says it is UTF-8 (it starts with a byte order mark) but is not, at offset " +
                        std::to_string(*bad + 3));
    }
  } else if (first_invalid_utf8(text)) {
    converted = from_windows_1252(text, what);
    text = converted;
  }
  const char sep = separator_of(text);
  sheet out;
  std::vector<sheet_cell> row;
  std::string field;
  bool quoted = false, was_quoted = false, any = false;
  std::size_t line = 1, quote_line = 0, cells = 0;
  const auto end_field = [&] {
    if (++cells > max_cells) {
      throw input_error(std::string(what) + ": more than " + std::to_string(max_cells) + " cells");
    }
    row.push_back(sheet_cell::of_text(std::move(field)));
    field.clear();
    was_quoted = false;
  };
  const auto end_row = [&] {
    end_field();
    // Trailing empty cells are dropped, and a row of nothing is kept empty.
    while (!row.empty() && row.back().type == sheet_cell::kind::empty) row.pop_back();
    out.rows.push_back(std::move(row));
    row.clear();
    any = false;
  };
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (quoted) {
      if (c == '"') {
        if (i + 1 < text.size() && text[i + 1] == '"') {
          field += '"';
          ++i;
        } else {
          quoted = false;
        }
      } else {
        if (c == '\n') ++line;
        field += c;
      }
      continue;
    }
    if (c == '"' && field.empty() && !was_quoted) {
      quoted = was_quoted = any = true;
      quote_line = line;
    } else if (c == sep) {
      end_field();
      any = true;
    } else if (c == '\r' || c == '\n') {
      if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') ++i;
      end_row();
      ++line;
    } else {
      field += c;
      any = true;
    }
  }
  if (quoted) {
    throw input_error(std::string(what) + ": a quoted field opened on line " + std::to_string(quote_line) +
                      " is never closed");
  }
  if (any || !field.empty() || !row.empty()) end_row();
  while (!out.rows.empty() && out.rows.back().empty()) out.rows.pop_back();
  return out;
}

}  // namespace scr::detail
