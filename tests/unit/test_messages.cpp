// The JSON messages of the result channel.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <string>

#include "protocol/frame.hpp"
#include "protocol/messages.hpp"
#include "unit_support.hpp"

namespace dbtest::protocol {
// Field-wise equality, for the round trips below.
bool operator==(const Failure& a, const Failure& b) { return a.file == b.file && a.line == b.line && a.message == b.message; }
bool operator==(const Output& a, const Output& b) { return a.text == b.text && a.cut_bytes == b.cut_bytes; }
}  // namespace dbtest::protocol

namespace dbtest::unit {
namespace {

using namespace protocol;

template <class T>
T worker_round_trip(const T& message) {
  const WorkerMessage decoded = decode_worker_message(encode(WorkerMessage{message}));
  EXPECT_TRUE(std::holds_alternative<T>(decoded)) << "decoded as alternative " << decoded.index();
  return std::holds_alternative<T>(decoded) ? std::get<T>(decoded) : T{};
}

template <class T>
T master_round_trip(const T& message) {
  const MasterMessage decoded = decode_master_message(encode(MasterMessage{message}));
  EXPECT_TRUE(std::holds_alternative<T>(decoded)) << "decoded as alternative " << decoded.index();
  return std::holds_alternative<T>(decoded) ? std::get<T>(decoded) : T{};
}

TEST(Messages, InitRoundTrips) {
  const Init in{{{"dbtest.migrations.count", "10"}, {"tenant", "ä b=c"}}, true};
  const Init out = master_round_trip(in);
  EXPECT_EQ(out.signals, in.signals);
  EXPECT_TRUE(out.run_disabled);
  EXPECT_TRUE(master_round_trip(Init{}).signals.empty());
}

TEST(Messages, RunBatchRoundTrips) {
  const RunBatch in{(std::uint64_t{1} << 40) + 7, {"Orders.Creates", "Nums/Param.Positive/0", "Typed/0.Works"}};
  const RunBatch out = master_round_trip(in);
  EXPECT_EQ(out.batch, in.batch);
  EXPECT_EQ(out.tests, in.tests);
  EXPECT_TRUE(master_round_trip(RunBatch{3, {}}).tests.empty());
}

TEST(Messages, ShutdownRoundTrips) { master_round_trip(Shutdown{}); }

TEST(Messages, HelloRoundTrips) {
  const Hello out = worker_round_trip(Hello{kVersion, 4242424242LL, 0.125});
  EXPECT_EQ(out.version, kVersion);
  EXPECT_EQ(out.pid, 4242424242LL);
  EXPECT_DOUBLE_EQ(out.setup_seconds, 0.125);
}

TEST(Messages, TestStartedRoundTrips) {
  const TestStarted out = worker_round_trip(TestStarted{17, "Orders.CreatesOrder"});
  EXPECT_EQ(out.batch, 17u);
  EXPECT_EQ(out.name, "Orders.CreatesOrder");
}

TEST(Messages, TestFinishedRoundTripsWithEveryStatus) {
  for (const auto status : {TestStatus::passed, TestStatus::failed, TestStatus::skipped}) {
    const TestFinished in{5, "S.T", status, 1.5,
                          {{"s_test.cpp", 12, "Expected: 1\n  Actual: 2"}, {"", 0, "no location"}},
                          {"line one\nline \"two\"\t\\\n", 12345}};
    const TestFinished out = worker_round_trip(in);
    EXPECT_EQ(out.batch, 5u);
    EXPECT_EQ(out.name, "S.T");
    EXPECT_EQ(out.status, status);
    EXPECT_DOUBLE_EQ(out.seconds, 1.5);
    EXPECT_EQ(out.failures, in.failures);
    EXPECT_EQ(out.output, in.output);
  }
}

TEST(Messages, SuiteErrorRoundTrips) {
  const SuiteError in{9, "Orders", {{"orders_test.cpp", 3, "SetUpTestSuite threw"}}, {"setup\n", 0}};
  const SuiteError out = worker_round_trip(in);
  EXPECT_EQ(out.batch, 9u);
  EXPECT_EQ(out.suite, "Orders");
  EXPECT_EQ(out.failures, in.failures);
  EXPECT_EQ(out.output, in.output);
}

TEST(Messages, PublishedRoundTrips) {
  const Published out = worker_round_trip(Published{"orders.count", "12"});
  EXPECT_EQ(out.key, "orders.count");
  EXPECT_EQ(out.value, "12");
}

TEST(Messages, BatchDoneRoundTrips) { EXPECT_EQ(worker_round_trip(BatchDone{77}).batch, 77u); }

TEST(Messages, WorkerFatalRoundTrips) {
  EXPECT_EQ(worker_round_trip(WorkerFatal{"cannot open the clone"}).message, "cannot open the clone");
}

TEST(Messages, FreshDatabaseRoundTrips) {
  Init init{};
  init.fresh_database_per_test = true;
  EXPECT_TRUE(master_round_trip(init).fresh_database_per_test);
  EXPECT_FALSE(master_round_trip(Init{}).fresh_database_per_test);
  worker_round_trip(DatabaseWanted{});
  const FreshDatabase out = master_round_trip(
      FreshDatabase{"sqlite:file:dbtest_r_3_9?mode=memory&cache=shared", {{"DBTEST_SQLITE_SOURCE", "/t/template.db"}}});
  EXPECT_EQ(out.database_url, "sqlite:file:dbtest_r_3_9?mode=memory&cache=shared");
  EXPECT_EQ(out.environment.at("DBTEST_SQLITE_SOURCE"), "/t/template.db");
  EXPECT_TRUE(out.error.empty());
  EXPECT_EQ(master_round_trip(FreshDatabase{"", {}, "the server is gone"}).error, "the server is gone");
}

TEST(Messages, ControlCharactersAndNulSurviveARoundTrip) {
  const std::string text = bytes("a\0b\x01\x1b[2J\x7f\r\n");
  const TestFinished out = worker_round_trip(TestFinished{1, "S.T", TestStatus::passed, 0, {}, {text, 0}});
  EXPECT_EQ(out.output.text, text);
}

TEST(Messages, ValidUtf8IsKeptAsItIs) {
  const std::string text = "Grüße, 日本, \xF0\x9F\x98\x80";
  EXPECT_EQ(worker_round_trip(Published{"k", text}).value, text);
}

TEST(Messages, InvalidUtf8InOutputIsReplacedNotThrown) {
  const std::string text = "ok \xff\xfe then \xc3 cut";
  std::string encoded;
  ASSERT_NO_THROW(encoded = encode(WorkerMessage{TestFinished{1, "S.T", TestStatus::failed, 0,
                                                                {{"f.cpp", 1, "bad \x80 byte"}}, {text, 0}}}));
  const auto decoded = std::get<TestFinished>(decode_worker_message(encoded));
  const std::string replacement = "\xEF\xBF\xBD";  // U+FFFD
  EXPECT_NE(decoded.output.text.find("ok "), std::string::npos);
  EXPECT_NE(decoded.output.text.find(replacement), std::string::npos);
  EXPECT_NE(decoded.output.text.find(" then "), std::string::npos);
  EXPECT_EQ(decoded.output.text.find('\xff'), std::string::npos);
  EXPECT_NE(decoded.failures.at(0).message.find(replacement), std::string::npos);
  // The result is valid JSON, so a strict parser reads it too.
  EXPECT_FALSE(nlohmann::json::parse(encoded, nullptr, false).is_discarded());
}

TEST(Messages, InvalidUtf8InAMasterMessageIsReplacedNotThrown) {
  std::string encoded;
  ASSERT_NO_THROW(encoded = encode(MasterMessage{Init{{{"key", "v\xff"}}, false}}));
  EXPECT_NE(std::get<Init>(decode_master_message(encoded)).signals.at("key").find("\xEF\xBF\xBD"), std::string::npos);
}

TEST(Messages, WireTypesAreStable) {
  // Older and newer peers agree on these names; changing one bumps kVersion.
  const auto type_of = [](const std::string& json) { return nlohmann::json::parse(json).at("type").get<std::string>(); };
  EXPECT_EQ(type_of(encode(MasterMessage{Init{}})), "init");
  EXPECT_EQ(type_of(encode(MasterMessage{RunBatch{}})), "run");
  EXPECT_EQ(type_of(encode(MasterMessage{Shutdown{}})), "shutdown");
  EXPECT_EQ(type_of(encode(WorkerMessage{Hello{}})), "hello");
  EXPECT_EQ(type_of(encode(WorkerMessage{TestStarted{}})), "test_started");
  EXPECT_EQ(type_of(encode(WorkerMessage{TestFinished{}})), "test_finished");
  EXPECT_EQ(type_of(encode(WorkerMessage{SuiteError{}})), "suite_error");
  EXPECT_EQ(type_of(encode(WorkerMessage{Published{}})), "publish");
  EXPECT_EQ(type_of(encode(WorkerMessage{BatchDone{}})), "batch_done");
  EXPECT_EQ(type_of(encode(WorkerMessage{WorkerFatal{}})), "fatal");
  EXPECT_EQ(type_of(encode(WorkerMessage{DatabaseWanted{}})), "database_wanted");
  EXPECT_EQ(type_of(encode(MasterMessage{FreshDatabase{}})), "fresh_database");
}

TEST(Messages, UnknownTypeIsAFrameError) {
  EXPECT_THROW(decode_worker_message(R"({"type":"bogus"})"), FrameError);
  EXPECT_THROW(decode_master_message(R"({"type":"bogus"})"), FrameError);
  // A message of the other direction is unknown, too.
  EXPECT_THROW(decode_master_message(encode(WorkerMessage{Hello{}})), FrameError);
  EXPECT_THROW(decode_worker_message(encode(MasterMessage{Shutdown{}})), FrameError);
}

TEST(Messages, MissingFieldIsAFrameError) {
  EXPECT_THROW(decode_worker_message(R"({"type":"test_started","batch":1})"), FrameError);
  EXPECT_THROW(decode_worker_message(R"({"type":"batch_done"})"), FrameError);
  EXPECT_THROW(decode_master_message(R"({"type":"run","batch":1})"), FrameError);
  EXPECT_THROW(decode_worker_message(
                   R"({"type":"test_finished","batch":1,"name":"S.T","status":"passed","seconds":0,"failures":[{"file":"f"}],"output":{"text":"","cut_bytes":0}})"),
               FrameError);
}

TEST(Messages, MistypedFieldIsAFrameError) {
  EXPECT_THROW(decode_worker_message(R"({"type":"batch_done","batch":"one"})"), FrameError);
  EXPECT_THROW(decode_worker_message(R"({"type":"hello","version":1,"pid":"x","setup_seconds":0})"), FrameError);
}

TEST(Messages, UnknownStatusIsAFrameError) {
  EXPECT_THROW(decode_worker_message(
                   R"({"type":"test_finished","batch":1,"name":"S.T","status":"maybe","seconds":0,"failures":[],"output":{"text":"","cut_bytes":0}})"),
               FrameError);
}

TEST(Messages, PayloadThatIsNotAJsonObjectIsAFrameError) {
  EXPECT_THROW(decode_worker_message(""), FrameError);
  EXPECT_THROW(decode_worker_message("{not json"), FrameError);
  EXPECT_THROW(decode_worker_message("[1,2]"), FrameError);
  EXPECT_THROW(decode_worker_message(R"({"no_type":1})"), FrameError);
  EXPECT_THROW(decode_worker_message(R"({"type":5})"), FrameError);
}

TEST(Messages, StatusNames) {
  EXPECT_EQ(to_string(TestStatus::passed), "passed");
  EXPECT_EQ(to_string(TestStatus::failed), "failed");
  EXPECT_EQ(to_string(TestStatus::skipped), "skipped");
}

}  // namespace
}  // namespace dbtest::unit
