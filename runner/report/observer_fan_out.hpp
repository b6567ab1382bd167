// Hands every event of the scheduler to several observers, in the order
// given: the run's reporter, and the logs asked for (--events, --trace). The
// scheduler talks to one observer and never learns how many listen.
#pragma once

#include <initializer_list>
#include <vector>

#include "schedule/scheduler.hpp"

namespace dbtest::runner {

class ObserverFanOut : public RunObserver {
 public:
  ObserverFanOut(std::initializer_list<RunObserver*> observers) : observers_(observers) {}

  void test_started(int slot, int binary, const std::string& name) override;
  void test_finished(const TestResult& result) override;
  void published(int slot, const std::string& key, const std::string& value) override;
  void worker_started(int slot, double setup_seconds) override;
  void tick() override;
  void worker_starting(int slot, int binary) override;
  void clone_made(int slot, double seconds) override;
  void batch_started(int slot, std::uint64_t batch, const std::vector<std::string>& tests, int attempt) override;
  void batch_finished(int slot, std::uint64_t batch) override;
  void worker_ended(int slot, const WorkerEnd& end) override;

 private:
  std::vector<RunObserver*> observers_;
};

}  // namespace dbtest::runner
