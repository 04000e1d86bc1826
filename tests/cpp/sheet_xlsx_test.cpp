// Tables read from and written to XLSX workbooks (libscr/src/chronology/
// sheet_xlsx.cpp): what write_xlsx writes, read_xlsx reads back; workbooks
// put together by hand, part by part, read as Excel shows them; and files
// that are not workbooks, or are built to exhaust the reader, are refused
// with the file named.
//
// Sources: ECMA-376 Part 1 (Office Open XML), 18.3.1.4 c (Cell), 18.8.30
// numFmt and its built-in formats 14-22 and 45-47, 18.17.4 (dates: the 1900
// and 1904 systems, and the 1900 system's 29 February 1900 that never was),
// 22.9.2.19 ST_Xstring (the _xHHHH_ escape).

#include <gtest/gtest.h>
#include <stdlib.h>  // mkdtemp, setenv (POSIX)
#include <zip.h>

#include <cstdint>
#include <cstring>
#include <filesystem>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "chronology/sheet.hpp"
#include "test_support.hpp"

namespace {

using scr::detail::looks_like_xlsx;
using scr::detail::read_xlsx;
using scr::detail::sheet;
using scr::detail::sheet_cell;
using scr::detail::sheet_to_write;
using scr::detail::write_xlsx;
using kind = sheet_cell::kind;

// ---- ZIP archives made in memory ----------------------------------------------------

struct zip_part {
  std::string name;
  std::string text;
};

std::string zip_of(const std::vector<zip_part>& parts) {
  zip_error_t err;
  zip_error_init(&err);
  zip_source_t* out = zip_source_buffer_create(nullptr, 0, 0, &err);
  if (out == nullptr) throw std::runtime_error("zip_source_buffer_create failed");
  zip_source_keep(out);  // kept after zip_close, to be read
  zip_t* za = zip_open_from_source(out, ZIP_TRUNCATE, &err);
  if (za == nullptr) throw std::runtime_error(zip_error_strerror(&err));
  for (const auto& p : parts) {
    zip_source_t* s = zip_source_buffer(za, p.text.data(), p.text.size(), 0);
    if (s == nullptr || zip_file_add(za, p.name.c_str(), s, ZIP_FL_OVERWRITE) < 0) {
      throw std::runtime_error(std::string("zip_file_add: ") + zip_strerror(za));
    }
  }
  if (zip_close(za) != 0) throw std::runtime_error(std::string("zip_close: ") + zip_strerror(za));
  zip_stat_t st;
  if (zip_source_stat(out, &st) != 0 || zip_source_open(out) != 0) throw std::runtime_error("cannot read the archive");
  std::string bytes(st.size, '\0');
  const zip_int64_t n = zip_source_read(out, bytes.data(), bytes.size());
  zip_source_close(out);
  zip_source_free(out);
  zip_error_fini(&err);
  if (n < 0 || static_cast<std::uint64_t>(n) != st.size) throw std::runtime_error("short read of the archive");
  return bytes;
}

// One part of an archive, or nothing.
std::optional<std::string> part_of(const std::string& bytes, const std::string& name) {
  zip_error_t err;
  zip_error_init(&err);
  zip_source_t* src = zip_source_buffer_create(bytes.data(), bytes.size(), 0, &err);
  zip_t* za = src == nullptr ? nullptr : zip_open_from_source(src, ZIP_RDONLY, &err);
  zip_error_fini(&err);
  if (za == nullptr) {
    if (src != nullptr) zip_source_free(src);
    return std::nullopt;
  }
  std::optional<std::string> out;
  zip_stat_t st;
  if (zip_stat(za, name.c_str(), 0, &st) == 0) {
    if (zip_file_t* f = zip_fopen(za, name.c_str(), 0)) {
      std::string text(st.size, '\0');
      if (zip_fread(f, text.data(), text.size()) == static_cast<zip_int64_t>(st.size)) out = std::move(text);
      zip_fclose(f);
    }
  }
  zip_discard(za);
  return out;
}

// Rewrites the uncompressed size an archive gives for one entry, in its
// local header and in the central directory, as a "zip bomb" lies about it.
void set_declared_size(std::string& bytes, std::string_view name, std::uint32_t size) {
  const auto put = [&](std::size_t at) {
    for (int k = 0; k < 4; ++k) bytes[at + static_cast<std::size_t>(k)] = static_cast<char>((size >> (8 * k)) & 0xFF);
  };
  int patched = 0;
  for (std::size_t p = 0; p + 46 < bytes.size(); ++p) {
    if (bytes.compare(p, 4, "PK\x03\x04") == 0 && bytes.compare(p + 30, name.size(), name) == 0) {
      put(p + 22);
      ++patched;
    } else if (bytes.compare(p, 4, "PK\x01\x02") == 0 && bytes.compare(p + 46, name.size(), name) == 0) {
      put(p + 24);
      ++patched;
    }
  }
  ASSERT_EQ(patched, 2) << name;
}

// ---- workbooks put together by hand -------------------------------------------------------

constexpr std::string_view main_ns = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
constexpr std::string_view rel_ns = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
constexpr std::string_view package_ns = "http://schemas.openxmlformats.org/package/2006/relationships";

std::string relationship(std::string_view id, std::string_view type, std::string_view target) {
  return "<Relationship Id=\"" + std::string(id) + "\" Type=\"" + std::string(rel_ns) + "/" + std::string(type) +
         "\" Target=\"" + std::string(target) + "\"/>";
}

std::string relationships(const std::string& inside) {
  return "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<Relationships xmlns=\"" +
         std::string(package_ns) + "\">" + inside + "</Relationships>";
}

std::string worksheet(const std::string& sheet_data) {
  return "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<worksheet xmlns=\"" + std::string(main_ns) +
         "\" xmlns:r=\"" + std::string(rel_ns) + "\"><dimension ref=\"A1\"/><sheetData>" + sheet_data +
         "</sheetData></worksheet>";
}

// A one-sheet workbook laid out as Excel lays it out.
struct hand_made {
  std::string sheet_data;       // the content of <sheetData>
  std::string shared_strings;   // the content of <sst>; none if empty
  std::string num_fmts;         // the content of <numFmts>
  std::string cell_xfs = "<xf numFmtId=\"0\" fontId=\"0\" fillId=\"0\" borderId=\"0\" xfId=\"0\"/>";
  std::string workbook_pr;      // attributes of <workbookPr>
  std::string sheet_name = "Sheet1";

  [[nodiscard]] std::vector<zip_part> parts() const {
    std::vector<zip_part> p;
    p.push_back({"[Content_Types].xml",
                 "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Types xmlns=\"http://schemas.openxmlformats.org/package/"
                 "2006/content-types\"><Default Extension=\"xml\" ContentType=\"application/xml\"/></Types>"});
    p.push_back({"_rels/.rels", relationships(relationship("rId1", "officeDocument", "xl/workbook.xml"))});
    p.push_back({"xl/workbook.xml",
                 "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<workbook xmlns=\"" +
                     std::string(main_ns) + "\" xmlns:r=\"" + std::string(rel_ns) + "\"><workbookPr " + workbook_pr +
                     "/><sheets><sheet name=\"" + sheet_name + "\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>"});
    std::string rels = relationship("rId1", "worksheet", "worksheets/sheet1.xml") +
                       relationship("rId2", "styles", "styles.xml");
    if (!shared_strings.empty()) rels += relationship("rId3", "sharedStrings", "sharedStrings.xml");
    p.push_back({"xl/_rels/workbook.xml.rels", relationships(rels)});
    p.push_back({"xl/styles.xml", "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<styleSheet xmlns=\"" +
                                      std::string(main_ns) + "\"><numFmts>" + num_fmts +
                                      "</numFmts><cellStyleXfs count=\"1\"><xf numFmtId=\"14\"/></cellStyleXfs>"
                                      "<cellXfs>" + cell_xfs + "</cellXfs></styleSheet>"});
    if (!shared_strings.empty()) {
      p.push_back({"xl/sharedStrings.xml", "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<sst xmlns=\"" +
                                               std::string(main_ns) + "\">" + shared_strings + "</sst>"});
    }
    p.push_back({"xl/worksheets/sheet1.xml", worksheet(sheet_data)});
    return p;
  }
  [[nodiscard]] std::string bytes() const { return zip_of(parts()); }
};

std::string replaced(std::vector<zip_part> parts, const std::string& name, const std::string& text) {
  bool found = false;
  for (auto& p : parts) {
    if (p.name == name) {
      p.text = text;
      found = true;
    }
  }
  if (!found) parts.push_back({name, text});
  return zip_of(parts);
}

// The message of the input_error that reading these bytes must throw.
std::string refusal(const std::string& bytes, std::string_view what = "police.xlsx") {
  try {
    (void)read_xlsx(bytes, what);
  } catch (const scr::input_error& e) {
    EXPECT_TRUE(typeid(e) == typeid(scr::input_error)) << kind_of(e) << ": " << e.what();
    return e.what();
  } catch (const std::exception& e) {
    ADD_FAILURE() << "expected scr::input_error, got " << kind_of(e) << ": " << e.what();
    return {};
  }
  ADD_FAILURE() << "expected scr::input_error, but the workbook was read";
  return {};
}

#define EXPECT_REFUSED(bytes, ...)                                                          \
  do {                                                                                      \
    const std::string message_ = refusal(bytes);                                            \
    EXPECT_EQ(message_.rfind("police.xlsx: ", 0), 0u) << "the file is not named first: " << message_; \
    for (const std::string& part_ : std::vector<std::string>{__VA_ARGS__}) {                                  \
      EXPECT_NE(message_.find(part_), std::string::npos) << message_ << "\nshould contain: " << part_; \
    }                                                                                       \
  } while (false)

// ---- helpers for cells --------------------------------------------------------------

sheet_cell text(std::string s) { return sheet_cell::of_text(std::move(s)); }

sheet_cell number(std::string s) {
  sheet_cell c;
  c.type = kind::number;
  c.text = std::move(s);
  return c;
}

sheet_cell day(int y, int m, int d) {
  sheet_cell c;
  c.type = kind::date;
  c.day = ymd(y, m, d);
  return c;
}

sheet_cell clock(int h, int m) {
  sheet_cell c;
  c.type = kind::time;
  c.minutes = h * 60 + m;
  return c;
}

sheet_cell moment(int y, int mo, int d, int h, int mi) {
  sheet_cell c = day(y, mo, d);
  c.type = kind::date_time;
  c.minutes = h * 60 + mi;
  return c;
}

sheet_cell boolean(bool b) {
  sheet_cell c;
  c.type = kind::boolean;
  c.text = b ? "TRUE" : "FALSE";
  return c;
}

// "date 24/05/2004", "text abc": a cell's kind and text, to compare rows at once.
std::string shown(const sheet_cell& c) {
  static constexpr const char* names[] = {"empty", "text", "number", "date", "time", "date_time", "boolean"};
  std::string out = names[static_cast<int>(c.type)];
  out += " " + c.text;
  if (c.day) out += " day=" + scr::format_date(*c.day);
  if (c.minutes) out += " minutes=" + std::to_string(*c.minutes);
  return out;
}

std::vector<std::string> shown(const std::vector<sheet_cell>& row) {
  std::vector<std::string> out;
  for (const auto& c : row) out.push_back(shown(c));
  return out;
}

using row_text = std::vector<std::string>;

}  // namespace

// ---- writing and reading back --------------------------------------------------------

TEST(sheet_xlsx, what_is_written_is_read_back) {
  sheet_to_write s;
  s.name = "Police";
  s.headings = {"Date", "Time", "Event", "Count", "Seen"};
  s.widths = {12, 8, 60, 0, 6};
  s.rows = {
      {day(2024, 2, 29), clock(13, 45), text("Visit to the home\nby two officers"), number("3"), boolean(true)},
      {day(1900, 1, 15), clock(0, 0), text("=SUM(A1:A2)"), number("2.5"), boolean(false)},
      {day(1900, 3, 1), clock(23, 59), text(""), number("-0.125"), sheet_cell{}, text("after a gap")},
      {},
      {moment(2023, 10, 29, 1, 30), sheet_cell{}, text("Child Q \u2014 caf\u00e9 \u4e2d\u6587 \U0001F600"),
       number("123456789012345")},
      {sheet_cell{}, sheet_cell{}, text("_x0041_ and _x000D_ are kept as typed"), sheet_cell{}},
  };
  sheet_to_write second;
  second.name = "Health";
  second.rows = {{text("not read")}};
  const std::string bytes = write_xlsx({s, second});
  ASSERT_TRUE(looks_like_xlsx(bytes));

  const sheet got = read_xlsx(bytes, "export.xlsx");
  EXPECT_EQ(got.name, "Police");
  ASSERT_EQ(got.rows.size(), 7u);
  EXPECT_EQ(shown(got.rows[0]), (row_text{"text Date", "text Time", "text Event", "text Count", "text Seen"}));
  EXPECT_EQ(shown(got.rows[1]),
            (row_text{"date 29/02/2024 day=2024-02-29", "time 13:45 minutes=825",
                      "text Visit to the home\nby two officers", "number 3", "boolean TRUE"}));
  // 15 January 1900 is before Excel's 29 February 1900 that never was;
  // 1 March 1900 after it.
  EXPECT_EQ(shown(got.rows[2]), (row_text{"date 15/01/1900 day=1900-01-15", "time 00:00 minutes=0",
                                          "text =SUM(A1:A2)", "number 2.5", "boolean FALSE"}));
  EXPECT_EQ(shown(got.rows[3]), (row_text{"date 01/03/1900 day=1900-03-01", "time 23:59 minutes=1439", "empty ",
                                          "number -0.125", "empty ", "text after a gap"}));
  EXPECT_TRUE(got.rows[4].empty());
  EXPECT_EQ(shown(got.rows[5]),
            (row_text{"date_time 29/10/2023 01:30 day=2023-10-29 minutes=90", "empty ",
                      "text Child Q \u2014 caf\u00e9 \u4e2d\u6587 \U0001F600", "number 123456789012345"}));
  // The trailing empty cell is dropped.
  EXPECT_EQ(shown(got.rows[6]), (row_text{"empty ", "empty ", "text _x0041_ and _x000D_ are kept as typed"}));
}

TEST(sheet_xlsx, text_is_never_written_as_a_formula) {
  sheet_to_write s;
  s.name = "Sheet";
  s.rows = {{text("=HYPERLINK(\"http://example.com\",\"click\")"), text("+1"), text("@SUM(1)")}};
  const std::string bytes = write_xlsx({s});
  const auto xml = part_of(bytes, "xl/worksheets/sheet1.xml");
  ASSERT_TRUE(xml);
  EXPECT_EQ(xml->find("<f>"), std::string::npos) << *xml;
  const sheet got = read_xlsx(bytes, "export.xlsx");
  ASSERT_EQ(got.rows.size(), 1u);
  EXPECT_EQ(shown(got.rows[0]),
            (row_text{"text =HYPERLINK(\"http://example.com\",\"click\")", "text +1", "text @SUM(1)"}));
}

TEST(sheet_xlsx, headings_fills_widths_and_frozen_panes_are_written) {
  sheet_to_write s;
  s.name = "Chronology";
  s.headings = {"Agency", "Date"};
  s.widths = {18, 0, 33};
  for (int i = 0; i < 50; ++i) {
    auto a = text("Police");
    a.fill = 0xFF0000;
    auto d = day(2024, 1, 1 + i % 28);
    d.fill = i % 2 == 0 ? 0xFF0000u : 0x000000u;
    s.rows.push_back({a, d});
  }
  const std::string bytes = write_xlsx({s});
  const auto styles = part_of(bytes, "xl/styles.xml");
  const auto sheet1 = part_of(bytes, "xl/worksheets/sheet1.xml");
  ASSERT_TRUE(styles && sheet1);
  EXPECT_NE(styles->find("patternType=\"solid\""), std::string::npos) << *styles;
  EXPECT_NE(styles->find("FFFF0000"), std::string::npos) << *styles;
  EXPECT_NE(styles->find("FF000000"), std::string::npos) << "black is a colour, not none: " << *styles;
  EXPECT_NE(styles->find("formatCode=\"dd/mm/yyyy\""), std::string::npos) << *styles;
  EXPECT_NE(styles->find("<b/>"), std::string::npos) << *styles;
  EXPECT_NE(styles->find("<bottom style=\"thin\">"), std::string::npos) << *styles;
  EXPECT_NE(styles->find("wrapText=\"1\""), std::string::npos) << *styles;
  // One cell format per kind and fill, not one per cell: the default, the
  // heading, red text, red dates and black dates.
  EXPECT_NE(styles->find("<cellXfs count=\"5\">"), std::string::npos) << *styles;
  EXPECT_NE(sheet1->find("ySplit=\"1\""), std::string::npos) << *sheet1;
  EXPECT_NE(sheet1->find("state=\"frozen\""), std::string::npos) << *sheet1;
  EXPECT_NE(sheet1->find("<col min=\"1\" max=\"1\" width=\"18.7"), std::string::npos) << *sheet1;
  EXPECT_NE(sheet1->find("<col min=\"3\" max=\"3\" width=\"33.7"), std::string::npos) << *sheet1;
  EXPECT_EQ(sheet1->find("<col min=\"2\""), std::string::npos) << *sheet1;

  s.freeze_header = false;
  const auto unfrozen = part_of(write_xlsx({s}), "xl/worksheets/sheet1.xml");
  ASSERT_TRUE(unfrozen);
  EXPECT_EQ(unfrozen->find("state=\"frozen\""), std::string::npos) << *unfrozen;
}

TEST(sheet_xlsx, bad_sheet_names_are_refused_by_name) {
  const auto named = [](std::vector<std::string> names) {
    std::vector<sheet_to_write> sheets;
    for (auto& n : names) {
      sheet_to_write s;
      s.name = std::move(n);
      sheets.push_back(std::move(s));
    }
    return sheets;
  };
  EXPECT_ERROR(scr::input_error, write_xlsx(named({std::string(32, 'a')})), std::string(32, 'a').substr(0, 30), "31");
  EXPECT_ERROR(scr::input_error, write_xlsx(named({"Q1/Q2"})), "'Q1/Q2'", "[ ] : * ? / \\");
  EXPECT_ERROR(scr::input_error, write_xlsx(named({"[Police]"})), "'[Police]'");
  EXPECT_ERROR(scr::input_error, write_xlsx(named({"'Police"})), "'Police'", "apostrophe");
  EXPECT_ERROR(scr::input_error, write_xlsx(named({"Police", "POLICE"})), "'POLICE'", "twice");
  EXPECT_ERROR(scr::input_error, write_xlsx(named({""})), "empty");
  EXPECT_ERROR(scr::input_error, write_xlsx({}), "at least one sheet");
  // 31 characters, not 31 bytes: "é" is two bytes.
  const std::string accented = "Chronologie de l\u2019\u00e9quipe sant\u00e9 \u00e0";  // 31 characters, 36 bytes
  EXPECT_NO_THROW(write_xlsx(named({accented, "Police"})));
  EXPECT_EQ(read_xlsx(write_xlsx(named({accented})), "x.xlsx").name, accented);
}

TEST(sheet_xlsx, cells_that_cannot_be_written_are_refused_by_position) {
  sheet_to_write s;
  s.name = "Police";
  s.headings = {"A"};
  s.rows = {{number("3 visits")}};
  EXPECT_ERROR(scr::input_error, write_xlsx({s}), "'Police'", "A2", "'3 visits'", "not a number");
  s.rows = {{sheet_cell{}, clock(24, 0)}};
  EXPECT_ERROR(scr::input_error, write_xlsx({s}), "B2", "0 to 1439");
  sheet_cell undated;
  undated.type = kind::date;
  s.rows = {{undated}};
  EXPECT_ERROR(scr::input_error, write_xlsx({s}), "A2", "no date");
  s.rows = {{text("bad \xC3\x28 UTF-8")}};
  EXPECT_ERROR(scr::input_error, write_xlsx({s}), "A2", "UTF-8");
  s.rows = {{text(std::string(32'768, 'x'))}};
  EXPECT_ERROR(scr::error, write_xlsx({s}), "A2", "32,767");
}

TEST(sheet_xlsx, writing_leaves_no_temporary_files_even_when_it_fails) {
  const std::string before = std::getenv("TMPDIR") != nullptr ? std::getenv("TMPDIR") : "";
  std::string dir = (std::filesystem::temp_directory_path() / "scr-xlsx-test-XXXXXX").string();
  ASSERT_NE(mkdtemp(dir.data()), nullptr);
  setenv("TMPDIR", dir.c_str(), 1);
  sheet_to_write s;
  s.name = "Police";
  s.rows = {{text("a"), number("1")}};
  EXPECT_FALSE(write_xlsx({s}).empty());
  EXPECT_TRUE(std::filesystem::is_empty(dir));
  s.rows = {{text("a"), number("one")}};
  EXPECT_THROW(write_xlsx({s}), scr::input_error);
  EXPECT_TRUE(std::filesystem::is_empty(dir));
  if (before.empty()) {
    unsetenv("TMPDIR");
  } else {
    setenv("TMPDIR", before.c_str(), 1);
  }
  std::filesystem::remove_all(dir);
}

TEST(sheet_xlsx, looks_like_xlsx_is_the_zip_signature) {
  EXPECT_TRUE(looks_like_xlsx(std::string_view("PK\x03\x04rest", 8)));
  EXPECT_FALSE(looks_like_xlsx("Date,Event\n"));
  EXPECT_FALSE(looks_like_xlsx("PK"));
  EXPECT_FALSE(looks_like_xlsx(""));
  EXPECT_FALSE(looks_like_xlsx(std::string_view("PK\x05\x06", 4)));  // an empty archive holds no workbook
}

// ---- workbooks put together by hand ------------------------------------------------------

TEST(sheet_xlsx, shared_strings_with_rich_text_and_phonetic_runs) {
  hand_made w;
  w.shared_strings =
      "<si><t>Plain</t></si>"
      "<si><r><rPr><b/></rPr><t>Bold</t></r><r><t xml:space=\"preserve\"> and plain</t></r></si>"
      "<si><t>\u6771\u4eac</t><rPh sb=\"0\" eb=\"2\"><t>\u30c8\u30a6\u30ad\u30e7\u30a6</t></rPh>"
      "<phoneticPr fontId=\"1\"/></si>"
      "<si><t>line one_x000D_\nline two</t></si>"
      "<si><t/></si>"
      // A pair of surrogates is one character; a lone one cannot be UTF-8.
      "<si><t>_xD83D__xDE00_ _xD800_ _x005F_x0041_ _x12_</t></si>";
  w.sheet_data =
      "<row r=\"1\"><c r=\"A1\" t=\"s\"><v>1</v></c><c r=\"B1\" t=\"s\"><v>0</v></c><c r=\"C1\" t=\"s\"><v>2</v></c>"
      "<c r=\"D1\" t=\"s\"><v>3</v></c><c r=\"E1\" t=\"s\"><v>4</v></c></row>"
      "<row r=\"2\"><c r=\"A2\" t=\"s\"><v>5</v></c></row>";
  const sheet got = read_xlsx(w.bytes(), "police.xlsx");
  ASSERT_EQ(got.rows.size(), 2u);
  // The empty shared string is an empty cell, and as the last it is dropped.
  EXPECT_EQ(shown(got.rows[0]),
            (row_text{"text Bold and plain", "text Plain", "text \u6771\u4eac", "text line one\r\nline two"}));
  EXPECT_EQ(shown(got.rows[1]), (row_text{"text \U0001F600 \uFFFD _x0041_ _x12_"}));
  EXPECT_EQ(got.name, "Sheet1");
}

TEST(sheet_xlsx, inline_strings_formula_results_errors_and_booleans) {
  hand_made w;
  w.sheet_data =
      "<row r=\"1\">"
      "<c r=\"A1\" t=\"inlineStr\"><is><t>Inline</t></is></c>"
      "<c r=\"B1\" t=\"inlineStr\"><is><r><t>Rich</t></r><r><t xml:space=\"preserve\"> inline</t></r></is></c>"
      "<c r=\"C1\" t=\"str\"><f>CONCAT(\"a\",\"b\")</f><v>ab</v></c>"
      "<c r=\"D1\" t=\"e\"><f>VLOOKUP(1,X:Y,2,0)</f><v>#N/A</v></c>"
      "<c r=\"E1\" t=\"b\"><v>1</v></c><c r=\"F1\" t=\"b\"><v>0</v></c>"
      "<c r=\"G1\"><f>1+1</f><v>2</v></c>"
      "<c r=\"H1\"><f>A1</f></c>"  // a formula never calculated: no value
      "<c r=\"I1\" s=\"0\"/>"
      "</row>";
  const sheet got = read_xlsx(w.bytes(), "police.xlsx");
  ASSERT_EQ(got.rows.size(), 1u);
  EXPECT_EQ(shown(got.rows[0]), (row_text{"text Inline", "text Rich inline", "text ab", "text #N/A", "boolean TRUE",
                                          "boolean FALSE", "number 2"}));
}

TEST(sheet_xlsx, numbers_read_as_excel_shows_them_in_general_format) {
  hand_made w;
  w.sheet_data =
      "<row r=\"1\"><c r=\"A1\"><v>3</v></c><c r=\"B1\"><v>2.5</v></c><c r=\"C1\"><v>0.30000000000000004</v></c>"
      "<c r=\"D1\"><v>-1.25E-2</v></c><c r=\"E1\"><v>1E+20</v></c><c r=\"F1\"><v>123456789012345678</v></c>"
      "<c r=\"G1\"><v>45000</v></c><c r=\"H1\"><v>1.5E-12</v></c><c r=\"I1\"><v>-0</v></c>"
      "<c r=\"J1\"><v>100000</v></c><c r=\"K1\"><v>0.1</v></c></row>";
  const sheet got = read_xlsx(w.bytes(), "police.xlsx");
  ASSERT_EQ(got.rows.size(), 1u);
  EXPECT_EQ(shown(got.rows[0]),
            (row_text{"number 3", "number 2.5", "number 0.3", "number -0.0125", "number 1E+20",
                      "number 1.23456789012346E+17", "number 45000", "number 1.5E-12", "number 0", "number 100000",
                      "number 0.1"}));
}

TEST(sheet_xlsx, dates_and_times_by_their_number_format) {
  hand_made w;
  w.num_fmts =
      "<numFmt numFmtId=\"164\" formatCode=\"dd/mm/yy\"/>"
      "<numFmt numFmtId=\"165\" formatCode=\"hh:mm\"/>"
      "<numFmt numFmtId=\"166\" formatCode=\"[$-809]dd\\ mmmm\\ yyyy\\ hh:mm\"/>"
      "<numFmt numFmtId=\"167\" formatCode=\"0.00&quot; days&quot;\"/>"
      "<numFmt numFmtId=\"168\" formatCode=\"[Red]0;[Blue]\\-0\"/>"
      "<numFmt numFmtId=\"169\" formatCode=\"[h]:mm\"/>"
      "<numFmt numFmtId=\"170\" formatCode=\"mm:ss\"/>"
      "<numFmt numFmtId=\"171\" formatCode=\"mmm\"/>";
  // s: 0 General, 1 built-in 14, 2 dd/mm/yy, 3 hh:mm, 4 date and time,
  // 5 quoted "days", 6 colours, 7 elapsed hours, 8 built-in 22, 9 built-in 20,
  // 10 minutes and seconds, 11 the month alone.
  w.cell_xfs =
      "<xf numFmtId=\"0\"/><xf numFmtId=\"14\" applyNumberFormat=\"1\"/><xf numFmtId=\"164\"/><xf numFmtId=\"165\"/>"
      "<xf numFmtId=\"166\"/><xf numFmtId=\"167\"/><xf numFmtId=\"168\"/><xf numFmtId=\"169\"/>"
      "<xf numFmtId=\"22\"/><xf numFmtId=\"20\"/><xf numFmtId=\"170\"/><xf numFmtId=\"171\"/>";
  w.sheet_data =
      "<row r=\"1\">"
      "<c r=\"A1\" s=\"1\"><v>45436</v></c>"                   // 24/05/2024
      "<c r=\"B1\" s=\"2\"><v>38131</v></c>"                   // 24/05/2004
      "<c r=\"C1\" s=\"3\"><v>0.57291666666666663</v></c>"     // 13:45
      "<c r=\"D1\" s=\"4\"><v>45436.572916666664</v></c>"      // 24/05/2024 13:45
      "<c r=\"E1\" s=\"5\"><v>3</v></c>"                       // a number: "d" is quoted
      "<c r=\"F1\" s=\"6\"><v>45436</v></c>"                   // a number: [Red] is a colour
      "<c r=\"G1\" s=\"7\"><v>0.5</v></c>"                     // elapsed [h]:mm: a time
      "<c r=\"H1\" s=\"8\"><v>45436</v></c>"                   // built-in 22 at midnight: a date and time
      "<c r=\"I1\" s=\"9\"><v>0.99999</v></c>"                 // 23:59:59: rounds to 23:59, never to midnight
      "<c r=\"J1\" s=\"10\"><v>0.0006944444444444445</v></c>"  // mm:ss, m is minutes: 00:01
      "<c r=\"K1\" s=\"1\"><v>45436.4</v></c>"                 // a date format showing a time too
      "</row>"
      "<row r=\"2\">"
      "<c r=\"A2\" s=\"1\"><v>59</v></c>"                      // 28/02/1900
      "<c r=\"B2\" s=\"1\"><v>60</v></c>"                      // 29/02/1900, which never was
      "<c r=\"C2\" s=\"1\"><v>61</v></c>"                      // 01/03/1900
      "<c r=\"D2\" s=\"1\"><v>1</v></c>"                       // 01/01/1900
      "<c r=\"E2\" s=\"1\"><v>0</v></c>"                       // 00/01/1900: no date
      "<c r=\"F2\" s=\"1\"><v>-1</v></c>"                      // #### in Excel
      "<c r=\"G2\" s=\"99\"><v>45436</v></c>"                  // no such format: a number
      "<c r=\"H2\" t=\"d\"><v>2024-05-24</v></c>"
      "<c r=\"I2\" t=\"d\"><v>2024-05-24T13:45:00</v></c>"
      "<c r=\"J2\" t=\"d\"><v>13:45:40</v></c>"
      "<c r=\"K2\" s=\"11\"><v>45436</v></c>"                 // "May": m alone is the month
      "</row>";
  const sheet got = read_xlsx(w.bytes(), "police.xlsx");
  ASSERT_EQ(got.rows.size(), 2u);
  EXPECT_EQ(shown(got.rows[0]),
            (row_text{"date 24/05/2024 day=2024-05-24", "date 24/05/2004 day=2004-05-24", "time 13:45 minutes=825",
                      "date_time 24/05/2024 13:45 day=2024-05-24 minutes=825", "number 3", "number 45436",
                      "time 12:00 minutes=720", "date_time 24/05/2024 00:00 day=2024-05-24 minutes=0",
                      "time 23:59 minutes=1439", "time 00:01 minutes=1",
                      "date_time 24/05/2024 09:36 day=2024-05-24 minutes=576"}));
  EXPECT_EQ(shown(got.rows[1]),
            (row_text{"date 28/02/1900 day=1900-02-28", "text 29/02/1900", "date 01/03/1900 day=1900-03-01",
                      "date 01/01/1900 day=1900-01-01", "number 0", "number -1", "number 45436",
                      "date 24/05/2024 day=2024-05-24", "date_time 24/05/2024 13:45 day=2024-05-24 minutes=825",
                      "time 13:46 minutes=826", "date 24/05/2024 day=2024-05-24"}));
}

TEST(sheet_xlsx, the_1904_date_system) {
  for (const std::string flag : {"date1904=\"1\"", "date1904=\"true\""}) {
    hand_made w;
    w.workbook_pr = flag;
    w.cell_xfs = "<xf numFmtId=\"0\"/><xf numFmtId=\"14\"/><xf numFmtId=\"22\"/>";
    w.sheet_data =
        "<row r=\"1\"><c r=\"A1\" s=\"1\"><v>0</v></c><c r=\"B1\" s=\"1\"><v>43974</v></c>"
        "<c r=\"C1\" s=\"2\"><v>43974.5</v></c></row>";
    const sheet got = read_xlsx(w.bytes(), "police.xlsx");
    ASSERT_EQ(got.rows.size(), 1u) << flag;
    EXPECT_EQ(shown(got.rows[0]), (row_text{"date 01/01/1904 day=1904-01-01", "date 24/05/2024 day=2024-05-24",
                                            "date_time 24/05/2024 12:00 day=2024-05-24 minutes=720"}))
        << flag;
  }
  hand_made w;
  w.workbook_pr = "date1904=\"0\"";
  w.cell_xfs = "<xf numFmtId=\"0\"/><xf numFmtId=\"14\"/>";
  w.sheet_data = "<row r=\"1\"><c r=\"A1\" s=\"1\"><v>43974</v></c></row>";
  EXPECT_EQ(shown(read_xlsx(w.bytes(), "police.xlsx").rows.at(0)), (row_text{"date 23/05/2020 day=2020-05-23"}));
}

TEST(sheet_xlsx, cells_are_placed_by_their_references) {
  hand_made w;
  w.sheet_data =
      "<row r=\"2\"><c r=\"C2\"><v>1</v></c></row>"
      "<row r=\"5\" spans=\"1:4\"><c r=\"A5\"><v>2</v></c><c r=\"D5\"><v>3</v></c><c r=\"E5\" s=\"0\"/></row>"
      // No references at all (allowed): the next row, the next column.
      "<row><c><v>4</v></c><c><v>5</v></c></row>"
      "<row r=\"9\"><c r=\"B9\" s=\"0\"/></row>"  // formatted but blank: a trailing empty row
      "<row r=\"12\"/>";
  const sheet got = read_xlsx(w.bytes(), "police.xlsx");
  ASSERT_EQ(got.rows.size(), 6u);
  EXPECT_TRUE(got.rows[0].empty());
  EXPECT_EQ(shown(got.rows[1]), (row_text{"empty ", "empty ", "number 1"}));
  EXPECT_TRUE(got.rows[2].empty());
  EXPECT_TRUE(got.rows[3].empty());
  EXPECT_EQ(shown(got.rows[4]), (row_text{"number 2", "empty ", "empty ", "number 3"}));
  EXPECT_EQ(shown(got.rows[5]), (row_text{"number 4", "number 5"}));
}

TEST(sheet_xlsx, the_first_sheet_listed_is_read_whatever_its_part_is_called) {
  hand_made w;
  auto parts = w.parts();
  const std::string workbook =
      "<?xml version=\"1.0\"?>\n<x:workbook xmlns:x=\"" + std::string(main_ns) + "\" xmlns:rel=\"" +
      std::string(rel_ns) + "\"><x:sheets><x:sheet name=\"Chart\" sheetId=\"4\" rel:id=\"rId4\"/>"
      "<x:sheet name=\"Police\" sheetId=\"2\" rel:id=\"rId2\"/>"
      "<x:sheet name=\"Health\" sheetId=\"1\" rel:id=\"rId1\"/></x:sheets></x:workbook>";
  const std::string rels = relationships(
      relationship("rId1", "worksheet", "worksheets/sheet1.xml") +
      relationship("rId2", "worksheet", "/xl/worksheets/sheet2.xml") +
      relationship("rId3", "styles", "styles.xml") + relationship("rId4", "chartsheet", "chartsheets/sheet1.xml"));
  parts.push_back({"xl/worksheets/sheet2.xml",
                   worksheet("<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>Police</t></is></c></row>")});
  parts.push_back({"xl/chartsheets/sheet1.xml", "<chartsheet/>"});
  for (auto& p : parts) {
    if (p.name == "xl/workbook.xml") p.text = workbook;
    if (p.name == "xl/_rels/workbook.xml.rels") p.text = rels;
    if (p.name == "xl/worksheets/sheet1.xml") {
      p.text = worksheet("<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>Health</t></is></c></row>");
    }
  }
  const sheet got = read_xlsx(zip_of(parts), "police.xlsx");
  EXPECT_EQ(got.name, "Police");
  ASSERT_EQ(got.rows.size(), 1u);
  EXPECT_EQ(shown(got.rows[0]), (row_text{"text Police"}));
}

// ---- refusals ------------------------------------------------------------------------

TEST(sheet_xlsx, what_is_not_a_workbook_is_refused_with_the_file_named) {
  EXPECT_REFUSED("Date,Event\n24/05/2024,Visit\n", "not an XLSX workbook", "not a ZIP archive");
  EXPECT_REFUSED("", "not an XLSX workbook", "empty");
  EXPECT_REFUSED(std::string("PK\x03\x04") + " and then nothing of a ZIP archive", "not an XLSX workbook");
  EXPECT_REFUSED(zip_of({{"word/document.xml", "<document/>"}}), "not an XLSX workbook", "no xl/workbook.xml");
  // An empty archive: just the end of its central directory.
  EXPECT_REFUSED(std::string("PK\x05\x06", 4) + std::string(18, '\0'), "not an XLSX workbook", "no xl/workbook.xml");

  hand_made w;
  auto parts = w.parts();
  std::erase_if(parts, [](const zip_part& p) { return p.name == "xl/_rels/workbook.xml.rels"; });
  EXPECT_REFUSED(zip_of(parts), "no xl/_rels/workbook.xml.rels");

  EXPECT_REFUSED(replaced(w.parts(), "xl/workbook.xml",
                          "<workbook xmlns=\"" + std::string(main_ns) + "\"><sheets/></workbook>"),
                 "no worksheet");
  parts = w.parts();
  std::erase_if(parts, [](const zip_part& p) { return p.name == "xl/worksheets/sheet1.xml"; });
  EXPECT_REFUSED(zip_of(parts), "xl/worksheets/sheet1.xml", "missing");
}

TEST(sheet_xlsx, malformed_xml_is_refused_with_the_part_and_line) {
  hand_made w;
  EXPECT_REFUSED(replaced(w.parts(), "xl/worksheets/sheet1.xml",
                          "<?xml version=\"1.0\"?>\n<worksheet>\n<sheetData><row></sheetData>\n</worksheet>"),
                 "malformed XML", "xl/worksheets/sheet1.xml", "line 3", "mismatched tag");
  EXPECT_REFUSED(replaced(w.parts(), "xl/styles.xml", "<styleSheet>&undefined;</styleSheet>"), "malformed XML",
                 "xl/styles.xml", "line 1");
  w.shared_strings = "<si><t>a</t></si>";
  w.sheet_data = "<row><c t=\"s\"><v>0</v></c></row>";
  EXPECT_REFUSED(replaced(w.parts(), "xl/sharedStrings.xml", "<sst><si><t>unclosed</si></sst>"), "malformed XML",
                 "xl/sharedStrings.xml");
}

TEST(sheet_xlsx, a_doctype_is_refused_before_any_entity_is_expanded) {
  const std::string laughs =
      "<?xml version=\"1.0\"?>\n<!DOCTYPE worksheet [\n<!ENTITY lol \"lol\">\n"
      "<!ENTITY lol2 \"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\">\n"
      "<!ENTITY lol3 \"&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;\">\n]>\n"
      "<worksheet><sheetData><row><c t=\"inlineStr\"><is><t>&lol3;</t></is></c></row></sheetData></worksheet>";
  hand_made w;
  EXPECT_REFUSED(replaced(w.parts(), "xl/worksheets/sheet1.xml", laughs), "xl/worksheets/sheet1.xml", "DOCTYPE");
  EXPECT_REFUSED(replaced(w.parts(), "xl/workbook.xml",
                          "<!DOCTYPE workbook SYSTEM \"file:///etc/passwd\"><workbook/>"),
                 "xl/workbook.xml", "DOCTYPE");
}

TEST(sheet_xlsx, cell_references_beyond_xfd1048576_are_refused) {
  for (const std::string ref : {"XFE1", "A1048577", "AAAA1", "XFD99999999999999999999"}) {
    hand_made w;
    w.sheet_data = "<row><c r=\"" + ref + "\"><v>1</v></c></row>";
    EXPECT_REFUSED(w.bytes(), "'" + ref.substr(0, 40) + "'", "beyond XFD1048576");
  }
  hand_made w;
  w.sheet_data = "<row r=\"1048577\"><c><v>1</v></c></row>";
  EXPECT_REFUSED(w.bytes(), "row 1048577", "beyond XFD1048576");
  // The last cell itself is allowed.
  w.sheet_data = "<row r=\"1048576\"><c r=\"XFD1048576\" t=\"inlineStr\"><is><t>last</t></is></c></row>";
  const sheet got = read_xlsx(w.bytes(), "police.xlsx");
  ASSERT_EQ(got.rows.size(), 1'048'576u);
  ASSERT_EQ(got.rows.back().size(), 16'384u);
  EXPECT_EQ(got.rows.back().back().text, "last");
  for (const std::string ref : {"1A", "A0", "A", "B-1", ""}) {
    w.sheet_data = "<row><c r=\"" + ref + "\"><v>1</v></c></row>";
    EXPECT_REFUSED(w.bytes(), "malformed cell reference");
  }
}

TEST(sheet_xlsx, values_that_do_not_match_their_type_are_refused) {
  hand_made w;
  w.sheet_data = "<row><c r=\"B7\"><v>twelve</v></c></row>";
  EXPECT_REFUSED(w.bytes(), "B7", "'twelve'", "not a number");
  w.sheet_data = "<row><c r=\"B7\" t=\"b\"><v>2</v></c></row>";
  EXPECT_REFUSED(w.bytes(), "B7", "TRUE or FALSE");
  w.sheet_data = "<row><c r=\"B7\" t=\"d\"><v>2023-02-29</v></c></row>";
  EXPECT_REFUSED(w.bytes(), "B7", "'2023-02-29'", "ISO 8601");
  w.sheet_data = "<row><c r=\"B7\" t=\"s\"><v>5</v></c></row>";
  w.shared_strings = "<si><t>only one</t></si>";
  EXPECT_REFUSED(w.bytes(), "B7", "shared string 5", "has 1");
  w.sheet_data = "<row><c r=\"B7\" t=\"x\"><v>5</v></c></row>";
  EXPECT_REFUSED(w.bytes(), "B7", "unknown type 'x'");
}

TEST(sheet_xlsx, archives_that_expand_beyond_256_mb_are_refused) {
  hand_made w;
  w.sheet_data = "<row><c><v>1</v></c></row>";
  // An entry that says it is 300 MB.
  std::string bytes = w.bytes();
  set_declared_size(bytes, "xl/styles.xml", 300'000'000);
  EXPECT_REFUSED(bytes, "256 MB");
  // Entries of 200 MB and 100 MB: each under the limit, together over it.
  bytes = w.bytes();
  set_declared_size(bytes, "xl/styles.xml", 200'000'000);
  set_declared_size(bytes, "[Content_Types].xml", 100'000'000);
  EXPECT_REFUSED(bytes, "256 MB");
  // An entry that says it is smaller than it is: reading stops there.
  for (int i = 0; i < 2000; ++i) w.sheet_data += "<row><c><v>1</v></c></row>";
  bytes = w.bytes();
  set_declared_size(bytes, "xl/worksheets/sheet1.xml", 100);
  EXPECT_REFUSED(bytes, "xl/worksheets/sheet1.xml");
}

TEST(sheet_xlsx, worksheets_of_more_than_a_million_cells_are_refused) {
  std::string row = "<row>";
  for (int i = 0; i < 1000; ++i) row += "<c><v>1</v></c>";
  row += "</row>";
  hand_made w;
  w.sheet_data.reserve(row.size() * 1001);
  for (int i = 0; i < 1000; ++i) w.sheet_data += row;
  // 1,000,000 cells are read...
  EXPECT_EQ(read_xlsx(w.bytes(), "police.xlsx").rows.size(), 1000u);
  // ... one more is refused.
  w.sheet_data += "<row><c><v>1</v></c></row>";
  EXPECT_REFUSED(w.bytes(), "1,000,000 cells");
}

TEST(sheet_xlsx, cells_spread_far_apart_are_refused_before_they_take_the_memory) {
  // 130 cells, but each in column XFD: 130 rows of 16,384 cells once read.
  hand_made w;
  for (int i = 1; i <= 130; ++i) w.sheet_data += "<row><c r=\"XFD" + std::to_string(i) + "\"><v>1</v></c></row>";
  EXPECT_REFUSED(w.bytes(), "spans more than 2,000,000 cells");
}
