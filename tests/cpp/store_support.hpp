#pragma once
// Shared by the store tests.

#include "scr/store.hpp"

/// Store options whose clock always says `t`: every write is dated then.
inline scr::store_options clock_at(scr::instant t) {
  scr::store_options o;
  o.clock = [t] { return t; };
  return o;
}

/// SQL that takes a store of schema 8 back to schema 7, as libscr 7 wrote it:
/// the projections' titles, owners and kinds in every row, no `labels`.
/// The tests of older schemas start from here.
inline constexpr const char* back_to_schema_7 = R"sql(
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
