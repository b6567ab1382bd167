#include "scheduling_rules.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <optional>
#include <type_traits>

#include "discovery/gtest_filter.hpp"

namespace dbtest::runner {
namespace {

// The stage of a test: the first --stage that matches it, or the last stage
// for a test no --stage names.
int stage_of(const std::vector<TestFilter>& stages, const std::string& test) {
  for (std::size_t s = 0; s < stages.size(); ++s) {
    if (stages[s].matches(test)) return static_cast<int>(s);
  }
  return static_cast<int>(stages.size());
}

// One unit per stage its tests fall in, in stage order.
std::vector<WorkUnit> split_by_stage(const WorkUnit& unit, const std::vector<TestFilter>& stages) {
  std::map<int, WorkUnit> parts;
  for (const auto& test : unit.tests) {
    const int stage = stage_of(stages, test);
    auto [part, added] = parts.try_emplace(stage, unit);
    if (added) part->second.tests.clear();
    part->second.stage = stage;
    part->second.tests.push_back(test);
  }
  std::vector<WorkUnit> out;
  for (auto& [stage, part] : parts) {
    // The estimate is shared out by tests, for want of anything better.
    part.estimate_seconds = unit.estimate_seconds * static_cast<double>(part.tests.size()) /
                            static_cast<double>(std::max<std::size_t>(1, unit.tests.size()));
    out.push_back(std::move(part));
  }
  return out;
}

// dbtest.toml's overrides with their filters read once. Each key of a test
// comes from the first override that matches it and has that key.
class Overrides {
 public:
  explicit Overrides(const std::vector<Options::TestOverride>& overrides) : overrides_(overrides) {
    for (const auto& o : overrides) filters_.emplace_back(o.filter);
  }
  bool empty() const { return overrides_.empty(); }

  template <class Member>
  auto first(Member member, const std::string& test) const -> std::remove_reference_t<decltype(Options::TestOverride{}.*member)> {
    for (std::size_t i = 0; i < overrides_.size(); ++i) {
      if (overrides_[i].*member && filters_[i].matches(test)) return overrides_[i].*member;
    }
    return std::nullopt;
  }
  TestLimits limits_of(const std::string& test) const {
    return {first(&Options::TestOverride::timeout_seconds, test), first(&Options::TestOverride::retries, test)};
  }

 private:
  const std::vector<Options::TestOverride>& overrides_;
  std::vector<TestFilter> filters_;
};

// --group's patterns, and the group an override puts a test in. A group of
// dbtest.toml's [groups] table has no patterns: only overrides fill it.
class GroupMembership {
 public:
  GroupMembership(const Options& options, const Overrides& overrides) : options_(options), overrides_(overrides) {
    for (const auto& g : options.groups) {
      patterns_.push_back(g.patterns.empty() ? std::nullopt : std::optional<TestFilter>(TestFilter(g.patterns)));
    }
  }
  bool contains(std::size_t group, const std::string& test) const {
    if (patterns_[group] && patterns_[group]->matches(test)) return true;
    const auto named = overrides_.first(&Options::TestOverride::group, test);
    return named && *named == options_.groups[group].name;
  }

 private:
  const Options& options_;
  const Overrides& overrides_;
  std::vector<std::optional<TestFilter>> patterns_;
};

}  // namespace

std::vector<std::string> mark_scheduling_rules(const Options& options, std::vector<WorkUnit>& units) {
  std::vector<std::string> notes;
  if (options.dist == Distribution::isosuite) {
    // Each suite a stage, in the order its first test comes.
    std::map<std::pair<int, std::string>, int> stage_of_suite;
    for (auto& unit : units) {
      const auto& first = unit.tests.front();
      const auto [it, fresh] = stage_of_suite.try_emplace({unit.binary, first.substr(0, first.rfind('.'))},
                                                          static_cast<int>(stage_of_suite.size()));
      unit.stage = it->second;
    }
    std::stable_sort(units.begin(), units.end(), [](const WorkUnit& a, const WorkUnit& b) { return a.stage < b.stage; });
  }
  if (!options.stages.empty()) {
    std::vector<TestFilter> stages;
    for (const auto& s : options.stages) stages.emplace_back(s.patterns);
    std::vector<WorkUnit> staged;
    for (const auto& unit : units) {
      auto parts = split_by_stage(unit, stages);
      if (parts.size() > 1) {
        std::string which;
        for (const auto& p : parts) which += (which.empty() ? "" : ", ") + std::to_string(p.stage + 1);
        const auto& first = unit.tests.front();
        notes.push_back("dbtest: note: suite " + first.substr(0, first.rfind('.')) + " has tests in stages " + which +
                        ": it runs as one unit per stage, and its SetUpTestSuite once in each");
      }
      for (auto& p : parts) staged.push_back(std::move(p));
    }
    std::stable_sort(staged.begin(), staged.end(), [](const WorkUnit& a, const WorkUnit& b) { return a.stage < b.stage; });
    units = std::move(staged);
  }
  const Overrides overrides(options.overrides);
  for (auto& unit : units) {
    unit.limits.clear();
    for (const auto& test : unit.tests) {
      const TestLimits limits = overrides.empty() ? TestLimits{} : overrides.limits_of(test);
      if (limits.timeout_seconds || limits.retries) unit.limits[test] = limits;
    }
  }
  if (options.serial.empty() && options.groups.empty()) return notes;
  const std::optional<TestFilter> serial =
      options.serial.empty() ? std::nullopt : std::optional<TestFilter>(TestFilter(options.serial));
  const GroupMembership groups(options, overrides);
  for (auto& unit : units) {
    // A unit is as strict as its strictest test: --dist suite keeps a
    // suite together, so the rule covers the whole suite.
    const auto any_matches = [&unit](const TestFilter& f) {
      return std::any_of(unit.tests.begin(), unit.tests.end(), [&f](const std::string& t) { return f.matches(t); });
    };
    unit.serial = serial && any_matches(*serial);
    unit.groups.clear();
    for (std::size_t g = 0; g < options.groups.size(); ++g) {
      if (std::any_of(unit.tests.begin(), unit.tests.end(), [&](const std::string& t) { return groups.contains(g, t); })) {
        unit.groups.push_back(static_cast<int>(g));
      }
    }
  }
  return notes;
}

std::vector<int> group_limits(const Options& options) {
  std::vector<int> limits;
  for (const auto& g : options.groups) limits.push_back(g.limit);
  return limits;
}

std::vector<int> stage_workers(const Options& options, const std::vector<WorkUnit>& units) {
  if (options.dist == Distribution::isosuite) {
    int stages = 0;
    for (const auto& u : units) stages = std::max(stages, u.stage + 1);
    return std::vector<int>(static_cast<std::size_t>(stages), 0);
  }
  if (options.stages.empty()) return {};
  std::vector<int> workers;
  for (const auto& s : options.stages) workers.push_back(s.workers);
  workers.push_back(0);  // the tests no --stage names
  return workers;
}

std::string rule_marks(const Options& options, const std::string& test_name) {
  std::string marks;
  if (!options.serial.empty() && TestFilter(options.serial).matches(test_name)) marks += " [serial]";
  const Overrides overrides(options.overrides);
  const GroupMembership groups(options, overrides);
  for (std::size_t g = 0; g < options.groups.size(); ++g) {
    if (groups.contains(g, test_name)) marks += " [group " + options.groups[g].name + "]";
  }
  const TestLimits limits = overrides.limits_of(test_name);
  if (limits.timeout_seconds) marks += " [timeout " + fmt::format("{:g}", *limits.timeout_seconds) + " s]";
  if (limits.retries) marks += " [retries " + std::to_string(*limits.retries) + "]";
  return marks;
}

int retries_of(const Options& options, const std::string& test_name) {
  return Overrides(options.overrides).first(&Options::TestOverride::retries, test_name).value_or(options.retries);
}

bool any_retries(const Options& options) {
  return options.retries > 0 || std::any_of(options.overrides.begin(), options.overrides.end(),
                                            [](const Options::TestOverride& o) { return o.retries.value_or(0) > 0; });
}

std::string describe_stage(const Options& options, int stage) {
  const auto index = static_cast<std::size_t>(stage);
  const std::string number = "stage " + std::to_string(stage + 1);
  if (index >= options.stages.size()) return number + " (the tests no --stage names)";
  const auto& s = options.stages[index];
  if (s.workers == 0) return number + " (" + s.patterns + ")";
  return number + " (" + s.patterns + ", at most " + std::to_string(s.workers) + " worker" + (s.workers == 1 ? "" : "s") + ")";
}

}  // namespace dbtest::runner
