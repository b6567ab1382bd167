// The variables that mean an option of dbtest's: GoogleTest's GTEST_*
// (which dbtest keeps from its children and applies as its own options) and
// Bazel's test protocol. Applied by parse_command_line after the command line.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "base/errors.hpp"
#include "options.hpp"

namespace dbtest::runner {

// GoogleTest reads GTEST_* variables from its environment, and the test
// binaries would inherit dbtest's. dbtest strips them from every child
// (child_environment.cpp) and applies each here as its own option instead,
// with a note, or refuses it when it cannot mean the same thing.
class GtestEnvironment {
 public:
  explicit GtestEnvironment(const std::map<std::string, std::string>& environment) : environment_(environment) {}

  // The variable's value; nullopt when it is unset or empty (GoogleTest
  // treats an empty value as its default too).
  std::optional<std::string> get(const std::string& name) const {
    const auto it = environment_.find(name);
    if (it == environment_.end() || it->second.empty()) return std::nullopt;
    return it->second;
  }

  void applied(const std::string& variable, const std::string& value, const std::string& as) {
    notes.push_back(variable + "=" + value + " is applied as " + as);
    origins.push_back(variable + "=" + value + " stands for " + as);
  }
  void note(const std::string& text) { notes.push_back(text); }
  [[noreturn]] static void refuse(const std::string& text) { throw UsageError(text); }

  std::vector<std::string> notes;
  // For errors found later: which options came from the environment.
  std::vector<std::string> origins;

 private:
  const std::map<std::string, std::string>& environment_;
};

// GTEST_FILTER, GTEST_REPEAT, GTEST_SHUFFLE and GTEST_RANDOM_SEED,
// GTEST_ALSO_RUN_DISABLED_TESTS, GTEST_FAIL_FAST; `*_given`: the option was
// on the command line, so the variable must agree with it.
void apply_gtest_environment(GtestEnvironment& env, Options& o, bool filter_given, bool repeat_given,
                             bool shuffle_given, bool run_disabled_given, bool failfast_given);

// Bazel's test protocol (docs/ci.md), and GoogleTest's shard variables, which
// mean the same: the shard becomes a part of the default kind.
void apply_shard_and_bazel_environment(GtestEnvironment& env, Options& o, bool partition_given, bool filter_given,
                                       bool junit_given);

}  // namespace dbtest::runner
