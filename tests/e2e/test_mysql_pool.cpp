// The pool of ready copies on MySQL/MariaDB, end to end: a --keepdb run
// leaves checked copies of its kept template, made after it by
// `dbtest fill-pool`, and the next run takes them instead of copying.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <signal.h>

#include <chrono>
#include <filesystem>
#include <regex>
#include <set>
#include <thread>

#include "support/dbtest_run.hpp"
#include "support/mysql_runs.hpp"
#include "support/mysql_server.hpp"

using ::testing::HasSubstr;
using ::testing::IsEmpty;

namespace e2e {
namespace {

namespace fs = std::filesystem;

// Three suites that meet, so three workers run at once, each on its copy.
RunOutput pool_run(const MysqlServer& my, const Sandbox& box, const std::string& pool,
                   const std::string& migrations_dir = migrations("my_objects"), std::vector<std::string> more = {}) {
  fs::remove_all(box.root() / "meet");
  std::vector<std::string> args = {"-v", "--keepdb", "--keep-pool", pool, "-j", "3", "--migrations", migrations_dir,
                                   "--filter",
                                   "Copy*.MeetsTheOtherCopies:Copy*.OwnershipMarkersSayWhoMadeThem:Copy*.RowsAreIdentical"};
  args.insert(args.end(), more.begin(), more.end());
  args.insert(args.end(), {"--", suite("mysql_suite")});
  return run_dbtest(box, my_args(my.url, args), meeting(box, 3));
}

bool is_pooled_name(const std::string& name) {
  return std::regex_match(name, std::regex(own_database_name() + "_[0-9a-f]{12}_p[0-9]+"));
}

// The markers of this test's databases, by name.
std::map<std::string, std::string> markers(const MysqlServer& my) {
  std::map<std::string, std::string> out;
  for (const auto& name : databases_like(my, own_database_name() + "_")) {
    try {
      out[name] = mysql_query(my, name, "SELECT marker FROM dbtest_meta");
    } catch (const std::exception&) {
      out[name] = "";  // made a moment ago, or being dropped
    }
  }
  return out;
}

std::vector<std::string> pooled(const MysqlServer& my) {
  std::vector<std::string> out;
  for (const auto& [name, marker] : markers(my)) {
    if (marker.find("\"kind\":\"pooled\"") != std::string::npos) out.push_back(name);
  }
  return out;
}

// Waits until the pool holds `count` ready copies and their fillers are gone.
bool pool_fills_to(const MysqlServer& my, std::size_t count) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(90);
  while (pooled(my).size() != count) {
    if (std::chrono::steady_clock::now() > deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
  }
  for (const auto& [name, marker] : markers(my)) {
    std::smatch pid;
    if (!std::regex_search(marker, pid, std::regex("\"pid\":([0-9]+)"))) continue;
    if (marker.find("\"kind\":\"pooled\"") == std::string::npos) continue;
    if (!ends_within(std::stoi(pid[1]), std::chrono::seconds(60))) return false;
  }
  return true;
}

void drop_everything(const MysqlServer& my, const Sandbox& box) {
  cleanup_templates(my, box, false);
}

TEST(MysqlPool, TheNextKeepdbRunTakesTheReadyCopiesInsteadOfCopying) {
  E2E_REQUIRE_MYSQL(my);
  Sandbox box;
  auto first = pool_run(my, box, "3");
  ASSERT_EQ(first.exit_code, 0) << first.all();
  for (const auto& name : distinct(copies(first))) EXPECT_FALSE(is_pooled_name(name)) << name;
  ASSERT_TRUE(pool_fills_to(my, 3)) << "the pool has " << pooled(my).size();
  const auto ready = pooled(my);

  auto second = pool_run(my, box, "3");
  ASSERT_EQ(second.exit_code, 0) << second.all();
  EXPECT_THAT(second.out, HasSubstr("3 ready clones of it wait in its pool"));
  const auto used = distinct(copies(second));
  EXPECT_EQ(used.size(), 3u) << second.out;
  for (const auto& name : used) {
    EXPECT_TRUE(std::find(ready.begin(), ready.end(), name) != ready.end()) << name << " is not one of the pool's";
  }
  ASSERT_TRUE(pool_fills_to(my, 3));
  for (const auto& name : pooled(my)) EXPECT_TRUE(std::find(ready.begin(), ready.end(), name) == ready.end()) << name;
  drop_everything(my, box);
  EXPECT_THAT(databases_like(my, own_database_name()), IsEmpty());
}

TEST(MysqlPool, ATemplateRebuiltAfterAChangeByHandDropsItsStalePoolAndNeverHandsItOut) {
  E2E_REQUIRE_MYSQL(my);
  Sandbox box;
  ASSERT_EQ(pool_run(my, box, "3").exit_code, 0);
  ASSERT_TRUE(pool_fills_to(my, 3));
  const auto stale = pooled(my);
  mysql_query(my, kept_template(my), "CREATE TABLE made_by_hand (id INT)");

  auto next = pool_run(my, box, "0");
  ASSERT_EQ(next.exit_code, 0) << next.all();
  EXPECT_THAT(next.out, HasSubstr("rebuilding the kept mysql template"));
  for (const auto& name : distinct(copies(next))) EXPECT_FALSE(is_pooled_name(name)) << name << " came from a stale pool";
  const auto left = databases_like(my, own_database_name());
  for (const auto& name : stale) EXPECT_TRUE(std::find(left.begin(), left.end(), name) == left.end()) << name;
  drop_everything(my, box);
  EXPECT_THAT(databases_like(my, own_database_name()), IsEmpty());
}

TEST(MysqlPool, AChangedMigrationNeverTakesTheOldPoolAndPruningItsTemplateDropsIt) {
  E2E_REQUIRE_MYSQL(my);
  Sandbox box;
  ASSERT_EQ(pool_run(my, box, "3", migration_set(box, "a").string(), {"--keep-templates", "1"}).exit_code, 0);
  ASSERT_TRUE(pool_fills_to(my, 3));
  const auto old_pool = pooled(my);
  const std::string old_template = kept_template(my);

  // A migration added: a template of its own is built, and the one before,
  // beyond --keep-templates 1, is dropped with its pool.
  auto next = pool_run(my, box, "0", migration_set(box, "changed").string(), {"--keep-templates", "1"});
  ASSERT_EQ(next.exit_code, 0) << next.all();
  EXPECT_THAT(next.out, HasSubstr("migrated 4 files"));
  EXPECT_THAT(next.out, HasSubstr("dropped the kept template " + old_template));
  for (const auto& name : distinct(copies(next))) {
    EXPECT_FALSE(is_pooled_name(name)) << name << " came from the old template's pool";
  }
  const auto left = databases_like(my, own_database_name());
  for (const auto& name : old_pool) {
    EXPECT_TRUE(std::find(left.begin(), left.end(), name) == left.end()) << name << " outlived its template";
  }
  drop_everything(my, box);
  EXPECT_THAT(databases_like(my, own_database_name()), IsEmpty());
}

TEST(MysqlPool, TwoFillersAtOnceFillThePoolOnce) {
  E2E_REQUIRE_MYSQL(my);
  Sandbox box_a, box_b;
  ASSERT_EQ(pool_run(my, box_a, "0").exit_code, 0);
  // Two runs that end together start a filler each.
  const auto fill = my_args(my.url, {"fill-pool", "--template", kept_template(my), "--size", "3"});
  const auto [a, b] = run_dbtest_twice_at_once(box_a, fill, box_b, fill);
  ASSERT_EQ(a.exit_code, 0) << a.all();
  ASSERT_EQ(b.exit_code, 0) << b.all();
  EXPECT_EQ(pooled(my).size(), 3u);
  drop_everything(my, box_a);
  EXPECT_THAT(databases_like(my, own_database_name()), IsEmpty());
}

TEST(MysqlPool, TwoRunsAtOnceNeverClaimTheSameCopy) {
  E2E_REQUIRE_MYSQL(my);
  Sandbox box_a, box_b;
  ASSERT_EQ(pool_run(my, box_a, "4").exit_code, 0);
  ASSERT_TRUE(pool_fills_to(my, 4));
  const auto ready = pooled(my);
  RunOutput a, b;
  std::thread first([&] { a = pool_run(my, box_a, "0"); });
  b = pool_run(my, box_b, "0");
  first.join();
  ASSERT_EQ(a.exit_code, 0) << a.all();
  ASSERT_EQ(b.exit_code, 0) << b.all();
  const auto from_a = distinct(copies(a));
  const auto from_b = distinct(copies(b));
  EXPECT_EQ(from_a.size(), 3u);
  EXPECT_EQ(from_b.size(), 3u);
  std::size_t from_pool = 0;
  for (const auto& name : from_a) {
    EXPECT_EQ(from_b.count(name), 0u) << name << " was handed to both runs";
    from_pool += is_pooled_name(name) ? 1 : 0;
  }
  for (const auto& name : from_b) from_pool += is_pooled_name(name) ? 1 : 0;
  EXPECT_EQ(from_pool, ready.size());
  drop_everything(my, box_a);
  EXPECT_THAT(databases_like(my, own_database_name()), IsEmpty());
}

TEST(MysqlPool, AFillerKilledWhileFillingLeavesNothingCleanupDoesNotRemove) {
  E2E_REQUIRE_MYSQL(my);
  Sandbox box;
  ASSERT_EQ(pool_run(my, box, "20").exit_code, 0);
  // The filler's pid is in the marker of every copy it made or is making.
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  int filler = 0;
  while (filler == 0 && std::chrono::steady_clock::now() < deadline) {
    for (const auto& [name, marker] : markers(my)) {
      std::smatch pid;
      if (is_pooled_name(name) && std::regex_search(marker, pid, std::regex("\"pid\":([0-9]+)"))) filler = std::stoi(pid[1]);
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  ASSERT_NE(filler, 0);
  ::kill(filler, SIGKILL);
  ASSERT_TRUE(ends_within(filler, std::chrono::seconds(10)));
  EXPECT_LT(pooled(my).size(), 20u) << "the filler finished before it was killed";

  // What cleanup leaves is the kept template and the ready copies of its
  // pool; the server lets go of the filler's session (and its lock) a moment
  // after the process died, so cleanup may need to look again.
  const auto finished = [&] {
    const auto ready = pooled(my);
    for (const auto& name : databases_like(my, own_database_name() + "_")) {
      const bool kept = name.size() == own_database_name().size() + 9;
      if (!kept && std::find(ready.begin(), ready.end(), name) == ready.end()) return false;
    }
    return true;
  };
  const auto account = own_account(my);
  RunOutput cleanup;
  for (int attempt = 0; attempt < 50; ++attempt) {
    cleanup = run_dbtest(box, {"cleanup", "--backend", "mysql", "--database-url", account});
    ASSERT_EQ(cleanup.exit_code, 0) << cleanup.all();
    if (finished()) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
  }
  EXPECT_TRUE(finished()) << cleanup.all();
  drop_own_account(my);
  auto templates = cleanup_templates(my, box, false);
  EXPECT_EQ(templates.exit_code, 0) << templates.all();
  EXPECT_THAT(databases_like(my, own_database_name()), IsEmpty()) << cleanup.all() << templates.all();
}

}  // namespace
}  // namespace e2e
