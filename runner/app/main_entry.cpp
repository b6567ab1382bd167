#include "main_entry.hpp"

#include <boost/process/environment.hpp>

#include <filesystem>
#include <fstream>
#include <iostream>

#include "base/database_url.hpp"
#include "cli/options.hpp"
#include "platform/child_lifetime.hpp"
#include "cleanup_command.hpp"
#include "fill_pool_command.hpp"
#include "merge_command.hpp"
#include "run_command.hpp"

namespace dbtest::runner {
namespace {

constexpr int kExitError = 2;

std::map<std::string, std::string> environment() {
  std::map<std::string, std::string> out;
  for (const auto& entry : boost::this_process::environment()) out[entry.get_name()] = entry.to_string();
  return out;
}

// Bazel's TEST_PREMATURE_EXIT_FILE: there from the start, gone at any exit
// dbtest makes itself, so that a dbtest killed or crashed leaves it and Bazel
// fails the test even if the exit status looked fine.
class PrematureExitMarker {
 public:
  explicit PrematureExitMarker(const std::map<std::string, std::string>& environment) {
    const auto it = environment.find("TEST_PREMATURE_EXIT_FILE");
    if (it == environment.end() || it->second.empty()) return;
    file_ = it->second;
    std::ofstream(file_, std::ios::app);
  }
  PrematureExitMarker(const PrematureExitMarker&) = delete;
  PrematureExitMarker& operator=(const PrematureExitMarker&) = delete;
  ~PrematureExitMarker() {
    std::error_code ignored;
    if (!file_.empty()) std::filesystem::remove(file_, ignored);
  }

 private:
  std::filesystem::path file_;
};

int fail(const std::string& message) {
  std::cout.flush();
  std::cerr << "dbtest: error: " << mask_password(message) << "\n";
  return kExitError;
}

}  // namespace

int main_entry(int argc, const char* const* argv) {
  platform::end_children_with_this_process();
  const auto variables = environment();
  const PrematureExitMarker premature_exit_marker(variables);
  try {
    const auto parsed = parse_command_line(argc, argv, variables);
    if (!parsed.options) return 0;
    for (const auto& note : parsed.notes) std::cerr << "dbtest: note: " << note << "\n";
    if (parsed.options->command == Command::cleanup) return run_cleanup(*parsed.options);
    if (parsed.options->command == Command::merge_reports) return run_merge_reports(*parsed.options);
    if (parsed.options->command == Command::fill_pool) return run_fill_pool(*parsed.options);
    return run_tests(*parsed.options);
  } catch (const std::exception& e) {
    // Typed errors from the layers below carry messages meant for people;
    // anything else is still reported in one line rather than a crash.
    return fail(e.what());
  }
}

}  // namespace dbtest::runner
