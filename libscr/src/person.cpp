// People compared as people (see person.hpp and docs/engine.md).

#include "person.hpp"

#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>
#include <unicode/uspoof.h>
#include <unicode/utypes.h>

#include <algorithm>
#include <cstdint>
#include <functional>
#include <string>

#include "scr/error.hpp"
#include "suggest.hpp"
#include "text.hpp"

namespace scr::detail {

namespace {

// Names are at most 200 bytes when they reach here (utf8.hpp); anything past
// this is not read, so no input can make the comparison slow.
constexpr std::size_t max_key_input = 4096;

[[noreturn]] void icu_failed(const char* what, UErrorCode status) {
  throw error(std::string("names cannot be compared: ICU's ") + what + " failed (" + u_errorName(status) + ")");
}

const icu::Normalizer2& casefold() {
  static const icu::Normalizer2* const normalizer = [] {
    UErrorCode status = U_ZERO_ERROR;
    const icu::Normalizer2* n = icu::Normalizer2::getNFKCCasefoldInstance(status);
    if (U_FAILURE(status) || n == nullptr) icu_failed("NFKC_Casefold normalisation", status);
    return n;
  }();
  return *normalizer;
}

// A spoof checker is safe to share between threads for skeletons (its const
// functions are thread safe).
const USpoofChecker* lookalikes() {
  static const icu::LocalUSpoofCheckerPointer checker = [] {
    UErrorCode status = U_ZERO_ERROR;
    icu::LocalUSpoofCheckerPointer c(uspoof_open(&status));
    if (U_FAILURE(status) || c.isNull()) icu_failed("confusable detection (uspoof_open)", status);
    return c;
  }();
  return checker.getAlias();
}

// Apostrophes (and the marks typed for them) are left out: O'Brien, O’Brien
// and OBrien are one name.
bool apostrophe(UChar32 c) {
  switch (c) {
    case 0x0027: case 0x0060: case 0x00B4: case 0x02B9: case 0x02BB: case 0x02BC: case 0x02BD:
    case 0x2018: case 0x2019: case 0x201B: case 0x2032: case 0xFF07:
      return true;
    default:
      return false;
  }
}

icu::UnicodeString without_apostrophes(const icu::UnicodeString& s) {
  icu::UnicodeString out;
  for (int32_t i = 0; i < s.length();) {
    const UChar32 c = s.char32At(i);
    i += U16_LENGTH(c);
    if (!apostrophe(c)) out.append(c);
  }
  return out;
}

// NFKC_Casefold; then the dot above that full case folding gives a capital
// I with a dot (İ as i + U+0307) is dropped after i and j, which show a dot
// of their own.
icu::UnicodeString fold(const icu::UnicodeString& s) {
  UErrorCode status = U_ZERO_ERROR;
  icu::UnicodeString f = casefold().normalize(s, status);
  if (U_FAILURE(status)) icu_failed("NFKC_Casefold normalisation", status);
  icu::UnicodeString out;
  UChar32 previous = 0;
  for (int32_t i = 0; i < f.length();) {
    const UChar32 c = f.char32At(i);
    i += U16_LENGTH(c);
    if (c == 0x0307 && (previous == 'i' || previous == 'j')) continue;
    out.append(c);
    previous = c;
  }
  return out;
}

// The confusable skeleton (Unicode TR39): lookalike characters mapped to one
// prototype. Not case-folded, and in NFD.
icu::UnicodeString skeleton(const icu::UnicodeString& s) {
  UErrorCode status = U_ZERO_ERROR;
  icu::UnicodeString out;
  uspoof_getSkeletonUnicodeString(lookalikes(), 0, s, out, &status);
  if (U_FAILURE(status)) icu_failed("confusable skeleton", status);
  return out;
}

enum class part { letter, mark, separator };

part part_of(UChar32 c) {
  switch (static_cast<UCharCategory>(u_charType(c))) {
    case U_UPPERCASE_LETTER:
    case U_LOWERCASE_LETTER:
    case U_TITLECASE_LETTER:
    case U_MODIFIER_LETTER:
    case U_OTHER_LETTER:
    case U_DECIMAL_DIGIT_NUMBER:
    case U_LETTER_NUMBER:
    case U_OTHER_NUMBER:
      return part::letter;
    case U_NON_SPACING_MARK:
    case U_ENCLOSING_MARK:
    case U_COMBINING_SPACING_MARK:
      return part::mark;
    default:
      return part::separator;
  }
}

// The words: runs of letters and digits with their marks. Apostrophes are
// dropped; anything else separates words; a mark with no letter before it
// in its word is dropped.
std::vector<icu::UnicodeString> words_in(const icu::UnicodeString& s) {
  std::vector<icu::UnicodeString> out;
  icu::UnicodeString word;
  for (int32_t i = 0; i < s.length();) {
    const UChar32 c = s.char32At(i);
    i += U16_LENGTH(c);
    if (apostrophe(c)) continue;
    const part p = part_of(c);
    if (p == part::letter || (p == part::mark && !word.isEmpty())) {
      word.append(c);
    } else if (p == part::separator && !word.isEmpty()) {
      out.push_back(word);
      word.remove();
    }
  }
  if (!word.isEmpty()) out.push_back(word);
  return out;
}

std::string utf8(const icu::UnicodeString& s) {
  std::string out;
  s.toUTF8String(out);
  return out;
}

std::string sorted_words(const icu::UnicodeString& s) {
  std::vector<std::string> words;
  for (const auto& w : words_in(s)) words.push_back(utf8(w));
  std::sort(words.begin(), words.end());
  return join(words, " ");
}

// Lookalikes mapped, then folded again: a skeleton may hold capitals (0 is O).
icu::UnicodeString mapped(const icu::UnicodeString& folded) { return fold(skeleton(folded)); }

std::u32string code_points(const std::string& s) {
  const icu::UnicodeString u = icu::UnicodeString::fromUTF8(s);
  std::u32string out;
  for (int32_t i = 0; i < u.length();) {
    const UChar32 c = u.char32At(i);
    i += U16_LENGTH(c);
    out.push_back(static_cast<char32_t>(c));
  }
  return out;
}

// One edit apart: a letter added, left out or changed, or two neighbours
// swapped; both at least three letters long, so that short words (initials,
// "Al" and "Ali") are not taken for each other.
bool one_edit_apart(const std::string& a, const std::string& b) {
  const std::u32string x = code_points(a), y = code_points(b);
  if (std::min(x.size(), y.size()) < 3) return false;
  if (edit_distance_of<char32_t>(x, y) == 1) return true;
  if (x.size() != y.size()) return false;
  std::vector<std::size_t> differ;
  for (std::size_t i = 0; i < x.size() && differ.size() <= 2; ++i)
    if (x[i] != y[i]) differ.push_back(i);
  return differ.size() == 2 && differ[1] == differ[0] + 1 && x[differ[0]] == y[differ[1]] &&
         x[differ[1]] == y[differ[0]];
}

bool initial_of(const name_word& initial, const name_word& word) {
  return initial.initial && !word.initial && word.text.size() > initial.text.size() &&
         word.text.compare(0, initial.text.size(), initial.text) == 0;
}

bool compatible(const name_word& a, const name_word& b) {
  return a.text == b.text || initial_of(a, b) || initial_of(b, a);
}

// Every word of `fewer` stands for a word of its own in `more` (the same
// word, or its initial, either way), and at least one whole word is shared:
// "J. Smith" and "John Smith", "Smith" and "John Smith", "J. A. Smith" and
// "John Smith" is not (two initials for one name).
bool initials_fit(const std::vector<name_word>& fewer, const std::vector<name_word>& more) {
  const bool shared = std::any_of(fewer.begin(), fewer.end(), [&](const name_word& w) {
    return !w.initial && std::find(more.begin(), more.end(), w) != more.end();
  });
  if (!shared) return false;
  // A matching of the words of `fewer` into `more` (augmenting paths).
  std::vector<std::size_t> owner(more.size(), fewer.size());
  std::vector<char> seen;
  const std::function<bool(std::size_t)> place = [&](std::size_t i) {
    for (std::size_t j = 0; j < more.size(); ++j) {
      if (seen[j] || !compatible(fewer[i], more[j])) continue;
      seen[j] = 1;
      if (owner[j] == fewer.size() || place(owner[j])) {
        owner[j] = i;
        return true;
      }
    }
    return false;
  };
  for (std::size_t i = 0; i < fewer.size(); ++i) {
    seen.assign(more.size(), 0);
    if (!place(i)) return false;
  }
  return true;
}

// The same words but one, and that one a single edit away.
bool one_word_misspelt(const std::vector<name_word>& a, const std::vector<name_word>& b) {
  if (a.size() != b.size()) return false;
  std::vector<std::string> x, y;
  for (const auto& w : a) x.push_back(w.text);
  for (const auto& w : b) y.push_back(w.text);
  std::sort(x.begin(), x.end());
  std::sort(y.begin(), y.end());
  std::vector<std::string> only_x, only_y;
  std::set_difference(x.begin(), x.end(), y.begin(), y.end(), std::back_inserter(only_x));
  std::set_difference(y.begin(), y.end(), x.begin(), x.end(), std::back_inserter(only_y));
  return only_x.size() == 1 && only_y.size() == 1 && one_edit_apart(only_x[0], only_y[0]);
}

std::string run_together(const std::vector<name_word>& words) {
  std::string out;
  for (const auto& w : words) out += w.text;
  return out;
}

// A name (its first max_key_input bytes: the callers cut it) in ICU's form,
// apostrophes taken out: what its key is made from.
icu::UnicodeString raw_of(std::string_view name) {
  return without_apostrophes(
      icu::UnicodeString::fromUTF8(icu::StringPiece(name.data(), static_cast<int32_t>(name.size()))));
}

}  // namespace

name_key key_of_name(std::string_view name) {
  name = name.substr(0, max_key_input);
  const icu::UnicodeString raw = raw_of(name);
  const icu::UnicodeString folded = fold(raw);
  name_key key;
  key.folded = sorted_words(mapped(folded));
  key.seen = sorted_words(mapped(fold(skeleton(raw))));
  for (const auto& w : words_in(folded)) {
    name_word word;
    word.initial = w.countChar32() == 1;
    for (const auto& piece : words_in(mapped(w))) word.text += utf8(piece);
    if (!word.text.empty()) key.words.push_back(std::move(word));
  }
  // No letter and no digit: nothing to fold, so the name counts as written
  // (such a key holds no letter, so it equals no key of words).
  if (key.folded.empty()) key.folded = key.seen = std::string(name);
  return key;
}

bool same_name(const name_key& a, const name_key& b) noexcept {
  return a.folded == b.folded || a.seen == b.seen;
}

nearness near_names(const name_key& a, const name_key& b) {
  if (a.empty() || b.empty() || same_name(a, b)) return nearness::none;
  if (run_together(a.words) == run_together(b.words)) return nearness::spacing;
  const bool a_fewer = a.words.size() <= b.words.size();
  if (initials_fit(a_fewer ? a.words : b.words, a_fewer ? b.words : a.words)) return nearness::initials;
  if (one_word_misspelt(a.words, b.words)) return nearness::spelling;
  return nearness::none;
}

std::string_view to_text(nearness n) noexcept {
  switch (n) {
    case nearness::none: return "the names are not alike";
    case nearness::initials: return "the names differ only in initials or names left out";
    case nearness::spelling: return "the names are one letter apart";
    case nearness::spacing: return "the names differ only in spacing";
  }
  return "?";
}

std::string id_key(std::string_view id) {
  if (id.size() > max_key_input) id = id.substr(0, max_key_input);
  const icu::UnicodeString raw =
      icu::UnicodeString::fromUTF8(icu::StringPiece(id.data(), static_cast<int32_t>(id.size())));
  std::string out;
  for (const auto& piece : words_in(mapped(fold(raw)))) out += utf8(piece);
  return out;
}

// key_of_name(agency).folded, without the rest of the key (the skeleton and
// the words), which an agency's key does not use: the queries ask for it of
// every assignment, on every write.
std::string agency_key(std::string_view agency) {
  agency = agency.substr(0, max_key_input);
  std::string folded = sorted_words(mapped(fold(raw_of(agency))));
  if (folded.empty()) return std::string(agency);  // as key_of_name: no letter and no digit, as written
  return folded;
}

}  // namespace scr::detail
