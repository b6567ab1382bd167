#include "profile_defaults.hpp"

#include <algorithm>
#include <set>
#include <vector>

#include "protocol/environment.hpp"

namespace dbtest::runner {
namespace {

namespace fs = std::filesystem;

// Keys whose values are paths, taken relative to the file's folder.
const std::set<std::string>& path_keys() {
  static const std::set<std::string> keys = {"migrations", "migrate-input", "junit-xml", "state-dir",
                                             "durations-file", "binaries", "test-binary"};
  return keys;
}

// What `dbtest cleanup` takes from a profile: the rest is for runs.
// `cleanup --templates` also takes the templates' name.
bool applies_to(ProfileUse use, const std::string& key) {
  static const std::set<std::string> cleanup = {"backend", "database-url", "state-dir"};
  switch (use) {
    case ProfileUse::run:
      return true;
    case ProfileUse::cleanup:
      return cleanup.count(key) > 0;
    case ProfileUse::cleanup_templates:
      return cleanup.count(key) > 0 || key == "test-db-name";
  }
  return false;
}

// Options that the file may not set: they say how dbtest reads the file,
// or answer instead of running.
const std::set<std::string>& refused_keys() {
  static const std::set<std::string> keys = {"help", "help-all", "version", "config", "profile"};
  return keys;
}

// The variables that stand for an option (options.cpp applies them). Set,
// they beat the profile, so the profile's value is not applied at all.
const std::map<std::string, std::vector<std::string>>& environment_owned() {
  static const std::map<std::string, std::vector<std::string>> owned = {
      {"parallel", {protocol::kParallelVariable}},
      {"filter", {"GTEST_FILTER", "TESTBRIDGE_TEST_ONLY"}},
      {"repeat", {"GTEST_REPEAT"}},
      {"shuffle", {"GTEST_SHUFFLE"}},
      {"run-disabled", {"GTEST_ALSO_RUN_DISABLED_TESTS"}},
      {"failfast", {"GTEST_FAIL_FAST"}},
      {"partition", {"GTEST_TOTAL_SHARDS", "GTEST_SHARD_INDEX", "TEST_TOTAL_SHARDS", "TEST_SHARD_INDEX"}},
      {"junit-xml", {"XML_OUTPUT_FILE"}},
  };
  return owned;
}

bool set_by_environment(const std::string& key, const std::map<std::string, std::string>& environment) {
  const auto it = environment_owned().find(key);
  if (it == environment_owned().end()) return false;
  for (const auto& variable : it->second) {
    const auto value = environment.find(variable);
    if (value != environment.end() && !value->second.empty()) return true;
  }
  return false;
}

CLI::Option* option_for(CLI::App& app, const std::string& key);

// Options that stand in for each other, or exclude each other: one of them
// on the command line sets aside the profile's others, as it would the
// profile's own value. Test binaries come from the command line or the
// profile; --migrate-cmd on the command line replaces the profile's
// --migrations; --shuffle there replaces its --reverse.
const std::vector<std::set<std::string>>& alternatives() {
  static const std::vector<std::set<std::string>> sets = {
      {"binaries", "test-binary"},
      {"migrations", "migrate-cmd"},
      {"reverse", "shuffle"},
      {"last-failed", "failed-first"},
      {"sequence", "replay", "bisect", "pair"},
  };
  return sets;
}

bool alternative_given(CLI::App& app, const std::string& key) {
  for (const auto& set : alternatives()) {
    if (set.count(key) == 0) continue;
    for (const auto& other : set) {
      if (option_for(app, other)->count() > 0) return true;
    }
  }
  return false;
}

CLI::Option* option_for(CLI::App& app, const std::string& key) {
  if (key == "binaries") return app.get_option_no_throw("binaries");
  if (refused_keys().count(key) > 0 || key.empty() || key[0] == '-') return nullptr;
  return app.get_option_no_throw("--" + key);
}

// A value of the kind the option takes: true or false for a flag, one value
// for a single option, one or a list for a repeatable one.
void check_kind(const ConfigFile& file, const ConfigSetting& s, const CLI::Option& option) {
  using Kind = ConfigSetting::Kind;
  const bool flag = option.get_expected_max() == 0;
  const bool optional_value = option.get_expected_min() == 0 && option.get_expected_max() == 1;
  const bool repeatable = option.get_expected_max() > 1;
  std::string problem;
  if (flag && s.kind != Kind::boolean) {
    problem = "must be true or false";
  } else if (optional_value && s.kind == Kind::list) {
    problem = "must be true, false or one value, not a list";
  } else if (!flag && !optional_value && s.kind == Kind::boolean) {
    problem = repeatable ? "must be a list of values, not true or false" : "must be a value, not true or false";
  } else if (!flag && !optional_value && !repeatable && s.kind == Kind::list) {
    problem = "takes one value, not a list";
  }
  if (!problem.empty()) throw UsageError(file.where(s.line) + s.named() + " " + problem);
}

void check_keys(CLI::App& app, const ConfigFile& file) {
  for (const auto& [name, table] : file.profiles) {
    for (const auto& [key, s] : table.settings) {
      const auto* option = option_for(app, key);
      if (!option) {
        const std::string why = key == "config" || key == "profile"
                                    ? " (the file and the profile are chosen with --config and --profile)"
                                    : "";
        throw UsageError(file.where(s.line) + "unknown key '" + key + "' in [profile." + name + "]" + why);
      }
      check_kind(file, s, *option);
    }
  }
}

// CLI11's "--timeout: must be ..." as options.cpp words it.
std::string option_message(const CLI::Error& e) {
  std::string message = e.what();
  if (const auto colon = message.find(": "); colon != std::string::npos && message.rfind("--", 0) == 0) {
    message.erase(colon, 1);
  }
  return message;
}

void apply_setting(CLI::Option& option, const ConfigProfile& profile, const ConfigSetting& s) {
  std::vector<std::string> values;
  if (s.kind == ConfigSetting::Kind::boolean && option.get_expected_max() == 1) {
    if (s.values.front() == "false") return;  // an optional value left off: --shuffle not given
    values.emplace_back();                      // ...given bare: --shuffle
  } else {
    for (const auto& value : s.values) {
      if (path_keys().count(s.key) == 0) {
        values.push_back(value);
        continue;
      }
      if (value.empty()) throw UsageError(profile.where(s.line) + s.named() + " needs a path, not an empty string");
      values.push_back(profile.resolve(value).string());
    }
  }
  if (values.empty()) return;  // an empty list: nothing to add
  try {
    option.add_result(values);
    option.run_callback();
  } catch (const CLI::Error& e) {
    throw UsageError(profile.where(s.line) + option_message(e) + " (" + s.named() + ")");
  }
}

struct FileChoice {
  std::optional<fs::path> path;
  std::string profile;
  std::string chosen_by;  // "--profile ci", "DBTEST_PROFILE=ci", or empty for the default
};

FileChoice choose(const ProfileRequest& request, const std::map<std::string, std::string>& environment) {
  FileChoice choice{std::nullopt, kDefaultProfile, ""};
  if (request.profile) {
    choice.profile = *request.profile;
    choice.chosen_by = "--profile " + *request.profile;
  } else if (const auto it = environment.find(protocol::kProfileVariable); it != environment.end() && !it->second.empty()) {
    choice.profile = it->second;
    choice.chosen_by = std::string(protocol::kProfileVariable) + "=" + it->second;
  }
  if (choice.profile.empty()) throw UsageError("--profile needs a name, not an empty string");
  if (request.config_path) {
    if (request.config_path->empty()) throw UsageError("--config needs a path, not an empty string");
    fs::path path(*request.config_path);
    if (path.is_relative()) path = request.working_folder / path;
    std::error_code ec;
    if (!fs::is_regular_file(path, ec)) throw UsageError("--config " + *request.config_path + ": no such file");
    choice.path = path;
  } else {
    choice.path = find_config_file(request.working_folder);
  }
  if (!choice.path && !choice.chosen_by.empty()) {
    throw UsageError(choice.chosen_by + " asks for a profile, but there is no " + kConfigFileName + " in " +
                     request.working_folder.string() + " or a folder above it (name one with --config PATH)");
  }
  return choice;
}

}  // namespace

UsageError AppliedProfile::explain(const UsageError& error) const {
  const std::string message = error.what();
  const auto end = message.find_first_of(" :=");
  const auto it = lines.find(message.substr(0, end));
  if (it == lines.end()) return error;
  return UsageError(profile.where(it->second) + message);
}

std::optional<AppliedProfile> apply_profile(CLI::App& app, const ProfileRequest& request,
                                            const std::map<std::string, std::string>& environment, ProfileUse use) {
  const FileChoice choice = choose(request, environment);
  if (!choice.path) return std::nullopt;
  const ConfigFile file = read_config_file(*choice.path);
  check_keys(app, file);
  AppliedProfile applied{resolve_profile(file, choice.profile, choice.chosen_by), {}};
  // Decided before any is applied: what the command line gave.
  std::set<std::string> set_aside;
  for (const auto& [key, s] : applied.profile.settings) {
    if (option_for(app, key)->count() > 0 || alternative_given(app, key) || set_by_environment(key, environment)) {
      set_aside.insert(key);
    }
  }
  for (const auto& [key, s] : applied.profile.settings) {
    if (!applies_to(use, key) || set_aside.count(key) > 0) continue;
    CLI::Option* option = option_for(app, key);
    apply_setting(*option, applied.profile, s);
    applied.lines[key == "binaries" ? key : "--" + key] = s.line;
  }
  return applied;
}

void apply_profile_rules(const ConfigProfile& profile, Options& options) {
  const auto has_group = [&options](const std::string& name) {
    return std::any_of(options.groups.begin(), options.groups.end(), [&name](const Options::Group& g) { return g.name == name; });
  };
  // A group of the table has no patterns: only overrides put tests in it.
  for (const auto& [name, group] : profile.groups) {
    if (!has_group(name)) options.groups.push_back({name, group.limit, ""});
  }
  for (const auto& o : profile.overrides) {
    if (o.group && !has_group(*o.group)) {
      throw UsageError(profile.where(o.line) + "the override for '" + o.filter + "' names group '" + *o.group +
                       "', which has no limit: add " + *o.group + " = N to [profile." + profile.name +
                       ".groups], or give --group " + *o.group + ":N=PATTERNS");
    }
    options.overrides.push_back({o.filter, o.timeout_seconds, o.retries, o.group});
  }
}

}  // namespace dbtest::runner
