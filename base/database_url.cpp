#include "database_url.hpp"

#include <regex>

#include "errors.hpp"

namespace dbtest {
namespace {

std::string percent_decode(const std::string& s) {
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%' && i + 2 < s.size() && std::isxdigit(static_cast<unsigned char>(s[i + 1])) &&
        std::isxdigit(static_cast<unsigned char>(s[i + 2]))) {
      out.push_back(static_cast<char>(std::stoi(s.substr(i + 1, 2), nullptr, 16)));
      i += 2;
    } else {
      out.push_back(s[i]);
    }
  }
  return out;
}

std::string percent_encode(const std::string& s) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : s) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      out.push_back(static_cast<char>(c));
    } else {
      out.push_back('%');
      out.push_back(kHex[c >> 4]);
      out.push_back(kHex[c & 0xf]);
    }
  }
  return out;
}

std::string canonical_scheme(const std::string& scheme, const std::string& text) {
  if (scheme == "postgres" || scheme == "postgresql") return "postgresql";
  if (scheme == "mysql" || scheme == "mariadb") return "mysql";
  if (scheme == "sqlite" || scheme == "sqlite3") return "sqlite";
  throw UsageError("unknown database URL scheme '" + scheme + "' in " + mask_password(text) +
                   " (expected postgresql://, mysql:// or sqlite:)");
}

}  // namespace

std::string backend_name(std::string name) { return name == "postgres" ? "postgresql" : name; }

std::string mask_password(const std::string& text) {
  // The password runs to the last '@' of the URL, as parse() reads it; a
  // URL missing its "//" is masked all the same, as it is shown in the
  // message that says so.
  static const std::regex kUserInfo(R"(([A-Za-z][A-Za-z0-9+.-]*:(?://)?[^:/@\s]*):\S*@)");
  return std::regex_replace(text, kUserInfo, "$1:***@");
}

DatabaseUrl DatabaseUrl::parse(const std::string& text) {
  const auto colon = text.find(':');
  if (colon == std::string::npos || colon == 0) {
    throw UsageError("not a database URL: '" + mask_password(text) +
                     "' (expected sqlite:/path/to/test.db, postgresql://user@host/app or mysql://user@host/app)");
  }
  DatabaseUrl url;
  url.scheme = canonical_scheme(text.substr(0, colon), text);
  std::string rest = text.substr(colon + 1);

  if (url.scheme == "sqlite") {
    // sqlite:///abs/path, sqlite://relative, sqlite:path and sqlite:file:uri all name a file or URI.
    if (rest.rfind("//", 0) == 0) rest = rest.substr(2);
    if (rest.empty()) throw UsageError("sqlite URL names no database file: '" + text + "'");
    url.database = rest;
    return url;
  }

  if (rest.rfind("//", 0) != 0) throw UsageError("database URL must start with " + url.scheme + "://: '" + mask_password(text) + "'");
  rest = rest.substr(2);
  std::string query;
  if (auto q = rest.find('?'); q != std::string::npos) {
    query = rest.substr(q + 1);
    rest = rest.substr(0, q);
  }
  std::string authority = rest;
  if (auto slash = rest.find('/'); slash != std::string::npos) {
    authority = rest.substr(0, slash);
    url.database = percent_decode(rest.substr(slash + 1));
  }
  if (auto at = authority.rfind('@'); at != std::string::npos) {
    const std::string userinfo = authority.substr(0, at);
    authority = authority.substr(at + 1);
    if (auto c = userinfo.find(':'); c != std::string::npos) {
      url.user = percent_decode(userinfo.substr(0, c));
      url.password = percent_decode(userinfo.substr(c + 1));
    } else {
      url.user = percent_decode(userinfo);
    }
  }
  std::string port;
  if (authority.rfind('[', 0) == 0) {  // [::1]:5432
    const auto close = authority.find(']');
    if (close == std::string::npos) throw UsageError("unclosed '[' in database URL " + mask_password(text));
    url.host = authority.substr(1, close - 1);
    if (close + 1 < authority.size() && authority[close + 1] == ':') port = authority.substr(close + 2);
  } else if (auto c = authority.rfind(':'); c != std::string::npos) {
    url.host = authority.substr(0, c);
    port = authority.substr(c + 1);
    if (port.empty()) throw UsageError("empty port after ':' in database URL " + mask_password(text));
  } else {
    url.host = authority;
  }
  if (!port.empty()) {
    if (port.find_first_not_of("0123456789") != std::string::npos || port.size() > 5 || std::stoi(port) == 0 ||
        std::stoi(port) > 65535) {
      throw UsageError("bad port '" + port + "' in database URL " + mask_password(text));
    }
    url.port = std::stoi(port);
  }
  std::size_t pos = 0;
  while (pos < query.size()) {
    auto amp = query.find('&', pos);
    if (amp == std::string::npos) amp = query.size();
    const std::string pair = query.substr(pos, amp - pos);
    if (!pair.empty()) {
      const auto eq = pair.find('=');
      url.params[percent_decode(pair.substr(0, eq))] = eq == std::string::npos ? "" : percent_decode(pair.substr(eq + 1));
    }
    pos = amp + 1;
  }
  return url;
}

std::string DatabaseUrl::format(bool mask) const {
  if (scheme == "sqlite") return "sqlite:" + database;
  std::string out = scheme + "://";
  if (!user.empty() || password) {
    out += percent_encode(user);
    if (password) out += ":" + (mask ? std::string("***") : percent_encode(*password));
    out += "@";
  }
  out += host.find(':') != std::string::npos ? "[" + host + "]" : host;
  if (port) out += ":" + std::to_string(*port);
  out += "/" + percent_encode(database);
  char sep = '?';
  for (const auto& [k, v] : params) {
    out += sep + percent_encode(k) + "=" + percent_encode(v);
    sep = '&';
  }
  return out;
}

std::string DatabaseUrl::str() const { return format(false); }
std::string DatabaseUrl::masked() const { return format(true); }

}  // namespace dbtest
