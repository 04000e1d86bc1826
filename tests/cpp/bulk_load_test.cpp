// Loading many reviews' steps from one table (docs/bulk-load.md): a board's
// tracking spreadsheet of 20 Solihull reviews, 200 rows in date order
// (tests/data/bulk-load/tracker.csv), loads in one call; a faulty row is
// named by row and column and nothing is loaded for its review; the same
// table loaded again adds nothing; the XLSX form loads the same. On the
// tests' backend (SQLite, or PostgreSQL in the `postgresql:` run).

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "../../libscr/src/chronology/sheet.hpp"
#include "backend_support.hpp"
#include "review_support.hpp"
#include "scr/bulk_load.hpp"
#include "scr/store.hpp"
#include "store_support.hpp"

namespace {

std::string tracker_csv() {
  std::ifstream in(std::string(SCR_TEST_DATA_DIR) + "/bulk-load/tracker.csv", std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// The CSV's lines, and back.
std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) out.push_back(line);
  return out;
}

std::string joined(const std::vector<std::string>& lines) {
  std::string out;
  for (const auto& l : lines) out += l + "\n";
  return out;
}

std::string history_text(const scr::store& db, const std::string& ref) {
  std::string out;
  for (const auto& s : db.history(ref)) {
    out += std::string(scr::to_string(s.event.kind)) + " " + s.event.name + " " + scr::format_instant(s.event.at) +
           " " + s.event.by.name + " " + s.event.by.role + " " + s.event.agency + "\n";
  }
  return out;
}

TEST(bulk_load, a_trackers_200_rows_of_20_reviews_load_in_one_call) {
  auto db = test_store(clock_at(utc(2026, 12, 5, 12)));
  const auto r = scr::load_steps(db, tracker_csv(), "tracker.csv");
  ASSERT_EQ(r.reviews.size(), 20u);
  EXPECT_EQ(r.loaded(), 20u);
  for (const auto& x : r.reviews) {
    EXPECT_TRUE(x.loaded) << x.reference << ": " << x.error;
    EXPECT_TRUE(x.opened);
    EXPECT_EQ(x.rows.size(), 10u);
    EXPECT_EQ(x.events_after, 10u);
  }
  EXPECT_EQ(db.references().size(), 20u);
  // Child A as the rows say: the referral, then its steps in order, the
  // Police track's step by the business manager.
  const auto a = db.load("Child A");
  EXPECT_EQ(a.state(), "agency_reviews");
  EXPECT_EQ(a.history().front().at, london(2024, 1, 8, 9));
  EXPECT_EQ(std::get<scr::instant>(a.history().front().data.at("incident_at")), london(2024, 1, 6, 22));
  EXPECT_EQ(a.history()[2].name, "involvement_confirmed");
  EXPECT_EQ(a.history()[2].agency, "Police");
  EXPECT_EQ(std::get<bool>(a.history()[2].data.at("records_secured")), true);
  EXPECT_EQ(std::get<std::string>(a.history()[1].data.at("agency")), "Police");  // the "data: agency" column
  EXPECT_TRUE(db.verify_all().ok());
  // Loaded again: every row is recorded already, nothing is added.
  const auto again = scr::load_steps(db, tracker_csv(), "tracker.csv");
  EXPECT_EQ(again.loaded(), 20u);
  for (const auto& x : again.reviews) {
    EXPECT_FALSE(x.opened);
    EXPECT_EQ(x.skipped, 10u);
    EXPECT_EQ(x.events_after, 10u);
  }
  EXPECT_EQ(db.sequence("Child T"), 10u);
}

TEST(bulk_load, a_faulty_row_is_named_by_row_and_column_and_its_review_loads_nothing) {
  auto lines = lines_of(tracker_csv());
  // Child C's recommendation (the fifth of its rows) typed for a day February does not have.
  std::size_t row = 0;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    if (lines[i].rfind("Child C,,panel_recommended,", 0) == 0) row = i;
  }
  ASSERT_NE(row, 0u);
  const auto comma = lines[row].find(',', std::string("Child C,,panel_recommended,").size());
  lines[row] = "Child C,,panel_recommended,31/02/2024 10:00" + lines[row].substr(comma);
  auto db = test_store(clock_at(utc(2026, 12, 5, 12)));
  const auto r = scr::load_steps(db, joined(lines), "tracker.csv");
  EXPECT_EQ(r.loaded(), 19u);
  EXPECT_EQ(r.refused(), 1u);
  const auto& c = r.reviews[2];
  EXPECT_EQ(c.reference, "Child C");
  EXPECT_FALSE(c.loaded);
  EXPECT_EQ(c.error.rfind("row " + std::to_string(row + 1) + ", column 'Occurred at': '31/02/2024 10:00'", 0), 0u)
      << c.error;
  EXPECT_NE(c.error.find("February 2024 has 29 days"), std::string::npos) << c.error;
  EXPECT_FALSE(db.contains("Child C"));  // not even its opening
  EXPECT_TRUE(db.contains("Child D"));

  // A step the procedure does not allow yet: named in the event column.
  lines = lines_of(tracker_csv());
  for (auto& l : lines) {
    if (l.rfind("Child D,,panel_convened,", 0) == 0) l.replace(0, std::string("Child D,,panel_convened,").size(), "Child D,,decision_made,");
  }
  auto other = test_store(clock_at(utc(2026, 12, 5, 12)));
  const auto d = scr::load_steps(other, joined(lines), "tracker.csv");
  EXPECT_FALSE(d.reviews[3].loaded);
  EXPECT_NE(d.reviews[3].error.find(", column 'Event': "), std::string::npos) << d.reviews[3].error;
  EXPECT_FALSE(other.contains("Child D"));
  // Put right and loaded again: only Child D is added.
  const auto fixed = scr::load_steps(other, tracker_csv(), "tracker.csv");
  EXPECT_EQ(fixed.loaded(), 20u);
  EXPECT_TRUE(fixed.reviews[3].opened);
  EXPECT_EQ(fixed.reviews[0].skipped, 10u);
  EXPECT_TRUE(other.verify_all().ok());
}

TEST(bulk_load, a_check_writes_nothing_and_a_table_without_its_columns_is_refused) {
  auto db = test_store(clock_at(utc(2026, 12, 5, 12)));
  scr::step_load_options check;
  check.check_only = true;
  const auto r = scr::load_steps(db, tracker_csv(), "tracker.csv", check);
  EXPECT_TRUE(r.check_only);
  EXPECT_EQ(r.loaded(), 20u);
  EXPECT_TRUE(db.references().empty());
  EXPECT_ERROR(scr::input_error, scr::load_steps(db, "Reference,Event,Actor\nChild A,referral_received,A\n", "t.csv"),
               "table 't.csv' has no 'at', 'role' column", "Nothing was loaded");
  // A review not in the store whose first row does not open it.
  const auto late = scr::load_steps(
      db, "Reference,Procedure,Event,At,Actor,Role\nChild Z,solihull-2011-scr,panel_convened,19/01/2024 10:00,A,lscb_chair\n",
      "t.csv");
  EXPECT_FALSE(late.reviews[0].loaded);
  EXPECT_NE(late.reviews[0].error.find("row 2, column 'Event': review 'Child Z' is not in the store, so its first row "
                                       "must open it with 'referral_received'"),
            std::string::npos)
      << late.reviews[0].error;
  EXPECT_TRUE(db.references().empty());
}

// The same tracker as an XLSX workbook, its times as date-and-time cells.
TEST(bulk_load, the_xlsx_form_loads_the_same_reviews) {
  const auto lines = lines_of(tracker_csv());
  scr::detail::sheet_to_write sheet;
  sheet.name = "Tracker";
  std::vector<std::vector<std::string>> cells;
  for (const auto& l : lines) {
    std::vector<std::string> row;
    std::string cell;
    bool quoted = false;
    for (const char ch : l) {
      if (ch == '"') quoted = !quoted;
      else if (ch == ',' && !quoted) {
        row.push_back(cell);
        cell.clear();
      } else {
        cell += ch;
      }
    }
    row.push_back(cell);
    cells.push_back(row);
  }
  sheet.headings = cells.front();
  for (std::size_t i = 1; i < cells.size(); ++i) {
    std::vector<scr::detail::sheet_cell> row;
    for (std::size_t k = 0; k < cells[i].size(); ++k) {
      if (k == 3) {  // Occurred at: a date-and-time cell
        scr::detail::sheet_cell c;
        c.type = scr::detail::sheet_cell::kind::date_time;
        c.day = scr::parse_date(cells[i][k].substr(0, 10));
        c.minutes = std::stoi(cells[i][k].substr(11, 2)) * 60 + std::stoi(cells[i][k].substr(14, 2));
        row.push_back(c);
      } else {
        row.push_back(scr::detail::sheet_cell::of_text(cells[i][k]));
      }
    }
    sheet.rows.push_back(row);
  }
  const std::string xlsx = scr::detail::write_xlsx({sheet});
  auto from_csv = test_store(clock_at(utc(2026, 12, 5, 12)));
  auto from_xlsx = test_store(clock_at(utc(2026, 12, 5, 12)));
  EXPECT_EQ(scr::load_steps(from_csv, tracker_csv(), "tracker.csv").loaded(), 20u);
  const auto r = scr::load_steps(from_xlsx, xlsx, "tracker.xlsx");
  EXPECT_EQ(r.loaded(), 20u) << (r.reviews.empty() ? "" : r.reviews.front().error);
  for (const auto& ref : from_csv.references()) EXPECT_EQ(history_text(from_xlsx, ref), history_text(from_csv, ref));
}

}  // namespace
