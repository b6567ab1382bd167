#include "observer_fan_out.hpp"

namespace dbtest::runner {

void ObserverFanOut::test_started(int slot, int binary, const std::string& name) {
  for (auto* o : observers_) o->test_started(slot, binary, name);
}
void ObserverFanOut::test_finished(const TestResult& result) {
  for (auto* o : observers_) o->test_finished(result);
}
void ObserverFanOut::published(int slot, const std::string& key, const std::string& value) {
  for (auto* o : observers_) o->published(slot, key, value);
}
void ObserverFanOut::worker_started(int slot, double setup_seconds) {
  for (auto* o : observers_) o->worker_started(slot, setup_seconds);
}
void ObserverFanOut::tick() {
  for (auto* o : observers_) o->tick();
}
void ObserverFanOut::worker_starting(int slot, int binary) {
  for (auto* o : observers_) o->worker_starting(slot, binary);
}
void ObserverFanOut::clone_made(int slot, double seconds) {
  for (auto* o : observers_) o->clone_made(slot, seconds);
}
void ObserverFanOut::batch_started(int slot, std::uint64_t batch, const std::vector<std::string>& tests, int attempt) {
  for (auto* o : observers_) o->batch_started(slot, batch, tests, attempt);
}
void ObserverFanOut::batch_finished(int slot, std::uint64_t batch) {
  for (auto* o : observers_) o->batch_finished(slot, batch);
}
void ObserverFanOut::worker_ended(int slot, const WorkerEnd& end) {
  for (auto* o : observers_) o->worker_ended(slot, end);
}

}  // namespace dbtest::runner
