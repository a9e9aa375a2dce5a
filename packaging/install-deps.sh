#!/bin/sh
# Installs the Debian packages listed in packaging/debian-packages.txt that are
# missing on this machine (Debian bookworm or Raspberry Pi OS). Uses sudo when
# not root. Prints nothing when everything is already there.
set -eu
list="$(dirname "$0")/debian-packages.txt"
missing=""
for pkg in $(sed -e 's/#.*//' "$list"); do
  status=$(dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null || true)
  case "$status" in
    *" installed") ;;
    *) missing="$missing $pkg" ;;
  esac
done
[ -z "$missing" ] && exit 0
echo "Installing missing Debian packages:$missing"
if [ "$(id -u)" -eq 0 ]; then sudo=""; else sudo="sudo"; fi
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends $missing
