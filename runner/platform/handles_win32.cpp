#include <windows.h>

#include "handles.hpp"

namespace dbtest::runner::platform {

void keep_from_children_native(std::intptr_t handle) {
  SetHandleInformation(reinterpret_cast<HANDLE>(handle), HANDLE_FLAG_INHERIT, 0);
}

// A Windows handle is inherited only when it was made inheritable; handles
// dbtest's own parent passed down that way are not walked here.
void keep_inherited_handles_from_children() {}

// The user's temporary folder is private to the user on Windows, and a new
// folder takes its access list.
bool create_private_directory(const std::filesystem::path& path, std::error_code& error) {
  if (CreateDirectoryW(path.c_str(), nullptr)) return true;
  error = std::error_code(static_cast<int>(GetLastError()), std::system_category());
  return false;
}

}  // namespace dbtest::runner::platform
