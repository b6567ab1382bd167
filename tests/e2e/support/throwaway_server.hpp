// A database server of one test's own, started with ci/postgres-server.sh or
// ci/mysql-server.sh in a folder of the test's sandbox, so the test may stop
// it in the middle of a run without disturbing any other test. It is stopped
// and its folder removed when the object goes, however the test ends.
#pragma once

#include <filesystem>
#include <string>

#include "dbtest_run.hpp"
#include "engines.hpp"

namespace e2e {

class ThrowawayServer {
 public:
  // Starts the server of `engine` (postgres or mysql) in `dir`.
  ThrowawayServer(Engine engine, std::filesystem::path dir);
  ~ThrowawayServer();
  ThrowawayServer(const ThrowawayServer&) = delete;
  ThrowawayServer& operator=(const ThrowawayServer&) = delete;

  bool started() const { return !url_.empty(); }
  // What the start script printed, for a failure message.
  const std::string& start_output() const { return start_output_; }
  // The URL of the account that may create databases, password included.
  const std::string& url() const { return url_; }
  // Stops it now; what the stop script printed.
  RunOutput stop();

 private:
  std::string script_;
  std::filesystem::path dir_;
  std::string start_output_;
  std::string url_;
};

}  // namespace e2e
