// What is SQLite's in the store (sqlite_schema.hpp).

#include "sqlite_schema.hpp"

#include <sqlite3.h>

#include <stdexcept>

#include "records.hpp"

namespace scr::stored {

namespace {

constexpr const char* schema_v1 = R"sql(
CREATE TABLE procedures (
  id         TEXT    NOT NULL,
  version    INTEGER NOT NULL,
  definition TEXT    NOT NULL,          -- the procedure as YAML (procedure::to_yaml)
  PRIMARY KEY (id, version)
);
CREATE TABLE reviews (
  reference         TEXT    PRIMARY KEY,
  procedure_id      TEXT    NOT NULL,
  procedure_version INTEGER NOT NULL,
  calendar          TEXT    NOT NULL,
  opened_at_us      INTEGER NOT NULL,
  sequence          INTEGER NOT NULL,   -- the number of events
  state             TEXT    NOT NULL,
  closed            INTEGER NOT NULL,
  FOREIGN KEY (procedure_id, procedure_version) REFERENCES procedures (id, version)
);
CREATE TABLE events (
  reference      TEXT    NOT NULL REFERENCES reviews (reference),
  sequence       INTEGER NOT NULL,
  kind           TEXT    NOT NULL,
  name           TEXT    NOT NULL,
  agency         TEXT    NOT NULL,
  subject        TEXT    NOT NULL,
  at_us          INTEGER NOT NULL,      -- microseconds since 1970-01-01T00:00:00Z
  recorded_at_us INTEGER NOT NULL,
  actor_name     TEXT    NOT NULL,
  actor_role     TEXT    NOT NULL,
  actor_agency   TEXT    NOT NULL,
  payload        TEXT    NOT NULL,      -- the event's data as JSON
  previous_hash  TEXT    NOT NULL,
  hash           TEXT    NOT NULL,
  PRIMARY KEY (reference, sequence)
) WITHOUT ROWID;
)sql";

// Version 2: projections of each review's milestones, obligations and headline
// compliance, rewritten in the transaction that writes its events, so that
// questions across reviews are answered from indexed tables.
constexpr const char* schema_v2 = R"sql(
CREATE TABLE milestone_projection (
  reference    TEXT    NOT NULL REFERENCES reviews (reference),
  milestone    TEXT    NOT NULL,
  agency       TEXT    NOT NULL,
  title        TEXT    NOT NULL,
  owner        TEXT    NOT NULL,
  kind         TEXT    NOT NULL,
  due          TEXT,                  -- ISO date, NULL while it has none
  completed_on TEXT,
  waived       INTEGER NOT NULL,
  provisional  INTEGER NOT NULL,
  PRIMARY KEY (reference, milestone, agency)
) WITHOUT ROWID;
CREATE INDEX milestone_open_by_due ON milestone_projection (due) WHERE completed_on IS NULL AND waived = 0;
CREATE TABLE obligation_projection (
  reference     TEXT    NOT NULL REFERENCES reviews (reference),
  obligation    TEXT    NOT NULL,
  agency        TEXT    NOT NULL,
  occurrence    INTEGER NOT NULL,
  title         TEXT    NOT NULL,
  owner         TEXT    NOT NULL,
  due           TEXT,
  discharged_on TEXT,
  waived        INTEGER NOT NULL,
  PRIMARY KEY (reference, obligation, agency, occurrence)
) WITHOUT ROWID;
CREATE INDEX obligation_open_by_due ON obligation_projection (due) WHERE discharged_on IS NULL AND waived = 0;
CREATE TABLE compliance_projection (
  reference    TEXT    NOT NULL REFERENCES reviews (reference),
  headline     TEXT    NOT NULL,      -- decision or completion
  milestone    TEXT    NOT NULL,
  due          TEXT,
  original_due TEXT,
  completed_on TEXT,
  on_time      INTEGER NOT NULL,
  extended     INTEGER NOT NULL,
  breach       INTEGER NOT NULL,
  days_late    INTEGER NOT NULL,
  PRIMARY KEY (reference, headline)
) WITHOUT ROWID;
CREATE INDEX reviews_by_state ON reviews (state, procedure_id);
)sql";

// Version 3: retention. A closed review carries the instant it closed and the
// day its record may be disposed of; a purged review leaves a tombstone.
constexpr const char* schema_v3 = R"sql(
ALTER TABLE reviews ADD COLUMN closed_at_us INTEGER;   -- NULL while open
ALTER TABLE reviews ADD COLUMN dispose_from TEXT;      -- ISO date, NULL while open
CREATE INDEX reviews_by_disposal ON reviews (dispose_from) WHERE dispose_from IS NOT NULL;
-- The open rows' indexes cover every column overdue and due_between read, so
-- those queries never visit the tables (twice as fast over 100,000 reviews).
DROP INDEX milestone_open_by_due;
CREATE INDEX milestone_open_by_due ON milestone_projection (due, reference, milestone, agency, title, owner,
  completed_on, waived) WHERE completed_on IS NULL AND waived = 0;
DROP INDEX obligation_open_by_due;
CREATE INDEX obligation_open_by_due ON obligation_projection (due, reference, obligation, agency, occurrence,
  title, owner, discharged_on, waived) WHERE discharged_on IS NULL AND waived = 0;
CREATE TABLE tombstones (
  reference         TEXT    PRIMARY KEY,
  procedure_id      TEXT    NOT NULL,
  procedure_version INTEGER NOT NULL,
  opened_at_us      INTEGER NOT NULL,
  closed_at_us      INTEGER NOT NULL,
  dispose_from      TEXT    NOT NULL,
  events            INTEGER NOT NULL,
  last_hash         TEXT    NOT NULL,  -- the chain's last hash: evidence of what was deleted
  purged_at_us      INTEGER NOT NULL,
  purged_by_name    TEXT    NOT NULL,
  purged_by_role    TEXT    NOT NULL,
  purged_by_agency  TEXT    NOT NULL,
  reason            TEXT    NOT NULL
);
)sql";

// Version 4: corrections. An event may correct an earlier one (voided,
// amended) and carry a reason (corrections, waivers, unassignments). A review
// may be void (opened by mistake). `last_event_on` is the London date of the
// last event in force: a query about an earlier date replays the review.
// The projections' `waived` column says why a row is not open: 1 waived,
// 2 outstanding at closure, 3 paused by a hold.
constexpr const char* schema_v4 = R"sql(
ALTER TABLE events ADD COLUMN corrects INTEGER NOT NULL DEFAULT 0;
ALTER TABLE events ADD COLUMN reason TEXT NOT NULL DEFAULT '';
ALTER TABLE reviews ADD COLUMN voided INTEGER NOT NULL DEFAULT 0;
ALTER TABLE reviews ADD COLUMN last_event_on TEXT;
-- The day through which a review's repeating obligations are projected, while
-- one still repeats (NULL when its projections are complete).
ALTER TABLE reviews ADD COLUMN projected_through TEXT;
CREATE INDEX reviews_by_last_event ON reviews (last_event_on);
CREATE INDEX reviews_voided ON reviews (reference) WHERE voided = 1;
-- The store's own facts: 'key_check', the HMAC of a fixed text under the
-- store's key, when it has one.
CREATE TABLE store_meta (name TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
CREATE INDEX reviews_by_projection_end ON reviews (projected_through) WHERE projected_through IS NOT NULL;
-- An obligation that continues after the review closed is open until then.
ALTER TABLE obligation_projection ADD COLUMN open_until TEXT;
DROP INDEX obligation_open_by_due;
CREATE INDEX obligation_open_by_due ON obligation_projection (due, reference, obligation, agency, occurrence,
  title, owner, discharged_on, waived, open_until) WHERE discharged_on IS NULL AND waived = 0;
)sql";

// Version 5: the ledger, one chain across the store (see ledger_hash).
constexpr const char* schema_v5 = R"sql(
CREATE TABLE ledger (
  position     INTEGER PRIMARY KEY,   -- 1, 2, ... with no gaps
  kind         TEXT    NOT NULL,      -- events, purged, repaired or adopted
  reference    TEXT    NOT NULL,      -- the review
  sequence     INTEGER NOT NULL,      -- its number of events after the write
  event_hash   TEXT    NOT NULL,      -- the hash of its last event then
  context_hash TEXT    NOT NULL,      -- its procedure definition and calendar (context_hash_of)
  at_us        INTEGER NOT NULL,      -- when
  note         TEXT    NOT NULL,      -- who and why, for purges and repairs
  previous     TEXT    NOT NULL,
  hash         TEXT    NOT NULL
);
CREATE INDEX ledger_by_reference ON ledger (reference, position);
)sql";

// Version 6: what libscr derives and keeps so that it need not derive it
// again on every open (docs/store.md, "Snapshots"). Both are copies, never
// the record: each is sealed (see seal_text) and used only when its seal, the
// engine that wrote it and what it was derived from all still agree; verify
// derives each again and compares.
constexpr const char* schema_v6 = R"sql(
-- A review's fold after its first `sequence` events (review_snapshot.cpp).
CREATE TABLE snapshots (
  reference    TEXT    PRIMARY KEY REFERENCES reviews (reference),
  sequence     INTEGER NOT NULL,
  engine       TEXT    NOT NULL,      -- the libscr and snapshot format that wrote it
  context_hash TEXT    NOT NULL,      -- its procedure definition and calendar (as in the ledger)
  state        BLOB    NOT NULL,
  seal         TEXT    NOT NULL       -- over the above and the hash of event `sequence`
);
-- A stored procedure in its parsed, validated form (procedure_codec.hpp).
CREATE TABLE compiled_procedures (
  id      TEXT    NOT NULL,
  version INTEGER NOT NULL,
  engine  TEXT    NOT NULL,
  form    BLOB    NOT NULL,
  seal    TEXT    NOT NULL,           -- over the above and the definition's hash
  PRIMARY KEY (id, version),
  FOREIGN KEY (id, version) REFERENCES procedures (id, version)
);
)sql";

// Version 7: what the monthly report needs of a review, projected, so that
// it reads rows instead of replaying every open review (docs/store.md,
// "Questions across reviews"): whether it is on hold, its completion milestone's date now
// and in the first plan, and its warnings.
constexpr const char* schema_v7 = R"sql(
ALTER TABLE reviews ADD COLUMN on_hold INTEGER NOT NULL DEFAULT 0;
ALTER TABLE reviews ADD COLUMN completion_due TEXT;            -- ISO date, NULL while it has none
ALTER TABLE reviews ADD COLUMN completion_original TEXT;       -- before extensions and dates set
ALTER TABLE reviews ADD COLUMN completion_projected INTEGER NOT NULL DEFAULT 0;
CREATE TABLE warning_projection (
  reference TEXT    NOT NULL REFERENCES reviews (reference),
  position  INTEGER NOT NULL,         -- 1, 2, ... in the order review::warnings gives
  kind      TEXT    NOT NULL,
  message   TEXT    NOT NULL,
  rule      TEXT    NOT NULL,
  level     TEXT    NOT NULL,
  cite      TEXT    NOT NULL,         -- a JSON array of citations
  at_us     INTEGER NOT NULL,
  PRIMARY KEY (reference, position)
) WITHOUT ROWID;
-- The reviews a report of a month reads: those open, and those closed since.
CREATE INDEX reviews_by_closure ON reviews (closed_at_us);
)sql";

// Version 8: the projections' titles, owners and kinds, which come from the
// procedure and repeat in every row, are kept once each in `labels` and
// referred to by number (docs/store.md, "The file"). Every row is carried
// over: a row whose label cannot be found stops the migration (NOT NULL).
constexpr const char* schema_v8 = R"sql(
CREATE TABLE labels (
  label INTEGER PRIMARY KEY,
  title TEXT    NOT NULL,
  owner TEXT    NOT NULL,
  kind  TEXT    NOT NULL,             -- the milestone's kind; '' for an obligation
  UNIQUE (title, owner, kind)
);
INSERT INTO labels (title, owner, kind)
  SELECT title, owner, kind FROM milestone_projection UNION SELECT title, owner, '' FROM obligation_projection;
DROP INDEX milestone_open_by_due;
CREATE TABLE milestone_projection_v8 (
  reference    TEXT    NOT NULL REFERENCES reviews (reference),
  milestone    TEXT    NOT NULL,
  agency       TEXT    NOT NULL,
  label        INTEGER NOT NULL REFERENCES labels (label),
  due          TEXT,                  -- ISO date, NULL while it has none
  completed_on TEXT,
  waived       INTEGER NOT NULL,
  provisional  INTEGER NOT NULL,
  PRIMARY KEY (reference, milestone, agency)
) WITHOUT ROWID;
INSERT INTO milestone_projection_v8
  SELECT m.reference, m.milestone, m.agency,
         (SELECT label FROM labels l WHERE l.title IS m.title AND l.owner IS m.owner AND l.kind IS m.kind),
         m.due, m.completed_on, m.waived, m.provisional
    FROM milestone_projection m;
DROP TABLE milestone_projection;
ALTER TABLE milestone_projection_v8 RENAME TO milestone_projection;
CREATE INDEX milestone_open_by_due ON milestone_projection (due, reference, milestone, agency, label,
  completed_on, waived) WHERE completed_on IS NULL AND waived = 0;
DROP INDEX obligation_open_by_due;
CREATE TABLE obligation_projection_v8 (
  reference     TEXT    NOT NULL REFERENCES reviews (reference),
  obligation    TEXT    NOT NULL,
  agency        TEXT    NOT NULL,
  occurrence    INTEGER NOT NULL,
  label         INTEGER NOT NULL REFERENCES labels (label),
  due           TEXT,
  discharged_on TEXT,
  waived        INTEGER NOT NULL,
  open_until    TEXT,
  PRIMARY KEY (reference, obligation, agency, occurrence)
) WITHOUT ROWID;
INSERT INTO obligation_projection_v8
  SELECT o.reference, o.obligation, o.agency, o.occurrence,
         (SELECT label FROM labels l WHERE l.title IS o.title AND l.owner IS o.owner AND l.kind = ''),
         o.due, o.discharged_on, o.waived, o.open_until
    FROM obligation_projection o;
DROP TABLE obligation_projection;
ALTER TABLE obligation_projection_v8 RENAME TO obligation_projection;
CREATE INDEX obligation_open_by_due ON obligation_projection (due, reference, obligation, agency, occurrence,
  label, discharged_on, waived, open_until) WHERE discharged_on IS NULL AND waived = 0;
)sql";

// Version 9: the events' actors are kept once each in `actors` and referred
// to by number; hashes are their 32 bytes, not 64 hex digits; an event or
// ledger entry no longer repeats the hash of the one before it (the chain is
// checked against that one's own; a row whose copy did not match is kept in
// `unlinked`, so verify still reports it). Every row is carried over with the
// same hashes: a row whose actor cannot be found stops the migration.
constexpr const char* schema_v9 = R"sql(
-- The rows whose stored hash of the row before did not name it when that
-- column was dropped: evidence of an alteration that verify keeps reporting.
CREATE TABLE unlinked (
  what      TEXT    NOT NULL,         -- event or ledger
  reference TEXT    NOT NULL,         -- the review ('' for the ledger)
  position  INTEGER NOT NULL,         -- the event's sequence, or the ledger entry's position
  PRIMARY KEY (what, reference, position)
) WITHOUT ROWID;
INSERT INTO unlinked
  SELECT 'event', e.reference, e.sequence FROM events e
    LEFT JOIN events p ON p.reference = e.reference AND p.sequence = e.sequence - 1
   WHERE e.previous_hash IS NOT coalesce(p.hash, '');
INSERT INTO unlinked
  SELECT 'ledger', '', l.position FROM ledger l LEFT JOIN ledger p ON p.position = l.position - 1
   WHERE l.previous IS NOT coalesce(p.hash, '');
CREATE TABLE actors (
  actor  INTEGER PRIMARY KEY,
  name   TEXT    NOT NULL,
  role   TEXT    NOT NULL,
  agency TEXT    NOT NULL,
  UNIQUE (name, role, agency)
);
INSERT INTO actors (name, role, agency) SELECT DISTINCT actor_name, actor_role, actor_agency FROM events;
CREATE TABLE events_v8 (
  reference      TEXT    NOT NULL REFERENCES reviews (reference),
  sequence       INTEGER NOT NULL,
  kind           TEXT    NOT NULL,
  name           TEXT    NOT NULL,
  agency         TEXT    NOT NULL,
  subject        TEXT    NOT NULL,
  at_us          INTEGER NOT NULL,      -- microseconds since 1970-01-01T00:00:00Z
  recorded_at_us INTEGER NOT NULL,
  actor          INTEGER NOT NULL REFERENCES actors (actor),
  payload        TEXT    NOT NULL,      -- the event's data as JSON
  hash           BLOB    NOT NULL,      -- SHA-256 (HMAC) of the event and the hash of the one before
  corrects       INTEGER NOT NULL DEFAULT 0,
  reason         TEXT    NOT NULL DEFAULT '',
  PRIMARY KEY (reference, sequence)
) WITHOUT ROWID;
INSERT INTO events_v8
  SELECT e.reference, e.sequence, e.kind, e.name, e.agency, e.subject, e.at_us, e.recorded_at_us,
         (SELECT actor FROM actors a WHERE a.name IS e.actor_name AND a.role IS e.actor_role
                                       AND a.agency IS e.actor_agency),
         e.payload, scr_hash_bytes(e.hash), e.corrects, e.reason
    FROM events e;
DROP TABLE events;
ALTER TABLE events_v8 RENAME TO events;
-- An actor no longer in any event is deleted with the review that had it (purge).
CREATE INDEX events_by_actor ON events (actor);
CREATE TABLE ledger_v8 (
  position     INTEGER PRIMARY KEY,   -- 1, 2, ... with no gaps
  kind         TEXT    NOT NULL,      -- events, purged, repaired or adopted
  reference    TEXT    NOT NULL,      -- the review
  sequence     INTEGER NOT NULL,      -- its number of events after the write
  event_hash   BLOB    NOT NULL,      -- the hash of its last event then
  context_hash BLOB    NOT NULL,      -- its procedure definition and calendar (context_hash_of)
  at_us        INTEGER NOT NULL,      -- when
  note         TEXT    NOT NULL,      -- who and why, for purges and repairs
  hash         BLOB    NOT NULL       -- over the above and the hash of the entry before
);
INSERT INTO ledger_v8
  SELECT position, kind, reference, sequence, scr_hash_bytes(event_hash), scr_hash_bytes(context_hash), at_us, note,
         scr_hash_bytes(hash)
    FROM ledger;
DROP INDEX ledger_by_reference;
DROP TABLE ledger;
ALTER TABLE ledger_v8 RENAME TO ledger;
CREATE INDEX ledger_by_reference ON ledger (reference, position);
)sql";

// Version 10: a snapshot keeps its events' bodies apart from its fold, in
// `snapshot_bodies`, so that a writer reads the fold alone and the few
// bodies a write needs from the events, and can take a snapshot of the fold
// often without writing the bodies again. Snapshots are copies: those of
// version 9 are dropped and taken again at each review's next write.
constexpr const char* schema_v10 = R"sql(
DROP TABLE snapshots;
CREATE TABLE snapshots (
  reference    TEXT    PRIMARY KEY REFERENCES reviews (reference),
  sequence     INTEGER NOT NULL,      -- the events it folds
  engine       TEXT    NOT NULL,      -- the libscr and snapshot format that wrote it
  context_hash TEXT    NOT NULL,      -- its procedure definition and calendar (as in the ledger)
  seal         TEXT    NOT NULL,      -- over the above, the fold, the bodies' count and hash, and event `sequence`'s hash
  bodies_count INTEGER NOT NULL,      -- the first events whose bodies snapshot_bodies holds (0: none apart)
  bodies_hash  BLOB    NOT NULL,      -- SHA-256 of snapshot_bodies.bytes (empty when none)
  state        BLOB    NOT NULL       -- the fold
);
-- The bodies of a review's first snapshots.bodies_count events (review_snapshot.cpp).
CREATE TABLE snapshot_bodies (
  reference TEXT PRIMARY KEY REFERENCES reviews (reference),
  bytes     BLOB NOT NULL
);
)sql";

// Version 11: agencies' chronologies (docs/chronology.md). What a review's
// are checked against (its format, terms of reference, acronyms and known
// names), and every chronology imported: accepted with its entries, or
// returned with the report that went back. Each row is sealed with the
// chain's key and named by a ledger entry, so verify finds one altered,
// deleted or put in outside libscr.
constexpr const char* schema_v11 = R"sql(
CREATE TABLE chronology_setups (
  reference    TEXT    PRIMARY KEY REFERENCES reviews (reference),
  setup        TEXT    NOT NULL,      -- JSON: the format (its YAML), period, questions, acronyms, known names
  at_us        INTEGER NOT NULL,
  actor_name   TEXT    NOT NULL,
  actor_role   TEXT    NOT NULL,
  actor_agency TEXT    NOT NULL,
  hash         BLOB    NOT NULL       -- the seal of the above; the ledger's entry names it
);
CREATE TABLE chronologies (
  reference    TEXT    NOT NULL REFERENCES reviews (reference),
  agency       TEXT    NOT NULL,      -- as the import named it
  version      INTEGER NOT NULL,      -- 1, 2, ... for the agency (its name compared ignoring case)
  status       TEXT    NOT NULL,      -- accepted or returned
  at_us        INTEGER NOT NULL,
  actor_name   TEXT    NOT NULL,
  actor_role   TEXT    NOT NULL,
  actor_agency TEXT    NOT NULL,
  file         TEXT    NOT NULL,      -- the file's name
  document     TEXT    NOT NULL,      -- its entries (agency_chronology::canonical); '' when returned
  sha256       BLOB    NOT NULL,      -- SHA-256 of the entries as read
  entries      INTEGER NOT NULL,      -- how many entries it has (as read, when returned)
  errors       INTEGER NOT NULL,      -- the check's errors and warnings
  warnings     INTEGER NOT NULL,
  report       TEXT    NOT NULL,      -- the check's report, as it went back to the agency
  event        INTEGER NOT NULL,      -- the review's event recorded with it (0: none)
  hash         BLOB    NOT NULL,      -- the seal of the above; the ledger's entry names it
  PRIMARY KEY (reference, agency, version)
);
)sql";

// Version 12: the milestones that closed unmet (waived = 2: outstanding when
// their review, or their agency's or action's track, closed), indexed, so that
// a report finds every one in one read of a small index rather than one query
// per open review.
constexpr const char* schema_v12 = R"sql(
CREATE INDEX milestone_closed_unmet ON milestone_projection (reference, milestone, agency, label, due)
  WHERE completed_on IS NULL AND waived = 2;
)sql";

// Version 13: the calendar versions a store has loaded (store::update_calendar).
// A review runs under its calendar's last version here, or, with none, the
// one libscr knows by that name.
constexpr const char* schema_v13 = R"sql(
CREATE TABLE calendar_versions (
  position     INTEGER PRIMARY KEY,   -- 1, 2, ... in the order loaded
  name         TEXT    NOT NULL,
  version      TEXT    NOT NULL,
  definition   TEXT    NOT NULL,      -- JSON: weekend, range, confirmed_through, every holiday
  at_us        INTEGER NOT NULL,
  actor_name   TEXT    NOT NULL,
  actor_role   TEXT    NOT NULL,
  actor_agency TEXT    NOT NULL,
  reason       TEXT    NOT NULL,
  UNIQUE (name, version)
);
)sql";

// scr_hash_bytes(text) in SQL, for the migration to 9.
void sql_hash_bytes(sqlite3_context* ctx, int, sqlite3_value** argv) {
  const auto* t = sqlite3_value_text(argv[0]);
  if (t == nullptr) {
    sqlite3_result_null(ctx);
    return;
  }
  const std::string b = hash_bytes(std::string_view(reinterpret_cast<const char*>(t),  // NOLINT: SQLite's text is bytes
                                                    static_cast<std::size_t>(sqlite3_value_bytes(argv[0]))));
  if (b.size() == 32) {
    sqlite3_result_blob(ctx, b.data(), 32, SQLITE_TRANSIENT);  // NOLINT: SQLite's own destructor constant
  } else {
    sqlite3_result_text(ctx, b.data(), static_cast<int>(b.size()), SQLITE_TRANSIENT);  // NOLINT
  }
}

}  // namespace

const char* sqlite_schema_step(int v) {
  switch (v) {
    case 1: return schema_v1;
    case 2: return schema_v2;
    case 3: return schema_v3;
    case 4: return schema_v4;
    case 5: return schema_v5;
    case 6: return schema_v6;
    case 7: return schema_v7;
    case 8: return schema_v8;
    case 9: return schema_v9;
    case 10: return schema_v10;
    case 11: return schema_v11;
    case 12: return schema_v12;
    case 13: return schema_v13;
    default: throw std::logic_error("no schema step to version " + std::to_string(v));
  }
}

void register_sqlite_migration_functions(sqlite3* db) {
  sqlite3_create_function_v2(db, "scr_hash_bytes", 1, SQLITE_UTF8 | SQLITE_DETERMINISTIC, nullptr,
                             sql_hash_bytes, nullptr, nullptr, nullptr);
}

}  // namespace scr::stored
