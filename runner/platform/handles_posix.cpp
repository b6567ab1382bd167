#include <fcntl.h>

#include "handles.hpp"

namespace dbtest::runner::platform {

void keep_from_children(int fd) {
  const int flags = ::fcntl(fd, F_GETFD);
  if (flags >= 0) ::fcntl(fd, F_SETFD, flags | FD_CLOEXEC);
}

}  // namespace dbtest::runner::platform
