// How a worker process is started beyond its command line, environment and
// standard streams, as a Boost.Process property. On POSIX nothing more: a
// worker leads a process group of its own (its Boost.Process group) and its
// other descriptors are close-on-exec (handles.hpp). On Windows two things,
// made in worker_launch_win32.cpp:
// - a console process group of its own, so the console's Ctrl-C reaches
//   dbtest alone, which then ends the workers itself, as on POSIX;
// - an explicit list of the handles it inherits: its standard input, output
//   and error, and nothing else dbtest holds inheritable at that moment
//   (another worker's pipe being made on a clone thread, say).
#pragma once

#include <memory>
#include <vector>

#include <boost/process.hpp>
#include <boost/process/extend.hpp>

namespace dbtest::runner::platform {

// Windows only: the CreateProcess flags a worker gets.
unsigned long worker_creation_flags();
// Windows only: a PROC_THREAD_ATTRIBUTE_HANDLE_LIST attribute list naming
// `handles` (duplicates and null handles left out); it lives as long as the
// pointer.
std::shared_ptr<void> inherited_handles_attribute(const std::vector<void*>& handles);

struct WorkerLaunch : boost::process::extend::handler {
  using boost::process::extend::handler::on_setup;

  // Runs after the standard streams' own set-up: pass it last.
  template <class Sequence>
  void on_setup(boost::process::extend::windows_executor<char, Sequence>& exec) const {
    exec.creation_flags |= worker_creation_flags();
    const auto& info = exec.startup_info;
    attributes = inherited_handles_attribute({info.hStdInput, info.hStdOutput, info.hStdError});
    if (!attributes) return;
    exec.startup_info_ex.lpAttributeList =
        static_cast<decltype(exec.startup_info_ex.lpAttributeList)>(attributes.get());
    exec.set_startup_info_ex();
  }

  mutable std::shared_ptr<void> attributes;
};

}  // namespace dbtest::runner::platform
