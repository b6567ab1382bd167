// The logs a run was asked for (--events, --trace), as one RunLog: the run
// tells this object what happens, and each log hears it.
#pragma once

#include <memory>
#include <vector>

#include "run_log.hpp"

namespace dbtest::runner {

class RunLogs : public RunLog {
 public:
  void add(std::unique_ptr<RunLog> log) { logs_.push_back(std::move(log)); }
  bool empty() const { return logs_.empty(); }
  bool started() const { return started_; }

  void test_started(int slot, int binary, const std::string& name) override;
  void test_finished(const TestResult& result) override;
  void published(int slot, const std::string& key, const std::string& value) override;
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
  // Every log gets its end, even when one of them cannot be written; then
  // the first one's InfrastructureError is thrown.
  void run_finished(const RunResults& results, const RunEnd& end) override;

 private:
  std::vector<std::unique_ptr<RunLog>> logs_;
  bool started_ = false;
};

}  // namespace dbtest::runner
