// A JUnit XML report, the format CI systems read: one <testsuite> per
// GoogleTest suite, one <testcase> per test, failures with their messages and
// the test's output.
#pragma once

#include <filesystem>
#include <string>

#include "run_results.hpp"

namespace dbtest::runner {

std::string junit_xml(const RunResults& results);

// Writes the report atomically. Throws InfrastructureError.
void write_junit_xml(const std::filesystem::path& path, const RunResults& results);

}  // namespace dbtest::runner
