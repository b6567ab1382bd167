#include "scheduler.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>

namespace dbtest::runner {
namespace {

template <class... Ts>
struct overloaded : Ts... {
  using Ts::operator()...;
};
// Clang before 17 deduces no template arguments for an aggregate (C++20's
// P1816) without this guide.
template <class... Ts>
overloaded(Ts...) -> overloaded<Ts...>;

std::string suite_of(const std::string& full_name) { return full_name.substr(0, full_name.rfind('.')); }

// How a worker died: the reason it gave itself (a broken channel, say), or
// how the OS says it ended.
template <class Slot>
std::string death_of(const Slot& slot, const WorkerExit& exit) {
  return slot.fatal_message.empty() ? exit.description : slot.fatal_message + " (" + exit.description + ")";
}

// How long a worker may take to exit after Shutdown before it is killed.
constexpr double kShutdownGraceSeconds = 10;

}  // namespace

std::string_view to_string(Outcome outcome) {
  switch (outcome) {
    case Outcome::passed: return "passed";
    case Outcome::failed: return "failed";
    case Outcome::skipped: return "skipped";
    case Outcome::crashed: return "crashed";
    case Outcome::timed_out: return "timed out";
  }
  return "unknown";
}

std::string_view to_string(WorkerEndReason reason) {
  switch (reason) {
    case WorkerEndReason::finished: return "finished";
    case WorkerEndReason::replaced: return "replaced";
    case WorkerEndReason::crashed: return "crashed";
    case WorkerEndReason::timed_out: return "timed_out";
    case WorkerEndReason::interrupted: return "interrupted";
    case WorkerEndReason::stopped: return "stopped";
  }
  return "unknown";
}

Scheduler::Scheduler(WorkerPool& pool, RunObserver& observer, SchedulerConfig config, std::vector<WorkUnit> units)
    : pool_(pool), observer_(observer), config_(config), queue_(units.begin(), units.end()) {
  const int slots = std::max(1, std::min<int>(config_.slots, static_cast<int>(queue_.size())));
  for (int i = 1; i <= slots; ++i) slots_[i] = Slot{};
  for (const auto& unit : queue_) {
    if (!unit.has_rules() && unit.stage == 0 && unit.limits.empty()) continue;
    WorkUnit rules = unit;
    rules.tests.clear();
    rules.limits.clear();
    for (const auto& name : unit.tests) {
      auto& own = rules_[{unit.binary, name}] = rules;
      if (const auto limits = unit.limits.find(name); limits != unit.limits.end()) own.limits.insert(*limits);
    }
  }
}

int Scheduler::earliest_open_stage() const {
  int earliest = std::numeric_limits<int>::max();
  for (const auto& unit : queue_) earliest = std::min(earliest, unit.stage);
  for (const auto& [id, slot] : slots_) {
    if (slot.unit) earliest = std::min(earliest, slot.unit->stage);
  }
  return earliest;
}

bool Scheduler::may_start(const WorkUnit& unit, int except_slot) const {
  if (unit.stage != earliest_open_stage() || teardown_pending_before(unit.stage)) return false;
  const auto stage = static_cast<std::size_t>(unit.stage);
  const int stage_limit = stage < config_.stage_workers.size() ? config_.stage_workers[stage] : 0;
  if (!unit.has_rules() && stage_limit == 0 && std::none_of(slots_.begin(), slots_.end(), [](const auto& s) {
        return s.second.unit && s.second.unit->serial;
      })) {
    return true;
  }
  std::vector<int> in_group(config_.group_limits.size(), 0);
  int in_stage = 0;
  bool others = false;
  for (const auto& [id, slot] : slots_) {
    if (id == except_slot || !slot.unit) continue;
    others = true;
    if (slot.unit->serial) return false;
    for (const int g : slot.unit->groups) ++in_group.at(static_cast<std::size_t>(g));
    in_stage += slot.unit->stage == unit.stage ? 1 : 0;
  }
  if (unit.serial && others) return false;
  if (stage_limit > 0 && in_stage >= stage_limit) return false;
  return std::all_of(unit.groups.begin(), unit.groups.end(), [&](int g) {
    return in_group.at(static_cast<std::size_t>(g)) < config_.group_limits.at(static_cast<std::size_t>(g));
  });
}

void Scheduler::drop_stages_after(int stage) {
  if (outcome_.failed_stage && *outcome_.failed_stage <= stage) return;
  outcome_.failed_stage = stage;
  // Nothing of a later stage has started: the earliest stage with work
  // left is this one until its last unit ends.
  queue_.erase(std::remove_if(queue_.begin(), queue_.end(), [stage](const WorkUnit& u) { return u.stage > stage; }),
               queue_.end());
}

SchedulerOutcome Scheduler::run(const std::function<bool()>& interrupted) {
  if (queue_.empty()) return outcome_;
  dispatch();
  while (!all_empty()) {
    if (!outcome_.interrupted && interrupted()) {
      outcome_.interrupted = true;
      kill_all();
    }
    if (auto event = pool_.wait(std::chrono::milliseconds(100))) handle(*event);
    check_timeouts();
    check_run_deadline();
    check_server();
    observer_.tick();
  }
  outcome_.units_not_run = static_cast<int>(queue_.size());
  for (const auto& [id, slot] : slots_) {
    if (slot.unit) ++outcome_.units_not_run;  // set aside for a worker that never came
  }
  return outcome_;
}

bool Scheduler::all_empty() const {
  return std::all_of(slots_.begin(), slots_.end(), [](const auto& s) { return s.second.state == State::empty; });
}

void Scheduler::kill_all() {
  shutting_down_ = true;
  stop_dispatch_ = true;
  for (auto& [id, slot] : slots_) {
    if (slot.state == State::empty) continue;
    if (slot.state == State::busy) {
      if (slot.current) outcome_.unfinished_tests.push_back(*slot.current);
      slot.unit.reset();  // started, so not counted among the units never run
    }
    pool_.kill(id);
    slot.state = State::stopping;
    slot.kill_sent = true;
    slot.ending = outcome_.interrupted ? WorkerEndReason::interrupted : WorkerEndReason::stopped;
  }
}

std::optional<WorkUnit> Scheduler::take_unit_for(int binary) {
  if (queue_.empty() || stop_dispatch_) return std::nullopt;
  const auto allowed = [this](const WorkUnit& u) { return may_start(u, -1); };
  // Prefer work for the binary the worker already runs: a new process (and a
  // new clone) costs more than taking the second-longest unit first.
  auto it = config_.keep_order ? queue_.end()
                               : std::find_if(queue_.begin(), queue_.end(), [&](const WorkUnit& u) {
                                   return u.binary == binary && !u.needs_fresh_worker && allowed(u);
                                 });
  if (it == queue_.end()) {
    // In a given order only the front may go; otherwise the first allowed.
    it = config_.keep_order ? (allowed(queue_.front()) ? queue_.begin() : queue_.end())
                            : std::find_if(queue_.begin(), queue_.end(), allowed);
  }
  if (it == queue_.end()) return std::nullopt;  // all of it waits for what runs
  WorkUnit unit = std::move(*it);
  queue_.erase(it);
  return unit;
}

// Guided scheduling: while much work is left, a worker takes several small
// units at once, up to a share of what remains, so a suite of quick tests
// does not cost a round trip and a GoogleTest run of its own. Near the end the
// share shrinks to single units, which keeps the finish balanced.
std::optional<WorkUnit> Scheduler::take_work_for(int binary) {
  auto first = take_unit_for(binary);
  // --failfast promises no new unit after a failure: units go one by one.
  // A unit that needs a worker of its own runs alone.
  // A unit with rules runs alone, so the rules count it exactly.
  if (!first || config_.failfast || first->needs_fresh_worker || first->has_rules()) return first;
  double remaining = first->estimate_seconds;
  for (const auto& u : queue_) remaining += u.estimate_seconds;
  const double share = 4.0 * static_cast<double>(slots_.size());
  const double budget = remaining / share;
  // Counted in units too, so estimates of zero cannot pull everything into
  // one chunk and leave the other workers idle.
  const auto most_units = static_cast<std::size_t>(std::ceil(static_cast<double>(queue_.size() + 1) / share));
  std::vector<WorkUnit> chunk{std::move(*first)};
  double estimate = chunk.front().estimate_seconds;
  for (auto it = queue_.begin(); it != queue_.end() && chunk.size() < most_units;) {
    if (it->binary != chunk.front().binary || it->needs_fresh_worker || it->has_rules() ||
        it->stage != chunk.front().stage || estimate + it->estimate_seconds > budget) {
      // In a given order, a batch is a run of neighbours.
      if (config_.keep_order) break;
      ++it;
      continue;
    }
    estimate += it->estimate_seconds;
    chunk.push_back(std::move(*it));
    it = queue_.erase(it);
  }
  if (chunk.size() == 1) return std::move(chunk.front());
  // In registration order, the worker runs the whole chunk in few GoogleTest
  // runs; an order that was asked for is kept as it is.
  if (!config_.keep_order) {
    std::stable_sort(chunk.begin(), chunk.end(),
                     [](const WorkUnit& a, const WorkUnit& b) { return a.position < b.position; });
  }
  WorkUnit merged{chunk.front().binary, {}, estimate, chunk.front().position};
  merged.stage = chunk.front().stage;
  for (auto& u : chunk) {
    merged.tests.insert(merged.tests.end(), u.tests.begin(), u.tests.end());
    merged.limits.insert(u.limits.begin(), u.limits.end());
  }
  return merged;
}

void Scheduler::hand_out(int slot_id, WorkUnit unit) {
  Slot& slot = slots_[slot_id];
  slot.batch = next_batch_++;
  slot.finished.clear();
  slot.current.reset();
  slot.state = State::busy;
  slot.phase_since = std::chrono::steady_clock::now();
  slot.single_use = unit.needs_fresh_worker;
  observer_.batch_started(slot_id, slot.batch, unit.tests, unit.attempt);
  pool_.send(slot_id, protocol::RunBatch{slot.batch, unit.tests});
  slot.unit = std::move(unit);
}

void Scheduler::dispatch() {
  start_due_teardowns();
  for (auto& [id, slot] : slots_) {
    if (slot.state == State::idle) {
      // A worker that ran a unit of its own goes; its clone is not clean.
      // So does one whose clone is to be kept or replaced.
      const bool goes = slot.single_use || slot.retiring_for_a_fresh_clone;
      auto unit = goes ? std::nullopt : take_work_for(slot.binary);
      if (unit && unit->binary == slot.binary && !unit->needs_fresh_worker) {
        hand_out(id, std::move(*unit));
        continue;
      }
      // Work that waits for a serial test or a full group: this worker
      // waits with it rather than go.
      if (!unit && !goes && !stop_dispatch_ && !queue_.empty()) continue;
      // A worker that holds a suite's teardown stays until it ran.
      if (!unit && !goes && holds_pending_teardown(id) && !shutting_down_) continue;
      // No work, or work for another binary or for a fresh worker: this
      // worker goes, and the unit waits for its successor.
      pool_.send(id, protocol::Shutdown{});
      slot.state = State::stopping;
      slot.ending = unit || (goes && !queue_.empty()) ? WorkerEndReason::replaced : WorkerEndReason::finished;
      slot.phase_since = std::chrono::steady_clock::now();
      slot.unit = std::move(unit);
    } else if (slot.state == State::empty && !shutting_down_) {
      std::optional<WorkUnit> unit = std::move(slot.unit);
      slot.unit.reset();
      if (unit && stop_dispatch_) {
        queue_.push_front(std::move(*unit));  // set aside before --failfast stopped the run
        continue;
      }
      if (unit && !may_start(*unit, id)) {
        queue_.push_front(std::move(*unit));  // set aside, and since then a serial test or a group filled up
        unit.reset();
      }
      if (!unit) unit = take_work_for(-1);
      if (!unit) continue;
      slot.binary = unit->binary;
      slot.unit = std::move(unit);
      slot.fatal_message.clear();
      slot.environment_failed = false;
      slot.retiring_for_a_fresh_clone = false;
      slot.ran_on_clone.clear();
      slot.tearing_down.reset();
      slot.kill_sent = false;
      slot.timeout_message.clear();
      slot.single_use = false;
      slot.suite.reset();
      slot.ending.reset();
      slot.state = State::starting;
      slot.phase_since = std::chrono::steady_clock::now();
      observer_.worker_starting(id, slot.binary);
      pool_.start(id, slot.binary);
    }
  }
}

void Scheduler::handle(const PoolEvent& event) {
  Slot& slot = slots_[event.slot];
  std::visit(overloaded{
                 [&](const protocol::WorkerMessage& m) { handle_message(event.slot, slot, m); },
                 [&](const WorkerExit& e) { handle_exit(event.slot, slot, e); },
                 [&](const CloneMade& c) { observer_.clone_made(event.slot, c.seconds); },
             },
             event.what);
  dispatch();
}

void Scheduler::report(TestResult result, const WorkUnit* unit) {
  if (server_gone_ && is_failure(result.outcome)) return;
  if (unit) {
    result.unit_id = unit->id;
    result.attempt = unit->attempt;
  }
  if (is_failure(result.outcome)) ++failures_since_server_check_;
  // A failure that gets another chance is not yet a failure of the run.
  const bool retried = retry_if_allowed(result);
  result.retry_follows = retried;
  if (is_failure(result.outcome) && !retried && config_.failfast && !stop_dispatch_) {
    stop_dispatch_ = true;
    outcome_.stopped_by_failfast = true;
  }
  if (is_failure(result.outcome) && !retried && !config_.keep_going && unit && !config_.stage_workers.empty()) {
    drop_stages_after(unit->stage);
  }
  observer_.test_finished(result);
}

void Scheduler::handle_message(int slot_id, Slot& slot, const protocol::WorkerMessage& message) {
  std::visit(overloaded{
      [&](const protocol::Hello& m) {
        observer_.worker_started(slot_id, m.setup_seconds);
        if (slot.state != State::starting) return;
        if (slot.unit) {
          WorkUnit unit = std::move(*slot.unit);
          slot.unit.reset();
          if (stop_dispatch_) {
            queue_.push_front(std::move(unit));
            slot.state = State::idle;
          } else {
            hand_out(slot_id, std::move(unit));
          }
        } else {
          slot.state = State::idle;
        }
      },
      [&](const protocol::TestStarted& m) {
        if (m.batch != slot.batch) return;
        slot.current = m.name;
        slot.current_since = std::chrono::steady_clock::now();
        observer_.test_started(slot_id, slot.binary, m.name);
      },
      [&](const protocol::TestFinished& m) {
        if (m.batch != slot.batch) return;
        slot.finished.insert(m.name);
        // A plain binary's failed test is reported when its run ends, after
        // later tests may have started: only the test's own end clears it.
        if (slot.current == m.name) {
          slot.current.reset();
          slot.phase_since = std::chrono::steady_clock::now();
        }
        Outcome outcome = m.status == protocol::TestStatus::passed    ? Outcome::passed
                          : m.status == protocol::TestStatus::skipped ? Outcome::skipped
                                                                      : Outcome::failed;
        TestResult result{slot.binary, suite_of(m.name), m.name, false, outcome, m.seconds, slot_id, m.failures, m.output};
        result.warnings = m.warnings;
        if (!m.changed_tables.empty()) {
          std::string changes;
          for (const auto& t : m.changed_tables) changes += (changes.empty() ? "" : ", ") + t;
          const std::string what = "left the database changed: " + changes;
          if (config_.check_clean == "fail") {
            if (result.outcome == Outcome::passed) result.outcome = Outcome::failed;
            result.failures.push_back({"", 0, what + " (--check-clean=fail)"});
          } else {
            result.warnings.push_back(what);
          }
          slot.retiring_for_a_fresh_clone = config_.check_clean == "reclone";
        }
        if (config_.keep_failed_databases > 0 && m.status == protocol::TestStatus::failed) {
          // A linked worker ends after the failure; a plain one, after its batch.
          slot.retiring_for_a_fresh_clone = true;
          if (kept_databases_ < config_.keep_failed_databases) {
            result.kept_database = pool_.keep_clone(slot_id);
            result.ran_before_on_clone = slot.ran_on_clone;
          }
          if (result.kept_database.empty()) ++outcome_.databases_not_kept;
          else ++kept_databases_;
        }
        slot.ran_on_clone.push_back(m.name);
        if (result.outcome == Outcome::passed && !result.warnings.empty() && config_.warnings_as_errors) {
          result.outcome = Outcome::failed;
          for (const auto& w : result.warnings) result.failures.push_back({"", 0, "warning (--warnings-as-errors): " + w});
        }
        report(std::move(result), slot.unit ? &*slot.unit : nullptr);
      },
      [&](const protocol::SuiteError& m) {
        if (m.suite.empty()) {
          slot.environment_failed = true;
          std::string text;
          for (const auto& f : m.failures) text += fmt::format("{}:{}: {}\n", f.file, f.line, f.message);
          if (!environment_failures_.insert({slot.binary, text}).second) return;
        }
        const std::string suite = m.suite.empty() ? "(global environment)" : m.suite;
        report({slot.binary, suite, suite, true, Outcome::failed, 0, slot_id, m.failures, m.output},
               slot.unit ? &*slot.unit : nullptr);
      },
      [&](const protocol::Published& m) {
        if (config_.isosuite) published_[m.key] = m.value;
        observer_.published(slot_id, m.key, m.value);
      },
      [&](const protocol::SuiteStarted& m) {
        if (m.batch == slot.batch) slot.suite = m.suite;
      },
      [&](const protocol::SuiteFinished& m) {
        if (m.batch == slot.batch) slot.suite.reset();
      },
      [&](const protocol::BatchDone& m) {
        if (m.batch != slot.batch || !slot.unit) return;
        for (const auto& name : slot.unit->tests) {
          if (slot.finished.count(name)) continue;
          report({slot.binary, suite_of(name), name, false, Outcome::failed, 0, slot_id,
                  {{"", 0, "the worker finished its batch without running this test"}}, {}},
                 &*slot.unit);
        }
        observer_.batch_finished(slot_id, m.batch);
        slot.unit.reset();
        slot.current.reset();
        slot.suite.reset();
        // A worker already being killed gets no more work: its exit is coming.
        slot.state = slot.kill_sent ? State::stopping : State::idle;
      },
      [&](const protocol::WorkerFatal& m) { slot.fatal_message = m.message; },
      [&](const protocol::ResourceWanted& m) { resource_wanted(slot_id, slot, m.suite); },
      [&](const protocol::ResourceSetUp& m) { resource_set_up(slot_id, slot, m); },
      [&](const protocol::ResourceTornDown& m) { resource_torn_down(slot_id, slot, m); },
      [&](const protocol::DatabaseWanted&) {},  // the pool answers it
  }, message);
}

WorkerEndReason Scheduler::end_reason(const Slot& slot) const {
  if (!slot.timeout_message.empty()) return WorkerEndReason::timed_out;
  if (slot.ending) return *slot.ending;
  // It ended itself, as it was to: its clone is kept or replaced.
  if (slot.retiring_for_a_fresh_clone && !slot.current) return WorkerEndReason::replaced;
  return WorkerEndReason::crashed;
}

void Scheduler::handle_exit(int slot_id, Slot& slot, const WorkerExit& exit) {
  const WorkerEnd end{end_reason(slot), death_of(slot, exit)};
  settle_exit(slot_id, slot, exit);
  observer_.worker_ended(slot_id, end);
}

void Scheduler::settle_exit(int slot_id, Slot& slot, const WorkerExit& exit) {
  const State was = slot.state;
  slot.state = State::empty;
  resources_lose_worker(slot_id, slot);
  if (was == State::starting && !shutting_down_) {
    // A worker that cannot start will not start on a second try either.
    std::string why = !slot.timeout_message.empty() ? slot.timeout_message
                      : slot.fatal_message.empty()   ? exit.description
                                                     : slot.fatal_message;
    if (slot.fatal_message.empty() && !exit.output_tail.text.empty()) why += ": " + exit.output_tail.text;
    while (!why.empty() && (why.back() == '\n' || why.back() == '\r')) why.pop_back();
    outcome_.infrastructure_error = "worker " + std::to_string(slot_id) + " could not start: " + why;
    if (slot.unit) queue_.push_front(std::move(*slot.unit));
    slot.unit.reset();
    kill_all();
    return;
  }
  if (was != State::busy || !slot.unit) return;

  WorkUnit unit = std::move(*slot.unit);
  slot.unit.reset();
  if (slot.retiring_for_a_fresh_clone && !slot.current && slot.timeout_message.empty()) {
    requeue_unfinished(slot, unit);
    return;
  }
  if (slot.environment_failed && !slot.fatal_message.empty() && !slot.current && slot.timeout_message.empty()) {
    // A global environment failed fatally, the worker said so and ended, as
    // it must: GoogleTest would skip every later test in that process. No
    // crash to report: what it had not run goes to a fresh worker. Only a
    // worker that ran nothing counts as a restart, so a run whose every
    // worker fails this way ends at --max-worker-restarts.
    requeue_unfinished(slot, unit);
    if (shutting_down_ || !slot.finished.empty()) return;
    count_restart("its global environment failed: " + slot.fatal_message);
    return;
  }
  if (slot.current) {
    const bool timed_out = !slot.timeout_message.empty();
    const std::string message = timed_out ? slot.timeout_message + "; the worker was killed"
                                          : "the worker crashed while running this test: " + exit.description;
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - slot.current_since).count();
    report({slot.binary, suite_of(*slot.current), *slot.current, false,
            timed_out ? Outcome::timed_out : Outcome::crashed, seconds, slot_id, {{"", 0, message}},
            exit.output_tail},
           &unit);
    slot.finished.insert(*slot.current);
    slot.current.reset();
  } else {
    report_death_outside_tests(slot_id, slot, unit, exit);
  }
  requeue_unfinished(slot, unit);
  if (shutting_down_) return;
  count_restart(exit.description);
}

void Scheduler::requeue_unfinished(const Slot& slot, const WorkUnit& unit) {
  WorkUnit rest = unit;
  rest.tests.clear();
  rest.estimate_seconds = 0;
  for (const auto& name : unit.tests) {
    if (!slot.finished.count(name)) rest.tests.push_back(name);
  }
  if (!rest.tests.empty()) queue_.push_front(std::move(rest));
}

void Scheduler::count_restart(const std::string& last) {
  if (++outcome_.worker_restarts > config_.max_worker_restarts) {
    outcome_.infrastructure_error = "workers died " + std::to_string(outcome_.worker_restarts) +
                                    " times (--max-worker-restarts " + std::to_string(config_.max_worker_restarts) +
                                    "); the last one: " + last;
    kill_all();
  }
}

// A worker that dies between tests was in suite set-up or tear-down or in a
// global environment. The suite is blamed, and its unrun tests are not
// retried: they would only kill the next worker the same way.
void Scheduler::report_death_outside_tests(int slot_id, Slot& slot, const WorkUnit& unit, const WorkerExit& exit) {
  // The suite the worker said it was in; failing that, the next one it had to run.
  std::string suite = suite_of(unit.tests.back());
  if (slot.suite) {
    suite = *slot.suite;
  } else {
    for (const auto& name : unit.tests) {
      if (!slot.finished.count(name)) {
        suite = suite_of(name);
        break;
      }
    }
  }
  const bool timed_out = !slot.timeout_message.empty();
  const std::string message =
      timed_out ? slot.timeout_message + " outside any test (suite set-up or tear-down, or an environment)"
                : "the worker crashed outside any test (suite set-up or tear-down, or an environment): " + death_of(slot, exit);
  report({slot.binary, suite, suite, true, timed_out ? Outcome::timed_out : Outcome::crashed, 0, slot_id,
          {{"", 0, message}}, exit.output_tail},
         &unit);
  for (const auto& name : unit.tests) {
    if (suite_of(name) == suite) slot.finished.insert(name);
  }
}

bool Scheduler::retry_if_allowed(const TestResult& result) {
  if (!is_failure(result.outcome) || result.suite_error) return false;
  const auto rules = rules_.find({result.binary, result.name});
  const TestLimits* limits = nullptr;
  if (rules != rules_.end()) {
    if (const auto own = rules->second.limits.find(result.name); own != rules->second.limits.end()) limits = &own->second;
  }
  if (result.attempt > (limits && limits->retries ? *limits->retries : config_.retries)) return false;
  WorkUnit rerun{result.binary, {result.name}, 0, 0};
  rerun.needs_fresh_worker = true;
  if (rules != rules_.end()) {
    rerun.serial = rules->second.serial;
    rerun.groups = rules->second.groups;
    rerun.stage = rules->second.stage;
    rerun.limits = rules->second.limits;
  }
  rerun.id = result.unit_id;
  rerun.attempt = result.attempt + 1;
  queue_.push_back(std::move(rerun));
  return true;
}

void Scheduler::check_timeouts() {
  const auto now = std::chrono::steady_clock::now();
  for (auto& [id, slot] : slots_) {
    // A worker told to shut down that does not (a hang in a static
    // destructor, say) is ended, so the run never waits on it forever.
    const double grace = std::min(kShutdownGraceSeconds, config_.timeout_seconds.value_or(kShutdownGraceSeconds));
    if (slot.state == State::stopping && !slot.kill_sent &&
        std::chrono::duration<double>(now - slot.phase_since).count() > grace) {
      slot.kill_sent = true;
      pool_.kill(id);
    }
  }
  for (auto& [id, slot] : slots_) {
    if ((slot.state != State::busy && slot.state != State::starting) || slot.kill_sent) continue;
    const auto since = slot.current ? slot.current_since : slot.phase_since;
    const auto timeout = slot.current ? timeout_of(slot, *slot.current) : config_.timeout_seconds;
    if (!timeout) continue;
    // Starting includes waiting for a clone, which is the server's pace, not the test's.
    const double limit = slot.state == State::starting ? std::max(*timeout, config_.startup_seconds) : *timeout;
    if (std::chrono::duration<double>(now - since).count() > limit) {
      slot.kill_sent = true;
      slot.timeout_message = slot.state == State::starting ? fmt::format("it did not answer within {:g} s", limit)
                                                           : fmt::format("timed out after {:g} s", limit);
      pool_.kill(id);
    }
  }
}

std::optional<double> Scheduler::timeout_of(const Slot& slot, const std::string& test) const {
  if (slot.unit) {
    const auto own = slot.unit->limits.find(test);
    if (own != slot.unit->limits.end() && own->second.timeout_seconds) return own->second.timeout_seconds;
  }
  return config_.timeout_seconds;
}

// The run's own deadline: the tests that are running are killed and reported
// as timed out, like a --timeout; nothing else starts, and the run ends as an
// infrastructure error, since what was asked for was not all done.
void Scheduler::check_run_deadline() {
  if (!config_.run_deadline || shutting_down_ || std::chrono::steady_clock::now() < *config_.run_deadline) return;
  outcome_.infrastructure_error = fmt::format("the run did not finish within {:g} s (--run-timeout)", config_.run_timeout_seconds);
  shutting_down_ = true;
  stop_dispatch_ = true;
  for (auto& [id, slot] : slots_) {
    if (slot.state == State::empty || slot.kill_sent) continue;
    slot.kill_sent = true;
    slot.ending = WorkerEndReason::stopped;
    // A worker between two tests is stopped without blame.
    if (slot.state == State::busy && slot.current) {
      slot.timeout_message = fmt::format("the run reached its limit of {:g} s (--run-timeout)", config_.run_timeout_seconds);
    } else {
      slot.state = State::stopping;
    }
    pool_.kill(id);
  }
}

void Scheduler::check_server() {
  if (failures_since_server_check_ == 0 || !config_.server_check || shutting_down_) return;
  const auto now = std::chrono::steady_clock::now();
  // Tests on a dead server fail in no time: a burst of failures asks again
  // before the quarter second is up.
  if (now - last_server_check_ < std::chrono::milliseconds(250) && failures_since_server_check_ < 10) return;
  failures_since_server_check_ = 0;
  last_server_check_ = now;
  std::string problem = config_.server_check();
  if (problem.empty()) return;
  server_gone_ = true;
  outcome_.infrastructure_error = std::move(problem);
  kill_all();
}

}  // namespace dbtest::runner
