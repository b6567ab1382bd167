// The master side of each engine, made by name. CMake compiles an engine's
// <engine>/<engine>_engine.cpp where the engine is built and its
// <engine>/<engine>_not_built.cpp where it is not: the second throws a
// UsageError naming the build option, so registry.cpp never asks which
// engines this build has.
#pragma once

#include <memory>

#include "backends/backend.hpp"

namespace dbtest::backends {

std::unique_ptr<Backend> make_sqlite_backend(const BackendOptions& options);
std::unique_ptr<Backend> make_postgres_backend(const BackendOptions& options);
std::unique_ptr<Backend> make_mysql_backend(const BackendOptions& options);

}  // namespace dbtest::backends
