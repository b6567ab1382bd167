#!/usr/bin/env bash
# The Windows build, made and tested on Linux: installs the MinGW-w64 cross
# compilers and wine, builds the third-party libraries for Windows
# (ci/third_party.py --target mingw, cached), cross-builds the SQLite
# configuration into BUILD_DIR_WINDOWS (default build-windows) and runs under
# wine the unit tests, the end-to-end tests and the example shop suite on two
# workers. Ends with one line saying what ran under wine.
set -euo pipefail
cd "$(dirname "$0")/.."
build_dir="${BUILD_DIR_WINDOWS:-build-windows}"
cache="${DBTEST_CI_CACHE:-$HOME/.cache/dbtest-ci}"

# The -posix compilers: the win32 thread model has no std::mutex. The host's
# build-essential, tcl8.6 and dpkg-dev make SQLite's amalgamation from
# Debian's source package; googletest is GoogleTest's sources; Boost,
# nlohmann-json, CLI11, fmt and toml++ are header-only and their Linux headers serve.
ci/install-deps.sh --packages g++-mingw-w64-x86-64-posix wine wine64 build-essential tcl8.6 dpkg-dev xz-utils \
  cmake ninja-build python3 googletest libboost-dev nlohmann-json3-dev libcli11-dev libfmt-dev libtomlplusplus-dev

# Release, without debug information: wine reads a whole PE image into
# memory, its DWARF sections too, and RelWithDebInfo's 130 MB of them would
# count as dbtest's own memory in the tests that measure it.
prefix=$(python3 ci/third_party.py --target mingw | tail -n 1)
cmake -S . -B "$build_dir" -G Ninja --toolchain cmake/toolchains/mingw-w64.cmake \
  -DCMAKE_BUILD_TYPE=Release -DDBTEST_DEPENDENCY_PREFIX="$prefix" \
  -DDBTEST_WITH_POSTGRES=OFF -DDBTEST_WITH_MYSQL=OFF -DDBTEST_BUILD_BENCH=OFF
cmake --build "$build_dir" --parallel "$(nproc)"

# A wine prefix of our own, made once, without Mono or Gecko: nothing here
# needs them, and they cannot be downloaded. Its debugger stays as wine sets
# it (winedbg --auto): a crash then ends the process with its exception code,
# as on Windows; without one wine waits for a person to close a dialog.
export WINEPREFIX="$cache/wine-prefix" WINEDEBUG=-all WINEDLLOVERRIDES="mscoree,mshtml="
if [ ! -f "$WINEPREFIX/.dbtest-ready" ]; then
  wineboot --init >/dev/null 2>&1
  touch "$WINEPREFIX/.dbtest-ready"
fi

# The test programs run straight under wine (their reports named by Windows
# paths: GoogleTest there takes /a/b for a path relative to the folder it
# runs in) rather than one CTest entry
# each: a wine start costs a second, and there are hundreds of entries.
reports="$build_dir/wine-reports"
rm -rf "$reports" && mkdir -p "$reports"
echo "ci/windows.sh: unit tests under wine"
wine "$build_dir/tests/unit/dbtest_unit_tests.exe" --gtest_brief=1 --gtest_output="xml:$(winepath -w "$reports/unit.xml")"
echo "ci/windows.sh: end-to-end tests under wine"
wine "$build_dir/tests/e2e/dbtest_e2e_tests.exe" --gtest_brief=1 --gtest_output="xml:$(winepath -w "$reports/e2e.xml")"

echo "ci/windows.sh: the example shop suite under wine, on two workers"
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
TMP="$scratch" TEMP="$scratch" wine "$build_dir/runner/dbtest.exe" --parallel 2 --migrations examples/shop/migrations \
  --state-dir "$scratch/state" -- "$build_dir/examples/shop/shop_tests.exe" | tee "$reports/shop.txt"
shop=$(tail -n 1 "$reports/shop.txt" | tr -d '\r')
[[ "$shop" == "166 passed, 0 failed, 0 skipped" ]] || { echo "ci/windows.sh: error: the shop suite ended with '$shop'" >&2; exit 1; }
left=$(find "$scratch" -mindepth 1 -not -path "$scratch/state*" | head -n 5)
[ -z "$left" ] || { echo "ci/windows.sh: error: the shop run left files behind: $left" >&2; exit 1; }

python3 ci/lib/gtest_counts.py --prefix "ci/windows.sh: under wine:" \
  "unit tests=$reports/unit.xml" "end-to-end tests=$reports/e2e.xml" \
  --extra "example shop suite 166 passed; not built for Windows: tests/e2e/test_interrupts.cpp (POSIX signals) and the PostgreSQL and MySQL tests (no client libraries for MinGW)"
