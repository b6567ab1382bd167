#include "json_text.hpp"

#include <cctype>
#include <charconv>
#include <cmath>
#include <cstdlib>
#include <optional>
#include <system_error>

namespace dbtest {
namespace {

constexpr char kReplacement[] = "\xEF\xBF\xBD";  // U+FFFD

bool continuation(unsigned char c) { return (c & 0xC0) == 0x80; }

// The length of the valid UTF-8 sequence of two or more bytes at `at`, or 0
// (RFC 3629: no overlong forms, no surrogates, nothing past U+10FFFF).
std::size_t sequence_length(std::string_view s, std::size_t at) {
  const auto byte = [&](std::size_t i) { return at + i < s.size() ? static_cast<unsigned char>(s[at + i]) : 0; };
  const unsigned char lead = byte(0);
  if (lead >= 0xC2 && lead <= 0xDF) return continuation(byte(1)) ? 2 : 0;
  if (lead >= 0xE0 && lead <= 0xEF) {
    const unsigned char low = lead == 0xE0 ? 0xA0 : 0x80;
    const unsigned char high = lead == 0xED ? 0x9F : 0xBF;
    return byte(1) >= low && byte(1) <= high && continuation(byte(2)) ? 3 : 0;
  }
  if (lead >= 0xF0 && lead <= 0xF4) {
    const unsigned char low = lead == 0xF0 ? 0x90 : 0x80;
    const unsigned char high = lead == 0xF4 ? 0x8F : 0xBF;
    return byte(1) >= low && byte(1) <= high && continuation(byte(2)) && continuation(byte(3)) ? 4 : 0;
  }
  return 0;
}

bool plain(unsigned char c) { return c >= 0x20 && c < 0x80 && c != '"' && c != '\\'; }

void append_quoted(std::string& out, std::string_view s) {
  static constexpr char kHex[] = "0123456789abcdef";
  out += '"';
  std::size_t i = 0;
  while (i < s.size()) {
    std::size_t run = i;
    while (run < s.size() && plain(static_cast<unsigned char>(s[run]))) ++run;
    out.append(s.data() + i, run - i);
    if (run == s.size()) break;
    i = run;
    const auto c = static_cast<unsigned char>(s[i]);
    if (c >= 0x80) {
      const std::size_t length = sequence_length(s, i);
      if (length == 0) {
        out += kReplacement;
        ++i;
      } else {
        out.append(s.data() + i, length);
        i += length;
      }
      continue;
    }
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\b': out += "\\b"; break;
      case '\f': out += "\\f"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default:
        out += "\\u00";
        out += kHex[c >> 4];
        out += kHex[c & 0xF];
    }
    ++i;
  }
  out += '"';
}

template <class Number>
void append_number(std::string& out, Number number) {
  char buffer[32];
  const auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, number);
  out.append(buffer, ec == std::errc() ? end : buffer);
}

void append_utf8(std::string& out, std::uint32_t code) {
  if (code < 0x80) {
    out += static_cast<char>(code);
  } else if (code < 0x800) {
    out += static_cast<char>(0xC0 | (code >> 6));
    out += static_cast<char>(0x80 | (code & 0x3F));
  } else if (code < 0x10000) {
    out += static_cast<char>(0xE0 | (code >> 12));
    out += static_cast<char>(0x80 | ((code >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (code & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (code >> 18));
    out += static_cast<char>(0x80 | ((code >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((code >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (code & 0x3F));
  }
}

// The whole of `digits` as a `Number`; nullopt for anything else (a
// fraction, an exponent, a sign the type lacks, too large a value).
template <typename Number>
std::optional<Number> whole_number(std::string_view digits) {
  Number value = 0;
  const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), value);
  if (ec != std::errc() || end != digits.data() + digits.size()) return std::nullopt;
  return value;
}

}  // namespace

void JsonWriter::before_value() {
  if (after_key_) {
    after_key_ = false;
    return;
  }
  if (!first_) out_ += ',';
  first_ = false;
}

JsonWriter& JsonWriter::begin_object() {
  before_value();
  out_ += '{';
  first_ = true;
  return *this;
}

JsonWriter& JsonWriter::end_object() {
  out_ += '}';
  first_ = false;
  return *this;
}

JsonWriter& JsonWriter::begin_array() {
  before_value();
  out_ += '[';
  first_ = true;
  return *this;
}

JsonWriter& JsonWriter::end_array() {
  out_ += ']';
  first_ = false;
  return *this;
}

JsonWriter& JsonWriter::key(std::string_view name) {
  if (!first_) out_ += ',';
  first_ = false;
  append_quoted(out_, name);
  out_ += ':';
  after_key_ = true;
  return *this;
}

JsonWriter& JsonWriter::value(std::string_view text) {
  before_value();
  append_quoted(out_, text);
  return *this;
}

JsonWriter& JsonWriter::value(bool flag) {
  before_value();
  out_ += flag ? "true" : "false";
  return *this;
}

JsonWriter& JsonWriter::value(std::int64_t number) {
  before_value();
  append_number(out_, number);
  return *this;
}

JsonWriter& JsonWriter::value(std::uint64_t number) {
  before_value();
  append_number(out_, number);
  return *this;
}

JsonWriter& JsonWriter::value(double number) {
  before_value();
  // JSON has no NaN or infinity; no time or count here is either.
  if (!std::isfinite(number)) number = 0;
  append_number(out_, number);
  return *this;
}

void JsonReader::skip_space() {
  while (at_ < text_.size() && (text_[at_] == ' ' || text_[at_] == '\t' || text_[at_] == '\n' || text_[at_] == '\r')) {
    ++at_;
  }
}

bool JsonReader::take(char c) {
  skip_space();
  if (at_ < text_.size() && text_[at_] == c) {
    ++at_;
    return true;
  }
  return false;
}

void JsonReader::expect(char c) {
  if (!take(c)) fail(std::string("expected '") + c + "'");
}

void JsonReader::fail(const std::string& what) const {
  throw JsonSyntaxError(what + " at byte " + std::to_string(at_));
}

std::string JsonReader::string() {
  expect('"');
  std::string out;
  for (;;) {
    std::size_t run = at_;
    while (run < text_.size() && text_[run] != '"' && text_[run] != '\\' &&
           static_cast<unsigned char>(text_[run]) >= 0x20) {
      ++run;
    }
    out.append(text_.data() + at_, run - at_);
    at_ = run;
    if (at_ >= text_.size()) fail("unterminated string");
    const char c = text_[at_++];
    if (c == '"') return out;
    if (c != '\\') fail("a control character in a string");
    if (at_ >= text_.size()) fail("unterminated string");
    switch (const char e = text_[at_++]) {
      case '"': out += '"'; break;
      case '\\': out += '\\'; break;
      case '/': out += '/'; break;
      case 'b': out += '\b'; break;
      case 'f': out += '\f'; break;
      case 'n': out += '\n'; break;
      case 'r': out += '\r'; break;
      case 't': out += '\t'; break;
      case 'u': {
        const auto hex4 = [&]() -> std::uint32_t {
          if (at_ + 4 > text_.size()) fail("a short \\u escape");
          std::uint32_t value = 0;
          const auto [end, ec] = std::from_chars(text_.data() + at_, text_.data() + at_ + 4, value, 16);
          if (ec != std::errc() || end != text_.data() + at_ + 4) fail("a bad \\u escape");
          at_ += 4;
          return value;
        };
        std::uint32_t code = hex4();
        if (code >= 0xD800 && code <= 0xDBFF) {
          if (at_ + 2 > text_.size() || text_[at_] != '\\' || text_[at_ + 1] != 'u') fail("a lone surrogate");
          at_ += 2;
          const std::uint32_t low = hex4();
          if (low < 0xDC00 || low > 0xDFFF) fail("a lone surrogate");
          code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00);
        } else if (code >= 0xDC00 && code <= 0xDFFF) {
          fail("a lone surrogate");
        }
        append_utf8(out, code);
        break;
      }
      default: fail(std::string("an unknown escape \\") + e);
    }
  }
}

// As string(), without keeping what it reads: the type of a message is
// found by skipping over everything else, its output too.
void JsonReader::skip_string() {
  expect('"');
  while (at_ < text_.size()) {
    const char c = text_[at_++];
    if (c == '"') return;
    if (c == '\\') ++at_;
  }
  fail("unterminated string");
}

std::string_view JsonReader::number_text() {
  skip_space();
  const std::size_t start = at_;
  while (at_ < text_.size() && (std::isdigit(static_cast<unsigned char>(text_[at_])) || text_[at_] == '-' ||
                                text_[at_] == '+' || text_[at_] == '.' || text_[at_] == 'e' || text_[at_] == 'E')) {
    ++at_;
  }
  if (at_ == start) fail("expected a number");
  return text_.substr(start, at_ - start);
}

double JsonReader::number() {
  const auto digits = number_text();
  // strtod needs a terminated string; the master runs in the "C" locale,
  // whose decimal point is JSON's.
  char buffer[64];
  if (digits.size() >= sizeof buffer) fail("a number too long");
  digits.copy(buffer, digits.size());
  buffer[digits.size()] = '\0';
  char* end = nullptr;
  const double value = std::strtod(buffer, &end);
  if (end != buffer + digits.size()) fail("a malformed number");
  return value;
}

std::int64_t JsonReader::integer() {
  if (const auto value = whole_number<std::int64_t>(number_text())) return *value;
  fail("expected a whole number");
}

std::uint64_t JsonReader::unsigned_integer() {
  if (const auto value = whole_number<std::uint64_t>(number_text())) return *value;
  fail("expected a whole number of zero or more");
}

bool JsonReader::boolean() {
  skip_space();
  if (text_.substr(at_, 4) == "true") {
    at_ += 4;
    return true;
  }
  if (text_.substr(at_, 5) == "false") {
    at_ += 5;
    return false;
  }
  fail("expected true or false");
}

void JsonReader::skip() {
  skip_space();
  if (at_ >= text_.size()) fail("expected a value");
  switch (text_[at_]) {
    case '{': object([&](std::string_view) { skip(); }); return;
    case '[': array([&] { skip(); }); return;
    case '"': skip_string(); return;
    case 't':
    case 'f': boolean(); return;
    case 'n':
      if (text_.substr(at_, 4) != "null") fail("expected a value");
      at_ += 4;
      return;
    default: number_text();
  }
}

void JsonReader::end() {
  skip_space();
  if (at_ != text_.size()) fail("text after the value");
}

}  // namespace dbtest
