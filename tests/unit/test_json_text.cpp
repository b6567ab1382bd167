// JSON written and read as text, without a tree: what the worker's messages
// and the journal's lines go through once per test.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <cstdint>
#include <functional>
#include <limits>
#include <string>
#include <vector>

#include "base/json_text.hpp"

namespace dbtest::unit {
namespace {

std::string written(const std::function<void(JsonWriter&)>& write) {
  std::string out;
  JsonWriter w(out);
  write(w);
  return out;
}

std::string as_json_string(std::string_view text) {
  return written([&](JsonWriter& w) { w.value(text); });
}

std::string read_string(const std::string& json) {
  JsonReader r(json);
  auto text = r.string();
  r.end();
  return text;
}

TEST(JsonText, WriterPutsCommasBetweenMembersAndElementsAtEveryDepth) {
  const auto json = written([](JsonWriter& w) {
    w.begin_object().key("a").value(1).key("b").begin_array().value("x").begin_object().end_object().begin_array();
    w.end_array().value(true).end_array().key("c").begin_object().key("d").value(false).end_object().end_object();
  });
  EXPECT_EQ(json, R"({"a":1,"b":["x",{},[],true],"c":{"d":false}})");
  EXPECT_FALSE(nlohmann::json::parse(json, nullptr, false).is_discarded());
}

TEST(JsonText, WriterEscapesQuotesBackslashesAndControlCharacters) {
  EXPECT_EQ(as_json_string(std::string("a\"b\\c\n\r\t\b\f\x01\x1f\x7f", 13)), R"("a\"b\\c\n\r\t\b\f\u0001\u001f)" "\x7f\"");
  EXPECT_EQ(as_json_string(std::string("nul\0here", 8)), R"("nul\u0000here")");
}

TEST(JsonText, WriterKeepsValidUtf8AndReplacesEachBadByte) {
  EXPECT_EQ(as_json_string("Grüße, 日本, \xF0\x9F\x98\x80"), "\"Grüße, 日本, \xF0\x9F\x98\x80\"");
  const std::string replacement = "\xEF\xBF\xBD";
  // A stray continuation byte, an overlong form, a UTF-16 surrogate, a byte
  // that never starts anything, and a sequence cut short by the end.
  EXPECT_EQ(as_json_string("a\x80z"), "\"a" + replacement + "z\"");
  EXPECT_EQ(as_json_string("\xC0\x80"), "\"" + replacement + replacement + "\"");
  EXPECT_EQ(as_json_string("\xED\xA0\x80"), "\"" + replacement + replacement + replacement + "\"");
  EXPECT_EQ(as_json_string("\xF5"), "\"" + replacement + "\"");
  EXPECT_EQ(as_json_string("ok \xE6\x97"), "\"ok " + replacement + replacement + "\"");
  EXPECT_FALSE(nlohmann::json::parse(as_json_string("\xff\xfe\xC3"), nullptr, false).is_discarded());
}

TEST(JsonText, NumbersComeBackAsTheyWere) {
  for (const double seconds : {0.0, 0.1, 1e-7, 1234.5678, 3.0}) {
    JsonReader r(written([&](JsonWriter& w) { w.value(seconds); }));
    EXPECT_EQ(r.number(), seconds);
  }
  const auto most = std::numeric_limits<std::uint64_t>::max();
  EXPECT_EQ(JsonReader(written([&](JsonWriter& w) { w.value(most); })).unsigned_integer(), most);
  const auto least = std::numeric_limits<std::int64_t>::min();
  EXPECT_EQ(JsonReader(written([&](JsonWriter& w) { w.value(least); })).integer(), least);
  EXPECT_EQ(written([](JsonWriter& w) { w.value(std::numeric_limits<double>::infinity()); }), "0");
}

TEST(JsonText, ReaderDecodesEscapesAndSurrogatePairs) {
  EXPECT_EQ(read_string(R"("a\"\\\/\b\f\n\r\t")"), "a\"\\/\b\f\n\r\t");
  EXPECT_EQ(read_string(R"("caf\u00e9 \ud83d\ude00")"), "café \xF0\x9F\x98\x80");
  EXPECT_EQ(read_string(" \"spaced\" "), "spaced");
}

TEST(JsonText, ReaderReadsMembersInOrderAndSkipsWhatItIsNotAskedFor) {
  JsonReader r(R"({"skip":{"deep":[1,{"x":"y\"z"},null,true]},"n":-3,"s":"t","more":[1.5e3]})");
  std::vector<std::string> seen;
  std::int64_t n = 0;
  std::string s;
  r.object([&](std::string_view key) {
    seen.emplace_back(key);
    if (key == "n") {
      n = r.integer();
    } else if (key == "s") {
      s = r.string();
    } else {
      r.skip();
    }
  });
  r.end();
  EXPECT_EQ(seen, (std::vector<std::string>{"skip", "n", "s", "more"}));
  EXPECT_EQ(n, -3);
  EXPECT_EQ(s, "t");
}

TEST(JsonText, ReaderRejectsWhatIsNotJsonOrNotWhatWasAsked) {
  const auto rejects = [](const std::string& json, const std::function<void(JsonReader&)>& read) {
    JsonReader r(json);
    EXPECT_THROW(
        {
          read(r);
          r.end();
        },
        JsonSyntaxError)
        << json;
  };
  const auto a_string = [](JsonReader& r) { r.string(); };
  rejects(R"("unterminated)", a_string);
  rejects("\"a\nb\"", a_string);
  rejects(R"("\ud83d alone")", a_string);
  rejects(R"("\x")", a_string);
  rejects(R"("a" trailing)", a_string);
  rejects("1.5", [](JsonReader& r) { r.integer(); });
  rejects("-1", [](JsonReader& r) { r.unsigned_integer(); });
  rejects("yes", [](JsonReader& r) { r.boolean(); });
  rejects(R"({"a" 1})", [](JsonReader& r) { r.object([&](std::string_view) { r.skip(); }); });
  rejects("[1,]", [](JsonReader& r) { r.array([&] { r.skip(); }); });
  rejects("", [](JsonReader& r) { r.skip(); });
}

}  // namespace
}  // namespace dbtest::unit
