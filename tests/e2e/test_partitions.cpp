// --partition and --durations-file, end to end on 2,000 tests: the parts of
// every kind together run each test exactly once, a `time` cut follows the
// durations file, a part with nothing to do passes, and after a run the
// durations file holds what it held and what the run measured.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <cstdio>
#include <fstream>
#include <map>
#include <regex>
#include <set>

#include "support/dbtest_run.hpp"

using ::testing::HasSubstr;

namespace e2e {
namespace {

constexpr int kManyTests = 2000;

// The tests a -v run passed, with how often each passed.
std::map<std::string, int> passed_tests(const std::string& out) {
  std::map<std::string, int> passed;
  static const std::regex line(R"(^PASSED (\S+) \()");
  for (const auto& l : lines_of(out)) {
    std::smatch m;
    if (std::regex_search(l, m, line)) ++passed[m[1]];
  }
  return passed;
}

std::vector<std::string> listed_tests(const std::string& out) {
  std::vector<std::string> tests;
  for (const auto& l : lines_of(out)) {
    if (!l.empty() && l[0] != '#') tests.push_back(l);
  }
  return tests;
}

void write_durations(const std::filesystem::path& file, const std::map<std::string, double>& seconds) {
  nlohmann::json tests = nlohmann::json::object();
  for (const auto& [name, s] : seconds) tests[suite("many_suite") + "::" + name] = s;
  std::ofstream(file) << nlohmann::json{{"version", 1}, {"tests", tests}}.dump();
}

TEST(Partitions, ThreePartsOfEachKindTogetherRunEveryTestOnce) {
  Sandbox box;
  const auto durations = box.root() / "durations.json";
  write_durations(durations, {{"Many007.Test03", 3.0}, {"Many042.Test00", 1.5}, {"Many099.Test19", 0.2}});
  for (const std::string kind : {"hash", "slice", "time"}) {
    std::map<std::string, int> seen;
    for (int i = 1; i <= 3; ++i) {
      const std::string part = kind + ":" + std::to_string(i) + "/3";
      std::vector<std::string> args = {"-v", "--parallel", "2", "--partition", part};
      // Each part its own copy of the shared file, as each CI job restores
      // one: a part merges what it measured into its copy after its run.
      const auto copy = box.root() / (kind + std::to_string(i) + ".json");
      std::filesystem::copy_file(durations, copy);
      if (kind == "time") args.insert(args.end(), {"--durations-file", copy.string()});
      args.insert(args.end(), {"--", suite("many_suite")});
      const auto r = run_dbtest(box, args);
      ASSERT_EQ(r.exit_code, 0) << part << "\n" << r.err << last_line(r.out);
      EXPECT_THAT(r.out, HasSubstr("Partition: part " + std::to_string(i) + " of 3 (" + kind + "): ")) << part;
      const auto passed = passed_tests(r.out);
      EXPECT_GT(passed.size(), 0u) << part;
      EXPECT_EQ(last_line(r.out), std::to_string(passed.size()) + " passed, 0 failed, 0 skipped") << part;
      for (const auto& [name, times] : passed) seen[name] += times;
    }
    EXPECT_EQ(seen.size(), static_cast<std::size_t>(kManyTests)) << kind;
    for (const auto& [name, times] : seen) EXPECT_EQ(times, 1) << kind << " ran " << name << " " << times << " times";
  }
}

TEST(Partitions, ListShowsThePartsTestsAndNamesThePart) {
  Sandbox box;
  std::set<std::string> all;
  for (const char* part : {"slice:1/2", "slice:2/2"}) {
    const auto r = run_dbtest(box, {"--list", "--partition", part, "--", suite("many_suite")});
    ASSERT_EQ(r.exit_code, 0) << r.all();
    EXPECT_THAT(r.err, HasSubstr("dbtest: part " + std::string(part).substr(6, 1) + " of 2 (slice): 1000 of 2000 selected tests"));
    const auto tests = listed_tests(r.out);
    EXPECT_EQ(tests.size(), 1000u);
    all.insert(tests.begin(), tests.end());
  }
  EXPECT_EQ(all.size(), static_cast<std::size_t>(kManyTests));
}

TEST(Partitions, TimeGivesALongSuiteAPartOfItsOwn) {
  Sandbox box;
  const auto durations = box.root() / "durations.json";
  // Many013 takes 200 s; the other 99 suites 0.2 s each.
  std::map<std::string, double> seconds;
  for (int s = 0; s < 100; ++s) {
    for (int t = 0; t < 20; ++t) {
      char name[32];
      std::snprintf(name, sizeof name, "Many%03d.Test%02d", s, t);
      seconds[name] = s == 13 ? 10.0 : 0.01;
    }
  }
  write_durations(durations, seconds);
  // With a durations file, the default kind is `time`.
  std::vector<std::vector<std::string>> parts;
  for (const char* part : {"1/2", "2/2"}) {
    const auto r = run_dbtest(box, {"--list", "--partition", part, "--durations-file", durations.string(), "--",
                                    suite("many_suite")});
    ASSERT_EQ(r.exit_code, 0) << r.all();
    EXPECT_THAT(r.err, HasSubstr("(time)"));
    parts.push_back(listed_tests(r.out));
  }
  ASSERT_EQ(parts[0].size(), 20u);
  EXPECT_EQ(parts[0].front().rfind("Many013.", 0), 0u) << parts[0].front();
  EXPECT_EQ(parts[1].size(), 1980u);
}

TEST(Partitions, APartWithNothingToDoPasses) {
  Sandbox box;
  int passed = 0;
  int empty = 0;
  for (const char* part : {"slice:1/3", "slice:2/3", "slice:3/3"}) {
    const auto r = run_dbtest(box, {"--partition", part, "--filter", "Many005.*", "--", suite("many_suite")});
    ASSERT_EQ(r.exit_code, 0) << r.all();
    if (r.out.find("nothing to run") != std::string::npos) {
      ++empty;
      EXPECT_EQ(last_line(r.out), "0 passed, 0 failed, 0 skipped");
    } else {
      passed += std::stoi(last_line(r.out));
    }
  }
  EXPECT_EQ(passed, 20);
  EXPECT_EQ(empty, 2);
}

TEST(Partitions, TheDurationsFileKeepsWhatItHeldAndGainsWhatTheRunMeasured) {
  Sandbox box;
  const auto durations = box.root() / "shared" / "durations.json";
  std::filesystem::create_directories(durations.parent_path());
  std::ofstream(durations) << R"({"version": 1, "tests": {"elsewhere::Other.Test": 4.5}})";
  const auto r = run_dbtest(box, {"--partition", "hash:1/4", "--durations-file", durations.string(), "--",
                                  suite("many_suite")});
  ASSERT_EQ(r.exit_code, 0) << r.all();
  const auto json = nlohmann::json::parse(slurp(durations));
  EXPECT_EQ(json["tests"]["elsewhere::Other.Test"], 4.5);
  EXPECT_EQ(json["tests"].size(), static_cast<std::size_t>(std::stoi(last_line(r.out))) + 1);
}

TEST(Partitions, BadPartitionsAndDurationsFilesAreOneLineErrors) {
  Sandbox box;
  expect_one_line_error(run_dbtest(box, {"--partition", "4/3", "--", suite("many_suite")}), "part 4 of 3 does not exist");
  expect_one_line_error(run_dbtest(box, {"--partition", "fair:1/3", "--", suite("many_suite")}),
                        "the kind must be hash, slice or time, not 'fair'");
  const auto broken = box.root() / "broken.json";
  std::ofstream(broken) << "{ not json";
  expect_one_line_error(run_dbtest(box, {"--partition", "1/3", "--durations-file", broken.string(), "--",
                                         suite("many_suite")}),
                        "is not a dbtest durations file");
  expect_one_line_error(run_dbtest(box, {"--durations-file", box.root().string(), "--", suite("many_suite")}),
                        "is a folder");
  EXPECT_TRUE(box.leftovers().empty());
}

}  // namespace
}  // namespace e2e

namespace e2e {
namespace {

std::string root_attribute(const std::string& xml, const std::string& name) {
  const std::regex attribute("<testsuites [^>]*\\b" + name + "=\"([^\"]*)\"");
  std::smatch m;
  return std::regex_search(xml, m, attribute) ? std::string(m[1]) : "";
}

int count_of(const std::string& text, const std::string& fragment) {
  int n = 0;
  for (auto at = text.find(fragment); at != std::string::npos; at = text.find(fragment, at + 1)) ++n;
  return n;
}

TEST(MergeReports, ThreePartsReportsStreamsAndDurationsMergeIntoTheFullTotals) {
  Sandbox box;
  std::vector<std::string> merge_junit = {"merge-reports", "--junit-xml", (box.root() / "all.xml").string()};
  std::vector<std::string> merge_durations = {"merge-reports", "--durations-file", (box.root() / "all.json").string()};
  std::vector<std::string> merge_events = {"merge-reports", "--events", (box.root() / "all.jsonl").string()};
  for (int i = 1; i <= 3; ++i) {
    const auto xml = box.root() / ("part" + std::to_string(i) + ".xml");
    const auto durations = box.root() / ("part" + std::to_string(i) + ".json");
    const auto events = box.root() / ("part" + std::to_string(i) + ".jsonl");
    // --dist test spreads a suite's tests over the parts: the merge joins them.
    const auto r = run_dbtest(box, {"--dist", "test", "--partition", "hash:" + std::to_string(i) + "/3", "--junit-xml",
                                    xml.string(), "--durations-file", durations.string(), "--events", events.string(), "--",
                                    suite("many_suite"), suite("failing_suite")});
    ASSERT_TRUE(r.exit_code == 0 || r.exit_code == 1) << r.all();
    merge_junit.push_back(xml.string());
    merge_durations.push_back(durations.string());
    merge_events.push_back(events.string());
  }
  const auto merged = run_dbtest(box, merge_junit);
  ASSERT_EQ(merged.exit_code, 0) << merged.all();
  EXPECT_EQ(last_line(merged.out), "merged 3 JUnit reports into " + (box.root() / "all.xml").string());
  const std::string xml = slurp(box.root() / "all.xml");
  EXPECT_EQ(root_attribute(xml, "tests"), "2002") << xml.substr(0, 400);
  EXPECT_EQ(root_attribute(xml, "failures"), "1");
  EXPECT_EQ(root_attribute(xml, "errors"), "0");
  EXPECT_EQ(count_of(xml, "<testcase "), 2002);
  EXPECT_EQ(count_of(xml, "<testsuite "), 101);  // 100 of many_suite, 1 of failing_suite
  EXPECT_THAT(xml, HasSubstr("<testsuite name=\"Many042\" tests=\"20\" failures=\"0\" errors=\"0\" skipped=\"0\""));
  EXPECT_THAT(xml, HasSubstr("deliberate failure"));

  const auto events = run_dbtest(box, merge_events);
  ASSERT_EQ(events.exit_code, 0) << events.all();
  std::map<int, int> finished_per_part;
  nlohmann::json closing;
  for (const auto& line : lines_of(slurp(box.root() / "all.jsonl"))) {
    if (line.empty()) continue;
    const auto event = nlohmann::json::parse(line);
    EXPECT_EQ(event["schema"], 1);
    if (event["event"] == "run_finished") ++finished_per_part[event["part"].get<int>()];
    closing = event;
  }
  EXPECT_EQ(finished_per_part, (std::map<int, int>{{1, 1}, {2, 1}, {3, 1}}));
  EXPECT_EQ(closing["event"], "parts_merged");
  EXPECT_EQ(closing["parts"], 3);
  EXPECT_EQ(closing["counts"]["passed"], 2001);
  EXPECT_EQ(closing["counts"]["failed"], 1);
  EXPECT_EQ(closing["exit_status"], 1);

  const auto durations = run_dbtest(box, merge_durations);
  ASSERT_EQ(durations.exit_code, 0) << durations.all();
  EXPECT_EQ(nlohmann::json::parse(slurp(box.root() / "all.json"))["tests"].size(), 2002u);
}

TEST(MergeReports, BadInputIsAOneLineErrorAndWritesNothing) {
  Sandbox box;
  const auto out = box.root() / "out.xml";
  const auto not_xml = box.root() / "not.xml";
  std::ofstream(not_xml) << "<testsuites><testsuite name=\"a\"";
  expect_one_line_error(run_dbtest(box, {"merge-reports", "--junit-xml", out.string(), (box.root() / "nope.xml").string()}),
                        "cannot read " + (box.root() / "nope.xml").string());
  expect_one_line_error(run_dbtest(box, {"merge-reports", "--junit-xml", out.string(), not_xml.string()}),
                        not_xml.string() + " is not a JUnit XML report: line ");
  expect_one_line_error(run_dbtest(box, {"merge-reports", not_xml.string()}),
                        "dbtest merge-reports takes one of --junit-xml OUT, --events OUT and --durations-file OUT");
  expect_one_line_error(run_dbtest(box, {"merge-reports", "--junit-xml", out.string()}),
                        "dbtest merge-reports needs the parts' files to merge");
  expect_one_line_error(run_dbtest(box, {"--parallel", "2", "merge-reports", "--junit-xml", out.string(), not_xml.string()}),
                        "dbtest merge-reports does not take --parallel");
  EXPECT_FALSE(std::filesystem::exists(out));
}

}  // namespace
}  // namespace e2e
