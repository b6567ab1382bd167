// GoogleTest's filter syntax, applied by the master so the plan, --list and
// the workers all agree on one selection:
//   POSITIVE[:POSITIVE...][-NEGATIVE[:NEGATIVE...]], with * and ? wildcards.
#pragma once

#include <string>
#include <vector>

namespace dbtest::runner {

class TestFilter {
 public:
  explicit TestFilter(const std::string& expression);
  bool matches(const std::string& full_name) const;

 private:
  std::vector<std::string> positive_;
  std::vector<std::string> negative_;
};

// `*` any run of characters, `?` any one character.
bool wildcard_match(const std::string& pattern, const std::string& text);

}  // namespace dbtest::runner
