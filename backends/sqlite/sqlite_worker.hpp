// SQLite, worker side: opens the database a worker was handed.
#pragma once

#include <optional>
#include <string>

#include "sqlite_connection.hpp"

namespace dbtest::backends {

// Opens `database` (the part of the URL after "sqlite:"). When `source` names
// a template file, the new database is first filled from it with the online
// backup API: that is how a worker makes its in-memory clone. The returned
// connection keeps an in-memory clone alive.
SqliteHandle open_sqlite_clone(const std::string& database, const std::optional<std::string>& source);

}  // namespace dbtest::backends
