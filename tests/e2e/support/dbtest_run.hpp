// Runs the real dbtest executable the way a user does, in a sandbox folder of
// its own, and hands back what it printed and how it exited.
#pragma once

#include <gmock/gmock.h>

#include <chrono>
#include <filesystem>
#include <map>
#include <regex>
#include <string>
#include <utility>
#include <vector>

#include "test_os.hpp"

namespace e2e {

namespace test_os = dbtest::test_os;


struct RunOutput {
  int exit_code = -1;
  std::string out;  // stdout
  std::string err;  // stderr
  std::string all() const { return out + err; }
};

// A private folder per test: TMPDIR for dbtest's scratch files (so a test can
// prove a run left nothing behind) and a state folder.
class Sandbox {
 public:
  Sandbox();
  ~Sandbox();
  const std::filesystem::path& root() const { return root_; }
  std::filesystem::path tmp() const { return root_ / "tmp"; }
  std::filesystem::path state() const { return root_ / "state"; }
  // Entries left in tmp() (scratch folders, clone files).
  std::vector<std::string> leftovers() const;

 private:
  std::filesystem::path root_;
};

// `dbtest ARGS...` with --state-dir in the sandbox (unless ARGS has one, or
// is `merge-reports`, which takes no state folder), --keep-pool 0 for a
// --keepdb run that names no --keep-pool,
// the temporary folder in the sandbox (unless `env` names one), stdout not
// a terminal, and `env` added.
RunOutput run_dbtest(const Sandbox& sandbox, const std::vector<std::string>& args,
                     const std::map<std::string, std::string>& env = {});

// Two such runs started together, each in its sandbox: what each printed.
std::pair<RunOutput, RunOutput> run_dbtest_twice_at_once(const Sandbox& box_a, const std::vector<std::string>& args_a,
                                                         const Sandbox& box_b, const std::vector<std::string>& args_b,
                                                         const std::map<std::string, std::string>& env = {});

// `dbtest ARGS...` (with --state-dir in the sandbox and the sandbox's
// temporary folder), its peak resident memory polled meanwhile (the
// master's own, not its workers'); killed when it runs past `limit`.
struct MeasuredRun {
  RunOutput run;
  long peak_kib = 0;
  double seconds = 0;
  bool finished_in_time = true;
};
MeasuredRun run_dbtest_measuring_memory(const Sandbox& sandbox, const std::vector<std::string>& args,
                                        const std::map<std::string, std::string>& env, std::chrono::seconds limit);

// Any command, for running a suite binary on its own.
RunOutput run_command(const std::string& exe, const std::vector<std::string>& args,
                      const std::map<std::string, std::string>& env, const std::filesystem::path& cwd);

// The whole of a file; empty when it cannot be read.
std::string slurp(const std::filesystem::path& path);
// Waits up to `limit` for process `pid` to end; true when it has.
bool ends_within(int pid, std::chrono::milliseconds limit);

// What a program wrote to `path`, its Windows line ends ("\r\n") made "\n".
std::string read_output(const std::filesystem::path& path);

// Waits up to 10 s for a test to write its worker's pid into `pid_file`;
// empty if it never does.
std::string wait_for_pid(const std::filesystem::path& pid_file);

// Lines of `text`.
std::vector<std::string> lines_of(const std::string& text);
// The last non-empty line of `text`.
std::string last_line(const std::string& text);

// Asserts that the run failed with exit status 2 and one line on stderr,
// `dbtest: error: ...`, holding `fragment` (and never `secret`, when given).
void expect_one_line_error(const RunOutput& run, const std::string& fragment, const std::string& secret = "");

// A database name of the running test's own: `test_<test name>` in lower
// case with every other character made '_', and over 40 characters cut with
// a hash of the full name, so tests that run at the same time on one server,
// parameterised ones included, stay apart.
std::string own_database_name();
// Values published under -v: "key=value  (worker N)" lines of the summary.
std::map<std::string, std::string> published_signals(const std::string& out);

// Build-time locations, set by CMake.
std::string dbtest_exe();
std::string suite(const std::string& name);  // path of a suite binary
std::string migrations(const std::string& name);  // tests/e2e/migrations/<name>
// The per-OS files dbtest was built with (cmake/Platform.cmake): "linux",
// "posix", "darwin" or "win32". What a platform's files do not do, its
// tests skip.
std::string dbtest_platform();

// Text that holds a match of `pattern` (ContainsRegex) or is one whole
// (MatchesRegex), in std::regex's ECMAScript syntax: GoogleTest's own regular
// expressions are only its simple ones on Windows, without | or [].
MATCHER_P(ContainsRegex, pattern, "contains a match of " + std::string(pattern)) {
  return std::regex_search(std::string(arg), std::regex(pattern));
}
MATCHER_P(MatchesRegex, pattern, "matches " + std::string(pattern)) {
  return std::regex_match(std::string(arg), std::regex(pattern));
}

}  // namespace e2e
