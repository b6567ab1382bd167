#include "run_processes.hpp"

#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>
#include <thread>

namespace e2e {
namespace fs = std::filesystem;

namespace {

std::optional<std::string> read_whole(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream text;
  text << in.rdbuf();
  if (in.bad()) return std::nullopt;
  return text.str();
}

// The state letter of /proc/PID/stat comes after the command name in
// parentheses, which may itself hold spaces and parentheses.
std::optional<char> state_of(const fs::path& proc_dir) {
  const auto stat = read_whole(proc_dir / "stat");
  if (!stat) return std::nullopt;
  const auto close = stat->rfind(')');
  if (close == std::string::npos || close + 2 >= stat->size()) return std::nullopt;
  return (*stat)[close + 2];
}

// /proc/PID/environ and /proc/PID/cmdline hold NUL-terminated strings.
std::vector<std::string> nul_separated(const std::string& text) {
  std::vector<std::string> out;
  std::string::size_type start = 0;
  while (start < text.size()) {
    auto end = text.find('\0', start);
    if (end == std::string::npos) end = text.size();
    out.push_back(text.substr(start, end - start));
    start = end + 1;
  }
  return out;
}

bool is_pid(const std::string& name) {
  return !name.empty() && name.find_first_not_of("0123456789") == std::string::npos;
}

// Whether `signal` is pending for process `pid`, from its SigPnd (its main
// thread's) and ShdPnd (the whole process's) masks; nullopt when it is gone.
std::optional<bool> signal_pending(int pid, int signal) {
  const fs::path proc_dir = fs::path("/proc") / std::to_string(pid);
  const auto state = state_of(proc_dir);
  const auto status = read_whole(proc_dir / "status");
  if (!state || *state == 'Z' || *state == 'X' || !status) return std::nullopt;
  const unsigned long long bit = 1ULL << (signal - 1);
  std::istringstream lines(*status);
  std::string line;
  bool pending = false;
  while (std::getline(lines, line)) {
    if (line.rfind("SigPnd:", 0) == 0 || line.rfind("ShdPnd:", 0) == 0) {
      pending = pending || (std::stoull(line.substr(7), nullptr, 16) & bit) != 0;
    }
  }
  return pending;
}

}  // namespace

std::vector<RunProcess> processes_with_environment(const std::string& entry) {
  std::vector<RunProcess> found;
  std::error_code ec;
  for (const auto& dir : fs::directory_iterator("/proc", ec)) {
    const std::string name = dir.path().filename().string();
    if (!is_pid(name)) continue;
    const auto environment = read_whole(dir.path() / "environ");
    if (!environment) continue;
    bool has_entry = false;
    for (const auto& variable : nul_separated(*environment)) has_entry = has_entry || variable == entry;
    if (!has_entry) continue;
    const auto state = state_of(dir.path());
    if (!state || *state == 'Z' || *state == 'X') continue;
    std::string command_line;
    for (const auto& arg : nul_separated(read_whole(dir.path() / "cmdline").value_or(""))) {
      command_line += (command_line.empty() ? "" : " ") + arg;
    }
    found.push_back({std::stoi(name), command_line});
  }
  return found;
}

std::string tmpdir_entry(const Sandbox& sandbox) { return "TMPDIR=" + sandbox.tmp().string(); }

std::vector<RunProcess> processes_of(const Sandbox& sandbox) { return processes_with_environment(tmpdir_entry(sandbox)); }

std::vector<RunProcess> processes_left_after(const std::string& entry, std::chrono::milliseconds limit) {
  const auto deadline = std::chrono::steady_clock::now() + limit;
  for (;;) {
    auto alive = processes_with_environment(entry);
    if (alive.empty() || std::chrono::steady_clock::now() >= deadline) return alive;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
}

bool wait_until_taken(int pid, int signal, std::chrono::milliseconds limit) {
  const auto deadline = std::chrono::steady_clock::now() + limit;
  for (;;) {
    const auto pending = signal_pending(pid, signal);
    if (!pending) return false;
    if (!*pending) return true;
    if (std::chrono::steady_clock::now() >= deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
}

void PrintTo(const RunProcess& process, std::ostream* out) { *out << process.pid << " " << process.command_line; }

}  // namespace e2e
