// The processes of a dbtest run that are still alive, whoever started them:
// the master, its workers, what their tests forked. They are found by an
// environment entry every one of them inherits, such as the TMPDIR of the
// run's sandbox, which the test process itself does not have.
#pragma once

#include <chrono>
#include <ostream>
#include <string>
#include <vector>

#include "dbtest_run.hpp"

namespace e2e {

struct RunProcess {
  int pid = 0;
  std::string command_line;  // its arguments, separated by spaces
};

// `PID COMMAND LINE`, for failure messages.
void PrintTo(const RunProcess& process, std::ostream* out);

// Live processes whose environment holds `entry` (`NAME=VALUE`) exactly.
// Zombies are left out: they are gone, only not yet reaped. So are processes
// whose details cannot be read, which includes those that end meanwhile.
std::vector<RunProcess> processes_with_environment(const std::string& entry);

// The processes of runs in `sandbox`: TMPDIR=<its tmp()>.
std::vector<RunProcess> processes_of(const Sandbox& sandbox);

// Polls `entry` until no process has it or `limit` has passed; returns the
// processes still alive then (none when all went in time).
std::vector<RunProcess> processes_left_after(const std::string& entry, std::chrono::milliseconds limit);

// The TMPDIR entry of `sandbox`, for processes_left_after.
std::string tmpdir_entry(const Sandbox& sandbox);

// Waits until process `pid` has taken `signal` sent to it: no longer
// pending, so its handler has run or runs now. A second signal of the same
// number sent before that would merge with the first. False when it is still
// pending after `limit`, or the process is gone or a zombie.
bool wait_until_taken(int pid, int signal, std::chrono::milliseconds limit);

}  // namespace e2e
