#include "run_reporter.hpp"

namespace dbtest::runner {
namespace {

// Results are kept until the summary and the reports are written. Each
// test's output is bounded by --output-limit; this bounds them all together,
// so a run of many chatty tests keeps the master's memory bounded too. Past
// it, a result keeps the head and tail of its output, this much of each.
constexpr std::uint64_t kKeptOutputBudget = std::uint64_t{32} << 20;
constexpr std::size_t kShortOutputEnd = 2048;

void shorten(protocol::Output& output) {
  if (output.text.size() <= 2 * kShortOutputEnd) return;
  output.cut_bytes += output.text.size() - 2 * kShortOutputEnd;
  output.text = output.text.substr(0, kShortOutputEnd) + output.text.substr(output.text.size() - kShortOutputEnd);
}

}  // namespace

RunReporter::RunReporter(StatusPrinter& printer, RunResults& results, RunRecord& record, int total_tests, int workers)
    : printer_(printer), results_(results), record_(record), total_(total_tests), workers_(workers) {}

void RunReporter::test_started(int, int, const std::string&) {}

void RunReporter::test_finished(const TestResult& result) {
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
  results_.times.cloning += setup_seconds;
  record_.record_worker_start(slot);
}

void RunReporter::tick() { printer_.tick(progress()); }

Progress RunReporter::progress() const {
  Progress p;
  p.done = done_;
  p.total = total_;
  p.failures = failures_;
  p.workers = workers_;
  p.elapsed_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started_).count();
  if (done_ > 0 && done_ < total_) p.eta_seconds = p.elapsed_seconds / done_ * (total_ - done_);
  return p;
}

}  // namespace dbtest::runner
