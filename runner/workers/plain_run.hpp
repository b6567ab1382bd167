// One process of a plain GoogleTest binary, given some tests of a batch:
// what it prints becomes, as it comes, the messages a linked worker would
// send over its channel. A passed or skipped test is reported the moment its
// end marker is read; a failed one waits for the JSON report the process
// writes as it ends, which has its failure messages exactly, and falls back
// on the console when the process died before writing it.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "gtest_console.hpp"
#include "protocol/messages.hpp"

namespace dbtest::runner {

class PlainRun {
 public:
  PlainRun(std::uint64_t batch, std::uint64_t output_limit)
      : batch_(batch), output_limit_(output_limit), console_(output_limit) {}

  std::vector<protocol::WorkerMessage> feed(std::string_view bytes);
  // The process ended; `report` is the text of its JSON report, empty when it
  // wrote none. Returns the results held back.
  std::vector<protocol::WorkerMessage> finish(const std::string& report);

  // After finish(): the test that started and never ended, if the process
  // died inside one, and what that test printed.
  const std::optional<std::string>& running_test() const { return console_.running_test(); }
  protocol::Output running_output() const;
  // The last of all it printed, for a process that died outside any test.
  protocol::Output last_output() const;

 private:
  struct Held {
    std::string name;
    double seconds = 0;
    std::string text;
    std::uint64_t cut_bytes = 0;
  };
  void translate(std::vector<ConsoleEvent> events, std::vector<protocol::WorkerMessage>& out);
  protocol::Output bounded(const std::string& text, std::uint64_t cut_bytes = 0) const;

  std::uint64_t batch_;
  std::uint64_t output_limit_;
  ConsoleReader console_;
  std::vector<Held> held_;
  std::string tail_;
};

}  // namespace dbtest::runner
