# libpqxx, for the PostgreSQL engine: looked up by the build with
# DBTEST_WITH_POSTGRES, and by find_package(dbtest COMPONENTS postgres).
# Sets DBTEST_POSTGRES_FOUND, and DBTEST_POSTGRES_MISSING to what is missing.
find_package(PkgConfig QUIET)
if(PKG_CONFIG_FOUND AND NOT TARGET PkgConfig::PQXX)
  pkg_check_modules(PQXX QUIET IMPORTED_TARGET libpqxx)
endif()
if(TARGET PkgConfig::PQXX)
  set(DBTEST_POSTGRES_FOUND TRUE)
else()
  set(DBTEST_POSTGRES_FOUND FALSE)
  set(DBTEST_POSTGRES_MISSING "libpqxx (Debian: libpqxx-dev and pkg-config)")
endif()
