// Every built-in procedure can be run from opening to closure through the
// engine. For each pack a walker opens a review and, one hour at a time, tries
// every event the procedure has (the review's and each agency's track's), with
// data made up for each field's type, and records the one that brings the
// review nearest to its closing state; events that only complete milestones
// are recorded once each, and agency tracks are driven to their ends when the
// review waits on them. The engine decides what is allowed: the walker only
// chooses among what it accepts.

#include <gtest/gtest.h>

#include <deque>
#include <limits>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "review_support.hpp"
#include "scr/review.hpp"

namespace {

constexpr int far = std::numeric_limits<int>::max() / 2;

// The number of transitions from each state to `target` (breadth-first search
// backwards over the machine's rows).
std::map<std::string, int> distances_to(const scr::machine& m, const std::set<std::string>& targets) {
  std::map<std::string, int> d;
  std::deque<std::string> queue;
  for (const auto& t : targets) {
    d[t] = 0;
    queue.push_back(t);
  }
  while (!queue.empty()) {
    const auto s = queue.front();
    queue.pop_front();
    for (const auto& t : m.transitions) {
      if (!t.to || *t.to != s) continue;
      for (const auto& f : t.from) {
        if (d.count(f) == 0) {
          d[f] = d[s] + 1;
          queue.push_back(f);
        }
      }
    }
  }
  return d;
}

int distance(const std::map<std::string, int>& d, const std::string& state) {
  const auto it = d.find(state);
  return it == d.end() ? far : it->second;
}

// Data for an event: every field given, choices set from `variant`.
std::vector<scr::event_data> data_for(const scr::event_spec& e, scr::instant at, const std::string& agency) {
  std::vector<scr::event_data> out;
  scr::event_data base;
  const scr::field_spec* choice = nullptr;
  for (const auto& f : e.data) {
    switch (f.type) {
      case scr::field_type::text: base[f.name] = std::string("Notes"); break;
      case scr::field_type::agency: base[f.name] = agency; break;
      case scr::field_type::local_date: base[f.name] = scr::london_date(at) + boost::gregorian::days(14); break;
      case scr::field_type::timestamp: base[f.name] = at - boost::posix_time::hours(1); break;
      case scr::field_type::boolean: base[f.name] = true; break;
      case scr::field_type::integer: base[f.name] = std::int64_t{1}; break;
      case scr::field_type::choice:
        base[f.name] = f.values.front();
        if (choice == nullptr) choice = &f;
        break;
    }
  }
  if (choice == nullptr) {
    out.push_back(base);
    for (const auto& f : e.data)  // a flag that guards a row may need to be false
      if (f.type == scr::field_type::boolean) {
        auto other = base;
        other[f.name] = false;
        out.push_back(other);
        break;
      }
    return out;
  }
  for (const auto& v : choice->values) {
    auto d = base;
    d[choice->name] = v;
    out.push_back(d);
  }
  return out;
}

struct walk_case {
  const char* pack;
  const char* closing_state;
};

class walk : public ::testing::TestWithParam<walk_case> {};

TEST_P(walk, runs_from_opening_to_closure) {
  const auto p = pack(GetParam().pack);
  const auto& proc = *p;
  const auto to_close = distances_to(proc, {GetParam().closing_state});
  ASSERT_LT(distance(to_close, proc.initial_state()->id), far);
  std::map<std::string, std::map<std::string, int>> track_ends;
  for (const auto& t : proc.tracks()) {
    std::set<std::string> ends;
    for (const auto& s : t.states)
      if (s.kind == scr::state_kind::terminal) ends.insert(s.id);
    track_ends[t.id] = distances_to(t, ends);
  }

  // An actor in every role, from an agency of its own.
  const auto actor_for = [&](const std::vector<std::string>& roles, const std::string& agency) {
    const std::string role = roles.empty() ? proc.roles().front().id : roles.front();
    return scr::actor{"Person " + role, role, agency};
  };

  scr::instant at = london(2024, 1, 15, 9);
  const auto opener = actor_for({}, "Board");
  std::vector<scr::event_data> open_data = data_for(*proc.find_event(proc.opened_by()), at, "Agency A");
  auto r = scr::review::open(p, ew(), "Child W", at, opener, open_data.front());
  std::map<std::string, int> recorded;  // event@agency -> times
  std::vector<std::string> path;
  for (int step = 0; step < 400 && r.state() != GetParam().closing_state; ++step) {
    at += boost::posix_time::hours(1);
    struct candidate {
      int score;
      scr::review next;
      std::string label;
    };
    std::optional<candidate> best;
    const int here = distance(to_close, r.state());
    std::set<std::string> accepted;  // event@agency the engine took, with some data and role
    // What review::next says may be recorded now.
    std::set<std::string> offered;
    for (const auto& n : r.next(scr::london_date(at))) {
      if (n.action != "record") continue;
      const std::string key = n.name + (n.agency.empty() ? "" : "@" + n.agency);
      if (n.allowed) offered.insert(key);
      else EXPECT_FALSE(n.blocked_by.empty()) << key << " is not allowed but nothing says why";
    }
    const auto consider = [&](const scr::event_spec& e, const std::string& agency, const std::string& track_id) {
      const std::string label = e.name + (agency.empty() ? "" : "@" + agency);
      // Roles: whichever the rows for this event name.
      const scr::machine& m = track_id.empty() ? static_cast<const scr::machine&>(proc) : *proc.find_track(track_id);
      std::set<std::string> roles;
      for (const auto& t : m.transitions)
        if (t.event == e.name)
          for (const auto& role : t.roles) roles.insert(role);
      if (roles.empty()) roles.insert(proc.roles().front().id);
      const std::string new_agency = recorded.size() % 2 == 0 ? "Agency A" : "Agency B";
      for (const auto& data : data_for(e, at, new_agency)) {
        for (const auto& role : roles) {
          auto next = r;
          try {
            next.record(e.name, at, scr::actor{"Person " + role, role, "Board"}, data, agency);
          } catch (const scr::error&) {
            continue;
          }
          accepted.insert(label);
          int score;
          const int there = distance(to_close, next.state());
          if (there < here) {
            score = there;  // progress towards closure
          } else if (there > here) {
            score = far + there;  // a step back (a return, a dispute): last resort
          } else if (!agency.empty()) {
            // An agency's step towards the end of its track.
            int before = far, after = far;
            for (const auto& t : r.tracks())
              if (t.agency == agency && t.def->id == track_id) before = distance(track_ends[track_id], t.state);
            for (const auto& t : next.tracks())
              if (t.agency == agency && t.def->id == track_id) after = distance(track_ends[track_id], t.state);
            score = after < before ? 1000 + after : far - 1;
          } else {
            score = recorded[label] == 0 ? 2000 : far - 1;  // once, for the milestones it meets
          }
          if (recorded[label] > 3) score = far + 100;
          if (!best || score < best->score) best = candidate{score, std::move(next), label};
        }
      }
    };
    for (const auto& e : proc.events) consider(e, "", "");
    for (const auto& t : r.tracks())
      for (const auto& e : t.def->events) consider(e, t.agency, t.def->id);
    // `next` offers exactly what the engine accepts (the opening event aside).
    accepted.erase(proc.opened_by());
    EXPECT_EQ(offered, accepted) << "in state " << r.state() << " after: " << ::testing::PrintToString(path);
    ASSERT_TRUE(best.has_value()) << "stuck in state " << r.state() << " after: " << ::testing::PrintToString(path);
    ASSERT_LT(best->score, far + 100) << "stuck in state " << r.state() << " after: " << ::testing::PrintToString(path);
    r = std::move(best->next);
    ++recorded[best->label];
    path.push_back(best->label);
  }
  EXPECT_EQ(r.state(), GetParam().closing_state) << ::testing::PrintToString(path);
  EXPECT_TRUE(r.closed());
  // Nothing more can be recorded, and next() says so.
  for (const auto& n : r.next()) {
    if (n.action == "record") {
      EXPECT_FALSE(n.allowed) << n.name << "@" << n.agency;
    }
  }
  // Nothing of a closed review is overdue, however long after, unless its
  // procedure says the obligation continues after closure (and then only
  // until that time is up).
  const auto closed_on = scr::london_date(*r.closed_at());
  for (const int years : {1, 3}) {
    const auto later = closed_on + boost::gregorian::years(years);
    for (const auto& row : r.timetable(later)) {
      EXPECT_NE(row.status, scr::milestone_status::overdue) << row.id() << "@" << row.agency;
    }
    for (const auto& o : r.obligations(later)) {
      if (o.status != scr::obligation_status::overdue) continue;
      ASSERT_TRUE(o.def->after_closure.has_value()) << o.id() << "@" << o.agency << " is overdue after closure";
      EXPECT_LE(later, r.calendar().due(closed_on, *o.def->after_closure)) << o.id();
    }
  }
  // The closed review answers every query, and replays to the same state.
  const auto day = scr::london_date(r.last_event_at());
  EXPECT_FALSE(r.timetable(day).empty());
  (void)r.obligations(day);
  (void)r.compliance(day);
  const auto again = scr::review::from_events(p, ew(), r.history());
  EXPECT_EQ(again.state(), r.state());
  EXPECT_EQ(again.history(), r.history());
}

INSTANTIATE_TEST_SUITE_P(
    every_pack, walk,
    ::testing::Values(walk_case{"solihull-2011-scr", "closed"}, walk_case{"north-yorkshire-2010-scr", "closed"},
                      walk_case{"essex-2016-scr", "closed"}, walk_case{"essex-2016-plr", "closed"},
                      walk_case{"essex-2016-partnership-case-audit", "closed"},
                      walk_case{"essex-2016-single-agency-review", "closed"},
                      walk_case{"stockport-2010-imr", "judged"},
                      // Today's packs, to every terminal state each has.
                      walk_case{"england-2023-lcspr", "closed"}, walk_case{"england-2023-lcspr", "not_notifiable"},
                      walk_case{"england-2023-lcspr", "closed_no_lcspr"},
                      walk_case{"england-2023-lcspr", "national_review"},
                      walk_case{"england-wales-2016-dhr", "published"}, walk_case{"england-wales-2016-dhr", "not_held"},
                      walk_case{"england-2014-sar", "published"}, walk_case{"england-2014-sar", "not_held"}),
    [](const ::testing::TestParamInfo<walk_case>& case_info) {
      std::string name = std::string(case_info.param.pack) + "_to_" + case_info.param.closing_state;
      for (char& c : name)
        if (c == '-') c = '_';
      return name;
    });

}  // namespace
