// What the shop suite needs of one engine, each in engines/<engine>_engine.cpp;
// CMake compiles the files of the engines dbtest was built with. Each file
// registers its engine while statics are initialised.
#pragma once

#include <memory>
#include <string>

#include "shop_fixture.hpp"

namespace shop_test {

struct EngineSupport {
  std::unique_ptr<shop::Database> (*worker_database)();
  std::unique_ptr<SecondConnection> (*open_second_connection)();
  void (*restart_ids)(shop::Database& db);
  // Catalog queries, each answering one number: base tables named $1,
  // views, and the triggers the migrations created.
  const char* tables_named;
  const char* view_count;
  const char* trigger_count;
  std::string (*unchecked_foreign_key)(shop::Database& db);
};

bool register_engine_support(shop::Engine engine, EngineSupport support);

}  // namespace shop_test
