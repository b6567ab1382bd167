// How the files of the state folder spell outcomes: display words may
// change, what old files say may not.
#pragma once

#include <optional>
#include <string_view>

#include "schedule/outcome.hpp"

namespace dbtest::runner {

std::string_view word_of(Outcome outcome);
// nullopt for a word no version of dbtest wrote.
std::optional<Outcome> outcome_of(std::string_view word);

}  // namespace dbtest::runner
