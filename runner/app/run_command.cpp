#include "run_command.hpp"

#include <fmt/format.h>

#include <chrono>
#include <fstream>
#include <iostream>

#include "base/database_url.hpp"
#include "base/errors.hpp"
#include "backends/common/migrations.hpp"
#include "hunt_command.hpp"
#include "platform/handles.hpp"
#include "platform/interrupt.hpp"
#include "report/github_annotations.hpp"
#include "report/junit_xml.hpp"
#include "report/noting_printer.hpp"
#include "report/observer_fan_out.hpp"
#include "report/summary.hpp"
#include "run_id.hpp"
#include "run_log_setup.hpp"
#include "resume.hpp"
#include "run_plan.hpp"
#include "run_reporter.hpp"
#include "run_session.hpp"
#include "scheduling_rules.hpp"
#include "scratch_dir.hpp"
#include "schedule/scheduler.hpp"
#include "schedule/partition.hpp"
#include "state/durations_file.hpp"
#include "state/run_history.hpp"
#include "state/state_store.hpp"
#include "selection.hpp"
#include "workers/process_worker_pool.hpp"

namespace dbtest::runner {
namespace {

using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point start) { return std::chrono::duration<double>(Clock::now() - start).count(); }

void print_list(const std::vector<WorkUnit>& units, const Selection& selection, const Options& options) {
  int stage = -1;
  for (const auto& unit : units) {
    if (!options.stages.empty() && unit.stage != stage) {
      stage = unit.stage;
      std::cout << "# " << describe_stage(options, stage) << "\n";
    }
    for (const auto& name : unit.tests) {
      if (selection.binary_names.size() > 1) std::cout << selection.binary_names[static_cast<std::size_t>(unit.binary)] << ": ";
      std::cout << name << rule_marks(options, name) << "\n";
    }
  }
}

template <typename Container>
void release(Container& container) {
  Container().swap(container);
}

void add_measured_durations(const RunResults& run, const Selection& selection, Durations& durations) {
  for (const auto& r : run.results) {
    if (r.suite_error || r.outcome == Outcome::skipped) continue;
    durations[duration_key(selection.binary_keys.at(static_cast<std::size_t>(r.binary)), r.name)] = r.seconds;
  }
}

RunRecord new_record(const std::string& run_id, const Options& options, const Selection& selection,
                     const RunSession& session, const RunPlan& plan) {
  RunRecord record;
  record.id = run_id;
  record.started_at = utc_timestamp(std::chrono::system_clock::now());
  record.binaries = selection.binary_keys;
  record.backend = std::string(session.backend_name());
  record.distribution = options.dist == Distribution::suite ? "suite" : "test";
  // A --sequence run tried a few tests on purpose; hunts look past it.
  record.order = !options.sequence.empty() ? "sequence" : options.replay ? "replay" : std::string(to_string(plan.order));
  record.seed = plan.seed;
  record.failed_first = options.failed_first;
  return record;
}

// A state folder that cannot be written to costs the next run its history,
// not this run its result; so does a durations file.
void save_state(const StateStore& state, const RunHistory& history, const RunResults& run, const RunRecord& record,
                const Selection& selection, const Options& options, StatusPrinter& printer) {
  try {
    history.save(record);
  } catch (const std::exception& e) {
    printer.note(std::string("dbtest: warning: ") + e.what());
  }
  // Added to each file's durations as it is read, never gathered apart:
  // at 100,000 tests a map of them would be a large part of the run's memory.
  const auto add_measured = [&](Durations& durations) { add_measured_durations(run, selection, durations); };
  try {
    state.update_durations(add_measured);
  } catch (const std::exception& e) {
    printer.note(std::string("dbtest: warning: ") + e.what());
  }
  if (!options.durations_file) return;
  try {
    update_durations_file(*options.durations_file, add_measured);
  } catch (const std::exception& e) {
    printer.note(std::string("dbtest: warning: --durations-file: ") + e.what());
  }
}

// The durations the plan (and a `time` partition) is made from.
Durations planning_durations(const Options& options, const StateStore& state, StatusPrinter& printer) {
  if (options.durations_file) return read_durations_strictly(*options.durations_file);
  std::string warning;
  auto durations = state.load_durations(warning);
  if (!warning.empty()) printer.note("dbtest: warning: " + warning);
  return durations;
}

// Keeps the tests of this run's part, and says which part it is.
std::string keep_part(const Options& options, Selection& selection, const Durations& durations) {
  const auto& partition = *options.partition;
  const PartitionKind kind = partition.kind.value_or(default_partition_kind(options.durations_file.has_value()));
  const std::size_t selected = selection.tests.size();
  selection.tests = tests_of_part(std::move(selection.tests), selection.binary_keys, options.dist, durations, kind,
                                  partition.index, partition.count);
  return fmt::format("part {} of {} ({}): {} of {} selected test{}", partition.index, partition.count, to_string(kind),
                     selection.tests.size(), selected, selected == 1 ? "" : "s");
}

// Bazel reads the file's existence as "this runner shards".
void touch_shard_status_file(const Options& options) {
  if (!options.bazel.shard_status_file) return;
  std::ofstream touch(*options.bazel.shard_status_file, std::ios::app);
  if (!touch) throw UsageError("cannot write TEST_SHARD_STATUS_FILE " + options.bazel.shard_status_file->string());
}

// What a binary without dbtest's library cannot do: publish a signal, or
// read one.
void check_plain_binaries(const Options& options, const Selection& selection, StatusPrinter& printer) {
  if (!selection.any_plain()) return;
  if (selection.all_plain() && !options.expected_signals.empty()) {
    throw UsageError("--expect-signal " + options.expected_signals.front() +
                     " cannot be met: no test binary of this run links dbtest::gtest_main, and only such a binary "
                     "can publish with dbtest::publish()");
  }
  if (!options.signals.empty()) {
    printer.note("dbtest: note: --signal values reach only binaries linked with dbtest::gtest_main "
                 "(dbtest::signal()); the plain GoogleTest binaries of this run do not see them");
  }
}

// The steps of one run; `logs` hear what happens, and `facts` gather what
// they are told at the start.
int run_logged(const Options& options, Clock::time_point run_start, RunLogs& logs, RunFacts& facts, RunResults& run) {
  platform::install_interrupt_handlers();
  platform::keep_inherited_handles_from_children();
  const StateStore state(options.state_dir);
  const RunHistory history(options.state_dir);
  auto terminal_printer = make_status_printer(detect_printer_options(options.verbose));
  auto printer = std::make_unique<NotingPrinter>(*terminal_printer, logs);
  touch_shard_status_file(options);

  // Made first: binaries list their tests into it, and it carries the
  // run's marker from the start.
  const std::string run_id = make_run_id();
  facts.run_id = run_id;
  const ScratchDir scratch(run_id, options.temp_dir.value_or(scratch_parent()));
  const auto discover_start = Clock::now();
  Selection selection = select_tests(options, scratch.path());
  run.binaries = selection.binary_names;
  Durations durations = planning_durations(options, state, *printer);
  const bool any_selected = !selection.tests.empty();
  if (options.partition) {
    run.partition_note = keep_part(options, selection, durations);
    if (options.list_only) std::cerr << "dbtest: " << run.partition_note << "\n";
  }
  auto planned = plan_work(selection.tests, selection.binary_keys, options.dist, durations);
  const bool hunting = !options.bisect.empty() || !options.pair.empty();
  RunPlan plan = hunting ? RunPlan{} : make_run_plan(options, selection, std::move(planned), history);
  for (auto& note : mark_scheduling_rules(options, plan.units)) plan.notes.push_back(std::move(note));
  run.times.discovering = seconds_since(discover_start);
  logs.phase("discovering", discover_start, Clock::now());
  add_plan(facts, options, plan);
  if (options.list_only) {
    for (const auto& note : plan.notes) std::cerr << note << "\n";
    print_list(plan.units, selection, options);
    return 0;
  }
  check_plain_binaries(options, selection, *printer);
  state.ensure_writable();
  const std::string fingerprint = fingerprint_of(options, selection);
  std::optional<ResumePoint> resumed;
  if (options.resume) {
    resumed = find_resume_point(options, fingerprint);
    drop_done_tests(plan.units, *resumed);
    for (auto result : resumed->journal.results) {
      result.from_earlier_part = true;
      run.results.push_back(std::move(result));
    }
    run.resumed_note = fmt::format("{} result{} from the earlier part of this run (started {}), {} test{} run now",
                                   resumed->journal.results.size(), resumed->journal.results.size() == 1 ? "" : "s",
                                   resumed->journal.header.started_at, plan.test_count(),
                                   plan.test_count() == 1 ? "" : "s");
  }
  if (selection.tests.empty() && any_selected) {
    // More parts than units: this part has nothing to do, which is no failure.
    printer->note("dbtest: " + run.partition_note + "; nothing to run");
    printer->finish();
    printer->print(format_summary(run, {}));
    if (options.junit_xml) write_junit_xml(*options.junit_xml, run);
    return 0;
  }
  if (selection.tests.empty()) {
    throw UsageError(options.filter.empty() ? "the test binaries hold no test to run"
                                                      : "no test matches --filter '" + options.filter + "'");
  }
  // Read before anything is created, so a bad folder leaves nothing behind.
  std::vector<backends::Migration> migrations;
  if (options.migrations) migrations = backends::load_migrations(*options.migrations);

  const auto session_start = Clock::now();
  RunSession session(options, scratch, run_id, migrations, *printer, run_start);
  run.times.migrating = session.migrating_seconds();
  logs.phase("migrating", session_start, Clock::now());
  facts.backend = std::string(session.backend_name());
  if (hunting) {
    const int code = run_hunt(options, selection, history, session, *printer);
    const std::string server_problem = session.finish();
    if (!server_problem.empty()) throw InfrastructureError(server_problem);
    return code;
  }
  // From here on the plan holds the tests. At 100,000 tests the listing and
  // the durations it was planned from are tens of megabytes the run no longer needs.
  release(selection.tests);
  release(durations);
  if (plan.units.empty() && !resumed) throw UsageError("no test is left to run");
  for (const auto& note : plan.notes) printer->note(note);

  const int wanted = plan.workers.value_or(requested_workers(options));
  run.workers = std::max(1, std::min<int>(wanted, static_cast<int>(std::max<std::size_t>(1, plan.units.size()))));
  run.repeat = options.repeat;
  run.retries_allowed = any_retries(options);
  if (plan.seed) run.order_note = seed_note(*plan.seed);
  const int planned_tests = plan.test_count();
  facts.workers = run.workers;
  facts.tests = planned_tests;
  logs.run_started(facts);
  printer->note(fmt::format("dbtest: running {} test{} from {} binar{} on {} worker{} ({}){}", planned_tests,
                            planned_tests == 1 ? "" : "s",
                            options.binaries.size(), options.binaries.size() == 1 ? "y" : "ies", run.workers,
                            run.workers == 1 ? "" : "s", session.backend().name(),
                            run.partition_note.empty() ? "" : ", " + run.partition_note));
  RunRecord record = new_record(session.run_id(), options, selection, session, plan);
  // A resumed run goes on writing the journal it was resumed from.
  RunJournal journal = resumed ? RunJournal::continue_existing(options.state_dir)
                               : RunJournal::start_new(options.state_dir,
                                                       {session.run_id(), record.started_at, fingerprint, selection.binary_keys});
  SchedulerOutcome outcome;
  const auto running_start = Clock::now();
  double teardown_start_offset = 0;
  BusyTime cloning;
  {
    ProcessWorkerPool pool(session.worker_setup(run.workers, selection));
    RunReporter reporter(*printer, run, record, planned_tests, run.workers);
    reporter.keep_journal(&journal);
    reporter.count_cloning_in(&cloning);
    reporter.announce_slow_after(options.slow_after_seconds);
    ObserverFanOut observers{&reporter, &logs};
    SchedulerConfig config = session.scheduler_config(run.workers);
    config.failfast = options.failfast;
    config.keep_order = plan.keep_order;
    config.retries = options.retries;
    config.group_limits = group_limits(options);
    config.stage_workers = stage_workers(options, plan.units);
    // Under isosuite, a suite with a failure does not stop the next.
    config.keep_going = options.keep_going || options.dist == Distribution::isosuite;
    config.isosuite = options.dist == Distribution::isosuite;
    config.warnings_as_errors = options.warnings_as_errors;
    config.check_clean = options.check_clean;
    config.keep_failed_databases = options.keep_failed_db ? kMostKeptDatabases : 0;
    // The plan's units are the scheduler's from here: one copy of 100,000
    // names is enough.
    Scheduler scheduler(pool, observers, config, std::move(plan.units));
    outcome = scheduler.run(platform::interrupt_requested);
    for (const auto& [begin, end] : pool.clone_intervals()) cloning.add(begin, end);
    run.times.clones = static_cast<int>(pool.clone_intervals().size());
    teardown_start_offset = seconds_since(running_start);
  }
  const auto teardown_start = Clock::now();
  const bool completed = !outcome.interrupted && !outcome.infrastructure_error;
  const std::string server_problem = session.finish(completed ? options.keep_pool.value_or(run.workers) : 0);
  run.times.cloning = cloning.wall_seconds();
  run.times.cloning_summed = cloning.summed_seconds();
  run.times.running = teardown_start_offset;
  run.times.tearing_down = seconds_since(teardown_start);
  logs.phase("running", running_start, teardown_start);
  logs.phase("tearing down", teardown_start, Clock::now());

  run.interrupted = outcome.interrupted;
  run.stopped_by_failfast = outcome.stopped_by_failfast;
  if (outcome.failed_stage) run.failed_stage = describe_stage(options, *outcome.failed_stage);
  run.worker_restarts = outcome.worker_restarts;
  run.databases_not_kept = outcome.databases_not_kept;
  run.unfinished_tests = outcome.unfinished_tests;
  run.settle_retries();
  int reported = 0;
  for (const auto& r : run.results) reported += !r.suite_error && r.attempt == 1 && !r.from_earlier_part ? 1 : 0;
  run.tests_not_run = planned_tests - reported - static_cast<int>(run.unfinished_tests.size());
  for (const auto& key : options.expected_signals) {
    const bool seen = std::any_of(run.signals.begin(), run.signals.end(), [&](const auto& s) { return s.key == key; });
    if (!seen) run.missing_signals.push_back(key);
  }

  // The run is over unless it was cut short: only a cut-short run can be resumed.
  if (!outcome.interrupted && !outcome.infrastructure_error && server_problem.empty()) journal.finish();
  printer->finish();
  save_state(state, history, run, record, selection, options, *printer);
  printer->print(format_summary(
      run, {options.verbose, options.durations, options.slow_after_seconds, Style{detect_printer_options(false).colour}}));
  if (options.github_annotations) printer->print(github_annotations(run, options.github_workspace));
  if (options.junit_xml) write_junit_xml(*options.junit_xml, run);

  // A server that went away explains the rest, and says what is left on it.
  if (!server_problem.empty()) throw InfrastructureError(server_problem);
  if (outcome.infrastructure_error) throw InfrastructureError(*outcome.infrastructure_error);
  if (outcome.interrupted) return 130;
  return run.failed() > 0 || !run.missing_signals.empty() ? 1 : 0;
}

// The logs' last word: a run that ended before it could say how it started
// says it now, with what it knew.
void finish_logs(RunLogs& logs, const RunFacts& facts, RunResults& run, const RunEnd& end) {
  if (!logs.started()) logs.run_started(facts);
  run.settle_retries();
  logs.run_finished(run, end);
}

}  // namespace

int run_tests(const Options& options) {
  const auto run_start = Clock::now();
  // Before anything is made: a log that cannot be written stops the run here.
  RunLogs logs = open_run_logs(options, run_start);
  RunFacts facts = run_facts(options);
  RunResults run;
  int code = 0;
  try {
    code = run_logged(options, run_start, logs, facts, run);
  } catch (const std::exception& e) {
    try {
      finish_logs(logs, facts, run, {2, mask_password(e.what())});
    } catch (const std::exception&) {
      // The error that ended the run is the one to report.
    }
    throw;
  }
  finish_logs(logs, facts, run, {code, ""});
  return code;
}

}  // namespace dbtest::runner
