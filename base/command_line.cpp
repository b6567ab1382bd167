#include "command_line.hpp"

namespace dbtest::base {
namespace {

void append_argument(std::string& line, const std::string& arg) {
  if (!arg.empty() && arg.find_first_of(" \t\n\v\"") == std::string::npos) {
    line += arg;
    return;
  }
  line += '"';
  std::size_t backslashes = 0;
  for (const char c : arg) {
    if (c == '\\') {
      ++backslashes;
      continue;
    }
    // Backslashes are literal unless a quote follows them: then each one,
    // and the quote, needs a backslash of its own.
    line.append(c == '"' ? 2 * backslashes + 1 : backslashes, '\\');
    backslashes = 0;
    line += c;
  }
  // The closing quote follows: the trailing backslashes must not escape it.
  line.append(2 * backslashes, '\\');
  line += '"';
}

}  // namespace

std::string windows_command_line(const std::vector<std::string>& argv) {
  std::string line;
  for (std::size_t i = 0; i < argv.size(); ++i) {
    if (i == 0) {
      const bool spaced = argv[0].find_first_of(" \t") != std::string::npos;
      line += spaced ? '"' + argv[0] + '"' : argv[0];
      continue;
    }
    line += ' ';
    append_argument(line, argv[i]);
  }
  return line;
}

}  // namespace dbtest::base
