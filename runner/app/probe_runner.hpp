// Runs sequences of tests, each in a worker of its own on a fresh clone, as
// many at once as there are workers, and says how one test ended in each.
// The probes of a hunt go through it.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "run_session.hpp"
#include "schedule/outcome.hpp"

namespace dbtest::runner {

class ProcessWorkerPool;

class ProbeRunner {
 public:
  ProbeRunner(RunSession& session, const Selection& selection, int binary, int workers);
  ~ProbeRunner();

  // For each sequence of `binary`'s tests: how `watched` ended when it ran
  // last in that sequence; nullopt when it did not get to run (a test before
  // it took the worker down). Throws Interrupted when the user stopped the
  // run, InfrastructureError when workers could not run.
  std::vector<std::optional<Outcome>> run(const std::vector<std::vector<std::string>>& sequences,
                                          const std::string& watched);
  int probes_run() const { return probes_; }

  struct Interrupted {};

 private:
  RunSession& session_;
  int binary_;
  int workers_;
  int probes_ = 0;
  std::unique_ptr<ProcessWorkerPool> pool_;
};

}  // namespace dbtest::runner
