// Cuts the selected tests into units of work and orders them.
//
// A unit is what one worker runs in one go: by default a whole test suite, so
// SetUpTestSuite keeps its meaning; with --dist test, a single test. Units are
// handed out longest first, from durations recorded by earlier runs, so the
// run does not end waiting on one long suite that started last.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "distribution.hpp"
#include "discovery/gtest_listing.hpp"

namespace dbtest::runner {

struct SelectedTest {
  int binary = 0;  // index into Options::binaries
  TestCase test;
};

// A test's own limits, where they are not the run's (dbtest.toml's
// per-pattern overrides): unset, SchedulerConfig's apply.
struct TestLimits {
  std::optional<double> timeout_seconds;
  std::optional<int> retries;
};

struct WorkUnit {
  int binary = 0;
  std::vector<std::string> tests;  // full names, in the order to run them
  double estimate_seconds = 0;
  // Where the unit's first test stands in its binary's listing, which is
  // GoogleTest's registration order.
  int position = 0;
  // Runs on a worker started for it, on a fresh clone, and alone: a retry,
  // a replayed sequence, a probe of a hunt.
  bool needs_fresh_worker = false;
  // Who asked for the unit, handed back on its results (-1: nobody in particular).
  int id = -1;
  // 2 and up: a rerun of a failed test under --retries.
  int attempt = 1;
  // --serial: runs while no other unit runs anywhere in the run.
  bool serial = false;
  // --group: indexes into SchedulerConfig::group_limits; at most that many
  // units of a group run at once.
  std::vector<int> groups{};
  bool has_rules() const { return serial || !groups.empty(); }
  // --stage: index of the unit's stage. Every unit of a stage ends before a
  // unit of a later stage starts.
  int stage = 0;
  // The tests of the unit with limits of their own, by full name. Unlike the
  // rules above, limits hold nothing back, so a unit with them still shares
  // a batch.
  std::map<std::string, TestLimits> limits{};
};

// Seconds per test key, from earlier runs.
using Durations = std::map<std::string, double>;

// The key under which a test's duration is remembered.
std::string duration_key(const std::string& binary, const std::string& full_name);

// The median of the recorded durations: what a test never timed is assumed to take.
double typical_duration(const Durations& durations);
// The test's recorded seconds (`typical` when it has none), never less than
// half a millisecond: a plan of zeros cannot be balanced.
double estimated_seconds(const Durations& durations, const std::string& key, double typical);

std::vector<WorkUnit> plan_work(const std::vector<SelectedTest>& tests, const std::vector<std::string>& binary_keys,
                                Distribution dist, const Durations& durations);

}  // namespace dbtest::runner
