// Children that must not outlive dbtest: a binary listing its tests, the
// --migrate-cmd command. When dbtest is killed outright (SIGKILL, a second
// Ctrl-C), nothing of it runs to end them, so the kernel is asked to.
// Workers watch their master themselves (they lead process groups of their
// own); these share dbtest's process group and cannot kill it.
#pragma once

// Boost 1.74's extend.hpp uses std::unique_ptr without including <memory>,
// and on Windows needs the declarations boost/process.hpp brings first.
#include <memory>

#include <boost/process.hpp>
#include <boost/process/extend.hpp>

#include <cstdint>

namespace dbtest::runner::platform {

// Called once at start, before any child: on Windows, every process dbtest
// starts, and every process those start, ends when dbtest ends (a job
// object). On POSIX nothing: each child asks for that itself (below).
void end_children_with_this_process();

// Called in the child between fork and exec, so only async-signal-safe
// calls: on Linux, a SIGKILL when the parent dies (and at once when it died
// already); elsewhere nothing.
void die_with_parent(std::int64_t parent_pid);

// A Boost.Process property that makes the child die with this process.
struct DiesWithParent : boost::process::extend::handler {
  explicit DiesWithParent(std::int64_t parent) : parent_pid(parent) {}
  template <class Executor>
  void on_exec_setup(Executor&) const {
    die_with_parent(parent_pid);
  }
  std::int64_t parent_pid;
};

}  // namespace dbtest::runner::platform
