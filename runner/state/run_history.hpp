// What ran where: for each of the last few runs, the exact sequence of tests
// every worker process ran on its clone. A test that fails only after certain
// others is hunted from this: the tests that shared its database before it
// are the suspects.
//
// Kept in the state folder as one JSON file per run, <state>/runs/<id>.json,
// each written atomically. A file that cannot be read is reported as a
// warning and skipped, never fatal.
#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "schedule/outcome.hpp"

namespace dbtest::runner {

struct RanTest {
  int binary = 0;  // index into RunRecord::binaries
  std::string name;  // full name, "Suite.Test"
  Outcome outcome = Outcome::passed;

  friend bool operator==(const RanTest&, const RanTest&) = default;
};

// One worker process: one fresh clone, and the tests it ran, in order. Tests
// of two processes never shared a database, even on the same slot.
struct WorkerProcess {
  std::vector<RanTest> tests;

  friend bool operator==(const WorkerProcess&, const WorkerProcess&) = default;
};

// One worker slot over the whole run: the processes it started, in order. A
// slot starts a new process after a crash or a timeout, and to run another
// binary.
struct SlotHistory {
  int slot = 0;
  std::vector<WorkerProcess> processes;

  friend bool operator==(const SlotHistory&, const SlotHistory&) = default;
};

struct RunRecord {
  std::string id;          // the run id; also the file name, so letters, digits, '-' and '_' only
  std::string started_at;  // UTC, ISO 8601 with milliseconds: utc_timestamp()
  // What is needed to run the same tests in the same order again.
  std::vector<std::string> binaries;  // stable keys (Selection::binary_keys); RanTest::binary indexes these
  std::string backend;                // Backend::name()
  std::string distribution = "suite"; // "suite" or "test": the shuffle's unit keys depend on it
  std::string order = "planned";      // to_string(OrderMode)
  std::optional<std::uint64_t> seed;  // with order "shuffle"
  bool failed_first = false;
  std::vector<SlotHistory> slots;  // by slot number

  // Recording, in the order the scheduler reports: a worker said hello on
  // `slot`, and a test finished there (suite errors are not tests and are not
  // recorded). A test reported before any worker start on its slot opens a
  // process of its own.
  void record_worker_start(int slot);
  void record_test(int slot, int binary, std::string name, Outcome outcome);

  friend bool operator==(const RunRecord&, const RunRecord&) = default;
};

struct OutcomeCounts {
  int passed = 0;
  int failed = 0;
  int skipped = 0;
  int crashed = 0;
  int timed_out = 0;

  friend bool operator==(const OutcomeCounts&, const OutcomeCounts&) = default;
};

struct RunSummary {
  std::string id;
  std::string started_at;
  OutcomeCounts counts;
};

OutcomeCounts count_outcomes(const RunRecord& record);

// "2024-05-01T09:03:07.250Z". Fixed width, so later times sort after earlier ones as text.
std::string utc_timestamp(std::chrono::system_clock::time_point when);

// The runs/ folder of a state folder.
class RunHistory {
 public:
  static constexpr int kDefaultKeep = 10;

  explicit RunHistory(const std::filesystem::path& state_dir, int keep = kDefaultKeep);

  // Writes the run's file, then deletes the oldest runs by start time so
  // that `keep` remain; files that cannot be read count as the oldest.
  // Throws InfrastructureError when the file cannot be written,
  // and UsageError for an id that is not a plain file name.
  void save(const RunRecord& record) const;

  // nullopt, with `warning` set, when the run's file is missing or unreadable.
  std::optional<RunRecord> load(std::string_view id, std::string& warning) const;
  // The run that started last; nullopt when there is none.
  std::optional<RunRecord> load_latest(std::vector<std::string>& warnings) const;
  // Every readable run, newest first.
  std::vector<RunRecord> load_all(std::vector<std::string>& warnings) const;
  // Every readable run, newest first, without its sequences.
  std::vector<RunSummary> list(std::vector<std::string>& warnings) const;

  const std::filesystem::path& dir() const { return dir_; }

 private:
  std::filesystem::path file_of(std::string_view id) const;
  std::filesystem::path dir_;
  int keep_;
};

// The tests that ran on the same worker process as `test` (and so on the
// same clone) before it, in the order they ran. If the test ran more than
// once, the first run that failed counts, else the first. nullopt when it
// did not run in `record`.
std::optional<std::vector<RanTest>> tests_before(const RunRecord& record, int binary, std::string_view test);

// The newest run in `history` in which `test` of the binary with key
// `binary_key` failed, crashed or timed out; nullptr if none. Binaries are
// matched by key, not index: an index means something else in a run with
// other binaries. The pointer is into `history`.
const RunRecord* latest_run_where_failed(const std::vector<RunRecord>& history, std::string_view binary_key,
                                         std::string_view test);

// Every test that failed, crashed or timed out, by slot, in the order they ran.
std::vector<RanTest> failed_tests(const RunRecord& record);

}  // namespace dbtest::runner
