#include "noting_printer.hpp"

#include <string_view>

namespace dbtest::runner {

void NotingPrinter::note(const std::string& line) {
  printer_.note(line);
  constexpr std::string_view warning = "dbtest: warning: ";
  constexpr std::string_view note = "dbtest: note: ";
  constexpr std::string_view plain = "dbtest: ";
  if (line.rfind(warning, 0) == 0) {
    log_.dbtest_note("warning", line.substr(warning.size()));
  } else if (line.rfind(note, 0) == 0) {
    log_.dbtest_note("note", line.substr(note.size()));
  } else {
    log_.dbtest_note("note", line.rfind(plain, 0) == 0 ? line.substr(plain.size()) : line);
  }
}

}  // namespace dbtest::runner
