#pragma once
// What is SQLite's in the store: its schema, version by version (each
// version's DDL migrates the one before; the store runs them in one
// transaction), and how a hash is kept in a column (its 32 bytes).

#include <SQLiteCpp/SQLiteCpp.h>

#include <string>
#include <string_view>

namespace scr::stored {

/// The schema version this libscr writes (SQLite's user_version).
constexpr int sqlite_schema_version = 10;
/// PRAGMA application_id marks the file as a libscr store: "SCR1".
constexpr int sqlite_application_id = 0x53435231;

/// The DDL that takes a store from version `v - 1` to `v` (1 creates it).
const char* sqlite_schema_step(int v);
/// Registers what a step's SQL calls (scr_hash_bytes, for the step to 9).
void register_sqlite_migration_functions(SQLite::Database& db);

/// A hash as stored: the 32 bytes 64 lowercase hex digits stand for; any
/// other text (a value altered outside libscr) is kept as it is, so that
/// verify reports it rather than a migration or a write failing on it.
std::string hash_bytes(std::string_view hex);
/// A stored hash as 64 hex digits (a stored value of any other length or
/// type as its text: it was altered outside libscr, and matches no hash).
std::string hash_hex(const SQLite::Column& c);
/// Binds a hash given as hex digits as the bytes it is stored as.
void bind_hash(SQLite::Statement& q, int index, std::string_view hex);

}  // namespace scr::stored
