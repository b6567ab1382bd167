// --trace: the run in the Chrome trace event format, which Perfetto
// (ui.perfetto.dev) and chrome://tracing open. One track for the master (its
// phases), one for each worker slot: worker processes, the batches they ran,
// each test, with crashes and retries marked. Written when the run ends.
// docs/trace.md says how to read it.
#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "run_log.hpp"

namespace dbtest::runner {

class ChromeTrace : public RunLog {
 public:
  // Times count from `run_start`. The file at `path`, when not empty, is
  // written by run_finished.
  ChromeTrace(std::filesystem::path path, Clock::time_point run_start);
  ~ChromeTrace() override;

  void test_started(int slot, int binary, const std::string& name) override;
  void test_finished(const TestResult& result) override;
  void published(int, const std::string&, const std::string&) override {}
  void worker_started(int slot, double setup_seconds) override;
  void tick() override {}
  void worker_starting(int slot, int binary) override;
  void clone_made(int slot, double seconds) override;
  void batch_started(int slot, std::uint64_t batch, const std::vector<std::string>& tests, int attempt) override;
  void batch_finished(int slot, std::uint64_t batch) override;
  void worker_ended(int slot, const WorkerEnd& end) override;

  void run_started(const RunFacts& facts) override;
  void phase(const std::string& name, Clock::time_point start, Clock::time_point end) override;
  void dbtest_note(const std::string& level, const std::string& message) override;
  // Closes what is still open and writes the file. Throws InfrastructureError.
  void run_finished(const RunResults& results, const RunEnd& end) override;

  // The trace as it stands, slices still open left out: JSON text.
  std::string text() const;

 private:
  struct Events;
  struct Open {
    std::int64_t start = 0;
    std::string name;
    std::uint64_t batch = 0;
    int attempt = 1;
    int tests = 0;
  };
  struct Track {
    int binary = -1;
    std::optional<Open> process, starting, batch, test;
    std::int64_t clone_made_at = 0;  // the end of the pool's "make clone", if any
  };
  std::int64_t now() const;
  std::string binary_name(int binary) const;
  // Ends the slot's open test slice at `at`; its result comes later.
  void close_test(int slot, Track& track, std::int64_t at);
  void close_batch(int slot, Track& track, std::int64_t at, const std::string& end);

  std::filesystem::path path_;
  Clock::time_point run_start_;
  std::vector<std::string> binaries_;
  std::string run_id_;
  std::map<int, Track> tracks_;
  // Test slices closed before their result came: where the result goes.
  std::map<std::pair<int, std::string>, std::size_t> awaiting_result_;
  std::unique_ptr<Events> events_;
};

}  // namespace dbtest::runner
