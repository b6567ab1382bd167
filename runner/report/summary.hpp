// The text printed when a run ends. Its last line always reads
// "N passed, N failed, N skipped", the line CI systems look for.
#pragma once

#include <string>

#include "run_results.hpp"
#include "text_format.hpp"

namespace dbtest::runner {

struct SummaryOptions {
  bool verbose = false;
  int durations = 0;  // show the N slowest tests
  double slow_after_seconds = 60;  // --slow-after: tests that ran this long are listed
  Style style;
};

std::string format_summary(const RunResults& results, const SummaryOptions& options);

}  // namespace dbtest::runner
