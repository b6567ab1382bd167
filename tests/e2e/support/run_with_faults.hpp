// One run of two real suites with every kind of result the machine-readable
// outputs (--events, --trace) must tell: passes, a failure, a crash, a flaky
// test, retries, more than one worker. SQLite only.
#pragma once

#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>
#include <map>
#include <string>
#include <vector>

#include "dbtest_run.hpp"
#include "engines.hpp"

namespace e2e {

// hunt_suite:  ten neutral tests, Flaky.FailsOnItsFirstRunOnly, Alone.AlwaysFails
// fault_suite: Before.Passes, Faulty.Misbehaves (a segfault), Faulty.RunsAfterTheFaultOnANewWorker, After.Passes
inline const std::string kFaultsFilter = "Neutral.Query00?:Flaky.*:Alone.*:Before.*:Faulty.*:After.*";

inline RunOutput run_with_faults(const Sandbox& box, const std::vector<std::string>& options) {
  const auto target = *engine_target(Engine::sqlite);
  const std::map<std::string, std::string> env = {{"FAULT_MODE", "segfault"},
                                                  {"HUNT_FLAKY_MARKER", (box.root() / "flaky-ran").string()}};
  return run_dbtest(box,
                    concat(concat(concat(target.args, target.migration_args),
                                  concat({"--parallel", "2", "--retries", "1", "--filter", kFaultsFilter}, options)),
                           {"--", suite("hunt_suite"), suite("fault_suite")}),
                    env);
}

// The lines of an --events file, each parsed (a line that is not JSON fails
// the test that reads it).
inline std::vector<nlohmann::json> event_lines(const std::filesystem::path& path) {
  std::vector<nlohmann::json> out;
  std::ifstream in(path, std::ios::binary);
  for (std::string line; std::getline(in, line);) {
    try {
      out.push_back(nlohmann::json::parse(line));
    } catch (const nlohmann::json::parse_error& e) {
      ADD_FAILURE() << "not JSON: " << line << " (" << e.what() << ")";
    }
  }
  return out;
}

}  // namespace e2e
