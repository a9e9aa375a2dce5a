#!/bin/bash
# The server's request path under load (docs/PERFORMANCE.md, « Request path »):
# 1. wrk against /healthz of escale-server and against a bare Beast server
#    (bench/bare_beast_server.cpp, answering 200 "ok") with the same number of
#    threads, at the same time, at 16 and 64 connections: requests per second,
#    CPU time per request, and the ratios (target: escale ≥ 90 % of bare).
# 2. /healthz latency while LOGINS clients log in over and over (real argon2id),
#    against none (target: p99 < 20 ms with 8 logins in flight).
#
#   scripts/bench-http.sh [BUILD]          BUILD: build/release by default
# Environment: BENCH_SECONDS (10) per wrk run, BENCH_ROUNDS (3) alternations,
# BENCH_THREADS (4) server threads, ESCALE_SERVER (another escale-server
# binary to measure, e.g. an older one, instead of BUILD's).
set -euo pipefail
BUILD=${1:-build/release}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
case "$BUILD" in /*) B="$BUILD" ;; *) B="$ROOT/$BUILD" ;; esac
SERVER=${ESCALE_SERVER:-$B/server/escale-server}
SECONDS_PER_RUN=${BENCH_SECONDS:-10}
ROUNDS=${BENCH_ROUNDS:-3}
THREADS=${BENCH_THREADS:-4}
LOGINS=${BENCH_LOGINS:-8}
command -v wrk > /dev/null || { echo "wrk is missing: packaging/install-deps.sh installs it"; exit 1; }

TMP=$(mktemp -d)
PIDS=()
cleanup() {
  for pid in "${PIDS[@]}"; do kill -TERM "$pid" 2> /dev/null || true; done
  wait 2> /dev/null || true
  rm -rf "$TMP"
}
trap cleanup EXIT

free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
wait_port() {
  for _ in $(seq 100); do
    curl -fs -o /dev/null "http://127.0.0.1:$1/healthz" && return 0
    sleep 0.1
  done
  echo "nothing answers on port $1"
  return 1
}

DB="$TMP/escale.db"
printf 'mot de passe du banc\n' | "$SERVER" user add --db "$DB" --login banc --role admin --name Banc > /dev/null
ESCALE_PORT=$(free_port)
"$SERVER" serve --db "$DB" --listen "127.0.0.1:$ESCALE_PORT" --threads "$THREADS" 2> "$TMP/server.log" &
ESCALE_PID=$!
PIDS+=("$ESCALE_PID")
BARE_PORT=$(free_port)
"$B/bench/bench_bare_beast_server" "$BARE_PORT" "$THREADS" &
BARE_PID=$!
PIDS+=("$BARE_PID")
wait_port "$ESCALE_PORT"
wait_port "$BARE_PORT"

status=0
echo "== machine: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg), $(date -u '+%F %H:%M') UTC; server threads $THREADS"
# The machine may be busy with other work: both servers are loaded at the
# same time (two wrk side by side, each -t1), so they share whatever CPU there
# is, and each one's CPU time per request (utime + stime from /proc, over the
# run) is reported too: that measure hardly depends on the load.
HZ=$(getconf CLK_TCK)
ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
wrk_rps() { awk '/Requests\/sec/ {print $2}' "$1"; }
wrk_requests() { awk '/requests in/ {print $1}' "$1"; }
for connections in 16 64; do
  ratios=()
  cpu_ratios=()
  for round in $(seq "$ROUNDS"); do
    e0=$(ticks "$ESCALE_PID")
    b0=$(ticks "$BARE_PID")
    wrk -t1 -c"$connections" -d"${SECONDS_PER_RUN}s" "http://127.0.0.1:$ESCALE_PORT/healthz" > "$TMP/escale.wrk" &
    w1=$!
    wrk -t1 -c"$connections" -d"${SECONDS_PER_RUN}s" "http://127.0.0.1:$BARE_PORT/healthz" > "$TMP/bare.wrk" &
    w2=$!
    wait "$w1" "$w2"
    e1=$(ticks "$ESCALE_PID")
    b1=$(ticks "$BARE_PID")
    line=$(awk -v e="$(wrk_rps "$TMP/escale.wrk")" -v b="$(wrk_rps "$TMP/bare.wrk")" \
      -v en="$(wrk_requests "$TMP/escale.wrk")" -v bn="$(wrk_requests "$TMP/bare.wrk")" \
      -v et=$((e1 - e0)) -v bt=$((b1 - b0)) -v hz="$HZ" 'BEGIN {
        ecpu = et / hz * 1e6 / en; bcpu = bt / hz * 1e6 / bn;
        printf "%.1f %.1f escale /healthz %.0f req/s (%.1f µs CPU/request), bare Beast %.0f req/s (%.1f µs CPU/request)",
               100 * e / b, 100 * bcpu / ecpu, e, ecpu, b, bcpu }')
    read -r ratio cpu_ratio text <<< "$line"
    ratios+=("$ratio")
    cpu_ratios+=("$cpu_ratio")
    echo "$connections connections, round $round: $text: $ratio % of bare's requests/s, $cpu_ratio % of its requests per CPU second"
  done
  median() { printf '%s\n' "$@" | sort -n | awk '{a[NR] = $1} END {print a[int((NR + 1) / 2)]}'; }
  cpu_median=$(median "${cpu_ratios[@]}")
  echo "$connections connections: escale /healthz at $(median "${ratios[@]}") % of bare Beast's requests/s," \
    "$cpu_median % of its requests per CPU second (medians of $ROUNDS rounds; target ≥ 90 %)"
  awk -v r="$cpu_median" 'BEGIN {exit !(r >= 90)}' || status=1
done

echo "== /healthz while logins are in flight (target: p99 < 20 ms with $LOGINS), load $(cut -d' ' -f1-3 /proc/loadavg)"
"$B/bench/bench_login_latency" "$ESCALE_PORT" banc 'mot de passe du banc' "$SECONDS_PER_RUN" 0 || status=1
"$B/bench/bench_login_latency" "$ESCALE_PORT" banc 'mot de passe du banc' "$SECONDS_PER_RUN" "$LOGINS" |
  tee "$TMP/logins.txt" || status=1
awk '{for (i = 1; i < NF; ++i) if ($i == "p99") p99 = $(i + 1)} END {exit !(p99 != "" && p99 < 20)}' "$TMP/logins.txt" ||
  status=1
exit $status
