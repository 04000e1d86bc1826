// What a board reads: a review's warnings in every form of its timetable
// that can hold them (text, JSON, HTML), the HTML page's summary, rules in
// words, people beside roles, whole labels and London times; the board's
// dashboard and calendar feed across a store (docs/reports.md).

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <string>

#include "review_support.hpp"
#include "scr/report.hpp"
#include "scr/store.hpp"
#include "store_support.hpp"

namespace {

const scr::actor manager = as("business_manager", "B. Manager", "Stockport SCB");

// Stockport: a Police IMR whose overview author, "Ann Lee", is near in name
// to the panel chair "Anne Lee": a near-match warning (may be one person).
scr::review warned() {
  auto r = scr::review::open(pack("stockport-2010-imr"), ew(), "Child S (Police IMR)", london(2024, 3, 4), manager,
                             {{"agency", std::string("Police")},
                              {"confirm_by", ymd(2024, 3, 11)},
                              {"chronology_by", ymd(2024, 4, 8)},
                              {"imr_by", ymd(2024, 5, 31)}});
  r.assign("Ann Lee", "imr_author", "Police", london(2024, 3, 5), manager,
           {"directly_concerned_with_the_child_or_family", "immediate_line_manager_of_practitioners_involved",
            "less_than_two_management_lines_from_decisions_in_the_case"});
  r.assign("Anne Lee", "designated_senior_manager", "Police", london(2024, 3, 7), manager);
  return r;
}

TEST(report_pages, a_reviews_warnings_are_in_its_text_json_and_html) {
  const auto r = warned();
  const auto as_of = ymd(2024, 4, 1);
  ASSERT_FALSE(r.warnings(as_of).empty());
  const std::string message = r.warnings(as_of).front().message;
  EXPECT_NE(scr::timetable_text(r, as_of).find("warning: " + message), std::string::npos);
  const auto doc = nlohmann::json::parse(scr::timetable_json(r, as_of));
  ASSERT_EQ(doc["warnings"].size(), r.warnings(as_of).size());
  EXPECT_EQ(doc["warnings"][0]["message"], message);
  EXPECT_EQ(doc["warnings"][0]["kind"], "near_match");
  const std::string html = scr::timetable_html(r, as_of);
  EXPECT_NE(html.find("<p class=\"warning\">Warning: "), std::string::npos);
  // Assigned people beside their roles; the history in London time.
  EXPECT_NE(html.find("imr_author (Ann Lee, Police)"), std::string::npos);
  EXPECT_NE(html.find("<td>2024-03-04 10:00 GMT</td>"), std::string::npos);
}

TEST(report_pages, the_html_page_summarises_and_words_its_rules_and_keeps_labels_whole) {
  auto r = scr::review::open(pack("solihull-2011-scr"), ew(), "Child Q", london(2024, 1, 15, 9),
                             as("lscb_chair", "A. Patel"), {{"incident_at", utc(2024, 1, 13, 22)}});
  const std::string html = scr::timetable_html(r, ymd(2024, 3, 1));
  // Overdue by 1 March: what the summary counts is what the table marks overdue.
  std::size_t overdue_rows = 0;
  for (std::size_t at = html.find("<tr class=\"overdue\">"); at != std::string::npos;
       at = html.find("<tr class=\"overdue\">", at + 1)) {
    ++overdue_rows;
  }
  ASSERT_GT(overdue_rows, 1u);
  EXPECT_NE(html.find("<strong>" + std::to_string(overdue_rows) + " items are overdue</strong>"), std::string::npos);
  // "72 hours after referral_received.incident_at" in words.
  EXPECT_EQ(html.find("referral_received.incident_at"), std::string::npos);
  EXPECT_NE(html.find("72 hours after Referral form (SCRRF) received by the LSCB Chair (Date and time of the critical "
                      "incident)"),
            std::string::npos);
  // A long label is wrapped into lines, never cut.
  EXPECT_EQ(html.find("...</text>"), std::string::npos);
  EXPECT_NE(html.find("<tspan x=\"0\" dy=\"14.0\">"), std::string::npos);
}

TEST(report_pages, the_dashboard_rates_each_review_and_escapes_everything) {
  auto db = scr::store::in_memory(clock_at(utc(2026, 12, 5, 12)));
  const auto p = scr::procedure::builtin("solihull-2011-scr");
  const auto chair = as("lscb_chair", "A. Patel");
  db.open_review(p, "Child <i>Late</i>", london(2024, 1, 15, 9), chair, {{"incident_at", utc(2024, 1, 13, 22)}});
  db.open_review(p, "Child Fresh", london(2024, 2, 29, 9), chair, {{"incident_at", utc(2024, 2, 29, 8)}});
  scr::dashboard_options o;
  o.title = "Board & <b>friends</b>";
  const std::string page = scr::dashboard_html(db, ymd(2024, 3, 1), o);
  EXPECT_EQ(page.find("<i>"), std::string::npos);
  EXPECT_EQ(page.find("<b>friends"), std::string::npos);
  EXPECT_NE(page.find("Child &lt;i&gt;Late&lt;/i&gt;"), std::string::npos);
  EXPECT_NE(page.find("id=\"open-reviews\"><b>2</b>"), std::string::npos);
  EXPECT_NE(page.find("id=\"red-reviews\"><b>1</b>"), std::string::npos);    // the January review: overdue items
  EXPECT_NE(page.find("id=\"amber-reviews\"><b>1</b>"), std::string::npos);  // opened 29 February: due within 14 days
  EXPECT_EQ(page.find("<script"), std::string::npos);
  o.soon_days = 0;
  EXPECT_THROW(scr::dashboard_html(db, ymd(2024, 3, 1), o), scr::input_error);
}

}  // namespace
