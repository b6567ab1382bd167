#include "test_listing.hpp"

#include <boost/process.hpp>

#include <sstream>

#include "backends/common/errors.hpp"
#include "discovery/test_filter.hpp"
#include "fixtures/protocol/messages.hpp"

namespace dbtest::runner {
namespace bp = boost::process;
using backends::UsageError;

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
    if (line.rfind("dbtest-worker-protocol ", 0) == 0) {
      listing.protocol_version = std::atoi(line.c_str() + 23);
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

Listing list_tests(const std::filesystem::path& binary) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(binary, ec)) throw UsageError("test binary not found: " + binary.string());
  bp::environment env = boost::this_process::environment();  // a copy: ours stays as it is
  std::vector<std::string> stale;
  for (const auto& entry : env) {
    if (entry.get_name().rfind("DBTEST_", 0) == 0) stale.push_back(entry.get_name());
  }
  for (const auto& name : stale) env.erase(name);
  env["DBTEST_DISCOVER"] = "1";

  bp::ipstream out;
  std::string text;
  int exit_code = 0;
  try {
    bp::child child(std::filesystem::absolute(binary).string(), "--gtest_list_tests", bp::std_in < bp::null,
                    bp::std_out > out, bp::std_err > bp::null, env);
    std::string line;
    while (std::getline(out, line)) text += line + "\n";
    child.wait();
    exit_code = child.exit_code();
  } catch (const bp::process_error& e) {
    throw UsageError("cannot run test binary " + binary.string() + ": " + e.what());
  }
  if (exit_code != 0) {
    throw UsageError("test binary " + binary.string() + " failed to list its tests (exit status " +
                     std::to_string(exit_code) + ")");
  }
  Listing listing = parse_listing(text);
  if (listing.protocol_version == 0) {
    throw UsageError(binary.string() + " is not a GoogleTest binary linked with dbtest::gtest_main");
  }
  if (listing.protocol_version != protocol::kVersion) {
    throw UsageError(binary.string() + " speaks dbtest protocol " + std::to_string(listing.protocol_version) +
                     ", this dbtest speaks " + std::to_string(protocol::kVersion) + ": rebuild it against this dbtest");
  }
  return listing;
}

}  // namespace dbtest::runner
