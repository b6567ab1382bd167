// The identity of one run: a short random id that names everything the run
// creates.
#pragma once

#include <string>

namespace dbtest::runner {

// 12 lower-case hex digits: short enough for database names, random enough
// that concurrent runs on one machine or server never meet.
std::string make_run_id();

}  // namespace dbtest::runner
