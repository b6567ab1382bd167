#include "durations_file.hpp"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <fstream>
#include <sstream>

#include "base/atomic_file.hpp"
#include "base/errors.hpp"

namespace dbtest::runner {
namespace {

constexpr int kFormatVersion = 1;

// nullopt when the text is not a durations file.
std::optional<Durations> parse_durations(const std::string& text) {
  const auto json = nlohmann::json::parse(text, nullptr, false);
  if (json.is_discarded() || !json.is_object() || !json.contains("tests") || !json["tests"].is_object()) {
    return std::nullopt;
  }
  Durations durations;
  for (const auto& [key, value] : json["tests"].items()) {
    if (value.is_number()) durations[key] = value.get<double>();
  }
  return durations;
}

std::optional<std::string> file_text(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) return std::nullopt;
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace

Durations read_durations(const std::filesystem::path& file, std::string& warning) {
  const auto text = file_text(file);
  if (!text) return {};
  auto durations = parse_durations(*text);
  if (!durations) {
    warning = "ignoring unreadable " + file.string();
    return {};
  }
  return std::move(*durations);
}

Durations read_durations_strictly(const std::filesystem::path& file) {
  std::error_code ec;
  if (std::filesystem::is_directory(file, ec)) throw UsageError("durations file " + file.string() + " is a folder");
  if (!std::filesystem::exists(file, ec) && !ec) return {};
  const auto text = file_text(file);
  if (!text) throw UsageError("durations file " + file.string() + " cannot be read");
  auto durations = parse_durations(*text);
  if (!durations) {
    throw UsageError("durations file " + file.string() + " is not a dbtest durations file (JSON with a \"tests\" object)");
  }
  return std::move(*durations);
}

// Written as text, one test per line, rather than through a JSON document,
// which at 100,000 tests would be the run's largest allocation.
void write_durations(const std::filesystem::path& file, const Durations& durations) {
  std::string text = fmt::format("{{\n \"version\": {},\n \"tests\": {{", kFormatVersion);
  const char* separator = "\n";
  for (const auto& [key, seconds] : durations) {
    text += fmt::format("{}  {}: {}", separator, nlohmann::json(key).dump(), nlohmann::json(seconds).dump());
    separator = ",\n";
  }
  text += "\n }\n}\n";
  write_file_atomically(file, text);
}

void merge_durations_into(const std::filesystem::path& file, const Durations& durations) {
  std::string ignored;
  Durations merged = read_durations(file, ignored);
  for (const auto& [key, seconds] : durations) merged[key] = seconds;
  write_durations(file, merged);
}

}  // namespace dbtest::runner
