// How names are compared (libscr/src/person.hpp): the key, near matches,
// person ids and agencies, and that no input breaks the comparison.

#include <gtest/gtest.h>

#include <cstdint>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include "person.hpp"

namespace {

using scr::detail::agency_key;
using scr::detail::id_key;
using scr::detail::key_of_name;
using scr::detail::near_names;
using scr::detail::nearness;
using scr::detail::same_name;

bool same(std::string_view a, std::string_view b) { return same_name(key_of_name(a), key_of_name(b)); }
nearness near(std::string_view a, std::string_view b) { return near_names(key_of_name(a), key_of_name(b)); }

}  // namespace

TEST(person_key, one_name_however_it_is_written) {
  const std::vector<std::pair<std::string, std::string>> pairs = {
      {"J. Smith", "J. Smith "},           {"J. Smith", "j. smith"},
      {"J. Smith", "J Smith"},             {"J. Smith", "Smith, J."},
      {"J. Smith", "J. Sm\u0456th"},       // Cyrillic i
      {"J. Smith", "J.\u00a0Smith"},       // non-breaking space
      {"J. Smith", "\uff2a. Smith"},       // fullwidth J
      {"J. Smith", "SMITH J"},             {"J. Smith", "J.    Smith"},
      {"J. Smith", "J.\u3000Smith"},       // ideographic space
      {"J. Smith", "J.\u202fSmith"},       // narrow no-break space
      {"Jos\u00e9", "Jose\u0301"},         // precomposed and combining
      {"Stra\u00dfe", "STRASSE"},          // ß is ss
      {"Ian Smith", "lan Smith"},          // capital I as small l
      {"SM\u0130TH", "smith"},             // dotted capital I
      {"O'Brien", "O\u2019Brien"},         {"O'Brien", "OBrien"},
      {"O'Brien", "O\u02bcBrien"},         // modifier letter apostrophe
      {"0live Smith", "Olive Smith"},      // a zero for an O
      {"Ann Lee", "Lee, Ann"},             {"\ufb01ona", "Fiona"},
      {"Anna", "\u0410nna"},               // Cyrillic A
      {"Smi\u200dth", "Smith"},            // a zero-width joiner is ignorable
  };
  for (const auto& [a, b] : pairs) {
    EXPECT_TRUE(same(a, b)) << a << " / " << b << ": " << key_of_name(a).folded << " | " << key_of_name(b).folded;
    EXPECT_TRUE(same(b, a)) << b << " / " << a;
    EXPECT_EQ(near(a, b), nearness::none) << a << " / " << b;
  }
}

TEST(person_key, different_names_are_different) {
  const std::vector<std::pair<std::string, std::string>> pairs = {
      {"J. Smith", "K. Smith"}, {"J. Smith", "J. Smyth"},   {"Ann Lee", "Anne Lee"}, {"Jose", "Jos\u00e9"},
      {"John Smith", "Jon Smith"}, {"J. Smith", "J. Smith 2"}, {"Smith", "Smith Smith"}, {"O Brien", "OBrien"},
      {"Al Lee", "Ali Lee"},   {"A", "B"},
  };
  for (const auto& [a, b] : pairs) EXPECT_FALSE(same(a, b)) << a << " / " << b;
}

TEST(person_key, the_key_is_case_folded_after_the_skeleton) {
  // The skeleton maps the digit 0 to a capital O: folded again, it is o.
  const auto k = key_of_name("0LIVE");
  EXPECT_EQ(k.folded, "olive");
  // The skeleton alone is not case-insensitive: the key is.
  EXPECT_EQ(key_of_name("JOHN SMITH").folded, key_of_name("john smith").folded);
  // Words are sorted, one space apart.
  EXPECT_EQ(key_of_name("  Lee,   Ann ").folded, "ann lee");
}

TEST(person_key, near_matches) {
  EXPECT_EQ(near("J. Smith", "John Smith"), nearness::initials);
  EXPECT_EQ(near("John Smith", "J. Smith"), nearness::initials);
  EXPECT_EQ(near("Smith", "John Smith"), nearness::initials);
  EXPECT_EQ(near("J. A. Smith", "John Smith"), nearness::initials);
  EXPECT_EQ(near("M. Smith", "Michael Smith"), nearness::initials);  // m's skeleton is rn
  EXPECT_EQ(near("\u00c9. Dupont", "\u00c9mile Dupont"), nearness::initials);
  EXPECT_EQ(near("Ann Lee", "Anne Lee"), nearness::spelling);
  EXPECT_EQ(near("Jon Smith", "John Smith"), nearness::spelling);
  EXPECT_EQ(near("Jhon Smith", "John Smith"), nearness::spelling);  // two letters swapped
  EXPECT_EQ(near("Jose Nunez", "Jos\u00e9 Nunez"), nearness::spelling);
  EXPECT_EQ(near("O Brien", "OBrien"), nearness::spacing);
  EXPECT_EQ(near("Van Der Berg", "Vanderberg"), nearness::spacing);
  // Not near: other initials, short words, more than one edit, no shared name.
  EXPECT_EQ(near("J. Smith", "K. Smith"), nearness::none);
  EXPECT_EQ(near("Al Lee", "Ali Lee"), nearness::none);
  EXPECT_EQ(near("Ann Lee", "Ben Lee"), nearness::none);
  EXPECT_EQ(near("J. Smith", "J. Jones"), nearness::none);
  EXPECT_EQ(near("J. K.", "John Kay"), nearness::none);
  EXPECT_EQ(near("J. Smith", "J. Smith"), nearness::none);  // the same name is not a near match
  EXPECT_EQ(near("?", "!"), nearness::none);
}

TEST(person_key, a_name_with_no_letter_or_digit_is_compared_as_written) {
  EXPECT_TRUE(key_of_name("...").empty());
  EXPECT_TRUE(same("...", "..."));
  EXPECT_FALSE(same("...", ". . ."));
  EXPECT_FALSE(same("?", "!"));
  // It never equals a name of words.
  EXPECT_FALSE(same("-", "A"));
}

TEST(person_key, person_ids_are_compared_as_ids) {
  EXPECT_EQ(id_key("E-1234"), id_key("e1234"));
  EXPECT_EQ(id_key(" E 1234 "), id_key("E1234"));
  EXPECT_EQ(id_key("\uff25\uff11\uff12\uff13\uff14"), id_key("E1234"));  // fullwidth
  EXPECT_NE(id_key("E1234"), id_key("E1243"));
  EXPECT_NE(id_key("12 34"), id_key("34 12"));  // order counts in an id
  EXPECT_EQ(id_key("--"), "");

  scr::detail::person a{key_of_name("J. Smith"), "E1", id_key("E1")};
  scr::detail::person b{key_of_name("J. Smith"), "E2", id_key("E2")};
  scr::detail::person c{key_of_name("Jane Jones"), "e-1", id_key("e-1")};
  scr::detail::person d{key_of_name("j smith"), "", ""};
  EXPECT_FALSE(same_person(a, b));  // both have ids: the ids decide
  EXPECT_TRUE(same_person(a, c));
  EXPECT_TRUE(same_person(a, d));   // one id only: the names decide
  EXPECT_TRUE(same_person(b, d));
  EXPECT_FALSE(same_person(c, d));
}

TEST(person_key, agencies_are_compared_by_their_key) {
  EXPECT_EQ(agency_key("Police"), agency_key("police "));
  EXPECT_EQ(agency_key("Police"), agency_key("POLICE."));
  EXPECT_EQ(agency_key("Police"), agency_key("P\u043elice"));
  EXPECT_EQ(agency_key("Children's Services"), agency_key("childrens  services"));
  EXPECT_NE(agency_key("Police"), agency_key("Health"));
  EXPECT_EQ(agency_key("--"), "--");
  // An agency's key is the folded part of its name's key, computed alone.
  for (const std::string_view name : std::initializer_list<std::string_view>{
           "Police", "P\u043elice", "West Midlands Police", "Children's Services", "  NHS  Trust. ", "\u00c9cole",
        "O\u2019Brien & Co", "--", "", std::string_view("Health\0Care", 11)}) {
    EXPECT_EQ(agency_key(name), key_of_name(name).folded) << name;
  }
  const std::string very_long(5000, 'x');
  EXPECT_EQ(agency_key(very_long), key_of_name(very_long).folded);
}

TEST(person_key, no_input_breaks_it) {
  // Invalid UTF-8, lone surrogates as bytes, a NUL, lone marks, emoji,
  // private use, noncharacters, and text far past the 200 bytes a name may be.
  const std::vector<std::string> inputs = {
      std::string(),
      std::string("\xff\xfe\xfd"),
      std::string("\xc3"),
      std::string("\xed\xa0\x80"),
      std::string("a\0b", 3),
      "\u0301\u0302\u0303",
      "\U0001F600 Smith",
      "\uE000\uFFFF\U0010FFFF",
      std::string(100000, 'x'),
      std::string(50000, '.'),
      [] {
        std::string s;
        for (int i = 0; i < 3000; ++i) s += "J. ";
        return s;
      }(),
  };
  for (const auto& s : inputs) {
    EXPECT_NO_THROW({
      const auto k = key_of_name(s);
      (void)same_name(k, key_of_name("J. Smith"));
      (void)near_names(k, key_of_name("J. Smith"));
      (void)near_names(k, k);
      (void)id_key(s);
      (void)agency_key(s);
    }) << s.size() << " bytes";
  }
  // Random bytes, and random code points, against one another.
  std::mt19937 random(20240304);
  std::uniform_int_distribution<int> byte(0, 255), length(0, 40);
  std::uniform_int_distribution<std::uint32_t> code_point(0, 0x10FFFF);
  std::vector<scr::detail::name_key> keys;
  for (int i = 0; i < 300; ++i) {
    std::string s;
    const int n = length(random);
    for (int j = 0; j < n; ++j) {
      if (i % 2 == 0) {
        s.push_back(static_cast<char>(byte(random)));
      } else {
        const std::uint32_t cp = code_point(random);
        if (cp >= 0xD800 && cp <= 0xDFFF) continue;
        if (cp < 0x80) {
          s.push_back(static_cast<char>(cp));
        } else if (cp < 0x800) {
          s.push_back(static_cast<char>(0xC0 | (cp >> 6)));
          s.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
        } else if (cp < 0x10000) {
          s.push_back(static_cast<char>(0xE0 | (cp >> 12)));
          s.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
          s.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
        } else {
          s.push_back(static_cast<char>(0xF0 | (cp >> 18)));
          s.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
          s.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
          s.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
        }
      }
    }
    ASSERT_NO_THROW(keys.push_back(key_of_name(s)));
    // A name is always the same name as itself.
    EXPECT_TRUE(same_name(keys.back(), key_of_name(s)));
  }
  for (std::size_t i = 0; i + 1 < keys.size(); ++i) {
    EXPECT_NO_THROW((void)near_names(keys[i], keys[i + 1]));
    EXPECT_EQ(same_name(keys[i], keys[i + 1]), same_name(keys[i + 1], keys[i]));
  }
}
