// dbtest.toml end to end, on SQLite: a profile's options take effect, the
// profile is chosen with --profile or DBTEST_PROFILE, an override's timeout
// and retries apply to the tests its filter matches and to no other, and a
// bad file is one line on stderr, exit status 2, and nothing left behind.
// dbtest runs in the sandbox folder, where the tests write the file.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <regex>
#include <string>

#include "support/dbtest_run.hpp"
#include "support/engines.hpp"

using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;

namespace e2e {
namespace {

namespace fs = std::filesystem;

void write_config(const fs::path& path, const std::string& text) {
  fs::create_directories(path.parent_path());
  std::ofstream(path, std::ios::binary) << text;
}

// A path as a TOML literal string: no escapes, whatever the OS's separator.
std::string literal(const fs::path& path) { return "'" + path.generic_string() + "'"; }

int lines_matching(const std::string& text, const std::string& pattern) {
  const std::regex re(pattern);
  int n = 0;
  for (const auto& line : lines_of(text)) n += std::regex_match(line, re) ? 1 : 0;
  return n;
}

TEST(ConfigFile, AProfileSetsTheRunsOptions) {
  Sandbox box;
  // The file in a folder of its own, named with --config: its relative
  // paths are taken from there, not from the folder dbtest runs in.
  const fs::path config = box.root() / "project" / "dbtest.toml";
  write_config(config, "[profile.default]\n"
                       "parallel = 2\n"
                       "migrations = " + literal(migrations("basic")) + "\n"
                       "filter = \"Schema.*:Small/Squares.*\"\n"
                       "junit-xml = \"report.xml\"\n"
                       "binaries = [" + literal(suite("passing_suite")) + "]\n");
  auto r = run_dbtest(box, {"--config", config.string()});
  EXPECT_EQ(r.exit_code, 0) << r.all();
  EXPECT_EQ(last_line(r.out), "6 passed, 0 failed, 0 skipped") << r.all();
  EXPECT_THAT(r.out, HasSubstr("on 2 workers")) << r.out;
  EXPECT_THAT(slurp(box.root() / "project" / "report.xml"), HasSubstr("<testsuite name=\"Schema\" tests=\"3\""));
  EXPECT_FALSE(fs::exists(box.root() / "report.xml"));
  EXPECT_THAT(box.leftovers(), IsEmpty());

  // The command line beats the profile; the environment does too.
  r = run_dbtest(box, {"--config", config.string(), "--filter", "Small/Squares.*"}, {{"DBTEST_PARALLEL", "1"}});
  EXPECT_EQ(last_line(r.out), "3 passed, 0 failed, 0 skipped") << r.all();
  EXPECT_THAT(r.out, HasSubstr("on 1 worker (sqlite)")) << r.out;
}

TEST(ConfigFile, TheProfileIsChosenWithProfileOrTheEnvironment) {
  Sandbox box;
  write_config(box.root() / "dbtest.toml", "[profile.default]\n"
                                           "migrations = " + literal(migrations("basic")) + "\n"
                                           "filter = \"Schema.*\"\n"
                                           "\n"
                                           "[profile.ci]\n"
                                           "filter = \"Small/Squares.*:Rollback.*\"\n");
  const std::vector<std::string> binary = {"--", suite("passing_suite")};
  EXPECT_EQ(last_line(run_dbtest(box, binary).out), "3 passed, 0 failed, 0 skipped");
  EXPECT_EQ(last_line(run_dbtest(box, concat({"--profile", "ci"}, binary)).out), "5 passed, 0 failed, 0 skipped");
  EXPECT_EQ(last_line(run_dbtest(box, binary, {{"DBTEST_PROFILE", "ci"}}).out), "5 passed, 0 failed, 0 skipped");
  // --profile beats DBTEST_PROFILE.
  EXPECT_EQ(last_line(run_dbtest(box, concat({"--profile", "default"}, binary), {{"DBTEST_PROFILE", "ci"}}).out),
            "3 passed, 0 failed, 0 skipped");
}

TEST(ConfigFile, AnOverridesTimeoutEndsTheHangingTestItMatchesAlone) {
  Sandbox box;
  write_config(box.root() / "dbtest.toml", "[profile.default]\n"
                                           "timeout = 60\n"
                                           "migrations = " + literal(migrations("portable")) + "\n"
                                           "\n"
                                           "[[profile.default.overrides]]\n"
                                           "filter = \"Faulty.Misbehaves\"\n"
                                           "timeout = 1\n");
  const auto r = run_dbtest(box, {"-v", "--parallel", "2", "--", suite("fault_suite")}, {{"FAULT_MODE", "hang"}});
  EXPECT_EQ(r.exit_code, 1) << r.all();
  EXPECT_THAT(r.out, HasSubstr("TIMED OUT: Faulty.Misbehaves")) << r.out;
  EXPECT_THAT(r.out, HasSubstr("timed out after 1 s; the worker was killed")) << r.out;
  EXPECT_EQ(last_line(r.out), "4 passed, 1 failed, 0 skipped") << r.out;
  EXPECT_THAT(box.leftovers(), IsEmpty());

  // --list shows each test's own limit.
  const auto list = run_dbtest(box, {"--list", "--", suite("fault_suite")});
  EXPECT_THAT(list.out, HasSubstr("Faulty.Misbehaves [timeout 1 s]")) << list.out;
  EXPECT_THAT(list.out, Not(HasSubstr("Before.Passes [timeout"))) << list.out;
}

TEST(ConfigFile, AnOverridesRetriesApplyToTheTestsItMatchesAlone) {
  Sandbox box;
  write_config(box.root() / "dbtest.toml", "[profile.default]\n"
                                           "migrations = " + literal(migrations("portable")) + "\n"
                                           "\n"
                                           "[[profile.default.overrides]]\n"
                                           "filter = \"Flaky.*\"\n"
                                           "retries = 2\n");
  const auto r = run_dbtest(box, {"-v", "--parallel", "2", "--filter", "Neutral.Query00?:Flaky.*:Alone.*", "--",
                                  suite("hunt_suite")},
                            {{"HUNT_FLAKY_MARKER", (box.root() / "flaky-ran").string()}});
  EXPECT_EQ(r.exit_code, 1) << r.all();
  EXPECT_EQ(last_line(r.out), "10 passed, 1 failed, 0 skipped, 1 flaky") << r.out;
  EXPECT_THAT(r.out, HasSubstr("passed on attempt 2")) << r.out;
  // Alone.AlwaysFails has no retries: it ran once.
  EXPECT_EQ(lines_matching(r.out, R"(^FAILED: Alone\.AlwaysFails  \[.*)"), 1) << r.out;
}

struct BadConfig {
  std::string name;
  std::string text;
  std::vector<std::string> options;
  std::string expected;  // after "dbtest: error: {file}"
};

void PrintTo(const BadConfig& c, std::ostream* os) { *os << c.name; }

class BadConfigFile : public ::testing::TestWithParam<BadConfig> {};

TEST_P(BadConfigFile, IsOneLineNamingTheFileAndTheLineAndLeavesNothing) {
  Sandbox box;
  const fs::path file = box.root() / "dbtest.toml";
  write_config(file, GetParam().text);
  auto args = concat(GetParam().options, {"--junit-xml", (box.root() / "report.xml").string(), "--migrations",
                                          migrations("basic"), "--", suite("passing_suite")});
  const auto r = run_dbtest(box, args);
  expect_one_line_error(r, "");
  EXPECT_EQ(r.err, "dbtest: error: " + file.string() + GetParam().expected + "\n");
  EXPECT_THAT(box.leftovers(), IsEmpty());
  EXPECT_FALSE(fs::exists(box.root() / "report.xml"));
  EXPECT_FALSE(fs::exists(box.state())) << "the state folder was made before the file was checked";
}

INSTANTIATE_TEST_SUITE_P(
    Cases, BadConfigFile,
    ::testing::Values(
        BadConfig{"UnknownKey", "[profile.default]\nparallel = 2\n\n[profile.ci]\n\n\nparalel = 4\n", {},
                  ":7: unknown key 'paralel' in [profile.ci]"},
        BadConfig{"TomlSyntax", "[profile.default]\nparallel = = 2\n", {},
                  ":2: Error while parsing value: could not determine value type"},
        BadConfig{"WrongType", "[profile.default]\nkeepdb = \"yes\"\n", {},
                  ":2: 'keepdb' in [profile.default] must be true or false"},
        BadConfig{"ValueTheOptionRefuses", "[profile.default]\nretries = 500\n", {},
                  ":2: --retries Value 500 not in range 0 to 100 ('retries' in [profile.default])"},
        BadConfig{"UnknownProfile", "[profile.default]\n[profile.ci]\n", {"--profile", "nightly"},
                  ": no profile 'nightly' (--profile nightly); it has ci, default"},
        BadConfig{"OverrideWithoutFilter", "[profile.default]\n\n[[profile.default.overrides]]\nretries = 1\n", {},
                  ":3: [[profile.default.overrides]] has no filter: say which tests it is for"}),
    [](const auto& row) { return row.param.name; });

}  // namespace
}  // namespace e2e
