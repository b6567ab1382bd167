// A StatusPrinter that also hands every line dbtest says about the run
// ("dbtest: warning: ...", "dbtest: note: ...") to the run's logs, so the
// event stream carries dbtest's own warnings without reading its output.
#pragma once

#include "run_log.hpp"
#include "status_printer.hpp"

namespace dbtest::runner {

class NotingPrinter : public StatusPrinter {
 public:
  NotingPrinter(StatusPrinter& printer, RunLog& log) : printer_(printer), log_(log) {}

  void note(const std::string& line) override;
  void test_finished(const TestResult& result, const std::string& binary, const Progress& progress) override {
    printer_.test_finished(result, binary, progress);
  }
  void tick(const Progress& progress) override { printer_.tick(progress); }
  void finish() override { printer_.finish(); }
  void print(const std::string& text) override { printer_.print(text); }

 private:
  StatusPrinter& printer_;
  RunLog& log_;
};

}  // namespace dbtest::runner
