// The order in which units of work are handed out, for finding tests that
// pass or fail depending on what ran before them on the same clone.
//
// Every function here takes the units plan_work made and returns them
// reordered; the tests in them are the same. Two rules for callers:
//
//  - Apply an order after plan_work, never before: plan_work sorts units
//    longest first, which would undo it.
//  - An order is only kept if the scheduler keeps it: it must hand units out
//    in queue order and, when it merges several units into one chunk for a
//    worker, run them in the order it took them. Sorting a chunk by
//    WorkUnit::position (registration order, which saves GoogleTest runs in
//    the planned order) would undo any order given here.
//
// A worker runs a batch in exactly the order given, but each time the order
// steps backwards in registration order it needs another RUN_ALL_TESTS call,
// and a suite split across calls gets SetUpTestSuite/TearDownTestSuite once
// per call. Shuffling or reversing the tests inside a suite unit does that.
#pragma once

#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "distribution.hpp"
#include "identifiers.hpp"
#include "work_plan.hpp"

namespace dbtest::runner {

enum class OrderMode { planned, reverse, shuffle };

// "planned", "reverse", "shuffle": the words of the command line and of the
// run history.
std::string_view to_string(OrderMode mode);
std::optional<OrderMode> parse_order_mode(std::string_view text);

// The whole sequence of tests backwards: the units' order, and the tests'
// order inside every unit.
std::vector<WorkUnit> reverse_order(std::vector<WorkUnit> units);

// A pseudo-random order that depends only on `seed` and on the names.
//
// A unit's place comes from order_hash(seed, key), where the key is the suite
// name of a suite unit (Distribution::suite) and the test's full name of a
// single-test unit (Distribution::test). Inside a unit, tests are ordered by
// order_hash(seed, full name). So with one seed, two tests keep their
// relative order whichever other tests are selected, and tests of one suite
// have the same relative order under both distributions. Units of two
// binaries with the same suite name are put side by side, in binary order.
std::vector<WorkUnit> shuffle_order(std::vector<WorkUnit> units, std::uint64_t seed, Distribution dist);

// Units holding a test of `first` go first, then the others; each group keeps
// its relative order. With `also_within_units`, those tests also go first
// inside their unit, again keeping their relative order.
std::vector<WorkUnit> put_tests_first(std::vector<WorkUnit> units, const std::set<TestId>& first,
                                      bool also_within_units);

// The hash shuffle_order sorts by: FNV-1a 64 over the seed's eight bytes
// (least significant first) followed by the key's bytes, then the SplitMix64
// finaliser so that nearby seeds give unrelated orders. It is part of the
// meaning of a recorded seed: changing it changes what every old seed replays.
std::uint64_t order_hash(std::uint64_t seed, std::string_view key);

// A fresh seed from the system's random source.
std::uint64_t make_seed();

// Seeds are written as decimal numbers, 0 to 18446744073709551615. Parsing
// accepts exactly that (digits only, no sign or spaces) and returns nullopt
// for anything else.
std::string format_seed(std::uint64_t seed);
std::optional<std::uint64_t> parse_seed(std::string_view text);

}  // namespace dbtest::runner
