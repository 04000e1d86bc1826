#pragma once
// The store's schema on PostgreSQL, for the backend that will use it: the
// same tables and columns as SQLite's at the same version (a test holds the
// two against each other on a real server), written for PostgreSQL:
// microsecond times as bigint, hashes and snapshots as bytea, numbered rows
// as identity columns, the order reviews and tombstones were added in as an
// `ordinal` column (SQLite's rowid: the one column SQLite's tables lack), text compared byte by byte (COLLATE "C", as SQLite
// compares it), the version and the application marker in store_meta
// instead of PRAGMAs. A store on PostgreSQL starts at this version: the
// migrations from older SQLite versions stay SQLite's.

#include <string>
#include <vector>

#include "sqlite_schema.hpp"

namespace scr::stored {

constexpr int postgresql_schema_version = 13;
static_assert(postgresql_schema_version == sqlite_schema_version,
              "the PostgreSQL schema follows SQLite's: change both together");

/// store_meta's 'application' value: the schema is a libscr store.
constexpr const char* postgresql_application = "SCR1";

/// The DDL that creates the store's tables and indexes in an empty schema.
/// Beyond SQLite's tables: `logins`, which login may act as which person
/// in which role (docs/deploying.md), and store_meta's 'owner', the login
/// that created the store and administers it.
std::string postgresql_schema();

/// The DDL, for the store in `schema` (quoted), that keeps a partnership's
/// store to its members: row-level security on every table (a login the
/// store does not map sees and changes no row), and triggers that refuse an
/// event or a purge by a person and role the login is not mapped to.
std::string postgresql_security(const std::string& schema);

/// The privileges a member login (quoted) is given on the store, and taken
/// back: to read it, add events and ledger entries (never change them), and
/// rewrite what is derived.
std::string postgresql_grant(const std::string& schema, const std::string& login);
/// A store of version `from` (10 or 11) to this libscr's: version 11 adds
/// the chronologies' tables and their rights for each member login (quoted),
/// version 12 the index of milestones that closed unmet. Run by its owner.
std::string postgresql_migration(const std::string& schema, const std::vector<std::string>& logins, int from);
std::string postgresql_revoke(const std::string& schema, const std::string& login);

}  // namespace scr::stored
