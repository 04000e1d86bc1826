#pragma once
// -----------------------------------------------------------------------------
// scr/migration.hpp: moving an open review to another version of its procedure
// -----------------------------------------------------------------------------
//
// A review runs under the procedure version it was opened under until it is
// migrated. A migration reads the review's whole history again under the new
// version: every deadline is computed again under the new rules (the point
// of it), every event the new version does not accept is named, and every
// state the review is in that the new version no longer has is named. The
// state is never set by hand: it is what the history gives under the new
// version. Where a state was renamed or removed, the board says which state
// it expects (a state mapping), and a migration the history contradicts is
// refused.
//
//   auto report = scr::plan_migration(r, v2, {}, today);   // nothing changes
//   if (report.ok()) r = scr::migrate(r, v2, {}, now, chair, "revised procedure");
//
// A store does both in one transaction (store::migrate), with the `migrated`
// event in the review's hash chain and a ledger entry
// (docs/migrating-reviews.md).

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "scr/date.hpp"
#include "scr/export.hpp"
#include "scr/procedure.hpp"
#include "scr/review.hpp"

namespace scr {

/// A deadline of a review that differs when the review is replayed under
/// another definition (scr::diff, a migration): matched by kind, id, agency
/// and occurrence.
struct SCR_EXPORT deadline_change {
  std::string kind, id, agency;  ///< as timetable_entry
  int occurrence = 1;
  /// "moved" (its due date), "added", "removed", or "rule" (the rule changed,
  /// the date did not).
  std::string change;
  std::optional<date> from, to;  ///< the due dates before and after
  std::string rule_from, rule_to;
  /// One line: "milestone rapid_review: due 2024-06-28 -> 2024-06-24",
  /// "obligation monitoring (Police) #2: added, due 2025-01-10 (3 months after ...)".
  std::string to_string() const;
  friend bool operator==(const deadline_change&, const deadline_change&) = default;
};

/// For a state of the old version, the state of the new version the board
/// expects a review in it to be in ("scoping" -> "terms_agreed").
using state_mapping = std::map<std::string, std::string, std::less<>>;

/// The state of the review itself (agency empty) or of one agency's track,
/// before and after.
struct SCR_EXPORT migration_state {
  std::string track;   ///< the track's id; empty for the review itself
  std::string agency;  ///< the track's agency
  std::string from;    ///< under the old version (empty: the track had not begun)
  std::string to;      ///< under the new version (empty: it has no such track, or it has not begun)
  bool gone = false;   ///< `from` is not a state of the new version
  std::optional<std::string> expected;  ///< the mapping's state for `from`, if it gives one
  friend bool operator==(const migration_state&, const migration_state&) = default;
};

/// An event of the history the new version does not accept.
struct SCR_EXPORT migration_refusal {
  std::uint64_t sequence = 0;  ///< its sequence in the history
  std::string message;         ///< the event, and why it does not apply
  friend bool operator==(const migration_refusal&, const migration_refusal&) = default;
};

/// What migrating one review does, or would do.
struct SCR_EXPORT migration_report {
  std::string reference;
  std::string from_id, to_id;
  int from_version = 0, to_version = 0;
  date as_of;  ///< the timetables compared are as of the end of this date
  /// Every deadline whose due date or rule the new version changes, added
  /// or removed (scr::compare_timetables).
  std::vector<deadline_change> deadlines;
  /// The review's state and each track's; those unchanged too.
  std::vector<migration_state> states;
  /// Every event the new version does not accept (none for a migration that
  /// can be applied).
  std::vector<migration_refusal> refused;
  /// What stops the migration, each named: refused events, a state the new
  /// version lacks with no mapping, a mapping the history contradicts.
  std::vector<std::string> problems;
  bool applied = false;        ///< written (store::migrate with apply)
  std::uint64_t sequence = 0;  ///< the migrated event's sequence, once applied
  bool ok() const noexcept { return problems.empty(); }
  /// The report as lines of text, as `scr review migrate` prints it.
  std::string to_string() const;
};

/// What migrating `r` to `to` would do: the history replayed under `to`,
/// every deadline as of the end of `as_of` compared, every state and event.
/// Changes nothing. input_error for a mapping that names a state the old
/// version lacks (as `from`) or the new one lacks (as its state).
SCR_EXPORT migration_report plan_migration(const review& r, std::shared_ptr<const procedure> to,
                                           const state_mapping& states, date as_of);

/// The review under `to`: its history replayed under it, and a `migrated`
/// event appended (at `at`, by `by`, for `reason`, with the mapping's
/// entries for the states it lacked). rule_error (rule "migration") naming
/// every problem plan_migration finds; role_error unless `by.role` is a
/// corrections role of both versions; rule_error for a closed or void review.
/// With `report`, plan_migration's report (as of `as_of`, by default the
/// date of `at` in London) is written there first, whether or not it moves.
SCR_EXPORT review migrate(const review& r, std::shared_ptr<const procedure> to, const state_mapping& states,
                          instant at, const actor& by, std::string_view reason, migration_report* report = nullptr,
                          std::optional<date> as_of = std::nullopt);

/// "ID@VERSION" of a procedure.
SCR_EXPORT std::string procedure_ref(const procedure& p);

}  // namespace scr
