#include "customers.hpp"

#include <algorithm>
#include <cctype>

#include "errors.hpp"
#include "pricing.hpp"

namespace shop {

namespace {

bool plausible_email(const std::string& email) {
  auto at = email.find('@');
  if (at == std::string::npos || at == 0 || email.find('@', at + 1) != std::string::npos) {
    return false;
  }
  auto dot = email.find('.', at + 2);
  if (dot == std::string::npos || dot + 1 == email.size()) return false;
  return std::none_of(email.begin(), email.end(),
                      [](unsigned char c) { return std::isspace(c) != 0; });
}

std::string trim(std::string_view text) {
  auto first = text.find_first_not_of(" \t\r\n");
  if (first == std::string_view::npos) return {};
  auto last = text.find_last_not_of(" \t\r\n");
  return std::string(text.substr(first, last - first + 1));
}

}  // namespace

std::string Customers::normalize_email(std::string_view email) {
  std::string out = trim(email);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

std::int64_t Customers::sign_up(std::string_view email, std::string_view full_name) {
  std::string normalized = normalize_email(email);
  if (!plausible_email(normalized)) {
    throw InvalidArgument("not an email address: '" + std::string(email) + "'");
  }
  std::string name = trim(full_name);
  if (name.empty()) throw InvalidArgument("customer needs a name");
  if (find_by_email(normalized)) throw InvalidArgument(normalized + " is already registered");

  return db_
      ->query("INSERT INTO customers (email, full_name) VALUES ($1, $2) RETURNING id",
              normalized, name)
      .front()
      .int64(0);
}

namespace {

std::optional<Customer> read_customer(const Rows& rows) {
  if (rows.empty()) return std::nullopt;
  const Row& row = rows.front();
  return Customer{row.int64(0), row.text(1), row.text(2)};
}

}  // namespace

std::optional<Customer> Customers::find(std::int64_t id) const {
  return read_customer(db_->query("SELECT id, email, full_name FROM customers WHERE id = $1", id));
}

std::optional<Customer> Customers::find_by_email(std::string_view email) const {
  return read_customer(db_->query("SELECT id, email, full_name FROM customers WHERE email = $1",
                                  normalize_email(email)));
}

std::int64_t Customers::add_address(std::int64_t customer_id, const NewAddress& address) {
  if (!find(customer_id)) throw NotFound("customer", customer_id);
  if (address.kind != "shipping" && address.kind != "billing") {
    throw InvalidArgument("address kind must be shipping or billing, not '" + address.kind + "'");
  }
  std::string country = to_upper(address.country);
  if (country.size() != 2 || !std::all_of(country.begin(), country.end(),
                                          [](char c) { return c >= 'A' && c <= 'Z'; })) {
    throw InvalidArgument("country must be a two-letter code, not '" + address.country + "'");
  }
  if (trim(address.line1).empty()) throw InvalidArgument("address needs a street line");

  return db_
      ->query("INSERT INTO addresses (customer_id, kind, line1, city, postcode, country) "
              "VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
              customer_id, address.kind, trim(address.line1), trim(address.city),
              trim(address.postcode), country)
      .front()
      .int64(0);
}

std::vector<Address> Customers::addresses(std::int64_t customer_id) const {
  std::vector<Address> out;
  for (const Row& row : db_->query("SELECT id, customer_id, kind, line1, city, postcode, country "
                                   "FROM addresses WHERE customer_id = $1 "
                                   "ORDER BY kind = 'billing', id",
                                   customer_id)) {
    out.push_back({row.int64(0), row.int64(1), row.text(2), row.text(3), row.text(4),
                   row.text(5), row.text(6)});
  }
  return out;
}

void Customers::remove(std::int64_t customer_id) {
  if (!find(customer_id)) throw NotFound("customer", customer_id);
  if (db_->query_int64("SELECT 1 FROM orders WHERE customer_id = $1 LIMIT 1", customer_id)) {
    throw InvalidState("customer " + std::to_string(customer_id) + " has orders");
  }
  // Addresses go with the account through ON DELETE CASCADE.
  db_->query("DELETE FROM customers WHERE id = $1", customer_id);
}

}  // namespace shop
