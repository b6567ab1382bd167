// SQLite, worker side: opens the database a worker was handed, and serves
// dbtest::sqlite() and TransactionalTest from it. Part of the core fixture
// library, so every test binary can open SQLite clones.
#pragma once

#include <memory>
#include <optional>
#include <string>

#include "backends/worker_database.hpp"
#include "sqlite_connection.hpp"

namespace dbtest::backends {

// Opens `database` (the part of the URL after "sqlite:"). When `source` names
// a template file, the new database is first filled from it with the online
// backup API: that is how a worker makes its in-memory clone. The returned
// connection keeps an in-memory clone alive.
SqliteHandle open_sqlite_clone(const std::string& database, const std::optional<std::string>& source);

// The worker engine "sqlite": the clone named by the location's URL, filled
// from DBTEST_SQLITE_SOURCE when the master set it.
std::unique_ptr<WorkerDatabase> open_sqlite_worker_database(const WorkerLocation& location);

}  // namespace dbtest::backends
