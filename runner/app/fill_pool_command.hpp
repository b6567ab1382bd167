// `dbtest fill-pool`: the detached process a --keepdb run leaves behind to
// make ready clones of its kept template for the next run
// (backends/common/clone_pool.hpp), and how a run starts it.
#pragma once

#include <string>

#include "cli/options.hpp"

namespace dbtest::runner {

// Fills the pool; exit status 0, or a thrown error (which nobody sees: its
// output goes nowhere, and what it left is marked for `dbtest cleanup`).
int run_fill_pool(const Options& options);

// Starts `dbtest fill-pool` for `template_name` on `backend`'s server with
// this run's connection options, to make the pool `size` clones deep.
void start_pool_filler(const Options& options, const std::string& backend, const std::string& template_name, int size);

}  // namespace dbtest::runner
