#pragma once
// Loading many reviews' steps from one table (docs/bulk-load.md): a board's
// tracking spreadsheet migrated in one go, or each month's steps added from
// it. Each row is one step of one review; each review is loaded all or
// nothing, every step checked by the engine as if recorded by hand.
//
//   scr::store db("board.db");
//   const auto result = scr::load_steps(db, file_bytes, "tracker.xlsx");
//   for (const auto& r : result.reviews)
//     std::cout << r.reference << (r.loaded ? " loaded" : " refused: " + r.error) << '\n';

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "scr/export.hpp"
#include "scr/procedure.hpp"
#include "scr/store.hpp"

namespace scr {

/// What happened to one review of the table.
struct SCR_EXPORT loaded_review {
  std::string reference;
  std::vector<std::size_t> rows;  ///< its rows in the file (the header is row 1), in order
  bool opened = false;            ///< the table opens it (it was not in the store)
  bool loaded = false;            ///< all its rows were recorded (or, checking only, would be)
  /// Rows of a stored review that it has recorded already (the same event at
  /// the same time by the same person and role, for the same agency), left
  /// out: a table loaded again adds only what is new.
  std::size_t skipped = 0;
  std::uint64_t events_before = 0;  ///< its events in the store before (0 for a review the table opens)
  std::uint64_t events_after = 0;   ///< and after (as before when refused)
  /// Why it was refused, naming the row and column: "row 14, column 'at':
  /// '31/02/2024 10:00' is not a date ...". Empty when loaded.
  std::string error;
};

/// The outcome of load_steps: every review the table names, in the order of
/// their first rows.
struct SCR_EXPORT step_load {
  std::vector<loaded_review> reviews;
  bool check_only = false;  ///< nothing was written
  std::size_t loaded() const noexcept;
  std::size_t refused() const noexcept;
};

struct SCR_EXPORT step_load_options {
  /// Check every row and write nothing.
  bool check_only = false;
  /// The procedure a review's `procedure` cell names (for a review the
  /// table opens). Default: a built-in pack by its id (procedure::builtin).
  std::function<procedure(const std::string&)> procedure_named;
};

/// Loads the steps in a table: CSV (UTF-8 or Windows-1252, separated by
/// commas, semicolons or tabs) or the first worksheet of an XLSX workbook,
/// given as the file's bytes; `source` names it in messages. The columns
/// (docs/bulk-load.md), found by their headers in any order, case, spacing
/// or punctuation: `reference`, `event`, `at` (or `occurred at`: London
/// time such as 15/01/2024 09:00, an ISO time with its offset, or a date and
/// time cell), `actor` and `role` are required; `procedure` (for a review
/// the table opens), `actor agency` and `agency` (the agency whose track a
/// step addresses) are optional; every other column is a data field of the
/// event by its header, a blank cell leaving it out. A review in the store
/// gets its rows after its events (rows it has recorded already are skipped);
/// any other review's first row must be its procedure's opening event. Each review is loaded in one transaction, all
/// its rows or none; the other reviews are loaded whatever happens to it.
/// input_error naming the file for a table that cannot be read or lacks a
/// required column (nothing is loaded then).
SCR_EXPORT step_load load_steps(store& db, std::string_view bytes, std::string_view source,
                                const step_load_options& options = {});

}  // namespace scr
