#include "run_journal.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <chrono>
#include <system_error>

#include "backends/common/sha256.hpp"
#include "base/errors.hpp"
#include "base/json_text.hpp"
#include "outcome_words.hpp"

namespace dbtest::runner {
namespace {

using nlohmann::json;

constexpr int kFormatVersion = 1;

std::filesystem::path journal_file(const std::filesystem::path& state_dir) { return state_dir / "journal.jsonl"; }

std::string dump(const json& j) { return j.dump(-1, ' ', false, json::error_handler_t::replace); }

// One line per result, so it is written as text directly (base/json_text.hpp).
std::string result_line(const TestResult& r) {
  std::string line;
  JsonWriter w(line);
  w.begin_object().key("binary").value(r.binary).key("suite").value(r.suite).key("name").value(r.name);
  w.key("outcome").value(word_of(r.outcome)).key("seconds").value(r.seconds).key("slot").value(r.slot);
  w.key("attempt").value(r.attempt);
  protocol::write_failures(w, r.failures);
  w.key("output").value(r.output.text).key("cut_bytes").value(r.output.cut_bytes);
  if (r.suite_error) w.key("suite_error").value(true);
  if (!r.warnings.empty()) {
    w.key("warnings").begin_array();
    for (const auto& warning : r.warnings) w.value(warning);
    w.end_array();
  }
  w.end_object();
  return line;
}

TestResult result_of(const json& j) {
  TestResult r;
  r.binary = j.at("binary").get<int>();
  r.suite = j.at("suite").get<std::string>();
  r.name = j.at("name").get<std::string>();
  const auto outcome = outcome_of(j.at("outcome").get<std::string>());
  if (!outcome) throw std::runtime_error("an unknown outcome");
  r.outcome = *outcome;
  r.seconds = j.at("seconds").get<double>();
  r.slot = j.at("slot").get<int>();
  r.attempt = j.at("attempt").get<int>();
  for (const auto& f : j.at("failures")) {
    r.failures.push_back({f.at("file").get<std::string>(), f.at("line").get<int>(), f.at("message").get<std::string>()});
  }
  r.output = {j.at("output").get<std::string>(), j.at("cut_bytes").get<std::uint64_t>()};
  r.suite_error = j.value("suite_error", false);
  r.warnings = j.value("warnings", std::vector<std::string>{});
  return r;
}

}  // namespace

// Hashed a line at a time: at 100,000 tests a document of them all would
// be the largest thing the run ever holds. No name holds a line break.
std::string selection_fingerprint(const std::vector<std::string>& binary_paths, std::vector<SelectedName> tests,
                                  const std::string& options) {
  backends::Sha256 digest;
  for (const auto& path : binary_paths) {
    std::error_code ec;
    const auto size = std::filesystem::file_size(path, ec);
    const auto written = std::filesystem::last_write_time(path, ec).time_since_epoch();
    const json binary = {path, ec ? 0 : size,
                         ec ? 0 : std::chrono::duration_cast<std::chrono::nanoseconds>(written).count()};
    digest.update("binary ").update(dump(binary)).update("\n");
  }
  std::sort(tests.begin(), tests.end());
  for (const auto& [binary, suite, name] : tests) {
    digest.update("test ").update(std::to_string(binary)).update(" ").update(suite).update(".").update(name).update("\n");
  }
  return digest.update("options ").update(options).hex_digest();
}

RunJournal::RunJournal(const std::filesystem::path& file, std::ios::openmode mode) : file_(file), out_(file, mode) {
  if (!out_) throw UsageError("cannot write the run's journal " + file.string());
}

RunJournal RunJournal::start_new(const std::filesystem::path& state_dir, const JournalHeader& header) {
  RunJournal journal(journal_file(state_dir), std::ios::out | std::ios::trunc | std::ios::binary);
  journal.write_line(dump(json{{"version", kFormatVersion},
                               {"run", header.run_id},
                               {"started_at", header.started_at},
                               {"selection", header.selection},
                               {"binaries", header.binaries}}));
  return journal;
}

RunJournal RunJournal::continue_existing(const std::filesystem::path& state_dir) {
  return RunJournal(journal_file(state_dir), std::ios::out | std::ios::app | std::ios::binary);
}

void RunJournal::append(const TestResult& result) { write_line(result_line(result)); }

void RunJournal::finish() { write_line(dump(json{{"finished", true}})); }

// Flushed line by line: what the master wrote is the OS's once flush()
// returns, so killing the master loses nothing that was written.
void RunJournal::write_line(const std::string& line) {
  out_ << line << '\n';
  out_.flush();
}

std::optional<JournalContents> read_journal(const std::filesystem::path& state_dir) {
  const auto file = journal_file(state_dir);
  std::error_code ec;
  if (!std::filesystem::exists(file, ec)) return std::nullopt;
  std::ifstream in(file, std::ios::binary);
  if (!in) throw UsageError("cannot read the run's journal " + file.string());
  JournalContents contents;
  std::string line;
  int number = 0;
  while (std::getline(in, line)) {
    ++number;
    const bool last = in.peek() == std::char_traits<char>::eof();
    const json j = json::parse(line, nullptr, false);
    try {
      if (j.is_discarded()) throw std::runtime_error("not JSON");
      if (number == 1) {
        if (j.at("version").get<int>() != kFormatVersion) throw std::runtime_error("written by another dbtest version");
        contents.header = {j.at("run").get<std::string>(), j.at("started_at").get<std::string>(),
                           j.at("selection").get<std::string>(), j.at("binaries").get<std::vector<std::string>>()};
      } else if (j.contains("finished")) {
        contents.finished = true;
      } else {
        contents.results.push_back(result_of(j));
      }
    } catch (const std::exception& e) {
      // The line the master was writing when it died.
      if (last && number > 1 && j.is_discarded()) break;
      throw UsageError("the run's journal " + file.string() + " is damaged at line " + std::to_string(number) + " (" +
                       e.what() + "); delete it, and run without --resume");
    }
  }
  if (number == 0) throw UsageError("the run's journal " + file.string() + " is empty; delete it, and run without --resume");
  return contents;
}

}  // namespace dbtest::runner
