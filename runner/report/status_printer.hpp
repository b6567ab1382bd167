// Everything dbtest shows a person while a run goes on sits behind this
// interface: the scheduler and the run only say what happened. Two
// implementations: a status line redrawn in place on a terminal, and plain
// lines for logs and CI.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "schedule/outcome.hpp"

namespace dbtest::runner {

struct Progress {
  int done = 0;
  int total = 0;
  int failures = 0;
  int workers = 0;
  double elapsed_seconds = 0;
  // Left out when a running test has already run longer than it claims.
  std::optional<double> eta_seconds;
  // The test that has been running longest, once that is long enough to
  // matter: what a person watching a stuck line wants to know.
  std::string longest_running;
  double longest_running_seconds = 0;
};

class StatusPrinter {
 public:
  virtual ~StatusPrinter() = default;
  // A line about the run itself ("migrated 12 files in 0.10 s").
  virtual void note(const std::string& line) = 0;
  virtual void test_finished(const TestResult& result, const std::string& binary, const Progress& progress) = 0;
  virtual void tick(const Progress& progress) = 0;
  // Clears any status line, before the summary is printed.
  virtual void finish() = 0;
  // Prints text as it is (the summary).
  virtual void print(const std::string& text) = 0;
};

struct PrinterOptions {
  bool smart_terminal = false;
  bool colour = false;
  bool verbose = false;
  int width = 80;
};

// Reads the terminal and NO_COLOR / CLICOLOR_FORCE.
PrinterOptions detect_printer_options(bool verbose);
std::unique_ptr<StatusPrinter> make_status_printer(const PrinterOptions& options);

}  // namespace dbtest::runner
