#pragma once
// "Did you mean ...?": the closest candidate by edit distance.

#include <algorithm>
#include <string>
#include <string_view>
#include <vector>

namespace scr::detail {

/// Levenshtein distance between two sequences of characters (bytes, or
/// code points), case-sensitive.
template <class Char>
std::size_t edit_distance_of(std::basic_string_view<Char> a, std::basic_string_view<Char> b) {
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diagonal = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t above = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diagonal = above;
    }
  }
  return row[b.size()];
}

inline std::size_t edit_distance(std::string_view a, std::string_view b) { return edit_distance_of(a, b); }

/// The candidate closest to `name`, if it is close enough to be a likely typo
/// (at most a third of the longer name, and at least 1 edit for short names),
/// or empty.
inline std::string closest(std::string_view name, const std::vector<std::string>& candidates) {
  std::string best;
  std::size_t best_distance = std::string::npos;
  for (const auto& c : candidates) {
    const std::size_t d = edit_distance(name, c);
    if (d < best_distance) {
      best_distance = d;
      best = c;
    }
  }
  if (best.empty()) return best;
  const std::size_t longest = std::max(name.size(), best.size());
  const std::size_t limit = std::max<std::size_t>(2, longest / 3);
  return best_distance <= limit ? best : std::string();
}

/// "; did you mean 'x'?" or "".
inline std::string did_you_mean(std::string_view name, const std::vector<std::string>& candidates) {
  const std::string c = closest(name, candidates);
  return c.empty() ? std::string() : "; did you mean '" + c + "'?";
}

}  // namespace scr::detail
