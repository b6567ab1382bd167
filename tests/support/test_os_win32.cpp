#include <windows.h>

#include <aclapi.h>
#include <psapi.h>
#include <sddl.h>

#include <random>
#include <stdexcept>

#include "test_os.hpp"

namespace dbtest::test_os {
namespace {

// Set in the environment of a process start_hanging_child() starts.
constexpr wchar_t kHangVariable[] = L"DBTEST_TEST_OS_HANG";

// Before main(): the copy start_hanging_child() started only sleeps.
const bool hangs = [] {
  if (GetEnvironmentVariableW(kHangVariable, nullptr, 0) == 0) return false;
  for (;;) Sleep(INFINITE);
}();

std::wstring wide(const std::string& utf8) {
  if (utf8.empty()) return {};
  const int n = MultiByteToWideChar(CP_UTF8, 0, utf8.data(), static_cast<int>(utf8.size()), nullptr, 0);
  std::wstring out(static_cast<std::size_t>(n), L'\0');
  MultiByteToWideChar(CP_UTF8, 0, utf8.data(), static_cast<int>(utf8.size()), out.data(), n);
  return out;
}

// This user's SID; the caller frees it with LocalFree.
PSID copy_of_user_sid() {
  HANDLE token = nullptr;
  if (!OpenProcessToken(GetCurrentProcess(), TOKEN_QUERY, &token)) return nullptr;
  DWORD size = 0;
  GetTokenInformation(token, TokenUser, nullptr, 0, &size);
  std::string buffer(size, '\0');
  PSID copy = nullptr;
  if (GetTokenInformation(token, TokenUser, buffer.data(), size, &size)) {
    const PSID sid = reinterpret_cast<TOKEN_USER*>(buffer.data())->User.Sid;
    const DWORD length = GetLengthSid(sid);
    copy = LocalAlloc(LPTR, length);
    if (copy) CopySid(length, copy, sid);
  }
  CloseHandle(token);
  return copy;
}

}  // namespace

std::filesystem::path make_temp_folder(const std::string& prefix) {
  std::random_device random;
  for (int attempt = 0; attempt < 100; ++attempt) {
    const auto path = std::filesystem::temp_directory_path() / (prefix + std::to_string(random()));
    std::error_code ec;
    if (std::filesystem::create_directory(path, ec)) return path;
  }
  throw std::runtime_error("cannot make a temporary folder");
}

const char* temp_folder_variable() { return "TMP"; }

void set_environment(const std::string& name, const std::string& value) {
  SetEnvironmentVariableW(wide(name).c_str(), wide(value).c_str());
  _putenv_s(name.c_str(), value.c_str());
}

void unset_environment(const std::string& name) {
  SetEnvironmentVariableW(wide(name).c_str(), nullptr);
  _putenv_s(name.c_str(), "");
}

bool is_private_to_user(const std::filesystem::path& folder) {
  // Allowed entries name this user or the system, no group, no one else.
  PACL dacl = nullptr;
  PSECURITY_DESCRIPTOR descriptor = nullptr;
  if (GetNamedSecurityInfoW(folder.c_str(), SE_FILE_OBJECT, DACL_SECURITY_INFORMATION, nullptr, nullptr, &dacl,
                            nullptr, &descriptor) != ERROR_SUCCESS) {
    return false;
  }
  const PSID user = copy_of_user_sid();
  PSID system = nullptr;
  ConvertStringSidToSidW(L"SY", &system);
  bool only_user = dacl != nullptr && dacl->AceCount > 0 && user && system;
  for (DWORD i = 0; only_user && i < dacl->AceCount; ++i) {
    void* ace = nullptr;
    if (!GetAce(dacl, i, &ace)) {
      only_user = false;
      break;
    }
    const auto* header = static_cast<ACE_HEADER*>(ace);
    if (header->AceType != ACCESS_ALLOWED_ACE_TYPE) continue;
    const PSID sid = &static_cast<ACCESS_ALLOWED_ACE*>(ace)->SidStart;
    // The operating system itself may always enter.
    if (!EqualSid(sid, user) && !EqualSid(sid, system)) only_user = false;
  }
  LocalFree(system);
  LocalFree(user);
  LocalFree(descriptor);
  return only_user;
}

bool kill_process(int pid) {
  HANDLE process = OpenProcess(PROCESS_TERMINATE, FALSE, static_cast<DWORD>(pid));
  if (!process) return false;
  const bool done = TerminateProcess(process, 1) != 0;
  CloseHandle(process);
  return done;
}

bool process_alive(int pid) {
  HANDLE process = OpenProcess(SYNCHRONIZE, FALSE, static_cast<DWORD>(pid));
  if (!process) return false;
  const bool running = WaitForSingleObject(process, 0) == WAIT_TIMEOUT;
  CloseHandle(process);
  return running;
}

int start_hanging_child() {
  std::wstring self(32768, L'\0');
  self.resize(GetModuleFileNameW(nullptr, self.data(), static_cast<DWORD>(self.size())));
  std::wstring command_line = L"\"" + self + L"\"";
  STARTUPINFOW startup{};
  startup.cb = sizeof startup;
  PROCESS_INFORMATION process{};
  // The child takes the variable with the rest of this environment.
  SetEnvironmentVariableW(kHangVariable, L"1");
  const BOOL started = CreateProcessW(self.c_str(), command_line.data(), nullptr, nullptr, TRUE, 0, nullptr, nullptr,
                                      &startup, &process);
  SetEnvironmentVariableW(kHangVariable, nullptr);
  if (!started) throw std::runtime_error("cannot start a copy of this program");
  CloseHandle(process.hThread);
  CloseHandle(process.hProcess);
  return static_cast<int>(process.dwProcessId);
}

void prepare_to_interrupt_children() {
  FreeConsole();
  AllocConsole();
}

bool interrupt_process(int) {
  // Ctrl-C reaches every process attached to this console that has not
  // turned it off: dbtest, not its workers (each in a process group of its
  // own), and not this process, which ignores it from here on.
  SetConsoleCtrlHandler(nullptr, TRUE);
  return GenerateConsoleCtrlEvent(CTRL_C_EVENT, 0) != 0;
}

std::string abort_description() {
  return "crashed with exception 0xC0000409 (fast fail: abort() or a broken stack guard)";
}
std::string access_violation_description() { return "crashed with exception 0xC0000005 (access violation)"; }
// TerminateProcess gives the exit status its caller chose: 1 here, as with
// taskkill /F. Nothing tells it from a test that exits 1.
std::string outside_kill_description() { return "exit status 1"; }

bool has_posix_shell() { return false; }

bool has_proc_fd() { return false; }

std::string shell_line_appending(const std::string& text, const std::string& variable) {
  // No space before >>: cmd.exe's echo would write it.
  return "echo " + text + ">>\"%" + variable + "%\"";
}

std::optional<long> peak_resident_kib(int pid) {
  HANDLE process = OpenProcess(PROCESS_QUERY_LIMITED_INFORMATION, FALSE, static_cast<DWORD>(pid));
  if (!process) return std::nullopt;
  DWORD code = 0;
  PROCESS_MEMORY_COUNTERS counters{};
  const bool running = GetExitCodeProcess(process, &code) && code == STILL_ACTIVE;
  const bool known = running && GetProcessMemoryInfo(process, &counters, sizeof counters);
  CloseHandle(process);
  if (!known) return std::nullopt;
  return static_cast<long>(counters.PeakWorkingSetSize / 1024);
}

const char* os_name() { return "Windows"; }

}  // namespace dbtest::test_os
