// Keeps what the master holds out of its workers: a worker must inherit
// nothing but its own stdin, stdout and stderr, so no other worker's channel
// and nothing dbtest's own parent passed down. One implementation per OS.
#pragma once

#include <cstdint>
#include <filesystem>
#include <system_error>
#include <type_traits>

namespace dbtest::runner::platform {

// Marks an OS handle (a file descriptor on POSIX, a HANDLE on Windows) as not
// inherited by child processes; the handle travels as an integer.
void keep_from_children_native(std::intptr_t native_handle);

template <class NativeHandle>
void keep_from_children(NativeHandle handle) {
  if constexpr (std::is_pointer_v<NativeHandle>) {
    keep_from_children_native(reinterpret_cast<std::intptr_t>(handle));
  } else {
    keep_from_children_native(static_cast<std::intptr_t>(handle));
  }
}

// Marks every handle this process inherited beyond the standard streams as
// not inherited by its children.
void keep_inherited_handles_from_children();

// Creates `path` private to this user from its first moment (mode 0700 on
// POSIX), so no other user can open it between its creation and a chmod.
// False with `error` set when it cannot be made (it exists already, say).
bool create_private_directory(const std::filesystem::path& path, std::error_code& error);

}  // namespace dbtest::runner::platform
