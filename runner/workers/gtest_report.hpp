// The JSON report a GoogleTest binary writes with --gtest_output=json:FILE
// when its run ends: each test's exact result, time and failure messages.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "protocol/messages.hpp"

namespace dbtest::runner {

struct ReportedTest {
  protocol::TestStatus status = protocol::TestStatus::passed;
  double seconds = 0;
  std::vector<protocol::Failure> failures;
};

struct GtestReport {
  std::map<std::string, ReportedTest> tests;  // by full name; only tests that ran
  // Failures outside every suite: a global environment's SetUp or TearDown.
  std::vector<protocol::Failure> environment_failures;
};

// Nothing when `json` is not such a report (a run that died before writing it).
std::optional<GtestReport> parse_gtest_report(const std::string& json);

}  // namespace dbtest::runner
