// Reading a folder of SQL migrations.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "base/errors.hpp"
#include "backends/common/migrations.hpp"
#include "backends/common/sha256.hpp"
#include "unit_support.hpp"

namespace dbtest::unit {
namespace {

using backends::load_migrations;
using backends::Migration;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

std::vector<std::string> names(const std::vector<Migration>& migrations) {
  std::vector<std::string> out;
  for (const auto& m : migrations) out.push_back(m.name);
  return out;
}

// The message of the UsageError `f` throws, or a test failure.
template <class F>
std::string usage_error_of(F&& f) {
  try {
    f();
  } catch (const UsageError& e) {
    return e.what();
  } catch (const std::exception& e) {
    ADD_FAILURE() << "threw something else than UsageError: " << e.what();
    return {};
  }
  ADD_FAILURE() << "did not throw";
  return {};
}

TEST(Migrations, OrderedByNumericVersion) {
  TempDir dir;
  write_file(dir / "0010_reports.sql", "-- 10");
  write_file(dir / "0002_orders.sql", "-- 2");
  write_file(dir / "0001_init.sql", "-- 1");
  const auto migrations = load_migrations(dir.path());
  EXPECT_THAT(names(migrations), ElementsAre("0001_init.sql", "0002_orders.sql", "0010_reports.sql"));
  EXPECT_EQ(migrations[0].version, 1u);
  EXPECT_EQ(migrations[1].version, 2u);
  EXPECT_EQ(migrations[2].version, 10u);
}

TEST(Migrations, VersionsWithoutZeroPaddingAreComparedAsNumbers) {
  TempDir dir;
  write_file(dir / "10_later.sql", "");
  write_file(dir / "2_earlier.sql", "");
  write_file(dir / "1.sql", "");
  EXPECT_THAT(names(load_migrations(dir.path())), ElementsAre("1.sql", "2_earlier.sql", "10_later.sql"));
}

TEST(Migrations, ReadsNamePathAndText) {
  TempDir dir;
  const std::string sql = "CREATE TABLE t (id INTEGER);\r\nINSERT INTO t VALUES (1);\n";
  write_file(dir / "0001_t.sql", sql);
  const auto migrations = load_migrations(dir.path());
  ASSERT_EQ(migrations.size(), 1u);
  EXPECT_EQ(migrations[0].name, "0001_t.sql");
  EXPECT_EQ(migrations[0].path, dir / "0001_t.sql");
  EXPECT_EQ(migrations[0].sql, sql);  // bytes as they are, CR included
}

TEST(Migrations, IgnoresFilesThatAreNotSql) {
  TempDir dir;
  write_file(dir / "0001_init.sql", "");
  write_file(dir / "README.md", "");
  write_file(dir / "0002_notes.txt", "");
  write_file(dir / "0003_backup.sql.bak", "");
  write_file(dir / "0004_upper.SQL", "");
  std::filesystem::create_directory(dir / "0005_folder.sql");
  EXPECT_THAT(names(load_migrations(dir.path())), ElementsAre("0001_init.sql"));
}

TEST(Migrations, MissingFolderIsAUsageErrorNamingIt) {
  TempDir dir;
  const auto missing = dir / "no-such-folder";
  EXPECT_THAT(usage_error_of([&] { load_migrations(missing); }), HasSubstr(missing.string()));
}

TEST(Migrations, RegularFileInsteadOfFolderIsAUsageError) {
  TempDir dir;
  write_file(dir / "file.sql", "");
  EXPECT_THAT(usage_error_of([&] { load_migrations(dir / "file.sql"); }), HasSubstr("is a file, not a folder"));
}

TEST(Migrations, EmptyFolderIsAUsageError) {
  TempDir dir;
  const std::string message = usage_error_of([&] { load_migrations(dir.path()); });
  EXPECT_THAT(message, HasSubstr("no *.sql"));
  EXPECT_THAT(message, HasSubstr(dir.path().string()));
}

TEST(Migrations, FolderWithoutSqlFilesIsAUsageError) {
  TempDir dir;
  write_file(dir / "README.md", "");
  EXPECT_THAT(usage_error_of([&] { load_migrations(dir.path()); }), HasSubstr("no *.sql"));
}

TEST(Migrations, NameWithoutVersionIsAUsageErrorNamingTheFile) {
  TempDir dir;
  write_file(dir / "0001_init.sql", "");
  write_file(dir / "init.sql", "");
  const std::string message = usage_error_of([&] { load_migrations(dir.path()); });
  EXPECT_THAT(message, HasSubstr("init.sql"));
  EXPECT_THAT(message, HasSubstr("version number"));
}

TEST(Migrations, DuplicateVersionIsAUsageErrorNamingBothFiles) {
  TempDir dir;
  write_file(dir / "0002_orders.sql", "");
  write_file(dir / "2_customers.sql", "");
  const std::string message = usage_error_of([&] { load_migrations(dir.path()); });
  EXPECT_THAT(message, HasSubstr("0002_orders.sql"));
  EXPECT_THAT(message, HasSubstr("2_customers.sql"));
  EXPECT_THAT(message, HasSubstr("version 2"));
}

TEST(Migrations, ChecksumIsSha256OfTheFileBytes) {
  TempDir dir;
  write_file(dir / "0001_abc.sql", "abc");
  const std::string binary = bytes("CREATE TABLE t(x);\n\0\xff");
  write_file(dir / "0002_bin.sql", binary);
  const auto migrations = load_migrations(dir.path());
  EXPECT_EQ(migrations[0].checksum, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(migrations[1].checksum, backends::sha256_hex(binary));
  EXPECT_EQ(migrations[1].sql, binary);
}

TEST(Migrations, FingerprintIsStableForTheSameFiles) {
  TempDir a, b;
  for (const auto* d : {&a, &b}) {
    write_file(*d / "0001_init.sql", "CREATE TABLE t(x);");
    write_file(*d / "0002_more.sql", "CREATE TABLE u(y);");
  }
  EXPECT_EQ(backends::fingerprint(load_migrations(a.path())), backends::fingerprint(load_migrations(b.path())));
  EXPECT_EQ(backends::fingerprint(load_migrations(a.path())).size(), 64u);
}

TEST(Migrations, FingerprintChangesWithAFilesContent) {
  TempDir dir;
  write_file(dir / "0001_init.sql", "CREATE TABLE t(x);");
  write_file(dir / "0002_more.sql", "CREATE TABLE u(y);");
  const auto before = backends::fingerprint(load_migrations(dir.path()));
  write_file(dir / "0002_more.sql", "CREATE TABLE u(z);");
  EXPECT_NE(backends::fingerprint(load_migrations(dir.path())), before);
}

TEST(Migrations, FingerprintChangesWithAFilesName) {
  TempDir dir;
  write_file(dir / "0001_init.sql", "CREATE TABLE t(x);");
  const auto before = backends::fingerprint(load_migrations(dir.path()));
  std::filesystem::rename(dir / "0001_init.sql", dir / "0001_start.sql");
  EXPECT_NE(backends::fingerprint(load_migrations(dir.path())), before);
}

TEST(Migrations, FingerprintDependsOnOrder) {
  Migration one{1, "0001_a.sql", {}, "x", backends::sha256_hex("x")};
  Migration two{2, "0002_b.sql", {}, "y", backends::sha256_hex("y")};
  EXPECT_NE(backends::fingerprint({one, two}), backends::fingerprint({two, one}));
}

TEST(Migrations, FingerprintDoesNotConfuseNameAndContentBoundaries) {
  // "ab" + checksum(c) must differ from "a" + checksum(bc): the name ends with a separator.
  Migration ab{1, "ab", {}, "c", backends::sha256_hex("c")};
  Migration a{1, "a", {}, "bc", backends::sha256_hex("bc")};
  EXPECT_NE(backends::fingerprint({ab}), backends::fingerprint({a}));
}

TEST(Migrations, LineAtCountsNewlinesBeforeTheOffset) {
  const std::string text = "one\ntwo\n\nfour";
  EXPECT_EQ(backends::line_at(text, 0), 1);
  EXPECT_EQ(backends::line_at(text, 2), 1);
  EXPECT_EQ(backends::line_at(text, 3), 1);  // the newline itself is still on line 1
  EXPECT_EQ(backends::line_at(text, 4), 2);
  EXPECT_EQ(backends::line_at(text, 8), 3);
  EXPECT_EQ(backends::line_at(text, 9), 4);
  EXPECT_EQ(backends::line_at(text, text.size()), 4);
  EXPECT_EQ(backends::line_at(text, 10'000), 4);  // past the end: the last line
  EXPECT_EQ(backends::line_at("", 0), 1);
}

}  // namespace
}  // namespace dbtest::unit
