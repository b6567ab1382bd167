#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fstream>
#include <string>

#include "base/errors.hpp"
#include "state/durations_file.hpp"
#include "unit_support.hpp"

namespace dbtest::runner {
namespace {

using unit::TempDir;

void write_text(const std::filesystem::path& file, const std::string& text) { std::ofstream(file) << text; }

TEST(DurationsFile, ReadsBackWhatItWrote) {
  TempDir dir;
  const Durations written = {{"build/app::Orders.Total", 0.25}, {"build/app::Say \"hi\"", 0.0},
                             {"build/db::Huge.Test", 1e-05}, {"build/db::Slow.Test", 1234.5}};
  write_durations(dir / "d.json", written);
  std::string warning;
  EXPECT_EQ(read_durations(dir / "d.json", warning), written);
  EXPECT_EQ(warning, "");
  EXPECT_EQ(read_durations_strictly(dir / "d.json"), written);
}

TEST(DurationsFile, KeepsOnlyNumbersDirectlyUnderTests) {
  TempDir dir;
  write_text(dir / "d.json", R"({"version": 1, "other": {"x": 3}, "tests": {"a::S.T": 2, "b::S.T": "slow",
             "c::S.T": {"nested": 4}, "d::S.T": [5], "e::S.T": null, "f::S.T": 0.5}})");
  EXPECT_EQ(read_durations_strictly(dir / "d.json"), (Durations{{"a::S.T", 2.0}, {"f::S.T", 0.5}}));
}

TEST(DurationsFile, RefusesWhatIsNotADurationsFile) {
  TempDir dir;
  for (const std::string text : {"[1, 2]", "3", "{\"tests\": 3}", "{\"tests\": [1]}", "{\"version\": 1}",
                                 "{\"tests\": {\"a\": 1}", "not json"}) {
    write_text(dir / "d.json", text);
    EXPECT_THROW(read_durations_strictly(dir / "d.json"), UsageError) << text;
    std::string warning;
    EXPECT_TRUE(read_durations(dir / "d.json", warning).empty()) << text;
    EXPECT_THAT(warning, ::testing::HasSubstr("ignoring unreadable")) << text;
  }
}

TEST(DurationsFile, MergingKeepsTestsTheNewDurationsDoNotName) {
  TempDir dir;
  write_durations(dir / "d.json", {{"a::S.T", 1.0}, {"b::S.T", 2.0}});
  update_durations_file(dir / "d.json", [](Durations& durations) {
    durations["b::S.T"] = 3.0;
    durations["c::S.T"] = 4.0;
  });
  EXPECT_EQ(read_durations_strictly(dir / "d.json"), (Durations{{"a::S.T", 1.0}, {"b::S.T", 3.0}, {"c::S.T", 4.0}}));
}

TEST(DurationsFile, AnUpdateSeesWhatTheFileHeldAndWritesWhatItLeaves) {
  TempDir dir;
  write_durations(dir / "d.json", {{"a::S.T", 1.0}, {"b::S.T", 2.0}});
  update_durations_file(dir / "d.json", [](Durations& durations) {
    EXPECT_EQ(durations, (Durations{{"a::S.T", 1.0}, {"b::S.T", 2.0}}));
    durations["b::S.T"] = 5.0;
  });
  EXPECT_EQ(read_durations_strictly(dir / "d.json"), (Durations{{"a::S.T", 1.0}, {"b::S.T", 5.0}}));
  // A file that is not one starts from nothing, and is replaced.
  write_text(dir / "d.json", "not json");
  update_durations_file(dir / "d.json", [](Durations& durations) { durations["c::S.T"] = 0.5; });
  EXPECT_EQ(read_durations_strictly(dir / "d.json"), (Durations{{"c::S.T", 0.5}}));
}

TEST(DurationsFile, AMissingFileIsEmpty) {
  TempDir dir;
  std::string warning;
  EXPECT_TRUE(read_durations(dir / "none.json", warning).empty());
  EXPECT_TRUE(read_durations_strictly(dir / "none.json").empty());
}

}  // namespace
}  // namespace dbtest::runner
