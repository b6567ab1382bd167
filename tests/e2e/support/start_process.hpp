// Starts a process for a test, trying again when the start itself fails.
// Under wine, CreateProcess now and then fails with "Internal error" before
// the new program has run a single instruction of its own (once in the
// thousands of starts of a full end-to-end run). What the tests check begins
// once the program runs, so a start that failed is tried again; one that
// fails three times is the test's failure.
#pragma once

#include <boost/process.hpp>

#include <chrono>
#include <thread>

namespace e2e {

template <typename... Args>
boost::process::child start_process(const Args&... args) {
  for (int attempt = 1;; ++attempt) {
    try {
      return boost::process::child(args...);
    } catch (const boost::process::process_error&) {
      if (attempt == 3) throw;
      std::this_thread::sleep_for(std::chrono::milliseconds(200));
    }
  }
}

}  // namespace e2e
