// Hands units of work to worker slots as they become free, collects what the
// workers report, and copes with workers that die.
//
// Workers pull work: a slot gets its next unit when it reports the previous
// one done, so a slow suite never holds up the others. A worker that dies in
// the middle of a test costs that test alone: it is reported crashed, the rest
// of its unit goes back to the front of the queue, and the slot starts over on
// a fresh clone.
#pragma once

#include <chrono>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "outcome.hpp"
#include "work_plan.hpp"
#include "worker_pool.hpp"

namespace dbtest::runner {

// Why a worker process ended, for the reports that show each worker.
enum class WorkerEndReason {
  finished,     // told to shut down: no work left for it
  replaced,     // it went so that the next work gets a fresh worker: a retry,
                // a unit that needs a worker of its own, another binary,
                // --check-clean=reclone, --keep-failed-db
  crashed,      // it died on its own, or could not start
  timed_out,    // --timeout or --run-timeout killed it
  interrupted,  // the run was interrupted
  stopped,      // the run stopped: an infrastructure error, too many restarts
};
std::string_view to_string(WorkerEndReason reason);

struct WorkerEnd {
  WorkerEndReason reason = WorkerEndReason::finished;
  std::string description;  // the process's end: "exit status 0", "killed by signal 9 (SIGKILL)"
};

// What the scheduler tells the rest of the run. The calls with a body are
// for the reports that draw the run (--events, --trace); an observer that
// only counts results need not know them.
class RunObserver {
 public:
  virtual ~RunObserver() = default;
  virtual void test_started(int slot, int binary, const std::string& name) = 0;
  virtual void test_finished(const TestResult& result) = 0;
  virtual void published(int slot, const std::string& key, const std::string& value) = 0;
  // The slot's worker said hello: its clone is open.
  virtual void worker_started(int slot, double setup_seconds) = 0;
  // Called about ten times a second while the run waits, for status lines.
  virtual void tick() = 0;
  // A worker process is asked for in `slot`: its clone is made, then it is
  // spawned, then it says hello (worker_started) or ends.
  virtual void worker_starting(int /*slot*/, int /*binary*/) {}
  // The pool made the clone of the slot's next worker, in `seconds`.
  virtual void clone_made(int /*slot*/, double /*seconds*/) {}
  // The slot's worker was sent a batch of tests; `attempt` is 2 and up for a
  // rerun under --retries.
  virtual void batch_started(int /*slot*/, std::uint64_t /*batch*/, const std::vector<std::string>& /*tests*/,
                             int /*attempt*/) {}
  // The worker said it finished the batch. A worker that ends in the middle
  // of one reports worker_ended instead.
  virtual void batch_finished(int /*slot*/, std::uint64_t /*batch*/) {}
  // The slot's worker process is gone. Comes after the result of the test it
  // was running when it died.
  virtual void worker_ended(int /*slot*/, const WorkerEnd& /*end*/) {}
};

struct SchedulerConfig {
  int slots = 1;
  std::optional<double> timeout_seconds;
  bool failfast = false;
  int max_worker_restarts = 4;
  // Under timeout_seconds, the least time a worker gets to have its clone
  // made and say hello: making a clone is the server's pace, not the test's.
  double startup_seconds = 120;
  // --run-timeout: when the whole run must be over, and the limit it came
  // from, for messages.
  std::optional<std::chrono::steady_clock::time_point> run_deadline;
  double run_timeout_seconds = 0;
  // Asked after a test fails, at most four times a second, or sooner when
  // ten more tests failed since: what is wrong with the database server, or
  // "" when it answers. A server that went away ends the run at once instead
  // of failing every test that is left.
  std::function<std::string()> server_check;
  // Units are handed out strictly in the order given (--reverse, --shuffle,
  // a replay): a worker takes the unit at the front of the queue, and units
  // run together in one batch only when they are next to each other.
  bool keep_order = false;
  // --retries: a failed test runs again, alone on a fresh worker, up to this
  // many more times. A test's own (WorkUnit::limits) comes first, and so
  // does its own timeout before `timeout_seconds`.
  int retries = 0;
  // --group: how many units of each group (WorkUnit::groups) may run at once.
  std::vector<int> group_limits;
  // --stage: the most workers each stage (WorkUnit::stage) may use at once;
  // 0, or a stage past the end, is no limit beyond `slots`.
  std::vector<int> stage_workers;
  // --keep-going: a stage with a failure does not stop the later stages.
  bool keep_going = false;
  // --warnings-as-errors: a test that passed with warnings failed.
  bool warnings_as_errors = false;
  // --check-clean: what a test that left its clone changed costs it: a
  // warning ("report", "reclone": then its worker ends and the rest of the
  // batch gets a fresh one) or a failure ("fail").
  std::string check_clean;
  // --keep-failed-db: how many clones of failed tests to keep; 0 is off.
  int keep_failed_databases = 0;
  // --dist isosuite: the set-up and teardown of dbtest::suite_resource() are
  // the master's to hand out (scheduler_resources.cpp). Each suite is a stage.
  bool isosuite = false;
};

struct SchedulerOutcome {
  bool interrupted = false;
  bool stopped_by_failfast = false;
  std::optional<std::string> infrastructure_error;
  int worker_restarts = 0;
  int units_not_run = 0;  // left in the queue by --failfast or an interrupt
  // Tests that were running when the run was cut short (interrupt, or an
  // infrastructure error): they have no result.
  std::vector<std::string> unfinished_tests;
  // The stage whose failure kept the later stages from running (not with
  // --keep-going).
  std::optional<int> failed_stage;
  // --keep-failed-db: failed tests whose clone was not kept, past the limit.
  int databases_not_kept = 0;
};

class Scheduler {
 public:
  Scheduler(WorkerPool& pool, RunObserver& observer, SchedulerConfig config, std::vector<WorkUnit> units);

  // Runs until every unit is done, the run is stopped, or `interrupted`
  // returns true.
  SchedulerOutcome run(const std::function<bool()>& interrupted);

 private:
  enum class State { empty, starting, idle, busy, stopping };
  struct Slot {
    State state = State::empty;
    int binary = -1;
    std::optional<WorkUnit> unit;  // running, or waiting for the worker to start
    std::uint64_t batch = 0;
    std::set<std::string> finished;
    std::optional<std::string> current;
    std::chrono::steady_clock::time_point current_since;
    // When the slot last started a worker, a batch or the gap after a test:
    // --timeout covers those stretches too, so a hang outside tests ends.
    std::chrono::steady_clock::time_point phase_since;
    // A kill was sent: the worker is going, whatever it still reports.
    bool kill_sent = false;
    // ...and it was sent because --timeout or --run-timeout ran out: what to
    // say of the test that was running. Empty for other kills.
    std::string timeout_message;
    // The worker runs one unit and goes (WorkUnit::needs_fresh_worker).
    bool single_use = false;
    // The suite between SuiteStarted and SuiteFinished, if any.
    std::optional<std::string> suite;
    std::string fatal_message;
    // The worker reported a failure of a global environment: when it then
    // says it cannot go on (WorkerFatal) and ends, that is no crash.
    bool environment_failed = false;
    // --check-clean=reclone: a test left the clone changed and the worker
    // ends after it. No crash: the rest of its work goes to a fresh one.
    bool retiring_for_a_fresh_clone = false;
    // The tests this worker's clone has seen, in order, for --keep-failed-db.
    std::vector<std::string> ran_on_clone;
    // --dist isosuite: the suite whose shared teardown the worker runs.
    std::optional<std::string> tearing_down;
    // Why the master sent it Shutdown or a kill, when it did.
    std::optional<WorkerEndReason> ending;
  };

  // --dist isosuite: one suite's shared resource (dbtest::suite_resource()).
  struct Resource {
    int stage = 0;
    enum class State { not_asked, setting_up, ready, failed } state = State::not_asked;
    int setup_slot = -1;
    int setup_deaths = 0;
    std::string error;
    std::set<int> waiting;     // slots blocked in suite_resource() until the set-up is done
    std::set<int> registered;  // slots whose worker holds the teardown
    enum class Teardown { not_due, running, done } teardown = Teardown::not_due;
  };

  void dispatch();
  void hand_out(int slot_id, WorkUnit unit);
  void handle(const PoolEvent& event);
  void handle_message(int slot_id, Slot& slot, const protocol::WorkerMessage& message);
  void handle_exit(int slot_id, Slot& slot, const WorkerExit& exit);
  void settle_exit(int slot_id, Slot& slot, const WorkerExit& exit);
  // Why the slot's worker, which just exited, ended.
  WorkerEndReason end_reason(const Slot& slot) const;
  void report_death_outside_tests(int slot_id, Slot& slot, const WorkUnit& unit, const WorkerExit& exit);
  // Puts the tests of `unit` the slot's worker did not finish back at the
  // front of the queue.
  void requeue_unfinished(const Slot& slot, const WorkUnit& unit);
  // Counts a worker that ended before its work was done; past
  // --max-worker-restarts the run stops.
  void count_restart(const std::string& last);
  // Reports a result of `unit`, which says the result's unit id and attempt;
  // null for a result that comes after its unit was set aside (an interrupt).
  void report(TestResult result, const WorkUnit* unit);
  void check_timeouts();
  // The limit of `test`, running on `slot`: its own, or the run's.
  std::optional<double> timeout_of(const Slot& slot, const std::string& test) const;
  void check_run_deadline();
  void check_server();
  void kill_all();
  bool all_empty() const;
  // Whether `unit` may start now: its stage is the earliest with work left
  // and has a worker to spare, a serial unit runs alone, and no group runs
  // more units than its limit. Units that slots hold (running, starting, or
  // set aside for a successor) count, but `except_slot`'s.
  bool may_start(const WorkUnit& unit, int except_slot) const;
  // The earliest stage of a unit queued or held by a slot.
  int earliest_open_stage() const;
  // After a failure in `stage`: the units of later stages are not run.
  void drop_stages_after(int stage);
  std::optional<WorkUnit> take_unit_for(int binary);
  std::optional<WorkUnit> take_work_for(int binary);
  // Queues a rerun of a failed test when --retries allows one; whether it did.
  bool retry_if_allowed(const TestResult& result);

  // --dist isosuite (scheduler_resources.cpp).
  void resource_wanted(int slot_id, Slot& slot, const std::string& suite);
  void resource_set_up(int slot_id, Slot& slot, const protocol::ResourceSetUp& m);
  void resource_torn_down(int slot_id, Slot& slot, const protocol::ResourceTornDown& m);
  // A worker ended: its roles pass on.
  void resources_lose_worker(int slot_id, Slot& slot);
  // Hands out the teardown of each suite whose tests have all ended.
  void start_due_teardowns();
  // A suite of a stage before `stage` still has its teardown to run.
  bool teardown_pending_before(int stage) const;
  // The worker of `slot_id` holds a teardown that has not run yet.
  bool holds_pending_teardown(int slot_id) const;
  void report_suite_failure(int binary, const std::string& suite, int slot_id, const std::string& message);

  WorkerPool& pool_;
  RunObserver& observer_;
  SchedulerConfig config_;
  std::deque<WorkUnit> queue_;
  std::map<int, Slot> slots_;
  std::uint64_t next_batch_ = 1;
  bool stop_dispatch_ = false;
  bool shutting_down_ = false;  // no worker may be started again
  int failures_since_server_check_ = 0;
  // The server check found the server gone: failures that arrive after it
  // (the worker ran ahead of the master) are its echo, not news.
  bool server_gone_ = false;
  std::chrono::steady_clock::time_point last_server_check_{};
  // Global environment failures already reported, by binary and text: every
  // worker runs the environments itself, and the same failure again is no news.
  std::set<std::pair<int, std::string>> environment_failures_;
  SchedulerOutcome outcome_;
  int kept_databases_ = 0;
  std::map<std::pair<int, std::string>, Resource> resources_;
  // What workers published, for the workers of an isosuite suite.
  std::map<std::string, std::string> published_;
  // The rules of each test's unit, for its retries: a unit without tests.
  std::map<std::pair<int, std::string>, WorkUnit> rules_;
};

}  // namespace dbtest::runner
