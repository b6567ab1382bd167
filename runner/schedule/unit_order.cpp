#include "unit_order.hpp"

#include <algorithm>
#include <charconv>
#include <chrono>
#include <random>
#include <tuple>

namespace dbtest::runner {
namespace {

std::string suite_of(const std::string& full_name) { return full_name.substr(0, full_name.rfind('.')); }

std::uint64_t splitmix64_finalise(std::uint64_t z) {
  z += 0x9e3779b97f4a7c15ULL;
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

// Sorts by hash, then by the key itself, so that even a hash collision gives
// the same order whatever else is selected.
template <class T, class KeyOf>
void sort_by_hash(std::vector<T>& items, std::uint64_t seed, KeyOf key_of) {
  struct Keyed {
    std::uint64_t hash;
    std::string key;
    std::size_t index;
  };
  std::vector<Keyed> keyed;
  keyed.reserve(items.size());
  for (std::size_t i = 0; i < items.size(); ++i) {
    std::string key = key_of(items[i]);
    keyed.push_back({order_hash(seed, key), std::move(key), i});
  }
  std::stable_sort(keyed.begin(), keyed.end(),
                   [](const Keyed& a, const Keyed& b) { return std::tie(a.hash, a.key) < std::tie(b.hash, b.key); });
  std::vector<T> sorted;
  sorted.reserve(items.size());
  for (const auto& k : keyed) sorted.push_back(std::move(items[k.index]));
  items = std::move(sorted);
}

}  // namespace

std::string_view to_string(OrderMode mode) {
  switch (mode) {
    case OrderMode::planned: return "planned";
    case OrderMode::reverse: return "reverse";
    case OrderMode::shuffle: return "shuffle";
  }
  return "planned";
}

std::optional<OrderMode> parse_order_mode(std::string_view text) {
  for (const auto mode : {OrderMode::planned, OrderMode::reverse, OrderMode::shuffle}) {
    if (text == to_string(mode)) return mode;
  }
  return std::nullopt;
}

std::vector<WorkUnit> reverse_order(std::vector<WorkUnit> units) {
  std::reverse(units.begin(), units.end());
  for (auto& unit : units) std::reverse(unit.tests.begin(), unit.tests.end());
  return units;
}

std::vector<WorkUnit> shuffle_order(std::vector<WorkUnit> units, std::uint64_t seed, Distribution dist) {
  for (auto& unit : units) {
    sort_by_hash(unit.tests, seed, [](const std::string& name) { return name; });
  }
  // Binary first in the tie-break: units of one suite name in two binaries
  // hash alike, and the stable sort keeps them in binary order only if they
  // arrive that way.
  std::stable_sort(units.begin(), units.end(),
                   [](const WorkUnit& a, const WorkUnit& b) { return a.binary < b.binary; });
  sort_by_hash(units, seed, [dist](const WorkUnit& unit) {
    if (unit.tests.empty()) return std::string();
    return dist == Distribution::suite ? suite_of(unit.tests.front()) : unit.tests.front();
  });
  return units;
}

std::vector<WorkUnit> put_tests_first(std::vector<WorkUnit> units, const std::set<TestId>& first,
                                      bool also_within_units) {
  const auto listed = [&first](int binary) {
    return [&first, binary](const std::string& name) { return first.count(TestId{binary, name}) > 0; };
  };
  std::stable_partition(units.begin(), units.end(), [&](const WorkUnit& unit) {
    return std::any_of(unit.tests.begin(), unit.tests.end(), listed(unit.binary));
  });
  if (also_within_units) {
    for (auto& unit : units) std::stable_partition(unit.tests.begin(), unit.tests.end(), listed(unit.binary));
  }
  return units;
}

std::uint64_t order_hash(std::uint64_t seed, std::string_view key) {
  std::uint64_t hash = 0xcbf29ce484222325ULL;
  const auto add = [&hash](unsigned char byte) {
    hash ^= byte;
    hash *= 0x100000001b3ULL;
  };
  for (int i = 0; i < 8; ++i) add(static_cast<unsigned char>(seed >> (8 * i)));
  for (const char c : key) add(static_cast<unsigned char>(c));
  return splitmix64_finalise(hash);
}

std::uint64_t make_seed() {
  std::random_device device;
  const std::uint64_t random = (std::uint64_t{device()} << 32) ^ device();
  // Some standard libraries' random_device is a fixed sequence; the clock
  // keeps two runs from sharing a seed there.
  const auto now = static_cast<std::uint64_t>(std::chrono::high_resolution_clock::now().time_since_epoch().count());
  return random ^ splitmix64_finalise(now);
}

std::string format_seed(std::uint64_t seed) { return std::to_string(seed); }

std::optional<std::uint64_t> parse_seed(std::string_view text) {
  if (text.empty() || !std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; })) {
    return std::nullopt;
  }
  std::uint64_t seed = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), seed);
  if (error != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return seed;
}

}  // namespace dbtest::runner
