#pragma once
// Helpers shared by the procedure and pack tests: the packs of
// libscr/procedures loaded once each, look-ups that throw (and so fail the
// test) when what they look for is missing, and the transition rows an event
// takes from a state.

#include <algorithm>
#include <functional>
#include <map>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "scr/procedure.hpp"

#ifndef SCR_PACK_DIR
#error "procedure_support.hpp needs SCR_PACK_DIR, the directory of the packs' YAML files"
#endif

namespace {

// The pack `id`, loaded from SCR_PACK_DIR/<id>.yaml the first time it is asked
// for and kept for the rest of the run.
[[maybe_unused]] inline const scr::procedure& load_pack(std::string_view id) {
  static std::map<std::string, scr::procedure, std::less<>> loaded;
  auto it = loaded.find(id);
  if (it == loaded.end()) {
    scr::procedure p = scr::procedure::load(std::string(SCR_PACK_DIR) + "/" + std::string(id) + ".yaml");
    it = loaded.emplace(std::string(id), std::move(p)).first;
  }
  return it->second;
}

[[maybe_unused]] inline bool contains(const std::vector<std::string>& v, std::string_view s) {
  return std::find(v.begin(), v.end(), s) != v.end();
}

// The ids of `items` (roles, states, milestones, ...), in order.
template <class T>
std::vector<std::string> ids_of(const std::vector<T>& items) {
  std::vector<std::string> out;
  for (const auto& i : items) out.push_back(i.id);
  return out;
}

// Whether `p` records the choice (an ambiguity of its sources) `id`.
[[maybe_unused]] inline bool has_choice(const scr::procedure& p, std::string_view id) {
  const auto& c = p.choices();
  return std::any_of(c.begin(), c.end(), [&](const scr::choice_note& n) { return n.id == id; });
}

[[maybe_unused]] inline const scr::milestone& milestone(const scr::machine& m, std::string_view id) {
  const scr::milestone* found = m.find_milestone(id);
  if (found == nullptr) throw std::runtime_error("no milestone " + std::string(id));
  return *found;
}

[[maybe_unused]] inline const scr::obligation& obligation(const scr::machine& m, std::string_view id) {
  const scr::obligation* found = m.find_obligation(id);
  if (found == nullptr) throw std::runtime_error("no obligation " + std::string(id));
  return *found;
}

[[maybe_unused]] inline const scr::track& track(const scr::procedure& p, std::string_view id) {
  const scr::track* found = p.find_track(id);
  if (found == nullptr) throw std::runtime_error("no track " + std::string(id));
  return *found;
}

// The row for `event` leaving `from` that accepts `data` (exactly one must).
[[maybe_unused]] inline const scr::transition& row_for(const scr::machine& m, std::string_view from,
                                                       std::string_view event, const scr::event_data& data = {}) {
  std::vector<const scr::transition*> taken;
  for (const scr::transition* t : m.transitions_from(from, event))
    if (!t->when || t->when->holds(data)) taken.push_back(t);
  if (taken.size() != 1) {
    throw std::runtime_error("expected one row for " + std::string(event) + " from " + std::string(from) +
                             ", found " + std::to_string(taken.size()));
  }
  return *taken.front();
}

// The first row for `event` leaving `from` whose guard holds for `data`
// (nullptr if none).
[[maybe_unused]] inline const scr::transition* first_row(const scr::machine& m, std::string_view from,
                                                         std::string_view event, const scr::event_data& data) {
  for (const scr::transition* t : m.transitions_from(from, event))
    if (!t->when || t->when->holds(data)) return t;
  return nullptr;
}

}  // namespace
