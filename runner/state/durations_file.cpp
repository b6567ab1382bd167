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

// Reads the "tests" object straight into the map: a JSON document of
// 100,000 durations would take several times the map's memory first.
class DurationsReader : public nlohmann::json_sax<nlohmann::json> {
 public:
  Durations durations;
  bool saw_tests = false;

  bool null() override { return value_seen(); }
  bool boolean(bool) override { return value_seen(); }
  bool number_integer(number_integer_t n) override { return number(static_cast<double>(n)); }
  bool number_unsigned(number_unsigned_t n) override { return number(static_cast<double>(n)); }
  bool number_float(number_float_t n, const string_t&) override { return number(n); }
  bool string(string_t&) override { return value_seen(); }
  bool binary(binary_t&) override { return value_seen(); }
  bool start_object(std::size_t) override {
    // The top level must be an object, and so must "tests" if it is there.
    if (depth_ == 0 && !top_is_object_) top_is_object_ = true;
    else if (depth_ == 0) return false;
    if (depth_ == 1 && key_ == "tests") saw_tests = tests_open_ = true;
    ++depth_;
    return true;
  }
  bool end_object() override {
    --depth_;
    if (depth_ == 1) tests_open_ = false;
    return true;
  }
  bool start_array(std::size_t) override {
    if (depth_ == 0) return false;
    if (depth_ == 1 && key_ == "tests") return false;
    ++depth_;
    return true;
  }
  bool end_array() override {
    --depth_;
    return true;
  }
  bool key(string_t& k) override {
    key_ = std::move(k);
    return true;
  }
  bool parse_error(std::size_t, const std::string&, const nlohmann::detail::exception&) override { return false; }

 private:
  bool number(double seconds) {
    if (tests_open_ && depth_ == 2) durations[key_] = seconds;
    return value_seen();
  }
  // A scalar where "tests" should be an object makes the file no durations file.
  bool value_seen() { return !(depth_ == 1 && key_ == "tests") && depth_ > 0; }

  int depth_ = 0;
  bool top_is_object_ = false;
  bool tests_open_ = false;
  std::string key_;
};

// nullopt when the text is not a durations file.
std::optional<Durations> parse_durations(const std::string& text) {
  DurationsReader reader;
  if (!nlohmann::json::sax_parse(text, &reader) || !reader.saw_tests) return std::nullopt;
  return std::move(reader.durations);
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
  std::size_t size = text.size();
  for (const auto& entry : durations) size += entry.first.size() + 32;
  text.reserve(size);  // grown line by line, the text would be copied over and over
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
