#include "environment.hpp"

#include <charconv>

#include "messages.hpp"

namespace dbtest::protocol {

std::string worker_marker_line(int version) { return std::string(kWorkerMarker) + " " + std::to_string(version); }

std::optional<int> parse_worker_marker(std::string_view line) {
  if (line.substr(0, kWorkerMarker.size()) != kWorkerMarker) return std::nullopt;
  line.remove_prefix(kWorkerMarker.size());
  if (line.empty() || line.front() != ' ') return std::nullopt;
  line.remove_prefix(1);
  int version = 0;
  const auto [end, error] = std::from_chars(line.data(), line.data() + line.size(), version);
  if (error != std::errc()) return std::nullopt;
  return version;
}

std::map<std::string, std::string> worker_environment(const RunFacts& run, const WorkerFacts& worker) {
  std::map<std::string, std::string> env = worker.engine_variables;
  if (worker.linked) {
    env[kProtocolVariable] = std::to_string(kVersion);
    env[kOutputLimitVariable] = std::to_string(run.output_limit);
    env[kCapturePathVariable] = worker.capture_path;
  }
  env[kRunIdVariable] = run.run_id;
  env[kWorkerCountVariable] = std::to_string(run.worker_count);
  env[kBackendVariable] = run.backend;
  env[kMasterPidVariable] = std::to_string(run.master_pid);
  env[kWorkerIdVariable] = std::to_string(worker.slot);
  env[kDatabaseUrlVariable] = worker.database_url;
  env[kPlainDatabaseUrlVariable] = worker.database_url;
  if (!worker.temp_dir.empty()) {
    for (const char* name : {"TEST_TMPDIR", "TMPDIR", "TMP", "TEMP"}) env[name] = worker.temp_dir;
  }
  return env;
}

}  // namespace dbtest::protocol
