#include "run_command.hpp"

#include <fmt/format.h>

#include <chrono>
#include <iostream>

#include "backends/backend.hpp"
#include "backends/common/errors.hpp"
#include "backends/common/migrations.hpp"
#include "backends/common/process_info.hpp"
#include "backend_options.hpp"
#include "platform/cpu_count.hpp"
#include "platform/handles.hpp"
#include "platform/interrupt.hpp"
#include "report/junit_xml.hpp"
#include "report/summary.hpp"
#include "run_id.hpp"
#include "run_reporter.hpp"
#include "scratch_dir.hpp"
#include "schedule/scheduler.hpp"
#include "state/state_store.hpp"
#include "template_setup.hpp"
#include "test_selection.hpp"
#include "workers/process_worker_pool.hpp"

namespace dbtest::runner {
namespace {

using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point start) { return std::chrono::duration<double>(Clock::now() - start).count(); }

void print_list(const std::vector<WorkUnit>& units, const Selection& selection) {
  for (const auto& unit : units) {
    for (const auto& name : unit.tests) {
      if (selection.binary_names.size() > 1) std::cout << selection.binary_names[static_cast<std::size_t>(unit.binary)] << ": ";
      std::cout << name << "\n";
    }
  }
}

// A run that finds what dead runs left says so; `dbtest cleanup` removes it.
void note_leftovers(const std::vector<std::string>& names, const char* noun, StatusPrinter& printer) {
  if (names.empty()) return;
  const bool one = names.size() == 1;
  printer.note(fmt::format("dbtest: found {} {}{} left by runs that are gone ({}{}); `dbtest cleanup` removes {}",
                           names.size(), noun, one ? "" : "s", names.front(), one ? "" : ", ...", one ? "it" : "them"));
}

void report_leftovers(backends::Backend& backend, const std::string& run_id, StatusPrinter& printer) {
  std::vector<std::string> databases;
  for (const auto& leftover : backend.find_leftovers()) databases.push_back(leftover.name);
  note_leftovers(databases, "database", printer);
  std::vector<std::string> folders;
  for (const auto& folder : find_scratch_leftovers(scratch_parent(), run_id)) folders.push_back(folder.path.string());
  note_leftovers(folders, "scratch folder", printer);
}

Durations measured_durations(const RunResults& run, const Selection& selection) {
  Durations out;
  for (const auto& r : run.results) {
    if (r.suite_error || r.outcome == Outcome::skipped) continue;
    out[duration_key(selection.binary_keys.at(static_cast<std::size_t>(r.binary)), r.name)] = r.seconds;
  }
  return out;
}

}  // namespace

int run_tests(const Options& options) {
  const auto run_start = Clock::now();
  platform::install_interrupt_handlers();
  platform::keep_inherited_handles_from_children();
  const StateStore state(options.state_dir);
  auto printer = make_status_printer(detect_printer_options(options.verbose));

  RunResults run;
  const auto discover_start = Clock::now();
  const Selection selection = select_tests(options);
  run.binaries = selection.binary_names;
  std::string state_warning;
  const auto units = plan_work(selection.tests, selection.binary_keys, options.dist, state.load_durations(state_warning));
  if (!state_warning.empty()) printer->note("dbtest: warning: " + state_warning);
  run.times.discovering = seconds_since(discover_start);
  if (options.list_only) {
    print_list(units, selection);
    return 0;
  }
  state.ensure_writable();
  if (selection.tests.empty()) {
    throw backends::UsageError(options.filter.empty() ? "the test binaries hold no test to run"
                                                      : "no test matches --filter '" + options.filter + "'");
  }
  // Read before anything is created, so a bad folder leaves nothing behind.
  std::vector<backends::Migration> migrations;
  if (options.migrations) migrations = backends::load_migrations(*options.migrations);

  const std::string run_id = make_run_id();
  const ScratchDir scratch(run_id);
  auto backend = backends::make_backend(options.backend, backend_options(options, run_id, scratch.path()));
  report_leftovers(*backend, run_id, *printer);

  const auto migrate_start = Clock::now();
  auto prepared = prepare_template(options, *backend, migrations, scratch.path(), *printer);
  auto& tmpl = prepared.database_template;
  auto& signals = prepared.signals;
  run.times.migrating = seconds_since(migrate_start);
  for (const auto& [key, value] : options.signals) signals[key] = value;

  const int wanted = options.parallel.value_or(platform::usable_cpu_count());
  run.workers = std::max(1, std::min<int>(wanted, static_cast<int>(units.size())));
  printer->note(fmt::format("dbtest: running {} tests from {} binar{} on {} worker{} ({})", selection.tests.size(),
                            options.binaries.size(), options.binaries.size() == 1 ? "y" : "ies", run.workers,
                            run.workers == 1 ? "" : "s", backend->name()));
  SchedulerOutcome outcome;
  const auto running_start = Clock::now();
  double teardown_start_offset = 0;
  {
    WorkerSetup setup;
    setup.binaries = options.binaries;
    setup.database_template = tmpl.get();
    setup.environment = {{"DBTEST_PROTOCOL", std::to_string(protocol::kVersion)},
                         {"DBTEST_RUN_ID", run_id},
                         {"DBTEST_WORKER_COUNT", std::to_string(run.workers)},
                         {"DBTEST_BACKEND", std::string(backend->name())},
                         {"DBTEST_MASTER_PID", std::to_string(backends::current_pid())}};
    setup.init = protocol::Init{signals, options.run_disabled};
    setup.scratch_dir = scratch.path();
    setup.output_limit = options.output_limit;
    ProcessWorkerPool pool(setup);
    RunReporter reporter(*printer, run, static_cast<int>(selection.tests.size()), run.workers);
    SchedulerConfig config;
    config.slots = run.workers;
    config.timeout_seconds = options.timeout_seconds;
    config.failfast = options.failfast;
    config.max_worker_restarts = options.max_worker_restarts.value_or(std::max(4, 2 * run.workers));
    if (options.run_timeout_seconds) {
      config.run_timeout_seconds = *options.run_timeout_seconds;
      config.run_deadline = run_start + std::chrono::duration_cast<Clock::duration>(
                                            std::chrono::duration<double>(*options.run_timeout_seconds));
    }
    config.server_check = [&backend] { return backend->probe_server(); };
    Scheduler scheduler(pool, reporter, config, units);
    outcome = scheduler.run(platform::interrupt_requested);
    run.times.cloning += pool.clone_seconds();
    teardown_start_offset = seconds_since(running_start);
  }
  const auto teardown_start = Clock::now();
  tmpl.reset();
  const std::string server_problem = backend->server_problem();
  backend.reset();
  run.times.running = teardown_start_offset;
  run.times.tearing_down = seconds_since(teardown_start);

  run.interrupted = outcome.interrupted;
  run.stopped_by_failfast = outcome.stopped_by_failfast;
  run.worker_restarts = outcome.worker_restarts;
  run.unfinished_tests = outcome.unfinished_tests;
  int reported = 0;
  for (const auto& r : run.results) reported += r.suite_error ? 0 : 1;
  run.tests_not_run = static_cast<int>(selection.tests.size()) - reported - static_cast<int>(run.unfinished_tests.size());
  for (const auto& key : options.expected_signals) {
    const bool seen = std::any_of(run.signals.begin(), run.signals.end(), [&](const auto& s) { return s.key == key; });
    if (!seen) run.missing_signals.push_back(key);
  }

  printer->finish();
  try {
    state.save_durations(measured_durations(run, selection));
  } catch (const std::exception& e) {
    printer->note(std::string("dbtest: warning: ") + e.what());
  }
  printer->print(format_summary(run, {options.verbose, options.durations, Style{detect_printer_options(false).colour}}));
  if (options.junit_xml) write_junit_xml(*options.junit_xml, run);

  // A server that went away explains the rest, and says what is left on it.
  if (!server_problem.empty()) throw backends::InfrastructureError(server_problem);
  if (outcome.infrastructure_error) throw backends::InfrastructureError(*outcome.infrastructure_error);
  if (outcome.interrupted) return 130;
  return run.failed() > 0 || !run.missing_signals.empty() ? 1 : 0;
}

}  // namespace dbtest::runner
