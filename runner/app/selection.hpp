// Step one of a run: ask every binary for its tests and keep the ones the
// user selected (--filter, DISABLED_ tests unless --run-disabled).
#pragma once

#include <map>
#include <string>
#include <vector>

#include "cli/options.hpp"
#include "schedule/work_plan.hpp"

namespace dbtest::runner {

struct Selection {
  std::vector<std::string> binary_names;  // as given, for people and reports
  std::vector<std::string> binary_keys;   // stable keys for the state folder
  // Per binary: not linked with dbtest::gtest_main, and, for such a plain
  // binary only, each listed test's place in its own order.
  std::vector<bool> plain;
  std::vector<std::map<std::string, int>> positions;
  std::vector<SelectedTest> tests;
  bool any_plain() const;
  bool all_plain() const;
};

// Binaries list their tests into files in `scratch`, the run's private folder.
Selection select_tests(const Options& options, const std::filesystem::path& scratch);

}  // namespace dbtest::runner
