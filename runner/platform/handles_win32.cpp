#include <windows.h>

#include "handles.hpp"

namespace dbtest::runner::platform {

void keep_from_children(int handle) {
  SetHandleInformation(reinterpret_cast<HANDLE>(static_cast<intptr_t>(handle)), HANDLE_FLAG_INHERIT, 0);
}

}  // namespace dbtest::runner::platform
