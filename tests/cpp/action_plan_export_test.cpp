// A review's action plan and the board's assurance report in every format
// (scr/action_plan.hpp: export_action_plan, export_assurance). The plans and
// the report are built by hand here, so that these tests check the exports
// alone, not how a plan is worked out from a review's events.

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "scr/action_plan.hpp"
#include "test_support.hpp"

namespace {

// The completion mark's milestone: a timetable_row points at its definition.
const scr::milestone& mark_milestone() {
  static const scr::milestone m = [] {
    scr::milestone x;
    x.id = "action_plan_complete";
    x.title = "Action plan completed";
    return x;
  }();
  return m;
}

scr::plan_action action(std::string number, std::string recommendation, std::string what, std::string lead,
                        std::string agency, std::string by_when) {
  scr::plan_action a;
  a.number = std::move(number);
  a.recommendation = std::move(recommendation);
  a.what = std::move(what);
  a.lead = std::move(lead);
  a.agency = std::move(agency);
  a.by_when = std::move(by_when);
  a.state = "agreed";
  return a;
}

// Child Q: an urgent recommendation with an overdue action and an ongoing
// one whose text would be a formula, a recommendation with no action, an
// implemented one, and an action under a recommendation not recorded.
scr::action_plan child_q() {
  scr::action_plan p;
  p.reference = "Child Q";
  p.procedure_id = "solihull";
  p.procedure_version = 4;
  p.state = "action_plan";
  p.as_of = ymd(2024, 9, 30);
  p.approved_at = utc(2024, 3, 1, 10);
  scr::timetable_row mark;
  mark.def = &mark_milestone();
  mark.due = ymd(2025, 3, 1);
  mark.status = scr::milestone_status::pending;
  p.mark = mark;

  scr::plan_recommendation r1;
  r1.number = "1";
  r1.text = "Police training on <script>alert(1)</script> neglect";
  r1.outcome = "Officers recognise neglect";
  r1.agency = "Police";
  r1.urgent = true;
  r1.themes = {"neglect", "training"};
  r1.made_at = utc(2024, 2, 20, 14, 30);
  r1.status = scr::recommendation_status::in_progress;
  r1.smart = {{"measure", "recommendation 1 has no measure"}};
  auto a11 = action("1.1", "1", "Determine number of courses and arrange.", "Head of Police training", "Police",
                    "Three months");
  a11.status = scr::action_status::overdue;
  a11.due = ymd(2024, 6, 1);
  a11.due_status = scr::milestone_status::overdue;
  a11.days_late = 121;
  a11.agreed_at = utc(2024, 3, 1, 10);
  a11.next_update_due = ymd(2024, 9, 1);
  a11.update_overdue = true;
  a11.updates_overdue = 1;
  scr::action_update u;
  u.kind = "update";
  u.at = utc(2024, 5, 1, 9);
  u.by = {"Ann Manager", "manager", "Police"};
  u.status = "at_risk";
  u.narrative = "Two courses booked, 30 places";
  u.sequence = 12;
  a11.updates.push_back(u);
  a11.smart = {{"evidence", "action 1.1 has no evidence agreed"}};
  auto a12 = action("1.2", "1", "=HYPERLINK(\"http://evil\",\"click\")", "Training lead", "Police", "Ongoing");
  a12.status = scr::action_status::ongoing;
  a12.review_on = ymd(2025, 1, 1);
  a12.evidence = "Attendance register";
  r1.actions = {a11, a12};

  scr::plan_recommendation r2;
  r2.number = "2";
  r2.text = "Audit of referrals";
  r2.status = scr::recommendation_status::no_actions;

  scr::plan_recommendation r3;
  r3.number = "3";
  r3.text = "Share the learning";
  r3.themes = {"learning"};
  r3.status = scr::recommendation_status::implemented;
  auto a31 = action("3.1", "3", "Briefing to all staff", "Board manager", "", "2024-07-01");
  a31.status = scr::action_status::implemented;
  a31.state = "signed_off";
  a31.due = ymd(2024, 7, 1);
  a31.due_status = scr::milestone_status::met;
  a31.evidence = "Briefing slides";
  a31.completion_evidence = "Slides v2";
  a31.completed_at = utc(2024, 6, 20, 11);
  a31.signed_off_at = utc(2024, 7, 10, 15);
  scr::action_update done;
  done.kind = "completed";
  done.at = *a31.completed_at;
  done.by = {"Bea Officer", "lead", "Board"};
  done.narrative = "Briefings held";
  done.evidence = "Slides v2";
  done.sequence = 20;
  scr::action_update signed_off;
  signed_off.kind = "signed off";
  signed_off.at = *a31.signed_off_at;
  signed_off.by = {"Cal Chair", "chair", "Board"};
  signed_off.narrative = "Evidence accepted";
  signed_off.sequence = 24;
  a31.updates = {done, signed_off};
  r3.actions = {a31};

  p.recommendations = {r1, r2, r3};
  auto a91 = action("9.1", "9", "Review the referral form", "Head of MASH", "Children's Services", "");
  a91.status = scr::action_status::open;
  p.unlinked = {a91};
  p.warnings = {"action 9.1 is under recommendation 9, which is not recorded"};
  return p;
}

// Child R: not yet approved, no mark, one implemented recommendation.
scr::action_plan child_r() {
  scr::action_plan p;
  p.reference = "Child R";
  p.procedure_id = "solihull";
  p.procedure_version = 4;
  p.state = "monitoring";
  p.as_of = ymd(2024, 9, 30);
  scr::plan_recommendation r;
  r.number = "R1";
  r.text = "Escalation policy";
  r.agency = "+Health";
  r.status = scr::recommendation_status::implemented;
  auto a = action("R1.1", "R1", "Rewrite the escalation policy", "Named nurse", "+Health", "One month");
  a.status = scr::action_status::implemented;
  r.actions = {a};
  p.recommendations = {r};
  return p;
}

scr::assurance_report report() {
  scr::assurance_report a;
  a.from = ymd(2024, 4, 1);
  a.as_of = ymd(2024, 9, 30);
  a.plans = {child_q(), child_r()};
  a.recommendations = 4;
  a.implemented = 2;
  a.urgent = 1;
  a.urgent_implemented = 0;
  a.actions = 5;
  a.actions_implemented = 2;
  a.actions_overdue = 1;
  a.updates_overdue = 1;
  a.completed_in_period = 1;
  a.updates_in_period = 2;
  a.past_mark = {"Child R"};
  a.by_status = {{"in progress", 1, 2, 1, 0, 1}, {"no actions", 1, 0, 0, 0, 1}, {"implemented", 2, 2, 0, 2, 2}};
  a.by_agency = {{"Police", 1, 2, 1, 0, 1}, {"=cmd|' /C calc'!A0", 1, 1, 0, 1, 1}};
  a.by_theme = {{"neglect", 1, 2, 1, 0, 1}, {"learning", 1, 1, 0, 1, 1}};
  return a;
}

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) out.push_back(line);
  return out;
}

// A line with each run of spaces made one.
std::string squeezed(const std::string& line) {
  std::string out;
  for (const char c : line) {
    if (c == ' ' && !out.empty() && out.back() == ' ') continue;
    out += c;
  }
  return out;
}

// RFC 4180 records (CRLF-ended, quoted fields with doubled quotes).
std::vector<std::vector<std::string>> csv_records(const std::string& text) {
  std::vector<std::vector<std::string>> out;
  std::vector<std::string> record;
  std::string field;
  bool quoted = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (quoted) {
      if (c == '"' && i + 1 < text.size() && text[i + 1] == '"') {
        field += '"';
        ++i;
      } else if (c == '"') {
        quoted = false;
      } else {
        field += c;
      }
    } else if (c == '"') {
      quoted = true;
    } else if (c == ',') {
      record.push_back(std::move(field));
      field.clear();
    } else if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') {
      record.push_back(std::move(field));
      field.clear();
      out.push_back(std::move(record));
      record.clear();
      ++i;
    } else {
      field += c;
    }
  }
  EXPECT_TRUE(field.empty() && record.empty()) << "the last record is not ended by CRLF";
  return out;
}

std::string csv_line(const std::vector<std::string>& cells) {
  std::string out;
  for (std::size_t i = 0; i < cells.size(); ++i) out += (i ? "," : "") + cells[i];
  return out + "\r\n";
}

// The worksheet parts named in a ZIP archive's headers (names are stored
// uncompressed): "xl/worksheets/sheet1.xml" ...
std::set<std::string> worksheet_parts(const std::string& bytes) {
  std::set<std::string> out;
  const std::string prefix = "xl/worksheets/sheet";
  for (auto at = bytes.find(prefix); at != std::string::npos; at = bytes.find(prefix, at + 1)) {
    const auto end = bytes.find(".xml", at);
    if (end != std::string::npos && end - at < 40) out.insert(bytes.substr(at, end + 4 - at));
  }
  return out;
}

std::string lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

const std::string plan_header =
    "reference,recommendation,recommendation_text,urgent,themes,action,action_text,lead,agency,by_when,due,status,"
    "days_late,next_update_due,update_overdue,updates,last_update_on,last_update,completed_on,signed_off_on,evidence,"
    "smart\r\n";

}  // namespace

TEST(action_plan_export, formats_and_statuses_have_names) {
  EXPECT_EQ(scr::plan_format_from("text"), scr::plan_format::text);
  EXPECT_EQ(scr::plan_format_from("csv"), scr::plan_format::csv);
  EXPECT_EQ(scr::plan_format_from("json"), scr::plan_format::json);
  EXPECT_EQ(scr::plan_format_from("html"), scr::plan_format::html);
  EXPECT_EQ(scr::plan_format_from("xlsx"), scr::plan_format::xlsx);
  EXPECT_ERROR(scr::input_error, scr::plan_format_from("pdf"), "'pdf'", "text", "csv", "json", "html", "xlsx");
  EXPECT_ERROR(scr::input_error, scr::plan_format_from("CSV"), "'CSV'");

  EXPECT_EQ(scr::to_string(scr::action_status::open), "open");
  EXPECT_EQ(scr::to_string(scr::action_status::overdue), "overdue");
  EXPECT_EQ(scr::to_string(scr::action_status::ongoing), "ongoing");
  EXPECT_EQ(scr::to_string(scr::action_status::completed), "completed");
  EXPECT_EQ(scr::to_string(scr::action_status::implemented), "implemented");
  EXPECT_EQ(scr::to_string(scr::action_status::waived), "waived");
  EXPECT_EQ(scr::to_string(scr::recommendation_status::no_actions), "no actions");
  EXPECT_EQ(scr::to_string(scr::recommendation_status::not_started), "not started");
  EXPECT_EQ(scr::to_string(scr::recommendation_status::in_progress), "in progress");
  EXPECT_EQ(scr::to_string(scr::recommendation_status::implemented), "implemented");
}

TEST(action_plan_export, text_lists_recommendations_actions_findings_and_warnings) {
  const std::string expected =
      "Action plan of Child Q (solihull version 4), as of 2024-09-30: state action_plan\n"
      "Approved 2024-03-01\n"
      "Completion mark: Action plan completed, due 2025-03-01, pending\n"
      "\n"
      "Recommendation 1 [in progress] URGENT: Police training on <script>alert(1)</script> neglect\n"
      "  ! recommendation 1 has no measure\n"
      "  1.1: Determine number of courses and arrange.\n"
      "      lead Head of Police training (Police); due 2024-06-01; overdue, 121 days late\n"
      "      next update due 2024-09-01, update overdue\n"
      "      last update 2024-05-01: Two courses booked, 30 places\n"
      "  ! action 1.1 has no evidence agreed\n"
      "  1.2: =HYPERLINK(\"http://evil\",\"click\")\n"
      "      lead Training lead (Police); due Ongoing, review on 2025-01-01; ongoing\n"
      "\n"
      "Recommendation 2 [no actions]: Audit of referrals\n"
      "\n"
      "Recommendation 3 [implemented]: Share the learning\n"
      "  3.1: Briefing to all staff\n"
      "      lead Board manager; due 2024-07-01; implemented, completed 2024-06-20, signed off 2024-07-10\n"
      "      last update 2024-07-10 (signed off): Evidence accepted\n"
      "\n"
      "Actions under no recorded recommendation\n"
      "  9.1: Review the referral form\n"
      "      lead Head of MASH (Children's Services); due no date; open\n"
      "\n"
      "Warning: action 9.1 is under recommendation 9, which is not recorded\n";
  EXPECT_EQ(scr::export_action_plan(child_q(), scr::plan_format::text), expected);

  // Not approved, no mark; an instant late on a summer evening is the next
  // London day.
  auto r = child_r();
  r.recommendations[0].actions[0].updates.push_back(
      {"update", utc(2024, 6, 30, 23, 30), {"N", "lead", "+Health"}, "on_track", "Draft out", "", 3});
  const auto lines = lines_of(scr::export_action_plan(r, scr::plan_format::text));
  ASSERT_GE(lines.size(), 7u);
  EXPECT_EQ(lines[0], "Action plan of Child R (solihull version 4), as of 2024-09-30: state monitoring");
  EXPECT_EQ(lines[1], "Not yet approved");
  EXPECT_EQ(lines[2], "");
  EXPECT_EQ(lines[3], "Recommendation R1 [implemented]: Escalation policy");
  EXPECT_EQ(lines[4], "  R1.1: Rewrite the escalation policy");
  EXPECT_EQ(lines[5], "      lead Named nurse (+Health); due One month; implemented");
  EXPECT_EQ(lines[6], "      last update 2024-07-01: Draft out");
}

TEST(action_plan_export, csv_has_a_row_per_action_and_neutralises_formulas) {
  const std::string csv = scr::export_action_plan(child_q(), scr::plan_format::csv);
  ASSERT_EQ(csv.substr(0, plan_header.size()), plan_header);
  const std::string rec1 = "Child Q,1,Police training on <script>alert(1)</script> neglect,true,neglect; training";
  EXPECT_NE(csv.find(csv_line({rec1, "1.1", "Determine number of courses and arrange.", "Head of Police training",
                               "Police", "Three months", "2024-06-01", "overdue", "121", "2024-09-01", "true", "1",
                               "2024-05-01", "\"Two courses booked, 30 places\"", "", "", "",
                               "recommendation 1 has no measure; action 1.1 has no evidence agreed"})),
            std::string::npos)
      << csv;
  // The formula is written after an apostrophe, then quoted for its commas and quotes.
  EXPECT_NE(csv.find(csv_line({rec1, "1.2", "\"'=HYPERLINK(\"\"http://evil\"\",\"\"click\"\")\"", "Training lead",
                               "Police", "Ongoing", "", "ongoing", "0", "", "false", "0", "", "", "", "",
                               "Attendance register", "recommendation 1 has no measure"})),
            std::string::npos)
      << csv;
  EXPECT_EQ(csv.find(",=HYPERLINK"), std::string::npos);

  const auto records = csv_records(csv);
  ASSERT_EQ(records.size(), 6u);  // the header, 1.1, 1.2, recommendation 2, 3.1, 9.1
  for (const auto& r : records) EXPECT_EQ(r.size(), 22u);
  // A recommendation without actions: its cells, the action's blank.
  EXPECT_EQ(records[3], (std::vector<std::string>{"Child Q", "2", "Audit of referrals", "false", "", "", "", "", "", "",
                                                  "", "no actions", "", "", "", "", "", "", "", "", "", ""}));
  EXPECT_EQ(records[4][5], "3.1");
  EXPECT_EQ(records[4][15], "2");
  EXPECT_EQ(records[4][16], "2024-07-10");
  EXPECT_EQ(records[4][17], "Evidence accepted");
  EXPECT_EQ(records[4][18], "2024-06-20");
  EXPECT_EQ(records[4][19], "2024-07-10");
  // The action under no recorded recommendation comes last.
  EXPECT_EQ(records[5], (std::vector<std::string>{"Child Q", "9", "", "", "", "9.1", "Review the referral form",
                                                  "Head of MASH", "Children's Services", "", "", "open", "0", "",
                                                  "false", "0", "", "", "", "", "", ""}));

  // Every text cell is neutralised, not only the action's.
  const auto r = csv_records(scr::export_action_plan(child_r(), scr::plan_format::csv));
  ASSERT_EQ(r.size(), 2u);
  EXPECT_EQ(r[1][8], "'+Health");
}

TEST(action_plan_export, json_carries_every_field_with_dates_instants_and_nulls) {
  const auto j = nlohmann::json::parse(scr::export_action_plan(child_q(), scr::plan_format::json));
  EXPECT_EQ(j["schema"], "libscr.action_plan");
  EXPECT_EQ(j["version"], 1);
  EXPECT_EQ(j["reference"], "Child Q");
  EXPECT_EQ(j["procedure"]["id"], "solihull");
  EXPECT_EQ(j["procedure"]["version"], 4);
  EXPECT_EQ(j["state"], "action_plan");
  EXPECT_EQ(j["as_of"], "2024-09-30");
  EXPECT_EQ(j["approved_at"], "2024-03-01T10:00:00Z");
  EXPECT_EQ(j["mark"], (nlohmann::json{{"id", "action_plan_complete"},
                                       {"title", "Action plan completed"},
                                       {"due", "2025-03-01"},
                                       {"status", "pending"}}));
  ASSERT_EQ(j["recommendations"].size(), 3u);
  const auto& r1 = j["recommendations"][0];
  EXPECT_EQ(r1["number"], "1");
  EXPECT_EQ(r1["text"], "Police training on <script>alert(1)</script> neglect");
  EXPECT_EQ(r1["outcome"], "Officers recognise neglect");
  EXPECT_EQ(r1["addressed_to"], "");
  EXPECT_EQ(r1["urgent"], true);
  EXPECT_EQ(r1["themes"], (nlohmann::json{"neglect", "training"}));
  EXPECT_EQ(r1["status"], "in progress");
  EXPECT_EQ(r1["made_at"], "2024-02-20T14:30:00Z");
  EXPECT_EQ(r1["smart"],
            (nlohmann::json::array({{{"check", "measure"}, {"message", "recommendation 1 has no measure"}}})));
  ASSERT_EQ(r1["actions"].size(), 2u);
  const auto& a11 = r1["actions"][0];
  EXPECT_EQ(a11["number"], "1.1");
  EXPECT_EQ(a11["recommendation"], "1");
  EXPECT_EQ(a11["by_when"], "Three months");
  EXPECT_EQ(a11["due"], "2024-06-01");
  EXPECT_TRUE(a11["review_on"].is_null());
  EXPECT_EQ(a11["status"], "overdue");
  EXPECT_EQ(a11["state"], "agreed");
  EXPECT_EQ(a11["days_late"], 121);
  EXPECT_EQ(a11["next_update_due"], "2024-09-01");
  EXPECT_EQ(a11["update_overdue"], true);
  EXPECT_EQ(a11["updates_overdue"], 1);
  EXPECT_EQ(a11["agreed_at"], "2024-03-01T10:00:00Z");
  EXPECT_TRUE(a11["completed_at"].is_null());
  EXPECT_TRUE(a11["signed_off_at"].is_null());
  EXPECT_EQ(a11["smart"][0]["check"], "evidence");
  ASSERT_EQ(a11["updates"].size(), 1u);
  const nlohmann::json by{{"name", "Ann Manager"}, {"role", "manager"}, {"agency", "Police"}};
  EXPECT_EQ(a11["updates"][0], (nlohmann::json{{"kind", "update"},
                                               {"at", "2024-05-01T09:00:00Z"},
                                               {"by", by},
                                               {"status", "at_risk"},
                                               {"narrative", "Two courses booked, 30 places"},
                                               {"evidence", ""},
                                               {"sequence", 12}}));
  const auto& a12 = r1["actions"][1];
  EXPECT_EQ(a12["what"], "=HYPERLINK(\"http://evil\",\"click\")");  // JSON is for programs: as recorded
  EXPECT_TRUE(a12["due"].is_null());
  EXPECT_EQ(a12["review_on"], "2025-01-01");
  EXPECT_EQ(a12["status"], "ongoing");
  EXPECT_TRUE(j["recommendations"][1]["actions"].empty());
  EXPECT_EQ(j["recommendations"][1]["status"], "no actions");
  const auto& a31 = j["recommendations"][2]["actions"][0];
  EXPECT_EQ(a31["completed_at"], "2024-06-20T11:00:00Z");
  EXPECT_EQ(a31["signed_off_at"], "2024-07-10T15:00:00Z");
  EXPECT_EQ(a31["completion_evidence"], "Slides v2");
  EXPECT_EQ(a31["evidence"], "Briefing slides");
  EXPECT_EQ(a31["updates"][1]["kind"], "signed off");
  EXPECT_EQ(a31["updates"][1]["sequence"], 24);
  ASSERT_EQ(j["unlinked"].size(), 1u);
  EXPECT_EQ(j["unlinked"][0]["number"], "9.1");
  EXPECT_EQ(j["unlinked"][0]["recommendation"], "9");
  EXPECT_EQ(j["warnings"], (nlohmann::json{"action 9.1 is under recommendation 9, which is not recorded"}));

  const auto r = nlohmann::json::parse(scr::export_action_plan(child_r(), scr::plan_format::json));
  EXPECT_TRUE(r["approved_at"].is_null());
  EXPECT_TRUE(r["mark"].is_null());
  EXPECT_TRUE(r["recommendations"][0]["made_at"].is_null());
  EXPECT_TRUE(r["unlinked"].is_array() && r["unlinked"].empty());
  EXPECT_TRUE(r["warnings"].is_array() && r["warnings"].empty());
}

TEST(action_plan_export, html_is_a_standalone_page_with_everything_escaped) {
  const std::string html = scr::export_action_plan(child_q(), scr::plan_format::html);
  EXPECT_EQ(html.rfind("<!DOCTYPE html>\n<html lang=\"en-GB\">", 0), 0u);
  EXPECT_NE(html.find("<meta charset=\"utf-8\">"), std::string::npos);
  EXPECT_NE(html.find("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
                      "style-src 'unsafe-inline'\">"),
            std::string::npos);
  EXPECT_EQ(lower(html).find("<script"), std::string::npos);
  EXPECT_NE(html.find("Police training on &lt;script&gt;alert(1)&lt;/script&gt; neglect"), std::string::npos);
  EXPECT_NE(html.find("=HYPERLINK(&quot;http://evil&quot;,&quot;click&quot;)"), std::string::npos);
  EXPECT_NE(html.find("Children&#39;s Services"), std::string::npos);
  EXPECT_NE(html.find("<p class=\"summary\">3 recommendations, 1 implemented; 4 actions, 1 overdue; "
                      "updates overdue: 1.</p>"),
            std::string::npos)
      << html;
  EXPECT_NE(html.find("<td class=\"status status-overdue\">overdue, 121 days late</td>"), std::string::npos);
  EXPECT_NE(html.find("<td class=\"status status-ongoing\">ongoing</td>"), std::string::npos);
  EXPECT_NE(html.find("<td class=\"status status-implemented\">implemented</td>"), std::string::npos);
  EXPECT_NE(html.find(".status-overdue {"), std::string::npos);  // styled
  EXPECT_NE(html.find("<span class=\"badge status-no-actions\">no actions</span>"), std::string::npos);
  EXPECT_NE(html.find("<span class=\"urgent\">URGENT</span>"), std::string::npos);
  EXPECT_NE(html.find("<li>action 9.1 is under recommendation 9, which is not recorded</li>"), std::string::npos);
  EXPECT_TRUE(html.ends_with("</body>\n</html>\n"));
}

TEST(action_plan_export, xlsx_is_one_workbook_with_one_sheet) {
  const std::string x = scr::export_action_plan(child_q(), scr::plan_format::xlsx);
  ASSERT_GE(x.size(), 4u);
  EXPECT_EQ(x.substr(0, 4), std::string("PK\x03\x04", 4));
  // The cells are compressed; the parts' names are not. (libscr/src is not
  // on this program's include path, so the workbook is not read back here.)
  EXPECT_EQ(worksheet_parts(x), (std::set<std::string>{"xl/worksheets/sheet1.xml"}));
  // A plan with nothing in it still writes.
  scr::action_plan empty;
  empty.reference = "Empty";
  empty.as_of = ymd(2024, 1, 1);
  EXPECT_EQ(scr::export_action_plan(empty, scr::plan_format::xlsx).substr(0, 2), "PK");
  EXPECT_EQ(scr::export_action_plan(empty, scr::plan_format::csv), plan_header);
}

TEST(action_plan_export, assurance_text_gives_figures_tables_and_reviews) {
  const auto lines = lines_of(scr::export_assurance(report(), scr::plan_format::text));
  ASSERT_GE(lines.size(), 13u);
  EXPECT_EQ(lines[0], "Action plan assurance, 2024-04-01 to 2024-09-30");
  EXPECT_EQ(lines[1], "");
  // Figures in aligned columns.
  EXPECT_EQ(lines[2], "Recommendations        4");
  EXPECT_EQ(lines[3], "Implemented            2 (50.0%)");
  std::vector<std::string> rest;
  for (std::size_t i = 4; i < lines.size(); ++i) rest.push_back(squeezed(lines[i]));
  EXPECT_EQ(rest, (std::vector<std::string>{"Urgent 1",
                                            "Urgent implemented 0 (0.0%)",
                                            "Actions 5",
                                            "Actions implemented 2",
                                            "Actions overdue 1",
                                            "Updates overdue 1",
                                            "Completed in period 1",
                                            "Updates in period 2",
                                            "Plans past their mark 1: Child R",
                                            "",
                                            "By status",
                                            "STATUS RECOMMENDATIONS ACTIONS",
                                            "in progress 1 2",
                                            "no actions 1 0",
                                            "implemented 2 2",
                                            "",
                                            "By agency",
                                            "AGENCY RECOMMENDATIONS ACTIONS OVERDUE IMPLEMENTED",
                                            "Police 1 2 1 0",
                                            "=cmd|' /C calc'!A0 1 1 0 1",
                                            "",
                                            "Themes",
                                            "THEME REVIEWS RECOMMENDATIONS IMPLEMENTED",
                                            "neglect 1 1 0",
                                            "learning 1 1 1",
                                            "",
                                            "Reviews",
                                            "REVIEW RECOMMENDATIONS IMPLEMENTED ACTIONS OVERDUE",
                                            "Child Q 3 1 1",
                                            "Child R (past its mark) 1 1 0"}));
}

TEST(action_plan_export, assurance_csv_is_one_table_of_sections) {
  const std::string csv = scr::export_assurance(report(), scr::plan_format::csv);
  EXPECT_EQ(csv, "section,key,reviews,recommendations,actions,overdue,implemented\r\n"
                 "total,all,2,4,5,1,2\r\n"
                 "urgent,all,,1,,,0\r\n"
                 "status,in progress,1,1,2,1,0\r\n"
                 "status,no actions,1,1,0,0,0\r\n"
                 "status,implemented,2,2,2,0,2\r\n"
                 "agency,Police,1,1,2,1,0\r\n"
                 "agency,'=cmd|' /C calc'!A0,1,1,1,0,1\r\n"
                 "theme,neglect,1,1,2,1,0\r\n"
                 "theme,learning,1,1,1,0,1\r\n"
                 "review,Child Q,1,3,4,1,1\r\n"
                 "review,Child R,1,1,1,0,1\r\n");
}

TEST(action_plan_export, assurance_json_html_and_xlsx) {
  const auto a = report();
  const auto j = nlohmann::json::parse(scr::export_assurance(a, scr::plan_format::json));
  EXPECT_EQ(j["schema"], "libscr.assurance");
  EXPECT_EQ(j["version"], 1);
  EXPECT_EQ(j["from"], "2024-04-01");
  EXPECT_EQ(j["as_of"], "2024-09-30");
  EXPECT_EQ(j["recommendations"], 4);
  EXPECT_EQ(j["implemented"], 2);
  EXPECT_DOUBLE_EQ(j["proportion_implemented"].get<double>(), 0.5);
  EXPECT_EQ(j["urgent"], 1);
  EXPECT_EQ(j["urgent_implemented"], 0);
  EXPECT_DOUBLE_EQ(j["proportion_urgent_implemented"].get<double>(), 0.0);
  EXPECT_EQ(j["actions"], 5);
  EXPECT_EQ(j["actions_implemented"], 2);
  EXPECT_EQ(j["actions_overdue"], 1);
  EXPECT_EQ(j["updates_overdue"], 1);
  EXPECT_EQ(j["completed_in_period"], 1);
  EXPECT_EQ(j["updates_in_period"], 2);
  EXPECT_EQ(j["past_mark"], (nlohmann::json{"Child R"}));
  ASSERT_EQ(j["by_status"].size(), 3u);
  EXPECT_EQ(j["by_status"][0], (nlohmann::json{{"key", "in progress"},
                                               {"reviews", 1},
                                               {"recommendations", 1},
                                               {"actions", 2},
                                               {"overdue", 1},
                                               {"implemented", 0}}));
  EXPECT_EQ(j["by_agency"][1]["key"], "=cmd|' /C calc'!A0");
  EXPECT_EQ(j["by_theme"][1]["key"], "learning");
  ASSERT_EQ(j["reviews"].size(), 2u);
  EXPECT_EQ(j["reviews"][0], (nlohmann::json{{"reference", "Child Q"},
                                             {"recommendations", 3},
                                             {"implemented", 1},
                                             {"actions", 4},
                                             {"actions_overdue", 1},
                                             {"updates_overdue", 1},
                                             {"approved_at", "2024-03-01T10:00:00Z"}}));
  EXPECT_TRUE(j["reviews"][1]["approved_at"].is_null());

  const std::string html = scr::export_assurance(a, scr::plan_format::html);
  EXPECT_EQ(html.rfind("<!DOCTYPE html>\n<html lang=\"en-GB\">", 0), 0u);
  EXPECT_NE(html.find("Content-Security-Policy"), std::string::npos);
  EXPECT_EQ(lower(html).find("<script"), std::string::npos);
  EXPECT_NE(html.find("<tr><th scope=\"row\">Implemented</th><td>2 (50.0%)</td></tr>"), std::string::npos);
  EXPECT_NE(html.find("<tr class=\"past-mark\"><td>Child R <strong>(past its mark)</strong></td>"),
            std::string::npos);
  EXPECT_NE(html.find("<tr><td>Child Q</td>"), std::string::npos);
  EXPECT_NE(html.find("=cmd|&#39; /C calc&#39;!A0"), std::string::npos);
  EXPECT_NE(html.find("<td class=\"status status-in-progress\">in progress</td>"), std::string::npos);

  const std::string x = scr::export_assurance(a, scr::plan_format::xlsx);
  EXPECT_EQ(x.substr(0, 4), std::string("PK\x03\x04", 4));
  EXPECT_EQ(worksheet_parts(x), (std::set<std::string>{"xl/worksheets/sheet1.xml", "xl/worksheets/sheet2.xml",
                                                       "xl/worksheets/sheet3.xml", "xl/worksheets/sheet4.xml",
                                                       "xl/worksheets/sheet5.xml"}));
}

TEST(action_plan_export, an_empty_report_divides_by_nothing) {
  scr::assurance_report a;
  a.from = ymd(2024, 4, 1);
  a.as_of = ymd(2024, 4, 30);
  const auto lines = lines_of(scr::export_assurance(a, scr::plan_format::text));
  ASSERT_GE(lines.size(), 6u);
  EXPECT_EQ(squeezed(lines[3]), "Implemented 0 (0.0%)");
  EXPECT_EQ(squeezed(lines[5]), "Urgent implemented 0 (0.0%)");
  EXPECT_EQ(scr::export_assurance(a, scr::plan_format::csv),
            "section,key,reviews,recommendations,actions,overdue,implemented\r\n"
            "total,all,0,0,0,0,0\r\n"
            "urgent,all,,0,,,0\r\n");
  EXPECT_EQ(scr::export_assurance(a, scr::plan_format::xlsx).substr(0, 2), "PK");
}
