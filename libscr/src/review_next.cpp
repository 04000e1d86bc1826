// The review engine: what can happen next. For a review as of a date, every
// step the procedure offers (record an event, per agency for a track's event;
// schedule or extend a milestone; discharge an obligation; hold or release),
// who may take it, the data it takes, and, for a step not yet allowed, what
// blocks it, in words.

#include <algorithm>
#include <string>
#include <vector>

#include "review_plan.hpp"
#include "review_state.hpp"
#include "scr/review.hpp"
#include "text.hpp"

namespace scr {

namespace {

using review_scope_t = detail::review_scope;
using machine_plan_t = detail::machine_plan;
using detail::join;

std::string quoted(std::string_view s) { return "'" + std::string(s) + "'"; }

bool settled(milestone_status s) {
  return s == milestone_status::met || s == milestone_status::met_late || s == milestone_status::waived;
}

bool settled(obligation_status s) {
  return s == obligation_status::discharged || s == obligation_status::discharged_late ||
         s == obligation_status::waived;
}

std::vector<next_field> fields_of(const event_spec& spec) {
  std::vector<next_field> out;
  for (const auto& f : spec.data) {
    next_field n;
    n.name = f.name;
    n.type = std::string(to_string(f.type));
    n.required = f.required;
    if (f.required_when) n.required_when = f.required_when->text();
    n.values = f.values;
    n.description = f.title;
    out.push_back(std::move(n));
  }
  return out;
}

void add_unique(std::vector<std::string>& out, const std::string& s) {
  if (std::find(out.begin(), out.end(), s) == out.end()) out.push_back(s);
}

}  // namespace

std::vector<next_step> review::next() const {
  return next(events_.empty() ? date(boost::gregorian::not_a_date_time) : s_->dates.back());
}

std::vector<next_step> review::next(date as_of) const {
  std::vector<next_step> out;
  if (events_.empty() || voided_) return out;
  const std::uint32_t cutoff = s_->cutoff(as_of);
  const auto now = detail::review_access::compute(*this, cutoff, as_of, true);
  const auto& review_scope = s_->scopes[0];
  const bool closed = plan_->review.terminal[review_scope.state_at(cutoff)];
  bool held = false;
  for (const auto h : s_->holds) held = h < cutoff ? !held : held;

  // Why a row's prerequisites are not met, or "" if they are.
  const auto blocker = [&](std::uint32_t si, const transition& row) -> std::string {
    const review_scope_t& sc = s_->scopes[si];
    for (const auto& req : row.requires_) {
      if (req.kind == prerequisite_kind::milestone) {
        std::uint32_t rs = si;
        auto mi = detail::lookup(sc.plan->milestones, req.id);
        if (!mi) {
          rs = 0;
          mi = detail::lookup(plan_->review.milestones, req.id);
        }
        if (!mi || rs >= now.milestones.size() || !now.milestones[rs][*mi].known) continue;
        const auto& r = now.milestones[rs][*mi].row;
        if (!settled(r.status)) {
          return "needs milestone " + quoted(req.id) + " (" + r.title() + ") met first; it is " +
                 std::string(to_string(r.status)) + (r.due ? ", due " + format_date(*r.due) : std::string());
        }
      } else if (req.kind == prerequisite_kind::obligation) {
        int seen = 0;
        for (const auto& o : now.obligations) {
          if (o.id() != req.id || (si != 0 && o.agency != sc.agency)) continue;
          ++seen;
          if (!settled(o.status)) {
            return "needs obligation " + quoted(req.id) + " (" + o.title() + ") discharged first; it is " +
                   std::string(to_string(o.status)) + (o.due ? ", due " + format_date(*o.due) : std::string());
          }
        }
        if (seen == 0) return "needs obligation " + quoted(req.id) + " discharged first; it has not been triggered yet";
      } else {
        std::vector<std::string> open;
        int tracks = 0;
        for (std::uint32_t k = 0; k < s_->scopes.size(); ++k) {
          const auto& other = s_->scopes[k];
          if (!other.is_track() || other.plan->t->id != req.track || other.started >= cutoff) continue;
          const auto mi = detail::lookup(other.plan->milestones, req.id);
          if (!mi || !now.milestones[k][*mi].known) continue;
          ++tracks;
          const auto& r = now.milestones[k][*mi].row;
          if (!settled(r.status)) open.push_back(other.agency + " (" + std::string(to_string(r.status)) + ")");
        }
        if (tracks == 0) return "needs milestone " + quoted(req.id) + " met in every agency's track " + quoted(req.track) + ", and no agency has one yet";
        if (!open.empty()) return "needs milestone " + quoted(req.id) + " met in every agency's track " + quoted(req.track) + "; not yet met for: " + join(open);
      }
    }
    return {};
  };

  // Every event of a machine, from the scope's state as of the date.
  const auto events_of = [&](std::uint32_t si) {
    const review_scope_t& sc = s_->scopes[si];
    const machine_plan_t& mp = *sc.plan;
    const std::uint32_t st = sc.state_at(cutoff);
    const bool scope_closed = mp.terminal[st];
    for (std::uint32_t ei = 0; ei < mp.m->events.size(); ++ei) {
      const event_spec& spec = mp.m->events[ei];
      if (si == 0 && spec.name == procedure_->opened_by()) continue;
      next_step n;
      n.action = "record";
      n.name = spec.name;
      n.agency = sc.agency;
      n.title = spec.title;
      n.fields = fields_of(spec);
      for (const auto r : mp.rows_for_event[ei]) {
        const auto& t = mp.m->transitions[r];
        for (const auto& role : t.roles) add_unique(n.roles, role);
      }
      const auto& rows = mp.rows_from(st, ei);
      std::vector<std::string> guards;
      std::string blocked;
      for (const auto r : rows) {
        const auto& t = mp.m->transitions[r];
        if (t.to) add_unique(n.leads_to, *t.to);
        if (t.when) guards.push_back(t.when->text());
        const std::string why = blocker(si, t);
        if (why.empty()) n.allowed = true;
        else if (blocked.empty()) blocked = why;
      }
      if (closed || (si != 0 && scope_closed)) {
        n.allowed = false;
        n.blocked_by = si == 0 || closed ? "the review is closed (state " + quoted(procedure_->states[review_scope.state_at(cutoff)].id) + ")"
                                          : "the agency's track is closed (state " + quoted(mp.m->states[st].id) + ")";
      } else if (rows.empty()) {
        std::vector<std::string> from;
        for (const auto r : mp.rows_for_event[ei])
          for (const auto& f : mp.m->transitions[r].from) add_unique(from, f);
        n.blocked_by = "not allowed in state " + quoted(mp.m->states[st].id) + " (" + mp.m->states[st].title + ")" +
                       (from.empty() ? std::string("; no transition records it") : "; it is recorded from: " + join(from));
      } else if (!n.allowed) {
        n.blocked_by = blocked;
      }
      // Each row's data condition; one must hold (a row without one always may).
      if (guards.size() == rows.size()) n.when = std::move(guards);
      out.push_back(std::move(n));
    }
  };
  events_of(0);
  for (std::uint32_t si = 1; si < s_->scopes.size(); ++si) {
    if (s_->scopes[si].started < cutoff) events_of(si);
  }

  // Milestones: schedule (any open milestone) and extend (by its roles).
  for (std::uint32_t si = 0; si < now.milestones.size(); ++si) {
    for (const auto& m : now.milestones[si]) {
      if (!m.known) continue;
      const auto& r = m.row;
      const bool open = !r.completed_at && r.status != milestone_status::waived &&
                        r.status != milestone_status::outstanding;
      if (!open || closed) continue;
      next_step s;
      s.action = "schedule";
      s.name = r.id();
      s.agency = r.agency;
      s.title = r.title();
      s.allowed = true;
      s.fields = {{"on", "date", true, {}, {}, "the date set"}, {"time", "text", false, {}, {}, "HH:MM"}};
      out.push_back(s);
      next_step e;
      e.action = "extend";
      e.name = r.id();
      e.agency = r.agency;
      e.title = r.title();
      e.roles = r.def->extendable_by;
      e.fields = {{"due", "date", true, {}, {}, "the new due date"}, {"reason", "text", true, {}, {}, "why"}};
      if (r.def->extendable_by.empty()) e.blocked_by = "the procedure names no role that may agree an extension of it";
      else if (!r.due) e.blocked_by = "it has no due date yet (" + r.rule() + ")";
      else e.allowed = true;
      out.push_back(std::move(e));
    }
  }
  // Obligations that may be discharged.
  for (const auto& o : now.obligations) {
    if (o.status != obligation_status::open && o.status != obligation_status::pending &&
        o.status != obligation_status::overdue) {
      continue;
    }
    next_step d;
    d.action = "discharge";
    d.name = o.id();
    d.agency = o.agency;
    d.title = o.title() + (o.occurrence > 1 ? " #" + std::to_string(o.occurrence) : std::string()) +
              (o.due ? ", due " + format_date(*o.due) : std::string());
    d.allowed = true;
    if (!o.owner().empty()) d.roles = {o.owner()};
    d.fields = {{"note", "text", false, {}, {}, "a note"}};
    out.push_back(std::move(d));
  }
  if (!closed) {
    next_step h;
    h.action = held ? "release" : "hold";
    h.allowed = true;
    h.title = held ? "End the hold" : "Put the review on hold (criminal proceedings, an inquest)";
    h.fields = {{held ? "note" : "reason", "text", !held, {}, {}, held ? "a note" : "why"}};
    out.push_back(std::move(h));
  }
  std::stable_sort(out.begin(), out.end(), [](const next_step& a, const next_step& b) { return a.allowed > b.allowed; });
  return out;
}

}  // namespace scr
