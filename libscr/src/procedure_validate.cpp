// Whole-definition checks on a loaded procedure, with Boost.Graph:
//   - every state reachable from the initial state (breadth-first search);
//   - every non-terminal state can reach a terminal one (search on the
//     reversed graph from the terminal states);
//   - milestone and chain dependencies acyclic (strongly connected components
//     of the anchor graph, so that the message can name the whole loop);
// and the warnings for definitions that are legal but probably mistaken.

#include <boost/graph/adjacency_list.hpp>
#include <boost/graph/breadth_first_search.hpp>
#include <boost/graph/strong_components.hpp>

#include <algorithm>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "procedure_loader.hpp"

namespace scr {

namespace {

using digraph = boost::adjacency_list<boost::vecS, boost::vecS, boost::directedS>;

std::string quoted(std::string_view s) { return "'" + std::string(s) + "'"; }

/// Vertices reached from `sources` by breadth-first search.
std::vector<bool> reached(const digraph& g, const std::vector<std::size_t>& sources) {
  const std::size_t n = boost::num_vertices(g);
  std::vector<boost::default_color_type> colour(n, boost::white_color);
  const auto colours = boost::make_iterator_property_map(colour.begin(), boost::get(boost::vertex_index, g));
  std::vector<bool> out(n, false);
  for (std::size_t s : sources) {
    if (colour[s] == boost::white_color)
      boost::breadth_first_visit(g, s, boost::visitor(boost::default_bfs_visitor()).color_map(colours));
  }
  for (std::size_t i = 0; i < n; ++i) out[i] = colour[i] != boost::white_color;
  return out;
}

}  // namespace

void procedure_loader::validate_machine(const machine& m, const scope& s, std::string_view where) {
  const std::size_t n = m.states.size();
  std::vector<std::size_t> initials, terminals;
  for (std::size_t i = 0; i < n; ++i) {
    if (m.states[i].kind == state_kind::initial) initials.push_back(i);
    if (m.states[i].kind == state_kind::terminal) terminals.push_back(i);
  }
  if (n == 0) return;  // already reported as missing
  if (initials.empty()) {
    error_at(m.states.front().at, "initial-state",
             std::string(where) + " has no initial state; mark the state every review starts in 'kind: initial'");
  }
  for (std::size_t k = 1; k < initials.size(); ++k) {
    error_at(m.states[initials[k]].at, "initial-state",
             std::string(where) + " has more than one initial state: " + quoted(m.states[initials[0]].id) +
                 " and " + quoted(m.states[initials[k]].id));
  }
  if (terminals.empty()) {
    error_at(m.states.front().at, "terminal-state",
             std::string(where) + " has no terminal state; mark where a review ends with 'kind: terminal'");
  }

  std::map<std::string, std::size_t, std::less<>> index;
  for (std::size_t i = 0; i < n; ++i) index.emplace(m.states[i].id, i);
  digraph forward(n), backward(n);
  for (const auto& t : m.transitions) {
    if (!t.to) continue;
    const auto to = index.find(*t.to);
    if (to == index.end()) continue;
    for (const auto& f : t.from) {
      const auto from = index.find(f);
      if (from == index.end()) continue;
      boost::add_edge(from->second, to->second, forward);
      boost::add_edge(to->second, from->second, backward);
    }
  }
  if (s.unresolved_states) return;  // the unknown states are reported already
  if (initials.size() == 1) {
    const auto seen = reached(forward, initials);
    for (std::size_t i = 0; i < n; ++i) {
      if (!seen[i]) {
        error_at(m.states[i].at, "unreachable-state",
                 "state " + quoted(m.states[i].id) + " in " + std::string(where) +
                     " cannot be reached from the initial state " + quoted(m.states[initials[0]].id) +
                     "; add a transition into it or remove it");
      }
    }
  }
  if (!terminals.empty()) {
    const auto can_finish = reached(backward, terminals);
    for (std::size_t i = 0; i < n; ++i) {
      if (!can_finish[i]) {
        error_at(m.states[i].at, "dead-end",
                 "no terminal state can be reached from state " + quoted(m.states[i].id) + " in " +
                     std::string(where) + "; a review there could never finish");
      }
    }
  }
}

void procedure_loader::validate_dependencies() {
  // One vertex per milestone, qualified by its track; an edge from each
  // milestone to every milestone anchored on it.
  struct vertex {
    const milestone* m;
    std::string name;  // "decision" or "imr.chronology"
  };
  std::vector<vertex> vertices;
  std::map<std::string, std::size_t> index;
  const auto add = [&](const machine& mc, const std::string& prefix) {
    for (const auto& m : mc.milestones) {
      const std::string name = prefix.empty() ? m.id : prefix + "." + m.id;
      if (index.emplace(name, vertices.size()).second) vertices.push_back({&m, name});
    }
  };
  add(p_, "");
  for (const auto& t : p_.tracks_) add(t, t.id);

  digraph g(vertices.size());
  const auto resolve = [&](const std::string& prefix, const std::string& ref) -> std::optional<std::size_t> {
    if (!prefix.empty()) {
      const auto it = index.find(prefix + "." + ref);
      if (it != index.end()) return it->second;
    }
    const auto it = index.find(ref);
    if (it != index.end()) return it->second;
    return std::nullopt;
  };
  for (std::size_t i = 0; i < vertices.size(); ++i) {
    const milestone& m = *vertices[i].m;
    if (m.from.kind != anchor_kind::milestone) continue;
    const auto dot = vertices[i].name.find('.');
    const std::string prefix = dot == std::string::npos ? std::string() : vertices[i].name.substr(0, dot);
    if (const auto j = resolve(prefix, m.from.ref)) boost::add_edge(*j, i, g);
  }
  std::vector<std::size_t> component(vertices.size());
  const std::size_t count = boost::strong_components(
      g, boost::make_iterator_property_map(component.begin(), boost::get(boost::vertex_index, g)));
  std::vector<std::vector<std::size_t>> members(count);
  for (std::size_t i = 0; i < vertices.size(); ++i) members[component[i]].push_back(i);
  for (const auto& group : members) {
    if (group.size() < 2) continue;  // a self-anchor is reported where it is read
    // Each milestone has one anchor, so a loop is followed from any member:
    // start at the one written first and walk to the milestone it is anchored on.
    const std::size_t start = *std::min_element(group.begin(), group.end(), [&](std::size_t a, std::size_t b) {
      const position pa = vertices[a].m->at, pb = vertices[b].m->at;
      return pa.line != pb.line ? pa.line < pb.line : pa.column < pb.column;
    });
    std::string loop = quoted(vertices[start].name);
    std::size_t at = start;
    for (std::size_t step = 0; step < group.size(); ++step) {
      const auto dot = vertices[at].name.find('.');
      const std::string prefix = dot == std::string::npos ? std::string() : vertices[at].name.substr(0, dot);
      const auto next = resolve(prefix, vertices[at].m->from.ref);
      if (!next) break;
      at = *next;
      loop += " -> " + quoted(vertices[at].name);
      if (at == start) break;
    }
    error_at(vertices[start].m->at, "cycle",
             "milestones anchored on each other in a loop: " + loop +
                 " (each is anchored on the next); one of them must anchor on an event or a scheduled date");
  }
}

void procedure_loader::add_warnings() {
  // Roles used anywhere.
  std::set<std::string> used_roles;
  const auto use_machine_roles = [&](const machine& m) {
    for (const auto& t : m.transitions) used_roles.insert(t.roles.begin(), t.roles.end());
    for (const auto& ms : m.milestones) {
      used_roles.insert(ms.owner);
      used_roles.insert(ms.extendable_by.begin(), ms.extendable_by.end());
    }
    for (const auto& o : m.obligations) used_roles.insert(o.owner);
  };
  use_machine_roles(p_);
  for (const auto& t : p_.tracks_) use_machine_roles(t);
  for (const auto& c : p_.conflicts_) used_roles.insert(c.roles.begin(), c.roles.end());
  for (const auto& r : p_.roles_) {
    if (!used_roles.count(r.id)) {
      warn_at(r.at, "unused-role", "role " + quoted(r.id) + " is declared but nothing refers to it");
    }
  }

  // Events recorded by some transition: only those can ever happen.
  std::set<std::string> recorded{p_.opened_by_};
  for (const auto& t : p_.transitions) recorded.insert(t.event);
  for (const auto& tr : p_.tracks_)
    for (const auto& t : tr.transitions) recorded.insert(t.event);

  const auto check_machine = [&](const machine& m, const std::string& where) {
    for (const auto& e : m.events) {
      if (!recorded.count(e.name)) {
        warn_at(e.at, "unused-event",
                "event " + quoted(e.name) + " in " + where + " has no transition, so it can never be recorded");
      }
    }
    for (const auto& t : m.transitions) {
      if (t.roles.empty()) {
        warn_at(t.at, "any-role", "transition " + quoted(t.id) + " has no 'roles', so anyone may record it");
      }
    }
    for (const auto& ms : m.milestones) {
      const std::string what = (ms.chain.empty() ? "milestone " : "chain step ") + quoted(ms.id);
      if (ms.cite.empty()) warn_at(ms.at, "no-citation", what + " has no 'cite' saying where its rule comes from");
      for (const auto& e : ms.completed_by) {
        if (m.find_event(e) || p_.find_event(e)) {
          if (!recorded.count(e)) {
            warn_at(ms.at, "never-completed",
                    what + " is completed by event " + quoted(e) + ", which no transition records");
          }
        }
      }
      if (ms.kind == milestone_kind::statutory &&
          (ms.hold == hold_policy::pause_keep_end || ms.hold == hold_policy::pause_resume ||
           ms.hold == hold_policy::restart)) {
        warn_at(ms.at, "statutory-paused",
                what + " is statutory but its clock stops on a hold; reviews should not be routinely "
                       "delayed by parallel proceedings (003:183)");
      }
    }
    for (const auto& o : m.obligations) {
      if (o.cite.empty())
        warn_at(o.at, "no-citation", "obligation " + quoted(o.id) + " has no 'cite' saying where it comes from");
    }
    // Branching rows: for each (state, event) whose rows all carry a
    // condition, every value of a choice field compared should be covered.
    std::map<std::pair<std::string, std::string>, std::vector<const transition*>> groups;
    for (const auto& t : m.transitions)
      for (const auto& f : t.from) groups[{f, t.event}].push_back(&t);
    for (const auto& [key, rows] : groups) {
      if (std::any_of(rows.begin(), rows.end(), [](const transition* t) { return !t->when; })) continue;
      const event_spec* e = m.find_event(key.second);
      if (!e) continue;
      for (const auto& f : e->data) {
        if (f.type != field_type::choice) continue;
        // A value is handled if some row's condition may hold with it (other
        // fields unknown); only fields the rows mention are checked.
        const bool mentioned = std::any_of(rows.begin(), rows.end(), [&](const transition* t) {
          const auto fs = t->when->fields();
          return std::find(fs.begin(), fs.end(), f.name) != fs.end();
        });
        if (!mentioned) continue;
        for (const auto& v : f.values) {
          const event_data known{{f.name, field_value{v}}};
          if (std::none_of(rows.begin(), rows.end(), [&](const transition* t) { return t->when->may_hold(known); })) {
            warn_at(rows.front()->at, "uncovered-choice",
                    "no transition for event " + quoted(key.second) + " from state " + quoted(key.first) +
                        " handles " + f.name + " == " + v + "; recording it there would be refused");
          }
        }
      }
    }
  };
  check_machine(p_, "the procedure");
  for (const auto& t : p_.tracks_) check_machine(t, "track " + quoted(t.id));

  // A definition that says how firm some rules' sources are says it of
  // every milestone and obligation, so that no deadline looks firmer by
  // silence.
  std::vector<const machine*> machines{&p_};
  for (const auto& t : p_.tracks_) machines.push_back(&t);
  bool any = false;
  for (const auto* m : machines) {
    for (const auto& ms : m->milestones) any = any || ms.confidence != confidence::unstated;
    for (const auto& o : m->obligations) any = any || o.confidence != confidence::unstated;
  }
  if (!any) return;
  for (const auto* m : machines) {
    for (const auto& ms : m->milestones) {
      if (ms.confidence == confidence::unstated) {
        warn_at(ms.at, "confidence-missing",
                "milestone " + quoted(ms.id) + " does not say how firm its source is, while others do: add "
                "confidence: statute, statutory_guidance, national_guidance, local or not_found");
      }
    }
    for (const auto& o : m->obligations) {
      if (o.confidence == confidence::unstated) {
        warn_at(o.at, "confidence-missing",
                "obligation " + quoted(o.id) + " does not say how firm its source is, while others do: add "
                "confidence: statute, statutory_guidance, national_guidance, local or not_found");
      }
    }
  }
}

void procedure_loader::validate() {
  validate_machine(p_, review_scope_, "the procedure");
  for (std::size_t i = 0; i < p_.tracks_.size(); ++i)
    validate_machine(p_.tracks_[i], track_scopes_[i], "track " + quoted(p_.tracks_[i].id));
  validate_dependencies();
  add_warnings();
}

}  // namespace scr
