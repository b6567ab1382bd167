#include "migrate_command.hpp"

#include <boost/process.hpp>

#include <fstream>

#include "base/file_text.hpp"
#include "base/database_url.hpp"
#include "base/errors.hpp"
#include "base/exact_command_line.hpp"
#include "base/process_info.hpp"
#include "platform/child_lifetime.hpp"
#include "platform/process_exit.hpp"
#include "protocol/environment.hpp"
#include "workers/child_environment.hpp"
#include "platform/shell.hpp"

namespace dbtest::runner {
namespace bp = boost::process;

std::map<std::string, std::string> run_migrate_command(const std::string& command, const std::string& database_url,
                                                       const std::filesystem::path& scratch_dir) {
  const auto output_file = scratch_dir / "migrate-cmd.out";
  const auto signal_file = scratch_dir / "migrate-cmd.signals";
  bp::environment env = environment_for_child();
  env[protocol::kDatabaseUrlVariable] = database_url;
  env[protocol::kSignalFileVariable] = signal_file.string();
  int status = 0;
  try {
    const auto shell = platform::shell_command(command);
    const auto& argv = shell.argv;
    bp::child child(argv.front(), bp::args(std::vector<std::string>(argv.begin() + 1, argv.end())), env, bp::std_in < bp::null,
                    (bp::std_out & bp::std_err) > output_file.string(),
                    platform::DiesWithParent(current_pid()), base::ExactCommandLine(shell.windows_line));
    child.wait();
    status = child.native_exit_code();
  } catch (const bp::process_error& e) {
    throw UsageError("--migrate-cmd could not be started: " + std::string(e.what()));
  }
  const auto exit = platform::describe_exit(status);
  if (exit.signaled || exit.code != 0) {
    std::string tail = read_file_text(output_file).value_or("");
    if (tail.size() > 2000) tail = "..." + tail.substr(tail.size() - 2000);
    while (!tail.empty() && (tail.back() == '\n' || tail.back() == '\r')) tail.pop_back();
    throw UsageError("--migrate-cmd failed (" + exit.text + ")" + (tail.empty() ? "" : ":\n" + mask_password(tail)));
  }
  std::map<std::string, std::string> signals;
  std::ifstream in(signal_file);
  std::string line;
  while (std::getline(in, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    const auto eq = line.find('=');
    if (eq != std::string::npos && eq > 0) signals[line.substr(0, eq)] = line.substr(eq + 1);
  }
  return signals;
}

}  // namespace dbtest::runner
