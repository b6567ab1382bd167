// Reads what a plain GoogleTest binary prints (--gtest_color=no), line by
// line as it comes: which suite and test run, how each test ended, and what
// was printed inside and between tests. A plain binary has no channel, so its
// console is the live half of its results; its JSON report is the exact half
// (plain_batch.hpp puts the two together).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "protocol/messages.hpp"

namespace dbtest::runner {

// Text kept within a limit as it grows: its head and its tail, and how much
// was dropped between them, as protocol::Output holds it. A test that prints
// a gigabyte costs the master no more than the limit.
class BoundedText {
 public:
  explicit BoundedText(std::uint64_t limit) : half_(static_cast<std::size_t>(limit / 2)) {}
  void append(std::string_view bytes);
  // The head and the tail; everything when nothing was dropped.
  std::string text() const;
  std::uint64_t cut_bytes() const { return total_ > 2 * half_ ? total_ - 2 * half_ : 0; }
  void clear();

 private:
  std::size_t half_;
  std::string head_;
  std::string tail_;
  std::uint64_t total_ = 0;
};

struct ConsoleEvent {
  enum class Kind {
    suite_started,
    test_started,
    test_ended,
    suite_finished,
    // A failure printed outside any test: in a suite's set-up or tear-down
    // (`name` is the suite) or in a global environment (`name` is empty).
    outside_failure,
  };
  Kind kind = Kind::test_started;
  std::string name;  // the suite, or the test's full name
  protocol::TestStatus status = protocol::TestStatus::passed;  // test_ended
  double seconds = 0;                                          // test_ended
  // test_ended: all the test printed between its markers, GoogleTest's
  // failure blocks included; outside_failure: what was printed there.
  // Head and tail only, past the reader's limit.
  std::string text;
  std::uint64_t cut_bytes = 0;
};

class ConsoleReader {
 public:
  // `limit`: the bytes of text kept per test, and between tests.
  explicit ConsoleReader(std::uint64_t limit) : segment_(limit), outside_(limit) {}

  std::vector<ConsoleEvent> feed(std::string_view bytes);
  // The end of the stream: a last line without its newline is read, and
  // text printed outside tests that holds a failure is reported.
  std::vector<ConsoleEvent> finish();

  // The test that started and has not ended, if any.
  const std::optional<std::string>& running_test() const { return running_; }
  // What the running test printed so far.
  const BoundedText& running_text() const { return segment_; }

 private:
  void read_line(std::string_view line, bool complete, std::vector<ConsoleEvent>& out);
  void end_outside_text(std::vector<ConsoleEvent>& out);

  std::string pending_;  // a line not yet complete
  std::optional<std::string> suite_;
  std::optional<std::string> running_;
  BoundedText segment_;
  BoundedText outside_;  // printed between tests, in the current suite or outside any
};

// GoogleTest's failure and skip blocks in a test's text ("file:12: Failure"
// and the lines after it, up to the next block), and the rest as its output.
// Used where no report says exactly where a message ends.
struct SplitText {
  std::string output;
  std::vector<protocol::Failure> failures;
};
SplitText split_console_failures(const std::string& text, bool include_skips);

// `text` without the blocks GoogleTest printed for `failures` (taken from a
// report, so their messages are exact).
std::string remove_printed_failures(std::string text, const std::vector<protocol::Failure>& failures);

}  // namespace dbtest::runner
