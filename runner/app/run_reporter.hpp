// Bridges the scheduler to the printer, the collected results and the record
// of what ran on each worker.
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <string>

#include "report/busy_time.hpp"
#include "report/run_results.hpp"
#include "report/status_printer.hpp"
#include "schedule/scheduler.hpp"
#include "state/run_history.hpp"
#include "state/run_journal.hpp"

namespace dbtest::runner {

class RunReporter : public RunObserver {
 public:
  RunReporter(StatusPrinter& printer, RunResults& results, RunRecord& record, int total_tests, int workers);

  void test_started(int slot, int binary, const std::string& name) override;
  void test_finished(const TestResult& result) override;
  void published(int slot, const std::string& key, const std::string& value) override;
  void worker_started(int slot, double setup_seconds) override;
  void tick() override;
  // Every result also goes to `journal` (--resume reads it back).
  void keep_journal(RunJournal* journal) { journal_ = journal; }
  // Each worker's opening of its clone is counted in `cloning`.
  void count_cloning_in(BusyTime* cloning) { cloning_ = cloning; }
  // --slow-after: a test running this long is named, and again at each multiple.
  void announce_slow_after(double seconds) { slow_after_seconds_ = seconds; }

 private:
  using Clock = std::chrono::steady_clock;
  struct RunningTest {
    std::string name;
    int binary = 0;
    Clock::time_point started;
    int announced = 0;  // multiples of --slow-after already announced
  };

  Progress progress() const;
  void announce_slow_tests();

  StatusPrinter& printer_;
  RunResults& results_;
  RunRecord& record_;
  int total_;
  int workers_;
  int done_ = 0;
  int failures_ = 0;
  std::uint64_t kept_output_bytes_ = 0;
  RunJournal* journal_ = nullptr;
  BusyTime* cloning_ = nullptr;
  Clock::time_point started_ = Clock::now();
  double slow_after_seconds_ = 60;
  std::map<int, RunningTest> running_;  // by slot
};

}  // namespace dbtest::runner
