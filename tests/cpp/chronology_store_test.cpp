// Agencies' chronologies in the store (scr/store.hpp): a review's setup
// kept, an agency's file imported (accepted, returned or refused) in the
// transaction that records its track's events, the accepted ones merged,
// and every row sealed and named by the ledger so that verify finds one
// altered, deleted or put in outside libscr; a purge deletes them and a copy
// carries them.
//
// Backend-neutral: every store comes from backend_support.hpp (test_store,
// store_at) and is tampered with through tamper_with, so these run on
// PostgreSQL too (ctest's `postgresql:` tests), except the one marked
// SQLite-only.
//
// The review is a North Yorkshire SCR (north-yorkshire-2010-scr): each
// agency's chronology and IMR is a track opened by imr_commissioned; the
// chronology is submitted by the agency's IMR writer and returned by the
// LSCB Administrator when it deviates from the template (000:381-393).

#include <gtest/gtest.h>
#include <SQLiteCpp/SQLiteCpp.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "backend_support.hpp"
#include "chronology_support.hpp"
#include "review_support.hpp"
#include "scr/chronology.hpp"
#include "scr/store.hpp"
#include "store_support.hpp"

namespace {

namespace fs = std::filesystem;

const std::string data_dir = std::string(SCR_TEST_DATA_DIR) + "/chronology/";
const std::string child_r = "Child R";

const scr::actor manager = as("lscb_manager", "LSCB Manager", "North Yorkshire LSCB");
const scr::actor administrator = as("administrator", "LSCB Administrator", "North Yorkshire LSCB");
const scr::actor lscb_chair = as("lscb_chair", "Independent Chair of the LSCB", "North Yorkshire LSCB");
const scr::actor sub_chair = as("sub_group_chair", "Chair of the SCR Sub Group", "North Yorkshire LSCB");

scr::actor senior(const std::string& agency) { return as("agency_senior_officer", "Senior officer, " + agency, agency); }
scr::actor imr_writer(const std::string& agency) { return as("imr_author", "IMR writer, " + agency, agency); }

// The agencies: the data's file name, the agency's name.
struct agency_file {
  std::string slug, name;
};
const std::vector<agency_file> agencies{{"police", "Police"}, {"social-care", "Social Care"}, {"health", "Health"}};

scr::store_options clock_options() { return clock_at(utc(2024, 6, 1, 12)); }


scr::chronology_table file(const std::string& format, const std::string& name) {
  return scr::read_chronology(data_dir + format + "/" + name);
}

// Child R: the Chair decides on an SCR on 6 March 2024; the agencies named
// are asked for chronologies and IMRs on 8 March, and each names its IMR
// writer (not a health service) on 11 March.
void open_child_r(scr::store& db, const std::vector<std::string>& commissioned) {
  db.open_review(scr::procedure::builtin("north-yorkshire-2010-scr"), child_r, london(2024, 3, 1, 9), manager,
                 {{"referred_by", std::string("North Yorkshire Police")}});
  db.record(child_r, "sub_group_met", london(2024, 3, 4, 10), sub_chair, {{"recommendation", std::string("scr")}});
  db.record(child_r, "manager_report_presented", london(2024, 3, 5, 10), manager);
  db.record(child_r, "recommendation_forwarded", london(2024, 3, 5, 11), manager);
  db.record(child_r, "decision_made", london(2024, 3, 6, 10), lscb_chair, {{"outcome", std::string("scr")}});
  for (const auto& a : commissioned) {
    db.record(child_r, "imr_commissioned", london(2024, 3, 8, 11), manager, {{"agency", a}});
  }
  for (const auto& a : commissioned) {
    db.record(child_r, "writer_identified", london(2024, 3, 11, 10), senior(a), {{"health_service", false}}, a);
  }
}

// Child R with its setup (Stockport's template, set for the review), the
// social care chronology returned once and accepted as corrected, and the
// police and health ones accepted.
void fill(scr::store& db) {
  open_child_r(db, {"Police", "Social Care", "Health"});
  db.set_chronology_setup(child_r, setup_for("stockport-2010"), london(2024, 3, 12, 9), administrator);
  db.import_chronology(child_r, "Social Care", file("stockport-2010", "social-care-faulty.csv"), london(2024, 3, 28, 10),
                       imr_writer("Social Care"), administrator);
  db.import_chronology(child_r, "Social Care", file("stockport-2010", "social-care.csv"), london(2024, 4, 2, 10),
                       imr_writer("Social Care"));
  db.import_chronology(child_r, "Police", file("stockport-2010", "police.csv"), london(2024, 4, 3, 10),
                       imr_writer("Police"));
  db.import_chronology(child_r, "Health", file("stockport-2010", "health.csv"), london(2024, 4, 4, 10),
                       imr_writer("Health"));
}

// What a store holds, to show that a refusal changed none of it.
struct state {
  std::uint64_t sequence = 0;
  std::size_t submissions = 0;
  scr::ledger_head head;
  std::size_t events = 0;
};
state state_of(const scr::store& db) {
  return {db.sequence(child_r), db.chronology_submissions(child_r).size(), db.head(), db.history(child_r).size()};
}
void expect_unchanged(const scr::store& db, const state& before) {
  const auto now = state_of(db);
  EXPECT_EQ(now.sequence, before.sequence);
  EXPECT_EQ(now.submissions, before.submissions);
  EXPECT_EQ(now.events, before.events);
  EXPECT_EQ(now.head.position, before.head.position);
  EXPECT_EQ(now.head.hash, before.head.hash);
}

// A directory of the test's own, for stores that are files on SQLite.
struct temp_dir : scratch_dir {
  temp_dir() : scratch_dir("scr_chronology_store") {}
  std::string store(const std::string& name) const { return store_at((dir / name).string()); }
};

// Whether one of the problems names every part.
bool mentions(const std::vector<std::string>& problems, const std::vector<std::string>& parts) {
  for (const auto& p : problems) {
    if (std::all_of(parts.begin(), parts.end(), [&](const std::string& x) { return p.find(x) != std::string::npos; })) {
      return true;
    }
  }
  return false;
}

std::string all_of(const std::vector<std::string>& problems) {
  std::string out;
  for (const auto& p : problems) out += p + "\n";
  return out;
}

// ---- the setup ----------------------------------------------------------------------

TEST(chronology_store, a_setup_round_trips) {
  auto db = test_store(clock_options());
  open_child_r(db, {"Police"});
  // None set: the format the procedure names, and nothing else.
  const auto before = db.chronology_setup_of(child_r);
  ASSERT_TRUE(before.has_value());
  EXPECT_EQ(before->format.id(), "north-yorkshire-2010");
  EXPECT_EQ(before->period_from, std::nullopt);
  EXPECT_TRUE(before->acronyms.empty());
  EXPECT_TRUE(before->known_names.empty());

  const auto head = db.head();
  const auto set = setup_for("stockport-2010");
  db.set_chronology_setup(child_r, set, london(2024, 3, 12, 9), administrator);
  const auto got = db.chronology_setup_of(child_r);
  ASSERT_TRUE(got.has_value());
  EXPECT_EQ(got->format.id(), "stockport-2010");
  EXPECT_EQ(got->format.source(), set.format.source());
  EXPECT_EQ(got->format.columns().size(), 8u);
  EXPECT_EQ(got->period_from, std::optional<scr::date>(ymd(2023, 3, 1)));
  EXPECT_EQ(got->period_to, std::optional<scr::date>(ymd(2024, 2, 29)));
  EXPECT_EQ(got->questions, set.questions);
  EXPECT_EQ(got->questions.size(), 6u);
  EXPECT_EQ(got->acronyms, set.acronyms);
  EXPECT_EQ(got->acronyms.size(), 17u);
  EXPECT_EQ(got->known_names, set.known_names);
  EXPECT_EQ(got->known_names.size(), 16u);
  // One ledger entry for it; the review's events are as they were.
  EXPECT_EQ(db.head().position, head.position + 1);
  EXPECT_EQ(db.ledger(head.position + 1).at(0).reference, child_r);
  EXPECT_TRUE(db.verify(child_r).ok()) << db.verify(child_r).message;

  // A board's own format, kept with its text, and replaced again.
  std::string own = std::string(set.format.source());
  own.replace(own.find("id: stockport-2010"), 18, "id: stockport-local");
  auto mine = set;
  mine.format = scr::chronology_format::parse(own, "local.yaml");
  mine.known_names.push_back("Ms O'Brien; DROP TABLE chronologies; --");
  db.set_chronology_setup(child_r, mine, london(2024, 3, 13, 9), administrator);
  const auto again = db.chronology_setup_of(child_r);
  ASSERT_TRUE(again.has_value());
  EXPECT_EQ(again->format.id(), "stockport-local");
  EXPECT_EQ(again->format.source(), own);
  EXPECT_EQ(again->known_names, mine.known_names);
  EXPECT_TRUE(db.verify(child_r).ok()) << db.verify(child_r).message;

  // Refused, and nothing written.
  const auto now = state_of(db);
  auto reversed = set;
  reversed.period_from = ymd(2024, 3, 1);
  reversed.period_to = ymd(2023, 3, 1);
  EXPECT_ERROR(scr::input_error, db.set_chronology_setup(child_r, reversed, london(2024, 3, 14), administrator),
               "ends (2023-03-01) before it starts (2024-03-01)");
  auto twice = set;
  twice.acronyms.push_back({"mgm", "family", "maternal grandmother again"});
  EXPECT_ERROR(scr::input_error, db.set_chronology_setup(child_r, twice, london(2024, 3, 14), administrator),
               "acronym 'mgm' is listed twice");
  auto blank = set;
  blank.acronyms.push_back({" ", "family", "nobody"});
  EXPECT_ERROR(scr::input_error, db.set_chronology_setup(child_r, blank, london(2024, 3, 14), administrator),
               "an acronym with no code");
  EXPECT_ERROR(scr::input_error, db.set_chronology_setup("Child Z", set, london(2024, 3, 14), administrator),
               "Child Z");
  EXPECT_ERROR(scr::input_error, db.set_chronology_setup(child_r, set, utc(2024, 7, 1, 12), administrator),
               "in the future");
  expect_unchanged(db, now);
  EXPECT_EQ(db.chronology_setup_of(child_r)->format.id(), "stockport-local");
  EXPECT_ERROR(scr::input_error, db.chronology_setup_of("Child Z"), "Child Z");
}

// ---- imports -------------------------------------------------------------------------

TEST(chronology_store, a_refused_import_changes_nothing) {
  auto db = test_store(clock_options());
  open_child_r(db, {"Police", "Social Care", "Health"});
  db.set_chronology_setup(child_r, setup_for("stockport-2010"), london(2024, 3, 12, 9), administrator);
  const auto before = state_of(db);
  const auto checked = db.import_chronology(child_r, "Social Care", file("stockport-2010", "social-care-faulty.csv"),
                                            london(2024, 3, 28, 10), imr_writer("Social Care"));
  EXPECT_TRUE(checked.refused());
  EXPECT_EQ(checked.errors(), 12u);
  EXPECT_EQ(checked.warnings(), 1u);
  expect_unchanged(db, before);
  EXPECT_TRUE(db.chronology_submissions(child_r).empty());
  EXPECT_ERROR(scr::input_error, db.accepted_chronology(child_r, "Social Care"),
               "has no accepted chronology from 'Social Care'");
  // The track waits for its chronology still.
  for (const auto& t : db.load(child_r).tracks()) {
    if (t.agency == "Social Care") {
      EXPECT_EQ(t.state, "chronology_in_preparation");
    }
  }
  EXPECT_TRUE(db.verify(child_r).ok()) << db.verify(child_r).message;
  // The merge of none is empty, in the setup's format.
  const auto m = db.merged_chronology(child_r);
  EXPECT_TRUE(m.entries().empty());
  EXPECT_EQ(m.format().id(), "stockport-2010");
}

TEST(chronology_store, a_returned_chronology_is_kept_and_the_corrected_one_accepted_as_version_2) {
  auto db = test_store(clock_options());
  open_child_r(db, {"Police", "Social Care", "Health"});
  db.set_chronology_setup(child_r, setup_for("stockport-2010"), london(2024, 3, 12, 9), administrator);
  const auto sequence = db.sequence(child_r);

  // Returned (000:393): kept with its report, its submission and return recorded on the track.
  const auto faulty = file("stockport-2010", "social-care-faulty.csv");
  const auto returned = db.import_chronology(child_r, "Social Care", faulty, london(2024, 3, 28, 10),
                                             imr_writer("Social Care"), administrator);
  EXPECT_TRUE(returned.refused());
  EXPECT_EQ(db.sequence(child_r), sequence + 2);
  auto history = db.history(child_r);
  ASSERT_EQ(history.size(), sequence + 2);
  const auto& submitted = history[sequence].event;
  EXPECT_EQ(submitted.name, "chronology_submitted");
  EXPECT_EQ(submitted.agency, "Social Care");
  EXPECT_EQ(submitted.by, imr_writer("Social Care"));
  EXPECT_EQ(submitted.at, london(2024, 3, 28, 10));
  const auto& back = history[sequence + 1].event;
  EXPECT_EQ(back.name, "chronology_returned");
  EXPECT_EQ(back.agency, "Social Care");
  EXPECT_EQ(back.by, administrator);
  for (const auto& t : db.load(child_r).tracks()) {
    if (t.agency == "Social Care") {
      EXPECT_EQ(t.state, "chronology_in_preparation");
    }
  }
  auto subs = db.chronology_submissions(child_r);
  ASSERT_EQ(subs.size(), 1u);
  EXPECT_EQ(subs[0].agency, "Social Care");
  EXPECT_EQ(subs[0].version, 1);
  EXPECT_EQ(subs[0].status, "returned");
  EXPECT_EQ(subs[0].at, london(2024, 3, 28, 10));
  EXPECT_EQ(subs[0].by, administrator);
  EXPECT_EQ(subs[0].file, "social-care-faulty.csv");
  EXPECT_EQ(subs[0].entries, 21u);  // 23 rows, two of them undated
  EXPECT_EQ(subs[0].errors, 12u);
  EXPECT_EQ(subs[0].warnings, 1u);
  EXPECT_EQ(subs[0].report, returned.report());
  EXPECT_EQ(subs[0].sha256, returned.chronology.sha256());
  EXPECT_EQ(subs[0].event, sequence + 1);
  EXPECT_ERROR(scr::input_error, db.accepted_chronology(child_r, "Social Care"), "no accepted chronology");
  EXPECT_TRUE(db.merged_chronology(child_r).entries().empty());

  // The correction: accepted as version 2, submitted again on the track.
  const auto accepted = db.import_chronology(child_r, "Social Care", file("stockport-2010", "social-care.csv"),
                                             london(2024, 4, 2, 10), imr_writer("Social Care"));
  EXPECT_FALSE(accepted.refused()) << accepted.report();
  EXPECT_EQ(db.sequence(child_r), sequence + 3);
  history = db.history(child_r);
  EXPECT_EQ(history.back().event.name, "chronology_submitted");
  subs = db.chronology_submissions(child_r);
  ASSERT_EQ(subs.size(), 2u);
  EXPECT_EQ(subs[0].status, "returned");
  EXPECT_EQ(subs[1].status, "accepted");
  EXPECT_EQ(subs[1].version, 2);
  EXPECT_EQ(subs[1].agency, "Social Care");
  EXPECT_EQ(subs[1].by, imr_writer("Social Care"));
  EXPECT_EQ(subs[1].entries, 22u);
  EXPECT_EQ(subs[1].errors, 0u);
  EXPECT_EQ(subs[1].event, sequence + 3);
  EXPECT_EQ(subs[1].sha256, accepted.chronology.sha256());
  const auto kept = db.accepted_chronology(child_r, "SOCIAL CARE");
  EXPECT_TRUE(kept == accepted.chronology);
  // The track's chronology milestone, due 4 weeks after 8 March (000:109-110), is met.
  const auto r = db.load(child_r);
  const auto row = row_of(r.timetable(ymd(2024, 4, 2)), "chronology", "Social Care");
  EXPECT_EQ(row.status, scr::milestone_status::met);
  EXPECT_EQ(row.due, std::optional<scr::date>(ymd(2024, 4, 5)));
  for (const auto& t : r.tracks()) {
    if (t.agency == "Social Care") {
      EXPECT_EQ(t.state, "imr_in_preparation");
    }
  }
  // The other agencies' are still due.
  EXPECT_EQ(row_of(r.timetable(ymd(2024, 4, 2)), "chronology", "Police").status, scr::milestone_status::due_soon);
  EXPECT_TRUE(db.verify(child_r).ok()) << db.verify(child_r).message;
}

// The milestone "Single agency chronology to the LSCB Administrator" (000:109-110)
// is met by a chronology the administrator can take, not by one returned for
// amendment (000:381-393): a file sent on time and returned, then corrected
// after the due date, is late.
TEST(chronology_store, a_returned_chronology_does_not_meet_the_chronology_deadline) {
  auto db = test_store(clock_options());
  open_child_r(db, {"Social Care"});
  db.set_chronology_setup(child_r, setup_for("stockport-2010"), london(2024, 3, 12, 9), administrator);
  // Due 4 weeks after 8 March: Friday 5 April 2024.
  db.import_chronology(child_r, "Social Care", file("stockport-2010", "social-care-faulty.csv"), london(2024, 3, 28, 10),
                       imr_writer("Social Care"), administrator);
  const auto returned = row_of(db.load(child_r).timetable(ymd(2024, 4, 1)), "chronology", "Social Care");
  EXPECT_EQ(returned.due, std::optional<scr::date>(ymd(2024, 4, 5)));
  EXPECT_NE(returned.status, scr::milestone_status::met) << "met by a chronology returned for amendment";
  db.import_chronology(child_r, "Social Care", file("stockport-2010", "social-care.csv"), london(2024, 4, 15, 10),
                       imr_writer("Social Care"));
  const auto accepted = row_of(db.load(child_r).timetable(ymd(2024, 4, 15)), "chronology", "Social Care");
  EXPECT_EQ(accepted.completed_at, std::optional<scr::instant>(london(2024, 4, 15, 10)));
  EXPECT_EQ(accepted.status, scr::milestone_status::met_late);
}

TEST(chronology_store, the_merged_chronology_is_the_latest_accepted_of_each_agency) {
  auto db = test_store(clock_options());
  fill(db);
  const auto subs = db.chronology_submissions(child_r);
  ASSERT_EQ(subs.size(), 4u);
  EXPECT_EQ(subs[3].agency, "Health");
  const auto m = db.merged_chronology(child_r);
  EXPECT_EQ(m.format().id(), "stockport-2010");
  EXPECT_EQ(m.agencies(), (std::vector<std::string>{"Health", "Police", "Social Care"}));
  ASSERT_EQ(m.entries().size(), 58u);
  // The same as a merge of the files checked here.
  const auto setup = setup_for("stockport-2010");
  std::vector<scr::agency_chronology> all;
  for (const auto& a : agencies) {
    all.push_back(scr::check_chronology(setup, a.name, file("stockport-2010", a.slug + ".csv")).chronology);
  }
  const scr::multi_agency_chronology here(setup.format, all);
  for (std::size_t i = 0; i < 58; ++i) {
    EXPECT_TRUE(*m.entries()[i] == *here.entries()[i]) << i;
  }
  // 21/03/2023 at 10:00, in the order of the agencies' names.
  // (02/03 Health, 06/03 Social Care, 12/03 Police, four on 13/03, 14/03 Police.)
  EXPECT_EQ(m.entries()[8]->day, ymd(2023, 3, 21));
  EXPECT_EQ(m.entries()[8]->agency, "Health");
  EXPECT_EQ(m.entries()[9]->agency, "Police");
  EXPECT_EQ(m.entries()[10]->agency, "Social Care");
  EXPECT_EQ(m.entries()[10]->day, ymd(2023, 3, 21));
  const auto gaps = m.gaps(60, setup.period_from, setup.period_to);
  ASSERT_EQ(gaps.size(), 1u);
  EXPECT_EQ(gaps[0].days, 77);

  // A second accepted version replaces the first in the merge, once the
  // administrator has returned the first (the track takes a submission only
  // while the chronology is in preparation).
  db.record(child_r, "chronology_returned", london(2024, 4, 5, 9), administrator, {}, "Police");
  db.import_chronology(child_r, "Police", file("stockport-2010", "police-windows-1252.csv"), london(2024, 4, 5, 10),
                       imr_writer("Police"));
  EXPECT_EQ(db.chronology_submissions(child_r).back().version, 2);
  EXPECT_EQ(db.merged_chronology(child_r).entries().size(), 58u);
  EXPECT_EQ(db.accepted_chronology(child_r, "police").entries.size(), 16u);
  EXPECT_TRUE(db.verify(child_r).ok()) << db.verify(child_r).message;
  // Chronologies accepted stay accepted, and merged, whatever setup follows.
  try {
    db.set_chronology_setup(child_r, setup_for("north-yorkshire-2010"), london(2024, 4, 6, 9), administrator);
  } catch (const scr::input_error&) {
    // Refusing another format once chronologies are accepted is one way to keep them.
  }
  EXPECT_NO_THROW(EXPECT_EQ(db.merged_chronology(child_r).entries().size(), 58u));
  EXPECT_TRUE(db.verify(child_r).ok()) << db.verify(child_r).message;
}

TEST(chronology_store, an_import_the_engine_refuses_leaves_nothing) {
  auto db = test_store(clock_options());
  open_child_r(db, {"Police"});
  db.set_chronology_setup(child_r, setup_for("stockport-2010"), london(2024, 3, 12, 9), administrator);
  const auto before = state_of(db);
  // Health has not been asked for a chronology: no track to record it on.
  try {
    db.import_chronology(child_r, "Health", file("stockport-2010", "health.csv"), london(2024, 4, 4, 10),
                         imr_writer("Health"));
    ADD_FAILURE() << "a chronology was imported for an agency not commissioned";
  } catch (const scr::error& e) {
    EXPECT_NE(std::string(e.what()).find("Health"), std::string::npos) << e.what();
  }
  expect_unchanged(db, before);
  // Nor returned on it.
  EXPECT_THROW(db.import_chronology(child_r, "Health", file("stockport-2010", "social-care-faulty.csv"),
                                    london(2024, 4, 4, 10), imr_writer("Health"), administrator),
               scr::error);
  expect_unchanged(db, before);
  // The submission is the IMR writer's: the administrator may not make it.
  EXPECT_THROW(db.import_chronology(child_r, "Police", file("stockport-2010", "police.csv"), london(2024, 4, 4, 10),
                                    administrator),
               scr::role_error);
  expect_unchanged(db, before);
  // Nor may the IMR writer return their own.
  EXPECT_THROW(db.import_chronology(child_r, "Police", file("stockport-2010", "social-care-faulty.csv"),
                                    london(2024, 4, 4, 10), imr_writer("Police"), imr_writer("Police")),
               scr::role_error);
  expect_unchanged(db, before);
  // Dated in the future; no agency; no review.
  EXPECT_ERROR(scr::input_error,
               db.import_chronology(child_r, "Police", file("stockport-2010", "police.csv"), utc(2024, 7, 1, 12),
                                    imr_writer("Police")),
               "in the future");
  EXPECT_ERROR(scr::input_error,
               db.import_chronology(child_r, " ", file("stockport-2010", "police.csv"), london(2024, 4, 4, 10),
                                    imr_writer("Police")),
               "agency");
  EXPECT_ERROR(scr::input_error,
               db.import_chronology("Child Z", "Police", file("stockport-2010", "police.csv"), london(2024, 4, 4, 10),
                                    imr_writer("Police")),
               "Child Z");
  expect_unchanged(db, before);
  EXPECT_TRUE(db.chronology_submissions(child_r).empty());
  EXPECT_TRUE(db.verify(child_r).ok()) << db.verify(child_r).message;
  // Once the police track is there and its writer submits, it is accepted.
  const auto ok = db.import_chronology(child_r, "Police", file("stockport-2010", "police.csv"), london(2024, 4, 4, 10),
                                       imr_writer("Police"));
  EXPECT_FALSE(ok.refused());
  EXPECT_EQ(db.chronology_submissions(child_r).size(), 1u);
}

// A review whose procedure names no chronology format takes none until one is set.
TEST(chronology_store, a_review_without_a_format_takes_no_chronology_until_one_is_set) {
  auto db = test_store(clock_options());
  const scr::actor partners = as("safeguarding_partners", "Business manager", "Safeguarding partnership");
  db.open_review(scr::procedure::builtin("england-2023-lcspr"), "Child W", london(2024, 2, 20, 9), partners,
                 {{"became_aware_on", ymd(2024, 2, 19)}});
  EXPECT_EQ(db.chronology_setup_of("Child W"), std::nullopt);
  const auto head = db.head();
  EXPECT_ERROR(scr::input_error,
               db.import_chronology("Child W", "Police", file("stockport-2010", "police.csv"), london(2024, 3, 1),
                                    partners),
               "Child W", "no chronology format");
  EXPECT_ERROR(scr::input_error, db.merged_chronology("Child W"), "Child W");
  EXPECT_EQ(db.head().position, head.position);
  EXPECT_TRUE(db.chronology_submissions("Child W").empty());
  db.set_chronology_setup("Child W", setup_for("stockport-2010"), london(2024, 2, 21, 9), partners);
  const auto c = db.import_chronology("Child W", "Police", file("stockport-2010", "police.csv"), london(2024, 3, 1),
                                      partners);
  EXPECT_FALSE(c.refused()) << c.report();
  ASSERT_EQ(db.chronology_submissions("Child W").size(), 1u);
  EXPECT_EQ(db.chronology_submissions("Child W")[0].event, 0u);  // no track, no event
  EXPECT_EQ(db.sequence("Child W"), 1u);
  EXPECT_EQ(db.merged_chronology("Child W").entries().size(), 16u);
  EXPECT_TRUE(db.verify("Child W").ok()) << db.verify("Child W").message;
}

// ---- audit ----------------------------------------------------------------------------

struct tampering {
  std::string what;
  std::string sql;                  // {bytes} is replaced by 32 zero bytes in the store's dialect
  std::vector<std::string> problem;  // the parts of one problem verify must name
};

TEST(chronology_store, verify_finds_a_chronology_or_its_setup_altered_deleted_or_put_in) {
  temp_dir dir;
  const std::string zero(64, '0');
  const std::vector<tampering> cases{
      {"a chronology's entries altered",
       "UPDATE chronologies SET document = replace(document, 'Command and control log', 'Command log') "
       "WHERE agency = 'Police'",
       {"review 'Child R'", "chronology from Police version 1", "does not match its seal", "altered outside libscr"}},
      {"a chronology's SHA-256 altered", "UPDATE chronologies SET sha256 = {bytes} WHERE agency = 'Police'",
       {"chronology from Police version 1", "does not match its seal"}},
      {"a returned chronology's report altered",
       "UPDATE chronologies SET report = 'accepted' WHERE agency = 'Social Care' AND version = 1",
       {"chronology from Social Care version 1", "does not match its seal"}},
      {"a chronology deleted", "DELETE FROM chronologies WHERE agency = 'Health'",
       {"Health version 1 accepted", "is gone", "deleted"}},
      {"a chronology put in, a copy of another with another version",
       "INSERT INTO chronologies (reference, agency, version, status, at_us, actor_name, actor_role, actor_agency, "
       "file, document, sha256, entries, errors, warnings, report, event, hash) SELECT reference, agency, 2, status, "
       "at_us, actor_name, actor_role, actor_agency, file, document, sha256, entries, errors, warnings, report, "
       "event, hash FROM chronologies WHERE agency = 'Police'",
       {"chronology from Police version 2", "does not match its seal"}},
      {"the setup altered", "UPDATE chronology_setups SET setup = replace(setup, 'Rosie Hartwell', 'Rosa Hartwell')",
       {"review 'Child R'", "chronology setup does not match its seal", "altered outside libscr"}},
  };
  int n = 0;
  for (const auto& c : cases) {
    SCOPED_TRACE(c.what);
    const std::string name = dir.store("child-r-" + std::to_string(++n) + ".db");
    scr::store db(name, clock_options());
    fill(db);
    ASSERT_TRUE(db.verify(child_r).ok()) << db.verify(child_r).message << all_of(db.verify(child_r).problems);
    ASSERT_TRUE(db.verify_all().ok()) << all_of(db.verify_all().problems);
    std::string sql = c.sql;
    if (const auto at = sql.find("{bytes}"); at != std::string::npos) sql.replace(at, 7, bytes_sql(name, zero));
    EXPECT_EQ(tamper_with(name, sql), 1);
    const auto v = db.verify(child_r);
    EXPECT_FALSE(v.ok());
    EXPECT_TRUE(mentions(v.problems, c.problem)) << all_of(v.problems);
    const auto all = db.verify_all();
    EXPECT_FALSE(all.ok());
    EXPECT_TRUE(mentions(all.problems, c.problem)) << all_of(all.problems);
  }
}

// The setup decides what every later chronology is checked against: one
// deleted (so that the procedure's bare format applies: no period, acronyms
// or names) or an earlier one put back is as much an alteration as one
// edited.
TEST(chronology_store, verify_finds_a_setup_deleted_or_an_earlier_one_put_back) {
  temp_dir dir;
  {
    const std::string name = dir.store("deleted.db");
    scr::store db(name, clock_options());
    fill(db);
    ASSERT_TRUE(db.verify(child_r).ok());
    EXPECT_EQ(tamper_with(name, "DELETE FROM chronology_setups WHERE reference = 'Child R'"), 1);
    // Now a faulty file would be checked against North Yorkshire's bare template.
    EXPECT_EQ(db.chronology_setup_of(child_r)->format.id(), "north-yorkshire-2010");
    const auto v = db.verify(child_r);
    EXPECT_FALSE(v.ok()) << "a deleted chronology setup is not found";
    EXPECT_TRUE(mentions(v.problems, {"chronology setup", "deleted"})) << all_of(v.problems);
  }
  {
    const std::string name = dir.store("rolled-back.db");
    scr::store db(name, clock_options());
    open_child_r(db, {"Police"});
    auto first = setup_for("stockport-2010");
    first.known_names.clear();
    db.set_chronology_setup(child_r, first, london(2024, 3, 12, 9), administrator);
    const auto old = rows_of(name, "SELECT setup, at_us, actor_name, actor_role, actor_agency, " +
                                       hex_sql(name, "hash") + " FROM chronology_setups");
    ASSERT_EQ(old.size(), 1u);
    db.set_chronology_setup(child_r, setup_for("stockport-2010"), london(2024, 3, 13, 9), administrator);
    ASSERT_TRUE(db.verify(child_r).ok());
    // The first setup, without the known names, put back as it was.
    auto quoted_sql = [](const std::string& s) {
      std::string out = "'";
      for (const char ch : s) out += ch == '\'' ? std::string("''") : std::string(1, ch);
      return out + "'";
    };
    EXPECT_EQ(tamper_with(name, "UPDATE chronology_setups SET setup = " + quoted_sql(old[0][0]) + ", at_us = " +
                                    old[0][1] + ", hash = " + bytes_sql(name, old[0][5])),
              1);
    EXPECT_TRUE(db.chronology_setup_of(child_r)->known_names.empty());
    const auto v = db.verify(child_r);
    EXPECT_FALSE(v.ok()) << "an earlier chronology setup put back is not found";
    EXPECT_TRUE(mentions(v.problems, {"chronology setup"})) << all_of(v.problems);
  }
}

// ---- purge and copy -----------------------------------------------------------------------

// A Solihull review decided "not held" (001:801) closes, and its record may be
// purged seven years later (001:650): its chronologies go with it.
TEST(chronology_store, a_purge_deletes_the_chronologies) {
  temp_dir dir;
  const std::string name = dir.store("purge.db");
  const auto now = std::make_shared<scr::instant>(utc(2024, 3, 1, 12));
  scr::store_options o;
  o.clock = [now] { return *now; };
  scr::store db(name, o);
  const scr::actor chair = as("lscb_chair", "A. Patel", "Solihull LSCB");
  const scr::actor admin = as("administrator", "J. Lowe", "Solihull LSCB");
  const auto p = scr::procedure::builtin("solihull-2011-scr");
  for (const auto* ref : {"Child A", "Child C"}) {
    db.open_review(p, ref, london(2024, 1, 15, 9), chair, {{"incident_at", utc(2024, 1, 13, 22)}});
    db.record(ref, "panel_convened", london(2024, 1, 19), chair);
    db.set_chronology_setup(ref, setup_for("solihull-2011"), london(2024, 1, 20), admin);
    for (const auto& a : agencies) {
      const auto c = db.import_chronology(ref, a.name, file("solihull-2011", a.slug + ".csv"), london(2024, 2, 20),
                                          as("imr_author", "Writer", a.name));
      EXPECT_FALSE(c.refused()) << c.report();
    }
  }
  // Solihull names the format only: no event is recorded with an import.
  for (const auto& s : db.chronology_submissions("Child C")) EXPECT_EQ(s.event, 0u);
  EXPECT_EQ(db.sequence("Child C"), 2u);
  db.record("Child C", "panel_recommended", london(2024, 1, 29), chair, {{"recommendation", std::string("no_review")}});
  db.record("Child C", "decision_made", london(2024, 2, 29, 16), chair,
            {{"outcome", std::string("no_review")}, {"reasons", std::string("criteria not met")}});
  ASSERT_TRUE(db.load("Child C").closed());
  *now = london(2031, 2, 28, 10);
  db.purge("Child C", admin, "Retention of 7 years ended (001:650)");
  EXPECT_FALSE(db.contains("Child C"));
  for (const char* table : {"chronologies", "chronology_setups"}) {
    EXPECT_EQ(column_of(name, std::string("SELECT count(*) FROM ") + table + " WHERE reference = 'Child C'"),
              std::vector<std::string>{"0"})
        << table;
  }
  // Child A's are untouched, and the store verifies.
  EXPECT_EQ(column_of(name, "SELECT count(*) FROM chronologies WHERE reference = 'Child A'"),
            std::vector<std::string>{"3"});
  EXPECT_EQ(db.merged_chronology("Child A").entries().size(), 58u);
  EXPECT_ERROR(scr::input_error, db.chronology_submissions("Child C"), "Child C");
  const auto v = db.verify_all();
  EXPECT_TRUE(v.ok()) << all_of(v.problems);
  EXPECT_TRUE(db.verify("Child A").ok());
}

TEST(chronology_store, a_void_review_is_purged_with_its_chronologies) {
  temp_dir dir;
  const std::string name = dir.store("void.db");
  scr::store db(name, clock_options());
  fill(db);
  const std::vector<std::uint64_t> opening{1};
  db.void_events(child_r, opening, "opened twice by mistake", london(2024, 4, 10), manager);
  db.purge(child_r, manager, "opened by mistake");
  for (const char* table : {"chronologies", "chronology_setups"}) {
    EXPECT_EQ(column_of(name, std::string("SELECT count(*) FROM ") + table), std::vector<std::string>{"0"}) << table;
  }
  const auto v = db.verify_all();
  EXPECT_TRUE(v.ok()) << all_of(v.problems);
}

TEST(chronology_store, a_copy_carries_the_chronologies_and_verifies_with_the_same_head) {
  temp_dir dir;
  const std::string from = dir.store("from.db"), to = dir.store("to.db");
  {
    scr::store db(from, clock_options());
    fill(db);
  }
  const auto result = scr::store::copy(from, to, clock_options());
  EXPECT_TRUE(result.from.ok()) << all_of(result.from.problems);
  EXPECT_TRUE(result.to.ok()) << all_of(result.to.problems);
  EXPECT_EQ(result.from.head.position, result.to.head.position);
  EXPECT_EQ(result.from.head.hash, result.to.head.hash);
  scr::store a(from, clock_options()), b(to, clock_options());
  const auto x = a.chronology_submissions(child_r), y = b.chronology_submissions(child_r);
  ASSERT_EQ(x.size(), 4u);
  ASSERT_EQ(y.size(), x.size());
  for (std::size_t i = 0; i < x.size(); ++i) {
    EXPECT_EQ(y[i].agency, x[i].agency);
    EXPECT_EQ(y[i].version, x[i].version);
    EXPECT_EQ(y[i].status, x[i].status);
    EXPECT_EQ(y[i].at, x[i].at);
    EXPECT_EQ(y[i].by, x[i].by);
    EXPECT_EQ(y[i].sha256, x[i].sha256);
    EXPECT_EQ(y[i].report, x[i].report);
    EXPECT_EQ(y[i].event, x[i].event);
  }
  EXPECT_TRUE(b.accepted_chronology(child_r, "Police") == a.accepted_chronology(child_r, "Police"));
  EXPECT_EQ(b.merged_chronology(child_r).entries().size(), 58u);
  EXPECT_EQ(b.chronology_setup_of(child_r)->known_names, a.chronology_setup_of(child_r)->known_names);
  EXPECT_TRUE(b.verify(child_r).ok()) << all_of(b.verify(child_r).problems);
  EXPECT_EQ(b.head().hash, a.head().hash);
}

// ---- schema ----------------------------------------------------------------------------

// A file of schema 10, from before chronologies, is migrated to 11 when
// opened and then takes them (an SQLite file whatever the tests' backend; the
// PostgreSQL migration is pg_store_test's).
TEST(chronology_store, a_schema_10_file_migrates_to_11_and_takes_chronologies) {
  temp_dir dir;
  const std::string path = (dir.dir / "v10.db").string();
  {
    scr::store db(path, clock_options());
    open_child_r(db, {"Police"});
  }
  {
    SQLite::Database raw(path, SQLite::OPEN_READWRITE);
    raw.exec(back_to_schema_10);
    EXPECT_EQ(raw.execAndGet("PRAGMA user_version").getInt(), 10);
    EXPECT_EQ(raw.execAndGet("SELECT count(*) FROM sqlite_master WHERE name LIKE 'chronolog%'").getInt(), 0);
  }
  EXPECT_EQ(scr::store::schema_version(), 13);
  {
    scr::store db(path, clock_options());
    EXPECT_TRUE(db.verify(child_r).ok()) << db.verify(child_r).message;
    db.set_chronology_setup(child_r, setup_for("north-yorkshire-2010"), london(2024, 3, 12, 9), administrator);
    const auto c = db.import_chronology(child_r, "Police", file("north-yorkshire-2010", "police.csv"),
                                        london(2024, 4, 3, 10), imr_writer("Police"));
    EXPECT_FALSE(c.refused()) << c.report();
    EXPECT_EQ(c.warnings(), 2u);
    EXPECT_EQ(db.accepted_chronology(child_r, "Police").entries.size(), 16u);
    EXPECT_TRUE(db.verify_all().ok()) << all_of(db.verify_all().problems);
  }
  SQLite::Database raw(path);
  EXPECT_EQ(raw.execAndGet("PRAGMA user_version").getInt(), scr::store::schema_version());
  EXPECT_EQ(raw.execAndGet("SELECT count(*) FROM chronologies").getInt(), 1);
}

}  // namespace
