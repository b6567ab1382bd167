# Warnings as a linked interface target; -Werror only when a developer asks for it.
add_library(dbtest_warnings INTERFACE)
target_compile_options(dbtest_warnings INTERFACE
  $<$<CXX_COMPILER_ID:GNU,Clang,AppleClang>:-Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor>
  $<$<CXX_COMPILER_ID:MSVC>:/W4>
  # GCC 12 at -O3 (Release) warns of an overlapping memcpy inside libstdc++'s
  # own `"literal" + std::string` (GCC bug 105651), a false alarm in every
  # file that builds a string that way; GCC 13 no longer does.
  $<$<AND:$<CXX_COMPILER_ID:GNU>,$<VERSION_LESS:$<CXX_COMPILER_VERSION>,13>>:-Wno-restrict>)
if(DBTEST_WERROR)
  target_compile_options(dbtest_warnings INTERFACE
    $<$<CXX_COMPILER_ID:GNU,Clang,AppleClang>:-Werror> $<$<CXX_COMPILER_ID:MSVC>:/WX>)
endif()
