// A database URL as users write it: `postgresql://user:secret@host:5432/app`,
// `mysql://user@localhost/app?socket=/run/mysqld.sock`, `sqlite:///abs/app.db`,
// `sqlite:relative.db`, `sqlite:file:name?mode=memory&cache=shared`.
// Shown to people only through masked(), which hides the password.
#pragma once

#include <map>
#include <optional>
#include <string>

namespace dbtest {

struct DatabaseUrl {
  std::string scheme;  // "postgresql", "mysql", "sqlite"
  std::string user;
  std::optional<std::string> password;
  std::string host;
  std::optional<int> port;
  std::string database;  // for sqlite: the path or SQLite URI after "sqlite:"
  std::map<std::string, std::string> params;

  // Throws UsageError, with the password masked, on a URL that cannot be read.
  static DatabaseUrl parse(const std::string& text);

  // The URL with its password, for handing to a worker or a migrate command.
  std::string str() const;
  // The URL with its password replaced by "***", for anything a person sees.
  std::string masked() const;

 private:
  std::string format(bool mask) const;
};

// Replaces the password in any URL-like text with "***" (for error messages
// that quote a URL the parser rejected).
std::string mask_password(const std::string& text);

// An engine as --backend and DBTEST_BACKEND may spell it, as dbtest names it
// (DatabaseUrl::scheme, Backend::name): "postgres" is "postgresql"; any other
// name is returned as it is.
std::string backend_name(std::string name);

}  // namespace dbtest
