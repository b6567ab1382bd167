// A Boost.Process property that starts a Windows child with a command line
// of our making (windows_command_line(), or a shell's own line) instead of
// the one Boost.Process 1.74 joins (see command_line.hpp). POSIX hands the
// child its arguments one by one, so there it changes nothing.
#pragma once

#include <string>
#include <utility>

// Boost.Process 1.74's extend.hpp alone misses declarations on Windows.
#include <boost/process.hpp>
#include <boost/process/extend.hpp>

namespace dbtest::base {

struct ExactCommandLine : boost::process::extend::handler {
  using boost::process::extend::handler::on_setup;

  // An empty line keeps the one Boost.Process made.
  explicit ExactCommandLine(std::string windows_line) : line(std::move(windows_line)) {}

  // Runs after Boost.Process has set its own line from the program and
  // arguments given to it, which it replaces.
  template <class Sequence>
  void on_setup(boost::process::extend::windows_executor<char, Sequence>& exec) const {
    if (!line.empty()) exec.cmd_line = line.c_str();
  }

  std::string line;
};

}  // namespace dbtest::base
