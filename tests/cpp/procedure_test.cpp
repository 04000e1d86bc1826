// The valid path: tests/data/procedures/example.yaml (the annotated example of
// docs/procedure-language.md) loaded and read back through the accessors,
// predicates, the YAML round trip, the diagrams and the built-in packs.

#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "scr/procedure.hpp"
#include "scr/timescale.hpp"
#include "procedure_support.hpp"
#include "test_support.hpp"

namespace {

std::string example_path() { return std::string(SCR_TEST_DATA_DIR) + "/procedures/example.yaml"; }

const scr::procedure& example() {
  static const scr::procedure p = scr::procedure::load(example_path());
  return p;
}

std::string example_text() {
  std::ifstream in(example_path(), std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

/// `text` with its one occurrence of `from` replaced by `to`.
std::string replaced(std::string text, std::string_view from, std::string_view to) {
  const auto at = text.find(from);
  EXPECT_NE(at, std::string::npos) << "no '" << from << "' to replace";
  EXPECT_EQ(text.find(from, at + 1), std::string::npos) << "'" << from << "' occurs more than once";
  if (at != std::string::npos) text.replace(at, from.size(), to);
  return text;
}

using names = std::vector<std::string>;

std::string ts(const std::optional<scr::timescale>& t) { return t ? t->to_string() : std::string("(none)"); }

// Whether `text` has `part` in it (procedure_support.hpp's contains() looks in a list).
bool contains(std::string_view text, std::string_view part) { return text.find(part) != std::string_view::npos; }

}  // namespace

// ---- the procedure section, roles and conflicts ----------------------------------------

TEST(procedure, example_header) {
  const auto& p = example();
  EXPECT_EQ(p.id(), "example-board-scr");
  EXPECT_EQ(p.title(), "Example LSCB Serious Case Review");
  EXPECT_EQ(p.version(), 3);
  EXPECT_EQ(p.effective_from(), ymd(2011, 2, 1));
  EXPECT_EQ(p.calendar_name(), "england-and-wales");
  EXPECT_EQ(p.review_type(), "scr");
  EXPECT_EQ(p.opened_by(), "referral_received");
  EXPECT_EQ(p.decision_milestone(), "decision");
  EXPECT_EQ(p.completion_milestone(), "completion");
  ASSERT_TRUE(p.stated_retention().has_value());
  EXPECT_EQ(p.retention().to_string(), "7 years");
  EXPECT_EQ(p.file(), example_path());
  ASSERT_EQ(p.sources().size(), 3u);
  EXPECT_EQ(p.sources()[0].key, "000");
  EXPECT_EQ(p.sources()[1].key, "001");
  EXPECT_EQ(p.sources()[1].title, "Solihull LSCB, Serious Case Reviews Practice Guidance, Feb 2011");
  EXPECT_EQ(p.sources()[2].key, "003");
  ASSERT_EQ(p.choices().size(), 1u);
  EXPECT_EQ(p.choices()[0].id, "completion_anchor");
  EXPECT_EQ(p.correctors(), (std::vector<std::string>{"administrator"}));
}

TEST(procedure, example_loads_without_warnings) {
  EXPECT_TRUE(example().warnings().empty());
  const scr::check_result checked = scr::procedure::check(example_text(), "example.yaml");
  EXPECT_TRUE(checked.ok());
  EXPECT_TRUE(checked.diagnostics.empty());
}

TEST(procedure, roles) {
  const auto& p = example();
  EXPECT_EQ(ids_of(p.roles()), (names{"lscb_chair", "panel_chair", "overview_author", "administrator",
                                      "imr_author", "agency_senior_officer"}));
  ASSERT_NE(p.find_role("lscb_chair"), nullptr);
  EXPECT_EQ(p.find_role("lscb_chair")->title, "LSCB Chair");
  EXPECT_EQ(p.find_role("lscb_chair")->cite, (names{"001:132"}));
  EXPECT_EQ(p.find_role("panel_chair")->title, "Independent Chair of the SCR Panel");
  EXPECT_TRUE(p.find_role("panel_chair")->cite.empty());
  EXPECT_EQ(p.find_role("chair"), nullptr);
  // Positions are kept for messages: the first role is on line 30, column 5.
  EXPECT_EQ(p.find_role("lscb_chair")->at, (scr::position{30, 5}));
}

TEST(procedure, conflicts) {
  const auto& c = example().conflicts();
  ASSERT_EQ(c.size(), 3u);
  EXPECT_EQ(c[0].kind, scr::conflict_kind::same_person);
  EXPECT_EQ(c[0].roles, (names{"overview_author", "panel_chair"}));
  EXPECT_EQ(c[0].level, scr::strength::must);
  EXPECT_EQ(c[0].rule, "The overview author may not chair the SCR panel");
  EXPECT_EQ(c[0].cite, (names{"001:307"}));
  EXPECT_TRUE(c[0].declaration.empty());
  EXPECT_EQ(c[1].kind, scr::conflict_kind::involved_agency);
  EXPECT_EQ(c[1].roles, (names{"panel_chair"}));
  EXPECT_EQ(c[2].kind, scr::conflict_kind::declared);
  EXPECT_EQ(c[2].roles, (names{"imr_author"}));
  EXPECT_EQ(c[2].declaration, "line_manager_of_staff_involved");
  EXPECT_EQ(c[2].cite, (names{"001:436"}));
}

// ---- states, events, transitions ----------------------------------------------------

TEST(procedure, states_and_kinds) {
  const auto& p = example();
  EXPECT_EQ(ids_of(p.states), (names{"referred", "considering", "deferred", "in_review", "not_held", "completed"}));
  const std::map<std::string, scr::state_kind> kinds{
      {"referred", scr::state_kind::initial},  {"considering", scr::state_kind::active},
      {"deferred", scr::state_kind::waiting},  {"in_review", scr::state_kind::active},
      {"not_held", scr::state_kind::terminal}, {"completed", scr::state_kind::terminal}};
  for (const auto& [id, kind] : kinds) {
    ASSERT_NE(p.find_state(id), nullptr) << id;
    EXPECT_EQ(p.find_state(id)->kind, kind) << id;
  }
  ASSERT_NE(p.initial_state(), nullptr);
  EXPECT_EQ(p.initial_state()->id, "referred");
  EXPECT_EQ(p.find_state("deferred")->title, "Decision deferred to a fixed date");
  EXPECT_EQ(p.find_state("nowhere"), nullptr);
  EXPECT_EQ(scr::to_string(scr::state_kind::waiting), "waiting");
}

TEST(procedure, events_and_their_data) {
  const auto& p = example();
  names events;
  for (const auto& e : p.events) events.push_back(e.name);
  EXPECT_EQ(events, (names{"referral_received", "panel_convened", "decide", "reconsider", "commission_agency",
                           "imrs_circulated", "imrs_presented", "complete"}));
  const scr::event_spec* decide = p.find_event("decide");
  ASSERT_NE(decide, nullptr);
  EXPECT_EQ(decide->title, "LSCB Chair's decision");
  ASSERT_EQ(decide->data.size(), 2u);
  const scr::field_spec* outcome = decide->find_field("outcome");
  ASSERT_NE(outcome, nullptr);
  EXPECT_EQ(outcome->type, scr::field_type::choice);
  EXPECT_EQ(outcome->values, (names{"scr", "alternative_review", "no_review", "deferred"}));
  EXPECT_TRUE(outcome->required);
  EXPECT_FALSE(outcome->required_when.has_value());
  const scr::field_spec* reconsider_on = decide->find_field("reconsider_on");
  ASSERT_NE(reconsider_on, nullptr);
  EXPECT_EQ(reconsider_on->type, scr::field_type::local_date);
  EXPECT_FALSE(reconsider_on->required);
  ASSERT_TRUE(reconsider_on->required_when.has_value());
  EXPECT_EQ(reconsider_on->required_when->text(), "outcome == deferred");
  EXPECT_EQ(decide->find_field("reason"), nullptr);

  const scr::field_spec* agency = p.find_event("commission_agency")->find_field("agency");
  ASSERT_NE(agency, nullptr);
  EXPECT_EQ(agency->type, scr::field_type::agency);
  EXPECT_TRUE(agency->required);
  EXPECT_TRUE(p.find_event("complete")->data.empty());
  EXPECT_EQ(p.find_event("nothing"), nullptr);
}

TEST(procedure, transition_rows) {
  const auto& t = example().transitions;
  ASSERT_EQ(t.size(), 9u);

  EXPECT_EQ(t[0].event, "panel_convened");
  EXPECT_EQ(t[0].id, "panel_convened");  // defaults to the event
  EXPECT_EQ(t[0].from, (names{"referred"}));
  EXPECT_FALSE(t[0].from_any);
  EXPECT_EQ(t[0].to, std::optional<std::string>("considering"));
  EXPECT_EQ(t[0].roles, (names{"lscb_chair"}));
  EXPECT_FALSE(t[0].when.has_value());

  EXPECT_EQ(t[1].event, "decide");
  EXPECT_EQ(t[1].from, (names{"referred", "considering"}));
  EXPECT_EQ(t[1].to, std::optional<std::string>("in_review"));
  ASSERT_TRUE(t[1].when.has_value());
  EXPECT_EQ(t[1].when->text(), "outcome == scr");
  EXPECT_EQ(t[1].branch, "scr");
  EXPECT_EQ(t[1].cite, (names{"001:155"}));

  ASSERT_TRUE(t[2].when.has_value());
  EXPECT_EQ(t[2].when->text(), "outcome in [alternative_review, no_review]");
  EXPECT_EQ(t[2].when->values_of("outcome"), (names{"alternative_review", "no_review"}));
  EXPECT_EQ(t[2].to, std::optional<std::string>("not_held"));
  EXPECT_EQ(t[2].branch, "no_scr");

  EXPECT_EQ(t[3].when->text(), "outcome == deferred");
  EXPECT_TRUE(t[3].branch.empty());
  EXPECT_EQ(t[3].cite, (names{"003:111"}));

  // No `to`: the review stays where it is.
  EXPECT_EQ(t[5].event, "commission_agency");
  EXPECT_FALSE(t[5].to.has_value());

  EXPECT_EQ(t[8].event, "complete");
  EXPECT_EQ(t[8].to, std::optional<std::string>("completed"));
  const std::vector<scr::prerequisite> requires_{
      {scr::prerequisite_kind::milestone, "decision", ""},
      {scr::prerequisite_kind::obligation, "tell_ofsted_decision", ""},
      {scr::prerequisite_kind::every_agency, "imr_submitted", "imr"}};
  EXPECT_EQ(t[8].requires_, requires_);
}

TEST(procedure, transitions_from_returns_the_branching_rows) {
  const auto& p = example();
  const auto rows = p.transitions_from("considering", "decide");
  ASSERT_EQ(rows.size(), 3u);
  names to;
  for (const scr::transition* t : rows) {
    ASSERT_TRUE(t->to.has_value());
    to.push_back(*t->to);
    EXPECT_TRUE(t->when.has_value()) << "every branching row has a condition";
  }
  EXPECT_EQ(to, (names{"in_review", "not_held", "deferred"}));
  EXPECT_EQ(p.transitions_from("referred", "decide").size(), 3u);
  EXPECT_TRUE(p.transitions_from("deferred", "decide").empty());
  EXPECT_TRUE(p.transitions_from("considering", "complete").empty());
  ASSERT_EQ(p.transitions_from("deferred", "reconsider").size(), 1u);
  EXPECT_EQ(p.transitions_from("deferred", "reconsider")[0]->to, std::optional<std::string>("considering"));
}

TEST(procedure, from_star_means_every_non_terminal_state) {
  const std::string yaml = replaced(example_text(), "{event: imrs_circulated, from: in_review,",
                                    "{event: imrs_circulated, from: \"*\",");
  const scr::procedure p = scr::procedure::parse(yaml, "star.yaml");
  const auto it = std::find_if(p.transitions.begin(), p.transitions.end(),
                               [](const scr::transition& t) { return t.event == "imrs_circulated"; });
  ASSERT_NE(it, p.transitions.end());
  EXPECT_TRUE(it->from_any);
  EXPECT_EQ(it->from, (names{"referred", "considering", "deferred", "in_review"}));
}

// ---- milestones, chains, obligations, tracks ------------------------------------------

TEST(procedure, milestone_anchors_and_offsets) {
  const auto& p = example();
  const auto& decision = milestone(p, "decision");
  EXPECT_EQ(decision.title, "Decision whether to hold an SCR");
  EXPECT_EQ(decision.owner, "lscb_chair");
  EXPECT_EQ(decision.from.kind, scr::anchor_kind::event);
  EXPECT_EQ(decision.from.ref, "referral_received");
  EXPECT_EQ(decision.from.which, scr::occurrence::first);
  EXPECT_EQ(ts(decision.offset), "1 month");
  EXPECT_EQ(decision.dir, scr::direction::after);
  EXPECT_EQ(decision.kind, scr::milestone_kind::statutory);
  EXPECT_EQ(decision.level, scr::strength::must);
  EXPECT_EQ(ts(decision.warning), "5 working days");
  EXPECT_EQ(decision.completed_by, (names{"decide"}));
  // A deferral is not the decision.
  ASSERT_TRUE(decision.completed_when.has_value());
  EXPECT_EQ(decision.completed_when->text(), "outcome != deferred");
  EXPECT_FALSE(decision.completed_when->holds({{"outcome", std::string("deferred")}}));
  EXPECT_TRUE(decision.completed_when->holds({{"outcome", std::string("scr")}}));
  EXPECT_EQ(decision.hold, scr::hold_policy::continue_);
  EXPECT_EQ(decision.cite, (names{"001:851"}));
  EXPECT_TRUE(decision.chain.empty());

  const auto& completion = milestone(p, "completion");
  EXPECT_EQ(completion.from.kind, scr::anchor_kind::milestone);
  EXPECT_EQ(completion.from.ref, "decision");
  EXPECT_EQ(ts(completion.offset), "6 months");
  EXPECT_FALSE(completion.completed_when.has_value());
  EXPECT_EQ(completion.branches, (names{"scr"}));
  EXPECT_EQ(completion.extendable_by, (names{"lscb_chair"}));
  EXPECT_FALSE(completion.warning.has_value());

  const auto& reconsideration = milestone(p, "reconsideration");
  EXPECT_EQ(reconsideration.from.kind, scr::anchor_kind::event_field);
  EXPECT_EQ(reconsideration.from.ref, "decide");
  EXPECT_EQ(reconsideration.from.field, "reconsider_on");
  EXPECT_FALSE(reconsideration.offset.has_value());
  EXPECT_EQ(reconsideration.kind, scr::milestone_kind::local);

  const auto& meeting = milestone(p, "presentation_meeting");
  EXPECT_EQ(meeting.from.kind, scr::anchor_kind::scheduled);
  EXPECT_EQ(meeting.kind, scr::milestone_kind::scheduled);
  EXPECT_FALSE(meeting.offset.has_value());

  // "2 weeks before the presentation meeting"
  const auto& circulation = milestone(p, "imr_circulation");
  EXPECT_EQ(circulation.from.kind, scr::anchor_kind::milestone);
  EXPECT_EQ(circulation.from.ref, "presentation_meeting");
  EXPECT_EQ(ts(circulation.offset), "2 weeks");
  EXPECT_EQ(circulation.dir, scr::direction::before);
  EXPECT_EQ(circulation.owner, "administrator");
}

TEST(procedure, chain_steps_run_from_the_previous_step) {
  const auto& p = example();
  const scr::chain* c = p.find_chain("notification_chain");
  ASSERT_NE(c, nullptr);
  EXPECT_EQ(c->title, "From referral to the first letter");
  EXPECT_EQ(c->from.kind, scr::anchor_kind::event);
  EXPECT_EQ(c->from.ref, "referral_received");
  EXPECT_EQ(c->steps, (names{"letter_to_agencies", "agency_checks"}));

  // Steps are milestones, after the plain milestones, in chain order.
  EXPECT_EQ(ids_of(p.milestones), (names{"decision", "completion", "reconsideration", "presentation_meeting",
                                         "imr_circulation", "letter_to_agencies", "agency_checks"}));
  const auto& first = milestone(p, "letter_to_agencies");
  EXPECT_EQ(first.chain, "notification_chain");
  EXPECT_EQ(first.from.kind, scr::anchor_kind::event);  // the chain's anchor
  EXPECT_EQ(first.from.ref, "referral_received");
  EXPECT_EQ(ts(first.offset), "1 working day");
  EXPECT_EQ(first.completed_by, (names{"panel_convened"}));
  EXPECT_EQ(first.cite, (names{"001:348"}));

  const auto& second = milestone(p, "agency_checks");
  EXPECT_EQ(second.chain, "notification_chain");
  EXPECT_EQ(second.from.kind, scr::anchor_kind::milestone);  // the previous step
  EXPECT_EQ(second.from.ref, "letter_to_agencies");
  EXPECT_EQ(ts(second.offset), "3 working days");
  EXPECT_EQ(second.completed_by, (names{"decide"}));
  EXPECT_EQ(p.find_chain("letter_to_agencies"), nullptr);
}

TEST(procedure, obligation_triggers) {
  const auto& p = example();
  EXPECT_EQ(ids_of(p.obligations),
            (names{"tell_ofsted_decision", "tell_ofsted_extension", "monthly_update", "secure_records",
                   "retain_papers"}));

  const auto& decision = obligation(p, "tell_ofsted_decision");
  EXPECT_EQ(decision.owner, "administrator");
  EXPECT_EQ(decision.recipients, (names{"Ofsted", "DfE"}));
  EXPECT_EQ(decision.on.kind, scr::trigger_kind::event);
  EXPECT_EQ(decision.on.ref, "decide");
  ASSERT_TRUE(decision.on.when.has_value());
  EXPECT_EQ(decision.on.when->text(), "outcome == scr");
  EXPECT_EQ(ts(decision.within), "1 working day");
  EXPECT_FALSE(decision.repeat.has_value());
  EXPECT_TRUE(decision.until.empty());
  EXPECT_EQ(decision.cite, (names{"001:189"}));
  EXPECT_FALSE(decision.after_closure.has_value());  // it ends with the review

  // Raised by the event that closes the review, it goes on 7 years after.
  const auto& papers = obligation(p, "retain_papers");
  EXPECT_EQ(papers.on.ref, "complete");
  EXPECT_EQ(ts(papers.within), "7 years");
  EXPECT_EQ(ts(papers.after_closure), "7 years");

  // A milestone trigger, discharged by an event.
  const auto& records = obligation(p, "secure_records");
  EXPECT_EQ(records.on.kind, scr::trigger_kind::milestone_met);
  EXPECT_EQ(records.on.ref, "letter_to_agencies");
  EXPECT_EQ(records.discharged_by, "decide");

  const auto& extension = obligation(p, "tell_ofsted_extension");
  EXPECT_EQ(extension.on.kind, scr::trigger_kind::extension);
  EXPECT_EQ(extension.on.ref, "completion");
  EXPECT_FALSE(extension.on.when.has_value());
  EXPECT_EQ(ts(extension.within), "5 working days");
  EXPECT_EQ(extension.level, scr::strength::must);

  const auto& update = obligation(p, "monthly_update");
  EXPECT_EQ(update.on.kind, scr::trigger_kind::event);
  EXPECT_EQ(ts(update.within), "1 month");
  EXPECT_EQ(ts(update.repeat), "1 month");
  EXPECT_EQ(update.until, "complete");
  EXPECT_EQ(update.recipients, (names{"LSCB Chair"}));
  EXPECT_EQ(update.kind, scr::milestone_kind::local);
  EXPECT_EQ(p.find_obligation("decision"), nullptr);  // a milestone, not an obligation
}

TEST(procedure, track_instantiation) {
  const auto& p = example();
  ASSERT_EQ(p.tracks().size(), 1u);
  const scr::track* imr = p.find_track("imr");
  ASSERT_NE(imr, nullptr);
  EXPECT_EQ(p.find_track("imrs"), nullptr);
  EXPECT_EQ(imr->title, "Agency chronology and IMR");
  EXPECT_EQ(imr->instantiated_by, "commission_agency");
  EXPECT_EQ(imr->agency_field, "agency");
  EXPECT_EQ(ids_of(imr->states), (names{"drafting", "signed_off", "submitted", "accepted"}));
  ASSERT_NE(imr->initial_state(), nullptr);
  EXPECT_EQ(imr->initial_state()->id, "drafting");
  EXPECT_EQ(imr->find_state("accepted")->kind, scr::state_kind::terminal);
  EXPECT_EQ(imr->events.size(), 6u);
  EXPECT_EQ(imr->transitions.size(), 6u);
  // The track's states are its own, not the review's.
  EXPECT_EQ(p.find_state("drafting"), nullptr);
  EXPECT_EQ(imr->find_state("in_review"), nullptr);

  const auto submitted = imr->transitions_from("signed_off", "imr_submitted");
  ASSERT_EQ(submitted.size(), 1u);
  EXPECT_EQ(submitted[0]->to, std::optional<std::string>("submitted"));
  EXPECT_EQ(submitted[0]->requires_,
            (std::vector<scr::prerequisite>{{scr::prerequisite_kind::milestone, "chronology", ""}}));
  // chronology_submitted stays in `drafting`.
  ASSERT_EQ(imr->transitions_from("drafting", "chronology_submitted").size(), 1u);
  EXPECT_FALSE(imr->transitions_from("drafting", "chronology_submitted")[0]->to.has_value());

  // A track milestone may anchor on a review-level event ...
  const auto& chronology = milestone(*imr, "chronology");
  EXPECT_EQ(chronology.from.kind, scr::anchor_kind::event);
  EXPECT_EQ(chronology.from.ref, "commission_agency");
  EXPECT_EQ(ts(chronology.offset), "4 weeks");
  EXPECT_EQ(chronology.cite, (names{"000:109"}));
  // ... or on its own milestones.
  const auto& report = milestone(*imr, "imr_submitted");
  EXPECT_EQ(report.from.kind, scr::anchor_kind::milestone);
  EXPECT_EQ(report.from.ref, "chronology");
  EXPECT_EQ(report.completed_by, (names{"imr_submitted"}));
  EXPECT_EQ(p.find_milestone("chronology"), nullptr);
}

// ---- dependency order -------------------------------------------------------------

TEST(procedure, milestones_in_dependency_order) {
  const auto& p = example();
  const auto order = p.milestones_in_dependency_order();
  // Every milestone (chain steps and track milestones too), once each.
  std::map<const scr::milestone*, std::size_t> at;
  std::map<const scr::milestone*, const scr::machine*> owner;
  for (const auto& m : p.milestones) owner[&m] = &p;
  for (const auto& t : p.tracks())
    for (const auto& m : t.milestones) owner[&m] = &t;
  ASSERT_EQ(order.size(), owner.size());
  for (std::size_t i = 0; i < order.size(); ++i) {
    ASSERT_TRUE(owner.count(order[i])) << "not a milestone of the procedure";
    EXPECT_TRUE(at.emplace(order[i], i).second) << order[i]->id << " listed twice";
  }
  // Each after the milestone it is anchored on (its own machine's first).
  int anchored = 0;
  for (const auto* m : order) {
    if (m->from.kind != scr::anchor_kind::milestone) continue;
    const scr::milestone* dep = owner[m]->find_milestone(m->from.ref);
    if (dep == nullptr) dep = p.find_milestone(m->from.ref);
    ASSERT_NE(dep, nullptr) << m->id;
    EXPECT_LT(at[dep], at[m]) << m->id << " comes before " << dep->id;
    ++anchored;
  }
  EXPECT_EQ(anchored, 4);  // completion, imr_circulation, agency_checks, imr.imr_submitted
}

TEST(procedure, milestones_in_dependency_order_when_written_backwards) {
  const std::string yaml = R"yaml(procedure:
  id: backwards
  title: Milestones written last first
  version: 1
  effective_from: 2020-01-01
  opened_by: opened
  sources:
    "001": Practice guidance
roles:
  - {id: chair, title: Chair}
states:
  - {id: open, kind: initial}
  - {id: closed, kind: terminal}
events:
  opened: {title: Review opened}
  finish: {title: Review finished}
transitions:
  - {event: finish, from: open, to: closed, roles: [chair]}
milestones:
  - {id: third, title: Third, owner: chair, anchor: {milestone: second}, within: 1 week,
     completed_by: finish, cite: "001:3"}
  - {id: second, title: Second, owner: chair, anchor: {milestone: first}, within: 1 week,
     completed_by: finish, cite: "001:2"}
  - {id: first, title: First, owner: chair, anchor: {event: opened}, within: 1 week,
     completed_by: finish, cite: "001:1"}
)yaml";
  const scr::procedure p = scr::procedure::parse(yaml, "backwards.yaml");
  EXPECT_EQ(ids_of(p.milestones), (names{"third", "second", "first"}));
  names order;
  for (const auto* m : p.milestones_in_dependency_order()) order.push_back(m->id);
  EXPECT_EQ(order, (names{"first", "second", "third"}));
}

// ---- loading errors ------------------------------------------------------------------

TEST(procedure, load_of_a_missing_file_is_an_input_error) {
  const std::string path = std::string(SCR_TEST_DATA_DIR) + "/procedures/no-such-file.yaml";
  EXPECT_ERROR(scr::input_error, scr::procedure::load(path), "no-such-file.yaml");
}

TEST(procedure, load_names_the_file_in_diagnostics) {
  // The same text loaded under another name gives positions in that name.
  const std::string text = example_text();
  const std::string bad = "within: 6 months";
  const std::size_t at = text.find(bad);
  ASSERT_NE(at, std::string::npos);
  // Where the timescale is, counted here from the text itself.
  const std::size_t line_start = text.rfind('\n', at) + 1;
  const int line = static_cast<int>(std::count(text.begin(), text.begin() + static_cast<std::ptrdiff_t>(at), '\n')) + 1;
  const int column = static_cast<int>(at - line_start + std::string_view("within: ").size()) + 1;
  const std::string yaml = replaced(text, bad, "within: 6 monthz");
  try {
    (void)scr::procedure::parse(yaml, "boards/example.yaml");
    FAIL() << "a bad timescale was accepted";
  } catch (const scr::definition_error& e) {
    ASSERT_EQ(e.diagnostics().size(), 1u) << e.what();
    EXPECT_EQ(e.diagnostics()[0].rule, "bad-timescale");
    EXPECT_EQ(e.diagnostics()[0].file, "boards/example.yaml");
    EXPECT_EQ(e.diagnostics()[0].line, line);
    EXPECT_EQ(e.diagnostics()[0].column, column);
    EXPECT_TRUE(contains(e.what(), "boards/example.yaml:" + std::to_string(line) + ":" + std::to_string(column) +
                                       ": error: 'within' of milestone 'completion'"))
        << e.what();
  }
}

// ---- the YAML round trip ---------------------------------------------------------------

TEST(procedure, to_yaml_round_trip) {
  const auto& p = example();
  const std::string yaml = p.to_yaml();
  EXPECT_TRUE(contains(yaml, "example-board-scr"));
  const scr::procedure again = scr::procedure::parse(yaml, "again.yaml");
  EXPECT_TRUE(again.same_definition(p)) << yaml;
  EXPECT_TRUE(p.same_definition(again));
  EXPECT_TRUE(again.warnings().empty());
  // And a second time: the output is stable.
  EXPECT_EQ(again.to_yaml(), yaml);
}

TEST(procedure, to_yaml_round_trip_of_every_field) {
  // The fields the example does not use: descriptions, choices, a calendar
  // name, `occurrence: latest`, instant fields, due_time, a "*" row with an
  // id, quoted choice values, obligations triggered by a milestone, chain
  // citations.
  const std::string yaml = R"yaml(procedure:
  id: full
  title: "Everything: once"
  version: 2
  effective_from: 2016-04-01
  opened_by: opened
  calendar: my-calendar
  review_type: lcspr
  description: "A paragraph: with a colon, and # a hash"
  sources:
    "001": Practice guidance
  choices:
    start_date: "We count from the referral: 001:177 is ambiguous"
roles:
  - {id: chair, title: Chair, description: Chairs the panel, cite: ["001:1", "001:2"]}
  - {id: clerk, title: Clerk}
conflicts:
  - {kind: same_person, roles: [chair, clerk], severity: should, rule: "Not both: ever"}
states:
  - {id: open, kind: initial, title: Open, description: Just opened, cite: "001:3"}
  - {id: paused, kind: waiting}
  - {id: closed, kind: terminal}
events:
  opened: {title: Opened, description: The referral}
  pause: {}
  finish:
    title: Finished
    cite: "001:4"
    data:
      outcome: {type: choice, values: [done, "not done"], required: true, title: Outcome}
      when_at: {type: instant}
      note: {type: text, required_when: "outcome == 'not done'"}
      count: {type: integer}
      urgent: {type: boolean}
transitions:
  - {id: pause_it, event: pause, from: "*", to: paused, roles: [chair]}
  - {event: finish, from: [open, paused], to: closed, roles: [chair, clerk], when: "outcome in [done, 'not done'] and not urgent", branch: main, cite: ["001:5"]}
milestones:
  - {id: m1, title: "M1: first", description: d, owner: chair, anchor: {event: pause, occurrence: latest}, within: 72 hours,
     kind: statutory, strength: should, warning: 1 day, due_time: "17:00", completed_by: [finish, pause], hold: pause-keep-end,
     branches: [main], extendable_by: [chair, clerk], cite: "001:6"}
  - {id: m2, title: M2, owner: chair, anchor: {event: finish, field: when_at}, completed_by: finish,
     completed_when: "not urgent and count != 0", cite: "001:7"}
chains:
  - id: c
    title: C
    anchor: {milestone: m1}
    cite: "001:8"
    steps:
      - {id: s1, title: S1, owner: clerk, within: 2 days, completed_by: finish, cite: "001:9"}
obligations:
  - {id: o1, title: O1, description: od, owner: clerk, recipients: [Ofsted], trigger: {milestone: m1}, within: 1 day,
     discharged_by: finish, kind: statutory, strength: should, branches: [main], cite: "001:10"}
)yaml";
  const scr::procedure p = scr::procedure::parse(yaml, "full.yaml");
  const scr::procedure again = scr::procedure::parse(p.to_yaml(), "again.yaml");
  EXPECT_TRUE(again.same_definition(p)) << p.to_yaml();
  // Spot checks that the fields survived (same_definition compares them all).
  EXPECT_EQ(again.description(), "A paragraph: with a colon, and # a hash");
  EXPECT_EQ(again.calendar_name(), "my-calendar");
  ASSERT_EQ(again.choices().size(), 1u);
  EXPECT_EQ(again.choices()[0].id, "start_date");
  const auto& m1 = milestone(again, "m1");
  EXPECT_EQ(m1.from.which, scr::occurrence::latest);
  ASSERT_TRUE(m1.due_time.has_value());
  EXPECT_EQ(m1.due_time->to_string(), "17:00");
  EXPECT_EQ(m1.hold, scr::hold_policy::pause_keep_end);
  EXPECT_EQ(m1.level, scr::strength::should);
  EXPECT_EQ(milestone(again, "m2").from.kind, scr::anchor_kind::event_field);
  ASSERT_TRUE(milestone(again, "m2").completed_when.has_value());
  EXPECT_EQ(milestone(again, "m2").completed_when->text(), "not urgent and count != 0");
  EXPECT_EQ(again.transitions[0].id, "pause_it");
  EXPECT_TRUE(again.transitions[0].from_any);
  EXPECT_EQ(again.transitions[1].when->values_of("outcome"), (names{"done", "not done"}));
  EXPECT_EQ(obligation(again, "o1").on.kind, scr::trigger_kind::milestone_met);
  EXPECT_EQ(obligation(again, "o1").discharged_by, "finish");
  EXPECT_EQ(again.find_chain("c")->cite, (names{"001:8"}));
  EXPECT_EQ(again.find_event("finish")->find_field("note")->required_when->text(), "outcome == \"not done\"");
}

TEST(procedure, same_definition_ignores_positions_and_the_file_name) {
  const scr::procedure shifted =
      scr::procedure::parse("# two lines\n# of comment first\n" + example_text(), "elsewhere.yaml");
  EXPECT_NE(shifted.find_role("lscb_chair")->at, example().find_role("lscb_chair")->at);
  EXPECT_TRUE(shifted.same_definition(example()));
}

TEST(procedure, changed_timescale_is_a_different_definition) {
  const std::string yaml = replaced(example().to_yaml(), "within: 6 months", "within: 5 months");
  const scr::procedure changed = scr::procedure::parse(yaml, "changed.yaml");
  EXPECT_EQ(ts(changed.find_milestone("completion")->offset), "5 months");
  EXPECT_FALSE(changed.same_definition(example()));
  EXPECT_FALSE(example().same_definition(changed));
}

TEST(procedure, changed_condition_is_a_different_definition) {
  const std::string yaml = replaced(example_text(), "when: outcome == deferred, roles", "when: outcome != scr, roles");
  const scr::procedure changed = scr::procedure::parse(yaml, "changed.yaml");
  EXPECT_FALSE(changed.same_definition(example()));
}

TEST(procedure, builtin_packs_round_trip) {
  for (const auto& id : scr::procedure::builtin_ids()) {
    SCOPED_TRACE(id);
    const scr::procedure p = scr::procedure::builtin(id);
    EXPECT_TRUE(scr::procedure::parse(p.to_yaml(), id + ".yaml").same_definition(p));
  }
}

// ---- diagrams -----------------------------------------------------------------------

TEST(procedure, to_dot_has_every_state_and_the_milestone_rules) {
  const auto& p = example();
  const std::string dot = p.to_dot();
  EXPECT_TRUE(contains(dot, "digraph \"example-board-scr\" {")) << dot;
  EXPECT_EQ(dot.back(), '\n');
  for (const auto& s : p.states) EXPECT_TRUE(contains(dot, "\"" + s.id + "\" [label=")) << s.id;
  for (const auto& s : p.find_track("imr")->states) EXPECT_TRUE(contains(dot, "\"imr." + s.id + "\"")) << s.id;
  // Transitions with their guards.
  EXPECT_TRUE(contains(dot, "\"considering\" -> \"in_review\" [label=\"decide [outcome == scr]")) << dot;
  // Every milestone with the rule that dates it.
  for (const std::string_view rule :
       {"1 month after referral_received", "6 months after decision", "on decide.reconsider_on",
        "date set by the panel", "2 weeks before presentation_meeting", "1 working day after referral_received",
        "3 working days after letter_to_agencies", "4 weeks after commission_agency", "4 weeks after chronology"}) {
    EXPECT_TRUE(contains(dot, rule)) << rule;
  }
  EXPECT_TRUE(contains(dot, "\"m:decision\" -> \"m:completion\"")) << dot;
  EXPECT_TRUE(contains(dot, "\"m:imr.chronology\" -> \"m:imr.imr_submitted\"")) << dot;
}

TEST(procedure, to_mermaid_has_every_state) {
  const auto& p = example();
  const std::string mermaid = p.to_mermaid();
  EXPECT_TRUE(contains(mermaid, "stateDiagram-v2\n")) << mermaid;
  for (const auto& s : p.states) EXPECT_TRUE(contains(mermaid, " as " + s.id + "\n")) << s.id;
  for (const auto& s : p.find_track("imr")->states) EXPECT_TRUE(contains(mermaid, " as imr_" + s.id + "\n")) << s.id;
  EXPECT_TRUE(contains(mermaid, "[*] --> referred\n")) << mermaid;
  EXPECT_TRUE(contains(mermaid, "completed --> [*]\n")) << mermaid;
  EXPECT_TRUE(contains(mermaid, "not_held --> [*]\n")) << mermaid;
  EXPECT_TRUE(contains(mermaid, "considering --> in_review : decide [outcome == scr]\n")) << mermaid;
}

TEST(procedure, to_mermaid_has_the_milestone_rules) {
  // Regression test for a defect found while writing these tests, since fixed;
  // before the fix: the header calls to_mermaid() "the same
  // diagram" as to_dot(), which shows the milestones with their anchors and
  // timescales; the Mermaid output has no milestone at all.
  const std::string mermaid = example().to_mermaid();
  std::string missing;
  for (const std::string_view rule :
       {"1 month after referral_received", "6 months after decision", "2 weeks before presentation_meeting"}) {
    if (!contains(mermaid, rule)) missing += " '" + std::string(rule) + "'";
  }
  EXPECT_TRUE(missing.empty()) << "missing:" << missing << "\n" << mermaid;
}

// ---- the built-in packs ---------------------------------------------------------------

TEST(procedure, builtin_ids_are_sorted_and_load) {
  const auto ids = scr::procedure::builtin_ids();
  EXPECT_TRUE(std::is_sorted(ids.begin(), ids.end()));
  EXPECT_EQ(std::set<std::string>(ids.begin(), ids.end()).size(), ids.size()) << "an id listed twice";
  for (const auto& id : ids) {
    SCOPED_TRACE(id);
    const scr::procedure p = scr::procedure::builtin(id);
    EXPECT_EQ(p.id(), id);
    EXPECT_FALSE(scr::procedure::builtin_source(id).empty());
    EXPECT_TRUE(scr::procedure::parse(scr::procedure::builtin_source(id), id).same_definition(p));
    // The cache hands out equal copies.
    EXPECT_TRUE(scr::procedure::builtin(id).same_definition(p));
  }
}

TEST(procedure, builtin_unknown_id_lists_the_known_ids) {
  try {
    (void)scr::procedure::builtin("no-such-pack");
    FAIL() << "an unknown pack was accepted";
  } catch (const scr::definition_error& e) {
    FAIL() << "a definition_error for an unknown id: " << e.what();
  } catch (const scr::input_error& e) {
    const std::string what = e.what();
    EXPECT_TRUE(contains(what, "'no-such-pack'")) << what;
    for (const auto& id : scr::procedure::builtin_ids()) EXPECT_TRUE(contains(what, id)) << what;
  }
  EXPECT_ERROR(scr::input_error, scr::procedure::builtin_source("Solihull"), "'Solihull'", "built in");
  EXPECT_ERROR(scr::input_error, scr::procedure::builtin(""), "''");
}

// ---- predicates ------------------------------------------------------------------------

TEST(predicate, in_list_and_not) {
  const auto p = scr::predicate::parse("outcome in [a, b] and not urgent");
  EXPECT_TRUE(p.holds({{"outcome", std::string("a")}, {"urgent", false}}));
  EXPECT_TRUE(p.holds({{"outcome", std::string("b")}}));  // missing: not true
  EXPECT_FALSE(p.holds({{"outcome", std::string("a")}, {"urgent", true}}));
  EXPECT_FALSE(p.holds({{"outcome", std::string("c")}, {"urgent", false}}));
  EXPECT_FALSE(p.holds({}));
}

TEST(predicate, equals_and_not_equals) {
  const auto eq = scr::predicate::parse("outcome == deferred");
  const auto ne = scr::predicate::parse("outcome != deferred");
  const scr::event_data deferred{{"outcome", std::string("deferred")}};
  const scr::event_data scr_{{"outcome", std::string("scr")}};
  EXPECT_TRUE(eq.holds(deferred));
  EXPECT_FALSE(eq.holds(scr_));
  EXPECT_FALSE(ne.holds(deferred));
  EXPECT_TRUE(ne.holds(scr_));
  // A missing field equals no value.
  EXPECT_FALSE(eq.holds({}));
  EXPECT_TRUE(ne.holds({}));
  EXPECT_TRUE(ne.holds({{"outcome", std::monostate{}}}));
}

TEST(predicate, and_binds_tighter_than_or) {
  const auto p = scr::predicate::parse("a or b and c");
  // a or (b and c): true when a alone holds; (a or b) and c would not.
  EXPECT_TRUE(p.holds({{"a", true}, {"b", false}, {"c", false}}));
  EXPECT_FALSE(p.holds({{"a", false}, {"b", true}, {"c", false}}));
  const auto q = scr::predicate::parse("(a or b) and c");
  EXPECT_FALSE(q.holds({{"a", true}, {"b", false}, {"c", false}}));
  EXPECT_TRUE(q.holds({{"a", false}, {"b", true}, {"c", true}}));
}

TEST(predicate, typed_values) {
  EXPECT_TRUE(scr::predicate::parse("agencies == 3").holds({{"agencies", std::int64_t{3}}}));
  EXPECT_FALSE(scr::predicate::parse("agencies == 3").holds({{"agencies", std::int64_t{4}}}));
  EXPECT_TRUE(scr::predicate::parse("urgent == true").holds({{"urgent", true}}));
  EXPECT_TRUE(scr::predicate::parse("urgent == false").holds({{"urgent", false}}));
  EXPECT_TRUE(scr::predicate::parse("reconsider_on == 2024-05-24").holds({{"reconsider_on", ymd(2024, 5, 24)}}));
  EXPECT_FALSE(scr::predicate::parse("reconsider_on == 2024-05-24").holds({{"reconsider_on", ymd(2024, 5, 25)}}));
  // A bare field: a boolean's value, or whether any other value is present.
  EXPECT_TRUE(scr::predicate::parse("note").holds({{"note", std::string("text")}}));
  EXPECT_FALSE(scr::predicate::parse("urgent").holds({{"urgent", false}}));
  EXPECT_FALSE(scr::predicate::parse("note").holds({}));
  EXPECT_TRUE(scr::predicate::parse("title == 'two words'").holds({{"title", std::string("two words")}}));
}

TEST(predicate, canonical_text) {
  EXPECT_EQ(scr::predicate::parse("outcome in [a,b]   and   not urgent").text(), "outcome in [a, b] and not urgent");
  EXPECT_EQ(scr::predicate::parse("outcome==scr").text(), "outcome == scr");
  EXPECT_EQ(scr::predicate::parse("(a or b) and not c").text(), "(a or b) and not c");
  EXPECT_EQ(scr::predicate::parse("a or (b and c)").text(), "a or b and c");
  EXPECT_EQ(scr::predicate::parse("not (a and b)").text(), "not (a and b)");
  EXPECT_EQ(scr::predicate::parse("title == 'two words'").text(), "title == \"two words\"");
  // The canonical text parses to the same condition.
  for (const std::string_view text : {"outcome in [a,b] and not urgent", "(a or b) and not c",
                                      "title == 'two words'", "not (a or not b)"}) {
    const auto p = scr::predicate::parse(text);
    EXPECT_EQ(scr::predicate::parse(p.text()), p) << text;
    EXPECT_EQ(scr::predicate::parse(p.text()).text(), p.text()) << text;
  }
  EXPECT_EQ(scr::predicate::parse("a  ==  b"), scr::predicate::parse("a == b"));
  EXPECT_FALSE(scr::predicate::parse("a == b") == scr::predicate::parse("a == c"));
}

TEST(predicate, may_hold_with_fields_unknown) {
  const auto both = scr::predicate::parse("outcome == scr and urgent");
  EXPECT_TRUE(both.may_hold({{"outcome", std::string("scr")}}));  // urgent unknown
  EXPECT_FALSE(both.may_hold({{"outcome", std::string("no_review")}}));
  EXPECT_FALSE(both.may_hold({{"outcome", std::string("scr")}, {"urgent", false}}));
  const auto either = scr::predicate::parse("outcome == scr or urgent");
  EXPECT_TRUE(either.may_hold({{"outcome", std::string("no_review")}}));
  EXPECT_FALSE(either.may_hold({{"outcome", std::string("no_review")}, {"urgent", false}}));
  EXPECT_FALSE(scr::predicate::parse("not (outcome == scr)").may_hold({{"outcome", std::string("scr")}}));
  EXPECT_TRUE(scr::predicate::parse("not urgent").may_hold({}));
  // holds() is stricter: a missing field is not true.
  EXPECT_FALSE(both.holds({{"outcome", std::string("scr")}}));
}

TEST(predicate, fields_and_values) {
  const auto p = scr::predicate::parse("outcome in [a, b] or (urgent and outcome != c)");
  EXPECT_EQ(p.fields(), (names{"outcome", "urgent"}));
  EXPECT_EQ(p.values_of("outcome"), (names{"a", "b", "c"}));
  EXPECT_TRUE(p.values_of("urgent").empty());
  EXPECT_TRUE(p.values_of("other").empty());
}

TEST(predicate, syntax_errors_name_the_column) {
  EXPECT_ERROR(scr::input_error, scr::predicate::parse("outcome = scr"), "'outcome = scr'", "unexpected '='",
               "column 9");
  EXPECT_ERROR(scr::input_error, scr::predicate::parse("outcome =="), "expected a value", "column 11");
  EXPECT_ERROR(scr::input_error, scr::predicate::parse("outcome in [a, b"), "expected ']'", "column 17");
  EXPECT_ERROR(scr::input_error, scr::predicate::parse("outcome in a, b"), "expected '['", "column 12");
  EXPECT_ERROR(scr::input_error, scr::predicate::parse("(a and b"), "expected ')'", "column 9");
  EXPECT_ERROR(scr::input_error, scr::predicate::parse("a and"), "expected a field name", "column 6");
  EXPECT_ERROR(scr::input_error, scr::predicate::parse("title == 'open"), "unterminated", "column 15");
  EXPECT_ERROR(scr::input_error, scr::predicate::parse("   "), "empty", "column 4");
}

TEST(predicate, nesting_is_limited) {
  std::string deep;
  for (int i = 0; i < 100; ++i) deep += "not ";
  deep += "a";
  EXPECT_ERROR(scr::input_error, scr::predicate::parse(deep), "nested too deeply");
  std::string shallow;
  for (int i = 0; i < 10; ++i) shallow += "not ";
  EXPECT_TRUE(scr::predicate::parse(shallow + "a").holds({{"a", true}}));
}

// procedure.retention: stated, defaulted (001:650's seven years) and refused.
TEST(procedure, retention_stated_defaulted_or_refused) {
  std::string yaml = example_text();
  const auto at = yaml.find("  retention: 7 years");
  ASSERT_NE(at, std::string::npos);
  const auto eol = yaml.find('\n', at);
  std::string ten = yaml;
  ten.replace(at, eol - at, "  retention: 10 years");
  EXPECT_EQ(scr::procedure::parse(ten).retention().to_string(), "10 years");
  std::string none = yaml;
  none.erase(at, eol - at + 1);
  const auto p = scr::procedure::parse(none);
  EXPECT_FALSE(p.stated_retention().has_value());
  EXPECT_EQ(p.retention().to_string(), "7 years");
  EXPECT_FALSE(p.same_definition(scr::procedure::parse(ten)));
  std::string bad = yaml;
  bad.replace(at, eol - at, "  retention: forever");
  const auto checked = scr::procedure::check(bad);
  ASSERT_FALSE(checked.ok());
  EXPECT_EQ(checked.diagnostics[0].rule, "bad-timescale");
}

namespace {

// England 2023: the safeguarding partners set the publication date (the
// national Panel is a different body); the rule says so, and survives YAML.
TEST(procedure, a_scheduled_anchor_names_who_sets_the_date) {
  const auto p = scr::procedure::builtin("england-2023-lcspr");
  const auto* publication = p.find_milestone("publication");
  ASSERT_NE(publication, nullptr);
  EXPECT_EQ(publication->from.set_by, "the safeguarding partners");
  EXPECT_EQ(scr::rule_text(*publication), "date set by the safeguarding partners");
  const auto again = scr::procedure::parse(p.to_yaml(), "round-trip");
  EXPECT_TRUE(again.same_definition(p));
  EXPECT_EQ(scr::rule_text(*again.find_milestone("publication")), "date set by the safeguarding partners");
  // The SCR packs' panels still set theirs.
  const auto solihull = scr::procedure::builtin("solihull-2011-scr");
  EXPECT_EQ(scr::rule_text(*solihull.find_milestone("presentation_meeting")), "date set by the panel");
}

}  // namespace
