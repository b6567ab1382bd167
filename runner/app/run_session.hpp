// What every run that starts workers needs, made in order and undone in
// reverse: the backend, the report of what earlier runs left, and the
// template with the facts its migration published. A normal run and a hunt
// (--bisect, --pair) share it. The run's scratch folder is made before it,
// for discovery, and outlives it.
#pragma once

#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include "backends/backend.hpp"
#include "backends/common/migrations.hpp"
#include "cli/options.hpp"
#include "report/status_printer.hpp"
#include "schedule/scheduler.hpp"
#include "scratch_dir.hpp"
#include "selection.hpp"
#include "template_setup.hpp"
#include "workers/process_worker_pool.hpp"

namespace dbtest::runner {

class RunSession {
 public:
  // Creates the backend, reports leftovers, and builds (or reuses) the template.
  RunSession(const Options& options, const ScratchDir& scratch, const std::string& run_id,
             const std::vector<backends::Migration>& migrations, StatusPrinter& printer,
             std::chrono::steady_clock::time_point run_start);
  ~RunSession();

  const std::string& run_id() const { return run_id_; }
  backends::Backend& backend() { return *backend_; }
  std::string_view backend_name() const { return backend_->name(); }
  double migrating_seconds() const { return migrating_seconds_; }

  // How workers of this run are started, for the binaries `selection` found.
  WorkerSetup worker_setup(int workers, const Selection& selection) const;
  // The scheduler settings every run shares: timeouts, the restart limit,
  // the server check; the caller adds what is its own.
  SchedulerConfig scheduler_config(int workers) const;

  // Drops the template (unless kept) and lets the backend go; what went wrong
  // with the server meanwhile, or "". Call once, after the last worker. With
  // --keepdb and `pool_size` > 0, starts filling the kept template's pool
  // with that many ready clones for the next run.
  std::string finish(int pool_size = 0);

 private:
  const Options& options_;
  std::chrono::steady_clock::time_point run_start_;
  std::string run_id_;
  std::filesystem::path scratch_;
  std::unique_ptr<backends::Backend> backend_;
  PreparedTemplate prepared_;
  double migrating_seconds_ = 0;
};

}  // namespace dbtest::runner
