#include "run_log_setup.hpp"

#include <fstream>
#include <system_error>

#include "base/database_url.hpp"
#include "base/errors.hpp"
#include "report/chrome_trace.hpp"
#include "report/event_stream.hpp"

namespace dbtest::runner {
namespace {

// The trace is written when the run ends; whether it can be is found out
// now, before the run makes anything.
void check_writable(const std::filesystem::path& path, const std::string& option) {
  std::error_code ec;
  if (path.has_parent_path()) std::filesystem::create_directories(path.parent_path(), ec);
  std::error_code exists_ec;
  const bool existed = std::filesystem::exists(path, exists_ec);
  {
    std::ofstream probe(path, std::ios::binary | std::ios::app);
    if (!probe) throw UsageError(option + " " + path.string() + " cannot be written" + (ec ? ": " + ec.message() : ""));
  }
  // The file appears when it is written, whole.
  if (!existed) std::filesystem::remove(path, ec);
}

}  // namespace

RunLogs open_run_logs(const Options& options, RunLog::Clock::time_point run_start) {
  RunLogs logs;
  if (options.trace) check_writable(*options.trace, "--trace");
  if (options.events) logs.add(open_event_stream(*options.events, run_start));
  if (options.trace) logs.add(std::make_unique<ChromeTrace>(*options.trace, run_start));
  return logs;
}

RunFacts run_facts(const Options& options) {
  RunFacts facts;
  facts.version = std::string(kDbtestVersion);
  for (const auto& b : options.binaries) facts.binaries.push_back(b.string());
  facts.backend = options.backend.value_or("");
  auto& o = facts.options;
  o.parallel = options.parallel;
  o.dist = options.dist == Distribution::test       ? "test"
           : options.dist == Distribution::isosuite ? "isosuite"
                                                    : "suite";
  o.filter = options.filter;
  o.order = "planned";
  o.repeat = options.repeat;
  o.retries = options.retries;
  o.failfast = options.failfast;
  o.timeout_seconds = options.timeout_seconds;
  o.run_timeout_seconds = options.run_timeout_seconds;
  o.check_clean = options.check_clean;
  o.warnings_as_errors = options.warnings_as_errors;
  o.keepdb = options.keepdb;
  if (options.database_url) o.database_url = mask_password(*options.database_url);
  return facts;
}

void add_plan(RunFacts& facts, const Options& options, const RunPlan& plan) {
  auto& o = facts.options;
  o.order = !options.sequence.empty() ? "sequence"
            : options.replay          ? "replay"
            : options.failed_first    ? "failed_first"
            : options.last_failed     ? "last_failed"
                                      : std::string(to_string(plan.order));
  o.seed = plan.seed;
}

}  // namespace dbtest::runner
