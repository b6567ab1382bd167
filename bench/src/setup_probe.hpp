// What the set-up benchmarks' test binaries share: a stamp of when each
// worker process had its database, and a way to hold workers busy.
//
// <PREFIX>_STAMP_DIR=DIR: each worker process writes, after its first query,
// the wall-clock time (CLOCK_REALTIME, nanoseconds) into DIR/<pid>, so the
// benchmark can tell when the last worker had its clone or copy.
// <PREFIX>_TEST_SLEEP_MS=N: every test sleeps N ms after its query, so no
// worker is done (and has its database dropped) while others are made.
#pragma once

#include <time.h>
#include <unistd.h>

#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <fstream>
#include <string>
#include <thread>

namespace bench {

// ref_01 .. ref_50, the reference schema's tables.
inline std::string reference_table(int table) { return (table < 10 ? "ref_0" : "ref_") + std::to_string(table); }

// Call after each query: stamps the first one, then holds if asked to.
inline void after_query(const std::string& prefix) {
  static bool stamped = false;
  if (!stamped) {
    stamped = true;
    const char* dir = std::getenv((prefix + "_STAMP_DIR").c_str());
    if (dir && *dir) {
      timespec ts{};
      clock_gettime(CLOCK_REALTIME, &ts);
      std::ofstream(std::string(dir) + "/" + std::to_string(getpid()))
          << static_cast<std::int64_t>(ts.tv_sec) * 1'000'000'000 + ts.tv_nsec << "\n";
    }
  }
  static const long sleep_ms = [&] {
    const char* text = std::getenv((prefix + "_TEST_SLEEP_MS").c_str());
    return text ? std::atol(text) : 0L;
  }();
  if (sleep_ms > 0) std::this_thread::sleep_for(std::chrono::milliseconds(sleep_ms));
}

}  // namespace bench
