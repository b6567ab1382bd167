#!/usr/bin/env python3
"""Builds the third-party libraries dbtest needs for a target that Debian's
packages do not serve, into a prefix that CMake can be pointed at.

Debian builds its C++ libraries for the host's g++ and libstdc++ only. Two
CI builds need them otherwise:

  libcxx  clang++ -stdlib=libc++ (the generic-POSIX stand-in for macOS,
          ci/posix-clang.sh): GoogleTest, Boost.Filesystem, fmt and toml++
          header-only.
  mingw   64-bit Windows with MinGW-w64's -posix compilers
          (cmake/toolchains/mingw-w64.cmake): GoogleTest, Boost.Filesystem,
          SQLite, and the header-only libraries with their CMake files, as
          the toolchain file looks only inside the prefix.

The prefix is ${DBTEST_CI_CACHE:-$HOME/.cache/dbtest-ci}/<target>/prefix. It
is reused as long as what it was built from (this script, the compilers,
the flags, the Debian source versions) is unchanged, as recorded in
inputs.json beside it; otherwise it is built again. Debian source packages
are fetched with apt-get source into ${cache}/src, shared by the targets.
The packages themselves (compilers, googletest, libboost1.74-dev, tcl8.6
...) are the calling script's to install.

The last line on standard output is the prefix; progress goes to standard
error.
"""

from __future__ import annotations

import argparse
import contextlib
import dataclasses
import fcntl
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Callable, Iterator

SCRIPT = Path(__file__).resolve()
REPO = SCRIPT.parent.parent
MINGW_TOOLCHAIN = REPO / "cmake" / "toolchains" / "mingw-w64.cmake"
DEB_SRC_FILE = Path("/etc/apt/sources.list.d/dbtest-deb-src.sources")


class Failure(Exception):
    """A step failed; the message says which and why."""


def progress(message: str) -> None:
    print(f"third_party.py: {message}", file=sys.stderr, flush=True)


# --- running commands ----------------------------------------------------------


def run(command: list[str], *, cwd: Path | None = None, log: Path | None = None,
        env: dict[str, str] | None = None) -> None:
    """Runs a command; its output goes to `log` (shown in part if it fails)
    or, without one, to standard error."""
    full_env = {**os.environ, **(env or {})}
    if log is None:
        result = subprocess.run(command, cwd=cwd, env=full_env, stdout=sys.stderr, stderr=sys.stderr)
        if result.returncode != 0:
            raise Failure(f"{' '.join(command)} failed with status {result.returncode}")
        return
    with log.open("ab") as out:
        out.write(f"$ {' '.join(command)}\n".encode())
        out.flush()
        result = subprocess.run(command, cwd=cwd, env=full_env, stdout=out, stderr=subprocess.STDOUT)
    if result.returncode != 0:
        tail = log.read_text(errors="replace").splitlines()[-40:]
        raise Failure(f"{' '.join(command)} failed with status {result.returncode}; "
                      f"the end of {log}:\n" + "\n".join(tail))


def output_of(command: list[str]) -> str:
    try:
        return subprocess.run(command, check=True, capture_output=True, text=True).stdout
    except (OSError, subprocess.CalledProcessError) as error:
        raise Failure(f"{' '.join(command)}: {error}") from error


@contextlib.contextmanager
def locked(path: Path) -> Iterator[None]:
    """Holds an exclusive lock on `path` (made if missing): a second run
    waits for the first instead of building the same files beside it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            progress(f"waiting for another run to release {path}")
            fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


# --- Debian packages and their sources -----------------------------------------


@dataclasses.dataclass(frozen=True)
class SourcePackage:
    """The Debian source package an installed binary package was built from,
    at that exact version, so sources and installed headers agree."""

    name: str
    version: str

    @staticmethod
    def of_installed(binary: str) -> "SourcePackage":
        try:
            fields = output_of(["dpkg-query", "-W", "-f=${source:Package} ${source:Version}", binary]).split()
        except Failure as error:
            raise Failure(f"{binary} is not installed; the calling script installs it ({error})") from error
        if len(fields) != 2:
            raise Failure(f"{binary} is not installed; the calling script installs it")
        return SourcePackage(fields[0], fields[1])

    def dsc_name(self) -> str:
        version = self.version.split(":", 1)[-1]  # file names carry no epoch
        return f"{self.name}_{version}.dsc"


def dsc_files(dsc: Path) -> dict[str, str]:
    """The files a .dsc lists, with their SHA-256."""
    files: dict[str, str] = {}
    in_section = False
    for line in dsc.read_text(errors="replace").splitlines():
        if line.startswith("Checksums-Sha256:"):
            in_section = True
        elif in_section and line.startswith(" "):
            digest, _size, name = line.split()
            files[name] = digest
        else:
            in_section = False
    return files


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def have_source(src: Path, package: SourcePackage) -> bool:
    dsc = src / package.dsc_name()
    if not dsc.is_file():
        return False
    files = dsc_files(dsc)
    return bool(files) and all((src / name).is_file() and sha256_of(src / name) == digest
                               for name, digest in files.items())


def deb_src_stanzas(sources: str) -> list[str]:
    """deb822 stanzas of `Types: deb-src` for the `deb` entries of a
    .sources file (deb822)."""
    stanzas = []
    for block in re.split(r"\n\s*\n", sources.strip()):
        fields = [line for line in block.splitlines() if line.strip()]
        types = next((line.split(":", 1)[1].split() for line in fields if line.lower().startswith("types:")), [])
        if "deb" not in types:
            continue
        stanzas.append("\n".join("Types: deb-src" if line.lower().startswith("types:") else line
                                 for line in fields))
    return stanzas


ONE_LINE_OPTIONS = {"arch": "Architectures", "lang": "Languages", "target": "Targets",
                    "signed-by": "Signed-By", "trusted": "Trusted", "check-valid-until": "Check-Valid-Until"}


def deb_src_stanzas_from_list(sources: str) -> list[str]:
    """The same for the one-line `deb [options] URI suite components...`
    entries of a sources.list."""
    stanzas = []
    for line in sources.splitlines():
        line = line.split("#", 1)[0].strip()
        match = re.match(r"deb\s+(?:\[([^\]]*)\]\s+)?(\S+)\s+(\S+)\s*(.*)", line)
        if not match:
            continue
        options, uri, suite, components = match.groups()
        fields = ["Types: deb-src", f"URIs: {uri}", f"Suites: {suite}"]
        if components.strip():
            fields.append(f"Components: {components.strip()}")
        for option in (options or "").split():
            key, _, value = option.partition("=")
            fields.append(f"{ONE_LINE_OPTIONS.get(key, key.title())}: {value.replace(',', ' ')}")
        stanzas.append("\n".join(fields))
    return stanzas


def add_deb_src_lines() -> None:
    """apt-get source needs deb-src lines: they mirror the deb lines there
    are, in a file of their own."""
    stanzas: list[str] = []
    deb822 = Path("/etc/apt/sources.list.d/debian.sources")
    one_line = Path("/etc/apt/sources.list")
    if deb822.is_file():
        stanzas += deb_src_stanzas(deb822.read_text())
    if one_line.is_file():
        stanzas += deb_src_stanzas_from_list(one_line.read_text())
    if not stanzas:
        raise Failure(f"no deb line in {deb822} or {one_line} to make a deb-src line from")
    progress(f"apt has no deb-src line: writing {DEB_SRC_FILE} and running apt-get update")
    DEB_SRC_FILE.write_text("# Written by dbtest's ci/third_party.py: apt-get source needs deb-src lines.\n"
                            + "\n\n".join(stanzas) + "\n")
    run(["apt-get", "update", "-qq"])


def fetch_source(src: Path, package: SourcePackage) -> Path:
    """The source package's files in `src` (downloaded once, kept for every
    target), and the path of its .dsc."""
    with locked(src / ".lock"):
        if not have_source(src, package):
            progress(f"downloading the source of {package.name} {package.version}")
            command = ["apt-get", "source", "--download-only", f"{package.name}={package.version}"]
            result = subprocess.run(command, cwd=src, capture_output=True, text=True)
            if result.returncode != 0 and "deb-src" in result.stderr:
                add_deb_src_lines()
                result = subprocess.run(command, cwd=src, capture_output=True, text=True)
            if result.returncode != 0:
                raise Failure(f"{' '.join(command)} failed:\n{result.stdout}{result.stderr}")
            if not have_source(src, package):
                raise Failure(f"apt-get source left no complete {package.dsc_name()} in {src}")
    return src / package.dsc_name()


def orig_tarball(dsc: Path) -> Path:
    """The upstream tarball a .dsc lists (not its orig-COMPONENT ones)."""
    names = [name for name in dsc_files(dsc) if re.search(r"\.orig\.tar\.[a-z0-9]+$", name)]
    if len(names) != 1:
        raise Failure(f"{dsc} lists no single .orig tarball: {names}")
    return dsc.parent / names[0]


def unpack(tarball: Path, into: Path, *members: str) -> Path:
    """Unpacks `tarball` (only the members matching the wildcards, if any)
    into `into`, and returns its top folder."""
    into.mkdir(parents=True, exist_ok=True)
    wildcards = ["--wildcards", *members] if members else []
    run(["tar", "-xf", str(tarball), "-C", str(into), *wildcards])
    tops = [entry for entry in into.iterdir() if entry.is_dir()]
    if len(tops) != 1:
        raise Failure(f"{tarball} did not unpack into one folder")
    return tops[0]


# --- targets and their parts -----------------------------------------------------


@dataclasses.dataclass
class Target:
    """How code is compiled for one target, and what its prefix holds."""

    name: str
    cc: str
    cxx: str
    ar: str
    cxx_flags: list[str]
    link_flags: list[str]
    cmake_args: list[str]
    parts: list["Part"]

    def compilers_version(self) -> str:
        return output_of([self.cc, "--version"]) + output_of([self.cxx, "--version"])


@dataclasses.dataclass
class Build:
    """What a part's build may use: the target, the prefix, a scratch
    folder, the shared source folder and the number of parallel jobs."""

    target: Target
    prefix: Path
    work: Path
    src: Path
    jobs: int

    def log(self, part: str) -> Path:
        return self.work / f"{part}.log"

    def cmake_project(self, part: str, source: Path, extra: list[str]) -> None:
        """Configures, builds and installs a CMake project into the prefix."""
        build_dir = self.work / part
        generator = ["-G", "Ninja"] if shutil.which("ninja") else []
        run(["cmake", "-S", str(source), "-B", str(build_dir), *generator,
             "-DCMAKE_BUILD_TYPE=Release", f"-DCMAKE_INSTALL_PREFIX={self.prefix}",
             f"-DCMAKE_C_COMPILER={self.target.cc}", f"-DCMAKE_CXX_COMPILER={self.target.cxx}",
             f"-DCMAKE_CXX_FLAGS={' '.join(self.target.cxx_flags)}",
             f"-DCMAKE_EXE_LINKER_FLAGS={' '.join(self.target.link_flags)}",
             *(arg.replace("@PREFIX@", str(self.prefix)) for arg in self.target.cmake_args),
             *extra], log=self.log(part))
        run(["cmake", "--build", str(build_dir), "--parallel", str(self.jobs)], log=self.log(part))
        run(["cmake", "--install", str(build_dir)], log=self.log(part))


@dataclasses.dataclass
class Part:
    """One library in the prefix: what it is built from (for the inputs
    digest) and how."""

    name: str
    sources: Callable[[], dict[str, object]]
    build: Callable[[Build], None]


def write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)


def boost_headers_link(build: Build) -> None:
    # Boost's headers are the same for every target: Debian's, through a
    # link, so that the prefix's include folder is the one include path.
    include = build.prefix / "include"
    include.mkdir(parents=True, exist_ok=True)
    (include / "boost").symlink_to("/usr/include/boost")


def googletest(build: Build) -> None:
    build.cmake_project("googletest", Path("/usr/src/googletest"),
                        ["-DBUILD_GMOCK=ON", "-DINSTALL_GTEST=ON", "-Dgtest_disable_pthreads=OFF",
                         "-DCMAKE_POSITION_INDEPENDENT_CODE=ON"])


def boost_filesystem(build: Build) -> None:
    # Boost.Filesystem alone, compiled from the upstream sources of the Boost
    # whose headers are installed, into a static library; no b2 needed.
    dsc = fetch_source(build.src, SourcePackage.of_installed("libboost1.74-dev"))
    top = unpack(orig_tarball(dsc), build.work / "boost", "*/libs/filesystem/src/*")
    objects = build.work / "boost-objects"
    objects.mkdir()
    sources = sorted((top / "libs" / "filesystem" / "src").glob("*.cpp"))
    progress(f"{build.target.name}: compiling {len(sources)} files of Boost.Filesystem")
    for source in sources:
        run([build.target.cxx, *build.target.cxx_flags, "-std=c++17", "-O2",
             "-DBOOST_FILESYSTEM_STATIC_LINK=1", "-DBOOST_FILESYSTEM_SOURCE", "-DNDEBUG",
             "-isystem", str(build.prefix / "include"), "-c", str(source),
             "-o", str(objects / (source.stem + ".o"))], log=build.log("boost-filesystem"))
    library = build.prefix / "lib" / "libboost_filesystem.a"
    library.parent.mkdir(parents=True, exist_ok=True)
    run([build.target.ar, "rcs", str(library), *sorted(str(o) for o in objects.glob("*.o"))],
        log=build.log("boost-filesystem"))


def boost_config(build: Build) -> None:
    # Where the host has Debian's BoostConfig.cmake, find_package(Boost) would
    # take it, and with it the libstdc++ build of Boost.Filesystem; this one
    # in the prefix comes first on CMAKE_PREFIX_PATH. (The MinGW build looks
    # only inside its prefix, where CMake's FindBoost finds the library.)
    version = SourcePackage.of_installed("libboost1.74-dev").version.split("+")[0].split("-")[0]
    folder = build.prefix / "lib" / "cmake" / f"Boost-{version}"
    write(folder / "BoostConfigVersion.cmake", f"""\
# Written by dbtest's ci/third_party.py.
set(PACKAGE_VERSION "{version}")
set(PACKAGE_VERSION_COMPATIBLE FALSE)
if(NOT PACKAGE_FIND_VERSION VERSION_GREATER PACKAGE_VERSION)
  set(PACKAGE_VERSION_COMPATIBLE TRUE)
  if(PACKAGE_FIND_VERSION VERSION_EQUAL PACKAGE_VERSION)
    set(PACKAGE_VERSION_EXACT TRUE)
  endif()
endif()
""")
    write(folder / "BoostConfig.cmake", f"""\
# Written by dbtest's ci/third_party.py: Boost {version} for {build.target.name},
# Debian's headers (include/boost links to them) and Boost.Filesystem built
# for this target (lib/libboost_filesystem.a). No other compiled component.
get_filename_component(_boost_prefix "${{CMAKE_CURRENT_LIST_DIR}}/../../.." ABSOLUTE)
set(Boost_VERSION "{version}")
set(Boost_INCLUDE_DIRS "${{_boost_prefix}}/include")
if(NOT TARGET Boost::headers)
  add_library(Boost::headers INTERFACE IMPORTED)
  set_target_properties(Boost::headers PROPERTIES INTERFACE_INCLUDE_DIRECTORIES "${{_boost_prefix}}/include")
  add_library(Boost::boost INTERFACE IMPORTED)
  set_target_properties(Boost::boost PROPERTIES INTERFACE_LINK_LIBRARIES Boost::headers)
  add_library(Boost::filesystem STATIC IMPORTED)
  set_target_properties(Boost::filesystem PROPERTIES
    IMPORTED_LOCATION "${{_boost_prefix}}/lib/libboost_filesystem.a"
    INTERFACE_LINK_LIBRARIES Boost::headers)
endif()
set(Boost_headers_FOUND TRUE)
set(Boost_filesystem_FOUND TRUE)
set(Boost_FOUND TRUE)
foreach(_boost_component IN LISTS Boost_FIND_COMPONENTS)
  if(NOT Boost_${{_boost_component}}_FOUND AND Boost_FIND_REQUIRED_${{_boost_component}})
    set(Boost_FOUND FALSE)
    set(Boost_NOT_FOUND_MESSAGE "this prefix has Boost.Filesystem only, not ${{_boost_component}}")
  endif()
endforeach()
""")


def copy_headers(build: Build, folder: str) -> None:
    shutil.copytree(Path("/usr/include") / folder, build.prefix / "include" / folder)


def copy_cmake_config(build: Build, package: str) -> None:
    """A header-only package's own CMake files, into prefix/share/cmake:
    their targets point at the prefix they sit in."""
    configs = [Path(line) for line in output_of(["dpkg", "-L", package]).splitlines()
               if re.search(r"(Config|-config)\.cmake$", line)]
    if len(configs) != 1:
        raise Failure(f"{package} has no single CMake config file: {configs}")
    folder = configs[0].parent
    shutil.copytree(folder, build.prefix / "share" / "cmake" / folder.name)


def fmt_header_only(build: Build) -> None:
    # Debian's libfmt.so is a libstdc++ library: fmt is used header-only.
    copy_headers(build, "fmt")
    write(build.prefix / "lib" / "cmake" / "fmt" / "fmt-config.cmake", """\
# Written by dbtest's ci/third_party.py: fmt header-only (Debian's libfmt.so
# is built for the host's libstdc++).
if(NOT TARGET fmt::fmt)
  get_filename_component(_fmt_prefix "${CMAKE_CURRENT_LIST_DIR}/../../.." ABSOLUTE)
  add_library(fmt::fmt INTERFACE IMPORTED)
  set_target_properties(fmt::fmt PROPERTIES
    INTERFACE_INCLUDE_DIRECTORIES "${_fmt_prefix}/include"
    INTERFACE_COMPILE_DEFINITIONS "FMT_HEADER_ONLY=1")
  add_library(fmt::fmt-header-only INTERFACE IMPORTED)
  set_target_properties(fmt::fmt-header-only PROPERTIES INTERFACE_LINK_LIBRARIES fmt::fmt)
endif()
set(fmt_FOUND TRUE)
""")


def tomlplusplus_header_only(build: Build) -> None:
    # Debian's CMake config for toml++ imports its libtomlplusplus.so, a
    # libstdc++ library: toml++ is used header-only, by a config of our own.
    copy_headers(build, "toml++")
    write(build.prefix / "lib" / "cmake" / "tomlplusplus" / "tomlplusplusConfig.cmake", """\
# Written by dbtest's ci/third_party.py: toml++ header-only (Debian's
# libtomlplusplus.so is built for the host's libstdc++).
if(NOT TARGET tomlplusplus::tomlplusplus)
  get_filename_component(_tomlplusplus_prefix "${CMAKE_CURRENT_LIST_DIR}/../../.." ABSOLUTE)
  add_library(tomlplusplus::tomlplusplus INTERFACE IMPORTED)
  set_target_properties(tomlplusplus::tomlplusplus PROPERTIES
    INTERFACE_INCLUDE_DIRECTORIES "${_tomlplusplus_prefix}/include"
    INTERFACE_COMPILE_DEFINITIONS "TOML_HEADER_ONLY=1")
endif()
set(tomlplusplus_FOUND TRUE)
""")


def header_only_with_config(package: str, folder: str) -> Callable[[Build], None]:
    def build_it(build: Build) -> None:
        copy_headers(build, folder)
        copy_cmake_config(build, package)
    return build_it


def sqlite(build: Build) -> None:
    # The amalgamation (sqlite3.c) is made on the host from the source
    # package's tree (configure and make need tclsh), then compiled for the
    # target.
    if not shutil.which("tclsh"):
        raise Failure("making SQLite's amalgamation needs tclsh (Debian: tcl8.6); the calling script installs it")
    dsc = fetch_source(build.src, SourcePackage.of_installed("libsqlite3-dev"))
    top = unpack(orig_tarball(dsc), build.work / "sqlite")
    progress(f"{build.target.name}: making the SQLite amalgamation")
    host_env = {"CC": "cc", "CFLAGS": "-O2"}
    run(["./configure"], cwd=top, log=build.log("sqlite"), env=host_env)
    run(["make", f"-j{build.jobs}", "sqlite3.c"], cwd=top, log=build.log("sqlite"))
    progress(f"{build.target.name}: compiling SQLite")
    obj = build.work / "sqlite3.o"
    run([build.target.cc, "-O2", "-DSQLITE_THREADSAFE=1", "-c", str(top / "sqlite3.c"), "-o", str(obj)],
        log=build.log("sqlite"))
    (build.prefix / "lib").mkdir(parents=True, exist_ok=True)
    run([build.target.ar, "rcs", str(build.prefix / "lib" / "libsqlite3.a"), str(obj)], log=build.log("sqlite"))
    for header in ("sqlite3.h", "sqlite3ext.h"):
        shutil.copy2(top / header, build.prefix / "include" / header)


def source_of(*binaries: str) -> Callable[[], dict[str, object]]:
    def versions() -> dict[str, object]:
        return {binary: dataclasses.astuple(SourcePackage.of_installed(binary)) for binary in binaries}
    return versions


BOOST_LINK = Part("BoostHeaders", source_of("libboost1.74-dev"), boost_headers_link)
GOOGLETEST = Part("GoogleTest", source_of("googletest"), googletest)
BOOST_FILESYSTEM = Part("BoostFilesystem", source_of("libboost1.74-dev"), boost_filesystem)
FMT = Part("FmtHeaderOnly", source_of("libfmt-dev"), fmt_header_only)
TOMLPLUSPLUS = Part("TomlplusplusHeaderOnly", source_of("libtomlplusplus-dev"), tomlplusplus_header_only)


def targets() -> dict[str, Target]:
    mingw = "x86_64-w64-mingw32"
    return {
        "libcxx": Target(
            name="libcxx", cc="clang", cxx="clang++", ar="ar",
            cxx_flags=["-stdlib=libc++"], link_flags=["-stdlib=libc++"], cmake_args=[],
            parts=[BOOST_LINK, GOOGLETEST, BOOST_FILESYSTEM,
                   Part("BoostConfig", source_of("libboost1.74-dev"), boost_config), FMT, TOMLPLUSPLUS]),
        "mingw": Target(
            name="mingw", cc=f"{mingw}-gcc-posix", cxx=f"{mingw}-g++-posix", ar=f"{mingw}-ar",
            cxx_flags=[], link_flags=[],
            # The prefix is passed as it is to the toolchain file: find_package
            # inside it looks there only.
            cmake_args=[f"--toolchain={MINGW_TOOLCHAIN}", "-DDBTEST_DEPENDENCY_PREFIX=@PREFIX@"],
            parts=[BOOST_LINK, GOOGLETEST, BOOST_FILESYSTEM,
                   Part("SQLite", source_of("libsqlite3-dev"), sqlite),
                   Part("nlohmann_json", source_of("nlohmann-json3-dev"),
                        header_only_with_config("nlohmann-json3-dev", "nlohmann")),
                   Part("CLI11", source_of("libcli11-dev"), header_only_with_config("libcli11-dev", "CLI")),
                   FMT, TOMLPLUSPLUS]),
    }


# --- the cache -------------------------------------------------------------------


def inputs_of(target: Target) -> dict[str, object]:
    """Everything the prefix is built from; a change to any of it means a
    rebuild."""
    return {
        "script": sha256_of(SCRIPT),
        "toolchain": sha256_of(MINGW_TOOLCHAIN) if target.name == "mingw" else None,
        "target": target.name,
        "compilers": target.compilers_version(),
        "cmake": output_of(["cmake", "--version"]).splitlines()[0],
        "cxx_flags": target.cxx_flags,
        "link_flags": target.link_flags,
        "cmake_args": target.cmake_args,
        "parts": [{"part": part.name, **part.sources()} for part in target.parts],
    }


def digest_of(inputs: dict[str, object]) -> str:
    return hashlib.sha256(json.dumps(inputs, sort_keys=True).encode()).hexdigest()


def up_to_date(record: Path, digest: str, prefix: Path) -> bool:
    try:
        return json.loads(record.read_text()).get("digest") == digest and prefix.is_dir()
    except (OSError, ValueError):
        return False


def build_prefix(target: Target, cache: Path, jobs: int, force: bool) -> Path:
    home = cache / target.name
    prefix = home / "prefix"
    record = home / "inputs.json"
    src = cache / "src"
    src.mkdir(parents=True, exist_ok=True)
    with locked(home / ".lock"):
        inputs = inputs_of(target)
        digest = digest_of(inputs)
        if not force and up_to_date(record, digest, prefix):
            progress(f"{target.name}: {prefix} is up to date")
            return prefix
        progress(f"{target.name}: building {prefix}")
        # The record goes first and comes back last: a build cut short
        # leaves none, so the next run starts again.
        record.unlink(missing_ok=True)
        shutil.rmtree(prefix, ignore_errors=True)
        prefix.mkdir(parents=True)
        with tempfile.TemporaryDirectory(prefix="work-", dir=home) as work:
            build = Build(target=target, prefix=prefix, work=Path(work), src=src, jobs=jobs)
            for part in target.parts:
                progress(f"{target.name}: {part.name}")
                part.build(build)
        record.write_text(json.dumps({"digest": digest, "inputs": inputs}, indent=2) + "\n")
        progress(f"{target.name}: {prefix} built")
        return prefix


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0].replace("\n", " "),
        epilog="The cache folder is ${DBTEST_CI_CACHE:-$HOME/.cache/dbtest-ci}. "
               "The last line printed on standard output is the prefix.")
    parser.add_argument("--target", required=True, choices=sorted(targets()),
                        help="libcxx: clang++ with libc++; mingw: 64-bit Windows with MinGW-w64")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1,
                        help="parallel compile jobs (default: the number of CPUs)")
    parser.add_argument("--force", action="store_true", help="rebuild even when the prefix is up to date")
    args = parser.parse_args()
    cache = Path(os.environ.get("DBTEST_CI_CACHE") or Path.home() / ".cache" / "dbtest-ci")
    try:
        prefix = build_prefix(targets()[args.target], cache, max(1, args.jobs), args.force)
    except Failure as error:
        print(f"third_party.py: error: {error}", file=sys.stderr)
        return 1
    print(prefix)
    return 0


if __name__ == "__main__":
    sys.exit(main())
