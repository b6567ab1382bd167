// The run history: what ran where, one file per run in the state folder.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <chrono>
#include <limits>

#include "base/errors.hpp"
#include "state/run_history.hpp"
#include "unit_support.hpp"

namespace dbtest::unit {
namespace {

namespace fs = std::filesystem;
using runner::Outcome;
using runner::OutcomeCounts;
using runner::RanTest;
using runner::RunHistory;
using runner::RunRecord;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

RunRecord run(const std::string& id, const std::string& started_at) {
  RunRecord record;
  record.id = id;
  record.started_at = started_at;
  record.binaries = {"build/a_test", "build/b_test"};
  record.backend = "sqlite";
  return record;
}

// Slot 1 ran two processes: the first crashed on Orders.Crash, the second
// started on a fresh clone. Slot 2 ran one.
RunRecord sample_run() {
  RunRecord record = run("0123456789ab", "2024-05-01T09:03:07.250Z");
  record.order = "shuffle";
  record.seed = std::numeric_limits<std::uint64_t>::max();
  record.distribution = "test";
  record.failed_first = true;
  record.record_worker_start(1);
  record.record_worker_start(2);
  record.record_test(1, 0, "Orders.Create", Outcome::passed);
  record.record_test(2, 1, "Stock.Reserve", Outcome::skipped);
  record.record_test(1, 0, "Orders.Count", Outcome::failed);
  record.record_test(1, 0, "Orders.Crash", Outcome::crashed);
  record.record_worker_start(1);
  record.record_test(1, 0, "Orders.Cancel", Outcome::passed);
  record.record_test(2, 1, "Stock.Slow", Outcome::timed_out);
  return record;
}

std::vector<std::string> names(const std::vector<RanTest>& tests) {
  std::vector<std::string> out;
  for (const auto& t : tests) out.push_back(std::to_string(t.binary) + ":" + t.name);
  return out;
}

std::vector<std::string> ids(const std::vector<RunRecord>& records) {
  std::vector<std::string> out;
  for (const auto& r : records) out.push_back(r.id);
  return out;
}

TEST(RunHistory, RecordingStartsAProcessAtEachWorkerStart) {
  const RunRecord record = sample_run();
  ASSERT_EQ(record.slots.size(), 2u);
  EXPECT_EQ(record.slots[0].slot, 1);
  ASSERT_EQ(record.slots[0].processes.size(), 2u);
  EXPECT_THAT(names(record.slots[0].processes[0].tests),
              ElementsAre("0:Orders.Create", "0:Orders.Count", "0:Orders.Crash"));
  EXPECT_THAT(names(record.slots[0].processes[1].tests), ElementsAre("0:Orders.Cancel"));
  EXPECT_EQ(record.slots[1].slot, 2);
  EXPECT_THAT(names(record.slots[1].processes.at(0).tests), ElementsAre("1:Stock.Reserve", "1:Stock.Slow"));
}

TEST(RunHistory, RecordingKeepsSlotsInSlotOrderAndOpensAProcessIfNoneStarted) {
  RunRecord record = run("r", "t");
  record.record_test(3, 0, "C.Third", Outcome::passed);
  record.record_test(1, 0, "A.First", Outcome::passed);
  record.record_worker_start(2);
  ASSERT_EQ(record.slots.size(), 3u);
  EXPECT_EQ(record.slots[0].slot, 1);
  EXPECT_EQ(record.slots[1].slot, 2);
  EXPECT_EQ(record.slots[2].slot, 3);
  EXPECT_THAT(names(record.slots[2].processes.at(0).tests), ElementsAre("0:C.Third"));
  EXPECT_THAT(record.slots[1].processes.at(0).tests, IsEmpty());
}

TEST(RunHistory, SavedRunLoadsBack) {
  TempDir dir;
  const RunHistory history(dir.path());
  history.save(sample_run());
  std::string warning;
  const auto loaded = history.load("0123456789ab", warning);
  ASSERT_TRUE(loaded) << warning;
  EXPECT_EQ(*loaded, sample_run());
  EXPECT_EQ(warning, "");
}

TEST(RunHistory, WritesOneVersionedJsonFilePerRunUnderRuns) {
  TempDir dir;
  RunHistory(dir.path()).save(sample_run());
  const auto json = nlohmann::json::parse(read_file(dir / "runs" / "0123456789ab.json"));
  EXPECT_EQ(json.at("version"), 1);
  EXPECT_EQ(json.at("seed"), "18446744073709551615");  // text: a double would round it
  EXPECT_EQ(json.at("order"), "shuffle");
  EXPECT_EQ(json.at("slots").at(1).at("processes").at(0).at(1).at("outcome"), "timed_out");
  std::size_t files = 0;
  for ([[maybe_unused]] const auto& entry : fs::directory_iterator(dir / "runs")) ++files;
  EXPECT_EQ(files, 1u);  // no temporary file left behind
}

TEST(RunHistory, SavingIntoAFreshStateFolderKeepsItOutOfGit) {
  TempDir dir;
  RunHistory(dir / "state").save(sample_run());
  EXPECT_THAT(read_file(dir / "state" / ".gitignore"), ::testing::EndsWith("\n*\n"));
}

TEST(RunHistory, RunWithoutSeedLoadsBackWithoutOne) {
  TempDir dir;
  const RunHistory history(dir.path());
  history.save(run("plain", "2024-01-01T00:00:00.000Z"));
  std::string warning;
  const auto loaded = history.load("plain", warning);
  ASSERT_TRUE(loaded) << warning;
  EXPECT_EQ(loaded->seed, std::nullopt);
  EXPECT_EQ(loaded->order, "planned");
  EXPECT_FALSE(nlohmann::json::parse(read_file(dir / "runs" / "plain.json")).contains("seed"));
}

TEST(RunHistory, KeepsOnlyTheNewestRunsByStartTime) {
  TempDir dir;
  const RunHistory history(dir.path(), 3);
  // Saved out of time order, with ids that sort neither way.
  history.save(run("c", "2024-05-03T00:00:00.000Z"));
  history.save(run("a", "2024-05-05T00:00:00.000Z"));
  history.save(run("e", "2024-05-01T00:00:00.000Z"));
  history.save(run("b", "2024-05-04T00:00:00.000Z"));
  history.save(run("d", "2024-05-02T00:00:00.000Z"));
  std::vector<std::string> warnings;
  // The run just saved always stays, even if its clock was behind.
  EXPECT_THAT(ids(history.load_all(warnings)), ElementsAre("a", "b", "d"));
  EXPECT_THAT(warnings, IsEmpty());
}

TEST(RunHistory, KeepsTenRunsByDefault) {
  TempDir dir;
  const RunHistory history(dir.path());
  for (int i = 0; i < 13; ++i) {
    const std::string second = (i < 10 ? "0" : "") + std::to_string(i);
    history.save(run("run" + std::to_string(i), "2024-05-01T00:00:" + second + ".000Z"));
  }
  std::vector<std::string> warnings;
  const auto kept = history.load_all(warnings);
  ASSERT_EQ(kept.size(), 10u);
  EXPECT_EQ(kept.front().id, "run12");
  EXPECT_EQ(kept.back().id, "run3");
}

TEST(RunHistory, UnreadableFilesAreTheFirstToGoWhenPruning) {
  TempDir dir;
  const RunHistory history(dir.path(), 2);
  history.save(run("old", "2024-05-01T00:00:00.000Z"));
  write_file(dir / "runs" / "broken.json", "{not json");
  history.save(run("new", "2024-05-02T00:00:00.000Z"));
  EXPECT_FALSE(fs::exists(dir / "runs" / "broken.json"));
  EXPECT_TRUE(fs::exists(dir / "runs" / "old.json"));
  EXPECT_TRUE(fs::exists(dir / "runs" / "new.json"));
}

TEST(RunHistory, LoadsTheRunThatStartedLast) {
  TempDir dir;
  const RunHistory history(dir.path());
  history.save(run("later", "2024-05-02T10:00:00.000Z"));
  history.save(run("earlier", "2024-05-02T09:59:59.999Z"));
  std::vector<std::string> warnings;
  const auto latest = history.load_latest(warnings);
  ASSERT_TRUE(latest);
  EXPECT_EQ(latest->id, "later");
}

TEST(RunHistory, NoFolderMeansNoRunsAndNoWarning) {
  TempDir dir;
  const RunHistory history(dir / "never-written");
  std::vector<std::string> warnings;
  EXPECT_EQ(history.load_latest(warnings), std::nullopt);
  EXPECT_THAT(history.list(warnings), IsEmpty());
  EXPECT_THAT(warnings, IsEmpty());
}

TEST(RunHistory, ListsRunsNewestFirstWithCounts) {
  TempDir dir;
  const RunHistory history(dir.path());
  history.save(sample_run());
  history.save(run("empty", "2024-06-01T00:00:00.000Z"));
  std::vector<std::string> warnings;
  const auto runs = history.list(warnings);
  ASSERT_EQ(runs.size(), 2u);
  EXPECT_EQ(runs[0].id, "empty");
  EXPECT_EQ(runs[0].counts, OutcomeCounts{});
  EXPECT_EQ(runs[1].id, "0123456789ab");
  EXPECT_EQ(runs[1].started_at, "2024-05-01T09:03:07.250Z");
  EXPECT_EQ(runs[1].counts, (OutcomeCounts{2, 1, 1, 1, 1}));
}

TEST(RunHistory, CorruptFileIsAWarningAndIsSkipped) {
  TempDir dir;
  const RunHistory history(dir.path());
  history.save(sample_run());
  write_file(dir / "runs" / "bad.json", R"({"version": 1, "id": "bad", "started_at": )");
  std::vector<std::string> warnings;
  std::vector<runner::RunSummary> runs;
  EXPECT_NO_THROW(runs = history.list(warnings));
  ASSERT_EQ(runs.size(), 1u);
  EXPECT_EQ(runs[0].id, "0123456789ab");
  ASSERT_EQ(warnings.size(), 1u);
  EXPECT_THAT(warnings[0], HasSubstr("bad.json"));
  std::string warning;
  EXPECT_EQ(history.load("bad", warning), std::nullopt);
  EXPECT_THAT(warning, HasSubstr("bad.json"));
}

TEST(RunHistory, FilesOfTheWrongShapeAreWarnings) {
  const std::string header =
      R"("version":1,"id":"x","started_at":"t","binaries":["a"],"backend":"sqlite","distribution":"suite",)";
  const std::string planned = header + R"("order":"planned","failed_first":false)";
  const std::string shuffled = header + R"("order":"shuffle","failed_first":false,"slots":[])";
  const std::string texts[] = {
      "", "[]", "42", "\xff\xfe", "{}", R"({"version": 2})",
      "{" + planned + "}",  // no slots
      "{" + planned + R"(,"slots":{}})",
      "{" + planned + R"(,"slots":[{"slot":1,"processes":[[{"binary":0,"test":"A.B","outcome":"exploded"}]]}]})",
      "{" + planned + R"(,"slots":[{"slot":1,"processes":[[{"binary":3,"test":"A.B","outcome":"passed"}]]}]})",
      "{" + planned + R"(,"slots":[{"slot":1,"processes":[7]}]})",
      "{" + shuffled + R"(,"seed":"-1"})",
      "{" + shuffled + R"(,"seed":12})",
  };
  for (const auto& text : texts) {
    TempDir dir;
    fs::create_directories(dir / "runs");
    write_file(dir / "runs" / "x.json", text);
    std::vector<std::string> warnings;
    EXPECT_THAT(RunHistory(dir.path()).load_all(warnings), IsEmpty()) << text;
    EXPECT_EQ(warnings.size(), 1u) << text;
  }
}

TEST(RunHistory, WellFormedMinimalFileIsRead) {
  TempDir dir;
  fs::create_directories(dir / "runs");
  write_file(dir / "runs" / "x.json",
             R"({"version":1,"id":"x","started_at":"t","binaries":["a"],"backend":"sqlite","distribution":"suite",)"
             R"("order":"shuffle","seed":"12","failed_first":false,"slots":[]})");
  std::vector<std::string> warnings;
  const auto runs = RunHistory(dir.path()).load_all(warnings);
  ASSERT_EQ(runs.size(), 1u);
  EXPECT_EQ(runs[0].seed, 12u);
  EXPECT_THAT(warnings, IsEmpty());
}

TEST(RunHistory, MissingRunIsAWarning) {
  TempDir dir;
  std::string warning;
  EXPECT_EQ(RunHistory(dir.path()).load("nope", warning), std::nullopt);
  EXPECT_THAT(warning, HasSubstr("nope"));
}

TEST(RunHistory, IdThatIsNotAPlainFileNameIsRefused) {
  TempDir dir;
  const RunHistory history(dir / "state");
  EXPECT_THROW(history.save(run("../escape", "t")), UsageError);
  EXPECT_THROW(history.save(run("", "t")), UsageError);
  EXPECT_FALSE(fs::exists(dir / "escape.json"));
  write_file(dir / "outside.json", "{}");
  std::string warning;
  EXPECT_EQ(history.load("../../outside", warning), std::nullopt);
  EXPECT_FALSE(warning.empty());
}

TEST(RunHistory, HalfWrittenFilesAreNotRuns) {
  TempDir dir;
  const RunHistory history(dir.path());
  history.save(sample_run());
  write_file(dir / "runs" / "other.json.tmp-12345", "{");
  std::vector<std::string> warnings;
  EXPECT_EQ(history.load_all(warnings).size(), 1u);
  EXPECT_THAT(warnings, IsEmpty());
}

TEST(RunHistory, UtcTimestampIsIso8601WithMilliseconds) {
  using namespace std::chrono;
  EXPECT_EQ(runner::utc_timestamp(system_clock::time_point{}), "1970-01-01T00:00:00.000Z");
  const auto when =
      sys_days{year{2024} / May / 1} + hours{9} + minutes{3} + seconds{7} + milliseconds{250} + microseconds{999};
  EXPECT_EQ(runner::utc_timestamp(when), "2024-05-01T09:03:07.250Z");
  const auto late = sys_days{year{2031} / December / 31} + hours{23} + minutes{59} + seconds{59} + milliseconds{999};
  EXPECT_EQ(runner::utc_timestamp(late), "2031-12-31T23:59:59.999Z");
}

TEST(RunHistory, TestsBeforeAreThoseOfTheSameWorkerProcessInOrder) {
  const RunRecord record = sample_run();
  const auto before = runner::tests_before(record, 0, "Orders.Crash");
  ASSERT_TRUE(before);
  EXPECT_THAT(names(*before), ElementsAre("0:Orders.Create", "0:Orders.Count"));
  EXPECT_EQ(before->at(1).outcome, Outcome::failed);
  // After a crash the slot starts over on a fresh clone: nothing came before.
  EXPECT_THAT(runner::tests_before(record, 0, "Orders.Cancel").value(), IsEmpty());
  // Other slots never shared the clone.
  EXPECT_THAT(names(runner::tests_before(record, 1, "Stock.Slow").value()), ElementsAre("1:Stock.Reserve"));
}

TEST(RunHistory, TestsBeforeIsNothingForATestThatDidNotRun) {
  const RunRecord record = sample_run();
  EXPECT_EQ(runner::tests_before(record, 0, "Orders.Missing"), std::nullopt);
  EXPECT_EQ(runner::tests_before(record, 1, "Orders.Crash"), std::nullopt);  // same name, other binary
}

TEST(RunHistory, TestsBeforeTakesTheRunOfTheTestThatFailed) {
  RunRecord record = run("r", "t");
  record.record_worker_start(1);
  record.record_test(1, 0, "A.Flaky", Outcome::passed);
  record.record_worker_start(2);
  record.record_test(2, 0, "B.Polluter", Outcome::passed);
  record.record_test(2, 0, "A.Flaky", Outcome::failed);
  EXPECT_THAT(names(runner::tests_before(record, 0, "A.Flaky").value()), ElementsAre("0:B.Polluter"));
}

TEST(RunHistory, FailedTestsAreFailuresCrashesAndTimeoutsInRunOrder) {
  EXPECT_THAT(names(runner::failed_tests(sample_run())),
              ElementsAre("0:Orders.Count", "0:Orders.Crash", "1:Stock.Slow"));
  EXPECT_THAT(runner::failed_tests(run("r", "t")), IsEmpty());
}

TEST(RunHistory, LatestRunWhereFailedMatchesTheBinaryByKey) {
  RunRecord oldest = run("oldest", "2024-05-01T00:00:00.000Z");
  oldest.record_test(1, 1, "Stock.Slow", Outcome::failed);
  RunRecord middle = run("middle", "2024-05-02T00:00:00.000Z");
  middle.binaries = {"build/b_test"};  // b is binary 0 here
  middle.record_test(1, 0, "Stock.Slow", Outcome::crashed);
  RunRecord newest = run("newest", "2024-05-03T00:00:00.000Z");
  newest.record_test(1, 1, "Stock.Slow", Outcome::passed);
  newest.record_test(1, 0, "Stock.Slow", Outcome::failed);  // the same name in build/a_test
  const std::vector<RunRecord> history = {oldest, newest, middle};
  const RunRecord* found = runner::latest_run_where_failed(history, "build/b_test", "Stock.Slow");
  ASSERT_NE(found, nullptr);
  EXPECT_EQ(found->id, "middle");
  EXPECT_EQ(runner::latest_run_where_failed(history, "build/a_test", "Stock.Slow")->id, "newest");
  EXPECT_EQ(runner::latest_run_where_failed(history, "build/b_test", "Stock.Fast"), nullptr);
  EXPECT_EQ(runner::latest_run_where_failed(history, "build/c_test", "Stock.Slow"), nullptr);
  EXPECT_EQ(runner::latest_run_where_failed({}, "build/b_test", "Stock.Slow"), nullptr);
}

}  // namespace
}  // namespace dbtest::unit
