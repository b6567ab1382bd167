# `cmake --install build --prefix P` lets another project write
#   find_package(dbtest CONFIG REQUIRED)
#   target_link_libraries(app_tests PRIVATE dbtest::fixtures dbtest::gtest_main)
include(CMakePackageConfigHelpers)

install(TARGETS dbtest_fixtures dbtest_gtest_main dbtest_protocol dbtest_backends
  EXPORT dbtestTargets
  ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR}
  INCLUDES DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
install(TARGETS dbtest_warnings EXPORT dbtestTargets)
install(EXPORT dbtestTargets NAMESPACE dbtest:: DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/dbtest)

configure_package_config_file(cmake/dbtestConfig.cmake.in
  ${CMAKE_CURRENT_BINARY_DIR}/dbtestConfig.cmake
  INSTALL_DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/dbtest)
write_basic_package_version_file(${CMAKE_CURRENT_BINARY_DIR}/dbtestConfigVersion.cmake
  COMPATIBILITY SameMinorVersion)
install(FILES
  ${CMAKE_CURRENT_BINARY_DIR}/dbtestConfig.cmake
  ${CMAKE_CURRENT_BINARY_DIR}/dbtestConfigVersion.cmake
  cmake/Dependencies.cmake
  DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/dbtest)
