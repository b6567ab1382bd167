#include <windows.h>

#include <sddl.h>

#include <string>

#include "handles.hpp"

namespace dbtest::runner::platform {

void keep_from_children_native(std::intptr_t handle) {
  SetHandleInformation(reinterpret_cast<HANDLE>(handle), HANDLE_FLAG_INHERIT, 0);
}

// A Windows handle is inherited only when it was made inheritable; handles
// dbtest's own parent passed down that way are not walked here.
void keep_inherited_handles_from_children() {}

namespace {

std::error_code last_error() { return {static_cast<int>(GetLastError()), std::system_category()}; }

// "D:P(A;OICI;FA;;;<this user's SID>)": an access list that inherits nothing
// from the parent folder and lets this user, and only this user, do
// anything, passed on to what is made inside.
std::wstring private_access_list(std::error_code& error) {
  HANDLE token = nullptr;
  if (!OpenProcessToken(GetCurrentProcess(), TOKEN_QUERY, &token)) {
    error = last_error();
    return {};
  }
  DWORD size = 0;
  GetTokenInformation(token, TokenUser, nullptr, 0, &size);
  std::string buffer(size, '\0');
  std::wstring sddl;
  LPWSTR sid_text = nullptr;
  if (GetTokenInformation(token, TokenUser, buffer.data(), size, &size) &&
      ConvertSidToStringSidW(reinterpret_cast<TOKEN_USER*>(buffer.data())->User.Sid, &sid_text)) {
    sddl = std::wstring(L"D:P(A;OICI;FA;;;") + sid_text + L")";
    LocalFree(sid_text);
  } else {
    error = last_error();
  }
  CloseHandle(token);
  return sddl;
}

}  // namespace

// Made with its access list, never with the parent's and changed after.
bool create_private_directory(const std::filesystem::path& path, std::error_code& error) {
  const std::wstring sddl = private_access_list(error);
  if (sddl.empty()) return false;
  SECURITY_ATTRIBUTES attributes{sizeof attributes, nullptr, FALSE};
  if (!ConvertStringSecurityDescriptorToSecurityDescriptorW(sddl.c_str(), SDDL_REVISION_1,
                                                            &attributes.lpSecurityDescriptor, nullptr)) {
    error = last_error();
    return false;
  }
  const bool made = CreateDirectoryW(path.c_str(), &attributes) != 0;
  if (!made) error = last_error();
  LocalFree(attributes.lpSecurityDescriptor);
  return made;
}

}  // namespace dbtest::runner::platform
