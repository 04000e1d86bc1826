// A review's action plan: the data its events carry, read back as
// recommendations and actions with their deadlines, SMART findings, and the
// board's assurance report across reviews (docs/action-plans.md).

#include "scr/action_plan.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <map>
#include <set>

#include "scr/store.hpp"
#include "text.hpp"

namespace scr {

namespace {

std::string in_quotes(std::string_view s) { return "'" + std::string(s) + "'"; }

const action_plan_binding& binding_of(const review& r) {
  const auto& b = r.definition().action_plan();
  if (!b) {
    throw input_error("review " + in_quotes(r.reference()) + " runs under procedure " + in_quotes(r.definition().id()) +
                      " version " + std::to_string(r.definition().version()) +
                      ", which records no action plan (it has no procedure.action_plan)");
  }
  return *b;
}

const track& track_of(const review& r, const action_plan_binding& b) { return *r.definition().find_track(b.track); }

std::string text_in(const event_data& d, std::string_view name) {
  const auto it = d.find(name);
  if (it == d.end()) return {};
  if (const auto* s = std::get_if<std::string>(&it->second)) return *s;
  return {};
}

std::optional<date> date_in(const event_data& d, std::string_view name) {
  const auto it = d.find(name);
  if (it == d.end()) return std::nullopt;
  if (const auto* v = std::get_if<date>(&it->second)) return *v;
  if (const auto* t = std::get_if<instant>(&it->second)) return london_date(*t);
  return std::nullopt;
}

bool bool_in(const event_data& d, std::string_view name) {
  const auto it = d.find(name);
  if (it == d.end()) return false;
  if (const auto* v = std::get_if<bool>(&it->second)) return *v;
  return false;
}

std::vector<std::string> themes_of(std::string_view text) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start <= text.size()) {
    auto end = text.find(';', start);
    if (end == std::string_view::npos) end = text.size();
    const auto item = detail::trim(text.substr(start, end - start));
    if (!item.empty() && std::find(out.begin(), out.end(), item) == out.end()) out.emplace_back(item);
    start = end + 1;
  }
  return out;
}

// The number a word names: "one" ... "twelve", "a"/"an" (a month).
std::optional<int> number_word(std::string_view w) {
  static constexpr std::array<std::string_view, 13> words{"zero", "one", "two",   "three", "four",   "five",  "six",
                                                          "seven", "eight", "nine", "ten",   "eleven", "twelve"};
  for (std::size_t i = 0; i < words.size(); ++i)
    if (w == words[i]) return static_cast<int>(i);
  if (w == "a" || w == "an") return 1;
  return std::nullopt;
}

bool before_end_of(const review_event& e, std::optional<date> as_of) { return !as_of || london_date(e.at) <= *as_of; }

// The latest approval recorded by the end of `as_of` (or ever).
std::optional<instant> approval_of(const review& r, const action_plan_binding& b, std::optional<date> as_of) {
  std::optional<instant> out;
  for (const auto& e : r.effective())
    if (e.kind == event_kind::recorded && e.name == b.approved && e.agency.empty() && before_end_of(e, as_of)) out = e.at;
  return out;
}

// `what` names what the field holds: "a lead officer", "a due date".
void require_field(const review& r, const std::string& event, std::string_view field, std::string_view what) {
  const event_spec* spec = r.definition().find_event(event);
  if (spec == nullptr || spec->find_field(field) == nullptr) {
    throw data_error(std::string(field), "procedure " + in_quotes(r.definition().id()) + " cannot record " +
                                             std::string(what) + ": its event " + in_quotes(event) +
                                             " has no field " + in_quotes(field));
  }
}

void put_text(event_data& d, const review& r, const std::string& event, std::string_view field, const std::string& v,
              std::string_view what) {
  const auto value = detail::trim(v);
  if (value.empty()) return;
  require_field(r, event, field, what);
  d[std::string(field)] = std::string(value);
}

}  // namespace

// ---- recording -------------------------------------------------------------------------

by_when by_when::parse(std::string_view text) {
  by_when out;
  const auto t = detail::trim(text);
  out.text = std::string(t);
  if (t.empty()) return out;
  std::string low = detail::lower(t);
  if (low == "ongoing") {
    out.ongoing = true;
    return out;
  }
  const auto refuse = [&]() -> by_when {
    throw input_error(in_quotes(t) +
                      " is not a date, a timescale or Ongoing: write a date (31/03/2025 or 2025-03-31), a time from the "
                      "plan's approval (Three months, 6 weeks, 1 year) or Ongoing");
  };
  if (std::isdigit(static_cast<unsigned char>(low.front())) &&
      low.find_first_of("/-.") != std::string::npos) {
    try {
      out.on = parse_date(t);
      return out;
    } catch (const input_error&) {
      return refuse();
    }
  }
  // "within three months", "Three months", "6 weeks", "1 working day".
  if (low.rfind("within ", 0) == 0) low = low.substr(7);
  const auto space = low.find(' ');
  if (space == std::string::npos) return refuse();
  std::string amount = low.substr(0, space);
  if (const auto n = number_word(amount)) amount = std::to_string(*n);
  try {
    out.within = timescale::parse(amount + low.substr(space));
  } catch (const input_error&) {
    return refuse();
  }
  if (out.within->unit == time_unit::hours || out.within->amount <= 0) return refuse();
  return out;
}

const std::string& recommendation_event(const review& r) { return binding_of(r).recommended; }

const std::string& action_event(const review& r) {
  const auto& b = binding_of(r);
  return track_of(r, b).instantiated_by;
}

event_data recommendation_data(const review& r, const recommendation_input& in) {
  const auto& b = binding_of(r);
  const std::string& ev = b.recommended;
  const auto number = std::string(detail::trim(in.number));
  if (number.empty()) throw data_error("number", "a recommendation needs its number in the plan (\"1\", \"R2\")");
  if (detail::trim(in.text).empty())
    throw data_error("recommendation", "recommendation " + number + " needs its text");
  for (const auto& e : r.effective()) {
    if (e.kind == event_kind::recorded && e.name == ev && text_in(e.data, "number") == number) {
      throw data_error("number", "review " + in_quotes(r.reference()) + " already has recommendation " + in_quotes(number) +
                                     " (recorded " + format_date(london_date(e.at)) +
                                     "); correct that event with amend, or give another number");
    }
  }
  event_data d;
  d["number"] = number;
  d["recommendation"] = std::string(detail::trim(in.text));
  put_text(d, r, ev, "outcome", in.outcome, "an intended outcome");
  put_text(d, r, ev, "addressed_to", in.addressed_to, "to whom a recommendation is addressed");
  put_text(d, r, ev, "agency", in.agency, "an agency");
  if (!detail::trim(in.source).empty()) {
    require_field(r, ev, "source", "a source");
    const field_spec* f = r.definition().find_event(ev)->find_field("source");
    const std::string source(detail::trim(in.source));
    if (f->type == field_type::choice && std::find(f->values.begin(), f->values.end(), source) == f->values.end()) {
      throw data_error("source", "source " + in_quotes(source) + " is not one procedure " +
                                     in_quotes(r.definition().id()) + " records: " + detail::join(f->values));
    }
    d["source"] = source;
  }
  put_text(d, r, ev, "measure", in.measure, "a measure");
  put_text(d, r, ev, "audit", in.audit, "information for audit");
  if (!detail::trim(in.type).empty()) {
    std::string type(detail::trim(in.type));
    if (!b.types.empty()) {
      const auto it = std::find_if(b.types.begin(), b.types.end(),
                                   [&](const std::string& k) { return detail::lower(k) == detail::lower(type); });
      if (it == b.types.end()) {
        throw data_error("type", "recommendation type " + in_quotes(type) + " is not one the board uses: " +
                                     detail::join(b.types));
      }
      type = *it;
    }
    put_text(d, r, ev, "type", type, "a recommendation type");
  }
  if (in.urgent) {
    require_field(r, ev, "urgent", "urgency");
    d["urgent"] = true;
  }
  std::string themes;
  for (const auto& th : in.themes) {
    const auto t = detail::trim(th);
    if (t.empty()) continue;
    if (t.find(';') != std::string_view::npos) throw data_error("themes", "a theme may not contain ';': " + in_quotes(t));
    if (!themes.empty()) themes += "; ";
    themes += t;
  }
  put_text(d, r, ev, "themes", themes, "themes");
  return d;
}

event_data action_data(const review& r, const action_input& in) {
  const auto& b = binding_of(r);
  const track& t = track_of(r, b);
  const std::string& ev = t.instantiated_by;
  const auto number = std::string(detail::trim(in.number));
  if (number.empty()) throw data_error(t.agency_field, "an action needs its number in the plan (\"1.2\")");
  const auto rec = std::string(detail::trim(in.recommendation));
  if (rec.empty()) throw data_error("recommendation", "action " + number + " needs the number of its recommendation");
  if (detail::trim(in.what).empty()) throw data_error("what", "action " + number + " needs its text (what will be done)");
  bool rec_known = false;
  for (const auto& e : r.effective()) {
    if (e.kind != event_kind::recorded || !e.agency.empty()) continue;
    if (e.name == ev && text_in(e.data, t.agency_field) == number) {
      throw data_error(t.agency_field, "review " + in_quotes(r.reference()) + " already has action " + in_quotes(number) +
                                           " (recorded " + format_date(london_date(e.at)) +
                                           "); correct that event with amend, or give another number");
    }
    if (e.name == b.recommended && text_in(e.data, "number") == rec) rec_known = true;
  }
  if (!rec_known) {
    throw data_error("recommendation", "review " + in_quotes(r.reference()) + " has no recommendation " + in_quotes(rec) +
                                           " for action " + number + "; record the recommendation first");
  }
  by_when when;
  try {
    when = by_when::parse(in.by_when);
  } catch (const input_error& e) {
    throw data_error("by_when", "action " + number + ", by when: " + e.what());
  }
  event_data d;
  d[t.agency_field] = number;
  d["recommendation"] = rec;
  d["what"] = std::string(detail::trim(in.what));
  put_text(d, r, ev, "lead", in.lead, "a lead officer");
  put_text(d, r, ev, "agency", in.agency, "an agency");
  put_text(d, r, ev, "evidence", in.evidence, "the evidence expected");
  if (when.on) {
    require_field(r, ev, "due_on", "a due date");
    d["due_on"] = *when.on;
  } else if (when.within) {
    const auto approved = approval_of(r, b, std::nullopt);
    if (!approved) {
      throw data_error("by_when", "action " + number + ": " + in_quotes(when.text) +
                                      " counts from the plan's approval (event " + in_quotes(b.approved) + "), which review " +
                                      in_quotes(r.reference()) +
                                      " has not recorded; give a date, or add the action once the plan is approved");
    }
    require_field(r, ev, "due_on", "a due date");
    d["due_on"] = r.calendar().due(london_date(*approved), *when.within);
  }
  if (!when.text.empty() && !when.on) put_text(d, r, ev, "due_in", when.text, "a timescale");
  if (in.review_on) {
    require_field(r, ev, "review_on", "a review date");
    d["review_on"] = *in.review_on;
  }
  return d;
}

// ---- the plan as it stands ---------------------------------------------------------------

bool plan_recommendation::overdue() const noexcept {
  return std::any_of(actions.begin(), actions.end(), [](const plan_action& a) { return a.status == action_status::overdue; });
}

std::size_t action_plan::action_count() const noexcept {
  std::size_t n = unlinked.size();
  for (const auto& r : recommendations) n += r.actions.size();
  return n;
}

std::vector<const plan_action*> action_plan::actions() const {
  std::vector<const plan_action*> out;
  for (const auto& r : recommendations)
    for (const auto& a : r.actions) out.push_back(&a);
  for (const auto& a : unlinked) out.push_back(&a);
  return out;
}

namespace {

const std::vector<std::string>& default_checks() {
  static const std::vector<std::string> v{"lead", "due", "evidence", "measure", "vague"};
  return v;
}

const std::vector<std::string>& default_vague() {
  static const std::vector<std::string> v{"consider",      "look at",      "look into",  "explore",  "think about",
                                          "raise awareness", "be aware",   "promote",    "encourage", "seek to",
                                          "aim to",        "try to",       "where possible", "as appropriate",
                                          "continue to",   "endeavour"};
  return v;
}

// Whether `phrase` occurs in `text` as whole words (case-insensitive).
bool has_phrase(const std::string& low_text, const std::string& phrase) {
  const std::string p = detail::lower(phrase);
  for (auto at = low_text.find(p); at != std::string::npos; at = low_text.find(p, at + 1)) {
    const bool start = at == 0 || !std::isalnum(static_cast<unsigned char>(low_text[at - 1]));
    const auto end = at + p.size();
    const bool stop = end >= low_text.size() || !std::isalnum(static_cast<unsigned char>(low_text[end]));
    if (start && stop) return true;
  }
  return false;
}

void smart_action(const action_plan_binding& b, plan_action& a) {
  const auto& checks = b.smart.empty() ? default_checks() : b.smart;
  const auto on = [&](std::string_view c) { return std::find(checks.begin(), checks.end(), c) != checks.end(); };
  const std::string who = "action " + a.number;
  if (on("lead") && a.lead.empty()) a.smart.push_back({"lead", who + " has no lead officer (by whom?)"});
  if (on("due")) {
    const bool ongoing = detail::lower(a.by_when) == "ongoing";
    if (!a.due && !ongoing) a.smart.push_back({"due", who + " has no date (by when?)"});
    if (ongoing && !a.review_on) a.smart.push_back({"due", who + " is ongoing with no date to review it"});
  }
  if (on("evidence") && a.evidence.empty())
    a.smart.push_back({"evidence", who + " names no evidence that it is done (information for audit)"});
  if (on("vague")) {
    const std::string low = detail::lower(a.what);
    for (const auto& w : b.vague.empty() ? default_vague() : b.vague) {
      if (has_phrase(low, w)) {
        a.smart.push_back({"vague", who + " says " + in_quotes(w) + ": say what will be done, so that it can be measured"});
        break;
      }
    }
  }
}

void smart_recommendation(const action_plan_binding& b, plan_recommendation& r) {
  const auto& checks = b.smart.empty() ? default_checks() : b.smart;
  const auto on = [&](std::string_view c) { return std::find(checks.begin(), checks.end(), c) != checks.end(); };
  const std::string who = "recommendation " + r.number;
  // A measure: the recommendation's own, its information for audit, or the
  // evidence each of its actions names (Stockport's layout has only that).
  const bool evidenced = !r.actions.empty() && std::all_of(r.actions.begin(), r.actions.end(), [](const plan_action& a) {
    return !a.evidence.empty();
  });
  if (on("measure") && r.measure.empty() && r.audit.empty() && !evidenced)
    r.smart.push_back({"measure", who + " has no measure of success (or information for audit, or evidence for "
                                        "each of its actions)"});
  if (on("outcome") && r.outcome.empty()) r.smart.push_back({"outcome", who + " states no intended outcome"});
  if (on("addressed_to") && r.addressed_to.empty())
    r.smart.push_back({"addressed_to", who + " is addressed to no one with the authority to ensure compliance"});
}

// An action's completion as an update, completion, return or sign-off
// leaves it.
void follow(plan_action& a, const action_update& u) {
  if (u.kind == "completed") {
    a.completed_at = u.at;
    a.completion_evidence = u.evidence;
    a.signed_off_at.reset();
  } else if (u.kind == "returned") {
    a.completed_at.reset();
    a.completion_evidence.clear();
  } else if (u.kind == "signed off") {
    a.signed_off_at = u.at;
  }
}

}  // namespace

action_plan action_plan::of(const review& r, date as_of) {
  const auto& b = binding_of(r);
  const track& t = track_of(r, b);
  action_plan p;
  p.reference = r.reference();
  p.procedure_id = r.definition().id();
  p.procedure_version = r.definition().version();
  p.state = r.state(as_of);
  p.as_of = as_of;
  p.approved_at = approval_of(r, b, as_of);
  p.definition = r.definition_ptr();

  std::map<std::string, std::size_t> rec_at;  // number -> index in recommendations
  std::vector<plan_action> actions;
  std::map<std::string, std::size_t> act_at;  // number -> index in actions
  std::set<std::string> waived;               // actions whose due milestone was waived
  const auto& events = r.effective();
  for (std::size_t i = 0; i < events.size(); ++i) {
    const review_event& e = events[i];
    if (!before_end_of(e, as_of)) continue;
    if (e.kind == event_kind::waived && !e.agency.empty() && e.name == b.due) {
      waived.insert(e.agency);
      continue;
    }
    if (e.kind != event_kind::recorded) continue;
    if (e.agency.empty() && e.name == b.recommended) {
      plan_recommendation rec;
      rec.number = text_in(e.data, "number");
      rec.text = text_in(e.data, "recommendation");
      rec.outcome = text_in(e.data, "outcome");
      rec.addressed_to = text_in(e.data, "addressed_to");
      rec.agency = text_in(e.data, "agency");
      rec.source = text_in(e.data, "source");
      rec.type = text_in(e.data, "type");
      rec.measure = text_in(e.data, "measure");
      rec.audit = text_in(e.data, "audit");
      rec.urgent = bool_in(e.data, "urgent");
      rec.themes = themes_of(text_in(e.data, "themes"));
      rec.made_at = e.at;
      if (rec_at.count(rec.number)) {
        p.warnings.push_back("recommendation " + rec.number + " is recorded twice; the later (" +
                             format_date(london_date(e.at)) + ") is shown");
        p.recommendations[rec_at[rec.number]] = std::move(rec);
      } else {
        rec_at[rec.number] = p.recommendations.size();
        p.recommendations.push_back(std::move(rec));
      }
      continue;
    }
    if (e.agency.empty() && e.name == t.instantiated_by) {
      plan_action a;
      a.number = text_in(e.data, t.agency_field);
      a.recommendation = text_in(e.data, "recommendation");
      a.what = text_in(e.data, "what");
      a.lead = text_in(e.data, "lead");
      a.agency = text_in(e.data, "agency");
      a.by_when = text_in(e.data, "due_in");
      a.evidence = text_in(e.data, "evidence");
      a.review_on = date_in(e.data, "review_on");
      a.agreed_at = e.at;
      // The due date follows the plan's approval only when it was recorded.
      if (const auto due_on = date_in(e.data, "due_on"); due_on && p.approved_at) {
        try {
          const auto w = by_when::parse(text_in(e.data, "due_in"));
          if (w.within) {
            const date expected = r.calendar().due(london_date(*p.approved_at), *w.within);
            if (expected != *due_on) {
              p.warnings.push_back("action " + a.number + " is due " + format_date(*due_on) + ", but " +
                                   in_quotes(w.text) + " from the plan's approval on " +
                                   format_date(london_date(*p.approved_at)) + " is " + format_date(expected) +
                                   " (the approval was recorded or corrected after the action): amend the action's "
                                   "due_on");
            }
          }
        } catch (const input_error&) {
          // A timescale the plan words otherwise: nothing to compare.
        }
      }
      if (const auto it = act_at.find(a.number); it != act_at.end()) {
        p.warnings.push_back("action " + a.number + " is recorded twice; the later (" + format_date(london_date(e.at)) +
                             ") is shown, with the updates of both");
        a.updates = std::move(actions[it->second].updates);
        for (const auto& u : a.updates) follow(a, u);  // its completion as those updates left it
        actions[it->second] = std::move(a);
      } else {
        act_at[a.number] = actions.size();
        actions.push_back(std::move(a));
      }
      continue;
    }
    if (!e.agency.empty()) {
      const auto it = act_at.find(e.agency);
      if (it == act_at.end()) continue;
      plan_action& a = actions[it->second];
      // Only the plan's events name an action's progress.
      std::string kind;
      if (e.name == b.updated) kind = "update";
      else if (e.name == b.completed) kind = "completed";
      else if (e.name == b.returned && !b.returned.empty()) kind = "returned";
      else if (e.name == b.signed_off && !b.signed_off.empty()) kind = "signed off";
      if (kind.empty()) continue;
      action_update u;
      u.kind = kind;
      u.at = e.at;
      u.by = e.by;
      u.status = text_in(e.data, "status");
      u.narrative = kind == "returned" ? text_in(e.data, "reason") : text_in(e.data, "narrative");
      u.evidence = text_in(e.data, "evidence");
      u.sequence = r.sequence_of(i);
      follow(a, u);
      a.updates.push_back(std::move(u));
    }
  }

  // Due dates and updates, from the engine's own rows.
  for (auto& a : actions) {
    // The state as of the day, from the events read above.
    if (a.signed_off_at) a.state = "signed off";
    else if (a.completed_at) a.state = "completed";
    else a.state = "open";
  }
  for (const auto& row : r.timetable(as_of)) {
    if (row.in_track == nullptr) {
      if (!b.mark.empty() && row.id() == b.mark) p.mark = row;
      continue;
    }
    if (row.in_track != &t) continue;
    const auto it = act_at.find(row.agency);
    if (it == act_at.end()) continue;
    plan_action& a = actions[it->second];
    if (row.id() == b.due) {
      a.due = row.due;
      a.due_status = row.status;
      a.days_late = row.days_late(as_of);
    } else if (!b.review.empty() && row.id() == b.review && row.due) {
      a.review_on = row.due;
    }
  }
  if (!b.update.empty()) {
    for (const auto& o : r.obligations(as_of)) {
      if (o.in_track != &t || o.id() != b.update) continue;
      const auto it = act_at.find(o.agency);
      if (it == act_at.end()) continue;
      plan_action& a = actions[it->second];
      if (o.status == obligation_status::overdue) {
        a.update_overdue = true;
        ++a.updates_overdue;
      }
      if ((o.status == obligation_status::overdue || o.status == obligation_status::pending) && o.due &&
          (!a.next_update_due || *o.due < *a.next_update_due))
        a.next_update_due = o.due;
    }
  }
  for (auto& a : actions) {
    const bool implemented = a.signed_off_at || (a.completed_at && b.signed_off.empty());
    if (implemented) a.status = action_status::implemented;
    else if (a.completed_at) a.status = action_status::completed;
    else if (waived.count(a.number)) a.status = action_status::waived;
    else if (a.due_status == milestone_status::overdue) a.status = action_status::overdue;
    else if (!a.due && (detail::lower(a.by_when) == "ongoing" || a.review_on)) a.status = action_status::ongoing;
    else a.status = action_status::open;
    if (a.status != action_status::implemented && a.status != action_status::overdue) a.days_late = 0;
    if (a.status == action_status::implemented || a.status == action_status::waived) {
      a.update_overdue = false;
      a.updates_overdue = 0;
      a.next_update_due.reset();
    }
    smart_action(b, a);
    if (const auto it = rec_at.find(a.recommendation); it != rec_at.end()) {
      p.recommendations[it->second].actions.push_back(std::move(a));
    } else {
      p.warnings.push_back("action " + a.number + " carries out recommendation " + in_quotes(a.recommendation) +
                           ", which is not recorded");
      p.unlinked.push_back(std::move(a));
    }
  }
  for (auto& rec : p.recommendations) {
    smart_recommendation(b, rec);
    if (rec.actions.empty()) {
      rec.status = recommendation_status::no_actions;
      continue;
    }
    // Implemented: every action that applies (waived ones aside) is, and at
    // least one does: a waiver alone implements nothing.
    const bool all =
        std::all_of(rec.actions.begin(), rec.actions.end(), [](const plan_action& a) {
          return a.status == action_status::implemented || a.status == action_status::waived;
        }) &&
        std::any_of(rec.actions.begin(), rec.actions.end(),
                    [](const plan_action& a) { return a.status == action_status::implemented; });
    const bool any = std::any_of(rec.actions.begin(), rec.actions.end(), [](const plan_action& a) {
      return !a.updates.empty() || a.status == action_status::implemented;
    });
    rec.status = all ? recommendation_status::implemented
                     : any ? recommendation_status::in_progress : recommendation_status::not_started;
  }
  return p;
}

// ---- the board's assurance report ---------------------------------------------------------

double assurance_report::proportion_implemented() const noexcept {
  return recommendations == 0 ? 0.0 : static_cast<double>(implemented) / recommendations;
}

double assurance_report::proportion_urgent_implemented() const noexcept {
  return urgent == 0 ? 0.0 : static_cast<double>(urgent_implemented) / urgent;
}

assurance_report assure(const std::vector<action_plan>& plans, date from, date as_of) {
  if (from > as_of) {
    throw input_error("the assurance period runs from " + format_date(from) + " to " + format_date(as_of) +
                      ": its start is after its end");
  }
  assurance_report a;
  a.from = from;
  a.as_of = as_of;
  std::map<std::string, assurance_count> status, agency, theme;
  std::map<std::string, std::set<std::string>> agency_reviews, theme_reviews, status_reviews;
  const auto in_period = [&](const std::optional<instant>& t) {
    return t && london_date(*t) >= from && london_date(*t) <= as_of;
  };
  for (const auto& p : plans) {
    if (p.recommendations.empty() && p.unlinked.empty()) continue;
    a.plans.push_back(p);
    if (p.mark && (p.mark->status == milestone_status::overdue || p.mark->status == milestone_status::outstanding))
      a.past_mark.push_back(p.reference);
    for (const auto& rec : p.recommendations) {
      ++a.recommendations;
      const bool done = rec.status == recommendation_status::implemented;
      if (done) ++a.implemented;
      if (rec.urgent) {
        ++a.urgent;
        if (done) ++a.urgent_implemented;
      }
      const std::string s(to_string(rec.status));
      auto& sc = status[s];
      sc.key = s;
      ++sc.recommendations;
      sc.actions += static_cast<int>(rec.actions.size());
      if (done) ++sc.implemented;
      sc.overdue += static_cast<int>(std::count_if(rec.actions.begin(), rec.actions.end(), [](const plan_action& x) {
        return x.status == action_status::overdue;
      }));
      status_reviews[s].insert(p.reference);
      const std::string ra = rec.agency.empty() ? "(multi-agency)" : rec.agency;
      agency[ra].key = ra;
      ++agency[ra].recommendations;
      agency_reviews[ra].insert(p.reference);
      for (const auto& th : rec.themes) {
        auto& tc = theme[th];
        tc.key = th;
        ++tc.recommendations;
        tc.actions += static_cast<int>(rec.actions.size());
        if (done) ++tc.implemented;
        theme_reviews[th].insert(p.reference);
      }
    }
    for (const plan_action* x : p.actions()) {
      ++a.actions;
      const bool done = x->status == action_status::implemented;
      if (done) ++a.actions_implemented;
      if (x->status == action_status::overdue) ++a.actions_overdue;
      if (x->update_overdue) ++a.updates_overdue;
      if (in_period(x->completed_at)) ++a.completed_in_period;
      for (const auto& u : x->updates)
        if (u.kind == "update" && in_period(u.at)) ++a.updates_in_period;
      const std::string ag = x->agency.empty() ? "(no agency named)" : x->agency;
      auto& c = agency[ag];
      c.key = ag;
      ++c.actions;
      if (done) ++c.implemented;
      if (x->status == action_status::overdue) ++c.overdue;
      agency_reviews[ag].insert(p.reference);
    }
  }
  for (auto& [k, c] : status) {
    c.reviews = static_cast<int>(status_reviews[k].size());
  }
  // Statuses in their own order, not the alphabet's.
  for (const auto s : {recommendation_status::no_actions, recommendation_status::not_started,
                       recommendation_status::in_progress, recommendation_status::implemented}) {
    const auto it = status.find(std::string(to_string(s)));
    if (it != status.end()) a.by_status.push_back(it->second);
  }
  for (auto& [k, c] : agency) {
    c.reviews = static_cast<int>(agency_reviews[k].size());
    a.by_agency.push_back(c);
  }
  for (auto& [k, c] : theme) {
    c.reviews = static_cast<int>(theme_reviews[k].size());
    a.by_theme.push_back(c);
  }
  std::stable_sort(a.by_theme.begin(), a.by_theme.end(),
                   [](const assurance_count& x, const assurance_count& y) { return x.reviews > y.reviews; });
  return a;
}

assurance_report assure(const store& db, date from, date as_of, const std::vector<std::string>& references) {
  std::vector<action_plan> plans;
  const auto refs = references.empty() ? db.references() : references;
  for (const auto& ref : refs) {
    review r = db.load(ref);
    if (r.voided() || !r.definition().action_plan()) {
      if (!references.empty() && !r.definition().action_plan()) binding_of(r);  // named: say why not
      continue;
    }
    if (london_date(r.opened_at()) > as_of) continue;
    plans.push_back(action_plan::of(r, as_of));
  }
  return assure(plans, from, as_of);
}

}  // namespace scr
