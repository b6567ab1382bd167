# Every dependency is a Debian 12 package; ci/install-deps.sh installs them.
# The engines' client libraries are looked up only for the engines built
# (cmake/dependencies/*.cmake, which the installed package uses too).
find_package(Threads REQUIRED)
find_package(SQLite3 REQUIRED)
find_package(GTest REQUIRED)
find_package(nlohmann_json 3 REQUIRED)
find_package(fmt REQUIRED)
find_package(CLI11 CONFIG REQUIRED)
find_package(Boost 1.74 REQUIRED COMPONENTS filesystem)

foreach(engine IN LISTS DBTEST_SERVER_ENGINES)
  string(TOUPPER "${engine}" ENGINE)
  if(DBTEST_WITH_${ENGINE})
    include(${CMAKE_CURRENT_LIST_DIR}/dependencies/${engine}.cmake)
    if(NOT DBTEST_${ENGINE}_FOUND)
      message(FATAL_ERROR "dbtest: the ${engine} engine needs ${DBTEST_${ENGINE}_MISSING}; install it, "
                          "or build without the engine: -DDBTEST_WITH_${ENGINE}=OFF")
    endif()
  endif()
endforeach()
