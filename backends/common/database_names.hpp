// Names of the databases a run creates on a server: the template
// `test_<appdb>` and one clone per worker slot. Every name fits the server's
// identifier limit; a name that would not fit is shortened with a hash of the
// whole name, never cut short into a possible collision.
#pragma once

#include <cstddef>
#include <string>

namespace dbtest::backends {

struct DatabaseNames {
  std::string template_name;
  std::string clone_prefix;  // + slot number

  std::string clone(int slot) const;
};

// `app_db` is the application's database. `test_db_name` overrides the
// template's name. A template kept across runs has a stable name; one that is
// not gets the run id, so concurrent runs never share it. Clones always carry
// the run id. Throws UsageError when the result would equal `app_db` or an
// explicit `test_db_name` is over `limit` bytes.
DatabaseNames database_names(const std::string& app_db, const std::string& test_db_name, const std::string& run_id,
                             bool keep_template, std::size_t limit);

// `name` if it fits in `limit` bytes, else its head and a hash of all of it.
std::string fit_identifier(const std::string& name, std::size_t limit);

}  // namespace dbtest::backends
