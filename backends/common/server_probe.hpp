// Telling a database server that went away from tests that fail: the run asks
// after a failure, and a server that no longer answers ends the run.
#pragma once

#include <functional>
#include <string>

namespace dbtest::backends {

// Runs `connect`, which opens a fresh connection. "" when it succeeds or the
// server answers with a refusal (UsageError): it is there. Otherwise "the
// ENGINE server went away during the run: " and why.
std::string probe_by_connecting(const std::string& engine, const std::function<void()>& connect);

}  // namespace dbtest::backends
