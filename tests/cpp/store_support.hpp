#pragma once
// Shared by the store tests.

#include <string>

#include "scr/store.hpp"

/// Store options whose clock always says `t`: every write is dated then.
inline scr::store_options clock_at(scr::instant t) {
  scr::store_options o;
  o.clock = [t] { return t; };
  return o;
}

/// SQL that takes a store of schema 13 back to schema 12: no calendar
/// versions.
inline const std::string back_to_schema_12 = R"sql(
DROP TABLE calendar_versions;
PRAGMA user_version = 12;
)sql";

/// The same, back to schema 11: no index of the milestones that closed unmet.
inline const std::string back_to_schema_11 = back_to_schema_12 + R"sql(
DROP INDEX milestone_closed_unmet;
PRAGMA user_version = 11;
)sql";

/// The same, back to schema 10: no chronologies.
inline const std::string back_to_schema_10 = back_to_schema_11 + R"sql(
DROP TABLE chronologies;
DROP TABLE chronology_setups;
PRAGMA user_version = 10;
)sql";

/// The same, back to schema 9: a snapshot's bodies in its one blob (the
/// snapshots dropped: they are copies, taken again).
inline const std::string back_to_schema_9 = back_to_schema_10 + R"sql(
DROP TABLE snapshot_bodies;
DROP TABLE snapshots;
CREATE TABLE snapshots (
  reference TEXT PRIMARY KEY REFERENCES reviews (reference), sequence INTEGER NOT NULL, engine TEXT NOT NULL,
  context_hash TEXT NOT NULL, state BLOB NOT NULL, seal TEXT NOT NULL);
PRAGMA user_version = 9;
)sql";

/// The same, back to schema 8, as libscr wrote it before 9: each event's
/// actor in its row, no `actors`; hashes as hex, each row with the hash of
/// the one before.
inline const std::string back_to_schema_8 = back_to_schema_9 + R"sql(
DROP TABLE unlinked;
CREATE TABLE events_v7 (
  reference TEXT NOT NULL REFERENCES reviews (reference), sequence INTEGER NOT NULL, kind TEXT NOT NULL,
  name TEXT NOT NULL, agency TEXT NOT NULL, subject TEXT NOT NULL, at_us INTEGER NOT NULL,
  recorded_at_us INTEGER NOT NULL, actor_name TEXT NOT NULL, actor_role TEXT NOT NULL, actor_agency TEXT NOT NULL,
  payload TEXT NOT NULL, previous_hash TEXT NOT NULL, hash TEXT NOT NULL, corrects INTEGER NOT NULL DEFAULT 0,
  reason TEXT NOT NULL DEFAULT '', PRIMARY KEY (reference, sequence)) WITHOUT ROWID;
INSERT INTO events_v7 SELECT e.reference, e.sequence, e.kind, e.name, e.agency, e.subject, e.at_us, e.recorded_at_us,
  a.name, a.role, a.agency, e.payload,
  lag(lower(hex(e.hash)), 1, '') OVER (PARTITION BY e.reference ORDER BY e.sequence), lower(hex(e.hash)),
  e.corrects, e.reason FROM events e JOIN actors a USING (actor);
DROP TABLE events;
ALTER TABLE events_v7 RENAME TO events;
DROP TABLE actors;
CREATE TABLE ledger_v7 (
  position INTEGER PRIMARY KEY, kind TEXT NOT NULL, reference TEXT NOT NULL, sequence INTEGER NOT NULL,
  event_hash TEXT NOT NULL, context_hash TEXT NOT NULL, at_us INTEGER NOT NULL, note TEXT NOT NULL,
  previous TEXT NOT NULL, hash TEXT NOT NULL);
INSERT INTO ledger_v7 SELECT position, kind, reference, sequence, lower(hex(event_hash)), lower(hex(context_hash)),
  at_us, note, lag(lower(hex(hash)), 1, '') OVER (ORDER BY position), lower(hex(hash)) FROM ledger;
DROP INDEX ledger_by_reference;
DROP TABLE ledger;
ALTER TABLE ledger_v7 RENAME TO ledger;
CREATE INDEX ledger_by_reference ON ledger (reference, position);
PRAGMA user_version = 8;
)sql";

/// The same, back to schema 7: the projections' titles, owners and kinds in
/// every row, no `labels`. The tests of older schemas start from here.
inline const std::string back_to_schema_7 = back_to_schema_8 + R"sql(
DROP INDEX milestone_open_by_due;
CREATE TABLE milestone_projection_v7 (
  reference TEXT NOT NULL REFERENCES reviews (reference), milestone TEXT NOT NULL, agency TEXT NOT NULL,
  title TEXT NOT NULL, owner TEXT NOT NULL, kind TEXT NOT NULL, due TEXT, completed_on TEXT,
  waived INTEGER NOT NULL, provisional INTEGER NOT NULL, PRIMARY KEY (reference, milestone, agency)) WITHOUT ROWID;
INSERT INTO milestone_projection_v7 SELECT reference, milestone, agency, title, owner, kind, due, completed_on,
  waived, provisional FROM milestone_projection JOIN labels USING (label);
DROP TABLE milestone_projection;
ALTER TABLE milestone_projection_v7 RENAME TO milestone_projection;
CREATE INDEX milestone_open_by_due ON milestone_projection (due, reference, milestone, agency, title, owner,
  completed_on, waived) WHERE completed_on IS NULL AND waived = 0;
DROP INDEX obligation_open_by_due;
CREATE TABLE obligation_projection_v7 (
  reference TEXT NOT NULL REFERENCES reviews (reference), obligation TEXT NOT NULL, agency TEXT NOT NULL,
  occurrence INTEGER NOT NULL, title TEXT NOT NULL, owner TEXT NOT NULL, due TEXT, discharged_on TEXT,
  waived INTEGER NOT NULL, open_until TEXT,
  PRIMARY KEY (reference, obligation, agency, occurrence)) WITHOUT ROWID;
INSERT INTO obligation_projection_v7 SELECT reference, obligation, agency, occurrence, title, owner, due,
  discharged_on, waived, open_until FROM obligation_projection JOIN labels USING (label);
DROP TABLE obligation_projection;
ALTER TABLE obligation_projection_v7 RENAME TO obligation_projection;
CREATE INDEX obligation_open_by_due ON obligation_projection (due, reference, obligation, agency, occurrence,
  title, owner, discharged_on, waived, open_until) WHERE discharged_on IS NULL AND waived = 0;
DROP TABLE labels;
PRAGMA user_version = 7;
)sql";

/// SQL that gives event `sequence` of review `reference` another actor name
/// (a tampering: the actor's other events keep theirs).
inline std::string with_actor_name(const std::string& reference, int sequence, const std::string& name) {
  const std::string event = "reference = '" + reference + "' AND sequence = " + std::to_string(sequence);
  return "INSERT INTO actors (name, role, agency) SELECT '" + name +
         "', role, agency FROM actors WHERE actor = (SELECT actor FROM events WHERE " + event +
         ") ON CONFLICT DO NOTHING; UPDATE events SET actor = (SELECT a.actor FROM actors a, actors b WHERE a.name = '" + name +
         "' AND a.role = b.role AND a.agency = b.agency AND b.actor = (SELECT actor FROM events WHERE " + event +
         ")) WHERE " + event + ";";
}
