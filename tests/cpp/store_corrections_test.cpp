// Corrections through the store, and "as of means as of": every question
// across reviews about a past date gives what replaying each review to that
// date gives (a property over random histories).

#include <gtest/gtest.h>
#include <SQLiteCpp/SQLiteCpp.h>
#include <openssl/evp.h>

#include <array>

#include <filesystem>
#include <cstdio>
#include <fstream>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include <random>
#include <set>
#include <tuple>

#include "backend_support.hpp"
#include "review_support.hpp"
#include "scr/store.hpp"
#include "store_support.hpp"

namespace {

const scr::actor chair = as("lscb_chair", "A. Patel", "Solihull LSCB");
const scr::actor administrator = as("administrator", "J. Lowe", "Solihull LSCB");
const scr::actor lscb = as("lscb", "Solihull LSCB", "Solihull LSCB");
const scr::actor nominated = as("nominated_panel_member", "K. Brown", "Solihull LSCB");

scr::event_data said(std::initializer_list<std::pair<const char*, const char*>> list) {
  scr::event_data d;
  for (const auto& [k, v] : list) d.emplace(k, std::string(v));
  return d;
}

TEST(store_corrections, corrections_are_stored_chained_and_shown) {
  auto db = test_store(clock_at(utc(2024, 6, 1, 12)));
  const auto p = scr::procedure::builtin("solihull-2011-scr");
  db.open_review(p, "Child Q", london(2024, 1, 15, 9), chair, {{"incident_at", utc(2024, 1, 13, 22)}});
  db.record("Child Q", "panel_convened", london(2024, 2, 19), chair);  // meant 19 January
  EXPECT_EQ(db.amend("Child Q", 2, london(2024, 1, 19), {}, "typed 19/02 for 19/01", administrator), 3u);
  EXPECT_EQ(db.record("Child Q", "panel_recommended", london(2024, 1, 29), chair, said({{"recommendation", "scr"}})), 4u);
  const auto h = db.history("Child Q");
  ASSERT_EQ(h.size(), 4u);
  EXPECT_EQ(h[2].event.kind, scr::event_kind::amended);
  EXPECT_EQ(h[2].event.corrects, 2u);
  EXPECT_EQ(h[2].event.reason, "typed 19/02 for 19/01");
  EXPECT_EQ(h[2].event.by, administrator);
  EXPECT_EQ(h[2].recorded_at, utc(2024, 6, 1, 12));
  const auto v = db.verify("Child Q");
  EXPECT_TRUE(v.ok()) << v.message;
  EXPECT_EQ(v.corrections, 1u);
  EXPECT_NE(v.message.find("4 events (1 correction"), std::string::npos) << v.message;
  // Rebuilt from the file (no cache): the same review.
  auto other = test_store(clock_at(utc(2024, 6, 1, 12)));
  EXPECT_EQ(db.load("Child Q").state(), "awaiting_decision");
}

TEST(store_corrections, the_reason_and_the_target_are_in_the_hash_chain) {
  const auto dir = std::filesystem::temp_directory_path() / "scr_store_corrections_hash";
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  const auto file = store_at((dir / "reviews.db").string());
  {
    scr::store db(file, clock_at(utc(2024, 6, 1, 12)));
    db.open_review(scr::procedure::builtin("solihull-2011-scr"), "Child Q", london(2024, 1, 15, 9), chair,
                   {{"incident_at", utc(2024, 1, 13, 22)}});
    db.record("Child Q", "panel_convened", london(2024, 1, 19), chair);
    const std::vector<std::uint64_t> two{2};
    db.void_events("Child Q", two, "recorded for the wrong child", london(2024, 1, 20), administrator);
  }
  // Each edit, then put back as it was.
  for (const auto& [tamper, undo] :
       {std::pair{"UPDATE events SET reason = 'no reason' WHERE sequence = 3",
                  "UPDATE events SET reason = 'recorded for the wrong child' WHERE sequence = 3"},
        std::pair{"UPDATE events SET corrects = 1 WHERE sequence = 3", "UPDATE events SET corrects = 2 WHERE sequence = 3"}}) {
    EXPECT_TRUE(scr::store(file, clock_at(utc(2024, 6, 1, 12))).verify("Child Q").ok());
    EXPECT_EQ(tamper_with(file, tamper), 1);
    scr::store db(file, clock_at(utc(2024, 6, 1, 12)));
    const auto v = db.verify("Child Q");
    EXPECT_FALSE(v.ok()) << tamper;
    EXPECT_EQ(v.first_altered, 3u) << tamper;
    tamper_with(file, undo);
  }
  std::filesystem::remove_all(dir);
}

TEST(store_corrections, a_void_review_leaves_every_list_and_may_be_purged_at_once) {
  auto db = test_store(clock_at(utc(2024, 6, 1, 12)));
  const auto p = scr::procedure::builtin("solihull-2011-scr");
  for (const auto* ref : {"Child P", "Child Q"}) {
    db.open_review(p, ref, london(2024, 1, 15, 9), chair, {{"incident_at", utc(2024, 1, 13, 22)}});
  }
  const std::vector<std::uint64_t> opening{1};
  db.void_events("Child Q", opening, "a duplicate of Child P", london(2024, 1, 16), administrator);
  std::set<std::string> listed, overdue, compliance;
  for (const auto& s : db.reviews()) listed.insert(s.reference);
  for (const auto& i : db.overdue(ymd(2024, 5, 1))) overdue.insert(i.reference);
  for (const auto& c : db.compliance(ymd(2024, 1, 1), ymd(2024, 12, 31))) compliance.insert(c.reference);
  EXPECT_EQ(listed, std::set<std::string>{"Child P"});
  EXPECT_EQ(overdue, std::set<std::string>{"Child P"});
  EXPECT_EQ(compliance, std::set<std::string>{"Child P"});
  const auto named = db.reviews_named({"Child Q", "Child P"});
  ASSERT_EQ(named.size(), 1u);
  EXPECT_EQ(named[0].reference, "Child P");
  ASSERT_EQ(db.voided_reviews().size(), 1u);
  EXPECT_EQ(db.voided_reviews()[0].reference, "Child Q");
  EXPECT_TRUE(db.voided_reviews()[0].voided);
  EXPECT_EQ(db.history("Child Q").size(), 2u);  // kept for audit
  EXPECT_TRUE(db.verify("Child Q").ok());
  // Nothing more is recorded in it.
  EXPECT_ERROR(scr::rule_error, db.record("Child Q", "panel_convened", london(2024, 1, 19), chair), "voided");
  // Purged at once, but only by a role that may correct its opening.
  EXPECT_ERROR(scr::role_error, db.purge("Child Q", nominated, "opened by mistake"), "may not purge",
               "administrator", "lscb_chair");
  const auto t = db.purge("Child Q", administrator, "opened by mistake");
  EXPECT_EQ(t.events, 2u);
  EXPECT_FALSE(db.contains("Child Q"));
  // A review that is not void still keeps its retention.
  EXPECT_ERROR(scr::rule_error, db.purge("Child P", administrator, "tidy"), "still open");
}

TEST(store_corrections, careless_input_is_refused_with_the_fix_named) {
  auto db = test_store(clock_at(utc(2024, 2, 1, 12)));
  const auto p = scr::procedure::builtin("solihull-2011-scr");
  // An event dated after the store's clock (beyond five minutes of skew).
  EXPECT_ERROR(scr::input_error,
               db.open_review(p, "Child Q", utc(2024, 2, 1, 12, 6), chair, {{"incident_at", utc(2024, 1, 13, 22)}}),
               "in the future");
  EXPECT_FALSE(db.contains("Child Q"));
  db.open_review(p, "Child Q", utc(2024, 2, 1, 12, 4), chair, {{"incident_at", utc(2024, 1, 13, 22)}});
  EXPECT_ERROR(scr::input_error, db.record("Child Q", "panel_convened", utc(2025, 2, 1, 9), chair), "in the future");
  EXPECT_EQ(db.sequence("Child Q"), 1u);
  // A state no procedure has: said, with a suggestion.
  EXPECT_ERROR(scr::input_error, db.reviews(std::string("scopng")), "has a state 'scopng'", "did you mean 'scoping'?");
  EXPECT_TRUE(db.reviews(std::string("scoping")).empty());
  // A reference that does not exist: the closest, whatever the case.
  EXPECT_ERROR(scr::input_error, db.load("child q"), "no review 'child q'", "did you mean 'Child Q'?");
}

// ---- as of means as of ----------------------------------------------------------

// A random Solihull history: referral, panel, recommendation and decision at
// random intervals (some reviews not held, which closes them), a notice
// discharged late or never, an extension, a hold, and corrections.
void random_review(scr::store& db, const scr::procedure& p, const std::string& ref, std::mt19937& rng) {
  const auto pick = [&](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); };
  scr::instant at = london(2024, 1, 2, 9) + boost::posix_time::hours(24 * pick(0, 200));
  const auto later = [&](int lo, int hi) {
    at += boost::posix_time::hours(24 * pick(lo, hi)) + boost::posix_time::minutes(pick(0, 600));
    return at;
  };
  const auto attempt = [](auto&& f) {
    try {
      f();
    } catch (const scr::error&) {  // refused: the store is unchanged, and the next step is tried
    }
  };
  db.open_review(p, ref, at, chair, {{"incident_at", at - boost::posix_time::hours(30)}});
  if (pick(0, 3) > 0) attempt([&] { db.discharge(ref, "incident_notice", later(1, 12), administrator); });
  attempt([&] { db.record(ref, "panel_convened", later(1, 9), chair); });
  if (pick(0, 5) == 0) return;
  const bool held = pick(0, 2) > 0;
  attempt([&] {
    db.record(ref, "panel_recommended", later(2, 12), chair, said({{"recommendation", held ? "scr" : "no_review"}}));
  });
  attempt([&] {
    db.record(ref, "decision_made", later(1, 30), chair,
              said({{"outcome", held ? "scr" : "no_review"}, {"reasons", "as the panel advised"}}));
  });
  if (pick(0, 2) == 0) attempt([&] { db.discharge(ref, "decision_notice", later(1, 20), nominated); });
  if (held && pick(0, 1) == 0) {
    attempt([&] {
      db.extend(ref, "completion", scr::london_date(at) + boost::gregorian::days(250), "trial", later(5, 60), lscb);
    });
  }
  if (held && pick(0, 3) == 0) attempt([&] { db.hold(ref, "criminal proceedings", later(10, 40), chair); });
  if (pick(0, 3) == 0) attempt([&] { db.discharge(ref, "monthly_progress_update", later(20, 45), nominated); });
  // Corrections: a late fact, an amended date, a waiver.
  if (pick(0, 3) == 0) {
    attempt([&] { db.discharge(ref, "chair_letter_to_agencies", london(2024, 1, 2) + boost::posix_time::hours(24 * 200), administrator); });
  }
  if (pick(0, 3) == 0) attempt([&] { db.amend(ref, 2, at + boost::posix_time::hours(24), {}, "late by a day", administrator); });
  if (pick(0, 4) == 0) attempt([&] { db.waive(ref, "decision_notice", "not applicable", later(0, 5), administrator); });
}

using item_key = std::tuple<std::string, std::string, std::string, std::string, int, scr::date, int>;

std::set<item_key> keys(const std::vector<scr::due_item>& items) {
  std::set<item_key> out;
  for (const auto& i : items) out.emplace(i.reference, i.kind, i.id, i.agency, i.occurrence, i.due, i.days_overdue);
  return out;
}

bool open_row(const scr::timetable_row& r) {
  return !r.completed_at && r.status != scr::milestone_status::waived &&
         r.status != scr::milestone_status::outstanding && r.status != scr::milestone_status::paused;
}
bool open_row(const scr::obligation_row& r) {
  return r.status == scr::obligation_status::open || r.status == scr::obligation_status::pending ||
         r.status == scr::obligation_status::overdue;
}

TEST(store_as_of, every_question_about_a_past_date_is_answered_as_a_replay_to_it) {
  auto db = test_store(clock_at(utc(2026, 1, 1, 12)));
  const auto p = scr::procedure::builtin("solihull-2011-scr");
  std::mt19937 rng(20241204);
  for (int i = 0; i < 40; ++i) random_review(db, p, "Child " + std::to_string(i), rng);
  std::vector<std::pair<std::string, scr::review>> all;
  for (const auto& s : db.reviews()) all.emplace_back(s.reference, db.load(s.reference));
  ASSERT_EQ(all.size(), 40u);
  int compared = 0;
  for (scr::date as_of = ymd(2024, 1, 1); as_of <= ymd(2025, 12, 31); as_of += boost::gregorian::days(23)) {
    std::vector<scr::due_item> expected, due_expected, expected_list;
    std::vector<scr::headline_compliance> compliance_expected;
    const auto to = as_of + boost::gregorian::days(45);
    std::set<std::pair<std::string, std::string>> states;
    for (const auto& [ref, r] : all) {
      if (scr::london_date(r.opened_at()) > as_of) continue;
      states.emplace(ref, r.state(as_of));
      const auto add = [&](std::vector<scr::due_item>& out, const std::string& kind, const std::string& id,
                           const std::string& agency, int n, const std::string& title, const std::string& owner,
                           scr::date due, bool late) {
        const int days = late ? static_cast<int>((as_of - due).days()) : 0;
        out.push_back({ref, kind, id, agency, title, owner, n, due, days});
      };
      for (const auto& row : r.timetable(as_of)) {
        if (!row.due || !open_row(row)) continue;
        if (*row.due < as_of) add(expected, "milestone", row.id(), row.agency, 1, row.title(), row.owner(), *row.due, true);
        if (*row.due >= as_of && *row.due <= to) {
          add(due_expected, "milestone", row.id(), row.agency, 1, row.title(), row.owner(), *row.due, false);
        }
      }
      for (const auto& row : r.obligations(as_of, to)) {
        if (!row.due || !open_row(row)) continue;
        if (*row.due < as_of) {
          add(expected, "obligation", row.id(), row.agency, row.occurrence, row.title(), row.owner(), *row.due, true);
        }
        if (*row.due >= as_of && *row.due <= to) {
          add(due_expected, "obligation", row.id(), row.agency, row.occurrence, row.title(), row.owner(), *row.due, false);
        }
      }
    }
    const auto got = db.overdue(as_of);
    EXPECT_EQ(keys(got), keys(expected)) << "overdue as of " << scr::format_date(as_of);
    EXPECT_EQ(got.size(), expected.size());
    EXPECT_EQ(keys(db.due_between(as_of, to, as_of)), keys(due_expected)) << "due as of " << scr::format_date(as_of);
    std::set<std::pair<std::string, std::string>> listed;
    for (const auto& s : db.reviews(std::nullopt, std::nullopt, as_of)) listed.emplace(s.reference, s.state);
    EXPECT_EQ(listed, states) << "reviews as of " << scr::format_date(as_of);
    // The same reviews named (the last opened first, one twice, and one the
    // store lacks): in the order named, each once, those opened by the day.
    std::vector<std::string> names{"Child nobody"};
    for (auto it = all.rbegin(); it != all.rend(); ++it) names.push_back(it->first);
    names.push_back(all.front().first);
    std::vector<std::pair<std::string, std::string>> named, named_expected;
    for (const auto& s : db.reviews_named(names, as_of)) named.emplace_back(s.reference, s.state);
    for (auto it = all.rbegin(); it != all.rend(); ++it) {
      if (scr::london_date(it->second.opened_at()) <= as_of) named_expected.emplace_back(it->first, it->second.state(as_of));
    }
    EXPECT_EQ(named, named_expected) << "reviews named as of " << scr::format_date(as_of);
    // Compliance of the reviews opened in 2024, as the records stood then.
    std::set<std::tuple<std::string, std::string, bool, std::optional<scr::date>, std::optional<scr::date>>> want, have;
    for (const auto& [ref, r] : all) {
      if (scr::london_date(r.opened_at()) > as_of) continue;
      const auto c = r.compliance(as_of);
      for (const auto& [name, row] : {std::pair{"decision", &c.decision}, std::pair{"completion", &c.completion}}) {
        if (!*row) continue;
        want.emplace(ref, name, (*row)->on_time, (*row)->due,
                     (*row)->completed_at ? std::optional<scr::date>(scr::london_date(*(*row)->completed_at)) : std::nullopt);
      }
    }
    for (const auto& h : db.compliance(ymd(2024, 1, 1), ymd(2024, 12, 31), as_of)) {
      have.emplace(h.reference, h.headline, h.on_time, h.due, h.completed_on);
    }
    EXPECT_EQ(have, want) << "compliance as of " << scr::format_date(as_of);
    compared += static_cast<int>(expected.size());
  }
  EXPECT_GT(compared, 500);  // the property was tested on real lists, not empty ones
}

TEST(store_as_of, an_item_met_later_is_still_overdue_on_an_earlier_date) {
  auto db = test_store(clock_at(utc(2025, 1, 1, 12)));
  const auto p = scr::procedure::builtin("solihull-2011-scr");
  db.open_review(p, "Child Q", london(2024, 1, 15, 9), chair, {{"incident_at", utc(2024, 1, 13, 22)}});
  // The incident notice (1 week, 001:181) was sent on 1 March, five weeks late.
  db.discharge("Child Q", "incident_notice", london(2024, 3, 1), administrator);
  const auto on = [&](scr::date d) {
    for (const auto& i : db.overdue(d))
      if (i.id == "incident_notice") return i.days_overdue;
    return -1;
  };
  EXPECT_EQ(on(ymd(2024, 2, 1)), 10);  // due 22 January
  EXPECT_EQ(on(ymd(2024, 3, 2)), -1);
  // And compliance as of a date counts no later completion.
  db.record("Child Q", "panel_convened", london(2024, 3, 4), chair);
  db.record("Child Q", "panel_recommended", london(2024, 3, 5), chair, said({{"recommendation", "scr"}}));
  db.record("Child Q", "decision_made", london(2024, 3, 6), chair, said({{"outcome", "scr"}, {"reasons", "r"}}));
  for (const auto& h : db.compliance(ymd(2024, 1, 1), ymd(2024, 12, 31), ymd(2024, 2, 29))) {
    if (h.headline == "decision") {
      EXPECT_FALSE(h.completed_on.has_value());
    }
  }
  // By the date of the decision.
  EXPECT_TRUE(db.compliance(ymd(2024, 3, 1), ymd(2024, 3, 5), std::nullopt, scr::compliance_basis::decided).empty());
  EXPECT_EQ(db.compliance(ymd(2024, 3, 6), ymd(2024, 3, 6), std::nullopt, scr::compliance_basis::decided).size(), 2u);
}

}  // namespace

namespace {

namespace fs = std::filesystem;

fs::path fresh_dir(const std::string& name) {
  const auto dir = fs::temp_directory_path() / ("scr_store_open_" + std::to_string(::getpid()) + "_" + name);
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir;
}

// Opening files (docs/store.md, "Opening a file"): nothing is ever created or
// converted by mistake, a read-only open writes nothing, and a new store is
// readable by its owner only.
TEST(store_open, files_are_never_created_or_converted_by_mistake) {
  const auto dir = fresh_dir("mistakes");
  // An empty path would be SQLite's temporary database, gone on close.
  EXPECT_ERROR(scr::input_error, scr::store(""), "needs the path");
  EXPECT_ERROR(scr::input_error, scr::store(":memory:"), "special name");
  // A missing file, when the caller did not ask to create one.
  scr::store_options open_only;
  open_only.create = false;
  EXPECT_ERROR(scr::input_error, scr::store((dir / "missing.db").string(), open_only), "no store");
  EXPECT_FALSE(fs::exists(dir / "missing.db"));
  // An empty file is not turned into a store.
  { std::ofstream((dir / "empty.db").string()); }
  EXPECT_ERROR(scr::store_error, scr::store((dir / "empty.db").string(), open_only), "empty file");
  EXPECT_EQ(fs::file_size(dir / "empty.db"), 0u);
  // A file of something else is refused, and left as it was.
  {
    std::ofstream out((dir / "notes.db").string());
    out << "Minutes of the panel meeting\n";
  }
  EXPECT_ERROR(scr::store_error, scr::store((dir / "notes.db").string()), "notes.db");
  std::ifstream in((dir / "notes.db").string());
  std::string first;
  std::getline(in, first);
  EXPECT_EQ(first, "Minutes of the panel meeting");
  fs::remove_all(dir);
}

TEST(store_open, a_new_store_is_the_owners_alone_and_a_read_only_open_writes_nothing) {
  const auto dir = fresh_dir("modes");
  const auto path = (dir / "reviews.db").string();
  const auto old_mask = ::umask(0);  // the most permissive: the store must not follow it
  {
    scr::store db(path, clock_at(utc(2024, 6, 1, 12)));
    db.open_review(scr::procedure::builtin("solihull-2011-scr"), "Child Q", london(2024, 1, 15, 9), chair,
                   {{"incident_at", utc(2024, 1, 13, 22)}});
    for (const auto* file : {"reviews.db", "reviews.db-wal", "reviews.db-shm"}) {
      if (!fs::exists(dir / file)) continue;
      const auto perms = fs::status(dir / file).permissions();
      EXPECT_EQ(perms & (fs::perms::group_all | fs::perms::others_all), fs::perms::none) << file;
    }
  }
  ::umask(old_mask);
  const auto before = fs::last_write_time(path);
  const auto size = fs::file_size(path);
  scr::store_options read_only;
  read_only.read_only = true;
  read_only.create = false;
  {
    const scr::store db(path, read_only);
    EXPECT_EQ(db.reviews().size(), 1u);
    EXPECT_TRUE(db.verify("Child Q").ok());
    EXPECT_FALSE(db.overdue(ymd(2024, 3, 1)).empty());
  }
  EXPECT_EQ(fs::last_write_time(path), before);
  EXPECT_EQ(fs::file_size(path), size);
  fs::remove_all(dir);
}

TEST(store_open, stores_created_at_once_by_several_writers_are_one_store) {
  const auto dir = fresh_dir("race");
  const auto path = (dir / "reviews.db").string();
  for (int round = 0; round < 10; ++round) {
    fs::remove(path);
    fs::remove(path + "-wal");
    fs::remove(path + "-shm");
    std::vector<pid_t> children;
    for (int k = 0; k < 3; ++k) {
      const pid_t pid = ::fork();
      if (pid == 0) {
        int code = 0;
        try {
          scr::store db(path);
        } catch (const std::exception& e) {
          std::fprintf(stderr, "writer %d: %s\n", k, e.what());
          code = 1;
        }
        ::_exit(code);
      }
      children.push_back(pid);
    }
    int failures = 0;
    for (const auto pid : children) {
      int status = 0;
      ::waitpid(pid, &status, 0);
      if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) ++failures;
    }
    EXPECT_EQ(failures, 0) << "round " << round;
    EXPECT_EQ(scr::store(path).references().size(), 0u);
  }
  fs::remove_all(dir);
}

}  // namespace

namespace {

// Deleting a review's last events leaves a chain that is intact as far as it
// goes: verify must still see that the end is gone, and a write on top of it
// must be refused, never acknowledged and lost.
TEST(store_tamper, a_deleted_tail_is_found_and_no_write_is_lost_on_it) {
  const auto dir = fresh_dir("tail");
  const auto path = store_at((dir / "reviews.db").string());
  {
    scr::store db(path, clock_at(utc(2024, 6, 1, 12)));
    db.open_review(scr::procedure::builtin("solihull-2011-scr"), "Child Q", london(2024, 1, 15, 9), chair,
                   {{"incident_at", utc(2024, 1, 13, 22)}});
    db.record("Child Q", "panel_convened", london(2024, 1, 19), chair);
    db.record("Child Q", "panel_recommended", london(2024, 1, 29), chair, said({{"recommendation", "scr"}}));
  }
  tamper_with(path, "DELETE FROM events WHERE reference = 'Child Q' AND sequence >= 2");
  scr::store db(path, clock_at(utc(2024, 6, 1, 12)));
  const auto v = db.verify("Child Q");
  EXPECT_FALSE(v.ok());
  EXPECT_EQ(v.first_altered, 2u);
  EXPECT_NE(v.message.find("records 3 events but 1 are stored: events 2 to 3 were deleted"), std::string::npos)
      << v.message;
  EXPECT_ERROR(scr::store_error, db.hold("Child Q", "Trial", london(2024, 2, 1), chair), "ledger entry 3",
               "left 3 events", "events 2 to 3 were deleted", "nothing was written");
  EXPECT_ERROR(scr::store_error, db.load("Child Q"), "records 3 events");
  EXPECT_EQ(column_of(path, "SELECT count(*) FROM events"), std::vector<std::string>{"1"});
  fs::remove_all(dir);
}

}  // namespace

namespace {

// The keyed chain (docs/security.md): someone who edits an event and
// recomputes the plain SHA-256 chain after it passes verify on a store without
// a key, and fails on a keyed one. The forger's chain is computed here as the
// store's format says (length-prefixed fields).
std::string sha256_hex(const std::string& text) {
  std::array<unsigned char, EVP_MAX_MD_SIZE> md{};
  unsigned int len = 0;
  EVP_Digest(text.data(), text.size(), md.data(), &len, EVP_sha256(), nullptr);
  static constexpr char hex[] = "0123456789abcdef";
  std::string out;
  for (unsigned int i = 0; i < len; ++i) {
    out += hex[md[i] >> 4];
    out += hex[md[i] & 0xF];
  }
  return out;
}

std::string framed(const std::vector<std::string>& fields, std::string text = {}) {
  for (const auto& f : fields) text += std::to_string(f.size()) + ":" + f + ";";
  return text;
}

std::string forged_hash(const std::string& previous, const std::string& reference, std::int64_t sequence,
                        const std::vector<std::string>& fields) {
  std::vector<std::string> all{previous, reference, std::to_string(sequence)};
  all.insert(all.end(), fields.begin(), fields.end());
  return sha256_hex(framed(all));
}

// Re-chains the store's ledger with each review's event hashes as they now
// are, as a forger who knows the format would.
void forge_ledger(const std::string& name) {
  std::string previous;
  const auto rows = rows_of(name, "SELECT position, kind, reference, sequence, " + hex_sql(name, "context_hash") +
                                      ", at_us, note FROM ledger ORDER BY position");
  for (const auto& r : rows) {
    const auto found = column_of(name, "SELECT " + hex_sql(name, "hash") + " FROM events WHERE reference = '" + r[2] +
                                           "' AND sequence = " + r[3]);
    const std::string event_hash = found.empty() ? std::string() : found.front();
    const std::string hash =
        sha256_hex(framed({previous, r[0], r[1], r[2], r[3], event_hash, r[4], r[5], r[6]}, "ledger;"));
    tamper_with(name, "UPDATE ledger SET event_hash = " + bytes_sql(name, event_hash) +
                          ", hash = " + bytes_sql(name, hash) + " WHERE position = " + r[0]);
    previous = hash;
  }
}

// Edits event 2's actor and re-chains every event from it, and the ledger, as
// a forger without the key would.
void forge(const std::string& name) {
  tamper_with(name, with_actor_name("Child Q", 2, "Someone Else"));
  const auto rows = rows_of(name, "SELECT e.sequence, e.kind, e.name, e.agency, e.subject, e.at_us, "
                                  "e.recorded_at_us, a.name, a.role, a.agency, e.payload, " +
                                      hex_sql(name, "e.hash") +
                                      " FROM events e JOIN actors a USING (actor) WHERE e.reference = 'Child Q' "
                                      "ORDER BY e.sequence");
  std::string previous;
  for (const auto& r : rows) {
    if (r[0] == "1") {
      previous = r[11];
      continue;
    }
    const std::vector<std::string> fields(r.begin() + 1, r.begin() + 11);
    const std::string hash = forged_hash(previous, "Child Q", std::stoll(r[0]), fields);
    tamper_with(name, "UPDATE events SET hash = " + bytes_sql(name, hash) +
                          " WHERE reference = 'Child Q' AND sequence = " + r[0]);
    previous = hash;
  }
  forge_ledger(name);
}

void three_events(scr::store& db) {
  db.open_review(scr::procedure::builtin("solihull-2011-scr"), "Child Q", london(2024, 1, 15, 9), chair,
                 {{"incident_at", utc(2024, 1, 13, 22)}});
  db.record("Child Q", "panel_convened", london(2024, 1, 19), chair);
  db.record("Child Q", "panel_recommended", london(2024, 1, 29), chair, said({{"recommendation", "scr"}}));
}

TEST(store_key, a_forged_chain_passes_without_a_key_and_fails_with_one) {
  const auto dir = fresh_dir("keyed");
  // Without a key: the forgery goes unseen (and the docs say so).
  const auto plain = store_at((dir / "plain.db").string());
  {
    scr::store db(plain, clock_at(utc(2024, 6, 1, 12)));
    three_events(db);
    EXPECT_FALSE(db.verify("Child Q").keyed);
  }
  const auto anchored = scr::store(plain, clock_at(utc(2024, 6, 1, 12))).head();
  forge(plain);
  {
    const scr::store forged(plain, clock_at(utc(2024, 6, 1, 12)));
    EXPECT_TRUE(forged.verify("Child Q").ok()) << forged.verify("Child Q").message;
    EXPECT_TRUE(forged.verify_all().ok());
    // Only a head anchored outside the file finds it.
    const auto v = forged.verify_all(anchored);
    EXPECT_FALSE(v.ok());
    EXPECT_NE(v.message.find("1 problem"), std::string::npos) << v.message;
    ASSERT_FALSE(v.problems.empty());
    EXPECT_NE(v.problems[0].find("ledger entry 3 is not the anchored one"), std::string::npos) << v.problems[0];
  }
  // With a key: the same forgery is found at the edited event.
  const auto key = scr::store::create_key_file((dir / "board.key").string());
  EXPECT_EQ(scr::store::read_key_file((dir / "board.key").string()), key);
  const auto perms = fs::status(dir / "board.key").permissions();
  EXPECT_EQ(perms & (fs::perms::group_all | fs::perms::others_all), fs::perms::none);
  scr::store_options keyed = clock_at(utc(2024, 6, 1, 12));
  keyed.key = key;
  const auto path = store_at((dir / "keyed.db").string());
  {
    scr::store db(path, keyed);
    three_events(db);
    const auto v = db.verify("Child Q");
    EXPECT_TRUE(v.ok()) << v.message;
    EXPECT_TRUE(v.keyed);
  }
  forge(path);
  const auto v = scr::store(path, keyed).verify("Child Q");
  EXPECT_FALSE(v.ok());
  EXPECT_EQ(v.first_altered, 2u);
  // The re-chained ledger fails too, at its first entry.
  const auto all = scr::store(path, keyed).verify_all();
  ASSERT_FALSE(all.ok());
  EXPECT_NE(all.problems[0].find("ledger entry 1 does not match its hash"), std::string::npos) << all.problems[0];
  // Without the key, or with another, nothing is written to a keyed store.
  EXPECT_ERROR(scr::store_error, scr::store(path, clock_at(utc(2024, 6, 1, 12))), "is keyed", "key file");
  scr::store_options wrong = keyed;
  wrong.key = std::string(64, 'a');
  EXPECT_ERROR(scr::store_error, scr::store(path, wrong), "does not match");
  // A key file is never overwritten, and one others can read is refused.
  EXPECT_ERROR(scr::store_error, scr::store::create_key_file((dir / "board.key").string()), "exists");
  fs::permissions(dir / "board.key", fs::perms::others_read, fs::perm_options::add);
  EXPECT_ERROR(scr::store_error, scr::store::read_key_file((dir / "board.key").string()), "chmod 600");
  // A store that already holds events cannot be keyed afterwards.
  EXPECT_ERROR(scr::store_error, scr::store(plain, keyed), "created without a key");
  // Nor one whose reviews were all purged: its ledger of writes is unkeyed.
  const auto emptied = (dir / "emptied.db").string();
  {
    scr::store db(emptied, clock_at(utc(2024, 6, 1, 12)));
    db.open_review(scr::procedure::builtin("solihull-2011-scr"), "Child Q", london(2024, 1, 15, 9), chair,
                   {{"incident_at", utc(2024, 1, 13, 22)}});
    const std::vector<std::uint64_t> opening{1};
    db.void_events("Child Q", opening, "opened by mistake", london(2024, 1, 16), administrator);
    db.purge("Child Q", administrator, "opened by mistake");
    ASSERT_TRUE(db.references().empty());
  }
  EXPECT_ERROR(scr::store_error, scr::store(emptied, keyed), "created without a key", "ledger");
  EXPECT_TRUE(scr::store(emptied, clock_at(utc(2024, 6, 1, 12))).verify_all().ok());
  fs::remove_all(dir);
}

}  // namespace
