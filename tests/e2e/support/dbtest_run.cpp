#include "dbtest_run.hpp"

#include <algorithm>

#include "base/command_line.hpp"
#include "base/exact_command_line.hpp"
#include "start_process.hpp"

#include <boost/process.hpp>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <atomic>
#include <cctype>
#include <chrono>
#include <thread>
#include <fstream>
#include <random>
#include <regex>
#include <sstream>

namespace e2e {
namespace bp = boost::process;
namespace fs = std::filesystem;

std::string slurp(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

std::string wait_for_pid(const fs::path& pid_file) {
  std::string pid;
  for (int i = 0; i < 400 && pid.empty(); ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(25));
    std::istringstream(slurp(pid_file)) >> pid;
  }
  return pid;
}

Sandbox::Sandbox() {
  std::random_device device;
  root_ = fs::temp_directory_path() / ("dbtest-e2e-" + std::to_string(device()) + std::to_string(device()));
  fs::create_directories(tmp());
}

Sandbox::~Sandbox() {
  std::error_code ignored;
  fs::remove_all(root_, ignored);
}

std::vector<std::string> Sandbox::leftovers() const {
  std::vector<std::string> out;
  for (const auto& entry : fs::directory_iterator(tmp())) out.push_back(entry.path().filename().string());
  return out;
}

// Text written in text mode ends its lines with \r\n on Windows; the tests
// compare lines.
std::string without_carriage_returns(std::string text) {
  std::string::size_type at = 0;
  while ((at = text.find("\r\n", at)) != std::string::npos) text.erase(at, 1);
  return text;
}

bool ends_within(int pid, std::chrono::milliseconds limit) {
  const auto deadline = std::chrono::steady_clock::now() + limit;
  while (test_os::process_alive(pid)) {
    if (std::chrono::steady_clock::now() >= deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return true;
}

std::string read_output(const fs::path& path) { return without_carriage_returns(slurp(path)); }

RunOutput run_command(const std::string& exe, const std::vector<std::string>& args,
                      const std::map<std::string, std::string>& env_extra, const fs::path& cwd) {
  // Unique names: commands may run at the same time in one folder.
  static std::atomic<int> counter{0};
  const std::string id = std::to_string(boost::this_process::get_id()) + "-" + std::to_string(++counter);
  const fs::path out_file = cwd / (".stdout-" + id);
  const fs::path err_file = cwd / (".stderr-" + id);
  bp::environment env = boost::this_process::environment();  // a copy: ours stays as it is
  for (const auto& name : {"DBTEST_PARALLEL", "DBTEST_PROTOCOL", "DBTEST_DATABASE_URL", "NO_COLOR", "CLICOLOR_FORCE"}) {
    env.erase(name);
  }
  for (const auto& [key, value] : env_extra) env[key] = value;
  std::vector<std::string> argv{exe};
  argv.insert(argv.end(), args.begin(), args.end());
  auto child = start_process(exe, bp::args(args), env, bp::start_dir(cwd.string()), bp::std_in < bp::null,
                             bp::std_out > out_file.string(), bp::std_err > err_file.string(),
                             dbtest::base::ExactCommandLine(dbtest::base::windows_command_line(argv)));
  child.wait();
  RunOutput result;
  result.exit_code = child.exit_code();
  result.out = read_output(out_file);
  result.err = read_output(err_file);
  std::error_code ignored;
  fs::remove(out_file, ignored);
  fs::remove(err_file, ignored);
  return result;
}

RunOutput run_dbtest(const Sandbox& sandbox, const std::vector<std::string>& args,
                     const std::map<std::string, std::string>& env) {
  std::vector<std::string> full = args;
  bool has_state = false;
  for (const auto& a : args) has_state = has_state || a.rfind("--state-dir", 0) == 0;
  // merge-reports reads and writes only the files it is given.
  const bool merging = std::find(args.begin(), args.end(), "merge-reports") != args.end();
  if (!has_state && !merging) full.insert(full.begin(), {"--state-dir", sandbox.state().string()});
  // A --keepdb run leaves a pool of ready clones, made by a process of its
  // own after it: only the tests of the pool ask for one, so that the
  // databases the others see are their runs' alone.
  const auto ends = std::find(full.begin(), full.end(), "--");
  const bool keepdb = std::find(full.begin(), ends, "--keepdb") != ends;
  const bool pool_asked = std::find_if(full.begin(), ends, [](const std::string& a) {
                            return a.rfind("--keep-pool", 0) == 0;
                          }) != ends;
  if (keepdb && !pool_asked) full.insert(full.begin(), {"--keep-pool", "0"});
  auto all_env = env;
  all_env.emplace(test_os::temp_folder_variable(), sandbox.tmp().string());
  return run_command(dbtest_exe(), full, all_env, sandbox.root());
}

std::pair<RunOutput, RunOutput> run_dbtest_twice_at_once(const Sandbox& box_a, const std::vector<std::string>& args_a,
                                                         const Sandbox& box_b, const std::vector<std::string>& args_b,
                                                         const std::map<std::string, std::string>& env) {
  RunOutput a, b;
  std::thread first([&] { a = run_dbtest(box_a, args_a, env); });
  b = run_dbtest(box_b, args_b, env);
  first.join();
  return {std::move(a), std::move(b)};
}

MeasuredRun run_dbtest_measuring_memory(const Sandbox& sandbox, const std::vector<std::string>& args,
                                        const std::map<std::string, std::string>& env, std::chrono::seconds limit) {
  namespace bp = boost::process;
  const auto out_file = sandbox.root() / "measured.out";
  const auto err_file = sandbox.root() / "measured.err";
  bp::environment child_env = boost::this_process::environment();
  child_env[test_os::temp_folder_variable()] = sandbox.tmp().string();
  for (const auto& [key, value] : env) child_env[key] = value;
  std::vector<std::string> full{"--state-dir", sandbox.state().string()};
  full.insert(full.end(), args.begin(), args.end());
  MeasuredRun measured;
  const auto start = std::chrono::steady_clock::now();
  auto dbtest = start_process(dbtest_exe(), bp::args(full), child_env, bp::start_dir(sandbox.root().string()),
                              bp::std_in < bp::null, bp::std_out > out_file.string(), bp::std_err > err_file.string());
  // VmHWM, polled, rather than wait4()'s ru_maxrss: that is the largest of
  // the master and the workers it reaped, and child::wait() reaps the master
  // itself. The mark only rises, so polling misses at most the last 50 ms.
  while (const auto kib = test_os::peak_resident_kib(dbtest.id())) {
    measured.peak_kib = std::max(measured.peak_kib, *kib);
    if (std::chrono::steady_clock::now() - start > limit) {
      measured.finished_in_time = false;
      dbtest.terminate();
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  dbtest.wait();
  measured.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  measured.run = {dbtest.exit_code(), read_output(out_file), read_output(err_file)};
  return measured;
}

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line)) {
    // A Windows program's text-mode streams end lines with "\r\n".
    if (!line.empty() && line.back() == '\r') line.pop_back();
    out.push_back(line);
  }
  return out;
}

std::string last_line(const std::string& text) {
  auto lines = lines_of(text);
  while (!lines.empty() && lines.back().empty()) lines.pop_back();
  return lines.empty() ? "" : lines.back();
}

void expect_one_line_error(const RunOutput& run, const std::string& fragment, const std::string& secret) {
  EXPECT_EQ(run.exit_code, 2) << run.all();
  const auto lines = lines_of(run.err);
  ASSERT_EQ(lines.size(), 1u) << run.err;
  EXPECT_THAT(lines[0], ::testing::StartsWith("dbtest: error: "));
  EXPECT_THAT(lines[0], ::testing::HasSubstr(fragment));
  if (!secret.empty()) {
    EXPECT_THAT(run.all(), ::testing::Not(::testing::HasSubstr(secret)));
  }
}

namespace {
std::string fmt_hex8(std::size_t value) {
  static const char* digits = "0123456789abcdef";
  std::string out(8, '0');
  for (int i = 7; i >= 0; --i, value >>= 4) out[static_cast<std::size_t>(i)] = digits[value & 15];
  return out;
}
}  // namespace

std::string own_database_name() {
  const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
  const std::string full = std::string(info->test_suite_name()) + "." + info->name();
  std::string name = std::string("test_") + info->name();
  for (auto& c : name) {
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    // Parameterised names hold '/', which no database name may.
    if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
  }
  if (name.size() <= 40) return name;
  // Long names would meet once cut: a hash of the whole name keeps them apart.
  return name.substr(0, 31) + "_" + fmt_hex8(std::hash<std::string>{}(full));
}

std::map<std::string, std::string> published_signals(const std::string& out) {
  static const std::regex kLine(R"(^  (\S+?)=(.*)  \(worker \d+\)$)");
  std::map<std::string, std::string> found;
  for (const auto& line : lines_of(out)) {
    std::smatch m;
    if (std::regex_match(line, m, kLine)) found[m[1]] = m[2];
  }
  return found;
}

std::string dbtest_exe() { return DBTEST_EXE; }
std::string suite(const std::string& name) { return std::string(E2E_SUITE_DIR) + "/" + name + E2E_EXE_SUFFIX; }
std::string migrations(const std::string& name) { return std::string(E2E_MIGRATIONS_DIR) + "/" + name; }
std::string dbtest_platform() { return E2E_DBTEST_PLATFORM; }

}  // namespace e2e
