// A GoogleTest binary that knows nothing of dbtest: linked with
// GTest::gtest_main and SQLite alone. It finds its database and its folders
// through the environment, as any unmodified suite would.
//
// What the end-to-end tests pass through the environment:
//   PLAIN_MODE        how Faults.Misbehaves misbehaves: crash, exit3, hang, fail, flood
//   PLAIN_START_LOG   a file every process of the binary appends a line to
//   PLAIN_EXPECT_ARG  an argument Args.ReachTheBinary expects on its command line
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>

namespace {

std::string env(const char* name) {
  const char* value = std::getenv(name);
  return value ? value : "";
}

bool mode_is(const char* mode) { return env("PLAIN_MODE") == mode; }

// Every process of the binary says it started, for counting processes.
const bool start_logged = [] {
  if (const char* log = std::getenv("PLAIN_START_LOG")) std::ofstream(log, std::ios::app) << "start\n";
  return true;
}();

class Database {
 public:
  Database() {
    const std::string path = env("DBTEST_SQLITE_PATH");
    if (path.empty() || sqlite3_open(path.c_str(), &db_) != SQLITE_OK) throw std::runtime_error("cannot open " + path);
    sqlite3_busy_timeout(db_, 5000);
  }
  ~Database() { sqlite3_close(db_); }
  void exec(const std::string& sql) {
    char* error = nullptr;
    if (sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &error) != SQLITE_OK) {
      const std::string message = error ? error : "?";
      sqlite3_free(error);
      throw std::runtime_error(message + " in " + sql);
    }
  }
  long long scalar(const std::string& sql) {
    sqlite3_stmt* stmt = nullptr;
    if (sqlite3_prepare_v2(db_, sql.c_str(), -1, &stmt, nullptr) != SQLITE_OK) throw std::runtime_error(sqlite3_errmsg(db_));
    long long value = -1;
    if (sqlite3_step(stmt) == SQLITE_ROW) value = sqlite3_column_int64(stmt, 0);
    sqlite3_finalize(stmt);
    return value;
  }

 private:
  sqlite3* db_ = nullptr;
};

std::string current_test() {
  const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
  return std::string(info->test_suite_name()) + "." + info->name();
}

// Writes a file under a fixed name, waits, and reads it back: a second
// process using the same folder at the same time overwrites it.
void use_fixed_file(const std::filesystem::path& file) {
  const std::string mine = current_test() + " in process " + env("DBTEST_WORKER_ID");
  std::ofstream(file) << mine;
  std::this_thread::sleep_for(std::chrono::milliseconds(60));
  std::ifstream in(file);
  std::stringstream read;
  read << in.rdbuf();
  EXPECT_EQ(read.str(), mine) << "another test wrote " << file;
  in.close();
  std::filesystem::remove(file);
}

TEST(Env, NamesTheDatabaseTheWorkerAndTheTempFolder) {
  EXPECT_EQ(env("DBTEST_BACKEND"), "sqlite");
  EXPECT_EQ(env("DATABASE_URL"), "sqlite:" + env("DBTEST_SQLITE_PATH"));
  EXPECT_EQ(env("DBTEST_DATABASE_URL"), env("DATABASE_URL"));
  EXPECT_FALSE(env("DBTEST_WORKER_ID").empty());
  EXPECT_FALSE(env("DBTEST_WORKER_COUNT").empty());
  EXPECT_FALSE(env("DBTEST_RUN_ID").empty());
  EXPECT_EQ(env("DBTEST_PROTOCOL"), "");
  EXPECT_FALSE(env("TEST_TMPDIR").empty());
  EXPECT_EQ(env("TMPDIR"), env("TEST_TMPDIR"));
  EXPECT_TRUE(std::filesystem::is_directory(env("TEST_TMPDIR")));
  EXPECT_EQ(std::filesystem::path(::testing::TempDir()), std::filesystem::path(env("TEST_TMPDIR") + "/"));
}

class Rows : public ::testing::TestWithParam<int> {};
TEST_P(Rows, StayInTheirWorkersClone) {
  Database db;
  db.exec("CREATE TABLE IF NOT EXISTS plain_rows (worker TEXT, test TEXT)");
  const std::string worker = env("DBTEST_WORKER_ID");
  db.exec("INSERT INTO plain_rows VALUES ('" + worker + "', '" + current_test() + "')");
  std::this_thread::sleep_for(std::chrono::milliseconds(20));
  EXPECT_EQ(db.scalar("SELECT count(*) FROM plain_rows WHERE worker <> '" + worker + "'"), 0);
  EXPECT_GE(db.scalar("SELECT count(*) FROM dbtest_migrations"), 1);
}
INSTANTIATE_TEST_SUITE_P(Eight, Rows, ::testing::Range(0, 8));

// The same fixed name under TempDir() in every suite.
#define FIXED_TEMP_FILE_SUITE(suite) \
  TEST(suite, WritesAFixedNameUnderTempDir) { use_fixed_file(::testing::TempDir() + "fixed.txt"); }
FIXED_TEMP_FILE_SUITE(TempA)
FIXED_TEMP_FILE_SUITE(TempB)
FIXED_TEMP_FILE_SUITE(TempC)
FIXED_TEMP_FILE_SUITE(TempD)

class WorkingFolder : public ::testing::TestWithParam<int> {};
TEST_P(WorkingFolder, WritesAFixedRelativeName) { use_fixed_file("test.db3"); }
INSTANTIATE_TEST_SUITE_P(Four, WorkingFolder, ::testing::Range(0, 4));

template <class T>
class Typed : public ::testing::Test {};
using TypedTypes = ::testing::Types<int, long, double>;
TYPED_TEST_SUITE(Typed, TypedTypes);
TYPED_TEST(Typed, ZeroIsFalse) { EXPECT_FALSE(static_cast<bool>(TypeParam{})); }

TEST(Kinds, IsSkipped) { GTEST_SKIP() << "skipped on purpose"; }
TEST(Kinds, DISABLED_RunsOnlyWhenAsked) { std::printf("the disabled test ran\n"); }

TEST(Faults, Before) {}
TEST(Faults, Misbehaves) {
  std::printf("output before misbehaving\n");
  std::fflush(stdout);
  if (mode_is("crash")) std::abort();
  if (mode_is("exit3")) std::exit(3);
  if (mode_is("hang")) std::this_thread::sleep_for(std::chrono::hours(1));
  if (mode_is("flood")) {
    // 256 MiB on one line, then a failure.
    const std::string block(1 << 20, 'x');
    for (int i = 0; i < 256; ++i) std::fwrite(block.data(), 1, block.size(), stdout);
    FAIL() << "after the flood";
  }
  if (mode_is("fail")) {
    std::fprintf(stderr, "stderr of the failing test\n");
    EXPECT_EQ(1, 2) << "deliberate plain failure";
    std::printf("output after the failure\n");
  }
}
TEST(Faults, After) {}

#if GTEST_HAS_DEATH_TEST
TEST(Death, FastStyle) {
  GTEST_FLAG_SET(death_test_style, "fast");
  EXPECT_EXIT(std::exit(7), ::testing::ExitedWithCode(7), "");
}
TEST(Death, ThreadsafeStyle) {
  GTEST_FLAG_SET(death_test_style, "threadsafe");
  EXPECT_DEATH(std::abort(), "");
}
#endif

TEST(Args, ReachTheBinary) {
  const std::string expected = env("PLAIN_EXPECT_ARG");
  if (expected.empty()) GTEST_SKIP() << "PLAIN_EXPECT_ARG not set";
  const auto argv = ::testing::internal::GetArgvs();
  EXPECT_NE(std::find(argv.begin(), argv.end(), expected), argv.end());
}

}  // namespace
