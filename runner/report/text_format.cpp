#include "text_format.hpp"

#include <fmt/format.h>

#include "utf8.hpp"

namespace dbtest::runner {

std::string format_seconds(double seconds) {
  if (seconds < 10) return fmt::format("{:.3f} s", seconds);
  if (seconds < 120) return fmt::format("{:.1f} s", seconds);
  const int whole = static_cast<int>(seconds);
  return fmt::format("{} min {:02} s", whole / 60, whole % 60);
}

std::string printable(const std::string& text) { return escape_for_display(text); }

std::string output_with_cut_mark(const protocol::Output& output, const std::function<std::string(const std::string&)>& show) {
  if (output.cut_bytes == 0) return show(output.text);
  // A cut output is an equal head and tail; the mark goes between them, on
  // a character boundary.
  const std::size_t half = utf8_prefix(output.text, output.text.size() / 2).size();
  return show(output.text.substr(0, half)) + fmt::format("\n[... {} bytes of output cut ...]\n", output.cut_bytes) +
         show(output.text.substr(half));
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

std::string outcome_identifier(Outcome outcome) {
  switch (outcome) {
    case Outcome::passed: return "passed";
    case Outcome::failed: return "failed";
    case Outcome::skipped: return "skipped";
    case Outcome::crashed: return "crashed";
    case Outcome::timed_out: return "timed_out";
  }
  return "failed";
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
    std::string text = output_with_cut_mark(r.output, printable);
    out += text;
    if (out.back() != '\n') out += "\n";
    out += style.yellow("--- end of output ---") + "\n";
  }
  if (!r.kept_database.empty()) {
    out += "Its database is kept (--keep-failed-db): " + printable(r.kept_database) + "\n";
    if (r.ran_before_on_clone.empty()) {
      out += "No test ran on that database before it.\n";
    } else {
      out += "Ran on that database before it, in order:\n";
      for (const auto& name : r.ran_before_on_clone) out += "  " + name + "\n";
    }
  }
  return out;
}

}  // namespace dbtest::runner
