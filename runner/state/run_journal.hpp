// The results of the run in progress, kept as they arrive, so a run that did
// not finish (Ctrl-C, --run-timeout, a killed master, a server that went
// away) can be continued with --resume.
//
// <state>/journal.jsonl: a first line that says which run this is and what
// it selected, then one line per result, each written and flushed to the OS
// as the result arrives, then a line that says the run finished. A master
// killed with SIGKILL loses only what was still running.
#pragma once

#include <filesystem>
#include <fstream>
#include <optional>
#include <string>
#include <string_view>
#include <tuple>
#include <vector>

#include "schedule/outcome.hpp"

namespace dbtest::runner {

struct JournalHeader {
  std::string run_id;
  std::string started_at;          // UTC, ISO 8601
  std::string selection;           // fingerprint of the binaries and the selected tests (selection_fingerprint())
  std::vector<std::string> binaries;  // TestResult::binary indexes these
};

struct JournalContents {
  JournalHeader header;
  std::vector<TestResult> results;
  bool finished = false;
};

// A selected test as the fingerprint names it: its binary, suite and name.
using SelectedName = std::tuple<int, std::string_view, std::string_view>;

// What must not change between a run and its --resume: each binary (path,
// size, time written) and the tests selected from it, and the options that
// decide how often each runs. `tests` in any order: they are sorted.
std::string selection_fingerprint(const std::vector<std::string>& binary_paths, std::vector<SelectedName> tests,
                                  const std::string& options);

class RunJournal {
 public:
  // Starts the journal of a new run, replacing the last one.
  static RunJournal start_new(const std::filesystem::path& state_dir, const JournalHeader& header);
  // Continues the journal of the run being resumed.
  static RunJournal continue_existing(const std::filesystem::path& state_dir);

  void append(const TestResult& result);
  void finish();

 private:
  explicit RunJournal(const std::filesystem::path& file, std::ios::openmode mode);
  void write_line(const std::string& line);

  std::filesystem::path file_;
  std::ofstream out_;
};

// The journal in `state_dir`; nullopt when there is none. Throws UsageError
// when it cannot be read. A last line cut short (the master died while
// writing it) is ignored.
std::optional<JournalContents> read_journal(const std::filesystem::path& state_dir);

}  // namespace dbtest::runner
