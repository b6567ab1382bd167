// GitHub Actions' workflow commands for a run's failures: a line
// `::error file=F,line=L,title=T::MESSAGE` per failed assertion, which
// GitHub shows on the pull request at that line. Printed when
// GITHUB_ACTIONS=true, after the summary, for the results that are final.
#pragma once

#include <string>

#include "run_results.hpp"

namespace dbtest::runner {

// `workspace` (GITHUB_WORKSPACE) is cut from absolute file names, since
// GitHub places annotations by paths relative to the repository.
std::string github_annotations(const RunResults& run, const std::string& workspace);

}  // namespace dbtest::runner
