// scr::diff and scr::compare_timetables (docs/adapting-a-procedure.md, "See
// what changed"): what an overlay changes in the national pack, said in the
// procedure's terms, and which deadlines of a review would move.

#include <gtest/gtest.h>

#include <filesystem>
#include <set>
#include <string>
#include <tuple>
#include <vector>

#include "review_support.hpp"
#include "scr/procedure.hpp"
#include "scr/report.hpp"

namespace {

namespace fs = std::filesystem;

const scr::procedure& pack23() {
  static const scr::procedure p = scr::procedure::builtin("england-2023-lcspr");
  return p;
}

scr::procedure example(const std::string& name) {
  return scr::procedure::load((fs::path(SCR_TEST_DATA_DIR) / ".." / ".." / "examples" / "overlays" / name).string());
}

using key = std::tuple<std::string, std::string, std::string, std::string, std::string>;  // track, element, id, change, key

std::set<key> keys_of(const std::vector<scr::procedure_change>& changes) {
  std::set<key> out;
  for (const auto& c : changes) out.insert({c.track, c.element, c.id, c.change, c.key});
  return out;
}

}  // namespace

TEST(procedure_diff, a_procedure_has_no_difference_from_itself) {
  EXPECT_TRUE(scr::diff(pack23(), pack23()).empty());
  EXPECT_TRUE(scr::diff(pack23(), scr::procedure::parse(scr::procedure::builtin_source("england-2023-lcspr"), "x.yaml"))
                  .empty());
}

TEST(procedure_diff, the_rapid_review_overlay_changes_one_rule_and_says_it_in_the_procedures_terms) {
  const auto changes = scr::diff(pack23(), example("rapid-review-from-awareness.yaml"));
  EXPECT_EQ(keys_of(changes), (std::set<key>{{"", "procedure", "", "changed", "id"},
                                             {"", "procedure", "", "changed", "title"},
                                             {"", "procedure", "", "changed", "version"},
                                             {"", "choice", "rapid_review_anchor", "changed", "text"},
                                             {"", "milestone", "rapid_review", "changed", "due"}}));
  for (const auto& c : changes) {
    if (c.element != "milestone") continue;
    EXPECT_EQ(c.from, "15 working days after panel_notified.notified_on");
    EXPECT_EQ(c.to, "15 working days after incident_identified.became_aware_on");
    EXPECT_EQ(c.to_string(),
              "milestone rapid_review: due 15 working days after panel_notified.notified_on -> 15 working days after "
              "incident_identified.became_aware_on");
  }
}

TEST(procedure_diff, an_obligations_timescales_and_a_tracks_are_named) {
  auto changes = scr::diff(pack23(), example("monitor-quarterly.yaml"));
  std::vector<std::string> lines;
  for (const auto& c : changes)
    if (c.element == "obligation") lines.push_back(c.to_string());
  EXPECT_EQ(lines, (std::vector<std::string>{"obligation monitor_review: within 1 month -> 3 months",
                                             "obligation monitor_review: repeat 1 month -> 3 months"}));
  changes = scr::diff(pack23(), example("action-updates-monthly.yaml"));
  lines.clear();
  for (const auto& c : changes)
    if (c.element == "obligation") lines.push_back(c.to_string());
  EXPECT_EQ(lines, (std::vector<std::string>{"track action: obligation action_update: within 3 months -> 1 month",
                                             "track action: obligation action_update: repeat 3 months -> 1 month"}));
}

TEST(procedure_diff, states_events_and_transitions_added_and_removed) {
  const auto changed = scr::procedure::load(SCR_TEST_DATA_DIR "/overlays/local-hold.yaml");
  const auto found = keys_of(scr::diff(pack23(), changed));
  for (const key& k : std::vector<key>{
           {"", "state", "not_notifiable", "removed", ""},
           {"", "state", "on_hold", "added", ""},
           {"", "event", "notification_not_required", "removed", ""},
           {"", "event", "hold_started", "added", ""},
           {"", "event", "panel_notified", "changed", "data.notified_on.title"},
           {"", "transition", "notification_not_required from identified to not_notifiable branch not_notifiable",
            "removed", ""},
           {"", "transition", "hold_started from lcspr_in_progress to on_hold", "added", ""}}) {
    EXPECT_TRUE(found.count(k)) << std::get<1>(k) << " " << std::get<2>(k) << " " << std::get<3>(k);
  }
}

TEST(procedure_diff, a_reviews_deadlines_replayed_under_the_overlay_move) {
  // Became aware Monday 3 June 2024, notified Friday 7 June: the rapid review
  // is due 28 June under the pack, 24 June counted from awareness; the six
  // months projected from it move with it (28 and 24 December).
  const auto overlay = std::make_shared<const scr::procedure>(example("rapid-review-from-awareness.yaml"));
  const scr::actor la{"A. Officer", "local_authority", "Northshire Council"};
  auto r = scr::review::open(pack("england-2023-lcspr"), scr::calendar::england_and_wales(), "Child P",
                             london(2024, 6, 3), la, {{"became_aware_on", scr::make_date(2024, 6, 3)}});
  r.record("panel_notified", london(2024, 6, 7), la, {{"notified_on", scr::make_date(2024, 6, 7)}});
  const auto as_of = scr::make_date(2024, 6, 10);
  const auto moved = scr::compare_timetables(
      scr::timetable_entries(r, as_of),
      scr::timetable_entries(scr::review::from_events(overlay, r.calendar(), r.history()), as_of));
  ASSERT_EQ(moved.size(), 2u);
  EXPECT_EQ(moved[0].id, "rapid_review");
  EXPECT_EQ(moved[0].change, "moved");
  EXPECT_EQ(moved[0].from, scr::make_date(2024, 6, 28));
  EXPECT_EQ(moved[0].to, scr::make_date(2024, 6, 24));
  EXPECT_EQ(moved[1].id, "lcspr_completed");
  EXPECT_EQ(moved[1].from, scr::make_date(2024, 12, 28));
  EXPECT_EQ(moved[1].to, scr::make_date(2024, 12, 24));
  // Against itself nothing moves.
  EXPECT_TRUE(scr::compare_timetables(scr::timetable_entries(r, as_of), scr::timetable_entries(r, as_of)).empty());
}

TEST(procedure_diff, a_transition_written_twice_is_added_and_states_in_another_order_are_the_same) {
  // review_closed from published, again, for another role: a second row
  // that lets the lead reviewer close reviews. And action_updated's states
  // listed the other way round: no change.
  const auto p = scr::procedure::parse(R"yaml(extends: {id: england-2023-lcspr, version: 3}
procedure: {id: northshire-lcspr, version: 7}
transitions:
  - {event: review_closed, from: published, to: closed, roles: [lead_reviewer]}
)yaml",
                                       "overlay.yaml");
  std::vector<std::string> rows;
  for (const auto& c : scr::diff(pack23(), p))
    if (c.element == "transition") rows.push_back(c.to_string());
  EXPECT_EQ(rows, (std::vector<std::string>{"transition review_closed from published to closed #2: added"}));

  std::string text(scr::procedure::builtin_source("england-2023-lcspr"));
  const std::string from = "from: [open, completed]";
  const auto at = text.find(from);
  ASSERT_NE(at, std::string::npos);
  text.replace(at, from.size(), "from: [completed, open]");
  EXPECT_TRUE(scr::diff(pack23(), scr::procedure::parse(text, "reordered.yaml")).empty());
}
