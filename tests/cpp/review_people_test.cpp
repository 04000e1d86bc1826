// People are compared as people: independence rules (same_person and
// involved_agency conflicts, the actor's own roles, unassignment) hold
// whatever spelling a name is given in, near matches are warned about, and
// person ids keep two people of one name apart or make two spellings one
// person (docs/engine.md, "How names are compared").
//
// Stockport's IMR (002) forbids the overview report author to chair the SCR
// Panel and the IMR's author to countersign it (both "must"); Solihull (001)
// says "should" for the first; the example procedure (tests/data) forbids a
// panel chair from an involved agency.

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "review_support.hpp"
#include "scr/review.hpp"

namespace {

const scr::actor manager = as("business_manager", "B. Manager", "Stockport SCB");
const scr::actor countersigner = as("designated_senior_manager", "D. Manager", "Police");
const scr::actor imr_writer = as("imr_author", "A. Author", "Police");

constexpr std::string_view author_rule = "The overview report author should not be the chair of the SCR Panel";
constexpr std::string_view countersign_rule =
    "The IMR is countersigned by someone other than its author, who quality-assures it for the agency";

// Stockport: one agency's IMR, requested on Monday 4 March 2024.
scr::review imr() {
  return scr::review::open(pack("stockport-2010-imr"), ew(), "Child S (Police IMR)", london(2024, 3, 4), manager,
                           {{"agency", std::string("Police")},
                            {"confirm_by", ymd(2024, 3, 11)},
                            {"chronology_by", ymd(2024, 4, 8)},
                            {"imr_by", ymd(2024, 5, 31)}});
}

// The declarations Stockport's IMR author makes (both "must").
std::vector<std::string> author_declarations() {
  return {"directly_concerned_with_the_child_or_family", "immediate_line_manager_of_practitioners_involved",
          "less_than_two_management_lines_from_decisions_in_the_case"};
}

std::vector<scr::review_warning> of_kind(const std::vector<scr::review_warning>& ws, std::string_view kind) {
  std::vector<scr::review_warning> out;
  for (const auto& w : ws)
    if (w.kind == kind) out.push_back(w);
  return out;
}

std::string listing(const std::vector<scr::review_warning>& ws) {
  std::string out;
  for (const auto& w : ws) out += "\n  " + w.kind + ": " + w.message;
  return out.empty() ? std::string(" (none)") : out;
}

// The agency confirms its involvement and the author submits the chronology:
// next, the Designated Senior Manager quality-assures the IMR.
void to_quality_assurance(scr::review& r) {
  r.record("involvement_confirmed", london(2024, 3, 7), countersigner,
           {{"involved", true}, {"author", std::string("A. Author, Police")}});
  r.record("chronology_submitted", london(2024, 4, 2), imr_writer);
}

// `name` takes the chair of the SCR Panel.
void chair(scr::review& r, std::string_view name, std::string_view person_id = {},
           scr::instant at = london(2024, 3, 6)) {
  r.assign(name, "panel_chair", "Independent", at, manager, {}, person_id);
}

// A review with "J. Smith" as its overview report author.
scr::review with_author(std::string_view name = "J. Smith") {
  auto r = imr();
  r.assign(name, "overview_author", "Independent", london(2024, 3, 5), manager);
  return r;
}

}  // namespace

// ---- the same person, spelled otherwise ---------------------------------------------

TEST(review_people, the_overview_author_may_not_chair_the_panel_under_any_spelling) {
  auto r = with_author();
  // Each of these reads as J. Smith; each was accepted when names were
  // compared as strings.
  for (const std::string spelling : {"J. Smith", "J. Smith ", "j. smith", "J Smith", "Smith, J.",
                                     "J. Sm\u0456th",  // Cyrillic i (U+0456)
                                     "J.\u00a0Smith",  // a non-breaking space
                                     "\uff2a. Smith",  // a fullwidth J
                                     "SMITH J", "J.   Smith", "J.Smith", " J. Smith",
                                     "J.\u2009Smith",  // a thin space
                                     "J. \u0405mith",  // Cyrillic DZE for S
                                     "J. Sm\u03b9th",  // Greek iota
                                     "J. Smith.", "\u2018J. Smith\u2019"}) {
    SCOPED_TRACE(spelling);
    EXPECT_REFUSED(scr::conflict_error, r,
                   chair(r, spelling),
                   "cannot assign " + spelling + " as 'panel_chair'", author_rule, "(002:56)",
                   spelling == "J. Smith" ? std::string("J. Smith already holds overview_author")
                                          : "'" + spelling + "' is the same person as 'J. Smith', who already holds "
                                                             "overview_author");
    try {
      chair(r, spelling);
    } catch (const scr::conflict_error& e) {
      EXPECT_EQ(e.conflict_rule(), author_rule);
      EXPECT_EQ(e.rule(), "conflict");
      // Two spellings: the message says how names are compared.
      EXPECT_EQ(std::string_view(e.what()).find("give each a person id") != std::string_view::npos,
                spelling != "J. Smith")
          << e.what();
    }
  }
  ASSERT_EQ(r.assignments().size(), 1u);
  EXPECT_EQ(r.assignments()[0].person, "J. Smith");
}

TEST(review_people, the_rule_holds_the_other_way_round_and_for_other_scripts_and_forms) {
  struct pair {
    std::string first, second;
  };
  for (const auto& [first, second] : {
           pair{"Smith, J.", "J. Smith"},
           pair{"Hans Stra\u00dfe", "HANS STRASSE"},             // ß is ss
           pair{"Jos\u00e9 N\u00fa\u00f1ez", "Jose\u0301 Nu\u0301n\u0303ez"},  // precomposed, combining
           pair{"\u0399\u03bf\u03ac\u03bd\u03bd\u03b7\u03c2 Papas", "\u0399\u03bf\u03ac\u03bd\u03bd\u03b7\u03c2  PAPAS"},
           pair{"Ioannis Papas", "\u0399\u03bfannis Papas"},     // Greek capital iota and omicron
           pair{"Anna Ivanova", "\u0410nna Iv\u0430nova"},       // Cyrillic a
           pair{"Ian Smith", "lan Smith"},                       // capital I, small l
           pair{"SM\u0130TH", "Smith"},                          // Turkish dotted capital I
           pair{"O'Brien", "O\u2019Brien"},                      // apostrophes
           pair{"O'Brien", "OBrien"},
           pair{"\ufb01ona Smith", "Fiona Smith"},               // the fi ligature
           pair{"Mary-Jane Watson", "Mary Jane Watson"},
       }) {
    SCOPED_TRACE(first + " / " + second);
    auto r = with_author(first);
    EXPECT_REFUSED(scr::conflict_error, r, chair(r, second),
                   "cannot assign " + second + " as 'panel_chair'",
                   "'" + second + "' is the same person as '" + first + "', who already holds overview_author");
  }
}

TEST(review_people, different_people_are_still_accepted) {
  for (const std::string other : {"K. Smith", "J. Smyth", "J. Smith-Jones", "John Smithson", "Smith", "J. Jones"}) {
    SCOPED_TRACE(other);
    auto r = with_author();
    chair(r, other);
    ASSERT_EQ(r.assignments().size(), 2u);
    EXPECT_EQ(r.assignments()[1].person, other);
  }
  // K. Smith is not a near match either: the initials differ.
  auto r = with_author();
  chair(r, "K. Smith");
  EXPECT_TRUE(r.warnings().empty()) << listing(r.warnings());
}

TEST(review_people, a_role_already_held_is_not_taken_again_under_another_spelling) {
  auto r = with_author();
  EXPECT_REFUSED(scr::input_error, r, r.assign("smith j", "overview_author", "Independent", london(2024, 3, 6), manager),
                 "smith j already holds role 'overview_author' in review 'Child S (Police IMR)' as 'J. Smith'",
                 "give each a person id");
  EXPECT_REFUSED(scr::input_error, r, r.assign("J. Smith", "overview_author", "Other", london(2024, 3, 6), manager),
                 "J. Smith already holds role 'overview_author'");
}

TEST(review_people, the_actor_is_compared_as_a_person) {
  // A. Author writes the Police IMR; someone typing "a. author" as the
  // Designated Senior Manager would quality-assure their own IMR.
  auto r = imr();
  r.assign("A. Author", "imr_author", "Police", london(2024, 3, 5), manager, author_declarations());
  r.assign("D. Manager", "designated_senior_manager", "Police", london(2024, 3, 5, 11), manager);
  to_quality_assurance(r);
  for (const std::string name : {"a. author", "Author, A", "A. \u0410uthor", "A.\u00a0Author "}) {
    SCOPED_TRACE(name);
    EXPECT_REFUSED(scr::conflict_error, r,
                   r.record("imr_quality_assured", london(2024, 4, 20), as("designated_senior_manager", name, "Police")),
                   name + " may not act as 'designated_senior_manager'",
                   "'" + name + "' is the same person as 'A. Author', who holds imr_author", countersign_rule);
  }
  EXPECT_REFUSED(scr::conflict_error, r,
                 r.record("imr_quality_assured", london(2024, 4, 20), as("designated_senior_manager", "A. Author")),
                 "A. Author may not act as 'designated_senior_manager': A. Author holds imr_author", countersign_rule);
  r.record("imr_quality_assured", london(2024, 4, 20), countersigner);
  EXPECT_EQ(r.state(), "quality_assured");
}

TEST(review_people, unassignment_finds_the_person_under_another_spelling) {
  auto r = with_author();
  EXPECT_REFUSED(scr::rule_error, r,
                 r.unassign("K. Smith", "overview_author", "wrong person", london(2024, 3, 6), manager),
                 "K. Smith does not hold role 'overview_author'");
  r.unassign("smith, j", "overview_author", "appointed to chair the panel instead", london(2024, 3, 6), manager);
  EXPECT_TRUE(r.assignments().empty());
  EXPECT_EQ(r.history().back().agency, "Independent");
  // No longer the author, J. Smith may chair the panel.
  chair(r, "J Smith", {}, london(2024, 3, 7));
  ASSERT_EQ(r.assignments().size(), 1u);
  // The agency is compared as agencies are.
  r.unassign("J. Smith", "panel_chair", "moved on", london(2024, 3, 8), manager, "independent ");
  EXPECT_TRUE(r.assignments().empty());
}

// ---- near matches ---------------------------------------------------------------------

TEST(review_people, a_near_match_is_accepted_with_a_warning_naming_both) {
  struct pair {
    std::string author, other;
    std::string_view why;
  };
  for (const auto& [author, other, why] : {
           pair{"Ann Lee", "Anne Lee", "the names are one letter apart"},
           pair{"John Smith", "Jon Smith", "the names are one letter apart"},
           pair{"John Smith", "Jhon Smith", "the names are one letter apart"},
           pair{"John Smith", "J. Smith", "the names differ only in initials or names left out"},
           pair{"John Paul Smith", "Smith, John", "the names differ only in initials or names left out"},
           pair{"M. Smith", "Michael Smith", "the names differ only in initials or names left out"},
           pair{"O Brien", "OBrien", "the names differ only in spacing"},
           pair{"Jose Nunez", "Jos\u00e9 Nunez", "the names are one letter apart"},
       }) {
    SCOPED_TRACE(author + " / " + other);
    auto r = with_author(author);
    chair(r, other);
    ASSERT_EQ(r.assignments().size(), 2u);
    const auto w = r.warnings();
    ASSERT_EQ(w.size(), 1u) << listing(w);
    EXPECT_EQ(w[0].kind, "near_match");
    EXPECT_EQ(w[0].message, "'" + other + "' (panel_chair) may be the same person as '" + author +
                                "' (overview_author): " + std::string(why) +
                                "; if they are one person, assign them under one spelling, or give both the same "
                                "person id: " + std::string(author_rule));
    EXPECT_EQ(w[0].rule, author_rule);
    EXPECT_EQ(w[0].level, scr::strength::must);
    EXPECT_EQ(w[0].cite, std::vector<std::string>{"002:56"});
    EXPECT_EQ(w[0].at, london(2024, 3, 6));
  }
}

TEST(review_people, a_near_match_is_warned_about_only_between_roles_a_conflict_joins) {
  auto r = imr();
  r.assign("Ann Lee", "imr_author", "Police", london(2024, 3, 5), manager, author_declarations());
  chair(r, "Anne Lee");
  EXPECT_TRUE(r.warnings().empty()) << listing(r.warnings());
  // ... and the imr_author / designated_senior_manager conflict joins these two.
  r.assign("Anne Lee", "designated_senior_manager", "Police", london(2024, 3, 7), manager);
  const auto w = of_kind(r.warnings(), "near_match");
  ASSERT_EQ(w.size(), 1u) << listing(r.warnings());
  EXPECT_NE(w[0].message.find("'Anne Lee' (designated_senior_manager) may be the same person as 'Ann Lee' (imr_author)"),
            std::string::npos)
      << w[0].message;
  EXPECT_EQ(w[0].rule, countersign_rule);
}

TEST(review_people, near_match_warnings_as_of_a_date) {
  auto r = with_author("Ann Lee");
  chair(r, "Anne Lee");
  r.unassign("Anne Lee", "panel_chair", "a different chair was appointed", london(2024, 3, 12), manager);
  EXPECT_TRUE(r.warnings(ymd(2024, 3, 5)).empty()) << listing(r.warnings(ymd(2024, 3, 5)));
  EXPECT_EQ(of_kind(r.warnings(ymd(2024, 3, 6)), "near_match").size(), 1u) << listing(r.warnings(ymd(2024, 3, 6)));
  EXPECT_EQ(of_kind(r.warnings(ymd(2024, 3, 11)), "near_match").size(), 1u);
  // Taken off the role: the warning goes.
  EXPECT_TRUE(r.warnings(ymd(2024, 3, 12)).empty()) << listing(r.warnings(ymd(2024, 3, 12)));
  EXPECT_TRUE(r.warnings().empty());
}

TEST(review_people, a_should_conflict_under_two_spellings_is_a_warning_naming_both) {
  // Solihull: the overview author should not chair the panel (001:307).
  auto r = scr::review::open(pack("solihull-2011-scr"), ew(), "Child R", london(2024, 3, 4, 9),
                             as("lscb_chair", "A. Patel", "Solihull LSCB"),
                             {{"incident_at", utc(2024, 3, 2, 20)}, {"referring_agency", std::string("Police")}});
  const auto lscb_chair = as("lscb_chair", "A. Patel", "Solihull LSCB");
  r.assign("M. White", "overview_author", "Independent", london(2024, 3, 22, 10), lscb_chair);
  r.assign("white, m", "panel_chair", "Independent", london(2024, 3, 22, 11), lscb_chair,
           {"member_of_involved_lscb"});
  const auto w = of_kind(r.warnings(), "conflict");
  ASSERT_EQ(w.size(), 1u) << listing(r.warnings());
  EXPECT_EQ(w[0].message,
            "'white, m' is the same person as 'M. White', who holds overview_author, and takes panel_chair: "
            "The overview report author should not be the chair of the SCR Panel");
  EXPECT_EQ(w[0].level, scr::strength::should);
  EXPECT_TRUE(of_kind(r.warnings(), "near_match").empty()) << listing(r.warnings());
  EXPECT_TRUE(r.warnings(ymd(2024, 3, 21)).empty());
}

// ---- agencies -------------------------------------------------------------------------

namespace {

const scr::actor lscb_chair = as("lscb_chair", "A. Patel", "LSCB");

// The example procedure (tests/data): the panel chair may not work for an
// agency involved in the case (must); an agency is involved once the LSCB
// commissions its IMR. A review with the SCR decided on 5 March 2024.
scr::review example_review() {
  static const auto p = std::make_shared<const scr::procedure>(
      scr::procedure::load(std::string(SCR_TEST_DATA_DIR) + "/procedures/example.yaml"));
  auto r = scr::review::open(p, ew(), "Child E", london(2024, 3, 4), lscb_chair);
  r.record("decide", london(2024, 3, 5), lscb_chair, {{"outcome", std::string("scr")}});
  return r;
}

}  // namespace

TEST(review_people, an_involved_agency_is_compared_as_an_agency) {
  auto r = example_review();
  r.record("commission_agency", london(2024, 3, 6), lscb_chair, {{"agency", std::string("Police")}});
  for (const std::string agency : {"Police", "police ", "POLICE", "P\u043elice", "Police."}) {
    SCOPED_TRACE(agency);
    EXPECT_REFUSED(scr::conflict_error, r, r.assign("C. Chair", "panel_chair", agency, london(2024, 3, 7), lscb_chair),
                   "The panel chair may not be employed by an agency involved in the case",
                   "C. Chair's agency '" + agency + "' is involved in the case" +
                       (agency == "Police" ? std::string() : " (as 'Police')"));
  }
  r.assign("C. Chair", "panel_chair", "Health", london(2024, 3, 7), lscb_chair);
  EXPECT_EQ(r.assignments().size(), 1u);
}

TEST(review_people, a_later_involvement_of_an_agency_spelled_otherwise_is_a_warning) {
  auto r = example_review();
  r.assign("C. Chair", "panel_chair", "health ", london(2024, 3, 6), lscb_chair);
  EXPECT_TRUE(r.warnings().empty()) << listing(r.warnings());
  r.record("commission_agency", london(2024, 3, 8), lscb_chair, {{"agency", std::string("Health")}});
  const auto w = of_kind(r.warnings(), "conflict");
  ASSERT_EQ(w.size(), 1u) << listing(r.warnings());
  EXPECT_EQ(w[0].message,
            "C. Chair (panel_chair) works for health , an agency involved in the case (as 'Health'): "
            "The panel chair may not be employed by an agency involved in the case");
  EXPECT_EQ(w[0].at, london(2024, 3, 8));
}

// ---- person ids -----------------------------------------------------------------------

TEST(review_people, person_ids_keep_two_people_of_one_name_apart) {
  auto r = imr();
  r.assign("J. Smith", "overview_author", "Independent", london(2024, 3, 5), manager, {}, "E100");
  chair(r, "J. Smith", "E200");
  ASSERT_EQ(r.assignments().size(), 2u);
  EXPECT_EQ(r.assignments()[0].person_id, "E100");
  EXPECT_EQ(r.assignments()[1].person_id, "E200");
  EXPECT_TRUE(r.assignments()[1].declarations.empty());
  // Said in every report, all the same.
  const auto w = r.warnings();
  ASSERT_EQ(w.size(), 1u) << listing(w);
  EXPECT_EQ(w[0].kind, "near_match");
  EXPECT_EQ(w[0].message, "J. Smith (panel_chair, person id E200) and J. Smith (overview_author, person id E100) "
                          "have the same name; their person ids say they are two people: " +
                              std::string(author_rule));
  // The id is in the event (and so in the audit chain), and replays.
  EXPECT_EQ(*std::get_if<std::string>(&r.history().back().data.at("person_id")), "E200");
  const auto again = scr::review::from_events(pack("stockport-2010-imr"), ew(), r.history());
  EXPECT_EQ(again.assignments(), r.assignments());
  EXPECT_EQ(again.warnings(), r.warnings());
}

TEST(review_people, person_ids_make_two_spellings_one_person) {
  auto r = imr();
  r.assign("Jane Smith", "overview_author", "Independent", london(2024, 3, 5), manager, {}, "E100");
  // Married since: the same id is the same person.
  EXPECT_REFUSED(scr::conflict_error, r,
                 chair(r, "Jane Jones", "e-100"),
                 "'Jane Jones' is the same person as 'Jane Smith' (person id E100), who already holds overview_author",
                 author_rule);
  chair(r, "Jane Jones", "E101");
  EXPECT_EQ(r.assignments().size(), 2u);
  EXPECT_TRUE(r.warnings().empty()) << listing(r.warnings());
}

TEST(review_people, a_person_id_on_one_side_only_leaves_the_names_to_decide) {
  auto r = with_author();
  EXPECT_REFUSED(scr::conflict_error, r,
                 chair(r, "J Smith", "E200"),
                 "'J Smith' is the same person as 'J. Smith', who already holds overview_author");
  EXPECT_REFUSED(scr::conflict_error, r, chair(r, "J. Smith", "E200"), "; J. Smith already holds overview_author");
  // Nor does an id alone reopen a role held under the name.
  EXPECT_REFUSED(scr::input_error, r,
                 r.assign("J. Smith", "overview_author", "Independent", london(2024, 3, 6), manager, {}, "E200"),
                 "J. Smith already holds role 'overview_author'");
}

TEST(review_people, the_actor_of_two_people_of_one_name_is_the_one_in_the_role) {
  auto r = imr();
  r.assign("A. Author", "imr_author", "Police", london(2024, 3, 5), manager, author_declarations(), "P1");
  r.assign("A. Author", "designated_senior_manager", "Police", london(2024, 3, 5, 11), manager, {}, "P2");
  to_quality_assurance(r);
  // Only P2 is the Designated Senior Manager, so the actor is P2.
  r.record("imr_quality_assured", london(2024, 4, 20), as("designated_senior_manager", "A. Author", "Police"));
  EXPECT_EQ(r.state(), "quality_assured");

  // With nobody of that name in the role, every A. Author counts.
  auto s = imr();
  s.assign("A. Author", "imr_author", "Police", london(2024, 3, 5), manager, author_declarations(), "P1");
  s.assign("A. Author", "panel_chair", "Independent", london(2024, 3, 5, 11), manager, {}, "P2");
  to_quality_assurance(s);
  EXPECT_REFUSED(scr::conflict_error, s,
                 s.record("imr_quality_assured", london(2024, 4, 20), as("designated_senior_manager", "a author")),
                 "'a author' is the same person as 'A. Author' (person id P1), who holds imr_author");
}

TEST(review_people, unassignment_picks_one_of_two_people_of_one_name_by_id) {
  auto r = imr();
  r.assign("A. Author", "imr_author", "Police", london(2024, 3, 5), manager, author_declarations(), "P1");
  r.assign("A. Author", "imr_author", "Health", london(2024, 3, 5, 11), manager, author_declarations(), "P2");
  EXPECT_REFUSED(scr::rule_error, r, r.unassign("A. Author", "imr_author", "mistake", london(2024, 3, 6), manager),
                 "A. Author could be any of the people who hold role 'imr_author'",
                 "'A. Author' (person id P1), 'A. Author' (person id P2)", "give the person id");
  EXPECT_REFUSED(scr::rule_error, r,
                 r.unassign("A. Author", "imr_author", "mistake", london(2024, 3, 6), manager, {}, "P3"),
                 "A. Author does not hold role 'imr_author'");
  r.unassign("a. author", "imr_author", "mistake", london(2024, 3, 6), manager, {}, "p2");
  ASSERT_EQ(r.assignments().size(), 1u);
  EXPECT_EQ(r.assignments()[0].person_id, "P1");
  EXPECT_EQ(r.history().back().agency, "Health");
  // The agency alone also tells them apart.
  r.assign("A. Author", "imr_author", "Health", london(2024, 3, 7), manager, author_declarations(), "P2");
  r.unassign("A. Author", "imr_author", "mistake", london(2024, 3, 8), manager, "Police");
  ASSERT_EQ(r.assignments().size(), 1u);
  EXPECT_EQ(r.assignments()[0].person_id, "P2");
}

TEST(review_people, a_bad_person_id_is_refused_naming_it) {
  auto r = imr();
  EXPECT_REFUSED(scr::data_error, r,
                 chair(r, "J. Smith", "--", london(2024, 3, 5)),
                 "the person id of 'J. Smith' is '--', which has no letter or digit");
  EXPECT_REFUSED(scr::data_error, r,
                 chair(r, "J. Smith", "E1\nE2", london(2024, 3, 5)),
                 "the person id of 'J. Smith' contains a control character");
  EXPECT_REFUSED(scr::data_error, r,
                 r.assign("J. Smith", "panel_chair", "Independent", london(2024, 3, 5), manager, {"person_id"}),
                 "'person_id' is not a declaration: it is the person id, given on its own");
  auto e = scr::assignment_event("J. Smith", "panel_chair", "Independent", london(2024, 3, 5), manager);
  e.data.emplace("person_id", std::int64_t{100});
  EXPECT_REFUSED(scr::data_error, r, r.apply(e), "the person id of 'J. Smith' is 100; expected text");
  try {
    r.apply(e);
  } catch (const scr::data_error& err) {
    EXPECT_EQ(err.field(), "person_id");
  }
  chair(r, "J. Smith", {}, london(2024, 3, 5));
  EXPECT_REFUSED(scr::data_error, r,
                 r.apply([&] {
                   scr::review_event x;
                   x.kind = scr::event_kind::unassigned;
                   x.name = "panel_chair";
                   x.subject = "J. Smith";
                   x.reason = "mistake";
                   x.at = london(2024, 3, 6);
                   x.by = manager;
                   x.data.emplace("note", std::string("hello"));
                   return x;
                 }()),
                 "an unassignment carries no data but the person id");
}

TEST(review_people, a_name_with_no_letter_is_compared_as_written) {
  auto r = with_author("?");
  chair(r, "!");
  EXPECT_REFUSED(scr::conflict_error, r, chair(r, "?"),
                 "? already holds overview_author");
}

namespace {

// A history recorded when names were compared as written: "j. smith" took the
// chair while J. Smith wrote the overview report, and "a. author" quality-
// assured A. Author's IMR. Replaying it (loading a stored review) must not
// fail: each conflict the comparison of people now finds is a warning, and
// anything new is checked in full.
std::vector<scr::review_event> legacy_history() {
  auto r = imr();
  r.assign("J. Smith", "overview_author", "Independent", london(2024, 3, 5), manager);
  r.assign("A. Author", "imr_author", "Police", london(2024, 3, 5, 11), manager, author_declarations());
  r.assign("D. Manager", "designated_senior_manager", "Police", london(2024, 3, 5, 12), manager);
  to_quality_assurance(r);
  std::vector<scr::review_event> events(r.history().begin(), r.history().end());
  events.push_back(scr::assignment_event("j. smith", "panel_chair", "Independent", london(2024, 4, 3), manager));
  events.push_back(scr::assignment_event("J Smith", "overview_author", "Independent", london(2024, 4, 4), manager));
  scr::review_event qa = r.history().back();
  qa.kind = scr::event_kind::recorded;
  qa.name = "imr_quality_assured";
  qa.at = london(2024, 4, 20);
  qa.by = as("designated_senior_manager", "a. author", "Police");
  qa.data = {};
  events.push_back(qa);
  return events;
}

TEST(review_people, a_history_recorded_under_other_spellings_still_replays_with_warnings) {
  const auto events = legacy_history();
  const auto r = scr::review::from_events(pack("stockport-2010-imr"), ew(), events);
  EXPECT_EQ(r.state(), "quality_assured");
  const auto found = of_kind(r.warnings(), "conflict");
  std::vector<std::string> recorded;
  for (const auto& w : found)
    if (w.message.rfind("recorded under another spelling of one person: ", 0) == 0) recorded.push_back(w.message);
  // The chair, the role taken twice, the same person in both roles again,
  // and the actor.
  ASSERT_EQ(recorded.size(), 4u) << listing(found);
  EXPECT_NE(recorded[0].find("j. smith took panel_chair: 'j. smith' is the same person as 'J. Smith', who already "
                             "holds overview_author"),
            std::string::npos)
      << recorded[0];
  EXPECT_NE(recorded[1].find("J Smith took role 'overview_author', already held as 'J. Smith'"), std::string::npos)
      << recorded[1];
  EXPECT_NE(recorded[2].find("J Smith took overview_author: 'J Smith' is the same person as 'J. Smith', who already "
                             "holds overview_author, and 'j. smith', who already holds panel_chair"),
            std::string::npos)
      << recorded[2];
  EXPECT_NE(recorded[3].find("a. author acted as 'designated_senior_manager': 'a. author' is the same person as "
                             "'A. Author', who holds imr_author"),
            std::string::npos)
      << recorded[3];
  // As of a date before them, they had not arisen.
  EXPECT_TRUE(of_kind(r.warnings(ymd(2024, 4, 2)), "conflict").empty()) << listing(r.warnings(ymd(2024, 4, 2)));
}

TEST(review_people, a_replayed_history_tolerates_nothing_new) {
  auto r = scr::review::from_events(pack("stockport-2010-imr"), ew(), legacy_history());
  // A new assignment under yet another spelling is refused as ever.
  EXPECT_REFUSED(scr::conflict_error, r,
                 r.assign("Author, A.", "designated_senior_manager", "Police", london(2024, 4, 21), manager),
                 "cannot assign Author, A. as 'designated_senior_manager'", countersign_rule);
  // A correction folds the history again: the recorded conflicts stay
  // warnings, and the correction itself is checked.
  const std::vector<std::uint64_t> last{r.history().size()};
  r.void_events(last, "quality assured by the wrong person", london(2024, 4, 22), manager);
  EXPECT_EQ(r.state(), "imr_in_preparation");
  EXPECT_EQ(of_kind(r.warnings(), "conflict").size(), 3u) << listing(r.warnings());
  // A late event that would be a conflict is refused even inside a refold.
  EXPECT_REFUSED(scr::conflict_error, r,
                 r.assign("A Author", "designated_senior_manager", "Police", london(2024, 4, 10), manager),
                 "cannot assign A Author as 'designated_senior_manager'", countersign_rule);
  // History recorded exactly as the rule forbids was never accepted, and is
  // still refused on replay.
  auto events = legacy_history();
  events.push_back(scr::assignment_event("J. Smith", "panel_chair", "Independent", london(2024, 4, 21), manager));
  EXPECT_THROW(scr::review::from_events(pack("stockport-2010-imr"), ew(), events), scr::conflict_error);
}

}  // namespace
