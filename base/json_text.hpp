// JSON written and read straight from text, for what passes once per test:
// the worker's messages and the master's journal lines. Building an
// nlohmann::json for each costs more than a trivial test itself; these work
// on the text with no tree in between. Everything else speaks nlohmann.
#pragma once

#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>

namespace dbtest {

// Appends to a string. Keys and values alternate as the caller writes them;
// the writer puts the commas. Strings that are not valid UTF-8 have each bad
// byte replaced by U+FFFD, as test output may hold anything.
class JsonWriter {
 public:
  explicit JsonWriter(std::string& out) : out_(out) {}
  JsonWriter& begin_object();
  JsonWriter& end_object();
  JsonWriter& begin_array();
  JsonWriter& end_array();
  JsonWriter& key(std::string_view name);
  JsonWriter& value(std::string_view text);
  JsonWriter& value(const char* text) { return value(std::string_view(text)); }
  JsonWriter& value(const std::string& text) { return value(std::string_view(text)); }
  JsonWriter& value(bool flag);
  JsonWriter& value(int number) { return value(static_cast<std::int64_t>(number)); }
  JsonWriter& value(std::int64_t number);
  JsonWriter& value(std::uint64_t number);
  JsonWriter& value(double number);

 private:
  void before_value();
  std::string& out_;
  bool first_ = true;  // nothing written yet in the innermost object or array
  bool after_key_ = false;
};

class JsonSyntaxError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Reads one JSON value from the front of the text, in the order it comes.
// Throws JsonSyntaxError on anything that is not JSON or not what was asked.
class JsonReader {
 public:
  explicit JsonReader(std::string_view text) : text_(text) {}

  // Calls on_key(name) for each member; on_key must read or skip its value.
  template <class OnKey>
  void object(OnKey&& on_key) {
    expect('{');
    if (take('}')) return;
    do {
      const std::string name = string();
      expect(':');
      on_key(std::string_view(name));
    } while (take(','));
    expect('}');
  }
  // Calls on_item() for each element; on_item must read or skip it.
  template <class OnItem>
  void array(OnItem&& on_item) {
    expect('[');
    if (take(']')) return;
    do {
      on_item();
    } while (take(','));
    expect(']');
  }
  std::string string();
  double number();
  std::int64_t integer();
  std::uint64_t unsigned_integer();
  bool boolean();
  void skip();
  // Throws unless only white space is left.
  void end();

 private:
  void skip_space();
  void skip_string();
  bool take(char c);
  void expect(char c);
  std::string_view number_text();
  [[noreturn]] void fail(const std::string& what) const;

  std::string_view text_;
  std::size_t at_ = 0;
};

}  // namespace dbtest
