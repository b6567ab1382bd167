// --serial, --group and --stage, as the scheduler sees them: marks on the
// units that hold a matching test, each group's limit and each stage's
// workers.
#pragma once

#include <string>
#include <vector>

#include "cli/options.hpp"
#include "schedule/work_plan.hpp"

namespace dbtest::runner {

// Marks the units, cuts a unit whose tests fall in different stages into one
// unit per stage, and orders the units by stage (keeping their order within
// one). Sets each unit's limits from dbtest.toml's overrides (their timeout
// and retries), whose group puts the tests they match in that group.
// Returns notes for the user: the suites that were cut.
std::vector<std::string> mark_scheduling_rules(const Options& options, std::vector<WorkUnit>& units);
std::vector<int> group_limits(const Options& options);
// Per stage, tests in no --stage last: at most this many workers (0: no
// limit). Under --dist isosuite, a stage per suite. Empty without either.
std::vector<int> stage_workers(const Options& options, const std::vector<WorkUnit>& units);
// " [serial]", " [group NAME]", " [timeout 5 s]", " [retries 2]": what --list
// shows after a test's name.
std::string rule_marks(const Options& options, const std::string& test_name);
// The retries a failed test gets: its override's, or --retries.
int retries_of(const Options& options, const std::string& test_name);
// Whether any test may be retried, so the summary counts flaky tests.
bool any_retries(const Options& options);
// "stage 2 (Api.*, at most 1 worker)": how --list and the summary name a stage.
std::string describe_stage(const Options& options, int stage);

}  // namespace dbtest::runner
