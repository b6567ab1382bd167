// Keeps what the master holds out of its workers: a worker must inherit
// nothing but its own stdin, stdout and stderr, so no other worker's channel
// and nothing dbtest's own parent passed down. One implementation per OS.
#pragma once

#include <filesystem>
#include <system_error>

namespace dbtest::runner::platform {

// Marks an OS handle (a file descriptor on POSIX) as not inherited by child
// processes.
void keep_from_children(int native_handle);

// Marks every handle this process inherited beyond the standard streams as
// not inherited by its children.
void keep_inherited_handles_from_children();

// Creates `path` private to this user from its first moment (mode 0700 on
// POSIX), so no other user can open it between its creation and a chmod.
// False with `error` set when it cannot be made (it exists already, say).
bool create_private_directory(const std::filesystem::path& path, std::error_code& error);

}  // namespace dbtest::runner::platform
