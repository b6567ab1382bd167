#include "run_session.hpp"

#include <fmt/format.h>

#include "backend_options.hpp"
#include "fill_pool_command.hpp"
#include "base/process_info.hpp"

namespace dbtest::runner {
namespace {

using Clock = std::chrono::steady_clock;

// A run that finds what dead runs left says so; `dbtest cleanup` removes it.
void note_leftovers(const std::vector<std::string>& names, const char* noun, StatusPrinter& printer) {
  if (names.empty()) return;
  const bool one = names.size() == 1;
  printer.note(fmt::format("dbtest: found {} {}{} left by runs that are gone ({}{}); `dbtest cleanup` removes {}",
                           names.size(), noun, one ? "" : "s", names.front(), one ? "" : ", ...", one ? "it" : "them"));
}

void report_leftovers(backends::Backend& backend, const std::string& run_id, const std::filesystem::path& scratch,
                      StatusPrinter& printer) {
  std::vector<std::string> databases;
  for (const auto& leftover : backend.find_leftovers()) databases.push_back(leftover.name);
  note_leftovers(databases, "database", printer);
  std::vector<std::string> folders;
  for (const auto& folder : find_scratch_leftovers(scratch.parent_path(), run_id)) folders.push_back(folder.path.string());
  note_leftovers(folders, "scratch folder", printer);
}

}  // namespace

RunSession::RunSession(const Options& options, const ScratchDir& scratch, const std::string& run_id,
                       const std::vector<backends::Migration>& migrations, StatusPrinter& printer,
                       Clock::time_point run_start)
    : options_(options), run_start_(run_start), run_id_(run_id), scratch_(scratch.path()) {
  backend_ = backends::make_backend(options.backend, backend_options(options, run_id_, scratch_));
  report_leftovers(*backend_, run_id_, scratch_, printer);
  const auto migrate_start = Clock::now();
  prepared_ = prepare_template(options, *backend_, migrations, scratch_, printer);
  migrating_seconds_ = std::chrono::duration<double>(Clock::now() - migrate_start).count();
  for (const auto& [key, value] : options.signals) prepared_.signals[key] = value;
}

RunSession::~RunSession() = default;

WorkerSetup RunSession::worker_setup(int workers, const Selection& selection) const {
  WorkerSetup setup;
  for (std::size_t i = 0; i < options_.binaries.size(); ++i) {
    // Only plain binaries need their tests' places; for 100,000 tests a copy is megabytes.
    setup.binaries.push_back({options_.binaries[i], selection.plain.at(i),
                              selection.plain.at(i) ? selection.positions.at(i) : std::map<std::string, int>{}});
  }
  setup.test_args = options_.test_args;
  setup.isolate_cwd = options_.isolate_cwd;
  setup.database_template = prepared_.database_template.get();
  setup.run = protocol::RunFacts{run_id_, workers, std::string(backend_->name()), current_pid(), options_.output_limit};
  setup.init = protocol::Init{prepared_.signals, options_.run_disabled, options_.check_clean, options_.keep_failed_db,
                              options_.dist == Distribution::isosuite};
  setup.init.fresh_database_per_test = options_.fresh_database_per_test;
  setup.scratch_dir = scratch_;
  if (options_.fresh_database_per_test) setup.fresh_clones = options_.pool_size.value_or(2 * workers);
  return setup;
}

SchedulerConfig RunSession::scheduler_config(int workers) const {
  SchedulerConfig config;
  config.slots = workers;
  config.timeout_seconds = options_.timeout_seconds;
  config.max_worker_restarts = options_.max_worker_restarts.value_or(std::max(4, 2 * workers));
  if (options_.run_timeout_seconds) {
    config.run_timeout_seconds = *options_.run_timeout_seconds;
    config.run_deadline =
        run_start_ + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(*options_.run_timeout_seconds));
  }
  config.server_check = [backend = backend_.get()] { return backend->probe_server(); };
  return config;
}

std::string RunSession::finish(int pool_size) {
  const std::string pool_template = prepared_.database_template ? prepared_.database_template->pool_template() : "";
  prepared_.database_template.reset();
  std::string problem = backend_ ? backend_->server_problem() : "";
  const std::string backend_name = backend_ ? std::string(backend_->name()) : "";
  backend_.reset();
  // The next --keepdb run takes ready clones instead of making them; they
  // are made after this run, by a process of their own, so that this one
  // ends now.
  if (pool_size > 0 && !pool_template.empty() && problem.empty()) {
    try {
      start_pool_filler(options_, backend_name, pool_template, pool_size);
    } catch (const std::exception&) {
      // No pool: the next run clones, as it would without one.
    }
  }
  return problem;
}

}  // namespace dbtest::runner
