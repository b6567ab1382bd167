#include "summary.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <tuple>

namespace dbtest::runner {

int RunResults::count(Outcome outcome) const {
  return static_cast<int>(std::count_if(results.begin(), results.end(), [outcome](const TestResult& r) {
    return r.outcome == outcome && !r.superseded && !r.flaky;
  }));
}

int RunResults::failed() const {
  return static_cast<int>(std::count_if(results.begin(), results.end(), [](const TestResult& r) {
    return is_failure(r.outcome) && !r.superseded;
  }));
}

int RunResults::flaky() const {
  return static_cast<int>(std::count_if(results.begin(), results.end(), [](const TestResult& r) { return r.flaky; }));
}

void RunResults::settle_retries() {
  // The attempts of one run of a test share its binary, name and unit id;
  // results arrive in attempt order.
  std::map<std::tuple<int, std::string, int>, TestResult*> latest;
  for (auto& r : results) {
    if (r.suite_error) continue;
    auto& slot = latest[{r.binary, r.name, r.unit_id}];
    if (slot && r.attempt > slot->attempt) slot->superseded = true;
    if (!slot || r.attempt > slot->attempt) slot = &r;
  }
  for (auto& [key, r] : latest) r->flaky = r->attempt > 1 && !is_failure(r->outcome);
}

namespace {

// Each phase as the wall-clock time it took; clones are made during the
// running phase, several at once, so their summed time is labelled as such
// and shown only when it differs from the wall time.
std::string describe_phases(const PhaseTimes& t) {
  std::string cloning = "cloning during " + format_seconds(t.cloning) + " of it";
  if (t.clones > 1) {
    cloning += fmt::format("; summed over {} clones: {}", t.clones, format_seconds(t.cloning_summed));
  }
  return fmt::format("discovering {}, migrating {}, running {} ({}), tearing down {}", format_seconds(t.discovering),
                     format_seconds(t.migrating), format_seconds(t.running), cloning, format_seconds(t.tearing_down));
}

// --repeat: how often each test that did not always pass passed.
std::string repeat_counts(const RunResults& run, const Style& style) {
  std::map<std::pair<int, std::string>, std::pair<int, int>> counts;  // passed, ran
  for (const auto& r : run.results) {
    if (r.suite_error || r.superseded) continue;
    auto& [passed, ran] = counts[{r.binary, r.name}];
    passed += is_failure(r.outcome) ? 0 : 1;
    ++ran;
  }
  std::string lines;
  for (const auto& [key, count] : counts) {
    if (count.first == count.second) continue;
    lines += fmt::format("  {}  [{}] passed {} of {}\n", key.second, run.binaries.at(static_cast<std::size_t>(key.first)),
                         count.first, count.second);
  }
  const std::string heading = fmt::format("Repeated {} times:", run.repeat);
  return style.bold(heading) + (lines.empty() ? " every test passed every time\n" : "\n" + lines);
}

}  // namespace

std::string format_summary(const RunResults& run, const SummaryOptions& options) {
  const Style& style = options.style;
  std::string out;
  std::vector<const TestResult*> failures;
  std::vector<const TestResult*> flaky;
  for (const auto& r : run.results) {
    if (is_failure(r.outcome) && !r.superseded) failures.push_back(&r);
    if (r.flaky) flaky.push_back(&r);
  }
  if (!failures.empty()) {
    out += style.bold("Failed tests:") + "\n";
    for (const auto* r : failures) {
      out += fmt::format("  {:<9} {}{}  [{}]{}\n", outcome_label(r->outcome), r->name,
                         r->suite_error ? " (outside any test)" : "", run.binaries.at(static_cast<std::size_t>(r->binary)),
                         r->from_earlier_part ? " (earlier part of the run)" : "");
    }
  }
  std::vector<const TestResult*> warned;
  for (const auto& r : run.results) {
    if (r.outcome == Outcome::passed && !r.superseded && !r.warnings.empty()) warned.push_back(&r);
  }
  if (!warned.empty()) {
    out += style.bold("Warnings:") + "\n";
    for (const auto* r : warned) {
      for (const auto& w : r->warnings) {
        out += fmt::format("  WARNING   {}  [{}] {}\n", r->name, run.binaries.at(static_cast<std::size_t>(r->binary)),
                           printable(w));
      }
    }
  }
  if (!flaky.empty()) {
    out += style.bold("Flaky tests (passed on a retry):") + "\n";
    for (const auto* r : flaky) {
      out += fmt::format("  FLAKY     {}  [{}] passed on attempt {}\n", r->name,
                         run.binaries.at(static_cast<std::size_t>(r->binary)), r->attempt);
    }
  }
  if (run.repeat > 1) out += repeat_counts(run, style);
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
  std::vector<const TestResult*> slow;
  for (const auto& r : run.results) {
    if (!r.suite_error && !r.from_earlier_part && r.seconds >= options.slow_after_seconds) slow.push_back(&r);
  }
  if (!slow.empty()) {
    std::stable_sort(slow.begin(), slow.end(), [](const TestResult* a, const TestResult* b) { return a->seconds > b->seconds; });
    out += style.bold(fmt::format("Slow tests (--slow-after {}):", format_seconds(options.slow_after_seconds))) + "\n";
    for (const auto* r : slow) {
      out += fmt::format("  {:>10}  {}  [{}] {}\n", format_seconds(r->seconds), r->name,
                         run.binaries.at(static_cast<std::size_t>(r->binary)), outcome_label(r->outcome));
    }
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
    const std::string why = run.stopped_by_failfast ? " (--failfast)"
                            : run.interrupted       ? " (interrupted)"
                            : !run.failed_stage.empty()
                                ? " (" + run.failed_stage + " had a failure; --keep-going runs the later stages anyway)"
                                : "";
    out += fmt::format("{} {} not run{}\n", run.tests_not_run, run.tests_not_run == 1 ? "test was" : "tests were", why);
  }
  if (run.databases_not_kept > 0) {
    out += fmt::format("{} more failed test{} did not get {} database kept: --keep-failed-db keeps at most {} per run\n",
                       run.databases_not_kept, run.databases_not_kept == 1 ? "" : "s",
                       run.databases_not_kept == 1 ? "its" : "their", kMostKeptDatabases);
  }
  if (run.worker_restarts > 0) out += fmt::format("Workers restarted after a crash or timeout: {}\n", run.worker_restarts);
  if (!run.order_note.empty()) out += "Order: " + run.order_note + "\n";
  if (!run.resumed_note.empty()) out += "Resumed: " + run.resumed_note + "\n";
  if (!run.partition_note.empty()) out += "Partition: " + run.partition_note + "\n";
  out += "Time: " + describe_phases(run.times) + "\n";
  const int passed = run.count(Outcome::passed);
  const int failed = run.failed();
  const int skipped = run.count(Outcome::skipped);
  if (!warned.empty()) {
    out += style.yellow(fmt::format("{} of the passed tests passed with warnings", warned.size())) + "\n";
  }
  std::string closing = fmt::format("{} passed, {} failed, {} skipped", passed, failed, skipped);
  if (run.retries_allowed) closing += fmt::format(", {} flaky", run.flaky());
  // Uncoloured and alone on its line: CI systems read it.
  out += closing + "\n";
  return out;
}

}  // namespace dbtest::runner
