// The interface every engine implements, worker side: inside a test process,
// the clone that process was handed, open. It is also the contract between
// the fixture library, which owns this process's one open database, and the
// engines' worker libraries, which know how to open and use one.
//
// SQLite's worker side is part of the core fixture library. Any other engine
// has a library of its own (dbtest::postgres, dbtest::mysql) that registers
// itself when a file of the test binary includes the engine's public header,
// so neither fixtures/ nor this file changes when an engine is added.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace dbtest::backends {

// Where this process's database is: DBTEST_DATABASE_URL (empty when it is not
// set) and the environment, for the engine's own variables.
struct WorkerLocation {
  std::string database_url;
  std::function<std::optional<std::string>(const char* name)> variable;
};

class WorkerDatabase {
 public:
  virtual ~WorkerDatabase() = default;
  // Around every test of a dbtest::TransactionalTest: opens a transaction,
  // then rolls back whatever the test left of it. Either may throw what the
  // engine's library throws; TransactionalTest reports it.
  virtual void begin_test_transaction() = 0;
  virtual void roll_back_test_transaction() = 0;
  // Around the same tests, unless the fixture opts out: where the counters
  // that hand out ids stand (PostgreSQL's sequences, MySQL's AUTO_INCREMENT),
  // and, after the rollback, setting back those the test advanced, since a
  // rollback does not. SQLite's counters are rolled back with the rows.
  virtual void note_id_counters() {}
  virtual void restore_id_counters() {}
  // --keep-failed-db, after a failed test: commits what the test did, so the
  // kept database shows it, and writes the database where the master keeps
  // it if it would otherwise die with this process (SQLite in memory).
  virtual void commit_test_transaction() = 0;
  virtual void save_for_keeping() {}
  // --check-clean, after every test: the rows of each table of the
  // application's schema, by table name. In as few round trips as the
  // engine allows.
  virtual std::map<std::string, std::int64_t> row_counts() = 0;
  // A number that changes whenever this connection changed a row, where the
  // engine keeps one for free (SQLite): unchanged, nothing can differ, and
  // row_counts() is not needed. nullopt: always count.
  virtual std::optional<std::int64_t> change_counter() { return std::nullopt; }
};

// Opens the clone at `location`. Throws dbtest::Error saying what failed,
// with any password masked.
using WorkerDatabaseOpener = std::unique_ptr<WorkerDatabase> (*)(const WorkerLocation& location);

// Makes `engine` ("postgresql", as DBTEST_BACKEND names it) openable in this
// process. Called while statics are initialised; registering one twice is
// harmless. Returns true, for use in an initialiser.
bool register_worker_engine(std::string_view engine, WorkerDatabaseOpener open);

// The opener of `engine`; nullptr when this binary does not link that
// engine's worker side.
WorkerDatabaseOpener find_worker_engine(std::string_view engine);

// This process's database, opened on first use, for an engine's typed
// accessor (`caller`, "dbtest::postgres()"). Throws dbtest::Error when the
// run's engine is not `engine`. Defined by the fixture library.
WorkerDatabase& this_process_database(std::string_view engine, std::string_view caller);

}  // namespace dbtest::backends
