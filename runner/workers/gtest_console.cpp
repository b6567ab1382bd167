#include "gtest_console.hpp"

#include <algorithm>
#include <cctype>
#include <cstdlib>

namespace dbtest::runner {
namespace {

constexpr std::string_view kRun = "[ RUN      ] ";
constexpr std::string_view kOk = "[       OK ] ";
constexpr std::string_view kFailed = "[  FAILED  ] ";
constexpr std::string_view kSkipped = "[  SKIPPED ] ";
constexpr std::string_view kSuiteLine = "[----------] ";
constexpr std::string_view kSummaryLine = "[==========] ";
constexpr std::string_view kPassedLine = "[  PASSED  ] ";

bool starts_with(std::string_view text, std::string_view prefix) { return text.substr(0, prefix.size()) == prefix; }
bool ends_with(std::string_view text, std::string_view suffix) {
  return text.size() >= suffix.size() && text.substr(text.size() - suffix.size()) == suffix;
}

// "(12 ms)" at the end of an end marker, in seconds; 0 when absent.
double marker_seconds(std::string_view line) {
  const auto open = line.rfind(" (");
  if (open == std::string_view::npos || !ends_with(line, " ms)")) return 0;
  const std::string number(line.substr(open + 2, line.size() - 4 - open - 2));
  char* end = nullptr;
  const double ms = std::strtod(number.c_str(), &end);
  return end == number.c_str() ? 0 : ms / 1000.0;
}

// "[----------] 3 tests from Orders" (a suite starts) or "... from Orders
// (4 ms total)" (it ends); "Typed/0, where TypeParam = int" names Typed/0.
std::optional<std::pair<std::string, bool>> suite_line(std::string_view line) {
  if (!starts_with(line, kSuiteLine)) return std::nullopt;
  const auto from = line.find(" from ");
  if (from == std::string_view::npos) return std::nullopt;  // the environment's set-up and tear-down lines
  std::string_view rest = line.substr(from + 6);
  const bool ended = ends_with(rest, " ms total)");
  const auto cut = rest.find_first_of(" ,");
  return std::make_pair(std::string(rest.substr(0, cut)), ended);
}

// "file:12: Failure", "unknown file: Failure", "file:12: Skipped": the
// location GoogleTest printed, and whether it is a skip.
struct BlockHeader {
  std::string file;
  int line = 0;
  bool skip = false;
};
std::optional<BlockHeader> block_header(std::string_view text) {
  BlockHeader header;
  if (ends_with(text, ": Failure")) {
    text.remove_suffix(9);
  } else if (ends_with(text, ": Skipped")) {
    text.remove_suffix(9);
    header.skip = true;
  } else {
    return std::nullopt;
  }
  if (text == "unknown file") return header;
  if (text.empty()) return std::nullopt;
  const auto colon = text.rfind(':');
  if (colon != std::string_view::npos && colon + 1 < text.size()) {
    const std::string_view digits = text.substr(colon + 1);
    bool all_digits = true;
    for (char c : digits) all_digits = all_digits && std::isdigit(static_cast<unsigned char>(c));
    if (all_digits) {
      header.file = std::string(text.substr(0, colon));
      header.line = std::atoi(std::string(digits).c_str());
      return header;
    }
  }
  header.file = std::string(text);
  return header;
}

std::string printed_location(const protocol::Failure& f) {
  if (f.file.empty()) return "unknown file";
  return f.line > 0 ? f.file + ":" + std::to_string(f.line) : f.file;
}

// A line longer than this is read in pieces, keeping its last
// kMarkerRoom bytes back: an end marker after a long line of a test's own
// output is then still found whole.
constexpr std::size_t kLongLine = 1 << 16;
constexpr std::size_t kMarkerRoom = 4096;

}  // namespace

void BoundedText::append(std::string_view bytes) {
  total_ += bytes.size();
  if (head_.size() < half_) {
    const std::size_t take = std::min(bytes.size(), half_ - head_.size());
    head_.append(bytes.substr(0, take));
    bytes.remove_prefix(take);
  }
  tail_.append(bytes);
  if (tail_.size() > 2 * half_ + kLongLine) tail_.erase(0, tail_.size() - half_);
}

std::string BoundedText::text() const {
  if (cut_bytes() == 0) return head_ + tail_;
  return head_ + tail_.substr(tail_.size() - half_);
}

void BoundedText::clear() {
  head_.clear();
  tail_.clear();
  total_ = 0;
}

std::vector<ConsoleEvent> ConsoleReader::feed(std::string_view bytes) {
  std::vector<ConsoleEvent> out;
  pending_.append(bytes);
  std::size_t start = 0;
  for (auto nl = pending_.find('\n', start); nl != std::string::npos; nl = pending_.find('\n', start)) {
    std::string_view line(pending_.data() + start, nl - start);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    read_line(line, true, out);
    start = nl + 1;
  }
  pending_.erase(0, start);
  if (pending_.size() > kLongLine) {
    const std::string piece = pending_.substr(0, pending_.size() - kMarkerRoom);
    pending_.erase(0, piece.size());
    read_line(piece, false, out);
  }
  return out;
}

std::vector<ConsoleEvent> ConsoleReader::finish() {
  std::vector<ConsoleEvent> out;
  if (!pending_.empty()) {
    const std::string last = std::move(pending_);
    pending_.clear();
    read_line(last, false, out);
  }
  if (!running_) end_outside_text(out);
  return out;
}

void ConsoleReader::read_line(std::string_view line, bool complete, std::vector<ConsoleEvent>& out) {
  if (running_) {
    // The test may have printed a line without its end, so the marker can
    // come after text of the test's own.
    for (const auto& [marker, status] : {std::pair{kOk, protocol::TestStatus::passed},
                                         std::pair{kFailed, protocol::TestStatus::failed},
                                         std::pair{kSkipped, protocol::TestStatus::skipped}}) {
      const std::string expected = std::string(marker) + *running_;
      const auto at = line.find(expected);
      if (at == std::string_view::npos) continue;
      const std::string_view after = line.substr(at + expected.size());
      if (!after.empty() && !starts_with(after, " (") && !starts_with(after, ", where ")) continue;
      segment_.append(line.substr(0, at));
      out.push_back({ConsoleEvent::Kind::test_ended, *running_, status, marker_seconds(line), segment_.text(),
                     segment_.cut_bytes()});
      segment_.clear();
      running_.reset();
      return;
    }
    segment_.append(line);
    if (complete) segment_.append("\n");
    return;
  }
  if (const auto at = line.find(kRun); at != std::string_view::npos) {
    outside_.append(line.substr(0, at));
    end_outside_text(out);  // a suite's set-up failed before its first test
    running_ = std::string(line.substr(at + kRun.size()));
    out.push_back({ConsoleEvent::Kind::test_started, *running_, {}, 0, {}, 0});
    return;
  }
  if (const auto suite = suite_line(line)) {
    end_outside_text(out);
    if (suite->second) {
      out.push_back({ConsoleEvent::Kind::suite_finished, suite->first, {}, 0, {}, 0});
      suite_.reset();
    } else {
      suite_ = suite->first;
      out.push_back({ConsoleEvent::Kind::suite_started, suite->first, {}, 0, {}, 0});
    }
    return;
  }
  if (starts_with(line, kSuiteLine) || starts_with(line, kSummaryLine) || starts_with(line, kPassedLine) ||
      starts_with(line, kFailed) || starts_with(line, kSkipped) || starts_with(line, "Note: Google Test filter")) {
    end_outside_text(out);
    return;
  }
  outside_.append(line);
  if (complete) outside_.append("\n");
}

void ConsoleReader::end_outside_text(std::vector<ConsoleEvent>& out) {
  std::string text = outside_.text();
  const auto cut = outside_.cut_bytes();
  outside_.clear();
  if (split_console_failures(text, false).failures.empty()) return;
  out.push_back({ConsoleEvent::Kind::outside_failure, suite_.value_or(""), protocol::TestStatus::failed, 0,
                 std::move(text), cut});
}

SplitText split_console_failures(const std::string& text, bool include_skips) {
  SplitText split;
  protocol::Failure* current = nullptr;
  std::size_t start = 0;
  while (start < text.size()) {
    auto nl = text.find('\n', start);
    const bool has_newline = nl != std::string::npos;
    if (!has_newline) nl = text.size();
    const std::string_view line(text.data() + start, nl - start);
    const auto header = block_header(line);
    if (header && (!header->skip || include_skips)) {
      split.failures.push_back({header->file, header->line, ""});
      current = &split.failures.back();
    } else if (header) {
      current = nullptr;  // a skip's reason is not a failure's text
    } else if (current) {
      if (!current->message.empty() || !line.empty()) current->message.append(line).append(has_newline ? "\n" : "");
    } else {
      split.output.append(line).append(has_newline ? "\n" : "");
    }
    start = nl + 1;
  }
  for (auto& f : split.failures) {
    while (!f.message.empty() && f.message.back() == '\n') f.message.pop_back();
  }
  return split;
}

std::string remove_printed_failures(std::string text, const std::vector<protocol::Failure>& failures) {
  for (const auto& f : failures) {
    const std::string printed = printed_location(f) + ": Failure\n" + f.message + "\n";
    const auto at = text.find(printed);
    if (at != std::string::npos) text.erase(at, printed.size());
  }
  return text;
}

}  // namespace dbtest::runner
