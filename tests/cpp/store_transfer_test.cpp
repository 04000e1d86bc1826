// Moving reviews between stores (docs/review-export.md): a review exported
// from one store and imported into another keeps every event, its recorded
// time and its hash, and the destination's ledger and verify agree with the
// source's. A file altered after export is refused, naming the first event
// that does not match; an event the engine refuses is refused even when its
// hashes were made to match; nothing is half-imported. Each store is on the
// tests' backend (SQLite, or PostgreSQL in the `postgresql:` run).

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "../../libscr/src/store/records.hpp"
#include "backend_support.hpp"
#include "review_support.hpp"
#include "scr/store.hpp"
#include "store_support.hpp"

namespace {

const scr::actor chair = as("lscb_chair", "A. Patel", "Solihull LSCB");
const scr::actor administrator = as("administrator", "J. Lowe", "Solihull LSCB");

scr::import_options from_file(std::string name) {
  scr::import_options o;
  o.source = std::move(name);
  return o;
}

scr::import_options checking() {
  scr::import_options o;
  o.check_only = true;
  return o;
}

std::string all_of(const std::vector<std::string>& problems) {
  std::string out;
  for (const auto& p : problems) out += p + "\n";
  return out;
}

struct transfer : ::testing::Test {
  scratch_dir dir{"scr_transfer"};
  std::string from = store_at((dir.dir / "from.db").string());
  std::string to = store_at((dir.dir / "to.db").string());

  static scr::store_options at(scr::instant t, const std::string& key = {}) {
    auto o = clock_at(t);
    o.key = key;
    return o;
  }

  // Child Q: opened, convened, a recommendation typed wrongly and amended, a
  // step voided, a milestone waived. Child R: opened only.
  static void two_reviews(scr::store& db) {
    const auto p = scr::procedure::builtin("solihull-2011-scr");
    db.open_review(p, "Child Q", london(2024, 1, 15, 9), chair, {{"incident_at", utc(2024, 1, 13, 22)}});
    db.record("Child Q", "panel_convened", london(2024, 1, 19), chair);
    db.record("Child Q", "panel_recommended", london(2024, 1, 29), chair, {{"recommendation", std::string("scr")}});
    db.amend("Child Q", 3, london(2024, 1, 29, 11), {}, "the minutes say 11:00", administrator);
    db.open_review(p, "Child R", london(2024, 2, 1, 9), chair, {{"incident_at", utc(2024, 1, 30, 22)}});
  }

  static std::string text_of(const std::vector<scr::stored_event>& h) {
    std::string out;
    for (const auto& s : h) {
      out += std::to_string(s.sequence) + " " + std::string(scr::to_string(s.event.kind)) + " " + s.event.name + " " +
             scr::format_instant(s.event.at) + " recorded " + scr::format_instant(s.recorded_at) + " by " +
             s.event.by.name + " " + s.hash + " after " + s.previous_hash + "\n";
    }
    return out;
  }
};

TEST_F(transfer, a_review_exported_and_imported_keeps_its_events_hashes_ledger_head_and_timetable) {
  std::string document;
  {
    scr::store src(from, at(utc(2024, 3, 1, 12)));
    two_reviews(src);
    document = src.export_reviews();
  }
  scr::store src(from, at(utc(2024, 3, 1, 12)));
  scr::store dst(to, at(utc(2026, 12, 5, 12)));
  const auto result = dst.import_reviews(document, administrator, from_file("board.json"));
  EXPECT_EQ(result.references, (std::vector<std::string>{"Child Q", "Child R"}));
  EXPECT_EQ(result.events, 5u);
  EXPECT_FALSE(result.resealed);
  for (const char* ref : {"Child Q", "Child R"}) {
    EXPECT_EQ(text_of(dst.history(ref)), text_of(src.history(ref))) << ref;
    const auto a = src.load(ref), b = dst.load(ref);
    EXPECT_EQ(b.state(), a.state());
    const auto day = ymd(2024, 6, 1);
    const auto ta = a.timetable(day), tb = b.timetable(day);
    ASSERT_EQ(tb.size(), ta.size());
    for (std::size_t i = 0; i < ta.size(); ++i) EXPECT_EQ(tb[i].due, ta[i].due) << ref << " " << ta[i].id();
    EXPECT_TRUE(dst.verify(ref).ok()) << dst.verify(ref).message;
  }
  // The destination's ledger names each review at the source's head, as an
  // import, with the file and who imported it.
  const auto source_ledger = src.ledger();
  const auto ledger = dst.ledger();
  ASSERT_EQ(ledger.size(), 2u);
  for (const auto& e : ledger) {
    EXPECT_EQ(e.kind, "imported");
    EXPECT_NE(e.note.find("imported from 'board.json'"), std::string::npos) << e.note;
    EXPECT_NE(e.note.find("by J. Lowe (administrator"), std::string::npos) << e.note;
    const auto last = std::find_if(source_ledger.rbegin(), source_ledger.rend(),
                                   [&](const scr::ledger_entry& s) { return s.reference == e.reference; });
    ASSERT_NE(last, source_ledger.rend());
    EXPECT_EQ(e.sequence, last->sequence);
    EXPECT_EQ(e.event_hash, last->event_hash);
    EXPECT_EQ(e.context_hash, last->context_hash);
  }
  EXPECT_TRUE(dst.verify_all().ok()) << all_of(dst.verify_all().problems);
  // And it goes on: a step recorded after the import.
  dst.record("Child R", "panel_convened", london(2024, 2, 5), chair);
  EXPECT_TRUE(dst.verify_all().ok()) << all_of(dst.verify_all().problems);
  // Exported again, the same events and hashes.
  const auto again = nlohmann::json::parse(dst.export_reviews({"Child Q"}));
  const auto first = nlohmann::json::parse(document);
  EXPECT_EQ(again["reviews"][0]["events"], first["reviews"][0]["events"]);
  // From an SQLite file into the tests' backend (PostgreSQL in the
  // `postgresql:` run: the other way from the first import).
  scr::store sqlite_file((dir.dir / "file.db").string(), at(utc(2026, 12, 5, 12)));
  sqlite_file.import_reviews(document, administrator);
  scr::store back(store_at((dir.dir / "back.db").string()), at(utc(2026, 12, 6, 12)));
  back.import_reviews(sqlite_file.export_reviews(), administrator, from_file("file.json"));
  EXPECT_EQ(text_of(back.history("Child Q")), text_of(src.history("Child Q")));
  EXPECT_TRUE(back.verify_all().ok()) << all_of(back.verify_all().problems);
}

TEST_F(transfer, a_file_altered_after_export_is_refused_naming_the_first_event_that_does_not_match) {
  scr::store src(from, at(utc(2024, 3, 1, 12)));
  two_reviews(src);
  auto doc = nlohmann::json::parse(src.export_reviews());
  doc["reviews"][0]["events"][2]["data"]["recommendation"] = "no_scr";
  scr::store dst(to, at(utc(2026, 12, 5, 12)));
  const auto head = dst.head();
  EXPECT_ERROR(scr::input_error, dst.import_reviews(doc.dump(), administrator, from_file("board.json")),
               "event 3 (recorded panel_recommended", "of review 'Child Q' in review export 'board.json'",
               "does not match its hash", "Nothing was imported");
  EXPECT_TRUE(dst.references().empty());
  EXPECT_EQ(dst.head().position, head.position);
  // The time it was recorded is sealed too.
  doc = nlohmann::json::parse(src.export_reviews());
  doc["reviews"][1]["events"][0]["recorded_at"] = "2024-02-01T09:00:01Z";
  EXPECT_ERROR(scr::input_error, dst.import_reviews(doc.dump(), administrator), "event 1 (opened",
               "of review 'Child R'", "does not match its hash");
  EXPECT_TRUE(dst.references().empty());
}

// Without a key anyone can compute SHA-256: a forger who removes a step and
// makes the hashes match again is stopped by the engine, which replays every
// event.
TEST_F(transfer, an_event_the_engine_refuses_is_refused_even_with_matching_hashes) {
  scr::store src(from, at(utc(2024, 3, 1, 12)));
  two_reviews(src);
  auto doc = nlohmann::json::parse(src.export_reviews({"Child Q"}));
  auto& events = doc["reviews"][0]["events"];
  events.erase(1);  // panel_convened
  std::string previous;
  for (std::size_t i = 0; i < events.size(); ++i) {
    auto& e = events[i];
    e["sequence"] = i + 1;
    if (e["corrects"].get<int>() == 3) e["corrects"] = 2;
    const std::string payload = nlohmann::json(e["data"]).dump();
    const auto at_us = scr::stored::to_micros(scr::parse_instant(e["at"].get<std::string>()));
    const auto rec_us = scr::stored::to_micros(scr::parse_instant(e["recorded_at"].get<std::string>()));
    const std::string kind = e["kind"], name = e["name"], agency = e["agency"], subject = e["subject"];
    const std::string by_name = e["by"]["name"], by_role = e["by"]["role"], by_agency = e["by"]["agency"];
    const std::string reason = e["reason"];
    e["hash"] = scr::stored::chained_hash(previous, "Child Q", i + 1,
                                          {kind, name, agency, subject, at_us, rec_us, by_name, by_role, by_agency,
                                           payload, e["corrects"].get<std::int64_t>(), reason},
                                          "");
    previous = e["hash"];
  }
  doc["reviews"][0]["head"] = {{"sequence", events.size()}, {"hash", previous}};
  scr::store dst(to, at(utc(2026, 12, 5, 12)));
  EXPECT_ERROR(scr::transition_error, dst.import_reviews(doc.dump(), administrator, from_file("forged.json")),
               "review 'Child Q' in review export 'forged.json': event 2 (recorded 'panel_recommended'",
               "of the history does not apply", "is not allowed while the review is in state 'considering'");
  EXPECT_TRUE(dst.references().empty());
}

TEST_F(transfer, nothing_is_imported_when_one_review_is_refused_and_a_check_writes_nothing) {
  scr::store src(from, at(utc(2024, 3, 1, 12)));
  two_reviews(src);
  const std::string document = src.export_reviews();
  scr::store dst(to, at(utc(2026, 12, 5, 12)));
  const auto p = scr::procedure::builtin("solihull-2011-scr");
  dst.open_review(p, "Child R", london(2024, 5, 1, 9), chair, {{"incident_at", utc(2024, 4, 30, 22)}});
  EXPECT_ERROR(scr::input_error, dst.import_reviews(document, administrator), "review 'Child R'",
               "is already in store", "Nothing was imported");
  EXPECT_EQ(dst.references(), std::vector<std::string>{"Child R"});

  scr::store other(store_at((dir.dir / "other.db").string()), at(utc(2026, 12, 5, 12)));
  const auto checked = other.import_reviews(document, administrator, checking());
  EXPECT_TRUE(checked.check_only);
  EXPECT_EQ(checked.references.size(), 2u);
  EXPECT_TRUE(other.references().empty());
  EXPECT_TRUE(other.ledger().empty());
  // Checked, then imported for real: the procedure the check stored and
  // rolled back is stored now, and verify agrees.
  other.import_reviews(document, administrator);
  EXPECT_TRUE(other.verify_all().ok()) << all_of(other.verify_all().problems);
}

TEST_F(transfer, only_a_corrections_role_imports) {
  scr::store src(from, at(utc(2024, 3, 1, 12)));
  two_reviews(src);
  scr::store dst(to, at(utc(2026, 12, 5, 12)));
  EXPECT_ERROR(scr::role_error, dst.import_reviews(src.export_reviews(), chair), "role 'lscb_chair' may not import",
               "administrator");
  EXPECT_TRUE(dst.references().empty());
}

TEST_F(transfer, what_is_not_a_review_export_is_refused_naming_the_place) {
  scr::store dst(to, at(utc(2026, 12, 5, 12)));
  EXPECT_ERROR(scr::input_error, dst.import_reviews("{\"format\": \"libscr.reviews\", ", administrator, from_file("x.json")),
               "review export 'x.json'", "is not JSON");
  EXPECT_ERROR(scr::input_error, dst.import_reviews(R"({"format": "libscr.timetable", "version": 1})", administrator),
               "not a review export");
  EXPECT_ERROR(scr::input_error, dst.import_reviews(R"({"format": "libscr.reviews", "version": 2})", administrator),
               "version: is 2, newer than this libscr reads (1)");
  scr::store src(from, at(utc(2024, 3, 1, 12)));
  two_reviews(src);
  auto doc = nlohmann::json::parse(src.export_reviews());
  doc["reviews"][0]["events"][1]["at"] = "19/01/2024 10:00";
  EXPECT_ERROR(scr::input_error, dst.import_reviews(doc.dump(), administrator), "reviews[0].events[1].at",
               "is not an instant in UTC");
  doc = nlohmann::json::parse(src.export_reviews());
  doc["reviews"][0]["events"].erase(3);
  EXPECT_ERROR(scr::input_error, dst.import_reviews(doc.dump(), administrator), "reviews[0].head",
               "events were added or removed after export");
  EXPECT_TRUE(dst.references().empty());
}

TEST_F(transfer, keyed_chains_move_only_with_their_key_and_an_unkeyed_file_is_sealed_again_with_the_key) {
  const std::string key(32, 'k');
  std::string keyed_document, plain_document;
  {
    scr::store src(from, at(utc(2024, 3, 1, 12), key));
    two_reviews(src);
    keyed_document = src.export_reviews();
  }
  {
    scr::store plain(store_at((dir.dir / "plain.db").string()), at(utc(2024, 3, 1, 12)));
    two_reviews(plain);
    plain_document = plain.export_reviews();
  }
  EXPECT_TRUE(nlohmann::json::parse(keyed_document)["keyed"].get<bool>());
  {
    scr::store unkeyed(store_at((dir.dir / "unkeyed.db").string()), at(utc(2026, 12, 5, 12)));
    EXPECT_ERROR(scr::input_error, unkeyed.import_reviews(keyed_document, administrator), "comes from a keyed store");
  }
  {
    scr::store other_key(store_at((dir.dir / "other-key.db").string()), at(utc(2026, 12, 5, 12), std::string(32, 'x')));
    EXPECT_ERROR(scr::input_error, other_key.import_reviews(keyed_document, administrator), "event 1 (opened",
                 "this store's key is not that of the store it came from");
  }
  scr::store dst(to, at(utc(2026, 12, 5, 12), key));
  EXPECT_FALSE(dst.import_reviews(keyed_document, administrator).resealed);
  scr::store src(from, at(utc(2024, 3, 1, 12), key));
  EXPECT_EQ(text_of(dst.history("Child Q")), text_of(src.history("Child Q")));
  EXPECT_TRUE(dst.verify_all().ok()) << all_of(dst.verify_all().problems);

  scr::store sealed(store_at((dir.dir / "sealed.db").string()), at(utc(2026, 12, 5, 12), key));
  EXPECT_ERROR(scr::input_error, sealed.import_reviews(plain_document, administrator), "is not keyed and store",
               "--reseal", "Nothing was imported");
  EXPECT_TRUE(sealed.references().empty());
  scr::import_options reseal;
  reseal.reseal = true;
  const auto r = sealed.import_reviews(plain_document, administrator, reseal);
  EXPECT_TRUE(r.resealed);
  EXPECT_TRUE(sealed.verify_all().ok()) << all_of(sealed.verify_all().problems);
  EXPECT_NE(sealed.ledger().back().note.find("sealed again with this store's key"), std::string::npos);
}

// With a key the seal covers every review's head: a keyed file cut short
// (its last events removed and its head made to match) is refused.
TEST_F(transfer, a_keyed_file_cut_short_is_refused_by_its_seal) {
  const std::string key(32, 'k');
  scr::store src(from, at(utc(2024, 3, 1, 12), key));
  two_reviews(src);
  auto doc = nlohmann::json::parse(src.export_reviews());
  auto& events = doc["reviews"][0]["events"];
  events.erase(events.size() - 1);
  doc["reviews"][0]["head"] = {{"sequence", events.size()}, {"hash", events.back()["hash"]}};
  scr::store dst(to, at(utc(2026, 12, 5, 12), key));
  EXPECT_ERROR(scr::input_error, dst.import_reviews(doc.dump(), administrator), "its seal does not match",
               "Nothing was imported");
  doc = nlohmann::json::parse(src.export_reviews());
  doc["reviews"].erase(1);  // Child R left out
  EXPECT_ERROR(scr::input_error, dst.import_reviews(doc.dump(), administrator), "its seal does not match");
  EXPECT_TRUE(dst.references().empty());
}

// Times to the microsecond, and corrections, come through exactly.
TEST_F(transfer, microseconds_and_corrections_survive_the_round_trip) {
  scr::store src(from, at(utc(2024, 3, 1, 12)));
  const auto p = scr::procedure::builtin("solihull-2011-scr");
  const auto opened = utc(2024, 1, 15, 9) + boost::posix_time::microseconds(250001);
  src.open_review(p, "Child M", opened, chair,
                  {{"incident_at", utc(2024, 1, 13, 22) + boost::posix_time::microseconds(123456)}});
  src.record("Child M", "panel_convened", london(2024, 1, 19), chair);
  const std::vector<std::uint64_t> second{2};
  src.void_events("Child M", second, "recorded against the wrong review", london(2024, 1, 20), administrator);
  const std::string document = src.export_reviews({"Child M"});
  EXPECT_NE(document.find(".250001Z"), std::string::npos);
  scr::store dst(to, at(utc(2026, 12, 5, 12)));
  dst.import_reviews(document, administrator);
  EXPECT_EQ(text_of(dst.history("Child M")), text_of(src.history("Child M")));
  EXPECT_EQ(dst.history("Child M").front().event.at, opened);
  EXPECT_EQ(std::get<scr::instant>(dst.history("Child M").front().event.data.at("incident_at")),
            utc(2024, 1, 13, 22) + boost::posix_time::microseconds(123456));
  EXPECT_TRUE(dst.verify_all().ok()) << all_of(dst.verify_all().problems);
}

TEST_F(transfer, a_crafted_file_is_refused_not_obeyed) {
  scr::store src(from, at(utc(2024, 3, 1, 12)));
  two_reviews(src);
  scr::store dst(to, at(utc(2026, 12, 5, 12)));
  // Data nested deeper than any value libscr stores (a crash, were it dumped).
  auto doc = nlohmann::json::parse(src.export_reviews());
  doc["reviews"][0]["events"][1]["data"]["x"] = nlohmann::json::array({nlohmann::json::array({1})});
  EXPECT_ERROR(scr::input_error, dst.import_reviews(doc.dump(), administrator), "reviews[0].events[1].data.x",
               "is not a value libscr stores");
  // A reference that is not the opening's subject.
  doc = nlohmann::json::parse(src.export_reviews());
  doc["reviews"][1]["reference"] = "Child \x1b[31mR";
  EXPECT_ERROR(scr::input_error, dst.import_reviews(doc.dump(), administrator), "reviews[1].events[0].subject",
               "not the review's reference");
  // A built-in pack brought in altered (any role made a corrections role).
  doc = nlohmann::json::parse(src.export_reviews());
  std::string definition = doc["procedures"][0]["definition"];
  const std::string roles = "corrections: [administrator, business_manager]";
  const auto at_corrections = definition.find(roles);
  ASSERT_NE(at_corrections, std::string::npos);
  definition.replace(at_corrections, roles.size(), "corrections: [administrator, business_manager, lscb_chair]");
  doc["procedures"][0]["definition"] = definition;
  EXPECT_ERROR(scr::input_error, dst.import_reviews(doc.dump(), chair), "is not libscr's built-in pack");
  // An event dated after the store's clock.
  scr::store early(store_at((dir.dir / "early.db").string()), at(utc(2024, 1, 1, 12)));
  EXPECT_ERROR(scr::input_error, early.import_reviews(src.export_reviews(), administrator),
               "is dated after this store's clock");
  // A field the format does not have.
  doc = nlohmann::json::parse(src.export_reviews());
  doc["reviews"][0]["events"][0]["note"] = "hidden";
  EXPECT_ERROR(scr::input_error, dst.import_reviews(doc.dump(), administrator), "reviews[0].events[0]",
               "has a field 'note'");
  EXPECT_TRUE(dst.references().empty());
  EXPECT_TRUE(early.references().empty());
}

}  // namespace
