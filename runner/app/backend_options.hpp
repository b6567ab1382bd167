// The part of the options a backend needs.
#pragma once

#include <filesystem>
#include <string>

#include "backends/backend.hpp"
#include "cli/options.hpp"

namespace dbtest::runner {

// --keep-failed-db: where SQLite's kept databases go.
inline std::filesystem::path kept_databases_folder(const std::filesystem::path& state_dir) { return state_dir / "kept"; }

inline backends::BackendOptions backend_options(const Options& o, const std::string& run_id,
                                                const std::filesystem::path& scratch) {
  backends::BackendOptions b;
  b.run_id = run_id;
  b.scratch_dir = scratch;
  b.database_url = o.database_url;
  b.sqlite_mode = o.sqlite_mode;
  b.test_db_name = o.test_db_name;
  b.clone_strategy = o.pg_clone_strategy;
  b.clones_beside_tests = o.fresh_database_per_test;
  if (o.keep_failed_db) b.kept_dir = kept_databases_folder(o.state_dir);
  return b;
}

}  // namespace dbtest::runner
