#include "junit_merge.hpp"

#include <boost/property_tree/ptree.hpp>
#include <boost/property_tree/xml_parser.hpp>

#include <fmt/format.h>

#include <map>
#include <sstream>

#include "base/errors.hpp"

namespace dbtest::runner {
namespace {

namespace pt = boost::property_tree;

constexpr const char* kAttributes = "<xmlattr>";

struct Totals {
  long long tests = 0;
  long long failures = 0;
  long long errors = 0;
  long long skipped = 0;
  double time = 0;
};

long long whole_attribute(const pt::ptree& element, const char* name, const std::string& report) {
  const auto value = element.get_optional<std::string>(std::string(kAttributes) + "." + name);
  if (!value) return 0;
  try {
    std::size_t used = 0;
    const long long n = std::stoll(*value, &used);
    if (used == value->size() && n >= 0) return n;
  } catch (const std::exception&) {
  }
  throw UsageError(report + " is not a JUnit XML report: " + name + "=\"" + *value + "\" is not a count");
}

double time_attribute(const pt::ptree& element, const std::string& report) {
  const auto value = element.get_optional<std::string>(std::string(kAttributes) + ".time");
  if (!value) return 0;
  try {
    return std::stod(*value);
  } catch (const std::exception&) {
    throw UsageError(report + " is not a JUnit XML report: time=\"" + *value + "\" is not a number");
  }
}

Totals totals_of(const pt::ptree& suite, const std::string& report) {
  return {whole_attribute(suite, "tests", report), whole_attribute(suite, "failures", report),
          whole_attribute(suite, "errors", report), whole_attribute(suite, "skipped", report),
          time_attribute(suite, report)};
}

void add(Totals& sum, const Totals& part) {
  sum.tests += part.tests;
  sum.failures += part.failures;
  sum.errors += part.errors;
  sum.skipped += part.skipped;
  sum.time += part.time;
}

void set_totals(pt::ptree& element, const Totals& t) {
  auto& attributes = element.get_child(kAttributes);
  attributes.put("tests", t.tests);
  attributes.put("failures", t.failures);
  attributes.put("errors", t.errors);
  attributes.put("skipped", t.skipped);
  attributes.put("time", fmt::format("{:.3f}", t.time));
}

// The layout's whitespace between elements is dropped: the writer indents
// anew. Text of elements without children (a failure, system-out) is kept.
void drop_layout(pt::ptree& element) {
  bool has_elements = false;
  for (auto& [key, child] : element) {
    if (key == kAttributes) continue;
    has_elements = true;
    drop_layout(child);
  }
  if (has_elements) element.data().clear();
}

pt::ptree parse(const JunitReport& report) {
  pt::ptree tree;
  std::istringstream in(report.xml);
  try {
    pt::read_xml(in, tree, pt::xml_parser::no_comments);
  } catch (const pt::xml_parser_error& e) {
    throw UsageError(report.name + " is not a JUnit XML report: line " + std::to_string(e.line()) + ": " + e.message());
  }
  return tree;
}

}  // namespace

std::string merge_junit_reports(const std::vector<JunitReport>& reports) {
  std::vector<std::string> order;  // suite names, first seen first
  std::map<std::string, pt::ptree> suites;
  std::map<std::string, Totals> suite_totals;
  for (const auto& report : reports) {
    pt::ptree tree = parse(report);
    // A report is <testsuites> around suites, or a lone <testsuite>.
    std::vector<pt::ptree> found;
    if (const auto root = tree.get_child_optional("testsuites")) {
      for (const auto& [key, child] : *root) {
        if (key == "testsuite") found.push_back(child);
      }
    } else if (const auto suite = tree.get_child_optional("testsuite")) {
      found.push_back(*suite);
    } else {
      throw UsageError(report.name + " is not a JUnit XML report: it has no <testsuites> or <testsuite> element");
    }
    for (auto& suite : found) {
      const std::string name = suite.get<std::string>(std::string(kAttributes) + ".name", "");
      const Totals totals = totals_of(suite, report.name);
      drop_layout(suite);
      if (suites.count(name) == 0) {
        order.push_back(name);
        suites[name] = std::move(suite);
        suite_totals[name] = totals;
        continue;
      }
      auto& merged = suites[name];
      for (auto& [key, child] : suite) {
        if (key != kAttributes) merged.push_back({key, child});
      }
      add(suite_totals[name], totals);
    }
  }
  pt::ptree root;
  root.put("<xmlattr>.name", "dbtest");
  Totals all;
  for (const auto& name : order) {
    auto& suite = suites[name];
    if (!suite.get_child_optional(kAttributes)) suite.put_child(kAttributes, pt::ptree());
    set_totals(suite, suite_totals[name]);
    add(all, suite_totals[name]);
  }
  set_totals(root, all);
  for (const auto& name : order) root.push_back({"testsuite", suites[name]});
  pt::ptree document;
  document.add_child("testsuites", root);
  std::ostringstream out;
  pt::write_xml(out, document, pt::xml_writer_make_settings<std::string>(' ', 2));
  return out.str();
}

}  // namespace dbtest::runner
