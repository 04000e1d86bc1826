// The multi-agency chronology: every accepted agency chronology in one
// order, and the questions a reviewer asks of it (scr/chronology.hpp).

#include <algorithm>
#include <map>
#include <set>
#include <tuple>

#include "chronology/chronology_internal.hpp"
#include "text.hpp"

namespace scr {

multi_agency_chronology::multi_agency_chronology(chronology_format format, std::vector<agency_chronology> chronologies)
    : format_(std::move(format)), chronologies_(std::move(chronologies)) {
  std::sort(chronologies_.begin(), chronologies_.end(), [](const agency_chronology& a, const agency_chronology& b) {
    return detail::lower(a.agency) < detail::lower(b.agency);
  });
  for (std::size_t i = 1; i < chronologies_.size(); ++i) {
    if (detail::lower(chronologies_[i].agency) == detail::lower(chronologies_[i - 1].agency)) {
      throw input_error("two chronologies of agency '" + chronologies_[i].agency +
                        "': a multi-agency chronology takes one from each agency");
    }
  }
  for (const auto& c : chronologies_) {
    if (c.format != format_.id() || c.format_version != format_.version()) {
      throw input_error("the chronology of " + c.agency + " is in format '" + c.format + "' version " +
                        std::to_string(c.format_version) + ", not '" + format_.id() + "' version " +
                        std::to_string(format_.version()) +
                        ": every agency's chronology of a review is in the review's format");
    }
    for (const auto& e : c.entries) {
      if (e.values.size() != format_.columns().size()) {
        throw input_error("an entry of " + c.agency + "'s chronology has " + std::to_string(e.values.size()) +
                          " values for the format's " + std::to_string(format_.columns().size()) + " columns");
      }
    }
  }
  // Day, then where an entry without a time goes in its day, then time; an
  // agency's own order is kept among entries of one key, and agencies
  // otherwise go in the order of their names (the chronologies are sorted so).
  const int untimed = format_.untimed_first() ? 0 : 2;
  struct key {
    date day;
    int placed, minutes;
    std::uint32_t agency, position;
    bool operator<(const key& o) const {
      return std::tie(day, placed, minutes, agency, position) < std::tie(o.day, o.placed, o.minutes, o.agency, o.position);
    }
  };
  std::vector<key> keys;
  for (std::size_t a = 0; a < chronologies_.size(); ++a) {
    const auto& entries = chronologies_[a].entries;
    for (std::size_t i = 0; i < entries.size(); ++i) {
      const auto& e = entries[i];
      keys.push_back({e.day, e.minutes ? 1 : untimed, e.minutes.value_or(0), static_cast<std::uint32_t>(a),
                      static_cast<std::uint32_t>(i)});
    }
  }
  std::sort(keys.begin(), keys.end());  // agency and index make every key distinct: the order is total
  order_.reserve(keys.size());
  for (const auto& k : keys) order_.emplace_back(k.agency, k.position);
  point();
}

void multi_agency_chronology::point() {
  merged_.clear();
  merged_.reserve(order_.size());
  for (const auto& [a, i] : order_) merged_.push_back(&chronologies_[a].entries[i]);
}

multi_agency_chronology::multi_agency_chronology(const multi_agency_chronology& other)
    : format_(other.format_), chronologies_(other.chronologies_), order_(other.order_) {
  point();
}

multi_agency_chronology& multi_agency_chronology::operator=(const multi_agency_chronology& other) {
  if (this != &other) {
    format_ = other.format_;
    chronologies_ = other.chronologies_;
    order_ = other.order_;
    point();
  }
  return *this;
}

std::vector<std::string> multi_agency_chronology::agencies() const {
  std::vector<std::string> out;
  for (const auto& c : chronologies_) out.push_back(c.agency);
  return out;
}

std::vector<const chronology_entry*> multi_agency_chronology::select(const filter& f) const& {
  std::vector<const chronology_entry*> out;
  const std::string agency = f.agency ? detail::lower(*f.agency) : std::string();
  const std::string subject = f.subject ? detail::lower(*f.subject) : std::string();
  for (const auto* e : merged_) {
    if (f.from && e->day < *f.from) continue;
    if (f.to && e->day > *f.to) continue;
    if (f.agency && detail::lower(e->agency) != agency) continue;
    if (f.subject && std::none_of(e->subjects.begin(), e->subjects.end(),
                                  [&](const std::string& s) { return detail::lower(s) == subject; })) {
      continue;
    }
    if (f.question && std::find(e->questions.begin(), e->questions.end(), *f.question) == e->questions.end()) continue;
    out.push_back(e);
  }
  return out;
}

std::vector<multi_agency_chronology::seen_count> multi_agency_chronology::seen_counts() const {
  std::map<std::tuple<std::string, int, int>, seen_count> counts;
  for (const auto* e : merged_) {
    const int y = e->day.year(), m = e->day.month();
    auto& c = counts[{e->agency, y, m}];
    c.agency = e->agency;
    c.year = y;
    c.month = m;
    ++c.entries;
    if (e->seen == true) ++c.seen;
    if (e->seen_alone == true) ++c.seen_alone;
    if (e->wishes == true) ++c.wishes;
  }
  std::vector<seen_count> out;
  for (auto& [k, v] : counts) out.push_back(std::move(v));
  return out;
}

std::vector<multi_agency_chronology::gap> multi_agency_chronology::gaps(int days, std::optional<date> period_from,
                                                                       std::optional<date> period_to,
                                                                       const std::optional<std::string>& agency) const {
  if (days < 1) throw input_error("a gap is of 1 day or more, not " + std::to_string(days));
  std::set<date> seen;
  const std::string want = agency ? detail::lower(*agency) : std::string();
  for (const auto* e : merged_) {
    if (agency && detail::lower(e->agency) != want) continue;
    seen.insert(e->day);
  }
  std::vector<date> marks(seen.begin(), seen.end());
  if (period_from && (marks.empty() || *period_from < marks.front())) marks.insert(marks.begin(), *period_from);
  if (period_to && (marks.empty() || *period_to > marks.back())) marks.push_back(*period_to);
  std::vector<gap> out;
  for (std::size_t i = 1; i < marks.size(); ++i) {
    const int n = static_cast<int>((marks[i] - marks[i - 1]).days());
    if (n > days) out.push_back({agency ? *agency : std::string(), marks[i - 1], marks[i], n});
  }
  return out;
}

std::vector<chronology_issue> multi_agency_chronology::unlisted_names(const std::vector<std::string>& known_names) const {
  std::vector<chronology_issue> out;
  for (const auto* e : merged_) {
    for (std::size_t i = 0; i < format_.columns().size(); ++i) {
      const auto& col = format_.columns()[i];
      if (!col.names && col.type != chronology_type::codes) continue;
      for (const auto& name : detail::names_in(e->values[i], known_names)) {
        {
          out.push_back({severity::error, "known-name", e->row, col.title, "",
                         e->agency + "'s entry of " + detail::format_day(e->day) + " (its row " +
                             std::to_string(e->row) + ") names '" + name + "', on the board's list of names"});
        }
      }
    }
  }
  return out;
}

}  // namespace scr
