// What the tests need from the operating system, one implementation per OS
// (test_os_posix.cpp, test_os_win32.cpp), so that the tests themselves name
// no POSIX or Win32 call.
#pragma once

#include <filesystem>
#include <optional>
#include <string>

namespace dbtest::test_os {

// A new folder under the system's temporary folder, private to this user,
// named `prefix` and a random part.
std::filesystem::path make_temp_folder(const std::string& prefix);

// The environment variable std::filesystem::temp_directory_path() reads
// first: TMPDIR on POSIX, TMP on Windows.
const char* temp_folder_variable();

void set_environment(const std::string& name, const std::string& value);
void unset_environment(const std::string& name);

// Only this user may open the folder: mode 0700 on POSIX; on Windows an
// access list that allows this user (and the system itself) and no one
// else, no group such as Administrators or Users.
bool is_private_to_user(const std::filesystem::path& folder);

// Ends process `pid` at once, the way a user or the OOM killer would (SIGKILL,
// TerminateProcess). False when there is no such process.
bool kill_process(int pid);

// The process exists and has not ended (a zombie has ended).
bool process_alive(int pid);

// Starts a process that sleeps until it is killed, as a test may start a
// helper, and returns its pid. The process holds what this one's children
// inherit, the standard streams included, so a worker's channel stays open
// while it lives. On POSIX it is a fork of this process; on Windows this
// program started again, which this library stops before main().
int start_hanging_child();

// Makes the processes this one starts from now on reachable by
// interrupt_process(). POSIX: nothing to do. Windows: Ctrl-C travels through
// a console, so this process takes a new console of its own, which its
// children share (wine starts a program on one that cannot carry Ctrl-C).
void prepare_to_interrupt_children();

// Asks process `pid`, started after prepare_to_interrupt_children(), to stop
// as Ctrl-C in a terminal would: SIGINT on POSIX; on Windows a Ctrl-C event
// to the shared console, which this process then ignores. False when it
// could not be sent.
bool interrupt_process(int pid);

// How dbtest describes, on this OS, a test process that called abort(), one
// that wrote through a null pointer, and one killed from outside with
// kill_process().
std::string abort_description();
std::string access_violation_description();
std::string outside_kill_description();

// /bin/sh and the programs a POSIX test line calls (awk, grep, sqlite3).
// False on Windows, even where wine shows the Linux host's files.
bool has_posix_shell();

// /proc/self/fd lists this process's open descriptors (Linux).
bool has_proc_fd();

// The line for the system shell (/bin/sh, cmd.exe) that appends `text` and
// a line end to the file the environment variable `variable` names.
std::string shell_line_appending(const std::string& text, const std::string& variable);

// The most memory process `pid` has held so far, in KiB (VmHWM on Linux,
// the peak working set on Windows); nothing once it has ended or where
// the OS does not say.
std::optional<long> peak_resident_kib(int pid);

// The name of this OS in skip messages: "Windows", "POSIX".
const char* os_name();

}  // namespace dbtest::test_os
