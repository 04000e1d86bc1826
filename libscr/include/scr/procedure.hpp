#pragma once
// -----------------------------------------------------------------------------
// scr/procedure.hpp: a board's review procedure, loaded from YAML and checked
// -----------------------------------------------------------------------------
//
// The boards disagree: Solihull counts six months from the decision to proceed
// (001:216), North Yorkshire from the notification to Ofsted (003:181), Essex
// from commissioning (004:162). So libscr hard-codes no process. A `procedure`
// is data: roles and their conflicts, states, events and the data they carry,
// transitions (one row each, with guards), milestones with their anchors and
// timescales, chains, obligations, and per-agency tracks. The engine runs it.
//
// Loading checks everything before anything runs, and reports every problem at
// once, each with its file, line, column and rule:
//
//   auto p = scr::procedure::builtin("solihull-2011-scr");
//   p.find_milestone("completion")->within->to_string();   // "6 months"
//
//   auto mine = scr::procedure::load("my-board.yaml");
//   // throws scr::definition_error:
//   //   my-board.yaml:41:9: error: unknown state 'scopng' in transition
//   //   'decide'; did you mean 'scoping'? [unknown-state]
//
//   auto result = scr::procedure::check(text, "my-board.yaml");  // never throws
//   for (const auto& d : result.diagnostics) std::cerr << d.to_string() << '\n';
//
// The language is documented field by field in docs/procedure-language.md.

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "scr/date.hpp"
#include "scr/error.hpp"
#include "scr/export.hpp"
#include "scr/timescale.hpp"

namespace scr {

namespace detail {
struct procedure_codec;
}  // namespace detail

// ---- diagnostics --------------------------------------------------------------

enum class severity : std::uint8_t { error, warning };

/// One problem found in a definition, at its position (1-based; 0 when the
/// problem has no single position, such as a missing top-level key).
struct SCR_EXPORT diagnostic {
  severity level = severity::error;
  std::string rule;     // "unknown-state": see docs/procedure-language.md
  std::string message;  // "unknown state 'scopng' in transition 'decide'; did you mean 'scoping'?"
  std::string file;
  int line = 0;
  int column = 0;

  /// "file:line:col: error: message [rule]"
  std::string to_string() const;
  friend bool operator==(const diagnostic&, const diagnostic&) = default;
};

/// A definition that does not load: every error (and warning) found.
/// what() lists the errors, one per line.
class SCR_EXPORT definition_error : public input_error {
 public:
  explicit definition_error(std::vector<diagnostic> diagnostics);
  const std::vector<diagnostic>& diagnostics() const noexcept { return diagnostics_; }

 private:
  std::vector<diagnostic> diagnostics_;
};

// ---- data carried by events ---------------------------------------------------

enum class field_type : std::uint8_t { text, local_date, timestamp, choice, boolean, integer, agency };

/// A value recorded with an event. Text, choice and agency fields hold text.
using field_value = std::variant<std::monostate, bool, std::int64_t, std::string, date, instant>;
using event_data = std::map<std::string, field_value, std::less<>>;

/// A condition over an event's data: `outcome == scr`,
/// `outcome in [alternative_review, no_review]`, `urgent and not deferred`.
class SCR_EXPORT predicate {
 public:
  /// Parses the text; throws input_error naming the position of a syntax error.
  static predicate parse(std::string_view text);

  /// The canonical text: `outcome == scr and not urgent`.
  const std::string& text() const noexcept { return text_; }
  /// True when the data satisfies the condition. A missing field equals no
  /// value and is not true (so `f != x` holds when `f` is missing).
  bool holds(const event_data& data) const;
  /// False only when the condition is false whatever the fields missing from
  /// `known` hold: `outcome == scr and urgent` may hold for {outcome: scr}.
  bool may_hold(const event_data& known) const;
  /// The data fields the condition reads, in order of first mention.
  std::vector<std::string> fields() const;
  /// The values compared with `field`.
  std::vector<std::string> values_of(std::string_view field) const;

  friend bool operator==(const predicate& a, const predicate& b) { return a.text_ == b.text_; }

  struct node;

 private:
  std::string text_;
  std::shared_ptr<const node> root_;
};

struct SCR_EXPORT field_spec {
  std::string name;
  std::string title;
  field_type type = field_type::text;
  std::vector<std::string> values;  // for choice
  bool required = false;
  std::optional<predicate> required_when;
  friend bool operator==(const field_spec&, const field_spec&) = default;
};

// ---- the parts of a procedure -------------------------------------------------

/// Where a definition's element came from (1-based; 0 for none).
struct SCR_EXPORT position {
  int line = 0;
  int column = 0;
  friend bool operator==(const position&, const position&) = default;
};

struct SCR_EXPORT role {
  std::string id, title, description;
  std::vector<std::string> cite;
  position at;
  friend bool operator==(const role&, const role&) = default;
};

enum class conflict_kind : std::uint8_t { same_person, involved_agency, declared };
enum class strength : std::uint8_t { must, should };

struct SCR_EXPORT role_conflict {
  conflict_kind kind = conflict_kind::same_person;
  std::vector<std::string> roles;
  std::string declaration;  // for declared
  strength level = strength::must;
  std::string rule;
  std::vector<std::string> cite;
  position at;
  friend bool operator==(const role_conflict&, const role_conflict&) = default;
};

enum class state_kind : std::uint8_t { initial, active, waiting, terminal };

struct SCR_EXPORT state {
  std::string id, title, description;
  state_kind kind = state_kind::active;
  std::vector<std::string> cite;
  position at;
  friend bool operator==(const state&, const state&) = default;
};

struct SCR_EXPORT event_spec {
  std::string name, title, description;
  std::vector<field_spec> data;
  std::vector<std::string> cite;
  position at;
  const field_spec* find_field(std::string_view name) const noexcept;
  friend bool operator==(const event_spec&, const event_spec&) = default;
};

enum class prerequisite_kind : std::uint8_t { milestone, obligation, every_agency };

struct SCR_EXPORT prerequisite {
  prerequisite_kind kind = prerequisite_kind::milestone;
  std::string id;     // milestone or obligation id; for every_agency, the track's milestone
  std::string track;  // for every_agency
  friend bool operator==(const prerequisite&, const prerequisite&) = default;
};

struct SCR_EXPORT transition {
  std::string id;                  // defaults to the event name
  std::string event;
  std::vector<std::string> from;   // expanded: "*" becomes every non-terminal state
  bool from_any = false;           // written as "*"
  std::optional<std::string> to;   // none: stays in the same state
  std::vector<std::string> roles;  // empty: any role
  std::optional<predicate> when;
  std::string branch;
  std::vector<prerequisite> requires_;
  std::vector<std::string> cite;
  position at;
  friend bool operator==(const transition&, const transition&) = default;
};

enum class anchor_kind : std::uint8_t { event, event_field, milestone, scheduled };
enum class occurrence : std::uint8_t { first, latest };

struct SCR_EXPORT anchor {
  anchor_kind kind = anchor_kind::event;
  std::string ref;    // event name or milestone id
  std::string field;  // for event_field
  occurrence which = occurrence::first;
  std::string set_by;  // for scheduled: who sets the date ("the safeguarding partners"); empty: the panel
  friend bool operator==(const anchor&, const anchor&) = default;
};

/// A local time of day at which a deadline falls ("by 24 May 2004 at 5 pm",
/// 000:812).
struct SCR_EXPORT time_of_day {
  int hour = 0;    // [0, 23]
  int minute = 0;  // [0, 59]
  std::string to_string() const;  // "17:00"
  friend bool operator==(const time_of_day&, const time_of_day&) = default;
};

enum class milestone_kind : std::uint8_t { statutory, local, scheduled };

/// How firm the source of a deadline or obligation is, as the definition's
/// citations bear it out (`confidence:` beside `cite:`): what a board may
/// treat as law and what is practice to be checked. Shown with the rule by
/// `scr procedures show`, the pack pages and the timetable.
enum class confidence : std::uint8_t {
  unstated,            ///< the definition does not say
  statute,             ///< an Act of Parliament or regulations made under one
  statutory_guidance,  ///< statutory guidance (Working Together; the Home Office's DHR guidance; the care and support guidance)
  national_guidance,   ///< a national body's non-statutory guidance (the Child Safeguarding Practice Review Panel's)
  local,               ///< a partnership's own procedures, or a restatement of national rules found only there
  not_found,           ///< no text found: the definition's best understanding, to be checked before it is relied on
};
SCR_EXPORT std::string_view to_string(confidence c) noexcept;
/// In words for people: "statute", "statutory guidance", "national
/// guidance", "local practice", "not confirmed" ("" when unstated).
SCR_EXPORT std::string_view confidence_words(confidence c) noexcept;
enum class hold_policy : std::uint8_t { continue_, pause_keep_end, pause_resume, restart };
enum class direction : std::uint8_t { after, before };

struct SCR_EXPORT milestone {
  std::string id, title, description, owner;
  anchor from;
  std::optional<timescale> offset;  // none: the anchor itself is the date
  direction dir = direction::after;
  milestone_kind kind = milestone_kind::local;
  strength level = strength::must;
  std::optional<timescale> warning;
  std::optional<time_of_day> due_time;
  std::vector<std::string> completed_by;
  /// A condition on the completing event's data: a decision milestone is not
  /// met by a deferral (`completed_when: outcome != deferred`).
  std::optional<predicate> completed_when;
  /// Events that undo its completion (a chronology returned for amendment):
  /// it is met by the first completing event after the last of these.
  std::vector<std::string> reopened_by;
  hold_policy hold = hold_policy::continue_;
  std::vector<std::string> branches;
  std::vector<std::string> extendable_by;
  std::string chain;  // the chain it is a step of, if any
  std::vector<std::string> cite;
  /// How firm its timescale's source is, and what that source says (`basis`).
  scr::confidence confidence = scr::confidence::unstated;
  std::string basis;
  position at;
  friend bool operator==(const milestone&, const milestone&) = default;
};

struct SCR_EXPORT chain {
  std::string id, title;
  anchor from;
  std::vector<std::string> steps;  // milestone ids, in order
  std::vector<std::string> cite;
  position at;
  friend bool operator==(const chain&, const chain&) = default;
};

enum class trigger_kind : std::uint8_t { event, milestone_met, extension };

struct SCR_EXPORT trigger {
  trigger_kind kind = trigger_kind::event;
  std::string ref;  // event name or milestone id
  std::optional<predicate> when;
  friend bool operator==(const trigger&, const trigger&) = default;
};

struct SCR_EXPORT obligation {
  std::string id, title, description, owner;
  std::vector<std::string> recipients;
  trigger on;
  std::optional<timescale> within;
  std::optional<timescale> repeat;
  std::string until;          // event ending the repetition
  std::string discharged_by;  // event, or empty
  /// How long it continues after the review closes (`after_closure`); without
  /// it, an occurrence still open when the review closes is "outstanding".
  std::optional<timescale> after_closure;
  milestone_kind kind = milestone_kind::local;
  strength level = strength::must;
  std::vector<std::string> branches;
  std::vector<std::string> cite;
  /// How firm its source is, and what that source says (`basis`).
  scr::confidence confidence = scr::confidence::unstated;
  std::string basis;
  position at;
  friend bool operator==(const obligation&, const obligation&) = default;
};

/// A state machine with its own events and deadlines: the procedure itself, or
/// a per-agency track.
struct SCR_EXPORT machine {
  std::vector<state> states;
  std::vector<event_spec> events;
  std::vector<transition> transitions;
  std::vector<milestone> milestones;  // chain steps included, in chain order
  std::vector<chain> chains;
  std::vector<obligation> obligations;

  const state* find_state(std::string_view id) const noexcept;
  const state* initial_state() const noexcept;
  const event_spec* find_event(std::string_view name) const noexcept;
  const milestone* find_milestone(std::string_view id) const noexcept;
  const obligation* find_obligation(std::string_view id) const noexcept;
  const chain* find_chain(std::string_view id) const noexcept;
  /// The rows for `event` that leave `from` (several when they branch).
  std::vector<const transition*> transitions_from(std::string_view from,
                                                  std::string_view event) const;
  friend bool operator==(const machine&, const machine&) = default;
};

struct SCR_EXPORT track : machine {
  std::string id, title;
  std::string instantiated_by;  // review-level event
  std::string agency_field;     // its agency field
  position at;
  friend bool operator==(const track&, const track&) = default;
};

/// `procedure.chronology`: the format of the reviews' agency chronologies
/// (scr/chronology.hpp) and, when an agency's track has them, the events that
/// importing one records: its submission and, for one refused, its return.
struct SCR_EXPORT chronology_binding {
  std::string format;     ///< a chronology format's id
  std::string track;      ///< the agencies' track ("" when none)
  std::string submitted;  ///< event of the track recorded when a chronology is accepted ("" when none)
  std::string returned;   ///< event of the track recorded when one is returned ("" when none)
  position at;
  friend bool operator==(const chronology_binding&, const chronology_binding&) = default;
};

/// `procedure.action_plan`: the events, track and deadlines with which a
/// review records its recommendations and the actions that carry them out
/// (scr/action_plan.hpp, docs/action-plans.md). Each action is an instance
/// of `track`, begun by the track's instantiating event and keyed by the
/// action's number ("1.2"); its deadlines (`due`, `update`) are the track's
/// own milestones and obligations, so overdue actions and updates appear in
/// every timetable, overdue list and report.
struct SCR_EXPORT action_plan_binding {
  std::string approved;     ///< review-level event: the plan approved; a "By when?" timescale counts from it
  std::string recommended;  ///< review-level event: a recommendation made
  std::string track;        ///< the actions' track
  std::string updated;      ///< track event: a progress update
  std::string completed;    ///< track event: completed, with evidence
  std::string signed_off;   ///< track event: the completion signed off ("" when the completion is enough)
  std::string returned;     ///< track event: the completion not accepted, the action open again ("" none)
  std::string due;          ///< track milestone: the action's due date (anchored on the action's `due_on`)
  std::string review;       ///< track milestone: an ongoing action's review date (`review_on`) ("" none)
  std::string update;       ///< track obligation: progress updates due ("" none)
  std::string mark;         ///< review-level milestone: every action complete (Essex's one year) ("" none)
  /// SMART: the checks that apply ("lead", "due", "measure", "outcome",
  /// "evidence", "addressed_to", "vague"), and the words that make an action
  /// vague ("consider", "look at" ...). Empty: the defaults.
  std::vector<std::string> smart;
  std::vector<std::string> vague;
  /// The recommendation types the board uses (North Yorkshire: resources,
  /// professional action, professional knowledge and skills); empty: any.
  std::vector<std::string> types;
  position at;
  friend bool operator==(const action_plan_binding&, const action_plan_binding&) = default;
};

struct SCR_EXPORT source {
  std::string key, title;
  friend bool operator==(const source&, const source&) = default;
};

/// An ambiguity in the sources and the choice the definition made.
struct SCR_EXPORT choice_note {
  std::string id, text;
  friend bool operator==(const choice_note&, const choice_note&) = default;
};

// ---- the procedure ------------------------------------------------------------

/// The outcome of checking a definition without throwing.
struct SCR_EXPORT check_result {
  std::vector<diagnostic> diagnostics;  // errors first, then warnings, each by position
  bool ok() const noexcept;             // no errors (warnings allowed)
  std::size_t errors() const noexcept;
  std::size_t warnings() const noexcept;
};

class SCR_EXPORT procedure : public machine {
 public:
  /// Loads a YAML file; throws definition_error listing every error, or
  /// input_error if the file cannot be read.
  static procedure load(const std::string& path);
  /// Parses YAML text; `file` names it in messages.
  static procedure parse(std::string_view text, std::string_view file = "<text>");
  /// Checks YAML text and returns every error and warning. Never throws.
  static check_result check(std::string_view text, std::string_view file = "<text>");

  /// A built-in pack; throws input_error naming the known ids.
  static procedure builtin(std::string_view id);
  /// The ids of the built-in packs, sorted.
  static std::vector<std::string> builtin_ids();
  /// The YAML source of a built-in pack.
  static std::string_view builtin_source(std::string_view id);

  const std::string& id() const noexcept { return id_; }
  const std::string& title() const noexcept { return title_; }
  int version() const noexcept { return version_; }
  date effective_from() const noexcept { return effective_from_; }
  const std::string& calendar_name() const noexcept { return calendar_; }
  /// The event that opens a review (it is recorded in the initial state).
  const std::string& opened_by() const noexcept { return opened_by_; }
  const std::string& review_type() const noexcept { return review_type_; }
  /// The review-level milestones that compliance reports headline: the
  /// decision whether to hold a review, and its completion ("" if not named).
  const std::string& decision_milestone() const noexcept { return decision_; }
  const std::string& completion_milestone() const noexcept { return completion_; }
  /// How long the record of a closed review is kept, counted from the day it
  /// closed: `procedure.retention`, or 7 years when the pack does not say
  /// (Solihull's "7 years", 001:650).
  timescale retention() const { return retention_.value_or(timescale::parse("7 years")); }
  /// `procedure.retention` as written, if the pack states it.
  const std::optional<timescale>& stated_retention() const noexcept { return retention_; }
  /// `procedure.corrections`: the roles (the board's manager, its
  /// administrator) that may correct any event, waive any milestone or
  /// obligation and take anyone off a role, besides those who recorded it.
  const std::vector<std::string>& correctors() const noexcept { return correctors_; }
  const std::string& description() const noexcept { return description_; }
  /// `procedure.chronology`, if the pack names a chronology format.
  const std::optional<chronology_binding>& chronology() const noexcept { return chronology_; }
  /// `procedure.action_plan`, if the pack records action plans.
  const std::optional<action_plan_binding>& action_plan() const noexcept { return action_plan_; }
  const std::vector<source>& sources() const noexcept { return sources_; }
  const std::vector<choice_note>& choices() const noexcept { return choices_; }
  const std::vector<role>& roles() const noexcept { return roles_; }
  const std::vector<role_conflict>& conflicts() const noexcept { return conflicts_; }
  const std::vector<track>& tracks() const noexcept { return tracks_; }
  /// Warnings found when it was loaded.
  const std::vector<diagnostic>& warnings() const noexcept { return warnings_; }
  /// The file (or name) it was loaded from.
  const std::string& file() const noexcept { return file_; }

  const role* find_role(std::string_view id) const noexcept;
  const track* find_track(std::string_view id) const noexcept;
  /// Milestones and obligations whose due dates follow, in an order where
  /// every milestone comes after the milestone it is anchored on.
  std::vector<const milestone*> milestones_in_dependency_order() const;

  /// The definition as YAML; `parse(to_yaml())` gives an equal procedure
  /// (positions aside).
  std::string to_yaml() const;
  /// Graphviz DOT: states, transitions (event, guard, roles), and the
  /// milestones with their anchors and timescales.
  std::string to_dot() const;
  /// The same machine as a Mermaid state diagram, each milestone and its rule
  /// a note on the state where the event that meets it is recorded.
  std::string to_mermaid() const;

  /// Equal definitions: every field except positions and the file name.
  bool same_definition(const procedure& other) const;

 private:
  friend class procedure_loader;
  friend struct detail::procedure_codec;
  std::string id_, title_, calendar_ = "england-and-wales", review_type_, description_, opened_by_;
  std::string decision_, completion_;
  std::optional<timescale> retention_;
  std::optional<chronology_binding> chronology_;
  std::optional<action_plan_binding> action_plan_;
  std::vector<std::string> correctors_;
  int version_ = 1;
  date effective_from_;
  std::vector<source> sources_;
  std::vector<choice_note> choices_;
  std::vector<role> roles_;
  std::vector<role_conflict> conflicts_;
  std::vector<track> tracks_;
  std::vector<diagnostic> warnings_;
  std::string file_;
};

/// Names used in YAML and messages: "initial", "pause-keep-end", "every_agency".
SCR_EXPORT std::string_view to_string(state_kind) noexcept;
SCR_EXPORT std::string_view to_string(milestone_kind) noexcept;
SCR_EXPORT std::string_view to_string(hold_policy) noexcept;
SCR_EXPORT std::string_view to_string(strength) noexcept;
SCR_EXPORT std::string_view to_string(conflict_kind) noexcept;
SCR_EXPORT std::string_view to_string(field_type) noexcept;
SCR_EXPORT std::string_view to_string(severity) noexcept;

/// A milestone's rule in words: "1 month after referral_received",
/// "2 weeks before presentation_meeting", "on decision_made.reconsider_on",
/// "date set by the panel".
SCR_EXPORT std::string rule_text(const milestone& m);

/// One difference between two procedures, in the procedure's language:
///   milestone rapid_review: due 15 working days after panel_notified.notified_on
///                                -> 15 working days after incident_identified.became_aware_on
///   obligation monitor_review: repeat 1 month -> 3 months
///   state on_hold: added
struct SCR_EXPORT procedure_change {
  /// "procedure" (its own keys), "choice", "source", "role", "conflict",
  /// "state", "event", "transition", "milestone", "chain", "obligation", "track".
  std::string element;
  std::string track;   ///< the track it is in ("" for the review's own)
  std::string id;      ///< its id (a transition: "event from S to T"); "" for the procedure's own keys
  std::string change;  ///< "added", "removed" or "changed"
  /// For a change, the key ("due" for a milestone's rule; "data.notified_on"
  /// inside a map), and the values before and after as one line of YAML.
  std::string key, from, to;
  std::string to_string() const;
  friend bool operator==(const procedure_change&, const procedure_change&) = default;
};

/// What changed from `from` to `to`: every element added, removed or changed,
/// each changed key of it (positions in their files are not compared).
SCR_EXPORT std::vector<procedure_change> diff(const procedure& from, const procedure& to);

}  // namespace scr
