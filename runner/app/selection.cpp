#include "selection.hpp"

#include <algorithm>

#include "discovery/gtest_filter.hpp"
#include "discovery/gtest_listing.hpp"

namespace dbtest::runner {

Selection select_tests(const Options& options, const std::filesystem::path& scratch) {
  Selection selection;
  const TestFilter filter(options.filter);
  const auto list_limit = std::chrono::milliseconds(static_cast<long long>(options.list_timeout_seconds * 1000));
  for (std::size_t i = 0; i < options.binaries.size(); ++i) {
    const auto& binary = options.binaries[i];
    selection.binary_names.push_back(binary.string());
    selection.binary_keys.push_back(binary.lexically_normal().generic_string());
    Listing listing = list_tests(binary, options.test_args, list_limit, scratch);
    selection.plain.push_back(listing.plain());
    auto& positions = selection.positions.emplace_back();
    selection.tests.reserve(selection.tests.size() + listing.tests.size());
    for (auto& test : listing.tests) {
      // Only a plain binary's runs are cut by these (see plain_runs); at
      // 100,000 tests a map for every binary would cost time and memory.
      if (listing.plain()) positions.emplace(test.full_name(), static_cast<int>(positions.size()));
      if (test.disabled() && !options.run_disabled) continue;
      if (!filter.matches(test.full_name())) continue;
      selection.tests.push_back({static_cast<int>(i), std::move(test)});
    }
  }
  return selection;
}

bool Selection::any_plain() const { return std::find(plain.begin(), plain.end(), true) != plain.end(); }
bool Selection::all_plain() const { return std::find(plain.begin(), plain.end(), false) == plain.end(); }

}  // namespace dbtest::runner
