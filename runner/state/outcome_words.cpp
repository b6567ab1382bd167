#include "outcome_words.hpp"

#include <stdexcept>
#include <utility>

namespace dbtest::runner {
namespace {

constexpr std::pair<Outcome, std::string_view> kOutcomeWords[] = {
    {Outcome::passed, "passed"},   {Outcome::failed, "failed"},       {Outcome::skipped, "skipped"},
    {Outcome::crashed, "crashed"}, {Outcome::timed_out, "timed_out"},
};

}  // namespace

std::string_view word_of(Outcome outcome) {
  for (const auto& [o, word] : kOutcomeWords) {
    if (o == outcome) return word;
  }
  throw std::logic_error("an outcome without a word");
}

std::optional<Outcome> outcome_of(std::string_view word) {
  for (const auto& [o, w] : kOutcomeWords) {
    if (w == word) return o;
  }
  return std::nullopt;
}

}  // namespace dbtest::runner
