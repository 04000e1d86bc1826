#pragma once
// -----------------------------------------------------------------------------
// scr/chronology.hpp: agencies' chronologies, checked, merged and exported
// -----------------------------------------------------------------------------
//
// Each agency involved in a review sends a chronology of its involvement
// between the dates of the terms of reference, on the board's template; the
// board checks it (returning it when it deviates from the template or the
// acronym list) and merges the accepted ones into one multi-agency
// chronology for the reviewer and the panel. docs/chronology.md.
//
//   auto setup = scr::chronology_setup::with_format(scr::chronology_format::builtin("stockport-2010"));
//   setup.period_from = scr::make_date(2023, 1, 1);
//   setup.period_to = scr::make_date(2023, 12, 31);
//   setup.acronyms = {{"C", "family", "the child"}, {"M", "family", "mother"}};
//   auto checked = scr::check_chronology(setup, "Police", scr::read_chronology("police.xlsx"));
//   if (checked.refused()) std::cout << checked.report();   // what goes back to the agency
//
// A format is data, like a procedure: its columns, their types, which must
// be filled, and the rules of the board's template. Four are built in
// (north-yorkshire-2010, stockport-2010, solihull-2011, essex-2016); a board
// writes its own in the same YAML.

#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "scr/date.hpp"
#include "scr/export.hpp"
#include "scr/procedure.hpp"

namespace scr {

// ---- formats ---------------------------------------------------------------------

/// What a column holds.
enum class chronology_type : std::uint8_t {
  number,  ///< a whole number (an event number)
  day,          ///< a date in one of the format's date forms ("date" in YAML)
  time_of_day,  ///< a time of day in one of the format's time forms ("time")
  yes_no,  ///< Y or N (also Yes or No)
  codes,   ///< one or more acronyms from the review's list, separated by , / & ; or "and"
  tor,     ///< the numbers of terms of reference questions, or blank
  text,    ///< free text
};

/// What a column means: the merge and the queries read columns by meaning,
/// so that a board's own format works with them.
enum class chronology_role : std::uint8_t {
  number, day, time_of_day, age, subject, seen, seen_alone, wishes, source, summary, actions, standards, tor,
  comment, other,  // "date" and "time" in YAML for day and time_of_day
};

SCR_EXPORT std::string_view to_string(chronology_type t) noexcept;
SCR_EXPORT std::string_view to_string(chronology_role r) noexcept;

struct SCR_EXPORT chronology_column {
  std::string id;
  std::string title;                  ///< the template's heading
  std::vector<std::string> headings;  ///< other headings accepted for it
  chronology_type type = chronology_type::text;
  chronology_role role = chronology_role::other;
  bool required = false;  ///< every entry must fill it
  bool optional = false;  ///< the column may be left out of the file (`present: optional`)
  bool names = false;     ///< its text is searched for the board's known names
  std::vector<std::string> cite;
};

/// A board's chronology template and its rules.
class SCR_EXPORT chronology_format {
 public:
  /// Parses a format file's text; throws definition_error listing every
  /// problem at its line and column (`file` names the text in them).
  static chronology_format parse(std::string_view yaml, std::string_view file = "<format>");
  static chronology_format load(const std::filesystem::path& path);
  /// Every problem of the text; never throws.
  static std::vector<diagnostic> check(std::string_view yaml, std::string_view file = "<format>");
  /// A built-in format; input_error naming the known ids.
  static const chronology_format& builtin(std::string_view id);
  static std::vector<std::string> builtin_ids();

  const std::string& id() const noexcept { return id_; }
  int version() const noexcept { return version_; }
  const std::string& title() const noexcept { return title_; }
  const std::vector<std::string>& cite() const noexcept { return cite_; }
  const std::vector<chronology_column>& columns() const noexcept { return columns_; }
  /// "dd/mm/yy", "dd.mm.yyyy", ...; "HH:MM", "HHMM".
  const std::vector<std::string>& date_forms() const noexcept { return dates_; }
  const std::vector<std::string>& time_forms() const noexcept { return times_; }
  /// must: an entry without a time is an error; should: a warning.
  strength time_rule() const noexcept { return time_; }
  /// The time that stands for "not known" (Stockport's "00:00"), and the
  /// column that must then say why.
  const std::optional<std::string>& unknown_time() const noexcept { return unknown_time_; }
  const std::string& unknown_time_reason_in() const noexcept { return reason_in_; }
  /// Where entries without a time go among their day's entries when
  /// chronologies are merged: first or last (each flagged).
  bool untimed_first() const noexcept { return untimed_first_; }
  /// Entries dated outside the terms of reference's period.
  strength period_rule() const noexcept { return period_; }
  /// Whether columns the template does not have are refused.
  bool other_columns_refused() const noexcept { return other_columns_refused_; }
  /// Whether an entry with the child seen must say whether alone and whether
  /// their wishes were sought (nullopt: no such rule).
  const std::optional<strength>& seen_detail() const noexcept { return seen_detail_; }
  /// Whether the chronology ends with a summary of themes and learning.
  const std::optional<strength>& summary_rule() const noexcept { return summary_; }
  /// The columns the Learning Event copy leaves out.
  const std::vector<std::string>& learning_event_leaves_out() const noexcept { return leave_out_; }
  /// The YAML it was read from.
  const std::string& source() const noexcept { return source_; }

  const chronology_column* column(std::string_view id) const noexcept;
  /// The first column of that meaning, if any.
  const chronology_column* column_for(chronology_role role) const noexcept;

 private:
  friend class chronology_format_loader;
  std::string id_, title_, source_;
  int version_ = 1;
  std::vector<std::string> cite_, dates_, times_, leave_out_;
  std::vector<chronology_column> columns_;
  strength time_ = strength::should;
  std::optional<std::string> unknown_time_;
  std::string reason_in_;
  bool untimed_first_ = false;
  strength period_ = strength::must;
  bool other_columns_refused_ = true;
  std::optional<strength> seen_detail_, summary_;
};

// ---- what a review's chronologies are checked against ---------------------------

/// A person, place or body the chronologies name by acronym.
struct SCR_EXPORT acronym {
  std::string code;     ///< "M", "SW1", "GP"
  std::string kind;     ///< family, professional, place, school, agency, other
  std::string meaning;  ///< "mother", "allocated social worker" (never a name)
  friend bool operator==(const acronym&, const acronym&) = default;
};

struct SCR_EXPORT chronology_setup {
  chronology_format format;
  std::optional<date> period_from, period_to;  ///< the terms of reference's start and end
  std::vector<std::string> questions;          ///< terms of reference, numbered from 1
  std::vector<acronym> acronyms;
  /// Names the board knows (family members, professionals, schools, places):
  /// none may appear in an entry's text, where its acronym belongs.
  std::vector<std::string> known_names;

  static chronology_setup with_format(chronology_format f) {
    chronology_setup s{std::move(f), {}, {}, {}, {}, {}};
    return s;
  }
  /// Reads a setup file (docs/chronology.md, "Setting up a review"):
  /// `period: {from, to}`, `questions`, `acronyms: [{code, kind, meaning}]`,
  /// `known_names`, and `format` (a built-in id, or a format file relative to
  /// the setup file); what the file leaves out
  /// is taken from `base` (its format too), and without `base` the file
  /// must name the format. With `reference`, a file that names another
  /// review (`reference:`) is refused. input_error naming the file and line
  /// otherwise.
  static chronology_setup parse(std::string_view yaml, std::string_view file = "<setup>",
                                const chronology_setup* base = nullptr, std::string_view reference = {});
  static chronology_setup load(const std::filesystem::path& path, const chronology_setup* base = nullptr);
  const acronym* find_acronym(std::string_view code) const noexcept;
};

// ---- checking an agency's chronology ----------------------------------------------

/// A file's rows, before they are checked.
struct SCR_EXPORT chronology_cell {
  std::string text;            ///< as shown (a date cell "dd/mm/yyyy", a time "HH:MM")
  std::optional<date> day;     ///< a spreadsheet date cell
  std::optional<int> minutes;  ///< a spreadsheet time cell (minutes after midnight)
};
struct SCR_EXPORT chronology_table {
  std::string file;  ///< the file's name, for messages
  std::vector<std::vector<chronology_cell>> rows;  ///< row i is the file's row i + 1
};

/// Reads a CSV file (UTF-8 with or without BOM, or Windows-1252) or an XLSX
/// workbook (its first worksheet), told apart by content; input_error naming
/// the file when it is neither.
SCR_EXPORT chronology_table read_chronology(const std::filesystem::path& path);
SCR_EXPORT chronology_table read_chronology_bytes(std::string_view bytes, std::string_view file);

/// One problem: where, which rule, what to do.
struct SCR_EXPORT chronology_issue {
  severity level = severity::error;  ///< error: the chronology is refused; warning: accepted with it
  std::string rule;                  ///< "date-format": see docs/chronology.md
  std::size_t row = 0;               ///< the file's row (1-based; 0: the file as a whole)
  std::string column;                ///< the column's heading in the file, or ""
  std::string cell;                  ///< "C7", or ""
  std::string message;
  friend bool operator==(const chronology_issue&, const chronology_issue&) = default;
};

/// One entry of a chronology.
struct SCR_EXPORT chronology_entry {
  std::string agency;
  std::size_t row = 0;       ///< the row in the agency's file
  std::size_t position = 0;  ///< its place in the agency's chronology (0, 1, ...)
  date day;
  std::optional<int> minutes;  ///< time of day, when known
  /// One value per column of the format (by the format's column order), as
  /// normalised: dates "dd/mm/yyyy", times "HH:MM", yes/no "Y"/"N".
  std::vector<std::string> values;
  std::vector<std::string> subjects;  ///< the acronyms named (codes columns)
  std::vector<int> questions;         ///< terms of reference numbers
  std::optional<bool> seen, seen_alone, wishes;
  friend bool operator==(const chronology_entry&, const chronology_entry&) = default;
};

/// An agency's chronology as checked.
struct SCR_EXPORT agency_chronology {
  std::string agency;
  std::string format;  ///< the format's id
  int format_version = 1;
  std::vector<chronology_entry> entries;
  std::string summary;  ///< the summary of themes and learning at its end, if any
  /// The canonical form's SHA-256 (hex): what the audit chain records.
  std::string sha256() const;
  /// The canonical form: JSON of the format, the agency, the entries and the
  /// summary, in a fixed order.
  std::string canonical() const;
  static agency_chronology from_canonical(std::string_view json);
  friend bool operator==(const agency_chronology&, const agency_chronology&) = default;
};

struct SCR_EXPORT chronology_check {
  agency_chronology chronology;
  std::vector<chronology_issue> issues;  ///< by row, then column
  bool refused() const noexcept;         ///< any error
  std::size_t errors() const noexcept;
  std::size_t warnings() const noexcept;
  /// The return report for the agency: what was checked, then every
  /// problem with its row, column and rule, errors first.
  std::string report() const;
};

/// Checks an agency's file against the setup: the headings, every cell, the
/// acronyms, the period, the terms of reference, the known names. Never
/// throws for what is in the file: every problem is an issue.
SCR_EXPORT chronology_check check_chronology(const chronology_setup& setup, std::string_view agency,
                                             const chronology_table& table);

// ---- the multi-agency chronology --------------------------------------------------

/// All accepted agency chronologies in date and time order: entries of a day
/// without a time first or last in the day as the format says (flagged),
/// entries of one agency in the order it gave, agencies otherwise in order
/// of name.
class SCR_EXPORT multi_agency_chronology {
 public:
  /// input_error if two chronologies are of one agency, or one is not in
  /// this format (its id and version) with one value per column.
  multi_agency_chronology(chronology_format format, std::vector<agency_chronology> chronologies);
  multi_agency_chronology(const multi_agency_chronology& other);
  multi_agency_chronology& operator=(const multi_agency_chronology& other);
  multi_agency_chronology(multi_agency_chronology&&) noexcept = default;
  multi_agency_chronology& operator=(multi_agency_chronology&&) noexcept = default;
  ~multi_agency_chronology() = default;

  const chronology_format& format() const noexcept { return format_; }
  const std::vector<agency_chronology>& chronologies() const noexcept { return chronologies_; }
  /// Every entry, merged: pointers into this object (keep the object while
  /// they are used).
  const std::vector<const chronology_entry*>& entries() const noexcept { return merged_; }
  std::vector<std::string> agencies() const;

  struct filter {
    std::optional<date> from, to;
    std::optional<std::string> agency;   ///< compared ignoring case
    std::optional<std::string> subject;  ///< an acronym
    std::optional<int> question;         ///< a terms of reference number
  };
  /// The entries the filter lets through, merged: pointers into this object.
  std::vector<const chronology_entry*> select(const filter& f) const&;
  std::vector<const chronology_entry*> select(const filter& f) const&& = delete;

  /// Per agency and month: entries, and of them with the child seen, seen
  /// alone and wishes sought (those the format records).
  struct seen_count {
    std::string agency;
    int year = 0, month = 0;
    std::size_t entries = 0, seen = 0, seen_alone = 0, wishes = 0;
    friend bool operator==(const seen_count&, const seen_count&) = default;
  };
  std::vector<seen_count> seen_counts() const;

  /// Periods longer than `days` with no entry (of `agency`, or of any), from
  /// the period's start (or first entry) to its end (or last entry).
  struct gap {
    std::string agency;  ///< "" for all agencies together
    date from, to;       ///< the last entry before and the first after (or the period's ends)
    int days = 0;
    friend bool operator==(const gap&, const gap&) = default;
  };
  std::vector<gap> gaps(int days, std::optional<date> period_from = std::nullopt,
                        std::optional<date> period_to = std::nullopt,
                        const std::optional<std::string>& agency = std::nullopt) const;

  /// Known names found in the entries' text (what check_chronology does per
  /// agency, for the merged chronology): one issue per entry and name.
  std::vector<chronology_issue> unlisted_names(const std::vector<std::string>& known_names) const;

 private:
  chronology_format format_;
  std::vector<agency_chronology> chronologies_;
  /// The merge as (chronology, entry) indices; merged_ points into
  /// chronologies_ by them (a copy points into its own).
  std::vector<std::pair<std::uint32_t, std::uint32_t>> order_;
  std::vector<const chronology_entry*> merged_;
  void point();
};

// ---- exports ----------------------------------------------------------------------

enum class chronology_export : std::uint8_t { csv, json, html, xlsx };
SCR_EXPORT chronology_export parse_chronology_export(std::string_view name);

struct SCR_EXPORT chronology_export_options {
  /// The copy for a Learning Event: without the columns the format leaves
  /// out of it (Essex: the comments), colour-coded by agency.
  bool learning_event = false;
  /// HTML: "colour" (one table, rows colour-coded by agency) or "columns"
  /// (one column per agency).
  std::string layout = "colour";
  std::string title;  ///< the review's reference, for headings
};

/// The merged chronology in the board's format, with the agency and the
/// agency's own row for every entry. CSV cells that a spreadsheet would
/// take for a formula are written after a single quote; XLSX writes text as
/// text; HTML escapes everything it shows. JSON: docs/chronology.md.
SCR_EXPORT std::string export_chronology(const multi_agency_chronology& m, chronology_export as,
                                         const chronology_export_options& options = {});

}  // namespace scr
