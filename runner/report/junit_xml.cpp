#include "junit_xml.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <map>

#include "base/atomic_file.hpp"
#include "text_format.hpp"
#include "utf8.hpp"

namespace dbtest::runner {
namespace {

// XML 1.0 allows no control characters but tab and newlines, even escaped,
// and a reader may reject bytes that are not UTF-8: both are shown as \xNN.
std::string xml_escape(const std::string& text) {
  const std::string safe = escape_for_display(text);
  std::string out;
  out.reserve(safe.size());
  for (char c : safe) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&apos;"; break;
      default: out.push_back(c);
    }
  }
  return out;
}

std::string failure_text(const TestResult& r) {
  std::string text;
  for (const auto& f : r.failures) {
    if (!f.file.empty()) text += fmt::format("{}:{}: ", f.file, f.line);
    text += f.message + "\n";
  }
  return text;
}

const char* failure_type(Outcome outcome) {
  return outcome == Outcome::crashed ? "crash" : outcome == Outcome::timed_out ? "timeout" : "failure";
}

// The attempts a retry replaced, as the rerun convention of CI servers
// (Surefire's) has them: in a test that passed in the end, each is a
// <flakyFailure>; in one that failed in the end, a <rerunFailure> beside its
// <failure>. Each carries the attempt's messages and output.
std::string earlier_attempts(const TestResult& final, const std::vector<const TestResult*>& earlier) {
  const char* element = final.outcome == Outcome::passed ? "flakyFailure" : "rerunFailure";
  std::string out;
  for (const auto* attempt : earlier) {
    const std::string message =
        attempt->failures.empty() ? "" : std::string(utf8_prefix(attempt->failures.front().message, 200));
    out += fmt::format("      <{} message=\"attempt {}: {}\" type=\"{}\">", element, attempt->attempt,
                       xml_escape(message), failure_type(attempt->outcome));
    out += "<stackTrace>" + xml_escape(failure_text(*attempt)) + "</stackTrace>";
    if (!attempt->output.text.empty()) {
      out += "<system-out>" + output_with_cut_mark(attempt->output, xml_escape) + "</system-out>";
    }
    out += fmt::format("</{}>\n", element);
  }
  return out;
}

}  // namespace

std::string junit_xml(const RunResults& run) {
  // Suites in first-seen order per binary, so the report reads like the run.
  std::map<std::pair<int, std::string>, std::vector<const TestResult*>> suites;
  std::vector<std::pair<int, std::string>> order;
  // Per test, the attempts that retries replaced, in the order they came.
  std::map<std::pair<int, std::string>, std::vector<const TestResult*>> replaced;
  for (const auto& r : run.results) {
    if (r.superseded) replaced[{r.binary, r.name}].push_back(&r);
    auto key = std::make_pair(r.binary, r.suite);
    if (!suites.count(key)) order.push_back(key);
    suites[key].push_back(&r);
  }
  int total = 0, failures = 0, errors = 0, skipped = 0;
  double time = 0;
  std::string body;
  for (const auto& key : order) {
    const auto& tests = suites[key];
    int s_fail = 0, s_err = 0, s_skip = 0;
    double s_time = 0;
    std::string cases;
    const std::string binary = run.binaries.at(static_cast<std::size_t>(key.first));
    for (const auto* r : tests) {
      // A failure that a retry replaced is not a test case of its own: the
      // final attempt stands for the test, and says it was flaky.
      if (r->superseded) continue;
      const std::string name = r->suite_error ? "(outside any test)" : r->name.substr(r->suite.size() + 1);
      cases += fmt::format("    <testcase name=\"{}\" classname=\"{}\" time=\"{:.3f}\" file=\"{}\">\n", xml_escape(name),
                           xml_escape(r->suite), r->seconds, xml_escape(binary));
      const std::string message = r->failures.empty() ? "" : std::string(utf8_prefix(r->failures.front().message, 200));
      if (!r->warnings.empty() || r->from_earlier_part) {
        cases += "      <properties>\n";
        for (const auto& w : r->warnings) {
          cases += fmt::format("        <property name=\"dbtest.warning\" value=\"{}\"/>\n", xml_escape(w));
        }
        // --resume: the run that stopped ran this test, not the one that resumed it.
        if (r->from_earlier_part) cases += "        <property name=\"dbtest.resumed\" value=\"earlier part\"/>\n";
        cases += "      </properties>\n";
      }
      // This result's own earlier attempts: the first attempt - 1 replaced
      // ones of the test not yet claimed (under --repeat a test has several).
      std::vector<const TestResult*> earlier;
      if (r->attempt > 1) {
        auto& queue = replaced[{r->binary, r->name}];
        const auto take = std::min(queue.size(), static_cast<std::size_t>(r->attempt - 1));
        earlier.assign(queue.begin(), queue.begin() + static_cast<std::ptrdiff_t>(take));
        queue.erase(queue.begin(), queue.begin() + static_cast<std::ptrdiff_t>(take));
      }
      switch (r->outcome) {
        case Outcome::passed:
          if (r->flaky) cases += earlier_attempts(*r, earlier);
          break;
        case Outcome::skipped:
          ++s_skip;
          cases += fmt::format("      <skipped message=\"{}\"/>\n", xml_escape(message));
          break;
        case Outcome::failed:
          ++s_fail;
          cases += fmt::format("      <failure message=\"{}\" type=\"failure\">{}</failure>\n", xml_escape(message),
                               xml_escape(failure_text(*r)));
          cases += earlier_attempts(*r, earlier);
          break;
        case Outcome::crashed:
        case Outcome::timed_out:
          ++s_err;
          cases += fmt::format("      <error message=\"{}\" type=\"{}\">{}</error>\n", xml_escape(message),
                               failure_type(r->outcome), xml_escape(failure_text(*r)));
          cases += earlier_attempts(*r, earlier);
          break;
      }
      // dbtest::warn() prints its message, so the output has it, unless
      // the output was cut: then it is added.
      std::string warnings;
      for (const auto& w : r->warnings) {
        if (r->output.text.find(w) == std::string::npos) warnings += "dbtest: warning: " + w + "\n";
      }
      if (!r->output.text.empty() || !warnings.empty()) {
        cases += "      <system-out>" + output_with_cut_mark(r->output, xml_escape) + xml_escape(warnings) + "</system-out>\n";
      }
      cases += "    </testcase>\n";
      s_time += r->seconds;
    }
    const auto counted = static_cast<int>(std::count_if(tests.begin(), tests.end(), [](const TestResult* r) { return !r->superseded; }));
    body += fmt::format("  <testsuite name=\"{}\" tests=\"{}\" failures=\"{}\" errors=\"{}\" skipped=\"{}\" time=\"{:.3f}\">\n",
                        xml_escape(key.second), counted, s_fail, s_err, s_skip, s_time);
    body += cases + "  </testsuite>\n";
    total += counted;
    failures += s_fail;
    errors += s_err;
    skipped += s_skip;
    time += s_time;
  }
  return fmt::format("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                     "<testsuites name=\"dbtest\" tests=\"{}\" failures=\"{}\" errors=\"{}\" skipped=\"{}\" time=\"{:.3f}\">\n{}"
                     "</testsuites>\n",
                     total, failures, errors, skipped, time, body);
}

void write_junit_xml(const std::filesystem::path& path, const RunResults& results) {
  write_file_atomically(path, junit_xml(results));
}

}  // namespace dbtest::runner
