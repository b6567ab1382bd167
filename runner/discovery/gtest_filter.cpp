#include "gtest_filter.hpp"

namespace dbtest::runner {
namespace {

std::vector<std::string> split_patterns(const std::string& text) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start <= text.size()) {
    auto end = text.find(':', start);
    if (end == std::string::npos) end = text.size();
    if (end > start) out.push_back(text.substr(start, end - start));
    start = end + 1;
  }
  return out;
}

bool any_match(const std::vector<std::string>& patterns, const std::string& name) {
  for (const auto& p : patterns) {
    if (wildcard_match(p, name)) return true;
  }
  return false;
}

}  // namespace

bool wildcard_match(const std::string& pattern, const std::string& text) {
  // Iterative matching with one backtrack point: linear for the common cases.
  std::size_t p = 0, t = 0, star = std::string::npos, mark = 0;
  while (t < text.size()) {
    if (p < pattern.size() && (pattern[p] == '?' || pattern[p] == text[t])) {
      ++p;
      ++t;
    } else if (p < pattern.size() && pattern[p] == '*') {
      star = p++;
      mark = t;
    } else if (star != std::string::npos) {
      p = star + 1;
      t = ++mark;
    } else {
      return false;
    }
  }
  while (p < pattern.size() && pattern[p] == '*') ++p;
  return p == pattern.size();
}

TestFilter::TestFilter(const std::string& expression) {
  const auto dash = expression.find('-');
  positive_ = split_patterns(expression.substr(0, dash));
  if (dash != std::string::npos) negative_ = split_patterns(expression.substr(dash + 1));
  if (positive_.empty()) positive_.push_back("*");
}

bool TestFilter::matches(const std::string& full_name) const {
  return any_match(positive_, full_name) && !any_match(negative_, full_name);
}

}  // namespace dbtest::runner
