# Every dependency is a Debian 12 package; ci/install-deps.sh installs them.
find_package(Threads REQUIRED)
find_package(SQLite3 REQUIRED)
find_package(GTest REQUIRED)
find_package(nlohmann_json 3 REQUIRED)
find_package(fmt REQUIRED)
find_package(CLI11 CONFIG REQUIRED)
find_package(Boost 1.74 REQUIRED COMPONENTS filesystem)
find_package(PkgConfig REQUIRED)
pkg_check_modules(PQXX REQUIRED IMPORTED_TARGET libpqxx)

# Connector/C++ 1.1 ships neither a CMake package nor a pkg-config file.
find_path(MYSQLCPPCONN_INCLUDE_DIR NAMES cppconn/driver.h REQUIRED)
find_library(MYSQLCPPCONN_LIBRARY NAMES mysqlcppconn REQUIRED)
if(NOT TARGET dbtest_mysqlcppconn)
  add_library(dbtest_mysqlcppconn INTERFACE IMPORTED)
  target_include_directories(dbtest_mysqlcppconn INTERFACE ${MYSQLCPPCONN_INCLUDE_DIR})
  target_link_libraries(dbtest_mysqlcppconn INTERFACE ${MYSQLCPPCONN_LIBRARY} Boost::headers)
endif()
