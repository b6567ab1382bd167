// --serial and --group, as the scheduler sees them: marks on the units that
// hold a matching test, and each group's limit.
#pragma once

#include <string>
#include <vector>

#include "cli/options.hpp"
#include "schedule/work_plan.hpp"

namespace dbtest::runner {

void mark_scheduling_rules(const Options& options, std::vector<WorkUnit>& units);
std::vector<int> group_limits(const Options& options);
// " [serial]", " [group NAME]": what --list shows after a test's name.
std::string rule_marks(const Options& options, const std::string& test_name);

}  // namespace dbtest::runner
