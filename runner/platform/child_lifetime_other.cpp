#include "child_lifetime.hpp"

namespace dbtest::runner::platform {

void end_children_with_this_process() {}

// No portable way for a child to follow its parent here: a listing or a
// --migrate-cmd command that hangs outlives a dbtest killed outright.
void die_with_parent(std::int64_t) {}

}  // namespace dbtest::runner::platform
