// `--migrate-cmd`: a team's own migration tool, run once through the shell
// against the template (DBTEST_DATABASE_URL). It may hand facts to the tests
// by writing KEY=VALUE lines to the file named by DBTEST_SIGNAL_FILE.
#pragma once

#include <filesystem>
#include <map>
#include <string>

namespace dbtest::runner {

// Runs `command`; returns the signals it published. Throws UsageError with
// the exit status and the end of its output when it fails.
std::map<std::string, std::string> run_migrate_command(const std::string& command, const std::string& database_url,
                                                       const std::filesystem::path& scratch_dir);

}  // namespace dbtest::runner
