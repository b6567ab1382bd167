// What a person sees: failure blocks that never interleave, safe output.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

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
  Sandbox box;
  // script(1) gives dbtest a pseudo-terminal, as a person's shell would.
  const std::string command = dbtest_exe() + " --parallel 2 --state-dir " + box.state().string() + " -- " +
                              suite("failing_suite") + " " + suite("interleave_suite");
  auto r = run_command("/usr/bin/script", {"-qec", command, "/dev/null"}, {{"TERM", "xterm"}, {"TMPDIR", box.tmp().string()}},
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
  auto r = run_dbtest(box, {"--output-limit", "65536", "--", suite("output_suite")});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(last_line(r.out), "0 passed, 3 failed, 0 skipped");
  EXPECT_EQ(r.out.find("\x1b[2J"), std::string::npos) << "escape sequence reached the terminal";
  EXPECT_THAT(r.out, HasSubstr("\\x1b[2J"));
  EXPECT_THAT(r.out, HasSubstr("\\x07"));
  EXPECT_THAT(r.out, HasSubstr("bytes of output cut"));
  EXPECT_LT(r.out.size(), 400000u) << "20 MB of output must not reach the terminal whole";
  EXPECT_THAT(r.out, HasSubstr("after a newline-free output"));
}

}  // namespace
}  // namespace e2e
