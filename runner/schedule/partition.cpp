#include "partition.hpp"

#include <algorithm>
#include <cstdint>
#include <filesystem>
#include <map>
#include <numeric>

#include "base/errors.hpp"

namespace dbtest::runner {
namespace {

// FNV-1a, 64 bits: the same on every platform and compiler, unlike
// std::hash. Its low bits depend only on the low bits of the characters, so
// before the modulo MurmurHash3's finaliser mixes the high bits down.
std::uint64_t stable_hash(const std::string& text) {
  std::uint64_t hash = 14695981039346656037ull;
  for (const unsigned char c : text) {
    hash ^= c;
    hash *= 1099511628211ull;
  }
  hash ^= hash >> 33;
  hash *= 0xff51afd7ed558ccdull;
  hash ^= hash >> 33;
  hash *= 0xc4ceb9fe1a85ec53ull;
  hash ^= hash >> 33;
  return hash;
}

// A binary's name as every machine sees it: no folder, no ".exe".
std::string portable_binary_name(const std::string& key) {
  std::string name = std::filesystem::path(key).filename().generic_string();
  constexpr std::string_view exe = ".exe";
  if (name.size() > exe.size() && name.compare(name.size() - exe.size(), exe.size(), exe) == 0) {
    name.resize(name.size() - exe.size());
  }
  return name;
}

std::optional<int> whole_number(const std::string& text) {
  if (text.empty() || text.size() > 6 || text.find_first_not_of("0123456789") != std::string::npos) return std::nullopt;
  return std::stoi(text);
}

}  // namespace

std::string to_string(PartitionKind kind) {
  switch (kind) {
    case PartitionKind::hash:
      return "hash";
    case PartitionKind::slice:
      return "slice";
    case PartitionKind::time:
      return "time";
  }
  return "hash";
}

Partition parse_partition(const std::string& text, const std::string& source) {
  const std::string form = source + " takes KIND:I/N (KIND hash, slice or time; I from 1 to N), not '" + text + "'";
  Partition partition;
  std::string numbers = text;
  if (const auto colon = text.find(':'); colon != std::string::npos) {
    const std::string kind = text.substr(0, colon);
    if (kind == "hash") {
      partition.kind = PartitionKind::hash;
    } else if (kind == "slice") {
      partition.kind = PartitionKind::slice;
    } else if (kind == "time") {
      partition.kind = PartitionKind::time;
    } else {
      throw UsageError(source + ": the kind must be hash, slice or time, not '" + kind + "'");
    }
    numbers = text.substr(colon + 1);
  }
  const auto slash = numbers.find('/');
  if (slash == std::string::npos) throw UsageError(form);
  const auto index = whole_number(numbers.substr(0, slash));
  const auto count = whole_number(numbers.substr(slash + 1));
  if (!index || !count) throw UsageError(form);
  if (*count < 1 || *index < 1 || *index > *count) {
    throw UsageError(source + ": part " + std::to_string(*index) + " of " + std::to_string(*count) +
                     " does not exist (I runs from 1 to N)");
  }
  partition.index = *index;
  partition.count = *count;
  return partition;
}

PartitionKind default_partition_kind(bool shared_durations_file) {
  return shared_durations_file ? PartitionKind::time : PartitionKind::hash;
}

std::vector<int> assign_parts(const std::vector<std::string>& names, const std::vector<double>& estimates,
                              PartitionKind kind, int count) {
  std::vector<int> parts(names.size(), 0);
  if (kind == PartitionKind::slice) {
    for (std::size_t i = 0; i < names.size(); ++i) parts[i] = static_cast<int>(i % static_cast<std::size_t>(count));
  } else if (kind == PartitionKind::hash) {
    for (std::size_t i = 0; i < names.size(); ++i) {
      parts[i] = static_cast<int>(stable_hash(names[i]) % static_cast<std::uint64_t>(count));
    }
  } else {
    // Longest first, each to the part with the least time so far. Ties break
    // by name and by part number, never by anything a machine decides.
    std::vector<std::size_t> order(names.size());
    std::iota(order.begin(), order.end(), std::size_t{0});
    std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
      if (estimates[a] != estimates[b]) return estimates[a] > estimates[b];
      return names[a] < names[b];
    });
    std::vector<double> load(static_cast<std::size_t>(count), 0.0);
    for (const auto unit : order) {
      const auto least = std::min_element(load.begin(), load.end()) - load.begin();
      parts[unit] = static_cast<int>(least);
      load[static_cast<std::size_t>(least)] += estimates[unit];
    }
  }
  return parts;
}

std::vector<SelectedTest> tests_of_part(std::vector<SelectedTest> tests, const std::vector<std::string>& binary_keys,
                                        Distribution dist, const Durations& durations, PartitionKind kind,
                                        int index, int count) {
  // Units in listing order, as the parts know them.
  const double typical = typical_duration(durations);
  std::vector<std::string> names;
  std::vector<double> estimates;
  std::vector<std::size_t> unit_of_test(tests.size());
  std::map<std::string, std::size_t> unit_index;
  for (std::size_t i = 0; i < tests.size(); ++i) {
    const auto& t = tests[i];
    const std::string& key = binary_keys.at(static_cast<std::size_t>(t.binary));
    const std::string full = t.test.full_name();
    const std::string unit = portable_binary_name(key) + "::" + (dist == Distribution::test ? full : t.test.suite);
    const auto [it, fresh] = unit_index.try_emplace(unit, names.size());
    if (fresh) {
      names.push_back(unit);
      estimates.push_back(0);
    }
    unit_of_test[i] = it->second;
    estimates[it->second] += estimated_seconds(durations, duration_key(key, full), typical);
  }
  const auto parts = assign_parts(names, estimates, kind, count);
  std::vector<SelectedTest> kept;
  for (std::size_t i = 0; i < tests.size(); ++i) {
    if (parts[unit_of_test[i]] == index - 1) kept.push_back(std::move(tests[i]));
  }
  return kept;
}

}  // namespace dbtest::runner
