// A seeded driver of random histories the engine accepts, for property
// tests (snapshots, projections): procedure events for the review and each
// agency's track, assignments, holds, schedules, extensions, discharges,
// waivers and, now and then, corrections (a voided event, an amended time,
// a late fact).
#pragma once

#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <memory>
#include <random>
#include <string>
#include <utility>
#include <vector>

#include "review_support.hpp"
#include "scr/review.hpp"

namespace {

// Data for an event: every field given, a choice from `pick`.
[[maybe_unused]] scr::event_data data_for(const scr::event_spec& e, scr::instant at, const std::string& agency, std::mt19937& rng) {
  scr::event_data d;
  for (const auto& f : e.data) {
    switch (f.type) {
      case scr::field_type::text: d[f.name] = std::string("Notes"); break;
      case scr::field_type::agency: d[f.name] = agency; break;
      case scr::field_type::local_date:
        d[f.name] = scr::london_date(at) + boost::gregorian::days(static_cast<int>(rng() % 30) + 1);
        break;
      case scr::field_type::timestamp: d[f.name] = at - boost::posix_time::hours(1); break;
      case scr::field_type::boolean: d[f.name] = rng() % 2 == 0; break;
      case scr::field_type::integer: d[f.name] = std::int64_t{1}; break;
      case scr::field_type::choice: d[f.name] = f.values[rng() % f.values.size()]; break;
    }
  }
  return d;
}

// A random history the engine accepts, `steps` commands long (fewer if the
// review closes and nothing more applies).
[[maybe_unused]] scr::review random_history(const std::shared_ptr<const scr::procedure>& p, unsigned seed, int steps,
                                                  const std::string& reference = "Child S") {
  std::mt19937 rng(seed);
  const scr::procedure& proc = *p;
  scr::instant at = london(2024, 1, 15, 9);
  // The board's corrector (or, for a pack without one, its first role).
  const scr::actor board{"Person at the board",
                         proc.correctors().empty() ? proc.roles().front().id : proc.correctors().front(), "Board"};
  const auto role_of = [&](const scr::machine& m, const std::string& event) {
    std::vector<std::string> roles;
    for (const auto& t : m.transitions)
      if (t.event == event)
        for (const auto& role : t.roles) roles.push_back(role);
    if (roles.empty()) roles.push_back(proc.roles().front().id);
    return roles[rng() % roles.size()];
  };
  const auto opening = proc.find_event(proc.opened_by());
  auto r = scr::review::open(p, ew(), reference, at, scr::actor{"Opener", role_of(proc, proc.opened_by()), "Board"},
                             data_for(*opening, at, "Agency A", rng));
  const std::vector<std::string> agencies{"Agency A", "Agency B", "Agency C"};
  for (int step = 0; step < steps; ++step) {
    at += boost::posix_time::minutes(static_cast<int>(rng() % (48 * 60)) + 1);
    const auto try_it = [&](auto&& command) {
      auto next = r;
      try {
        command(next);
      } catch (const scr::error&) {
        return false;
      }
      r = std::move(next);
      return true;
    };
    const auto pick = static_cast<unsigned>(rng() % 100);
    if (pick < 60) {
      // A procedure event the engine accepts now: try them in a random order.
      std::vector<std::pair<const scr::event_spec*, std::pair<std::string, const scr::machine*>>> events;
      for (const auto& e : proc.events) events.push_back({&e, {"", &proc}});
      for (const auto& t : r.tracks())
        for (const auto& e : t.def->events) events.push_back({&e, {t.agency, t.def}});
      std::shuffle(events.begin(), events.end(), rng);
      for (const auto& [e, where] : events) {
        const auto& [agency, m] = where;
        const auto data = data_for(*e, at, agencies[rng() % agencies.size()], rng);
        const scr::actor by{"Person " + std::to_string(rng() % 3), role_of(*m, e->name), "Board"};
        if (try_it([&](scr::review& x) { x.record(e->name, at, by, data, agency); })) break;
      }
    } else if (pick < 70) {
      const auto& role = proc.roles()[rng() % proc.roles().size()];
      const std::string person = std::vector<std::string>{"Ann Smith", "ann  SMITH", "Bob Jones", "C. Lee"}[rng() % 4];
      try_it([&](scr::review& x) {
        x.assign(person, role.id, agencies[rng() % agencies.size()], at, board, {}, rng() % 3 == 0 ? "id-7" : "");
      });
    } else if (pick < 85) {
      // What next() offers besides events: schedule, extend, discharge, hold, release.
      const auto steps_now = r.next(scr::london_date(at));
      std::vector<scr::next_step> other;
      for (const auto& n : steps_now)
        if (n.action != "record" && n.allowed) other.push_back(n);
      if (!other.empty()) {
        const auto& n = other[rng() % other.size()];
        const scr::actor by{"Person " + std::to_string(rng() % 3), n.roles.empty() ? board.role : n.roles.front(),
                            "Board"};
        const scr::date later = scr::london_date(at) + boost::gregorian::days(static_cast<int>(rng() % 60) + 1);
        try_it([&](scr::review& x) {
          if (n.action == "schedule") x.schedule(n.name, later, std::nullopt, at, by, n.agency);
          else if (n.action == "extend") x.extend(n.name, later, "More time needed", at, by, n.agency);
          else if (n.action == "discharge") x.discharge(n.name, at, by, "done", n.agency);
          else if (n.action == "hold") x.hold("Criminal proceedings", at, by);
          else if (n.action == "release") x.release(at, by, "Proceedings ended");
          else throw scr::input_error("not driven here");
        });
      }
    } else if (pick < 90) {
      // A waiver of a milestone of the review.
      if (!proc.milestones.empty()) {
        const auto& m = proc.milestones[rng() % proc.milestones.size()];
        try_it([&](scr::review& x) { x.waive(m.id, "Not applicable here", at, board); });
      }
    } else if (pick < 94 && r.size() > 2) {
      // A correction: void an event after the opening one.
      const std::uint64_t seq = 2 + rng() % (r.size() - 1);
      const std::vector<std::uint64_t> which{seq};
      const scr::actor by = r.history()[seq - 1].by;  // who recorded it may correct it
      try_it([&](scr::review& x) { x.void_events(which, "Recorded in error", at, by); });
    } else if (pick < 97 && r.size() > 2) {
      // A correction: an earlier time for an event after the opening one.
      const std::uint64_t seq = 2 + rng() % (r.size() - 1);
      const auto& e = r.history()[seq - 1];
      if (!scr::is_correction(e.kind)) {
        const scr::instant earlier = e.at - boost::posix_time::minutes(30);
        try_it([&](scr::review& x) { x.amend(seq, earlier, {}, "Time corrected", e.by); });
      }
    } else {
      // A late fact: an event recorded with a time before the last.
      const scr::instant late = r.last_event_at() - boost::posix_time::minutes(static_cast<int>(rng() % 600) + 1);
      for (const auto& e : proc.events) {
        const scr::actor by{"Person late", role_of(proc, e.name), "Board"};
        if (try_it([&](scr::review& x) { x.record(e.name, late, by, data_for(e, late, "Agency A", rng)); })) break;
      }
    }
  }
  return r;
}

// A built-in pack's id as a test name ("solihull_2011_scr").
[[maybe_unused]] std::string pack_test_name(const ::testing::TestParamInfo<std::string>& pack_id) {
  std::string name = pack_id.param;
  for (auto& c : name)
    if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
  return name;
}

}  // namespace
