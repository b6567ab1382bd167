// Text shared by the printers and the summary: durations, failure blocks, and
// output made safe to show.
#pragma once

#include <functional>
#include <string>

#include "schedule/outcome.hpp"

namespace dbtest::runner {

struct Style {
  bool colour = false;
  std::string red(const std::string& s) const { return colour ? "\x1b[31m" + s + "\x1b[0m" : s; }
  std::string green(const std::string& s) const { return colour ? "\x1b[32m" + s + "\x1b[0m" : s; }
  std::string yellow(const std::string& s) const { return colour ? "\x1b[33m" + s + "\x1b[0m" : s; }
  std::string bold(const std::string& s) const { return colour ? "\x1b[1m" + s + "\x1b[0m" : s; }
};

// "0.012 s", "3.4 s", "2 min 05 s".
std::string format_seconds(double seconds);

// Output a test printed, safe for any terminal: control characters other than
// newline and tab, and bytes that are not UTF-8, are shown as \xNN, so no test
// can move the cursor, clear the screen or hide text.
std::string printable(const std::string& text);

// A test's output for showing: `show` applied to its text, with a mark where
// bounded output was cut.
std::string output_with_cut_mark(const protocol::Output& output,
                                 const std::function<std::string(const std::string&)>& show);

// The whole report of one failed test, as one block: header, every failure
// with file and line, and the test's output.
std::string failure_block(const TestResult& result, const std::string& binary, const Style& style);

// "FAILED", "CRASHED", ... for a result's outcome.
std::string outcome_label(Outcome outcome);
// The outcome as machine-readable outputs name it: passed, failed, skipped,
// crashed, timed_out.
std::string outcome_identifier(Outcome outcome);

}  // namespace dbtest::runner
