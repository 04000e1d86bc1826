#pragma once
// Helpers shared by the review (engine) tests: built-in packs as shared
// procedures, actors, London local times, and row look-ups that fail the test
// with the ids present when the row is missing.

#include <gtest/gtest.h>

#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "scr/review.hpp"
#include "test_support.hpp"

namespace boost::gregorian {
inline void PrintTo(const std::optional<date>& d, std::ostream* os) {
  *os << (d ? scr::format_date(*d) : std::string("(none)"));
}
}  // namespace boost::gregorian

namespace scr {
inline void PrintTo(milestone_status s, std::ostream* os) { *os << to_string(s); }
inline void PrintTo(obligation_status s, std::ostream* os) { *os << to_string(s); }
}  // namespace scr

namespace {

[[maybe_unused]] std::shared_ptr<const scr::procedure> pack(std::string_view id) {
  static std::map<std::string, std::shared_ptr<const scr::procedure>, std::less<>> cache;
  auto it = cache.find(id);
  if (it == cache.end()) {
    it = cache.emplace(std::string(id), std::make_shared<const scr::procedure>(scr::procedure::builtin(id))).first;
  }
  return it->second;
}

[[maybe_unused]] std::shared_ptr<const scr::procedure> from_yaml(std::string_view yaml) {
  return std::make_shared<const scr::procedure>(scr::procedure::parse(yaml, "<test>"));
}

/// A London wall-clock time as an instant (GMT or BST as in force).
[[maybe_unused]] scr::instant london(int y, int m, int d, int hh = 10, int mm = 0) {
  return scr::from_london(boost::posix_time::ptime(ymd(y, m, d), boost::posix_time::hours(hh) +
                                                                     boost::posix_time::minutes(mm)),
                          scr::choose::earliest);
}

[[maybe_unused]] scr::actor as(std::string role, std::string name = "", std::string agency = "") {
  if (name.empty()) name = "Person acting as " + role;
  return scr::actor{std::move(name), std::move(role), std::move(agency)};
}

template <class Row>
std::string ids_in(const std::vector<Row>& rows) {
  std::string out;
  for (const auto& r : rows) out += (out.empty() ? "" : ", ") + r.id() + (r.agency.empty() ? "" : "@" + r.agency);
  return out;
}

/// The timetable row for a milestone (of the review, or of an agency's track).
[[maybe_unused]] scr::timetable_row row_of(const std::vector<scr::timetable_row>& rows, std::string_view id,
                                           std::string_view agency = {}) {
  for (const auto& r : rows)
    if (r.id() == id && r.agency == agency) return r;
  ADD_FAILURE() << "no timetable row " << id << (agency.empty() ? "" : " for ") << agency
                << "; rows: " << ids_in(rows);
  return {};
}

[[maybe_unused]] bool has_row(const std::vector<scr::timetable_row>& rows, std::string_view id,
                              std::string_view agency = {}) {
  for (const auto& r : rows)
    if (r.id() == id && r.agency == agency) return true;
  return false;
}

/// Every occurrence of an obligation (of the review, or of an agency's track).
[[maybe_unused]] std::vector<scr::obligation_row> obligation_rows(const std::vector<scr::obligation_row>& rows,
                                                                  std::string_view id, std::string_view agency = {}) {
  std::vector<scr::obligation_row> out;
  for (const auto& r : rows)
    if (r.id() == id && r.agency == agency) out.push_back(r);
  return out;
}

[[maybe_unused]] scr::obligation_row obligation_of(const std::vector<scr::obligation_row>& rows, std::string_view id,
                                                   std::string_view agency = {}) {
  const auto found = obligation_rows(rows, id, agency);
  if (found.size() == 1) return found.front();
  ADD_FAILURE() << found.size() << " occurrences of obligation " << id << "; rows: " << ids_in(rows);
  return found.empty() ? scr::obligation_row{} : found.front();
}

/// Expects a command to be refused with exactly error type E, the message
/// containing each part, and the review unchanged (same history, state and
/// timetable).
template <class E, class F>
void expect_refused(const scr::review& r, F&& command, std::initializer_list<std::string_view> parts) {
  const auto events = r.history();
  const auto state = r.state();
  const auto day = scr::london_date(r.last_event_at());
  const auto before = r.timetable(day);
  check_error<E>(command, parts);
  EXPECT_EQ(r.history(), events) << "the history changed";
  EXPECT_EQ(r.state(), state) << "the state changed";
  const auto after = r.timetable(day);
  ASSERT_EQ(after.size(), before.size());
  for (std::size_t i = 0; i < after.size(); ++i) {
    EXPECT_EQ(after[i].id(), before[i].id());
    EXPECT_EQ(after[i].due, before[i].due) << after[i].id();
    EXPECT_EQ(after[i].status, before[i].status) << after[i].id();
  }
}

}  // namespace

#define EXPECT_REFUSED(type, review, stmt, ...)                            \
  do {                                                                     \
    SCOPED_TRACE(#stmt);                                                   \
    expect_refused<type>((review), [&] { (void)(stmt); }, {__VA_ARGS__}); \
  } while (false)

/// Sets a variable (a test's knob) for the scope, and back at its end.
template <class T>
class scoped_setting {
 public:
  scoped_setting(T& v, T now) : v_(v), was_(v) { v_ = now; }
  ~scoped_setting() { v_ = was_; }
  scoped_setting(const scoped_setting&) = delete;
  scoped_setting& operator=(const scoped_setting&) = delete;

 private:
  T& v_;
  T was_;
};
