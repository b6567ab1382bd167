#include "run_reporter.hpp"

#include <fmt/format.h>

#include "report/text_format.hpp"

namespace dbtest::runner {
namespace {

// Results are kept until the summary and the reports are written. Each
// test's output is bounded by --output-limit; this bounds them all together,
// so a run of many chatty tests keeps the master's memory bounded too. Past
// it, a result keeps the head and tail of its output, this much of each.
constexpr std::uint64_t kKeptOutputBudget = std::uint64_t{32} << 20;
constexpr std::size_t kShortOutputEnd = 2048;

// The status line names the longest-running test once it has run this long.
constexpr double kWorthNaming = 2.0;

void shorten(protocol::Output& output) {
  if (output.text.size() <= 2 * kShortOutputEnd) return;
  output.cut_bytes += output.text.size() - 2 * kShortOutputEnd;
  output.text = output.text.substr(0, kShortOutputEnd) + output.text.substr(output.text.size() - kShortOutputEnd);
}

}  // namespace

RunReporter::RunReporter(StatusPrinter& printer, RunResults& results, RunRecord& record, int total_tests, int workers)
    : printer_(printer), results_(results), record_(record), total_(total_tests), workers_(workers) {
  // Grown one test at a time, the vector would briefly hold every result twice.
  results_.results.reserve(results_.results.size() + static_cast<std::size_t>(std::max(0, total_tests)));
}

void RunReporter::test_started(int slot, int binary, const std::string& name) {
  running_[slot] = {name, binary, Clock::now(), 0};
}

void RunReporter::test_finished(const TestResult& result) {
  if (const auto it = running_.find(result.slot); it != running_.end() && it->second.name == result.name) {
    running_.erase(it);
  }
  if (!result.suite_error && result.attempt == 1) ++done_;
  if (is_failure(result.outcome)) ++failures_;
  if (!result.suite_error) record_.record_test(result.slot, result.binary, result.name, result.outcome);
  if (journal_) journal_->append(result);
  printer_.test_finished(result, results_.binaries.at(static_cast<std::size_t>(result.binary)), progress());
  results_.results.push_back(result);
  auto& kept = results_.results.back().output;
  if (kept_output_bytes_ + kept.text.size() > kKeptOutputBudget) shorten(kept);
  kept_output_bytes_ += kept.text.size();
}

void RunReporter::published(int slot, const std::string& key, const std::string& value) {
  results_.signals.push_back({key, value, slot});
}

void RunReporter::worker_started(int slot, double setup_seconds) {
  running_.erase(slot);  // a new worker in the slot: whatever ran there is over
  if (cloning_) {
    const auto now = Clock::now();
    cloning_->add(now - std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(setup_seconds)), now);
  }
  record_.record_worker_start(slot);
}

void RunReporter::tick() {
  announce_slow_tests();
  printer_.tick(progress());
}

// Once at --slow-after, again at each multiple, in logs as on terminals.
void RunReporter::announce_slow_tests() {
  const auto now = Clock::now();
  for (auto& [slot, test] : running_) {
    const double seconds = std::chrono::duration<double>(now - test.started).count();
    const int multiple = static_cast<int>(seconds / slow_after_seconds_);
    if (multiple <= test.announced) continue;
    test.announced = multiple;
    printer_.note(fmt::format("dbtest: SLOW {} has run for over {} on worker {} ({})", test.name,
                              format_seconds(multiple * slow_after_seconds_), slot,
                              results_.binaries.at(static_cast<std::size_t>(test.binary))));
  }
}

Progress RunReporter::progress() const {
  Progress p;
  const auto now = Clock::now();
  p.done = done_;
  p.total = total_;
  p.failures = failures_;
  p.workers = workers_;
  p.elapsed_seconds = std::chrono::duration<double>(now - started_).count();
  for (const auto& [slot, test] : running_) {
    const double seconds = std::chrono::duration<double>(now - test.started).count();
    if (seconds > p.longest_running_seconds) {
      p.longest_running_seconds = seconds;
      p.longest_running = test.name;
    }
  }
  if (done_ > 0 && done_ < total_) p.eta_seconds = p.elapsed_seconds / done_ * (total_ - done_);
  // A test already running longer than the estimate of all that is left
  // shows the estimate knows nothing: better none than one that keeps growing.
  if (p.eta_seconds && p.longest_running_seconds > *p.eta_seconds) p.eta_seconds.reset();
  if (p.longest_running_seconds < kWorthNaming) p.longest_running.clear();
  return p;
}

}  // namespace dbtest::runner
