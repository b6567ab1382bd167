// Keeps the master's own ends of worker pipes out of other workers: a worker
// must inherit nothing but its own stdin, stdout and stderr. One
// implementation per OS.
#pragma once

namespace dbtest::runner::platform {

// Marks an OS handle (a file descriptor on POSIX) as not inherited by child
// processes.
void keep_from_children(int native_handle);

}  // namespace dbtest::runner::platform
