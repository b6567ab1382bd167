#include "scheduling_rules.hpp"

#include <algorithm>
#include <optional>

#include "discovery/gtest_filter.hpp"

namespace dbtest::runner {

void mark_scheduling_rules(const Options& options, std::vector<WorkUnit>& units) {
  if (options.serial.empty() && options.groups.empty()) return;
  const std::optional<TestFilter> serial =
      options.serial.empty() ? std::nullopt : std::optional<TestFilter>(TestFilter(options.serial));
  std::vector<TestFilter> groups;
  for (const auto& g : options.groups) groups.emplace_back(g.patterns);
  for (auto& unit : units) {
    // A unit is as strict as its strictest test: --dist suite keeps a
    // suite together, so the rule covers the whole suite.
    const auto any_matches = [&unit](const TestFilter& f) {
      return std::any_of(unit.tests.begin(), unit.tests.end(), [&f](const std::string& t) { return f.matches(t); });
    };
    unit.serial = serial && any_matches(*serial);
    unit.groups.clear();
    for (std::size_t g = 0; g < groups.size(); ++g) {
      if (any_matches(groups[g])) unit.groups.push_back(static_cast<int>(g));
    }
  }
}

std::vector<int> group_limits(const Options& options) {
  std::vector<int> limits;
  for (const auto& g : options.groups) limits.push_back(g.limit);
  return limits;
}

std::string rule_marks(const Options& options, const std::string& test_name) {
  std::string marks;
  if (!options.serial.empty() && TestFilter(options.serial).matches(test_name)) marks += " [serial]";
  for (const auto& g : options.groups) {
    if (TestFilter(g.patterns).matches(test_name)) marks += " [group " + g.name + "]";
  }
  return marks;
}

}  // namespace dbtest::runner
