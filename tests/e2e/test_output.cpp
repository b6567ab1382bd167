// What a person sees: failure blocks that never interleave, safe output.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <boost/process.hpp>

#include <algorithm>
#include <chrono>
#include <fstream>
#include <iostream>
#include <optional>
#include <thread>

#include "support/dbtest_run.hpp"

using ::testing::HasSubstr;
using ::testing::Not;

namespace e2e {
namespace {

// The lines between a failure header and the end of its output block.
std::vector<std::string> block_of(const std::vector<std::string>& lines, const std::string& header) {
  std::vector<std::string> block;
  bool inside = false;
  for (const auto& line : lines) {
    if (line.rfind(header, 0) == 0) inside = true;
    if (!inside) continue;
    block.push_back(line);
    if (line == "--- end of output ---") break;
  }
  return block;
}

TEST(Output, FailuresOfParallelTestsAreNeverInterleaved) {
  Sandbox box;
  auto r = run_dbtest(box, {"--parallel", "2", "--", suite("interleave_suite")});
  EXPECT_EQ(r.exit_code, 1);
  const auto lines = lines_of(r.out);
  for (const std::string who : {"LEFT", "RIGHT"}) {
    const std::string other = who == "LEFT" ? "RIGHT" : "LEFT";
    const auto block = block_of(lines, std::string("FAILED: ") + (who == "LEFT" ? "Left" : "Right"));
    ASSERT_FALSE(block.empty()) << r.out;
    int own = 0;
    for (const auto& line : block) {
      EXPECT_THAT(line, Not(HasSubstr(other + " line"))) << "block of " << who << " holds output of " << other;
      if (line.rfind(who + " line", 0) == 0) ++own;
    }
    EXPECT_EQ(own, 40) << r.out;
  }
}

TEST(Output, VerboseListsEveryTest) {
  Sandbox box;
  auto r = run_dbtest(box, {"-v", "--", suite("failing_suite")});
  EXPECT_THAT(r.out, HasSubstr("PASSED Arithmetic.StillWorks"));
  auto skipped = run_dbtest(box, {"-v", "--migrations", migrations("basic"), "--filter", "Skipping.*", "--",
                                  suite("passing_suite")});
  EXPECT_THAT(skipped.out, HasSubstr("SKIPPED Skipping.IsReportedAsSkipped"));
  EXPECT_THAT(skipped.out, HasSubstr(": not today"));
}

TEST(Output, NoCarriageReturnsWhenNotATerminal) {
  Sandbox box;
  auto r = run_dbtest(box, {"--parallel", "2", "--migrations", migrations("basic"), "--", suite("isolation_suite")});
  EXPECT_EQ(r.out.find('\r'), std::string::npos);
  EXPECT_EQ(r.out.find("\x1b["), std::string::npos) << "no colour unless asked";
}

TEST(Output, OnATerminalOneStatusLineIsRedrawnInPlace) {
  if (!test_os::has_posix_shell()) GTEST_SKIP() << "gives dbtest a terminal through script(1), which " << test_os::os_name() << " lacks";
  Sandbox box;
  // script(1) gives dbtest a pseudo-terminal, as a person's shell would.
  const std::string command = dbtest_exe() + " --parallel 2 --state-dir " + box.state().string() + " -- " +
                              suite("failing_suite") + " " + suite("interleave_suite");
  auto r = run_command("/usr/bin/script", {"-qec", command, "/dev/null"}, {{"TERM", "xterm"}, {test_os::temp_folder_variable(), box.tmp().string()}},
                       box.root());
  EXPECT_EQ(r.exit_code, 1) << r.all();
  EXPECT_THAT(r.out, HasSubstr("\r["));          // the status line starts over in place
  EXPECT_THAT(r.out, HasSubstr("\x1b[K"));       // and clears what it overwrote
  EXPECT_THAT(r.out, HasSubstr("\x1b[31m"));     // failures in colour
  EXPECT_THAT(r.out, HasSubstr("FAILED:"));
  EXPECT_THAT(last_line(r.out), HasSubstr("1 passed, 3 failed, 0 skipped"));
}

TEST(Output, ColourIsForcedByClicolorForceAndOffWithNoColor) {
  Sandbox box;
  auto forced = run_dbtest(box, {"--", suite("failing_suite")}, {{"CLICOLOR_FORCE", "1"}});
  EXPECT_THAT(forced.out, HasSubstr("\x1b[31m"));
  auto off = run_dbtest(box, {"--", suite("failing_suite")}, {{"CLICOLOR_FORCE", "1"}, {"NO_COLOR", "1"}});
  EXPECT_EQ(off.out.find("\x1b["), std::string::npos);
}

TEST(Output, HostileOutputIsEscapedAndBounded) {
  Sandbox box;
  auto r = run_dbtest(box, {"--output-limit", "65536", "--filter", "Hostile.*", "--", suite("output_suite")});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(last_line(r.out), "0 passed, 3 failed, 0 skipped");
  EXPECT_EQ(r.out.find("\x1b[2J"), std::string::npos) << "escape sequence reached the terminal";
  EXPECT_THAT(r.out, HasSubstr("\\x1b[2J"));
  EXPECT_THAT(r.out, HasSubstr("\\x07"));
  EXPECT_THAT(r.out, HasSubstr("bytes of output cut"));
  EXPECT_LT(r.out.size(), 400000u) << "20 MB of output must not reach the terminal whole";
  EXPECT_THAT(r.out, HasSubstr("after a newline-free output"));
}

TEST(Output, AGigabyteOfOutputKeepsTheMasterUnder200MB) {
  constexpr long kLimitKib = 200'000'000 / 1024;
  constexpr long kGibibyte = 1L << 30;
  constexpr long kOutputLimit = 8L << 20;  // the largest allowed: the master's worst case
  Sandbox box;
  const auto m = run_dbtest_measuring_memory(
      box, {"--parallel", "1", "--output-limit", std::to_string(kOutputLimit), "--filter", "Gigabyte.*", "--",
            suite("output_suite")},
      {{"OUTPUT_SUITE_GIGABYTE", "1"}}, std::chrono::seconds(100));
  const long peak_kib = m.peak_kib;
  const double seconds = m.seconds;
  const std::string& out = m.run.out;
  const auto lines = lines_of(out);
  RecordProperty("master_peak_resident_kib", std::to_string(peak_kib));
  RecordProperty("seconds", std::to_string(seconds));
  std::cout << "two tests printing 1 GiB each: master peak " << peak_kib / 1024 << " MiB, " << seconds << " s\n";

  ASSERT_TRUE(m.finished_in_time) << "still running after 100 s\n" << out.substr(0, 2000);
  EXPECT_EQ(m.run.exit_code, 1) << m.run.err;
  EXPECT_GT(peak_kib, 0) << "the master was never measured";
  EXPECT_LT(peak_kib, kLimitKib);
  EXPECT_LT(seconds, 60.0) << "a gigabyte costs seconds, not minutes";
  EXPECT_THAT(out, HasSubstr("FAILED: Gigabyte.InLines"));
  EXPECT_THAT(out, HasSubstr("FAILED: Gigabyte.WithoutANewline"));
  const std::string cut_mark = "[... " + std::to_string(kGibibyte - kOutputLimit) + " bytes of output cut ...]";
  EXPECT_EQ(std::count(lines.begin(), lines.end(), cut_mark), 2) << "each test's output is cut to its head and tail";
  EXPECT_EQ(last_line(out), "0 passed, 2 failed, 0 skipped");
  EXPECT_LT(out.size(), std::size_t{4} * kOutputLimit) << "a gigabyte must not reach the terminal whole";
  EXPECT_TRUE(box.leftovers().empty()) << "the capture files of the run are gone";
}

}  // namespace
}  // namespace e2e
