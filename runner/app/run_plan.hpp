// Step two of a run: which units of work run, in which order, from the
// selection, the options and the history of earlier runs (--reverse,
// --shuffle, --last-failed, --failed-first, --repeat, --sequence, --replay).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "cli/options.hpp"
#include "schedule/unit_order.hpp"
#include "schedule/work_plan.hpp"
#include "state/run_history.hpp"
#include "selection.hpp"

namespace dbtest::runner {

struct RunPlan {
  std::vector<WorkUnit> units;  // ids set: each unit's index
  // The scheduler must hand the units out as they are ordered here.
  bool keep_order = false;
  // --sequence and --replay run on one worker.
  std::optional<int> workers;
  OrderMode order = OrderMode::planned;
  std::optional<std::uint64_t> seed;
  // Lines to print before the run ("dbtest: shuffled with seed ...").
  std::vector<std::string> notes;
  int test_count() const;
};

// `planned` is what plan_work made of the selection. Throws UsageError when
// the options ask for what the history or the binaries cannot give (a run or
// a worker that is not recorded, a test no binary has).
RunPlan make_run_plan(const Options& options, const Selection& selection, std::vector<WorkUnit> planned,
                      const RunHistory& history);

// The workers --parallel asks for, or the CPUs this process may use.
int requested_workers(const Options& options);

// "shuffled with seed N; --shuffle=N repeats this order": printed at the start
// and in the summary.
std::string seed_note(std::uint64_t seed);

// The index of the binary in `selection` whose key is `key`; nullopt when this
// run has no such binary.
std::optional<int> binary_with_key(const Selection& selection, const std::string& key);

}  // namespace dbtest::runner
