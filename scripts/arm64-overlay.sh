#!/bin/bash
# The arm64 -dev packages that cannot be installed beside their amd64 twins.
#
# Most of Debian's -dev packages are "Multi-Arch: same": libsdl2-dev:arm64 and
# libsdl2-dev (amd64) co-install (packaging/debian-packages.txt lists the arm64
# ones with ":arm64"). Header-only or arch-all ones (nlohmann-json3-dev,
# libcli11-dev, catch2: Multi-Arch foreign) serve both architectures as they are.
# Three do not co-install, because they depend on a -dev package that is not
# Multi-Arch: same:
#   libnfc-dev   -> libusb-dev (libusb 0.1)
#   libical-dev  -> libdb-dev -> libdb5.3-dev
# Installing them for arm64 would remove the amd64 ones. Instead this script
# downloads the arm64 .debs of libnfc-dev, libical-dev and libusb-dev with
# apt-get download and unpacks them into build/arm64-overlay (not into /usr):
# their .pc files, rewritten to point into the overlay, go first in
# PKG_CONFIG_PATH, and their libfoo.so links point at the arm64 runtime
# libraries (libnfc6:arm64, libical3:arm64, libusb-0.1-4:arm64, which do
# co-install and are in packaging/debian-packages.txt).
#
#   scripts/arm64-overlay.sh [DIR]     (default build/arm64-overlay)
# Prints the overlay's pkg-config directory. Does nothing when it is there.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
DIR=${1:-$ROOT/build/arm64-overlay}
PCDIR="$DIR/usr/lib/aarch64-linux-gnu/pkgconfig"
PACKAGES="libnfc-dev libical-dev libusb-dev"
if [ -f "$DIR/.complete" ]; then
  echo "$PCDIR"
  exit 0
fi
rm -rf "$DIR"
mkdir -p "$DIR/debs"
(cd "$DIR/debs" && apt-get download -q $(printf '%s:arm64 ' $PACKAGES) >&2) || {
  echo "apt-get download failed: is arm64 enabled (dpkg --add-architecture arm64; apt-get update)?" >&2
  exit 1
}
for deb in "$DIR"/debs/*.deb; do
  dpkg-deb -x "$deb" "$DIR"
done
# .pc files: prefix=/usr -> prefix=$DIR/usr
for pc in "$PCDIR"/*.pc; do
  sed -i "s|^prefix=/usr\$|prefix=$DIR/usr|" "$pc"
done
# libfoo.so -> libfoo.so.N (relative, into the overlay) -> the installed arm64 runtime library.
for link in "$DIR"/usr/lib/aarch64-linux-gnu/*.so; do
  [ -L "$link" ] || continue
  target=$(readlink "$link")
  case "$target" in
    /*) ;;
    *) ln -sf "/usr/lib/aarch64-linux-gnu/$target" "$link" ;;
  esac
  [ -e "$link" ] || echo "warning: $link -> $(readlink "$link") is missing (install the arm64 runtime package)" >&2
done
touch "$DIR/.complete"
echo "$PCDIR"
