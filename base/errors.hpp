// The error types backends throw. The runner's top level turns them into one
// `dbtest: error: ...` line and exit status 2.
#pragma once

#include <stdexcept>

namespace dbtest {

// The user asked for something that cannot work: a bad URL, a missing
// migrations folder, a migration with an SQL error.
class UsageError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// The database or the machine failed under a correct request.
class InfrastructureError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

}  // namespace dbtest
