// --partition KIND:I/N: one of N disjoint parts of the selected tests, for
// suites split over CI jobs or Bazel shards. Every machine that runs a part
// computes the same cut from the same selection (and, for `time`, the same
// durations), so the N parts together run each selected test exactly once.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "distribution.hpp"
#include "work_plan.hpp"

namespace dbtest::runner {

enum class PartitionKind {
  hash,   // by a stable hash of the binary's file name and the unit's name
  slice,  // round-robin over the units in listing order
  time,   // longest processing time first over recorded durations
};

struct Partition {
  // nullopt: the default kind, `time` when a shared durations file is given,
  // `hash` otherwise (see default_partition_kind).
  std::optional<PartitionKind> kind;
  int index = 1;  // 1-based
  int count = 1;
};

std::string to_string(PartitionKind kind);

// "hash:2/3", "time:1/8", or "2/3" for the default kind. Throws UsageError.
Partition parse_partition(const std::string& text, const std::string& source);

// Durations that every part reads alike come from a shared file only: a state
// folder of one machine differs from another's.
PartitionKind default_partition_kind(bool shared_durations_file);

// The tests of part `partition.index`. A unit (a suite under --dist suite and
// isosuite, a test under --dist test) stays whole in one part. `binary_keys`
// name the binaries as durations are keyed; hashes use their file names only,
// so machines with different build folders agree.
std::vector<SelectedTest> tests_of_part(std::vector<SelectedTest> tests, const std::vector<std::string>& binary_keys,
                                        Distribution dist, const Durations& durations, PartitionKind kind,
                                        int index, int count);

// The index (0-based) of the part each unit goes to, for benchmarks and
// tests: `estimates` are the units' seconds in listing order, `names` their
// stable names.
std::vector<int> assign_parts(const std::vector<std::string>& names, const std::vector<double>& estimates,
                              PartitionKind kind, int count);

}  // namespace dbtest::runner
