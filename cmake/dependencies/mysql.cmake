# MySQL Connector/C++ 1.1, for the MySQL/MariaDB engine: looked up by the
# build with DBTEST_WITH_MYSQL, and by find_package(dbtest COMPONENTS mysql).
# It ships neither a CMake package nor a pkg-config file, and its headers
# include Boost's. Sets DBTEST_MYSQL_FOUND, and DBTEST_MYSQL_MISSING to what
# is missing.
if(NOT TARGET dbtest_mysqlcppconn)
  find_package(Boost 1.74 QUIET)
  find_path(MYSQLCPPCONN_INCLUDE_DIR NAMES cppconn/driver.h)
  find_library(MYSQLCPPCONN_LIBRARY NAMES mysqlcppconn)
  if(Boost_FOUND AND MYSQLCPPCONN_INCLUDE_DIR AND MYSQLCPPCONN_LIBRARY)
    add_library(dbtest_mysqlcppconn INTERFACE IMPORTED)
    target_include_directories(dbtest_mysqlcppconn INTERFACE ${MYSQLCPPCONN_INCLUDE_DIR})
    target_link_libraries(dbtest_mysqlcppconn INTERFACE ${MYSQLCPPCONN_LIBRARY} Boost::headers)
  endif()
endif()
if(TARGET dbtest_mysqlcppconn)
  set(DBTEST_MYSQL_FOUND TRUE)
else()
  set(DBTEST_MYSQL_FOUND FALSE)
  set(DBTEST_MYSQL_MISSING "Connector/C++ 1.1 and Boost's headers (Debian: libmysqlcppconn-dev)")
endif()
