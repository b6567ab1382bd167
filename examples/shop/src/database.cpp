#include "database.hpp"

#include <charconv>
#include <utility>

namespace shop {

std::string_view engine_name(Engine engine) {
  switch (engine) {
    case Engine::sqlite:
      return "sqlite";
    case Engine::postgresql:
      return "postgresql";
    case Engine::mysql:
      return "mysql";
  }
  return "unknown";
}

const std::optional<std::string>& Row::at(std::size_t column) const {
  if (column >= values_.size()) {
    throw DatabaseError(0, "column " + std::to_string(column) + " out of range: the row has " +
                               std::to_string(values_.size()));
  }
  return values_[column];
}

bool Row::is_null(std::size_t column) const { return !at(column).has_value(); }

std::string Row::text(std::size_t column) const { return at(column).value_or(std::string()); }

std::int64_t Row::int64(std::size_t column) const {
  const auto& value = at(column);
  if (!value) return 0;  // as sqlite3_column_int64 does for NULL
  std::int64_t out = 0;
  const char* first = value->data();
  const char* last = first + value->size();
  auto [end, ec] = std::from_chars(first, last, out);
  // PostgreSQL's sum() of bigints is a numeric and MySQL's a DECIMAL, but of
  // scale 0: "1041448".
  if (ec != std::errc() || end != last) {
    throw DatabaseError(0, "column " + std::to_string(column) + " is not an integer: '" +
                               *value + "'");
  }
  return out;
}

bool Row::flag(std::size_t column) const {
  const auto& value = at(column);
  if (!value) return false;
  if (*value == "t" || *value == "1") return true;
  if (*value == "f" || *value == "0") return false;
  throw DatabaseError(0, "column " + std::to_string(column) + " is not a boolean: '" + *value +
                             "'");
}

std::optional<std::int64_t> Row::optional_int64(std::size_t column) const {
  if (is_null(column)) return std::nullopt;
  return int64(column);
}

std::optional<std::string> Row::optional_text(std::size_t column) const { return at(column); }

Savepoint::Savepoint(Database& db, std::string name) : db_(db), name_(std::move(name)) {
  top_level_ = db_.open_savepoint(name_);
}

Savepoint::~Savepoint() {
  if (done_) return;
  db_.rollback_savepoint(name_, top_level_);
}

void Savepoint::release() {
  db_.release_savepoint(name_, top_level_);
  done_ = true;
}

}  // namespace shop
