// Joining JUnit reports: suites of one name become one, totals are sums,
// and what is not a JUnit report is named in the error.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "base/errors.hpp"
#include "report/junit_merge.hpp"

namespace dbtest::unit {
namespace {

using runner::merge_junit_reports;
using ::testing::HasSubstr;

const char* kPartOne = R"(<?xml version="1.0" encoding="UTF-8"?>
<testsuites name="dbtest" tests="2" failures="1" errors="0" skipped="0" time="0.500">
  <testsuite name="Orders" tests="2" failures="1" errors="0" skipped="0" time="0.500">
    <testcase name="a" classname="Orders" time="0.200" file="app_tests">
    </testcase>
    <testcase name="b" classname="Orders" time="0.300" file="app_tests">
      <failure message="x &lt; y" type="failure">orders.cpp:3: x &lt; y
  indented line</failure>
    </testcase>
  </testsuite>
</testsuites>
)";

const char* kPartTwo = R"(<?xml version="1.0" encoding="UTF-8"?>
<testsuites name="dbtest" tests="2" failures="0" errors="1" skipped="1" time="1.000">
  <testsuite name="Orders" tests="1" failures="0" errors="1" skipped="0" time="0.750">
    <testcase name="c" classname="Orders" time="0.750" file="app_tests">
      <error message="crashed" type="crash">signal 11</error>
    </testcase>
  </testsuite>
  <testsuite name="Stock" tests="1" failures="0" errors="0" skipped="1" time="0.250">
    <testcase name="d" classname="Stock" time="0.250" file="app_tests">
      <skipped message="later"/>
    </testcase>
  </testsuite>
</testsuites>
)";

TEST(JunitMerge, SuitesOfOneNameBecomeOneAndTotalsAreSums) {
  const std::string xml = merge_junit_reports({{"one.xml", kPartOne}, {"two.xml", kPartTwo}});
  EXPECT_THAT(xml, HasSubstr(R"(<testsuites name="dbtest" tests="4" failures="1" errors="1" skipped="1" time="1.500">)"));
  EXPECT_THAT(xml, HasSubstr(R"(<testsuite name="Orders" tests="3" failures="1" errors="1" skipped="0" time="1.250">)"));
  EXPECT_THAT(xml, HasSubstr(R"(<testsuite name="Stock" tests="1" failures="0" errors="0" skipped="1" time="0.250">)"));
  EXPECT_LT(xml.find(R"(name="Orders")"), xml.find(R"(name="Stock")"));
  // A failure's text is kept as it was, escapes and indentation included.
  EXPECT_THAT(xml, HasSubstr("orders.cpp:3: x &lt; y\n  indented line</failure>"));
}

TEST(JunitMerge, ALoneTestsuiteIsAReportToo) {
  const std::string xml = merge_junit_reports(
      {{"lone.xml", R"(<testsuite name="S" tests="1" failures="0" errors="0" skipped="0" time="0.1"><testcase name="t"/></testsuite>)"}});
  EXPECT_THAT(xml, HasSubstr(R"(<testsuites name="dbtest" tests="1" failures="0" errors="0" skipped="0" time="0.100">)"));
}

TEST(JunitMerge, WhatIsNotAJunitReportIsNamed) {
  const auto error_of = [](const std::string& text) {
    try {
      merge_junit_reports({{"bad.xml", text}});
    } catch (const UsageError& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  EXPECT_THAT(error_of("<testsuites><testsuite"), HasSubstr("bad.xml is not a JUnit XML report: line 1"));
  EXPECT_THAT(error_of("<html/>"), HasSubstr("bad.xml is not a JUnit XML report: it has no <testsuites>"));
  EXPECT_THAT(error_of(R"(<testsuite name="S" tests="many"/>)"), HasSubstr("tests=\"many\" is not a count"));
}

}  // namespace
}  // namespace dbtest::unit
