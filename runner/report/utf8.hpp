// Test output is arbitrary bytes; terminals and XML readers want valid UTF-8
// without control characters. These walk text code point by code point.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace dbtest::runner {

// Valid UTF-8 in which every byte of an invalid sequence, and every control
// character but newline and tab (C0, DEL and C1), is written as "\xNN".
std::string escape_for_display(std::string_view text);

// The longest prefix of `text` of at most `max_bytes` that does not end in
// the middle of a UTF-8 sequence.
std::string_view utf8_prefix(std::string_view text, std::size_t max_bytes);

}  // namespace dbtest::runner
