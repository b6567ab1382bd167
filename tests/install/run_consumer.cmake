# Installs dbtest into a fresh prefix and builds the consumer project against
# it with find_package(dbtest), twice:
#  - core only: configured with the runner's own dependencies and the engines'
#    client libraries hidden from find_package, so the package must not ask
#    for them; its SQLite binary must not load libpq, libpqxx or
#    Connector/C++ (ldd), and runs under the installed dbtest;
#  - with the components of ENGINES ("postgres,mysql"): each engine's suite
#    runs under the installed dbtest on the throwaway server ci/test.sh
#    started (DBTEST_TEST_POSTGRES_URL, DBTEST_TEST_MYSQL_URL).
# Both with TOOLCHAIN, the compiler, flags and dependency prefixes of the
# build under test (consumer_toolchain.cmake.in).
# Called by CTest with -DBUILD_DIR, -DSOURCE_DIR, -DTOOLCHAIN, -DWORK_DIR,
# -DENGINES.
file(REMOVE_RECURSE "${WORK_DIR}")
set(prefix "${WORK_DIR}/prefix")
string(REPLACE "," ";" engines "${ENGINES}")

function(run)
  execute_process(COMMAND ${ARGV} RESULT_VARIABLE status OUTPUT_VARIABLE out ERROR_VARIABLE err)
  if(NOT status EQUAL 0)
    message(FATAL_ERROR "failed (${status}): ${ARGV}\n${out}\n${err}")
  endif()
  set(last_output "${out}" PARENT_SCOPE)
endfunction()

function(expect_summary output summary)
  if(NOT output MATCHES "${summary}")
    message(FATAL_ERROR "expected '${summary}' from dbtest, got:\n${output}")
  endif()
endfunction()

run(${CMAKE_COMMAND} --install "${BUILD_DIR}" --prefix "${prefix}")

# Core only.
set(core "${WORK_DIR}/core")
run(${CMAKE_COMMAND} -S "${SOURCE_DIR}/tests/install/consumer" -B "${core}" --toolchain "${TOOLCHAIN}"
    -DCMAKE_PREFIX_PATH=${prefix} -DCMAKE_BUILD_TYPE=Release
    -DMIGRATIONS=${SOURCE_DIR}/tests/e2e/migrations/basic
    -DCMAKE_DISABLE_FIND_PACKAGE_PkgConfig=TRUE -DCMAKE_DISABLE_FIND_PACKAGE_Boost=TRUE
    -DCMAKE_DISABLE_FIND_PACKAGE_fmt=TRUE -DCMAKE_DISABLE_FIND_PACKAGE_nlohmann_json=TRUE
    -DCMAKE_DISABLE_FIND_PACKAGE_CLI11=TRUE)
run(${CMAKE_COMMAND} --build "${core}")
if(CMAKE_HOST_SYSTEM_NAME STREQUAL "Linux")
  run(ldd "${core}/consumer_tests")
  if(last_output MATCHES "libpq|mysqlcppconn")
    message(FATAL_ERROR "a SQLite-only test binary loads an engine's client library:\n${last_output}")
  endif()
endif()
run("${prefix}/bin/dbtest" --state-dir "${WORK_DIR}/state" --parallel 2
    --migrations "${SOURCE_DIR}/tests/e2e/migrations/basic" -- "${core}/consumer_tests")
expect_summary("${last_output}" "1 passed, 0 failed, 0 skipped")
# The same through dbtest_add_test() and ctest, with its JUnit report.
run(ctest --test-dir "${core}" -R "^consumer.db$" --output-on-failure -V)
expect_summary("${last_output}" "1 passed, 0 failed, 0 skipped")
if(NOT EXISTS "${core}/dbtest-reports/consumer.db.xml")
  message(FATAL_ERROR "dbtest_add_test wrote no report at ${core}/dbtest-reports/consumer.db.xml")
endif()
file(READ "${core}/dbtest-reports/consumer.db.xml" report)
expect_summary("${report}" "<testsuites name=\"dbtest\" tests=\"1\" failures=\"0\"")

# The engines' components.
if(engines)
  set(full "${WORK_DIR}/engines")
  run(${CMAKE_COMMAND} -S "${SOURCE_DIR}/tests/install/consumer" -B "${full}" --toolchain "${TOOLCHAIN}"
      -DCMAKE_PREFIX_PATH=${prefix} -DCMAKE_BUILD_TYPE=Release -DENGINES=${ENGINES})
  run(${CMAKE_COMMAND} --build "${full}")
endif()
foreach(engine IN LISTS engines)
  if(engine STREQUAL "postgres")
    set(url "$ENV{DBTEST_TEST_POSTGRES_URL}")
  else()
    set(url "$ENV{DBTEST_TEST_MYSQL_URL}")
  endif()
  if(url STREQUAL "")
    message(FATAL_ERROR "no ${engine} test server: run the tests through ci/test.sh")
  endif()
  run("${prefix}/bin/dbtest" --state-dir "${WORK_DIR}/state-${engine}" --parallel 2 --backend ${engine}
      --database-url "${url}" --test-db-name "test_install_consumer_${engine}"
      --migrations "${SOURCE_DIR}/tests/e2e/migrations/portable" -- "${full}/consumer_${engine}_tests")
  expect_summary("${last_output}" "2 passed, 0 failed, 0 skipped")
endforeach()
file(REMOVE_RECURSE "${WORK_DIR}")
