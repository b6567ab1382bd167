// Customer accounts and their addresses.
#pragma once

#include "database.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace shop {

struct Customer {
  std::int64_t id = 0;
  std::string email;
  std::string full_name;
};

struct Address {
  std::int64_t id = 0;
  std::int64_t customer_id = 0;
  std::string kind;  // "shipping" or "billing"
  std::string line1;
  std::string city;
  std::string postcode;
  std::string country;  // ISO 3166 alpha-2, upper case
};

struct NewAddress {
  std::string kind = "shipping";
  std::string line1;
  std::string city;
  std::string postcode;
  std::string country;
};

class Customers {
 public:
  explicit Customers(Database& db) : db_(&db) {}

  // Emails are trimmed and lower-cased before they are checked and stored,
  // so "Ada@Example.com " and "ada@example.com" are one account.
  std::int64_t sign_up(std::string_view email, std::string_view full_name);

  std::optional<Customer> find(std::int64_t id) const;
  std::optional<Customer> find_by_email(std::string_view email) const;

  std::int64_t add_address(std::int64_t customer_id, const NewAddress& address);
  // Shipping addresses first, then billing, each in the order they were added.
  std::vector<Address> addresses(std::int64_t customer_id) const;

  // Deletes an account and its addresses. Customers with orders are kept:
  // the order history is accounting data. InvalidState then.
  void remove(std::int64_t customer_id);

  static std::string normalize_email(std::string_view email);

 private:
  Database* db_;
};

}  // namespace shop
