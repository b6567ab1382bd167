# Which per-OS source files are compiled. Every CMakeLists.txt that has
# per-OS files switches on DBTEST_PLATFORM_CHOSEN, never on WIN32 or
# CMAKE_SYSTEM_NAME itself, so that one set of files can be built on another
# OS: CI builds the generic POSIX files on Linux with clang and libc++ as
# the stand-in for macOS, where no Apple toolchain is at hand.
#
#   auto    the files of the OS built for (default)
#   linux   Linux: prctl, /proc, sched_getaffinity, cgroup CPU quotas
#   posix   generic POSIX, nothing beyond it (the *_posix.cpp and *_other.cpp files)
#   darwin  generic POSIX, with *_darwin.cpp where Apple has a better call
#   win32   Windows
#
# docs/platforms.md has the table of which file each value picks.
set(DBTEST_PLATFORMS auto linux posix darwin win32)
set(DBTEST_PLATFORM auto CACHE STRING "Per-OS source files to build: ${DBTEST_PLATFORMS}")
set_property(CACHE DBTEST_PLATFORM PROPERTY STRINGS ${DBTEST_PLATFORMS})

if(NOT DBTEST_PLATFORM IN_LIST DBTEST_PLATFORMS)
  string(REPLACE ";" ", " _dbtest_allowed "${DBTEST_PLATFORMS}")
  message(FATAL_ERROR "dbtest: DBTEST_PLATFORM is '${DBTEST_PLATFORM}'; it must be one of: ${_dbtest_allowed}")
endif()

if(NOT DBTEST_PLATFORM STREQUAL "auto")
  set(DBTEST_PLATFORM_CHOSEN ${DBTEST_PLATFORM})
elseif(WIN32)
  set(DBTEST_PLATFORM_CHOSEN win32)
elseif(APPLE)
  set(DBTEST_PLATFORM_CHOSEN darwin)
elseif(CMAKE_SYSTEM_NAME STREQUAL "Linux")
  set(DBTEST_PLATFORM_CHOSEN linux)
else()
  set(DBTEST_PLATFORM_CHOSEN posix)
endif()
message(STATUS "dbtest: platform files: ${DBTEST_PLATFORM_CHOSEN} (DBTEST_PLATFORM=${DBTEST_PLATFORM})")
