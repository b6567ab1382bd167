// --keep-failed-db, end to end on every engine: the clone of a failed test
// is kept with the test's rows, the failure block says how to open it and
// what ran on it before, and `dbtest cleanup` removes it.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <regex>

#include "support/dbtest_run.hpp"
#include "support/engines.hpp"

using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;
using ::testing::SizeIs;

namespace e2e {
namespace {

class KeepFailedDb : public ::testing::TestWithParam<Engine> {};

std::string database_url_of(const EngineTarget& target) {
  for (std::size_t i = 0; i + 1 < target.args.size(); ++i) {
    if (target.args[i] == "--database-url") return target.args[i + 1];
  }
  return "";
}

// `url` with its database (the last path segment) replaced by `name`.
std::string url_of_database(const std::string& url, const std::string& name) {
  const auto query = url.find('?');
  const auto slash = url.rfind('/', query);
  return url.substr(0, slash + 1) + name + (query == std::string::npos ? "" : url.substr(query));
}

TEST_P(KeepFailedDb, KeepsTheFailedTestsDatabaseUntilCleanup) {
  E2E_REQUIRE_ENGINE(target, GetParam());
  Sandbox box;
  auto r = run_dbtest(box, concat(concat(concat(target.args, target.migration_args),
                                         {"--parallel", "1", "--keep-failed-db", "--filter", "Before.*:Failing.*"}),
                                  {"--", suite("keep_suite")}));
  EXPECT_EQ(r.exit_code, 1) << r.all();
  EXPECT_EQ(last_line(r.out), "1 passed, 1 failed, 0 skipped") << r.all();
  EXPECT_THAT(r.out, HasSubstr("Ran on that database before it, in order:\n  Before.WritesAndRollsBack\n"));
  std::smatch how;
  ASSERT_TRUE(std::regex_search(r.out, how, std::regex("Its database is kept \\(--keep-failed-db\\): ([^\n]*)\n")))
      << r.out;
  const std::string open = how[1];

  // The kept database, opened by the same binary on its own.
  std::string url;
  if (target.engine == Engine::sqlite) {
    std::smatch path;
    ASSERT_TRUE(std::regex_match(open, path, std::regex("sqlite3 '(.*)'"))) << open;
    url = "sqlite:" + path[1].str();
  } else {
    EXPECT_THAT(open, Not(HasSubstr("secret"))) << "the password is masked";
    EXPECT_THAT(open, HasSubstr(target.engine == Engine::postgres ? "psql '" : "mysql "));
    const auto kept = target.databases_left();
    // Once the run is over its kept database is a leftover of a run that is
    // gone: a `dbtest cleanup` of a test running beside this one on the
    // shared server may drop it first, as this test's own cleanup will.
    if (kept.empty()) {
      EXPECT_THAT(open, HasSubstr(own_database_name()));
      return;
    }
    ASSERT_THAT(kept, SizeIs(1)) << r.out;
    EXPECT_THAT(open, HasSubstr(kept.front()));
    url = url_of_database(database_url_of(target), kept.front());
  }
  const auto check = run_command(suite("keep_suite"), {"--gtest_filter=Kept.*"},
                                 {{"DBTEST_DATABASE_URL", url}, {"KEEP_SUITE_CHECK", "1"}}, box.root());
  EXPECT_EQ(check.exit_code, 0) << check.all();
  EXPECT_THAT(check.out, HasSubstr("[  PASSED  ] 1 test."));

  const auto cleanup = run_dbtest(box, cleanup_command(target));
  EXPECT_EQ(cleanup.exit_code, 0) << cleanup.all();
  EXPECT_THAT(target.databases_left(), IsEmpty());
  EXPECT_THAT(box.leftovers(), IsEmpty());
  std::error_code ec;
  EXPECT_TRUE(std::filesystem::is_empty(box.state() / "kept", ec) || ec) << "the kept SQLite files are removed too\n" << cleanup.out;
}

TEST_P(KeepFailedDb, WithoutTheOptionNothingIsKept) {
  E2E_REQUIRE_ENGINE(target, GetParam());
  Sandbox box;
  auto r = run_dbtest(box, concat(concat(concat(target.args, target.migration_args), {"--filter", "Before.*:Failing.*"}),
                                  {"--", suite("keep_suite")}));
  EXPECT_EQ(r.exit_code, 1) << r.all();
  EXPECT_THAT(r.out, Not(HasSubstr("kept")));
  EXPECT_THAT(target.databases_left(), IsEmpty());
  EXPECT_THAT(box.leftovers(), IsEmpty());
}

INSTANTIATE_TEST_SUITE_P(Engines, KeepFailedDb, ::testing::ValuesIn(built_engines()),
                         [](const auto& param_info) { return engine_name(param_info.param); });

}  // namespace
}  // namespace e2e
