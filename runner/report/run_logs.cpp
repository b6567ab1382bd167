#include "run_logs.hpp"

#include <exception>

namespace dbtest::runner {

void RunLogs::test_started(int slot, int binary, const std::string& name) {
  for (auto& l : logs_) l->test_started(slot, binary, name);
}
void RunLogs::test_finished(const TestResult& result) {
  for (auto& l : logs_) l->test_finished(result);
}
void RunLogs::published(int slot, const std::string& key, const std::string& value) {
  for (auto& l : logs_) l->published(slot, key, value);
}
void RunLogs::worker_started(int slot, double setup_seconds) {
  for (auto& l : logs_) l->worker_started(slot, setup_seconds);
}
void RunLogs::worker_starting(int slot, int binary) {
  for (auto& l : logs_) l->worker_starting(slot, binary);
}
void RunLogs::clone_made(int slot, double seconds) {
  for (auto& l : logs_) l->clone_made(slot, seconds);
}
void RunLogs::batch_started(int slot, std::uint64_t batch, const std::vector<std::string>& tests, int attempt) {
  for (auto& l : logs_) l->batch_started(slot, batch, tests, attempt);
}
void RunLogs::batch_finished(int slot, std::uint64_t batch) {
  for (auto& l : logs_) l->batch_finished(slot, batch);
}
void RunLogs::worker_ended(int slot, const WorkerEnd& end) {
  for (auto& l : logs_) l->worker_ended(slot, end);
}
void RunLogs::run_started(const RunFacts& facts) {
  started_ = true;
  for (auto& l : logs_) l->run_started(facts);
}
void RunLogs::phase(const std::string& name, Clock::time_point start, Clock::time_point end) {
  for (auto& l : logs_) l->phase(name, start, end);
}
void RunLogs::dbtest_note(const std::string& level, const std::string& message) {
  for (auto& l : logs_) l->dbtest_note(level, message);
}
void RunLogs::run_finished(const RunResults& results, const RunEnd& end) {
  std::exception_ptr first;
  for (auto& l : logs_) {
    try {
      l->run_finished(results, end);
    } catch (...) {
      if (!first) first = std::current_exception();
    }
  }
  if (first) std::rethrow_exception(first);
}

}  // namespace dbtest::runner
