#pragma once
// What is SQLite's in the store: its schema, version by version (each
// version's DDL migrates the one before; the store runs them in one
// transaction).

#include <string>
#include <string_view>

struct sqlite3;

namespace scr::stored {

/// The schema version this libscr writes (SQLite's user_version).
constexpr int sqlite_schema_version = 13;
/// PRAGMA application_id marks the file as a libscr store: "SCR1".
constexpr int sqlite_application_id = 0x53435231;

/// The DDL that takes a store from version `v - 1` to `v` (1 creates it).
const char* sqlite_schema_step(int v);
/// Registers what a step's SQL calls (scr_hash_bytes, for the step to 9).
void register_sqlite_migration_functions(sqlite3* db);

}  // namespace scr::stored
