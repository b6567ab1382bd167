// `dbtest cleanup`: drops the databases that runs which are gone left on a
// server, found by their ownership marker, never by name alone. With
// --templates, the templates --keepdb kept instead, except those a live run
// is using.
#pragma once

#include "cli/options.hpp"

namespace dbtest::runner {

int run_cleanup(const Options& options);

}  // namespace dbtest::runner
