// The Windows command line is plain string work: checked here on every OS
// against the C runtime's splitting rules.
#include <gtest/gtest.h>

#include "base/command_line.hpp"

namespace dbtest::base {
namespace {

TEST(WindowsCommandLine, LeavesPlainArgumentsAsTheyAre) {
  EXPECT_EQ(windows_command_line({"dbtest.exe", "--parallel", "2", "C:\\suites\\app.exe"}),
            "dbtest.exe --parallel 2 C:\\suites\\app.exe");
}

TEST(WindowsCommandLine, KeepsAnEmptyArgument) {
  EXPECT_EQ(windows_command_line({"dbtest.exe", "--migrations", "", "--"}), "dbtest.exe --migrations \"\" --");
}

TEST(WindowsCommandLine, QuotesSpacesAndTabs) {
  EXPECT_EQ(windows_command_line({"C:\\Program Files\\dbtest.exe", "a b", "c\td"}),
            "\"C:\\Program Files\\dbtest.exe\" \"a b\" \"c\td\"");
}

TEST(WindowsCommandLine, EscapesQuotesWithBackslashes) {
  EXPECT_EQ(windows_command_line({"x.exe", "say \"hi\""}), "x.exe \"say \\\"hi\\\"\"");
}

TEST(WindowsCommandLine, DoublesBackslashesOnlyBeforeAQuote) {
  // A folder path ending in a backslash keeps it, and the closing quote
  // stays a closing quote.
  EXPECT_EQ(windows_command_line({"x.exe", "C:\\my dir\\"}), "x.exe \"C:\\my dir\\\\\"");
  EXPECT_EQ(windows_command_line({"x.exe", "a\\\\b c"}), "x.exe \"a\\\\b c\"");
  EXPECT_EQ(windows_command_line({"x.exe", "a\\\"b"}), "x.exe \"a\\\\\\\"b\"");
}

}  // namespace
}  // namespace dbtest::base
