// One finished test, as the scheduler hands it to the reporters.
#pragma once

#include <string>
#include <vector>

#include "protocol/messages.hpp"

namespace dbtest::runner {

enum class Outcome { passed, failed, skipped, crashed, timed_out };

std::string_view to_string(Outcome outcome);
inline bool is_failure(Outcome o) { return o == Outcome::failed || o == Outcome::crashed || o == Outcome::timed_out; }

struct TestResult {
  int binary = 0;
  std::string suite;
  std::string name;  // full name "Suite.Test"; for a suite error, the suite's name
  bool suite_error = false;  // a failure outside any test of `suite`
  Outcome outcome = Outcome::passed;
  double seconds = 0;
  int slot = 0;
  std::vector<protocol::Failure> failures;
  protocol::Output output;
  int unit_id = -1;  // WorkUnit::id of the unit the test ran in
  int attempt = 1;   // 2 and up: a rerun under --retries
  // A failure that gets another attempt (--retries): known when the result
  // is reported, unlike `superseded`.
  bool retry_follows = false;
  // Set once the run is over (RunResults::settle_retries): a failure that a
  // later attempt of the same run of the test replaced, and a pass that came
  // after failures.
  bool superseded = false;
  bool flaky = false;
  // dbtest::warn() messages: a passed test with any "passed with warnings".
  std::vector<std::string> warnings{};
  // --resume: the result comes from the part of the run before it stopped.
  bool from_earlier_part = false;
  // --keep-failed-db: how to open the kept database of the failed test, and
  // the tests that ran on it before, in order.
  std::string kept_database{};
  std::vector<std::string> ran_before_on_clone{};
};

}  // namespace dbtest::runner
