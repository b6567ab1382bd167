#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <stdexcept>
#include <thread>

#include "test_os.hpp"

namespace dbtest::test_os {

std::filesystem::path make_temp_folder(const std::string& prefix) {
  std::string pattern = (std::filesystem::temp_directory_path() / (prefix + "XXXXXX")).string();
  if (!::mkdtemp(pattern.data())) throw std::runtime_error("cannot make a temporary folder from " + pattern);
  return pattern;
}

const char* temp_folder_variable() { return "TMPDIR"; }

void set_environment(const std::string& name, const std::string& value) { ::setenv(name.c_str(), value.c_str(), 1); }

void unset_environment(const std::string& name) { ::unsetenv(name.c_str()); }

bool is_private_to_user(const std::filesystem::path& folder) {
  struct stat info {};
  return ::stat(folder.c_str(), &info) == 0 && (info.st_mode & 0777) == 0700 && info.st_uid == ::getuid();
}

bool kill_process(int pid) { return ::kill(pid, SIGKILL) == 0; }

bool process_alive(int pid) {
  if (::kill(pid, 0) != 0 && errno != EPERM) return false;
  // A zombie has ended; it waits only for a parent, or init, to reap it.
  // Its state is the letter after the name in parentheses.
  std::ifstream stat("/proc/" + std::to_string(pid) + "/stat");
  std::string text((std::istreambuf_iterator<char>(stat)), std::istreambuf_iterator<char>());
  const auto close = text.rfind(')');
  return close == std::string::npos || close + 2 >= text.size() || text[close + 2] != 'Z';
}

int start_hanging_child() {
  const pid_t pid = ::fork();
  if (pid == 0) {
    for (;;) std::this_thread::sleep_for(std::chrono::hours(1));
  }
  if (pid < 0) throw std::runtime_error("fork failed");
  return static_cast<int>(pid);
}

void prepare_to_interrupt_children() {}

bool interrupt_process(int pid) { return ::kill(pid, SIGINT) == 0; }

std::string abort_description() { return "killed by signal 6 (SIGABRT)"; }
std::string access_violation_description() { return "killed by signal 11 (SIGSEGV)"; }
std::string outside_kill_description() { return "killed by signal 9 (SIGKILL)"; }

bool has_posix_shell() { return true; }

bool has_proc_fd() { return std::filesystem::exists("/proc/self/fd"); }

std::string shell_line_appending(const std::string& text, const std::string& variable) {
  return "echo '" + text + "' >> \"$" + variable + "\"";
}

std::optional<long> peak_resident_kib(int pid) {
  std::ifstream status("/proc/" + std::to_string(pid) + "/status");
  std::string line;
  while (std::getline(status, line)) {
    if (line.rfind("VmHWM:", 0) == 0) return std::stol(line.substr(6));
  }
  return std::nullopt;
}

const char* os_name() { return "POSIX"; }

}  // namespace dbtest::test_os
