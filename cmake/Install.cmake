# `cmake --install build --prefix P` lets another project write
#   find_package(dbtest CONFIG REQUIRED)                       # SQLite
#   find_package(dbtest CONFIG REQUIRED COMPONENTS postgres mysql)
#   target_link_libraries(app_tests PRIVATE dbtest::fixtures dbtest::gtest_main)   # + dbtest::postgres ...
# The core package needs only GoogleTest and SQLite; each engine component is
# an export set of its own, with its client library looked up only when the
# component is asked for.
include(CMakePackageConfigHelpers)

set(DBTEST_COMPONENTS)
install(TARGETS dbtest_base dbtest_protocol dbtest_sqlite_connection dbtest_fixtures dbtest_gtest_main
  EXPORT dbtestTargets ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR} INCLUDES DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
install(EXPORT dbtestTargets NAMESPACE dbtest:: DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/dbtest)
if(DBTEST_WITH_POSTGRES)
  list(APPEND DBTEST_COMPONENTS postgres)
  install(TARGETS dbtest_postgres EXPORT dbtestPostgresTargets ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR})
  install(EXPORT dbtestPostgresTargets NAMESPACE dbtest:: DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/dbtest)
  install(FILES cmake/dependencies/postgres.cmake DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/dbtest/dependencies)
endif()
if(DBTEST_WITH_MYSQL)
  list(APPEND DBTEST_COMPONENTS mysql)
  install(TARGETS dbtest_mysql dbtest_mysql_connection EXPORT dbtestMysqlTargets ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR})
  install(EXPORT dbtestMysqlTargets NAMESPACE dbtest:: DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/dbtest)
  install(FILES cmake/dependencies/mysql.cmake DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/dbtest/dependencies)
endif()

configure_package_config_file(cmake/dbtestConfig.cmake.in
  ${CMAKE_CURRENT_BINARY_DIR}/dbtestConfig.cmake
  INSTALL_DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/dbtest)
write_basic_package_version_file(${CMAKE_CURRENT_BINARY_DIR}/dbtestConfigVersion.cmake
  COMPATIBILITY SameMinorVersion)
install(FILES
  ${CMAKE_CURRENT_BINARY_DIR}/dbtestConfig.cmake
  ${CMAKE_CURRENT_BINARY_DIR}/dbtestConfigVersion.cmake
  DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/dbtest)
