#include "gtest_listing.hpp"

#include <boost/process.hpp>
#include <nlohmann/json.hpp>

#include <random>
#include <sstream>
#include <thread>

#include "base/file_text.hpp"
#include "base/errors.hpp"
#include "discovery/gtest_filter.hpp"
#include "base/process_info.hpp"
#include "platform/child_lifetime.hpp"
#include "platform/process_exit.hpp"
#include "workers/child_environment.hpp"
#include "protocol/environment.hpp"
#include "protocol/messages.hpp"

namespace dbtest::runner {
namespace bp = boost::process;

namespace {

// Boost 1.74's wait_for waits for SIGCHLD before it asks after the child, so
// a child that ended before the wait began costs the whole limit. Asking a
// few hundred times a second costs nothing next to starting a binary.
bool exits_within(bp::child& child, std::chrono::milliseconds limit) {
  const auto deadline = std::chrono::steady_clock::now() + limit;
  std::error_code ec;
  while (child.running(ec) && !ec) {
    if (std::chrono::steady_clock::now() >= deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(3));
  }
  child.wait(ec);
  return true;
}

}  // namespace

// GoogleTest's own rule: a suite or test name matching DISABLED_* or
// */DISABLED_* (a parameterised instance or typed suite disabled by its
// prefix or its parameter name).
bool TestCase::disabled() const {
  const auto matches = [](const std::string& part) {
    return wildcard_match("DISABLED_*", part) || wildcard_match("*/DISABLED_*", part);
  };
  return matches(suite) || matches(name);
}

Listing parse_listing(const std::string& text) {
  Listing listing;
  std::istringstream in(text);
  std::string line;
  std::string suite;
  while (std::getline(in, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (const auto version = protocol::parse_worker_marker(line)) {
      listing.protocol_version = *version;
      continue;
    }
    // A "# TypeParam = ..." or "# GetParam() = ..." comment may follow a name.
    const auto comment = line.find("  #");
    if (comment != std::string::npos) line.erase(comment);
    while (!line.empty() && line.back() == ' ') line.pop_back();
    if (line.empty()) continue;
    if (line[0] != ' ') {
      if (line.back() != '.') continue;  // not part of the listing
      suite = line.substr(0, line.size() - 1);
    } else if (!suite.empty()) {
      const auto first = line.find_first_not_of(' ');
      listing.tests.push_back({suite, line.substr(first)});
    }
  }
  return listing;
}

bool is_gtest_json_listing(const std::string& json) {
  const auto doc = nlohmann::json::parse(json, nullptr, /*allow_exceptions=*/false);
  return !doc.is_discarded() && doc.is_object() && doc.contains("testsuites") && doc["testsuites"].is_array();
}

Listing list_tests(const std::filesystem::path& binary, const std::vector<std::string>& args,
                   std::chrono::milliseconds time_limit, const std::filesystem::path& scratch) {
  namespace fs = std::filesystem;
  std::error_code ec;
  if (fs::is_directory(binary, ec)) throw UsageError("test binary " + binary.string() + " is a folder, not a program");
  if (!fs::is_regular_file(binary, ec)) throw UsageError("test binary not found: " + binary.string());
  bp::environment env = environment_for_child();
  env[protocol::kDiscoverVariable] = "1";

  // Both go to files: stderr so a binary that fails to start (a missing
  // shared library, say) can say why, stdout so that a binary that hangs
  // cannot hold dbtest in a read: it is waited for with a time limit.
  const std::string stem = (scratch / ("list-" + std::to_string(std::random_device{}()))).string();
  const fs::path listed = stem + ".out";
  const fs::path errors = stem + ".err";
  const fs::path json = fs::absolute(stem + ".json");
  const auto remove_files = [&] {
    fs::remove(listed, ec);
    fs::remove(errors, ec);
    fs::remove(json, ec);
  };
  std::string text;
  platform::ExitDescription exit;
  try {
    std::vector<std::string> arguments{"--gtest_list_tests", "--gtest_output=json:" + json.string()};
    arguments.insert(arguments.end(), args.begin(), args.end());
    bp::child child(bp::exe = fs::absolute(binary).string(), bp::args = arguments, bp::std_in < bp::null,
                    bp::std_out > listed.string(), bp::std_err > errors.string(), env,
                    platform::DiesWithParent(current_pid()));
    if (!exits_within(child, time_limit)) {
      std::error_code ignored;
      child.terminate(ignored);
      remove_files();
      std::ostringstream limit;
      limit << static_cast<double>(time_limit.count()) / 1000.0;
      throw UsageError("test binary " + binary.string() + " did not list its tests within " + limit.str() +
                       " s and was killed (--list-timeout)");
    }
    exit = platform::describe_exit(child.native_exit_code());
    text = read_file_text(listed).value_or("");
  } catch (const bp::process_error& e) {
    remove_files();
    throw UsageError("cannot run test binary " + binary.string() + ": " + e.what());
  }
  std::string error_text = read_file_text(errors).value_or("");
  // A binary linked with dbtest::gtest_main writes no JSON listing; only a
  // plain binary's is read, to tell it from a program that is none.
  Listing listing = parse_listing(text);
  const std::string json_text = listing.plain() ? read_file_text(json).value_or("") : std::string();
  remove_files();
  if (exit.signaled || exit.code != 0) {
    while (!error_text.empty() && (error_text.back() == '\n' || error_text.back() == '\r')) error_text.pop_back();
    if (error_text.size() > 500) error_text = "..." + error_text.substr(error_text.size() - 500);
    throw UsageError("test binary " + binary.string() + " failed to list its tests (" + exit.text + ")" +
                     (error_text.empty() ? "" : ": " + error_text));
  }
  if (listing.plain()) {
    if (!is_gtest_json_listing(json_text)) {
      throw UsageError(binary.string() +
                       " is not a GoogleTest binary: it wrote no test listing for --gtest_output=json "
                       "(GoogleTest 1.10 and later do)");
    }
    return listing;
  }
  if (listing.protocol_version != protocol::kVersion) {
    throw UsageError(binary.string() + " speaks dbtest protocol " + std::to_string(listing.protocol_version) +
                     ", this dbtest speaks " + std::to_string(protocol::kVersion) + ": rebuild it against this dbtest");
  }
  return listing;
}

}  // namespace dbtest::runner
