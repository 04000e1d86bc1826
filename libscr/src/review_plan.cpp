// The engine's index of a procedure (see review_plan.hpp).

#include "review_plan.hpp"

#include <algorithm>
#include <iterator>
#include <map>
#include <mutex>

#include <boost/graph/adjacency_list.hpp>
#include <boost/graph/strong_components.hpp>
#include <boost/graph/topological_sort.hpp>

namespace scr::detail {

namespace {

template <class T>
name_index index_of(const std::vector<T>& items, std::string T::*key) {
  name_index out;
  out.reserve(items.size());
  for (std::size_t i = 0; i < items.size(); ++i) out.emplace(items[i].*key, static_cast<std::uint32_t>(i));
  return out;
}

// An event named in a milestone or obligation: this machine's own, or (for a
// track) the review's.
std::optional<event_ref> resolve_event(const machine_plan& self, const machine_plan* review, std::string_view name) {
  if (const auto i = lookup(self.events, name)) return event_ref{self.t == nullptr, *i};
  if (review != nullptr) {
    if (const auto i = lookup(review->events, name)) return event_ref{true, *i};
  }
  return std::nullopt;
}

std::optional<milestone_ref> resolve_milestone(const machine_plan& self, const machine_plan* review,
                                               std::string_view name) {
  if (const auto i = lookup(self.milestones, name)) return milestone_ref{self.t == nullptr, *i};
  if (review != nullptr) {
    if (const auto i = lookup(review->milestones, name)) return milestone_ref{true, *i};
  }
  return std::nullopt;
}

// Milestones in an order where each comes after those its date depends on: the
// milestone it is anchored on, and the milestones whose completion is the
// event it is anchored on (which project when that event will happen). The
// anchor graph is acyclic (the loader proves it); projection edges that would
// close a loop are dropped, since a loop cannot project anything.
std::vector<std::uint32_t> dependency_order(const machine_plan& p) {
  using graph = boost::adjacency_list<boost::vecS, boost::vecS, boost::directedS>;
  const auto n = p.m->milestones.size();
  struct edge {
    std::size_t from, to;
    bool projection;
  };
  std::vector<edge> edges;
  for (std::size_t j = 0; j < n; ++j) {
    if (const auto& a = p.anchor_milestone[j]; a && a->review_level == (p.t == nullptr)) {
      edges.push_back({a->index, j, false});
    }
    const auto& e = p.anchor_event[j];
    if (!e || p.m->milestones[j].from.kind != anchor_kind::event) continue;
    for (std::size_t i = 0; i < n; ++i) {
      if (i == j) continue;
      const auto& by = p.completed_by[i];
      if (std::find(by.begin(), by.end(), *e) != by.end()) edges.push_back({i, j, true});
    }
  }
  graph all(n);
  for (const auto& e : edges) boost::add_edge(e.from, e.to, all);
  std::vector<std::size_t> component(n);
  const auto count = boost::strong_components(
      all, boost::make_iterator_property_map(component.begin(), boost::get(boost::vertex_index, all)));
  std::vector<std::size_t> size(count, 0);
  for (auto c : component) ++size[c];
  graph acyclic(n);
  for (const auto& e : edges) {
    if (e.projection && component[e.from] == component[e.to] && size[component[e.from]] > 1) continue;
    boost::add_edge(e.from, e.to, acyclic);
  }
  std::vector<std::size_t> reversed;
  boost::topological_sort(acyclic, std::back_inserter(reversed));
  std::vector<std::uint32_t> out;
  out.reserve(n);
  for (auto it = reversed.rbegin(); it != reversed.rend(); ++it) out.push_back(static_cast<std::uint32_t>(*it));
  return out;
}

void build(machine_plan& p, const machine& m, const track* t, const machine_plan* review) {
  p.m = &m;
  p.t = t;
  p.events = index_of(m.events, &event_spec::name);
  p.states = index_of(m.states, &state::id);
  p.milestones = index_of(m.milestones, &milestone::id);
  p.obligations = index_of(m.obligations, &obligation::id);
  p.terminal.resize(m.states.size());
  for (std::size_t i = 0; i < m.states.size(); ++i) {
    p.terminal[i] = m.states[i].kind == state_kind::terminal;
    if (m.states[i].kind == state_kind::initial) p.initial = static_cast<std::uint32_t>(i);
  }
  p.rows.assign(m.states.size() * m.events.size(), {});
  p.rows_for_event.assign(m.events.size(), {});
  p.branching.assign(m.events.size(), false);
  for (std::size_t r = 0; r < m.transitions.size(); ++r) {
    const auto& tr = m.transitions[r];
    const auto e = lookup(p.events, tr.event);
    if (!e) continue;
    p.rows_for_event[*e].push_back(static_cast<std::uint32_t>(r));
    if (!tr.branch.empty()) {
      p.branching[*e] = true;
      if (std::find(p.branches.begin(), p.branches.end(), tr.branch) == p.branches.end()) p.branches.push_back(tr.branch);
    }
    for (const auto& from : tr.from) {
      if (const auto s = lookup(p.states, from)) p.rows[*s * m.events.size() + *e].push_back(static_cast<std::uint32_t>(r));
    }
  }
  const auto n = m.milestones.size();
  p.anchor_event.assign(n, std::nullopt);
  p.anchor_milestone.assign(n, std::nullopt);
  p.completed_by.assign(n, {});
  p.reopened_by.assign(n, {});
  for (std::size_t i = 0; i < n; ++i) {
    const auto& ms = m.milestones[i];
    if (ms.from.kind == anchor_kind::event || ms.from.kind == anchor_kind::event_field) {
      p.anchor_event[i] = resolve_event(p, review, ms.from.ref);
    } else if (ms.from.kind == anchor_kind::milestone) {
      p.anchor_milestone[i] = resolve_milestone(p, review, ms.from.ref);
    }
    for (const auto& e : ms.completed_by) {
      if (const auto r = resolve_event(p, review, e)) p.completed_by[i].push_back(*r);
    }
    for (const auto& e : ms.reopened_by) {
      if (const auto r = resolve_event(p, review, e)) p.reopened_by[i].push_back(*r);
    }
  }
  p.order = dependency_order(p);
  const auto k = m.obligations.size();
  p.trigger_event.assign(k, std::nullopt);
  p.trigger_milestone.assign(k, std::nullopt);
  p.discharged_by.assign(k, std::nullopt);
  p.until.assign(k, std::nullopt);
  for (std::size_t i = 0; i < k; ++i) {
    const auto& o = m.obligations[i];
    if (o.on.kind == trigger_kind::event) p.trigger_event[i] = resolve_event(p, review, o.on.ref);
    else p.trigger_milestone[i] = resolve_milestone(p, review, o.on.ref);
    if (!o.discharged_by.empty()) p.discharged_by[i] = resolve_event(p, review, o.discharged_by);
    if (!o.until.empty()) p.until[i] = resolve_event(p, review, o.until);
  }
}

}  // namespace

review_plan::review_plan(const procedure& p) {
  build(review, p, nullptr, nullptr);
  roles = index_of(p.roles(), &role::id);
  tracks.resize(p.tracks().size());
  instantiates.assign(p.events.size(), {});
  for (std::size_t i = 0; i < p.tracks().size(); ++i) {
    const track& t = p.tracks()[i];
    build(tracks[i], t, &t, &review);
    if (const auto e = lookup(review.events, t.instantiated_by)) {
      tracks[i].instantiated_by = *e;
      instantiates[*e].push_back(static_cast<std::uint32_t>(i));
    }
    for (const auto& e : t.events) track_events[e.name].push_back(static_cast<std::uint32_t>(i));
  }
  // The fields event_field anchors read, and from which events: the fold
  // keeps them, so that a timetable reads no event's body to find its anchor.
  review.anchor_fields_of.assign(review.m->events.size(), {});
  for (auto& t : tracks) t.anchor_fields_of.assign(t.m->events.size(), {});
  const auto field_id = [&](const std::string& name) {
    const auto it = std::find(anchor_fields.begin(), anchor_fields.end(), name);
    if (it != anchor_fields.end()) return static_cast<std::uint32_t>(it - anchor_fields.begin());
    anchor_fields.push_back(name);
    return static_cast<std::uint32_t>(anchor_fields.size() - 1);
  };
  const auto note = [&](machine_plan& mp) {
    mp.anchor_field.assign(mp.m->milestones.size(), 0);
    for (std::size_t i = 0; i < mp.m->milestones.size(); ++i) {
      const milestone& ms = mp.m->milestones[i];
      const auto& e = mp.anchor_event[i];
      if (ms.from.kind != anchor_kind::event_field || !e) continue;
      const auto f = field_id(ms.from.field);
      mp.anchor_field[i] = f;
      // Each event's fields kept in order, once: the fold keeps the values so.
      auto& fields = (e->review_level ? review : mp).anchor_fields_of[e->index];
      const auto at = std::lower_bound(fields.begin(), fields.end(), f);
      if (at == fields.end() || *at != f) fields.insert(at, f);
    }
  };
  note(review);
  for (auto& t : tracks) note(t);
}

std::shared_ptr<const review_plan> review_plan::of(const std::shared_ptr<const procedure>& p) {
  // Keyed by the procedure's owner (its shared_ptr's control block), which an
  // entry keeps from being reused however long it stays: a new procedure is
  // never mistaken for a freed one. Entries whose procedure is gone are
  // dropped whenever a plan is built.
  static std::mutex lock;
  static std::map<std::weak_ptr<const procedure>, std::shared_ptr<const review_plan>, std::owner_less<>> plans;
  const std::lock_guard<std::mutex> hold(lock);
  if (const auto it = plans.find(p); it != plans.end() && it->first.lock().get() == p.get()) return it->second;
  std::erase_if(plans, [](const auto& kv) { return kv.first.expired(); });
  auto plan = std::make_shared<const review_plan>(*p);
  plans.insert_or_assign(std::weak_ptr<const procedure>(p), plan);
  return plan;
}

}  // namespace scr::detail
