// The path of one run, start to end: discover, plan, migrate the template,
// run the workers, tear down, report. Returns the exit status.
#pragma once

#include "cli/options.hpp"

namespace dbtest::runner {

int run_tests(const Options& options);

}  // namespace dbtest::runner
