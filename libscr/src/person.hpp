#pragma once
// People compared as people: whether two spellings of a name are one person's,
// or close enough to warn about (docs/engine.md, "How names are compared").
//
// A name's key is computed with ICU: NFKC_Casefold (case, compatibility forms
// such as fullwidth letters and ligatures, ß as ss, non-breaking and other
// spaces as a space), then the confusable skeleton of Unicode TR39 (Cyrillic і
// as Latin i, Greek ο as o, 0 as o), case-folded again because a skeleton may
// hold capitals. Apostrophes are dropped; every other character that is not a
// letter, a mark or a digit (spaces, punctuation, symbols) separates words;
// the words are sorted, so word order does not count.

#include <string>
#include <string_view>
#include <vector>

namespace scr::detail {

/// The data field of an assigned (or unassigned) event that holds the
/// person's id, when one is given.
inline constexpr std::string_view person_id_field = "person_id";

/// One word of a name, case-folded and with lookalike letters mapped.
struct name_word {
  std::string text;
  bool initial = false;  ///< one letter as written ("J." is the initial j)
  friend bool operator==(const name_word&, const name_word&) = default;
};

/// What a name is compared by.
struct name_key {
  /// The key: folded, lookalikes mapped, folded again, words sorted.
  std::string folded;
  /// The same with lookalikes mapped before case folding, so that a capital
  /// I and a small l (alike in many typefaces) match as written.
  std::string seen;
  /// The words of `folded`, in the order written (for near matches).
  std::vector<name_word> words;
  /// No letter and no digit: the name is compared as written.
  bool empty() const noexcept { return words.empty(); }
  friend bool operator==(const name_key&, const name_key&) = default;
};

/// The key of a name. A name with no letter and no digit has no words, and
/// its key is the name as written. Any input is accepted (invalid UTF-8 is
/// read with replacement characters); throws scr::error only if ICU cannot
/// run at all.
name_key key_of_name(std::string_view name);

/// Two names are one person's name: equal keys, or equal as seen.
bool same_name(const name_key& a, const name_key& b) noexcept;

/// Two names that are not the same name, but close.
enum class nearness {
  none,
  initials,  ///< one gives initials for the other's names, or leaves names out ("J. Smith", "John Smith")
  spelling,  ///< one letter added, left out, changed, or two letters swapped ("Jon Smith", "John Smith")
  spacing,   ///< the same letters, spaced differently ("O Brien", "OBrien")
};
nearness near_names(const name_key& a, const name_key& b);
/// "the names differ only in initials or names left out", ...
std::string_view to_text(nearness n) noexcept;

/// An agency as compared: its name's key (key_of_name().folded).
std::string agency_key(std::string_view agency);

/// A person id as compared: case-folded, lookalikes mapped, and everything
/// but letters and digits left out ("E-1234" and "e1234" are one id); empty
/// when it has no letter or digit.
std::string id_key(std::string_view id);

/// A person as the engine compares them: the name's key, and the id the
/// assignment gave (empty: none).
struct person {
  name_key key;
  std::string id;      ///< as given
  std::string id_key;  ///< as compared (see id_key())
};

/// One person: when both have an id, the ids decide; otherwise the names do.
inline bool same_person(const person& a, const person& b) noexcept {
  if (!a.id_key.empty() && !b.id_key.empty()) return a.id_key == b.id_key;
  return same_name(a.key, b.key);
}

}  // namespace scr::detail
