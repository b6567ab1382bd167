# Every dependency is a Debian 12 package; ci/install-deps.sh installs them.
# The engines' client libraries are looked up only for the engines built
# (cmake/dependencies/*.cmake, which the installed package uses too).
find_package(Threads REQUIRED)
find_package(SQLite3 REQUIRED)
find_package(GTest REQUIRED)
find_package(nlohmann_json 3 REQUIRED)
find_package(fmt REQUIRED)
find_package(CLI11 CONFIG REQUIRED)
find_package(tomlplusplus CONFIG REQUIRED)
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

# Boost 1.74's Asio (under Boost.Process) looks for std::invoke_result only
# with MSVC and otherwise uses std::result_of, which C++20 removed: libc++
# no longer has it. Every standard library this C++20 project builds with
# has std::invoke_result.
set_property(TARGET Boost::headers APPEND PROPERTY INTERFACE_COMPILE_DEFINITIONS BOOST_ASIO_HAS_STD_INVOKE_RESULT=1)

if(WIN32)
  # Windows 10 and later: the Win32 calls used (process attribute lists,
  # nested jobs) and Boost.WinAPI's matching declarations.
  add_compile_definitions(_WIN32_WINNT=0x0A00 WINVER=0x0A00)
  # <windows.h> without the old <winsock.h>, which Boost.Asio refuses to
  # follow.
  add_compile_definitions(WIN32_LEAN_AND_MEAN)
  # Boost.Asio (under Boost.Process) needs Winsock. Boost 1.74's
  # process/detail/windows/handle_workaround.hpp names __kernel_entry, which
  # MinGW-w64's headers do not define (fixed in later Boost releases).
  set_property(TARGET Boost::headers APPEND PROPERTY INTERFACE_LINK_LIBRARIES ws2_32 mswsock)
  if(MINGW)
    set_property(TARGET Boost::headers APPEND PROPERTY INTERFACE_COMPILE_DEFINITIONS __kernel_entry=)
  endif()
endif()
