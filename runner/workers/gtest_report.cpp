#include "gtest_report.hpp"

#include <nlohmann/json.hpp>

#include <cstdlib>

namespace dbtest::runner {
namespace {

// "file:12\nmessage", "file\nmessage" or "unknown file\nmessage".
protocol::Failure parse_failure(const std::string& text) {
  const auto nl = text.find('\n');
  const std::string location = text.substr(0, nl);
  protocol::Failure failure{"", 0, nl == std::string::npos ? "" : text.substr(nl + 1)};
  if (location == "unknown file") return failure;
  const auto colon = location.rfind(':');
  const bool has_line = colon != std::string::npos && colon + 1 < location.size() &&
                        location.find_first_not_of("0123456789", colon + 1) == std::string::npos;
  failure.file = has_line ? location.substr(0, colon) : location;
  failure.line = has_line ? std::atoi(location.c_str() + colon + 1) : 0;
  return failure;
}

// "0.012s"
double parse_seconds(const nlohmann::json& value) {
  if (!value.is_string()) return 0;
  return std::strtod(value.get<std::string>().c_str(), nullptr);
}

std::vector<protocol::Failure> failures_of(const nlohmann::json& test) {
  std::vector<protocol::Failure> out;
  if (!test.contains("failures") || !test["failures"].is_array()) return out;
  for (const auto& f : test["failures"]) {
    if (f.contains("failure") && f["failure"].is_string()) out.push_back(parse_failure(f["failure"].get<std::string>()));
  }
  return out;
}

}  // namespace

std::optional<GtestReport> parse_gtest_report(const std::string& json) {
  const auto doc = nlohmann::json::parse(json, nullptr, /*allow_exceptions=*/false);
  if (doc.is_discarded() || !doc.is_object() || !doc.contains("testsuites") || !doc["testsuites"].is_array()) {
    return std::nullopt;
  }
  GtestReport report;
  for (const auto& suite : doc["testsuites"]) {
    if (!suite.is_object() || !suite.contains("testsuite") || !suite["testsuite"].is_array()) continue;
    const std::string suite_name = suite.value("name", "");
    for (const auto& test : suite["testsuite"]) {
      if (!test.is_object()) continue;
      const std::string name = test.value("name", "");
      if (suite_name == "NonTestSuiteFailure" && name.empty()) {
        const auto failures = failures_of(test);
        report.environment_failures.insert(report.environment_failures.end(), failures.begin(), failures.end());
        continue;
      }
      if (test.value("status", "") != "RUN") continue;
      ReportedTest reported;
      reported.failures = failures_of(test);
      reported.seconds = test.contains("time") ? parse_seconds(test["time"]) : 0;
      reported.status = !reported.failures.empty()             ? protocol::TestStatus::failed
                        : test.value("result", "") == "SKIPPED" ? protocol::TestStatus::skipped
                                                                : protocol::TestStatus::passed;
      report.tests[suite_name + "." + name] = std::move(reported);
    }
  }
  return report;
}

}  // namespace dbtest::runner
