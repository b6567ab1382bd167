#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>

#include <cerrno>
#include <cstdlib>
#include <vector>

#include "handles.hpp"

namespace dbtest::runner::platform {

void keep_from_children_native(std::intptr_t handle) {
  const int fd = static_cast<int>(handle);
  const int flags = ::fcntl(fd, F_GETFD);
  if (flags >= 0) ::fcntl(fd, F_SETFD, flags | FD_CLOEXEC);
}

void keep_inherited_handles_from_children() {
  // /dev/fd lists the open descriptors on Linux and macOS alike. They are
  // collected first: the listing itself holds one open while it is read.
  std::vector<int> open;
  if (DIR* dir = ::opendir("/dev/fd")) {
    while (const dirent* entry = ::readdir(dir)) open.push_back(std::atoi(entry->d_name));
    ::closedir(dir);
  }
  for (const int fd : open) {
    if (fd > 2) keep_from_children(fd);
  }
}

bool create_private_directory(const std::filesystem::path& path, std::error_code& error) {
  if (::mkdir(path.c_str(), 0700) == 0) return true;
  error = std::error_code(errno, std::generic_category());
  return false;
}

}  // namespace dbtest::runner::platform
