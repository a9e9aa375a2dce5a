# Cross-compiling Escale for arm64 (Raspberry Pi 4/5, Raspberry Pi OS 64-bit
# bookworm) on a Debian bookworm amd64 machine, with Debian's packages only:
#   crossbuild-essential-arm64   aarch64-linux-gnu-gcc/g++
#   libfoo-dev:arm64             multiarch: /usr/lib/aarch64-linux-gnu (dpkg --add-architecture arm64)
#   qemu-user-static             runs the arm64 test binaries (CTest, catch_discover_tests)
# Used by the "arm64" preset (CMakePresets.json) and scripts/test-arm64.sh.
set(CMAKE_SYSTEM_NAME Linux)
set(CMAKE_SYSTEM_PROCESSOR aarch64)
set(CMAKE_C_COMPILER aarch64-linux-gnu-gcc)
set(CMAKE_CXX_COMPILER aarch64-linux-gnu-g++)
set(CMAKE_LIBRARY_ARCHITECTURE aarch64-linux-gnu)
# pkgconf's cross personality: arm64 .pc files only.
set(PKG_CONFIG_EXECUTABLE /usr/bin/aarch64-linux-gnu-pkg-config CACHE FILEPATH "pkg-config for arm64")

# The libraries are in /usr/lib/aarch64-linux-gnu of this machine (multiarch),
# not in a separate sysroot: search /usr, but only the arm64 directories.
set(CMAKE_FIND_ROOT_PATH /)
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_PACKAGE ONLY)

# Run arm64 programs (tests, catch_discover_tests) under qemu-user, without
# binfmt_misc (often unusable in containers and CI sandboxes).
# No "-L /usr/aarch64-linux-gnu": that prefix holds crossbuild-essential's
# libc6-arm64-cross (glibc 2.36-8cross1), whose loader then runs with the
# multiarch libc6:arm64 (2.36-9+deb12u…) that the arm64 -dev packages bring:
# two glibc builds mixed, and multi-threaded tests hang (seen: "make_uuid_v4
# does not repeat, even across threads" stuck until its timeout, 0.7 s
# without -L). Without -L, qemu takes /lib/ld-linux-aarch64.so.1 and every
# library from the multiarch directories of this machine: one glibc.
set(CMAKE_CROSSCOMPILING_EMULATOR "/usr/bin/qemu-aarch64-static")

# arm64 -dev packages that cannot be co-installed with the amd64 ones
# (libnfc-dev, libical-dev: scripts/arm64-overlay.sh) are unpacked into an
# overlay whose .pc files go first.
if(DEFINED ENV{ESCALE_ARM64_OVERLAY})
  set(_escale_overlay "$ENV{ESCALE_ARM64_OVERLAY}")
else()
  get_filename_component(_escale_overlay "${CMAKE_CURRENT_LIST_DIR}/../build/arm64-overlay" ABSOLUTE)
endif()
if(EXISTS "${_escale_overlay}/usr/lib/aarch64-linux-gnu/pkgconfig")
  if(NOT "$ENV{PKG_CONFIG_PATH}" MATCHES "arm64-overlay")
    set(ENV{PKG_CONFIG_PATH} "${_escale_overlay}/usr/lib/aarch64-linux-gnu/pkgconfig:$ENV{PKG_CONFIG_PATH}")
  endif()
endif()
