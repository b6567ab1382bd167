# dbtest_add_test(NAME name TARGETS target... [BACKEND b] [DATABASE_URL url]
#                 [MIGRATIONS dir] [PARALLEL n] [ARGS arg...])
#
# Registers one CTest test that runs the test binaries TARGETS under dbtest,
# so that `ctest` and the IDEs that drive CTest run the suite through dbtest:
# one migrated template, a clone per worker. It writes a JUnit report to
# <build dir>/dbtest-reports/<name>.xml and keeps its state folder (the
# durations that order the next run) in <build dir>/dbtest-state/<name>.
# ARGS go to dbtest before the binaries (--keepdb, --filter ..., --retries 2).
#
# dbtest is the `dbtest` target when it is built in the same project, else
# DBTEST_EXECUTABLE, which find_package(dbtest) sets to the installed one.
function(dbtest_add_test)
  cmake_parse_arguments(PARSE_ARGV 0 arg "" "NAME;BACKEND;DATABASE_URL;MIGRATIONS;PARALLEL" "TARGETS;ARGS")
  if(arg_UNPARSED_ARGUMENTS)
    message(FATAL_ERROR "dbtest_add_test: unknown arguments ${arg_UNPARSED_ARGUMENTS}")
  endif()
  if(NOT arg_NAME)
    message(FATAL_ERROR "dbtest_add_test: NAME is required")
  endif()
  if(NOT arg_TARGETS)
    message(FATAL_ERROR "dbtest_add_test(${arg_NAME}): TARGETS names no test binary")
  endif()
  if(TARGET dbtest)
    set(executable "$<TARGET_FILE:dbtest>")
  elseif(DBTEST_EXECUTABLE)
    set(executable "${DBTEST_EXECUTABLE}")
  else()
    message(FATAL_ERROR "dbtest_add_test(${arg_NAME}): no dbtest: find_package(dbtest) or set DBTEST_EXECUTABLE")
  endif()
  set(command "${executable}" --junit-xml "${CMAKE_BINARY_DIR}/dbtest-reports/${arg_NAME}.xml"
              --state-dir "${CMAKE_BINARY_DIR}/dbtest-state/${arg_NAME}")
  if(arg_PARALLEL)
    list(APPEND command --parallel "${arg_PARALLEL}")
  endif()
  if(arg_BACKEND)
    list(APPEND command --backend "${arg_BACKEND}")
  endif()
  if(arg_DATABASE_URL)
    list(APPEND command --database-url "${arg_DATABASE_URL}")
  endif()
  if(arg_MIGRATIONS)
    get_filename_component(migrations "${arg_MIGRATIONS}" ABSOLUTE BASE_DIR "${CMAKE_CURRENT_SOURCE_DIR}")
    list(APPEND command --migrations "${migrations}")
  endif()
  list(APPEND command ${arg_ARGS} --)
  foreach(target IN LISTS arg_TARGETS)
    if(NOT TARGET "${target}")
      message(FATAL_ERROR "dbtest_add_test(${arg_NAME}): '${target}' is not a target")
    endif()
    list(APPEND command "$<TARGET_FILE:${target}>")
  endforeach()
  add_test(NAME "${arg_NAME}" COMMAND ${command})
  # dbtest runs the workers: CTest must not run this test beside others
  # that want every core, and the labels let `ctest -L dbtest` pick it.
  set_tests_properties("${arg_NAME}" PROPERTIES LABELS dbtest RUN_SERIAL TRUE)
endfunction()
