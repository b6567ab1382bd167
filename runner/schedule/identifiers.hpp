// One test as the runner names it: which binary holds it and its full name.
#pragma once

#include <compare>
#include <string>

namespace dbtest::runner {

struct TestId {
  int binary = 0;    // index into the run's binaries (Options::binaries)
  std::string name;  // full name, "Suite.Test"

  // Spelled out: libc++ before 16 has no <=> for std::string, which makes a
  // defaulted one deleted.
  friend std::strong_ordering operator<=>(const TestId& a, const TestId& b) {
    if (const auto by_binary = a.binary <=> b.binary; by_binary != 0) return by_binary;
    return a.name.compare(b.name) <=> 0;
  }
  friend bool operator==(const TestId&, const TestId&) = default;
};

}  // namespace dbtest::runner
