#!/bin/bash
# packaging/debian-packages.txt is the one list of Debian packages; the
# Build-Depends of packaging/debian/control must agree with it:
# - every build dependency is in the list (debhelper-compat: debhelper);
# - for the arm64 cross build, every architecture-dependent -dev package is in
#   the list as PACKAGE:arm64, or comes from scripts/arm64-overlay.sh (the ones
#   that do not co-install), or is Multi-Arch: foreign / Architecture: all
#   (then the amd64 one serves arm64 too).
# Run by scripts/build-deb.sh and by CTest (packaging:build-depends).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
LIST="$ROOT/packaging/debian-packages.txt"
CONTROL="$ROOT/packaging/debian/control"
listed=$(sed -e 's/#.*//' -e 's/[[:space:]]//g' "$LIST" | grep -v '^$')
overlay=$(sed -n 's/^PACKAGES="\(.*\)"$/\1/p' "$ROOT/scripts/arm64-overlay.sh")
# Build-Depends: from the field to the next field, without comments and versions.
deps=$(awk '/^#/ {next} /^Build-Depends:/ {on=1; sub(/^Build-Depends:/, ""); print; next}
            on && /^[ \t]/ {print; next} {on=0}' "$CONTROL" |
       tr ',' '\n' | sed -e 's/([^)]*)//g' -e 's/<[^>]*>//g' -e 's/\[[^]]*\]//g' -e 's/[[:space:]]//g' | grep -v '^$')
fail=0
for dep in $deps; do
  pkg=${dep%%|*}
  [ "$pkg" = debhelper-compat ] && pkg=debhelper
  if ! grep -qx "$pkg" <<< "$listed"; then
    echo "FAIL: Build-Depends has $pkg, packaging/debian-packages.txt does not"
    fail=1
  fi
  case "$pkg" in
    debhelper|cmake|pkg-config) continue ;;   # run on the build machine
  esac
  grep -qx "$pkg:arm64" <<< "$listed" && continue
  grep -qw -- "$pkg" <<< "$overlay" && continue
  fields=$(dpkg-query -W -f='${Architecture} ${Multi-Arch}' "$pkg" 2> /dev/null ||
           apt-cache show --no-all-versions "$pkg" 2> /dev/null | awk '/^Architecture:/ {a=$2} /^Multi-Arch:/ {m=$2} END {print a, m}')
  case "$fields" in
    all*|*foreign) continue ;;
  esac
  echo "FAIL: $pkg is architecture-dependent: list $pkg:arm64 in packaging/debian-packages.txt (or add it to scripts/arm64-overlay.sh)"
  fail=1
done
[ "$fail" = 0 ] && echo "Build-Depends agree with packaging/debian-packages.txt"
exit "$fail"
