# `cmake --install build --prefix P` lets another project write
#   find_package(dbtest CONFIG REQUIRED)                       # SQLite
#   find_package(dbtest CONFIG REQUIRED COMPONENTS postgres mysql)
#   target_link_libraries(app_tests PRIVATE dbtest::fixtures dbtest::gtest_main)   # + dbtest::postgres ...
#   dbtest_add_test(NAME app.db TARGETS app_tests MIGRATIONS db/migrations)  # a CTest test run by dbtest
# The core package needs only GoogleTest and SQLite; each engine component is
# an export set of its own (installed by dbtest_engine_worker_library in
# backends/CMakeLists.txt), with its client library looked up only when the
# component is asked for.
include(CMakePackageConfigHelpers)

install(TARGETS dbtest_base dbtest_protocol dbtest_sqlite_connection dbtest_fixtures dbtest_gtest_main
  EXPORT dbtestTargets ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR} INCLUDES DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
install(EXPORT dbtestTargets NAMESPACE dbtest:: DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/dbtest)
get_property(DBTEST_COMPONENTS GLOBAL PROPERTY DBTEST_COMPONENTS)

configure_package_config_file(cmake/dbtestConfig.cmake.in
  ${CMAKE_CURRENT_BINARY_DIR}/dbtestConfig.cmake
  INSTALL_DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/dbtest
  PATH_VARS CMAKE_INSTALL_BINDIR)
write_basic_package_version_file(${CMAKE_CURRENT_BINARY_DIR}/dbtestConfigVersion.cmake
  COMPATIBILITY SameMinorVersion)
install(FILES
  ${CMAKE_CURRENT_BINARY_DIR}/dbtestConfig.cmake
  ${CMAKE_CURRENT_BINARY_DIR}/dbtestConfigVersion.cmake
  ${CMAKE_CURRENT_SOURCE_DIR}/cmake/dbtestAddTest.cmake
  DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/dbtest)
