// Ownership markers as dbtest writes them, for tests that plant databases of
// runs that are gone (or alive) and check what a run or `dbtest cleanup`
// does with them.
#pragma once

#include <string>

namespace e2e {

// A marker of run `run`, process `pid` on this host, of `kind` ("clone",
// "template"); `extra` holds more JSON members, each followed by a comma.
std::string marker(const std::string& run, long long pid, const std::string& kind, const std::string& extra = "");

// The pid of a process that has exited.
long long dead_pid();

}  // namespace e2e
