#include "main_entry.hpp"

#include <boost/process/environment.hpp>

#include <iostream>

#include "base/database_url.hpp"
#include "cli/options.hpp"
#include "platform/child_lifetime.hpp"
#include "cleanup_command.hpp"
#include "run_command.hpp"

namespace dbtest::runner {
namespace {

constexpr int kExitError = 2;

std::map<std::string, std::string> environment() {
  std::map<std::string, std::string> out;
  for (const auto& entry : boost::this_process::environment()) out[entry.get_name()] = entry.to_string();
  return out;
}

int fail(const std::string& message) {
  std::cout.flush();
  std::cerr << "dbtest: error: " << mask_password(message) << "\n";
  return kExitError;
}

}  // namespace

int main_entry(int argc, const char* const* argv) {
  platform::end_children_with_this_process();
  try {
    const auto parsed = parse_command_line(argc, argv, environment());
    if (!parsed.options) return 0;
    for (const auto& note : parsed.notes) std::cerr << "dbtest: note: " << note << "\n";
    if (parsed.options->command == Command::cleanup) return run_cleanup(*parsed.options);
    return run_tests(*parsed.options);
  } catch (const std::exception& e) {
    // Typed errors from the layers below carry messages meant for people;
    // anything else is still reported in one line rather than a crash.
    return fail(e.what());
  }
}

}  // namespace dbtest::runner
