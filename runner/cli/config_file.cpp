#include "config_file.hpp"

#include <toml++/toml.h>

#include <cmath>
#include <sstream>
#include <system_error>

#include "base/file_text.hpp"
#include "base/errors.hpp"

namespace dbtest::runner {
namespace {

namespace fs = std::filesystem;

int line_of(const toml::node& node) { return static_cast<int>(node.source().begin.line); }

// A key's own line, which for a table made by a header is the header's.
int line_of(const toml::key& key, const toml::node& value) {
  const int line = static_cast<int>(key.source().begin.line);
  return line > 0 ? line : line_of(value);
}

std::string number_text(double value) {
  std::ostringstream text;
  text.precision(15);
  text << value;
  return text.str();
}

// A scalar as the command line would have it; nullopt for anything else.
std::optional<std::string> scalar_text(const toml::node& node) {
  if (const auto* s = node.as_string()) return s->get();
  if (const auto* i = node.as_integer()) return std::to_string(i->get());
  if (const auto* f = node.as_floating_point()) return number_text(f->get());
  return std::nullopt;
}

class Reader {
 public:
  explicit Reader(const ConfigFile& file) : file_(file) {}

  [[noreturn]] void fail(int line, const std::string& what) const { throw UsageError(file_.where(line) + what); }

  ConfigProfileTable profile(const std::string& name, const toml::table& table, int line) {
    ConfigProfileTable profile;
    profile.line = line;
    for (const auto& [key, value] : table) {
      const std::string k(key.str());
      const int at = line_of(key, value);
      if (k == "overrides") {
        profile.overrides = overrides(name, value, at);
      } else if (k == "groups") {
        profile.groups = groups(name, value, at);
      } else {
        profile.settings[k] = setting(name, k, value, at);
      }
    }
    return profile;
  }

 private:
  ConfigSetting setting(const std::string& profile, const std::string& key, const toml::node& value, int line) const {
    const std::string section = "[profile." + profile + "]";
    ConfigSetting s{key, ConfigSetting::Kind::text, {}, line, profile};
    if (const auto* b = value.as_boolean()) {
      s.kind = ConfigSetting::Kind::boolean;
      s.values.push_back(b->get() ? "true" : "false");
    } else if (const auto* a = value.as_array()) {
      s.kind = ConfigSetting::Kind::list;
      for (const auto& item : *a) {
        const auto text = scalar_text(item);
        if (!text) fail(line_of(item), "'" + key + "' in " + section + " must be a list of strings or numbers");
        s.values.push_back(*text);
      }
    } else if (const auto text = scalar_text(value)) {
      s.kind = value.is_string() ? ConfigSetting::Kind::text : ConfigSetting::Kind::number;
      s.values.push_back(*text);
    } else if (value.is_table()) {
      fail(line, "unknown key '" + key + "' in " + section);
    } else {
      fail(line, "'" + key + "' in " + section + " must be a string, a number, a boolean or a list, not a date or time");
    }
    return s;
  }

  std::vector<ConfigOverride> overrides(const std::string& profile, const toml::node& value, int line) const {
    const std::string section = "[[profile." + profile + ".overrides]]";
    const auto* array = value.as_array();
    if (!array || !array->is_array_of_tables()) {
      fail(line, "'overrides' in [profile." + profile + "] must be tables: write " + section + " with a filter");
    }
    std::vector<ConfigOverride> out;
    for (const auto& node : *array) {
      const auto& table = *node.as_table();
      ConfigOverride o;
      o.line = line_of(node);
      for (const auto& [key, item] : table) {
        const std::string k(key.str());
        const int at = line_of(key, item);
        if (k == "filter") {
          const auto* s = item.as_string();
          if (!s || s->get().empty()) fail(at, "'filter' in " + section + " must be a non-empty string (GoogleTest's filter syntax)");
          o.filter = s->get();
        } else if (k == "timeout") {
          const auto seconds = item.value<double>();
          if (item.is_boolean() || !seconds || !std::isfinite(*seconds) || *seconds <= 0) {
            fail(at, "'timeout' in " + section + " must be a positive number of seconds");
          }
          o.timeout_seconds = *seconds;
        } else if (k == "retries") {
          const auto* n = item.as_integer();
          if (!n || n->get() < 0 || n->get() > 100) fail(at, "'retries' in " + section + " must be a whole number from 0 to 100");
          o.retries = static_cast<int>(n->get());
        } else if (k == "group") {
          const auto* s = item.as_string();
          if (!s || s->get().empty()) fail(at, "'group' in " + section + " must be the name of a group");
          o.group = s->get();
        } else {
          fail(at, "unknown key '" + k + "' in " + section + " (it takes filter, timeout, retries and group)");
        }
      }
      if (o.filter.empty()) fail(o.line, section + " has no filter: say which tests it is for");
      out.push_back(std::move(o));
    }
    return out;
  }

  std::map<std::string, ConfigGroup> groups(const std::string& profile, const toml::node& value, int line) const {
    const std::string section = "[profile." + profile + ".groups]";
    const auto* table = value.as_table();
    if (!table) fail(line, "'groups' in [profile." + profile + "] must be a table: " + section + " with NAME = LIMIT");
    std::map<std::string, ConfigGroup> out;
    for (const auto& [key, item] : *table) {
      const std::string name(key.str());
      const int at = line_of(key, item);
      const auto* n = item.as_integer();
      if (!n || n->get() < 1 || n->get() > 999999) {
        fail(at, "group '" + name + "' in " + section + " must have a limit from 1 to 999999");
      }
      out[name] = {name, static_cast<int>(n->get()), at};
    }
    return out;
  }

  const ConfigFile& file_;
};

}  // namespace

std::string ConfigFile::where(int line) const {
  return path.string() + (line > 0 ? ":" + std::to_string(line) : "") + ": ";
}

std::string ConfigProfile::where(int line) const {
  return file.string() + (line > 0 ? ":" + std::to_string(line) : "") + ": ";
}

// A path from the root (on Windows also one without a drive, \tools\x)
// is taken as it is, as on the command line; only a relative one is the
// config file's folder's.
fs::path ConfigProfile::resolve(const std::string& path) const {
  const fs::path p(path);
  return p.has_root_directory() ? p : (file.parent_path() / p).lexically_normal();
}

std::optional<fs::path> find_config_file(const fs::path& folder) {
  std::error_code ec;
  for (fs::path dir = fs::absolute(folder, ec);; dir = dir.parent_path()) {
    const fs::path candidate = dir / kConfigFileName;
    if (fs::is_regular_file(candidate, ec)) return candidate;
    if (dir == dir.parent_path() || dir.empty()) return std::nullopt;
  }
}

ConfigFile read_config_file(const fs::path& path) {
  ConfigFile file;
  std::error_code ec;
  file.path = fs::absolute(path, ec).lexically_normal();
  const auto text = fs::is_regular_file(file.path, ec) ? read_file_text(file.path) : std::nullopt;
  if (!text) {
    throw UsageError(file.path.string() + ": cannot read the config file (" +
                     (fs::exists(file.path, ec) ? "not a readable file" : "no such file") + ")");
  }
  toml::table root;
  try {
    root = toml::parse(*text, file.path.string());
  } catch (const toml::parse_error& e) {
    throw UsageError(file.where(static_cast<int>(e.source().begin.line)) + std::string(e.description()));
  }
  Reader reader(file);
  for (const auto& [key, value] : root) {
    const std::string k(key.str());
    const int line = line_of(key, value);
    if (k != "profile" || !value.is_table()) {
      reader.fail(line, "unknown key '" + k + "' (dbtest.toml holds [profile.NAME] tables only)");
    }
    for (const auto& [name, profile] : *value.as_table()) {
      const std::string n(name.str());
      const int at = line_of(name, profile);
      if (!profile.is_table()) reader.fail(at, "'profile." + n + "' must be a table: write [profile." + n + "]");
      file.profiles[n] = reader.profile(n, *profile.as_table(), at);
    }
  }
  return file;
}

ConfigProfile resolve_profile(const ConfigFile& file, const std::string& name, const std::string& chosen_by) {
  ConfigProfile profile{file.path, name, {}, {}, {}};
  const auto base = file.profiles.find(kDefaultProfile);
  const auto own = file.profiles.find(name);
  if (own == file.profiles.end() && name != kDefaultProfile) {
    std::string names;
    for (const auto& [n, table] : file.profiles) names += (names.empty() ? "" : ", ") + n;
    throw UsageError(file.where(0) + "no profile '" + name + "' (" + chosen_by + "); " +
                     (names.empty() ? "the file has none" : "it has " + names));
  }
  if (base != file.profiles.end()) {
    profile.settings = base->second.settings;
    profile.overrides = base->second.overrides.value_or(std::vector<ConfigOverride>{});
    profile.groups = base->second.groups;
  }
  if (own != file.profiles.end() && own != base) {
    for (const auto& [key, setting] : own->second.settings) profile.settings[key] = setting;
    if (own->second.overrides) profile.overrides = *own->second.overrides;
    for (const auto& [key, group] : own->second.groups) profile.groups[key] = group;
  }
  return profile;
}

}  // namespace dbtest::runner
