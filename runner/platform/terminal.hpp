// Facts about the terminal dbtest prints to. One implementation per OS:
// terminal_posix.cpp, terminal_win32.cpp.
#pragma once

namespace dbtest::runner::platform {

// Standard output is an interactive terminal (not a file, pipe or dumb TERM).
bool stdout_is_smart_terminal();
// Columns of the terminal, or 80 when unknown.
int terminal_width();

}  // namespace dbtest::runner::platform
