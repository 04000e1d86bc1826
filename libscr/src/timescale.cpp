#include "scr/timescale.hpp"

#include <charconv>
#include <optional>
#include <string>
#include <vector>

#include "scr/error.hpp"
#include "text.hpp"

namespace scr {

namespace {

constexpr const char* accepted_forms =
    "expected a whole number and a unit, as in \"72 hours\", \"1 working day\", "
    "\"5 working days\", \"28 days\", \"4 weeks\", \"1 month\", \"6 months\" or \"7 years\"";

std::vector<std::string_view> words(std::string_view s) {
  std::vector<std::string_view> out;
  std::size_t i = 0;
  while (i < s.size()) {
    while (i < s.size() && (s[i] == ' ' || s[i] == '\t')) ++i;
    const std::size_t start = i;
    while (i < s.size() && s[i] != ' ' && s[i] != '\t') ++i;
    if (i > start) out.push_back(s.substr(start, i - start));
  }
  return out;
}

std::optional<time_unit> unit_from(std::string_view w) {
  if (w.ends_with('s')) w.remove_suffix(1);
  if (w == "hour") return time_unit::hours;
  if (w == "day") return time_unit::days;
  if (w == "week") return time_unit::weeks;
  if (w == "month") return time_unit::months;
  if (w == "year") return time_unit::years;
  return std::nullopt;
}

}  // namespace

std::string_view unit_name(time_unit u, bool plural) noexcept {
  switch (u) {
    case time_unit::hours: return plural ? "hours" : "hour";
    case time_unit::days: return plural ? "days" : "day";
    case time_unit::working_days: return plural ? "working days" : "working day";
    case time_unit::weeks: return plural ? "weeks" : "week";
    case time_unit::months: return plural ? "months" : "month";
    case time_unit::years: return plural ? "years" : "year";
  }
  return "?";
}

timescale timescale::of(int amount, time_unit unit) {
  if (amount < 0 || amount > max_timescale_amount) {
    throw input_error("invalid timescale amount " + std::to_string(amount) + ": must be 0 to " +
                      std::to_string(max_timescale_amount));
  }
  return timescale{amount, unit};
}

timescale timescale::parse(std::string_view text) {
  const std::string low = detail::lower(detail::trim(text));
  const auto w = words(low);
  const auto fail = [&]() -> timescale {
    throw input_error("invalid timescale '" + std::string(text) + "': " + accepted_forms);
  };
  if (w.size() < 2 || w.size() > 3) return fail();
  int amount = 0;
  const auto num = w[0];
  if (num.empty() || num.size() > 5) return fail();
  for (char c : num) {
    if (c < '0' || c > '9') return fail();
  }
  std::from_chars(num.data(), num.data() + num.size(), amount);
  std::optional<time_unit> u;
  if (w.size() == 3) {
    if (w[1] == "working" && unit_from(w[2]) == time_unit::days) u = time_unit::working_days;
  } else {
    u = unit_from(w[1]);
  }
  if (!u) return fail();
  return of(amount, *u);
}

std::string timescale::to_string() const {
  return std::to_string(amount) + " " + std::string(unit_name(unit, amount != 1));
}

}  // namespace scr
