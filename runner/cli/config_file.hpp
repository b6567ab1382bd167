// dbtest.toml: defaults for a run's options, kept in named profiles
// (docs/options.md, "Config file and profiles"). This file finds the file
// and reads it into settings with their lines; which option a key stands
// for is the command line's to say (profile_defaults.hpp).
#pragma once

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace dbtest::runner {

inline constexpr const char* kConfigFileName = "dbtest.toml";
inline constexpr const char* kDefaultProfile = "default";

// One key of a profile, its value written as on the command line.
struct ConfigSetting {
  enum class Kind { text, number, boolean, list };
  std::string key;
  Kind kind = Kind::text;
  // One value; a list's items in order. A boolean is "true" or "false".
  std::vector<std::string> values;
  int line = 0;
  std::string profile;  // the profile whose table holds it

  // "'KEY' in [profile.NAME]", for messages.
  std::string named() const { return "'" + key + "' in [profile." + profile + "]"; }
};

// [[profile.NAME.overrides]]: values of its own for the tests `filter` matches.
struct ConfigOverride {
  std::string filter;
  std::optional<double> timeout_seconds;
  std::optional<int> retries;
  std::optional<std::string> group;
  int line = 0;
};

// [profile.NAME.groups]: NAME = LIMIT.
struct ConfigGroup {
  std::string name;
  int limit = 1;
  int line = 0;
};

// One profile as the file has it, before inheritance.
struct ConfigProfileTable {
  std::map<std::string, ConfigSetting> settings;
  // Absent: the profile inherits the default profile's overrides.
  std::optional<std::vector<ConfigOverride>> overrides;
  std::map<std::string, ConfigGroup> groups;
  int line = 0;
};

struct ConfigFile {
  std::filesystem::path path;  // absolute
  std::map<std::string, ConfigProfileTable> profiles;

  // "PATH:LINE: ", how every message about the file begins.
  std::string where(int line) const;
};

// The profile a run uses: its own keys over the default profile's, key by
// key, and group by group.
struct ConfigProfile {
  std::filesystem::path file;
  std::string name;
  std::map<std::string, ConfigSetting> settings;
  std::vector<ConfigOverride> overrides;
  std::map<std::string, ConfigGroup> groups;

  std::string where(int line) const;
  // Relative paths in the file are relative to the file's folder.
  std::filesystem::path resolve(const std::string& path) const;
};

// dbtest.toml in `folder` or the nearest folder above it that has one.
std::optional<std::filesystem::path> find_config_file(const std::filesystem::path& folder);

// Reads and checks the file's layout: TOML syntax, only [profile.NAME]
// tables, values of the kinds a key can take, overrides with a filter.
// Throws UsageError "PATH:LINE: ..." on the first problem.
ConfigFile read_config_file(const std::filesystem::path& path);

// The profile `name` with what it inherits from the default profile.
// Throws UsageError when the file has no such profile (the default profile
// may be absent: it is then empty).
ConfigProfile resolve_profile(const ConfigFile& file, const std::string& name, const std::string& chosen_by);

}  // namespace dbtest::runner
