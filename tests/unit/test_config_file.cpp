// dbtest.toml: where it is found, how a profile inherits the default one,
// which source wins (command line, environment, profile, built-in default),
// the per-pattern overrides, and every error naming the file and the line.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "base/errors.hpp"
#include "cli/config_file.hpp"
#include "cli/options.hpp"
#include "unit_support.hpp"

namespace dbtest::unit {
namespace {

namespace fs = std::filesystem;
using runner::Options;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

using Environment = std::map<std::string, std::string>;

// A project folder with a dbtest.toml, and a run from inside it.
class ConfigFile : public ::testing::Test {
 protected:
  ConfigFile() : root_(fs::canonical(dir_.path())) {}

  fs::path root() const { return root_; }
  fs::path file() const { return root_ / "dbtest.toml"; }
  void write_config(const std::string& text, const fs::path& folder = {}) {
    fs::create_directories(folder.empty() ? root_ : folder);
    write_file((folder.empty() ? root_ : folder) / "dbtest.toml", text);
  }

  Options parse(std::vector<const char*> args, const Environment& env = {}, const fs::path& cwd = {}) {
    args.insert(args.begin(), "dbtest");
    auto parsed = runner::parse_command_line(static_cast<int>(args.size()), args.data(), env, cwd.empty() ? root_ : cwd);
    if (!parsed.options) throw std::runtime_error("no options: help was printed");
    return *parsed.options;
  }

  std::string error_of(std::vector<const char*> args, const Environment& env = {}) {
    try {
      parse(std::move(args), env);
    } catch (const UsageError& e) {
      return e.what();
    }
    ADD_FAILURE() << "accepted";
    return {};
  }

  // "FILE:LINE: ", as every message about the file begins.
  std::string at(int line) const { return file().string() + ":" + std::to_string(line) + ": "; }

 private:
  TempDir dir_;
  fs::path root_;
};

// ---- finding the file ----

TEST_F(ConfigFile, IsFoundInTheWorkingFolderOrTheNearestFolderAbove) {
  write_config("[profile.default]\nparallel = 3\n");
  const fs::path deep = root() / "a" / "b";
  fs::create_directories(deep);
  EXPECT_EQ(parse({"--", "t"}, {}, deep).parallel, 3);

  write_config("[profile.default]\nparallel = 5\n", root() / "a");
  EXPECT_EQ(parse({"--", "t"}, {}, deep).parallel, 5) << "the nearest file wins";
  EXPECT_EQ(parse({"--", "t"}, {}, root()).parallel, 3);
}

TEST_F(ConfigFile, WithoutAFileTheBuiltInDefaultsHold) {
  const Options o = parse({"--", "t"});
  EXPECT_FALSE(o.parallel);
  EXPECT_FALSE(o.timeout_seconds);
  EXPECT_TRUE(o.overrides.empty());
}

TEST_F(ConfigFile, ConfigNamesTheFileWhichMustExist) {
  write_file(root() / "other.toml", "[profile.default]\nretries = 4\n");
  EXPECT_EQ(parse({"--config", "other.toml", "--", "t"}).retries, 4);
  EXPECT_EQ(error_of({"--config", "missing.toml", "--", "t"}), "--config missing.toml: no such file");
}

TEST_F(ConfigFile, ProfileWithoutAFileIsAnError) {
  EXPECT_EQ(error_of({"--profile", "ci", "--", "t"}),
            "--profile ci asks for a profile, but there is no dbtest.toml in " + root().string() +
                " or a folder above it (name one with --config PATH)");
}

// ---- profiles ----

const char* const kTwoProfiles = R"([profile.default]
parallel = 2
filter = "Db.*"
timeout = 30
keepdb = true

[profile.ci]
parallel = 8
junit-xml = "reports/junit.xml"
)";

TEST_F(ConfigFile, TheDefaultProfileAppliesWithoutAName) {
  write_config(kTwoProfiles);
  const Options o = parse({"--", "t"});
  EXPECT_EQ(o.parallel, 2);
  EXPECT_EQ(o.filter, "Db.*");
  EXPECT_EQ(o.timeout_seconds, 30.0);
  EXPECT_TRUE(o.keepdb);
  EXPECT_FALSE(o.junit_xml);
}

TEST_F(ConfigFile, AProfileInheritsTheDefaultKeyByKey) {
  write_config(kTwoProfiles);
  const Options o = parse({"--profile", "ci", "--", "t"});
  EXPECT_EQ(o.parallel, 8);
  EXPECT_EQ(o.filter, "Db.*");
  EXPECT_EQ(o.timeout_seconds, 30.0);
  EXPECT_TRUE(o.keepdb);
  EXPECT_EQ(o.junit_xml, root() / "reports" / "junit.xml");
}

TEST_F(ConfigFile, TheEnvironmentChoosesAProfileAndTheCommandLineBeatsIt) {
  write_config(kTwoProfiles + std::string("[profile.local]\nparallel = 1\n"));
  EXPECT_EQ(parse({"--", "t"}, {{"DBTEST_PROFILE", "ci"}}).parallel, 8);
  EXPECT_EQ(parse({"--profile", "local", "--", "t"}, {{"DBTEST_PROFILE", "ci"}}).parallel, 1);
}

TEST_F(ConfigFile, RelativePathsAreRelativeToTheFilesFolder) {
  // An absolute path is one with a drive on Windows, so it is built rather than spelled.
  const fs::path elsewhere = root().parent_path() / "dbtest-state";
  write_config(R"([profile.default]
migrations = "db/migrations"
state-dir = ")" + elsewhere.generic_string() + R"("
migrate-input = ["schema.sql", "seed/data.sql"]
)");
  const fs::path deep = root() / "build" / "tests";
  fs::create_directories(deep);
  const Options o = parse({"--", "t"}, {}, deep);
  EXPECT_EQ(o.migrations, root() / "db" / "migrations");
  EXPECT_EQ(o.state_dir, fs::path(elsewhere.generic_string()));
  EXPECT_THAT(o.migrate_inputs, ElementsAre(root() / "schema.sql", root() / "seed" / "data.sql"));
}

// On Windows a path from the root without a drive is the current drive's,
// as it is on the command line, not the config file's folder's.
TEST_F(ConfigFile, APathFromTheRootIsTakenAsItIs) {
  write_config("[profile.default]\nmigrations = \"/srv/app/migrations\"\n");
  EXPECT_EQ(parse({"--", "t"}).migrations, fs::path("/srv/app/migrations"));
}

TEST_F(ConfigFile, BinariesOfTheProfileRunOnlyWhenTheCommandLineNamesNone) {
  write_config("[profile.default]\nbinaries = [\"build/app_tests\", \"build/db_tests\"]\n");
  EXPECT_THAT(parse({}).binaries, ElementsAre(root() / "build" / "app_tests", root() / "build" / "db_tests"));
  EXPECT_THAT(parse({"--", "mine"}).binaries, ElementsAre(fs::path("mine")));
  EXPECT_THAT(parse({"--test-binary", "mine"}).binaries, ElementsAre(fs::path("mine")));
}

TEST_F(ConfigFile, FlagsOptionalValuesAndRepeatableOptions) {
  write_config(R"([profile.default]
verbose = true
failfast = false
group = ["db:1=Db.*", "api:2=Api.*"]
test-arg = "--gtest_break_on_failure"
shuffle = 42
check-clean = true

[profile.fresh]
shuffle = true
check-clean = "fail"
)");
  Options o = parse({"--", "t"});
  EXPECT_TRUE(o.verbose);
  EXPECT_FALSE(o.failfast);
  ASSERT_EQ(o.groups.size(), 2u);
  EXPECT_EQ(o.groups[1].name, "api");
  EXPECT_EQ(o.groups[1].limit, 2);
  EXPECT_THAT(o.test_args, ElementsAre("--gtest_break_on_failure"));
  EXPECT_EQ(o.shuffle, "42");
  EXPECT_EQ(o.check_clean, "report");

  o = parse({"--profile", "fresh", "--", "t"});
  EXPECT_EQ(o.shuffle, "");  // a fresh seed
  EXPECT_EQ(o.check_clean, "fail");
}

// ---- precedence: command line, environment, profile, built-in default ----

TEST_F(ConfigFile, CommandLineBeatsEnvironmentBeatsProfileBeatsDefault) {
  EXPECT_FALSE(parse({"--", "t"}).parallel) << "built-in default: the usable CPUs";
  write_config("[profile.default]\nparallel = 3\nfilter = \"Db.*\"\njunit-xml = \"profile.xml\"\nretries = 2\n");
  EXPECT_EQ(parse({"--", "t"}).parallel, 3);
  EXPECT_EQ(parse({"--", "t"}, {{"DBTEST_PARALLEL", "5"}}).parallel, 5);
  EXPECT_EQ(parse({"-j", "7", "--", "t"}, {{"DBTEST_PARALLEL", "5"}}).parallel, 7);

  // GoogleTest's and Bazel's variables stand for options too, and beat the
  // profile without a disagreement to refuse.
  EXPECT_EQ(parse({"--", "t"}, {{"GTEST_FILTER", "Api.*"}}).filter, "Api.*");
  EXPECT_EQ(parse({"--filter", "Ui.*", "--", "t"}).filter, "Ui.*");
  EXPECT_EQ(parse({"--", "t"}, {{"XML_OUTPUT_FILE", "/bazel/test.xml"}}).junit_xml, fs::path("/bazel/test.xml"));
  EXPECT_EQ(parse({"--", "t"}).junit_xml, root() / "profile.xml");
  EXPECT_EQ(parse({"--retries", "0", "--", "t"}).retries, 0);
}

TEST_F(ConfigFile, AnAlternativeOnTheCommandLineSetsAsideTheProfilesOption) {
  write_config("[profile.default]\nmigrations = \"db\"\nreverse = true\n");
  Options o = parse({"--migrate-cmd", "make schema", "--shuffle=7", "--", "t"});
  EXPECT_FALSE(o.migrations);
  EXPECT_EQ(o.migrate_cmd, "make schema");
  EXPECT_FALSE(o.reverse);
  EXPECT_EQ(o.shuffle, "7");
  o = parse({"--", "t"});
  EXPECT_EQ(o.migrations, root() / "db");
  EXPECT_TRUE(o.reverse);
}

// ---- overrides ----

TEST_F(ConfigFile, OverridesKeepTheirOrderAndGroupsGetTheirLimits) {
  write_config(R"([profile.default]
timeout = 30

[profile.default.groups]
db = 1

[[profile.default.overrides]]
filter = "Slow.*"
timeout = 120
retries = 1

[[profile.default.overrides]]
filter = "Db.*:Slow.Db*"
group = "db"

[profile.ci]
[[profile.ci.overrides]]
filter = "Flaky.*"
retries = 3
)");
  Options o = parse({"--", "t"});
  ASSERT_EQ(o.overrides.size(), 2u);
  EXPECT_EQ(o.overrides[0].filter, "Slow.*");
  EXPECT_EQ(o.overrides[0].timeout_seconds, 120.0);
  EXPECT_EQ(o.overrides[0].retries, 1);
  EXPECT_FALSE(o.overrides[0].group);
  EXPECT_EQ(o.overrides[1].group, "db");
  ASSERT_EQ(o.groups.size(), 1u);
  EXPECT_EQ(o.groups[0].name, "db");
  EXPECT_EQ(o.groups[0].limit, 1);
  EXPECT_EQ(o.groups[0].patterns, "");

  // --group gives a group its limit (and patterns) over the table's.
  o = parse({"--group", "db:3=Store.*", "--", "t"});
  ASSERT_EQ(o.groups.size(), 1u);
  EXPECT_EQ(o.groups[0].limit, 3);

  // A profile's own overrides replace the default profile's; groups are
  // inherited name by name.
  o = parse({"--profile", "ci", "--", "t"});
  ASSERT_EQ(o.overrides.size(), 1u);
  EXPECT_EQ(o.overrides[0].filter, "Flaky.*");
  EXPECT_EQ(o.groups.size(), 1u);
}

TEST_F(ConfigFile, AnOverridesGroupNeedsALimit) {
  write_config("[profile.default]\n[[profile.default.overrides]]\nfilter = \"Db.*\"\ngroup = \"db\"\n");
  EXPECT_EQ(error_of({"--", "t"}), at(2) + "the override for 'Db.*' names group 'db', which has no limit: add db = N to "
                                            "[profile.default.groups], or give --group db:N=PATTERNS");
  EXPECT_EQ(parse({"--group", "db:1=Nothing.*", "--", "t"}).overrides.at(0).group, "db");
}

// ---- dbtest cleanup ----

TEST_F(ConfigFile, CleanupTakesTheServerAndStateFolderFromTheProfileAndIgnoresTheRest) {
  write_config(R"([profile.default]
backend = "postgres"
database-url = "postgresql://u@db/app"
state-dir = "state"
parallel = 4
binaries = ["build/app_tests"]
)");
  const Options o = parse({"cleanup", "--profile", "default"});
  EXPECT_EQ(o.command, runner::Command::cleanup);
  EXPECT_EQ(o.backend, "postgres");
  EXPECT_EQ(o.database_url, "postgresql://u@db/app");
  EXPECT_EQ(o.state_dir, root() / "state");
  EXPECT_FALSE(o.parallel);
  EXPECT_TRUE(o.binaries.empty());
}

TEST_F(ConfigFile, CleanupOfTemplatesTakesTheirNameFromTheProfileAndPlainCleanupDoesNot) {
  write_config(R"([profile.default]
backend = "postgres"
database-url = "postgresql://u@db/app"
test-db-name = "app_kept"
)");
  const Options templates = parse({"cleanup", "--templates", "--profile", "default"});
  EXPECT_TRUE(templates.templates);
  EXPECT_EQ(templates.test_db_name, "app_kept");
  const Options plain = parse({"cleanup", "--profile", "default"});
  EXPECT_EQ(plain.test_db_name, "");
  EXPECT_EQ(plain.database_url, "postgresql://u@db/app");
}

// ---- errors: one line, the file, the line, the key ----

TEST_F(ConfigFile, ATomlSyntaxErrorNamesTheLine) {
  write_config("[profile.default]\nparallel = 2\nfilter = \"unclosed\n");
  EXPECT_THAT(error_of({"--", "t"}), ::testing::StartsWith(at(3)));
}

TEST_F(ConfigFile, AnUnknownKeyNamesTheLineAndTheProfile) {
  write_config("[profile.default]\nparallel = 2\n\n[profile.ci]\nretries = 1\n\nparalel = 4\n");
  // Every profile is checked, not only the one in use.
  EXPECT_EQ(error_of({"--", "t"}), at(7) + "unknown key 'paralel' in [profile.ci]");
}

TEST_F(ConfigFile, KeysThatAreNotRunOptionsAreUnknown) {
  write_config("[profile.default]\nprofile = \"ci\"\n");
  EXPECT_EQ(error_of({"--", "t"}), at(2) + "unknown key 'profile' in [profile.default] (the file and the profile are "
                                           "chosen with --config and --profile)");
  write_config("[profile.default]\nhelp = true\n");
  EXPECT_EQ(error_of({"--", "t"}), at(2) + "unknown key 'help' in [profile.default]");
  write_config("parallel = 2\n");
  EXPECT_EQ(error_of({"--", "t"}), at(1) + "unknown key 'parallel' (dbtest.toml holds [profile.NAME] tables only)");
  write_config("[profile.default.extra]\nx = 1\n");
  EXPECT_EQ(error_of({"--", "t"}), at(1) + "unknown key 'extra' in [profile.default]");
}

TEST_F(ConfigFile, KeepTemplatesComesFromTheProfileAndIsChecked) {
  write_config("[profile.default]\nkeepdb = true\nkeep-templates = 5\n");
  EXPECT_EQ(parse({"--", "t"}).keep_templates, 5);
  EXPECT_EQ(parse({"--keep-templates", "2", "--", "t"}).keep_templates, 2);
  write_config("[profile.default]\nkeep-templates = 0\n");
  EXPECT_THAT(error_of({"--", "t"}), ::testing::StartsWith(at(2)));
  EXPECT_THAT(error_of({"--", "t"}), HasSubstr("must be a whole number of at least 1, not '0'"));
}

TEST_F(ConfigFile, AValueOfTheWrongKindNamesTheKey) {
  write_config("[profile.default]\nkeepdb = \"yes\"\n");
  EXPECT_EQ(error_of({"--", "t"}), at(2) + "'keepdb' in [profile.default] must be true or false");
  write_config("[profile.default]\n\nfilter = [\"A.*\", \"B.*\"]\n");
  EXPECT_EQ(error_of({"--", "t"}), at(3) + "'filter' in [profile.default] takes one value, not a list");
  write_config("[profile.default]\ntimeout = true\n");
  EXPECT_EQ(error_of({"--", "t"}), at(2) + "'timeout' in [profile.default] must be a value, not true or false");
  write_config("[profile.default]\ngroup = [[1]]\n");
  EXPECT_EQ(error_of({"--", "t"}), at(2) + "'group' in [profile.default] must be a list of strings or numbers");
}

TEST_F(ConfigFile, AValueTheOptionRefusesNamesTheLine) {
  write_config("[profile.default]\nretries = 2\ntimeout = -1\n");
  EXPECT_EQ(error_of({"--", "t"}),
            at(3) + "--timeout must be a positive number of seconds, not '-1' ('timeout' in [profile.default])");
  write_config("[profile.default]\nparallel = 0\n");
  EXPECT_EQ(error_of({"--", "t"}), at(2) + "--parallel must be 'auto' or a whole number from 1 to 999999, not '0'");
  write_config("[profile.default]\ngroup = [\"db\"]\n");
  EXPECT_THAT(error_of({"--", "t"}), ::testing::StartsWith(at(2) + "--group takes NAME:N=PATTERNS"));
  write_config("[profile.default]\njunit-xml = \"\"\n");
  EXPECT_EQ(error_of({"--", "t"}), at(2) + "'junit-xml' in [profile.default] needs a path, not an empty string");
}

TEST_F(ConfigFile, AnUnknownProfileListsTheProfilesThereAre) {
  write_config(kTwoProfiles);
  EXPECT_EQ(error_of({"--profile", "nightly", "--", "t"}),
            file().string() + ": no profile 'nightly' (--profile nightly); it has ci, default");
  EXPECT_EQ(error_of({"--", "t"}, {{"DBTEST_PROFILE", "nightly"}}),
            file().string() + ": no profile 'nightly' (DBTEST_PROFILE=nightly); it has ci, default");
}

TEST_F(ConfigFile, AnOverrideNeedsAFilterAndKnownKeysOfTheRightKind) {
  write_config("[profile.default]\n\n[[profile.default.overrides]]\ntimeout = 5\n");
  EXPECT_EQ(error_of({"--", "t"}), at(3) + "[[profile.default.overrides]] has no filter: say which tests it is for");
  write_config("[[profile.ci.overrides]]\nfilter = \"A.*\"\ntimeot = 5\n");
  EXPECT_EQ(error_of({"--", "t"}),
            at(3) + "unknown key 'timeot' in [[profile.ci.overrides]] (it takes filter, timeout, retries and group)");
  write_config("[[profile.default.overrides]]\nfilter = \"A.*\"\nretries = \"two\"\n");
  EXPECT_EQ(error_of({"--", "t"}), at(3) + "'retries' in [[profile.default.overrides]] must be a whole number from 0 to 100");
  write_config("[[profile.default.overrides]]\nfilter = \"A.*\"\ntimeout = 0\n");
  EXPECT_EQ(error_of({"--", "t"}), at(3) + "'timeout' in [[profile.default.overrides]] must be a positive number of seconds");
  write_config("[profile.default.groups]\ndb = 0\n");
  EXPECT_EQ(error_of({"--", "t"}), at(2) + "group 'db' in [profile.default.groups] must have a limit from 1 to 999999");
}

}  // namespace
}  // namespace dbtest::unit
