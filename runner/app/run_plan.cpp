#include "run_plan.hpp"

#include <fmt/format.h>

#include <set>

#include "base/errors.hpp"
#include "platform/cpu_count.hpp"

namespace dbtest::runner {
namespace {


// The binary that holds every one of `names`, for a sequence that one worker
// runs: a worker is one process of one binary.
int binary_holding(const Selection& selection, const std::vector<std::string>& names) {
  for (std::size_t b = 0; b < selection.binary_names.size(); ++b) {
    std::set<std::string> held;
    for (const auto& t : selection.tests) {
      if (t.binary == static_cast<int>(b)) held.insert(t.test.full_name());
    }
    bool all = true;
    for (const auto& name : names) all = all && held.count(name) > 0;
    if (all) return static_cast<int>(b);
  }
  for (const auto& name : names) {
    bool found = false;
    for (const auto& t : selection.tests) found = found || t.test.full_name() == name;
    if (!found) throw UsageError("--sequence: no selected test is named '" + name + "'");
  }
  throw UsageError("--sequence: the tests are not all in one test binary");
}

WorkUnit fresh_unit(int binary, std::vector<std::string> tests) {
  WorkUnit unit{binary, std::move(tests), 0, 0};
  unit.needs_fresh_worker = true;
  return unit;
}

// --replay RUN:WORKER: each process the worker slot started, on a fresh clone
// of its own, one after another, as they ran.
std::vector<WorkUnit> replayed_units(const Options& options, const Selection& selection, const RunHistory& history,
                                     std::vector<std::string>& notes) {
  const auto& [run_id, slot_number] = *options.replay;
  std::string warning;
  std::vector<std::string> warnings;
  const auto record = run_id == "last" ? history.load_latest(warnings) : history.load(run_id, warning);
  if (!record) {
    throw UsageError(run_id == "last" ? "--replay: no run is recorded in " + options.state_dir.string()
                                      : warning.empty() ? "--replay: run " + run_id + " is not recorded in " +
                                                              options.state_dir.string()
                                                        : "--replay: " + warning);
  }
  const SlotHistory* slot = nullptr;
  for (const auto& s : record->slots) {
    if (s.slot == slot_number) slot = &s;
  }
  if (!slot) {
    throw UsageError(fmt::format("--replay: run {} had no worker {} (it had {})", record->id, slot_number,
                                 record->slots.size()));
  }
  std::vector<WorkUnit> units;
  for (const auto& process : slot->processes) {
    if (process.tests.empty()) continue;
    const std::string& key = record->binaries.at(static_cast<std::size_t>(process.tests.front().binary));
    const auto binary = binary_with_key(selection, key);
    if (!binary) throw UsageError("--replay: run " + record->id + " ran " + key + ", which is not among the binaries given");
    std::vector<std::string> names;
    for (const auto& t : process.tests) names.push_back(t.name);
    units.push_back(fresh_unit(*binary, std::move(names)));
  }
  if (units.empty()) throw UsageError(fmt::format("--replay: worker {} of run {} ran no test", slot_number, record->id));
  int tests = 0;
  for (const auto& u : units) tests += static_cast<int>(u.tests.size());
  notes.push_back(fmt::format("dbtest: replaying worker {} of run {} ({}): {} test{} in {} process{}, each on a fresh "
                              "clone",
                              slot_number, record->id, record->started_at, tests, tests == 1 ? "" : "s", units.size(),
                              units.size() == 1 ? "" : "es"));
  return units;
}

// The tests that failed in the latest recorded run, as tests of this run.
std::set<TestId> failed_last_time(const Selection& selection, const RunHistory& history, std::vector<std::string>& notes) {
  std::vector<std::string> warnings;
  const auto record = history.load_latest(warnings);
  for (const auto& w : warnings) notes.push_back("dbtest: warning: " + w);
  std::set<TestId> failed;
  if (!record) return failed;
  for (const auto& t : failed_tests(*record)) {
    if (auto binary = binary_with_key(selection, record->binaries.at(static_cast<std::size_t>(t.binary)))) {
      failed.insert({*binary, t.name});
    }
  }
  return failed;
}

std::vector<WorkUnit> only_tests(std::vector<WorkUnit> units, const std::set<TestId>& keep) {
  std::vector<WorkUnit> out;
  for (auto& unit : units) {
    std::vector<std::string> tests;
    for (auto& name : unit.tests) {
      if (keep.count({unit.binary, name})) tests.push_back(std::move(name));
    }
    if (tests.empty()) continue;
    unit.tests = std::move(tests);
    out.push_back(std::move(unit));
  }
  return out;
}

}  // namespace

int RunPlan::test_count() const {
  int n = 0;
  for (const auto& u : units) n += static_cast<int>(u.tests.size());
  return n;
}

int requested_workers(const Options& options) {
  return std::max(1, options.parallel.value_or(platform::usable_cpu_count()));
}

std::string seed_note(std::uint64_t seed) {
  return fmt::format("shuffled with seed {0}; --shuffle={0} repeats this order", format_seed(seed));
}

std::optional<int> binary_with_key(const Selection& selection, const std::string& key) {
  for (std::size_t b = 0; b < selection.binary_keys.size(); ++b) {
    if (selection.binary_keys[b] == key) return static_cast<int>(b);
  }
  return std::nullopt;
}

RunPlan make_run_plan(const Options& options, const Selection& selection, std::vector<WorkUnit> planned,
                      const RunHistory& history) {
  RunPlan plan;
  if (!options.sequence.empty()) {
    plan.units = {fresh_unit(binary_holding(selection, options.sequence), options.sequence)};
    plan.keep_order = true;
    plan.workers = 1;
  } else if (options.replay) {
    plan.units = replayed_units(options, selection, history, plan.notes);
    plan.keep_order = true;
    plan.workers = 1;
  } else {
    plan.units = std::move(planned);
    if (options.last_failed || options.failed_first) {
      const auto failed = failed_last_time(selection, history, plan.notes);
      if (failed.empty()) {
        plan.notes.push_back("dbtest: no test failed in the last recorded run; running every selected test");
      } else if (options.last_failed) {
        plan.units = only_tests(std::move(plan.units), failed);
        const int kept = plan.test_count();
        if (kept == 0) {
          throw UsageError(fmt::format("--last-failed: none of the {} test{} that failed in the last recorded run is "
                                       "selected",
                                       failed.size(), failed.size() == 1 ? "" : "s"));
        }
        plan.notes.push_back(fmt::format("dbtest: running the {} test{} that failed last time{}", kept,
                                         kept == 1 ? "" : "s",
                                         static_cast<std::size_t>(kept) < failed.size()
                                             ? fmt::format(" ({} more not selected)", failed.size() - kept)
                                             : ""));
      } else {
        plan.units = put_tests_first(std::move(plan.units), failed, true);
        plan.keep_order = true;
      }
    }
    if (options.reverse) {
      plan.order = OrderMode::reverse;
      plan.units = reverse_order(std::move(plan.units));
      plan.keep_order = true;
    } else if (options.shuffle) {
      const auto seed = options.shuffle->empty() ? std::optional<std::uint64_t>(make_seed()) : parse_seed(*options.shuffle);
      if (!seed) throw UsageError("--shuffle takes a seed of digits only, not '" + *options.shuffle + "'");
      plan.order = OrderMode::shuffle;
      plan.seed = *seed;
      plan.units = shuffle_order(std::move(plan.units), *seed, options.dist);
      plan.keep_order = true;
      plan.notes.push_back("dbtest: " + seed_note(*seed));
    }
    const std::vector<WorkUnit> once = plan.units;
    for (int i = 1; i < options.repeat; ++i) plan.units.insert(plan.units.end(), once.begin(), once.end());
  }
  for (std::size_t i = 0; i < plan.units.size(); ++i) plan.units[i].id = static_cast<int>(i);
  return plan;
}

}  // namespace dbtest::runner
