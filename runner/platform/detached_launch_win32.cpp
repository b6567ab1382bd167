#include "detached_launch.hpp"

#include <windows.h>

#include "base/errors.hpp"

namespace dbtest::runner::platform {
namespace {

std::wstring wide(const std::string& text) {
  if (text.empty()) return {};
  const int size = MultiByteToWideChar(CP_UTF8, 0, text.data(), static_cast<int>(text.size()), nullptr, 0);
  std::wstring out(static_cast<std::size_t>(size), L'\0');
  MultiByteToWideChar(CP_UTF8, 0, text.data(), static_cast<int>(text.size()), out.data(), size);
  return out;
}

// One argument as the C runtime's parser reads it back: quoted, with the
// backslashes before a quote (and before the closing quote) doubled.
std::wstring quoted(const std::wstring& argument) {
  if (!argument.empty() && argument.find_first_of(L" \t\n\v\"") == std::wstring::npos) return argument;
  std::wstring out = L"\"";
  std::size_t backslashes = 0;
  for (const wchar_t c : argument) {
    if (c == L'\\') {
      ++backslashes;
      continue;
    }
    out.append(c == L'"' ? 2 * backslashes + 1 : backslashes, L'\\');
    backslashes = 0;
    out.push_back(c);
  }
  out.append(2 * backslashes, L'\\');
  return out + L"\"";
}

}  // namespace

void launch_detached(const std::filesystem::path& program, const std::vector<std::string>& args,
                     const std::map<std::string, std::string>& environment) {
  std::wstring command_line = quoted(program.wstring());
  for (const auto& a : args) command_line += L" " + quoted(wide(a));
  std::wstring block;
  for (const auto& [name, value] : environment) block += wide(name + "=" + value) + L'\0';
  block += L'\0';

  STARTUPINFOW startup{};
  startup.cb = sizeof startup;
  PROCESS_INFORMATION process{};
  // Out of dbtest's job (which ends its members when dbtest ends), with no
  // console, and in a process group of its own.
  DWORD flags = DETACHED_PROCESS | CREATE_NEW_PROCESS_GROUP | CREATE_UNICODE_ENVIRONMENT | CREATE_BREAKAWAY_FROM_JOB;
  BOOL started = CreateProcessW(program.wstring().c_str(), command_line.data(), nullptr, nullptr, FALSE, flags,
                                block.data(), nullptr, &startup, &process);
  if (!started && GetLastError() == ERROR_ACCESS_DENIED) {
    // A job that allows no breakaway: the filler then ends with that job.
    flags &= ~static_cast<DWORD>(CREATE_BREAKAWAY_FROM_JOB);
    started = CreateProcessW(program.wstring().c_str(), command_line.data(), nullptr, nullptr, FALSE, flags,
                             block.data(), nullptr, &startup, &process);
  }
  if (!started) {
    throw InfrastructureError("could not start " + program.string() + ": Windows error " +
                              std::to_string(GetLastError()));
  }
  CloseHandle(process.hThread);
  CloseHandle(process.hProcess);
}

}  // namespace dbtest::runner::platform
