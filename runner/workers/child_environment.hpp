// The environment a process dbtest starts begins with: the user's own (tests
// and tools may need PATH, HOME, the locale), less every DBTEST_ variable, so
// a child sees only the DBTEST_ values this run hands it.
#pragma once

#include <boost/process/environment.hpp>

namespace dbtest::runner {

boost::process::environment environment_for_child();

}  // namespace dbtest::runner
