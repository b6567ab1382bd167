#include "test_db_name.hpp"

#include <cctype>

#include "errors.hpp"

namespace dbtest {

void check_test_db_name(const std::string& test_db_name) {
  for (char c : test_db_name) {
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '_' && c != '$' && c != '-') {
      throw UsageError("--test-db-name '" + test_db_name + "' may only hold letters, digits, '_', '$' and '-'");
    }
  }
}

}  // namespace dbtest
