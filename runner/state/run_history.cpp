#include "run_history.hpp"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <fstream>
#include <regex>
#include <stdexcept>
#include <tuple>

#include "base/file_text.hpp"
#include "base/atomic_file.hpp"
#include "outcome_words.hpp"
#include "base/errors.hpp"
#include "schedule/unit_order.hpp"
#include "state_store.hpp"

namespace dbtest::runner {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

constexpr int kFormatVersion = 1;

// A file that is JSON but not a run record.
class BadRecord : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

Outcome outcome_in_record(const std::string& word) {
  if (const auto outcome = outcome_of(word)) return *outcome;
  throw BadRecord("unknown outcome \"" + word + "\"");
}

bool is_plain_id(std::string_view id) {
  return !id.empty() && id.size() <= 64 && std::all_of(id.begin(), id.end(), [](char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '-' || c == '_';
  });
}

std::string quoted(const std::string& text) { return json(text).dump(); }

// Written in this key order, so pruning finds a run's start at the top of
// its file without reading the rest (start_of). Written as text, one test
// per line, rather than through a JSON document: at 100,000 tests the
// document would be the run's largest allocation.
std::string record_text(const RunRecord& record) {
  std::string out = fmt::format("{{\n \"version\": {},\n \"id\": {},\n \"started_at\": {},\n \"binaries\": {},\n",
                                kFormatVersion, quoted(record.id), quoted(record.started_at), json(record.binaries).dump());
  out += fmt::format(" \"backend\": {},\n \"distribution\": {},\n \"order\": {},\n \"failed_first\": {},\n",
                     quoted(record.backend), quoted(record.distribution), quoted(record.order), record.failed_first);
  // As text: JSON readers that hold numbers in doubles would round a 64-bit seed.
  if (record.seed) out += fmt::format(" \"seed\": \"{}\",\n", *record.seed);
  std::size_t size = out.size();
  for (const auto& slot : record.slots) {
    for (const auto& process : slot.processes) {
      for (const auto& t : process.tests) size += t.name.size() + 64;
    }
  }
  out.reserve(size);  // grown line by line, the text would be copied over and over
  out += " \"slots\": [";
  const char* slot_separator = "\n";
  for (const auto& slot : record.slots) {
    out += fmt::format("{}  {{\"slot\": {}, \"processes\": [", slot_separator, slot.slot);
    slot_separator = ",\n";
    const char* process_separator = "\n";
    for (const auto& process : slot.processes) {
      out += process_separator;
      out += "   [";
      process_separator = ",\n";
      const char* test_separator = "\n";
      for (const auto& t : process.tests) {
        out += fmt::format("{}    {{\"binary\": {}, \"test\": {}, \"outcome\": \"{}\"}}", test_separator, t.binary,
                           quoted(t.name), word_of(t.outcome));
        test_separator = ",\n";
      }
      out += "]";
    }
    out += "]}";
  }
  out += "]\n}\n";
  return out;
}

const json& array_at(const json& object, const char* key) {
  const json& value = object.at(key);
  if (!value.is_array()) throw BadRecord(std::string("\"") + key + "\" is not a list");
  return value;
}

// Throws json::exception or BadRecord for anything that is not a record.
RunRecord from_json(const json& in) {
  if (!in.is_object() || !in.contains("version") || in.at("version") != kFormatVersion) {
    throw BadRecord("not a version " + std::to_string(kFormatVersion) + " run record");
  }
  RunRecord record;
  record.id = in.at("id").get<std::string>();
  record.started_at = in.at("started_at").get<std::string>();
  record.binaries = in.at("binaries").get<std::vector<std::string>>();
  record.backend = in.at("backend").get<std::string>();
  record.distribution = in.at("distribution").get<std::string>();
  record.order = in.at("order").get<std::string>();
  record.failed_first = in.at("failed_first").get<bool>();
  if (in.contains("seed")) {
    const auto text = in.at("seed").get<std::string>();
    record.seed = parse_seed(text);
    if (!record.seed) throw BadRecord("bad seed \"" + text + "\"");
  }
  const auto binary_count = static_cast<int>(record.binaries.size());
  for (const auto& slot : array_at(in, "slots")) {
    SlotHistory history{slot.at("slot").get<int>(), {}};
    for (const auto& process : array_at(slot, "processes")) {
      if (!process.is_array()) throw BadRecord("a worker process that is not a list");
      WorkerProcess worker;
      for (const auto& t : process) {
        RanTest test{t.at("binary").get<int>(), t.at("test").get<std::string>(),
                     outcome_in_record(t.at("outcome").get<std::string>())};
        if (test.binary < 0 || test.binary >= binary_count) throw BadRecord("a test of an unknown binary");
        worker.tests.push_back(std::move(test));
      }
      history.processes.push_back(std::move(worker));
    }
    record.slots.push_back(std::move(history));
  }
  return record;
}

std::optional<RunRecord> read_record(const fs::path& path, std::string& warning) {
  const auto text = read_file_text(path);
  if (!text) {
    warning = "cannot read " + path.string();
    return std::nullopt;
  }
  const auto parsed = json::parse(*text, nullptr, false);
  if (parsed.is_discarded()) {
    warning = "ignoring unreadable " + path.string() + ": not JSON";
    return std::nullopt;
  }
  try {
    return from_json(parsed);
  } catch (const std::exception& e) {
    warning = "ignoring unreadable " + path.string() + ": " + e.what();
    return std::nullopt;
  }
}

// A run's start, from the head of its file: saving a run prunes the others,
// and reading every record whole would cost more than the run's tests.
// nullopt for a file that does not start like a record.
std::optional<std::string> start_of(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::string head(512, '\0');
  in.read(head.data(), static_cast<std::streamsize>(head.size()));
  head.resize(static_cast<std::size_t>(in.gcount()));
  static const std::regex kStart(R"re(^\{\s*"version":\s*)re" + std::to_string(kFormatVersion) +
                                 R"re(,\s*"id":\s*"[^"]*",\s*"started_at":\s*"([^"]+)")re");
  std::smatch m;
  if (!std::regex_search(head, m, kStart)) return std::nullopt;
  return m[1].str();
}

bool newer(const RunRecord& a, const RunRecord& b) {
  return std::tie(a.started_at, a.id) > std::tie(b.started_at, b.id);
}

// The run files in `dir`; none if it cannot be listed. Half-written files
// of atomic writes end in .tmp-N and are not runs.
std::vector<fs::path> run_files(const fs::path& dir) {
  std::vector<fs::path> files;
  std::error_code ec;
  for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    std::error_code type_ec;
    if (it->is_regular_file(type_ec) && it->path().extension() == ".json") files.push_back(it->path());
  }
  return files;
}

}  // namespace

void RunRecord::record_worker_start(int slot) {
  auto it = std::lower_bound(slots.begin(), slots.end(), slot,
                             [](const SlotHistory& s, int number) { return s.slot < number; });
  if (it == slots.end() || it->slot != slot) it = slots.insert(it, SlotHistory{slot, {}});
  it->processes.emplace_back();
}

void RunRecord::record_test(int slot, int binary, std::string name, Outcome outcome) {
  auto it = std::lower_bound(slots.begin(), slots.end(), slot,
                             [](const SlotHistory& s, int number) { return s.slot < number; });
  if (it == slots.end() || it->slot != slot) it = slots.insert(it, SlotHistory{slot, {}});
  if (it->processes.empty()) it->processes.emplace_back();
  it->processes.back().tests.push_back({binary, std::move(name), outcome});
}

OutcomeCounts count_outcomes(const RunRecord& record) {
  OutcomeCounts counts;
  for (const auto& slot : record.slots) {
    for (const auto& process : slot.processes) {
      for (const auto& t : process.tests) {
        switch (t.outcome) {
          case Outcome::passed: ++counts.passed; break;
          case Outcome::failed: ++counts.failed; break;
          case Outcome::skipped: ++counts.skipped; break;
          case Outcome::crashed: ++counts.crashed; break;
          case Outcome::timed_out: ++counts.timed_out; break;
        }
      }
    }
  }
  return counts;
}

std::string utc_timestamp(std::chrono::system_clock::time_point when) {
  using namespace std::chrono;
  const auto day = floor<days>(when);
  const year_month_day date{day};
  const hh_mm_ss time{floor<milliseconds>(when - day)};
  return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:03}Z", static_cast<int>(date.year()),
                     static_cast<unsigned>(date.month()), static_cast<unsigned>(date.day()), time.hours().count(),
                     time.minutes().count(), time.seconds().count(), time.subseconds().count());
}

RunHistory::RunHistory(const fs::path& state_dir, int keep) : dir_(state_dir / "runs"), keep_(std::max(1, keep)) {}

fs::path RunHistory::file_of(std::string_view id) const { return dir_ / (std::string(id) + ".json"); }

void RunHistory::save(const RunRecord& record) const {
  if (!is_plain_id(record.id)) {
    throw UsageError("a run id must be letters, digits, '-' or '_': \"" + record.id + "\"");
  }
  write_file_atomically(file_of(record.id), record_text(record));
  keep_out_of_git(dir_.parent_path());

  struct Stored {
    fs::path path;
    std::optional<std::string> started_at;  // nullopt: not a record
  };
  const auto others_count = run_files(dir_).size() - 1;
  if (static_cast<std::ptrdiff_t>(others_count) <= keep_ - 1) return;
  std::vector<Stored> others;
  for (const auto& path : run_files(dir_)) {
    if (path == file_of(record.id)) continue;
    others.push_back({path, start_of(path)});
  }
  // Unreadable files first, then oldest first: they are deleted in that order.
  std::sort(others.begin(), others.end(), [](const Stored& a, const Stored& b) {
    if (!a.started_at || !b.started_at) return !a.started_at && b.started_at;
    return std::tie(*a.started_at, a.path) < std::tie(*b.started_at, b.path);
  });
  const auto surplus = static_cast<std::ptrdiff_t>(others.size()) - (keep_ - 1);
  std::error_code ec;
  for (std::ptrdiff_t i = 0; i < surplus; ++i) fs::remove(others[static_cast<std::size_t>(i)].path, ec);
}

std::optional<RunRecord> RunHistory::load(std::string_view id, std::string& warning) const {
  std::error_code ec;
  if (!is_plain_id(id) || !fs::exists(file_of(id), ec)) {
    warning = "no run " + std::string(id) + " in " + dir_.string();
    return std::nullopt;
  }
  return read_record(file_of(id), warning);
}

std::vector<RunRecord> RunHistory::load_all(std::vector<std::string>& warnings) const {
  std::vector<RunRecord> records;
  for (const auto& path : run_files(dir_)) {
    std::string warning;
    if (auto record = read_record(path, warning)) {
      records.push_back(std::move(*record));
    } else {
      warnings.push_back(std::move(warning));
    }
  }
  std::sort(records.begin(), records.end(), newer);
  return records;
}

std::optional<RunRecord> RunHistory::load_latest(std::vector<std::string>& warnings) const {
  auto records = load_all(warnings);
  if (records.empty()) return std::nullopt;
  return std::move(records.front());
}

std::vector<RunSummary> RunHistory::list(std::vector<std::string>& warnings) const {
  std::vector<RunSummary> summaries;
  for (const auto& record : load_all(warnings)) {
    summaries.push_back({record.id, record.started_at, count_outcomes(record)});
  }
  return summaries;
}

std::optional<std::vector<RanTest>> tests_before(const RunRecord& record, int binary, std::string_view test) {
  std::optional<std::vector<RanTest>> first_run;
  for (const auto& slot : record.slots) {
    for (const auto& process : slot.processes) {
      for (std::size_t i = 0; i < process.tests.size(); ++i) {
        const auto& t = process.tests[i];
        if (t.binary != binary || t.name != test) continue;
        std::vector<RanTest> before(process.tests.begin(), process.tests.begin() + static_cast<std::ptrdiff_t>(i));
        if (is_failure(t.outcome)) return before;
        if (!first_run) first_run = std::move(before);
      }
    }
  }
  return first_run;
}

const RunRecord* latest_run_where_failed(const std::vector<RunRecord>& history, std::string_view binary_key,
                                         std::string_view test) {
  const RunRecord* latest = nullptr;
  for (const auto& record : history) {
    if (latest && !newer(record, *latest)) continue;
    const auto key = std::find(record.binaries.begin(), record.binaries.end(), binary_key);
    if (key == record.binaries.end()) continue;
    const int binary = static_cast<int>(key - record.binaries.begin());
    for (const auto& t : failed_tests(record)) {
      if (t.binary == binary && t.name == test) {
        latest = &record;
        break;
      }
    }
  }
  return latest;
}

std::vector<RanTest> failed_tests(const RunRecord& record) {
  std::vector<RanTest> failed;
  for (const auto& slot : record.slots) {
    for (const auto& process : slot.processes) {
      for (const auto& t : process.tests) {
        if (is_failure(t.outcome)) failed.push_back(t);
      }
    }
  }
  return failed;
}

}  // namespace dbtest::runner
