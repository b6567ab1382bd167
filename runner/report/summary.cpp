#include "summary.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace dbtest::runner {

int RunResults::count(Outcome outcome) const {
  return static_cast<int>(std::count_if(results.begin(), results.end(), [outcome](const TestResult& r) { return r.outcome == outcome; }));
}

int RunResults::failed() const {
  return static_cast<int>(std::count_if(results.begin(), results.end(), [](const TestResult& r) { return is_failure(r.outcome); }));
}

std::string format_summary(const RunResults& run, const SummaryOptions& options) {
  const Style& style = options.style;
  std::string out;
  std::vector<const TestResult*> failures;
  for (const auto& r : run.results) {
    if (is_failure(r.outcome)) failures.push_back(&r);
  }
  if (!failures.empty()) {
    out += style.bold("Failed tests:") + "\n";
    for (const auto* r : failures) {
      out += fmt::format("  {:<9} {}{}  [{}]\n", outcome_label(r->outcome), r->name,
                         r->suite_error ? " (outside any test)" : "", run.binaries.at(static_cast<std::size_t>(r->binary)));
    }
  }
  if (options.durations > 0 && !run.results.empty()) {
    std::vector<const TestResult*> slowest;
    for (const auto& r : run.results) {
      if (!r.suite_error) slowest.push_back(&r);
    }
    std::sort(slowest.begin(), slowest.end(), [](const TestResult* a, const TestResult* b) { return a->seconds > b->seconds; });
    slowest.resize(std::min<std::size_t>(slowest.size(), static_cast<std::size_t>(options.durations)));
    out += style.bold(fmt::format("Slowest {} tests:", slowest.size())) + "\n";
    for (const auto* r : slowest) out += fmt::format("  {:>10}  {}\n", format_seconds(r->seconds), r->name);
  }
  if (options.verbose && !run.signals.empty()) {
    out += style.bold("Published signals:") + "\n";
    for (const auto& s : run.signals) out += fmt::format("  {}={}  (worker {})\n", s.key, printable(s.value), s.slot);
  }
  for (const auto& key : run.missing_signals) out += style.red(fmt::format("Expected signal '{}' was not published by any worker", key)) + "\n";
  if (!run.unfinished_tests.empty()) {
    out += style.bold(run.interrupted ? "Interrupted while running:" : "Still running when the run stopped:") + "\n";
    for (const auto& name : run.unfinished_tests) out += "  " + name + "\n";
  }
  if (run.tests_not_run > 0) {
    out += fmt::format("{} {} not run{}\n", run.tests_not_run, run.tests_not_run == 1 ? "test was" : "tests were",
                       run.stopped_by_failfast ? " (--failfast)" : run.interrupted ? " (interrupted)" : "");
  }
  if (run.worker_restarts > 0) out += fmt::format("Workers restarted after a crash or timeout: {}\n", run.worker_restarts);
  const auto& t = run.times;
  out += fmt::format("Time: discovering {}, migrating {}, cloning {}, running {}, tearing down {}\n",
                     format_seconds(t.discovering), format_seconds(t.migrating), format_seconds(t.cloning),
                     format_seconds(t.running), format_seconds(t.tearing_down));
  const int passed = run.count(Outcome::passed);
  const int failed = run.failed();
  const int skipped = run.count(Outcome::skipped);
  std::string closing = fmt::format("{} passed, {} failed, {} skipped", passed, failed, skipped);
  // Uncoloured and alone on its line: CI systems read it.
  out += closing + "\n";
  return out;
}

}  // namespace dbtest::runner
