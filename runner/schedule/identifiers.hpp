// One test as the runner names it: which binary holds it and its full name.
#pragma once

#include <compare>
#include <string>

namespace dbtest::runner {

struct TestId {
  int binary = 0;    // index into the run's binaries (Options::binaries)
  std::string name;  // full name, "Suite.Test"

  friend auto operator<=>(const TestId&, const TestId&) = default;
  friend bool operator==(const TestId&, const TestId&) = default;
};

}  // namespace dbtest::runner
