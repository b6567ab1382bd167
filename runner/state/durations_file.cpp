#include "durations_file.hpp"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <fstream>

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

// nullopt when the file is not a durations file. Parsed from the stream: at
// 100,000 tests the file's text would be several megabytes more at once.
std::optional<Durations> parse_durations(std::istream& in) {
  DurationsReader reader;
  if (!nlohmann::json::sax_parse(in, &reader) || !reader.saw_tests) return std::nullopt;
  return std::move(reader.durations);
}

}  // namespace

Durations read_durations(const std::filesystem::path& file, std::string& warning) {
  std::ifstream in(file, std::ios::binary);
  if (!in) return {};
  auto durations = parse_durations(in);
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
  std::ifstream in(file, std::ios::binary);
  if (!in) throw UsageError("durations file " + file.string() + " cannot be read");
  auto durations = parse_durations(in);
  if (!durations) {
    throw UsageError("durations file " + file.string() + " is not a dbtest durations file (JSON with a \"tests\" object)");
  }
  return std::move(*durations);
}

// Written as text, one test per line, straight to the file: a JSON
// document, or the whole text, would be among the run's largest
// allocations at 100,000 tests.
void write_durations(const std::filesystem::path& file, const Durations& durations) {
  write_file_atomically(file, [&durations](std::ostream& out) {
    out << fmt::format("{{\n \"version\": {},\n \"tests\": {{", kFormatVersion);
    const char* separator = "\n";
    for (const auto& [key, seconds] : durations) {
      out << separator << "  " << nlohmann::json(key).dump() << ": " << nlohmann::json(seconds).dump();
      separator = ",\n";
    }
    out << "\n }\n}\n";
  });
}

void update_durations_file(const std::filesystem::path& file, const std::function<void(Durations&)>& update) {
  std::string ignored;
  Durations durations = read_durations(file, ignored);
  update(durations);
  write_durations(file, durations);
}

}  // namespace dbtest::runner
