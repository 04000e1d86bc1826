#pragma once
// -----------------------------------------------------------------------------
// scr/report.hpp: timetables and lists for people and for other programs
// -----------------------------------------------------------------------------
//
// A review's timetable, as of a date, in five forms:
//
//   text  aligned columns for a terminal
//   csv   RFC 4180 (comma-separated, CRLF, fields quoted when needed), safe
//         to open in a spreadsheet: a text cell that starts with = + - @ TAB
//         or CR is written after a single quote (see csv_options)
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

#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "scr/date.hpp"
#include "scr/export.hpp"
#include "scr/review.hpp"
#include "scr/store.hpp"

namespace scr {

enum class export_format : std::uint8_t { text, csv, json, ics, html };

/// "text" (or "table"), "csv", "json", "ics", "html"; input_error naming them.
SCR_EXPORT export_format parse_export_format(std::string_view name);
SCR_EXPORT std::string_view to_string(export_format f) noexcept;

/// The version of the JSON exports' schema ("version" in each document).
/// 2: a milestone's or obligation's id is `item` (was `id`) and days past
/// due are `days_late` in every document (were `days_overdue` in
/// libscr.due_items), as in the CSV and the Python results.
inline constexpr int json_schema_version = 2;

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
  /// How firm the rule's source is (the definition's `confidence`).
  scr::confidence confidence = scr::confidence::unstated;
  std::string uid;  ///< stable: the same entry of the same review has the same uid in every export
};

// deadline_change is in scr/migration.hpp (included through scr/store.hpp).


/// Every entry of `after` whose due date or rule differs from the same entry
/// of `before`, every one added, and every one removed, in `after`'s order
/// (those removed last).
SCR_EXPORT std::vector<deadline_change> compare_timetables(const std::vector<timetable_entry>& before,
                                                           const std::vector<timetable_entry>& after);

/// The rule, and how firm its source is where the definition says: "15
/// working days after notified_on [national guidance]".
SCR_EXPORT std::string rule_with_confidence(const timetable_entry& e);

/// Milestones in the procedure's dependency order (the review's first, then
/// each agency's), then obligation occurrences by due date.
SCR_EXPORT std::vector<timetable_entry> timetable_entries(const review& r, date as_of);

/// `colour`: statuses in ANSI colours (overdue red, due soon and met late
/// yellow, met and discharged green), for a terminal.
SCR_EXPORT std::string timetable_text(const review& r, date as_of, bool colour = false);

/// How a CSV export is written. By default it is safe to open in a
/// spreadsheet (OWASP, "CSV Injection"): every text cell (anything that came
/// from a person or a procedure definition: references, names, agencies,
/// titles, ids, rules, reasons, notes, data values) that begins with `=`,
/// `+`, `-`, `@`, TAB or CR is written after a single quote `'`, so that
/// Excel, LibreOffice and Google Sheets show it as text instead of running it
/// as a formula (`=HYPERLINK(...)`, `-2+3+cmd|...`). The library's own
/// columns (numbers such as days_late, dates, times, true/false, kinds,
/// statuses, uids) are written as they are, so a number is never prefixed.
struct SCR_EXPORT csv_options {
  /// Every cell exactly as recorded, nothing prefixed: for another program,
  /// never for a spreadsheet.
  bool raw = false;
  /// Begin with a UTF-8 byte order mark (EF BB BF), so that Excel reads the
  /// file as UTF-8 and shows names such as "Zoë" correctly.
  bool excel = false;
};

/// True when a spreadsheet would read `cell` as a formula: it begins with
/// `=`, `+`, `-`, `@`, TAB or CR.
SCR_EXPORT bool csv_formula_trigger(std::string_view cell) noexcept;
/// `cell` as a CSV export writes a text cell: after a `'` when it is a
/// formula trigger, unchanged otherwise (before any RFC 4180 quoting).
SCR_EXPORT std::string csv_neutralised(std::string_view cell);

SCR_EXPORT std::string timetable_csv(const review& r, date as_of, const csv_options& options = {});
SCR_EXPORT std::string timetable_json(const review& r, date as_of);
SCR_EXPORT std::string timetable_ics(const review& r, date as_of);

/// How the board's dashboard is drawn (dashboard_html).
struct SCR_EXPORT dashboard_options {
  std::string title;   ///< default "Reviews dashboard"
  int soon_days = 14;  ///< "due soon": due within this many days of the day asked about (1-366)
};

/// One self-contained, printable HTML page (no script, nothing fetched) of
/// every open review as of `as_of` (void and closed ones left out): its
/// procedure and stage, a rating (red: something overdue; amber: nothing
/// overdue, something due within `soon_days`; green: neither), how many
/// items are overdue and due soon, its next deadline and its warnings; then
/// every overdue item across the reviews, everything due soon, and each
/// review's timetable (items, owners, due dates, statuses, rules) and
/// warnings, one click away. Every text is escaped.
SCR_EXPORT std::string dashboard_html(const store& db, date as_of, const dashboard_options& options = {});

/// What a board's calendar feed holds (deadline_feed).
struct SCR_EXPORT feed_options {
  /// Keep only the items that match each one given ("" matches all).
  std::string agency, owner, procedure_id, reference, kind;
  /// A reminder (VALARM) at 09:00 London time this many working days before
  /// each due date (under the review's calendar); 0: none.
  int remind_working_days = 2;
};

/// One iCalendar feed (RFC 5545) of every open deadline across the store's
/// open reviews as of `as_of` (void and closed reviews left out): each
/// milestone and obligation not yet met, discharged or waived, with the
/// same stable UID as in its review's own calendar (the procedure,
/// reference and item), SEQUENCE the review's number of events and DTSTAMP
/// its last event, so a calendar that subscribes to it, or imports it again,
/// updates each entry in place instead of adding it twice. input_error for
/// a `kind` that is neither milestone nor obligation.
SCR_EXPORT std::string deadline_feed(const store& db, date as_of, const feed_options& options = {});
SCR_EXPORT std::string timetable_html(const review& r, date as_of);
SCR_EXPORT std::string export_timetable(const review& r, date as_of, export_format f);

// ---- across reviews -------------------------------------------------------------

/// One open review in the monthly progress report to the board chair
/// (Solihull: "monthly progress updates to the LSCB Chair", 001:340).
struct SCR_EXPORT monthly_review {
  std::string reference, procedure_id;
  std::string state, stage;  ///< the state's id and title
  bool on_hold = false;
  std::optional<date> planned_completion;   ///< the completion milestone's date now in force
  std::optional<date> original_completion;  ///< its date in the first plan (before extensions)
  bool completion_projected = false;        ///< the plan rests on steps not yet taken
  int slippage_days = 0;                    ///< planned minus original; positive when later
  /// Milestones and obligations past due, by due date. The lines of a
  /// monthly report carry what the store's projections hold (kind, id,
  /// agency, occurrence, title, owner, status, due, days_late, uid); the
  /// rest of a line (rule, anchor, extension, citations) is in the review's
  /// timetable (`timetable_entries`).
  std::vector<timetable_entry> overdue;
  std::vector<timetable_entry> open_obligations;  ///< not discharged, whether due or not, by due date
  std::vector<review_warning> warnings;
};

/// A review that closed during the month, with what was outstanding when it
/// closed: listed once, here, and never overdue after.
struct SCR_EXPORT monthly_closure {
  std::string reference, procedure_id;
  std::string state, stage;  ///< the terminal state's id and title
  date closed_on;
  std::vector<timetable_entry> outstanding;  ///< milestones and obligations outstanding at closure
};

struct SCR_EXPORT monthly_report {
  int year = 0, month = 0;
  date as_of;  ///< the month's last day
  std::vector<monthly_review> reviews;  ///< every review open on that day, in the order opened
  std::vector<monthly_closure> closed;  ///< every review that closed during the month
};

/// The monthly progress report as of the month's last day, for every review
/// in the store that was open then (from `store::progress`: projection rows,
/// replaying only the reviews with events after that day).
SCR_EXPORT monthly_report monthly_progress(const store& db, int year, int month);
SCR_EXPORT std::string monthly_text(const monthly_report& m);
SCR_EXPORT std::string monthly_json(const monthly_report& m);
/// One row per review: every review open at the month's end, then each that
/// closed during it (`closed` true, `closed_on`), with its stage, planned and
/// original completion, slippage, and how many items are overdue, open,
/// outstanding at closure and warned of (`..._count`); `overdue_items`
/// names them ("incident_notice due 2024-01-22; ...").
SCR_EXPORT std::string monthly_csv(const monthly_report& m, const csv_options& options = {});
/// The same rows as a worksheet "Reviews", with every overdue item, open
/// obligation and item outstanding at closure on sheets of their own (one
/// row an item, its review's reference first).
SCR_EXPORT std::string monthly_xlsx(const monthly_report& m);

/// A table made a cell at a time and written as aligned_table (below) writes
/// it. Only the cells' bytes and where each ends are kept (no string a
/// cell), and it can be written out in pieces: for lists of any length.
class SCR_EXPORT text_table {
 public:
  /// The next cell of the current row.
  void cell(std::string_view text);
  /// Ends the current row (a row may have fewer cells than another).
  void end_row();
  /// The rows ended so far.
  [[nodiscard]] std::size_t rows() const noexcept { return row_end_.size(); }
  /// The table as one text.
  [[nodiscard]] std::string str() const;
  /// The same text handed to `write` in pieces of about `piece` bytes
  /// (whole lines), so that a long list is never one string.
  void write(const std::function<void(std::string_view)>& write, std::size_t piece = 64 * 1024) const;

 private:
  void lines(std::string& out, const std::function<void(std::string_view)>* write, std::size_t piece) const;

  std::string text_;                    // every cell's bytes, one after another
  std::vector<std::uint32_t> cell_end_; // where each cell ends in text_
  std::vector<std::uint32_t> row_end_;  // how many cells there are by the end of each row
  std::vector<std::size_t> width_;      // each column's width so far
  std::size_t in_row_ = 0;              // cells in the current row so far
};

/// Lists of due items (`store::overdue`, `store::due_between`).
SCR_EXPORT std::string due_items_text(const std::vector<due_item>& items, bool with_days_overdue,
                                      bool colour = false);
/// due_items_text made an item at a time (from store::each_overdue,
/// store::each_due_between): the table with its heading row, then each
/// item's row added to it.
SCR_EXPORT text_table due_items_table(bool with_days_overdue);
SCR_EXPORT void add_due_item_row(text_table& table, const due_item& item, bool with_days_overdue, bool colour = false);
/// Safe to open in a spreadsheet (as due_items_csv_with(items, {})).
SCR_EXPORT std::string due_items_csv(const std::vector<due_item>& items);
/// The same with options (raw cells, a byte order mark for Excel). A
/// separate name, not an overload, so that `&scr::due_items_csv` still names
/// one function.
SCR_EXPORT std::string due_items_csv_with(const std::vector<due_item>& items, const csv_options& options);
/// The same an item at a time: the first line (after a byte order mark if
/// options.excel), then each item's line appended to `out`.
SCR_EXPORT std::string due_items_csv_header(const csv_options& options);
SCR_EXPORT void append_due_item_csv(std::string& out, const due_item& item, const csv_options& options);
SCR_EXPORT std::string due_items_json(const std::vector<due_item>& items, std::string_view query);
/// One worksheet ("Items") with the CSV's columns, dates as dates and
/// numbers as numbers (table_xlsx).
SCR_EXPORT std::string due_items_xlsx(const std::vector<due_item>& items);
/// A due item's `status` column: "overdue" when it is past due as of the
/// list's date (days_late > 0), "open" otherwise.
SCR_EXPORT std::string_view due_item_status(const due_item& item) noexcept;

/// Headline compliance (`store::compliance`): one line per review and headline.
SCR_EXPORT std::string compliance_text(const std::vector<headline_compliance>& rows);
/// Safe to open in a spreadsheet (as compliance_csv_with(rows, {})).
SCR_EXPORT std::string compliance_csv(const std::vector<headline_compliance>& rows);
SCR_EXPORT std::string compliance_csv_with(const std::vector<headline_compliance>& rows, const csv_options& options);
SCR_EXPORT std::string compliance_json(const std::vector<headline_compliance>& rows, date from, date to);
SCR_EXPORT std::string compliance_xlsx(const std::vector<headline_compliance>& rows);

/// The store's ledger (`store::ledger`): one line an entry, hashes shortened
/// to 12 digits in the text form, in full in CSV and JSON.
SCR_EXPORT std::string ledger_text(const std::vector<ledger_entry>& entries);
SCR_EXPORT std::string ledger_csv(const std::vector<ledger_entry>& entries, const csv_options& options = {});
/// {"schema": "libscr.ledger", "version", "entries": [...]}.
SCR_EXPORT std::string ledger_json(const std::vector<ledger_entry>& entries);

/// What can happen next in a review (review::next): one line a step, the
/// steps allowed first, with who may take them and the data each takes; the
/// steps not yet allowed say what blocks them.
SCR_EXPORT std::string next_steps_text(const std::vector<next_step>& steps);
/// The same as JSON: {"version": 1, "reference", "as_of", "steps": [...]}.
SCR_EXPORT std::string next_steps_json(const std::vector<next_step>& steps, std::string_view reference, date as_of);
/// The same as CSV, one row a step: roles, fields ("name:type (required)"),
/// leads_to and when joined with "; ".
SCR_EXPORT std::string next_steps_csv(const std::vector<next_step>& steps, std::string_view reference,
                                      const csv_options& options = {});

/// Left-aligned columns two spaces apart, widths in characters (UTF-8 code
/// points; ANSI colour sequences take no width), the last column not padded;
/// one line per row.
SCR_EXPORT std::string aligned_table(const std::vector<std::vector<std::string>>& rows);

/// RFC 4180: fields joined by commas, quoted when they hold a comma, a quote
/// or a line break (quotes doubled), each record ended by CRLF. Every cell is
/// taken for text: one that begins with = + - @ TAB or CR is written after a
/// `'` (csv_neutralised), unless `options.raw`; `options.excel` puts a UTF-8
/// byte order mark first.
SCR_EXPORT std::string csv_table(const std::vector<std::vector<std::string>>& rows, const csv_options& options = {});

/// One table as an XLSX workbook of one worksheet named `sheet` (1-31
/// characters, none of []:*?/\), as bytes. rows[0] names the columns in the
/// shared column vocabulary (docs/reports.md), and each column's cells are
/// written by its name: dates (due, original_due, extended_to, anchor_date,
/// dispose_from, planned_completion, original_completion, as_of, and names
/// ending _on; given as YYYY-MM-DD) as Excel dates; numbers (occurrence,
/// days_late, events, sequence, procedure_version, slippage_days, corrects,
/// and names ending _count) as numbers; flags (closed, voided, on_hold,
/// on_time, extended, breach, statutory, projected, provisional, scheduled,
/// completion_projected, allowed; given as true/false) as TRUE/FALSE. An
/// empty cell is blank; every other cell, and a cell that does not read as
/// its column's type, is text, never a formula whatever it begins with.
/// input_error for a row whose length differs from the header's, or a
/// sheet name Excel refuses.
SCR_EXPORT std::string table_xlsx(const std::vector<std::vector<std::string>>& rows, std::string_view sheet);

}  // namespace scr
