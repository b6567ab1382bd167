// --events on a real run with a failure, a crash and a flaky test: every
// line is one JSON object with exactly the fields docs/events.md documents,
// of the documented types, and the stream agrees with the summary.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <map>
#include <regex>
#include <set>
#include <string>
#include <tuple>
#include <vector>

#include "support/run_with_faults.hpp"

using ::testing::HasSubstr;
using Json = nlohmann::json;

namespace e2e {
namespace {

// The types of docs/events.md, by the names it uses.
bool has_type(const Json& value, const std::string& type) {
  if (type == "string") return value.is_string();
  if (type == "integer") return value.is_number_integer();
  if (type == "number") return value.is_number();
  if (type == "boolean") return value.is_boolean();
  if (type == "null") return value.is_null();
  if (type == "array") return value.is_array();
  if (type == "object") return value.is_object();
  ADD_FAILURE() << "no such type in the schema: " << type;
  return false;
}

using Fields = std::map<std::string, std::set<std::string>>;

// Exactly these fields, each of one of its types.
void expect_fields(const Json& object, const Fields& fields, const std::string& where) {
  ASSERT_TRUE(object.is_object()) << where;
  for (const auto& [name, types] : fields) {
    ASSERT_TRUE(object.contains(name)) << where << " lacks \"" << name << "\": " << object.dump();
    bool typed = false;
    for (const auto& t : types) typed = typed || has_type(object.at(name), t);
    EXPECT_TRUE(typed) << where << " \"" << name << "\" has the wrong type: " << object.dump();
  }
  for (const auto& [name, value] : object.items()) {
    EXPECT_TRUE(fields.count(name)) << where << " has the undocumented field \"" << name << "\"";
  }
}

const Fields kCommon = {{"schema", {"integer"}}, {"event", {"string"}}, {"t", {"number"}}, {"time", {"string"}}};

const std::map<std::string, Fields> kEvents = {
    {"run_started",
     {{"version", {"string"}}, {"run_id", {"string"}}, {"binaries", {"array"}}, {"backend", {"string"}},
      {"workers", {"integer"}}, {"tests", {"integer"}}, {"options", {"object"}}}},
    {"worker_started",
     {{"worker", {"integer"}}, {"binary", {"string"}}, {"start_seconds", {"number"}}, {"clone_seconds", {"number"}},
      {"clone_open_seconds", {"number"}}}},
    {"test_started", {{"test", {"string"}}, {"binary", {"string"}}, {"worker", {"integer"}}, {"attempt", {"integer"}}}},
    {"test_finished",
     {{"test", {"string"}}, {"binary", {"string"}}, {"worker", {"integer"}}, {"attempt", {"integer"}},
      {"status", {"string"}}, {"duration", {"number"}}, {"suite_error", {"boolean"}}, {"failures", {"array"}},
      {"warnings", {"array"}}, {"retry_follows", {"boolean"}}, {"flaky", {"boolean"}}}},
    {"worker_ended",
     {{"worker", {"integer"}}, {"binary", {"string"}}, {"reason", {"string"}}, {"description", {"string"}}}},
    {"warning",
     {{"level", {"string"}}, {"source", {"string"}}, {"message", {"string"}}, {"test", {"string", "null"}},
      {"binary", {"string", "null"}}}},
    {"run_finished",
     {{"exit_status", {"integer", "null"}}, {"error", {"string", "null"}}, {"interrupted", {"boolean"}},
      {"counts", {"object"}}, {"worker_restarts", {"integer"}}, {"phases", {"object"}}, {"duration", {"number"}}}},
};

const Fields kOptions = {{"parallel", {"integer", "null"}},     {"dist", {"string"}},
                         {"filter", {"string"}},                {"order", {"string"}},
                         {"seed", {"integer", "null"}},         {"repeat", {"integer"}},
                         {"retries", {"integer"}},              {"failfast", {"boolean"}},
                         {"timeout_seconds", {"number", "null"}}, {"run_timeout_seconds", {"number", "null"}},
                         {"check_clean", {"string", "null"}},   {"warnings_as_errors", {"boolean"}},
                         {"keepdb", {"boolean"}},               {"database_url", {"string", "null"}}};
const Fields kFailure = {{"message", {"string"}}, {"file", {"string"}}, {"line", {"integer"}}};
const Fields kCounts = {{"passed", {"integer"}},  {"failed", {"integer"}}, {"crashed", {"integer"}},
                        {"timed_out", {"integer"}}, {"skipped", {"integer"}}, {"flaky", {"integer"}},
                        {"not_run", {"integer"}}, {"unfinished", {"integer"}}};
const Fields kPhases = {{"discovering", {"number"}}, {"migrating", {"number"}}, {"cloning", {"number"}},
                        {"cloning_summed", {"number"}}, {"clones", {"integer"}}, {"running", {"number"}}, {"tearing_down", {"number"}}};

const std::set<std::string> kStatuses = {"passed", "failed", "crashed", "timed_out", "skipped"};
const std::set<std::string> kReasons = {"finished", "replaced", "crashed", "timed_out", "interrupted", "stopped"};

// Every line against the schema, and the values that have a fixed set.
void expect_schema(const std::vector<Json>& lines) {
  for (const auto& line : lines) {
    ASSERT_TRUE(line.is_object()) << line.dump();
    const std::string kind = line.value("event", "");
    ASSERT_TRUE(kEvents.count(kind)) << "unknown event: " << line.dump();
    Fields fields = kCommon;
    for (const auto& f : kEvents.at(kind)) fields.insert(f);
    expect_fields(line, fields, kind);
    EXPECT_EQ(line.at("schema"), 1);
    EXPECT_THAT(line.at("time").get<std::string>(), MatchesRegex(R"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z)"));
    EXPECT_GE(line.at("t").get<double>(), 0.0);
    if (kind == "run_started") {
      expect_fields(line.at("options"), kOptions, "run_started.options");
      for (const auto& b : line.at("binaries")) EXPECT_TRUE(b.is_string());
    }
    if (kind == "test_finished") {
      EXPECT_TRUE(kStatuses.count(line.at("status"))) << line.dump();
      for (const auto& f : line.at("failures")) expect_fields(f, kFailure, "test_finished.failures[]");
      for (const auto& w : line.at("warnings")) EXPECT_TRUE(w.is_string());
    }
    if (kind == "worker_ended") {
      EXPECT_TRUE(kReasons.count(line.at("reason"))) << line.dump();
    }
    if (kind == "warning") {
      const std::set<std::string> levels = {"warning", "note"};
      const std::set<std::string> sources = {"test", "dbtest"};
      EXPECT_TRUE(levels.count(line.at("level"))) << line.dump();
      EXPECT_TRUE(sources.count(line.at("source"))) << line.dump();
    }
    if (kind == "run_finished") {
      expect_fields(line.at("counts"), kCounts, "run_finished.counts");
      expect_fields(line.at("phases"), kPhases, "run_finished.phases");
    }
  }
}

TEST(Events, EveryLineFollowsTheSchemaAndTheStreamAgreesWithTheSummary) {
  Sandbox box;
  const auto events = box.root() / "out" / "events.ndjson";
  const auto r = run_with_faults(box, {"--events", events.string()});
  EXPECT_EQ(r.exit_code, 1) << r.all();
  const auto lines = event_lines(events);
  ASSERT_GE(lines.size(), 4u);
  expect_schema(lines);

  EXPECT_EQ(lines.front().at("event"), "run_started");
  EXPECT_EQ(lines.back().at("event"), "run_finished");
  const auto& start = lines.front();
  EXPECT_EQ(start.at("backend"), "sqlite");
  EXPECT_EQ(start.at("workers"), 2);
  EXPECT_EQ(start.at("tests"), 16);
  EXPECT_EQ(start.at("binaries"), Json({suite("hunt_suite"), suite("fault_suite")}));
  EXPECT_EQ(start.at("options").at("retries"), 1);
  EXPECT_EQ(start.at("options").at("filter"), kFaultsFilter);

  // Time goes forward, but for the warnings held back until run_started.
  double last_t = 0;
  for (std::size_t i = 1; i < lines.size(); ++i) {
    if (lines[i].at("event") == "warning" && lines[i].at("t").get<double>() < start.at("t").get<double>()) continue;
    EXPECT_GE(lines[i].at("t").get<double>(), last_t) << lines[i].dump();
    last_t = lines[i].at("t").get<double>();
  }

  // Each result follows its start, on the same worker and attempt.
  std::set<std::tuple<std::string, int, int>> started;
  std::map<std::string, std::vector<Json>> attempts;
  for (const auto& l : lines) {
    const auto run_of = [](const Json& event) {
      return std::make_tuple(event.at("test").get<std::string>(), event.at("worker").get<int>(), event.at("attempt").get<int>());
    };
    if (l.at("event") == "test_started") started.insert(run_of(l));
    if (l.at("event") != "test_finished") continue;
    EXPECT_TRUE(started.count(run_of(l))) << l.dump();
    attempts[l.at("test").get<std::string>()].push_back(l);
  }
  EXPECT_EQ(attempts.size(), 16u);
  const auto& crashed = attempts["Faulty.Misbehaves"];
  ASSERT_EQ(crashed.size(), 2u);
  EXPECT_EQ(crashed[0].at("status"), "crashed");
  EXPECT_EQ(crashed[0].at("retry_follows"), true);
  EXPECT_EQ(crashed[1].at("attempt"), 2);
  EXPECT_EQ(crashed[1].at("retry_follows"), false);
  const auto& failed = attempts["Alone.AlwaysFails"];
  ASSERT_EQ(failed.size(), 2u);
  EXPECT_EQ(failed[1].at("status"), "failed");
  ASSERT_FALSE(failed[1].at("failures").empty());
  EXPECT_THAT(failed[1].at("failures")[0].at("file").get<std::string>(), HasSubstr("hunt_suite.cpp"));
  EXPECT_GT(failed[1].at("failures")[0].at("line").get<int>(), 0);
  const auto& flaky = attempts["Flaky.FailsOnItsFirstRunOnly"];
  ASSERT_EQ(flaky.size(), 2u);
  EXPECT_EQ(flaky[0].at("status"), "failed");
  EXPECT_EQ(flaky[1].at("status"), "passed");
  EXPECT_EQ(flaky[1].at("flaky"), true);

  // Workers: every one that said hello ends, and the crashes are told.
  std::multiset<std::string> reasons;
  int worker_starts = 0;
  for (const auto& l : lines) {
    if (l.at("event") == "worker_ended") reasons.insert(l.at("reason").get<std::string>());
    if (l.at("event") == "worker_started") ++worker_starts;
  }
  EXPECT_EQ(static_cast<int>(reasons.size()), worker_starts);
  EXPECT_EQ(reasons.count("crashed"), 2u) << r.all();
  EXPECT_GE(reasons.count("replaced"), 1u);

  // The settled counts are the summary's.
  const auto& end = lines.back();
  EXPECT_EQ(end.at("exit_status"), 1);
  EXPECT_TRUE(end.at("error").is_null());
  const auto& c = end.at("counts");
  std::smatch m;
  const std::string closing = last_line(r.out);
  ASSERT_TRUE(std::regex_match(closing, m, std::regex(R"((\d+) passed, (\d+) failed, (\d+) skipped, (\d+) flaky)"))) << r.out;
  EXPECT_EQ(c.at("passed"), std::stoi(m[1]));
  EXPECT_EQ(c.at("failed").get<int>() + c.at("crashed").get<int>() + c.at("timed_out").get<int>(), std::stoi(m[2]));
  EXPECT_EQ(c.at("skipped"), std::stoi(m[3]));
  EXPECT_EQ(c.at("flaky"), std::stoi(m[4]));
  EXPECT_EQ(c.at("crashed"), 1);
  EXPECT_EQ(c.at("failed"), 1);
  EXPECT_EQ(c.at("flaky"), 1);
  EXPECT_EQ(c.at("passed"), 13);
  EXPECT_GT(end.at("phases").at("running").get<double>(), 0.0);
}

TEST(Events, ARunThatStopsBeforeItsTestsStillStartsAndFinishesTheStream) {
  Sandbox box;
  const auto events = box.root() / "events.ndjson";
  const auto target = *engine_target(Engine::sqlite);
  const auto r = run_dbtest(box, concat(concat(target.args, target.migration_args),
                                        {"--events", events.string(), "--filter", "NoSuch.Test", "--", suite("hunt_suite")}));
  expect_one_line_error(r, "no test matches");
  const auto lines = event_lines(events);
  expect_schema(lines);
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_EQ(lines[0].at("event"), "run_started");
  EXPECT_EQ(lines[1].at("event"), "run_finished");
  EXPECT_EQ(lines[1].at("exit_status"), 2);
  EXPECT_THAT(lines[1].at("error").get<std::string>(), HasSubstr("no test matches"));
}

TEST(Events, AnUnwritablePathIsAUsageErrorBeforeAnythingIsMade) {
  Sandbox box;
  const auto file = box.root() / "a-file";
  std::ofstream(file) << "not a folder\n";
  const auto r = run_with_faults(box, {"--events", (file / "events.ndjson").string()});
  expect_one_line_error(r, "--events");
  EXPECT_TRUE(box.leftovers().empty());
  const auto t = run_with_faults(box, {"--trace", (file / "trace.json").string()});
  expect_one_line_error(t, "--trace");
  EXPECT_TRUE(box.leftovers().empty());
}

}  // namespace
}  // namespace e2e
