// Joins JUnit XML reports, such as the parts of a partitioned run, into one:
// suites of the same name become one suite, and every count (tests,
// failures, errors, skipped, time) is the sum of the parts'.
#pragma once

#include <string>
#include <vector>

namespace dbtest::runner {

struct JunitReport {
  std::string name;  // for messages: the file it came from
  std::string xml;
};

// Throws UsageError naming the report that is not JUnit XML.
std::string merge_junit_reports(const std::vector<JunitReport>& reports);

}  // namespace dbtest::runner
