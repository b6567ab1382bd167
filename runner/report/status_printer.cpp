#include "status_printer.hpp"

#include <fmt/format.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>

#include "platform/terminal.hpp"
#include "text_format.hpp"

namespace dbtest::runner {
namespace {

std::string progress_text(const Progress& p) {
  std::string text = fmt::format("[{}/{}] {} worker{}, {} failed, {} elapsed", p.done, p.total, p.workers,
                                 p.workers == 1 ? "" : "s", p.failures,
                                 format_seconds(p.elapsed_seconds));
  if (p.eta_seconds) text += ", ETA " + format_seconds(*p.eta_seconds);
  if (!p.longest_running.empty()) {
    text += fmt::format(", running {} for {}", p.longest_running, format_seconds(p.longest_running_seconds));
  }
  return text;
}

void write(const std::string& text) {
  std::fwrite(text.data(), 1, text.size(), stdout);
  std::fflush(stdout);
}

// Shortens a line to `width` columns by cutting out its middle, as ninja does.
std::string elide_middle(const std::string& text, int width) {
  if (width < 8 || static_cast<int>(text.size()) <= width) return text;
  const std::size_t keep = static_cast<std::size_t>(width - 3);
  return text.substr(0, keep / 2) + "..." + text.substr(text.size() - (keep - keep / 2));
}

std::string verbose_line(const TestResult& r, const Style& style) {
  const std::string label = r.outcome == Outcome::passed    ? style.green("PASSED")
                            : r.outcome == Outcome::skipped ? style.yellow("SKIPPED")
                                                            : style.red(outcome_label(r.outcome));
  std::string reason;
  if (r.outcome == Outcome::skipped && !r.failures.empty()) {
    reason = printable(r.failures.front().message);
    reason = ": " + reason.substr(0, reason.find('\n'));
  }
  return fmt::format("{} {} ({}){}\n", label, r.name, format_seconds(r.seconds), reason);
}

// One status line rewritten in place; everything else is printed above it.
class SmartTerminalPrinter : public StatusPrinter {
 public:
  explicit SmartTerminalPrinter(const PrinterOptions& o) : options_(o), style_{o.colour} {}

  void note(const std::string& line) override { above(line + "\n"); }

  void test_finished(const TestResult& r, const std::string& binary, const Progress& p) override {
    last_ = p;
    if (is_failure(r.outcome)) above(failure_block(r, binary, style_));
    else if (options_.verbose) above(verbose_line(r, style_));
    else tick(p);
  }

  // Fast tests finish thousands of times a second; the line is redrawn at
  // most every 50 ms, which is as often as a person can read it.
  void tick(const Progress& p) override {
    last_ = p;
    if (std::chrono::steady_clock::now() - drawn_at_ < std::chrono::milliseconds(50)) return;
    redraw();
  }

  void finish() override {
    clear();
    finished_ = true;
  }

  void print(const std::string& text) override { above(text); }

 private:
  void clear() {
    if (shown_) write("\r\x1b[K");
    shown_ = false;
  }
  void above(const std::string& text) {
    clear();
    write(text);
    redraw();
  }
  void redraw() {
    if (last_.total == 0 || finished_) return;
    drawn_at_ = std::chrono::steady_clock::now();
    write("\r" + elide_middle(progress_text(last_), options_.width - 1) + "\x1b[K");
    shown_ = true;
  }

  PrinterOptions options_;
  Style style_;
  Progress last_;
  bool shown_ = false;
  bool finished_ = false;
  std::chrono::steady_clock::time_point drawn_at_{};
};

// Logs and CI: whole lines only, a progress line now and then.
class PlainPrinter : public StatusPrinter {
 public:
  explicit PlainPrinter(const PrinterOptions& o) : options_(o), style_{o.colour} {}

  void note(const std::string& line) override { write(line + "\n"); }

  void test_finished(const TestResult& r, const std::string& binary, const Progress& p) override {
    if (is_failure(r.outcome)) write(failure_block(r, binary, style_));
    else if (options_.verbose) write(verbose_line(r, style_));
    tick(p);
  }

  void tick(const Progress& p) override {
    // Every tenth of the run, and at least every 30 seconds when it is slow.
    const int step = std::max(1, p.total / 10);
    const bool milestone = p.done >= next_done_;
    const bool slow = p.elapsed_seconds - last_elapsed_ >= 30;
    if (p.total == 0 || p.done >= p.total || !(milestone || slow)) return;
    while (next_done_ <= p.done) next_done_ += step;
    last_elapsed_ = p.elapsed_seconds;
    write(progress_text(p) + "\n");
  }

  void finish() override {}
  void print(const std::string& text) override { write(text); }

 private:
  PrinterOptions options_;
  Style style_;
  int next_done_ = 1;
  double last_elapsed_ = 0;
};

bool env_set(const char* name) {
  const char* value = std::getenv(name);
  return value && *value && std::string(value) != "0";
}

}  // namespace

PrinterOptions detect_printer_options(bool verbose) {
  PrinterOptions o;
  o.verbose = verbose;
  o.smart_terminal = platform::stdout_is_smart_terminal();
  o.width = o.smart_terminal ? platform::terminal_width() : 80;
  // NO_COLOR disables colour whatever its value; CLICOLOR_FORCE=0 does not force it.
  const char* no_color = std::getenv("NO_COLOR");
  o.colour = !(no_color && *no_color) && (o.smart_terminal || env_set("CLICOLOR_FORCE"));
  return o;
}

std::unique_ptr<StatusPrinter> make_status_printer(const PrinterOptions& options) {
  if (options.smart_terminal) return std::make_unique<SmartTerminalPrinter>(options);
  return std::make_unique<PlainPrinter>(options);
}

}  // namespace dbtest::runner
