#include "postgres_database.hpp"

#include <pqxx/pqxx>

namespace shop {

namespace {

// "current transaction is aborted, commands ignored until end of transaction
// block": a statement failed and nobody rolled back yet.
constexpr const char* kFailedTransaction = "25P02";

// Calls f, turning libpqxx's exceptions into the module's: SQLSTATE class 23
// (integrity constraint violation, which the schema's triggers raise too) is a
// ConstraintViolation, anything else a DatabaseError.
template <typename F>
auto translated(F&& f) -> decltype(f()) {
  try {
    return f();
  } catch (const pqxx::sql_error& e) {
    const std::string& state = e.sqlstate();
    std::string message = e.what();
    while (!message.empty() && message.back() == '\n') message.pop_back();
    if (state.rfind("23", 0) == 0) throw ConstraintViolation(state, message);
    throw DatabaseError(state, message);
  } catch (const pqxx::failure& e) {  // the connection broke, ...
    throw DatabaseError(std::string(), e.what());
  } catch (const pqxx::usage_error& e) {  // e.g. another pqxx transaction is open
    throw DatabaseError(std::string(), e.what());
  }
}

}  // namespace

Rows PostgresDatabase::query(std::string_view sql, const std::vector<Param>& params) {
  return translated([&] {
    // Every value as text (nullptr for NULL), the way libpqxx passes them.
    std::vector<std::string> texts(params.size());
    std::vector<const char*> values(params.size(), nullptr);
    for (std::size_t i = 0; i < params.size(); ++i) {
      if (const auto* number = std::get_if<std::int64_t>(&params[i])) {
        texts[i] = std::to_string(*number);
        values[i] = texts[i].c_str();
      } else if (const auto* text = std::get_if<std::string>(&params[i])) {
        values[i] = text->c_str();
      }
    }

    pqxx::nontransaction tx(connection_);
    pqxx::result result =
        tx.exec_params(std::string(sql), pqxx::prepare::make_dynamic_params(values));

    std::vector<Row> rows;
    rows.reserve(result.size());
    for (const pqxx::row& r : result) {
      std::vector<std::optional<std::string>> fields;
      fields.reserve(r.size());
      for (const pqxx::field& f : r) {
        if (f.is_null()) {
          fields.emplace_back(std::nullopt);
        } else {
          fields.emplace_back(std::string(f.c_str(), f.size()));
        }
      }
      rows.emplace_back(std::move(fields));
    }
    return Rows(std::move(rows), static_cast<std::int64_t>(result.affected_rows()));
  });
}

void PostgresDatabase::execute(const std::string& sql) {
  translated([&] {
    pqxx::nontransaction tx(connection_);
    tx.exec(sql);
  });
}

bool PostgresDatabase::in_transaction() {
  // libpqxx 6 does not expose libpq's PQtransactionStatus(), so ask the
  // server. A setting made with set_config(..., is_local => true) lasts until
  // the end of the transaction it was made in: inside a transaction block the
  // next statement still reads it, outside one the statement was its own
  // transaction and the value is gone. (Trying SAVEPOINT and catching its
  // "can only be used in transaction blocks" would be one round trip less,
  // but would put an ERROR in the server log for every atomic step taken
  // outside a transaction.)
  try {
    query("SELECT set_config('shop.in_transaction', 'yes', true)");
  } catch (const DatabaseError& e) {
    if (e.sqlstate() == kFailedTransaction) return true;
    throw;
  }
  return query("SELECT current_setting('shop.in_transaction', true)").front().text(0) == "yes";
}

bool PostgresDatabase::open_savepoint(const std::string& name) {
  if (in_transaction()) {
    execute("SAVEPOINT " + name);
    return false;
  }
  // SAVEPOINT needs a transaction block on PostgreSQL: the savepoint becomes
  // a transaction of its own, as it does on SQLite.
  execute("BEGIN");
  return true;
}

void PostgresDatabase::release_savepoint(const std::string& name, bool top_level) {
  execute(top_level ? std::string("COMMIT") : "RELEASE " + name);
}

void PostgresDatabase::rollback_savepoint(const std::string& name, bool top_level) noexcept {
  try {
    execute(top_level ? std::string("ROLLBACK") : "ROLLBACK TO " + name + "; RELEASE " + name);
  } catch (...) {
    // A destructor cannot throw. If the connection is gone, so is the
    // transaction.
  }
}

}  // namespace shop
