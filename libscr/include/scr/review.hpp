#pragma once
// -----------------------------------------------------------------------------
// scr/review.hpp: one case review, run under one version of a procedure
// -----------------------------------------------------------------------------
//
// A `review` is the fold of its events in order of occurrence. Every command
// (record, assign, schedule, extend, hold, release, discharge, and the
// corrections void, amend, waive, unassign) is checked against the procedure,
// and either appends events or throws a typed error and leaves the review
// exactly as it was. Replaying the same events with `from_events` rebuilds the
// same review, every time. The engine is pure: it has no clock and does no
// I/O, so every question is asked "as of" a date.
//
// Example (compiled and run by the tests, so it stays true):
//
//   auto p = std::make_shared<const scr::procedure>(scr::procedure::builtin("solihull-2011-scr"));
//   scr::actor chair{"A. Patel", "lscb_chair", "Solihull LSCB"};
//   auto r = scr::review::open(p, scr::calendar::england_and_wales(), "Child Q",
//                              scr::parse_instant("2024-01-15T09:00:00Z"), chair,
//                              {{"incident_at", scr::parse_instant("2024-01-13T22:00:00Z")}});
//   r.record("panel_convened", scr::parse_instant("2024-02-19T10:00:00Z"), chair);  // meant 19 January
//   r.amend(2, scr::parse_instant("2024-01-19T10:00:00Z"), {}, "typed 19/02 for 19/01", chair);
//   r.record("panel_recommended", scr::parse_instant("2024-01-29T10:00:00Z"), chair,
//            {{"recommendation", std::string("scr")}});
//   for (const auto& row : r.timetable(scr::make_date(2024, 2, 1)))
//     std::cout << row.id() << ' ' << to_string(row.status) << '\n';  // panel_consideration met, ...
//   try {
//     r.record("decision_made", scr::parse_instant("2024-02-01T10:00:00Z"), chair,
//              {{"outcome", std::string("nonsense")}, {"reasons", std::string("criteria met")}});
//   } catch (const scr::data_error& e) {
//     // event 'decision_made': field 'outcome' is 'nonsense'; expected one of
//     // scr, alternative_review, no_review, deferred
//     std::cout << "refused: " << e.field() << '\n';  // refused: outcome
//   }
//   for (const auto& step : r.next(scr::make_date(2024, 2, 1)))
//     if (step.allowed && step.action == "record") std::cout << "next: " << step.name << '\n';
//
// Events may be recorded late, with the time they happened: the review is
// refolded in order of occurrence, and an event that would make a later one
// invalid is refused, naming it. Dates are Europe/London local dates of the
// instants.
//
// How deadlines are found (docs/deadline-rules.md, rules 1-11):
//
//   * A milestone's anchor is an event (its first or latest occurrence), a
//     date carried in an event's data, another milestone (its completion, or
//     its due date while it is open), or a date the panel schedules.
//   * A milestone whose anchor has not happened yet is projected: an event
//     that has not happened is expected on the earliest due date of the open
//     milestones it would complete, so a review opened today has a
//     provisional timetable to completion. Milestones are computed in a
//     topological order of these dependencies (Boost.Graph).
//   * A milestone is met by the first of its completing events recorded at or
//     after its anchor event (or after its review or track began, for
//     milestone and scheduled anchors) whose data satisfies completed_when.
//   * `schedule` sets a date for a milestone. For a scheduled anchor it is the
//     due date; for any other milestone it replaces the rule's date, and a
//     statutory milestone scheduled after its rule's date is reported as a
//     breach (in the row and in warnings()), never hidden.
//   * `extend` keeps the original due date and sets a later one.
//   * On `hold`, milestones follow their hold policy: continue (the clock
//     runs), pause-keep-end (paused while held; the due date stands),
//     pause-resume (the due date moves by the time held: working days for
//     working-day timescales, calendar days otherwise), restart (the whole
//     timescale runs again from the release).
//   * A milestone is waived when the review (or, in a track, the agency) has
//     taken a branch the milestone is not for, or when the review ended in a
//     terminal state before the milestone fell due.

#include <compare>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "scr/calendar.hpp"
#include "scr/date.hpp"
#include "scr/error.hpp"
#include "scr/export.hpp"
#include "scr/procedure.hpp"

namespace scr {

// ---- errors ---------------------------------------------------------------------

/// The procedure's rules refuse a command. `rule()` names the rule broken:
/// "transition", "guard", "role", "prerequisite", "conflict", "extension",
/// "hold", "discharge", "schedule". The CLI exits 1 for these.
class SCR_EXPORT rule_error : public error {
 public:
  rule_error(std::string rule, const std::string& what);
  const std::string& rule() const noexcept { return rule_; }

 private:
  std::string rule_;
};

/// The event is not allowed in the current state.
class SCR_EXPORT transition_error : public rule_error {
 public:
  explicit transition_error(const std::string& what);
};

/// Rows for the event leave the current state, but no row's guard holds for
/// the data given. `guards()` lists the guards tried, as text.
class SCR_EXPORT guard_error : public rule_error {
 public:
  guard_error(std::vector<std::string> guards, const std::string& what);
  const std::vector<std::string>& guards() const noexcept { return guards_; }

 private:
  std::vector<std::string> guards_;
};

/// The actor's role may not do this (record the event, agree the extension).
class SCR_EXPORT role_error : public rule_error {
 public:
  explicit role_error(const std::string& what);
};

/// A prerequisite of the transition is not met: a milestone, an obligation,
/// or a milestone in every agency's track.
class SCR_EXPORT prerequisite_error : public rule_error {
 public:
  explicit prerequisite_error(const std::string& what);
};

/// A "must" role conflict: the assignment (or the actor) breaks an
/// independence rule. `conflict_rule()` quotes the procedure's rule.
class SCR_EXPORT conflict_error : public rule_error {
 public:
  conflict_error(std::string conflict_rule, const std::string& what);
  const std::string& conflict_rule() const noexcept { return conflict_rule_; }

 private:
  std::string conflict_rule_;
};

/// An event's data is missing a required field, names an unknown one, or
/// holds a value of the wrong type. `field()` names the field.
class SCR_EXPORT data_error : public input_error {
 public:
  data_error(std::string field, const std::string& what);
  const std::string& field() const noexcept { return field_; }

 private:
  std::string field_;
};

/// An agency the command names has no track in this review (or none is named
/// where one is needed).
class SCR_EXPORT agency_error : public input_error {
 public:
  explicit agency_error(const std::string& what);
};

// ---- events ---------------------------------------------------------------------

/// Who did something: a person, the role they acted in, and their agency.
struct SCR_EXPORT actor {
  std::string name;
  std::string role;
  std::string agency;
  friend bool operator==(const actor&, const actor&) = default;
};

enum class event_kind : std::uint8_t {
  opened,      ///< the procedure's opening event; `subject` is the review's reference
  recorded,    ///< a procedure event; `agency` addresses a track
  assigned,    ///< `subject` (a person) took role `name` for agency `agency`;
               ///< data: each declaration made, as true, and "person_id" (text, optional)
  scheduled,   ///< milestone `name` set for data "on" (date), "time" (text HH:MM, optional)
  extended,    ///< milestone `name` extended to data "due" (date), "reason" (text)
  held,        ///< the review was put on hold; data "reason" (text)
  released,    ///< the hold ended; data "note" (text, optional)
  discharged,  ///< obligation `name` discharged; data "note" (text, optional)
  // Corrections: each carries `reason`. The history keeps every event; the
  // review is rebuilt as if the corrected events had been recorded right.
  voided,      ///< event `corrects` is void (not part of the review); `at` is when it was voided
  amended,     ///< event `corrects` is superseded: `at` is its corrected occurrence and `data`
               ///< its corrected data in full; `name`, `agency` and `subject` repeat its own
  waived,      ///< milestone or obligation `name` (for `agency`) does not apply; for an
               ///< obligation, data "occurrence" (integer, optional: the earliest open one)
  unassigned,  ///< `subject` (a person) no longer holds role `name` for `agency`;
               ///< data: "person_id" (text, optional: which of two people of one name)
  // A migration: kept in the history, not a step. From it on the review runs
  // under another version of its procedure (or another procedure), and its
  // whole history is read under that version (docs/migrating-reviews.md).
  migrated,    ///< the review moved to data "to" (text "ID@VERSION") from data "from"; each
               ///< data "state OLD" (text) is the state of the new version the board expected
               ///< in place of the old version's state OLD; `reason` says why
};

/// One entry of a review's history. `from_events` replays a list of these.
struct SCR_EXPORT review_event {
  event_kind kind = event_kind::recorded;
  std::string name;     ///< the procedure event, milestone, obligation or role (see event_kind)
  std::string agency;   ///< the agency whose track it addresses; for assigned, the person's agency
  std::string subject;  ///< opened: the reference; assigned: the person
  instant at;           ///< when it happened (UTC)
  actor by;             ///< who recorded it
  event_data data;
  std::uint64_t corrects = 0;  ///< voided, amended: the sequence (1, 2, ... in recorded order) corrected
  std::string reason;          ///< voided, amended, waived, unassigned: why
  friend bool operator==(const review_event&, const review_event&) = default;
};

/// Whether an event is a correction of another (voided, amended), which is
/// kept in the history but is not itself a step of the review.
inline bool is_correction(event_kind k) noexcept { return k == event_kind::voided || k == event_kind::amended; }
/// Whether an event is kept in the history but is not a step of the review:
/// a correction, or a migration to another procedure version.
inline bool is_history_only(event_kind k) noexcept { return is_correction(k) || k == event_kind::migrated; }

// ---- what the queries return ------------------------------------------------------

enum class milestone_status : std::uint8_t {
  pending,   ///< not yet due (or no date yet)
  due_soon,  ///< inside its warning window
  overdue,   ///< past its due date and not met
  met,       ///< met on or before its due date
  met_late,  ///< met after its due date
  extended,  ///< open, under an agreed extension
  paused,    ///< its clock is stopped by a hold
  waived,    ///< a branch not taken, the review ended first, or waived as not applicable
  outstanding,  ///< the review closed with it unmet after it fell due: listed once, never overdue
};

/// One milestone in one review (or one agency's track), as of a date.
struct SCR_EXPORT timetable_row {
  const milestone* def = nullptr;  ///< the milestone in the procedure
  const track* in_track = nullptr; ///< its track, or null for the review's own
  std::string agency;              ///< the track's agency
  milestone_status status = milestone_status::pending;
  std::optional<date> due;          ///< the date it is due (rule, schedule or extension)
  std::optional<instant> due_at;    ///< the exact instant, for hours or a due time
  std::optional<date> original_due; ///< before the first extension
  std::optional<date> extended_to;  ///< the date the latest extension agreed
  std::optional<date> rule_due;     ///< what the rule alone gives
  std::optional<date> anchor_date;  ///< the anchor's date (actual or projected)
  std::optional<instant> completed_at;
  bool projected = false;    ///< the anchor has not happened: the date is a projection
  bool provisional = false;  ///< projected, or past the calendar's confirmed_through
  bool scheduled = false;    ///< the panel set the date
  std::optional<instant> scheduled_at;  ///< when the panel set it
  bool breach = false;       ///< scheduled (or extended) past a statutory rule's date
  int extensions = 0;

  const std::string& id() const noexcept { return def->id; }
  const std::string& title() const noexcept { return def->title; }
  const std::string& owner() const noexcept { return def->owner; }
  /// "1 month after referral_received", "2 weeks before presentation_meeting".
  std::string rule() const;
  /// Days late: completion (or `as_of`, while open) minus due; 0 when on
  /// time or waived.
  int days_late(date as_of) const;
};

enum class obligation_status : std::uint8_t {
  open,              ///< no due date
  pending,           ///< due later
  overdue,           ///< past its due date, not discharged
  discharged,        ///< discharged on time (or it had no due date)
  discharged_late,   ///< discharged after its due date
  waived,            ///< a branch not taken, or waived as not applicable
  outstanding,       ///< the review (or its time after closure) ended with it open: never overdue
};

/// One occurrence of an obligation (a repeating one has one per period).
struct SCR_EXPORT obligation_row {
  const obligation* def = nullptr;
  const track* in_track = nullptr;
  std::string agency;
  int occurrence = 1;               ///< 1, 2, ... for repeating obligations
  instant triggered_at;
  std::optional<date> due;
  obligation_status status = obligation_status::open;
  std::optional<instant> discharged_at;
  std::string discharged_by;        ///< the person, or the event that discharged it
  std::string note;
  bool provisional = false;         ///< due past the calendar's confirmed_through

  const std::string& id() const noexcept { return def->id; }
  const std::string& title() const noexcept { return def->title; }
  const std::string& owner() const noexcept { return def->owner; }
};

/// Something every report must show: a "should" independence conflict, a
/// "must" conflict that arose after an assignment, a near match (two people in
/// roles a same-person conflict names, whose names are alike but not the
/// same), a scheduled date past a statutory limit.
struct SCR_EXPORT review_warning {
  std::string kind;     ///< "conflict", "near_match", "breach", or "effective" (opened before its procedure took effect)
  std::string message;
  std::string rule;     ///< the procedure's rule, quoted
  strength level = strength::should;
  std::vector<std::string> cite;
  instant at;           ///< when it arose
  friend bool operator==(const review_warning&, const review_warning&) = default;
};

/// A person holding a role.
struct SCR_EXPORT assignment {
  std::string person, role, agency;
  std::vector<std::string> declarations;
  instant at;
  std::string person_id;  ///< the person's id, if the assignment gave one
  friend bool operator==(const assignment&, const assignment&) = default;
};

/// A period on hold.
struct SCR_EXPORT hold_period {
  std::string reason;
  instant from;
  std::optional<instant> to;  ///< none while it lasts
  friend bool operator==(const hold_period&, const hold_period&) = default;
};

/// One agency's track.
struct SCR_EXPORT track_status {
  const track* def = nullptr;
  std::string agency;
  std::string state;
  instant started;
};

/// Was a milestone met in time? One row per review-level milestone that
/// applies (not waived). A statutory milestone is judged against its
/// statutory date (the rule's, or an agreed extension's), not against a later
/// date the panel scheduled: that is a breach, and it is shown.
struct SCR_EXPORT compliance_row {
  const milestone* def = nullptr;
  std::optional<date> due;           ///< the date it is judged against
  std::optional<date> original_due;  ///< before any extension
  std::optional<date> scheduled;     ///< a date the panel set, if any
  std::optional<instant> completed_at;
  bool met = false;              ///< completed
  bool on_time = false;          ///< completed by `due`
  bool within_original = false;  ///< completed by `original_due`
  bool extended = false;
  bool breach = false;           ///< scheduled past its statutory date
  int days_late = 0;             ///< after `due` (as of the date, while open)
  milestone_status status = milestone_status::pending;
  const std::string& id() const noexcept { return def->id; }
};

struct SCR_EXPORT compliance_summary {
  date as_of;
  std::vector<compliance_row> rows;
  /// The procedure's decision and completion milestones (procedure.compliance),
  /// when it names them and they apply.
  std::optional<compliance_row> decision;
  std::optional<compliance_row> completion;
};

/// A due date that moved when the calendar changed.
struct SCR_EXPORT moved_date {
  std::string kind;    ///< "milestone" or "obligation"
  std::string id;
  std::string agency;
  int occurrence = 1;
  std::optional<date> before, after;
  friend bool operator==(const moved_date&, const moved_date&) = default;
};

/// A data field an event takes.
struct SCR_EXPORT next_field {
  std::string name;
  std::string type;                 ///< "text", "date", "instant", "boolean", "integer", "choice"
  bool required = false;            ///< always required
  std::string required_when;        ///< required when this holds (the guard's text), else ""
  std::vector<std::string> values;  ///< a choice's allowed values
  std::string description;
};

/// One thing that may (or may not yet) be done next in a review: record an
/// event (for an agency, in a track), or schedule or extend a milestone.
struct SCR_EXPORT next_step {
  std::string action;  ///< "record", "schedule", "extend", "discharge", "release", "hold"
  std::string name;    ///< the event, milestone or obligation
  std::string agency;  ///< the track's agency, for a track's event or milestone
  std::string title;
  bool allowed = false;              ///< may be done now
  std::string blocked_by;            ///< why not yet, in words ("" when allowed)
  std::vector<std::string> roles;    ///< who may do it
  std::vector<next_field> fields;    ///< the data it takes
  std::vector<std::string> leads_to; ///< the states it may lead to
  std::vector<std::string> when;     ///< data conditions, one of which must hold ("outcome == scr")
};

// ---- the review -------------------------------------------------------------------

namespace detail {
struct review_plan;
struct review_access;
struct early_bodies;
}  // namespace detail

class SCR_EXPORT review {
 public:
  /// Opens a review with the procedure's opening event (`opened_by`). The
  /// reference is the anonymised name the review is known by ("Child Q").
  static review open(std::shared_ptr<const procedure> p, calendar cal, std::string reference,
                     instant at, const actor& by, event_data data = {});
  static review open(const procedure& p, calendar cal, std::string reference, instant at,
                     const actor& by, event_data data = {});
  /// Replays a history; the first event must be `opened`. Throws the error the
  /// first event that does not apply would throw (the same type), its message
  /// prefixed with the event's position.
  static review from_events(std::shared_ptr<const procedure> p, calendar cal,
                            std::span<const review_event> events);
  /// The same, taking the events over rather than copying them.
  static review from_events(std::shared_ptr<const procedure> p, calendar cal, std::vector<review_event>&& events);

  // ---- commands: each appends one event or throws and changes nothing ----

  /// Records a procedure event. For a track's event, `agency` names the
  /// agency (the actor's own agency is used when it has that track).
  void record(std::string_view event, instant at, const actor& by, event_data data = {},
              std::string_view agency = {});
  /// `person` takes `role` for `agency`. `declarations` lists the statements
  /// the person makes for `declared` conflicts (that the declaration does not
  /// apply to them). A "must" conflict is refused; a "should" conflict becomes
  /// a warning. People are compared as people, not as strings: names that
  /// differ only in case, spacing, punctuation, word order or lookalike
  /// letters are one person's (docs/engine.md). `person_id` (optional) is a
  /// stable id for the person: two assignments that both give one are the
  /// same person exactly when the ids match, whatever the names.
  void assign(std::string_view person, std::string_view role, std::string_view agency, instant at,
              const actor& by, std::vector<std::string> declarations = {}, std::string_view person_id = {});
  /// Sets the date (and optionally the local time) of a milestone.
  void schedule(std::string_view milestone, date on, std::optional<time_of_day> time, instant at,
                const actor& by, std::string_view agency = {});
  /// Extends a milestone to `new_due`, agreed by `agreed_by` for `reason`.
  void extend(std::string_view milestone, date new_due, std::string_view reason, instant at,
              const actor& agreed_by, std::string_view agency = {});
  /// Puts the review on hold (criminal proceedings, an inquest).
  void hold(std::string_view reason, instant at, const actor& by);
  /// Ends the hold.
  void release(instant at, const actor& by, std::string_view note = {});
  /// Discharges the earliest open occurrence of an obligation.
  void discharge(std::string_view obligation, instant at, const actor& by, std::string_view note = {},
                 std::string_view agency = {});
  /// Checks and appends any event (what from_events does for each).
  void apply(const review_event& e);

  // ---- corrections: each appends events and never edits one ----
  //
  // An event may be recorded with a time before events already recorded (a
  // late fact, a backdated step) if the whole history, replayed in order of
  // occurrence, is still valid; otherwise it is refused naming the first
  // later event it would invalidate. Who may correct an event: the role that
  // recorded it, any role that may record that event, and the procedure's
  // `corrections` roles.

  /// Voids events by their sequence (1, 2, ... in history()): each stays in
  /// the history, and the review is rebuilt without them. Voiding the opening
  /// event (1) voids the whole review. `at` is when they were voided.
  void void_events(std::span<const std::uint64_t> sequences, std::string_view reason, instant at, const actor& by);
  /// Supersedes event `sequence` with a corrected occurrence time and/or
  /// data (`changes` are merged into its data; a null value removes a field).
  void amend(std::uint64_t sequence, std::optional<instant> occurred, const event_data& changes,
             std::string_view reason, const actor& by);
  /// Marks a milestone, or an obligation's occurrence (the earliest open one
  /// when `occurrence` is 0), as not applicable: "waived", never overdue.
  void waive(std::string_view item, std::string_view reason, instant at, const actor& by,
             std::string_view agency = {}, int occurrence = 0);
  /// Takes `person` off `role`, clearing the warnings the assignment raised.
  /// The person is found as assign() compares people; `person_id` picks one
  /// of two people of one name whose assignments gave ids.
  void unassign(std::string_view person, std::string_view role, std::string_view reason, instant at,
                const actor& by, std::string_view agency = {}, std::string_view person_id = {});
  /// True once the opening event is voided: the review was opened by mistake.
  bool voided() const noexcept { return voided_; }
  /// The events in force, in order of occurrence (ties in recorded order):
  /// the history less its corrections and voided events, amended events as
  /// corrected. Every query is a fold of these.
  const std::vector<review_event>& effective() const {
    if (base_ != 0) read_all();
    return events_;
  }
  /// The sequence in history() of effective()[i].
  std::uint64_t sequence_of(std::size_t i) const { return seq_.at(i); }
  /// The correction of event `sequence` in force, if any: the voided or the
  /// latest amended event that corrects it.
  const review_event* correction_of(std::uint64_t sequence) const;

  /// What can happen next, as of the end of `as_of` (see next_step).
  std::vector<next_step> next(date as_of) const;
  std::vector<next_step> next() const;

  // ---- queries ----

  const std::string& reference() const;
  const procedure& definition() const noexcept { return *procedure_; }
  std::shared_ptr<const procedure> definition_ptr() const noexcept { return procedure_; }
  const scr::calendar& calendar() const noexcept { return calendar_; }
  /// The current state, and the state as of the end of a date.
  const std::string& state() const;
  const std::string& state(date as_of) const;
  /// True in a terminal state.
  bool closed() const;
  /// When it entered a terminal state (the instant of the event that closed
  /// it); empty while it is open. The store counts retention from its date.
  std::optional<instant> closed_at() const;
  /// The branch the review took last ("" before any).
  const std::string& branch() const;
  instant opened_at() const;
  instant last_event_at() const;
  /// Every event in the order it was recorded, corrections included. The
  /// reference is valid until the next command on the review (a command may
  /// give the history a list of its own): copy it to keep it.
  const std::vector<review_event>& history() const {
    if (base_ != 0) read_all();
    return shared_log_ ? events_ : log_;
  }
  std::size_t size() const noexcept { return shared_log_ ? count() : log_.size(); }
  std::vector<track_status> tracks() const;
  std::vector<assignment> assignments() const;
  std::vector<hold_period> holds() const;
  bool on_hold() const;
  /// On hold at the end of `as_of` (a hold released that day is over).
  bool on_hold(date as_of) const;

  /// Every milestone of the review and its tracks, as of the end of `as_of`.
  std::vector<timetable_row> timetable(date as_of) const;
  /// Every triggered obligation occurrence, as of the end of `as_of`.
  std::vector<obligation_row> obligations(date as_of) const;
  /// The same, listing the occurrences of repeating obligations due through
  /// `through` (a later date; and the first one after it, as `obligations(as_of)`
  /// lists the first after `as_of`), as the records stood at the end of `as_of`.
  std::vector<obligation_row> obligations(date as_of, date through) const;
  /// Conflicts and breaches, in the order they arose.
  std::vector<review_warning> warnings() const;
  std::vector<review_warning> warnings(date as_of) const;
  /// Decision and completion: in time, extended, days late.
  compliance_summary compliance(date as_of) const;
  /// Switches to another calendar (a new version of the holidays) and lists
  /// every due date that moved.
  std::vector<moved_date> recompute(scr::calendar cal);

  review(const review&);
  review& operator=(const review&);
  review(review&&) noexcept;
  review& operator=(review&&) noexcept;
  ~review();

 private:
  // The warnings as of `as_of`, given the timetable as of then (its breaches).
  std::vector<review_warning> warnings_from(date as_of, const std::vector<timetable_row>& rows) const;
  friend struct detail::review_access;
  review(std::shared_ptr<const procedure> p, scr::calendar cal);
  struct state_data;
  void check_and_commit(review_event e);
  void submit(review_event e);
  // Room for the events after these (an eighth more, and at least 64), so
  // that a review taken up to add one event does not move its whole history.
  void leave_room(std::size_t events = 0);  // for `events` events, or those it has
  void replay_in_order(std::span<const review_event> events);
  void replay_in_order(std::span<review_event> events);  // moves each event in
  template <class Next>
  void replay_each(std::size_t n, const Next& next);
  void correct(std::vector<review_event> corrections);
  // With `refused`, an event that does not apply is listed there (its
  // sequence, and why) and left out, instead of thrown.
  review refold(std::vector<review_event> log, const std::string& action, std::uint64_t own,
                std::vector<std::pair<std::uint64_t, std::string>>* refused = nullptr) const;
  void note_migration(review_event e);
  void adopt(review&& r);

  std::shared_ptr<const procedure> procedure_;
  std::shared_ptr<const detail::review_plan> plan_;
  scr::calendar calendar_;
  // In force, by occurrence: events base_, base_ + 1, ... (base_ is 0 but
  // in a review a store's writer took up from a snapshot without its events'
  // bodies; such a review never leaves the store that made it). Mutable for
  // that reason: the bodies of events before base_ are read when first asked
  // for (body(), into early_), or all at once (read_all(), when the list is
  // asked for).
  mutable std::vector<review_event> events_;
  std::vector<review_event> log_;     // as recorded (empty while shared_log_)
  std::vector<std::uint64_t> seq_;    // event i in force is log_[seq_[i] - 1], as corrected
  bool voided_ = false;
  // The history as recorded is events_ itself, and log_ is empty: every event
  // was recorded in order of occurrence and none corrected (the usual case;
  // one copy of the events, not two).
  bool shared_log_ = true;
  mutable std::size_t base_ = 0;
  // The bodies of events before base_ (null while base_ is 0): those decoded,
  // by index, and where the others come from, the snapshot's bytes or the
  // store's events (detail::early_bodies, review_state.hpp). While base_ is
  // not 0 the history as recorded is the events in force, in order: event i
  // has sequence i + 1.
  mutable std::unique_ptr<detail::early_bodies> early_;
  /// The number of events in force.
  std::size_t count() const noexcept { return base_ + events_.size(); }
  /// Event i in force, its body read first if it was not.
  const review_event& body(std::size_t i) const { return i >= base_ ? events_[i - base_] : early_body(i); }
  const review_event& early_body(std::size_t i) const;
  void read_bodies(std::size_t from) const;  // those before base_ from index `from` on, in one read
  void read_all() const;                     // every body: events_ holds them all, base_ is 0
  std::unique_ptr<state_data> s_;
};

/// The assigned event review::assign() submits (for store::append and
/// review::apply). A declaration named "person_id" is a data_error: the
/// person id is given on its own.
SCR_EXPORT review_event assignment_event(std::string_view person, std::string_view role, std::string_view agency,
                                         instant at, const actor& by, std::vector<std::string> declarations = {},
                                         std::string_view person_id = {});

SCR_EXPORT std::string_view to_string(event_kind) noexcept;
SCR_EXPORT std::string_view to_string(milestone_status) noexcept;
SCR_EXPORT std::string_view to_string(obligation_status) noexcept;
/// "opened", "voided", ...; throws input_error naming the kinds.
SCR_EXPORT event_kind event_kind_from(std::string_view name);

}  // namespace scr
