# libpqxx (and libpq under it), for the PostgreSQL engine: looked up by the
# build with DBTEST_WITH_POSTGRES, and by find_package(dbtest COMPONENTS postgres).
find_package(PkgConfig QUIET)
if(PKG_CONFIG_FOUND AND NOT TARGET PkgConfig::PQXX)
  pkg_check_modules(PQXX QUIET IMPORTED_TARGET libpqxx)
endif()
if(PKG_CONFIG_FOUND AND NOT TARGET PkgConfig::PQ)
  pkg_check_modules(PQ QUIET IMPORTED_TARGET libpq)
endif()
if(NOT TARGET PkgConfig::PQXX OR NOT TARGET PkgConfig::PQ)
  message(FATAL_ERROR "dbtest: PostgreSQL needs libpqxx and libpq (Debian: libpqxx-dev and pkg-config); "
                      "install them, or build without PostgreSQL: -DDBTEST_WITH_POSTGRES=OFF")
endif()
