// The JUnit XML report, checked with a small strict XML reader: well-formed
// (UTF-8, XML 1.0 characters only, balanced tags, only the predefined entities)
// and holding the right counts.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <map>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "report/junit_xml.hpp"
#include "report_support.hpp"
#include "unit_support.hpp"

namespace dbtest::unit {
namespace {

using runner::junit_xml;
using runner::Outcome;
using runner::RunResults;
using ::testing::HasSubstr;
using ::testing::Not;

struct Element {
  std::string name;
  std::map<std::string, std::string> attributes;
  std::string text;  // character data, entities decoded
  std::vector<std::unique_ptr<Element>> children;

  const std::string& attr(const std::string& key) const {
    auto it = attributes.find(key);
    if (it == attributes.end()) throw std::runtime_error("<" + name + "> has no attribute " + key);
    return it->second;
  }
  std::vector<const Element*> all(const std::string& tag) const {
    std::vector<const Element*> out;
    for (const auto& c : children) {
      if (c->name == tag) out.push_back(c.get());
    }
    return out;
  }
  const Element* child(const std::string& tag) const {
    for (const auto& c : children) {
      if (c->name == tag) return c.get();
    }
    return nullptr;
  }
};

// A strict reader for the subset of XML the report uses. Throws
// std::runtime_error saying what is not well-formed.
class XmlReader {
 public:
  explicit XmlReader(std::string text) : s_(std::move(text)) {}

  std::unique_ptr<Element> document() {
    check_characters();
    if (s_.compare(0, 5, "<?xml") == 0) {
      const auto end = s_.find("?>");
      if (end == std::string::npos) fail("unterminated XML declaration");
      p_ = end + 2;
    }
    skip_space();
    auto root = element();
    skip_space();
    if (p_ != s_.size()) fail("content after the root element");
    return root;
  }

 private:
  [[noreturn]] void fail(const std::string& why) const {
    throw std::runtime_error(why + " at byte " + std::to_string(p_) + ": ..." + s_.substr(p_, 40));
  }

  // UTF-8, and only the characters XML 1.0 allows.
  void check_characters() {
    for (std::size_t i = 0; i < s_.size();) {
      const auto c = static_cast<unsigned char>(s_[i]);
      std::uint32_t cp = 0;
      int n = 0;
      if (c < 0x80) cp = c, n = 0;
      else if ((c & 0xe0) == 0xc0) cp = c & 0x1f, n = 1;
      else if ((c & 0xf0) == 0xe0) cp = c & 0x0f, n = 2;
      else if ((c & 0xf8) == 0xf0) cp = c & 0x07, n = 3;
      else p_ = i, fail("invalid UTF-8 lead byte");
      for (int k = 1; k <= n; ++k) {
        if (i + static_cast<std::size_t>(k) >= s_.size()) p_ = i, fail("truncated UTF-8 sequence");
        const auto cc = static_cast<unsigned char>(s_[i + static_cast<std::size_t>(k)]);
        if ((cc & 0xc0) != 0x80) p_ = i, fail("invalid UTF-8 continuation byte");
        cp = (cp << 6) | (cc & 0x3f);
      }
      const std::uint32_t min[] = {0, 0x80, 0x800, 0x10000};
      if (cp < min[n]) p_ = i, fail("overlong UTF-8 sequence");
      const bool allowed = cp == 0x9 || cp == 0xa || cp == 0xd || (cp >= 0x20 && cp <= 0xd7ff) ||
                           (cp >= 0xe000 && cp <= 0xfffd) || (cp >= 0x10000 && cp <= 0x10ffff);
      if (!allowed) p_ = i, fail("character not allowed in XML 1.0");
      i += 1 + static_cast<std::size_t>(n);
    }
  }

  void skip_space() {
    while (p_ < s_.size() && (s_[p_] == ' ' || s_[p_] == '\n' || s_[p_] == '\t' || s_[p_] == '\r')) ++p_;
  }

  std::string name() {
    const std::size_t start = p_;
    while (p_ < s_.size() && (std::isalnum(static_cast<unsigned char>(s_[p_])) || s_[p_] == '-' || s_[p_] == '_' ||
                              s_[p_] == ':' || s_[p_] == '.')) {
      ++p_;
    }
    if (p_ == start) fail("name expected");
    return s_.substr(start, p_ - start);
  }

  // Decodes the predefined entities and character references.
  std::string entity() {
    const auto end = s_.find(';', p_);
    if (end == std::string::npos || end - p_ > 10) fail("unterminated entity");
    const std::string e = s_.substr(p_ + 1, end - p_ - 1);
    p_ = end + 1;
    if (e == "amp") return "&";
    if (e == "lt") return "<";
    if (e == "gt") return ">";
    if (e == "quot") return "\"";
    if (e == "apos") return "'";
    if (e.size() > 1 && e[0] == '#') {
      const unsigned long cp = e[1] == 'x' ? std::stoul(e.substr(2), nullptr, 16) : std::stoul(e.substr(1));
      if (cp == 0x9 || cp == 0xa || cp == 0xd || (cp >= 0x20 && cp < 0x80)) return std::string(1, static_cast<char>(cp));
      fail("character reference to a character XML 1.0 forbids or this reader does not decode");
    }
    fail("unknown entity &" + e + ";");
  }

  std::unique_ptr<Element> element() {
    if (p_ >= s_.size() || s_[p_] != '<') fail("'<' expected");
    ++p_;
    auto el = std::make_unique<Element>();
    el->name = name();
    for (;;) {
      skip_space();
      if (p_ >= s_.size()) fail("unterminated start tag");
      if (s_.compare(p_, 2, "/>") == 0) {
        p_ += 2;
        return el;
      }
      if (s_[p_] == '>') {
        ++p_;
        break;
      }
      const std::string key = name();
      if (el->attributes.count(key)) fail("duplicate attribute " + key);
      if (p_ >= s_.size() || s_[p_] != '=') fail("'=' expected");
      ++p_;
      if (p_ >= s_.size() || (s_[p_] != '"' && s_[p_] != '\'')) fail("quoted attribute value expected");
      const char quote = s_[p_++];
      std::string value;
      while (p_ < s_.size() && s_[p_] != quote) {
        if (s_[p_] == '<') fail("'<' in an attribute value");
        if (s_[p_] == '&') {
          value += entity();
        } else {
          value += s_[p_++];
        }
      }
      if (p_ >= s_.size()) fail("unterminated attribute value");
      ++p_;
      el->attributes[key] = value;
    }
    // Content: text and child elements up to the end tag.
    for (;;) {
      if (p_ >= s_.size()) fail("missing end tag of <" + el->name + ">");
      if (s_.compare(p_, 2, "</") == 0) {
        p_ += 2;
        const std::string end = name();
        if (end != el->name) fail("end tag </" + end + "> closes <" + el->name + ">");
        skip_space();
        if (p_ >= s_.size() || s_[p_] != '>') fail("'>' expected");
        ++p_;
        return el;
      }
      if (s_[p_] == '<') {
        el->children.push_back(element());
      } else if (s_[p_] == '&') {
        el->text += entity();
      } else {
        if (s_.compare(p_, 3, "]]>") == 0) fail("']]>' in character data");
        el->text += s_[p_++];
      }
    }
  }

  std::string s_;
  std::size_t p_ = 0;
};

std::unique_ptr<Element> parse_xml(const std::string& text) { return XmlReader(text).document(); }

RunResults run_with(std::vector<runner::TestResult> results) {
  RunResults run;
  run.binaries = {"build/orders_test", "build/customers_test"};
  run.results = std::move(results);
  return run;
}

// The reader itself must reject what is not well-formed, or the tests below prove nothing.
TEST(XmlReaderSelfTest, RejectsWhatIsNotWellFormed) {
  EXPECT_NO_THROW(parse_xml("<?xml version=\"1.0\"?>\n<a x=\"1 &amp; 2\"><b/>t&lt;</a>\n"));
  for (const char* bad : {"<a>", "<a></b>", "<a x=\"<\"/>", "<a>&bogus;</a>", "<a>a & b</a>", "<a x=\"1\" x=\"2\"/>",
                          "<a>\x01</a>", "<a>\xff</a>", "<a>\xc3</a>", "<a/><b/>", "<a x=1/>"}) {
    EXPECT_THROW(parse_xml(bad), std::runtime_error) << bad;
  }
}

TEST(JunitXml, EmptyRunIsAWellFormedReport) {
  const auto root = parse_xml(junit_xml(run_with({})));
  EXPECT_EQ(root->name, "testsuites");
  EXPECT_EQ(root->attr("tests"), "0");
  EXPECT_TRUE(root->children.empty());
}

TEST(JunitXml, BytesThatAreNotUtf8AreEscaped) {
  auto crashed = result("Orders.A", Outcome::crashed);
  crashed.output.text = "segv \xff\xfe tail\n";
  const std::string xml = junit_xml(run_with({crashed}));
  EXPECT_THAT(xml, HasSubstr("segv \\xff\\xfe tail"));
  EXPECT_THAT(xml, Not(HasSubstr("\xff")));
}

TEST(JunitXml, ShortenedMessageEndsOnACharacterBoundary) {
  auto failed = result("Orders.A", Outcome::failed);
  failed.failures = {{"", 0, std::string(199, 'x') + "\xc3\xa9 and more"}};
  const std::string xml = junit_xml(run_with({failed}));
  EXPECT_THAT(xml, HasSubstr("message=\"" + std::string(199, 'x') + "\""));
  EXPECT_THAT(xml, Not(HasSubstr(std::string(199, 'x') + "\xc3\"")));
}

TEST(JunitXml, StartsWithAnXmlDeclaration) {
  EXPECT_THAT(junit_xml(run_with({})), ::testing::StartsWith("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"));
}

TEST(JunitXml, CountsTestsFailuresErrorsAndSkipped) {
  const RunResults run = run_with({result("Orders.A", Outcome::passed, 0.5), result("Orders.B", Outcome::failed, 0.25),
                                   result("Orders.C", Outcome::skipped), result("Orders.D", Outcome::crashed),
                                   result("Customers.A", Outcome::timed_out, 1.0, 1), result("Customers.B", Outcome::passed, 0, 1)});
  const auto root = parse_xml(junit_xml(run));
  EXPECT_EQ(root->attr("name"), "dbtest");
  EXPECT_EQ(root->attr("tests"), "6");
  EXPECT_EQ(root->attr("failures"), "1");
  EXPECT_EQ(root->attr("errors"), "2");
  EXPECT_EQ(root->attr("skipped"), "1");

  const auto suites = root->all("testsuite");
  ASSERT_EQ(suites.size(), 2u);
  EXPECT_EQ(suites[0]->attr("name"), "Orders");
  EXPECT_EQ(suites[0]->attr("tests"), "4");
  EXPECT_EQ(suites[0]->attr("failures"), "1");
  EXPECT_EQ(suites[0]->attr("errors"), "1");
  EXPECT_EQ(suites[0]->attr("skipped"), "1");
  EXPECT_EQ(suites[1]->attr("name"), "Customers");
  EXPECT_EQ(suites[1]->attr("tests"), "2");
  EXPECT_EQ(suites[1]->attr("errors"), "1");
  EXPECT_EQ(suites[1]->attr("failures"), "0");
  EXPECT_EQ(suites[0]->all("testcase").size(), 4u);
}

TEST(JunitXml, SameSuiteNameInTwoBinariesIsTwoSuites) {
  const auto root = parse_xml(junit_xml(run_with({result("S.a", Outcome::passed, 0, 0), result("S.a", Outcome::passed, 0, 1)})));
  const auto suites = root->all("testsuite");
  ASSERT_EQ(suites.size(), 2u);
  EXPECT_EQ(suites[0]->child("testcase")->attr("file"), "build/orders_test");
  EXPECT_EQ(suites[1]->child("testcase")->attr("file"), "build/customers_test");
}

TEST(JunitXml, TestcaseCarriesNameClassnameTimeAndBinary) {
  const auto root = parse_xml(junit_xml(run_with({result("Nums/Param.Positive/0", Outcome::passed, 1.23456)})));
  const Element* testcase = root->child("testsuite")->child("testcase");
  ASSERT_NE(testcase, nullptr);
  EXPECT_EQ(testcase->attr("name"), "Positive/0");
  EXPECT_EQ(testcase->attr("classname"), "Nums/Param");
  EXPECT_EQ(testcase->attr("time"), "1.235");
  EXPECT_EQ(testcase->attr("file"), "build/orders_test");
  EXPECT_TRUE(testcase->children.empty());
}

TEST(JunitXml, FailureCarriesMessageAndLocations) {
  auto r = result("Orders.B", Outcome::failed);
  r.failures = {{"orders_test.cpp", 42, "Expected equality"}, {"", 0, "second"}};
  const auto root = parse_xml(junit_xml(run_with({r})));
  const Element* failure = root->child("testsuite")->child("testcase")->child("failure");
  ASSERT_NE(failure, nullptr);
  EXPECT_EQ(failure->attr("type"), "failure");
  EXPECT_EQ(failure->attr("message"), "Expected equality");
  EXPECT_EQ(failure->text, "orders_test.cpp:42: Expected equality\nsecond\n");
}

TEST(JunitXml, CrashIsAnErrorOfTypeCrash) {
  auto r = result("Orders.D", Outcome::crashed);
  r.failures = {{"", 0, "the worker crashed while running this test: killed by signal 11 (SIGSEGV)"}};
  const auto root = parse_xml(junit_xml(run_with({r})));
  const Element* testcase = root->child("testsuite")->child("testcase");
  const Element* error = testcase->child("error");
  ASSERT_NE(error, nullptr);
  EXPECT_EQ(error->attr("type"), "crash");
  EXPECT_THAT(error->attr("message"), HasSubstr("SIGSEGV"));
  EXPECT_EQ(testcase->child("failure"), nullptr);
}

TEST(JunitXml, TimeoutIsAnErrorOfTypeTimeout) {
  const auto root = parse_xml(junit_xml(run_with({result("Orders.E", Outcome::timed_out)})));
  const Element* error = root->child("testsuite")->child("testcase")->child("error");
  ASSERT_NE(error, nullptr);
  EXPECT_EQ(error->attr("type"), "timeout");
}

TEST(JunitXml, SkippedTestHasASkippedElement) {
  const auto root = parse_xml(junit_xml(run_with({result("Orders.C", Outcome::skipped)})));
  EXPECT_NE(root->child("testsuite")->child("testcase")->child("skipped"), nullptr);
}

TEST(JunitXml, SkippedElementCarriesTheSkipMessage) {
  auto r = result("Orders.C", Outcome::skipped);
  r.failures = {{"orders_test.cpp", 9, "needs <a \"server\"> & more"}};
  const auto root = parse_xml(junit_xml(run_with({r})));
  const Element* skipped = root->child("testsuite")->child("testcase")->child("skipped");
  ASSERT_NE(skipped, nullptr);
  EXPECT_EQ(skipped->attr("message"), "needs <a \"server\"> & more");
  EXPECT_EQ(root->attr("skipped"), "1");
  EXPECT_EQ(root->attr("failures"), "0");
}

TEST(JunitXml, SuiteErrorIsATestcaseOutsideAnyTest) {
  const auto root = parse_xml(junit_xml(run_with({suite_error("Orders"), result("Orders.A", Outcome::passed)})));
  const auto cases = root->child("testsuite")->all("testcase");
  ASSERT_EQ(cases.size(), 2u);
  EXPECT_EQ(cases[0]->attr("name"), "(outside any test)");
  EXPECT_EQ(cases[0]->attr("classname"), "Orders");
  EXPECT_NE(cases[0]->child("failure"), nullptr);
  EXPECT_EQ(root->attr("failures"), "1");
}

TEST(JunitXml, WellFormedWithMarkupCharactersEverywhere) {
  auto r = result("Sp&c<ial>\"Suite'.Na&me<\">", Outcome::failed);
  r.failures = {{"file<&>\".cpp", 3, "expected a < b && c > \"d\" 'e'"}};
  r.output = {"out: <tag attr=\"v\"> & ]]> done\n", 0};
  RunResults run = run_with({r});
  run.binaries[0] = "build/we<ird>&\"bin'";
  std::unique_ptr<Element> root;
  ASSERT_NO_THROW(root = parse_xml(junit_xml(run)));
  const Element* suite = root->child("testsuite");
  EXPECT_EQ(suite->attr("name"), "Sp&c<ial>\"Suite'");
  const Element* testcase = suite->child("testcase");
  EXPECT_EQ(testcase->attr("name"), "Na&me<\">");
  EXPECT_EQ(testcase->attr("file"), "build/we<ird>&\"bin'");
  EXPECT_EQ(testcase->child("failure")->attr("message"), "expected a < b && c > \"d\" 'e'");
  EXPECT_EQ(testcase->child("failure")->text, "file<&>\".cpp:3: expected a < b && c > \"d\" 'e'\n");
  EXPECT_EQ(testcase->child("system-out")->text, "out: <tag attr=\"v\"> & ]]> done\n");
}

TEST(JunitXml, WellFormedWithControlBytesInOutputAndMessages) {
  auto r = result("Orders.B", Outcome::failed);
  r.failures = {{"", 0, bytes("nul \0 bell \a esc \x1b[31m del \x7f")}};
  r.output = {bytes("\x01\x02 form feed \f vertical tab \v\0 end\n"), 0};
  std::unique_ptr<Element> root;
  ASSERT_NO_THROW(root = parse_xml(junit_xml(run_with({r}))));
  const Element* testcase = root->child("testsuite")->child("testcase");
  EXPECT_THAT(testcase->child("failure")->attr("message"), HasSubstr("esc \\x1b[31m"));
  EXPECT_THAT(testcase->child("system-out")->text, HasSubstr("\\x01\\x02 form feed \\x0c"));
}

TEST(JunitXml, KeepsUtf8TabsAndNewlines) {
  auto r = result("Orders.B", Outcome::failed);
  r.output = {"Grüße\t日本\nline 2\n", 0};
  const auto root = parse_xml(junit_xml(run_with({r})));
  EXPECT_EQ(root->child("testsuite")->child("testcase")->child("system-out")->text, "Grüße\t日本\nline 2\n");
}

TEST(JunitXml, NoSystemOutWithoutOutput) {
  const auto root = parse_xml(junit_xml(run_with({result("Orders.B", Outcome::failed)})));
  EXPECT_EQ(root->child("testsuite")->child("testcase")->child("system-out"), nullptr);
}

TEST(JunitXml, CutOutputShowsTheMark) {
  auto r = result("Orders.B", Outcome::failed);
  r.output = {"HEADTAIL", 5000};
  const auto root = parse_xml(junit_xml(run_with({r})));
  EXPECT_EQ(root->child("testsuite")->child("testcase")->child("system-out")->text,
            "HEAD\n[... 5000 bytes of output cut ...]\nTAIL");
}

TEST(JunitXml, LongFailureMessageIsShortenedInTheAttributeOnly) {
  auto r = result("Orders.B", Outcome::failed);
  r.failures = {{"", 0, std::string(500, 'm')}};
  const auto root = parse_xml(junit_xml(run_with({r})));
  const Element* failure = root->child("testsuite")->child("testcase")->child("failure");
  EXPECT_EQ(failure->attr("message"), std::string(200, 'm'));
  EXPECT_EQ(failure->text, std::string(500, 'm') + "\n");
}

TEST(JunitXml, TimesAreSummed) {
  const auto root = parse_xml(junit_xml(run_with({result("S.a", Outcome::passed, 0.25), result("S.b", Outcome::passed, 0.5)})));
  EXPECT_EQ(root->attr("time"), "0.750");
  EXPECT_EQ(root->child("testsuite")->attr("time"), "0.750");
}

TEST(JunitXml, WriteJunitXmlWritesTheFileCreatingItsFolder) {
  TempDir dir;
  const RunResults run = run_with({result("S.a", Outcome::passed)});
  runner::write_junit_xml(dir / "reports" / "junit.xml", run);
  EXPECT_EQ(read_file(dir / "reports" / "junit.xml"), junit_xml(run));
}

TEST(JunitXml, AFlakyTestIsOneTestcaseWithAFlakyFailurePerFailedAttemptAndCountsAsNoFailure) {
  auto failed_first = result("Orders.Flaky", Outcome::failed);
  failed_first.failures = {{"orders_test.cpp", 12, "lock timeout"}};
  failed_first.output.text = "first try's output";
  auto crashed_next = result("Orders.Flaky", Outcome::crashed);
  crashed_next.attempt = 2;
  crashed_next.failures = {{"", 0, "the worker died (signal 11)"}};
  auto passed_then = result("Orders.Flaky", Outcome::passed);
  passed_then.attempt = 3;
  RunResults run = run_with({failed_first, crashed_next, passed_then});
  run.settle_retries();
  const std::string xml = junit_xml(run);
  const auto root = parse_xml(xml);
  EXPECT_EQ(root->attr("tests"), "1");
  EXPECT_EQ(root->attr("failures"), "0");
  EXPECT_THAT(xml, HasSubstr("<flakyFailure message=\"attempt 1: lock timeout\" type=\"failure\">"
                             "<stackTrace>orders_test.cpp:12: lock timeout\n</stackTrace>"
                             "<system-out>first try&apos;s output</system-out></flakyFailure>"));
  EXPECT_THAT(xml, HasSubstr("<flakyFailure message=\"attempt 2: the worker died (signal 11)\" type=\"crash\">"));
}

TEST(JunitXml, ATestThatFailedEveryAttemptHasARerunFailurePerEarlierAttempt) {
  auto first = result("Orders.Broken", Outcome::failed);
  first.failures = {{"orders_test.cpp", 7, "first"}};
  auto second = result("Orders.Broken", Outcome::failed);
  second.attempt = 2;
  second.failures = {{"orders_test.cpp", 7, "second"}};
  RunResults run = run_with({first, second});
  run.settle_retries();
  const std::string xml = junit_xml(run);
  EXPECT_EQ(parse_xml(xml)->attr("failures"), "1");
  EXPECT_THAT(xml, HasSubstr("<failure message=\"second\" type=\"failure\">"));
  EXPECT_THAT(xml, HasSubstr("<rerunFailure message=\"attempt 1: first\" type=\"failure\">"));
}

}  // namespace
}  // namespace dbtest::unit
