# Installs dbtest into a fresh prefix, builds the consumer project against it
# with find_package(dbtest), and runs the consumer's tests under the installed
# dbtest. Called by CTest with -DBUILD_DIR, -DSOURCE_DIR, -DWORK_DIR.
file(REMOVE_RECURSE "${WORK_DIR}")
set(prefix "${WORK_DIR}/prefix")

function(run)
  execute_process(COMMAND ${ARGV} RESULT_VARIABLE status OUTPUT_VARIABLE out ERROR_VARIABLE err)
  if(NOT status EQUAL 0)
    message(FATAL_ERROR "failed (${status}): ${ARGV}\n${out}\n${err}")
  endif()
  set(last_output "${out}" PARENT_SCOPE)
endfunction()

run(${CMAKE_COMMAND} --install "${BUILD_DIR}" --prefix "${prefix}")
run(${CMAKE_COMMAND} -S "${SOURCE_DIR}/tests/install/consumer" -B "${WORK_DIR}/build"
    -DCMAKE_PREFIX_PATH=${prefix} -DCMAKE_BUILD_TYPE=Release)
run(${CMAKE_COMMAND} --build "${WORK_DIR}/build")
run("${prefix}/bin/dbtest" --state-dir "${WORK_DIR}/state" --parallel 2
    --migrations "${SOURCE_DIR}/tests/e2e/migrations/basic" -- "${WORK_DIR}/build/consumer_tests")
if(NOT last_output MATCHES "1 passed, 0 failed, 0 skipped")
  message(FATAL_ERROR "unexpected dbtest output:\n${last_output}")
endif()
file(REMOVE_RECURSE "${WORK_DIR}")
