#include "resume.hpp"

#include <algorithm>

#include "base/errors.hpp"
#include "scheduling_rules.hpp"

namespace dbtest::runner {

std::string fingerprint_of(const Options& options, const Selection& selection) {
  std::vector<SelectedName> tests;
  tests.reserve(selection.tests.size());
  for (const auto& t : selection.tests) tests.emplace_back(t.binary, t.test.suite, t.test.name);
  return selection_fingerprint(selection.binary_keys, std::move(tests),
                               "repeat=" + std::to_string(options.repeat) + " retries=" + std::to_string(options.retries));
}

ResumePoint find_resume_point(const Options& options, const std::string& fingerprint) {
  auto journal = read_journal(options.state_dir);
  const std::string where = " (state folder " + options.state_dir.string() + ")";
  if (!journal) throw UsageError("--resume: there is no run to resume" + where);
  if (journal->finished) {
    throw UsageError("--resume: the last run (" + journal->header.started_at +
                     ") finished; there is nothing to resume" + where);
  }
  if (journal->header.selection != fingerprint) {
    throw UsageError("--resume: the binaries or the selection changed since the run that did not finish (" +
                     journal->header.started_at + "); run without --resume");
  }
  ResumePoint point{std::move(*journal), {}};
  for (const auto& r : point.journal.results) {
    if (r.suite_error) continue;
    if (!is_failure(r.outcome) || r.attempt > retries_of(options, r.name)) point.done.insert({r.binary, r.name});
  }
  return point;
}

void drop_done_tests(std::vector<WorkUnit>& units, const ResumePoint& point) {
  for (auto& unit : units) {
    std::erase_if(unit.tests, [&](const std::string& name) { return point.done.count({unit.binary, name}) > 0; });
  }
  std::erase_if(units, [](const WorkUnit& u) { return u.tests.empty(); });
}

}  // namespace dbtest::runner
