// The environment half of the master-worker contract: every DBTEST_ variable
// dbtest sets or reads, the line a linked binary prints when it is listed,
// and the one function that builds a worker's variables. docs/protocol.md
// describes the same for people.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace dbtest::protocol {

// Every variable below starts with this; a process dbtest starts sees only
// the DBTEST_ values dbtest gives it, none it inherited.
inline constexpr std::string_view kVariablePrefix = "DBTEST_";

// ---- set for every worker ------------------------------------------------
// kVersion: its presence makes dbtest::gtest_main a worker.
inline constexpr const char* kProtocolVariable = "DBTEST_PROTOCOL";
// The worker's slot, 1..worker count.
inline constexpr const char* kWorkerIdVariable = "DBTEST_WORKER_ID";
inline constexpr const char* kWorkerCountVariable = "DBTEST_WORKER_COUNT";
inline constexpr const char* kRunIdVariable = "DBTEST_RUN_ID";
// "sqlite", "postgresql" or "mysql".
inline constexpr const char* kBackendVariable = "DBTEST_BACKEND";
// The worker's own clone, password included. Also what --migrate-cmd migrates.
inline constexpr const char* kDatabaseUrlVariable = "DBTEST_DATABASE_URL";
// The same URL under the name frameworks and plain tests read.
inline constexpr const char* kPlainDatabaseUrlVariable = "DATABASE_URL";
// SQLite: the clone's file, for a plain binary (it opens a path).
inline constexpr const char* kSqlitePathVariable = "DBTEST_SQLITE_PATH";
// The worker ends itself when this process is gone.
inline constexpr const char* kMasterPidVariable = "DBTEST_MASTER_PID";
// Where the worker's stdout and stderr go between results.
inline constexpr const char* kCapturePathVariable = "DBTEST_CAPTURE_PATH";
// Bytes of output kept per test (head and tail).
inline constexpr const char* kOutputLimitVariable = "DBTEST_OUTPUT_LIMIT";
// SQLite: the template file a worker backs its in-memory clone up from.
inline constexpr const char* kSqliteSourceVariable = "DBTEST_SQLITE_SOURCE";
// SQLite, --keep-failed-db: where a worker writes its in-memory clone when a
// test failed, for the master to keep.
inline constexpr const char* kSqliteKeepPathVariable = "DBTEST_SQLITE_KEEP_PATH";

// ---- set for other processes dbtest starts -------------------------------
// A binary listed with --gtest_list_tests: a linked one prints the marker.
inline constexpr const char* kDiscoverVariable = "DBTEST_DISCOVER";
// --migrate-cmd: the file its key=value lines go to, for dbtest::signal().
inline constexpr const char* kSignalFileVariable = "DBTEST_SIGNAL_FILE";

// ---- read by dbtest itself -----------------------------------------------
// The default of --parallel.
inline constexpr const char* kParallelVariable = "DBTEST_PARALLEL";
// The profile of dbtest.toml to use when --profile names none.
inline constexpr const char* kProfileVariable = "DBTEST_PROFILE";

// The first line a binary linked with dbtest::gtest_main prints when it is
// listed under kDiscoverVariable: "dbtest-worker-protocol 2". It tells such a
// binary apart from any other program, and names the protocol it speaks.
inline constexpr std::string_view kWorkerMarker = "dbtest-worker-protocol";
std::string worker_marker_line(int version);
// The version a marker line names; nullopt for any other line.
std::optional<int> parse_worker_marker(std::string_view line);

// What every worker of one run is told alike.
struct RunFacts {
  std::string run_id;
  int worker_count = 1;
  std::string backend;
  std::int64_t master_pid = 0;
  std::uint64_t output_limit = 1u << 20;
};

// What one worker process is told of its own.
struct WorkerFacts {
  int slot = 1;
  std::string database_url;
  // The engine's own variables for this clone (kSqliteSourceVariable, libpq's
  // PG* variables).
  std::map<std::string, std::string> engine_variables;
  std::string capture_path;
  // Linked with dbtest::gtest_main: it gets the variables that make it a
  // worker. A plain binary gets the database and the folders alone.
  bool linked = true;
  // The worker's own temp folder: TEST_TMPDIR (GoogleTest's TempDir()),
  // TMPDIR, TMP and TEMP.
  std::string temp_dir;
};

// Every DBTEST_ variable a worker starts with, DATABASE_URL (the clone too,
// under the name many frameworks read), the temp folder variables, and the
// engine's own variables for its clone (PostgreSQL's PGHOST, PGPORT, PGUSER,
// PGDATABASE and PGPASSWORD, so code that connects with libpq's defaults
// reaches the clone; MySQL's MYSQL_HOST, MYSQL_TCP_PORT, MYSQL_UNIX_PORT).
std::map<std::string, std::string> worker_environment(const RunFacts& run, const WorkerFacts& worker);

}  // namespace dbtest::protocol
