// Builders of run results for the report tests.
#pragma once

#include <string>

#include "report/run_results.hpp"

namespace dbtest::unit {

inline runner::TestResult result(const std::string& full_name, runner::Outcome outcome, double seconds = 0.01,
                                 int binary = 0) {
  runner::TestResult r;
  r.binary = binary;
  r.name = full_name;
  r.suite = full_name.substr(0, full_name.rfind('.'));
  r.outcome = outcome;
  r.seconds = seconds;
  r.slot = 1;
  if (runner::is_failure(outcome)) r.failures = {{"orders_test.cpp", 42, "Expected equality of these values"}};
  return r;
}

inline runner::TestResult suite_error(const std::string& suite, int binary = 0) {
  runner::TestResult r;
  r.binary = binary;
  r.suite = suite;
  r.name = suite;
  r.suite_error = true;
  r.outcome = runner::Outcome::failed;
  r.failures = {{"", 0, "SetUpTestSuite failed"}};
  return r;
}

}  // namespace dbtest::unit
