// Which tests a binary holds, as GoogleTest lists them with --gtest_list_tests.
#pragma once

#include <chrono>
#include <filesystem>
#include <string>
#include <vector>

namespace dbtest::runner {

struct TestCase {
  std::string suite;  // "Nums/Param", "Typed/0", "Orders"
  std::string name;   // "Positive/0", "Zero", "CountsLines"
  std::string full_name() const { return suite + "." + name; }
  bool disabled() const;  // suite or test named DISABLED_*
};

struct Listing {
  int protocol_version = 0;  // 0: the binary does not link dbtest::gtest_main
  std::vector<TestCase> tests;
  // A plain GoogleTest binary: no marker line, but GoogleTest's own JSON
  // listing (1.10 and later write one for --gtest_output with
  // --gtest_list_tests), which a program that is not a GoogleTest binary
  // does not write.
  bool plain() const { return protocol_version == 0; }
};

// Parses what a binary printed for --gtest_list_tests under DBTEST_DISCOVER,
// including the "dbtest-worker-protocol N" line dbtest::gtest_main adds.
Listing parse_listing(const std::string& text);

// Whether `json` is GoogleTest's JSON listing of a binary's tests.
bool is_gtest_json_listing(const std::string& json);

// Runs `binary --gtest_list_tests ARGS...`, keeping what it prints in
// `scratch` (the run's private folder) meanwhile. Throws UsageError when the
// binary is missing, fails, takes longer than `time_limit` (it is killed
// then), is not a GoogleTest binary, or speaks another dbtest protocol.
Listing list_tests(const std::filesystem::path& binary, const std::vector<std::string>& args,
                   std::chrono::milliseconds time_limit, const std::filesystem::path& scratch);

}  // namespace dbtest::runner
