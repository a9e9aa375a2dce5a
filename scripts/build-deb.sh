#!/bin/bash
# Builds the escale-server and escale-kiosk .debs (make deb, make deb-arm64).
#
#   scripts/build-deb.sh [amd64|arm64]      (default: this machine's architecture)
#   scripts/build-deb.sh --with-tests       this machine's .debs, and the whole test
#                                           suite built and run in the same build
#                                           (dh_auto_test; `make test` as root)
#
# 1. Copies a clean export of the source tree (everything but build/, .git and
#    what .gitignore ignores) into build/deb-ARCH/escale-VERSION/, with
#    packaging/debian as debian/.
# 2. dpkg-buildpackage -us -uc -b (and -a arm64 to cross-build for a Raspberry
#    Pi with crossbuild-essential-arm64 and the arm64 -dev packages).
# The .debs land in build/deb-ARCH/. Benchmarks are never built; tests only
# with --with-tests (DEB_BUILD_OPTIONS without nocheck: packaging/debian/rules).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
HOST_ARCH=$(dpkg --print-architecture)
WITH_TESTS=0
if [ "${1:-}" = --with-tests ]; then WITH_TESTS=1; shift; fi
ARCH=${1:-$HOST_ARCH}
if [ "$WITH_TESTS" = 1 ] && [ "$ARCH" != "$HOST_ARCH" ]; then
  echo "--with-tests builds this machine's packages only ($HOST_ARCH); the arm64 tests are make test-arm64" >&2
  exit 2
fi
JOBS=${JOBS:-2}
case "$ARCH" in amd64|arm64) ;; *) echo "usage: $0 [amd64|arm64]" >&2; exit 2 ;; esac

"$ROOT/tests/packaging/check-build-depends.sh"

VERSION=$(dpkg-parsechangelog -l "$ROOT/packaging/debian/changelog" -S Version)
OUT="$ROOT/build/deb-$ARCH"
SRC="$OUT/escale-$VERSION"
rm -rf "$OUT"
mkdir -p "$SRC"
tar -C "$ROOT" --exclude=./build --exclude=./.git --exclude=./.cache \
    --exclude=compile_commands.json --exclude=__pycache__ -cf - . | tar -C "$SRC" -xf -
cp -r "$ROOT/packaging/debian" "$SRC/debian"

if [ "$WITH_TESTS" = 1 ]; then
  export DEB_BUILD_OPTIONS="parallel=$JOBS ${DEB_BUILD_OPTIONS:-}"
else
  export DEB_BUILD_OPTIONS="nocheck parallel=$JOBS ${DEB_BUILD_OPTIONS:-}"
fi
TIMEFORMAT="dpkg-buildpackage ($ARCH): %0R s wall, %0U s user + %0S s sys CPU"
cd "$SRC"
if [ "$ARCH" = "$HOST_ARCH" ]; then
  if ! time dpkg-buildpackage -us -uc -b > "$OUT/build.log" 2>&1; then
    # A failed test: ctest's own report (each failed test's output, then the list).
    if [ "$WITH_TESTS" = 1 ] && grep -q '^Test project ' "$OUT/build.log"; then
      sed -n '/^Test project /,$p' "$OUT/build.log" | grep -v '^ *[0-9]*/[0-9]* Test *#[0-9]*: .* Passed '
    else
      tail -40 "$OUT/build.log"
    fi
    exit 1
  fi
  if [ "$WITH_TESTS" = 1 ]; then
    # The suite's summary (the whole of it is in the log).
    sed -n '/^Test project /p; /tests passed, /,/^Total Test time/p' "$OUT/build.log"
  fi
else
  # libnfc-dev and libical-dev cannot be installed for arm64 beside their amd64
  # twins (scripts/arm64-overlay.sh explains): they come from the overlay, so
  # dpkg-buildpackage must not check the build dependencies itself (-d);
  # check the others here.
  overlay_pc=$("$ROOT/scripts/arm64-overlay.sh")
  export PKG_CONFIG_PATH="$overlay_pc${PKG_CONFIG_PATH:+:$PKG_CONFIG_PATH}"
  missing=$(dpkg-checkbuilddeps -a "$ARCH" 2>&1 | sed -n 's/.*Unmet build dependencies: //p' |
            tr ' ' '\n' | grep -v -e '^libnfc-dev' -e '^libical-dev' -e '^$' -e '^(' -e ')$' || true)
  if [ -n "$missing" ]; then
    echo "Missing arm64 build dependencies: $missing (packaging/install-deps.sh --arm64)" >&2
    exit 1
  fi
  time dpkg-buildpackage -us -uc -b -a "$ARCH" -d > "$OUT/build.log" 2>&1 || { tail -40 "$OUT/build.log"; exit 1; }
fi
echo "Built (log: $OUT/build.log):"
ls -1 "$OUT"/*.deb | sed 's/^/  /'

# lintian: errors fail the build; warnings and notes are shown.
if command -v lintian > /dev/null; then
  lintian --tag-display-limit 0 "$OUT"/escale-server_*.deb "$OUT"/escale-kiosk_*.deb > "$OUT/lintian.log" 2>&1 || true
  if [ -s "$OUT/lintian.log" ]; then sed 's/^/  lintian: /' "$OUT/lintian.log"; else echo "  lintian: clean"; fi
  if grep -q '^E: ' "$OUT/lintian.log"; then echo "lintian found errors" >&2; exit 1; fi
fi
