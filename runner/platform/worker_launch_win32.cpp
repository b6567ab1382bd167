#include <windows.h>

#include <algorithm>

#include "worker_launch.hpp"

namespace dbtest::runner::platform {

unsigned long worker_creation_flags() { return CREATE_NEW_PROCESS_GROUP; }

std::shared_ptr<void> inherited_handles_attribute(const std::vector<void*>& handles) {
  // The list must outlive CreateProcess, so it is kept with its storage.
  struct List {
    std::vector<HANDLE> handles;
    std::vector<char> storage;
    bool initialised = false;
    ~List() {
      if (initialised) DeleteProcThreadAttributeList(reinterpret_cast<LPPROC_THREAD_ATTRIBUTE_LIST>(storage.data()));
    }
  };
  auto list = std::make_shared<List>();
  for (void* h : handles) {
    if (h && h != INVALID_HANDLE_VALUE && std::find(list->handles.begin(), list->handles.end(), h) == list->handles.end())
      list->handles.push_back(h);
  }
  if (list->handles.empty()) return nullptr;
  SIZE_T size = 0;
  InitializeProcThreadAttributeList(nullptr, 1, 0, &size);
  list->storage.resize(size);
  auto* attributes = reinterpret_cast<LPPROC_THREAD_ATTRIBUTE_LIST>(list->storage.data());
  if (!InitializeProcThreadAttributeList(attributes, 1, 0, &size)) return nullptr;
  list->initialised = true;
  if (!UpdateProcThreadAttribute(attributes, 0, PROC_THREAD_ATTRIBUTE_HANDLE_LIST, list->handles.data(),
                                 list->handles.size() * sizeof(HANDLE), nullptr, nullptr)) {
    return nullptr;
  }
  // The attribute list is what the caller hands to CreateProcess.
  return std::shared_ptr<void>(list, attributes);
}

}  // namespace dbtest::runner::platform
