// Reading gov.uk's bank-holidays.json:
//
//   {"england-and-wales": {"division": "england-and-wales",
//                          "events": [{"title": "New Year’s Day",
//                                      "date": "2025-01-01",
//                                      "notes": "", "bunting": true}, ...]},
//    "scotland": {...}, "northern-ireland": {...}}

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "scr/calendar.hpp"
#include "scr/error.hpp"

namespace scr {

namespace {

std::string display_name(std::string_view division) {
  if (division == "england-and-wales") return "England and Wales";
  if (division == "scotland") return "Scotland";
  if (division == "northern-ireland") return "Northern Ireland";
  return std::string(division);
}

}  // namespace

calendar calendar::from_govuk_json(std::string_view json_text, std::string_view division) {
  using nlohmann::json;
  const std::string where = "gov.uk bank holidays";
  json doc;
  try {
    doc = json::parse(json_text);
  } catch (const json::parse_error& e) {
    throw input_error(where + ": not valid JSON (" + std::string(e.what()) + ")");
  }
  if (!doc.is_object()) throw input_error(where + ": expected an object keyed by division");
  const auto it = doc.find(std::string(division));
  if (it == doc.end()) {
    std::string known;
    for (const auto& [key, value] : doc.items()) known += (known.empty() ? "" : ", ") + key;
    throw input_error(where + ": unknown division '" + std::string(division) +
                      "'; the file has: " + (known.empty() ? "(none)" : known));
  }
  const json& div = *it;
  if (!div.is_object() || !div.contains("events") || !div["events"].is_array()) {
    throw input_error(where + ": division '" + std::string(division) +
                      "' has no \"events\" list");
  }
  std::vector<holiday> holidays;
  std::size_t n = 0;
  for (const auto& ev : div["events"]) {
    const std::string at = where + ", " + std::string(division) + " event " + std::to_string(n++);
    if (!ev.is_object() || !ev.contains("date") || !ev["date"].is_string()) {
      throw input_error(at + ": needs a \"date\" string");
    }
    if (!ev.contains("title") || !ev["title"].is_string() ||
        ev["title"].get_ref<const std::string&>().empty()) {
      throw input_error(at + ": needs a \"title\" string");
    }
    std::string title = ev["title"].get<std::string>();
    std::string notes;
    if (ev.contains("notes")) {
      if (!ev["notes"].is_string()) {
        throw input_error(at + " ('" + title + "'): \"notes\" must be a string");
      }
      notes = ev["notes"].get<std::string>();
    }
    const auto text = ev["date"].get<std::string>();
    date d;
    try {
      d = parse_date(text);
    } catch (const input_error& e) {
      throw input_error(at + " ('" + title + "'): " + e.what());
    }
    if (text.size() != 10 || text[4] != '-') {
      throw input_error(at + " ('" + title + "'): date '" + text + "' is not YYYY-MM-DD");
    }
    if (notes == "Substitute day") title += " (substitute day)";
    holidays.push_back({d, std::move(title)});
  }
  if (holidays.empty()) {
    throw input_error(where + ": division '" + std::string(division) + "' lists no holidays");
  }
  date lo = holidays.front().day;
  date hi = lo;
  for (const auto& h : holidays) {
    lo = std::min(lo, h.day);
    hi = std::max(hi, h.day);
  }
  calendar_options o;
  o.first = date(lo.year(), 1, 1);
  o.last = date(hi.year(), 12, 31);
  o.confirmed_through = o.last;
  return custom(weekday_set::saturday_sunday(), std::move(holidays), display_name(division),
                "gov.uk " + format_date(hi), o);
}

}  // namespace scr
