#!/bin/sh
# Installs the Debian packages listed in packaging/debian-packages.txt that are
# missing on this machine (Debian bookworm or Raspberry Pi OS). Uses sudo when
# not root. Prints nothing when everything is already there.
#
#   packaging/install-deps.sh           the list without its ":arm64" entries
#   packaging/install-deps.sh --arm64   also the ":arm64" ones (cross build for
#                                       a Raspberry Pi): enables the arm64
#                                       architecture first when needed
set -eu
list="$(dirname "$0")/debian-packages.txt"
arm64=no
[ "${1:-}" = "--arm64" ] && arm64=yes
missing=""
for pkg in $(sed -e 's/#.*//' "$list"); do
  case "$pkg" in
    *:arm64) [ "$arm64" = yes ] || continue ;;
  esac
  status=$(dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null || true)
  case "$status" in
    *" installed") ;;
    *) missing="$missing $pkg" ;;
  esac
done
[ -z "$missing" ] && exit 0
echo "Installing missing Debian packages:$missing"
if [ "$(id -u)" -eq 0 ]; then sudo=""; else sudo="sudo"; fi
case "$missing" in
  *:arm64*)
    if ! dpkg --print-foreign-architectures | grep -qx arm64; then
      echo "Enabling the arm64 architecture (dpkg --add-architecture arm64)"
      $sudo dpkg --add-architecture arm64
    fi
    ;;
esac
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends $missing
