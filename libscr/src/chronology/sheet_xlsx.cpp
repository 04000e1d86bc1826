// XLSX workbooks (sheet.hpp): read with libzip and expat, written with
// libxlsxwriter.
//
// Reading takes what agencies send, from Excel, LibreOffice, Google Sheets or
// a case management system's export, so it follows the parts of Office Open
// XML (ECMA-376) that hold a worksheet's values and nothing else: the
// workbook's list of sheets and its relationships, the shared strings, the
// number formats (to tell a date from a number) and the first worksheet's
// cells. The file comes from outside: every size is limited before it is
// allocated, and XML that declares a DTD is refused outright.

#include "sheet.hpp"

#include <expat.h>
#include "xlsx_libraries.hpp"

#include <stdlib.h>  // mkdtemp (POSIX)

#include <algorithm>
#include <array>
#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstring>
#include <exception>
#include <fstream>
#include <iterator>
#include <map>
#include <memory>
#include <set>
#include <unordered_map>
#include <utility>

#include "scr/error.hpp"
#include "utf8.hpp"

namespace scr::detail {

namespace {

// ---- limits -------------------------------------------------------------------------

// A workbook of a few thousand chronology entries is a few megabytes
// uncompressed; these leave room for the largest honest export while
// refusing a "zip bomb" before it takes the memory it asks for.
constexpr std::uint64_t max_expanded_bytes = 256ull * 1024 * 1024;
constexpr std::size_t max_cells = 1'000'000;
// Excel's 32,767 characters, each at most 4 bytes of UTF-8.
constexpr std::size_t max_cell_text_bytes = 4 * 32'767;
// The rows are returned dense: a few cells far apart (A1 and XFD1048576)
// would otherwise become billions of empty ones.
constexpr std::size_t max_span = 2'000'000;
// Excel's own limits: a cell reference beyond XFD1048576, or more cell
// formats than Excel can hold, is not from a spreadsheet program.
constexpr std::uint32_t max_rows = 1'048'576;
constexpr std::uint32_t max_columns = 16'384;
constexpr std::size_t max_cell_formats = 65'536;
constexpr std::size_t max_relationships = 100'000;

// 1000000 -> "1,000,000".
std::string with_commas(std::size_t n) {
  const std::string digits = std::to_string(n);
  std::string out;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return out;
}

[[noreturn]] void refuse(std::string_view what, const std::string& why) {
  throw input_error(std::string(what) + ": " + why);
}

[[noreturn]] void not_xlsx(std::string_view what, const std::string& why) {
  refuse(what, "not an XLSX workbook (" + why + ")");
}

std::string in_quotes(std::string_view s) {
  constexpr std::size_t shown = 40;
  return "'" + std::string(s.substr(0, shown)) + (s.size() > shown ? "...'" : "'");
}

// ---- cell references ------------------------------------------------------------------

std::string column_name(std::uint32_t col) {
  std::string out;
  for (std::uint32_t n = col + 1; n > 0; n = (n - 1) / 26) {
    out.insert(out.begin(), static_cast<char>('A' + (n - 1) % 26));
  }
  return out;
}

std::string cell_name(std::uint32_t row, std::uint32_t col) { return column_name(col) + std::to_string(row + 1); }

struct cell_position {
  std::uint32_t row;  // 0-based
  std::uint32_t col;  // 0-based
};

// "B7" -> row 6, column 1. Too many digits or letters is "beyond" rather than
// malformed: that is what a crafted reference is.
enum class reference_problem : std::uint8_t { none, malformed, beyond };

reference_problem parse_reference(std::string_view r, cell_position& out) {
  std::size_t i = 0;
  std::uint64_t col = 0;
  while (i < r.size() && ((r[i] >= 'A' && r[i] <= 'Z') || (r[i] >= 'a' && r[i] <= 'z'))) {
    const auto letter = static_cast<std::uint64_t>((r[i] | 0x20) - 'a' + 1);
    if (col <= max_columns) col = col * 26 + letter;
    ++i;
  }
  const std::size_t letters = i;
  std::uint64_t row = 0;
  while (i < r.size() && r[i] >= '0' && r[i] <= '9') {
    if (row <= max_rows) row = row * 10 + static_cast<std::uint64_t>(r[i] - '0');
    ++i;
  }
  if (letters == 0 || i == letters || i != r.size() || row == 0) return reference_problem::malformed;
  if (col > max_columns || row > max_rows) return reference_problem::beyond;
  out = {static_cast<std::uint32_t>(row - 1), static_cast<std::uint32_t>(col - 1)};
  return reference_problem::none;
}

// ---- text ---------------------------------------------------------------------------

// The UTF-16 code unit of an "_xHHHH_" escape at s[i], if there is one.
std::optional<std::uint32_t> escape_at(std::string_view s, std::size_t i) {
  if (i + 7 > s.size() || s[i] != '_' || s[i + 1] != 'x' || s[i + 6] != '_') return std::nullopt;
  std::uint32_t unit = 0;
  const auto [end, ec] = std::from_chars(s.data() + i + 2, s.data() + i + 6, unit, 16);
  if (ec != std::errc() || end != s.data() + i + 6) return std::nullopt;
  return unit;
}

// Excel writes what XML cannot carry (control characters, including the
// carriage return of a line break typed in a cell) and a literal "_x" that
// would read as one of these as "_xHHHH_", a UTF-16 code unit. A surrogate
// that is not half of a pair becomes U+FFFD, so the text stays valid UTF-8.
std::string unescape_text(std::string_view s) {
  if (s.find("_x") == std::string_view::npos) return std::string(s);
  std::string out;
  out.reserve(s.size());
  std::size_t i = 0;
  while (i < s.size()) {
    const auto unit = escape_at(s, i);
    if (!unit) {
      out += s[i++];
      continue;
    }
    std::uint32_t cp = *unit;
    i += 7;
    if (cp >= 0xD800 && cp <= 0xDBFF) {
      const auto low = escape_at(s, i);
      if (low && *low >= 0xDC00 && *low <= 0xDFFF) {
        cp = 0x10000 + ((cp - 0xD800) << 10) + (*low - 0xDC00);
        i += 7;
      } else {
        cp = 0xFFFD;
      }
    } else if (cp >= 0xDC00 && cp <= 0xDFFF) {
      cp = 0xFFFD;
    }
    append_utf8(out, cp);
  }
  return out;
}

std::string_view trimmed(std::string_view s) {
  const auto space = [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; };
  while (!s.empty() && space(s.front())) s.remove_prefix(1);
  while (!s.empty() && space(s.back())) s.remove_suffix(1);
  return s;
}

template <class T>
std::optional<T> parse_unsigned(std::string_view s) {
  s = trimmed(s);
  T v{};
  const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (s.empty() || ec != std::errc() || end != s.data() + s.size()) return std::nullopt;
  return v;
}

std::optional<double> parse_number(std::string_view s) {
  s = trimmed(s);
  if (!s.empty() && s.front() == '+') s.remove_prefix(1);
  double v = 0;
  const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (s.empty() || ec != std::errc() || end != s.data() + s.size() || !std::isfinite(v)) return std::nullopt;
  return v;
}

// A number as Excel's General format shows it in a wide enough cell: at most
// 15 significant digits (all Excel keeps), no trailing zeros, no exponent
// unless the number is very large or very small.
std::string general_number(double v) {
  if (v == 0) return "0";  // and -0
  std::array<char, 40> buf{};
  const auto res = std::to_chars(buf.data(), buf.data() + buf.size(), v, std::chars_format::scientific, 14);
  std::string_view s(buf.data(), static_cast<std::size_t>(res.ptr - buf.data()));  // "-d.dddddddddddddde+XX"
  const bool negative = s.front() == '-';
  if (negative) s.remove_prefix(1);
  const auto e = s.find('e');
  std::string digits(1, s[0]);
  digits += s.substr(2, e - 2);
  while (digits.size() > 1 && digits.back() == '0') digits.pop_back();
  std::string_view exp_text = s.substr(e + 1);
  const bool exp_negative = exp_text.front() == '-';
  exp_text.remove_prefix(1);
  int exponent = 0;
  std::from_chars(exp_text.data(), exp_text.data() + exp_text.size(), exponent);
  if (exp_negative) exponent = -exponent;

  std::string out = negative ? "-" : "";
  if (exponent >= 15 || exponent < -9) {
    out += digits[0];
    if (digits.size() > 1) out += "." + digits.substr(1);
    out += exponent < 0 ? "E-" : "E+";
    const int a = std::abs(exponent);
    if (a < 10) out += '0';
    out += std::to_string(a);
  } else if (exponent >= 0) {
    const auto whole = static_cast<std::size_t>(exponent) + 1;
    if (digits.size() <= whole) {
      out += digits + std::string(whole - digits.size(), '0');
    } else {
      out += digits.substr(0, whole) + "." + digits.substr(whole);
    }
  } else {
    out += "0." + std::string(static_cast<std::size_t>(-exponent - 1), '0') + digits;
  }
  return out;
}

// ---- dates and times ------------------------------------------------------------------

void append_two(std::string& out, unsigned v) {
  out += static_cast<char>('0' + v / 10 % 10);
  out += static_cast<char>('0' + v % 10);
}

std::string day_text(date d) {
  std::string out;
  append_two(out, d.day());
  out += '/';
  append_two(out, d.month());
  out += '/';
  const unsigned y = d.year();
  append_two(out, y / 100);
  append_two(out, y % 100);
  return out;
}

std::string time_text(int minutes) {
  std::string out;
  append_two(out, static_cast<unsigned>(minutes / 60));
  out += ':';
  append_two(out, static_cast<unsigned>(minutes % 60));
  return out;
}

sheet_cell date_cell(date d) {
  sheet_cell c;
  c.type = sheet_cell::kind::date;
  c.text = day_text(d);
  c.day = d;
  return c;
}

sheet_cell time_cell(int minutes) {
  sheet_cell c;
  c.type = sheet_cell::kind::time;
  c.text = time_text(minutes);
  c.minutes = minutes;
  return c;
}

sheet_cell date_time_cell(date d, int minutes) {
  sheet_cell c;
  c.type = sheet_cell::kind::date_time;
  c.text = day_text(d) + " " + time_text(minutes);
  c.day = d;
  c.minutes = minutes;
  return c;
}

// What a number format shows of a date: its day, its time of day, or both.
struct format_parts {
  bool day = false;
  bool time = false;
  [[nodiscard]] bool any() const { return day || time; }
};

format_parts builtin_format(unsigned id) {
  if (id >= 14 && id <= 17) return {true, false};                          // m/d/yyyy, d-mmm-yy, d-mmm, mmm-yy
  if ((id >= 18 && id <= 21) || (id >= 45 && id <= 47)) return {false, true};  // h:mm AM/PM ... mm:ss.0
  if (id == 22) return {true, true};                                         // m/d/yyyy h:mm
  return {};
}

char lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c + ('a' - 'A')) : c; }

bool starts_with_ci(std::string_view s, std::string_view prefix) {
  if (s.size() < prefix.size()) return false;
  for (std::size_t i = 0; i < prefix.size(); ++i) {
    if (lower(s[i]) != prefix[i]) return false;
  }
  return true;
}

// A custom format code: d and y are the date; h, s, AM/PM and elapsed
// [h], [m], [s] the time; m is minutes after an h or before an s, and the
// month otherwise. Quoted text, backslash escapes, [colours and locales],
// and the character after _ (a space as wide as it) or * (a fill) are not
// placeholders.
format_parts custom_format(std::string_view code) {
  format_parts parts;
  std::string letters;  // the date and time placeholders in order, one letter per run
  std::size_t i = 0;
  while (i < code.size()) {
    const char c = code[i];
    if (c == '"') {
      const auto close = code.find('"', i + 1);
      i = close == std::string_view::npos ? code.size() : close + 1;
    } else if (c == '\\' || c == '_' || c == '*') {
      i += 2;
    } else if (c == '[') {
      const auto close = code.find(']', i + 1);
      const std::string_view inside =
          code.substr(i + 1, close == std::string_view::npos ? std::string_view::npos : close - i - 1);
      const auto same = [&](char k) { return lower(k) == lower(inside[0]); };
      if (!inside.empty() && std::all_of(inside.begin(), inside.end(), same) &&
          (lower(inside[0]) == 'h' || lower(inside[0]) == 'm' || lower(inside[0]) == 's')) {
        parts.time = true;
        letters += 'h';  // an elapsed [h] makes the m after it minutes
      }
      i = close == std::string_view::npos ? code.size() : close + 1;
    } else if (starts_with_ci(code.substr(i), "am/pm")) {
      parts.time = true;
      i += 5;
    } else if (starts_with_ci(code.substr(i), "a/p")) {
      parts.time = true;
      i += 3;
    } else if (starts_with_ci(code.substr(i), "general")) {
      i += 7;
    } else {
      const char l = lower(c);
      if (l == 'd' || l == 'm' || l == 'y' || l == 'h' || l == 's') {
        if (letters.empty() || letters.back() != l) letters += l;
      }
      ++i;
    }
  }
  for (std::size_t k = 0; k < letters.size(); ++k) {
    switch (letters[k]) {
      case 'd': case 'y': parts.day = true; break;
      case 'h': case 's': parts.time = true; break;
      case 'm': {
        const bool minutes = (k > 0 && letters[k - 1] == 'h') || (k + 1 < letters.size() && letters[k + 1] == 's');
        (minutes ? parts.time : parts.day) = true;
        break;
      }
      default: break;
    }
  }
  return parts;
}

// The day of an Excel serial number, if it has one. The 1900 system counts
// 1 January 1900 as day 1 and, as Lotus 1-2-3 did, a 29 February 1900 that
// never was as day 60: from day 61 on, serials are one day ahead. The 1904
// system (old Macintosh workbooks) counts 1 January 1904 as day 0.
std::optional<date> day_of_serial(long serial, bool date1904) {
  if (date1904) {
    if (serial < 0 || serial > 2'957'003) return std::nullopt;  // 9999-12-31
    return date(1904, 1, 1) + boost::gregorian::days(serial);
  }
  if (serial < 1 || serial == 60 || serial > 2'958'465) return std::nullopt;
  return serial < 60 ? date(1899, 12, 31) + boost::gregorian::days(serial)
                     : date(1899, 12, 30) + boost::gregorian::days(serial);
}

// A number under a date or time format. Minutes are rounded to the nearest
// (a time typed as 13:00 is stored as 0.54166666666666663).
sheet_cell serial_cell(double v, format_parts parts, bool date1904) {
  sheet_cell number;
  number.type = sheet_cell::kind::number;
  number.text = general_number(v);
  if (v < 0 || v >= 2'958'466) return number;  // Excel shows ####
  double whole_part = std::floor(v);
  auto whole = static_cast<long>(whole_part);
  auto minutes = static_cast<int>(std::lround((v - whole_part) * 1440.0));
  if (whole == 0 && (parts.time || !date1904)) {
    // A time of day; under a date format day 0 of the 1900 system is
    // "00/01/1900", which is no date at all.
    if (!parts.time) return number;
    // 23:59:30 and later round to 23:59, not to midnight of the same day
    // (which a format may take for "time not known").
    return time_cell(std::min(minutes, 1439));
  }
  if (minutes == 1440) {
    ++whole;
    minutes = 0;
  }
  const auto day = day_of_serial(whole, date1904);
  if (!day) {
    if (date1904 || whole != 60) return number;
    // Excel shows the day that never was; it is kept as the text Excel
    // shows, for whoever reads it to refuse.
    return sheet_cell::of_text(parts.day && !parts.time && minutes == 0 ? "29/02/1900"
                                                                       : "29/02/1900 " + time_text(minutes));
  }
  if (parts.day && !parts.time && minutes == 0) return date_cell(*day);
  return date_time_cell(*day, minutes);
}

// An ISO 8601 date, time or both (cells of type "d"): "2024-05-24",
// "2024-05-24T13:45:00", "13:45:00", with any fraction or zone ignored.
std::optional<sheet_cell> iso_cell(std::string_view s) {
  s = trimmed(s);
  const auto digits = [&](std::size_t at, std::size_t n) -> std::optional<int> {
    if (at + n > s.size()) return std::nullopt;
    int v = 0;
    for (std::size_t k = at; k < at + n; ++k) {
      if (s[k] < '0' || s[k] > '9') return std::nullopt;
      v = v * 10 + (s[k] - '0');
    }
    return v;
  };
  std::optional<date> day;
  std::size_t at = 0;
  if (s.size() >= 10 && s[4] == '-' && s[7] == '-') {
    const auto y = digits(0, 4);
    const auto m = digits(5, 2);
    const auto d = digits(8, 2);
    if (!y || !m || !d) return std::nullopt;
    try {
      day = date(static_cast<unsigned short>(*y), static_cast<unsigned short>(*m), static_cast<unsigned short>(*d));
    } catch (const std::out_of_range&) {
      return std::nullopt;
    }
    at = 10;
    if (at == s.size()) return date_cell(*day);
    if (s[at] != 'T' && s[at] != ' ') return std::nullopt;
    ++at;
  }
  const auto h = digits(at, 2);
  const auto m = digits(at + 3, 2);
  if (!h || !m || s[at + 2] != ':' || *h > 23 || *m > 59) return std::nullopt;
  int minutes = *h * 60 + *m;
  at += 5;
  if (at < s.size() && s[at] == ':') {
    const auto sec = digits(at + 1, 2);
    if (!sec || *sec > 60) return std::nullopt;
    if (*sec >= 30) ++minutes;
  }
  if (!day) return time_cell(std::min(minutes, 1439));  // as above
  if (minutes == 1440) {
    minutes = 0;
    day = *day + boost::gregorian::days(1);
  }
  return date_time_cell(*day, minutes);
}

// ---- XML ----------------------------------------------------------------------------

// Element and attribute names arrive as "namespace local" (the separator is
// a space, which no namespace name contains): parts are matched by local
// name within their context, so that strict and transitional OOXML, and
// whatever prefixes a writer chose, read the same.
constexpr XML_Char namespace_separator = ' ';

std::string_view local_name(const XML_Char* name) {
  const std::string_view n(name);
  const auto sep = n.rfind(namespace_separator);
  return sep == std::string_view::npos ? n : n.substr(sep + 1);
}

class attributes {
 public:
  explicit attributes(const XML_Char** atts) : atts_(atts) {}
  /// The attribute with this local name; `qualified`: only one with a
  /// namespace (r:id), otherwise only one without.
  [[nodiscard]] std::optional<std::string_view> get(std::string_view local, bool qualified = false) const {
    for (const XML_Char** a = atts_; *a != nullptr; a += 2) {
      const std::string_view n(a[0]);
      if (local_name(a[0]) == local && (n.find(namespace_separator) != std::string_view::npos) == qualified) {
        return std::string_view(a[1]);
      }
    }
    return std::nullopt;
  }

 private:
  const XML_Char** atts_;
};

class xml_handler {
 public:
  virtual ~xml_handler() = default;
  virtual void start(std::string_view name, const attributes& atts) = 0;
  virtual void end(std::string_view name) = 0;
  virtual void text(std::string_view) {}
};

// One part parsed with expat. Callbacks run inside expat's C code: an
// exception from a handler is kept and rethrown once expat has returned.
class xml_parser {
 public:
  xml_parser(std::string_view what, std::string_view part, xml_handler& handler)
      : what_(what), part_(part), handler_(handler), parser_(XML_ParserCreateNS(nullptr, namespace_separator)) {
    if (parser_ == nullptr) throw error(std::string(what) + ": cannot read " + part_ + ": out of memory");
    XML_SetUserData(parser_, this);
    XML_SetElementHandler(parser_, on_start, on_end);
    XML_SetCharacterDataHandler(parser_, on_text);
    // XLSX never needs a DTD. Refusing any DOCTYPE refuses entity expansion
    // ("billion laughs") and external entities along with it.
    XML_SetStartDoctypeDeclHandler(parser_, on_doctype);
    XML_SetParamEntityParsing(parser_, XML_PARAM_ENTITY_PARSING_NEVER);
  }
  ~xml_parser() { XML_ParserFree(parser_); }
  xml_parser(const xml_parser&) = delete;
  xml_parser& operator=(const xml_parser&) = delete;

  void feed(const char* data, std::size_t size, bool last) {
    if (XML_Parse(parser_, data, static_cast<int>(size), last ? XML_TRUE : XML_FALSE) == XML_STATUS_OK) return;
    if (failure_) std::rethrow_exception(failure_);
    if (doctype_) refuse(what_, part_ + " declares a DOCTYPE, which no XLSX workbook has");
    refuse(what_, "malformed XML in " + part_ + " at line " + std::to_string(XML_GetCurrentLineNumber(parser_)) + ": " +
                      XML_ErrorString(XML_GetErrorCode(parser_)));
  }

 private:
  template <class F>
  static void guarded(void* self_ptr, F f) {
    auto* self = static_cast<xml_parser*>(self_ptr);
    if (self->failure_ || self->doctype_) return;  // stopped: expat may still call
    try {
      f(*self);
    } catch (...) {
      self->failure_ = std::current_exception();
      XML_StopParser(self->parser_, XML_FALSE);
    }
  }
  static void XMLCALL on_start(void* self, const XML_Char* name, const XML_Char** atts) {
    guarded(self, [&](xml_parser& p) { p.handler_.start(local_name(name), attributes(atts)); });
  }
  static void XMLCALL on_end(void* self, const XML_Char* name) {
    guarded(self, [&](xml_parser& p) { p.handler_.end(local_name(name)); });
  }
  static void XMLCALL on_text(void* self, const XML_Char* s, int len) {
    guarded(self, [&](xml_parser& p) { p.handler_.text(std::string_view(s, static_cast<std::size_t>(len))); });
  }
  static void XMLCALL on_doctype(void* self_ptr, const XML_Char*, const XML_Char*, const XML_Char*, int) {
    auto* self = static_cast<xml_parser*>(self_ptr);
    self->doctype_ = true;
    XML_StopParser(self->parser_, XML_FALSE);
  }

  std::string_view what_;
  std::string part_;
  xml_handler& handler_;
  XML_Parser parser_;
  std::exception_ptr failure_;
  bool doctype_ = false;
};

// ---- the archive ----------------------------------------------------------------------

class archive {
 public:
  archive(std::string_view bytes, std::string_view what) : what_(what), zip_(nullptr, libzip().discard) {
    // libzip takes an empty file for an empty archive.
    if (bytes.empty()) not_xlsx(what, "the file is empty");
    zip_error_t err;
    libzip().error_init(&err);
    zip_source_t* src = libzip().source_buffer_create(bytes.data(), bytes.size(), 0, &err);
    if (src == nullptr) {
      const std::string why = libzip().error_strerror(&err);
      libzip().error_fini(&err);
      throw error(std::string(what) + ": cannot read the workbook: " + why);
    }
    zip_.reset(libzip().open_from_source(src, ZIP_RDONLY, &err));
    if (!zip_) {
      libzip().source_free(src);
      const bool no_zip = libzip().error_code_zip(&err) == ZIP_ER_NOZIP;
      const std::string why = libzip().error_strerror(&err);
      libzip().error_fini(&err);
      not_xlsx(what, no_zip ? "not a ZIP archive" : "a damaged ZIP archive: " + why);
    }
    libzip().error_fini(&err);
    // What the entries say they expand to; reading then holds each entry to
    // what it said (see parse), so the total read is bounded too.
    const zip_int64_t n = libzip().get_num_entries(zip_.get(), 0);
    std::uint64_t total = 0;
    for (zip_int64_t i = 0; i < n; ++i) {
      zip_stat_t st;
      if (libzip().stat_index(zip_.get(), static_cast<zip_uint64_t>(i), 0, &st) != 0 || (st.valid & ZIP_STAT_SIZE) == 0) {
        continue;
      }
      total += std::min<std::uint64_t>(st.size, max_expanded_bytes + 1);
      if (total > max_expanded_bytes) {
        refuse(what, "the workbook expands to more than " + std::to_string(max_expanded_bytes / (1024 * 1024)) +
                         " MB; it is refused as a possible \"zip bomb\"");
      }
    }
  }

  [[nodiscard]] bool has(const std::string& part) const { return locate(part).has_value(); }

  /// Streams a part through an XML handler; false if there is no such part.
  bool parse(const std::string& part, xml_handler& handler) {
    const auto index = locate(part);
    if (!index) return false;
    zip_stat_t st;
    if (libzip().stat_index(zip_.get(), *index, 0, &st) != 0) unreadable(part, libzip().strerror(zip_.get()));
    std::unique_ptr<zip_file_t, decltype(libzip().fclose)> file(libzip().fopen_index(zip_.get(), *index, 0), libzip().fclose);
    if (!file) unreadable(part, libzip().strerror(zip_.get()));
    xml_parser parser(what_, part, handler);
    std::vector<char> buffer(64 * 1024);
    std::uint64_t read = 0;
    for (;;) {
      const zip_int64_t n = libzip().fread(file.get(), buffer.data(), buffer.size());
      if (n < 0) unreadable(part, libzip().file_strerror(file.get()));
      if (n == 0) break;
      read += static_cast<std::uint64_t>(n);
      if ((st.valid & ZIP_STAT_SIZE) == 0 || read > st.size) {
        unreadable(part, "it expands to more than the size the archive gives for it");
      }
      parser.feed(buffer.data(), static_cast<std::size_t>(n), false);
    }
    parser.feed(nullptr, 0, true);
    return true;
  }

 private:
  [[nodiscard]] std::optional<zip_uint64_t> locate(const std::string& part) const {
    // Part names are case-insensitive (Open Packaging Conventions).
    const zip_int64_t i = libzip().name_locate(zip_.get(), part.c_str(), ZIP_FL_NOCASE);
    if (i < 0) return std::nullopt;
    return static_cast<zip_uint64_t>(i);
  }
  [[noreturn]] void unreadable(const std::string& part, const std::string& why) const {
    not_xlsx(what_, part + " cannot be read: " + why);
  }

  std::string_view what_;
  std::unique_ptr<zip_t, decltype(libzip().discard)> zip_;
};

// ---- the parts ----------------------------------------------------------------------

bool ends_with(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

// "xl/workbook.xml" -> "xl/_rels/workbook.xml.rels".
std::string relationships_of(const std::string& part) {
  const auto slash = part.rfind('/');
  const std::string dir = slash == std::string::npos ? "" : part.substr(0, slash + 1);
  const std::string file = slash == std::string::npos ? part : part.substr(slash + 1);
  return dir + "_rels/" + file + ".rels";
}

// A relationship's target, relative to the part it is from ("xl/...")
// unless it starts with "/", as a name in the archive.
std::string resolve(const std::string& from, std::string_view target) {
  std::vector<std::string> segments;
  if (!target.empty() && target.front() == '/') {
    target.remove_prefix(1);
  } else {
    const auto slash = from.rfind('/');
    std::string_view dir = slash == std::string::npos ? std::string_view() : std::string_view(from).substr(0, slash);
    while (!dir.empty()) {
      const auto s = dir.find('/');
      segments.emplace_back(dir.substr(0, s));
      dir = s == std::string_view::npos ? std::string_view() : dir.substr(s + 1);
    }
  }
  while (!target.empty()) {
    const auto s = target.find('/');
    const std::string_view seg = target.substr(0, s);
    if (seg == "..") {
      if (!segments.empty()) segments.pop_back();
    } else if (!seg.empty() && seg != ".") {
      segments.emplace_back(seg);
    }
    target = s == std::string_view::npos ? std::string_view() : target.substr(s + 1);
  }
  std::string out;
  for (const auto& seg : segments) out += (out.empty() ? "" : "/") + seg;
  return out;
}

struct relationship {
  std::string type;
  std::string target;  // resolved
};

class relationships_handler final : public xml_handler {
 public:
  relationships_handler(std::string_view what, std::string from) : what_(what), from_(std::move(from)) {}
  void start(std::string_view name, const attributes& atts) override {
    if (name != "Relationship") return;
    const auto id = atts.get("Id");
    const auto type = atts.get("Type");
    const auto target = atts.get("Target");
    const auto mode = atts.get("TargetMode");
    if (!id || !type || !target || (mode && *mode == "External")) return;
    if (found.size() >= max_relationships) refuse(what_, "the workbook has too many relationships");
    found.emplace(std::string(*id), relationship{std::string(*type), resolve(from_, *target)});
  }
  void end(std::string_view) override {}

  [[nodiscard]] std::optional<std::string> first_of_type(std::string_view suffix) const {
    // By Id, so the choice does not depend on the map's order.
    std::optional<std::string> out;
    std::string_view best;
    for (const auto& [id, r] : found) {
      if (ends_with(r.type, suffix) && (!out || id < best)) {
        out = r.target;
        best = id;
      }
    }
    return out;
  }

  std::unordered_map<std::string, relationship> found;

 private:
  std::string_view what_;
  std::string from_;
};

// The first sheet listed that is a worksheet (not a chart sheet), and the
// date system.
class workbook_handler final : public xml_handler {
 public:
  explicit workbook_handler(const relationships_handler& rels) : rels_(rels) {}
  void start(std::string_view name, const attributes& atts) override {
    if (name == "workbookPr") {
      const auto v = atts.get("date1904");
      date1904 = v && (*v == "1" || *v == "true");
    } else if (name == "sheet" && !sheet_part) {
      const auto id = atts.get("id", true);
      if (!id) return;
      const auto r = rels_.found.find(std::string(*id));
      if (r == rels_.found.end() || !ends_with(r->second.type, "/worksheet")) return;
      sheet_part = r->second.target;
      sheet_name = std::string(atts.get("name").value_or(""));
    }
  }
  void end(std::string_view) override {}

  bool date1904 = false;
  std::optional<std::string> sheet_part;
  std::string sheet_name;

 private:
  const relationships_handler& rels_;
};

// Which cell formats (the s attribute of a cell) show a date or a time.
class styles_handler final : public xml_handler {
 public:
  explicit styles_handler(std::string_view what) : what_(what) {}
  void start(std::string_view name, const attributes& atts) override {
    if (name == "numFmts") {
      in_num_fmts_ = true;
    } else if (name == "cellXfs") {
      in_cell_xfs_ = true;
    } else if (name == "numFmt" && in_num_fmts_) {
      const auto id = atts.get("numFmtId");
      const auto code = atts.get("formatCode");
      if (!id || !code) return;
      const auto n = parse_unsigned<unsigned>(*id);
      if (!n) return;
      if (custom_.size() >= max_cell_formats) refuse(what_, "the workbook has too many number formats");
      custom_[*n] = custom_format(*code);
    } else if (name == "xf" && in_cell_xfs_) {
      if (cell_formats_.size() >= max_cell_formats) refuse(what_, "the workbook has too many cell formats");
      cell_formats_.push_back(parse_unsigned<unsigned>(atts.get("numFmtId").value_or("0")).value_or(0));
    }
  }
  void end(std::string_view name) override {
    if (name == "numFmts") in_num_fmts_ = false;
    if (name == "cellXfs") in_cell_xfs_ = false;
  }

  /// What cell format s shows; a format the file does not define shows a number.
  [[nodiscard]] format_parts parts(std::size_t s) const {
    if (s >= cell_formats_.size()) return {};
    const unsigned id = cell_formats_[s];
    if (const auto c = custom_.find(id); c != custom_.end()) return c->second;
    return builtin_format(id);
  }

 private:
  std::string_view what_;
  bool in_num_fmts_ = false;
  bool in_cell_xfs_ = false;
  std::unordered_map<unsigned, format_parts> custom_;
  std::vector<unsigned> cell_formats_;
};

// A cell whose text is in the shared strings, read after the worksheet so
// that only the strings it uses are kept.
struct pending_string {
  cell_position at;
  std::uint64_t index;
};

// Builds the dense rows as cells arrive, within the limits.
class grid {
 public:
  explicit grid(std::string_view what) : what_(what) {}

  void place(cell_position at, sheet_cell cell) {
    if (cell.type == sheet_cell::kind::empty) return;
    if (at.row >= rows_.size()) rows_.resize(at.row + std::size_t{1});
    auto& row = rows_[at.row];
    if (at.col >= row.size()) {
      const std::size_t grow = at.col + std::size_t{1} - row.size();
      if (span_ + grow > max_span) {
        refuse(what_, "the worksheet spans more than " + with_commas(max_span) +
                          " cells, counting the blank cells between them; it is refused as a possible \"zip bomb\"");
      }
      span_ += grow;
      row.resize(at.col + std::size_t{1});
    }
    row[at.col] = std::move(cell);
  }
  sheet_cell& at(cell_position p) { return rows_[p.row][p.col]; }

  std::vector<std::vector<sheet_cell>> take() {
    for (auto& row : rows_) {
      while (!row.empty() && row.back().type == sheet_cell::kind::empty) row.pop_back();
    }
    while (!rows_.empty() && rows_.back().empty()) rows_.pop_back();
    return std::move(rows_);
  }

 private:
  std::string_view what_;
  std::vector<std::vector<sheet_cell>> rows_;
  std::size_t span_ = 0;
};

class worksheet_handler final : public xml_handler {
 public:
  worksheet_handler(std::string_view what, std::string part, const styles_handler& styles, bool date1904)
      : cells(what), what_(what), part_(std::move(part)), styles_(styles), date1904_(date1904) {}

  void start(std::string_view name, const attributes& atts) override {
    if (name == "sheetData") {
      in_data_ = true;
    } else if (!in_data_) {
      return;
    } else if (name == "row") {
      if (const auto r = atts.get("r")) {
        const auto n = parse_unsigned<std::uint64_t>(*r);
        if (!n || *n == 0) refuse(what_, "row number " + in_quotes(*r) + " in " + part_ + " is not a row number");
        if (*n > max_rows) beyond("row " + std::string(*r));
        row_ = static_cast<std::uint32_t>(*n - 1);
      } else {
        row_ = next_row_;
      }
      if (row_ >= max_rows) beyond("row " + std::to_string(std::uint64_t{row_} + 1));
      next_row_ = row_ + 1;
      next_col_ = 0;
    } else if (name == "c") {
      if (++count_ > max_cells) {
        refuse(what_, "the worksheet has more than " + with_commas(max_cells) +
                          " cells; it is refused as a possible \"zip bomb\"");
      }
      if (const auto r = atts.get("r")) {
        switch (parse_reference(*r, at_)) {
          case reference_problem::none: break;
          case reference_problem::malformed:
            refuse(what_, "malformed cell reference " + in_quotes(*r) + " in " + part_);
          case reference_problem::beyond: beyond("cell reference " + in_quotes(*r));
        }
      } else {
        if (next_col_ >= max_columns) beyond("a cell after column XFD");
        at_ = {row_, next_col_};
      }
      next_col_ = at_.col + 1;
      next_row_ = std::max(next_row_, at_.row + 1);
      type_ = std::string(atts.get("t").value_or("n"));
      style_ = parse_unsigned<std::size_t>(atts.get("s").value_or("0")).value_or(0);
      value_.clear();
      inline_.clear();
      in_cell_ = true;
    } else if (!in_cell_) {
      return;
    } else if (name == "v") {
      in_value_ = true;
    } else if (name == "is") {
      in_inline_ = true;
    } else if (name == "rPh") {
      ++phonetic_;
    } else if (name == "t" && in_inline_ && phonetic_ == 0) {
      in_text_ = true;
    }
  }

  void end(std::string_view name) override {
    if (name == "sheetData") {
      in_data_ = false;
    } else if (name == "c" && in_cell_) {
      finish_cell();
      in_cell_ = false;
    } else if (name == "v") {
      in_value_ = false;
    } else if (name == "is") {
      in_inline_ = false;
    } else if (name == "rPh" && phonetic_ > 0) {
      --phonetic_;
    } else if (name == "t") {
      in_text_ = false;
    }
  }

  void text(std::string_view s) override {
    if (in_value_) value_ += s;
    if (in_text_) inline_ += s;
  }

  grid cells;
  std::vector<pending_string> shared;

 private:
  [[noreturn]] void beyond(const std::string& which) const {
    refuse(what_, which + " in " + part_ + " is beyond XFD1048576, the last cell of a worksheet");
  }
  [[nodiscard]] std::string cell() const { return "cell " + cell_name(at_.row, at_.col) + " in " + part_; }
  [[noreturn]] void bad_value(std::string_view kind) const {
    refuse(what_, cell() + " holds " + in_quotes(value_) + ", which is not " + std::string(kind));
  }

  void finish_cell() {
    if (type_ == "inlineStr") {
      cells.place(at_, sheet_cell::of_text(unescape_text(inline_text_given() ? inline_ : value_)));
    } else if (value_.empty()) {
      // A formatted blank, or a formula with no cached value.
    } else if (type_ == "s") {
      const auto index = parse_unsigned<std::uint64_t>(value_);
      if (!index) bad_value("the number of a shared string");
      // Placed now, as a marker, and filled in from the shared strings.
      sheet_cell marker;
      marker.type = sheet_cell::kind::text;
      cells.place(at_, std::move(marker));
      shared.push_back({at_, *index});
    } else if (type_ == "str" || type_ == "e") {
      // A formula's text result, or an error such as #N/A, as Excel shows it.
      cells.place(at_, sheet_cell::of_text(unescape_text(value_)));
    } else if (type_ == "b") {
      const auto v = trimmed(value_);
      const bool yes = v == "1" || v == "true";
      if (!yes && v != "0" && v != "false") bad_value("TRUE or FALSE");
      sheet_cell c;
      c.type = sheet_cell::kind::boolean;
      c.text = yes ? "TRUE" : "FALSE";
      cells.place(at_, std::move(c));
    } else if (type_ == "d") {
      auto c = iso_cell(value_);
      if (!c) bad_value("an ISO 8601 date or time");
      cells.place(at_, std::move(*c));
    } else if (type_ == "n") {
      const auto v = parse_number(value_);
      if (!v) bad_value("a number");
      const auto parts = styles_.parts(style_);
      if (parts.any()) {
        cells.place(at_, serial_cell(*v, parts, date1904_));
      } else {
        sheet_cell c;
        c.type = sheet_cell::kind::number;
        c.text = general_number(*v);
        cells.place(at_, std::move(c));
      }
    } else {
      refuse(what_, cell() + " has an unknown type " + in_quotes(type_));
    }
  }
  // Whether the cell had an <is> with text: some writers put an inline
  // string's text in <v> instead.
  [[nodiscard]] bool inline_text_given() const { return !inline_.empty() || value_.empty(); }

  std::string_view what_;
  std::string part_;
  const styles_handler& styles_;
  bool date1904_;
  bool in_data_ = false;
  bool in_cell_ = false;
  bool in_value_ = false;
  bool in_inline_ = false;
  bool in_text_ = false;
  int phonetic_ = 0;
  std::uint32_t row_ = 0;
  std::uint32_t next_row_ = 0;
  std::uint32_t next_col_ = 0;
  std::size_t count_ = 0;
  cell_position at_{0, 0};
  std::string type_;
  std::size_t style_ = 0;
  std::string value_;
  std::string inline_;
};

// The shared strings the worksheet uses: each <si> is one string, its text
// the <t> elements in it (one, or one per run of rich text) apart from the
// phonetic guides (<rPh>) of East Asian text.
class shared_strings_handler final : public xml_handler {
 public:
  explicit shared_strings_handler(std::unordered_map<std::uint64_t, std::optional<std::string>>& wanted)
      : wanted_(wanted) {}
  void start(std::string_view name, const attributes&) override {
    if (name == "si") {
      in_item_ = true;
      keep_ = wanted_.find(index_) != wanted_.end();
      text_.clear();
    } else if (name == "rPh") {
      ++phonetic_;
    } else if (name == "t" && in_item_ && phonetic_ == 0) {
      in_text_ = true;
    }
  }
  void end(std::string_view name) override {
    if (name == "si" && in_item_) {
      if (keep_) wanted_[index_] = unescape_text(text_);
      in_item_ = false;
      ++index_;
    } else if (name == "rPh" && phonetic_ > 0) {
      --phonetic_;
    } else if (name == "t") {
      in_text_ = false;
    }
  }
  void text(std::string_view s) override {
    if (in_text_ && keep_) text_ += s;
  }
  [[nodiscard]] std::uint64_t count() const { return index_; }

 private:
  std::unordered_map<std::uint64_t, std::optional<std::string>>& wanted_;
  bool in_item_ = false;
  bool in_text_ = false;
  bool keep_ = false;
  int phonetic_ = 0;
  std::uint64_t index_ = 0;
  std::string text_;
};

// ---- writing ------------------------------------------------------------------------

// libxlsxwriter writes only to files: a directory of our own (mode 0700),
// removed with everything in it however writing ends.
class temp_directory {
 public:
  temp_directory() {
    std::error_code ec;
    const auto base = std::filesystem::temp_directory_path(ec);
    if (ec) throw error("cannot write the XLSX workbook: no temporary directory (" + ec.message() + ")");
    std::string pattern = (base / "scr-xlsx-XXXXXX").string();
    if (mkdtemp(pattern.data()) == nullptr) {
      throw error("cannot write the XLSX workbook: cannot create a temporary directory in " + base.string() + " (" +
                  std::strerror(errno) + ")");
    }
    path_ = pattern;
  }
  ~temp_directory() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
  }
  temp_directory(const temp_directory&) = delete;
  temp_directory& operator=(const temp_directory&) = delete;
  [[nodiscard]] const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

// Owns the workbook until workbook_close, which writes and frees it.
class workbook_owner {
 public:
  explicit workbook_owner(lxw_workbook* wb) : wb_(wb) {}
  ~workbook_owner() {
    if (wb_ != nullptr) xlsxwriter().workbook_free(wb_);
  }
  workbook_owner(const workbook_owner&) = delete;
  workbook_owner& operator=(const workbook_owner&) = delete;
  [[nodiscard]] lxw_workbook* get() const { return wb_; }
  lxw_error close() { return xlsxwriter().workbook_close(std::exchange(wb_, nullptr)); }

 private:
  lxw_workbook* wb_;
};

void check(lxw_error rc, const std::string& doing) {
  if (rc != LXW_NO_ERROR) throw error("cannot write the XLSX workbook (" + doing + "): " + xlsxwriter().strerror(rc));
}

// Excel's rules for a sheet's name; libxlsxwriter would refuse the same
// names, but only with a null worksheet and no word of which rule.
void check_sheet_names(const std::vector<sheet_to_write>& sheets) {
  std::set<std::string> seen;
  for (const auto& s : sheets) {
    const std::string named = "sheet name " + in_quotes(s.name) + " ";
    if (first_invalid_utf8(s.name)) throw input_error(named + "is not valid UTF-8");
    std::size_t length = 0;
    for_each_code_point(s.name, [&](std::uint32_t, std::size_t) { ++length; });
    if (length == 0) throw input_error("a sheet name is empty; Excel needs 1 to 31 characters");
    if (length > 31) throw input_error(named + "is " + std::to_string(length) + " characters long; Excel allows 31");
    if (s.name.find_first_of("[]:*?/\\") != std::string::npos) {
      throw input_error(named + "contains one of [ ] : * ? / \\, which Excel does not allow");
    }
    if (s.name.front() == '\'' || s.name.back() == '\'') {
      throw input_error(named + "starts or ends with an apostrophe, which Excel does not allow");
    }
    // Excel compares names without regard to case (here ASCII letters' case,
    // as libxlsxwriter does).
    std::string key;
    std::transform(s.name.begin(), s.name.end(), std::back_inserter(key), lower);
    if (!seen.insert(key).second) throw input_error(named + "is used twice (Excel ignores case in sheet names)");
  }
}

// Text as libxlsxwriter takes it: a C string of valid UTF-8. A literal
// "_xHHHH_" is escaped as Excel does ("_x005F_xHHHH_"), or Excel (and
// read_xlsx) would read it as the character it names.
std::string text_to_write(const std::string& s, const std::string& where) {
  if (s.find('\0') != std::string::npos) throw input_error(where + ": the text contains a NUL character");
  if (const auto bad = first_invalid_utf8(s)) {
    throw input_error(where + ": the text is not valid UTF-8 (byte " + std::to_string(*bad + 1) + ")");
  }
  if (s.find("_x") == std::string::npos) return s;
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (escape_at(s, i)) out += "_x005F";
    out += s[i];
  }
  return out;
}

class workbook_writer {
 public:
  explicit workbook_writer(lxw_workbook* wb) : wb_(wb) {}

  void write(const sheet_to_write& s) {
    lxw_worksheet* ws = xlsxwriter().workbook_add_worksheet(wb_, s.name.c_str());
    if (ws == nullptr) throw error("cannot write the XLSX workbook: cannot add sheet " + in_quotes(s.name));
    const std::string sheet = "sheet " + in_quotes(s.name);
    for (std::size_t c = 0; c < s.widths.size(); ++c) {
      if (s.widths[c] <= 0) continue;
      const auto col = column(c, sheet);
      check(xlsxwriter().worksheet_set_column(ws, col, col, s.widths[c], nullptr), sheet + ", column " + column_name(col));
    }
    lxw_row_t row = 0;
    if (!s.headings.empty()) {
      for (std::size_t c = 0; c < s.headings.size(); ++c) {
        const auto col = column(c, sheet);
        const std::string where = sheet + ", cell " + cell_name(0, col);
        check(xlsxwriter().worksheet_write_string(ws, 0, col, text_to_write(s.headings[c], where).c_str(), heading()), where);
      }
      if (s.freeze_header) xlsxwriter().worksheet_freeze_panes(ws, 1, 0);
      row = 1;
    }
    for (const auto& cells : s.rows) {
      if (row >= max_rows) throw input_error(sheet + " has more rows than Excel allows (1,048,576)");
      for (std::size_t c = 0; c < cells.size(); ++c) write_cell(ws, row, column(c, sheet), cells[c], sheet);
      ++row;
    }
  }

 private:
  static lxw_col_t column(std::size_t c, const std::string& sheet) {
    if (c >= max_columns) throw input_error(sheet + " has more columns than Excel allows (16,384)");
    return static_cast<lxw_col_t>(c);
  }

  lxw_format* new_format() {
    lxw_format* f = xlsxwriter().workbook_add_format(wb_);
    if (f == nullptr) throw error("cannot write the XLSX workbook: out of memory for a cell format");
    return f;
  }

  lxw_format* heading() {
    if (heading_ == nullptr) {
      heading_ = new_format();
      xlsxwriter().format_set_bold(heading_);
      xlsxwriter().format_set_bottom(heading_, LXW_BORDER_THIN);
      xlsxwriter().format_set_text_wrap(heading_);
    }
    return heading_;
  }

  // One format for each kind of cell and fill, as Excel keeps a table of
  // distinct formats (at most 64,000).
  lxw_format* format_of(sheet_cell::kind k, std::optional<std::uint32_t> fill) {
    const auto key = std::make_pair(k, fill ? std::int64_t{*fill & 0xFFFFFFu} : std::int64_t{-1});
    if (const auto f = formats_.find(key); f != formats_.end()) return f->second;
    lxw_format* f = nullptr;
    if (k == sheet_cell::kind::text || k == sheet_cell::kind::date || k == sheet_cell::kind::time ||
        k == sheet_cell::kind::date_time || fill) {
      f = new_format();
      if (k == sheet_cell::kind::text) xlsxwriter().format_set_text_wrap(f);
      if (k == sheet_cell::kind::date) xlsxwriter().format_set_num_format(f, "dd/mm/yyyy");
      if (k == sheet_cell::kind::time) xlsxwriter().format_set_num_format(f, "hh:mm");
      if (k == sheet_cell::kind::date_time) xlsxwriter().format_set_num_format(f, "dd/mm/yyyy hh:mm");
      if (fill) {
        xlsxwriter().format_set_pattern(f, LXW_PATTERN_SOLID);
        // libxlsxwriter takes 0 to mean "no colour": black has its own value.
        const std::uint32_t rgb = *fill & 0xFFFFFFu;
        xlsxwriter().format_set_bg_color(f, rgb == 0 ? static_cast<lxw_color_t>(LXW_COLOR_BLACK) : rgb);
      }
    }
    formats_.emplace(key, f);
    return f;
  }

  void write_cell(lxw_worksheet* ws, lxw_row_t row, lxw_col_t col, const sheet_cell& cell, const std::string& sheet) {
    const std::string where = sheet + ", cell " + cell_name(row, col);
    lxw_format* f = format_of(cell.type, cell.fill);
    const auto when = [&](const date& d, int minutes) {
      lxw_datetime t{};
      t.year = d.year();
      t.month = d.month();
      t.day = d.day();
      t.hour = minutes / 60;
      t.min = minutes % 60;
      return t;
    };
    const auto minutes_of = [&]() {
      if (!cell.minutes || *cell.minutes < 0 || *cell.minutes >= 1440) {
        throw input_error(where + ": a time needs minutes after midnight (0 to 1439)");
      }
      return *cell.minutes;
    };
    const auto day_of = [&]() {
      if (!cell.day || cell.day->is_special()) throw input_error(where + ": a date cell has no date");
      return *cell.day;
    };
    switch (cell.type) {
      case sheet_cell::kind::empty:
        if (f != nullptr) check(xlsxwriter().worksheet_write_blank(ws, row, col, f), where);
        break;
      case sheet_cell::kind::text:
        check(xlsxwriter().worksheet_write_string(ws, row, col, text_to_write(cell.text, where).c_str(), f), where);
        break;
      case sheet_cell::kind::number: {
        const auto v = parse_number(cell.text);
        if (!v) throw input_error(where + ": " + in_quotes(cell.text) + " is not a number");
        check(xlsxwriter().worksheet_write_number(ws, row, col, *v, f), where);
        break;
      }
      case sheet_cell::kind::boolean: {
        const std::string_view v = trimmed(cell.text);
        const bool yes = starts_with_ci(v, "true") && v.size() == 4;
        if (!yes && !(starts_with_ci(v, "false") && v.size() == 5)) {
          throw input_error(where + ": " + in_quotes(cell.text) + " is not TRUE or FALSE");
        }
        check(xlsxwriter().worksheet_write_boolean(ws, row, col, yes ? 1 : 0, f), where);
        break;
      }
      case sheet_cell::kind::date:
      case sheet_cell::kind::date_time: {
        const date d = day_of();
        const int minutes = cell.type == sheet_cell::kind::date ? 0 : minutes_of();
        if (d.year() < 1900) {
          // Excel has no days before 1900: such a date is written as the
          // text it would show.
          const std::string shown =
              cell.type == sheet_cell::kind::date ? day_text(d) : day_text(d) + " " + time_text(minutes);
          lxw_format* as_text = format_of(sheet_cell::kind::text, cell.fill);
          check(xlsxwriter().worksheet_write_string(ws, row, col, shown.c_str(), as_text), where);
          break;
        }
        lxw_datetime t = when(d, minutes);
        check(xlsxwriter().worksheet_write_datetime(ws, row, col, &t, f), where);
        break;
      }
      case sheet_cell::kind::time: {
        // Day 0 of the 1900 system (31 December 1899 to libxlsxwriter): the
        // time alone.
        lxw_datetime t = when(date(1899, 12, 31), minutes_of());
        check(xlsxwriter().worksheet_write_datetime(ws, row, col, &t, f), where);
        break;
      }
    }
  }

  lxw_workbook* wb_;
  lxw_format* heading_ = nullptr;
  std::map<std::pair<sheet_cell::kind, std::int64_t>, lxw_format*> formats_;
};

}  // namespace

// ---- the interface --------------------------------------------------------------------

bool looks_like_xlsx(std::string_view bytes) noexcept { return bytes.starts_with(std::string_view("PK\x03\x04", 4)); }

sheet read_xlsx(std::string_view bytes, std::string_view what) {
  archive zip(bytes, what);

  // The workbook part is named by the package's relationships; all but the
  // oddest writers call it xl/workbook.xml.
  relationships_handler package(what, "");
  zip.parse("_rels/.rels", package);
  const std::string workbook_part = package.first_of_type("/officeDocument").value_or("xl/workbook.xml");
  if (!zip.has(workbook_part)) not_xlsx(what, "no " + workbook_part);

  relationships_handler rels(what, workbook_part);
  if (!zip.parse(relationships_of(workbook_part), rels)) not_xlsx(what, "no " + relationships_of(workbook_part));
  workbook_handler workbook(rels);
  zip.parse(workbook_part, workbook);
  if (!workbook.sheet_part) refuse(what, "the workbook has no worksheet");

  styles_handler styles(what);
  zip.parse(rels.first_of_type("/styles").value_or(resolve(workbook_part, "styles.xml")), styles);

  worksheet_handler worksheet(what, *workbook.sheet_part, styles, workbook.date1904);
  if (!zip.parse(*workbook.sheet_part, worksheet)) {
    not_xlsx(what, "its first worksheet, " + *workbook.sheet_part + ", is missing");
  }

  if (!worksheet.shared.empty()) {
    std::unordered_map<std::uint64_t, std::optional<std::string>> wanted;
    for (const auto& p : worksheet.shared) wanted.emplace(p.index, std::nullopt);
    const std::string part = rels.first_of_type("/sharedStrings").value_or(resolve(workbook_part, "sharedStrings.xml"));
    shared_strings_handler strings(wanted);
    zip.parse(part, strings);
    // Each cell gets its own copy of the text: a string shared by many cells
    // could otherwise make a small file take any memory. Excel holds at most
    // 32,767 characters in a cell.
    std::uint64_t text_bytes = 0;
    for (const auto& p : worksheet.shared) {
      const auto& s = wanted.at(p.index);
      if (!s) {
        refuse(what, "cell " + cell_name(p.at.row, p.at.col) + " refers to shared string " + std::to_string(p.index) +
                         ", but " + part + " has " + std::to_string(strings.count()));
      }
      if (s->size() > max_cell_text_bytes) {
        refuse(what, "cell " + cell_name(p.at.row, p.at.col) + " holds more text than a cell can (32,767 characters)");
      }
      text_bytes += s->size();
      if (text_bytes > max_expanded_bytes) {
        refuse(what, "the worksheet's text comes to more than " + with_commas(max_expanded_bytes / (1024 * 1024)) + " MB");
      }
      worksheet.cells.at(p.at) = sheet_cell::of_text(*s);
    }
  }

  sheet out;
  out.name = workbook.sheet_name;
  out.rows = worksheet.cells.take();
  return out;
}

std::string write_xlsx(const std::vector<sheet_to_write>& sheets) {
  if (sheets.empty()) throw input_error("an XLSX workbook needs at least one sheet");
  check_sheet_names(sheets);
  const temp_directory dir;
  std::string tmpdir = dir.path().string();
  const std::filesystem::path file = dir.path() / "workbook.xlsx";
  lxw_workbook_options options{};
  options.constant_memory = LXW_FALSE;
  options.tmpdir = tmpdir.data();
  workbook_owner wb(xlsxwriter().workbook_new_opt(file.string().c_str(), &options));
  if (wb.get() == nullptr) throw error("cannot write the XLSX workbook: libxlsxwriter cannot create it");
  workbook_writer writer(wb.get());
  for (const auto& s : sheets) writer.write(s);
  check(wb.close(), "saving it");

  std::ifstream in(file, std::ios::binary);
  std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (!in || bytes.empty()) throw error("cannot write the XLSX workbook: cannot read back " + file.string());
  return bytes;
}

}  // namespace scr::detail
