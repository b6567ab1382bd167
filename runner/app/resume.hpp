// --resume: which part of the last, unfinished run is done, and what is left
// to run. The journal (state/run_journal.hpp) holds the results.
#pragma once

#include <set>
#include <string>
#include <utility>
#include <vector>

#include "cli/options.hpp"
#include "schedule/work_plan.hpp"
#include "selection.hpp"
#include "state/run_journal.hpp"

namespace dbtest::runner {

// What must be the same for a run to be resumed: the binaries, the tests
// selected from them, and how often each runs.
std::string fingerprint_of(const Options& options, const Selection& selection);

struct ResumePoint {
  JournalContents journal;
  // Tests with a final result: a pass or skip, or a failure that no retry
  // is left to turn.
  std::set<std::pair<int, std::string>> done;
};

// The last run's journal, checked: there is one, that run did not finish,
// and it selected what this one selects. Throws UsageError saying which is
// not so.
ResumePoint find_resume_point(const Options& options, const std::string& fingerprint);

// Leaves in `units` only the tests without a final result.
void drop_done_tests(std::vector<WorkUnit>& units, const ResumePoint& point);

}  // namespace dbtest::runner
