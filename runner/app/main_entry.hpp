// The one place where errors become what a person reads: every UsageError or
// InfrastructureError from below ends as "dbtest: error: ..." and exit 2.
#pragma once

namespace dbtest::runner {

int main_entry(int argc, const char* const* argv);

}  // namespace dbtest::runner
