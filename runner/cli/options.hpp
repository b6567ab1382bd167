// Everything a user can say on the command line, after validation.
#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "schedule/distribution.hpp"
#include "schedule/partition.hpp"

namespace dbtest::runner {

inline constexpr std::string_view kDbtestVersion = "0.1.0";

// `dbtest [OPTIONS] -- BINARY...` runs tests; `dbtest cleanup` removes what
// runs that are gone left on a server; `dbtest merge-reports` joins the
// reports of a partitioned run's parts.
enum class Command { run, cleanup, merge_reports, fill_pool };

// `dbtest merge-reports --junit-xml|--events|--durations-file OUT IN...`.
struct MergeRequest {
  enum class Kind { junit_xml, events, durations };
  Kind kind = Kind::junit_xml;
  std::filesystem::path output;
  std::vector<std::filesystem::path> inputs;
};

// What Bazel's test protocol asks of a test runner, from the variables Bazel
// sets (docs/ci.md). Empty when not run by Bazel.
struct BazelProtocol {
  // TEST_SHARD_STATUS_FILE: touched to say dbtest shards.
  std::optional<std::filesystem::path> shard_status_file;
};

// The environment variable that hands `dbtest fill-pool` the database URL,
// so that its password stays out of the process list.
inline constexpr const char* kPoolDatabaseUrlVariable = "DBTEST_POOL_DATABASE_URL";

// `dbtest fill-pool --template NAME --size N`, which a --keepdb run starts,
// detached, as it ends; not for people to type.
struct PoolRequest {
  std::string template_name;
  int size = 0;
};

struct Options {
  Command command = Command::run;
  PoolRequest pool;
  bool dry_run = false;  // cleanup: list only
  bool templates = false;  // cleanup: the kept templates instead of leftovers
  MergeRequest merge;    // merge-reports
  std::vector<std::filesystem::path> binaries;
  // --test-arg: arguments for every test binary, in the order given.
  std::vector<std::string> test_args;

  // Workers: a count, or nullopt for "auto" (usable CPUs).
  std::optional<int> parallel;
  Distribution dist = Distribution::suite;

  std::optional<std::string> backend;
  std::optional<std::string> database_url;
  std::string sqlite_mode = "memory";
  std::optional<std::filesystem::path> migrations;
  std::optional<std::string> migrate_cmd;
  std::vector<std::filesystem::path> migrate_inputs;  // files whose contents --migrate-cmd depends on
  bool keepdb = false;
  // How many kept templates of the application database stay (>= 1).
  int keep_templates = 3;
  // How many ready clones of the kept template a --keepdb run leaves for the
  // next (at most kMaxPoolSize); nullopt: as many as it had workers.
  std::optional<int> keep_pool;
  std::string test_db_name;
  std::string pg_clone_strategy;

  std::string filter;  // gtest filter syntax; empty runs everything
  // --serial PATTERNS: tests that run while no other test runs.
  std::string serial;
  // --group NAME:N=PATTERNS: at most `limit` of the matching tests at once.
  struct Group {
    std::string name;
    int limit = 1;
    std::string patterns;
  };
  std::vector<Group> groups;
  // --stage PATTERNS[@N], in order: every test of a stage ends before any
  // test of the next starts; `workers` 0 means as many as the run has.
  struct Stage {
    std::string patterns;
    int workers = 0;
  };
  std::vector<Stage> stages;
  // dbtest.toml's [[profile.NAME.overrides]], in order: for each of timeout,
  // retries and group, the first override whose filter matches a test and
  // has that key gives the test its own value, instead of --timeout,
  // --retries, or no group.
  struct TestOverride {
    std::string filter;
    std::optional<double> timeout_seconds;
    std::optional<int> retries;
    std::optional<std::string> group;  // a name in `groups`
  };
  std::vector<TestOverride> overrides;
  // --keep-going: later stages run even after a stage had a failure.
  bool keep_going = false;
  bool list_only = false;
  bool run_disabled = false;
  bool failfast = false;
  std::optional<double> timeout_seconds;
  // The whole run, discovery and migrations included.
  std::optional<double> run_timeout_seconds;
  // How long a binary may take to list its tests before dbtest gives up on it.
  double list_timeout_seconds = 60;

  std::map<std::string, std::string> signals;
  std::vector<std::string> expected_signals;

  bool verbose = false;
  int durations = 0;
  std::optional<std::filesystem::path> junit_xml;
  // --events: newline-delimited JSON of the run as it happens (docs/events.md).
  std::optional<std::filesystem::path> events;
  // --trace: the run in the Chrome trace event format (docs/trace.md).
  std::optional<std::filesystem::path> trace;
  std::filesystem::path state_dir = ".dbtest";
  // --partition KIND:I/N, or Bazel's and GoogleTest's shard variables: run
  // one part of the selection.
  std::optional<Partition> partition;
  // --durations-file: durations read instead of the state folder's, and
  // merged into after the run.
  std::optional<std::filesystem::path> durations_file;
  // Where the scratch folder goes instead of the temporary folder
  // (TEST_TMPDIR under Bazel).
  std::optional<std::filesystem::path> temp_dir;
  BazelProtocol bazel;
  // --slow-after: a test running this long is named, and again at each multiple.
  double slow_after_seconds = 60;
  // GITHUB_ACTIONS=true: failures are also printed as workflow annotations,
  // with file names relative to GITHUB_WORKSPACE.
  bool github_annotations = false;
  std::string github_workspace;
  std::uint64_t output_limit = 1u << 20;
  // Each worker starts in an empty working folder of its own.
  bool isolate_cwd = false;
  // --isolation test: every test starts on a fresh clone, from a stock of
  // pool_size (default twice the workers) made ahead.
  bool fresh_database_per_test = false;
  std::optional<int> pool_size;
  // Relaunches allowed after worker crashes before the run gives up.
  std::optional<int> max_worker_restarts;

  // Order and reruns (docs/hunting.md).
  bool reverse = false;
  // --shuffle: the seed's text as given, empty for a fresh seed; nullopt
  // without --shuffle.
  std::optional<std::string> shuffle;
  bool last_failed = false;
  bool failed_first = false;
  int repeat = 1;
  // --resume: run only what the last run, which did not finish, left without
  // a result, and report the whole run.
  bool resume = false;
  int retries = 0;
  // --warnings-as-errors: a test that called dbtest::warn() fails.
  bool warnings_as_errors = false;
  // --keep-failed-db: keep the clone of a worker whose test failed.
  bool keep_failed_db = false;
  // --check-clean[=report|reclone|fail]; empty when off.
  std::string check_clean;
  // Exactly these tests, in this order, on one fresh worker.
  std::vector<std::string> sequence;
  // --replay RUN:WORKER; RUN may be "last".
  std::optional<std::pair<std::string, int>> replay;
  // Hunts: the test whose failure is hunted.
  std::string bisect;
  std::string pair;
};

// What the command line asked for: a run, or an answer already printed.
struct ParsedCommandLine {
  std::optional<Options> options;  // empty: --help or --version was answered
  // One line each, for stderr after "dbtest: note: ": how GoogleTest's own
  // variables in dbtest's environment were applied (GTEST_FILTER as --filter).
  std::vector<std::string> notes;
};

// Parses argv; `environment` supplies DBTEST_PARALLEL and GoogleTest's
// variables (GTEST_FILTER, GTEST_REPEAT, ...), which are applied as their
// dbtest options or refused, and DBTEST_PROFILE. A profile of dbtest.toml
// (--config, or the nearest one in `working_folder` or above; the current
// folder when empty) supplies what neither sets (profile_defaults.hpp).
// Throws UsageError with a one-line message on bad input.
ParsedCommandLine parse_command_line(int argc, const char* const* argv,
                                     const std::map<std::string, std::string>& environment,
                                     const std::filesystem::path& working_folder = {});

// "auto", or a whole number of at least 1. Throws UsageError otherwise.
std::optional<int> parse_parallel(const std::string& text, const std::string& source);

}  // namespace dbtest::runner
