#pragma once
// -----------------------------------------------------------------------------
// scr/action_plan.hpp: a review's recommendations and actions, tracked to
// evidence, and the board's assurance report across reviews
// -----------------------------------------------------------------------------
//
// A review exists to change practice: the board approves its recommendations
// and the action plan that carries them out, then monitors each action to
// its evidence. libscr records all of it as events of the review (so it is
// audited, correctable and in the hash chain) under the procedure's
// `action_plan` section: a recommendation is a review-level event, and each
// action an instance of a track keyed by the action's number, whose due
// date, review date and progress updates are the track's own milestone and
// obligation. Overdue actions and updates therefore appear wherever every
// other deadline does (`overdue`, the monthly report, timetables, calendars).
// docs/action-plans.md.
//
//   scr::store db("board.db");
//   auto r = db.load("Child Q");
//   scr::action_input a;
//   a.number = "1.1";
//   a.recommendation = "1";
//   a.what = "Determine number of courses and arrange.";
//   a.lead = "Head of Police training";
//   a.by_when = "Three months";          // counted from the plan's approval
//   db.record("Child Q", scr::action_event(r), at, manager, scr::action_data(r, a));
//   auto plan = scr::action_plan::of(db.load("Child Q"), scr::make_date(2024, 9, 30));
//   for (const auto& rec : plan.recommendations) std::cout << rec.number << ' ' << to_string(rec.status) << '\n';

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "scr/date.hpp"
#include "scr/export.hpp"
#include "scr/procedure.hpp"
#include "scr/review.hpp"

namespace scr {

class store;

// ---- recording ---------------------------------------------------------------------

/// A recommendation as the board words it. Only `number` and `text` are
/// required.
struct SCR_EXPORT recommendation_input {
  std::string number;        ///< "1", "R2": its number in the plan
  std::string text;          ///< the recommendation
  std::string outcome;       ///< the intended outcome
  std::string addressed_to;  ///< someone with the authority to ensure compliance (001:1331)
  std::string agency;        ///< the agency it is for ("" for a multi-agency one)
  std::string source;        ///< overview_report, imr or panel ("" unknown), if the procedure has the field
  std::string type;          ///< its type, one of procedure.action_plan.types when the board lists them
  std::string measure;       ///< how its achievement will be measured
  bool urgent = false;
  std::vector<std::string> themes;  ///< for learning across reviews
  std::string audit;                ///< the information for audit agreed when the plan is made
};

/// An action under a recommendation. `by_when` is what the plan says: a date
/// ("31/03/2025", "2025-03-31"), a timescale from the plan's approval
/// ("Three months", "6 weeks", "One month"), or "Ongoing" (no due date; an
/// ongoing action may have a `review_on` date).
struct SCR_EXPORT action_input {
  std::string number;          ///< "1.2": unique in the review
  std::string recommendation;  ///< the number of the recommendation it carries out
  std::string what;            ///< the action
  std::string lead;            ///< by whom: the lead officer's designation, not their name (000:311)
  std::string agency;          ///< the lead officer's agency
  std::string by_when;         ///< a date, a timescale or "Ongoing"
  std::optional<date> review_on;
  std::string evidence;        ///< the evidence expected (information for audit)
};

/// How a plan's "By when?" reads: a date, a timescale, ongoing, or nothing.
struct SCR_EXPORT by_when {
  std::optional<date> on;             ///< a date as such
  std::optional<timescale> within;    ///< a timescale from the plan's approval
  bool ongoing = false;
  std::string text;                   ///< as written
  /// Reads "Three months", "one month", "6 weeks", "31/03/2025",
  /// "2025-03-31", "Ongoing" or "". Throws input_error naming the text and
  /// what is accepted otherwise.
  static by_when parse(std::string_view text);
};

/// The review-level event that records a recommendation in `r`'s procedure.
/// input_error if the procedure has no action plan.
SCR_EXPORT const std::string& recommendation_event(const review& r);
/// The review-level event that begins an action (the action track's
/// instantiating event).
SCR_EXPORT const std::string& action_event(const review& r);

/// The data of a recommendation event. Throws data_error naming the field for
/// a missing number or text, a number already used in the review, a type not
/// in the board's list, or a field the procedure does not record (a source
/// or theme it has no field for); nothing is recorded.
SCR_EXPORT event_data recommendation_data(const review& r, const recommendation_input& in);
/// The data of an action event: its due date is `by_when` as a date, or the
/// timescale counted from the plan's approval (the latest approval event;
/// data_error "by_when" if the plan is not approved yet). Refused with a
/// data_error naming the field for an action number already used, a
/// recommendation not recorded, or an empty action.
SCR_EXPORT event_data action_data(const review& r, const action_input& in);

// ---- the plan as it stands -----------------------------------------------------------

/// What a SMART check found missing or vague, on an action or a
/// recommendation: a warning a board reads, never a refusal.
struct SCR_EXPORT smart_finding {
  std::string check;    ///< "lead", "due", "measure", "outcome", "evidence", "addressed_to", "vague"
  std::string message;  ///< "action 1.2 has no lead officer"
  friend bool operator==(const smart_finding&, const smart_finding&) = default;
};

/// A progress update (or a completion, or its return or sign-off) as recorded.
struct SCR_EXPORT action_update {
  std::string kind;       ///< "update", "completed", "returned", "signed off"
  instant at;
  actor by;
  std::string status;     ///< on_track, at_risk ... (updates that give one)
  std::string narrative;  ///< what was done; for a return, the reason
  std::string evidence;   ///< the evidence reference
  std::uint64_t sequence = 0;  ///< the event in the review's history
};

enum class action_status : std::uint8_t {
  open,            ///< being carried out, not yet due (or no due date)
  overdue,         ///< past its due date, not completed
  ongoing,         ///< an ongoing action: no end date
  completed,       ///< completed, its evidence awaiting sign-off
  implemented,     ///< completed and signed off (or completed, where the plan has no sign-off)
  waived,          ///< waived as not applicable (a correction)
};

struct SCR_EXPORT plan_action {
  std::string number, recommendation, what, lead, agency, by_when, evidence;
  action_status status = action_status::open;
  std::string state;                 ///< "open", "completed" (awaiting sign-off) or "signed off", as of the day
  std::optional<date> due;           ///< in force (as extended)
  std::optional<date> review_on;     ///< an ongoing action's review date
  milestone_status due_status = milestone_status::pending;
  int days_late = 0;                 ///< past the due date: as of the day while overdue, at completion when
                                     ///< implemented late; 0 otherwise
  std::optional<instant> agreed_at, completed_at, signed_off_at;
  std::string completion_evidence;
  std::vector<action_update> updates;  ///< every update, completion, return and sign-off, in order
  std::optional<date> next_update_due; ///< the earliest open occurrence of the update obligation
  bool update_overdue = false;         ///< an update is past due
  int updates_overdue = 0;             ///< how many occurrences are past due
  std::vector<smart_finding> smart;
};

enum class recommendation_status : std::uint8_t {
  no_actions,   ///< no action carries it out yet
  not_started,  ///< actions agreed, none updated or completed
  in_progress,  ///< some progress, not every action implemented
  implemented,  ///< every action implemented (waived actions aside; at least one implemented)
};

struct SCR_EXPORT plan_recommendation {
  std::string number, text, outcome, addressed_to, agency, source, type, measure, audit;
  bool urgent = false;
  std::vector<std::string> themes;
  std::optional<instant> made_at;
  recommendation_status status = recommendation_status::no_actions;
  std::vector<plan_action> actions;
  std::vector<smart_finding> smart;
  bool overdue() const noexcept;  ///< any of its actions overdue
};

/// A review's action plan as the records stood at the end of a day.
struct SCR_EXPORT action_plan {
  std::string reference;
  std::string procedure_id;
  int procedure_version = 0;
  std::string state;                   ///< the review's state
  date as_of;
  std::optional<instant> approved_at;  ///< the latest approval event, by then
  std::vector<plan_recommendation> recommendations;  ///< in the order made
  /// Actions whose recommendation is not recorded (named in `warnings`).
  std::vector<plan_action> unlinked;
  /// The plan's completion mark (Essex: within a year of the first request
  /// for updates, 004:362), when the procedure names one.
  std::optional<timetable_row> mark;
  /// The procedure the review runs under: `mark` points into it, so the plan
  /// keeps it alive.
  std::shared_ptr<const procedure> definition;
  /// Things a reader must know: an action whose due date no longer follows
  /// the plan's approval (the approval was corrected), an action under an
  /// unknown recommendation.
  std::vector<std::string> warnings;

  /// The plan of `r` as of the end of `as_of`. input_error if its procedure
  /// has no action plan.
  static action_plan of(const review& r, date as_of);

  std::size_t action_count() const noexcept;
  /// Every action (under recommendations, then unlinked), in order.
  std::vector<const plan_action*> actions() const;
};

SCR_EXPORT std::string_view to_string(action_status) noexcept;
SCR_EXPORT std::string_view to_string(recommendation_status) noexcept;

// ---- the board's assurance report ------------------------------------------------------

/// One row of the assurance report's tables. `by_status` is keyed by the
/// recommendations' status; `by_agency` counts the recommendations for the
/// agency and the actions it leads; `by_theme` the recommendations with the
/// theme and their actions.
struct SCR_EXPORT assurance_count {
  std::string key;  ///< an agency, a theme or a recommendation status
  int recommendations = 0;
  int actions = 0;
  int overdue = 0;      ///< actions overdue
  /// by_agency: actions implemented; by_theme and by_status: recommendations implemented
  int implemented = 0;
  int reviews = 0;      ///< reviews it appears in
};

/// Recommendations by status, actions overdue and by agency, plans past
/// their mark, the proportion implemented (and of urgent recommendations),
/// and themes across reviews, as the records stood at the end of `as_of`;
/// `from`..`as_of` is the period whose completions and updates it counts.
struct SCR_EXPORT assurance_report {
  date from, as_of;
  std::vector<action_plan> plans;  ///< every review with a recommendation, in the order opened
  int recommendations = 0, implemented = 0;
  int urgent = 0, urgent_implemented = 0;
  int actions = 0, actions_implemented = 0, actions_overdue = 0, updates_overdue = 0;
  int completed_in_period = 0, updates_in_period = 0;
  std::vector<std::string> past_mark;  ///< reviews whose plan is past its completion mark
  std::vector<assurance_count> by_status, by_agency, by_theme;
  /// implemented / recommendations (0 when there are none).
  double proportion_implemented() const noexcept;
  double proportion_urgent_implemented() const noexcept;
};

/// The assurance report over `reviews` (each as of `as_of`).
SCR_EXPORT assurance_report assure(const std::vector<action_plan>& plans, date from, date as_of);
/// The same over every review in the store whose procedure records action
/// plans (void reviews left out), or only those named.
SCR_EXPORT assurance_report assure(const store& db, date from, date as_of,
                                   const std::vector<std::string>& references = {});

// ---- formats ----------------------------------------------------------------------------

enum class plan_format : std::uint8_t { text, csv, json, html, xlsx };
/// "text", "csv", "json", "html", "xlsx"; input_error naming the formats otherwise.
SCR_EXPORT plan_format plan_format_from(std::string_view name);

/// One review's plan: one row per action with its recommendation, due date,
/// status, last update and SMART findings. CSV cells that a spreadsheet
/// would take for a formula are prefixed with an apostrophe.
SCR_EXPORT std::string export_action_plan(const action_plan& p, plan_format as);
/// The assurance report: headline figures, then the tables.
SCR_EXPORT std::string export_assurance(const assurance_report& a, plan_format as);

// ---- the boards' layouts ----------------------------------------------------------------

/// A board's action plan template, for import and export.
enum class plan_layout : std::uint8_t {
  solihull_2011,   ///< Outcome | Recommendation | Actions | By Whom? | By When? | Actions taken | Information for audit (001:1326)
  stockport_2010,  ///< No | Recommendation | Key Actions (SMART) | Evidence | Key Outcome | Lead Officer (designation) | Date (002:367-408)
};
/// "solihull-2011", "stockport-2010"; input_error otherwise.
SCR_EXPORT plan_layout plan_layout_from(std::string_view name);
SCR_EXPORT std::string_view to_string(plan_layout) noexcept;

/// A problem in an imported plan, at its row (1-based, as the spreadsheet
/// numbers it) and column heading.
struct SCR_EXPORT plan_issue {
  std::size_t row = 0;
  std::string column;
  std::string rule;     ///< "header-missing", "required", "by-when", "count", "number", "duplicate", "no-rows"
  std::string message;
  friend bool operator==(const plan_issue&, const plan_issue&) = default;
};

/// A plan read from a file: recommendations and actions as they would be
/// recorded, or every problem found.
struct SCR_EXPORT plan_sheet {
  plan_layout layout = plan_layout::solihull_2011;
  std::vector<recommendation_input> recommendations;
  std::vector<action_input> actions;
  std::vector<plan_issue> issues;
  bool ok() const noexcept { return issues.empty(); }
  /// Every issue, one per line: "row 4, By When?: 'soonish' is not a date, a
  /// timescale or Ongoing [by-when]".
  std::string report() const;
};

/// Reads a plan in the board's layout from CSV or XLSX bytes (told apart by
/// their content). A CSV cell written with a leading apostrophe to keep a
/// spreadsheet from running it as a formula reads back without it; an
/// action row with no information for audit of its own takes its
/// recommendation's as its evidence. A cell of the Actions column may hold several actions as
/// numbered lines ("1. ... 2. ..."), with the By Whom? and By When? cells
/// holding as many lines (Appendix 13); or each action has its row, the
/// recommendation's cells blank on the rows after its first. Recommendations
/// are numbered 1, 2 ... unless the file numbers them (Stockport's No), and
/// actions 1.1, 1.2 ... in order under their recommendation (a number an
/// Actions cell gives its lines is not kept). `what` names the file in messages.
SCR_EXPORT plan_sheet read_plan(std::string_view bytes, plan_layout layout, std::string_view what);

/// Writes a review's plan in the board's layout: CSV, or XLSX (`xlsx`), one
/// row per action, "Actions taken" holding the latest update.
SCR_EXPORT std::string write_plan(const action_plan& p, plan_layout layout, bool xlsx);

}  // namespace scr
