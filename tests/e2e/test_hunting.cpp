// Hunting tests that fail only after certain others: --bisect and --pair
// name the culprits, --replay runs a recorded worker's tests again,
// --shuffle and --reverse change the order, --retries tells flaky tests
// apart, and --last-failed, --failed-first and --repeat rerun failures. All
// on the hunt suite (suites/hunt_suite.cpp), on every engine.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <boost/property_tree/json_parser.hpp>
#include <boost/property_tree/ptree.hpp>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <map>
#include <regex>
#include <set>
#include <string>
#include <vector>

#include "support/dbtest_run.hpp"
#include "support/engines.hpp"

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;

namespace e2e {
namespace {

namespace fs = std::filesystem;

const std::string kPolluter = "Polluter.LeavesAStrayRow";
const std::string kVictim = "Victim.ExpectsNoStrayRow";
const std::string kHalfA = "HalfA.LeavesOneHalf";
const std::string kHalfB = "HalfB.LeavesTheOtherHalf";
const std::string kPairs = "Pairs.FailsWhenBothHalvesRan";
const std::string kAlone = "Alone.AlwaysFails";
const std::string kFlaky = "Flaky.FailsOnItsFirstRunOnly";

// Ten tests that change nothing, for small casts.
const std::string kTenNeutral = "Neutral.Query00?";

// `dbtest` on the hunt suite and the portable schema, on `target`'s engine,
// with `options` before the binary.
RunOutput run_hunt_suite(const Sandbox& box, const EngineTarget& target, const std::vector<std::string>& options,
                         const std::map<std::string, std::string>& env = {}) {
  return run_dbtest(box, concat(concat(concat(target.args, target.migration_args), options), {"--", suite("hunt_suite")}),
                    env);
}

// A run on one worker, one test per unit: the selected tests run in the
// binary's order on one clone (a fresh state folder has no durations to
// reorder them by).
RunOutput run_on_one_worker(const Sandbox& box, const EngineTarget& target, const std::string& filter) {
  return run_hunt_suite(box, target, {"--parallel", "1", "--dist", "test", "--filter", filter});
}

// The ids of the runs recorded in the sandbox's state folder.
std::set<std::string> recorded_run_ids(const Sandbox& box) {
  std::set<std::string> ids;
  std::error_code ec;
  for (fs::directory_iterator it(box.state() / "runs", ec), end; !ec && it != end; it.increment(ec)) {
    if (it->path().extension() == ".json") ids.insert(it->path().stem().string());
  }
  return ids;
}

// The one run recorded since `before`; empty when there is not exactly one.
std::string new_run_id(const Sandbox& box, const std::set<std::string>& before) {
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

RunRecord read_record(const Sandbox& box, const std::string& id) {
  namespace pt = boost::property_tree;
  pt::ptree root;
  pt::read_json((box.state() / "runs" / (id + ".json")).string(), root);
  RunRecord record;
  record.order = root.get<std::string>("order");
  record.seed = root.get<std::string>("seed", "");
  for (const auto& [ignored, slot] : root.get_child("slots")) {
    for (const auto& [also_ignored, process] : slot.get_child("processes")) {
      RecordedProcess p;
      p.slot = slot.get<int>("slot");
      for (const auto& [key, test] : process) p.tests.push_back({test.get<std::string>("test"), test.get<std::string>("outcome")});
      record.processes.push_back(std::move(p));
    }
  }
  return record;
}

std::vector<std::string> names_of(const RecordedProcess& process) {
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

Bisection parse_bisection(const std::string& out) {
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
std::vector<std::string> command_words(const std::string& command) {
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
std::string value_of(const std::vector<std::string>& words, const std::string& option) {
  const auto it = std::find(words.begin(), words.end(), option);
  return it == words.end() || it + 1 == words.end() ? "" : *(it + 1);
}

// Runs a printed reproduce command as a user would paste it, with
// `sequence` as its --sequence. The command shows the password as ***;
// the user puts the real one back, and so does this.
RunOutput run_reproduce(const Sandbox& box, const EngineTarget& target, const std::string& command,
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

std::string joined(const std::vector<std::string>& names, const std::string& separator) {
  std::string out;
  for (const auto& n : names) out += (out.empty() ? "" : separator) + n;
  return out;
}

int ceil_log2(int n) { return static_cast<int>(std::ceil(std::log2(static_cast<double>(n)))); }

// The probes were numbered 1..N, each ran `test` last, the first ran it
// alone and passed, the second after all candidates and failed, and the
// verdict counts them.
void expect_well_formed_probes(const Bisection& b, const std::string& test, const std::string& out) {
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
void expect_nothing_left(const Sandbox& box, const EngineTarget& target) {
  EXPECT_THAT(target.databases_left(), IsEmpty());
  EXPECT_THAT(box.leftovers(), IsEmpty());
}

// Lines of `out` that list one test, as --list prints them.
std::vector<std::string> listed(const RunOutput& r) {
  EXPECT_EQ(r.exit_code, 0) << r.all();
  return lines_of(r.out);
}

std::vector<std::string> only(const std::vector<std::string>& names, const std::set<std::string>& keep) {
  std::vector<std::string> out;
  std::copy_if(names.begin(), names.end(), std::back_inserter(out), [&](const std::string& n) { return keep.count(n) > 0; });
  return out;
}

std::string suite_of(const std::string& name) { return name.substr(0, name.rfind('.')); }

// How many separate stretches the tests of each suite take up in `names`.
std::map<std::string, int> suite_stretches(const std::vector<std::string>& names) {
  std::map<std::string, int> stretches;
  for (std::size_t i = 0; i < names.size(); ++i) {
    if (i == 0 || suite_of(names[i]) != suite_of(names[i - 1])) ++stretches[suite_of(names[i])];
  }
  return stretches;
}

// The tests a -v run reported, in the order it reported them.
std::vector<std::string> reported_tests(const std::string& out) {
  static const std::regex kLine(R"(^(?:PASSED (\S+) \(.*\)|FAILED: (\S+)  \[.*)$)");
  std::vector<std::string> names;
  for (const auto& line : lines_of(out)) {
    std::smatch m;
    if (std::regex_match(line, m, kLine)) names.push_back(m[1].matched ? m[1] : m[2]);
  }
  return names;
}

class Hunting : public ::testing::TestWithParam<Engine> {};

// 190 neutral tests and one polluter run before the victim on one clone. The
// bisection halves the candidates, two probes a round, and the command it
// prints reproduces the failure with the real binary.
TEST_P(Hunting, BisectNamesThePolluterInAboutTwoLogNProbes) {
  E2E_REQUIRE_ENGINE(target, GetParam());
  Sandbox box;
  const std::string cast = "Neutral.*:Polluter.*:Victim.*";
  const auto failing = run_on_one_worker(box, target, cast);
  ASSERT_EQ(failing.exit_code, 1) << failing.all();
  ASSERT_THAT(failing.out, HasSubstr("FAILED: " + kVictim + "  [")) << failing.out;
  const std::string failing_run = new_run_id(box, {});
  ASSERT_FALSE(failing_run.empty());

  const auto r = run_hunt_suite(box, target, {"--parallel", "4", "--filter", cast, "--bisect", kVictim});
  EXPECT_EQ(r.exit_code, 0) << r.all();
  const Bisection b = parse_bisection(r.out);
  EXPECT_EQ(b.candidates, 191) << r.out;
  EXPECT_EQ(b.candidate_run, failing_run) << r.out;
  expect_well_formed_probes(b, kVictim, r.out);
  EXPECT_THAT(b.culprits, ElementsAre(kPolluter)) << r.out;
  EXPECT_EQ(b.verdict, "dbtest: " + kVictim + " fails when " + kPolluter + " runs before it (" +
                           std::to_string(b.probes.size()) + " probes in " + std::to_string(b.verdict_rounds) +
                           " rounds)")
      << r.out;
  // Halving 191 candidates takes 8 rounds of two probes at most; the two
  // first checks and a little slack come on top.
  EXPECT_LE(static_cast<int>(b.probes.size()), 2 * ceil_log2(191) + 4) << r.out;
  EXPECT_GE(static_cast<int>(b.probes.size()), ceil_log2(191)) << r.out;
  expect_nothing_left(box, target);

  // The printed command, run as it is (the password put back).
  const auto words = command_words(b.reproduce);
  EXPECT_EQ(value_of(words, "--sequence"), kPolluter + ":" + kVictim) << b.reproduce;
  EXPECT_EQ(value_of(words, "--"), suite("hunt_suite")) << b.reproduce;
  EXPECT_EQ(value_of(words, "--migrations"), value_of(target.migration_args, "--migrations")) << b.reproduce;
  const auto reproduced = run_reproduce(box, target, b.reproduce, value_of(words, "--sequence"));
  EXPECT_EQ(reproduced.exit_code, 1) << reproduced.all();
  EXPECT_THAT(reproduced.out, HasSubstr("FAILED: " + kVictim + "  [")) << reproduced.out;
  EXPECT_EQ(last_line(reproduced.out), "1 passed, 1 failed, 0 skipped") << reproduced.out;

  // Without the polluter the victim passes.
  const auto without = run_reproduce(box, target, b.reproduce, kVictim);
  EXPECT_EQ(without.exit_code, 0) << without.all();
  EXPECT_EQ(last_line(without.out), "1 passed, 0 failed, 0 skipped") << without.out;
  expect_nothing_left(box, target);
}

// Each candidate runs just before the victim on a fresh clone: only the
// polluter breaks it, and the half tests, harmful only together, do not.
TEST_P(Hunting, PairListsOnlyThePolluter) {
  E2E_REQUIRE_ENGINE(target, GetParam());
  Sandbox box;
  const std::string cast = kTenNeutral + ":Polluter.*:HalfA.*:HalfB.*:Pairs.*:Victim.*";

  // No recorded run: the candidates are the other 14 selected tests.
  const auto r = run_hunt_suite(box, target, {"--parallel", "4", "--filter", cast, "--pair", kVictim});
  EXPECT_EQ(r.exit_code, 0) << r.all();
  EXPECT_THAT(r.out, HasSubstr("dbtest: pairing " + kVictim + ": candidates are every other selected test of " +
                               suite("hunt_suite") + " (14), as no recorded run shows it failing\n"))
      << r.out;
  const auto lines = lines_of(r.out);
  const std::string header = "dbtest: 1 of 14 candidates make " + kVictim + " fail when run just before it:";
  const auto at = std::find(lines.begin(), lines.end(), header);
  ASSERT_NE(at, lines.end()) << r.out;
  std::vector<std::string> listed_culprits;
  std::vector<std::string> commands;
  for (auto it = at + 1; it != lines.end(); ++it) {
    if (it->rfind("    reproduce: ", 0) == 0) {
      commands.push_back(it->substr(std::string("    reproduce: ").size()));
    } else if (it->rfind("  ", 0) == 0) {
      listed_culprits.push_back(it->substr(2));
    }
  }
  EXPECT_THAT(listed_culprits, ElementsAre(kPolluter)) << r.out;
  ASSERT_EQ(commands.size(), 1u) << r.out;
  EXPECT_EQ(value_of(command_words(commands[0]), "--sequence"), kPolluter + ":" + kVictim) << r.out;
  const auto reproduced = run_reproduce(box, target, commands[0], kPolluter + ":" + kVictim);
  EXPECT_EQ(reproduced.exit_code, 1) << reproduced.all();

  // Pairs needs both halves, so no single candidate breaks it.
  const auto none = run_hunt_suite(box, target, {"--parallel", "4", "--filter", cast, "--pair", kPairs});
  EXPECT_EQ(none.exit_code, 0) << none.all();
  EXPECT_EQ(last_line(none.out), "dbtest: no single candidate makes " + kPairs +
                                     " fail (14 pairs run); several may only together: try --bisect")
      << none.out;
  expect_nothing_left(box, target);
}

// Two tests that break a third only together, far apart in the run: no
// half of the candidates fails on its own, and bisect still names both.
TEST_P(Hunting, BisectNamesBothTestsThatBreakAThirdOnlyTogether) {
  E2E_REQUIRE_ENGINE(target, GetParam());
  Sandbox box;
  const std::string cast = "Neutral.*:HalfA.*:HalfB.*:Pairs.*";
  // Seed 10 puts HalfA 17th, HalfB 127th and Pairs 161st.
  const auto failing = run_hunt_suite(box, target, {"--parallel", "1", "--dist", "test", "--shuffle=10", "--filter", cast});
  ASSERT_EQ(failing.exit_code, 1) << failing.all();
  ASSERT_THAT(failing.out, HasSubstr("FAILED: " + kPairs + "  [")) << failing.out;
  const auto record = read_record(box, new_run_id(box, {}));
  ASSERT_EQ(record.processes.size(), 1u);
  const auto ran = names_of(record.processes[0]);
  const auto position = [&ran](const std::string& name) {
    return static_cast<int>(std::find(ran.begin(), ran.end(), name) - ran.begin());
  };
  const int candidates = position(kPairs);
  ASSERT_LT(position(kHalfA), (candidates + 1) / 2) << "the halves should start in the first half of the candidates";
  ASSERT_GE(position(kHalfB), (candidates + 1) / 2) << "and end in the second";

  const auto r = run_hunt_suite(box, target, {"--parallel", "4", "--filter", cast, "--bisect", kPairs});
  EXPECT_EQ(r.exit_code, 0) << r.all();
  const Bisection b = parse_bisection(r.out);
  EXPECT_EQ(b.candidates, candidates) << r.out;
  expect_well_formed_probes(b, kPairs, r.out);
  // Neither half fails alone.
  ASSERT_GE(b.probes.size(), 4u) << r.out;
  EXPECT_EQ(b.probes[2].result, "passed") << r.out;
  EXPECT_EQ(b.probes[3].result, "passed") << r.out;
  EXPECT_THAT(b.culprits, ElementsAre(kHalfA, kHalfB)) << r.out;
  // About 2·log2(n) probes per culprit.
  EXPECT_LE(static_cast<int>(b.probes.size()), 4 * ceil_log2(candidates) + 4) << r.out;

  const std::string sequence = joined({kHalfA, kHalfB, kPairs}, ":");
  EXPECT_EQ(value_of(command_words(b.reproduce), "--sequence"), sequence) << b.reproduce;
  const auto both = run_reproduce(box, target, b.reproduce, sequence);
  EXPECT_EQ(both.exit_code, 1) << both.all();
  EXPECT_EQ(last_line(both.out), "2 passed, 1 failed, 0 skipped") << both.out;
  for (const auto& half : {kHalfA, kHalfB}) {
    const auto one = run_reproduce(box, target, b.reproduce, half + ":" + kPairs);
    EXPECT_EQ(one.exit_code, 0) << half << "\n" << one.all();
  }
  expect_nothing_left(box, target);
}

// A test that fails on a fresh clone with nothing before it.
TEST_P(Hunting, BisectAndPairSayATestFailsAlone) {
  E2E_REQUIRE_ENGINE(target, GetParam());
  Sandbox box;
  const std::string cast = "Neutral.*:Alone.*";
  const auto r = run_hunt_suite(box, target, {"--parallel", "4", "--filter", cast, "--bisect", kAlone});
  EXPECT_EQ(r.exit_code, 0) << r.all();
  const Bisection b = parse_bisection(r.out);
  ASSERT_EQ(b.probes.size(), 2u) << r.out;
  EXPECT_EQ(b.probes[0].candidates, 0);
  EXPECT_EQ(b.probes[0].result, "FAILED") << r.out;
  EXPECT_EQ(b.verdict, "dbtest: " + kAlone +
                           " fails alone on a fresh clone: no other test is needed to make it fail (2 probes in 1 round)")
      << r.out;
  EXPECT_EQ(value_of(command_words(b.reproduce), "--sequence"), kAlone) << r.out;
  const auto alone = run_reproduce(box, target, b.reproduce, kAlone);
  EXPECT_EQ(alone.exit_code, 1) << alone.all();
  EXPECT_EQ(last_line(alone.out), "0 passed, 1 failed, 0 skipped") << alone.out;

  const auto p = run_hunt_suite(box, target, {"--parallel", "4", "--filter", cast, "--pair", kAlone});
  EXPECT_EQ(p.exit_code, 0) << p.all();
  EXPECT_EQ(last_line(p.out), "dbtest: " + kAlone + " fails alone on a fresh clone: no other test is needed to make it fail")
      << p.out;
  expect_nothing_left(box, target);
}

// When the test passes even after every candidate, bisect says so after two
// probes instead of searching.
TEST_P(Hunting, BisectSaysSoWhenNoCandidateMakesTheTestFail) {
  E2E_REQUIRE_ENGINE(target, GetParam());
  Sandbox box;
  const auto r =
      run_hunt_suite(box, target, {"--parallel", "4", "--filter", "Neutral.*:Victim.*", "--bisect", kVictim});
  EXPECT_EQ(r.exit_code, 0) << r.all();
  const Bisection b = parse_bisection(r.out);
  ASSERT_EQ(b.probes.size(), 2u) << r.out;
  EXPECT_EQ(b.probes[1].candidates, 190);
  EXPECT_EQ(b.probes[1].result, "passed") << r.out;
  EXPECT_THAT(b.verdict, HasSubstr("dbtest: " + kVictim +
                                   " passes after all 190 candidates on a fresh clone: no culprit among them (2 probes in 1 round)"))
      << r.out;
  EXPECT_TRUE(b.reproduce.empty()) << r.out;
  expect_nothing_left(box, target);
}

// One seed, one order: twice, on a subset, and in a real run.
TEST_P(Hunting, ShuffleWithOneSeedGivesOneOrderOnAnySubset) {
  E2E_REQUIRE_ENGINE(target, GetParam());
  Sandbox box;
  const std::string seed = "20240501";
  const auto list = [&](const std::vector<std::string>& options) { return run_hunt_suite(box, target, concat(options, {"--list"})); };

  const auto first = list({"--shuffle=" + seed});
  EXPECT_EQ(first.err, "dbtest: shuffled with seed " + seed + "; --shuffle=" + seed + " repeats this order\n");
  const auto whole = listed(first);
  ASSERT_EQ(whole.size(), 197u) << first.out;
  EXPECT_EQ(listed(list({"--shuffle=" + seed})), whole);
  const auto planned = listed(list({}));
  EXPECT_NE(whole, planned);
  EXPECT_EQ(std::multiset<std::string>(whole.begin(), whole.end()), std::multiset<std::string>(planned.begin(), planned.end()));
  EXPECT_NE(listed(list({"--shuffle=" + seed + "1"})), whole);
  // --dist suite (the default) keeps each suite in one stretch.
  for (const auto& [suite_name, stretches] : suite_stretches(whole)) EXPECT_EQ(stretches, 1) << suite_name;

  // A subset keeps the relative order of the whole.
  const std::string subset_filter = "Neutral.Query0?0:Polluter.*:Victim.*:HalfA.*:HalfB.*:Pairs.*";
  const auto subset = listed(list({"--shuffle=" + seed, "--filter", subset_filter}));
  EXPECT_EQ(subset.size(), 15u);
  EXPECT_EQ(subset, only(whole, std::set<std::string>(subset.begin(), subset.end())));

  // --dist test shuffles single tests: the neutral ones are spread out, and
  // a subset again keeps the order of the whole.
  const auto spread = listed(list({"--shuffle=" + seed, "--dist", "test"}));
  EXPECT_GT(suite_stretches(spread)["Neutral"], 1);
  const auto spread_subset = listed(list({"--shuffle=" + seed, "--dist", "test", "--filter", subset_filter}));
  EXPECT_EQ(spread_subset, only(spread, std::set<std::string>(subset.begin(), subset.end())));

  // A real run on one worker runs what --list printed, in that order.
  const std::string cast = kTenNeutral + ":Polluter.*:Victim.*:HalfA.*:HalfB.*";
  const auto expected = listed(list({"--shuffle=" + seed, "--dist", "test", "--filter", cast}));
  const auto run = run_hunt_suite(box, target, {"--shuffle=" + seed, "--dist", "test", "--parallel", "1", "-v", "--filter", cast});
  EXPECT_THAT(run.out, HasSubstr("dbtest: shuffled with seed " + seed + "; --shuffle=" + seed + " repeats this order\n"));
  EXPECT_THAT(run.out, HasSubstr("\nOrder: shuffled with seed " + seed + "; --shuffle=" + seed + " repeats this order\n"));
  EXPECT_EQ(reported_tests(run.out), expected) << run.out;
  const auto record = read_record(box, new_run_id(box, {}));
  EXPECT_EQ(record.order, "shuffle");
  EXPECT_EQ(record.seed, seed);
  ASSERT_EQ(record.processes.size(), 1u);
  EXPECT_EQ(names_of(record.processes[0]), expected);
}

// --reverse runs the planned order backwards.
TEST_P(Hunting, ReverseRunsThePlannedOrderBackwards) {
  E2E_REQUIRE_ENGINE(target, GetParam());
  Sandbox box;
  const std::string cast = kTenNeutral + ":Polluter.*:Victim.*";
  const auto planned = listed(run_hunt_suite(box, target, {"--dist", "test", "--filter", cast, "--list"}));
  ASSERT_EQ(planned.size(), 12u);
  auto backwards = planned;
  std::reverse(backwards.begin(), backwards.end());
  EXPECT_EQ(listed(run_hunt_suite(box, target, {"--dist", "test", "--filter", cast, "--reverse", "--list"})), backwards);

  // Backwards, the victim runs before the polluter and passes; the record
  // says which order ran.
  const auto run = run_hunt_suite(box, target, {"--dist", "test", "--parallel", "1", "-v", "--filter", cast, "--reverse"});
  EXPECT_EQ(run.exit_code, 0) << run.all();
  EXPECT_EQ(reported_tests(run.out), backwards) << run.out;
  const auto record = read_record(box, new_run_id(box, {}));
  EXPECT_EQ(record.order, "reverse");
  ASSERT_EQ(record.processes.size(), 1u);
  EXPECT_EQ(names_of(record.processes[0]), backwards);
}

// A test that fails once and passes on its retry is flaky, not failed.
TEST_P(Hunting, RetriesReportATestThatFailsOnceAsFlaky) {
  E2E_REQUIRE_ENGINE(target, GetParam());
  Sandbox box;
  const std::map<std::string, std::string> env = {{"HUNT_FLAKY_MARKER", (box.root() / "flaky-ran").string()}};
  const auto report = box.root() / "report.xml";
  const auto r = run_hunt_suite(
      box, target, {"--parallel", "2", "--retries", "2", "--junit-xml", report.string(), "--filter", kTenNeutral + ":Flaky.*"},
      env);
  EXPECT_EQ(r.exit_code, 0) << r.all();
  EXPECT_THAT(r.out, HasSubstr("Flaky tests (passed on a retry):\n  FLAKY     " + kFlaky + "  [" + suite("hunt_suite") +
                               "] passed on attempt 2\n"))
      << r.out;
  EXPECT_THAT(r.out, Not(HasSubstr("Failed tests:"))) << r.out;
  EXPECT_EQ(last_line(r.out), "10 passed, 0 failed, 0 skipped, 1 flaky") << r.out;

  const std::string xml = slurp(report);
  const auto testcase = xml.find("<testcase name=\"FailsOnItsFirstRunOnly\"");
  ASSERT_NE(testcase, std::string::npos) << xml;
  const std::string flaky_case = xml.substr(testcase, xml.find("</testcase>", testcase) - testcase);
  EXPECT_THAT(flaky_case, HasSubstr("<flakyFailure message=\"passed on attempt 2 after failing\" type=\"flaky\"/>")) << xml;
  EXPECT_THAT(xml, Not(HasSubstr("<failure"))) << xml;
  EXPECT_THAT(xml, HasSubstr("<testsuite name=\"Flaky\" tests=\"1\" failures=\"0\"")) << xml;

  // The retry ran on a worker process of its own, on a fresh clone. (The
  // record lists processes by slot, so the retry may come first.)
  const auto record = read_record(box, new_run_id(box, {}));
  std::map<std::string, std::vector<std::size_t>> processes_by_outcome;
  for (std::size_t p = 0; p < record.processes.size(); ++p) {
    for (const auto& t : record.processes[p].tests) {
      if (t.name == kFlaky) processes_by_outcome[t.outcome].push_back(p);
    }
  }
  ASSERT_EQ(processes_by_outcome["failed"].size(), 1u);
  ASSERT_EQ(processes_by_outcome["passed"].size(), 1u);
  const auto retry = processes_by_outcome["passed"].front();
  EXPECT_NE(processes_by_outcome["failed"].front(), retry);
  EXPECT_EQ(names_of(record.processes[retry]), std::vector<std::string>{kFlaky});

  // Beside a real failure, the flaky test is still counted as flaky, and the
  // real failure decides the exit status.
  Sandbox again;
  const auto mixed = run_hunt_suite(again, target, {"--parallel", "2", "--retries", "2", "--filter", kTenNeutral + ":Flaky.*:Alone.*"},
                                    {{"HUNT_FLAKY_MARKER", (again.root() / "flaky-ran").string()}});
  EXPECT_EQ(mixed.exit_code, 1) << mixed.all();
  EXPECT_THAT(mixed.out, HasSubstr("Failed tests:\n  FAILED    " + kAlone + "  [")) << mixed.out;
  EXPECT_EQ(last_line(mixed.out), "10 passed, 1 failed, 0 skipped, 1 flaky") << mixed.out;
}

// A failure that needs the polluter before it on the same clone: the victim
// passes on its own, and --replay of the recorded worker fails it again.
TEST_P(Hunting, ReplayReproducesAFailureThatNeedsAnEarlierTest) {
  E2E_REQUIRE_ENGINE(target, GetParam());
  Sandbox box;
  const auto failing = run_hunt_suite(box, target, {"--parallel", "1", "--filter", kTenNeutral + ":Polluter.*:Victim.*"});
  ASSERT_EQ(failing.exit_code, 1) << failing.all();
  const std::string failing_run = new_run_id(box, {});
  ASSERT_FALSE(failing_run.empty());
  const auto original = read_record(box, failing_run);
  ASSERT_EQ(original.processes.size(), 1u);
  ASSERT_EQ(original.processes[0].tests.size(), 12u);
  EXPECT_EQ(original.processes[0].tests.back().name, kVictim);
  EXPECT_EQ(original.processes[0].tests.back().outcome, "failed");

  const auto alone = run_hunt_suite(box, target, {"--filter", "Victim.*"});
  EXPECT_EQ(alone.exit_code, 0) << alone.all();

  for (const std::string& run : {failing_run, std::string("last")}) {
    const auto before = recorded_run_ids(box);
    const auto replay = run_hunt_suite(box, target, {"--replay", run + ":1"});
    EXPECT_EQ(replay.exit_code, 1) << run << "\n" << replay.all();
    EXPECT_THAT(replay.out, HasSubstr("FAILED: " + kVictim + "  [")) << replay.out;
    EXPECT_EQ(last_line(replay.out), "11 passed, 1 failed, 0 skipped") << replay.out;
    const auto replayed = read_record(box, new_run_id(box, before));
    ASSERT_EQ(replayed.processes.size(), 1u) << run;
    EXPECT_EQ(names_of(replayed.processes[0]), names_of(original.processes[0])) << run;
  }
  expect_nothing_left(box, target);
}

// --last-failed runs only what failed in the last run.
TEST_P(Hunting, LastFailedRunsOnlyWhatFailed) {
  E2E_REQUIRE_ENGINE(target, GetParam());
  Sandbox box;
  const std::vector<std::string> cast = {"--parallel", "2", "--filter", kTenNeutral + ":Alone.*"};
  const auto failing = run_hunt_suite(box, target, cast);
  ASSERT_EQ(failing.exit_code, 1) << failing.all();
  EXPECT_EQ(last_line(failing.out), "10 passed, 1 failed, 0 skipped") << failing.out;

  const auto r = run_hunt_suite(box, target, concat(cast, {"--last-failed", "-v"}));
  EXPECT_EQ(r.exit_code, 1) << r.all();
  EXPECT_THAT(r.out, HasSubstr("dbtest: running the 1 test that failed last time\n")) << r.out;
  EXPECT_THAT(reported_tests(r.out), ElementsAre(kAlone)) << r.out;
  EXPECT_EQ(last_line(r.out), "0 passed, 1 failed, 0 skipped") << r.out;

  // After a run where nothing failed, it runs everything.
  Sandbox clean;
  const std::vector<std::string> passing = {"--filter", kTenNeutral};
  ASSERT_EQ(run_hunt_suite(clean, target, passing).exit_code, 0);
  const auto all = run_hunt_suite(clean, target, concat(passing, {"--last-failed"}));
  EXPECT_EQ(all.exit_code, 0) << all.all();
  EXPECT_THAT(all.out, HasSubstr("dbtest: no test failed in the last recorded run; running every selected test\n"));
  EXPECT_EQ(last_line(all.out), "10 passed, 0 failed, 0 skipped") << all.out;
}

// --failed-first puts what failed in the last run before the rest.
TEST_P(Hunting, FailedFirstPutsTheFailedTestFirst) {
  E2E_REQUIRE_ENGINE(target, GetParam());
  Sandbox box;
  const std::vector<std::string> cast = {"--filter", kTenNeutral + ":Alone.*"};
  const auto planned = listed(run_hunt_suite(box, target, concat(cast, {"--list"})));
  ASSERT_EQ(planned.size(), 11u);
  EXPECT_EQ(planned.back(), kAlone);
  ASSERT_EQ(run_hunt_suite(box, target, cast).exit_code, 1);

  const auto first = listed(run_hunt_suite(box, target, concat(cast, {"--failed-first", "--list"})));
  ASSERT_EQ(first.size(), 11u);
  EXPECT_EQ(first.front(), kAlone);
  EXPECT_EQ(std::vector<std::string>(first.begin() + 1, first.end()), std::vector<std::string>(planned.begin(), planned.end() - 1));

  const auto r = run_hunt_suite(box, target, concat(cast, {"--failed-first", "--parallel", "1", "-v"}));
  EXPECT_EQ(r.exit_code, 1) << r.all();
  EXPECT_EQ(reported_tests(r.out), first) << r.out;
}

// --repeat runs the selection N times and says how often each test that did
// not always pass passed.
TEST_P(Hunting, RepeatCountsHowOftenEachTestPassed) {
  E2E_REQUIRE_ENGINE(target, GetParam());
  Sandbox box;
  // One worker: two copies of the flaky test at once could both find no marker.
  const auto r = run_hunt_suite(box, target, {"--parallel", "1", "--repeat", "3", "--filter", kTenNeutral + ":Flaky.*:Alone.*"},
                                {{"HUNT_FLAKY_MARKER", (box.root() / "flaky-ran").string()}});
  EXPECT_EQ(r.exit_code, 1) << r.all();
  const std::string binary = suite("hunt_suite");
  EXPECT_THAT(r.out, HasSubstr("Repeated 3 times:\n  " + kAlone + "  [" + binary + "] passed 0 of 3\n  " + kFlaky + "  [" +
                               binary + "] passed 2 of 3\n"))
      << r.out;
  EXPECT_THAT(r.out, Not(HasSubstr("Neutral.Query000  ["))) << r.out;
  EXPECT_EQ(last_line(r.out), "32 passed, 4 failed, 0 skipped") << r.out;

  Sandbox steady;
  const auto all_pass = run_hunt_suite(steady, target, {"--parallel", "2", "--repeat", "3", "--filter", kTenNeutral});
  EXPECT_EQ(all_pass.exit_code, 0) << all_pass.all();
  EXPECT_THAT(all_pass.out, HasSubstr("Repeated 3 times: every test passed every time\n")) << all_pass.out;
  EXPECT_EQ(last_line(all_pass.out), "30 passed, 0 failed, 0 skipped") << all_pass.out;
}

INSTANTIATE_TEST_SUITE_P(, Hunting, ::testing::Values(Engine::sqlite, Engine::postgres, Engine::mysql),
                         [](const auto& param_info) { return engine_name(param_info.param); });

}  // namespace
}  // namespace e2e
