// Names of the databases a run creates on a server: the template
// `test_<appdb>_<run>`, or `test_<appdb>_<digest>` when it is kept, and one
// clone per worker slot. Every name fits the server's
// identifier limit; a name that would not fit is shortened with a hash of the
// whole name, never cut short into a possible collision.
#pragma once

#include <cstddef>
#include <string>

namespace dbtest::backends {

struct DatabaseNames {
  // `test_<appdb>`, or --test-db-name: what every name below starts with.
  std::string base;
  std::string template_name;
  std::string clone_prefix;  // + slot number

  std::string clone(int slot) const;
};

// How many hex digits of its fingerprint a kept template's name ends with.
inline constexpr std::size_t kKeptDigestLength = 8;

// `app_db` is the application's database. `test_db_name` replaces
// `test_<appdb>` as the base of every name. A template kept across runs
// (`kept_fingerprint` not empty) is named by what built it, the base and
// the fingerprint's first digits, so each set of migrations keeps a template
// of its own and runs that build the same one meet on its name; one that is
// not kept gets the run id, so concurrent runs never share it. Clones always
// carry the run id. Throws UsageError when the result would equal `app_db`
// or an explicit `test_db_name` is over `limit` bytes.
DatabaseNames database_names(const std::string& app_db, const std::string& test_db_name, const std::string& run_id,
                             const std::string& kept_fingerprint, std::size_t limit);

// `<base>_<first digits of fingerprint>`, within `limit` bytes: the base is
// shortened with a hash when it would not fit, never the digest.
std::string kept_template_name(const std::string& base, const std::string& fingerprint, std::size_t limit);

// `name` if it fits in `limit` bytes, else its head and a hash of all of it.
std::string fit_identifier(const std::string& name, std::size_t limit);

}  // namespace dbtest::backends
