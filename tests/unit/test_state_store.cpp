// The state folder and atomic files.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <fstream>
#include <sstream>

#include "base/errors.hpp"
#include "base/atomic_file.hpp"
#include "state/state_store.hpp"
#include "unit_support.hpp"

namespace dbtest::unit {
namespace {

namespace fs = std::filesystem;
using runner::Durations;
using runner::StateStore;
using ::testing::HasSubstr;

// What a run does at its end: the durations it measured go over the stored ones.
void save(const StateStore& store, const Durations& latest) {
  store.update_durations([&latest](Durations& durations) {
    for (const auto& [key, seconds] : latest) durations[key] = seconds;
  });
}

TEST(StateStore, SavedDurationsLoadBack) {
  TempDir dir;
  const StateStore store(dir / "state");
  const Durations durations = {{"build/a_test::Orders.Create", 0.25}, {"build/a_test::Nums/P.Pos/0", 12.5},
                               {"b::Grüße.Test", 1e-6}};
  save(store, durations);
  std::string warning;
  EXPECT_EQ(store.load_durations(warning), durations);
  EXPECT_EQ(warning, "");
}

TEST(StateStore, NoFileMeansNoDurationsAndNoWarning) {
  TempDir dir;
  std::string warning;
  EXPECT_TRUE(StateStore(dir / "never-written").load_durations(warning).empty());
  EXPECT_EQ(warning, "");
}

TEST(StateStore, SavingMergesWithWhatIsStored) {
  TempDir dir;
  const StateStore store(dir.path());
  save(store, {{"a", 1.0}, {"b", 2.0}});
  save(store, {{"b", 3.0}, {"c", 4.0}});
  std::string warning;
  EXPECT_EQ(store.load_durations(warning), (Durations{{"a", 1.0}, {"b", 3.0}, {"c", 4.0}}));
}

TEST(StateStore, WritesAVersionedJsonFile) {
  TempDir dir;
  save(StateStore(dir.path()), {{"a", 1.5}});
  const auto json = nlohmann::json::parse(read_file(dir / "durations.json"));
  EXPECT_EQ(json.at("version"), 1);
  EXPECT_EQ(json.at("tests").at("a"), 1.5);
}

TEST(StateStore, CorruptDurationsFileGivesAWarningNotAnError) {
  TempDir dir;
  write_file(dir / "durations.json", "{\"version\": 1, \"tests\": {\"a\": 1.0,");
  std::string warning;
  Durations durations;
  EXPECT_NO_THROW(durations = StateStore(dir.path()).load_durations(warning));
  EXPECT_TRUE(durations.empty());
  EXPECT_THAT(warning, HasSubstr("durations.json"));
}

TEST(StateStore, DurationsFileOfTheWrongShapeGivesAWarning) {
  for (const char* text : {"[]", "42", "{}", "{\"tests\": [1, 2]}", "", "\xff\xfe"}) {
    TempDir dir;
    write_file(dir / "durations.json", text);
    std::string warning;
    EXPECT_TRUE(StateStore(dir.path()).load_durations(warning).empty()) << text;
    EXPECT_FALSE(warning.empty()) << text;
  }
}

TEST(StateStore, IgnoresEntriesThatAreNotNumbers) {
  TempDir dir;
  write_file(dir / "durations.json", R"({"version":1,"tests":{"a":1.5,"b":"slow","c":null,"d":2}})");
  std::string warning;
  EXPECT_EQ(StateStore(dir.path()).load_durations(warning), (Durations{{"a", 1.5}, {"d", 2.0}}));
}

TEST(StateStore, SavingOverACorruptFileReplacesIt) {
  TempDir dir;
  write_file(dir / "durations.json", "garbage");
  const StateStore store(dir.path());
  save(store, {{"a", 1.0}});
  std::string warning;
  EXPECT_EQ(store.load_durations(warning), (Durations{{"a", 1.0}}));
  EXPECT_EQ(warning, "");
}

TEST(StateStore, EnsureWritableCreatesTheFolder) {
  TempDir dir;
  const StateStore store(dir / "nested" / "state");
  store.ensure_writable();
  EXPECT_TRUE(fs::is_directory(dir / "nested" / "state"));
  std::vector<std::string> entries;
  for (const auto& entry : fs::directory_iterator(dir / "nested" / "state")) entries.push_back(entry.path().filename().string());
  EXPECT_THAT(entries, ::testing::ElementsAre(".gitignore"));  // the probe file is gone
  EXPECT_NO_THROW(store.ensure_writable());             // and again, on an existing folder
}

TEST(StateStore, EnsureWritableOnAPathBelowAFileIsAUsageError) {
  // A folder can never be made below a regular file, not even by root.
  TempDir dir;
  write_file(dir / "plain-file", "");
  const StateStore store(dir / "plain-file" / "sub");
  try {
    store.ensure_writable();
    FAIL() << "did not throw";
  } catch (const UsageError& e) {
    EXPECT_THAT(e.what(), HasSubstr((dir / "plain-file" / "sub").string()));
  }
}

TEST(StateStore, EnsureWritableOnARegularFileIsAUsageError) {
  TempDir dir;
  write_file(dir / "plain-file", "");
  EXPECT_THROW(StateStore(dir / "plain-file").ensure_writable(), UsageError);
}

std::string contents_of(const fs::path& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

TEST(StateStore, TheFolderItCreatesIsIgnoredByGit) {
  TempDir dir;
  StateStore(dir / "state").ensure_writable();
  EXPECT_THAT(contents_of(dir / "state" / ".gitignore"), ::testing::EndsWith("\n*\n"));
}

TEST(StateStore, SavingDurationsIntoAFolderWithoutAGitignoreAddsOne) {
  TempDir dir;
  save(StateStore(dir / "state"), {{"b::A.a", 1.0}});
  EXPECT_THAT(contents_of(dir / "state" / ".gitignore"), ::testing::EndsWith("\n*\n"));
}

TEST(StateStore, AGitignoreTheUserWroteIsKept) {
  TempDir dir;
  fs::create_directories(dir / "state");
  { std::ofstream(dir / "state" / ".gitignore") << "durations.json\n"; }
  StateStore(dir / "state").ensure_writable();
  save(StateStore(dir / "state"), {{"b::A.a", 1.0}});
  EXPECT_EQ(contents_of(dir / "state" / ".gitignore"), "durations.json\n");
}

TEST(AtomicFile, WritesTheWholeContentsAndLeavesNoTemporaryFile) {
  TempDir dir;
  const std::string contents = bytes("line\n\0binary\xff");
  write_file_atomically(dir / "sub" / "out.txt", contents);
  EXPECT_EQ(read_file(dir / "sub" / "out.txt"), contents);
  std::size_t files = 0;
  for ([[maybe_unused]] const auto& entry : fs::directory_iterator(dir / "sub")) ++files;
  EXPECT_EQ(files, 1u);
}

TEST(AtomicFile, ReplacesAnExistingFile) {
  TempDir dir;
  write_file(dir / "out.txt", "old and longer contents");
  write_file_atomically(dir / "out.txt", "new");
  EXPECT_EQ(read_file(dir / "out.txt"), "new");
}

TEST(AtomicFile, UnwritablePathIsAnInfrastructureErrorNamingIt) {
  TempDir dir;
  write_file(dir / "plain-file", "");
  try {
    write_file_atomically(dir / "plain-file" / "out.txt", "x");
    FAIL() << "did not throw";
  } catch (const InfrastructureError& e) {
    EXPECT_THAT(e.what(), HasSubstr("out.txt"));
  }
  EXPECT_EQ(read_file(dir / "plain-file"), "");
}

}  // namespace
}  // namespace dbtest::unit
