// Bad input: one exact line on stderr, exit status 2, nothing left behind,
// and no password shown. Every case needs no database server: a server case
// points at 127.0.0.1:1, where nothing listens.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <ostream>
#include <string>
#include <vector>

#include "support/dbtest_run.hpp"
#include "support/engines.hpp"

using ::testing::HasSubstr;
using ::testing::Not;

namespace e2e {
namespace {

namespace fs = std::filesystem;

// Every URL of the table carries this password; no output may show it.
constexpr const char* kSecret = "hunter2";

struct FileToWrite {
  std::string path;  // relative to the sandbox, where dbtest runs
  std::string contents;
  bool executable = false;
};

struct BadInputCase {
  std::string name;
  // {suites}, {migrations} and {sandbox} stand for the folders of this build
  // and of the running test, in the arguments and in the expected line; {/}
  // for the separator dbtest puts between a folder and a name it found in it.
  std::vector<std::string> args;
  std::string expected_line;
  std::map<std::string, std::string> env = {};
  std::vector<FileToWrite> files = {};
  // "postgres" or "mysql": the row needs a dbtest built with that engine,
  // or, with `without_engine`, one built without it.
  std::string engine = {};
  bool without_engine = false;
  // The row starts a shell script or names a POSIX signal: it runs where
  // test_os::has_posix_shell().
  bool posix_only = false;
};

void PrintTo(const BadInputCase& c, std::ostream* os) {
  *os << c.name << ":";
  for (const auto& a : c.args) *os << " '" << a << "'";
}

const FileToWrite kAFile{"a-file", "not a folder\n"};

FileToWrite script(const std::string& path, const std::string& body) { return {path, "#!/bin/sh\n" + body, true}; }

const std::vector<BadInputCase> kCases = {
    // Options
    {.name = "UnknownOption",
     .args = {"--frobnicate", "{suites}/failing_suite"},
     .expected_line = "dbtest: error: unknown option --frobnicate (see dbtest --help)"},
    {.name = "UnknownOptionBeforeDoubleDash", .args = {"--frobnicate", "--", "{suites}/failing_suite"},
     .expected_line = "dbtest: error: unknown option --frobnicate (see dbtest --help)"},
    {.name = "ParallelZero",
     .args = {"--parallel", "0", "--", "{suites}/failing_suite"},
     .expected_line = "dbtest: error: --parallel must be 'auto' or a whole number from 1 to 999999, not '0'"},
    {.name = "ParallelNegative",
     .args = {"--parallel", "-3", "--", "{suites}/failing_suite"},
     .expected_line = "dbtest: error: --parallel must be 'auto' or a whole number from 1 to 999999, not '-3'"},
    {.name = "ParallelWord",
     .args = {"--parallel", "abc", "--", "{suites}/failing_suite"},
     .expected_line = "dbtest: error: --parallel must be 'auto' or a whole number from 1 to 999999, not 'abc'"},
    {.name = "ParallelFraction",
     .args = {"--parallel", "1.5", "--", "{suites}/failing_suite"},
     .expected_line = "dbtest: error: --parallel must be 'auto' or a whole number from 1 to 999999, not '1.5'"},
    {.name = "ParallelBeyondTheLargest", .args = {"-j", "9999999", "--", "{suites}/failing_suite"},
     .expected_line = "dbtest: error: --parallel must be 'auto' or a whole number from 1 to 999999, not '9999999'"},
    {.name = "ParallelEmpty",
     .args = {"--parallel", "", "--", "{suites}/failing_suite"},
     .expected_line = "dbtest: error: --parallel needs a value, not an empty string"},
    {.name = "ParallelFromEnvironmentWord",
     .args = {"--", "{suites}/failing_suite"},
     .expected_line = "dbtest: error: DBTEST_PARALLEL must be 'auto' or a whole number from 1 to 999999, not 'abc'",
     .env = {{"DBTEST_PARALLEL", "abc"}}},
    {.name = "ParallelFromEnvironmentZero",
     .args = {"--", "{suites}/failing_suite"},
     .expected_line = "dbtest: error: DBTEST_PARALLEL must be 'auto' or a whole number from 1 to 999999, not '0'",
     .env = {{"DBTEST_PARALLEL", "0"}}},
    // GoogleTest's variables and flags that dbtest decides itself
    {.name = "GtestRepeatForever",
     .args = {"--", "{suites}/failing_suite"},
     .expected_line = "dbtest: error: GTEST_REPEAT=-1 cannot be applied: dbtest's --repeat takes a count from 1 to "
                      "100000 (unset GTEST_REPEAT)",
     .env = {{"GTEST_REPEAT", "-1"}}},
    {.name = "GroupWithoutACount",
     .args = {"--group", "db=Orders.*", "--", "{suites}/failing_suite"},
     .expected_line = "dbtest: error: --group takes NAME:N=PATTERNS (at most N of the tests PATTERNS selects at "
                      "once), not 'db=Orders.*'"},
    {.name = "GroupOfZero",
     .args = {"--group", "db:0=Orders.*", "--", "{suites}/failing_suite"},
     .expected_line = "dbtest: error: --group db:0=Orders.*: N must be a whole number from 1 to 999999, not '0'"},
    {.name = "GroupGivenTwice",
     .args = {"--group", "db:1=A.*", "--group", "db:2=B.*", "--", "{suites}/failing_suite"},
     .expected_line = "dbtest: error: --group db is given twice"},
    {.name = "StageWithoutPatterns",
     .args = {"--stage", "@2", "--", "{suites}/failing_suite"},
     .expected_line = "dbtest: error: --stage takes PATTERNS[@N] (the tests of one stage, and at most N workers for "
                      "it), not '@2'"},
    {.name = "StageWithABadWorkerCount",
     .args = {"--stage", "Orders.*@0", "--", "{suites}/failing_suite"},
     .expected_line = "dbtest: error: --stage Orders.*@0: the worker count after '@' must be a whole number from 1 to "
                      "999999, not '0'"},
    {.name = "CheckCleanWithAnUnknownMode",
     .args = {"--check-clean=sometimes", "--", "{suites}/failing_suite"},
     .expected_line = "dbtest: error: --check-clean takes report, reclone or fail, not 'sometimes'"},
    {.name = "PoolSizeWithoutIsolationTest",
     .args = {"--pool-size", "4", "--", "{suites}/failing_suite"},
     .expected_line = "dbtest: error: --pool-size needs --isolation test: it is the number of fresh clones made ahead "
                      "of the tests"},
    {.name = "IsolationTestWithCheckClean",
     .args = {"--isolation", "test", "--check-clean", "--", "{suites}/failing_suite"},
     .expected_line = "dbtest: error: --check-clean and --isolation test exclude each other: under --isolation test no "
                      "test sees what another left"},
    {.name = "IsolationTestWithIsosuite",
     .args = {"--isolation", "test", "--dist", "isosuite", "--", "{suites}/failing_suite"},
     .expected_line = "dbtest: error: --dist isosuite and --isolation test exclude each other: a suite's shared set-up "
                      "lives in a worker's database, which --isolation test replaces before every test"},
    {.name = "KeepGoingWithoutStages",
     .args = {"--keep-going", "--", "{suites}/failing_suite"},
     .expected_line = "dbtest: error: --keep-going needs --stage: it lets later stages run after a failure"},
    {.name = "GtestRepeatZero",
     .args = {"--", "{suites}/failing_suite"},
     .expected_line = "dbtest: error: GTEST_REPEAT=0 cannot be applied: dbtest's --repeat takes a count from 1 to "
                      "100000 (unset GTEST_REPEAT)",
     .env = {{"GTEST_REPEAT", "0"}}},
    {.name = "GtestRepeatWord",
     .args = {"--", "{suites}/failing_suite"},
     .expected_line = "dbtest: error: GTEST_REPEAT=often cannot be applied: dbtest's --repeat takes a count from 1 to "
                      "100000 (unset GTEST_REPEAT)",
     .env = {{"GTEST_REPEAT", "often"}}},
    {.name = "GtestRepeatDisagreesWithRepeat",
     .args = {"--repeat", "2", "--", "{suites}/failing_suite"},
     .expected_line = "dbtest: error: GTEST_REPEAT=3 and --repeat 2 disagree: unset GTEST_REPEAT",
     .env = {{"GTEST_REPEAT", "3"}}},
    {.name = "GtestFilterDisagreesWithFilter",
     .args = {"--filter", "A.*", "--", "{suites}/failing_suite"},
     .expected_line = "dbtest: error: GTEST_FILTER=B.* and --filter A.* disagree: unset GTEST_FILTER",
     .env = {{"GTEST_FILTER", "B.*"}}},
    {.name = "GtestRandomSeedWord",
     .args = {"--", "{suites}/failing_suite"},
     .expected_line = "dbtest: error: GTEST_RANDOM_SEED=lucky cannot be applied: dbtest's --shuffle takes a seed of "
                      "digits only (unset GTEST_RANDOM_SEED)",
     .env = {{"GTEST_SHUFFLE", "1"}, {"GTEST_RANDOM_SEED", "lucky"}}},
    {.name = "GtestShuffleWithReverse",
     .args = {"--reverse", "--", "{suites}/failing_suite"},
     .expected_line = "dbtest: error: --reverse and --shuffle exclude each other (GTEST_SHUFFLE=1 stands for --shuffle)",
     .env = {{"GTEST_SHUFFLE", "1"}}},
    {.name = "TestArgGtestFilter",
     .args = {"--test-arg=--gtest_filter=A.*", "--", "{suites}/failing_suite"},
     .expected_line = "dbtest: error: --test-arg --gtest_filter=A.* is dbtest's to decide: use dbtest's --filter instead"},
    {.name = "TestArgGtestOutput",
     .args = {"--test-arg", "--gtest_output=xml:a.xml", "--", "{suites}/failing_suite"},
     .expected_line =
         "dbtest: error: --test-arg --gtest_output=xml:a.xml is dbtest's to decide: use dbtest's --junit-xml instead"},
    {.name = "TestArgGtestListTests",
     .args = {"--test-arg=--gtest_list_tests", "--", "{suites}/failing_suite"},
     .expected_line = "dbtest: error: --test-arg --gtest_list_tests is dbtest's to decide: use dbtest's --list instead"},
    {.name = "TestArgGtestShuffle",
     .args = {"--test-arg=--gtest_shuffle", "--", "{suites}/failing_suite"},
     .expected_line = "dbtest: error: --test-arg --gtest_shuffle is dbtest's to decide: use dbtest's --shuffle instead"},
    {.name = "TestArgGtestRepeat",
     .args = {"--test-arg=--gtest_repeat=5", "--", "{suites}/failing_suite"},
     .expected_line = "dbtest: error: --test-arg --gtest_repeat=5 is dbtest's to decide: use dbtest's --repeat instead"},
    {.name = "TestArgGtestAlsoRunDisabledTests",
     .args = {"--test-arg=--gtest_also_run_disabled_tests", "--", "{suites}/failing_suite"},
     .expected_line = "dbtest: error: --test-arg --gtest_also_run_disabled_tests is dbtest's to decide: use dbtest's "
                      "--run-disabled instead"},
    {.name = "TestArgGtestRandomSeed",
     .args = {"--test-arg=--gtest_random_seed=3", "--", "{suites}/failing_suite"},
     .expected_line =
         "dbtest: error: --test-arg --gtest_random_seed=3 is dbtest's to decide: use dbtest's --shuffle SEED instead"},
    {.name = "TimeoutZero", .args = {"--timeout", "0", "--", "{suites}/failing_suite"},
     .expected_line = "dbtest: error: --timeout must be a positive number of seconds, not '0'"},
    {.name = "TimeoutNegative", .args = {"--timeout", "-1", "--", "{suites}/failing_suite"},
     .expected_line = "dbtest: error: --timeout must be a positive number of seconds, not '-1'"},
    {.name = "TimeoutWord", .args = {"--timeout", "abc", "--", "{suites}/failing_suite"},
     .expected_line = "dbtest: error: --timeout must be a positive number of seconds, not 'abc'"},
    {.name = "ListTimeoutZero", .args = {"--list-timeout", "0", "--", "{suites}/failing_suite"},
     .expected_line = "dbtest: error: --list-timeout must be a positive number of seconds, not '0'"},
    {.name = "MaxWorkerRestartsNegative", .args = {"--max-worker-restarts", "-1", "--", "{suites}/failing_suite"},
     .expected_line = "dbtest: error: --max-worker-restarts must be a whole number of at least 0, not '-1'"},
    {.name = "DurationsNegative", .args = {"--durations", "-1", "--", "{suites}/failing_suite"},
     .expected_line = "dbtest: error: --durations must be a whole number of at least 0, not '-1'"},
    {.name = "TimeoutNotANumber", .args = {"--timeout", "nan", "--", "{suites}/failing_suite"},
     .expected_line = "dbtest: error: --timeout must be a positive number of seconds, not 'nan'"},
    {.name = "MaxWorkerRestartsFraction",
     .args = {"--max-worker-restarts", "1.5", "--", "{suites}/failing_suite"},
     .expected_line = "dbtest: error: --max-worker-restarts must be a whole number of at least 0, not '1.5'"},
    {.name = "OutputLimitTooSmall",
     .args = {"--output-limit", "100", "--", "{suites}/failing_suite"},
     .expected_line = "dbtest: error: --output-limit: Value 100 not in range 1024 to 8388608 (see dbtest --help)"},
    {.name = "OutputLimitTooLarge",
     .args = {"--output-limit", "99999999999", "--", "{suites}/failing_suite"},
     .expected_line = "dbtest: error: --output-limit: Value 99999999999 not in range 1024 to 8388608 (see dbtest --help)"},
    {.name = "OutputLimitWord",
     .args = {"--output-limit", "abc", "--", "{suites}/failing_suite"},
     .expected_line = "dbtest: error: --output-limit: Value abc not in range 1024 to 8388608 (see dbtest --help)"},
    {.name = "DistBogus",
     .args = {"--dist", "bogus", "--", "{suites}/failing_suite"},
     .expected_line = "dbtest: error: --dist: bogus not in {suite,test,isosuite} (see dbtest --help)"},
    {.name = "IsolationBogus",
     .args = {"--isolation", "suite", "--", "{suites}/failing_suite"},
     .expected_line = "dbtest: error: --isolation: suite not in {worker,test} (see dbtest --help)"},
    {.name = "SqliteModeBogus",
     .args = {"--sqlite-mode", "bogus", "--", "{suites}/failing_suite"},
     .expected_line = "dbtest: error: --sqlite-mode: bogus not in {memory,file} (see dbtest --help)"},
    {.name = "PgCloneStrategyBogus",
     .args = {"--pg-clone-strategy", "bogus", "--", "{suites}/failing_suite"},
     .expected_line = "dbtest: error: --pg-clone-strategy: bogus not in {wal_log,file_copy} (see dbtest --help)"},
    {.name = "SignalWithoutEquals",
     .args = {"--signal", "schema", "--", "{suites}/failing_suite"},
     .expected_line = "dbtest: error: --signal takes KEY=VALUE, not 'schema'"},
    {.name = "SignalWithoutKey",
     .args = {"--signal", "=v1", "--", "{suites}/failing_suite"},
     .expected_line = "dbtest: error: --signal takes KEY=VALUE, not '=v1'"},
    {.name = "JunitXmlEmpty",
     .args = {"--junit-xml", "", "--", "{suites}/failing_suite"},
     .expected_line = "dbtest: error: --junit-xml needs a value, not an empty string"},
    {.name = "StateDirEmpty", .args = {"--state-dir", "", "--", "{suites}/failing_suite"},
     .expected_line = "dbtest: error: --state-dir needs a value, not an empty string"},
    {.name = "StateDirUnderAFile",
     .args = {"--state-dir", "a-file/state", "--", "{suites}/failing_suite"},
     .expected_line = "dbtest: error: state folder a-file/state cannot be created: Not a directory",
     .files = {kAFile}},
    {.name = "StateDirIsAFile",
     .args = {"--state-dir", "a-file", "--", "{suites}/failing_suite"},
     .expected_line = "dbtest: error: state folder a-file cannot be created: Not a directory",
     .files = {kAFile}},

    // Test binaries and selection
    {.name = "NoBinary",
     .args = {"--parallel", "2"},
     .expected_line = "dbtest: error: no test binary given (usage: dbtest [OPTIONS] -- TEST_BINARY...)"},
    {.name = "MissingBinary",
     .args = {"--", "/nonexistent/app_tests"},
     .expected_line = "dbtest: error: test binary not found: /nonexistent/app_tests"},
    {.name = "MissingBinaryNamedByOption",
     .args = {"--test-binary", "app_tests"},
     .expected_line = "dbtest: error: test binary not found: app_tests"},
    {.name = "BinaryIsAFolder", .args = {"--", "{sandbox}"},
     .expected_line = "dbtest: error: test binary {sandbox} is a folder, not a program"},
    {.name = "ProgramThatIsNotAGoogleTestBinary",
     .args = {"--", "/bin/true"},
     .expected_line = "dbtest: error: /bin/true is not a GoogleTest binary: it wrote no test listing for --gtest_output=json (GoogleTest 1.10 and later do)",
     .posix_only = true},
    {.name = "ScriptThatIsNotAGoogleTestBinary",
     .args = {"--", "./not-a-test.sh"},
     .expected_line = "dbtest: error: ./not-a-test.sh is not a GoogleTest binary: it wrote no test listing for --gtest_output=json (GoogleTest 1.10 and later do)",
     .files = {script("not-a-test.sh", "echo hello\n")},
     .posix_only = true},
    {.name = "BinaryThatCannotBeRun",
     .args = {"--", "./not-executable"},
     .expected_line = "dbtest: error: cannot run test binary ./not-executable: execve failed: Permission denied",
     .files = {{"not-executable", "#!/bin/sh\n"}},
     .posix_only = true},
    {.name = "BinaryThatFailsToList",
     .args = {"--", "./needs-a-license.sh"},
     .expected_line = "dbtest: error: test binary ./needs-a-license.sh failed to list its tests (exit status 3): "
                      "cannot reach the license server",
     .files = {script("needs-a-license.sh", "echo 'cannot reach the license server' >&2\nexit 3\n")},
     .posix_only = true},
    {.name = "BinaryKilledWhileListing",
     .args = {"--", "./crashes.sh"},
     .expected_line = "dbtest: error: test binary ./crashes.sh failed to list its tests (killed by signal 11 (SIGSEGV))",
     .files = {script("crashes.sh", "kill -SEGV $$\n")},
     .posix_only = true},
    {.name = "BinaryThatHangsWhileListing",
     .args = {"--list-timeout", "0.2", "--", "./hangs.sh"},
     .expected_line = "dbtest: error: test binary ./hangs.sh did not list its tests within 0.2 s and was killed "
                      "(--list-timeout)",
     .files = {script("hangs.sh", "exec sleep 30\n")},
     .posix_only = true},
    // The protocol version is dbtest's own (protocol/messages.hpp).
    {.name = "BinaryOfAnotherProtocol",
     .args = {"--", "./old-tests.sh"},
     .expected_line = "dbtest: error: ./old-tests.sh speaks dbtest protocol 999, this dbtest speaks 3: "
                      "rebuild it against this dbtest",
     .files = {script("old-tests.sh", "echo 'dbtest-worker-protocol 999'\n")},
     .posix_only = true},
    {.name = "FilterThatMatchesNothing",
     .args = {"--filter", "NoSuch.*", "--", "{suites}/failing_suite"},
     .expected_line = "dbtest: error: no test matches --filter 'NoSuch.*'"},
    {.name = "FilterThatExcludesEverything",
     .args = {"--filter", "-*", "--", "{suites}/failing_suite"},
     .expected_line = "dbtest: error: no test matches --filter '-*'"},

    // Migrations
    {.name = "MigrationsFolderMissing",
     .args = {"--migrations", "/nonexistent/migrations", "--", "{suites}/failing_suite"},
     .expected_line = "dbtest: error: migrations folder not found: /nonexistent/migrations"},
    {.name = "MigrationsIsAFile",
     .args = {"--migrations", "{migrations}/basic/0001_items.sql", "--", "{suites}/failing_suite"},
     .expected_line = "dbtest: error: --migrations {migrations}/basic/0001_items.sql is a file, not a folder"},
    {.name = "MigrationsEmpty",
     .args = {"--migrations", "", "--", "{suites}/failing_suite"},
     .expected_line = "dbtest: error: --migrations needs a value, not an empty string"},
    {.name = "MigrationsFolderWithoutSqlFiles",
     .args = {"--migrations", "{migrations}/empty", "--", "{suites}/failing_suite"},
     .expected_line = "dbtest: error: migrations folder holds no *.sql file: {migrations}/empty"},
    {.name = "FolderNamedLikeAMigrationIsNoMigration",
     .args = {"--migrations", "schema", "--", "{suites}/failing_suite"},
     .expected_line = "dbtest: error: migrations folder holds no *.sql file: schema",
     .files = {{"schema/0001_items.sql/README", "a folder, not a migration\n"}}},
    {.name = "MigrationWithoutVersion",
     .args = {"--migrations", "schema", "--", "{suites}/failing_suite"},
     .expected_line = "dbtest: error: migration file name must start with a version number: schema{/}items.sql",
     .files = {{"schema/items.sql", "CREATE TABLE items (id INTEGER);\n"}}},
    {.name = "MigrationWithSqlErrorNamesFileLineAndMessage",
     .args = {"--migrations", "{migrations}/broken", "--", "{suites}/failing_suite"},
     .expected_line = "dbtest: error: migration {migrations}/broken{/}0002_typo.sql, line 4: near \",\": syntax error"},
    {.name = "MigrationsAndMigrateCmd",
     .args = {"--migrations", "{migrations}/basic", "--migrate-cmd", "true", "--", "{suites}/failing_suite"},
     .expected_line = "dbtest: error: --migrations and --migrate-cmd exclude each other"},
    {.name = "MigrateCmdEmpty", .args = {"--migrate-cmd", "", "--", "{suites}/failing_suite"},
     .expected_line = "dbtest: error: --migrate-cmd needs a value, not an empty string"},
    {.name = "MigrateCmdFailsSilently",
     .args = {"--migrate-cmd", "exit 4", "--", "{suites}/failing_suite"},
     .expected_line = "dbtest: error: --migrate-cmd failed (exit status 4)"},
    {.name = "MigrateCmdKilled",
     .args = {"--migrate-cmd", "kill -KILL $$", "--", "{suites}/failing_suite"},
     .expected_line = "dbtest: error: --migrate-cmd failed (killed by signal 9 (SIGKILL))",
     .posix_only = true},
    {.name = "MigrateInputMissing",
     .args = {"--migrate-cmd", "true", "--migrate-input", "schema.sql", "--", "{suites}/failing_suite"},
     .expected_line = "dbtest: error: --migrate-input file not found: schema.sql"},

    // Backends and URLs
    {.name = "BackendBogus",
     .args = {"--backend", "bogus", "--", "{suites}/failing_suite"},
     .expected_line = "dbtest: error: unknown backend 'bogus' (expected sqlite, postgres or mysql)"},
    {.name = "BackendBogusWithUrl",
     .args = {"--backend", "bogus", "--database-url", "postgresql://u:hunter2@127.0.0.1:1/app", "--",
              "{suites}/failing_suite"},
     .expected_line = "dbtest: error: unknown backend 'bogus' (expected sqlite, postgres or mysql)"},
    {.name = "UrlWithUnknownScheme",
     .args = {"--database-url", "nosuch://user:hunter2@localhost/app", "--", "{suites}/failing_suite"},
     .expected_line = "dbtest: error: unknown database URL scheme 'nosuch' in nosuch://user:***@localhost/app "
                      "(expected postgresql://, mysql:// or sqlite:)"},
    {.name = "UrlWithoutScheme",
     .args = {"--database-url", "app", "--", "{suites}/failing_suite"},
     .expected_line = "dbtest: error: not a database URL: 'app' (expected sqlite:/path/to/test.db, "
                      "postgresql://user@host/app or mysql://user@host/app)"},
    {.name = "UrlWithoutSlashes",
     .args = {"--database-url", "postgresql:u:hunter2@127.0.0.1/app", "--", "{suites}/failing_suite"},
     .expected_line = "dbtest: error: database URL must start with postgresql://: 'postgresql:u:***@127.0.0.1/app'"},
    {.name = "UrlPortBeyond65535",
     .args = {"--database-url", "postgresql://u:hunter2@127.0.0.1:99999/app", "--", "{suites}/failing_suite"},
     .expected_line = "dbtest: error: bad port '99999' in database URL postgresql://u:***@127.0.0.1:99999/app"},
    {.name = "UrlPortNotANumber",
     .args = {"--database-url", "mysql://u:hunter2@127.0.0.1:port/app", "--", "{suites}/failing_suite"},
     .expected_line = "dbtest: error: bad port 'port' in database URL mysql://u:***@127.0.0.1:port/app"},
    {.name = "UrlPortZero",
     .args = {"--database-url", "postgresql://u:hunter2@127.0.0.1:0/app", "--", "{suites}/failing_suite"},
     .expected_line = "dbtest: error: bad port '0' in database URL postgresql://u:***@127.0.0.1:0/app"},
    {.name = "UrlWithUnclosedBracket",
     .args = {"--database-url", "postgresql://u:hunter2@[::1/app", "--", "{suites}/failing_suite"},
     .expected_line = "dbtest: error: unclosed '[' in database URL postgresql://u:***@[::1/app"},
    {.name = "SqliteUrlWithoutFile",
     .args = {"--database-url", "sqlite:", "--", "{suites}/failing_suite"},
     .expected_line = "dbtest: error: sqlite URL names no database file: 'sqlite:'"},
    {.name = "SqliteTakesNoUrl",
     .args = {"--database-url", "sqlite:{sandbox}/test.db", "--", "{suites}/failing_suite"},
     .expected_line = "dbtest: error: --database-url names a server database; SQLite builds its template from "
                      "--migrations or --migrate-cmd"},
    {.name = "SqliteBackendWithPostgresUrl",
     .args = {"--backend", "sqlite", "--database-url", "postgresql://u:hunter2@127.0.0.1:1/app", "--",
              "{suites}/failing_suite"},
     .expected_line = "dbtest: error: --database-url postgresql://u:***@127.0.0.1:1/app does not name a sqlite database"},
    {.name = "PostgresBackendWithMysqlUrl",
     .args = {"--backend", "postgres", "--database-url", "mysql://u:hunter2@127.0.0.1:1/app", "--",
              "{suites}/failing_suite"},
     .expected_line = "dbtest: error: --database-url mysql://u:***@127.0.0.1:1/app does not name a postgresql database"},
    // libpq's own text: two lines, joined, the second after a tab.
    {.name = "PostgresServerUnreachable",
     .args = {"--database-url", "postgresql://u:hunter2@127.0.0.1:1/app", "--", "{suites}/failing_suite"},
     .expected_line = "dbtest: error: cannot connect to postgresql://u:***@127.0.0.1:1/app: connection to server at "
                      "\"127.0.0.1\", port 1 failed: Connection refused \tIs the server running on that host and "
                      "accepting TCP/IP connections?",
     .engine = "postgres"},
    {.name = "PostgresWithoutUrlUnreachable",
     .args = {"--backend", "postgres", "--", "{suites}/failing_suite"},
     .expected_line = "dbtest: error: cannot connect to the server libpq's PG* variables name: connection to server "
                      "at \"127.0.0.1\", port 1 failed: Connection refused \tIs the server running on that host and "
                      "accepting TCP/IP connections?",
     .env = {{"PGHOST", "127.0.0.1"}, {"PGPORT", "1"}, {"PGUSER", "u"}, {"PGPASSWORD", "hunter2"}, {"PGDATABASE", "app"}},
     .engine = "postgres"},
    {.name = "PostgresUrlWithBadParameter",
     .args = {"--database-url", "postgresql://u:hunter2@127.0.0.1:1/app?sslmode=bogus", "--", "{suites}/failing_suite"},
     .expected_line = "dbtest: error: cannot connect to postgresql://u:***@127.0.0.1:1/app?sslmode=bogus: "
                      "invalid sslmode value: \"bogus\"",
     .engine = "postgres"},
    {.name = "MysqlWithoutUrl", .args = {"--backend", "mysql", "--", "{suites}/failing_suite"},
     .expected_line = "dbtest: error: --backend mysql needs --database-url mysql://USER@HOST:PORT/APPDB (a password goes after USER and a ':')",
     .engine = "mysql"},
    // Worded as libpq words it above, not as the connector does ("(115)").
    {.name = "MysqlServerUnreachable",
     .args = {"--database-url", "mysql://u:hunter2@127.0.0.1:1/app", "--", "{suites}/failing_suite"},
     .expected_line = "dbtest: error: cannot connect to mysql://u:***@127.0.0.1:1/app: connection to server at "
                      "\"127.0.0.1\", port 1 failed: Connection refused; is the server running on that host and "
                      "accepting TCP/IP connections?",
     .engine = "mysql"},
    {.name = "MysqlUrlWithoutDatabase",
     .args = {"--database-url", "mysql://u:hunter2@127.0.0.1:1", "--", "{suites}/failing_suite"},
     .expected_line = "dbtest: error: --database-url mysql://u:***@127.0.0.1:1/ names no database: dbtest names its "
                      "databases after the application's (mysql://user@host/appdb)",
     .engine = "mysql"},
    {.name = "TestDbNameWithQuote",
     .args = {"--test-db-name", "x'; DROP DATABASE app; --", "--", "{suites}/failing_suite"},
     .expected_line = "dbtest: error: --test-db-name 'x'; DROP DATABASE app; --' may only hold letters, digits, "
                      "'_', '$' and '-'"},
    {.name = "TestDbNameWithBacktick",
     .args = {"--database-url", "mysql://u:hunter2@127.0.0.1:1/app", "--test-db-name", "a`b", "--",
              "{suites}/failing_suite"},
     .expected_line = "dbtest: error: --test-db-name 'a`b' may only hold letters, digits, '_', '$' and '-'"},
    {.name = "TestDbNameWithSpace",
     .args = {"--database-url", "postgresql://u:hunter2@127.0.0.1:1/app", "--test-db-name", "a b", "--",
              "{suites}/failing_suite"},
     .expected_line = "dbtest: error: --test-db-name 'a b' may only hold letters, digits, '_', '$' and '-'"},
    {.name = "TestDbNameWithSemicolon",
     .args = {"--database-url", "postgresql://u:hunter2@127.0.0.1:1/app", "--test-db-name", "a;b", "--",
              "{suites}/failing_suite"},
     .expected_line = "dbtest: error: --test-db-name 'a;b' may only hold letters, digits, '_', '$' and '-'"},
    {.name = "TestDbNameEmpty", .args = {"--test-db-name", "", "--", "{suites}/failing_suite"},
     .expected_line = "dbtest: error: --test-db-name needs a value, not an empty string"},

    // Reports and cleanup. A report that cannot be written fails the run after its summary.
    {.name = "JunitXmlUnderAFile",
     .args = {"--junit-xml", "a-file/report.xml", "--", "{suites}/failing_suite"},
     .expected_line = "dbtest: error: cannot write a-file/report.xml",
     .files = {kAFile}},
    {.name = "JunitXmlIsAFolder", .args = {"--junit-xml", "{sandbox}", "--", "{suites}/failing_suite"},
     .expected_line = "dbtest: error: cannot write {sandbox}: it is a folder"},
    {.name = "KeepTemplatesOfZero",
     .args = {"--keepdb", "--keep-templates", "0", "--", "{suites}/failing_suite"},
     .expected_line = "dbtest: error: --keep-templates must be a whole number of at least 1, not '0'"},
    {.name = "CleanupWithUnknownOption",
     .args = {"cleanup", "--bogus"},
     .expected_line = "dbtest: error: unknown option --bogus (see dbtest --help)"},
    {.name = "CleanupWithAnOptionOfRuns",
     .args = {"cleanup", "--parallel", "0"},
     .expected_line = "dbtest: error: dbtest cleanup does not take --parallel (it takes --backend, --config, "
                      "--database-url, --profile and --state-dir)"},
    {.name = "PartitionThatDoesNotExist",
     .args = {"--partition", "hash:0/4", "--", "{suites}/failing_suite"},
     .expected_line = "dbtest: error: --partition: part 0 of 4 does not exist (I runs from 1 to N)"},
    {.name = "CleanupWithUnknownScheme",
     .args = {"cleanup", "--database-url", "nosuch://u:hunter2@127.0.0.1:1/app"},
     .expected_line = "dbtest: error: unknown database URL scheme 'nosuch' in nosuch://u:***@127.0.0.1:1/app "
                      "(expected postgresql://, mysql:// or sqlite:)"},
    {.name = "CleanupWithUnknownBackend",
     .args = {"cleanup", "--backend", "bogus"},
     .expected_line = "dbtest: error: unknown backend 'bogus' (expected sqlite, postgres or mysql)"},
    {.name = "CleanupServerUnreachable",
     .args = {"cleanup", "--database-url", "postgresql://u:hunter2@127.0.0.1:1/app"},
     .expected_line = "dbtest: error: cannot connect to postgresql://u:***@127.0.0.1:1/app: connection to server at "
                      "\"127.0.0.1\", port 1 failed: Connection refused \tIs the server running on that host and "
                      "accepting TCP/IP connections?",
     .engine = "postgres"},
    // A build without an engine says how to build it in.
    {.name = "PostgresNotBuilt",
     .args = {"--database-url", "postgresql://u:hunter2@127.0.0.1:1/app", "--", "{suites}/failing_suite"},
     .expected_line = "dbtest: error: this dbtest was built without PostgreSQL: configure it with "
                      "-DDBTEST_WITH_POSTGRES=ON (which needs libpqxx-dev)",
     .engine = "postgres",
     .without_engine = true},
    {.name = "MysqlNotBuilt",
     .args = {"--backend", "mysql", "--database-url", "mysql://u:hunter2@127.0.0.1:1/app", "--", "{suites}/failing_suite"},
     .expected_line = "dbtest: error: this dbtest was built without MySQL: configure it with "
                      "-DDBTEST_WITH_MYSQL=ON (which needs libmysqlcppconn-dev)",
     .engine = "mysql",
     .without_engine = true},
    {.name = "CleanupOnPostgresNotBuilt",
     .args = {"cleanup", "--backend", "postgres"},
     .expected_line = "dbtest: error: this dbtest was built without PostgreSQL: configure it with "
                      "-DDBTEST_WITH_POSTGRES=ON (which needs libpqxx-dev)",
     .engine = "postgres",
     .without_engine = true},
    {.name = "CleanupWithATestBinary", .args = {"cleanup", "{suites}/failing_suite"},
     .expected_line = "dbtest: error: dbtest cleanup takes no test binary: '{suites}/failing_suite'"},
};

// The rows that fit the engines this dbtest was built with.
std::vector<BadInputCase> cases_of_this_build() {
  const auto engines = built_engines();
  const auto built = [&](const std::string& name) {
    for (const Engine engine : engines) {
      if (engine_name(engine) == name) return true;
    }
    return false;
  };
  std::vector<BadInputCase> cases;
  for (const auto& c : kCases) {
    if (c.posix_only && !test_os::has_posix_shell()) continue;
    if (c.engine.empty() || built(c.engine) != c.without_engine) cases.push_back(c);
  }
  return cases;
}

std::string replaced(std::string text, const std::string& placeholder, const std::string& value) {
  for (auto at = text.find(placeholder); at != std::string::npos; at = text.find(placeholder, at + value.size())) {
    text.replace(at, placeholder.size(), value);
  }
  return text;
}

std::string with_paths(std::string text, const Sandbox& box) {
  text = replaced(text, "{suites}/failing_suite", suite("failing_suite"));
  text = replaced(text, "{suites}", fs::path(suite("failing_suite")).parent_path().string());
  text = replaced(text, "{migrations}", fs::path(migrations("basic")).parent_path().string());
  text = replaced(text, "{/}", std::string(1, static_cast<char>(fs::path::preferred_separator)));
  return replaced(text, "{sandbox}", box.root().string());
}

void write_files(const Sandbox& box, const std::vector<FileToWrite>& files) {
  for (const auto& file : files) {
    const auto path = box.root() / file.path;
    fs::create_directories(path.parent_path());
    std::ofstream(path) << file.contents;
    if (file.executable) fs::permissions(path, fs::perms::owner_exec, fs::perm_options::add);
  }
}

class BadInputTable : public ::testing::TestWithParam<BadInputCase> {};

TEST_P(BadInputTable, IsOneExactLineAndExitStatus2) {
  const BadInputCase& c = GetParam();
  Sandbox box;
  write_files(box, c.files);
  std::vector<std::string> args;
  for (const auto& a : c.args) args.push_back(with_paths(a, box));
  std::map<std::string, std::string> env;
  for (const auto& [key, value] : c.env) env[key] = with_paths(value, box);

  const RunOutput r = run_dbtest(box, args, env);

  EXPECT_EQ(r.exit_code, 2) << r.all();
  EXPECT_EQ(r.err, with_paths(c.expected_line, box) + "\n");
  EXPECT_THAT(r.out, Not(ContainsRegex("terminate called|what\\(\\)|Segmentation fault|Aborted|core dumped|"
                                       "std::|stoi|stoul|#[0-9]+ +0x")));
  EXPECT_THAT(r.all(), Not(HasSubstr(kSecret)));
  EXPECT_TRUE(box.leftovers().empty()) << "the run left files in its temporary folder";
}

INSTANTIATE_TEST_SUITE_P(Cases, BadInputTable, ::testing::ValuesIn(cases_of_this_build()),
                         [](const auto& row) { return row.param.name; });

// A failing --migrate-cmd quotes what the command printed, so it is the one
// error of more than one line.
TEST(BadInput, FailingMigrateCommandShowsItsOutput) {
  Sandbox box;
  // One line /bin/sh and cmd.exe read alike.
  auto r = run_dbtest(box, {"--migrate-cmd", "echo broken tool>&2&& exit 4", "--", suite("failing_suite")});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.err, "dbtest: error: --migrate-cmd failed (exit status 4):\nbroken tool\n");
  EXPECT_TRUE(box.leftovers().empty());
}

}  // namespace
}  // namespace e2e
