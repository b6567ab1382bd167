// The pool of ready clones on PostgreSQL, end to end: a --keepdb run leaves
// ready clones of its kept template, made after it by `dbtest fill-pool`, and
// the next run takes them instead of cloning.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <signal.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <regex>
#include <set>
#include <thread>

#include "support/dbtest_run.hpp"
#include "support/postgres_server.hpp"

using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;

namespace e2e {
namespace {

std::vector<std::string> pool_args(const PostgresServer& pg, const std::string& pool, std::vector<std::string> more) {
  std::vector<std::string> args = {"--backend", "postgres", "--database-url", pg.url, "--test-db-name",
                                   own_database_name(), "--keepdb", "--keep-pool", pool, "--migrations",
                                   migrations("pg_basic")};
  args.insert(args.end(), more.begin(), more.end());
  args.insert(args.end(), {"--", suite("postgres_suite")});
  return args;
}

// Each worker publishes its clone's name (-v prints them).
std::vector<std::string> clone_names(const RunOutput& r) {
  std::vector<std::string> out;
  for (const auto& [key, value] : published_signals(r.out)) {
    if (key.rfind("clone.", 0) == 0) out.push_back(value);
  }
  return out;
}

bool is_pooled_name(const std::string& name) {
  return std::regex_match(name, std::regex(own_database_name() + "_[0-9a-f]{12}_p[0-9]+"));
}

// The ready clones of this test's pool: marked "pooled" by a filler.
std::vector<std::string> pooled(const PostgresServer& pg) {
  return lines_of(psql(pg, "app",
                       "SELECT datname FROM pg_database WHERE datname LIKE '" + own_database_name() +
                           "\\_%' AND shobj_description(oid, 'pg_database') LIKE '%\"kind\":\"pooled\"%' ORDER BY 1"));
}

// The pids of the fillers whose clones are in the pool.
std::set<int> fillers(const PostgresServer& pg) {
  std::set<int> out;
  for (const auto& marker : lines_of(psql(pg, "app",
                                          "SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE datname LIKE '" +
                                              own_database_name() + "\\_%' AND shobj_description(oid, 'pg_database') "
                                              "LIKE '%\"kind\":\"pooled\"%'"))) {
    std::smatch pid;
    if (std::regex_search(marker, pid, std::regex("\"pid\":([0-9]+)"))) out.insert(std::stoi(pid[1]));
  }
  return out;
}

// Waits until the pool holds `count` ready clones and their fillers are gone.
bool pool_fills_to(const PostgresServer& pg, std::size_t count) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  while (pooled(pg).size() != count) {
    if (std::chrono::steady_clock::now() > deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  for (const int pid : fillers(pg)) {
    if (!ends_within(pid, std::chrono::seconds(30))) return false;
  }
  return true;
}

void drop_everything(const PostgresServer& pg, const Sandbox& box) {
  run_dbtest(box, {"cleanup", "--templates", "--backend", "postgres", "--database-url", pg.url, "--test-db-name",
                   own_database_name()});
}

TEST(PostgresPool, TheNextKeepdbRunTakesTheReadyClonesInsteadOfCloning) {
  E2E_REQUIRE_POSTGRES(pg);
  Sandbox box;
  const auto args = pool_args(pg, "2", {"-v", "-j", "2", "--dist", "test", "--repeat", "2", "--filter",
                                        "Clone.PublishesItsName"});
  auto first = run_dbtest(box, args);
  ASSERT_EQ(first.exit_code, 0) << first.all();
  for (const auto& name : clone_names(first)) EXPECT_FALSE(is_pooled_name(name)) << name;
  ASSERT_TRUE(pool_fills_to(pg, 2)) << "the pool has " << pooled(pg).size();
  const auto ready = pooled(pg);

  auto second = run_dbtest(box, args);
  ASSERT_EQ(second.exit_code, 0) << second.all();
  EXPECT_THAT(second.out, HasSubstr("2 ready clones of it wait in its pool"));
  const auto used = clone_names(second);
  ASSERT_FALSE(used.empty()) << second.out;
  for (const auto& name : used) {
    EXPECT_TRUE(std::find(ready.begin(), ready.end(), name) != ready.end()) << name << " is not one of the pool's";
  }
  // Taken, used and dropped; the second run's filler makes new ones.
  ASSERT_TRUE(pool_fills_to(pg, 2));
  for (const auto& name : pooled(pg)) EXPECT_TRUE(std::find(ready.begin(), ready.end(), name) == ready.end()) << name;
  drop_everything(pg, box);
  EXPECT_THAT(databases_like(pg, own_database_name()), IsEmpty());
}

TEST(PostgresPool, ATemplateRebuiltAfterAChangeByHandDropsItsStalePoolAndNeverHandsItOut) {
  E2E_REQUIRE_POSTGRES(pg);
  Sandbox box;
  const auto args = pool_args(pg, "2", {"-v", "--filter", "Clone.PublishesItsName"});
  ASSERT_EQ(run_dbtest(box, args).exit_code, 0);
  ASSERT_TRUE(pool_fills_to(pg, 2));
  const auto stale = pooled(pg);
  // The template changed by hand: it is rebuilt, and what was cloned from
  // it before is no longer what it is.
  const std::string kept = kept_template(pg);
  ASSERT_FALSE(kept.empty());
  psql(pg, "app", "ALTER DATABASE " + kept + " WITH ALLOW_CONNECTIONS true");
  psql(pg, kept, "CREATE TABLE made_by_hand (id int)");

  auto next = run_dbtest(box, pool_args(pg, "0", {"-v", "--filter", "Clone.PublishesItsName"}));
  ASSERT_EQ(next.exit_code, 0) << next.all();
  EXPECT_THAT(next.out, HasSubstr("rebuilding the kept postgresql template"));
  for (const auto& name : clone_names(next)) EXPECT_FALSE(is_pooled_name(name)) << name << " came from a stale pool";
  const auto left = databases_like(pg, own_database_name());
  for (const auto& name : stale) EXPECT_TRUE(std::find(left.begin(), left.end(), name) == left.end()) << name;
  drop_everything(pg, box);
  EXPECT_THAT(databases_like(pg, own_database_name()), IsEmpty());
}

TEST(PostgresPool, AChangedMigrationNeverTakesTheOldPoolAndPruningItsTemplateDropsIt) {
  E2E_REQUIRE_POSTGRES(pg);
  Sandbox box;
  ASSERT_EQ(run_dbtest(box, pool_args(pg, "2", {"--keep-templates", "1", "--filter", "Clone.PublishesItsName"})).exit_code,
            0);
  ASSERT_TRUE(pool_fills_to(pg, 2));
  const auto old_pool = pooled(pg);

  // A migration added: a template of its own is built, and the one before,
  // beyond --keep-templates 1, is dropped with its pool.
  const auto changed = box.root() / "changed";
  std::filesystem::copy(migrations("pg_basic"), changed);
  std::ofstream(changed / "0003_changed.sql") << "CREATE TABLE changed (id int);\n";
  auto next = run_dbtest(box, {"-v", "--backend", "postgres", "--database-url", pg.url, "--test-db-name",
                               own_database_name(), "--keepdb", "--keep-pool", "0", "--keep-templates", "1",
                               "--migrations", changed.string(), "--filter", "Clone.PublishesItsName", "--",
                               suite("postgres_suite")});
  ASSERT_EQ(next.exit_code, 0) << next.all();
  EXPECT_THAT(next.out, HasSubstr("migrated 3 files"));
  EXPECT_THAT(next.out, HasSubstr("dropped the kept template"));
  for (const auto& name : clone_names(next)) {
    EXPECT_FALSE(is_pooled_name(name)) << name << " came from the old template's pool";
  }
  const auto left = databases_like(pg, own_database_name());
  for (const auto& name : old_pool) {
    EXPECT_TRUE(std::find(left.begin(), left.end(), name) == left.end()) << name << " outlived its template";
  }
  drop_everything(pg, box);
  EXPECT_THAT(databases_like(pg, own_database_name()), IsEmpty());
}

TEST(PostgresPool, TwoFillersAtOnceFillThePoolOnce) {
  E2E_REQUIRE_POSTGRES(pg);
  Sandbox box_a, box_b;
  ASSERT_EQ(run_dbtest(box_a, pool_args(pg, "0", {"--filter", "Clone.PublishesItsName"})).exit_code, 0);
  const std::string kept = kept_template(pg);
  ASSERT_FALSE(kept.empty());
  // Two runs that end together start a filler each.
  const std::vector<std::string> fill = {"--backend", "postgres", "--database-url", pg.url, "--test-db-name",
                                         own_database_name(), "fill-pool", "--template", kept, "--size", "3"};
  const auto [a, b] = run_dbtest_twice_at_once(box_a, fill, box_b, fill);
  ASSERT_EQ(a.exit_code, 0) << a.all();
  ASSERT_EQ(b.exit_code, 0) << b.all();
  EXPECT_EQ(pooled(pg).size(), 3u);
  drop_everything(pg, box_a);
  EXPECT_THAT(databases_like(pg, own_database_name()), IsEmpty());
}

TEST(PostgresPool, TwoRunsAtOnceNeverClaimTheSameClone) {
  E2E_REQUIRE_POSTGRES(pg);
  Sandbox box_a, box_b;
  const auto make = [&](const std::string& pool) {
    return pool_args(pg, pool, {"-v", "-j", "2", "--dist", "test", "--repeat", "4", "--filter", "Clone.PublishesItsName"});
  };
  ASSERT_EQ(run_dbtest(box_a, make("3")).exit_code, 0);
  ASSERT_TRUE(pool_fills_to(pg, 3));
  const auto ready = pooled(pg);
  const auto [a, b] = run_dbtest_twice_at_once(box_a, make("0"), box_b, make("0"));
  ASSERT_EQ(a.exit_code, 0) << a.all();
  ASSERT_EQ(b.exit_code, 0) << b.all();
  std::set<std::string> from_a, from_b;
  for (const auto& name : clone_names(a)) from_a.insert(name);
  for (const auto& name : clone_names(b)) from_b.insert(name);
  std::size_t from_pool = 0;
  for (const auto& name : from_a) {
    EXPECT_EQ(from_b.count(name), 0u) << name << " was handed to both runs";
    from_pool += is_pooled_name(name) ? 1 : 0;
  }
  for (const auto& name : from_b) from_pool += is_pooled_name(name) ? 1 : 0;
  EXPECT_LE(from_pool, ready.size());
  drop_everything(pg, box_a);
  EXPECT_THAT(databases_like(pg, own_database_name()), IsEmpty());
}

TEST(PostgresPool, AFillerKilledWhileFillingLeavesNothingCleanupDoesNotRemove) {
  E2E_REQUIRE_POSTGRES(pg);
  Sandbox box;
  ASSERT_EQ(run_dbtest(box, pool_args(pg, "20", {"--filter", "Clone.PublishesItsName"})).exit_code, 0);
  // The filler's pid is in the marker of the first clone it finished.
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  std::string marker;
  while (marker.empty() && std::chrono::steady_clock::now() < deadline) {
    const auto ready = pooled(pg);
    if (!ready.empty()) {
      marker = psql(pg, "app",
                    "SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE datname = '" + ready.front() + "'");
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  std::smatch pid;
  ASSERT_TRUE(std::regex_search(marker, pid, std::regex("\"pid\":([0-9]+)"))) << marker;
  ::kill(std::stoi(pid[1]), SIGKILL);
  ASSERT_TRUE(ends_within(std::stoi(pid[1]), std::chrono::seconds(10)));
  EXPECT_LT(pooled(pg).size(), 20u) << "the filler finished before it was killed";
  // The server finishes the statement the filler's session was running (a
  // CREATE DATABASE of a clone it will never mark) before it notices the
  // client is gone; only then is what the filler left all there to see.
  const auto filler_session_ended = [&] {
    return psql(pg, "app",
                "SELECT count(*) FROM pg_stat_activity WHERE pid <> pg_backend_pid() AND query LIKE '%" +
                    own_database_name() + "\\_%'") == "0\n";
  };
  const auto session_deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  while (!filler_session_ended() && std::chrono::steady_clock::now() < session_deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  ASSERT_TRUE(filler_session_ended());

  // What cleanup leaves is the kept template and the ready clones of its
  // pool. The server lets go of the filler's session (and its lock) a moment
  // after the process died, so cleanup may need to look again.
  const auto finished = [&] {
    const auto ready = pooled(pg);
    for (const auto& name : databases_like(pg, own_database_name() + "_")) {
      const bool kept = name.size() == own_database_name().size() + 9;
      if (!kept && std::find(ready.begin(), ready.end(), name) == ready.end()) return false;
    }
    return true;
  };
  RunOutput cleanup;
  for (int attempt = 0; attempt < 50; ++attempt) {
    cleanup = run_dbtest(box, {"cleanup", "--backend", "postgres", "--database-url", pg.url});
    ASSERT_EQ(cleanup.exit_code, 0) << cleanup.all();
    if (finished()) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
  }
  EXPECT_TRUE(finished()) << cleanup.all();
  auto templates = run_dbtest(box, {"cleanup", "--templates", "--backend", "postgres", "--database-url", pg.url,
                                    "--test-db-name", own_database_name()});
  EXPECT_EQ(templates.exit_code, 0) << templates.all();
  EXPECT_THAT(databases_like(pg, own_database_name()), IsEmpty()) << cleanup.all() << templates.all();
}

}  // namespace
}  // namespace e2e
