// --trace on a real run with a failure, a crash and a flaky test: valid JSON
// in the Chrome trace event format, every run of a test once, the tests and
// batches of one worker never overlapping, and every track named.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <fstream>
#include <map>
#include <set>
#include <string>
#include <tuple>
#include <vector>

#include "support/run_with_faults.hpp"

using ::testing::HasSubstr;
using Json = nlohmann::json;

namespace e2e {
namespace {

Json read_json(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  return Json::parse(in);  // throws on a file that is not JSON
}

bool in_category(const Json& event, const std::string& category) {
  const std::string cat = event.value("cat", "");
  std::size_t begin = 0;
  while (begin <= cat.size()) {
    const auto end = std::min(cat.find(',', begin), cat.size());
    if (cat.substr(begin, end - begin) == category) return true;
    begin = end + 1;
  }
  return false;
}

std::int64_t end_of(const Json& e) { return e.at("ts").get<std::int64_t>() + e.at("dur").get<std::int64_t>(); }

// The slices of `category` on each track, by start.
std::map<int, std::vector<Json>> slices_by_track(const Json& events, const std::string& category) {
  std::map<int, std::vector<Json>> out;
  for (const auto& e : events) {
    if (e.at("ph") == "X" && in_category(e, category)) out[e.at("tid").get<int>()].push_back(e);
  }
  for (auto& [tid, list] : out) {
    std::sort(list.begin(), list.end(), [](const Json& a, const Json& b) { return a.at("ts") < b.at("ts"); });
  }
  return out;
}

void expect_no_overlap(const std::map<int, std::vector<Json>>& tracks, const std::string& what) {
  for (const auto& [tid, list] : tracks) {
    for (std::size_t i = 1; i < list.size(); ++i) {
      EXPECT_LE(end_of(list[i - 1]), list[i].at("ts").get<std::int64_t>())
          << what << " overlap on track " << tid << ": " << list[i - 1].dump() << " and " << list[i].dump();
    }
  }
}

TEST(Trace, HoldsEveryRunOfEveryTestOnNamedTracksThatNeverOverlap) {
  Sandbox box;
  const auto trace_path = box.root() / "trace.json";
  const auto events_path = box.root() / "events.ndjson";
  const auto r = run_with_faults(box, {"--trace", trace_path.string(), "--events", events_path.string()});
  EXPECT_EQ(r.exit_code, 1) << r.all();
  const Json trace = read_json(trace_path);
  ASSERT_TRUE(trace.is_object());
  ASSERT_TRUE(trace.at("traceEvents").is_array());
  const Json& events = trace.at("traceEvents");

  // The fields every viewer needs, on every event.
  for (const auto& e : events) {
    ASSERT_TRUE(e.contains("ph") && e.contains("pid") && e.contains("tid") && e.contains("name")) << e.dump();
    const std::string ph = e.at("ph");
    EXPECT_TRUE(ph == "X" || ph == "i" || ph == "M") << e.dump();
    if (ph == "X") {
      EXPECT_TRUE(e.at("ts").is_number_integer() && e.at("dur").is_number_integer()) << e.dump();
      EXPECT_GE(e.at("dur").get<std::int64_t>(), 0);
    }
    if (ph == "i") {
      EXPECT_TRUE(e.at("ts").is_number_integer()) << e.dump();
    }
  }

  // Every track that has events is named: the master and each worker.
  std::map<int, std::string> names;
  std::set<int> used;
  for (const auto& e : events) {
    if (e.at("ph") == "M" && e.at("name") == "thread_name") names[e.at("tid").get<int>()] = e.at("args").at("name").get<std::string>();
    if (e.at("ph") != "M") used.insert(e.at("tid").get<int>());
  }
  EXPECT_EQ(names.at(0), "master");
  for (const int tid : used) {
    ASSERT_TRUE(names.count(tid)) << "track " << tid << " has no name";
    if (tid > 0) {
      EXPECT_EQ(names.at(tid), "worker " + std::to_string(tid));
    }
  }
  EXPECT_GE(used.size(), 3u);  // the master and two workers

  // Each run of a test (a test and its attempt) is there once, as the event
  // stream of the same run tells them.
  std::multiset<std::pair<std::string, int>> in_trace;
  for (const auto& e : events) {
    if (e.at("ph") != "M" && in_category(e, "test")) {
      in_trace.insert({e.at("args").at("name").get<std::string>(), e.at("args").at("attempt").get<int>()});
    }
  }
  std::multiset<std::pair<std::string, int>> in_stream;
  for (const auto& l : event_lines(events_path)) {
    if (l.at("event") == "test_finished") in_stream.insert({l.at("test").get<std::string>(), l.at("attempt").get<int>()});
  }
  EXPECT_EQ(in_trace, in_stream);
  EXPECT_EQ(in_trace.size(), 19u);  // 16 tests, three of them run twice

  // Results are in the slices' args; a crash and the retries are marked.
  std::map<std::pair<std::string, int>, std::string> results;
  for (const auto& e : events) {
    if (e.at("ph") == "X" && in_category(e, "test")) {
      results[{e.at("name").get<std::string>(), e.at("args").at("attempt").get<int>()}] = e.at("args").at("result").get<std::string>();
    }
  }
  EXPECT_EQ((results[{"Faulty.Misbehaves", 1}]), "crashed");
  EXPECT_EQ((results[{"Alone.AlwaysFails", 2}]), "failed");
  EXPECT_EQ((results[{"Flaky.FailsOnItsFirstRunOnly", 2}]), "passed");
  EXPECT_EQ((results[{"Before.Passes", 1}]), "passed");
  int crashes = 0, retries = 0, retried_slices = 0;
  for (const auto& e : events) {
    crashes += e.at("ph") == "i" && e.at("name") == "crashed" ? 1 : 0;
    retries += e.at("ph") == "i" && e.at("name") == "retry queued" ? 1 : 0;
    retried_slices += e.at("ph") == "X" && in_category(e, "test") && in_category(e, "retry") ? 1 : 0;
  }
  EXPECT_EQ(crashes, 2);
  EXPECT_EQ(retries, 3);
  EXPECT_EQ(retried_slices, 3);

  // On one worker's track, tests follow one another, and so do batches and
  // worker processes; each test lies inside a batch.
  const auto tests = slices_by_track(events, "test");
  const auto batches = slices_by_track(events, "batch");
  expect_no_overlap(tests, "tests");
  expect_no_overlap(batches, "batches");
  for (const auto& [tid, list] : tests) {
    EXPECT_GT(tid, 0);
    for (const auto& t : list) {
      const auto& mine = batches.at(tid);
      const bool inside = std::any_of(mine.begin(), mine.end(), [&](const Json& b) {
        return b.at("ts").get<std::int64_t>() <= t.at("ts").get<std::int64_t>() && end_of(t) <= end_of(b);
      });
      EXPECT_TRUE(inside) << t.dump();
    }
  }
  std::map<int, std::vector<Json>> processes;
  for (const auto& e : events) {
    if (e.at("ph") == "X" && e.at("cat") == "worker" && e.at("name") != "start worker") processes[e.at("tid").get<int>()].push_back(e);
  }
  for (auto& [tid, list] : processes) {
    std::sort(list.begin(), list.end(), [](const Json& a, const Json& b) { return a.at("ts") < b.at("ts"); });
  }
  expect_no_overlap(processes, "worker processes");
  int starts = 0, clones = 0;
  for (const auto& e : events) {
    starts += e.at("ph") == "X" && e.at("name") == "start worker" ? 1 : 0;
    clones += e.at("ph") == "X" && e.at("name") == "make clone" ? 1 : 0;
  }
  EXPECT_GE(starts, 5);  // two workers, two retries and a crash's successor at least
  EXPECT_EQ(clones, starts);

  // The master's track: discovery, the template's migration, the run, the teardown.
  std::vector<std::string> phases;
  const auto master = slices_by_track(events, "phase");
  ASSERT_TRUE(master.count(0));
  for (const auto& e : master.at(0)) phases.push_back(e.at("name").get<std::string>());
  EXPECT_THAT(phases, ::testing::ElementsAre("discovering", "migrating", "running", "tearing down"));
}

}  // namespace
}  // namespace e2e

namespace e2e {
namespace {

// A run that ends in an error (--run-timeout) still writes both files: the
// trace whole, with the test that was running, and the stream's end with the
// error.
TEST(Trace, ARunThatStopsWithAnErrorStillWritesItsTraceAndItsStreamsEnd) {
  Sandbox box;
  const auto trace_path = box.root() / "trace.json";
  const auto events_path = box.root() / "events.ndjson";
  const auto target = *engine_target(Engine::sqlite);
  const auto r = run_dbtest(box,
                            concat(concat(target.args, target.migration_args),
                                   {"--parallel", "1", "--run-timeout", "2", "--filter", "Faulty.Misbehaves", "--trace",
                                    trace_path.string(), "--events", events_path.string(), "--", suite("fault_suite")}),
                            {{"FAULT_MODE", "hang"}});
  expect_one_line_error(r, "--run-timeout");

  const Json trace = read_json(trace_path);
  bool hung_test = false, master_error = false;
  for (const auto& e : trace.at("traceEvents")) {
    if (e.at("ph") == "X" && e.at("name") == "Faulty.Misbehaves") {
      hung_test = true;
      EXPECT_EQ(e.at("args").at("result"), "timed_out");
      EXPECT_GE(e.at("dur").get<std::int64_t>(), 1000000);
    }
    master_error = master_error || (e.at("ph") == "i" && e.at("name") == "error" && e.at("tid") == 0);
  }
  EXPECT_TRUE(hung_test) << trace.dump();
  EXPECT_TRUE(master_error);

  const auto lines = event_lines(events_path);
  ASSERT_FALSE(lines.empty());
  const auto& end = lines.back();
  EXPECT_EQ(end.at("event"), "run_finished");
  EXPECT_EQ(end.at("exit_status"), 2);
  EXPECT_THAT(end.at("error").get<std::string>(), HasSubstr("--run-timeout"));
  EXPECT_EQ(end.at("counts").at("timed_out"), 1);
  bool timed_out_worker = false;
  for (const auto& l : lines) timed_out_worker = timed_out_worker || (l.at("event") == "worker_ended" && l.at("reason") == "timed_out");
  EXPECT_TRUE(timed_out_worker);
}

}  // namespace
}  // namespace e2e
