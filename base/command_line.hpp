// The command line a Windows program's C runtime splits back into exactly
// the arguments given. Windows passes a child one string, not an argument
// vector; Boost.Process 1.74 joins that string itself, but it drops empty
// arguments and doubles quotes where the runtime expects backslashes, so
// `--migrations ""` or an argument holding a quote reached the child changed.
// Plain string work, so it is compiled and tested on every OS.
#pragma once

#include <string>
#include <vector>

namespace dbtest::base {

// `argv[0]` is the program: quoted when it holds a space (a Windows path
// holds no quote). Every other argument follows the runtime's rules:
// quoted when empty or holding a space, tab, newline or quote, and a quote
// or a run of backslashes before a quote escaped with backslashes.
std::string windows_command_line(const std::vector<std::string>& argv);

}  // namespace dbtest::base
