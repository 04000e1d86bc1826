// Reading CSV as agencies send it (libscr/src/chronology/sheet_csv.cpp).

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <string>

#include "chronology/sheet.hpp"
#include "scr/error.hpp"

namespace {

using scr::detail::read_csv;

std::string file_bytes(const std::string& name) {
  std::ifstream in(std::string(SCR_TEST_DATA_DIR) + "/chronology/" + name, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

std::string text_at(const scr::detail::sheet& s, std::size_t row, std::size_t col) {
  if (row >= s.rows.size() || col >= s.rows[row].size()) return "<none>";
  return s.rows[row][col].text;
}

TEST(SheetCsv, QuotedFieldsHoldCommasQuotesAndLineBreaks) {
  const auto s = read_csv("a,\"b, c\",\"say \"\"hi\"\"\"\r\n1,\"two\nlines\",3\r\n", "t.csv");
  ASSERT_EQ(s.rows.size(), 2u);
  EXPECT_EQ(text_at(s, 0, 1), "b, c");
  EXPECT_EQ(text_at(s, 0, 2), "say \"hi\"");
  EXPECT_EQ(text_at(s, 1, 1), "two\nlines");
  EXPECT_EQ(text_at(s, 1, 2), "3");
}

TEST(SheetCsv, BlankRowsInTheMiddleKeepTheFileRowNumbers) {
  const auto s = read_csv("h1,h2\n\nx,y\n,\n\n", "t.csv");
  ASSERT_EQ(s.rows.size(), 3u);  // trailing blank rows dropped
  EXPECT_TRUE(s.rows[1].empty());
  EXPECT_EQ(text_at(s, 2, 0), "x");
}

TEST(SheetCsv, SemicolonsAndTabsAreFoundFromTheFirstLine) {
  EXPECT_EQ(text_at(read_csv("a;b;c\n1,5;2;3\n", "t.csv"), 1, 0), "1,5");
  EXPECT_EQ(text_at(read_csv("a\tb\n1\t2\n", "t.csv"), 1, 1), "2");
}

TEST(SheetCsv, AByteOrderMarkIsNotPartOfTheFirstHeading) {
  const auto s = read_csv("\xEF\xBB\xBF" "Date,Time\n", "t.csv");
  EXPECT_EQ(text_at(s, 0, 0), "Date");
}

TEST(SheetCsv, Windows1252IsReadAsExcelWroteIt) {
  // £ (A3), ’ (92), é (E9): not UTF-8, so read as Windows-1252.
  const auto s = read_csv("Note\n\xA3" "5 for the caf\xE9" ", mother\x92s\n", "t.csv");
  EXPECT_EQ(text_at(s, 1, 0), "\xC2\xA3" "5 for the caf\xC3\xA9");
  EXPECT_EQ(text_at(s, 1, 1), " mother\xE2\x80\x99s");
}

TEST(SheetCsv, TheWindows1252TestFileReadsAsTheUtf8One) {
  const auto a = read_csv(file_bytes("stockport-2010/police-windows-1252.csv"), "a.csv");
  const auto b = read_csv(file_bytes("stockport-2010/police.csv"), "b.csv");
  ASSERT_EQ(a.rows.size(), b.rows.size());
  for (std::size_t r = 0; r < a.rows.size(); ++r) {
    ASSERT_EQ(a.rows[r].size(), b.rows[r].size()) << "row " << r + 1;
    for (std::size_t c = 0; c < a.rows[r].size(); ++c) EXPECT_EQ(a.rows[r][c].text, b.rows[r][c].text);
  }
}

TEST(SheetCsv, RefusalsNameTheFile) {
  try {
    read_csv("a,\"never closed\n", "police.csv");
    FAIL() << "an unclosed quote was read";
  } catch (const scr::input_error& e) {
    EXPECT_NE(std::string(e.what()).find("police.csv"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("line 1"), std::string::npos) << e.what();
  }
  // Bytes Windows-1252 does not assign (0x81) and that are not UTF-8.
  EXPECT_THROW(read_csv("a\n\x81\n", "x.csv"), scr::input_error);
  // A byte order mark says UTF-8: invalid bytes after it are not guessed at.
  EXPECT_THROW(read_csv("\xEF\xBB\xBF" "a\n\xE9\n", "x.csv"), scr::input_error);
}

}  // namespace
