#include "plain_run.hpp"

#include "gtest_report.hpp"
#include "protocol/bounded_output.hpp"

namespace dbtest::runner {

// `text` may already be a head and tail, `cut_bytes` dropped between them.
protocol::Output PlainRun::bounded(const std::string& text, std::uint64_t cut_bytes) const {
  auto out = protocol::bounded_output(text.size(), output_limit_, [&text](std::uint64_t offset, std::size_t n) {
    return text.substr(static_cast<std::size_t>(offset), n);
  });
  out.cut_bytes += cut_bytes;
  return out;
}

protocol::Output PlainRun::running_output() const {
  return bounded(console_.running_text().text(), console_.running_text().cut_bytes());
}

protocol::Output PlainRun::last_output() const { return bounded(tail_); }

std::vector<protocol::WorkerMessage> PlainRun::feed(std::string_view bytes) {
  std::vector<protocol::WorkerMessage> out;
  constexpr std::size_t kTail = 4096;
  tail_.append(bytes);
  if (tail_.size() > 2 * kTail) tail_.erase(0, tail_.size() - kTail);
  translate(console_.feed(bytes), out);
  return out;
}

void PlainRun::translate(std::vector<ConsoleEvent> events, std::vector<protocol::WorkerMessage>& out) {
  using Kind = ConsoleEvent::Kind;
  for (auto& e : events) {
    switch (e.kind) {
      case Kind::suite_started: out.emplace_back(protocol::SuiteStarted{batch_, e.name}); break;
      case Kind::suite_finished: out.emplace_back(protocol::SuiteFinished{batch_, e.name}); break;
      case Kind::test_started: out.emplace_back(protocol::TestStarted{batch_, e.name}); break;
      case Kind::test_ended:
        if (e.status == protocol::TestStatus::failed) {
          held_.push_back({e.name, e.seconds, std::move(e.text), e.cut_bytes});
        } else {
          auto split = split_console_failures(e.text, /*include_skips=*/true);
          if (e.status == protocol::TestStatus::passed) split = {e.text, {}};
          out.emplace_back(protocol::TestFinished{batch_, e.name, e.status, e.seconds, std::move(split.failures),
                                                  bounded(split.output, e.cut_bytes)});
        }
        break;
      case Kind::outside_failure: {
        auto split = split_console_failures(e.text, false);
        out.emplace_back(
            protocol::SuiteError{batch_, e.name, std::move(split.failures), bounded(split.output, e.cut_bytes)});
        break;
      }
    }
  }
}

std::vector<protocol::WorkerMessage> PlainRun::finish(const std::string& report_text) {
  std::vector<protocol::WorkerMessage> out;
  translate(console_.finish(), out);
  const auto report = report_text.empty() ? std::nullopt : parse_gtest_report(report_text);
  for (auto& held : held_) {
    protocol::TestFinished finished{batch_, held.name, protocol::TestStatus::failed, held.seconds, {}, {}};
    const ReportedTest* reported = nullptr;
    if (report) {
      const auto it = report->tests.find(held.name);
      if (it != report->tests.end() && !it->second.failures.empty()) reported = &it->second;
    }
    if (reported) {
      finished.failures = reported->failures;
      finished.seconds = reported->seconds;
      finished.output = bounded(remove_printed_failures(held.text, finished.failures), held.cut_bytes);
    } else {
      auto split = split_console_failures(held.text, false);
      finished.failures = std::move(split.failures);
      finished.output = bounded(split.output, held.cut_bytes);
    }
    if (finished.failures.empty()) finished.failures.push_back({"", 0, "the test failed (GoogleTest printed no message)"});
    out.emplace_back(std::move(finished));
  }
  held_.clear();
  return out;
}

}  // namespace dbtest::runner
