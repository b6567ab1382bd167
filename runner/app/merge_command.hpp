// `dbtest merge-reports`: joins what the parts of a partitioned run wrote,
// JUnit XML reports, event streams or durations files, into one file.
#pragma once

#include "cli/options.hpp"

namespace dbtest::runner {

// Reads every input before writing the output, which is written whole or
// not at all; a missing or unreadable input is a UsageError.
int run_merge_reports(const Options& options);

}  // namespace dbtest::runner
