#!/bin/bash
# The server's availability under connection floods (issue 14), as packaged:
# the real escale-server under the unit's LimitNOFILE (prlimit), with the
# packaged configuration (packaging/server.example.toml; only the database
# and certificate paths changed, and --listen 127.0.0.1:0), a real database
# with a site and a kiosk token, and a self-signed certificate. Then
# bench_connection_flood floods it (idle and slowloris connections, from one
# and from many addresses) and times /healthz and a kiosk's sync.
#
#   scripts/bench-connection-flood.sh [BUILD] [bench_connection_flood options…]
#
# Environment:
#   SERVER=path   another escale-server (e.g. an older build, for a « before »)
#   CONFIG=path   its configuration file (default: this tree's packaged one)
#   NOFILE=n      descriptor limit instead of the unit's LimitNOFILE
#   BENCH_QUICK=1 fewer timed requests
# Prints the table, then how many lines the server logged meanwhile.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BUILD=build/release
if [ $# -gt 0 ] && [ "${1#-}" = "$1" ]; then BUILD=$1; shift; fi
SERVER=${SERVER:-$ROOT/$BUILD/server/escale-server}
CONFIG=${CONFIG:-$ROOT/packaging/server.example.toml}
BENCH=$ROOT/$BUILD/bench/bench_connection_flood
# The benchmarks are not in the default build (make bench builds them).
[ -x "$BENCH" ] || cmake --build "$ROOT/$BUILD" -j "$(nproc)" --target bench_connection_flood
UNIT=$ROOT/packaging/debian/escale-server.service
NOFILE=${NOFILE:-$(sed -n 's/^LimitNOFILE=//p' "$UNIT")}
[ -n "$NOFILE" ] || { echo "no LimitNOFILE= in $UNIT" >&2; exit 1; }
command -v prlimit > /dev/null || { echo "prlimit is missing (package util-linux)" >&2; exit 1; }
REQUESTS=()
[ -n "${BENCH_QUICK:-}" ] && REQUESTS=(--requests 50)

TMP=$(mktemp -d)
SERVER_PID=""
# shellcheck disable=SC2317 # run by the EXIT trap
cleanup() {
  if [ -n "$SERVER_PID" ] && kill -0 "$SERVER_PID" 2> /dev/null; then
    kill -TERM "$SERVER_PID"
    wait "$SERVER_PID" || true
  fi
  rm -rf "$TMP"
}
trap cleanup EXIT

DB="$TMP/escale-server.db"
"$SERVER" init --db "$DB" > /dev/null
"$SERVER" site add --db "$DB" --name "Tiers-lieu du banc d'essai" --insee 21425 --hours "24/7" > /dev/null
TOKEN=$("$SERVER" kiosk add --db "$DB" --site 1 --name banc --print-token | tail -n 1)
"$SERVER" tls self-signed --cert "$TMP/server.crt" --key "$TMP/server.key" --name localhost --ip 127.0.0.1 > /dev/null
sed -e "s|^database = .*|database = \"$DB\"|" \
  -e "s|^certificate = .*|certificate = \"$TMP/server.crt\"|" \
  -e "s|^private_key = .*|private_key = \"$TMP/server.key\"|" "$CONFIG" > "$TMP/server.toml"

prlimit --nofile="$NOFILE:$NOFILE" "$SERVER" serve --config "$TMP/server.toml" --listen 127.0.0.1:0 \
  > "$TMP/server.out" 2> "$TMP/server.log" &
SERVER_PID=$!
PORT=""
for _ in $(seq 100); do
  PORT=$(sed -n 's|.*listening on https://127\.0\.0\.1:\([0-9]*\).*|\1|p' "$TMP/server.out")
  [ -n "$PORT" ] && break
  kill -0 "$SERVER_PID" 2> /dev/null || { cat "$TMP/server.log"; echo "escale-server did not start" >&2; exit 1; }
  sleep 0.1
done
[ -n "$PORT" ] || { echo "escale-server did not say where it listens" >&2; exit 1; }
echo "server: $SERVER, descriptor limit $(prlimit --pid "$SERVER_PID" --nofile --noheadings --output SOFT), port $PORT"

cpu_ticks() { awk '{print $14 + $15}' "/proc/$SERVER_PID/stat"; }
T0=$(cpu_ticks)
START=$(date +%s)
status=0
"$BENCH" --port "$PORT" --ca "$TMP/server.crt" --token "$TOKEN" "${REQUESTS[@]}" "$@" || status=$?
echo "server CPU: $(awk -v t="$(($(cpu_ticks) - T0))" -v hz="$(getconf CLK_TCK)" 'BEGIN {printf "%.1f", t / hz}') s over the $(($(date +%s) - START)) s run; load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "server log: $(wc -l < "$TMP/server.log") lines during the run, $(grep -c 'accept failed' "$TMP/server.log" || true) about failed accepts"
grep -m 3 -e 'http: ' "$TMP/server.log" | cut -c 1-300 || true
exit $status
