// The environment a process dbtest starts begins with: the user's own (tests
// and tools may need PATH, HOME, the locale), less every DBTEST_ variable, so
// a child sees only the DBTEST_ values this run hands it, and less the
// GoogleTest variables that choose which tests run, how often and in which
// order, or where results go: dbtest decides those itself (options.cpp
// applies them as its own options), and a binary that read them would undo
// what dbtest asked of it.
#pragma once

#include <boost/process/environment.hpp>

#include <string_view>

namespace dbtest::runner {

// Whether a variable of dbtest's environment reaches the processes it starts.
bool passed_to_children(std::string_view name);

boost::process::environment environment_for_child();

}  // namespace dbtest::runner
