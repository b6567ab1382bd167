// The one rule for a test database name a user gives (--test-db-name),
// checked when the command line is read and again by every server engine.
#pragma once

#include <string>

namespace dbtest {

// Throws UsageError unless `test_db_name` holds only letters, digits, '_',
// '$' and '-'. Names are always quoted, but one that needs quoting to be read
// at all is more likely a mistake, or an attempt to break out of the quotes.
void check_test_db_name(const std::string& test_db_name);

}  // namespace dbtest
