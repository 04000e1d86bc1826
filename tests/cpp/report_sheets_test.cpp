// The lists as spreadsheets (libscr/src/report_sheets.cpp): each column of
// a workbook typed by its name in the column vocabulary (docs/reports.md),
// read back with the library's own XLSX reader; the monthly report and next
// steps as CSV.

#include <gtest/gtest.h>
#include <zip.h>

#include <string>
#include <vector>

#include "chronology/sheet.hpp"
#include "scr/report.hpp"

namespace {

using scr::detail::read_xlsx;
using kind = scr::detail::sheet_cell::kind;

std::vector<std::string> texts(const std::vector<scr::detail::sheet_cell>& row) {
  std::vector<std::string> out;
  for (const auto& c : row) out.push_back(c.text);
  return out;
}

// The names of a workbook's worksheets, from its xl/workbook.xml.
std::string workbook_xml(const std::string& bytes) {
  zip_error_t err;
  zip_error_init(&err);
  zip_source_t* src = zip_source_buffer_create(bytes.data(), bytes.size(), 0, &err);
  zip_t* za = zip_open_from_source(src, ZIP_RDONLY, &err);
  if (za == nullptr) {
    zip_source_free(src);
    return {};
  }
  std::string out;
  zip_stat_t st;
  if (zip_stat(za, "xl/workbook.xml", 0, &st) == 0) {
    zip_file_t* f = zip_fopen(za, "xl/workbook.xml", 0);
    out.resize(st.size);
    if (f != nullptr) {
      out.resize(static_cast<std::size_t>(zip_fread(f, out.data(), st.size)));
      zip_fclose(f);
    }
  }
  zip_discard(za);
  return out;
}

TEST(report_sheets, each_column_is_written_as_its_vocabulary_type) {
  const std::vector<std::vector<std::string>> rows{
      {"reference", "due", "opened_on", "days_late", "overdue_count", "closed", "title", "state"},
      {"=HYPERLINK(\"x\")", "2024-02-29", "2024-01-15", "-3", "12", "true", "-2+3", "scoping"},
      {"Child Q", "", "not a date", "1.5", "x", "maybe", "", "2024-01-01"}};
  const auto sheet = read_xlsx(scr::table_xlsx(rows, "Reviews"), "table.xlsx");
  ASSERT_EQ(sheet.rows.size(), 3u);
  EXPECT_EQ(texts(sheet.rows[0]), rows[0]);
  const auto& a = sheet.rows[1];
  // A formula from a person is text, never a formula.
  EXPECT_EQ(a[0].type, kind::text);
  EXPECT_EQ(a[0].text, rows[1][0]);
  EXPECT_EQ(a[1].type, kind::date);
  EXPECT_EQ(a[1].day, scr::make_date(2024, 2, 29));
  EXPECT_EQ(a[2].type, kind::date);
  EXPECT_EQ(a[3].type, kind::number);
  EXPECT_EQ(a[3].text, "-3");
  EXPECT_EQ(a[4].type, kind::number);
  EXPECT_EQ(a[5].type, kind::boolean);
  EXPECT_EQ(a[5].text, "TRUE");
  EXPECT_EQ(a[6].type, kind::text);
  EXPECT_EQ(a[6].text, "-2+3");
  EXPECT_EQ(a[7].type, kind::text);
  // A cell that does not read as its column's type is written as the text
  // it is; an empty one is blank; a text column never becomes a date.
  const auto& b = sheet.rows[2];
  EXPECT_EQ(b[1].type, kind::empty);
  EXPECT_EQ(b[2].type, kind::text);
  EXPECT_EQ(b[2].text, "not a date");
  EXPECT_EQ(b[3].type, kind::text);
  EXPECT_EQ(b[3].text, "1.5");
  EXPECT_EQ(b[4].type, kind::text);
  EXPECT_EQ(b[5].type, kind::text);
  EXPECT_EQ(b[5].text, "maybe");
  EXPECT_EQ(b[7].type, kind::text);
  EXPECT_EQ(b[7].text, "2024-01-01");
}

TEST(report_sheets, a_ragged_table_or_a_bad_sheet_name_is_refused_with_the_rule) {
  try {
    (void)scr::table_xlsx({{"reference", "due"}, {"Child Q"}}, "Items");
    FAIL() << "a short row was written";
  } catch (const scr::input_error& e) {
    EXPECT_NE(std::string(e.what()).find("row 2 of the table has 1 cells; its header has 2"), std::string::npos)
        << e.what();
  }
  EXPECT_THROW((void)scr::table_xlsx({}, "Items"), scr::input_error);
  try {
    (void)scr::table_xlsx({{"reference"}}, "Due: March");
    FAIL() << "a sheet name with a colon was written";
  } catch (const scr::input_error& e) {
    EXPECT_NE(std::string(e.what()).find("Excel does not allow"), std::string::npos) << e.what();
  }
}

TEST(report_sheets, due_items_workbook_has_the_csv_columns_and_values) {
  const std::vector<scr::due_item> items{
      {"Child Q", "milestone", "decision", "", "Decision", "lscb_chair", 1, scr::make_date(2024, 2, 1), 29},
      {"Child R", "obligation", "imr", "Police", "=cmd|' /C calc'!A0", "agency_senior_officer", 2,
       scr::make_date(2024, 3, 1), 0}};
  const auto sheet = read_xlsx(scr::due_items_xlsx(items), "items.xlsx");
  const auto csv = scr::due_items_csv_with(items, {.raw = true});
  const auto header = csv.substr(0, csv.find('\r'));
  std::string names;
  for (const auto& c : sheet.rows.at(0)) names += (names.empty() ? "" : ",") + c.text;
  EXPECT_EQ(names, header);
  ASSERT_EQ(sheet.rows.size(), 3u);
  EXPECT_EQ(texts(sheet.rows[1]), (std::vector<std::string>{"Child Q", "milestone", "decision", "", "1", "Decision",
                                                            "lscb_chair", "overdue", "01/02/2024", "29"}));
  EXPECT_EQ(sheet.rows[2][5].type, kind::text);
  EXPECT_EQ(sheet.rows[2][5].text, "=cmd|' /C calc'!A0");
  EXPECT_EQ(sheet.rows[2][7].text, "open");
  EXPECT_EQ(sheet.rows[2][8].day, scr::make_date(2024, 3, 1));
}

scr::monthly_report a_month() {
  scr::monthly_report m;
  m.year = 2024;
  m.month = 3;
  m.as_of = scr::make_date(2024, 3, 31);
  scr::monthly_review r;
  r.reference = "-Child A";
  r.procedure_id = "solihull-2011-scr";
  r.state = "scoping";
  r.stage = "Scoping";
  r.planned_completion = scr::make_date(2024, 7, 27);
  r.original_completion = scr::make_date(2024, 8, 1);
  r.slippage_days = -5;
  scr::timetable_entry e;
  e.kind = "obligation";
  e.id = "incident_notice";
  e.title = "Notify Ofsted";
  e.owner = "administrator";
  e.status = "overdue";
  e.due = scr::make_date(2024, 1, 22);
  e.days_late = 69;
  r.overdue.push_back(e);
  r.open_obligations.push_back(e);
  m.reviews.push_back(r);
  scr::monthly_closure c;
  c.reference = "Child B";
  c.procedure_id = "solihull-2011-scr";
  c.state = "closed_no_review";
  c.stage = "Closed";
  c.closed_on = scr::make_date(2024, 3, 12);
  c.outstanding.push_back(e);
  m.closed.push_back(c);
  return m;
}

TEST(report_sheets, monthly_report_as_csv_and_workbook) {
  const auto m = a_month();
  const auto csv = scr::monthly_csv(m);
  // The library's numbers and dates as they are; a reference that starts
  // like a formula after a quote.
  EXPECT_EQ(csv,
            "reference,procedure_id,state,stage,closed,closed_on,on_hold,planned_completion,original_completion,"
            "completion_projected,slippage_days,overdue_count,open_obligation_count,outstanding_count,warning_count,"
            "overdue_items\r\n"
            "'-Child A,solihull-2011-scr,scoping,Scoping,false,,false,2024-07-27,2024-08-01,false,-5,1,1,0,0,"
            "incident_notice due 2024-01-22\r\n"
            "Child B,solihull-2011-scr,closed_no_review,Closed,true,2024-03-12,false,,,false,0,0,0,1,0,\r\n");
  EXPECT_EQ(scr::monthly_csv(m, {.raw = true}).find("'-Child A"), std::string::npos);

  const auto bytes = scr::monthly_xlsx(m);
  const auto sheet = read_xlsx(bytes, "march.xlsx");
  ASSERT_EQ(sheet.rows.size(), 3u);
  EXPECT_EQ(sheet.rows[1][0].text, "-Child A");
  EXPECT_EQ(sheet.rows[1][10].type, kind::number);
  EXPECT_EQ(sheet.rows[1][10].text, "-5");
  EXPECT_EQ(sheet.rows[2][5].day, scr::make_date(2024, 3, 12));
  const auto names = workbook_xml(bytes);
  for (const char* s : {"\"Reviews\"", "\"Overdue\"", "\"Open obligations\"", "\"Outstanding at closure\""}) {
    EXPECT_NE(names.find(s), std::string::npos) << s << " in " << names;
  }
}

TEST(report_sheets, next_steps_as_csv) {
  scr::next_step s;
  s.action = "record";
  s.name = "decision_made";
  s.title = "Decision";
  s.allowed = false;
  s.blocked_by = "needs panel_recommended";
  s.roles = {"lscb_chair", "business_manager"};
  s.fields = {scr::next_field{"outcome", "choice", true, {}, {}, {}}};
  s.leads_to = {"scoping", "closed_no_review"};
  EXPECT_EQ(scr::next_steps_csv({s}, "Child Q"),
            "reference,action,name,agency,title,allowed,blocked_by,roles,fields,leads_to,when\r\n"
            "Child Q,record,decision_made,,Decision,false,needs panel_recommended,lscb_chair; business_manager,"
            "outcome:choice (required),scoping; closed_no_review,\r\n");
}

}  // namespace
