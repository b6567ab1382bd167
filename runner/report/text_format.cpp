#include "text_format.hpp"

#include <fmt/format.h>

namespace dbtest::runner {

std::string format_seconds(double seconds) {
  if (seconds < 10) return fmt::format("{:.3f} s", seconds);
  if (seconds < 120) return fmt::format("{:.1f} s", seconds);
  const int whole = static_cast<int>(seconds);
  return fmt::format("{} min {:02} s", whole / 60, whole % 60);
}

std::string printable(const std::string& text) {
  std::string out;
  out.reserve(text.size());
  for (unsigned char c : text) {
    if ((c < 0x20 && c != '\n' && c != '\t') || c == 0x7f) {
      out += fmt::format("\\x{:02x}", c);
    } else {
      out.push_back(static_cast<char>(c));
    }
  }
  return out;
}

std::string outcome_label(Outcome outcome) {
  switch (outcome) {
    case Outcome::passed: return "PASSED";
    case Outcome::failed: return "FAILED";
    case Outcome::skipped: return "SKIPPED";
    case Outcome::crashed: return "CRASHED";
    case Outcome::timed_out: return "TIMED OUT";
  }
  return "?";
}

std::string failure_block(const TestResult& r, const std::string& binary, const Style& style) {
  std::string out = style.red(style.bold(outcome_label(r.outcome) + ":")) + " " + style.bold(r.name);
  if (r.suite_error) out += " (outside any test of the suite)";
  out += fmt::format("  [{}, worker {}, {}]\n", binary, r.slot, format_seconds(r.seconds));
  for (const auto& f : r.failures) {
    if (!f.file.empty()) out += fmt::format("{}:{}: ", f.file, f.line);
    std::string message = printable(f.message);
    while (!message.empty() && message.back() == '\n') message.pop_back();
    out += message + "\n";
  }
  if (!r.output.text.empty()) {
    out += style.yellow("--- output ---") + "\n";
    std::string text = printable(r.output.text);
    if (r.output.cut_bytes > 0) {
      // A cut output is an equal head and tail; the mark goes between them.
      const std::size_t half = r.output.text.size() / 2;
      text = printable(r.output.text.substr(0, half)) +
             fmt::format("\n[... {} bytes of output cut ...]\n", r.output.cut_bytes) +
             printable(r.output.text.substr(half));
    }
    out += text;
    if (out.back() != '\n') out += "\n";
    out += style.yellow("--- end of output ---") + "\n";
  }
  return out;
}

}  // namespace dbtest::runner
