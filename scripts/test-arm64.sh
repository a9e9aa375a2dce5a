#!/bin/bash
# Builds Escale for arm64 (Raspberry Pi) with Debian's cross compiler and runs
# the unit tests under qemu-user (make test-arm64).
#
# The cross build: cmake/toolchain-aarch64.cmake and the "arm64" preset
# (build/arm64), the arm64 -dev packages of packaging/debian-packages.txt
# (":arm64" entries, installed by packaging/install-deps.sh --arm64) and
# build/arm64-overlay for the two that do not co-install (scripts/arm64-overlay.sh).
# The tests: CTest and Catch2's test discovery run each arm64 test program
# through CMAKE_CROSSCOMPILING_EMULATOR (qemu-aarch64-static, no binfmt_misc
# needed; why without -L: cmake/toolchain-aarch64.cmake).
#
# Not built, not run, on arm64 (they run on amd64 in `make test`):
# - test_integration: it starts escale-server, escale-kiosk and pn532-emulator
#   as child processes; without binfmt_misc (unusable in containers and CI
#   sandboxes) the kernel cannot exec an arm64 program from inside qemu.
# - test_browser: the same (it starts escale-server), and it drives Chromium.
# - in test_nfc, "pn532 emulator: the pn532-emulator command": it starts the arm64
#   pn532-emulator program, same reason. (nfc-list and nfc-poll, which the
#   other test_nfc cases start, are this machine's own amd64 programs: they run.)
# - test_server's "notifier: a program that does not exist": qemu-user runs
#   posix_spawn's clone(CLONE_VM|CLONE_VFORK) as a plain fork, so the failed
#   exec is not reported to the parent (it sees an exit status instead of
#   ENOENT). A qemu limitation, not an arm64 one.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
JOBS=${JOBS:-2}
TARGETS="test_shared test_server test_kiosk test_nfc pn532-emulator escale-server escale-kiosk"
EXCLUDE='^test_integration|^test_browser|^test_nfc:pn532 emulator: the pn532-emulator command$|^test_server:notifier: a program that does not exist$'

packaging/install-deps.sh --arm64
scripts/arm64-overlay.sh > /dev/null
cmake --preset arm64 > /dev/null
TIMEFORMAT="test-arm64: build %0R s wall, %0U s user + %0S s sys CPU"
time cmake --build --preset arm64 -j "$JOBS" --target $TARGETS
TIMEFORMAT="test-arm64: tests under qemu %0R s wall, %0U s user + %0S s sys CPU"
time ctest --preset arm64 -j "$JOBS" -E "$EXCLUDE"
