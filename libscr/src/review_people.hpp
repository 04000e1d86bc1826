#pragma once
// Who holds which roles, with people compared as people (person.hpp): the
// words that name them, shared by the commands (review.cpp) and the warnings
// (review_query.cpp).

#include <algorithm>
#include <string>
#include <string_view>
#include <vector>

#include "person.hpp"
#include "review_state.hpp"
#include "text.hpp"

namespace scr::detail {

/// The person id an assigned or unassigned event carries ("" for none).
inline std::string person_id_of(const event_data& data) {
  const std::string* id = text_of(data, person_id_field);
  return id ? *id : std::string();
}

/// A role held, and by whom as that assignment spelled them.
struct holding {
  const std::string* name;
  const std::string* id;  // the assignment's person id, or empty
  const std::string* role;
};

/// What to add when two different spellings were taken for one person.
inline constexpr std::string_view one_person_hint =
    " (names that differ only in case, spacing, punctuation, word order or lookalike letters are one "
    "person's; if they are two people, give each a person id)";

/// "M. White already holds overview_author" (verb "already holds") when the
/// roles were taken under the same spelling (and no other person id);
/// otherwise, naming both spellings,
/// "'J Smith' is the same person as 'J. Smith', who already holds
/// overview_author". `spelt_otherwise` is set when another spelling (or
/// person id) is named.
inline std::string holders_text(const std::string& name, const std::string& id, const std::vector<holding>& held,
                                std::string_view verb, bool* spelt_otherwise = nullptr) {
  struct group {
    const std::string* name;
    const std::string* id;
    std::vector<std::string> roles;
  };
  std::vector<group> groups;
  for (const auto& h : held) {
    auto it = std::find_if(groups.begin(), groups.end(),
                           [&](const group& g) { return *g.name == *h.name && *g.id == *h.id; });
    if (it == groups.end()) it = groups.insert(groups.end(), group{h.name, h.id, {}});
    it->roles.push_back(*h.role);
  }
  std::string own;
  std::vector<std::string> others;
  for (const auto& g : groups) {
    if (*g.name == name && (g.id->empty() || *g.id == id)) {
      own = join(g.roles);
      continue;
    }
    others.push_back("'" + *g.name + "'" + (g.id->empty() ? std::string() : " (person id " + *g.id + ")") + ", who " +
                     std::string(verb) + " " + join(g.roles));
  }
  if (spelt_otherwise) *spelt_otherwise = !others.empty();
  if (others.empty()) return name + " " + std::string(verb) + " " + own;
  std::string out = own.empty() ? "'" + name + "'" : name + " " + std::string(verb) + " " + own + " and";
  return out + " is the same person as " + join(others, ", and ");
}

}  // namespace scr::detail
