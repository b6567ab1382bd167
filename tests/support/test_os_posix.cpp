#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <stdexcept>

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

bool process_alive(int pid) { return ::kill(pid, 0) == 0 || errno == EPERM; }

bool has_posix_signals() { return true; }

const char* os_name() { return "POSIX"; }

}  // namespace dbtest::test_os
