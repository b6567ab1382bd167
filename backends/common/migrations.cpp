#include "migrations.hpp"

#include <algorithm>
#include <map>
#include <set>

#include "base/file_text.hpp"
#include "base/errors.hpp"
#include "sha256.hpp"

namespace dbtest::backends {

std::vector<Migration> load_migrations(const std::filesystem::path& dir) {
  namespace fs = std::filesystem;
  std::error_code ec;
  if (fs::exists(dir, ec) && !fs::is_directory(dir, ec)) throw UsageError("--migrations " + dir.string() + " is a file, not a folder");
  if (!fs::is_directory(dir, ec)) throw UsageError("migrations folder not found: " + dir.string());

  std::vector<Migration> out;
  std::map<std::uint64_t, std::string> by_version;
  for (const auto& entry : fs::directory_iterator(dir)) {
    if (!entry.is_regular_file() || entry.path().extension() != ".sql") continue;
    Migration m;
    m.name = entry.path().filename().string();
    m.path = entry.path();
    const auto digits = m.name.find_first_not_of("0123456789");
    if (digits == 0 || digits > 18) {
      throw UsageError("migration file name must start with a version number: " + m.path.string());
    }
    m.version = std::stoull(m.name.substr(0, digits));
    if (auto [it, fresh] = by_version.emplace(m.version, m.name); !fresh) {
      throw UsageError("migrations " + it->second + " and " + m.name + " share version " + std::to_string(m.version));
    }
    auto sql = read_file_text(m.path);
    if (!sql) throw UsageError("cannot read migration " + m.path.string());
    m.sql = std::move(*sql);
    m.checksum = sha256_hex(m.sql);
    out.push_back(std::move(m));
  }
  if (out.empty()) throw UsageError("migrations folder holds no *.sql file: " + dir.string());
  std::sort(out.begin(), out.end(), [](const Migration& a, const Migration& b) { return a.version < b.version; });
  return out;
}

std::string fingerprint(const std::vector<Migration>& migrations) {
  Sha256 h;
  for (const auto& m : migrations) h.update(m.name).update(std::string(1, '\0')).update(m.checksum).update(std::string(1, '\n'));
  return h.hex_digest();
}

int line_at(const std::string& text, std::size_t offset) {
  offset = std::min(offset, text.size());
  return 1 + static_cast<int>(std::count(text.begin(), text.begin() + static_cast<std::ptrdiff_t>(offset), '\n'));
}

std::string describe_migration_changes(const std::map<std::string, std::string>& applied, const std::vector<Migration>& now) {
  std::vector<std::string> changed, added, removed;
  std::set<std::string> present;
  for (const auto& m : now) {
    present.insert(m.name);
    auto it = applied.find(m.name);
    if (it == applied.end()) added.push_back(m.name);
    else if (it->second != m.checksum) changed.push_back(m.name);
  }
  for (const auto& [name, checksum] : applied) {
    if (!present.count(name)) removed.push_back(name);
  }
  const auto join = [](const std::vector<std::string>& names) {
    std::string out;
    for (const auto& n : names) out += (out.empty() ? "" : ", ") + n;
    return out;
  };
  std::string reason;
  if (!changed.empty()) reason += "migrations changed: " + join(changed);
  if (!added.empty()) reason += std::string(reason.empty() ? "" : "; ") + "migrations added: " + join(added);
  if (!removed.empty()) reason += std::string(reason.empty() ? "" : "; ") + "migrations removed: " + join(removed);
  return reason.empty() ? "what builds the template changed (migrate command, its inputs or the server's version)" : reason;
}

}  // namespace dbtest::backends
