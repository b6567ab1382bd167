#include "mysql_script.hpp"

#include <algorithm>
#include <cctype>
#include <optional>

#include "base/errors.hpp"

namespace dbtest::backends::mysql {
namespace {

constexpr auto npos = std::string::npos;
constexpr char kSpace[] = " \t\r\n\f\v";

bool is_space(char c) { return std::isspace(static_cast<unsigned char>(c)) != 0; }

// The argument of the client command `DELIMITER x` when the line at `pos` is
// one (empty when the argument is missing), else nullopt.
std::optional<std::string> delimiter_command(const std::string& text, std::size_t pos) {
  static constexpr char kWord[] = "delimiter";
  constexpr std::size_t kLength = sizeof(kWord) - 1;
  pos = text.find_first_not_of(" \t", pos);
  if (pos == npos || text.size() - pos < kLength) return std::nullopt;
  for (std::size_t k = 0; k < kLength; ++k) {
    if (std::tolower(static_cast<unsigned char>(text[pos + k])) != kWord[k]) return std::nullopt;
  }
  pos += kLength;
  if (pos < text.size() && !is_space(text[pos])) return std::nullopt;  // a longer word, e.g. `delimiters`
  const auto begin = std::min(text.find_first_not_of(" \t", pos), text.size());
  const auto end = std::min(text.find_first_of(kSpace, begin), text.size());
  return text.substr(begin, end - begin);
}

// The offset just past the string or quoted identifier that opens at `open`,
// or npos when the text ends inside it.
std::size_t skip_quoted(const std::string& text, std::size_t open) {
  const char quote = text[open];
  for (std::size_t i = open + 1; i < text.size(); ++i) {
    if (text[i] == '\\' && quote != '`') {
      ++i;  // MySQL's default sql_mode escapes in strings; identifiers take a backslash as it is
    } else if (text[i] == quote) {
      if (i + 1 == text.size() || text[i + 1] != quote) return i + 1;
      ++i;  // a doubled quote stands for itself
    }
  }
  return npos;
}

}  // namespace

std::vector<ScriptStatement> split_script(const std::string& text) {
  std::vector<ScriptStatement> statements;
  std::string delimiter = ";";
  std::size_t start = npos;  // of the pending statement; npos while it is only white space and comments
  int start_line = 1;

  // Offsets are asked about in increasing order, so each newline is counted once.
  int line = 1;
  std::size_t counted = 0;
  auto line_of = [&](std::size_t offset) {
    line += static_cast<int>(std::count(text.begin() + static_cast<std::ptrdiff_t>(counted),
                                        text.begin() + static_cast<std::ptrdiff_t>(offset), '\n'));
    counted = offset;
    return line;
  };
  auto begin_statement = [&](std::size_t at) {
    if (start != npos) return;
    start = at;
    start_line = line_of(at);
  };
  auto finish_statement = [&](std::size_t end) {
    if (start == npos) return;
    const auto last = text.find_last_not_of(kSpace, end - 1);  // >= start, which is not white space
    statements.push_back({text.substr(start, last + 1 - start), start_line});
    start = npos;
  };

  // Editors on Windows may begin the file with a UTF-8 byte order mark, which the server would take as text.
  const std::size_t first = text.compare(0, 3, "\xEF\xBB\xBF") == 0 ? 3 : 0;
  std::size_t i = first;
  while (i < text.size()) {
    // DELIMITER is a command of the client, not SQL: it only counts as the first word of a line between statements.
    if (start == npos && (i == first || text[i - 1] == '\n')) {
      if (auto argument = delimiter_command(text, i)) {
        if (argument->empty()) throw UsageError("DELIMITER without a delimiter at line " + std::to_string(line_of(i)));
        delimiter = *argument;
        i = std::min(text.find('\n', i), text.size());
        continue;
      }
    }
    const auto at = [&](std::size_t k) { return i + k < text.size() ? text[i + k] : '\0'; };
    const char c = text[i];
    if (text.compare(i, delimiter.size(), delimiter) == 0) {
      finish_statement(i);
      i += delimiter.size();
    } else if (c == '#' ||
               (c == '-' && at(1) == '-' && (is_space(at(2)) || at(2) == '\0' || start == npos))) {
      // `--` needs white space after it (`1--1` is arithmetic), but the client also drops `--x` before a statement.
      i = std::min(text.find('\n', i), text.size());
    } else if (c == '/' && at(1) == '*' && at(2) != '!' && !(at(2) == 'M' && at(3) == '!')) {
      // `/*!` and `/*M!` are not skipped: the server runs what they hold.
      const auto end = text.find("*/", i + 2);
      if (end == npos) throw UsageError("unterminated comment starting at line " + std::to_string(line_of(i)));
      i = end + 2;
    } else if (c == '\'' || c == '"' || c == '`') {
      begin_statement(i);
      const auto end = skip_quoted(text, i);
      if (end == npos) {
        throw UsageError(std::string(c == '`' ? "unterminated quoted identifier" : "unterminated string") +
                         " starting at line " + std::to_string(line_of(i)));
      }
      i = end;
    } else {
      if (!is_space(c)) begin_statement(i);
      ++i;
    }
  }
  finish_statement(text.size());
  return statements;
}

}  // namespace dbtest::backends::mysql
