# Warnings as a linked interface target; -Werror only when a developer asks for it.
add_library(dbtest_warnings INTERFACE)
target_compile_options(dbtest_warnings INTERFACE
  $<$<CXX_COMPILER_ID:GNU,Clang,AppleClang>:-Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor>
  $<$<CXX_COMPILER_ID:MSVC>:/W4>)
if(DBTEST_WERROR)
  target_compile_options(dbtest_warnings INTERFACE
    $<$<CXX_COMPILER_ID:GNU,Clang,AppleClang>:-Werror> $<$<CXX_COMPILER_ID:MSVC>:/WX>)
endif()
