#!/bin/bash
# Installs the amd64 .debs on this machine and checks them, from install to
# purge (make test-packages). Needs root (apt-get, runuser) on Debian bookworm;
# without systemd as PID 1 the units are enabled but not started.
#
#   scripts/test-packages.sh [DEB_DIR]     (default build/deb-amd64, built if empty)
#
# 1. lintian on both .debs: any error fails (warnings are printed).
# 2. apt-get install ./escale-server_*.deb ./escale-kiosk_*.deb
# 3. files, conffiles, users and groups, directories and their owners, units
#    enabled, udev rule, the TLS certificate made by the postinst;
#    escale-server --version / init (as escale, on the packaged database path);
#    the installed server serving on loopback and the installed kiosk run
#    headless against it from /etc/escale/kiosk.toml as escale-kiosk (a
#    screenshot of the attract screen).
# 4. upgrade (a later version of the same files): a changed
#    /etc/escale/server.toml and the database are kept.
# 5. apt-get remove: programs gone, configuration and data kept.
# 6. apt-get purge: nothing of Escale left (/etc/escale, /var/lib/escale,
#    users, groups, udev rule, unit links).
# Safe to re-run: it purges what it installed, also on failure. It refuses to
# run where escale-server or escale-kiosk is already installed (a real
# installation), unless ESCALE_TEST_PACKAGES_FORCE=1.
set -uo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
DEBS=${1:-$ROOT/build/deb-amd64}
ARCH=$(dpkg --print-architecture)
export DEBIAN_FRONTEND=noninteractive
APT=(apt-get -y -q -o DPkg::Lock::Timeout=600)
TMP=$(mktemp -d /tmp/escale-test-packages.XXXXXX)
chmod 0755 "$TMP"
SERVER_PID=""
failures=0
start=$(date +%s)

ok()   { echo "  ok   $*"; }
fail() { echo "  FAIL $*"; failures=$((failures + 1)); }
check() { local what=$1; shift; if "$@" > /dev/null 2>&1; then ok "$what"; else fail "$what"; fi; }
section() { echo "== $*"; }
owner_mode() { stat -c '%U:%G %a' "$1" 2> /dev/null; }

purge_all() {
  local installed
  installed=$(dpkg-query -W -f='${Package} ${Status}\n' escale-server escale-kiosk 2> /dev/null |
              awk '$NF != "not-installed" {print $1}')
  [ -n "$installed" ] && "${APT[@]}" purge $installed > "$TMP/purge-first.log" 2>&1
  return 0
}
stop_server() {
  if [ -n "$SERVER_PID" ] && kill -0 "$SERVER_PID" 2> /dev/null; then
    kill -TERM "$SERVER_PID"; wait "$SERVER_PID" 2> /dev/null
  fi
  SERVER_PID=""
}
finish() {
  stop_server
  if [ "$failures" != 0 ]; then
    echo "Logs in $TMP. Purging the packages so that the machine is clean…"
    purge_all
    echo "test-packages: FAIL ($failures checks failed, $(( $(date +%s) - start )) s)"
    exit 1
  fi
  rm -rf "$TMP"
  echo "test-packages: PASS ($(( $(date +%s) - start )) s)"
}
trap finish EXIT

if [ "$(id -u)" != 0 ]; then
  echo "test-packages: needs root (apt-get install, runuser): sudo $0" >&2
  failures=1; exit 1
fi

section "packages in $DEBS"
# Build them when missing, or when a source file changed since (a stale .deb
# would test old code). Only for the default folder, not for a DEB_DIR given.
newer=""
if [ -z "${1:-}" ] && ls "$DEBS"/escale-server_*_"$ARCH".deb > /dev/null 2>&1; then
  newer=$(find "$ROOT" -path "$ROOT/build" -prune -o -path "$ROOT/.git" -prune -o -type f \
            -newer "$(ls -1 "$DEBS"/escale-server_*_"$ARCH".deb | tail -1)" -print -quit)
  [ -n "$newer" ] && echo "  $newer changed since the .debs were built: building them again"
fi
if [ -n "$newer" ] || ! ls "$DEBS"/escale-server_*_"$ARCH".deb > /dev/null 2>&1; then
  "$ROOT/scripts/build-deb.sh" "$ARCH" || { fail "build the .debs"; exit 1; }
  DEBS=$ROOT/build/deb-$ARCH
fi
SERVER_DEB=$(ls -1 "$DEBS"/escale-server_*_"$ARCH".deb | tail -1)
KIOSK_DEB=$(ls -1 "$DEBS"/escale-kiosk_*_"$ARCH".deb | tail -1)
VERSION=$(dpkg-deb -f "$SERVER_DEB" Version)
echo "  $SERVER_DEB"; echo "  $KIOSK_DEB"

section "lintian"
lintian_log="$TMP/lintian.log"
lintian --tag-display-limit 0 "$SERVER_DEB" "$KIOSK_DEB" > "$lintian_log" 2>&1
sed 's/^/  /' "$lintian_log"
if grep -q '^E: ' "$lintian_log"; then fail "lintian: errors"; else ok "lintian: no errors"; fi

section "install"
# Never purge an Escale that was installed before this test (a real kiosk or
# server): this test leaves nothing installed behind it, even when it fails,
# so packages found here are someone's, unless a run was killed half-way.
already=$(dpkg-query -W -f='${Package} ${Status}\n' escale-server escale-kiosk 2> /dev/null |
          awk '$NF != "not-installed" {print $1}' | tr '\n' ' ')
if [ -n "$already" ] && [ "${ESCALE_TEST_PACKAGES_FORCE:-0}" != 1 ]; then
  echo "  $already already installed on this machine: not touching it."
  echo "  (After a test run that was killed: ESCALE_TEST_PACKAGES_FORCE=1 $0 purges them first.)"
  failures=1; trap - EXIT; echo "test-packages: FAIL (Escale already installed)"; exit 1
fi
purge_all
if "${APT[@]}" install "$SERVER_DEB" "$KIOSK_DEB" > "$TMP/install.log" 2>&1; then
  ok "apt-get install ./escale-server ./escale-kiosk"
else
  fail "apt-get install (see $TMP/install.log)"; tail -20 "$TMP/install.log"; exit 1
fi
grep -i "escale" "$TMP/install.log" | grep -iv "^\(Get\|Selecting\|Preparing\|Unpacking\|Setting up\|Note\)" | sed 's/^/  | /'

section "files"
for f in /usr/bin/escale-server /usr/bin/escale-kiosk; do check "$f executable" test -x "$f"; done
check "/etc/escale/server.toml is the packaged example" cmp /etc/escale/server.toml "$ROOT/packaging/server.example.toml"
check "/etc/escale/kiosk.toml installed" test -s /etc/escale/kiosk.toml
check "server.toml is a conffile" grep -q ' /etc/escale/server.toml ' <<< "$(dpkg-query -W -f='${Conffiles}\n' escale-server) "
check "kiosk.toml is a conffile" grep -q ' /etc/escale/kiosk.toml ' <<< "$(dpkg-query -W -f='${Conffiles}\n' escale-kiosk) "
for unit in escale-server escale-kiosk; do
  check "$unit.service installed" test -f "/lib/systemd/system/$unit.service"
  check "$unit.service enabled (multi-user.target.wants)" test -L "/etc/systemd/system/multi-user.target.wants/$unit.service"
done
check "udev rule /lib/udev/rules.d/60-escale-kiosk.rules" test -f /lib/udev/rules.d/60-escale-kiosk.rules
check "libnfc6's USB reader rule (plugdev) present" grep -q 'GROUP="plugdev"' /lib/udev/rules.d/93-pn53x.rules
check "libnfc6's pn533_usb blacklist present" grep -qx 'blacklist pn533_usb' /etc/modprobe.d/blacklist-libnfc.conf
check "fonts-dejavu-core's DejaVu Sans present" test -f /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf

section "users, groups, directories"
check "system user escale" getent passwd escale
check "system user escale-kiosk" getent passwd escale-kiosk
[ "$(getent passwd escale | cut -d: -f7)" = /usr/sbin/nologin ] && ok "escale: no login shell" || fail "escale's shell: $(getent passwd escale | cut -d: -f7)"
kiosk_groups=" $(id -nG escale-kiosk 2> /dev/null) "
for g in video render input plugdev dialout lp; do
  if getent group "$g" > /dev/null; then
    case "$kiosk_groups" in *" $g "*) ok "escale-kiosk in group $g" ;; *) fail "escale-kiosk not in group $g" ;; esac
  else
    echo "  skip group $g: not on this system"
  fi
done
[ "$(owner_mode /var/lib/escale/server)" = "escale:escale 750" ] && ok "/var/lib/escale/server escale:escale 750" || fail "/var/lib/escale/server: $(owner_mode /var/lib/escale/server)"
[ "$(owner_mode /var/lib/escale/kiosk)" = "escale-kiosk:escale-kiosk 750" ] && ok "/var/lib/escale/kiosk escale-kiosk:escale-kiosk 750" || fail "/var/lib/escale/kiosk: $(owner_mode /var/lib/escale/kiosk)"

section "TLS certificate from the postinst"
if /usr/bin/escale-server tls self-signed --help 2> /dev/null | grep -q -- '--cert'; then
  check "/etc/escale/tls/server.crt" test -s /etc/escale/tls/server.crt
  [ "$(owner_mode /etc/escale/tls/server.key)" = "root:escale 640" ] && ok "server.key root:escale 640" || fail "server.key: $(owner_mode /etc/escale/tls/server.key)"
  check "the certificate parses" openssl x509 -in /etc/escale/tls/server.crt -noout
else
  echo "  skip: this escale-server has no « tls self-signed » command yet (the postinst said so and went on)"
fi

section "escale-server"
v=$(/usr/bin/escale-server --version 2>&1)
[ "$v" = "escale-server $VERSION" ] && ok "--version: $v" || fail "--version: '$v', expected 'escale-server $VERSION'"
DB=/var/lib/escale/server/escale-server.db
if runuser -u escale -- /usr/bin/escale-server init --db "$DB" > "$TMP/init.log" 2>&1; then ok "init as escale on $DB"; else fail "init as escale"; cat "$TMP/init.log"; fi
[ "$(stat -c %U "$DB" 2> /dev/null)" = escale ] && ok "database owned by escale" || fail "database owner: $(stat -c %U "$DB" 2>&1)"
# Open all the time: the kiosk's screen sleeps outside opening hours.
runuser -u escale -- /usr/bin/escale-server site add --db "$DB" --name "Tiers-lieu du paquet" --insee 21425 \
  --hours "Mo-Su 00:00-24:00" > "$TMP/site.log" 2>&1 || { fail "site add"; cat "$TMP/site.log"; }
runuser -u escale -- /usr/bin/escale-server kiosk add --db "$DB" --site 1 --name entrée > "$TMP/kiosk-add.log" 2>&1 ||
  { fail "kiosk add"; cat "$TMP/kiosk-add.log"; }
# The kiosk's credentials: a token (esk_…) in /etc/escale/kiosk.token, or,
# with enrolment, a one-time code in /etc/escale/kiosk.toml's enrolment_code.
KIOSK_AUTH=()
token=$(grep -o 'esk_[A-Za-z0-9_-]*' "$TMP/kiosk-add.log" | tail -1 || true)
code=$(sed -n 's/^Enrolment code[^:]*: *\([A-Z0-9-]*\).*/\1/p' "$TMP/kiosk-add.log")
if [ -n "$token" ]; then
  install -m 0640 -o root -g escale-kiosk /dev/null /etc/escale/kiosk.token
  echo "$token" > /etc/escale/kiosk.token
  KIOSK_AUTH=(--token-file /etc/escale/kiosk.token)
  ok "kiosk token in /etc/escale/kiosk.token"
elif [ -n "$code" ] && grep -q '^enrolment_code *=' /etc/escale/kiosk.toml; then
  sed -i "s/^enrolment_code *=.*/enrolment_code = \"$code\"/" /etc/escale/kiosk.toml
  ok "enrolment code $code in /etc/escale/kiosk.toml"
else
  fail "kiosk add gave neither a token nor an enrolment code the kiosk.toml can take"
fi
runuser -u escale -- /usr/bin/escale-server serve --db "$DB" --listen 127.0.0.1:0 > "$TMP/server.out" 2> "$TMP/server.log" &
SERVER_PID=$!
URL=""
for _ in $(seq 100); do
  URL=$(grep -o 'https\?://127\.0\.0\.1:[0-9]*' "$TMP/server.out" || true)
  [ -n "$URL" ] && break
  kill -0 "$SERVER_PID" 2> /dev/null || break
  sleep 0.1
done
[ -n "$URL" ] && ok "serve as escale: $URL" || { fail "serve did not start"; cat "$TMP/server.log"; }
# HTTPS with the postinst's self-signed certificate: the kiosk trusts it
# through ca_file, as docs/deployment.md tells installers (a copy the kiosk's
# user may read: /etc/escale/tls is root:escale 0750).
case "$URL" in
  https://*)
    ok "the packaged configuration serves HTTPS"
    install -m 0644 /etc/escale/tls/server.crt "$TMP/server.crt"
    KIOSK_AUTH+=(--ca-file "$TMP/server.crt") ;;
  *) fail "the packaged configuration should serve HTTPS ([tls] in server.toml): $URL" ;;
esac

section "escale-kiosk"
v=$(/usr/bin/escale-kiosk --version 2>&1)
[ "$v" = "escale-kiosk $VERSION" ] && ok "--version: $v" || fail "--version: '$v', expected 'escale-kiosk $VERSION'"
if [ -n "$URL" ]; then
  SHOTS="$TMP/shots"
  install -d -o escale-kiosk -g escale-kiosk "$SHOTS"
  : > "$TMP/attract.kscript"
  if [ -n "$code" ] && [ -z "$token" ]; then
    # Enrolment from the configuration's code, at start.
    printf '%s\n' 'wait-text "Borne inscrite" 30s' 'screenshot enrolled.png' 'tap "Commencer"' >> "$TMP/attract.kscript"
  fi
  cat >> "$TMP/attract.kscript" <<'KSCRIPT'
# The installed kiosk, synced with the installed server, shows its site.
sync 20s
expect-screen attract
expect "Tiers-lieu du paquet"
screenshot attract.png
quit
KSCRIPT
  chmod 0644 "$TMP/attract.kscript"
  # /etc/escale/kiosk.toml as installed; on the command line what this test
  # must set whatever the packaged example says: the server (on a free port),
  # its credentials, the database in the kiosk's state directory, no NFC hardware.
  if runuser -u escale-kiosk -- /usr/bin/escale-kiosk --config /etc/escale/kiosk.toml --server "$URL" \
       "${KIOSK_AUTH[@]}" --db /var/lib/escale/kiosk/kiosk.db --reader sim \
       --headless --script "$TMP/attract.kscript" --shots "$SHOTS" \
       > "$TMP/kiosk.out" 2> "$TMP/kiosk.log"; then
    ok "headless kiosk as escale-kiosk: attract screen of « Tiers-lieu du paquet »"
  else
    fail "headless kiosk (see $TMP/kiosk.log)"; tail -n 5 "$TMP/kiosk.log" "$TMP/kiosk.out"
  fi
  check "screenshot attract.png (PNG)" grep -q PNG <(head -c 8 "$SHOTS/attract.png")
fi
stop_server

section "upgrade"
echo "# test-packages: a local change" >> /etc/escale/server.toml
sum_before=$(md5sum < /etc/escale/server.toml)
# The same packages with a later version: dpkg runs the upgrade path
# (prerm upgrade, postinst configure OLD-VERSION) and decides about conffiles.
NEXT="$VERSION+test1"
mkdir -p "$TMP/repack"
for deb in "$SERVER_DEB" "$KIOSK_DEB"; do
  d="$TMP/repack/$(basename "$deb" .deb)"
  dpkg-deb -R "$deb" "$d"
  sed -i "s/^Version: .*/Version: $NEXT/" "$d/DEBIAN/control"
  dpkg-deb -b -Zxz "$d" "$TMP/$(basename "$deb" | sed "s/_${VERSION}_/_${NEXT}_/")" > /dev/null
done
if "${APT[@]}" install "$TMP"/escale-server_*+test1_*.deb "$TMP"/escale-kiosk_*+test1_*.deb > "$TMP/upgrade.log" 2>&1; then
  ok "apt-get install (upgrade to $NEXT)"
else
  fail "upgrade (see $TMP/upgrade.log)"; tail -20 "$TMP/upgrade.log"
fi
[ "$(dpkg-query -W -f='${Version}' escale-server)" = "$NEXT" ] && ok "escale-server is $NEXT" || fail "escale-server version after upgrade"
[ "$(md5sum < /etc/escale/server.toml)" = "$sum_before" ] && ok "modified /etc/escale/server.toml kept" || fail "/etc/escale/server.toml changed by the upgrade"
check "database kept" test -s "$DB"
if [ -n "$token" ]; then
  check "kiosk.token kept" test -s /etc/escale/kiosk.token
else
  # The kiosk's enrolment lives in its database: after the upgrade it starts
  # on the attract screen, not on the first-run screen (even offline).
  printf '%s\n' 'expect-screen attract' 'quit' > "$TMP/enrolled.kscript"
  chmod 0644 "$TMP/enrolled.kscript"
  check "kiosk still enrolled after the upgrade" runuser -u escale-kiosk -- /usr/bin/escale-kiosk \
    --config /etc/escale/kiosk.toml --server "$URL" --db /var/lib/escale/kiosk/kiosk.db --reader sim \
    --headless --script "$TMP/enrolled.kscript" --shots "$TMP/shots"
fi

section "remove"
"${APT[@]}" remove escale-server escale-kiosk > "$TMP/remove.log" 2>&1 && ok "apt-get remove" || fail "apt-get remove"
check "/usr/bin/escale-server gone" test ! -e /usr/bin/escale-server
check "/usr/bin/escale-kiosk gone" test ! -e /usr/bin/escale-kiosk
check "/etc/escale/server.toml kept" test -f /etc/escale/server.toml
check "/etc/escale/kiosk.toml kept" test -f /etc/escale/kiosk.toml
check "database kept" test -s "$DB"
check "user escale kept" getent passwd escale

section "purge"
"${APT[@]}" purge escale-server escale-kiosk > "$TMP/purge.log" 2>&1 && ok "apt-get purge" || fail "apt-get purge"
for p in /etc/escale /var/lib/escale /lib/udev/rules.d/60-escale-kiosk.rules \
         /etc/systemd/system/multi-user.target.wants/escale-server.service \
         /etc/systemd/system/multi-user.target.wants/escale-kiosk.service \
         /lib/systemd/system/escale-server.service /lib/systemd/system/escale-kiosk.service; do
  check "$p gone" test ! -e "$p"
done
for u in escale escale-kiosk; do
  check "user $u gone" test -z "$(getent passwd "$u")"
  check "group $u gone" test -z "$(getent group "$u")"
done
left=$(dpkg-query -W -f='${Package} ${Status}\n' escale-server escale-kiosk 2> /dev/null | grep -v not-installed || true)
[ -z "$left" ] && ok "dpkg knows nothing of them" || fail "dpkg still lists: $left"
