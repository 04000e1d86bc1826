// store::progress, and so the monthly report, reads projection rows for the
// reviews whose records end by the day asked about and replays the others.
// Either way it must say what the review itself says: on random histories
// of every built-in pack, stored in one file, the progress at every week of
// their span (and after) equals what each review, loaded and asked, gives.

#include <gtest/gtest.h>

#include <algorithm>
#include <optional>
#include <span>
#include <set>
#include <string>
#include <vector>

#include "backend_support.hpp"
#include "random_history.hpp"
#include "review_support.hpp"
#include "scr/report.hpp"
#include "scr/store.hpp"
#include "store_support.hpp"

namespace {

std::string text_of(const scr::progress_item& i) {
  return i.kind + " " + i.id + "@" + i.agency + "#" + std::to_string(i.occurrence) + " " + i.status + " " +
         (i.due ? scr::format_date(*i.due) : "-") + " late " + std::to_string(i.days_late) + " (" + i.title + ", " +
         i.owner + ")";
}

std::string text_of(const scr::review_progress& p) {
  const auto day = [](const std::optional<scr::date>& d) { return d ? scr::format_date(*d) : std::string("-"); };
  std::string out = p.summary.reference + ": " + p.summary.state + " (" + p.stage + ")" +
                    (p.summary.closed ? " closed " + scr::format_date(scr::london_date(*p.summary.closed_at)) : "") +
                    (p.on_hold ? " on hold" : "") + "; completion " + day(p.planned_completion) + " (first " +
                    day(p.original_completion) + (p.completion_projected ? ", projected" : "") + ")\n";
  for (const auto& i : p.items) out += "  " + text_of(i) + "\n";
  for (const auto& w : p.warnings) {
    out += "  warning " + w.kind + ": " + w.message + " [" + w.rule + "; " + std::string(scr::to_string(w.level)) +
           "; " + std::to_string(w.cite.size()) + " citations; " + scr::format_instant(w.at) + "]\n";
  }
  return out;
}

// What the review itself says of the end of `as_of`: its timetable's lines
// (report.hpp, timetable_entries) not done, as the monthly report read them
// before it read projections.
scr::review_progress asked(const scr::review& r, const scr::review_summary& stored, scr::date as_of) {
  scr::review_progress p;
  p.summary.reference = r.reference();
  p.summary.state = r.state(as_of);
  for (const auto& st : r.definition().states)
    if (st.id == p.summary.state) p.stage = st.title;
  const auto closed = stored.closed_at;
  p.summary.closed = closed && scr::london_date(*closed) <= as_of;
  if (p.summary.closed) p.summary.closed_at = closed;
  for (const auto& h : r.holds())
    if (scr::london_date(h.from) <= as_of && (!h.to || scr::london_date(*h.to) > as_of)) p.on_hold = true;
  for (const auto& row : r.timetable(as_of)) {
    if (row.id() != r.definition().completion_milestone() || !row.agency.empty() || !row.due) continue;
    p.planned_completion = row.due;
    p.original_completion = row.original_due ? row.original_due : row.rule_due ? row.rule_due : row.due;
    p.completion_projected = row.projected;
  }
  for (const auto& e : scr::timetable_entries(r, as_of)) {
    const bool keep = e.status == "overdue" || e.status == "outstanding at closure" ||
                      (e.kind == "obligation" && (e.status == "open" || e.status == "pending"));
    if (keep) p.items.push_back({e.kind, e.id, e.agency, e.occurrence, e.title, e.owner, e.status, e.due, e.days_late});
  }
  std::sort(p.items.begin(), p.items.end(), [](const scr::progress_item& a, const scr::progress_item& b) {
    const auto key = [](const scr::progress_item& x) {
      return std::tuple(!x.due.has_value(), x.due.value_or(scr::date(boost::gregorian::min_date_time)), x.kind, x.id,
                        x.agency, x.occurrence);
    };
    return key(a) < key(b);
  });
  p.warnings = r.warnings(as_of);
  return p;
}

class progress_property : public ::testing::TestWithParam<std::string> {};

TEST_P(progress_property, projections_and_replays_say_what_each_review_says) {
  const auto p = pack(GetParam());
  auto db = test_store(clock_at(utc(2030, 1, 1, 12)));
  scr::instant last = london(2024, 1, 1);
  for (unsigned seed = 1; seed <= 6; ++seed) {
    const std::string ref = "Child " + std::to_string(seed);
    const auto r = random_history(p, seed * 104729U, 90, ref);
    const auto& h = r.history();
    db.open_review(*p, ref, h.front().at, h.front().by, h.front().data);
    if (h.size() > 1) db.append(ref, 1, std::span(h).subspan(1));
    last = std::max(last, r.last_event_at());
  }
  int projected = 0, replayed = 0, items = 0, closures = 0;
  const auto stored = db.reviews();
  int week = 0;
  for (scr::date as_of = scr::make_date(2024, 1, 10); as_of <= scr::london_date(last) + boost::gregorian::days(120);
       as_of += boost::gregorian::days(7)) {
    // Closed in the last ten days, or in the last half year.
    const scr::date closed_from = as_of - boost::gregorian::days(++week % 2 == 0 ? 10 : 180);
    std::string expected;
    for (const auto& s : stored) {
      if (scr::london_date(s.opened_at) > as_of) continue;
      if (s.closed_at && scr::london_date(*s.closed_at) < closed_from) continue;
      const auto r = db.load(s.reference);
      expected += text_of(asked(r, s, as_of));
      const bool ends_by = scr::london_date(r.last_event_at()) <= as_of;
      (ends_by ? projected : replayed) += 1;
    }
    std::string got;
    for (const auto& x : db.progress(as_of, closed_from)) {
      got += text_of(x);
      items += static_cast<int>(x.items.size());
      closures += x.summary.closed ? 1 : 0;
    }
    ASSERT_EQ(got, expected) << GetParam() << " as of " << scr::format_date(as_of);
  }
  // Both paths ran, with something to compare.
  EXPECT_GT(projected, 10);
  EXPECT_GT(replayed, 10);
  EXPECT_GT(items, 0);
}

// Child A, a Solihull review decided on 1 February 2024 (an SCR: its
// monthly progress updates repeat from then on).
void decided_review(scr::store& db, const scr::procedure& p) {
  const scr::actor chair = as("lscb_chair", "A. Patel", "Solihull LSCB");
  db.open_review(p, "Child A", london(2024, 1, 15, 9), chair, {{"incident_at", utc(2024, 1, 13, 22)}});
  db.record("Child A", "panel_convened", london(2024, 1, 19), chair);
  db.record("Child A", "panel_recommended", london(2024, 1, 29), chair, {{"recommendation", std::string("scr")}});
  db.record("Child A", "decision_made", london(2024, 2, 1), chair,
            {{"outcome", std::string("scr")}, {"reasons", std::string("criteria met")}});
}

// A repeating obligation's next occurrence discharged early: of each
// repeating obligation a review lists those due by the day and the first
// after it (review.hpp, obligations), so the one after that is not listed
// although it is open in the projections (they reach 400 days ahead).
TEST(store_progress, an_occurrence_discharged_early_hides_the_next) {
  auto db = test_store(clock_at(utc(2024, 6, 1, 12)));
  const auto p = pack("solihull-2011-scr");
  const scr::actor nominated = as("nominated_panel_member", "K. Brown", "Solihull LSCB");
  decided_review(db, *p);
  // The updates due on 1 March (late) and 1 April (early), both sent in March.
  db.discharge("Child A", "monthly_progress_update", london(2024, 3, 10), nominated, "Sent");
  db.discharge("Child A", "monthly_progress_update", london(2024, 3, 15), nominated, "Sent");
  const scr::date as_of = scr::make_date(2024, 3, 31);
  const auto got = db.progress(as_of, as_of);
  ASSERT_EQ(got.size(), 1u);
  for (const auto& i : got[0].items) EXPECT_NE(i.id, "monthly_progress_update") << text_of(i);
  const auto stored = db.reviews();
  EXPECT_EQ(text_of(got[0]), text_of(asked(db.load("Child A"), stored[0], as_of)));
  // As of 1 April the one due then is met, and the one due on 1 May is next.
  const auto april = db.progress(scr::make_date(2024, 4, 1), as_of);
  const auto next = std::find_if(april[0].items.begin(), april[0].items.end(),
                                 [](const auto& i) { return i.id == "monthly_progress_update"; });
  ASSERT_NE(next, april[0].items.end());
  EXPECT_EQ(next->occurrence, 3);
  EXPECT_EQ(next->status, "pending");
  EXPECT_EQ(next->due, scr::make_date(2024, 5, 1));
}

// A review quiet for longer than its projections reach (a repeating
// obligation, 400 days) is replayed for a later as-of date; its compliance
// rows come once, from the replay or the projections, never both.
TEST(store_progress, compliance_as_of_long_after_a_quiet_review_lists_it_once) {
  auto db = test_store(clock_at(utc(2027, 6, 1, 12)));
  const auto p = pack("solihull-2011-scr");
  decided_review(db, *p);
  for (const auto as_of : {scr::make_date(2024, 6, 1), scr::make_date(2026, 1, 1)}) {
    for (const auto basis : {scr::compliance_basis::opened, scr::compliance_basis::decided}) {
      const auto rows = db.compliance(scr::make_date(2024, 1, 1), scr::make_date(2024, 12, 31), as_of, basis);
      std::set<std::string> seen;
      for (const auto& h : rows) {
        EXPECT_TRUE(seen.insert(h.reference + "/" + h.headline).second)
            << h.reference << " " << h.headline << " twice as of " << scr::format_date(as_of);
      }
      EXPECT_EQ(seen.count("Child A/decision"), 1u) << scr::format_date(as_of);
    }
  }
}

INSTANTIATE_TEST_SUITE_P(every_pack, progress_property, ::testing::ValuesIn(scr::procedure::builtin_ids()),
                         pack_test_name);

}  // namespace

namespace {

// An agency's track that ends with a milestone unmet (here, withdrawn a
// fortnight after its report fell due) leaves that milestone outstanding at
// its closure while the review goes on. The monthly report read from the
// projections lists it, as a replay does.
// A procedure whose agency track may close (withdrawn) with its report unmet.
std::shared_ptr<const scr::procedure> track_closing_early() {
  return from_yaml(R"yaml(
procedure:
  id: test-closed-track
  title: A track that closes early
  version: 1
  effective_from: 2020-01-01
  opened_by: opened
roles:
  - {id: chair, title: Chair}
states:
  - {id: open, kind: initial}
  - {id: done, kind: terminal}
events:
  opened: {title: Opened}
  commission: {data: {agency: {type: agency, required: true}}}
  finish: {title: Finished}
transitions:
  - {event: commission, from: open, roles: [chair]}
  - {event: finish, from: open, to: done, roles: [chair]}
tracks:
  - id: imr
    title: Agency report
    instantiated_by: {event: commission, field: agency}
    states:
      - {id: drafting, kind: initial}
      - {id: submitted, kind: terminal}
      - {id: withdrawn, kind: terminal}
    events:
      submitted: {title: Report submitted}
      withdrawn: {title: Agency withdrawn}
    transitions:
      - {event: submitted, from: drafting, to: submitted, roles: [chair]}
      - {event: withdrawn, from: drafting, to: withdrawn, roles: [chair]}
    milestones:
      - {id: report, title: Agency report, owner: chair, anchor: {event: commission}, within: 1 week,
         completed_by: submitted}
)yaml");
}

void withdraw_an_agency(scr::store& db) {
  const scr::actor chair = as("chair", "A. Chair");
  db.open_review(*track_closing_early(), "Child T", london(2024, 3, 1), chair);
  db.record("Child T", "commission", london(2024, 3, 4), chair, {{"agency", std::string("Police")}});
  db.record("Child T", "withdrawn", london(2024, 3, 25), chair, {}, "Police");
}

TEST(store_progress, a_closed_tracks_outstanding_milestone_is_listed_while_the_review_is_open) {
  auto db = test_store(clock_at(utc(2030, 1, 1, 12)));
  withdraw_an_agency(db);
  const auto as_of = ymd(2024, 3, 31);
  const auto got = db.progress(as_of, ymd(2024, 3, 1));
  ASSERT_EQ(got.size(), 1u);
  ASSERT_EQ(got[0].items.size(), 1u);
  EXPECT_EQ(text_of(got[0].items[0]), text_of(asked(db.load("Child T"), got[0].summary, as_of).items.at(0)));
  EXPECT_EQ(got[0].items[0].status, "outstanding at closure");
  EXPECT_EQ(got[0].items[0].agency, "Police");
  EXPECT_EQ(got[0].items[0].due, ymd(2024, 3, 11));
}

// Schema 12 indexes the milestones that closed unmet, and the report finds
// them through that index: a store of schema 11 gains it when opened (on
// PostgreSQL, by its owner, which the tests' login is) and lists the same.
TEST(store_progress, a_schema_11_store_gains_the_index_of_milestones_closed_unmet) {
  scratch_dir dir("scr_progress");
  const std::string at = store_at((dir.dir / "v11.db").string());
  {
    scr::store db(at, clock_at(utc(2030, 1, 1, 12)));
    withdraw_an_agency(db);
  }
  const std::string count_index =
      scr::store::is_url(at)
          ? "SELECT count(*) FROM pg_indexes WHERE schemaname = current_schema() AND indexname = 'milestone_closed_unmet'"
          : "SELECT count(*) FROM sqlite_master WHERE type = 'index' AND name = 'milestone_closed_unmet'";
  ASSERT_EQ(column_of(at, count_index), std::vector<std::string>{"1"});
  tamper_with(at, scr::store::is_url(at)
                      ? "DROP INDEX milestone_closed_unmet; DROP TABLE calendar_versions; DROP FUNCTION scr_calendar_actor(); "
                        "UPDATE store_meta SET value = '11' WHERE name = 'schema_version'"
                      : back_to_schema_11);
  ASSERT_EQ(column_of(at, count_index), std::vector<std::string>{"0"});
  scr::store db(at, clock_at(utc(2030, 1, 1, 12)));
  EXPECT_EQ(column_of(at, count_index), std::vector<std::string>{"1"});
  const auto got = db.progress(ymd(2024, 3, 31), ymd(2024, 3, 1));
  ASSERT_EQ(got.size(), 1u);
  ASSERT_EQ(got[0].items.size(), 1u);
  EXPECT_EQ(got[0].items[0].status, "outstanding at closure");
  EXPECT_EQ(got[0].items[0].agency, "Police");
  EXPECT_TRUE(db.verify_all().ok()) << db.verify_all().message;
}

// A writer sets only the columns of a review's row that changed since it
// last wrote them (the others' indexes are not written again). On random
// histories of every built-in pack, four reviews written one event at a
// time in turn by a writer keeping one in full (so that each write takes
// its review up from what was parked, or from the file), the row is what
// the events give after every write: verify compares each column, and the
// list by state has the review under its state.
class summary_row_property : public ::testing::TestWithParam<std::string> {};

TEST_P(summary_row_property, the_row_is_what_the_events_give_after_every_write) {
  const auto p = pack(GetParam());
  scr::store_options one = clock_at(utc(2030, 1, 1, 12));
  one.cached_reviews = 1;
  auto db = test_store(one);
  std::vector<std::string> refs;
  std::vector<std::vector<scr::review_event>> histories;
  for (unsigned seed = 1; seed <= 4; ++seed) {
    refs.push_back("Child " + std::to_string(seed));
    histories.push_back(random_history(p, seed * 15485863U, 50, refs.back()).history());
    const auto& first = histories.back().front();
    db.open_review(*p, refs.back(), first.at, first.by, first.data);
  }
  std::set<std::string> states_seen;
  int state_changes = 0, closed = 0, writes = 0;
  std::vector<std::string> state(refs.size());
  for (std::size_t k = 0; k < refs.size(); ++k) state[k] = db.load(refs[k]).state();
  for (std::size_t seq = 1;; ++seq) {
    bool wrote = false;
    for (std::size_t k = 0; k < refs.size(); ++k) {
      if (seq >= histories[k].size()) continue;
      wrote = true;
      ++writes;
      db.append(refs[k], seq, std::span(histories[k]).subspan(seq, 1));
      const auto v = db.verify(refs[k]);
      ASSERT_TRUE(v.ok()) << GetParam() << " " << refs[k] << " event " << seq + 1 << ": " << v.message;
      const auto r = db.load(refs[k]);
      if (r.state() != state[k]) ++state_changes;
      state[k] = r.state();
      states_seen.insert(state[k]);
      const auto listed = db.reviews(state[k]);
      const auto it = std::find_if(listed.begin(), listed.end(), [&](const auto& s) { return s.reference == refs[k]; });
      ASSERT_NE(it, listed.end()) << GetParam() << " " << refs[k] << " is not listed as " << state[k];
      EXPECT_EQ(it->closed, r.closed());
      EXPECT_EQ(it->events, r.size());
      if (r.closed()) ++closed;
    }
    if (!wrote) break;
  }
  // Something to compare: writes that changed the state, and some that closed the review.
  EXPECT_GT(writes, 20) << GetParam();
  EXPECT_GT(state_changes, 1) << GetParam();
  EXPECT_GT(states_seen.size(), 1u) << GetParam();
  EXPECT_GT(closed, 0) << GetParam();
}

INSTANTIATE_TEST_SUITE_P(every_pack, summary_row_property, ::testing::ValuesIn(scr::procedure::builtin_ids()),
                         pack_test_name);

}  // namespace
