// The review engine: due dates, statuses and the other as-of queries
// (docs/deadline-rules.md, rules 1-11; see scr/review.hpp).

#include <algorithm>
#include <map>
#include <tuple>

#include "person.hpp"
#include "review_people.hpp"
#include "review_plan.hpp"
#include "review_state.hpp"
#include "scr/review.hpp"

namespace scr {

namespace {

using detail::event_ref;
using detail::machine_plan;
using detail::milestone_result;
using detail::review_scope;
using detail::text_of;

std::optional<time_of_day> time_in(const event_data& data) {
  const std::string* t = text_of(data, "time");
  if (t == nullptr || t->size() != 5) return std::nullopt;
  return time_of_day{((*t)[0] - '0') * 10 + ((*t)[1] - '0'), ((*t)[3] - '0') * 10 + ((*t)[4] - '0')};
}

instant at_local(date d, time_of_day t) {
  return from_london(boost::posix_time::ptime(d, boost::posix_time::hours(t.hour) + boost::posix_time::minutes(t.minute)),
                     choose::earliest);
}

// The number of entries of a sorted index list below `cutoff`.
std::size_t count_before(std::span<const std::uint32_t> list, std::uint32_t cutoff) {
  return static_cast<std::size_t>(std::lower_bound(list.begin(), list.end(), cutoff) - list.begin());
}

struct hold_span {
  std::uint32_t from;
  std::optional<std::uint32_t> to;
};

class engine {
 public:
  engine(const review& r, std::uint32_t cutoff, date as_of)
      : s_(detail::review_access::state(r)), r_(r), cal_(r.calendar()),
        cutoff_(cutoff), as_of_(as_of), horizon_(as_of) {
    for (std::size_t k = 0; k < s_.holds.size(); k += 2) {
      if (s_.holds[k] >= cutoff_) break;
      hold_span h{s_.holds[k], std::nullopt};
      if (k + 1 < s_.holds.size() && s_.holds[k + 1] < cutoff_) h.to = s_.holds[k + 1];
      holds_.push_back(h);
    }
    review_end_ = s_.scopes[0].terminal_at(cutoff_);
  }

  /// Repeating obligations are listed through `d` (not just past the as-of date).
  void through(date d) { horizon_ = d; }

  detail::computed run(bool obligations, const std::vector<bool>* only) {
    const auto skip = [&](std::uint32_t si) { return si != 0 && only != nullptr && (si >= only->size() || !(*only)[si]); };
    detail::computed out;
    out.milestones.resize(s_.scopes.size());
    projections_.resize(s_.scopes.size());
    for (std::uint32_t si = 0; si < s_.scopes.size(); ++si) {
      const review_scope& sc = s_.scopes[si];
      out.milestones[si].resize(sc.plan->m->milestones.size());
      if (sc.started >= cutoff_ || skip(si)) continue;
      projections_[si].assign(sc.plan->m->events.size(), std::nullopt);
      for (const auto i : sc.plan->order) milestone_in(out, si, i);
    }
    if (obligations) {
      for (std::uint32_t si = 0; si < s_.scopes.size(); ++si) {
        const review_scope& sc = s_.scopes[si];
        if (sc.started >= cutoff_ || skip(si)) continue;
        for (std::uint32_t k = 0; k < sc.plan->m->obligations.size(); ++k) obligation_in(out, si, k);
      }
    }
    return out;
  }

 private:
  // The occurrences of an event as seen from a scope: a track sees only the
  // review-level events that began it for its own agency.
  std::span<const std::uint32_t> occurrences(const review_scope& sc, event_ref e) const {
    if (!e.review_level || !sc.is_track()) return sc.occurrences[e.index];
    if (e.index == sc.plan->instantiated_by) return sc.instantiations;
    return s_.scopes[0].occurrences[e.index];
  }

  std::optional<std::uint32_t> end_of(const review_scope& sc) const {
    auto end = review_end_;
    if (sc.is_track()) {
      if (const auto t = sc.terminal_at(cutoff_); t && (!end || *t < *end)) end = t;
    }
    return end;
  }

  // The branch the event at `idx` took in scope `sc`, if it took one.
  static const std::string* branch_taken(const review_scope& sc, std::uint32_t idx) {
    const auto it = std::lower_bound(sc.branches.begin(), sc.branches.end(), idx,
                                     [](const auto& b, std::uint32_t i) { return b.first < i; });
    return it != sc.branches.end() && it->first == idx ? &it->second : nullptr;
  }

  // An item for some branches is waived when a branch of the same machine
  // (the track's own, or the review's) has been taken and is not one of them.
  // A track's item for a track branch is not waived by the review's branch.
  bool waived_by_branch(const review_scope& sc, const std::vector<std::string>& branches) const {
    if (branches.empty()) return false;
    const auto waives = [&](const review_scope& level) {
      const std::string* taken = level.branch_at(cutoff_);
      if (taken == nullptr) return false;
      const auto& own = level.plan->branches;
      const bool names_level = std::any_of(branches.begin(), branches.end(), [&](const std::string& b) {
        return std::find(own.begin(), own.end(), b) != own.end();
      });
      return names_level && std::find(branches.begin(), branches.end(), *taken) == branches.end();
    };
    return waives(sc) || (sc.is_track() && waives(s_.scopes[0]));
  }

  date apply_rule(const milestone& ms, date day, const std::optional<instant>& at, std::optional<instant>* exact) const {
    const timescale& t = *ms.offset;
    const bool after = ms.dir == direction::after;
    if (at || t.unit == time_unit::hours) {
      const instant base = at ? *at : from_london(boost::posix_time::ptime(day), choose::earliest);
      const deadline d = after ? cal_.due(base, t) : cal_.before(base, t);
      if (exact != nullptr && d.at) *exact = d.at;
      return d.day;
    }
    return after ? cal_.due(day, t) : cal_.before(day, t);
  }

  void milestone_in(detail::computed& out, std::uint32_t si, std::uint32_t i) {
    const review_scope& sc = s_.scopes[si];
    const machine_plan& mp = *sc.plan;
    const milestone& ms = mp.m->milestones[i];
    milestone_result& res = out.milestones[si][i];
    res.known = true;
    timetable_row& row = res.row;
    row.def = &ms;
    row.in_track = mp.t;
    row.agency = sc.agency;

    // 1. The anchor.
    std::optional<date> day;
    std::optional<instant> at;
    std::uint32_t after = sc.started;
    bool not_applicable = false;  // its anchor will not come: waived
    switch (ms.from.kind) {
      case anchor_kind::event:
      case anchor_kind::event_field: {
        const auto& e = mp.anchor_event[i];
        if (!e) break;
        const auto& list = occurrences(sc, *e);
        const auto n = count_before(list, cutoff_);
        // An occurrence anchors the milestone if it carries the date the
        // anchor reads, and, for a milestone kept to some branches, if it took
        // one of them (a deferral does not start an SCR's clocks).
        const review_scope& where = e->review_level ? s_.scopes[0] : sc;
        const bool filter_branch = !ms.branches.empty() && where.plan->branching[e->index];
        const auto counts = [&](std::uint32_t idx) {
          // The fold keeps what the field holds in each event (state_data::anchor_values).
          if (ms.from.kind == anchor_kind::event_field && s_.anchor_value_of(idx, mp.anchor_field[i]) == nullptr) {
            return false;
          }
          if (filter_branch) {
            const std::string* b = branch_taken(where, idx);
            return b != nullptr && std::find(ms.branches.begin(), ms.branches.end(), *b) != ms.branches.end();
          }
          return true;
        };
        std::optional<std::uint32_t> found;
        if (ms.from.which == occurrence::first) {
          for (std::size_t k = 0; k < n && !found; ++k)
            if (counts(list[k])) found = list[k];
        } else {
          for (std::size_t k = n; k > 0 && !found; --k)
            if (counts(list[k - 1])) found = list[k - 1];
        }
        // Not anchored yet: nothing recorded so far meets it (a milestone is
        // met only at or after its anchoring event).
        if (!found) after = cutoff_;
        if (found) {
          const auto idx = *found;
          after = idx;
          if (ms.from.kind == anchor_kind::event) {
            at = ev(idx).at;
            day = s_.dates[idx];
          } else if (const auto* a = s_.anchor_value_of(idx, mp.anchor_field[i]); a != nullptr && a->day) {
            day = *a->day;
          } else if (a != nullptr && a->at) {
            at = *a->at;
            day = london_date(*a->at);
          } else if (const auto f = ev(idx).data.find(ms.from.field); f != ev(idx).data.end()) {
            // Neither (the fold found some other value): read from the body.
            if (const date* d = std::get_if<date>(&f->second)) {
              day = *d;
            } else if (const instant* t = std::get_if<instant>(&f->second)) {
              at = *t;
              day = london_date(*t);
            }
          }
        } else if (n > 0 && ms.from.kind == anchor_kind::event_field && !filter_branch) {
          // The anchoring event happened, never with the date (decisions that
          // were not deferrals carry no reconsideration date): waived.
          not_applicable = true;
        } else if (ms.from.kind == anchor_kind::event) {
          const auto& proj = (e->review_level && sc.is_track()) ? projections_[0] : projections_[si];
          if (e->index < proj.size() && proj[e->index]) {
            day = proj[e->index];
            row.projected = true;
          }
        }
        break;
      }
      case anchor_kind::milestone: {
        const auto& m = mp.anchor_milestone[i];
        if (!m) break;
        const auto& dep = (m->review_level && sc.is_track()) ? out.milestones[0][m->index] : out.milestones[si][m->index];
        if (!dep.known) break;
        if (dep.row.completed_at) {
          at = dep.row.completed_at;
          day = london_date(*at);
        } else if (dep.row.status == milestone_status::waived) {
          not_applicable = true;
        } else if (dep.row.due) {
          day = dep.row.due;
          row.projected = true;
        }
        break;
      }
      case anchor_kind::scheduled: {
        const auto& list = sc.schedules[i];
        const auto n = count_before(list, cutoff_);
        if (n > 0) {
          const auto& data = ev(list[n - 1]).data;
          day = std::get<date>(data.at("on"));
          if (const auto t = time_in(data)) at = at_local(*day, *t);
          row.scheduled = true;
          row.scheduled_at = ev(list[n - 1]).at;
        }
        break;
      }
    }
    row.anchor_date = day;

    // 2. The rule's date.
    std::optional<date> due;
    std::optional<instant> due_at;
    if (day) {
      if (ms.offset) {
        due = apply_rule(ms, *day, at, &due_at);
      } else {
        due = day;
        if (at && ms.from.kind != anchor_kind::event) due_at = at;
      }
    }
    row.rule_due = due;

    // 3. Completion: the first completing event at or after the anchor and
    // after the last event that reopens it (a return).
    std::uint32_t from = after;
    for (const auto& e : mp.reopened_by[i]) {
      const auto& list = occurrences(sc, e);
      auto it = std::lower_bound(list.begin(), list.end(), cutoff_);
      if (it != list.begin() && *std::prev(it) >= after) from = std::max(from, *std::prev(it) + 1);
    }
    std::optional<std::uint32_t> done;
    for (const auto& e : mp.completed_by[i]) {
      const auto& list = occurrences(sc, e);
      for (auto it = std::lower_bound(list.begin(), list.end(), from); it != list.end() && *it < cutoff_; ++it) {
        if (done && *it >= *done) break;
        if (!ms.completed_when || ms.completed_when->holds(ev(*it).data)) {
          done = *it;
          break;
        }
      }
    }
    if (done) {
      res.completed_index = done;
      row.completed_at = ev(*done).at;
    }

    // 4. Holds move the rule's date by the milestone's policy.
    bool paused = false;
    if (due && ms.hold != hold_policy::continue_ && ms.from.kind != anchor_kind::scheduled && !row.projected) {
      for (const auto& h : holds_) {
        if (done && *done < h.from) continue;  // met before the hold
        const date held = s_.dates[h.from];
        if (day && *day > held) continue;      // the clock had not started
        if (!h.to) {
          paused = true;
          continue;
        }
        const date released = s_.dates[*h.to];
        switch (ms.hold) {
          case hold_policy::continue_:
          case hold_policy::pause_keep_end: break;
          case hold_policy::pause_resume:
            if (ms.offset && ms.offset->unit == time_unit::working_days) {
              due = cal_.add_working_days(released, cal_.working_days_between(held, *due));
            } else {
              due = *due + (released - held);
            }
            due_at.reset();
            break;
          case hold_policy::restart:
            if (ms.offset) {
              due_at.reset();
              due = apply_rule(ms, released, ev(*h.to).at, &due_at);
            }
            break;
        }
      }
    }
    const std::optional<date> limit_by_rule = due;

    // 5. A date the panel set replaces the rule's.
    if (ms.from.kind != anchor_kind::scheduled) {
      const auto& list = sc.schedules[i];
      if (const auto n = count_before(list, cutoff_); n > 0) {
        const auto& data = ev(list[n - 1]).data;
        due = std::get<date>(data.at("on"));
        due_at.reset();
        if (const auto t = time_in(data)) due_at = at_local(*due, *t);
        row.scheduled = true;
        row.scheduled_at = ev(list[n - 1]).at;
      }
    }

    // 6. An extension keeps the original date and sets a later one.
    std::optional<date> extended_to;
    {
      const auto& list = sc.extensions[i];
      if (const auto n = count_before(list, cutoff_); n > 0) {
        // The date in force when the first extension was agreed: the panel's
        // date set before it, or the rule's.
        const auto& schedules = sc.schedules[i];
        if (const auto k = count_before(schedules, list.front()); k > 0) {
          row.original_due = std::get<date>(ev(schedules[k - 1]).data.at("on"));
        } else if (ms.from.kind != anchor_kind::scheduled) {
          row.original_due = limit_by_rule;
        } else {
          row.original_due = due;
        }
        extended_to = std::get<date>(ev(list[n - 1]).data.at("due"));
        row.extended_to = extended_to;
        // The later of the two acts is in force: a date the panel sets after
        // an extension is its plan inside it (a breach if past it); an
        // extension agreed after a schedule moves the date.
        const auto k = count_before(schedules, cutoff_);
        if (ms.from.kind == anchor_kind::scheduled || k == 0 || schedules[k - 1] < list[n - 1]) {
          due = extended_to;
          due_at.reset();
        }
        row.extensions = static_cast<int>(n);
      }
    }
    if (ms.due_time && due) due_at = at_local(*due, *ms.due_time);
    row.due = due;
    row.due_at = due_at;
    if (ms.kind == milestone_kind::statutory && row.scheduled && due && limit_by_rule) {
      const date limit = extended_to ? std::max(*extended_to, *limit_by_rule) : *limit_by_rule;
      row.breach = *due > limit;
    }

    // 7. The status as of the date.
    const auto end = end_of(sc);
    if (row.completed_at) {
      bool late = false;
      if (due_at) late = *row.completed_at > *due_at;
      else if (due) late = london_date(*row.completed_at) > *due;
      row.status = late ? milestone_status::met_late : milestone_status::met;
    } else if (count_before(sc.waivers[i], cutoff_) > 0 || not_applicable ||
               waived_by_branch(sc, ms.branches) || (end && (!due || *due >= s_.dates[*end]))) {
      row.status = milestone_status::waived;
    } else if (end) {
      // Due before the review closed and never met: closed out, not overdue.
      row.status = milestone_status::outstanding;
    } else if (paused) {
      row.status = milestone_status::paused;
    } else if (!due) {
      row.status = milestone_status::pending;
    } else if (as_of_ > *due) {
      row.status = milestone_status::overdue;
    } else if (ms.warning && as_of_ >= cal_.before(*due, *ms.warning)) {
      row.status = milestone_status::due_soon;
    } else if (row.extensions > 0) {
      row.status = milestone_status::extended;
    } else {
      row.status = milestone_status::pending;
    }
    row.provisional = row.projected || (due && cal_.is_provisional(*due));

    // 8. An open milestone projects when the events that complete it happen.
    if (!row.completed_at && row.status != milestone_status::waived && due) {
      for (const auto& e : mp.completed_by[i]) {
        if (e.review_level && sc.is_track()) continue;
        auto& p = projections_[si][e.index];
        if (!p || *due < *p) p = due;
      }
    }
  }

  struct trigger_point {
    std::uint32_t index;
    instant at;
  };

  void obligation_in(detail::computed& out, std::uint32_t si, std::uint32_t k) {
    const review_scope& sc = s_.scopes[si];
    const machine_plan& mp = *sc.plan;
    const obligation& o = mp.m->obligations[k];

    // Each trigger makes one obligation (a repeating one, one per period).
    std::vector<trigger_point> triggers;
    if (const auto& e = mp.trigger_event[k]) {
      const auto& list = occurrences(sc, *e);
      for (auto it = std::lower_bound(list.begin(), list.end(), sc.started); it != list.end() && *it < cutoff_; ++it) {
        if (!o.on.when || o.on.when->holds(ev(*it).data)) triggers.push_back({*it, ev(*it).at});
      }
    } else if (const auto& m = mp.trigger_milestone[k]) {
      const std::uint32_t owner = (m->review_level && sc.is_track()) ? 0 : si;
      if (o.on.kind == trigger_kind::milestone_met) {
        const auto& dep = out.milestones[owner][m->index];
        if (dep.known && dep.completed_index) triggers.push_back({*dep.completed_index, *dep.row.completed_at});
      } else {
        const auto& list = s_.scopes[owner].extensions[m->index];
        for (std::size_t n = 0; n < count_before(list, cutoff_); ++n) triggers.push_back({list[n], ev(list[n]).at});
      }
    }
    if (triggers.empty()) return;

    const bool waived = waived_by_branch(sc, o.branches);
    const auto end = review_end_;
    const std::size_t first_row = out.obligations.size();
    std::vector<std::uint32_t> trigger_of;  // per row
    // Occurrences are numbered 1, 2, ... across every trigger, so that each
    // (obligation, agency, occurrence) names one row: a request made twice is
    // owed twice (#1 and #2). A repeating obligation triggered again starts
    // its periods afresh from the new trigger: the earlier run ends with the
    // periods due by the day of the new trigger (an action agreed again has
    // one cycle of updates, from the new agreement).
    int numbered = 0;
    for (std::size_t ti = 0; ti < triggers.size(); ++ti) {
      const auto& t = triggers[ti];
      std::optional<date> until;
      if (const auto& u = mp.until[k]) {
        const auto& list = occurrences(sc, *u);
        for (auto it = std::upper_bound(list.begin(), list.end(), t.index); it != list.end() && *it < cutoff_; ++it) {
          until = s_.dates[*it];
          break;
        }
      }
      if (o.repeat && ti + 1 < triggers.size()) {
        const date next = london_date(triggers[ti + 1].at);
        if (!until || next < *until) until = next;
      }
      if (end && *end > t.index) {
        // The review's closure ends it, or its time after closure does.
        const date stop = o.after_closure ? cal_.due(s_.dates[*end], *o.after_closure) : s_.dates[*end];
        if (!until || stop < *until) until = stop;
      }
      const auto add = [&](std::optional<date> due) {
        obligation_row row;
        row.def = &o;
        row.in_track = mp.t;
        row.agency = sc.agency;
        row.occurrence = ++numbered;
        row.triggered_at = t.at;
        row.due = due;
        row.provisional = due && cal_.is_provisional(*due);
        row.status = waived ? obligation_status::waived : obligation_status::open;
        out.obligations.push_back(std::move(row));
        trigger_of.push_back(t.index);
      };
      if (!o.repeat) {
        add(o.within ? std::optional<date>(cal_.due(t.at, *o.within).day) : std::nullopt);
        continue;
      }
      // Periods always count from the trigger (never chained) when the units
      // agree: "within 1 month, every month" is due 1, 2, 3 ... months after.
      const timescale first = o.within ? *o.within : *o.repeat;
      date due = cal_.due(t.at, first).day;
      for (int n = 1; n <= 5000; ++n) {
        if (until && due > *until) break;
        add(due);
        if (due > horizon_) break;
        const int amount = first.amount + n * o.repeat->amount;
        if (first.unit == o.repeat->unit && amount <= max_timescale_amount) {
          due = cal_.due(t.at, timescale{amount, first.unit}).day;
        } else {
          due = cal_.due(due, *o.repeat);
        }
      }
    }

    // Waivers name their occurrence; they come first so that a discharge
    // never lands on a waived occurrence.
    const auto& waivers = sc.obligation_waivers[k];
    for (std::size_t w = 0; w < count_before(waivers, cutoff_); ++w) {
      const auto& e = ev(waivers[w]);
      const auto it = e.data.find("occurrence");
      const std::int64_t n = it == e.data.end() ? 1 : std::get<std::int64_t>(it->second);
      for (std::size_t r = first_row; r < out.obligations.size(); ++r) {
        auto& row = out.obligations[r];
        if (row.occurrence != n || row.status == obligation_status::waived) continue;
        row.status = obligation_status::waived;
        row.note = e.reason;
        row.discharged_by = e.by.name + " (waived)";
        break;
      }
    }
    // Discharges, in time order, each of the earliest open occurrence.
    std::vector<std::uint32_t> discharges;
    if (const auto& e = mp.discharged_by[k]) {
      const auto& list = occurrences(sc, *e);
      for (auto it = std::lower_bound(list.begin(), list.end(), sc.started); it != list.end() && *it < cutoff_; ++it)
        discharges.push_back(*it);
    }
    const auto& explicit_list = sc.discharges[k];
    discharges.insert(discharges.end(), explicit_list.begin(), explicit_list.begin() + static_cast<std::ptrdiff_t>(count_before(explicit_list, cutoff_)));
    std::sort(discharges.begin(), discharges.end());
    for (const auto d : discharges) {
      for (std::size_t n = first_row; n < out.obligations.size(); ++n) {
        auto& row = out.obligations[n];
        if (row.discharged_at || row.status == obligation_status::waived || trigger_of[n - first_row] >= d) continue;
        const auto& e = ev(d);
        row.discharged_at = e.at;
        row.discharged_by = e.kind == event_kind::discharged ? e.by.name : e.by.name + " (" + e.name + ")";
        if (const std::string* note = text_of(e.data, "note")) row.note = *note;
        break;
      }
    }
    for (std::size_t n = first_row; n < out.obligations.size(); ++n) {
      auto& row = out.obligations[n];
      if (row.discharged_at) {
        row.status = row.due && london_date(*row.discharged_at) > *row.due ? obligation_status::discharged_late
                                                                             : obligation_status::discharged;
      } else if (row.status == obligation_status::waived) {
        continue;
      } else if (end && *end < cutoff_ &&
                 (!o.after_closure || as_of_ > cal_.due(s_.dates[*end], *o.after_closure))) {
        // Open when the review closed (or when its time after closure ran out).
        row.status = obligation_status::outstanding;
      } else if (!row.due) {
        row.status = obligation_status::open;
      } else if (as_of_ > *row.due) {
        row.status = obligation_status::overdue;
      } else {
        row.status = obligation_status::pending;
      }
    }
  }

  const detail::review_access::state_data& s_;
  const review& r_;
  // Event i in force (read from the store first if the review was taken up
  // without its events' bodies).
  const review_event& ev(std::uint32_t i) const { return detail::review_access::event(r_, i); }
  const calendar& cal_;
  std::uint32_t cutoff_;
  date as_of_;
  date horizon_;
  std::vector<hold_span> holds_;
  std::optional<std::uint32_t> review_end_;
  std::vector<std::vector<std::optional<date>>> projections_;
};

compliance_row to_compliance(const timetable_row& row, date as_of) {
  compliance_row c;
  c.def = row.def;
  c.completed_at = row.completed_at;
  c.met = row.completed_at.has_value();
  c.extended = row.extensions > 0;
  c.breach = row.breach;
  if (row.scheduled) c.scheduled = row.due;
  // The date it is judged against: a statutory milestone's own date (or its
  // extension), whatever the panel planned; otherwise the date in force.
  const bool statutory = row.def->kind == milestone_kind::statutory && row.rule_due;
  if (statutory) {
    c.original_due = row.rule_due;
    c.due = row.extended_to ? row.extended_to : row.rule_due;
  } else {
    c.due = row.due;
    c.original_due = row.original_due ? row.original_due : row.due;
  }
  const auto by = [&](const std::optional<date>& d) {
    if (!c.met) return false;
    if (!d) return true;
    if (row.due_at && d == row.due) return *row.completed_at <= *row.due_at;
    return london_date(*row.completed_at) <= *d;
  };
  c.on_time = by(c.due);
  c.within_original = by(c.original_due);
  if (c.due) {
    const date until = c.met ? london_date(*row.completed_at) : as_of;
    const auto days = (until - *c.due).days();
    c.days_late = days > 0 ? static_cast<int>(days) : 0;
  }
  c.status = row.status;
  return c;
}

}  // namespace

namespace detail {

computed review_access::compute(const review& r, std::uint32_t cutoff, date as_of, bool obligations,
                                const std::vector<bool>* only, std::optional<date> through) {
  engine e(r, cutoff, as_of);
  if (through && *through > as_of) e.through(*through);
  return e.run(obligations, only);
}

// The review's compliance from a computation (review::compliance).
compliance_summary compliance_of(const procedure& p, const computed& c, date as_of) {
  compliance_summary out;
  out.as_of = as_of;
  if (c.milestones.empty()) return out;
  for (const auto& m : c.milestones[0]) {
    if (!m.known || m.row.status == milestone_status::waived) continue;
    out.rows.push_back(to_compliance(m.row, as_of));
    if (m.row.id() == p.decision_milestone()) out.decision = out.rows.back();
    if (m.row.id() == p.completion_milestone()) out.completion = out.rows.back();
  }
  return out;
}

namespace {

// The known milestones of a computation, as timetable rows (moved out of it).
std::vector<timetable_row> timetable_of(computed& c) {
  std::vector<timetable_row> out;
  for (auto& scope : c.milestones)
    for (auto& m : scope)
      if (m.known) out.push_back(std::move(m.row));
  return out;
}

}  // namespace

review_access::projection_inputs review_access::for_projection(const review& r, date as_of, date through) {
  auto c = compute(r, r.s_->cutoff(as_of), as_of, true, nullptr, through);
  projection_inputs out;
  out.compliance = compliance_of(r.definition(), c, as_of);
  out.timetable = timetable_of(c);
  out.obligations = std::move(c.obligations);
  out.warnings = r.warnings_from(as_of, out.timetable);
  return out;
}

}  // namespace detail

std::vector<timetable_row> review::timetable(date as_of) const {
  auto computed = detail::review_access::compute(*this, s_->cutoff(as_of), as_of, false);
  return detail::timetable_of(computed);
}

std::vector<obligation_row> review::obligations(date as_of) const {
  return detail::review_access::compute(*this, s_->cutoff(as_of), as_of, true).obligations;
}

std::vector<obligation_row> review::obligations(date as_of, date through) const {
  return detail::review_access::compute(*this, s_->cutoff(as_of), as_of, true, nullptr, through).obligations;
}

std::vector<review_warning> review::warnings() const {
  return warnings(count() == 0 ? date(boost::gregorian::not_a_date_time) : s_->dates.back());
}

std::vector<review_warning> review::warnings(date as_of) const { return warnings_from(as_of, timetable(as_of)); }

std::vector<review_warning> review::warnings_from(date as_of, const std::vector<timetable_row>& rows) const {
  std::vector<review_warning> out;
  const auto cutoff = s_->cutoff(as_of);
  const auto& conflicts = procedure_->conflicts();
  // The first same-person conflict naming both roles (a "must" one first).
  const auto rule_for = [&](const std::string& a, const std::string& b) -> const role_conflict* {
    const role_conflict* found = nullptr;
    for (const auto& c : conflicts) {
      if (c.kind != conflict_kind::same_person || a == b) continue;
      if (std::find(c.roles.begin(), c.roles.end(), a) == c.roles.end() ||
          std::find(c.roles.begin(), c.roles.end(), b) == c.roles.end()) {
        continue;
      }
      if (c.level == strength::must) return &c;
      if (found == nullptr) found = &c;
    }
    return found;
  };
  // Conflicts a replayed history was recorded with under two spellings of
  // one person (state_data::replaying).
  for (const auto& t : s_->tolerated)
    if (t.event < cutoff) out.push_back(t.warning);
  // Taken off the role by then: the warnings an assignment raised are cleared.
  for (std::size_t k = 0; k < s_->assignments.size() && s_->assignments[k] < cutoff; ++k) {
    if (!s_->in_force(k, cutoff)) continue;
    const auto& e = body(s_->assignments[k]);
    const detail::person& who = s_->people[k];
    // The roles the same person took before (and held as of the date); and
    // the people in roles a same-person conflict joins to this one whose
    // names are alike but not the same.
    std::vector<std::size_t> before;
    for (std::size_t j = 0; j < k; ++j) {
      if (!s_->in_force(j, cutoff)) continue;
      const detail::person& other = s_->people[j];
      if (detail::same_person(who, other)) {
        before.push_back(j);
        continue;
      }
      const auto& a = body(s_->assignments[j]);
      const role_conflict* c = rule_for(e.name, a.name);
      if (c == nullptr) continue;
      const auto role_of = [&](const review_event& x, const detail::person& p) {
        return x.name + (p.id.empty() ? std::string() : ", person id " + p.id);
      };
      std::string message;
      if (detail::same_name(who.key, other.key)) {
        // Kept apart by their person ids.
        message = e.subject + " (" + role_of(e, who) + ") and " + a.subject + " (" + role_of(a, other) +
                  ") have the same name; their person ids say they are two people";
      } else if (const auto near = detail::near_names(who.key, other.key); near != detail::nearness::none &&
                                                                          (who.id_key.empty() || other.id_key.empty())) {
        message = "'" + e.subject + "' (" + role_of(e, who) + ") may be the same person as '" + a.subject + "' (" +
                  role_of(a, other) + "): " + std::string(detail::to_text(near)) +
                  "; if they are one person, assign them under one spelling, or give both the same person id";
      }
      if (!message.empty()) out.push_back({"near_match", message + ": " + c->rule, c->rule, c->level, c->cite, e.at});
    }
    std::vector<detail::holding> held;
    for (const auto j : before) {
      const auto& a = body(s_->assignments[j]);
      held.push_back({&a.subject, &s_->people[j].id, &a.name});
    }
    for (const auto& c : conflicts) {
      if (std::find(c.roles.begin(), c.roles.end(), e.name) == c.roles.end()) continue;
      std::optional<instant> when;
      std::string why;
      if (c.kind == conflict_kind::same_person && c.level == strength::should) {
        const bool all = std::all_of(c.roles.begin(), c.roles.end(), [&](const std::string& x) {
          return x == e.name ||
                 std::any_of(held.begin(), held.end(), [&](const detail::holding& h) { return *h.role == x; });
        });
        if (all) {
          when = e.at;
          std::vector<detail::holding> in_rule;
          for (const auto& h : held)
            if (std::find(c.roles.begin(), c.roles.end(), *h.role) != c.roles.end()) in_rule.push_back(h);
          bool otherwise = false;
          const std::string others = detail::holders_text(e.subject, who.id, in_rule, "holds", &otherwise);
          if (otherwise) {
            why = others + ", and takes " + e.name;
          } else {
            why = e.subject + " holds " + [&] {
              std::string s;
              for (const auto& x : c.roles) s += (s.empty() ? "" : " and ") + x;
              return s;
            }();
          }
        }
      } else if (c.kind == conflict_kind::declared && c.level == strength::should) {
        if (e.data.find(c.declaration) == e.data.end()) {
          when = e.at;
          why = e.subject + " (" + e.name + ") has not declared '" + c.declaration + "'";
        }
      } else if (c.kind == conflict_kind::involved_agency && !e.agency.empty()) {
        const auto inv = s_->involved->find(std::string_view(detail::agency_key(e.agency)));
        if (inv != s_->involved->end() && inv->second.event < cutoff) {
          const std::string_view as = inv->second.agency;
          when = std::max(e.at, body(inv->second.event).at);
          why = e.subject + " (" + e.name + ") works for " + e.agency + ", an agency involved in the case" +
                (as == e.agency ? std::string() : " (as '" + std::string(as) + "')");
        }
      }
      if (when) out.push_back({"conflict", why + ": " + c.rule, c.rule, c.level, c.cite, *when});
    }
  }
  for (const auto& row : rows) {
    if (!row.breach) continue;
    const std::string where = row.agency.empty() ? std::string() : " for " + row.agency;
    out.push_back({"breach",
                   "milestone '" + row.id() + "'" + where + " is scheduled for " + format_date(*row.due) +
                       ", after its statutory limit " + format_date(row.extensions ? std::max(*row.original_due, *row.rule_due) : *row.rule_due) +
                       " (" + row.rule() + ")",
                   row.def->title, row.def->level, row.def->cite, row.scheduled_at ? *row.scheduled_at : body(count() - 1).at});
  }
  // A review dated before its procedure took effect: said, not refused (a
  // board may run an old referral under its current procedure).
  if (count() != 0 && s_->dates.front() < procedure_->effective_from() && cutoff > 0) {
    out.push_back({"effective",
                   "the review opened on " + format_date(s_->dates.front()) + ", before procedure '" +
                       procedure_->id() + "' version " + std::to_string(procedure_->version()) + " took effect on " +
                       format_date(procedure_->effective_from()),
                   "procedure.effective_from", strength::should, {}, body(0).at});
  }
  std::stable_sort(out.begin(), out.end(), [](const review_warning& a, const review_warning& b) { return a.at < b.at; });
  return out;
}

compliance_summary review::compliance(date as_of) const {
  return detail::compliance_of(*procedure_, detail::review_access::compute(*this, s_->cutoff(as_of), as_of, false),
                               as_of);
}

std::vector<moved_date> review::recompute(scr::calendar cal) {
  const date as_of = s_->dates.back();
  const auto cutoff = static_cast<std::uint32_t>(count());
  using key = std::tuple<std::string, std::string, std::string, int>;
  const auto collect = [&](const review& r) {
    std::map<key, std::optional<date>> out;
    const auto c = detail::review_access::compute(r, cutoff, as_of, true);
    for (const auto& scope : c.milestones)
      for (const auto& m : scope)
        if (m.known) out[{"milestone", m.row.id(), m.row.agency, 1}] = m.row.due;
    for (const auto& o : c.obligations) out[{"obligation", o.id(), o.agency, o.occurrence}] = o.due;
    return out;
  };
  const auto before = collect(*this);
  review changed(*this);
  changed.calendar_ = std::move(cal);
  const auto after = collect(changed);
  std::vector<moved_date> moved;
  for (const auto& [k, d] : after) {
    const auto it = before.find(k);
    const std::optional<date> old = it == before.end() ? std::nullopt : it->second;
    if (old != d) moved.push_back({std::get<0>(k), std::get<1>(k), std::get<2>(k), std::get<3>(k), old, d});
  }
  calendar_ = std::move(changed.calendar_);
  return moved;
}

}  // namespace scr
