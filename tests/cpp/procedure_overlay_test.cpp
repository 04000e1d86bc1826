// Overlays (docs/procedure-language.md, "Overlays"): a partnership's
// procedure that `extends` a built-in pack or another file and lists only
// what it changes. The merged result is checked as any procedure is; errors
// in the overlay are at the overlay's lines, errors in what it kept of a base
// name the base and its line.
//
// The worked example is the pack's own choice rapid_review_anchor
// (england-2023-lcspr): the 15 working days of the rapid review counted from
// the local authority becoming aware, not from the Panel's notification.

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <string>
#include <string_view>
#include <vector>

#include "backend_support.hpp"
#include "review_support.hpp"
#include "scr/procedure.hpp"
#include "scr/report.hpp"
#include "scr/store.hpp"

namespace {

namespace fs = std::filesystem;

constexpr std::string_view awareness_overlay = R"yaml(extends: {id: england-2023-lcspr, version: 3}
procedure:
  id: northshire-lcspr
  version: 1
  title: Northshire Rapid Review and LCSPR
  choices:
    rapid_review_anchor: The 15 working days run from the day the local authority became aware.
milestones:
  - id: rapid_review
    anchor: {event: incident_identified, field: became_aware_on}
)yaml";

const scr::procedure& base() {
  static const scr::procedure p = scr::procedure::builtin("england-2023-lcspr");
  return p;
}

// Every diagnostic of a definition that fails to load.
std::vector<scr::diagnostic> errors_of(std::string_view text, std::string_view file = "overlay.yaml") {
  try {
    (void)scr::procedure::parse(text, file);
  } catch (const scr::definition_error& e) {
    return e.diagnostics();
  }
  ADD_FAILURE() << "the definition loaded";
  return {};
}

const scr::diagnostic* with_rule(const std::vector<scr::diagnostic>& ds, std::string_view rule) {
  const auto it = std::find_if(ds.begin(), ds.end(), [&](const scr::diagnostic& d) { return d.rule == rule; });
  return it == ds.end() ? nullptr : &*it;
}

// The line of the built-in pack's text where `needle` first appears (1-based).
int builtin_line_of(std::string_view needle) {
  const std::string_view text = scr::procedure::builtin_source("england-2023-lcspr");
  const auto at = text.find(needle);
  EXPECT_NE(at, std::string_view::npos) << needle;
  return 1 + static_cast<int>(std::count(text.begin(), text.begin() + static_cast<std::ptrdiff_t>(at), '\n'));
}

struct temp_dir {
  fs::path path;
  temp_dir() : path(fs::temp_directory_path() / ("scr-overlay-" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()) + "-" +
                                                 ::testing::UnitTest::GetInstance()->current_test_info()->name())) {
    fs::remove_all(path);
    fs::create_directories(path);
  }
  ~temp_dir() { fs::remove_all(path); }
  std::string write(const std::string& name, std::string_view text) const {
    std::ofstream(path / name, std::ios::binary) << text;
    return (path / name).string();
  }
};

}  // namespace

TEST(procedure_overlay, changes_only_what_it_lists) {
  const auto p = scr::procedure::parse(awareness_overlay, "northshire.yaml");
  EXPECT_EQ(p.id(), "northshire-lcspr");
  EXPECT_EQ(p.version(), 1);
  EXPECT_EQ(p.title(), "Northshire Rapid Review and LCSPR");
  EXPECT_TRUE(p.warnings().empty());

  const auto* rr = p.find_milestone("rapid_review");
  ASSERT_NE(rr, nullptr);
  EXPECT_EQ(rr->from.kind, scr::anchor_kind::event_field);
  EXPECT_EQ(rr->from.ref, "incident_identified");
  EXPECT_EQ(rr->from.field, "became_aware_on");
  // The rest of the milestone is the pack's: its timescale, owner, source.
  const auto* pack_rr = base().find_milestone("rapid_review");
  ASSERT_NE(pack_rr, nullptr);
  EXPECT_EQ(rr->offset, pack_rr->offset);
  EXPECT_EQ(rr->owner, pack_rr->owner);
  EXPECT_EQ(rr->cite, pack_rr->cite);
  EXPECT_EQ(rr->confidence, pack_rr->confidence);
  EXPECT_NE(rr->from, pack_rr->from);

  // Everything else is the pack's, to the line it was written on.
  ASSERT_EQ(p.milestones.size(), base().milestones.size());
  for (const auto& m : base().milestones) {
    if (m.id == "rapid_review") continue;
    const auto* same = p.find_milestone(m.id);
    ASSERT_NE(same, nullptr) << m.id;
    EXPECT_EQ(*same, m) << m.id;
  }
  EXPECT_EQ(p.obligations, base().obligations);
  EXPECT_EQ(p.states, base().states);
  EXPECT_EQ(p.events, base().events);
  EXPECT_EQ(p.transitions, base().transitions);
  EXPECT_EQ(p.roles(), base().roles());
  EXPECT_EQ(p.tracks(), base().tracks());

  // The choice it makes replaces the pack's text; the others stay.
  ASSERT_EQ(p.choices().size(), base().choices().size());
  for (std::size_t i = 0; i < p.choices().size(); ++i) {
    EXPECT_EQ(p.choices()[i].id, base().choices()[i].id);
    if (p.choices()[i].id == "rapid_review_anchor") {
      EXPECT_EQ(p.choices()[i].text, "The 15 working days run from the day the local authority became aware.");
    } else {
      EXPECT_EQ(p.choices()[i].text, base().choices()[i].text);
    }
  }
}

TEST(procedure_overlay, a_review_under_it_counts_the_rapid_review_from_awareness) {
  // Became aware Monday 3 June 2024, notified the Panel Friday 7 June (no bank
  // holiday in June 2024). From awareness: the 15th working day after 3 June
  // is Monday 24 June; from the notification (the pack): Friday 28 June.
  const auto overlay = std::make_shared<const scr::procedure>(scr::procedure::parse(awareness_overlay, "northshire.yaml"));
  const scr::actor la{"A. Officer", "local_authority", "Northshire Council"};
  auto db = test_store();
  for (const auto& [ref, p] : {std::pair{"Child N", overlay}, std::pair{"Child P", pack("england-2023-lcspr")}}) {
    db.open_review(*p, ref, london(2024, 6, 3), la, {{"became_aware_on", scr::make_date(2024, 6, 3)}});
    db.record(ref, "panel_notified", london(2024, 6, 7), la, {{"notified_on", scr::make_date(2024, 6, 7)}});
  }
  const auto due_of = [&](const char* ref) {
    for (const auto& e : scr::timetable_entries(db.load(ref), scr::make_date(2024, 6, 10)))
      if (e.id == "rapid_review") return e.due;
    return std::optional<scr::date>{};
  };
  EXPECT_EQ(due_of("Child N"), scr::make_date(2024, 6, 24));
  EXPECT_EQ(due_of("Child P"), scr::make_date(2024, 6, 28));
  // The store keeps the merged definition under the overlay's own id and
  // version: it loads again without the overlay file.
  const auto r = db.load("Child N");
  EXPECT_EQ(r.definition().id(), "northshire-lcspr");
  EXPECT_TRUE(r.definition().same_definition(*overlay));
}

TEST(procedure_overlay, an_error_in_the_overlay_is_at_its_line_and_column) {
  const auto ds = errors_of(R"yaml(extends: {id: england-2023-lcspr, version: 3}
procedure: {id: northshire-lcspr, version: 2}
milestones:
  - id: rapid_review
    within: 15 wroking days
)yaml");
  const auto* d = with_rule(ds, "bad-timescale");
  ASSERT_NE(d, nullptr);
  EXPECT_EQ(d->file, "overlay.yaml");
  EXPECT_EQ(d->line, 5);
  EXPECT_EQ(d->column, 13);
}

TEST(procedure_overlay, an_error_in_what_it_kept_names_the_base_and_its_line) {
  // Removing a state the pack's transitions still name: each of those is an
  // error at the pack's own line, in the file named builtin:ID.
  const auto ds = errors_of(R"yaml(extends: {id: england-2023-lcspr, version: 3}
procedure: {id: northshire-lcspr, version: 2}
remove:
  states: [reconsidering]
)yaml");
  ASSERT_FALSE(ds.empty());
  const int line = builtin_line_of("from: [rapid_review, reconsidering, lcspr_commissioning, lcspr_in_progress]");
  const auto it = std::find_if(ds.begin(), ds.end(), [&](const scr::diagnostic& d) {
    return d.rule == "unknown-state" && d.line == line;
  });
  ASSERT_NE(it, ds.end()) << ds.front().to_string();
  EXPECT_EQ(it->file, "builtin:england-2023-lcspr");
  EXPECT_EQ(it->column, 26);  // "reconsidering" in the list
  for (const auto& d : ds) EXPECT_EQ(d.file, "builtin:england-2023-lcspr") << d.to_string();
}

TEST(procedure_overlay, removing_what_is_not_there_is_refused_with_the_nearest_name) {
  const auto ds = errors_of(R"yaml(extends: {id: england-2023-lcspr, version: 3}
procedure: {id: northshire-lcspr, version: 2}
remove:
  events: [panel_notifed]
  milestones: [publicaton]
  transitions: [{event: panel_notified, from: nowhere}]
)yaml");
  std::vector<std::string> messages;
  for (const auto& d : ds)
    if (d.rule == "overlay-unknown") messages.push_back(std::to_string(d.line) + ": " + d.message);
  ASSERT_EQ(messages.size(), 3u) << (ds.empty() ? "" : ds.front().to_string());
  EXPECT_NE(messages[0].find("4: there is no event 'panel_notifed'"), std::string::npos) << messages[0];
  EXPECT_NE(messages[0].find("did you mean 'panel_notified'"), std::string::npos) << messages[0];
  EXPECT_NE(messages[1].find("5: there is no milestone 'publicaton'"), std::string::npos) << messages[1];
  EXPECT_NE(messages[1].find("did you mean 'publication'"), std::string::npos) << messages[1];
  EXPECT_NE(messages[2].find("6: no transition"), std::string::npos) << messages[2];
}

TEST(procedure_overlay, a_new_id_like_the_bases_is_added_with_a_warning) {
  const auto ds = errors_of(R"yaml(extends: {id: england-2023-lcspr, version: 3}
procedure: {id: northshire-lcspr, version: 2}
milestones:
  - id: rapid_reveiw
    within: 20 working days
)yaml");
  const auto* w = with_rule(ds, "overlay-new");
  ASSERT_NE(w, nullptr);
  EXPECT_EQ(w->level, scr::severity::warning);
  EXPECT_EQ(w->line, 4);
  EXPECT_NE(w->message.find("did you mean 'rapid_review'"), std::string::npos) << w->message;
  // And the new milestone is read as any other: it lacks what a milestone needs.
  const auto* missing = with_rule(ds, "missing-key");
  ASSERT_NE(missing, nullptr);
  EXPECT_EQ(missing->line, 4);
}

TEST(procedure_overlay, the_base_is_named_with_its_version_and_the_overlay_with_its_own) {
  const auto no_identity = errors_of(R"yaml(extends: {id: england-2023-lcspr, version: 3}
milestones:
  - {id: rapid_review, within: 10 working days}
)yaml");
  ASSERT_NE(with_rule(no_identity, "overlay-identity"), nullptr);

  const auto old_version = errors_of(R"yaml(extends: england-2023-lcspr@2
procedure: {id: northshire-lcspr, version: 1}
)yaml");
  const auto* d = with_rule(old_version, "overlay-base");
  ASSERT_NE(d, nullptr);
  EXPECT_EQ(d->line, 1);
  EXPECT_NE(d->message.find("version 2, but builtin:england-2023-lcspr is version 3"), std::string::npos)
      << d->message;

  const auto no_version = errors_of(R"yaml(extends: {id: england-2023-lcspr}
procedure: {id: northshire-lcspr, version: 1}
)yaml");
  ASSERT_NE(with_rule(no_version, "overlay-base"), nullptr);

  const auto unknown = errors_of(R"yaml(extends: {id: england-2023-lcsrp, version: 3}
procedure: {id: northshire-lcspr, version: 1}
)yaml");
  d = with_rule(unknown, "overlay-base");
  ASSERT_NE(d, nullptr);
  EXPECT_NE(d->message.find("did you mean 'england-2023-lcspr'"), std::string::npos) << d->message;
}

TEST(procedure_overlay, states_events_and_transitions_are_added_and_removed) {
  const auto p = scr::procedure::load(SCR_TEST_DATA_DIR "/overlays/local-hold.yaml");
  EXPECT_EQ(p.find_state("not_notifiable"), nullptr);
  EXPECT_NE(base().find_state("not_notifiable"), nullptr);
  ASSERT_NE(p.find_state("on_hold"), nullptr);
  EXPECT_EQ(p.states.size(), base().states.size());  // one out, one in
  EXPECT_EQ(p.find_event("notification_not_required"), nullptr);
  EXPECT_NE(p.find_event("hold_started"), nullptr);
  const auto uses = [](const scr::procedure& q, std::string_view event) {
    return std::count_if(q.transitions.begin(), q.transitions.end(),
                         [&](const scr::transition& t) { return t.event == event; });
  };
  EXPECT_EQ(uses(p, "notification_not_required"), 0);
  EXPECT_EQ(uses(base(), "notification_not_required"), 1);
  EXPECT_EQ(uses(p, "hold_started"), 1);
  EXPECT_EQ(p.transitions.size(), base().transitions.size() + 1);

  // Conflicts, like transitions, are added to the base's.
  const auto with_conflict = scr::procedure::parse(R"yaml(extends: {id: england-2023-lcspr, version: 3}
procedure: {id: northshire-lcspr, version: 8}
conflicts:
  - {kind: same_person, roles: [lead_reviewer, agency_safeguarding_lead], severity: must, rule: Not the agency's own lead}
)yaml",
                                                   "overlay.yaml");
  ASSERT_EQ(with_conflict.conflicts().size(), base().conflicts().size() + 1);
  EXPECT_EQ(with_conflict.conflicts().back().rule, "Not the agency's own lead");
  for (std::size_t i = 0; i < base().conflicts().size(); ++i)
    EXPECT_EQ(with_conflict.conflicts()[i], base().conflicts()[i]);
}

TEST(procedure_overlay, a_tracks_lists_are_changed_item_by_item) {
  const auto p = scr::procedure::parse(R"yaml(extends: {id: england-2023-lcspr, version: 3}
procedure: {id: northshire-lcspr, version: 4}
tracks:
  - id: action
    obligations:
      - {id: action_update, within: 1 month, repeat: 1 month}
)yaml",
                                       "overlay.yaml");
  const auto find_track = [](const scr::procedure& q) {
    const auto& ts = q.tracks();
    return std::find_if(ts.begin(), ts.end(), [](const scr::track& t) { return t.id == "action"; });
  };
  const auto mine = find_track(p);
  const auto theirs = find_track(base());
  ASSERT_NE(mine, p.tracks().end());
  ASSERT_NE(theirs, base().tracks().end());
  ASSERT_EQ(mine->obligations.size(), theirs->obligations.size());
  const auto& o = mine->obligations.front();
  ASSERT_EQ(o.id, "action_update");
  ASSERT_TRUE(o.within && o.repeat);
  EXPECT_EQ(o.within->to_string(), "1 month");
  EXPECT_EQ(o.repeat->to_string(), "1 month");
  EXPECT_EQ(o.until, theirs->obligations.front().until);
  EXPECT_EQ(o.title, theirs->obligations.front().title);
  EXPECT_EQ(mine->milestones, theirs->milestones);
  EXPECT_EQ(mine->states, theirs->states);
}

TEST(procedure_overlay, files_extend_files_relative_to_themselves) {
  temp_dir dir;
  const std::string pack_text(scr::procedure::builtin_source("england-2023-lcspr"));
  dir.write("national.yaml", pack_text);
  dir.write("regional.yaml", R"yaml(extends: {file: national.yaml}
procedure: {id: regional-lcspr, version: 1}
obligations:
  - {id: monitor_review, within: 3 months, repeat: 3 months}
)yaml");
  const auto local = dir.write("local.yaml", R"yaml(extends: {file: regional.yaml}
procedure: {id: local-lcspr, version: 1}
milestones:
  - id: rapid_review
    anchor: {event: incident_identified, field: became_aware_on}
)yaml");
  const auto p = scr::procedure::load(local);
  EXPECT_EQ(p.id(), "local-lcspr");
  EXPECT_EQ(p.find_milestone("rapid_review")->from.field, "became_aware_on");
  const auto* monitor = p.find_obligation("monitor_review");
  ASSERT_NE(monitor, nullptr);
  EXPECT_EQ(monitor->repeat->to_string(), "3 months");

  // A file that extends itself, through another, is refused.
  dir.write("a.yaml", "extends: {file: b.yaml}\nprocedure: {id: a, version: 1}\n");
  const auto b = dir.write("b.yaml", "extends: {file: a.yaml}\nprocedure: {id: b, version: 1}\n");
  try {
    (void)scr::procedure::load(b);
    FAIL() << "a cycle loaded";
  } catch (const scr::definition_error& e) {
    ASSERT_FALSE(e.diagnostics().empty());
    EXPECT_EQ(e.diagnostics().front().rule, "overlay-base");
    EXPECT_NE(e.diagnostics().front().message.find("extends itself"), std::string::npos);
  }
}

TEST(procedure_overlay, the_shipped_examples_each_change_one_rule_of_the_pack) {
  // examples/overlays: one file a documented choice of england-2023-lcspr.
  const fs::path dir = fs::path(SCR_TEST_DATA_DIR) / ".." / ".." / "examples" / "overlays";
  int seen = 0;
  for (const auto& entry : fs::directory_iterator(dir)) {
    if (entry.path().extension() != ".yaml") continue;
    ++seen;
    const auto p = scr::procedure::load(entry.path().string());
    EXPECT_TRUE(p.warnings().empty()) << entry.path();
    // Exactly one milestone or obligation (of the review or a track) differs,
    // and exactly one choice's text.
    int changed = 0;
    const auto compare = [&](const scr::machine& mine, const scr::machine& theirs) {
      ASSERT_EQ(mine.milestones.size(), theirs.milestones.size());
      ASSERT_EQ(mine.obligations.size(), theirs.obligations.size());
      for (std::size_t i = 0; i < mine.milestones.size(); ++i) changed += mine.milestones[i] != theirs.milestones[i];
      for (std::size_t i = 0; i < mine.obligations.size(); ++i) changed += mine.obligations[i] != theirs.obligations[i];
    };
    compare(p, base());
    ASSERT_EQ(p.tracks().size(), base().tracks().size());
    for (std::size_t i = 0; i < p.tracks().size(); ++i) compare(p.tracks()[i], base().tracks()[i]);
    EXPECT_EQ(changed, 1) << entry.path();
    int choices = 0;
    for (std::size_t i = 0; i < p.choices().size(); ++i) choices += p.choices()[i].text != base().choices()[i].text;
    EXPECT_EQ(choices, 1) << entry.path();
  }
  EXPECT_GE(seen, 5);
}

TEST(procedure_overlay, a_key_the_base_lacks_is_added_and_an_alias_in_the_base_is_left_alone) {
  // send_rapid_review_to_panel has no timescale in the pack: the overlay
  // gives it one, and a field the event lacks.
  const auto p = scr::procedure::parse(R"yaml(extends: {id: england-2023-lcspr, version: 3}
procedure: {id: northshire-lcspr, version: 5, retention: 10 years}
obligations:
  - {id: send_rapid_review_to_panel, within: 5 working days}
events:
  partners_informed:
    data:
      informed_on: {type: date, required: true}
)yaml",
                                       "overlay.yaml");
  ASSERT_FALSE(base().find_obligation("send_rapid_review_to_panel")->within.has_value());
  const auto* o = p.find_obligation("send_rapid_review_to_panel");
  ASSERT_TRUE(o->within.has_value());
  EXPECT_EQ(o->within->to_string(), "5 working days");
  ASSERT_TRUE(p.stated_retention().has_value());
  EXPECT_EQ(p.stated_retention()->to_string(), "10 years");
  const auto* e = p.find_event("partners_informed");
  ASSERT_NE(e, nullptr);
  EXPECT_TRUE(std::any_of(e->data.begin(), e->data.end(), [](const auto& f) { return f.name == "informed_on"; }));

  // Two milestones of a base share one value through a YAML alias; the
  // overlay changes one of them, and only that one changes.
  temp_dir dir;
  std::string text(scr::procedure::builtin_source("england-2023-lcspr"));
  const auto replace_once = [&](const std::string& from, const std::string& to, std::size_t start) {
    const auto at = text.find(from, start);
    EXPECT_NE(at, std::string::npos) << from;
    text.replace(at, from.size(), to);
    return at;
  };
  const auto first = replace_once("    warning: 3 working days\n", "    warning: &w 3 working days\n", 0);
  replace_once("    warning: 3 working days\n", "    warning: *w\n", first + 1);
  dir.write("aliased.yaml", text);
  const auto overlay = dir.write("overlay.yaml", R"yaml(extends: {file: aliased.yaml}
procedure: {id: northshire-lcspr, version: 6}
milestones:
  - {id: copy_to_ofsted, warning: 1 working day}
)yaml");
  const auto q = scr::procedure::load(overlay);
  EXPECT_EQ(q.find_milestone("copy_to_ofsted")->warning->to_string(), "1 working day");
  EXPECT_EQ(q.find_milestone("copy_to_panel_and_secretary_of_state")->warning->to_string(), "3 working days");
}

TEST(procedure_overlay, files_with_their_own_document_start_or_byte_order_mark_are_read) {
  temp_dir dir;
  dir.write("national.yaml", "\xEF\xBB\xBF---\n" + std::string(scr::procedure::builtin_source("england-2023-lcspr")));
  const auto overlay = dir.write("local.yaml", "\xEF\xBB\xBF---\nextends: {file: national.yaml}\n"
                                               "procedure: {id: local-lcspr, version: 1}\n"
                                               "milestones:\n  - {id: rapid_review, within: 10 working days}\n");
  const auto p = scr::procedure::load(overlay);
  EXPECT_EQ(p.find_milestone("rapid_review")->offset->to_string(), "10 working days");
}

TEST(procedure_overlay, an_error_in_a_bases_own_extends_is_in_that_base) {
  temp_dir dir;
  dir.write("regional.yaml", "# the region's\n\nextends: englnd-2023-lcspr@3\nprocedure: {id: regional, version: 1}\n");
  const auto local = dir.write("local.yaml", "extends: {file: regional.yaml}\nprocedure: {id: local, version: 1}\n");
  const auto self = dir.write("self.yaml", "extends: {file: ./self.yaml}\nprocedure: {id: self, version: 1}\n");
  try {
    (void)scr::procedure::load(local);
    FAIL() << "loaded";
  } catch (const scr::definition_error& e) {
    ASSERT_EQ(e.diagnostics().size(), 1u);
    const auto& d = e.diagnostics().front();
    EXPECT_EQ(fs::path(d.file).filename(), "regional.yaml");
    EXPECT_EQ(d.line, 3);
    EXPECT_NE(d.message.find("did you mean 'england-2023-lcspr'"), std::string::npos) << d.message;
  }
  try {
    (void)scr::procedure::load(self);
    FAIL() << "loaded";
  } catch (const scr::definition_error& e) {
    EXPECT_NE(e.diagnostics().front().message.find("extends itself"), std::string::npos);
  }
  // An overlay that keeps its base's id and version is refused.
  const auto same = errors_of("extends: england-2023-lcspr@3\nprocedure: {id: england-2023-lcspr, version: 3}\n");
  ASSERT_NE(with_rule(same, "overlay-identity"), nullptr);
}

TEST(procedure_overlay, a_base_that_is_not_a_regular_file_is_refused_at_once) {
  // A device or a directory could never end or hold a procedure.
  for (const char* base : {"/dev/zero", "/tmp"}) {
    const auto ds = errors_of("extends: {file: " + std::string(base) + "}\nprocedure: {id: x, version: 1}\n");
    const auto* d = with_rule(ds, "overlay-base");
    ASSERT_NE(d, nullptr) << base;
    EXPECT_NE(d->message.find("cannot read the base procedure file"), std::string::npos) << d->message;
  }
}
