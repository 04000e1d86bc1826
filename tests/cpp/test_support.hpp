#pragma once
// Helpers shared by the C++ tests: readable dates in failure messages, date
// builders that do not go through libscr, and EXPECT_ERROR, which checks an
// exception's exact type and the parts its message must contain.

#include <gtest/gtest.h>

#include <exception>
#include <filesystem>
#include <initializer_list>
#include <ostream>
#include <string>
#include <string_view>
#include <type_traits>
#include <typeinfo>

#include <unistd.h>

#include "scr/calendar.hpp"
#include "scr/date.hpp"
#include "scr/error.hpp"

namespace boost::gregorian {
inline void PrintTo(const date& d, std::ostream* os) { *os << scr::format_date(d); }
}  // namespace boost::gregorian
namespace boost::posix_time {
inline void PrintTo(const ptime& t, std::ostream* os) { *os << scr::format_instant(t); }
}  // namespace boost::posix_time

namespace {

/// A fresh directory of the test's own, removed with everything in it at the
/// end: named for the process (ctest runs tests side by side, each in its
/// own), the run's seed and `name` (by default the test's).
struct scratch_dir {
  std::filesystem::path dir;
  explicit scratch_dir(const std::string& prefix, std::string name = {}) {
    if (name.empty()) name = ::testing::UnitTest::GetInstance()->current_test_info()->name();
    dir = std::filesystem::temp_directory_path() /
          (prefix + "_" + std::to_string(::getpid()) + "_" +
           std::to_string(::testing::UnitTest::GetInstance()->random_seed()) + "_" + name);
    std::filesystem::remove_all(dir);
    std::filesystem::create_directories(dir);
  }
  ~scratch_dir() {
    std::error_code ec;
    std::filesystem::remove_all(dir, ec);
  }
  scratch_dir(const scratch_dir&) = delete;
  scratch_dir& operator=(const scratch_dir&) = delete;
};

inline scr::date ymd(int y, int m, int d) {
  return scr::date(static_cast<unsigned short>(y), static_cast<unsigned short>(m),
                   static_cast<unsigned short>(d));
}

[[maybe_unused]] inline scr::instant utc(int y, int m, int d, int hh, int mm = 0, int ss = 0) {
  return scr::instant(ymd(y, m, d), boost::posix_time::hours(hh) +
                                        boost::posix_time::minutes(mm) +
                                        boost::posix_time::seconds(ss));
}

[[maybe_unused]] inline const scr::calendar& ew() {
  static const scr::calendar c = scr::calendar::england_and_wales();
  return c;
}

// 'text', built by appending (GCC 12 gives a false -Wrestrict for "'" + s + "'").
[[maybe_unused]] inline std::string quoted(std::string_view text) {
  std::string q(1, '\'');
  q.append(text);
  q.push_back('\'');
  return q;
}

template <class E>
constexpr const char* kind_name() {
  if constexpr (std::is_same_v<E, scr::range_error>) return "scr::range_error";
  else if constexpr (std::is_same_v<E, scr::input_error>) return "scr::input_error";
  else if constexpr (std::is_same_v<E, scr::error>) return "scr::error";
  else return typeid(E).name();
}

inline std::string kind_of(const std::exception& e) {
  if (dynamic_cast<const scr::range_error*>(&e)) return "scr::range_error";
  if (dynamic_cast<const scr::input_error*>(&e)) return "scr::input_error";
  if (dynamic_cast<const scr::error*>(&e)) return "scr::error";
  return std::string("non-scr exception ") + typeid(e).name();
}

// Runs f; expects an exception of exactly type E (a range_error is not accepted
// where an input_error is expected) whose message contains every part.
template <class E, class F>
void check_error(F&& f, std::initializer_list<std::string_view> parts) {
  try {
    f();
  } catch (const std::exception& e) {
    EXPECT_TRUE(typeid(e) == typeid(E))
        << "expected " << kind_name<E>() << ", got " << kind_of(e) << ": " << e.what();
    const std::string_view msg = e.what();
    for (const auto part : parts) {
      EXPECT_NE(msg.find(part), std::string_view::npos)
          << "message: " << msg << "\nshould contain: " << part;
    }
    return;
  } catch (...) {
    ADD_FAILURE() << "threw something that is not a std::exception";
    return;
  }
  ADD_FAILURE() << "expected " << kind_name<E>() << ", but nothing was thrown";
}

}  // namespace

#define EXPECT_ERROR(type, stmt, ...)                        \
  do {                                                       \
    SCOPED_TRACE(#stmt);                                     \
    check_error<type>([&] { (void)(stmt); }, {__VA_ARGS__}); \
  } while (false)
