// --dist isosuite, end to end: suites run one at a time, each spread over
// the workers; dbtest::suite_resource()'s set-up runs once per suite before
// any of its tests, its teardown once after all of them and before the next
// suite's set-up, on four workers, also when a worker dies in the middle of
// a suite and when the set-up fails.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <map>
#include <set>
#include <sstream>

#include "support/dbtest_run.hpp"

using ::testing::HasSubstr;

namespace e2e {
namespace {

namespace fs = std::filesystem;

struct Event {
  long long ns = 0;
  std::string what;  // setup, teardown, start, end
  std::string suite;
  int worker = 0;
};

std::vector<Event> events_in(const fs::path& dir) {
  std::vector<Event> out;
  for (const auto& entry : fs::directory_iterator(dir)) {
    std::istringstream name(entry.path().filename().string());
    Event e;
    std::string ns, worker;
    std::getline(name, ns, '_');
    std::getline(name, e.what, '_');
    std::getline(name, e.suite, '_');
    std::getline(name, worker);
    e.ns = std::stoll(ns);
    e.worker = std::stoi(worker);
    out.push_back(e);
  }
  std::sort(out.begin(), out.end(), [](const Event& a, const Event& b) { return a.ns < b.ns; });
  return out;
}

std::string describe(const std::vector<Event>& events) {
  std::string out;
  for (const auto& e : events) out += std::to_string(e.ns) + " " + e.what + " " + e.suite + " worker " + std::to_string(e.worker) + "\n";
  return out;
}

// Per suite, in the order the events came: set-up once before all its
// tests, teardown once after all of them, and nothing of another suite in
// between.
void expect_one_suite_at_a_time(const std::vector<Event>& events, const std::set<std::string>& suites) {
  std::map<std::string, int> setups, teardowns;
  std::set<std::string> done;
  std::string current;
  for (const auto& e : events) {
    if (e.what == "setup") {
      ++setups[e.suite];
      EXPECT_TRUE(current.empty() || current == e.suite) << e.suite << " set up while " << current << " ran\n"
                                                         << describe(events);
      current = e.suite;
    } else if (e.what == "teardown") {
      ++teardowns[e.suite];
      EXPECT_EQ(current, e.suite) << describe(events);
      current.clear();
      done.insert(e.suite);
    } else {
      EXPECT_EQ(current, e.suite) << e.what << " of " << e.suite << " outside its set-up and teardown\n"
                                  << describe(events);
    }
  }
  for (const auto& s : suites) {
    EXPECT_EQ(setups[s], 1) << s << "\n" << describe(events);
    EXPECT_EQ(teardowns[s], 1) << s << "\n" << describe(events);
  }
}

std::set<int> workers_of(const std::vector<Event>& events, const std::string& suite) {
  std::set<int> out;
  for (const auto& e : events) {
    if (e.suite == suite && e.what == "start") out.insert(e.worker);
  }
  return out;
}

RunOutput run_isosuite(const Sandbox& box, const fs::path& dir, const std::string& filter,
                       std::map<std::string, std::string> env = {}) {
  fs::create_directories(dir);
  env["RESOURCE_DIR"] = dir.string();
  env["RESOURCE_SIGNALS"] = "1";
  return run_dbtest(box, {"--parallel", "4", "--dist", "isosuite", "--filter", filter, "--", suite("resource_suite")}, env);
}

TEST(Isosuite, EachSuiteIsSetUpOnceSpreadOverTheWorkersAndTornDownBeforeTheNext) {
  Sandbox box;
  const auto dir = box.root() / "events";
  auto r = run_isosuite(box, dir, "*Catalogue.*:*Reports.*");
  EXPECT_EQ(r.exit_code, 0) << r.all();
  EXPECT_EQ(last_line(r.out), "16 passed, 0 failed, 0 skipped") << r.all();
  const auto events = events_in(dir);
  expect_one_suite_at_a_time(events, {"Catalogue", "Reports"});
  EXPECT_GE(workers_of(events, "Catalogue").size(), 2u) << describe(events);
  EXPECT_GE(workers_of(events, "Reports").size(), 2u) << describe(events);
}

TEST(Isosuite, AWorkerKilledInTheMiddleOfASuiteCostsItsTestAlone) {
  Sandbox box;
  const auto dir = box.root() / "events";
  auto r = run_isosuite(box, dir, "*Catalogue.*:*Reports.*", {{"RESOURCE_KILL_ONCE", (box.root() / "killed").string()}});
  EXPECT_EQ(r.exit_code, 1) << r.all();
  EXPECT_EQ(last_line(r.out), "15 passed, 1 failed, 0 skipped") << r.all();
  EXPECT_THAT(r.out, HasSubstr("CRASHED: Eight/Catalogue.UsesTheSharedCatalogue/"));
  expect_one_suite_at_a_time(events_in(dir), {"Catalogue", "Reports"});
}

TEST(Isosuite, AFailedSetUpFailsEveryTestOfTheSuiteAndTheTeardownStillRunsOnce) {
  Sandbox box;
  const auto dir = box.root() / "events";
  auto r = run_isosuite(box, dir, "*Broken.*:*Reports.*", {{"RESOURCE_BREAK", "1"}});
  EXPECT_EQ(r.exit_code, 1) << r.all();
  EXPECT_THAT(r.out, HasSubstr("the suite's shared set-up failed: the catalogue server is down"));
  EXPECT_THAT(r.out, HasSubstr("8 passed, 4 failed, 0 skipped"));
  for (int i = 0; i < 4; ++i) EXPECT_THAT(r.out, HasSubstr("FAILED    Four/Broken.NeedsTheResource/" + std::to_string(i)));
  const auto events = events_in(dir);
  expect_one_suite_at_a_time(events, {"Broken", "Reports"});
  EXPECT_TRUE(workers_of(events, "Broken").empty()) << "no test of Broken ran\n" << describe(events);
}

}  // namespace
}  // namespace e2e
