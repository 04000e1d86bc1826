#pragma once
// The store's PostgreSQL backend (database.hpp), through libpq: writers
// take turns by a transaction-scoped advisory lock (the ledger is one chain
// across the store), each statement of a write sees every write committed
// before it took its turn (READ COMMITTED), and readers read one snapshot
// (REPEATABLE READ), blocking no writer.

#include <memory>
#include <string>
#include <string_view>

#include "database.hpp"

namespace scr::stored {

/// Whether `name` is a PostgreSQL connection URL (postgresql:// or
/// postgres://) rather than the path of an SQLite file.
bool is_postgresql_url(std::string_view name) noexcept;

/// The URL as it may be shown: without a password, in the URL or among
/// its parameters.
std::string shown_url(std::string_view url);

/// A connection to the database `url` names, waiting up to ten seconds for
/// another writer's turn.
std::unique_ptr<connection> open_postgresql(const std::string& url);

/// The name the server knows the connection's login by.
std::string postgresql_login(connection& c);

}  // namespace scr::stored
