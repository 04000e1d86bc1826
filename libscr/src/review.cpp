// The review engine: commands. Each is checked in full against the procedure
// before anything changes, then appended as one event (see scr/review.hpp).

#include "scr/review.hpp"
#include "scr/migration.hpp"

#include <algorithm>
#include <charconv>
#include <utility>

#include "person.hpp"
#include "review_people.hpp"
#include "review_plan.hpp"
#include "review_state.hpp"
#include "suggest.hpp"
#include "utf8.hpp"
#include "text.hpp"

namespace scr {

// ---- errors ----------------------------------------------------------------------

rule_error::rule_error(std::string rule, const std::string& what) : error(what), rule_(std::move(rule)) {}
transition_error::transition_error(const std::string& what) : rule_error("transition", what) {}
guard_error::guard_error(std::vector<std::string> guards, const std::string& what)
    : rule_error("guard", what), guards_(std::move(guards)) {}
role_error::role_error(const std::string& what) : rule_error("role", what) {}
prerequisite_error::prerequisite_error(const std::string& what) : rule_error("prerequisite", what) {}
conflict_error::conflict_error(std::string conflict_rule, const std::string& what)
    : rule_error("conflict", what), conflict_rule_(std::move(conflict_rule)) {}
data_error::data_error(std::string field, const std::string& what) : input_error(what), field_(std::move(field)) {}
agency_error::agency_error(const std::string& what) : input_error(what) {}

// ---- names ------------------------------------------------------------------------

std::string_view to_string(event_kind k) noexcept {
  switch (k) {
    case event_kind::opened: return "opened";
    case event_kind::recorded: return "recorded";
    case event_kind::assigned: return "assigned";
    case event_kind::scheduled: return "scheduled";
    case event_kind::extended: return "extended";
    case event_kind::held: return "held";
    case event_kind::released: return "released";
    case event_kind::discharged: return "discharged";
    case event_kind::voided: return "voided";
    case event_kind::amended: return "amended";
    case event_kind::waived: return "waived";
    case event_kind::unassigned: return "unassigned";
    case event_kind::migrated: return "migrated";
  }
  return "?";
}

event_kind event_kind_from(std::string_view name) {
  for (const auto k : {event_kind::opened, event_kind::recorded, event_kind::assigned, event_kind::scheduled,
                       event_kind::extended, event_kind::held, event_kind::released, event_kind::discharged,
                       event_kind::voided, event_kind::amended, event_kind::waived, event_kind::unassigned,
                       event_kind::migrated}) {
    if (to_string(k) == name) return k;
  }
  throw input_error("unknown kind of event '" + std::string(name) +
                    "'; the kinds: opened, recorded, assigned, scheduled, extended, held, released, discharged, "
                    "voided, amended, waived, unassigned, migrated");
}

std::string_view to_string(milestone_status s) noexcept {
  switch (s) {
    case milestone_status::pending: return "pending";
    case milestone_status::due_soon: return "due soon";
    case milestone_status::overdue: return "overdue";
    case milestone_status::met: return "met";
    case milestone_status::met_late: return "met late";
    case milestone_status::extended: return "extended";
    case milestone_status::paused: return "paused";
    case milestone_status::waived: return "waived";
    case milestone_status::outstanding: return "outstanding at closure";
  }
  return "?";
}

std::string_view to_string(obligation_status s) noexcept {
  switch (s) {
    case obligation_status::open: return "open";
    case obligation_status::pending: return "pending";
    case obligation_status::overdue: return "overdue";
    case obligation_status::discharged: return "discharged";
    case obligation_status::discharged_late: return "discharged late";
    case obligation_status::waived: return "waived";
    case obligation_status::outstanding: return "outstanding at closure";
  }
  return "?";
}

std::string timetable_row::rule() const { return rule_text(*def); }

int timetable_row::days_late(date as_of) const {
  // A waived milestone (a branch not taken, or the review ended first) is
  // neither open nor late.
  if (!due || status == milestone_status::waived) return 0;
  const date until = completed_at ? london_date(*completed_at) : as_of;
  const auto days = (until - *due).days();
  return days > 0 ? static_cast<int>(days) : 0;
}

std::uint32_t review::state_data::cutoff(date as_of) const {
  return static_cast<std::uint32_t>(std::upper_bound(dates.begin(), dates.end(), as_of) - dates.begin());
}

namespace {

using detail::machine_plan;
using detail::review_scope;
using detail::text_of;

std::string quoted(std::string_view s) { return "'" + std::string(s) + "'"; }

// What a track instance is named by in messages: "agency 'Police'", or, for
// a track keyed by another field, that field: "action '1.2'".
std::string keyed(const review_scope& sc) {
  std::string noun = sc.plan->t->agency_field.empty() ? "agency" : sc.plan->t->agency_field;
  std::replace(noun.begin(), noun.end(), '_', ' ');
  return noun + " " + quoted(sc.agency);
}

using detail::join;

template <class T, class F>
std::vector<std::string> names_of(const std::vector<T>& items, F name) {
  std::vector<std::string> out;
  out.reserve(items.size());
  for (const auto& i : items) out.push_back(name(i));
  return out;
}

std::string cite_text(const std::vector<std::string>& cite) {
  return cite.empty() ? std::string() : " (" + join(cite) + ")";
}

// Text recorded in a review: UTF-8 without control characters other than
// tab and newline, so that every export can carry it verbatim.
// What is wrong with the text, if anything.
std::optional<std::string> text_problem(std::string_view value, bool required) {
  if (required && value.find_first_not_of(" \t\r\n") == std::string_view::npos) return "is empty";
  return detail::free_text_problem(value);
}

template <class What>
void check_text_lazily(std::string_view value, const What& what, bool required, std::string_view field = {}) {
  const auto problem = text_problem(value, required);
  if (!problem) return;
  if (!field.empty()) throw data_error(std::string(field), std::string(what()) + " " + *problem);
  throw input_error(std::string(what()) + " " + *problem);
}

void check_text(std::string_view value, std::string_view what, bool required, std::string_view field = {}) {
  check_text_lazily(value, [&] { return what; }, required, field);
}

// A name, a reference, an agency: one line of visible text (docs/engine.md).
void check_name(std::string_view value, std::string_view what, bool required) {
  if (required && value.find_first_not_of(" \t\r\n") == std::string_view::npos) {
    throw input_error(std::string(what) + " is empty");
  }
  if (const auto problem = detail::name_problem(value)) throw input_error(std::string(what) + " " + *problem);
}

std::string value_text(const field_value& v) {
  struct visitor {
    std::string operator()(std::monostate) const { return "empty"; }
    std::string operator()(bool b) const { return b ? "true" : "false"; }
    std::string operator()(std::int64_t i) const { return std::to_string(i); }
    std::string operator()(const std::string& s) const { return quoted(s); }
    std::string operator()(date d) const { return "the date " + format_date(d); }
    std::string operator()(instant t) const { return "the instant " + format_instant(t); }
  };
  return std::visit(visitor{}, v);
}

bool in_calendar(const calendar& cal, date d) {
  return !d.is_special() && d >= min_date() && d <= max_date() && d >= cal.first() && d <= cal.last();
}

void check_in_calendar(const calendar& cal, date d, std::string_view what) {
  check_date(d, what);
  if (d < cal.first() || d > cal.last()) {
    throw range_error(std::string(what) + " " + format_date(d) + " is outside the calendar " + quoted(cal.name()) +
                      " (" + format_date(cal.first()) + " to " + format_date(cal.last()) + ")");
  }
}

void check_instant(const calendar& cal, instant t, std::string_view what) {
  if (t.is_special()) throw input_error(std::string(what) + " is not a date and time");
  if (t < min_instant()) {
    throw range_error(std::string(what) + " " + format_instant(t) + " is before " + format_instant(min_instant()) +
                      ", the first instant libscr computes with");
  }
  check_in_calendar(cal, london_date(t), what);
}

std::optional<time_of_day> parse_time_of_day(std::string_view text) {
  if (text.size() != 5 || text[2] != ':') return std::nullopt;
  int h = 0, m = 0;
  const auto a = std::from_chars(text.data(), text.data() + 2, h);
  const auto b = std::from_chars(text.data() + 3, text.data() + 5, m);
  if (a.ec != std::errc{} || a.ptr != text.data() + 2 || b.ec != std::errc{} || b.ptr != text.data() + 5) {
    return std::nullopt;
  }
  if (h < 0 || h > 23 || m < 0 || m > 59) return std::nullopt;
  return time_of_day{h, m};
}

// One value of an event's data, converted to the field's type. Text is
// accepted for every type (as the CLI's --data key=value gives it).
// `ctx` names the event, built only when a message needs it.
template <class Context>
std::optional<field_value> convert(const field_spec& f, const field_value& v, const calendar& cal, const Context& ctx) {
  const auto what = [&] { return ctx() + ": field " + quoted(f.name); };
  const auto bad = [&](const std::string& expected) -> std::optional<field_value> {
    throw data_error(f.name, what() + " is " + value_text(v) + "; expected " + expected);
  };
  const std::string* text = std::get_if<std::string>(&v);
  switch (f.type) {
    case field_type::text:
      if (!text) return bad("text");
      check_text_lazily(*text, what, false, f.name);
      return std::nullopt;
    case field_type::agency:
      if (!text) return bad("the name of an agency");
      check_text_lazily(*text, what, true, f.name);
      if (const auto problem = detail::name_problem(*text)) throw data_error(f.name, what() + " " + *problem);
      return std::nullopt;
    case field_type::choice:
      if (!text) return bad("one of " + join(f.values));
      if (std::find(f.values.begin(), f.values.end(), *text) == f.values.end()) {
        std::string hint = detail::closest(*text, f.values);
        return bad("one of " + join(f.values) + (hint.empty() ? "" : "; did you mean " + quoted(hint) + "?"));
      }
      return std::nullopt;
    case field_type::boolean:
      if (std::holds_alternative<bool>(v)) return std::nullopt;
      if (text) {
        if (*text == "true" || *text == "yes") return true;
        if (*text == "false" || *text == "no") return false;
      }
      return bad("true or false");
    case field_type::integer:
      if (std::holds_alternative<std::int64_t>(v)) return std::nullopt;
      if (text) {
        std::int64_t i = 0;
        const auto r = std::from_chars(text->data(), text->data() + text->size(), i);
        if (r.ec == std::errc{} && r.ptr == text->data() + text->size() && !text->empty()) return i;
      }
      return bad("a whole number");
    case field_type::local_date: {
      date d;
      if (const date* p = std::get_if<date>(&v)) {
        d = *p;
      } else if (text) {
        try {
          d = parse_date(*text);
        } catch (const input_error& e) {
          throw data_error(f.name, what() + ": " + e.what());
        }
      } else {
        return bad("a date");
      }
      if (!in_calendar(cal, d)) try {
        check_in_calendar(cal, d, what());
      } catch (const input_error& e) {
        throw data_error(f.name, e.what());
      }
      return d;
    }
    case field_type::timestamp: {
      instant t;
      if (const instant* p = std::get_if<instant>(&v)) {
        t = *p;
      } else if (text) {
        try {
          t = parse_instant(*text);
        } catch (const input_error& e) {
          throw data_error(f.name, what() + ": " + e.what());
        }
      } else {
        return bad("a date and time");
      }
      if (t.is_special() || t < min_instant() || !in_calendar(cal, london_date(t))) try {
        check_instant(cal, t, what());
      } catch (const input_error& e) {
        throw data_error(f.name, e.what());
      }
      return t;
    }
  }
  return bad("a value");
}

// Checks an event's data against its fields and converts each value to its
// field's type, in place.
template <class Context>
void normalize(const event_spec& spec, event_data& data, const calendar& cal, const Context& ctx) {
  for (auto it = data.begin(); it != data.end();) {
    const field_spec* f = spec.find_field(it->first);
    if (f == nullptr) {
      const auto fields = names_of(spec.data, [](const field_spec& x) { return x.name; });
      const std::string hint = detail::closest(it->first, fields);
      throw data_error(it->first, ctx() + " has no field " + quoted(it->first) +
                                      (hint.empty() ? "" : "; did you mean " + quoted(hint) + "?") +
                                      (fields.empty() ? " (it carries no data)" : " (its fields: " + join(fields) + ")"));
    }
    if (std::holds_alternative<std::monostate>(it->second)) {
      it = data.erase(it);
      continue;
    }
    if (auto converted = convert(*f, it->second, cal, ctx)) it->second = std::move(*converted);
    ++it;
  }
  for (const auto& f : spec.data) {
    if (data.find(f.name) != data.end()) continue;
    if (f.required) {
      throw data_error(f.name, ctx() + " needs field " + quoted(f.name) + (f.title.empty() ? "" : " (" + f.title + ")"));
    }
    if (f.required_when && f.required_when->holds(data)) {
      throw data_error(f.name, ctx() + " needs field " + quoted(f.name) + " when " + f.required_when->text() +
                                   (f.title.empty() ? "" : " (" + f.title + ")"));
    }
  }
}

// Rethrows the error being handled as the same type, with `prefix` before its
// message.
[[noreturn]] void rethrow_prefixed(const std::string& prefix) {
  try {
    throw;
  } catch (const guard_error& e) {
    throw guard_error(e.guards(), prefix + e.what());
  } catch (const conflict_error& e) {
    throw conflict_error(e.conflict_rule(), prefix + e.what());
  } catch (const transition_error& e) {
    throw transition_error(prefix + e.what());
  } catch (const role_error& e) {
    throw role_error(prefix + e.what());
  } catch (const prerequisite_error& e) {
    throw prerequisite_error(prefix + e.what());
  } catch (const rule_error& e) {
    throw rule_error(e.rule(), prefix + e.what());
  } catch (const data_error& e) {
    throw data_error(e.field(), prefix + e.what());
  } catch (const agency_error& e) {
    throw agency_error(prefix + e.what());
  } catch (const range_error& e) {
    throw range_error(prefix + e.what());
  } catch (const definition_error&) {
    throw;
  } catch (const input_error& e) {
    throw input_error(prefix + e.what());
  } catch (const error& e) {
    throw error(prefix + e.what());
  }
}

}  // namespace

namespace detail {
[[noreturn]] void rethrow_prefixed(const std::string& prefix) { scr::rethrow_prefixed(prefix); }
}  // namespace detail

// ---- construction ----------------------------------------------------------------

review::review(std::shared_ptr<const procedure> p, scr::calendar cal)
    : procedure_(std::move(p)), calendar_(std::move(cal)), s_(std::make_unique<state_data>()) {
  if (!procedure_) throw input_error("a review needs a procedure");
  plan_ = detail::review_plan::of(procedure_);
  s_->scopes.emplace_back(plan_->review, detail::no_track, std::string(), 0, s_->arena.get());
  s_->track_scope->resize(plan_->tracks.size());
}

review::review(const review& o)
    : procedure_(o.procedure_), plan_(o.plan_), calendar_(o.calendar_), events_(o.effective()), log_(o.log_),
      seq_(o.seq_), voided_(o.voided_), shared_log_(o.shared_log_), s_(std::make_unique<state_data>(*o.s_)) {
  for (auto& sc : s_->scopes) {
    sc.plan = sc.is_track() ? &plan_->tracks[sc.track] : &plan_->review;
  }
}
review& review::operator=(const review& o) {
  if (this != &o) {
    review copy(o);
    *this = std::move(copy);
  }
  return *this;
}
review::review(review&&) noexcept = default;
review& review::operator=(review&&) noexcept = default;
review::~review() = default;

review review::open(std::shared_ptr<const procedure> p, scr::calendar cal, std::string reference, instant at,
                    const actor& by, event_data data) {
  review r(std::move(p), std::move(cal));
  review_event e;
  e.kind = event_kind::opened;
  e.name = r.procedure_->opened_by();
  e.subject = std::move(reference);
  e.at = at;
  e.by = by;
  e.data = std::move(data);
  r.submit(std::move(e));
  return r;
}

review review::open(const procedure& p, scr::calendar cal, std::string reference, instant at, const actor& by,
                    event_data data) {
  return open(std::make_shared<const procedure>(p), std::move(cal), std::move(reference), at, by, std::move(data));
}

namespace {
// In order and uncorrected (the common case): folded in one pass.
bool simple_history(std::span<const review_event> events) {
  for (std::size_t i = 0; i < events.size(); ++i) {
    if (is_history_only(events[i].kind) || (i > 0 && events[i].at < events[i - 1].at)) return false;
  }
  return true;
}
}  // namespace

review review::from_events(std::shared_ptr<const procedure> p, scr::calendar cal,
                           std::span<const review_event> events) {
  if (events.empty()) throw input_error("a review's history cannot be empty: it begins with the opening event");
  if (!simple_history(events)) {
    return from_events(std::move(p), std::move(cal), std::vector<review_event>(events.begin(), events.end()));
  }
  review r(std::move(p), std::move(cal));
  r.leave_room(events.size());
  r.replay_in_order(events);
  return r;
}

review review::from_events(std::shared_ptr<const procedure> p, scr::calendar cal, std::vector<review_event>&& events) {
  if (events.empty()) throw input_error("a review's history cannot be empty: it begins with the opening event");
  review r(std::move(p), std::move(cal));
  // Otherwise the history is folded once in order of occurrence.
  if (!simple_history(events)) return r.refold(std::move(events), "the history", 0);
  r.leave_room(events.size());
  r.replay_in_order(std::span<review_event>(events));
  return r;
}

void review::leave_room(std::size_t events) {
  const std::size_t room = detail::review_access::room_for(std::max(events, size()));
  // The events before base_ are not in the list, which then holds the few
  // added since the review was taken up: moving them as it grows costs little.
  events_.reserve(base_ == 0 ? room : std::min<std::size_t>(room - std::min(room, base_), 8));
  if (!shared_log_) log_.reserve(room);
  seq_.reserve(room);
  s_->dates.reserve(room);
}

// Recorded events, each at or after the last in force and none a correction,
// folded one by one as recorded history (state_data::replaying). `next(i)`
// gives event i (a copy, or the event moved out of its list).
template <class Next>
void review::replay_each(std::size_t n, const Next& next) {
  s_->replaying = true;
  for (std::size_t i = 0; i < n; ++i) {
    review_event e = next(i);
    const event_kind kind = e.kind;
    std::string name = e.name;
    try {
      submit(std::move(e));
    } catch (const error&) {
      s_->replaying = false;
      rethrow_prefixed("event " + std::to_string(size() + 1) + " of the history (" +
                       std::string(to_string(kind)) + " " + quoted(name) + ") does not apply: ");
    }
  }
  s_->replaying = false;
}

void review::replay_in_order(std::span<const review_event> events) {
  replay_each(events.size(), [&](std::size_t i) { return events[i]; });
}

void review::replay_in_order(std::span<review_event> events) {
  replay_each(events.size(), [&](std::size_t i) { return std::move(events[i]); });
}

void detail::review_access::resume(review& r, std::span<const review_event> tail) {
  if (tail.empty()) return;
  // As from_events would: events in order and uncorrected are folded one by
  // one; otherwise the whole history is folded again in order of occurrence.
  bool simple = !r.voided_;
  instant last = r.body(r.count() - 1).at;
  for (std::size_t i = 0; i < tail.size() && simple; ++i) {
    simple = !is_history_only(tail[i].kind) && tail[i].kind != event_kind::opened && !(tail[i].at < last);
    last = tail[i].at;
  }
  if (simple) {
    r.replay_in_order(tail);
    return;
  }
  std::vector<review_event> log = r.history();
  log.insert(log.end(), tail.begin(), tail.end());
  r.adopt(r.refold(std::move(log), "the history", 0));
}

// ---- commands --------------------------------------------------------------------

void review::record(std::string_view event, instant at, const actor& by, event_data data, std::string_view agency) {
  review_event e;
  e.kind = event_kind::recorded;
  e.name = event;
  e.agency = agency;
  e.at = at;
  e.by = by;
  e.data = std::move(data);
  submit(std::move(e));
}

void review::assign(std::string_view person, std::string_view role, std::string_view agency, instant at,
                    const actor& by, std::vector<std::string> declarations, std::string_view person_id) {
  submit(assignment_event(person, role, agency, at, by, std::move(declarations), person_id));
}

review_event assignment_event(std::string_view person, std::string_view role, std::string_view agency, instant at,
                              const actor& by, std::vector<std::string> declarations, std::string_view person_id) {
  review_event e;
  e.kind = event_kind::assigned;
  e.name = role;
  e.subject = person;
  e.agency = agency;
  e.at = at;
  e.by = by;
  for (auto& d : declarations) {
    if (d == detail::person_id_field) {
      throw data_error(d, "'" + d + "' is not a declaration: it is the person id, given on its own");
    }
    e.data.emplace(std::move(d), true);
  }
  if (!person_id.empty()) e.data.emplace(std::string(detail::person_id_field), std::string(person_id));
  return e;
}

void review::schedule(std::string_view milestone, date on, std::optional<time_of_day> time, instant at,
                      const actor& by, std::string_view agency) {
  review_event e;
  e.kind = event_kind::scheduled;
  e.name = milestone;
  e.agency = agency;
  e.at = at;
  e.by = by;
  e.data.emplace("on", on);
  if (time) e.data.emplace("time", time->to_string());
  submit(std::move(e));
}

void review::extend(std::string_view milestone, date new_due, std::string_view reason, instant at,
                    const actor& agreed_by, std::string_view agency) {
  review_event e;
  e.kind = event_kind::extended;
  e.name = milestone;
  e.agency = agency;
  e.at = at;
  e.by = agreed_by;
  e.data.emplace("due", new_due);
  e.data.emplace("reason", std::string(reason));
  submit(std::move(e));
}

void review::hold(std::string_view reason, instant at, const actor& by) {
  review_event e;
  e.kind = event_kind::held;
  e.at = at;
  e.by = by;
  e.data.emplace("reason", std::string(reason));
  submit(std::move(e));
}

void review::release(instant at, const actor& by, std::string_view note) {
  review_event e;
  e.kind = event_kind::released;
  e.at = at;
  e.by = by;
  if (!note.empty()) e.data.emplace("note", std::string(note));
  submit(std::move(e));
}

void review::discharge(std::string_view obligation, instant at, const actor& by, std::string_view note,
                       std::string_view agency) {
  review_event e;
  e.kind = event_kind::discharged;
  e.name = obligation;
  e.agency = agency;
  e.at = at;
  e.by = by;
  if (!note.empty()) e.data.emplace("note", std::string(note));
  submit(std::move(e));
}

void review::apply(const review_event& e) { submit(e); }

namespace {

// The checks shared by every command, and the look-ups that name what they
// could not find.
struct checker {
  const procedure& p;
  const detail::review_plan& plan;
  const calendar& cal;
  const review& rv;  // its events in force, read through review_access::event
  std::size_t events_size() const { return detail::review_access::events_in_force(rv); }
  const review_event& event(std::size_t i) const { return detail::review_access::event(rv, i); }
  const detail::review_access::state_data& s;
  const std::string& reference;

  std::string in_review() const { return " in review " + quoted(reference); }

  // Events reach the fold in order of occurrence (submit() and refold() see
  // to it); the time need only be within the calendar.
  void check_time(instant at) const { check_instant(cal, at, "the event's time"); }

  void check_actor(const actor& by) const {
    check_name(by.name, "the actor's name", true);
    check_name(by.agency, "the actor's agency", false);
    // Acting in a role the procedure does not have (or none) is refused by
    // the rules, like acting in the wrong one.
    try {
      check_role_name(by.role, "the actor's role");
    } catch (const input_error& e) {
      throw role_error(by.role.empty() ? std::string("the actor has no role; every step is taken in one of the "
                                                     "procedure's roles")
                                       : std::string(e.what()));
    }
  }

  void check_role_name(std::string_view role, std::string_view what) const {
    if (detail::lookup(plan.roles, role)) return;
    const auto roles = names_of(p.roles(), [](const scr::role& r) { return r.id; });
    const std::string hint = detail::closest(role, roles);
    throw input_error(std::string(what) + " " + quoted(role) + " is not a role of procedure " + quoted(p.id()) +
                      (hint.empty() ? "; its roles: " + join(roles) : "; did you mean " + quoted(hint) + "?"));
  }

  // The scope (review or agency track) for an item of `kind` named `name`;
  // `index_of` finds it in a machine plan.
  template <class F>
  std::pair<std::uint32_t, std::uint32_t> resolve(std::string_view kind, std::string_view name, std::string_view agency,
                                                  std::string_view actor_agency, F index_of) const {
    if (const auto i = index_of(plan.review)) return {0, *i};
    std::vector<std::uint32_t> tracks;
    for (std::uint32_t t = 0; t < plan.tracks.size(); ++t)
      if (index_of(plan.tracks[t])) tracks.push_back(t);
    if (tracks.empty()) {
      std::vector<std::string> all;
      const auto add = [&](const machine& m) {
        if (kind == "event") for (const auto& e : m.events) all.push_back(e.name);
        if (kind == "milestone") for (const auto& x : m.milestones) all.push_back(x.id);
        if (kind == "obligation") for (const auto& x : m.obligations) all.push_back(x.id);
      };
      add(p);
      for (const auto& t : p.tracks()) add(t);
      const std::string hint = detail::closest(name, all);
      throw input_error("unknown " + std::string(kind) + " " + quoted(name) + " in procedure " + quoted(p.id()) +
                        (hint.empty() ? "" : "; did you mean " + quoted(hint) + "?"));
    }
    const auto find = [&](std::string_view a) -> std::optional<std::pair<std::uint32_t, std::uint32_t>> {
      for (const auto t : tracks) {
        const auto& scopes = (*s.track_scope)[t];
        const auto it = scopes.find(a);
        if (it != scopes.end()) return std::pair{it->second, *index_of(plan.tracks[t])};
      }
      return std::nullopt;
    };
    if (!agency.empty()) {
      if (const auto r = find(agency)) return *r;
    } else if (!actor_agency.empty()) {
      if (const auto r = find(actor_agency)) return *r;
    }
    // Refused: the messages are built only now.
    std::vector<std::string> agencies;
    for (const auto& sc : s.scopes)
      if (sc.is_track() && std::find(tracks.begin(), tracks.end(), sc.track) != tracks.end()) agencies.push_back(sc.agency);
    const track& t = p.tracks()[tracks.front()];
    // A track keyed by an agency, or by another field (an action's number).
    std::string noun = t.agency_field.empty() || t.agency_field == "agency" ? "agency" : t.agency_field;
    std::replace(noun.begin(), noun.end(), '_', ' ');
    const std::string nouns = noun == "agency" ? "agencies" : noun + "s";
    const std::string known = agencies.empty()
                                  ? "no " + noun + " has that track yet" + in_review() + " (" + t.instantiated_by +
                                        " begins one)"
                                  : nouns + " with that track" + in_review() + ": " + join(agencies);
    if (!agency.empty()) {
      throw agency_error(noun + " " + quoted(agency) + " has no track " + quoted(t.id) + in_review() + "; " + known);
    }
    throw agency_error(std::string(kind) + " " + quoted(name) + " belongs to each " + noun + "'s track " +
                       quoted(t.id) + " (" + t.title + "): name the " + noun + "; " + known);
  }

  std::pair<std::uint32_t, std::uint32_t> resolve_event(std::string_view name, std::string_view agency,
                                                        std::string_view actor_agency) const {
    return resolve("event", name, agency, actor_agency,
                   [&](const machine_plan& m) { return detail::lookup(m.events, name); });
  }
  std::pair<std::uint32_t, std::uint32_t> resolve_milestone(std::string_view name, std::string_view agency,
                                                            std::string_view actor_agency) const {
    return resolve("milestone", name, agency, actor_agency,
                   [&](const machine_plan& m) { return detail::lookup(m.milestones, name); });
  }
  std::pair<std::uint32_t, std::uint32_t> resolve_obligation(std::string_view name, std::string_view agency,
                                                             std::string_view actor_agency) const {
    return resolve("obligation", name, agency, actor_agency,
                   [&](const machine_plan& m) { return detail::lookup(m.obligations, name); });
  }

  // The person an assigned or unassigned event names: the key of the name,
  // and the person id in its data, checked.
  detail::person person_of(const review_event& e) const {
    detail::person out;
    if (const auto it = e.data.find(detail::person_id_field); it != e.data.end()) {
      const std::string field(detail::person_id_field);
      const std::string whose = "the person id of " + quoted(e.subject);
      const std::string* id = std::get_if<std::string>(&it->second);
      if (id == nullptr) {
        throw data_error(field, whose + " is " + value_text(it->second) +
                                    "; expected text (an identifier such as a staff number)");
      }
      if (const auto problem = detail::name_problem(*id)) throw data_error(field, whose + " " + *problem);
      out.id = *id;
      out.id_key = detail::id_key(*id);
      if (out.id_key.empty()) {
        throw data_error(field, whose + " is " + quoted(*id) +
                                    ", which has no letter or digit; leave it out when there is none");
      }
    }
    out.key = detail::key_of_name(e.subject);
    return out;
  }

  std::string scope_name(const review_scope& sc) const {
    return sc.is_track() ? "the " + quoted(sc.plan->t->id) + " track of " + keyed(sc) : "the review";
  }

  void check_open() const {
    const auto& sc = s.scopes[0];
    if (sc.plan->terminal[sc.state_now()]) {
      throw transition_error("review " + quoted(reference) + " is closed (state " +
                             quoted(p.states[sc.state_now()].id) + "): nothing more can be recorded");
    }
  }

  // The roles held (by the assignments in force) and by whom.
  std::vector<detail::holding> holdings(const std::vector<std::size_t>& ks) const {
    std::vector<detail::holding> out;
    for (const auto k : ks) {
      const review_event& a = event(s.assignments[k]);
      out.push_back({&a.subject, &s.people[k].id, &a.name});
    }
    return out;
  }

  // Whether the roles held, with `adding`, are every role of the conflict.
  static bool completes(const role_conflict& c, const std::vector<detail::holding>& held, std::string_view adding) {
    return std::all_of(c.roles.begin(), c.roles.end(), [&](const std::string& r) {
      return r == adding ||
             std::any_of(held.begin(), held.end(), [&](const detail::holding& h) { return *h.role == r; });
    });
  }

  // The holdings among `held` under exactly the name `name`: what the
  // comparison by spelling, before people were compared as people, found.
  static std::vector<detail::holding> spelt(const std::vector<detail::holding>& held, const std::string& name) {
    std::vector<detail::holding> out;
    for (const auto& h : held)
      if (*h.name == name) out.push_back(h);
    return out;
  }

  // The holdings among `held` of the conflict's roles.
  static std::vector<detail::holding> in_conflict(const role_conflict& c, const std::vector<detail::holding>& held) {
    std::vector<detail::holding> out;
    for (const auto& h : held)
      if (std::find(c.roles.begin(), c.roles.end(), *h.role) != c.roles.end()) out.push_back(h);
    return out;
  }

  // A "must" same-person conflict between the role acted in and the roles the
  // person has been assigned. The actor is known by name alone: every
  // assignment in force under the same name counts, unless person ids keep
  // people of that name apart and only one of them holds the role acted in
  // (then the actor is that one).
  // While replaying, a conflict found only by the comparison of people is
  // put in `*tolerated` (its rule and message) instead of refused.
  void check_actor_conflicts(const actor& by,
                             std::pair<const role_conflict*, std::string>* tolerated = nullptr) const {
    std::vector<const role_conflict*> rules;
    for (const auto& c : p.conflicts()) {
      if (c.kind == conflict_kind::same_person && c.level == strength::must &&
          std::find(c.roles.begin(), c.roles.end(), by.role) != c.roles.end()) {
        rules.push_back(&c);
      }
    }
    if (rules.empty() || s.assignments.empty()) return;
    const auto key = detail::key_of_name(by.name);
    std::vector<std::size_t> same;
    for (std::size_t k = 0; k < s.assignments.size(); ++k)
      if (s.in_force(k, events_size()) && detail::same_name(key, s.people[k].key)) same.push_back(k);
    if (same.empty()) return;
    std::vector<std::string> ids_in_role;
    for (const auto k : same) {
      const auto& id = s.people[k].id_key;
      if (!id.empty() && event(s.assignments[k]).name == by.role &&
          std::find(ids_in_role.begin(), ids_in_role.end(), id) == ids_in_role.end()) {
        ids_in_role.push_back(id);
      }
    }
    if (ids_in_role.size() == 1) {
      std::erase_if(same, [&](std::size_t k) {
        return !s.people[k].id_key.empty() && s.people[k].id_key != ids_in_role[0];
      });
    }
    const auto held = holdings(same);
    for (const role_conflict* c : rules) {
      if (!completes(*c, held, by.role)) continue;
      bool otherwise = false;
      const std::string who = detail::holders_text(by.name, "", in_conflict(*c, held), "holds", &otherwise);
      if (tolerated != nullptr && !completes(*c, spelt(held, by.name), by.role)) {
        *tolerated = {c, by.name + " acted as " + quoted(by.role) + ": " + who + ": " + c->rule};
        return;
      }
      throw conflict_error(c->rule, by.name + " may not act as " + quoted(by.role) + ": " + who + ": " + c->rule +
                                        cite_text(c->cite) + (otherwise ? std::string(detail::one_person_hint) : ""));
    }
  }
};

}  // namespace

// (Not noexcept: in a review a store's writer took up without its events'
// bodies, event 0's is read from the fold, or from the store if it was not
// there.)
const std::string& review::reference() const {
  static const std::string none;
  return count() == 0 ? none : body(0).subject;
}

void review::check_and_commit(review_event e) {
  const checker ck{*procedure_, *plan_, calendar_, *this, *s_, reference()};
  // Replaying: a conflict that only the comparison of people finds was
  // accepted when it was recorded under another spelling; it is kept as a
  // warning (state_data::replaying).
  const auto tolerate = [this](std::uint32_t at_event, instant at, const role_conflict& c, const std::string& what) {
    s_->tolerated.push_back({at_event, {"conflict", "recorded under another spelling of one person: " + what, c.rule,
                                        c.level, c.cite, at}});
  };
  ck.check_time(e.at);
  ck.check_actor(e.by);
  const auto index = static_cast<std::uint32_t>(count());
  if (count() == 0 && e.kind != event_kind::opened) {
    throw input_error("a review begins with its opening event (" + procedure_->opened_by() + "), not " +
                      std::string(to_string(e.kind)) + " " + quoted(e.name));
  }

  // Every command ends by appending the event; the lambda runs last.
  const auto append = [&](review_event&& ev) {
    const date day = london_date(ev.at);
    events_.push_back(std::move(ev));
    s_->dates.push_back(day);
  };

  switch (e.kind) {
    case event_kind::opened:
    case event_kind::recorded: {
      std::uint32_t si = 0, ei = 0;
      if (e.kind == event_kind::opened) {
        if (count() != 0) {
          throw input_error("review " + quoted(reference()) + " is already open; an opening event comes only first");
        }
        check_name(e.subject, "the review's reference", true);
        if (e.name.empty()) e.name = procedure_->opened_by();
        if (e.name != procedure_->opened_by()) {
          throw input_error("procedure " + quoted(procedure_->id()) + " opens a review with " +
                            quoted(procedure_->opened_by()) + ", not " + quoted(e.name));
        }
        ei = *detail::lookup(plan_->review.events, e.name);
        e.agency.clear();
      } else {
        ck.check_open();
        std::tie(si, ei) = ck.resolve_event(e.name, e.agency, e.by.agency);
      }
      const review_scope& sc = s_->scopes[si];
      const machine_plan& mp = *sc.plan;
      const event_spec& spec = mp.m->events[ei];
      const std::uint32_t st = sc.state_now();
      const auto& rows = mp.rows_from(st, ei);
      const auto ctx = [&] { return "event " + quoted(e.name) + (si != 0 ? " for " + keyed(sc) : ""); };
      if (rows.empty() && e.kind == event_kind::recorded) {
        std::vector<std::string> from;
        for (const auto r : mp.rows_for_event[ei])
          for (const auto& f : mp.m->transitions[r].from)
            if (std::find(from.begin(), from.end(), f) == from.end()) from.push_back(f);
        const std::string where = si == 0 ? std::string("the review") : ck.scope_name(sc);
        throw transition_error(ctx() + " is not allowed while " + where + " is in state " +
                               quoted(mp.m->states[st].id) + " (" + mp.m->states[st].title + ")" +
                               (from.empty() ? std::string("; no transition records it")
                                             : "; it is recorded from: " + join(from)));
      }
      // `e` is this command's own copy: its data is checked and converted in place.
      normalize(spec, e.data, calendar_, ctx);
      const event_data& data = e.data;
      const transition* chosen = nullptr;
      if (!rows.empty()) {
        std::vector<std::string> guards;
        for (const auto r : rows) {
          const transition& t = mp.m->transitions[r];
          if (!t.when || t.when->holds(data)) {
            chosen = &t;
            break;
          }
          guards.push_back(t.id + ": " + t.when->text());
        }
        if (chosen == nullptr) {
          std::vector<std::string> fields;
          for (const auto r : rows)
            if (const auto& w = mp.m->transitions[r].when)
              for (const auto& f : w->fields())
                if (std::find(fields.begin(), fields.end(), f) == fields.end()) fields.push_back(f);
          std::string given;
          for (const auto& f : fields) {
            const auto it = data.find(f);
            given += (given.empty() ? "" : ", ") + f + " = " + (it == data.end() ? "not given" : value_text(it->second));
          }
          throw guard_error(guards, ctx() + " in state " + quoted(mp.m->states[st].id) +
                                        ": no guard holds for the data given (" + given + "); the guards are " +
                                        join(guards, "; "));
        }
        if (!chosen->roles.empty() &&
            std::find(chosen->roles.begin(), chosen->roles.end(), e.by.role) == chosen->roles.end()) {
          throw role_error("role " + quoted(e.by.role) + " may not record " + quoted(e.name) + " (transition " +
                           quoted(chosen->id) + "); it is recorded by: " + join(chosen->roles) +
                           cite_text(chosen->cite));
        }
      }
      {
        std::pair<const role_conflict*, std::string> tolerated{nullptr, {}};
        ck.check_actor_conflicts(e.by, s_->replaying ? &tolerated : nullptr);
        if (tolerated.first != nullptr) tolerate(index, e.at, *tolerated.first, tolerated.second);
      }
      if (chosen != nullptr && !chosen->requires_.empty()) {
        // Only the scopes the prerequisites read are computed.
        std::vector<bool> wanted(s_->scopes.size(), false);
        wanted[si] = true;
        for (const auto& req : chosen->requires_) {
          if (req.kind != prerequisite_kind::every_agency) continue;
          for (std::size_t k = 0; k < s_->scopes.size(); ++k)
            if (s_->scopes[k].is_track() && s_->scopes[k].plan->t->id == req.track) wanted[k] = true;
        }
        const auto now = detail::review_access::compute(*this, index, london_date(e.at), true, &wanted);
        const std::string who = "transition " + quoted(chosen->id);
        for (const auto& req : chosen->requires_) {
          if (req.kind == prerequisite_kind::milestone) {
            std::uint32_t rs = si;
            auto mi = detail::lookup(mp.milestones, req.id);
            if (!mi) {
              rs = 0;
              mi = detail::lookup(plan_->review.milestones, req.id);
            }
            if (!mi) continue;
            const auto& row = now.milestones[rs][*mi].row;
            const auto st2 = row.status;
            if (st2 != milestone_status::met && st2 != milestone_status::met_late && st2 != milestone_status::waived) {
              throw prerequisite_error(who + " needs milestone " + quoted(req.id) + " (" + row.title() +
                                       ") met first; it is " + std::string(to_string(st2)) +
                                       (row.due ? ", due " + format_date(*row.due) : std::string()));
            }
          } else if (req.kind == prerequisite_kind::obligation) {
            int seen = 0;
            for (const auto& o : now.obligations) {
              if (o.id() != req.id || (si != 0 && o.agency != sc.agency)) continue;
              ++seen;
              if (o.status != obligation_status::discharged && o.status != obligation_status::discharged_late &&
                  o.status != obligation_status::waived) {
                throw prerequisite_error(who + " needs obligation " + quoted(req.id) + " (" + o.title() +
                                         ") discharged first; it is " + std::string(to_string(o.status)) +
                                         (o.due ? ", due " + format_date(*o.due) : std::string()));
              }
            }
            if (seen == 0) {
              throw prerequisite_error(who + " needs obligation " + quoted(req.id) +
                                       " discharged first; it has not been triggered yet");
            }
          } else {
            const auto t = std::find_if(procedure_->tracks().begin(), procedure_->tracks().end(),
                                        [&](const track& x) { return x.id == req.track; });
            if (t == procedure_->tracks().end()) continue;
            const auto ti = static_cast<std::uint32_t>(t - procedure_->tracks().begin());
            const auto mi = detail::lookup(plan_->tracks[ti].milestones, req.id);
            if (!mi) continue;
            std::vector<std::string> open;
            int tracks = 0;
            for (std::uint32_t k = 0; k < s_->scopes.size(); ++k) {
              if (s_->scopes[k].track != ti) continue;
              ++tracks;
              const auto& row = now.milestones[k][*mi].row;
              if (row.status != milestone_status::met && row.status != milestone_status::met_late &&
                  row.status != milestone_status::waived) {
                open.push_back(s_->scopes[k].agency + " (" + std::string(to_string(row.status)) + ")");
              }
            }
            if (tracks == 0) {
              throw prerequisite_error(who + " needs milestone " + quoted(req.id) + " met in every agency's track " +
                                       quoted(req.track) + ", and no agency has one yet (" + t->instantiated_by +
                                       " begins one)");
            }
            if (!open.empty()) {
              throw prerequisite_error(who + " needs milestone " + quoted(req.id) + " met in every agency's track " +
                                       quoted(req.track) + "; not yet met for: " + join(open));
            }
          }
        }
      }
      // Tracks this event begins.
      std::vector<std::pair<std::uint32_t, std::string>> begins;
      if (si == 0) {
        for (const auto t : plan_->instantiates[ei]) {
          if (const std::string* a = text_of(data, procedure_->tracks()[t].agency_field)) begins.emplace_back(t, *a);
        }
      }
      // Commit: nothing below throws a rule error.
      if (si == 0) e.agency.clear();
      else e.agency = sc.agency;
      review_scope& scope = s_->scopes[si];
      scope.occurrences.push_back(ei, index);
      for (const auto f : mp.anchor_fields_of[ei]) {
        const auto it = e.data.find(plan_->anchor_fields[f]);
        if (it == e.data.end() || std::holds_alternative<std::monostate>(it->second)) continue;
        state_data::anchor_value v{index, f, std::nullopt, std::nullopt};
        if (const date* d = std::get_if<date>(&it->second); d != nullptr && !d->is_special()) {
          v.day = *d;
        } else if (const instant* t = std::get_if<instant>(&it->second); t != nullptr && !t->is_special()) {
          v.at = *t;
        }
        s_->anchor_values.push_back(v);
      }
      if (chosen != nullptr) {
        if (chosen->to) {
          const auto to = *detail::lookup(mp.states, *chosen->to);
          if (to != st) {
            scope.states.emplace_back(index, to);
            if (mp.terminal[to] && !scope.terminal) scope.terminal = index;
          }
        }
        if (!chosen->branch.empty()) scope.branches.emplace_back(index, chosen->branch);
      }
      append(std::move(e));
      for (auto& [t, agency] : begins) {
        auto& scopes = (*s_->track_scope)[t];
        if (const auto it = scopes.find(std::string_view(agency)); it != scopes.end()) {
          s_->scopes[it->second].instantiations.push_back(index);
          continue;
        }
        scopes.emplace(std::pmr::string(agency, s_->arena.get()), static_cast<std::uint32_t>(s_->scopes.size()));
        s_->scopes.emplace_back(plan_->tracks[t], t, agency, index, s_->arena.get());
        s_->scopes.back().instantiations.push_back(index);
        // A track keyed by an agency makes that agency one involved in the
        // case; one keyed by text (an action's number) does not.
        const track& td = procedure_->tracks()[t];
        const field_spec* key = procedure_->find_event(td.instantiated_by)->find_field(td.agency_field);
        if (key != nullptr && key->type == field_type::agency)
          s_->involved->emplace(std::pmr::string(detail::agency_key(agency), s_->arena.get()),
                               state_data::involvement{index, std::pmr::string(agency, s_->arena.get())});
      }
      return;
    }

    case event_kind::assigned: {
      check_name(e.subject, "the person's name", true);
      check_name(e.agency, "the person's agency", false);
      ck.check_role_name(e.name, "role");
      detail::person who = ck.person_of(e);
      // Everyone already in a role who is the same person (by id, or by name).
      std::vector<std::size_t> same;
      for (std::size_t k = 0; k < s_->assignments.size(); ++k)
        if (s_->in_force(k, count()) && detail::same_person(who, s_->people[k])) same.push_back(k);
      const auto held = ck.holdings(same);
      for (const auto& h : held) {
        if (*h.role != e.name) continue;
        if (s_->replaying && *h.name != e.subject) {
          s_->tolerated.push_back({index, {"conflict",
                                           "recorded under another spelling of one person: " + e.subject +
                                               " took role " + quoted(e.name) + ", already held as '" + *h.name + "'",
                                           "a person holds a role once", strength::must, {}, e.at}});
          continue;
        }
        const std::string as = *h.name == e.subject && (h.id->empty() || *h.id == who.id)
                                   ? std::string()
                                   : " as '" + *h.name + "'" + (h.id->empty() ? "" : " (person id " + *h.id + ")");
        const bool by_name = who.id.empty() || h.id->empty();
        throw input_error(e.subject + " already holds role " + quoted(e.name) + ck.in_review() + as +
                          (!as.empty() && by_name ? std::string(detail::one_person_hint) : std::string()));
      }
      std::vector<std::string> known;
      for (const auto& c : procedure_->conflicts())
        if (c.kind == conflict_kind::declared && std::find(c.roles.begin(), c.roles.end(), e.name) != c.roles.end())
          known.push_back(c.declaration);
      for (const auto& [d, v] : e.data) {
        if (d == detail::person_id_field) continue;
        if (std::find(known.begin(), known.end(), d) == known.end()) {
          const std::string hint = detail::closest(d, known);
          throw data_error(d, "role " + quoted(e.name) + " has no declaration " + quoted(d) +
                                  (known.empty() ? "" : "; its declarations: " + join(known)) +
                                  (hint.empty() ? "" : "; did you mean " + quoted(hint) + "?"));
        }
        if (const bool* b = std::get_if<bool>(&v); b == nullptr || !*b) {
          throw data_error(d, "declaration " + quoted(d) + " must be true (the person declares it)");
        }
      }
      for (const auto& c : procedure_->conflicts()) {
        if (c.level != strength::must) continue;
        if (std::find(c.roles.begin(), c.roles.end(), e.name) == c.roles.end()) continue;
        std::string why;
        if (c.kind == conflict_kind::same_person) {
          if (ck.completes(c, held, e.name)) {
            bool otherwise = false;
            why = detail::holders_text(e.subject, who.id, ck.in_conflict(c, held), "already holds", &otherwise);
            if (s_->replaying && !ck.completes(c, checker::spelt(held, e.subject), e.name)) {
              tolerate(index, e.at, c, e.subject + " took " + e.name + ": " + why + ": " + c.rule);
              continue;
            }
            // Two spellings taken for one person: say how names are compared
            // (not when their person ids made them one).
            if (otherwise && who.id.empty()) why += detail::one_person_hint;
          }
        } else if (c.kind == conflict_kind::involved_agency) {
          if (!e.agency.empty()) {
            if (const auto inv = s_->involved->find(std::string_view(detail::agency_key(e.agency)));
                inv != s_->involved->end()) {
              const std::string_view as = inv->second.agency;
              why = e.subject + "'s agency " + quoted(e.agency) + " is involved in the case" +
                    (as == e.agency ? std::string() : " (as " + quoted(as) + ")");
              if (s_->replaying && as != e.agency) {
                tolerate(index, e.at, c, "cannot assign " + e.subject + " as " + quoted(e.name) + ": " + why + ": " +
                                             c.rule);
                continue;
              }
            }
          }
        } else if (e.data.find(c.declaration) == e.data.end()) {
          why = e.subject + " has not declared " + quoted(c.declaration);
        }
        if (!why.empty()) {
          throw conflict_error(c.rule, "cannot assign " + e.subject + " as " + quoted(e.name) + ": " + c.rule +
                                           cite_text(c.cite) + "; " + why);
        }
      }
      s_->assignments.push_back(index);
      s_->people.push_back(std::move(who));
      append(std::move(e));
      return;
    }

    case event_kind::scheduled:
    case event_kind::extended: {
      const bool extending = e.kind == event_kind::extended;
      const auto [si, mi] = ck.resolve_milestone(e.name, e.agency, e.by.agency);
      const review_scope& sc = s_->scopes[si];
      const milestone& ms = sc.plan->m->milestones[mi];
      const std::string what = "milestone " + quoted(ms.id) + (si != 0 ? " for " + keyed(sc) : "");
      const char* date_key = extending ? "due" : "on";
      const auto d = e.data.find(date_key);
      if (d == e.data.end() || !std::holds_alternative<date>(d->second)) {
        throw data_error(date_key, (extending ? "an extension of " : "scheduling ") + what + " needs a date");
      }
      const date day = std::get<date>(d->second);
      check_in_calendar(calendar_, day, extending ? "the new due date" : "the scheduled date");
      for (const auto& [k, v] : e.data) {
        const bool ok = k == date_key || (extending ? k == "reason" : k == "time");
        if (!ok) throw data_error(k, std::string(extending ? "an extension" : "a schedule") + " has no field " + quoted(k));
      }
      if (extending) {
        const std::string* reason = text_of(e.data, "reason");
        if (reason == nullptr) throw data_error("reason", "an extension of " + what + " needs a reason");
        check_text(*reason, "the reason for an extension of " + what, true, "reason");
        if (ms.extendable_by.empty()) {
          throw rule_error("extension", what + " cannot be extended: procedure " + quoted(procedure_->id()) +
                                            " names no role that may agree an extension of it");
        }
        if (std::find(ms.extendable_by.begin(), ms.extendable_by.end(), e.by.role) == ms.extendable_by.end()) {
          throw role_error("role " + quoted(e.by.role) + " may not agree an extension of " + what +
                           "; it may be agreed by: " + join(ms.extendable_by) + cite_text(ms.cite));
        }
      } else if (const auto t = e.data.find("time"); t != e.data.end()) {
        const std::string* text = std::get_if<std::string>(&t->second);
        if (text == nullptr || !parse_time_of_day(*text)) {
          throw data_error("time", "the time of " + what + " must be HH:MM (24-hour clock)");
        }
      }
      ck.check_open();
      std::vector<bool> wanted(s_->scopes.size(), false);
      wanted[si] = true;
      const auto now = detail::review_access::compute(*this, index, london_date(e.at), false, &wanted);
      const auto& row = now.milestones[si][mi].row;
      if (row.completed_at) {
        throw rule_error(extending ? "extension" : "schedule",
                         what + " was met on " + format_date(london_date(*row.completed_at)) +
                             (extending ? "; a met milestone cannot be extended" : "; it cannot be rescheduled"));
      }
      if (row.status == milestone_status::waived) {
        throw rule_error(extending ? "extension" : "schedule",
                         what + " does not apply to this review (waived: a branch not taken, or the review ended)");
      }
      if (extending) {
        if (!row.due) {
          throw rule_error("extension", what + " has no due date yet (its anchor, " + rule_text(ms) +
                                            ", has not happened), so there is nothing to extend");
        }
        if (day <= *row.due) {
          throw rule_error("extension", "the new due date " + format_date(day) + " for " + what +
                                            " is not after its current due date " + format_date(*row.due));
        }
      }
      e.agency = sc.agency;
      auto& scope = s_->scopes[si];
      (extending ? scope.extensions : scope.schedules).push_back(mi, index);
      append(std::move(e));
      return;
    }

    case event_kind::held:
    case event_kind::released: {
      const bool holding = e.kind == event_kind::held;
      const bool on = s_->holds.size() % 2 == 1;
      for (const auto& [k, v] : e.data) {
        if (k != (holding ? "reason" : "note")) throw data_error(k, std::string(holding ? "a hold" : "a release") + " has no field " + quoted(k));
      }
      const std::string* text = text_of(e.data, holding ? "reason" : "note");
      if (holding) {
        if (text == nullptr) throw data_error("reason", "a hold needs a reason (criminal proceedings, an inquest)");
        check_text(*text, "the reason for the hold", true, "reason");
        ck.check_open();
        if (on) {
          const auto& since = body(s_->holds.back());
          throw rule_error("hold", "review " + quoted(reference()) + " is already on hold since " +
                                       format_date(london_date(since.at)) + " (" +
                                       *text_of(since.data, "reason") + ")");
        }
      } else {
        if (text != nullptr) check_text(*text, "the note on the release", false, "note");
        if (!on) throw rule_error("hold", "review " + quoted(reference()) + " is not on hold, so it cannot be released");
      }
      e.name.clear();
      e.agency.clear();
      s_->holds.push_back(index);
      append(std::move(e));
      return;
    }

    case event_kind::discharged: {
      const auto [si, oi] = ck.resolve_obligation(e.name, e.agency, e.by.agency);
      for (const auto& [k, v] : e.data) {
        if (k != "note") throw data_error(k, "a discharge has no field " + quoted(k));
      }
      if (const std::string* note = text_of(e.data, "note")) check_text(*note, "the note", false, "note");
      const review_scope& sc = s_->scopes[si];
      const obligation& o = sc.plan->m->obligations[oi];
      std::vector<bool> wanted(s_->scopes.size(), false);
      wanted[si] = true;
      const auto now = detail::review_access::compute(*this, index, london_date(e.at), true, &wanted);
      int triggered = 0;
      bool open = false;
      for (const auto& row : now.obligations) {
        if (row.def != &o || row.agency != sc.agency) continue;
        ++triggered;
        if (row.status == obligation_status::open || row.status == obligation_status::pending ||
            row.status == obligation_status::overdue) {
          open = true;
          break;
        }
      }
      const std::string what = "obligation " + quoted(o.id) + (si != 0 ? " for " + keyed(sc) : "");
      if (!open) {
        throw rule_error("discharge", triggered == 0 ? what + " has not been triggered" + ck.in_review()
                                                   : what + " has no open occurrence to discharge: each one is "
                                                            "discharged or waived");
      }
      e.agency = sc.agency;
      s_->scopes[si].discharges.push_back(oi, index);
      append(std::move(e));
      return;
    }
    case event_kind::waived: {
      check_text(e.reason, "the reason for waiving " + quoted(e.name), true);
      for (const auto& [k, v] : e.data) {
        if (k != "occurrence" || !std::holds_alternative<std::int64_t>(v)) {
          throw data_error(k, "a waiver takes only 'occurrence' (a whole number) and a reason");
        }
      }
      const auto has = [&](auto find) {
        if (find(static_cast<const machine&>(*procedure_))) return true;
        return std::any_of(procedure_->tracks().begin(), procedure_->tracks().end(),
                           [&](const track& t) { return find(static_cast<const machine&>(t)); });
      };
      const bool is_milestone = has([&](const machine& m) { return m.find_milestone(e.name) != nullptr; });
      const bool is_obligation = has([&](const machine& m) { return m.find_obligation(e.name) != nullptr; });
      if (!is_milestone && !is_obligation) {
        std::vector<std::string> all;
        const auto add = [&](const machine& m) {
          for (const auto& x : m.milestones) all.push_back(x.id);
          for (const auto& x : m.obligations) all.push_back(x.id);
        };
        add(*procedure_);
        for (const auto& t : procedure_->tracks()) add(t);
        const std::string hint = detail::closest(e.name, all);
        throw input_error("no milestone or obligation " + quoted(e.name) + " in procedure " +
                          quoted(procedure_->id()) + (hint.empty() ? "" : "; did you mean " + quoted(hint) + "?"));
      }
      ck.check_open();
      const auto [si, xi] = is_milestone ? ck.resolve_milestone(e.name, e.agency, e.by.agency)
                                         : ck.resolve_obligation(e.name, e.agency, e.by.agency);
      const review_scope& sc = s_->scopes[si];
      const std::string what = std::string(is_milestone ? "milestone " : "obligation ") + quoted(e.name) +
                               (si != 0 ? " for " + keyed(sc) : "");
      // Who may waive: the procedure's corrections roles, the item's owner,
      // and (a milestone) the roles that may agree its extension.
      std::vector<std::string> roles = procedure_->correctors();
      const auto add_role = [&](const std::string& r) {
        if (!r.empty() && std::find(roles.begin(), roles.end(), r) == roles.end()) roles.push_back(r);
      };
      if (is_milestone) {
        const milestone& ms = sc.plan->m->milestones[xi];
        add_role(ms.owner);
        for (const auto& r : ms.extendable_by) add_role(r);
      } else {
        add_role(sc.plan->m->obligations[xi].owner);
      }
      if (std::find(roles.begin(), roles.end(), e.by.role) == roles.end()) {
        throw role_error("role " + quoted(e.by.role) + " may not waive " + what + "; it may be waived by: " +
                         join(roles));
      }
      std::vector<bool> wanted(s_->scopes.size(), false);
      wanted[si] = true;
      const auto now = detail::review_access::compute(*this, index, london_date(e.at), !is_milestone, &wanted);
      if (is_milestone) {
        const auto& row = now.milestones[si][xi].row;
        if (row.completed_at) {
          throw rule_error("waive", what + " was met on " + format_date(london_date(*row.completed_at)) +
                                        "; a met milestone cannot be waived");
        }
        if (row.status == milestone_status::waived) {
          throw rule_error("waive", what + " is already waived (a branch not taken, the review ended, or waived)");
        }
        s_->scopes[si].waivers.push_back(xi, index);
      } else {
        const obligation& o = sc.plan->m->obligations[xi];
        std::int64_t wanted_occurrence = 0;
        if (const auto it = e.data.find("occurrence"); it != e.data.end()) wanted_occurrence = std::get<std::int64_t>(it->second);
        std::optional<int> chosen;
        int triggered = 0;
        for (const auto& row : now.obligations) {
          if (row.def != &o || row.agency != sc.agency) continue;
          ++triggered;
          const bool open = row.status == obligation_status::open || row.status == obligation_status::pending ||
                            row.status == obligation_status::overdue;
          if (wanted_occurrence != 0 && row.occurrence != wanted_occurrence) continue;
          if (open) {
            chosen = row.occurrence;
            break;
          }
          if (wanted_occurrence != 0) {
            throw rule_error("waive", what + " occurrence " + std::to_string(wanted_occurrence) + " is " +
                                          std::string(to_string(row.status)) + ", not open");
          }
        }
        if (!chosen) {
          throw rule_error("waive", triggered == 0 ? what + " has not been triggered" + ck.in_review()
                                                   : wanted_occurrence != 0
                                                         ? what + " has no occurrence " + std::to_string(wanted_occurrence) + " yet"
                                                         : what + " has no open occurrence to waive");
        }
        e.data["occurrence"] = std::int64_t{*chosen};
        s_->scopes[si].obligation_waivers.push_back(xi, index);
      }
      e.agency = sc.agency;
      append(std::move(e));
      return;
    }

    case event_kind::unassigned: {
      check_name(e.subject, "the person's name", true);
      ck.check_role_name(e.name, "role");
      check_text(e.reason, "the reason for taking " + e.subject + " off role " + quoted(e.name), true);
      for (const auto& [k, v] : e.data) {
        if (k != detail::person_id_field) {
          throw data_error(k, "an unassignment carries no data but the person id (" +
                                  std::string(detail::person_id_field) + "), only a reason");
        }
      }
      const detail::person who = ck.person_of(e);
      const std::string agency = e.agency.empty() ? std::string() : detail::agency_key(e.agency);
      // The assignment in force of the same person to the role (for the agency).
      std::vector<std::size_t> found;
      for (std::size_t k = 0; k < s_->assignments.size(); ++k) {
        const auto& a = body(s_->assignments[k]);
        if (a.name != e.name || !s_->in_force(k, count())) continue;
        if (!agency.empty() && detail::agency_key(a.agency) != agency) continue;
        if (detail::same_person(who, s_->people[k])) found.push_back(k);
      }
      if (found.size() > 1) {
        // People of one name kept apart by their person ids: the one spelled
        // exactly so, if only one is.
        std::vector<std::size_t> exact;
        for (const auto k : found)
          if (body(s_->assignments[k]).subject == e.subject) exact.push_back(k);
        if (exact.size() == 1) found = exact;
      }
      if (found.empty()) {
        throw rule_error("assignment", e.subject + " does not hold role " + quoted(e.name) +
                                           (e.agency.empty() ? std::string() : " for " + e.agency) + ck.in_review());
      }
      if (found.size() > 1) {
        std::vector<std::string> whom;
        for (const auto k : found) {
          whom.push_back(quoted(body(s_->assignments[k]).subject) + " (person id " + s_->people[k].id + ")");
        }
        throw rule_error("assignment", e.subject + " could be any of the people who hold role " + quoted(e.name) +
                                           ck.in_review() + " under that name: " + join(whom) +
                                           "; give the person id of the one to take off the role");
      }
      const review_event& a = body(s_->assignments[found.front()]);
      std::vector<std::string> roles = procedure_->correctors();
      if (std::find(roles.begin(), roles.end(), a.by.role) == roles.end()) roles.push_back(a.by.role);
      if (std::find(roles.begin(), roles.end(), e.by.role) == roles.end()) {
        throw role_error("role " + quoted(e.by.role) + " may not take " + e.subject + " off role " + quoted(e.name) +
                         "; it may be done by: " + join(roles) +
                         " (the role that made the assignment, and procedure.corrections)");
      }
      e.agency = a.agency;
      s_->unassigned.emplace(s_->assignments[found.front()], index);
      append(std::move(e));
      return;
    }

    case event_kind::voided:
    case event_kind::amended:
      throw input_error("a correction is applied to the history, not folded as a step");
    case event_kind::migrated:
      throw input_error("a migration is kept in the history, not folded as a step");
  }
  throw input_error("unknown kind of event");
}

// ---- corrections ------------------------------------------------------------------
//
// The history (log_) keeps every event as recorded. What is in force
// (events_) is the history less its corrections and the events they void,
// amended events as corrected, in order of occurrence (ties in recorded
// order). An event in order is checked and folded at once; anything else
// (a backdated event, a correction) folds the whole history again, and is
// refused if any event would no longer apply.

namespace {

std::string describe(const review_event& e, std::uint64_t seq) {
  std::string out = "event " + std::to_string(seq) + " (" + std::string(to_string(e.kind));
  if (!e.name.empty()) out += " " + quoted(e.name);
  if (!e.agency.empty()) out += " for " + e.agency;
  return out + " at " + format_instant(e.at) + ")";
}

}  // namespace

void review::submit(review_event e) {
  if (voided_) {
    throw rule_error("void", "review " + quoted(reference()) +
                                 " was voided (opened by mistake): nothing more can be recorded in it");
  }
  if (is_correction(e.kind)) {
    correct({std::move(e)});
    return;
  }
  if (e.kind == event_kind::migrated) {
    note_migration(std::move(e));
    return;
  }
  if (!e.reason.empty() && e.kind != event_kind::waived && e.kind != event_kind::unassigned) {
    throw input_error("only a correction, a waiver, an unassignment or a migration carries a reason; " +
                      std::string(to_string(e.kind)) + " events keep theirs in their data");
  }
  if (e.corrects != 0) throw input_error("only a voided or amended event corrects another");
  if (count() == 0 || e.kind == event_kind::opened || !(e.at < body(count() - 1).at)) {
    check_and_commit(std::move(e));
    if (!shared_log_) log_.push_back(events_.back());
    seq_.push_back(size());
    return;
  }
  // A late fact: fold the history again with it in its place.
  check_instant(calendar_, e.at, "the event's time");
  const std::string action = "recording " + std::string(to_string(e.kind)) +
                             (e.name.empty() ? std::string() : " " + quoted(e.name)) + " at " + format_instant(e.at);
  auto log = history();
  log.push_back(std::move(e));
  adopt(refold(std::move(log), action, size() + 1));
}

review review::refold(std::vector<review_event> log, const std::string& action, std::uint64_t own,
                      std::vector<std::pair<std::uint64_t, std::string>>* refused) const {
  review r(procedure_, calendar_);
  const std::size_t n = log.size();
  std::vector<char> gone(n + 1, 0);
  std::vector<const review_event*> amended(n + 1, nullptr);
  bool whole = false;
  for (std::size_t i = 0; i < n; ++i) {
    const review_event& e = log[i];
    if (e.kind == event_kind::migrated) {
      // Kept, not folded: what it says is checked where it is made
      // (note_migration) and against the version pinned (the store's verify).
      if (detail::text_of(e.data, "from") == nullptr || detail::text_of(e.data, "to") == nullptr ||
          e.reason.empty() || e.by.name.empty() || e.by.role.empty() || e.corrects != 0) {
        throw input_error(describe(e, i + 1) + " is a migration without its \"from\", \"to\", reason or actor");
      }
      continue;
    }
    if (!is_correction(e.kind)) continue;
    if (e.corrects == 0 || e.corrects > i || is_history_only(log[e.corrects - 1].kind)) {
      throw input_error(describe(e, i + 1) + " corrects event " + std::to_string(e.corrects) +
                        ", which is not an earlier event of the review");
    }
    if (e.kind == event_kind::voided) {
      if (e.corrects == 1) whole = true;
      else gone[e.corrects] = 1;
    } else {
      amended[e.corrects] = &e;
    }
  }
  std::vector<std::pair<instant, std::uint64_t>> order;
  order.reserve(n);
  for (std::uint64_t seq = 1; seq <= n; ++seq) {
    const review_event& e = log[seq - 1];
    if (is_history_only(e.kind) || gone[seq]) continue;
    order.emplace_back(amended[seq] ? amended[seq]->at : e.at, seq);
  }
  std::stable_sort(order.begin(), order.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  if (!order.empty() && order.front().second != 1) {
    const auto seq = order.front().second;
    const review_event& opening = amended[1] ? *amended[1] : log[0];
    throw input_error(action + " would put " + describe(log[seq - 1], seq) + " before the review opened (" +
                      format_instant(opening.at) + "): a review begins with its opening event");
  }
  r.events_.reserve(order.size());
  r.seq_.reserve(order.size());
  for (const auto& [at, seq] : order) {
    review_event e = log[seq - 1];
    if (const review_event* a = amended[seq]) {
      e.at = a->at;
      e.data = a->data;
    }
    // The events already recorded are replayed; the one the command adds
    // (`own`) is checked in full.
    r.s_->replaying = seq != own;
    try {
      r.check_and_commit(std::move(e));
    } catch (const error& x) {
      if (refused != nullptr) {
        // Listing every event that does not apply: this one is left out, and
        // those after it are checked as if it had not been recorded. (A
        // warning the refused event raised before it was refused may stay,
        // on the next event: a dry run's fold is for its timetable and
        // refusals, not its warnings.)
        refused->emplace_back(seq, describe(log[seq - 1], seq) + ": " + x.what());
        continue;
      }
      if (seq == own && action.rfind("recording", 0) == 0) throw;
      if (seq == own) rethrow_prefixed("as amended, " + describe(log[seq - 1], seq) + " does not apply: ");
      rethrow_prefixed(action == "the history"
                           ? describe(log[seq - 1], seq) + " of the history does not apply: "
                           : action + " would invalidate " + describe(log[seq - 1], seq) + ": ");
    }
    r.seq_.push_back(seq);
    // Keep the event as checked (its data converted) in the history too.
    if (!amended[seq]) log[seq - 1] = r.events_.back();
  }
  r.s_->replaying = false;
  r.log_ = std::move(log);
  r.shared_log_ = false;
  r.voided_ = whole;
  return r;
}

const review_event& review::early_body(std::size_t i) const { return early_->get(i); }

void review::read_bodies(std::size_t from) const {
  if (base_ != 0) early_->read_from(from);
}

void review::read_all() const {
  if (base_ == 0) return;
  read_bodies(0);
  std::vector<review_event> all;
  all.reserve(detail::review_access::room_for(count()));
  for (std::size_t i = 0; i < base_; ++i) all.push_back(std::move(early_->taken(i)));
  for (auto& e : events_) all.push_back(std::move(e));
  events_ = std::move(all);
  early_.reset();
  base_ = 0;
}

void review::adopt(review&& r) {
  events_ = std::move(r.events_);
  base_ = r.base_;
  early_ = std::move(r.early_);
  log_ = std::move(r.log_);
  seq_ = std::move(r.seq_);
  voided_ = r.voided_;
  shared_log_ = r.shared_log_;
  s_ = std::move(r.s_);
  for (auto& sc : s_->scopes) sc.plan = sc.is_track() ? &plan_->tracks[sc.track] : &plan_->review;
}

const review_event* review::correction_of(std::uint64_t sequence) const {
  const review_event* found = nullptr;
  for (const auto& e : history()) {
    if (e.corrects != sequence || !is_correction(e.kind)) continue;
    if (e.kind == event_kind::voided) return &e;
    found = &e;
  }
  return found;
}

namespace {

// The roles that may correct an event: the role that recorded it, any role a
// transition lets record it, and the procedure's `corrections` roles.
std::vector<std::string> correcting_roles(const procedure& p, const review_event& e) {
  std::vector<std::string> out = p.correctors();
  const auto add = [&](const std::string& r) {
    if (!r.empty() && std::find(out.begin(), out.end(), r) == out.end()) out.push_back(r);
  };
  add(e.by.role);
  if (e.kind == event_kind::recorded || e.kind == event_kind::opened) {
    const auto rows = [&](const machine& m) {
      for (const auto& t : m.transitions)
        if (t.event == e.name)
          for (const auto& r : t.roles) add(r);
    };
    rows(p);
    for (const auto& t : p.tracks()) rows(t);
  }
  return out;
}

}  // namespace

void review::correct(std::vector<review_event> corrections) {
  if (corrections.empty()) throw input_error("nothing to correct: name the events by their sequence");
  // A correction reads the whole history: every body first, so that the
  // reference the checker holds stays where it is.
  read_all();
  const checker ck{*procedure_, *plan_, calendar_, *this, *s_, reference()};
  std::vector<std::uint64_t> voids;
  std::uint64_t own = 0;
  for (auto& c : corrections) {
    ck.check_actor(c.by);
    check_text(c.reason, "the reason for the correction", true);
    check_instant(calendar_, c.at, c.kind == event_kind::amended ? "the corrected time" : "the time of the correction");
    if (c.corrects == 0 || c.corrects > size()) {
      throw input_error("review " + quoted(reference()) + " has no event " + std::to_string(c.corrects) + "; its events are 1 to " +
                        std::to_string(size()) + " (see its history)");
    }
    const review_event& t = history()[c.corrects - 1];
    if (is_correction(t.kind)) {
      throw input_error("event " + std::to_string(c.corrects) + " is itself a correction (" + std::string(to_string(t.kind)) +
                        " event " + std::to_string(t.corrects) + "); correct event " + std::to_string(t.corrects) +
                        " instead");
    }
    if (t.kind == event_kind::migrated) {
      throw rule_error("correction", "event " + std::to_string(c.corrects) +
                                         " is a migration to another procedure version; it is not corrected: "
                                         "migrate the review again (scr review migrate)");
    }
    const review_event* before = correction_of(c.corrects);
    const bool gone = (before != nullptr && before->kind == event_kind::voided) ||
                      std::find(voids.begin(), voids.end(), c.corrects) != voids.end();
    if (gone) {
      throw rule_error("correction", describe(t, c.corrects) + " is already void" +
                                         (before ? " (voided by " + before->by.name + ": " + before->reason + ")" : std::string()));
    }
    const auto roles = correcting_roles(*procedure_, t);
    if (std::find(roles.begin(), roles.end(), c.by.role) == roles.end()) {
      throw role_error("role " + quoted(c.by.role) + " may not correct " + describe(t, c.corrects) +
                       "; it may be corrected by: " + join(roles) +
                       " (the role that recorded it, the roles that may record it, and procedure.corrections)");
    }
    c.name = t.name;
    c.agency = t.agency;
    c.subject = t.subject;
    if (c.kind == event_kind::voided) {
      if (!c.data.empty()) throw data_error(c.data.begin()->first, "a void carries no data, only a reason");
      voids.push_back(c.corrects);
    } else {
      own = c.corrects;
    }
  }
  std::string action;
  if (!voids.empty()) {
    std::string list;
    for (const auto v : voids) list += (list.empty() ? "" : ", ") + std::to_string(v);
    action = "voiding event" + std::string(voids.size() > 1 ? "s " : " ") + list;
  } else {
    action = "amending event " + std::to_string(own);
  }
  auto log = history();
  for (auto& c : corrections) log.push_back(std::move(c));
  adopt(refold(std::move(log), action, own));
}

void review::note_migration(review_event e) {
  // The review has already been taken up under the version it moves to
  // (migration.cpp): the event says so, and who did it and why.
  read_all();
  const checker ck{*procedure_, *plan_, calendar_, *this, *s_, reference()};
  ck.check_actor(e.by);
  check_text(e.reason, "the reason for the migration", true);
  check_instant(calendar_, e.at, "the time of the migration");
  if (!e.name.empty() || !e.agency.empty() || !e.subject.empty() || e.corrects != 0) {
    throw input_error("a migrated event names no event, agency, subject or corrected event: its data says "
                      "\"from\" and \"to\"");
  }
  const std::string here = procedure_ref(*procedure_);
  const auto* to = detail::text_of(e.data, "to");
  const auto* from = detail::text_of(e.data, "from");
  if (to == nullptr || from == nullptr) {
    throw data_error(to == nullptr ? "to" : "from", "a migrated event gives \"from\" and \"to\" as ID@VERSION");
  }
  if (*to != here) {
    throw data_error("to", "the migrated event says the review moves to " + quoted(*to) + ", but it is read under " +
                               quoted(here));
  }
  if (*from == here) throw data_error("from", "review " + quoted(reference()) + " is already under " + quoted(here));
  for (const auto& [key, value] : e.data) {
    if (key == "to" || key == "from") continue;
    const auto* mapped = std::get_if<std::string>(&value);
    if (key.rfind("state ", 0) != 0 || mapped == nullptr) {
      throw data_error(key, "a migrated event's data is \"from\", \"to\" and \"state OLD\": NEW (text)");
    }
  }
  const auto& roles = procedure_->correctors();
  if (std::find(roles.begin(), roles.end(), e.by.role) == roles.end()) {
    throw role_error("role " + quoted(e.by.role) + " may not migrate review " + quoted(reference()) +
                     (roles.empty() ? "; " + quoted(here) + " names no corrections role, so nobody may"
                                    : "; it may be migrated by: " + join(roles) + " (procedure.corrections)"));
  }
  if (voided_) throw rule_error("void", "review " + quoted(reference()) + " is void: it is not migrated");
  if (e.at < history().back().at) {
    throw input_error("the migration at " + format_instant(e.at) + " is before the review's last recorded event (" +
                      format_instant(history().back().at) + "); it is recorded as it happens");
  }
  auto log = history();
  log.push_back(std::move(e));
  adopt(refold(std::move(log), "migrating", 0));
}

void review::void_events(std::span<const std::uint64_t> sequences, std::string_view reason, instant at,
                         const actor& by) {
  if (voided_) {
    throw rule_error("void", "review " + quoted(reference()) + " is already void");
  }
  std::vector<review_event> list;
  for (const auto seq : sequences) {
    review_event e;
    e.kind = event_kind::voided;
    e.corrects = seq;
    e.reason = reason;
    e.at = at;
    e.by = by;
    list.push_back(std::move(e));
  }
  correct(std::move(list));
}

void review::amend(std::uint64_t sequence, std::optional<instant> occurred, const event_data& changes,
                   std::string_view reason, const actor& by) {
  if (voided_) throw rule_error("void", "review " + quoted(reference()) + " is void: nothing in it can be amended");
  if (sequence == 0 || sequence > size()) {
    throw input_error("review " + quoted(reference()) + " has no event " + std::to_string(sequence) +
                      "; its events are 1 to " + std::to_string(size()) + " (see its history)");
  }
  // The event as it stands now: the latest amendment, or as recorded.
  const review_event* current = &history()[sequence - 1];
  if (const review_event* c = correction_of(sequence)) {
    if (c->kind == event_kind::voided) {
      throw rule_error("correction", describe(*current, sequence) + " is void; it cannot be amended");
    }
    current = c;
  }
  if (!occurred && changes.empty()) {
    throw input_error("an amendment of event " + std::to_string(sequence) + " needs a corrected time or data");
  }
  review_event e;
  e.kind = event_kind::amended;
  e.corrects = sequence;
  e.reason = reason;
  e.at = occurred ? *occurred : current->at;
  e.by = by;
  e.data = current->data;
  const auto& original = history()[sequence - 1];
  for (const auto& [k, v] : changes) {
    if (std::holds_alternative<std::monostate>(v)) {
      e.data.erase(k);
      continue;
    }
    // A schedule's or an extension's date given as text (from the command
    // line) is read as a date, as record() converts an event's fields.
    const std::string* text = std::get_if<std::string>(&v);
    const bool dated = (original.kind == event_kind::scheduled && k == "on") ||
                       (original.kind == event_kind::extended && k == "due");
    if (text != nullptr && dated) {
      try {
        e.data[k] = parse_date(*text);
      } catch (const input_error& err) {
        throw data_error(k, "the corrected " + k + " " + quoted(*text) + ": " + err.what());
      }
    } else {
      e.data[k] = v;
    }
  }
  correct({std::move(e)});
}

void review::waive(std::string_view item, std::string_view reason, instant at, const actor& by,
                   std::string_view agency, int occurrence) {
  review_event e;
  e.kind = event_kind::waived;
  e.name = item;
  e.agency = agency;
  e.reason = reason;
  e.at = at;
  e.by = by;
  if (occurrence != 0) e.data.emplace("occurrence", std::int64_t{occurrence});
  submit(std::move(e));
}

void review::unassign(std::string_view person, std::string_view role, std::string_view reason, instant at,
                      const actor& by, std::string_view agency, std::string_view person_id) {
  review_event e;
  e.kind = event_kind::unassigned;
  e.name = role;
  e.subject = person;
  e.agency = agency;
  e.reason = reason;
  e.at = at;
  e.by = by;
  if (!person_id.empty()) e.data.emplace(std::string(detail::person_id_field), std::string(person_id));
  submit(std::move(e));
}

// ---- simple queries --------------------------------------------------------------

const std::string& review::state() const { return procedure_->states[s_->scopes[0].state_now()].id; }

const std::string& review::state(date as_of) const {
  return procedure_->states[s_->scopes[0].state_at(s_->cutoff(as_of))].id;
}

bool review::closed() const { return plan_->review.terminal[s_->scopes[0].state_now()]; }

std::optional<instant> review::closed_at() const {
  if (!closed()) return std::nullopt;
  const auto& t = s_->scopes[0].terminal;
  return t ? body(*t).at : body(count() - 1).at;
}

const std::string& review::branch() const {
  static const std::string none;
  const auto& b = s_->scopes[0].branches;
  return b.empty() ? none : b.back().second;
}

instant review::opened_at() const { return body(0).at; }
instant review::last_event_at() const { return body(count() - 1).at; }

std::vector<track_status> review::tracks() const {
  std::vector<track_status> out;
  for (const auto& sc : s_->scopes) {
    if (!sc.is_track()) continue;
    out.push_back({sc.plan->t, sc.agency, sc.plan->m->states[sc.state_now()].id, body(sc.started).at});
  }
  return out;
}

std::vector<assignment> review::assignments() const {
  std::vector<assignment> out;
  for (const auto i : s_->assignments) {
    if (s_->unassigned.count(i) != 0) continue;
    const auto& e = body(i);
    assignment a{e.subject, e.name, e.agency, {}, e.at, detail::person_id_of(e.data)};
    for (const auto& [d, v] : e.data)
      if (d != detail::person_id_field) a.declarations.push_back(d);
    out.push_back(std::move(a));
  }
  return out;
}

std::vector<hold_period> review::holds() const {
  std::vector<hold_period> out;
  for (std::size_t k = 0; k < s_->holds.size(); ++k) {
    const auto& e = body(s_->holds[k]);
    if (k % 2 == 0) {
      const std::string* reason = text_of(e.data, "reason");
      out.push_back({reason ? *reason : std::string(), e.at, std::nullopt});
    } else {
      out.back().to = e.at;
    }
  }
  return out;
}

bool review::on_hold() const { return s_->holds.size() % 2 == 1; }

bool review::on_hold(date as_of) const {
  for (const auto& h : holds()) {
    if (london_date(h.from) <= as_of && (!h.to || london_date(*h.to) > as_of)) return true;
  }
  return false;
}

}  // namespace scr
