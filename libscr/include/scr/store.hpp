#pragma once
// -----------------------------------------------------------------------------
// scr/store.hpp: the durable event store, one SQLite file
// -----------------------------------------------------------------------------
//
// A review's events are its record: the store keeps them in SQLite (WAL mode),
// one row per event, and rebuilds a review by replaying them through the
// engine. Every write is one transaction: the events are checked by the engine
// first, then appended with the review's new sequence number, so nothing
// half-written is ever visible and nothing is applied twice.
//
//   scr::store db("reviews.db");
//   auto p = scr::procedure::builtin("solihull-2011-scr");
//   db.open_review(p, "Child Q", at, chair, {{"incident_at", incident}});
//   db.record("Child Q", "panel_convened", later, chair);
//   scr::review r = db.load("Child Q");
//
// Integrators who keep their own copy append with the sequence they last saw:
//
//   db.append("Child Q", 2, events);   // throws scr::concurrency_error if
//                                      // someone else wrote event 3 first
//
// Audit. Every event carries a SHA-256 hash of its content chained to the
// previous event's hash in the same review (HMAC-SHA-256 in a keyed store),
// and a ledger chains every write across the store. `verify` recomputes a
// review's chain, checks it against the ledger and rebuilds its projections;
// `verify_all` checks the whole store (see "audit" below).
//
// Procedures and calendars. The store keeps the YAML of every procedure
// version a review was opened under, so a review is always rebuilt under the
// version it was pinned to. Calendars are named: England and Wales is known;
// add others with `add_calendar` before loading reviews that use them.
//
// Retention. A closed review is kept for its procedure's `retention` (7 years
// by default) from the day it closed; `retention_due` lists those whose time
// is up and `purge` deletes one, leaving a tombstone.
//
// Schema versions. The schema version is SQLite's `user_version`. Opening a
// file migrates an older schema; a newer one than this library knows is
// refused with store_error, and nothing is written to it.

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "scr/calendar.hpp"
#include "scr/chronology.hpp"
#include "scr/date.hpp"
#include "scr/error.hpp"
#include "scr/export.hpp"
#include "scr/migration.hpp"
#include "scr/procedure.hpp"
#include "scr/review.hpp"

namespace scr {

/// The database cannot be used: it is corrupt, not a libscr store, of a newer
/// schema, or the disk refused a write. The message names the file.
class SCR_EXPORT store_error : public error {
 public:
  explicit store_error(const std::string& what);
};

/// Someone else appended to the review first: `expected()` is the sequence the
/// caller last saw, `actual()` the review's sequence now. Load and retry.
class SCR_EXPORT concurrency_error : public error {
 public:
  concurrency_error(std::uint64_t expected, std::uint64_t actual, const std::string& what);
  std::uint64_t expected() const noexcept { return expected_; }
  std::uint64_t actual() const noexcept { return actual_; }

 private:
  std::uint64_t expected_, actual_;
};

/// An event as stored: its sequence in the review (1, 2, ...), when it was
/// written, and its place in the hash chain (hex SHA-256).
struct SCR_EXPORT stored_event {
  std::uint64_t sequence = 0;
  review_event event;
  instant recorded_at;
  std::string previous_hash;
  std::string hash;
};

/// How store::migrate moves reviews.
struct SCR_EXPORT migration_options {
  /// For a state the new version lacks, the state the board expects in its
  /// place (scr/migration.hpp). Every entry must name a state of each version.
  state_mapping states;
  /// false (the default): a dry run, nothing written. true: every review is
  /// moved, all or none in one transaction.
  bool apply = false;
  /// The timetables compared are as of the end of this date; by default the
  /// store clock's date in London.
  std::optional<date> as_of;
};

/// A review whose due dates a new calendar version moves.
struct SCR_EXPORT calendar_moves {
  std::string reference;
  std::string state;    ///< its state now
  bool closed = false;  ///< it has closed: its compliance is judged again under the new version
  std::vector<deadline_change> deadlines;
};

/// What loading a new version of a calendar does, or would do
/// (store::update_calendar; rule 11 of docs/deadline-rules.md).
struct SCR_EXPORT calendar_update {
  std::string name, from_version, to_version;
  std::vector<holiday> added;    ///< holidays the new version has and the one in use had not
  std::vector<holiday> removed;  ///< and the reverse
  date from_confirmed, to_confirmed;  ///< confirmed_through before and after
  date as_of;                    ///< the timetables compared are as of the end of this date
  std::uint64_t reviews = 0;     ///< the reviews under the calendar (not void), each compared
  std::vector<calendar_moves> moved;  ///< those with a due date that moves, in the order opened
  /// What stops it: a review whose history the new version refuses.
  std::vector<std::string> problems;
  bool applied = false;
  bool ok() const noexcept { return problems.empty(); }
  /// The report as lines of text, as `scr calendar update` prints it.
  std::string to_string() const;
};

/// How store::update_calendar loads a version.
struct SCR_EXPORT calendar_update_options {
  bool apply = false;         ///< false (the default): a dry run, nothing written
  std::optional<date> as_of;  ///< default: the store clock's date in London
  /// The version in use `updated` was made from (the dry run's
  /// from_version): if another process has loaded a version since, the
  /// update is refused (input_error) rather than undo it.
  std::optional<std::string> expected_version;
};

/// A calendar version a store has loaded.
struct SCR_EXPORT calendar_version {
  std::string name, version;
  date confirmed_through;
  instant at;
  actor by;
  std::string reason;
};

/// The outcome of `verify`.
struct SCR_EXPORT verify_result {
  std::uint64_t events = 0;                    ///< events checked
  std::uint64_t corrections = 0;               ///< of which voided or amended events
  bool keyed = false;  ///< the chain is keyed (HMAC-SHA-256): it detects forgery, not only accidents
  std::optional<std::uint64_t> first_altered;  ///< the first event whose hash does not match
  /// Everything else found wrong, each named: the review's head against the
  /// store's ledger (events deleted, the procedure or calendar it runs under
  /// changed), and each projection row that differs from what its events give.
  std::vector<std::string> problems;
  std::string message;  ///< "12 events, hash chain intact, ..." or the first thing wrong
  bool ok() const noexcept { return !first_altered && problems.empty(); }
};

/// The head of the store's ledger: how many entries it has and the hash of
/// the last. Written down outside the file (a chair's monthly report), it
/// lets `verify_all` find a file rolled back to an earlier copy.
struct SCR_EXPORT ledger_head {
  std::uint64_t position = 0;  ///< entries in the ledger (0: none yet)
  std::string hash;            ///< the last entry's hash (hex)
  /// "POSITION:HASH", the form `scr audit head` prints and --expect-head reads.
  std::string text() const;
  /// Reads "POSITION:HASH"; input_error naming the text otherwise.
  static ledger_head parse(std::string_view text);
};

/// An entry of the ledger: one write to the store.
struct SCR_EXPORT ledger_entry {
  std::uint64_t position = 0;
  std::string kind;       ///< "events", "purged", "repaired", "imported" (store::import_reviews), "migrated"
                          ///< (store::migrate), "calendar" (a review under a new calendar version),
                          ///< "calendar-version" (the version loaded: `reference` is the calendar's name)
                          ///< or "adopted" (entered when the store was upgraded)
  std::string reference;  ///< the review
  std::uint64_t sequence = 0;  ///< the review's number of events after the write
  std::string event_hash;      ///< the hash of its last event then
  std::string context_hash;    ///< the hash of the procedure definition and calendar it ran under (of the
                               ///< tombstone, for a purge)
  instant at;
  std::string note;  ///< who and why, for purges, repairs and imports
  std::string hash;
};

/// The outcome of `verify_all`.
struct SCR_EXPORT store_verify_result {
  std::uint64_t reviews = 0, events = 0, tombstones = 0;
  bool keyed = false;
  ledger_head head;                   ///< the ledger's head as found
  std::vector<std::string> problems;  ///< everything found wrong, each named
  std::string message;                ///< a summary
  bool ok() const noexcept { return problems.empty(); }
};

/// The outcome of `store::import_reviews`.
struct SCR_EXPORT review_import {
  std::vector<std::string> references;  ///< the reviews imported (or that would be), in the file's order
  std::uint64_t events = 0;             ///< their events
  bool check_only = false;              ///< checked only: nothing was written
  /// The file's chains were checked as exported (SHA-256) and sealed again
  /// with this store's key (HMAC): the heads differ from the file's.
  bool resealed = false;
};

/// How store::import_reviews imports.
struct SCR_EXPORT import_options {
  bool check_only = false;  ///< check everything, write nothing
  /// Let a keyed store take an unkeyed file: its chains are checked as
  /// exported (SHA-256, which anyone can compute) and sealed again with the
  /// store's key. Refused without it.
  bool reseal = false;
  std::string source;  ///< names the file in messages and in the ledger's note
};

/// The outcome of `store::copy`: both stores verified after the copy.
struct SCR_EXPORT copy_result {
  store_verify_result from, to;  ///< the same counts and the same head when the copy is whole
  std::uint64_t rows = 0;        ///< rows copied, every table together
};

/// The outcome of `repair_projections`.
struct SCR_EXPORT repair_result {
  std::uint64_t reviews = 0;            ///< reviews checked
  std::vector<std::string> repaired;    ///< the references whose projections were rebuilt
  std::vector<std::string> differences; ///< each row that differed, as verify names it
};

/// A milestone or obligation occurrence that is open (not met, discharged or
/// waived) and due: a row of `overdue` and `due_between`.
struct SCR_EXPORT due_item {
  std::string reference;
  std::string kind;  ///< "milestone" or "obligation"
  std::string id, agency, title, owner;
  int occurrence = 1;
  date due;
  int days_overdue = 0;  ///< days past due as of `overdue`'s date (0 from `due_between`)
};

/// A review as the store lists it.
struct SCR_EXPORT review_summary {
  std::string reference, procedure_id;
  int procedure_version = 0;
  std::string state;
  bool closed = false;
  instant opened_at;
  std::optional<instant> closed_at;   ///< when it entered a terminal state
  std::optional<date> dispose_from;   ///< when its retention ends (closed reviews)
  std::uint64_t events = 0;
  bool voided = false;                ///< opened by mistake: its opening event is void
};

/// Which date puts a review in a compliance period.
enum class compliance_basis : std::uint8_t {
  opened,     ///< the day it was opened (the referral)
  decided,    ///< the day its decision milestone was met
  completed,  ///< the day its completion milestone was met
};

/// One item of a review's plan not yet done at the end of a day
/// (`store::progress`): a milestone overdue or outstanding at closure, or an
/// occurrence of an obligation open, pending, overdue or outstanding at
/// closure. Occurrences of a repeating obligation are those due by the day
/// and the first after it, as `review::obligations(as_of)` lists them.
struct SCR_EXPORT progress_item {
  std::string kind;  ///< "milestone" or "obligation"
  std::string id, agency;
  int occurrence = 1;
  std::string title, owner;
  std::string status;  ///< "overdue", "open" (no due date), "pending" or "outstanding at closure"
  std::optional<date> due;
  int days_late = 0;  ///< days from the due date to the day, when past it
  friend bool operator==(const progress_item&, const progress_item&) = default;
};

/// Where a review stood at the end of a day, for reports across reviews
/// (the monthly progress report).
struct SCR_EXPORT review_progress {
  review_summary summary;  ///< its state, and whether it had closed, as of the day
  std::string stage;       ///< the title of that state
  bool on_hold = false;
  std::optional<date> planned_completion;   ///< the completion milestone's date in force
  std::optional<date> original_completion;  ///< its date in the first plan (before extensions)
  bool completion_projected = false;        ///< the plan rests on steps not yet taken
  /// Ordered by due date (undated last), kind, id, agency and occurrence.
  std::vector<progress_item> items;
  std::vector<review_warning> warnings;
};

/// A review's decision or completion, as `review::compliance` gives it.
struct SCR_EXPORT headline_compliance {
  std::string reference;
  std::string headline;  ///< "decision" or "completion"
  std::string milestone;
  std::optional<date> due, original_due, completed_on;
  bool on_time = false, extended = false, breach = false;
  int days_late = 0;  ///< for a completed milestone
};

/// A closed review whose retention period has ended: a row of `retention_due`.
struct SCR_EXPORT retention_item {
  std::string reference, procedure_id;
  int procedure_version = 0;
  instant opened_at, closed_at;
  date dispose_from;  ///< the day it closed plus the procedure's retention
};

/// What is left of a purged review: who purged it, when and why, with the
/// last hash of its chain as evidence of what was deleted.
struct SCR_EXPORT tombstone {
  std::string reference, procedure_id;
  int procedure_version = 0;
  instant opened_at, closed_at;
  date dispose_from;
  std::uint64_t events = 0;
  std::string last_hash;
  instant purged_at;
  actor purged_by;
  std::string reason;
};

/// A login of a store on PostgreSQL mapped to a person it may act as, in a
/// role (and for an agency; empty: any), docs/deploying.md.
struct SCR_EXPORT login_grant {
  std::string login;
  actor as;
};

/// A chronology as imported (store::chronology_submissions).
struct SCR_EXPORT chronology_submission {
  std::string agency;
  int version = 0;     ///< 1, 2, ... for the agency
  std::string status;  ///< "accepted" or "returned"
  instant at;
  actor by;
  std::string file;
  std::size_t entries = 0;
  std::size_t errors = 0, warnings = 0;
  std::string sha256;  ///< of the entries as read
  std::string report;  ///< the check's report, as it went back to the agency
  std::uint64_t event = 0;  ///< the review's event recorded with it (0: none)
};

struct SCR_EXPORT store_options {
  /// The clock that dates each write (the "recorded" instant). Default: the
  /// system clock, in UTC.
  std::function<instant()> clock;
  /// How far past the clock an event's time may be (clock skew between the
  /// machine that typed it and the store's): anything later is refused as in
  /// the future.
  boost::posix_time::time_duration future_allowance = boost::posix_time::minutes(5);
  /// Create the file if there is none (`scr init`). Without it a missing or
  /// empty file is refused rather than turned into a store.
  bool create = true;
  /// Open for reading only: nothing is written (no migration, no pragma that
  /// writes), so a read-only copy or medium can be read.
  bool read_only = false;
  /// Allow a file on a network filesystem (NFS, SMB/CIFS), where SQLite's
  /// write-ahead log is unsafe. Refused by default.
  bool allow_network_filesystem = false;
  /// The store's key (what its key file holds), or empty. With a key the hash
  /// chain is HMAC-SHA-256: editing the file without the key cannot produce a
  /// chain that verifies. A store is keyed when it is created with a key, and
  /// is then refused for writing without it.
  std::string key;
  /// How many reviews a writer keeps in memory, rebuilt, with their
  /// projections: the ones it wrote last. A write to one of them reads
  /// neither its snapshot nor its projections back. At least one (the review
  /// being written) is kept; a writer that goes round more reviews than this
  /// takes each up from its snapshot again. Eight times as many keep only
  /// their projection rows (about 12 KB for a 100-event review), which a
  /// write to one of them then need not read back (docs/performance.md).
  std::size_t cached_reviews = 128;
};

/// A store of reviews: a SQLite file or a PostgreSQL database. One store
/// object is used by one thread at a time; threads that work in parallel
/// open one each (the file or database is shared safely between them).
class SCR_EXPORT store {
 public:
  /// Opens (or, with options.create, creates) the store `path` names: the
  /// SQLite file at that path, or, for a PostgreSQL connection URL
  /// (`postgresql://user@host/db`, with any of libpq's parameters, e.g.
  /// `?host=/run/postgresql&options=-csearch_path%3Dboard`), the store in
  /// the schema the login's search_path names on that server
  /// (docs/deploying.md). A URL's password is never shown in a message.
  explicit store(const std::string& path, store_options options = {});
  /// Whether `name` is a PostgreSQL connection URL rather than a file's path.
  static bool is_url(std::string_view name) noexcept;
  /// A store in memory, gone when the object is: for tests.
  static store in_memory(store_options options = {});

  /// A moved-from store may only be assigned to or destroyed.
  store(store&&) noexcept;
  store& operator=(store&&) noexcept;
  ~store();

  /// The schema version this library writes.
  static int schema_version() noexcept;
  /// Makes a new key file (256 random bits, mode 0600; refused if the file
  /// exists or is a symlink) and returns the key.
  static std::string create_key_file(const std::string& path);
  /// Reads a key file; store_error if it is missing, not a regular file,
  /// readable by anyone but its owner, or not a key.
  static std::string read_key_file(const std::string& path);
  /// The file's path, or the URL without its password.
  const std::string& path() const noexcept;

  /// Makes a calendar known by its name, for reviews whose procedure names
  /// it (for this process). input_error for a name the store keeps versions
  /// of (update_calendar): those come from the store.
  void add_calendar(const calendar& cal);
  /// The calendar the store's reviews use by that name: the last version
  /// loaded (update_calendar), else England and Wales or one added;
  /// input_error naming it otherwise.
  calendar calendar_named(std::string_view name) const;

  /// Opens a review under the procedure (its version is kept) and stores its
  /// opening event. Throws input_error if the reference is taken.
  review open_review(const procedure& p, std::string_view reference, instant at, const actor& by,
                     event_data data = {});
  /// Stores a review built in memory (review::open and its commands, each
  /// checked by the engine as it was made): its row and every event, recorded
  /// now, in one transaction. Returns its number of events. input_error if
  /// the reference is taken (or was purged), or its procedure's id and
  /// version are stored with another definition; nothing is written then.
  std::uint64_t add_review(const review& r);
  /// The review, rebuilt from its events. Throws input_error naming the
  /// reference if there is none.
  review load(std::string_view reference) const;
  bool contains(std::string_view reference) const;
  /// Every reference, in the order the reviews were opened.
  std::vector<std::string> references() const;
  /// The review's last sequence number (its number of events).
  std::uint64_t sequence(std::string_view reference) const;

  /// Loads the review, records the event through the engine, and appends it
  /// in one transaction. Returns the new sequence. The engine's errors pass
  /// through unchanged and nothing is written.
  std::uint64_t record(std::string_view reference, std::string_view event, instant at, const actor& by,
                       event_data data = {}, std::string_view agency = {});
  /// The other commands of `scr::review`, each loaded, checked and appended
  /// in one transaction like `record`; each returns the new sequence.
  std::uint64_t assign(std::string_view reference, std::string_view person, std::string_view role,
                       std::string_view agency, instant at, const actor& by,
                       std::vector<std::string> declarations = {}, std::string_view person_id = {});
  std::uint64_t schedule(std::string_view reference, std::string_view milestone, date on,
                         std::optional<time_of_day> time, instant at, const actor& by, std::string_view agency = {});
  std::uint64_t extend(std::string_view reference, std::string_view milestone, date new_due, std::string_view reason,
                       instant at, const actor& agreed_by, std::string_view agency = {});
  std::uint64_t hold(std::string_view reference, std::string_view reason, instant at, const actor& by);
  std::uint64_t release(std::string_view reference, instant at, const actor& by, std::string_view note = {});
  std::uint64_t discharge(std::string_view reference, std::string_view obligation, instant at, const actor& by,
                          std::string_view note = {}, std::string_view agency = {});
  /// Appends events checked by the engine, if the review's sequence is still
  /// `expected_sequence`; otherwise throws concurrency_error and writes
  /// nothing. Returns the new sequence.
  std::uint64_t append(std::string_view reference, std::uint64_t expected_sequence,
                       std::span<const review_event> events);

  // ---- migrating open reviews to another procedure version (docs/migrating-reviews.md) ----

  /// What moving each review to `to` does: its history replayed under `to`,
  /// every deadline that moves, every state and every event `to` does not
  /// accept. With `options.apply`, every review is moved in one transaction
  /// if none has a problem: `to` is stored (as open_review stores a
  /// procedure), a `migrated` event is appended to each review's chain, its
  /// row, projections and ledger entry ("migrated") follow it; otherwise
  /// rule_error (rule "migration") naming every problem, and nothing is
  /// written. `by.role` must be a corrections role of both versions
  /// (role_error). input_error for an unknown reference or a mapping naming
  /// an unknown state.
  std::vector<migration_report> migrate(const std::vector<std::string>& references, const procedure& to,
                                        const actor& by, std::string_view reason,
                                        const migration_options& options = {});
  /// The open reviews (not void, not closed) under a procedure version, in
  /// the order they were opened.
  std::vector<std::string> open_under(std::string_view procedure_id, int version) const;
  /// A procedure version the store holds (reviews run under it, or ran);
  /// input_error naming the versions it has otherwise.
  procedure stored_procedure(std::string_view id, int version) const;

  // ---- calendar versions (rule 11 of docs/deadline-rules.md) ----

  /// Loads a new version of a calendar the store knows by its name (England
  /// and Wales, or one added): `updated` (for England and Wales, typically
  /// `calendar_named(...).updated_with(gov.uk's file, version)`). Every
  /// review under the calendar is read again under it, and every due date
  /// that moves is reported. With `options.apply`, in one transaction: the
  /// version is kept in the store (every later open uses it), every such
  /// review's projections follow it, and the ledger gets an entry
  /// "calendar-version" for the calendar and one "calendar" for each review
  /// (its context hash covers the calendar version); rule_error (rule
  /// "calendar") naming every problem, with nothing written, otherwise.
  /// `by.role` must be a corrections role of every such review's procedure
  /// (role_error). input_error for a calendar of an unknown name, an empty
  /// reason, or a version the store already has.
  calendar_update update_calendar(const calendar& updated, const actor& by, std::string_view reason,
                                  const calendar_update_options& options = {});
  /// Every calendar version the store has loaded, in the order loaded.
  std::vector<calendar_version> calendar_versions() const;

  // ---- corrections (see scr::review): each one transaction, like record ----

  /// Voids events by sequence; voiding event 1 voids the whole review, which
  /// then leaves every list, report and projection (its events stay).
  std::uint64_t void_events(std::string_view reference, std::span<const std::uint64_t> sequences,
                            std::string_view reason, instant at, const actor& by);
  std::uint64_t amend(std::string_view reference, std::uint64_t sequence, std::optional<instant> occurred,
                      const event_data& changes, std::string_view reason, const actor& by);
  std::uint64_t waive(std::string_view reference, std::string_view item, std::string_view reason, instant at,
                      const actor& by, std::string_view agency = {}, int occurrence = 0);
  std::uint64_t unassign(std::string_view reference, std::string_view person, std::string_view role,
                         std::string_view reason, instant at, const actor& by, std::string_view agency = {},
                         std::string_view person_id = {});

  // ---- questions across reviews, answered from the projections ----
  //
  // Each write rewrites its review's projections in the same transaction:
  // every milestone's due date and completion, every obligation occurrence
  // (repeating ones up to 400 days past the review's last event), and the
  // decision and completion compliance. These queries read them through
  // indexes, without loading any review.
  //
  // As of means as of: a question about a date answers as the records stood
  // at the end of that day. A review with events in force after that date is
  // replayed to it (items met later are still open then, later events do not
  // count); the others are answered from the projections. Void reviews are
  // left out.

  /// Every open milestone and obligation due before `as_of`, by due date.
  std::vector<due_item> overdue(date as_of) const;
  /// Every open milestone and obligation due from `from` to `to` inclusive:
  /// as recorded so far, or as the records stood at the end of `as_of`.
  std::vector<due_item> due_between(date from, date to, std::optional<date> as_of = std::nullopt) const;
  /// `overdue` and `due_between` a row at a time, in the same order, with no
  /// list kept: for a list of any length written out as it is read. The
  /// item handed to `each` lives only for the call. The reviews that are
  /// replayed are read first, so one that cannot be read (damaged) stops the
  /// list before any row; a row found damaged, or a failure of the database
  /// (a disk error), ends it part-way, as a store_error. `each` runs inside
  /// the store's read transaction, which stays open until the list ends (a
  /// slow `each` holds it): it may read reviews, but not ask for another
  /// list of due items (std::logic_error) or write. What it throws ends the
  /// list and passes through unchanged.
  void each_overdue(date as_of, const std::function<void(const due_item&)>& each) const;
  void each_due_between(date from, date to, std::optional<date> as_of,
                        const std::function<void(const due_item&)>& each) const;
  /// The reviews, optionally only those in a state or under a procedure, as
  /// recorded so far or as of a date (reviews opened by then, in the state
  /// they were in). A state that no stored procedure has is an input_error
  /// with a suggestion.
  std::vector<review_summary> reviews(std::optional<std::string> state = std::nullopt,
                                      std::optional<std::string> procedure_id = std::nullopt,
                                      std::optional<date> as_of = std::nullopt) const;
  /// The reviews named, as `reviews` lists them (as recorded so far, or as
  /// of a date), in the order named and each once: a reference the store
  /// lacks, a void review and one opened after `as_of` are left out. Reads
  /// only their rows: for the reviews of a list of due items, where listing
  /// every review would cost more than the list.
  std::vector<review_summary> reviews_named(const std::vector<std::string>& references,
                                            std::optional<date> as_of = std::nullopt) const;
  /// The void reviews (opened by mistake), in the order they were opened.
  std::vector<review_summary> voided_reviews() const;
  /// Every review (not void) open at the end of `as_of`, and every review
  /// that closed from `closed_from` to `as_of`, in the order opened, as the
  /// records stood at the end of `as_of`. Read from the projections for the
  /// reviews whose records end by that day; the others are replayed.
  std::vector<review_progress> progress(date as_of, date closed_from) const;
  /// Decision and completion of every review whose opening (or decision, or
  /// completion) falls from `from` to `to` (dates in London), as recorded so
  /// far or as the records stood at the end of `as_of`.
  std::vector<headline_compliance> compliance(date from, date to, std::optional<date> as_of = std::nullopt,
                                              compliance_basis basis = compliance_basis::opened) const;

  // ---- retention ----
  //
  // A closed review's record is kept for its procedure's retention (7 years
  // unless the pack says otherwise, 001:650), counted from the day it closed.

  /// Closed reviews that may be disposed of on `as_of`: their retention ended
  /// on or before it. Oldest first.
  std::vector<retention_item> retention_due(date as_of) const;
  /// Deletes the review's events and projections in one transaction and
  /// leaves a tombstone. Refused (rule_error, rule "retention") while the
  /// review is open or its retention has not ended on the store clock's date
  /// in London; input_error if there is no such review or no reason. A void
  /// review may be purged at once, by a role that may correct its opening
  /// (the role that opened it, or the procedure's corrections roles).
  tombstone purge(std::string_view reference, const actor& by, std::string_view reason);
  /// Every purged review, in the order they were purged.
  std::vector<tombstone> tombstones() const;

  /// Who did what, when, and what they recorded.
  std::vector<stored_event> history(std::string_view reference) const;

  // ---- audit ----
  //
  // Each review's events are a hash chain; the ledger is one more chain
  // across the store, with an entry for every write (the review, its
  // sequence and last hash, the procedure and calendar it runs under). With
  // a key both are HMAC-SHA-256.

  /// Recomputes the review's hash chain, checks its head against the ledger,
  /// and rebuilds its projections from its events, naming every difference.
  verify_result verify(std::string_view reference) const;
  /// Verifies every review, the ledger's own chain, every tombstone, and that
  /// no review the ledger knows has gone. With `expected`, a head anchored
  /// earlier: the ledger must reach it, with the same hash there (a file
  /// rolled back to an earlier copy, or a rewritten ledger, does not).
  store_verify_result verify_all(const std::optional<ledger_head>& expected = std::nullopt) const;
  /// The ledger's head now.
  ledger_head head() const;
  /// The ledger's entries from `from` (1 is the first), at most `limit`.
  std::vector<ledger_entry> ledger(std::uint64_t from = 1, std::uint64_t limit = UINT64_MAX) const;
  /// Rebuilds every review's projections (and summary row) from its events
  /// where they differ, in one transaction, with a ledger entry ("repaired")
  /// naming who and why for each review changed. Refused (role_error) unless
  /// `by.role` is a corrections role of each changed review's procedure, and
  /// (store_error) while any review's events or head are damaged: a repair
  /// never hides damage.
  repair_result repair_projections(const actor& by, std::string_view reason);

  /// Copies the store `from` into a new, empty store `to` (an SQLite file,
  /// or a PostgreSQL URL, either way): every procedure, review, event with
  /// its hash, ledger entry, tombstone and projection, rows in the order they
  /// were added, in one transaction (nothing is left half-copied). A keyed
  /// store is copied with its key (options.key), and the copy keeps it. Both
  /// are verified afterwards; store_error if the copy does not verify with
  /// the same head. Snapshots and compiled procedures are not copied: they
  /// are derived, and taken again. input_error if `to` holds anything.
  static copy_result copy(const std::string& from, const std::string& to, const store_options& options = {});

  // ---- moving reviews between stores (docs/review-export.md) ----

  /// The reviews (every one, in the order opened, when `references` is
  /// empty; void reviews too) as a `libscr.reviews` JSON document: every
  /// event as stored, with the time it was recorded, its hash and its data
  /// exactly, and the definition of each procedure they run under.
  /// input_error naming a reference the store does not have. Chronologies
  /// and the ledger's other entries are not part of it.
  std::string export_reviews(const std::vector<std::string>& references = {}) const;
  /// Imports every review of such a document, all or none, in one
  /// transaction: each review's hash chain is checked as exported (the first
  /// event that does not match is named), every event goes through the
  /// engine again, and the procedure it runs under is stored (or must be the
  /// definition already stored under its id and version). A review whose
  /// reference the store has, or had (a tombstone), is refused. `by` must be
  /// a corrections role of each review's procedure. Each review imported
  /// gets a ledger entry "imported" naming `source`, the export and `by`;
  /// its events keep their times and, unless the store is keyed and the file
  /// is not (options.reseal), their hashes. A keyed file's seal covers its
  /// reviews' heads and procedures, so one cut short is refused. Events
  /// dated after the store's clock, recorded out of order, or recorded by
  /// someone the login may not act as (PostgreSQL: in practice the owner
  /// imports) are refused. With `check_only` nothing is written. input_error for a file that is not a review export
  /// (naming the place in it), the engine's own errors for an event it
  /// refuses.
  review_import import_reviews(std::string_view document, const actor& by, const import_options& options = {});

  // ---- agencies' chronologies (scr/chronology.hpp; docs/chronology.md) ----
  //
  // A review's chronologies are checked against its setup: the format its
  // procedure names (procedure.chronology) or one set here, the terms of
  // reference's period and questions, the acronym list and the board's known
  // names. Every row is sealed with the chain's key and named by a ledger
  // entry; verify finds one altered or deleted outside libscr.

  /// Sets what the review's chronologies are checked against from now on
  /// (chronologies already accepted stay accepted). input_error if there is
  /// no such review; role_error if `by` may not act (PostgreSQL).
  void set_chronology_setup(std::string_view reference, const chronology_setup& setup, instant at, const actor& by);
  /// The review's setup: the one set, or else the format its procedure names
  /// with nothing else; nullopt when neither.
  std::optional<chronology_setup> chronology_setup_of(std::string_view reference) const;

  /// Checks an agency's chronology against the review's setup. `by` is who
  /// submitted it (the agency's author: the procedure's submission event is
  /// theirs). Accepted (no error; warnings allowed): kept as the agency's
  /// next version, and the procedure's `chronology.submitted` event recorded
  /// on the agency's track (or the review, for a procedure without a
  /// track), in one transaction. Refused: nothing changes, unless
  /// `returned_by` (the administrator who sends it back) is given: then the
  /// return is kept (its report, not its entries) and, when the procedure
  /// names both, its `submitted` and `returned` events are recorded, so that
  /// the timetable shows the return. input_error if the review has no setup
  /// and its procedure names no format; the engine's errors (a track not yet
  /// commissioned, a role that may not submit, a state that does not allow
  /// it) leave nothing changed.
  chronology_check import_chronology(std::string_view reference, std::string_view agency,
                                     const chronology_table& table, instant at, const actor& by,
                                     const std::optional<actor>& returned_by = std::nullopt);
  /// Every chronology imported for the review, in the order of the times
  /// given for them (then agency and version).
  std::vector<chronology_submission> chronology_submissions(std::string_view reference) const;
  /// The agency's latest accepted chronology; input_error if it has none.
  agency_chronology accepted_chronology(std::string_view reference, std::string_view agency) const;
  /// The latest accepted chronology of every agency, merged.
  multi_agency_chronology merged_chronology(std::string_view reference) const;

  // ---- logins (a store on PostgreSQL; docs/deploying.md) ----
  //
  // Who acts is the database login: the login that created the store owns
  // and administers it; any other login sees the store's rows and writes
  // only as the people and roles it is mapped to here (row-level security
  // and triggers in the database hold it to that, whatever client it uses).
  // An SQLite file has no logins: who acts is what each call says, and
  // these throw input_error saying so.

  /// The login this store acts as; empty for an SQLite file.
  const std::string& login() const noexcept;
  /// Whether the login administers the store (always, for an SQLite file).
  bool administers() const noexcept;
  /// Maps `login` to the person and role (`as.agency` empty: any agency),
  /// and gives the login the rights a member needs. The administrator only.
  void grant_login(const std::string& login, const actor& as);
  /// Takes mappings back: the one given, or every one of the login; with the
  /// last goes every right it had on the store. Returns how many were taken.
  std::size_t revoke_login(const std::string& login, const std::optional<actor>& as = std::nullopt);
  /// The mappings: all of them for the administrator, a member's own for a member.
  std::vector<login_grant> logins() const;

 private:
  struct impl;
  explicit store(std::unique_ptr<impl> i);
  std::unique_ptr<impl> impl_;
};

}  // namespace scr
