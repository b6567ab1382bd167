#include "probe_runner.hpp"

#include <map>

#include "base/errors.hpp"
#include "platform/interrupt.hpp"
#include "schedule/scheduler.hpp"
#include "workers/process_worker_pool.hpp"

namespace dbtest::runner {
namespace {

// Keeps how the watched test ended in each probe; a hunt shows its own lines.
class ProbeObserver : public RunObserver {
 public:
  explicit ProbeObserver(std::string watched) : watched_(std::move(watched)) {}
  void test_started(int, int, const std::string&) override {}
  void test_finished(const TestResult& result) override {
    if (!result.suite_error && result.name == watched_) outcomes[result.unit_id] = result.outcome;
  }
  void published(int, const std::string&, const std::string&) override {}
  void worker_started(int, double) override {}
  void tick() override {}

  std::map<int, Outcome> outcomes;

 private:
  std::string watched_;
};

}  // namespace

ProbeRunner::ProbeRunner(RunSession& session, const Selection& selection, int binary, int workers)
    : session_(session), binary_(binary), workers_(workers),
      pool_(std::make_unique<ProcessWorkerPool>(session.worker_setup(workers, selection))) {}

ProbeRunner::~ProbeRunner() = default;

std::vector<std::optional<Outcome>> ProbeRunner::run(const std::vector<std::vector<std::string>>& sequences,
                                                     const std::string& watched) {
  std::vector<WorkUnit> units;
  for (std::size_t i = 0; i < sequences.size(); ++i) {
    WorkUnit unit{binary_, sequences[i], 0, 0};
    unit.needs_fresh_worker = true;
    unit.id = static_cast<int>(i);
    units.push_back(std::move(unit));
  }
  ProbeObserver observer(watched);
  SchedulerConfig config = session_.scheduler_config(workers_);
  config.keep_order = true;
  Scheduler scheduler(*pool_, observer, config, std::move(units));
  const auto outcome = scheduler.run(platform::interrupt_requested);
  probes_ += static_cast<int>(sequences.size());
  if (outcome.interrupted) throw Interrupted{};
  if (outcome.infrastructure_error) throw InfrastructureError(*outcome.infrastructure_error);
  std::vector<std::optional<Outcome>> out(sequences.size());
  for (const auto& [id, result] : observer.outcomes) out.at(static_cast<std::size_t>(id)) = result;
  return out;
}

}  // namespace dbtest::runner
