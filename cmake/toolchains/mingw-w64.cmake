# Cross-builds dbtest for 64-bit Windows on Linux with MinGW-w64 (Debian's
# g++-mingw-w64-x86-64-posix) and runs what it builds, tests included, under
# wine. ci/windows.sh uses it:
#
#   cmake -S . -B build-windows --toolchain cmake/toolchains/mingw-w64.cmake \
#         -DDBTEST_DEPENDENCY_PREFIX=<prefix of the Windows builds of the dependencies>
#
# The -posix compilers: the default win32 thread model has no std::mutex.
set(CMAKE_SYSTEM_NAME Windows)
set(CMAKE_SYSTEM_PROCESSOR x86_64)
set(DBTEST_MINGW_TRIPLE x86_64-w64-mingw32)
set(CMAKE_C_COMPILER ${DBTEST_MINGW_TRIPLE}-gcc-posix)
set(CMAKE_CXX_COMPILER ${DBTEST_MINGW_TRIPLE}-g++-posix)
set(CMAKE_RC_COMPILER ${DBTEST_MINGW_TRIPLE}-windres)

# Libraries and headers come from the MinGW sysroot and the dependency
# prefix only, never from the Linux system; programs (python3, wine) from the
# host.
# The MinGW sysroot and the prefix holding the Windows builds of the
# dependencies (ci/third_party.py), given as DBTEST_DEPENDENCY_PREFIX.
set(CMAKE_FIND_ROOT_PATH /usr/${DBTEST_MINGW_TRIPLE} ${DBTEST_DEPENDENCY_PREFIX})
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_PACKAGE ONLY)

# Executables are self-contained: no MinGW runtime DLLs to find at run time,
# under wine or on a Windows machine without MinGW.
set(CMAKE_EXE_LINKER_FLAGS_INIT "-static")

# CTest, gtest_discover_tests and custom commands run the built programs
# under wine. WINEDEBUG=-all keeps wine's own diagnostics out of test output.
find_program(DBTEST_WINE NAMES wine64 wine)
if(DBTEST_WINE)
  set(CMAKE_CROSSCOMPILING_EMULATOR ${DBTEST_WINE})
endif()
