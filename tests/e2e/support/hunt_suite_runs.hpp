// The hunt suite (suites/hunt_suite.cpp) as the hunting tests drive it: its
// cast of tests, runs of it on an engine, the run records a run leaves in the
// state folder, and what --bisect and --pair print.
#pragma once

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <set>
#include <string>
#include <vector>
#include "dbtest_run.hpp"
#include "engines.hpp"

namespace e2e {

namespace fs = std::filesystem;

inline const std::string kPolluter = "Polluter.LeavesAStrayRow";
inline const std::string kVictim = "Victim.ExpectsNoStrayRow";
inline const std::string kHalfA = "HalfA.LeavesOneHalf";
inline const std::string kHalfB = "HalfB.LeavesTheOtherHalf";
inline const std::string kPairs = "Pairs.FailsWhenBothHalvesRan";
inline const std::string kAlone = "Alone.AlwaysFails";
inline const std::string kFlaky = "Flaky.FailsOnItsFirstRunOnly";

// Ten tests that change nothing, for small casts.
inline const std::string kTenNeutral = "Neutral.Query00?";

// `dbtest` on the hunt suite and the portable schema, on `target`'s engine,
// with `options` before the binary.
inline RunOutput run_hunt_suite(const Sandbox& box, const EngineTarget& target, const std::vector<std::string>& options,
                         const std::map<std::string, std::string>& env = {}) {
  return run_dbtest(box, concat(concat(concat(target.args, target.migration_args), options), {"--", suite("hunt_suite")}),
                    env);
}

// A run on one worker, one test per unit: the selected tests run in the
// binary's order on one clone (a fresh state folder has no durations to
// reorder them by).
inline RunOutput run_on_one_worker(const Sandbox& box, const EngineTarget& target, const std::string& filter) {
  return run_hunt_suite(box, target, {"--parallel", "1", "--dist", "test", "--filter", filter});
}

// The ids of the runs recorded in the sandbox's state folder.
inline std::set<std::string> recorded_run_ids(const Sandbox& box) {
  std::set<std::string> ids;
  std::error_code ec;
  for (fs::directory_iterator it(box.state() / "runs", ec), end; !ec && it != end; it.increment(ec)) {
    if (it->path().extension() == ".json") ids.insert(it->path().stem().string());
  }
  return ids;
}

// The one run recorded since `before`; empty when there is not exactly one.
inline std::string new_run_id(const Sandbox& box, const std::set<std::string>& before) {
  std::vector<std::string> added;
  for (const auto& id : recorded_run_ids(box)) {
    if (!before.count(id)) added.push_back(id);
  }
  return added.size() == 1 ? added.front() : "";
}

struct RanTest {
  std::string name;
  std::string outcome;  // "passed", "failed", ...
};

// One worker process of a recorded run: its slot and what it ran, in order.
struct RecordedProcess {
  int slot = 0;
  std::vector<RanTest> tests;
};

struct RunRecord {
  std::string order;  // "planned", "reverse", "shuffle"
  std::string seed;   // with "shuffle"
  std::vector<RecordedProcess> processes;  // by slot, then in the order they started
};

inline RunRecord read_record(const Sandbox& box, const std::string& id) {
  std::ifstream in(box.state() / "runs" / (id + ".json"));
  const auto root = nlohmann::json::parse(in);
  RunRecord record;
  record.order = root.at("order").get<std::string>();
  record.seed = root.value("seed", std::string());
  for (const auto& slot : root.at("slots")) {
    for (const auto& process : slot.at("processes")) {
      RecordedProcess p;
      p.slot = slot.at("slot").get<int>();
      for (const auto& test : process) p.tests.push_back({test.at("test").get<std::string>(), test.at("outcome").get<std::string>()});
      record.processes.push_back(std::move(p));
    }
  }
  return record;
}

inline std::vector<std::string> names_of(const RecordedProcess& process) {
  std::vector<std::string> names;
  for (const auto& t : process.tests) names.push_back(t.name);
  return names;
}

// What --bisect printed.
struct Bisection {
  int candidates = -1;         // from "candidates are the N tests ..."
  std::string candidate_run;   // the recorded run they came from
  struct Probe {
    int number;
    int candidates;
    std::string test;
    std::string result;  // "FAILED", "passed", "did not run"
  };
  std::vector<Probe> probes;
  std::vector<std::string> culprits;  // from "TEST fails when A, B run before it"
  int verdict_probes = -1;
  int verdict_rounds = -1;
  std::string verdict;    // the verdict line, whatever it says
  std::string reproduce;  // the command after "dbtest: reproduce: "
};

inline Bisection parse_bisection(const std::string& out) {
  static const std::regex kSource(
      R"(^dbtest: bisecting \S+: candidates are the (\d+) tests? that ran before it on its worker in run (\w+) \(.*)");
  static const std::regex kProbe(R"(^dbtest: probe (\d+): (\d+) candidates? then (\S+): (FAILED|passed|did not run)$)");
  static const std::regex kCulprits(R"(^dbtest: \S+ fails when (.+) runs? before it \((\d+) probes? in (\d+) rounds?\)$)");
  static const std::regex kTally(R"(\((\d+) probes? in (\d+) rounds?\))");
  Bisection b;
  for (const auto& line : lines_of(out)) {
    std::smatch m;
    if (std::regex_match(line, m, kSource)) {
      b.candidates = std::stoi(m[1]);
      b.candidate_run = m[2];
    } else if (std::regex_match(line, m, kProbe)) {
      b.probes.push_back({std::stoi(m[1]), std::stoi(m[2]), m[3], m[4]});
    } else if (line.rfind("dbtest: reproduce: ", 0) == 0) {
      b.reproduce = line.substr(std::string("dbtest: reproduce: ").size());
    } else if (line.find(" fails when ") != std::string::npos || line.find(" fails alone ") != std::string::npos ||
               line.find(" passes after all ") != std::string::npos) {
      b.verdict = line;
      if (std::regex_match(line, m, kCulprits)) {
        const std::string list = m[1];
        for (std::size_t begin = 0;;) {
          const auto comma = list.find(", ", begin);
          b.culprits.push_back(list.substr(begin, comma == std::string::npos ? std::string::npos : comma - begin));
          if (comma == std::string::npos) break;
          begin = comma + 2;
        }
      }
      if (std::regex_search(line, m, kTally)) {
        b.verdict_probes = std::stoi(m[1]);
        b.verdict_rounds = std::stoi(m[2]);
      }
    }
  }
  return b;
}

// The words of a command dbtest printed: split at spaces, with '...' quoting
// as shell_word writes it.
inline std::vector<std::string> command_words(const std::string& command) {
  std::vector<std::string> words;
  std::string word;
  bool quoted = false;
  bool in_word = false;
  for (std::size_t i = 0; i < command.size(); ++i) {
    const char c = command[i];
    if (quoted) {
      if (c == '\'') {
        quoted = false;
      } else {
        word += c;
      }
    } else if (c == '\'') {
      quoted = in_word = true;
    } else if (c == '\\' && i + 1 < command.size()) {
      word += command[++i];
      in_word = true;
    } else if (c == ' ') {
      if (in_word) words.push_back(word);
      word.clear();
      in_word = false;
    } else {
      word += c;
      in_word = true;
    }
  }
  if (in_word) words.push_back(word);
  return words;
}

// The value after `option` among `words`; empty when there is none.
inline std::string value_of(const std::vector<std::string>& words, const std::string& option) {
  const auto it = std::find(words.begin(), words.end(), option);
  return it == words.end() || it + 1 == words.end() ? "" : *(it + 1);
}

// Runs a printed reproduce command as a user would paste it, with
// `sequence` as its --sequence. The command shows the password as ***;
// the user puts the real one back, and so does this.
inline RunOutput run_reproduce(const Sandbox& box, const EngineTarget& target, const std::string& command,
                        const std::string& sequence) {
  auto words = command_words(command);
  EXPECT_FALSE(words.empty());
  if (words.empty()) return {};
  EXPECT_EQ(words.front(), "dbtest") << command;
  words.erase(words.begin());
  const std::string real_url = value_of(target.args, "--database-url");
  for (auto& w : words) {
    if (w.find("***") != std::string::npos) w = real_url;
  }
  const auto it = std::find(words.begin(), words.end(), "--sequence");
  EXPECT_NE(it, words.end()) << command;
  if (it == words.end() || it + 1 == words.end()) return {};
  *(it + 1) = sequence;
  return run_dbtest(box, words);
}

inline std::string joined(const std::vector<std::string>& names, const std::string& separator) {
  std::string out;
  for (const auto& n : names) out += (out.empty() ? "" : separator) + n;
  return out;
}

inline int ceil_log2(int n) { return static_cast<int>(std::ceil(std::log2(static_cast<double>(n)))); }

// The probes were numbered 1..N, each ran `test` last, the first ran it
// alone and passed, the second after all candidates and failed, and the
// verdict counts them.
inline void expect_well_formed_probes(const Bisection& b, const std::string& test, const std::string& out) {
  ASSERT_GE(b.probes.size(), 2u) << out;
  for (std::size_t i = 0; i < b.probes.size(); ++i) {
    EXPECT_EQ(b.probes[i].number, static_cast<int>(i) + 1) << out;
    EXPECT_EQ(b.probes[i].test, test) << out;
    EXPECT_NE(b.probes[i].result, "did not run") << out;
  }
  EXPECT_EQ(b.probes[0].candidates, 0) << out;
  EXPECT_EQ(b.probes[0].result, "passed") << out;
  EXPECT_EQ(b.probes[1].candidates, b.candidates) << out;
  EXPECT_EQ(b.probes[1].result, "FAILED") << out;
  EXPECT_EQ(b.verdict_probes, static_cast<int>(b.probes.size())) << out;
  // Probes ran side by side on --parallel 4: fewer rounds than probes.
  EXPECT_GE(b.verdict_rounds, 1) << out;
  EXPECT_LT(b.verdict_rounds, b.verdict_probes) << out;
}

// Whatever a hunt did, it left no database on the server and no file in the
// temporary folder.
inline void expect_nothing_left(const Sandbox& box, const EngineTarget& target) {
  EXPECT_THAT(target.databases_left(), ::testing::IsEmpty());
  EXPECT_THAT(box.leftovers(), ::testing::IsEmpty());
}

// Lines of `out` that list one test, as --list prints them.
inline std::vector<std::string> listed(const RunOutput& r) {
  EXPECT_EQ(r.exit_code, 0) << r.all();
  return lines_of(r.out);
}

inline std::vector<std::string> only(const std::vector<std::string>& names, const std::set<std::string>& keep) {
  std::vector<std::string> out;
  std::copy_if(names.begin(), names.end(), std::back_inserter(out), [&](const std::string& n) { return keep.count(n) > 0; });
  return out;
}

inline std::string suite_of(const std::string& name) { return name.substr(0, name.rfind('.')); }

// How many separate stretches the tests of each suite take up in `names`.
inline std::map<std::string, int> suite_stretches(const std::vector<std::string>& names) {
  std::map<std::string, int> stretches;
  for (std::size_t i = 0; i < names.size(); ++i) {
    if (i == 0 || suite_of(names[i]) != suite_of(names[i - 1])) ++stretches[suite_of(names[i])];
  }
  return stretches;
}

// The tests a -v run reported, in the order it reported them.
inline std::vector<std::string> reported_tests(const std::string& out) {
  static const std::regex kLine(R"(^(?:PASSED (\S+) \(.*\)|FAILED: (\S+)  \[.*)$)");
  std::vector<std::string> names;
  for (const auto& line : lines_of(out)) {
    std::smatch m;
    if (std::regex_match(line, m, kLine)) names.push_back(m[1].matched ? m[1] : m[2]);
  }
  return names;
}

}  // namespace e2e
