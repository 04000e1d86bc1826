#pragma once
// -----------------------------------------------------------------------------
// scr/report.hpp: timetables and lists for people and for other programs
// -----------------------------------------------------------------------------
//
// A review's timetable, as of a date, in five forms:
//
//   text  aligned columns for a terminal
//   csv   RFC 4180 (comma-separated, CRLF, fields quoted when needed)
//   json  a documented schema with a version field (docs/reports.md)
//   ics   iCalendar (RFC 5545): one all-day entry per milestone and
//         obligation with a due date, with a stable UID, so importing a newer
//         export updates the entries instead of adding new ones
//   html  one self-contained file: a Gantt chart of the milestones (planned,
//         actual, extended and overdue drawn differently) and the table
//
//   auto r = db.load("Child Q");
//   std::string ics = scr::export_timetable(r, scr::make_date(2024, 3, 1), scr::export_format::ics);
//
// Every entry of every form comes from `timetable_entries`, so the forms
// always agree. Nothing here reads a clock: the as-of date is the caller's,
// and the iCalendar DTSTAMP is the review's last event.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "scr/date.hpp"
#include "scr/export.hpp"
#include "scr/review.hpp"

namespace scr {

enum class export_format : std::uint8_t { text, csv, json, ics, html };

/// "text" (or "table"), "csv", "json", "ics", "html"; input_error naming them.
SCR_EXPORT export_format parse_export_format(std::string_view name);
SCR_EXPORT std::string_view to_string(export_format f) noexcept;

/// The version of the JSON exports' schema ("version" in each document).
inline constexpr int json_schema_version = 1;

/// One line of a timetable: a milestone (of the review or of an agency's
/// track) or one occurrence of an obligation.
struct SCR_EXPORT timetable_entry {
  std::string kind;        ///< "milestone" or "obligation"
  std::string id, agency;  ///< the definition's id; the track's agency
  int occurrence = 1;      ///< 1, 2, ... for a repeating obligation
  std::string title, owner;
  std::string status;  ///< "pending", "due soon", "overdue", "met", "met late", "extended", "paused",
                       ///< "waived"; for obligations "open", "discharged", "discharged late"
  std::string rule;    ///< "6 months after decision_made", "1 working day after referral_received"
  std::optional<date> due;
  std::optional<instant> due_at;  ///< a set time or an hours deadline
  std::optional<date> original_due, extended_to, anchor_date;
  std::optional<instant> completed_at;  ///< met or discharged
  bool statutory = false, projected = false, provisional = false, scheduled = false, breach = false;
  int days_late = 0;  ///< past due (as of the date while open)
  std::vector<std::string> cite;
  std::string uid;  ///< stable: the same entry of the same review has the same uid in every export
};

/// Milestones in the procedure's dependency order (the review's first, then
/// each agency's), then obligation occurrences by due date.
SCR_EXPORT std::vector<timetable_entry> timetable_entries(const review& r, date as_of);

SCR_EXPORT std::string timetable_text(const review& r, date as_of);
SCR_EXPORT std::string timetable_csv(const review& r, date as_of);
SCR_EXPORT std::string timetable_json(const review& r, date as_of);
SCR_EXPORT std::string timetable_ics(const review& r, date as_of);
SCR_EXPORT std::string timetable_html(const review& r, date as_of);
SCR_EXPORT std::string export_timetable(const review& r, date as_of, export_format f);

/// Left-aligned columns two spaces apart, widths in characters (UTF-8 code
/// points), the last column not padded; one line per row.
SCR_EXPORT std::string aligned_table(const std::vector<std::vector<std::string>>& rows);

/// RFC 4180: fields joined by commas, quoted when they hold a comma, a quote
/// or a line break (quotes doubled), each record ended by CRLF.
SCR_EXPORT std::string csv_table(const std::vector<std::vector<std::string>>& rows);

}  // namespace scr
