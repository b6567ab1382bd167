#include "gtest_environment.hpp"

#include "base/errors.hpp"

namespace dbtest::runner {

namespace {

// GoogleTest's reading of a boolean variable: anything but "0" is true.
bool gtest_true(const std::string& value) { return value != "0"; }

// A flag that GoogleTest turns on with a variable; given both ways, they
// must agree.
void apply_gtest_flag(GtestEnvironment& env, const char* variable, const char* option, bool given, bool& value) {
  const auto text = env.get(variable);
  if (!text) return;
  const bool on = gtest_true(*text);
  if (given && !on) {
    env.refuse(std::string(variable) + "=" + *text + " turns off what " + option + " turns on: unset " + variable);
  }
  if (given) {
    env.note(std::string(variable) + "=" + *text + " agrees with " + option);
    return;
  }
  if (on) {
    value = true;
    env.applied(variable, *text, option);
  } else {
    env.note(std::string(variable) + "=" + *text + " has no effect (dbtest's equivalent is " + option + ")");
  }
}

// A shard count and a 0-based index from a pair of variables, as a part.
std::optional<Partition> shard_variables(GtestEnvironment& env, const char* total_name, const char* index_name) {
  const auto total = env.get(total_name);
  const auto index = env.get(index_name);
  if (!total && !index) return std::nullopt;
  if (!total || !index) {
    env.refuse(std::string(total ? total_name : index_name) + " is set without " + (total ? index_name : total_name) +
               ": set both or neither");
  }
  const auto digits = [](const std::string& t) {
    return !t.empty() && t.size() < 7 && t.find_first_not_of("0123456789") == std::string::npos;
  };
  if (!digits(*total) || !digits(*index) || std::stoi(*total) < 1 || std::stoi(*index) >= std::stoi(*total)) {
    env.refuse(std::string(total_name) + "=" + *total + " and " + index_name + "=" + *index +
               " name no shard (the index runs from 0 to the count less one)");
  }
  return Partition{std::nullopt, std::stoi(*index) + 1, std::stoi(*total)};
}

}  // namespace

void apply_gtest_environment(GtestEnvironment& env, Options& o, bool filter_given, bool repeat_given,
                             bool shuffle_given, bool run_disabled_given, bool failfast_given) {
  if (const auto filter = env.get("GTEST_FILTER")) {
    if (filter_given && *filter != o.filter) {
      env.refuse("GTEST_FILTER=" + *filter + " and --filter " + o.filter + " disagree: unset GTEST_FILTER");
    }
    if (filter_given) {
      env.note("GTEST_FILTER=" + *filter + " is the same as --filter");
    } else {
      o.filter = *filter;
      env.applied("GTEST_FILTER", *filter, "--filter " + *filter);
    }
  }

  if (const auto repeat = env.get("GTEST_REPEAT")) {
    const bool digits = repeat->size() < 7 && repeat->find_first_not_of("0123456789") == std::string::npos;
    if (!digits || std::stoi(*repeat) < 1 || std::stoi(*repeat) > 100000) {
      env.refuse("GTEST_REPEAT=" + *repeat + " cannot be applied: dbtest's --repeat takes a count from 1 to 100000 "
                 "(unset GTEST_REPEAT)");
    }
    const int count = std::stoi(*repeat);
    if (repeat_given && count != o.repeat) {
      env.refuse("GTEST_REPEAT=" + *repeat + " and --repeat " + std::to_string(o.repeat) +
                 " disagree: unset GTEST_REPEAT");
    }
    if (repeat_given) {
      env.note("GTEST_REPEAT=" + *repeat + " is the same as --repeat");
    } else {
      o.repeat = count;
      env.applied("GTEST_REPEAT", *repeat, "--repeat " + *repeat);
    }
  }

  const auto shuffle = env.get("GTEST_SHUFFLE");
  const auto seed = env.get("GTEST_RANDOM_SEED");
  const bool shuffle_on = shuffle && gtest_true(*shuffle);
  // Without shuffling a seed is harmless, whatever it says.
  if (seed && (shuffle_on || shuffle_given) && seed->find_first_not_of("0123456789") != std::string::npos) {
    env.refuse("GTEST_RANDOM_SEED=" + *seed + " cannot be applied: dbtest's --shuffle takes a seed of digits only "
               "(unset GTEST_RANDOM_SEED)");
  }
  // GoogleTest's seed 0 means a seed made from the time: a fresh one.
  const std::string seed_value = seed && seed->find_first_not_of('0') != std::string::npos ? *seed : "";
  if (shuffle && !shuffle_on) {
    if (shuffle_given) env.refuse("GTEST_SHUFFLE=" + *shuffle + " turns off what --shuffle turns on: unset GTEST_SHUFFLE");
    env.note("GTEST_SHUFFLE=" + *shuffle + " has no effect (dbtest's equivalent is --shuffle)");
  }
  if (shuffle_on && !shuffle_given) {
    o.shuffle = seed_value;
    const std::string as = seed_value.empty() ? "--shuffle" : "--shuffle=" + seed_value;
    if (seed) {
      env.applied("GTEST_SHUFFLE=" + *shuffle + " with GTEST_RANDOM_SEED", *seed, as);
    } else {
      env.applied("GTEST_SHUFFLE", *shuffle, as);
    }
  } else if (seed && shuffle_given) {
    // --shuffle on the command line, a seed in the environment.
    if (!o.shuffle->empty() && *o.shuffle != seed_value) {
      env.refuse("GTEST_RANDOM_SEED=" + *seed + " and --shuffle=" + *o.shuffle + " disagree: unset GTEST_RANDOM_SEED");
    }
    if (o.shuffle->empty() && !seed_value.empty()) {
      o.shuffle = seed_value;
      env.applied("GTEST_RANDOM_SEED", *seed, "--shuffle=" + seed_value);
    } else {
      env.note("GTEST_RANDOM_SEED=" + *seed + " is the same as --shuffle's seed");
    }
  } else if (seed) {
    env.note("GTEST_RANDOM_SEED=" + *seed + " has no effect without shuffling (dbtest's equivalent is --shuffle SEED)");
  } else if (shuffle_on) {
    env.note("GTEST_SHUFFLE=" + *shuffle + " agrees with --shuffle");
  }

  apply_gtest_flag(env, "GTEST_ALSO_RUN_DISABLED_TESTS", "--run-disabled", run_disabled_given, o.run_disabled);
  apply_gtest_flag(env, "GTEST_FAIL_FAST", "--failfast", failfast_given, o.failfast);

  // Variables with no dbtest equivalent reach no binary (child_environment.cpp).
  if (const auto output = env.get("GTEST_OUTPUT")) {
    env.note("GTEST_OUTPUT=" + *output + " is not applied (dbtest's equivalent is --junit-xml PATH)");
  }
}

void apply_shard_and_bazel_environment(GtestEnvironment& env, Options& o, bool partition_given, bool filter_given,
                                       bool junit_given) {
  const auto bazel = shard_variables(env, "TEST_TOTAL_SHARDS", "TEST_SHARD_INDEX");
  const auto gtest = shard_variables(env, "GTEST_TOTAL_SHARDS", "GTEST_SHARD_INDEX");
  if (bazel && gtest && (bazel->index != gtest->index || bazel->count != gtest->count)) {
    env.refuse("TEST_SHARD_INDEX/TEST_TOTAL_SHARDS and GTEST_SHARD_INDEX/GTEST_TOTAL_SHARDS name different shards");
  }
  if (const auto shard = bazel ? bazel : gtest) {
    const std::string variables = bazel ? "TEST_TOTAL_SHARDS and TEST_SHARD_INDEX" : "GTEST_TOTAL_SHARDS and GTEST_SHARD_INDEX";
    if (partition_given) env.refuse(variables + " ask for a shard, and so does --partition: give one of them");
    o.partition = shard;
    if (!bazel) {
      env.note(variables + " are applied as --partition " + std::to_string(shard->index) + "/" +
               std::to_string(shard->count));
    }
  }
  if (const auto file = env.get("TEST_SHARD_STATUS_FILE")) o.bazel.shard_status_file = *file;
  if (const auto dir = env.get("TEST_TMPDIR")) o.temp_dir = *dir;
  if (const auto xml = env.get("XML_OUTPUT_FILE"); xml && !junit_given) o.junit_xml = *xml;
  if (const auto only = env.get("TESTBRIDGE_TEST_ONLY")) {
    if (filter_given && o.filter != *only) {
      env.refuse("TESTBRIDGE_TEST_ONLY=" + *only + " (bazel test --test_filter) and --filter " + o.filter + " disagree");
    }
    if (!o.filter.empty() && o.filter != *only) {
      env.refuse("TESTBRIDGE_TEST_ONLY=" + *only + " (bazel test --test_filter) and GTEST_FILTER=" + o.filter + " disagree");
    }
    o.filter = *only;
  }
}

}  // namespace dbtest::runner
