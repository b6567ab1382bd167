#!/usr/bin/env bash
# CI's stand-in for macOS, where no Apple toolchain is at hand: dbtest's
# generic POSIX files (-DDBTEST_PLATFORM=posix, cmake/Platform.cmake) built
# with clang and libc++ into BUILD_DIR_CLANG (default build-clang), warnings
# as errors, and the whole SQLite test suite run on it (docs/platforms.md).
#
# Without the server engines, and configured, built and tested as if their
# client libraries were not installed (ci/without-engine-libraries.sh): the
# same build is the check that dbtest needs none of them without its engines.
# GoogleTest and Boost.Filesystem for libc++ come from ci/third_party.py,
# which keeps them in a cache between runs.
set -euo pipefail
cd "$(dirname "$0")/.."
build_dir="${BUILD_DIR_CLANG:-build-clang}"

# clang with libc++; the headers dbtest builds with; GoogleTest's sources
# (googletest) and Boost's headers, from which ci/third_party.py builds the
# libc++ libraries (Debian's are libstdc++ builds), xz-utils to unpack
# Boost's sources; util-linux's unshare for ci/without-engine-libraries.sh.
ci/install-deps.sh --packages clang libc++-dev libc++abi-dev cmake ninja-build python3 util-linux xz-utils \
  googletest libboost-dev libsqlite3-dev nlohmann-json3-dev libcli11-dev libfmt-dev libtomlplusplus-dev
prefix=$(python3 ci/third_party.py --target libcxx | tail -n 1)

# CC and the flags count on the first configure of a folder, then CMake's
# cache keeps them.
ci/without-engine-libraries.sh env CC=clang CXX=clang++ CXXFLAGS=-stdlib=libc++ LDFLAGS=-stdlib=libc++ \
  cmake -S . -B "$build_dir" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_PREFIX_PATH="$prefix" \
  -DDBTEST_PLATFORM=posix -DDBTEST_WITH_POSTGRES=OFF -DDBTEST_WITH_MYSQL=OFF -DDBTEST_BUILD_BENCH=OFF \
  -DDBTEST_WERROR=ON
ci/without-engine-libraries.sh cmake --build "$build_dir" --parallel "$(nproc)"
ci/without-engine-libraries.sh ctest --test-dir "$build_dir" --output-on-failure --parallel "$(nproc)" \
  --timeout 600 --output-junit ctest-junit.xml

counts=$(python3 - "$build_dir/ctest-junit.xml" <<'EOF'
import sys, xml.etree.ElementTree as ET
suite = ET.parse(sys.argv[1]).getroot()
tests, skipped = int(suite.get("tests")), int(suite.get("skipped", 0)) + int(suite.get("disabled", 0))
print(f"{tests - skipped} tests passed, {skipped} skipped")
EOF
)
echo "ci/posix-clang.sh: clang/libc++ generic-POSIX build: $counts"
