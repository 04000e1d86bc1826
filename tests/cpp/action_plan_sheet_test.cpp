// Action plans in the boards' spreadsheet layouts (scr/action_plan.hpp, "the
// boards' layouts"): read_plan from CSV and XLSX, write_plan back.
//
// The data is tests/data/action-plans (its README.md lists every file and
// what is planted in the faulty ones). solihull-appendix-13.csv holds, on
// row 2, the example of Solihull LSCB's Appendix 13 action plan verbatim
// (001:1326: Solihull's SCR guidance, Appendix 13); stockport.csv follows
// Stockport's template (002:367-408). Every expectation below is written out
// by hand from those files, never computed by the code under test.

#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "scr/action_plan.hpp"
#include "test_support.hpp"

namespace {

const std::string data_dir = std::string(SCR_TEST_DATA_DIR) + "/action-plans/";

std::string bytes_of(const std::string& name) {
  std::ifstream in(data_dir + name, std::ios::binary);
  EXPECT_TRUE(in.good()) << data_dir + name;
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// Records shown field by field, so that a failure says which differs.
std::string show(const scr::recommendation_input& r) {
  return "number=" + r.number + " | text=" + r.text + " | outcome=" + r.outcome + " | audit=" + r.audit;
}
std::string show(const scr::action_input& a) {
  return "number=" + a.number + " | recommendation=" + a.recommendation + " | what=" + a.what + " | lead=" + a.lead +
         " | by_when=" + a.by_when + " | evidence=" + a.evidence;
}
template <typename T>
std::vector<std::string> shown(const std::vector<T>& items) {
  std::vector<std::string> out;
  for (const auto& i : items) out.push_back(show(i));
  return out;
}

scr::recommendation_input rec(std::string number, std::string text, std::string outcome, std::string audit) {
  scr::recommendation_input r;
  r.number = std::move(number);
  r.text = std::move(text);
  r.outcome = std::move(outcome);
  r.audit = std::move(audit);
  return r;
}
scr::action_input act(std::string number, std::string recommendation, std::string what, std::string lead,
                      std::string by_when, std::string evidence) {
  scr::action_input a;
  a.number = std::move(number);
  a.recommendation = std::move(recommendation);
  a.what = std::move(what);
  a.lead = std::move(lead);
  a.by_when = std::move(by_when);
  a.evidence = std::move(evidence);
  return a;
}

// A plan as action_plan::of would give it, built from what a sheet read.
scr::action_plan plan_of(const scr::plan_sheet& s) {
  scr::action_plan p;
  p.reference = "Child Q";
  for (const auto& r : s.recommendations) {
    scr::plan_recommendation pr;
    pr.number = r.number;
    pr.text = r.text;
    pr.outcome = r.outcome;
    pr.audit = r.audit;
    for (const auto& a : s.actions) {
      if (a.recommendation != r.number) continue;
      scr::plan_action pa;
      pa.number = a.number;
      pa.recommendation = a.recommendation;
      pa.what = a.what;
      pa.lead = a.lead;
      pa.by_when = a.by_when;
      pa.evidence = a.evidence;
      pr.actions.push_back(pa);
    }
    p.recommendations.push_back(pr);
  }
  return p;
}

const std::string appendix_outcome =
    "Police officers acquire knowledge of the risks to children associated with domestic violence";
const std::string appendix_text =
    "The assistant chief constable should ensure that all police officers receive training on the links between "
    "domestic violence and child abuse.";
const std::string appendix_audit =
    "Head of police training unit to provide written summary of number of officers attending training against total "
    "in post. Reasons for any variance to be given. Arrangements for any officers who have not attended. "
    "Arrangements for future new recruits";
const std::string csc_outcome =
    "Children who disclose domestic violence at home are protected by a timely strategy discussion";
const std::string csc_text =
    "The Director of Children's Services should ensure that a strategy discussion is held whenever a child "
    "discloses domestic violence in the home.";
const std::string csc_audit =
    "Revised procedure published on the LSCB website; audit of strategy discussions reported to the Performance "
    "sub-group.";

const std::vector<scr::recommendation_input> solihull_recs{
    rec("1", appendix_text, appendix_outcome, appendix_audit),
    rec("2", csc_text, csc_outcome, csc_audit),
};
const std::vector<scr::action_input> solihull_actions{
    act("1.1", "1", "Determine number of courses and arrange.", "Head of Police training", "Three months",
        appendix_audit),
    act("1.2", "1", "Issue instruction re: mandatory attendance.", "Superintendents", "One month", appendix_audit),
    act("1.3", "1", "Deliver and evaluate course.", "Head of police training", "Six months", appendix_audit),
    act("1.4", "1", "report on attendance.", "Head of police training", "One month", appendix_audit),
    act("1.5", "1", "Set up rolling programme for new recruits.", "Head of police training", "Ongoing", appendix_audit),
    act("2.1", "2", "Revise the strategy discussion procedure to include disclosures of domestic violence.",
        "Head of Safeguarding, Children's Social Care", "31/03/2025", csc_audit),
    // Its "Information for audit" cell is blank below the recommendation's
    // first row: the recommendation's, as a merged cell; "Actions taken" is
    // progress, not imported.
    act("2.2", "2", "Audit a sample of 20 strategy discussions held after a disclosure.", "Principal Social Worker",
        "Six months", csc_audit),
};

const std::string stk1 =
    "Children's Social Care should ensure that every police referral about domestic abuse in a household with "
    "children is screened by a qualified social worker within 24 hours.";
const std::string stk2 =
    "The PCT should ensure that health visitors record the name of every adult living in a child's household.";
const std::string stk3 = "The LSCB should review the effectiveness of this action plan in twelve months.";
const std::vector<scr::recommendation_input> stockport_recs{
    rec("1", stk1, "Every police referral screened within 24 hours", ""),
    rec("2", stk2, "Health visitors know who lives with the children they visit", ""),
    rec("3", stk3, "", ""),
};
const std::vector<scr::action_input> stockport_actions{
    act("1.1", "1", "Revise the referral screening procedure.", "Service Manager, Referral and Assessment",
        "30/06/2010", "Revised procedure; briefing attendance list"),
    act("1.2", "1", "Brief all team managers on the revised procedure.", "Service Manager, Referral and Assessment",
        "31/07/2010", "Revised procedure; briefing attendance list"),
    act("1.3", "1", "Audit 30 referrals for screening times.", "Quality Assurance Manager", "30/09/2010",
        "Audit report to the LSCB Quality Assurance sub-group"),
    act("2.1", "2", "Amend the health visiting record template to add the household's adults.",
        "Named Nurse for Safeguarding Children", "Three months", "Amended template"),
};

scr::instant at(const char* iso) { return scr::parse_instant(iso); }

// A small plan as action_plan::of would give it: a recommendation with two
// actions (one updated, one completed), one with none, and an action whose
// recommendation is not recorded.
scr::action_plan small_plan() {
  scr::action_plan p;
  p.reference = "Child Q";
  scr::plan_recommendation r1;
  r1.number = "1";
  r1.text = "Train all officers";
  r1.outcome = "Officers know the risks";
  r1.audit = "Attendance figures";
  scr::plan_action a1;
  a1.number = "1.1";
  a1.recommendation = "1";
  a1.what = "Arrange courses.";
  a1.lead = "Head of training";
  a1.by_when = "Three months";
  a1.evidence = "Attendance figures";
  a1.due = scr::make_date(2025, 1, 15);  // the by-when text is written, not this
  scr::action_update u1;
  u1.kind = "update";
  u1.at = at("2024-09-02T09:00:00Z");
  u1.narrative = "Dates agreed";
  scr::action_update u2;
  u2.kind = "update";
  u2.at = at("2024-10-15T23:30:00Z");  // 16/10/2024 in London (BST)
  u2.narrative = "Two courses booked";
  a1.updates = {u1, u2};
  scr::plan_action a2;
  a2.number = "1.2";
  a2.recommendation = "1";
  a2.what = "Report on attendance.";
  a2.lead = "Superintendents";
  a2.due = scr::make_date(2025, 3, 31);  // no by-when text: the due date is written
  a2.evidence = "Attendance report";
  a2.completed_at = at("2025-03-20T10:00:00Z");
  a2.completion_evidence = "Report to the board";
  a2.status = scr::action_status::completed;
  scr::action_update u3;
  u3.kind = "completed";
  u3.at = *a2.completed_at;
  a2.updates = {u3};
  r1.actions = {a1, a2};
  scr::plan_recommendation r2;
  r2.number = "2";
  r2.text = "Review the plan";
  p.recommendations = {r1, r2};
  scr::plan_action lost;
  lost.number = "9.1";
  lost.recommendation = "9";
  lost.what = "Lost action";
  lost.lead = "Named nurse";
  lost.by_when = "Ongoing";
  p.unlinked = {lost};
  return p;
}

// ---- layouts -------------------------------------------------------------------------

TEST(action_plan_sheet, layout_names) {
  EXPECT_EQ(scr::plan_layout_from("solihull-2011"), scr::plan_layout::solihull_2011);
  EXPECT_EQ(scr::plan_layout_from("stockport-2010"), scr::plan_layout::stockport_2010);
  EXPECT_EQ(scr::to_string(scr::plan_layout::solihull_2011), "solihull-2011");
  EXPECT_EQ(scr::to_string(scr::plan_layout::stockport_2010), "stockport-2010");
  EXPECT_ERROR(scr::input_error, scr::plan_layout_from("essex-2016"), "'essex-2016'", "solihull-2011",
               "stockport-2010");
  EXPECT_ERROR(scr::input_error, scr::plan_layout_from("Solihull-2011"), "'Solihull-2011'");
}

TEST(action_plan_sheet, report_lines) {
  scr::plan_sheet s;
  s.issues = {{4, "By When?", "by-when", "'soonish' is not a date, a timescale or Ongoing"},
              {1, "", "header-missing", "x"},
              {0, "Date", "count", "y"},
              {0, "", "no-rows", "plan.csv is empty"}};
  EXPECT_FALSE(s.ok());
  EXPECT_EQ(s.report(),
            "row 4, By When?: 'soonish' is not a date, a timescale or Ongoing [by-when]\n"
            "row 1: x [header-missing]\n"
            "Date: y [count]\n"
            "plan.csv is empty [no-rows]\n");
  EXPECT_EQ(scr::plan_sheet{}.report(), "");
  EXPECT_TRUE(scr::plan_sheet{}.ok());
}

// ---- reading -------------------------------------------------------------------------

// Appendix 13's example (001:1326): one row, five numbered actions, five
// lines each in By Whom? and By When?; then a recommendation one row per action.
TEST(action_plan_sheet, solihull_appendix_13) {
  const auto s = scr::read_plan(bytes_of("solihull-appendix-13.csv"), scr::plan_layout::solihull_2011,
                                "solihull-appendix-13.csv");
  EXPECT_TRUE(s.ok()) << s.report();
  EXPECT_EQ(s.layout, scr::plan_layout::solihull_2011);
  EXPECT_EQ(shown(s.recommendations), shown(solihull_recs));
  EXPECT_EQ(shown(s.actions), shown(solihull_actions));
}

TEST(action_plan_sheet, stockport_numbered) {
  const auto s = scr::read_plan(bytes_of("stockport.csv"), scr::plan_layout::stockport_2010, "stockport.csv");
  EXPECT_TRUE(s.ok()) << s.report();
  EXPECT_EQ(s.layout, scr::plan_layout::stockport_2010);
  EXPECT_EQ(shown(s.recommendations), shown(stockport_recs));
  EXPECT_EQ(shown(s.actions), shown(stockport_actions));
}

TEST(action_plan_sheet, stockport_numbers_as_given) {
  const std::string csv =
      "No.,Recommendation,Key actions,Lead officer,Date\r\n"
      "R2,First,Do a.,Manager,Ongoing\r\n"
      ",Second,Do b.,Manager,Ongoing\r\n"
      " 7 ,Third,\"1) Do c.\n2) Do d.\",Manager,\"One month\nSix weeks\"\r\n";
  const auto s = scr::read_plan(csv, scr::plan_layout::stockport_2010, "x.csv");
  EXPECT_TRUE(s.ok()) << s.report();
  EXPECT_EQ(shown(s.recommendations),
            shown(std::vector<scr::recommendation_input>{rec("R2", "First", "", ""), rec("2", "Second", "", ""),
                                                         rec("7", "Third", "", "")}));
  EXPECT_EQ(shown(s.actions), shown(std::vector<scr::action_input>{
                                  act("R2.1", "R2", "Do a.", "Manager", "Ongoing", ""),
                                  act("2.1", "2", "Do b.", "Manager", "Ongoing", ""),
                                  act("7.1", "7", "Do c.", "Manager", "One month", ""),
                                  act("7.2", "7", "Do d.", "Manager", "Six weeks", ""),
                              }));
}

TEST(action_plan_sheet, windows_1252) {
  // Excel's plain "CSV" on Windows: ’ is byte 0x92.
  const std::string csv =
      "Recommendation,Actions,By Whom?,By When?\r\n"
      "Children\x92s Services should act.,Act.,Director,Ongoing\r\n";
  const auto s = scr::read_plan(csv, scr::plan_layout::solihull_2011, "x.csv");
  EXPECT_TRUE(s.ok()) << s.report();
  ASSERT_EQ(s.recommendations.size(), 1U);
  EXPECT_EQ(s.recommendations[0].text, "Children\xE2\x80\x99s Services should act.");
}

// ---- faulty files ------------------------------------------------------------------------

TEST(action_plan_sheet, bad_by_when) {
  const auto s = scr::read_plan(bytes_of("faulty/bad-by-when.csv"), scr::plan_layout::solihull_2011, "bad-by-when.csv");
  ASSERT_EQ(s.issues.size(), 1U) << s.report();
  EXPECT_EQ(s.issues[0].row, 2U);
  EXPECT_EQ(s.issues[0].column, "By When?");
  EXPECT_EQ(s.issues[0].rule, "by-when");
  EXPECT_NE(s.issues[0].message.find("soonish"), std::string::npos) << s.issues[0].message;
  EXPECT_EQ(s.report(), "row 2, By When?: " + s.issues[0].message + " [by-when]\n");
  // The actions are still read, as written.
  EXPECT_EQ(shown(s.actions), shown(std::vector<scr::action_input>{
                                  act("1.1", "1", "Book courses.", "Training manager", "soonish", ""),
                                  act("1.2", "1", "Deliver courses.", "Training manager", "One month", ""),
                              }));
}

TEST(action_plan_sheet, line_counts_mismatch) {
  const auto s = scr::read_plan(bytes_of("faulty/line-counts.csv"), scr::plan_layout::solihull_2011, "line-counts.csv");
  ASSERT_EQ(s.issues.size(), 1U) << s.report();
  EXPECT_EQ(s.issues[0], (scr::plan_issue{2, "By Whom?", "count",
                                          "'By Whom?' has 2 lines for 3 actions in 'Actions': give one line for them "
                                          "all, or one line for each"}));
  // The one By When? line applies to all three.
  ASSERT_EQ(s.actions.size(), 3U);
  EXPECT_EQ(s.actions[2].by_when, "Three months");
  EXPECT_EQ(s.actions[2].lead, "");
}

TEST(action_plan_sheet, missing_heading) {
  const auto s = scr::read_plan(bytes_of("faulty/missing-heading.csv"), scr::plan_layout::stockport_2010,
                                "missing-heading.csv");
  ASSERT_EQ(s.issues.size(), 1U) << s.report();
  EXPECT_EQ(s.issues[0],
            (scr::plan_issue{1, "Lead Officer (designation)", "header-missing",
                             "the stockport-2010 layout's column 'Lead Officer (designation)' is missing"}));
  EXPECT_TRUE(s.recommendations.empty());
  EXPECT_TRUE(s.actions.empty());
  // The same file is a Solihull plan without three of its required columns.
  const auto t = scr::read_plan(bytes_of("faulty/missing-heading.csv"), scr::plan_layout::solihull_2011, "m.csv");
  ASSERT_EQ(t.issues.size(), 3U) << t.report();
  EXPECT_EQ(t.issues[0].column, "Actions");
  EXPECT_EQ(t.issues[1].column, "By Whom?");
  EXPECT_EQ(t.issues[2].column, "By When?");
  for (const auto& i : t.issues) {
    EXPECT_EQ(i.rule, "header-missing");
    EXPECT_EQ(i.row, 1U);
  }
}

TEST(action_plan_sheet, other_layout) {
  const auto s = scr::read_plan(bytes_of("stockport.csv"), scr::plan_layout::solihull_2011, "stockport.csv");
  ASSERT_EQ(s.issues.size(), 3U) << s.report();
  EXPECT_EQ(s.issues[1], (scr::plan_issue{1, "By Whom?", "header-missing",
                                          "the solihull-2011 layout's column 'By Whom?' is missing; the header is the "
                                          "stockport-2010 layout's"}));
  EXPECT_TRUE(s.recommendations.empty());
}

TEST(action_plan_sheet, action_before_recommendation) {
  // A title and a blank row stand above the header (row 3).
  const auto s = scr::read_plan(bytes_of("faulty/action-before-recommendation.csv"), scr::plan_layout::solihull_2011,
                                "action-before-recommendation.csv");
  ASSERT_EQ(s.issues.size(), 1U) << s.report();
  EXPECT_EQ(s.issues[0], (scr::plan_issue{4, "Recommendation", "required",
                                          "an action comes before any recommendation: 'Recommendation' is blank"}));
  EXPECT_EQ(shown(s.recommendations),
            shown(std::vector<scr::recommendation_input>{
                rec("1", "Train staff on the threshold document.", "Staff know the threshold", "")}));
  EXPECT_EQ(shown(s.actions), shown(std::vector<scr::action_input>{
                                  act("1.1", "1", "Deliver courses.", "Training manager", "Six months", "")}));
}

TEST(action_plan_sheet, row_before_first_recommendation) {
  const std::string csv =
      "Outcome,Recommendation,Actions,By Whom?,By When?\r\n"
      "Staff know the threshold,,,,\r\n"
      ",Train staff.,Book courses.,Training manager,Ongoing\r\n";
  const auto s = scr::read_plan(csv, scr::plan_layout::solihull_2011, "x.csv");
  ASSERT_EQ(s.issues.size(), 1U) << s.report();
  EXPECT_EQ(s.issues[0], (scr::plan_issue{2, "Recommendation", "required",
                                          "'Recommendation' is blank on a row before the first recommendation"}));
  EXPECT_EQ(s.recommendations.size(), 1U);
}

TEST(action_plan_sheet, duplicate_number) {
  const auto s = scr::read_plan(bytes_of("faulty/duplicate-number.csv"), scr::plan_layout::stockport_2010,
                                "duplicate-number.csv");
  ASSERT_EQ(s.issues.size(), 1U) << s.report();
  EXPECT_EQ(s.issues[0], (scr::plan_issue{3, "No", "duplicate", "recommendation '1' is numbered twice"}));
}

TEST(action_plan_sheet, other_problems) {
  // A lead with no action; a number on a row without a recommendation; a
  // number that is no label.
  const std::string csv =
      "No,Recommendation,Key Actions (SMART),Lead Officer (designation),Date\r\n"
      "1,First,,Manager,\r\n"
      "2,,Do b.,Manager,Ongoing\r\n"
      "\"3 and 4\",Third,Do c.,Manager,Ongoing\r\n";
  const auto s = scr::read_plan(csv, scr::plan_layout::stockport_2010, "x.csv");
  ASSERT_EQ(s.issues.size(), 3U) << s.report();
  EXPECT_EQ(s.issues[0], (scr::plan_issue{2, "Key Actions (SMART)", "required",
                                          "'Key Actions (SMART)' is blank but 'Lead Officer (designation)' is given"}));
  EXPECT_EQ(s.issues[1], (scr::plan_issue{3, "Recommendation", "required",
                                          "'Recommendation' is blank on a row numbered '2': a recommendation needs its "
                                          "text"}));
  EXPECT_EQ(s.issues[2], (scr::plan_issue{4, "No", "number",
                                          "'3 and 4' is not a recommendation number: give one short label such as 1 "
                                          "or R2"}));
}

TEST(action_plan_sheet, no_rows) {
  const auto empty = scr::read_plan("\r\n\r\n", scr::plan_layout::solihull_2011, "empty.csv");
  ASSERT_EQ(empty.issues.size(), 1U);
  EXPECT_EQ(empty.issues[0], (scr::plan_issue{0, "", "no-rows",
                                              "empty.csv is empty: it has no header row and no recommendation"}));
  const auto header_only = scr::read_plan("Recommendation,Actions,By Whom?,By When?\r\n,,,\r\n",
                                          scr::plan_layout::solihull_2011, "plan.csv");
  ASSERT_EQ(header_only.issues.size(), 1U);
  EXPECT_EQ(header_only.issues[0],
            (scr::plan_issue{0, "", "no-rows", "plan.csv has no recommendation under its header (row 1)"}));
  EXPECT_EQ(header_only.report(), "plan.csv has no recommendation under its header (row 1) [no-rows]\n");
}

TEST(action_plan_sheet, reader_errors_propagate) {
  EXPECT_ERROR(scr::input_error, scr::read_plan("a,\"b\r\n", scr::plan_layout::solihull_2011, "broken.csv"),
               "broken.csv", "never closed");
  EXPECT_ERROR(scr::input_error,
               scr::read_plan(std::string("PK\x03\x04garbage", 11), scr::plan_layout::solihull_2011, "broken.xlsx"),
               "broken.xlsx");
}

// ---- writing -------------------------------------------------------------------------

TEST(action_plan_sheet, write_csv_solihull) {
  EXPECT_EQ(scr::write_plan(small_plan(), scr::plan_layout::solihull_2011, false),
            "\xEF\xBB\xBF"
            "Outcome,Recommendation,Actions,By Whom?,By When?,Actions taken,Information for audit\r\n"
            "Officers know the risks,Train all officers,Arrange courses.,Head of training,Three months,"
            "16/10/2024: Two courses booked,Attendance figures\r\n"
            ",,Report on attendance.,Superintendents,31/03/2025,Completed 20/03/2025: Report to the board,"
            "Attendance report\r\n"
            ",Review the plan,,,,,\r\n"
            ",(no recommendation recorded),Lost action,Named nurse,Ongoing,,\r\n");
}

TEST(action_plan_sheet, write_csv_stockport) {
  EXPECT_EQ(scr::write_plan(small_plan(), scr::plan_layout::stockport_2010, false),
            "\xEF\xBB\xBF"
            "No,Recommendation,Key Actions (SMART),Evidence,Key Outcome,Lead Officer (designation),Date\r\n"
            "1,Train all officers,Arrange courses.,Attendance figures,Officers know the risks,Head of training,"
            "Three months\r\n"
            ",,Report on attendance.,Attendance report,,Superintendents,31/03/2025\r\n"
            "2,Review the plan,,,,,\r\n"
            ",(no recommendation recorded),Lost action,,,Named nurse,Ongoing\r\n");
}

// What read_plan gives for small_plan() written in a layout.
const std::vector<scr::recommendation_input> small_recs{
    rec("1", "Train all officers", "Officers know the risks", "Attendance figures"),
    rec("2", "Review the plan", "", ""),
    rec("3", "(no recommendation recorded)", "", ""),
};
const std::vector<scr::action_input> small_actions{
    act("1.1", "1", "Arrange courses.", "Head of training", "Three months", "Attendance figures"),
    act("1.2", "1", "Report on attendance.", "Superintendents", "31/03/2025", "Attendance report"),
    act("3.1", "3", "Lost action", "Named nurse", "Ongoing", ""),
};

TEST(action_plan_sheet, xlsx_round_trip) {
  for (const auto layout : {scr::plan_layout::solihull_2011, scr::plan_layout::stockport_2010}) {
    SCOPED_TRACE(std::string(scr::to_string(layout)));
    const std::string bytes = scr::write_plan(small_plan(), layout, true);
    ASSERT_EQ(bytes.substr(0, 4), std::string("PK\x03\x04", 4));
    const auto s = scr::read_plan(bytes, layout, "plan.xlsx");
    EXPECT_TRUE(s.ok()) << s.report();
    auto recs = small_recs;
    if (layout == scr::plan_layout::stockport_2010) recs[0].audit = "";  // Stockport has no such column
    EXPECT_EQ(shown(s.recommendations), shown(recs));
    EXPECT_EQ(shown(s.actions), shown(small_actions));
  }
  // Appendix 13 through XLSX.
  const auto csv = scr::read_plan(bytes_of("solihull-appendix-13.csv"), scr::plan_layout::solihull_2011, "a.csv");
  const auto x = scr::read_plan(scr::write_plan(plan_of(csv), scr::plan_layout::solihull_2011, true),
                                scr::plan_layout::solihull_2011, "a.xlsx");
  EXPECT_TRUE(x.ok()) << x.report();
  EXPECT_EQ(shown(x.recommendations), shown(solihull_recs));
  EXPECT_EQ(shown(x.actions), shown(solihull_actions));
}

TEST(action_plan_sheet, csv_round_trip_small) {
  for (const auto layout : {scr::plan_layout::solihull_2011, scr::plan_layout::stockport_2010}) {
    SCOPED_TRACE(std::string(scr::to_string(layout)));
    const auto s = scr::read_plan(scr::write_plan(small_plan(), layout, false), layout, "plan.csv");
    EXPECT_TRUE(s.ok()) << s.report();
    auto recs = small_recs;
    if (layout == scr::plan_layout::stockport_2010) recs[0].audit = "";
    EXPECT_EQ(shown(s.recommendations), shown(recs));
    EXPECT_EQ(shown(s.actions), shown(small_actions));
  }
}

TEST(action_plan_sheet, csv_round_trip_solihull) {
  const auto first = scr::read_plan(bytes_of("solihull-appendix-13.csv"), scr::plan_layout::solihull_2011, "a.csv");
  ASSERT_TRUE(first.ok()) << first.report();
  const std::string written = scr::write_plan(plan_of(first), scr::plan_layout::solihull_2011, false);
  // One row per action now: the header and seven rows.
  EXPECT_EQ(std::count(written.begin(), written.end(), '\n'), 8);
  const auto again = scr::read_plan(written, scr::plan_layout::solihull_2011, "b.csv");
  EXPECT_TRUE(again.ok()) << again.report();
  EXPECT_EQ(shown(again.recommendations), shown(solihull_recs));
  EXPECT_EQ(shown(again.actions), shown(solihull_actions));
}

TEST(action_plan_sheet, csv_round_trip_stockport) {
  const auto first = scr::read_plan(bytes_of("stockport.csv"), scr::plan_layout::stockport_2010, "s.csv");
  ASSERT_TRUE(first.ok()) << first.report();
  const std::string written = scr::write_plan(plan_of(first), scr::plan_layout::stockport_2010, false);
  EXPECT_EQ(std::count(written.begin(), written.end(), '\n'), 6);  // the header, 4 actions, 1 bare recommendation
  const auto again = scr::read_plan(written, scr::plan_layout::stockport_2010, "t.csv");
  EXPECT_TRUE(again.ok()) << again.report();
  EXPECT_EQ(shown(again.recommendations), shown(stockport_recs));
  EXPECT_EQ(shown(again.actions), shown(stockport_actions));
}

TEST(action_plan_sheet, csv_injection) {
  scr::action_plan p;
  scr::plan_recommendation r;
  r.number = "1";
  r.text = "=HYPERLINK(\"http://example.org\",\"Click\")";
  r.outcome = "-2+3";
  scr::plan_action a;
  a.number = "1.1";
  a.recommendation = "1";
  a.what = "@SUM(A1)";
  a.lead = "+44 Lead";
  a.by_when = "Ongoing";
  r.actions = {a};
  p.recommendations = {r};
  const std::string csv = scr::write_plan(p, scr::plan_layout::solihull_2011, false);
  EXPECT_EQ(csv,
            "\xEF\xBB\xBF"
            "Outcome,Recommendation,Actions,By Whom?,By When?,Actions taken,Information for audit\r\n"
            "'-2+3,\"'=HYPERLINK(\"\"http://example.org\"\",\"\"Click\"\")\",'@SUM(A1),'+44 Lead,Ongoing,,\r\n");
  // Read back as recorded, the apostrophes taken off.
  const auto s = scr::read_plan(csv, scr::plan_layout::solihull_2011, "x.csv");
  EXPECT_TRUE(s.ok()) << s.report();
  EXPECT_EQ(shown(s.recommendations), shown(std::vector<scr::recommendation_input>{
                                          rec("1", "=HYPERLINK(\"http://example.org\",\"Click\")", "-2+3", "")}));
  EXPECT_EQ(shown(s.actions),
            shown(std::vector<scr::action_input>{act("1.1", "1", "@SUM(A1)", "+44 Lead", "Ongoing", "")}));
  // XLSX writes text as text, unprefixed.
  const std::string xlsx = scr::write_plan(p, scr::plan_layout::solihull_2011, true);
  const auto x = scr::read_plan(xlsx, scr::plan_layout::solihull_2011, "x.xlsx");
  ASSERT_EQ(x.recommendations.size(), 1U);
  EXPECT_EQ(x.recommendations[0].text, "=HYPERLINK(\"http://example.org\",\"Click\")");
}

}  // namespace
