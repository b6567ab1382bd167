// Ctrl-C and termination requests. The first one asks the run to stop
// cleanly (end workers, drop databases, write reports, exit 130); the second
// ends the process at once. One implementation per OS.
#pragma once

namespace dbtest::runner::platform {

// Installs the handlers; also makes a write to a dead worker's pipe an error
// instead of a fatal signal.
void install_interrupt_handlers();
// A stop was requested since the handlers were installed.
bool interrupt_requested();

}  // namespace dbtest::runner::platform
