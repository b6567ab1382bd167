#include "work_plan.hpp"

#include <algorithm>

namespace dbtest::runner {
namespace {

// GoogleTest times tests in whole milliseconds, so a quick test is recorded
// as 0; it still costs something, and a plan of zeros cannot be balanced.
constexpr double kShortestEstimate = 0.0005;

}  // namespace

// A test never timed before is assumed to take as long as a typical one that
// was, so new tests neither jump the queue nor wait behind everything.
double typical_duration(const Durations& durations) {
  if (durations.empty()) return 0.001;
  std::vector<double> values;
  for (const auto& [key, seconds] : durations) values.push_back(seconds);
  std::nth_element(values.begin(), values.begin() + static_cast<std::ptrdiff_t>(values.size() / 2), values.end());
  return values[values.size() / 2];
}

double estimated_seconds(const Durations& durations, const std::string& key, double typical) {
  const auto known = durations.find(key);
  return std::max(kShortestEstimate, known != durations.end() ? known->second : typical);
}

std::string duration_key(const std::string& binary, const std::string& full_name) {
  return binary + "::" + full_name;
}

std::vector<WorkUnit> plan_work(const std::vector<SelectedTest>& tests, const std::vector<std::string>& binary_keys,
                                Distribution dist, const Durations& durations) {
  const double typical = typical_duration(durations);
  std::vector<WorkUnit> units;
  std::map<std::pair<int, std::string>, std::size_t> unit_of_suite;
  for (std::size_t i = 0; i < tests.size(); ++i) {
    const auto& t = tests[i];
    const std::string full = t.test.full_name();
    const double estimate =
        estimated_seconds(durations, duration_key(binary_keys.at(static_cast<std::size_t>(t.binary)), full), typical);
    std::size_t index;
    if (dist == Distribution::suite) {
      auto [it, fresh] = unit_of_suite.try_emplace({t.binary, t.test.suite}, units.size());
      if (fresh) units.push_back({t.binary, {}, 0, static_cast<int>(i)});
      index = it->second;
    } else {
      index = units.size();
      units.push_back({t.binary, {}, 0, static_cast<int>(i)});
    }
    units[index].tests.push_back(full);
    units[index].estimate_seconds += estimate;
  }
  std::stable_sort(units.begin(), units.end(),
                   [](const WorkUnit& a, const WorkUnit& b) { return a.estimate_seconds > b.estimate_seconds; });
  return units;
}

}  // namespace dbtest::runner
