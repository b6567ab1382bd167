// A profile of dbtest.toml applied as the command line's defaults. The order
// of precedence: the command line, then the environment (DBTEST_PARALLEL,
// GoogleTest's and Bazel's variables), then the profile, then dbtest's own
// defaults. So a key sets its option only when the command line did not, and
// no variable of the environment stands for that option.
#pragma once

#include <CLI/CLI.hpp>

#include <filesystem>
#include <map>
#include <optional>
#include <string>

#include "base/errors.hpp"
#include "config_file.hpp"
#include "options.hpp"

namespace dbtest::runner {

// What the command line says of the file and the profile.
struct ProfileRequest {
  std::optional<std::string> config_path;  // --config PATH
  std::optional<std::string> profile;      // --profile NAME
  std::filesystem::path working_folder;    // where dbtest.toml is looked for, and --config's base
};

struct AppliedProfile {
  ConfigProfile profile;
  // The options the profile set ("--timeout"), and the line of each.
  std::map<std::string, int> lines;

  // An error found after the profile was applied, about an option the
  // profile set ("--parallel must be ..."), with the file and line that set it.
  UsageError explain(const UsageError& error) const;
};

// Finds and reads the config file, checks every profile's keys against
// `app`'s options, and sets the options of the chosen profile that
// `app.parse()` left unset and the environment does not set. Under `dbtest
// cleanup`, only the options cleanup takes (and test-db-name under `cleanup
// --templates`). Nothing when there is no file and no profile was asked
// for. Throws UsageError "FILE:LINE: ...".
enum class ProfileUse { run, cleanup, cleanup_templates };
std::optional<AppliedProfile> apply_profile(CLI::App& app, const ProfileRequest& request,
                                            const std::map<std::string, std::string>& environment, ProfileUse use);

// The profile's overrides and [groups], onto options whose --group values
// are parsed: a group the table names joins `options.groups` unless a
// --group of that name is there already (its limit wins). Throws UsageError
// for an override whose group has no limit anywhere.
void apply_profile_rules(const ConfigProfile& profile, Options& options);

}  // namespace dbtest::runner
