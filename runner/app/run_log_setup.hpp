// The machine-readable logs a run was asked for (--events, --trace), opened
// before the run makes anything, and the facts of the run they start with.
#pragma once

#include <string>

#include "cli/options.hpp"
#include "report/run_logs.hpp"
#include "run_plan.hpp"

namespace dbtest::runner {

// Opens every log the options ask for. Throws UsageError naming a path that
// cannot be written.
RunLogs open_run_logs(const Options& options, RunLog::Clock::time_point run_start);

// What the options say of the run; the caller adds what the run learns
// (run id, backend, workers, tests, order).
RunFacts run_facts(const Options& options);
// The order the plan chose, as docs/events.md names it.
void add_plan(RunFacts& facts, const Options& options, const RunPlan& plan);

}  // namespace dbtest::runner
