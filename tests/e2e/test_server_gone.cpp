// A database server that goes away in the middle of a run: the tests that
// failed because of it are reported, then the run ends with exit status 2
// and one line that says the server is gone, instead of failing every test
// that is left.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <regex>
#include <thread>

#include "support/dbtest_run.hpp"
#include "support/engines.hpp"
#include "support/throwaway_server.hpp"

using ::testing::HasSubstr;
using ::testing::Not;
using ::testing::StartsWith;

namespace e2e {
namespace {

struct Summary {
  int passed = -1;
  int failed = -1;
};

Summary summary_of(const std::string& out) {
  static const std::regex kLine(R"((\d+) passed, (\d+) failed, \d+ skipped)");
  std::smatch m;
  const std::string line = last_line(out);
  if (!std::regex_match(line, m, kLine)) return {};
  return {std::stoi(m[1]), std::stoi(m[2])};
}

class ServerGone : public ::testing::TestWithParam<Engine> {};

TEST_P(ServerGone, TheFailuresItCausedAreReportedThenTheRunEndsWithExitTwo) {
  // The shared server is not used, but a machine that has it can start one more.
  E2E_REQUIRE_ENGINE(shared, GetParam());
  (void)shared;
  Sandbox box;
  ThrowawayServer server(GetParam(), box.root() / "server");
  ASSERT_TRUE(server.started()) << server.start_output();

  const auto answered = box.root() / "answered";
  RunOutput r;
  std::thread run([&] {
    r = run_dbtest(box, {"--parallel", "2", "--backend", engine_name(GetParam()), "--database-url", server.url(),
                         "--migrations", migrations("portable"), "--", suite("query_suite")},
                   {{"QUERY_SUITE_STARTED_FILE", answered.string()}});
  });
  // A word in the file is all wait_for_pid waits for.
  const bool tests_run = !wait_for_pid(answered).empty();
  const auto stopped = server.stop();
  run.join();
  ASSERT_TRUE(tests_run) << r.all();
  EXPECT_EQ(stopped.exit_code, 0) << stopped.all();

  EXPECT_EQ(r.exit_code, 2) << r.all();
  const auto lines = lines_of(r.err);
  ASSERT_EQ(lines.size(), 1u) << r.err;
  EXPECT_THAT(lines[0], StartsWith("dbtest: error: "));
  EXPECT_THAT(lines[0], ContainsRegex("the (PostgreSQL|MySQL) server (went away|could not be reached)"));
  EXPECT_THAT(lines[0], HasSubstr("dbtest cleanup"));
  EXPECT_THAT(r.all(), Not(HasSubstr("dbtest-secret")));

  const Summary summary = summary_of(r.out);
  EXPECT_GE(summary.failed, 1) << "the failures the server caused are reported\n" << r.out;
  EXPECT_LT(summary.failed, 40) << "the run went on failing test after test\n" << r.out;
  EXPECT_LT(summary.passed + summary.failed, 200) << r.out;
  EXPECT_THAT(r.out, HasSubstr("FAILED: Many/Query.IsAnswered/"));
}

INSTANTIATE_TEST_SUITE_P(Servers, ServerGone, ::testing::Values(Engine::postgres, Engine::mysql),
                         [](const auto& param_info) { return engine_name(param_info.param); });

}  // namespace
}  // namespace e2e
