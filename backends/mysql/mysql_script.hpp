// A MySQL/MariaDB migration file cut into the statements the `mysql`
// command-line client would send, so the backend can run them one by one and
// name the file and line of the one that fails.
#pragma once

#include <string>
#include <vector>

namespace dbtest::backends::mysql {

struct ScriptStatement {
  // The statement as it stands in the file, from its first character that is
  // not white space or comment up to its delimiter (excluded), trailing white
  // space trimmed. Comments inside it are kept, so a server error "at line N"
  // is on line `line + N - 1` of the file.
  std::string sql;
  int line = 1;  // 1-based line of the statement's first character
};

// Splits `text` the way the `mysql` client does: at `;` or the delimiter a
// `DELIMITER` line sets, outside strings, quoted identifiers and comments.
// Executable comments (`/*! ... */`, `/*M! ... */`) are statement text; a
// statement of only white space and plain comments is dropped; the last one
// needs no delimiter. Throws UsageError for an unterminated string, quoted
// identifier or comment, naming the line it starts on, and for a DELIMITER line
// without a delimiter.
std::vector<ScriptStatement> split_script(const std::string& text);

}  // namespace dbtest::backends::mysql
