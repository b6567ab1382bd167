// The command line.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <initializer_list>
#include <map>
#include <string>
#include <vector>

#include "base/errors.hpp"
#include "cli/options.hpp"

namespace dbtest::unit {
namespace {

using runner::Distribution;
using runner::Options;
using runner::parse_command_line;
using runner::parse_parallel;
using runner::ParsedCommandLine;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

using Environment = std::map<std::string, std::string>;

ParsedCommandLine parse(std::vector<const char*> args, const Environment& env = {}) {
  args.insert(args.begin(), "dbtest");
  return parse_command_line(static_cast<int>(args.size()), args.data(), env);
}

Options options(std::vector<const char*> args, const Environment& env = {}) {
  auto parsed = parse(std::move(args), env);
  if (!parsed.options) throw std::runtime_error("no options: help was printed");
  return *parsed.options;
}

// Keeps what CLI11 prints (help on some errors) out of the test log.
class StdoutCapture {
 public:
  StdoutCapture() { ::testing::internal::CaptureStdout(); }
  ~StdoutCapture() { ::testing::internal::GetCapturedStdout(); }
};

std::string usage_error_of(std::vector<const char*> args, const Environment& env = {}) {
  StdoutCapture capture;
  try {
    parse(std::move(args), env);
  } catch (const UsageError& e) {
    return e.what();
  }
  ADD_FAILURE() << "accepted";
  return {};
}

TEST(Options, BinariesFollowTheDoubleDash) {
  const Options o = options({"--", "build/orders_test", "build/customers_test"});
  EXPECT_THAT(o.binaries, ElementsAre("build/orders_test", "build/customers_test"));
}

TEST(Options, BinaryNamesThatLookLikeOptionsAfterTheDoubleDash) {
  const Options o = options({"-j", "2", "--", "-weird-name"});
  EXPECT_THAT(o.binaries, ElementsAre("-weird-name"));
  EXPECT_EQ(o.parallel, 2);
}

TEST(Options, TestBinaryOptionNamesBinaries) {
  EXPECT_THAT(options({"--test-binary", "a_test", "--test-binary", "b_test"}).binaries, ElementsAre("a_test", "b_test"));
}

TEST(Options, Defaults) {
  const Options o = options({"--", "t"});
  EXPECT_FALSE(o.parallel);
  EXPECT_EQ(o.dist, Distribution::suite);
  EXPECT_FALSE(o.backend);
  EXPECT_FALSE(o.database_url);
  EXPECT_EQ(o.sqlite_mode, "memory");
  EXPECT_FALSE(o.migrations);
  EXPECT_FALSE(o.migrate_cmd);
  EXPECT_EQ(o.filter, "");
  EXPECT_FALSE(o.list_only);
  EXPECT_FALSE(o.run_disabled);
  EXPECT_FALSE(o.failfast);
  EXPECT_FALSE(o.timeout_seconds);
  EXPECT_EQ(o.list_timeout_seconds, 60);
  EXPECT_FALSE(o.run_timeout_seconds);
  EXPECT_TRUE(o.signals.empty());
  EXPECT_FALSE(o.verbose);
  EXPECT_EQ(o.durations, 0);
  EXPECT_FALSE(o.junit_xml);
  EXPECT_EQ(o.state_dir, ".dbtest");
  EXPECT_EQ(o.output_limit, 1u << 20);
  EXPECT_FALSE(o.max_worker_restarts);
}

TEST(Options, ReadsEveryOption) {
  const Options o = options({"-j", "4", "--dist", "test", "--backend", "sqlite", "--database-url", "sqlite:x.db",
                             "--sqlite-mode", "file", "--migrations", "db/migrations", "--filter", "Orders.*-*Slow*",
                             "--list", "--run-disabled", "-x", "--timeout", "2.5", "--expect-signal", "k", "-v",
                             "--durations", "5", "--junit-xml", "out/report.xml", "--state-dir", "/tmp/state",
                             "--output-limit", "4096", "--max-worker-restarts", "0", "--", "t"});
  EXPECT_EQ(o.parallel, 4);
  EXPECT_EQ(o.dist, Distribution::test);
  EXPECT_EQ(o.backend, "sqlite");
  EXPECT_EQ(o.database_url, "sqlite:x.db");
  EXPECT_EQ(o.sqlite_mode, "file");
  EXPECT_EQ(o.migrations, "db/migrations");
  EXPECT_EQ(o.filter, "Orders.*-*Slow*");
  EXPECT_TRUE(o.list_only);
  EXPECT_TRUE(o.run_disabled);
  EXPECT_TRUE(o.failfast);
  EXPECT_EQ(o.timeout_seconds, 2.5);
  EXPECT_THAT(o.expected_signals, ElementsAre("k"));
  EXPECT_TRUE(o.verbose);
  EXPECT_EQ(o.durations, 5);
  EXPECT_EQ(o.junit_xml, "out/report.xml");
  EXPECT_EQ(o.state_dir, "/tmp/state");
  EXPECT_EQ(o.output_limit, 4096u);
  EXPECT_EQ(o.max_worker_restarts, 0);
  EXPECT_THAT(o.binaries, ElementsAre("t"));
}

TEST(Options, EventsAndTraceTakeAPathEach) {
  const Options o = options({"--events", "out/events.ndjson", "--trace", "out/trace.json", "--", "t"});
  EXPECT_EQ(o.events, "out/events.ndjson");
  EXPECT_EQ(o.trace, "out/trace.json");
  EXPECT_FALSE(options({"--", "t"}).events);
  EXPECT_FALSE(options({"--", "t"}).trace);
  EXPECT_THAT(usage_error_of({"--events", "", "--", "t"}), HasSubstr("--events needs a value"));
  EXPECT_THAT(usage_error_of({"--trace", "", "--", "t"}), HasSubstr("--trace needs a value"));
  EXPECT_THAT(usage_error_of({"--events", "run.out", "--trace", "run.out", "--", "t"}),
              HasSubstr("two different files"));
}

TEST(Options, ParallelTakesAWholeNumber) {
  EXPECT_EQ(options({"--parallel", "3", "--", "t"}).parallel, 3);
  EXPECT_EQ(options({"--parallel=12", "--", "t"}).parallel, 12);
  EXPECT_EQ(options({"-j", "1", "--", "t"}).parallel, 1);
}

TEST(Options, ParallelAutoMeansUsableCpus) {
  EXPECT_FALSE(options({"--parallel", "auto", "--", "t"}).parallel);
}

TEST(Options, RejectsParallelThatIsNotAPositiveWholeNumber) {
  for (const char* bad : {"0", "abc", "1.5", " 2", "2x", "auto2", "1000000"}) {
    EXPECT_THAT(usage_error_of({"--parallel", bad, "--", "t"}), HasSubstr("--parallel")) << "'" << bad << "'";
  }
  EXPECT_NO_THROW(usage_error_of({"--parallel", "-3", "--", "t"}));  // a UsageError either way
  EXPECT_THAT(usage_error_of({"--parallel=-3", "--", "t"}), HasSubstr("--parallel"));
}

TEST(Options, ParseParallel) {
  EXPECT_EQ(parse_parallel("1", "x"), 1);
  EXPECT_EQ(parse_parallel("64", "x"), 64);
  EXPECT_EQ(parse_parallel("auto", "x"), std::nullopt);
  for (const char* bad : {"0", "-3", "abc", "1.5", "", "+2", "9999999999999"}) {
    EXPECT_THROW(parse_parallel(bad, "x"), UsageError) << "'" << bad << "'";
  }
  try {
    parse_parallel("zero", "SOURCE");
    FAIL();
  } catch (const UsageError& e) {
    EXPECT_THAT(e.what(), HasSubstr("SOURCE"));
    EXPECT_THAT(e.what(), HasSubstr("'zero'"));
  }
}

TEST(Options, ParallelFromTheEnvironmentWhenNoFlag) {
  EXPECT_EQ(options({"--", "t"}, {{"DBTEST_PARALLEL", "5"}}).parallel, 5);
  EXPECT_FALSE(options({"--", "t"}, {{"DBTEST_PARALLEL", "auto"}}).parallel);
  EXPECT_FALSE(options({"--", "t"}, {{"DBTEST_PARALLEL", ""}}).parallel);  // set but empty: as if unset
  EXPECT_FALSE(options({"--", "t"}, {{"OTHER", "5"}}).parallel);
}

TEST(Options, ParallelFlagWinsOverTheEnvironment) {
  EXPECT_EQ(options({"-j", "2", "--", "t"}, {{"DBTEST_PARALLEL", "5"}}).parallel, 2);
  EXPECT_FALSE(options({"-j", "auto", "--", "t"}, {{"DBTEST_PARALLEL", "5"}}).parallel);
  // The flag wins even over a bad variable.
  EXPECT_EQ(options({"-j", "2", "--", "t"}, {{"DBTEST_PARALLEL", "lots"}}).parallel, 2);
}

TEST(Options, BadParallelInTheEnvironmentNamesTheVariable) {
  EXPECT_THAT(usage_error_of({"--", "t"}, {{"DBTEST_PARALLEL", "0"}}), HasSubstr("DBTEST_PARALLEL"));
}

TEST(Options, UnknownOptionIsAUsageError) {
  EXPECT_THAT(usage_error_of({"--frobnicate", "--", "t"}), HasSubstr("--frobnicate"));
}

TEST(Options, NoBinaryIsAUsageError) {
  EXPECT_THAT(usage_error_of({}), HasSubstr("no test binary"));
  EXPECT_THAT(usage_error_of({"-j", "2"}), HasSubstr("no test binary"));
  EXPECT_THAT(usage_error_of({"--"}), HasSubstr("no test binary"));
}

TEST(Options, SignalsAreKeyValuePairs) {
  const Options o = options({"--signal", "tenant=acme", "--signal", "url=a=b", "--signal", "empty=", "--", "t"});
  EXPECT_EQ(o.signals, (std::map<std::string, std::string>{{"empty", ""}, {"tenant", "acme"}, {"url", "a=b"}}));
}

TEST(Options, LaterSignalOfTheSameKeyWins) {
  EXPECT_EQ(options({"--signal", "k=1", "--signal", "k=2", "--", "t"}).signals.at("k"), "2");
}

TEST(Options, RejectsSignalsWithoutKeyOrValue) {
  EXPECT_THAT(usage_error_of({"--signal", "novalue", "--", "t"}), HasSubstr("novalue"));
  EXPECT_THAT(usage_error_of({"--signal", "=value", "--", "t"}), HasSubstr("KEY=VALUE"));
}

TEST(Options, MigrationsAndMigrateCommandExcludeEachOther) {
  EXPECT_THAT(usage_error_of({"--migrations", "db", "--migrate-cmd", "make migrate", "--", "t"}),
              HasSubstr("exclude each other"));
  EXPECT_EQ(options({"--migrate-cmd", "make migrate", "--", "t"}).migrate_cmd, "make migrate");
}

TEST(Options, RepeatableOptionsTakeOneValueEach) {
  // A value after --signal KEY=VALUE is a binary, not a second signal.
  const Options o = options({"--signal", "k=v", "t", "--expect-signal", "ready", "u"});
  EXPECT_THAT(o.binaries, ElementsAre("t", "u"));
  EXPECT_EQ(o.signals.size(), 1u);
  EXPECT_THAT(o.expected_signals, ElementsAre("ready"));
}

TEST(Options, OutputLimitRange) {
  EXPECT_EQ(options({"--output-limit", "1024", "--", "t"}).output_limit, 1024u);
  EXPECT_EQ(options({"--output-limit", "8388608", "--", "t"}).output_limit, 8u << 20);
  usage_error_of({"--output-limit", "1023", "--", "t"});
  usage_error_of({"--output-limit", "8388609", "--", "t"});
}

TEST(Options, ListTimeoutTakesFractionsOfASecond) {
  EXPECT_EQ(options({"--list-timeout", "0.25", "--", "t"}).list_timeout_seconds, 0.25);
}

TEST(Options, RunTimeoutBoundsTheWholeRun) {
  EXPECT_EQ(options({"--run-timeout", "90", "--", "t"}).run_timeout_seconds, 90);
}

TEST(Options, RejectsValuesOutsideTheirChoices) {
  usage_error_of({"--dist", "random", "--", "t"});
  usage_error_of({"--sqlite-mode", "disk", "--", "t"});
  usage_error_of({"--timeout", "0", "--", "t"});
  usage_error_of({"--timeout", "-1", "--", "t"});
  usage_error_of({"--list-timeout", "0", "--", "t"});
  usage_error_of({"--run-timeout", "0", "--", "t"});
  usage_error_of({"--output-limit", "10", "--", "t"});
  usage_error_of({"--durations", "-2", "--", "t"});
  usage_error_of({"--max-worker-restarts", "-1", "--", "t"});
}

TEST(Options, UsageErrorsPointAtHelp) {
  EXPECT_THAT(usage_error_of({"--frobnicate", "--", "t"}), HasSubstr("dbtest --help"));
}

TEST(Options, HelpPrintsAndReturnsNoOptions) {
  ::testing::internal::CaptureStdout();
  const auto parsed = parse({"--help"});
  const std::string printed = ::testing::internal::GetCapturedStdout();
  EXPECT_FALSE(parsed.options);
  EXPECT_THAT(printed, HasSubstr("--parallel"));
  EXPECT_THAT(printed, HasSubstr("Exit status"));
}

TEST(Options, VersionPrintsAndReturnsNoOptions) {
  ::testing::internal::CaptureStdout();
  const auto parsed = parse({"--version"});
  const std::string printed = ::testing::internal::GetCapturedStdout();
  EXPECT_FALSE(parsed.options);
  EXPECT_THAT(printed, HasSubstr("dbtest 0.1.0"));
}

TEST(Options, TestBinaryOptionAndDoubleDashNamesAddUp) {
  const auto o = options({"--test-binary", "a", "--", "b"});
  ASSERT_EQ(o.binaries.size(), 2u);
  EXPECT_EQ(o.binaries[0], "a");
  EXPECT_EQ(o.binaries[1], "b");
}

TEST(Options, EmptyValuesAreRejectedRatherThanIgnored) {
  EXPECT_THAT(usage_error_of({"--parallel", "", "--", "t"}), HasSubstr("--parallel"));
  EXPECT_THAT(usage_error_of({"--migrations", "", "--", "t"}), HasSubstr("--migrations"));
  EXPECT_THAT(usage_error_of({"--junit-xml", "", "--", "t"}), HasSubstr("--junit-xml"));
}

}  // namespace
}  // namespace dbtest::unit

namespace dbtest::unit {
namespace {

TEST(HuntOptions, ShuffleTakesAnOptionalSeed) {
  EXPECT_FALSE(options({"--", "t"}).shuffle);
  EXPECT_EQ(options({"--shuffle", "--", "t"}).shuffle, "");
  EXPECT_EQ(options({"--shuffle=42", "--", "t"}).shuffle, "42");
}

TEST(HuntOptions, SequenceIsSplitAtColons) {
  EXPECT_THAT(options({"--sequence", "A.a:B.b:C.c", "--", "t"}).sequence, ElementsAre("A.a", "B.b", "C.c"));
  EXPECT_THAT(usage_error_of({"--sequence", "A.a::B.b", "--", "t"}), HasSubstr("test names separated by ':'"));
}

TEST(HuntOptions, ReplayTakesARunAndAWorker) {
  const auto replay = options({"--replay", "3f2a1b4c5d6e:2", "--", "t"}).replay;
  ASSERT_TRUE(replay);
  EXPECT_EQ(replay->first, "3f2a1b4c5d6e");
  EXPECT_EQ(replay->second, 2);
  EXPECT_EQ(options({"--replay", "last:1", "--", "t"}).replay->first, "last");
  for (const char* bad : {"3f2a", "3f2a:", ":1", "3f2a:0", "3f2a:x"}) {
    EXPECT_THAT(usage_error_of({"--replay", bad, "--", "t"}), HasSubstr("--replay takes RUN:WORKER")) << bad;
  }
}

TEST(HuntOptions, WaysOfChoosingTheOrderExcludeEachOther) {
  EXPECT_THAT(usage_error_of({"--reverse", "--shuffle", "--", "t"}), HasSubstr("exclude each other"));
  EXPECT_THAT(usage_error_of({"--bisect", "A.a", "--pair", "A.a", "--", "t"}), HasSubstr("exclude each other"));
  EXPECT_THAT(usage_error_of({"--bisect", "A.a", "--shuffle", "--", "t"}), HasSubstr("choose the order themselves"));
  EXPECT_THAT(usage_error_of({"--last-failed", "--failed-first", "--", "t"}), HasSubstr("exclude each other"));
}

TEST(HuntOptions, RepeatAndRetriesAreCounts) {
  const auto o = options({"--repeat", "3", "--retries", "2", "--", "t"});
  EXPECT_EQ(o.repeat, 3);
  EXPECT_EQ(o.retries, 2);
  usage_error_of({"--repeat", "0", "--", "t"});
  usage_error_of({"--retries", "-1", "--", "t"});
}

TEST(Options, KeepTemplatesIsAWholeNumberOfAtLeastOne) {
  EXPECT_EQ(options({"--", "t"}).keep_templates, 3);
  EXPECT_FALSE(options({"--keepdb", "--", "t"}).keep_pool);
  EXPECT_EQ(options({"--keepdb", "--keep-pool", "0", "--", "t"}).keep_pool, 0);
  EXPECT_THAT(usage_error_of({"--keep-pool", "-1", "--", "t"}), HasSubstr("--keep-pool"));
  EXPECT_EQ(options({"--keepdb", "--keep-templates", "1", "--", "t"}).keep_templates, 1);
  EXPECT_EQ(usage_error_of({"--keep-templates", "0", "--", "t"}),
            "--keep-templates must be a whole number of at least 1, not '0'");
  EXPECT_THAT(usage_error_of({"--keep-templates", "two", "--", "t"}), HasSubstr("not 'two'"));
}

TEST(Options, TestDbNameIsCheckedBeforeAnythingConnects) {
  EXPECT_THAT(usage_error_of({"--test-db-name", "x'; DROP DATABASE app; --", "--", "t"}),
              HasSubstr("may only hold letters, digits"));
  EXPECT_THAT(usage_error_of({"--test-db-name", "", "--", "t"}), HasSubstr("needs a value"));
}

// --- GoogleTest's variables in dbtest's environment --------------------------

std::vector<std::string> notes_of(std::vector<const char*> args, const Environment& env) {
  return parse(std::move(args), env).notes;
}

TEST(GtestEnvironment, FilterIsAppliedAsDashDashFilterWithANote) {
  const Environment env{{"GTEST_FILTER", "Orders.*-Orders.Slow"}};
  EXPECT_EQ(options({"--", "t"}, env).filter, "Orders.*-Orders.Slow");
  EXPECT_THAT(notes_of({"--", "t"}, env),
              ElementsAre("GTEST_FILTER=Orders.*-Orders.Slow is applied as --filter Orders.*-Orders.Slow"));
}

TEST(GtestEnvironment, FilterGivenBothWaysMustAgree) {
  const Environment env{{"GTEST_FILTER", "Orders.*"}};
  EXPECT_EQ(options({"--filter", "Orders.*", "--", "t"}, env).filter, "Orders.*");
  EXPECT_THAT(usage_error_of({"--filter", "Customers.*", "--", "t"}, env),
              HasSubstr("GTEST_FILTER=Orders.* and --filter Customers.* disagree: unset GTEST_FILTER"));
}

TEST(GtestEnvironment, AnEmptyVariableIsAsIfUnset) {
  const auto parsed = parse({"--", "t"}, {{"GTEST_FILTER", ""}, {"GTEST_REPEAT", ""}, {"GTEST_SHUFFLE", ""}});
  EXPECT_EQ(parsed.options->filter, "");
  EXPECT_EQ(parsed.options->repeat, 1);
  EXPECT_FALSE(parsed.options->shuffle);
  EXPECT_THAT(parsed.notes, ::testing::IsEmpty());
}

TEST(GtestEnvironment, RepeatIsAppliedAsDashDashRepeat) {
  const Environment env{{"GTEST_REPEAT", "3"}};
  EXPECT_EQ(options({"--", "t"}, env).repeat, 3);
  EXPECT_THAT(notes_of({"--", "t"}, env), ElementsAre("GTEST_REPEAT=3 is applied as --repeat 3"));
  EXPECT_EQ(options({"--repeat", "3", "--", "t"}, env).repeat, 3);
  EXPECT_THAT(usage_error_of({"--repeat", "2", "--", "t"}, env), HasSubstr("disagree: unset GTEST_REPEAT"));
}

TEST(GtestEnvironment, RepeatForeverOrNeverOrNoNumberIsRefused) {
  for (const char* bad : {"-1", "0", "many", "1.5", "100001", "99999999999"}) {
    EXPECT_EQ(usage_error_of({"--", "t"}, {{"GTEST_REPEAT", bad}}),
              std::string("GTEST_REPEAT=") + bad +
                  " cannot be applied: dbtest's --repeat takes a count from 1 to 100000 (unset GTEST_REPEAT)");
  }
}

TEST(GtestEnvironment, ShuffleIsAppliedAsDashDashShuffleWithTheSeed) {
  EXPECT_EQ(options({"--", "t"}, {{"GTEST_SHUFFLE", "1"}}).shuffle, "");
  EXPECT_THAT(notes_of({"--", "t"}, {{"GTEST_SHUFFLE", "1"}}), ElementsAre("GTEST_SHUFFLE=1 is applied as --shuffle"));
  const Environment seeded{{"GTEST_SHUFFLE", "1"}, {"GTEST_RANDOM_SEED", "42"}};
  EXPECT_EQ(options({"--", "t"}, seeded).shuffle, "42");
  EXPECT_THAT(notes_of({"--", "t"}, seeded),
              ElementsAre("GTEST_SHUFFLE=1 with GTEST_RANDOM_SEED=42 is applied as --shuffle=42"));
  // GoogleTest's seed 0 is one made from the time: a fresh seed.
  EXPECT_EQ(options({"--", "t"}, {{"GTEST_SHUFFLE", "1"}, {"GTEST_RANDOM_SEED", "0"}}).shuffle, "");
}

TEST(GtestEnvironment, ShuffleOffOrASeedAloneHasNoEffectAndSaysSo) {
  EXPECT_FALSE(options({"--", "t"}, {{"GTEST_SHUFFLE", "0"}}).shuffle);
  EXPECT_THAT(notes_of({"--", "t"}, {{"GTEST_SHUFFLE", "0"}}),
              ElementsAre("GTEST_SHUFFLE=0 has no effect (dbtest's equivalent is --shuffle)"));
  EXPECT_FALSE(options({"--", "t"}, {{"GTEST_RANDOM_SEED", "7"}}).shuffle);
  EXPECT_THAT(notes_of({"--", "t"}, {{"GTEST_RANDOM_SEED", "7"}}),
              ElementsAre("GTEST_RANDOM_SEED=7 has no effect without shuffling (dbtest's equivalent is --shuffle SEED)"));
  EXPECT_THAT(notes_of({"--", "t"}, {{"GTEST_RANDOM_SEED", "soon"}}),
              ElementsAre("GTEST_RANDOM_SEED=soon has no effect without shuffling (dbtest's equivalent is --shuffle SEED)"));
}

TEST(GtestEnvironment, SeedAndShuffleGivenBothWaysMustAgree) {
  EXPECT_EQ(options({"--shuffle=7", "--", "t"}, {{"GTEST_RANDOM_SEED", "7"}}).shuffle, "7");
  EXPECT_EQ(options({"--shuffle", "--", "t"}, {{"GTEST_RANDOM_SEED", "7"}}).shuffle, "7");
  EXPECT_THAT(usage_error_of({"--shuffle=8", "--", "t"}, {{"GTEST_RANDOM_SEED", "7"}}),
              HasSubstr("GTEST_RANDOM_SEED=7 and --shuffle=8 disagree"));
  EXPECT_THAT(usage_error_of({"--shuffle", "--", "t"}, {{"GTEST_SHUFFLE", "0"}}),
              HasSubstr("GTEST_SHUFFLE=0 turns off what --shuffle turns on"));
  EXPECT_THAT(usage_error_of({"--", "t"}, {{"GTEST_SHUFFLE", "1"}, {"GTEST_RANDOM_SEED", "abc"}}),
              HasSubstr("GTEST_RANDOM_SEED=abc cannot be applied"));
}

TEST(GtestEnvironment, AClashWithAnotherOptionNamesTheVariable) {
  EXPECT_EQ(usage_error_of({"--reverse", "--", "t"}, {{"GTEST_SHUFFLE", "1"}}),
            "--reverse and --shuffle exclude each other (GTEST_SHUFFLE=1 stands for --shuffle)");
  EXPECT_THAT(usage_error_of({"--bisect", "A.a", "--", "t"}, {{"GTEST_REPEAT", "2"}}),
              HasSubstr("(GTEST_REPEAT=2 stands for --repeat 2)"));
}

TEST(GtestEnvironment, DisabledTestsAndFailFastAreAppliedAsTheirFlags) {
  const Environment env{{"GTEST_ALSO_RUN_DISABLED_TESTS", "1"}, {"GTEST_FAIL_FAST", "1"}};
  const auto parsed = parse({"--", "t"}, env);
  EXPECT_TRUE(parsed.options->run_disabled);
  EXPECT_TRUE(parsed.options->failfast);
  EXPECT_THAT(parsed.notes, ElementsAre("GTEST_ALSO_RUN_DISABLED_TESTS=1 is applied as --run-disabled",
                                        "GTEST_FAIL_FAST=1 is applied as --failfast"));
  EXPECT_FALSE(options({"--", "t"}, {{"GTEST_FAIL_FAST", "0"}}).failfast);
  EXPECT_TRUE(options({"--failfast", "--", "t"}, {{"GTEST_FAIL_FAST", "1"}}).failfast);
  EXPECT_THAT(usage_error_of({"--run-disabled", "--", "t"}, {{"GTEST_ALSO_RUN_DISABLED_TESTS", "0"}}),
              HasSubstr("turns off what --run-disabled turns on: unset GTEST_ALSO_RUN_DISABLED_TESTS"));
}

TEST(GtestEnvironment, ShardVariablesAreAppliedAsAPartOfTheDefaultKind) {
  const auto parsed = parse({"--", "t"}, {{"GTEST_TOTAL_SHARDS", "2"}, {"GTEST_SHARD_INDEX", "0"}});
  ASSERT_TRUE(parsed.options->partition);
  EXPECT_EQ(parsed.options->partition->index, 1);
  EXPECT_EQ(parsed.options->partition->count, 2);
  EXPECT_FALSE(parsed.options->partition->kind);
  ASSERT_EQ(parsed.notes.size(), 1u);
  EXPECT_THAT(parsed.notes[0], HasSubstr("are applied as --partition 1/2"));
}

// --- Bazel's test protocol ---------------------------------------------------------

TEST(BazelEnvironment, ShardFilterReportAndTemporaryFolderComeFromBazelsVariables) {
  const auto parsed = parse({"--", "t"}, {{"TEST_TOTAL_SHARDS", "4"},
                                          {"TEST_SHARD_INDEX", "3"},
                                          {"TEST_SHARD_STATUS_FILE", "/out/shard"},
                                          {"XML_OUTPUT_FILE", "/out/test.xml"},
                                          {"TEST_TMPDIR", "/tmp/bazel"},
                                          {"TESTBRIDGE_TEST_ONLY", "Orders.*"}});
  const Options& o = *parsed.options;
  ASSERT_TRUE(o.partition);
  EXPECT_EQ(o.partition->index, 4);
  EXPECT_EQ(o.partition->count, 4);
  EXPECT_EQ(o.bazel.shard_status_file, std::filesystem::path("/out/shard"));
  EXPECT_EQ(o.junit_xml, std::filesystem::path("/out/test.xml"));
  EXPECT_EQ(o.temp_dir, std::filesystem::path("/tmp/bazel"));
  EXPECT_EQ(o.filter, "Orders.*");
  EXPECT_TRUE(parsed.notes.empty());
}

TEST(BazelEnvironment, TheCommandLineReportWinsOverXmlOutputFile) {
  EXPECT_EQ(options({"--junit-xml", "mine.xml", "--", "t"}, {{"XML_OUTPUT_FILE", "/out/test.xml"}}).junit_xml,
            std::filesystem::path("mine.xml"));
}

TEST(BazelEnvironment, RefusesAShardThatDoesNotExistAndAShardGivenTwice) {
  EXPECT_THAT(usage_error_of({"--", "t"}, {{"TEST_TOTAL_SHARDS", "2"}, {"TEST_SHARD_INDEX", "2"}}),
              HasSubstr("name no shard"));
  EXPECT_THAT(usage_error_of({"--", "t"}, {{"TEST_TOTAL_SHARDS", "2"}}), HasSubstr("is set without TEST_SHARD_INDEX"));
  EXPECT_THAT(usage_error_of({"--partition", "1/2", "--", "t"}, {{"TEST_TOTAL_SHARDS", "2"}, {"TEST_SHARD_INDEX", "0"}}),
              HasSubstr("and so does --partition"));
  EXPECT_THAT(usage_error_of({"--filter", "A.*", "--", "t"}, {{"TESTBRIDGE_TEST_ONLY", "B.*"}}), HasSubstr("disagree"));
}

// --- --partition and --durations-file ------------------------------------------------

TEST(Options, PartitionAndDurationsFile) {
  const Options o = options({"--partition", "slice:2/3", "--durations-file", "ci/durations.json", "--", "t"});
  ASSERT_TRUE(o.partition);
  EXPECT_EQ(o.partition->kind, runner::PartitionKind::slice);
  EXPECT_EQ(o.durations_file, std::filesystem::path("ci/durations.json"));
  EXPECT_THAT(usage_error_of({"--partition", "2/3", "--sequence", "A.a", "--", "t"}), HasSubstr("--partition cuts"));
}

// --- subcommands -------------------------------------------------------------------

TEST(Options, CleanupRefusesAnOptionItDoesNotUse) {
  EXPECT_THAT(usage_error_of({"cleanup", "--parallel", "0"}),
              HasSubstr("dbtest cleanup does not take --parallel (it takes --backend, --config, --database-url, --profile and --state-dir)"));
  EXPECT_THAT(usage_error_of({"--keepdb", "cleanup"}), HasSubstr("dbtest cleanup does not take --keepdb"));
  EXPECT_EQ(options({"cleanup", "--backend", "sqlite", "--state-dir", "s", "--dry-run"}).command, runner::Command::cleanup);
}

TEST(Options, CleanupTemplatesTakesTheTestDbNameToo) {
  const auto o = options({"cleanup", "--templates", "--dry-run", "--test-db-name", "ci_shop"});
  EXPECT_EQ(o.command, runner::Command::cleanup);
  EXPECT_TRUE(o.templates);
  EXPECT_EQ(o.test_db_name, "ci_shop");
  EXPECT_FALSE(options({"cleanup"}).templates);
  EXPECT_THAT(usage_error_of({"cleanup", "--test-db-name", "ci_shop"}), HasSubstr("dbtest cleanup does not take --test-db-name"));
  EXPECT_THAT(usage_error_of({"cleanup", "--templates", "--keep-templates", "2"}),
              HasSubstr("dbtest cleanup --templates does not take --keep-templates"));
}

// --- --test-arg -----------------------------------------------------------------

TEST(TestArgs, AreKeptInOrder) {
  const Options o = options({"--test-arg=--gtest_death_test_style=threadsafe", "--test-arg", "verbose", "--", "t"});
  EXPECT_THAT(o.test_args, ElementsAre("--gtest_death_test_style=threadsafe", "verbose"));
  EXPECT_THAT(o.binaries, ElementsAre("t"));
}

TEST(TestArgs, FlagsDbtestDecidesAreRefusedNamingTheOptionToUse) {
  const std::vector<std::pair<const char*, const char*>> refused = {
      {"--gtest_filter=Orders.*", "--filter"},
      {"--gtest_filter", "--filter"},
      {"--gtest_output=xml:out.xml", "--junit-xml"},
      {"--gtest_list_tests", "--list"},
      {"--gtest_shuffle", "--shuffle"},
      {"--gtest_repeat=3", "--repeat"},
      {"--gtest_also_run_disabled_tests", "--run-disabled"},
      {"--gtest_also_run_disabled_tests=1", "--run-disabled"},
      {"--gtest_random_seed=4", "--shuffle SEED"},
      {"--gtest_fail_fast", "--failfast"},
      {"-gtest_filter=A.*", "--filter"},
      {"--gtest-repeat=2", "--repeat"},
  };
  for (const auto& [arg, instead] : refused) {
    const std::string flag = std::string("--test-arg=") + arg;
    EXPECT_EQ(usage_error_of({flag.c_str(), "--", "t"}),
              std::string("--test-arg ") + arg + " is dbtest's to decide: use dbtest's " + instead + " instead");
  }
}

TEST(TestArgs, OtherGoogleTestFlagsPass) {
  for (const char* arg : {"--gtest_death_test_style=fast", "--gtest_break_on_failure", "--gtest_filterx", "gtest_filter",
                          "--gtest_print_time=0"}) {
    const std::string flag = std::string("--test-arg=") + arg;
    EXPECT_THAT(options({flag.c_str(), "--", "t"}).test_args, ElementsAre(arg));
  }
}

}  // namespace
}  // namespace dbtest::unit
