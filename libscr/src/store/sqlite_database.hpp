#pragma once
// The store's SQLite backend (database.hpp): one file, writers in turn by
// SQLite's write lock (BEGIN IMMEDIATE), readers on a snapshot of the
// write-ahead log.

#include <memory>
#include <string>

#include "database.hpp"

struct sqlite3;

namespace scr::stored {

/// How an SQLite store is opened.
enum class sqlite_open { read_only, read_write, create };

/// A connection to the SQLite file at `path` (":memory:" for a database in
/// memory), waiting up to ten seconds for another writer's lock.
std::unique_ptr<connection> open_sqlite(const std::string& path, sqlite_open how);

/// The SQLite handle of a connection open_sqlite gave (for what only SQLite
/// has: its pragmas are plain SQL, its functions are not).
sqlite3* sqlite_handle(connection& c);

}  // namespace scr::stored
