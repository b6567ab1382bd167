// What the shop module throws. Callers (a web handler, a CLI) map these to
// user-facing answers, so each says what went wrong in the caller's terms
// rather than in the database's.
#pragma once

#include <cstdint>
#include <stdexcept>
#include <string>
#include <utility>

namespace shop {

class Error : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// The database refused a statement for a reason the module did not foresee.
// code() is SQLite's extended result code or MySQL's error number, e.g. 1062
// (0 on PostgreSQL); sqlstate() is the SQLSTATE of PostgreSQL or MySQL, e.g.
// "23505" or "23000" (empty on SQLite).
class DatabaseError : public Error {
 public:
  DatabaseError(int code, const std::string& what) : Error(what), code_(code) {}
  DatabaseError(std::string sqlstate, const std::string& what)
      : Error(what), code_(0), sqlstate_(std::move(sqlstate)) {}
  DatabaseError(int code, std::string sqlstate, const std::string& what)
      : Error(what), code_(code), sqlstate_(std::move(sqlstate)) {}
  int code() const noexcept { return code_; }
  const std::string& sqlstate() const noexcept { return sqlstate_; }

 private:
  int code_;
  std::string sqlstate_;
};

// A UNIQUE, CHECK, FOREIGN KEY or trigger constraint fired: the schema caught
// something the module's own checks let through. (SQLITE_CONSTRAINT_* on
// SQLite, SQLSTATE class 23 on PostgreSQL and MySQL, where MySQL's own CHECK
// error 3819 has SQLSTATE HY000 and counts too.)
class ConstraintViolation : public DatabaseError {
 public:
  using DatabaseError::DatabaseError;
};

class NotFound : public Error {
 public:
  NotFound(const std::string& entity, std::int64_t id)
      : Error(entity + " " + std::to_string(id) + " not found"), entity_(entity) {}
  NotFound(const std::string& entity, const std::string& key)
      : Error(entity + " '" + key + "' not found"), entity_(entity) {}
  const std::string& entity() const noexcept { return entity_; }

 private:
  std::string entity_;
};

// The request itself is malformed: bad quantity, unknown carrier, ...
class InvalidArgument : public Error {
 public:
  using Error::Error;
};

// The request is well formed but the thing is in the wrong state for it:
// paying a cancelled order, shipping one twice, ...
class InvalidState : public Error {
 public:
  using Error::Error;
};

class InsufficientStock : public Error {
 public:
  // warehouse_id is 0 when no single warehouse could serve the request.
  InsufficientStock(std::int64_t product_id, std::int64_t warehouse_id, std::int64_t requested,
                    std::int64_t available)
      : Error("product " + std::to_string(product_id) + ": " + std::to_string(requested) +
              " requested, " + std::to_string(available) + " available"),
        product_id_(product_id),
        warehouse_id_(warehouse_id),
        requested_(requested),
        available_(available) {}

  std::int64_t product_id() const noexcept { return product_id_; }
  std::int64_t warehouse_id() const noexcept { return warehouse_id_; }
  std::int64_t requested() const noexcept { return requested_; }
  std::int64_t available() const noexcept { return available_; }

 private:
  std::int64_t product_id_;
  std::int64_t warehouse_id_;
  std::int64_t requested_;
  std::int64_t available_;
};

class CouponRejected : public Error {
 public:
  CouponRejected(const std::string& code, const std::string& reason)
      : Error("coupon '" + code + "' rejected: " + reason), code_(code), reason_(reason) {}
  const std::string& code() const noexcept { return code_; }
  // "unknown", "inactive", "expired" or "not yet valid".
  const std::string& reason() const noexcept { return reason_; }

 private:
  std::string code_;
  std::string reason_;
};

}  // namespace shop
