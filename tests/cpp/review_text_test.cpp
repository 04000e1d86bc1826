// What text a review accepts (docs/engine.md, "Text"): names, references and
// agencies are one line of visible text of at most 200 bytes; free text
// (reasons, notes, data) may have tabs and line breaks, up to 64 KiB; nothing
// may carry a character that makes it read as something else.

#include <gtest/gtest.h>

#include <string>

#include "review_support.hpp"
#include "scr/review.hpp"

namespace {

const scr::actor chair = as("lscb_chair", "A. Patel", "Solihull LSCB");

scr::review open_as(const std::string& reference) {
  return scr::review::open(pack("solihull-2011-scr"), ew(), reference, london(2024, 1, 15, 9), chair,
                           {{"incident_at", utc(2024, 1, 13, 22)}});
}

TEST(review_text, a_reference_is_one_line_of_visible_text) {
  // "Real Child Name\rSCR 2024/09" shows on a terminal as the second name only.
  EXPECT_ERROR(scr::input_error, open_as("Real Child Name\rSCR 2024/09"), "reference", "control character",
               "U+000D");
  EXPECT_ERROR(scr::input_error, open_as("Child\nQ"), "control character", "U+000A");
  EXPECT_ERROR(scr::input_error, open_as("Child\tQ"), "control character", "U+0009");
  EXPECT_ERROR(scr::input_error, open_as("Child \xC2\x85Q"), "control character", "U+0085");  // NEL
  // A right-to-left override makes "Child Q 2024" display reversed.
  EXPECT_ERROR(scr::input_error, open_as("Child \xE2\x80\xAEQ 2024"), "invisible formatting character", "U+202E");
  EXPECT_ERROR(scr::input_error, open_as("Child\xE2\x80\x8BQ"), "U+200B");     // zero-width space
  EXPECT_ERROR(scr::input_error, open_as("\xEF\xBB\xBF" "Child Q"), "U+FEFF");  // a byte order mark
  EXPECT_ERROR(scr::input_error, open_as(std::string(201, 'x')), "201 bytes long; at most 200");
  // Accented, non-Latin and joined scripts are names like any other.
  EXPECT_EQ(open_as("Zoë Ní Bhriain").reference(), "Zoë Ní Bhriain");
  EXPECT_EQ(open_as("\xD9\x85\xDB\x8C\xE2\x80\x8C\xD8\xB1\xD8\xB2\xD8\xA7").reference(),
            "\xD9\x85\xDB\x8C\xE2\x80\x8C\xD8\xB1\xD8\xB2\xD8\xA7");  // a Persian name with a zero-width non-joiner
  EXPECT_EQ(open_as(std::string(200, 'x')).reference().size(), 200u);
}

TEST(review_text, names_and_agencies_follow_the_same_rule) {
  auto r = open_as("Child Q");
  EXPECT_REFUSED(scr::input_error, r,
                 r.assign("J. Smith\xE2\x80\xAE", "panel_chair", "Independent", london(2024, 1, 16), chair),
                 "person's name", "U+202E");
  EXPECT_REFUSED(scr::input_error, r,
                 r.assign("J. Smith", "panel_chair", std::string(10 * 1024 * 1024, 'A'), london(2024, 1, 16), chair),
                 "person's agency", "at most 200");
  EXPECT_REFUSED(scr::input_error, r,
                 r.record("panel_convened", london(2024, 1, 19), scr::actor{"A.\rPatel", "lscb_chair", ""}),
                 "actor's name", "U+000D");
  // An agency named in an event's data is a name too.
  EXPECT_REFUSED(scr::data_error, r,
                 r.record("agency_letter_sent", london(2024, 1, 16), chair,
                          {{"agency", std::string("Police\nHealth")}}),
                 "agency", "control character");
}

TEST(review_text, free_text_keeps_its_lines_but_no_tricks) {
  auto r = open_as("Child Q");
  // Windows line endings, as text pasted from a document has them.
  r.hold("Criminal proceedings.\r\nTrial listed for July.\tCourt 2", london(2024, 1, 16), chair);
  r.release(london(2024, 1, 17), chair);
  EXPECT_REFUSED(scr::data_error, r, r.hold("Trial\rlisted", london(2024, 1, 18), chair), "control character");
  EXPECT_REFUSED(scr::data_error, r, r.hold("Trial \xE2\x80\xAElisted", london(2024, 1, 18), chair),
                 "bidirectional override");
  EXPECT_REFUSED(scr::data_error, r, r.hold(std::string(64 * 1024 + 1, 'x'), london(2024, 1, 18), chair),
                 "at most 65536");
  r.hold(std::string(64 * 1024, 'x'), london(2024, 1, 18), chair);
  EXPECT_TRUE(r.on_hold());
}

}  // namespace
