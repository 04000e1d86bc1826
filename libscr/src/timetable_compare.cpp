// A review's deadlines under two definitions, compared (scr/report.hpp:
// compare_timetables).

#include <map>
#include <string>
#include <tuple>
#include <vector>

#include "scr/report.hpp"

namespace scr {

std::vector<deadline_change> compare_timetables(const std::vector<timetable_entry>& before,
                                                const std::vector<timetable_entry>& after) {
  using key = std::tuple<std::string, std::string, std::string, int>;
  const auto key_of = [](const timetable_entry& e) { return key{e.kind, e.id, e.agency, e.occurrence}; };
  std::map<key, const timetable_entry*> old;
  for (const auto& e : before) old.emplace(key_of(e), &e);
  std::vector<deadline_change> out;
  const auto change_of = [](const timetable_entry& e, std::string what) {
    deadline_change c;
    c.kind = e.kind;
    c.id = e.id;
    c.agency = e.agency;
    c.occurrence = e.occurrence;
    c.change = std::move(what);
    return c;
  };
  for (const auto& e : after) {
    const auto it = old.find(key_of(e));
    if (it == old.end()) {
      auto c = change_of(e, "added");
      c.to = e.due;
      c.rule_to = e.rule;
      out.push_back(std::move(c));
      continue;
    }
    const timetable_entry& was = *it->second;
    old.erase(it);
    // An hours deadline moves with its time as well as its date.
    const bool moved = was.due != e.due || was.due_at != e.due_at;
    if (!moved && was.rule == e.rule) continue;
    auto c = change_of(e, moved ? "moved" : "rule");
    c.from = was.due;
    c.to = e.due;
    c.rule_from = was.rule;
    c.rule_to = e.rule;
    out.push_back(std::move(c));
  }
  for (const auto& e : before) {
    if (old.find(key_of(e)) == old.end()) continue;
    auto c = change_of(e, "removed");
    c.from = e.due;
    c.rule_from = e.rule;
    out.push_back(std::move(c));
  }
  return out;
}

std::string deadline_change::to_string() const {
  const auto shown = [](const std::optional<date>& d) { return d ? format_date(*d) : std::string("-"); };
  std::string out = kind + " " + id + (agency.empty() ? "" : " (" + agency + ")") +
                    (occurrence > 1 ? " #" + std::to_string(occurrence) : "") + ": ";
  if (change == "moved") return out + "due " + shown(from) + " -> " + shown(to);
  if (change == "added") return out + "added, due " + shown(to) + " (" + rule_to + ")";
  if (change == "removed") return out + "removed (was due " + shown(from) + ")";
  return out + "rule " + rule_from + " -> " + rule_to + ", still due " + shown(to);
}

}  // namespace scr
