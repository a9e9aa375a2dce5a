#!/bin/bash
# make stress-test: runs the whole ctest suite of a build several times while
# stress-ng keeps every core busy, to show that no test depends on the
# machine being idle (tests wait on conditions, never on wall-clock windows).
#
#   scripts/stress-test.sh [BUILD_DIR] [-- CTEST_ARGS...]
#   RUNS=3 JOBS=$(nproc) scripts/stress-test.sh build/release
#   scripts/stress-test.sh build/release -- -R 'test_nfc:'   a subset only
#
# Prints each run's failures, then a summary with every failed test and how
# many runs it failed in. Exits 1 if any test failed in any run.
# The ctest logs are kept in BUILD_DIR/stress-test/run-N.log.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BUILD=build/release
if [ $# -gt 0 ] && [ "$1" != "--" ]; then
  BUILD=$1
  shift
fi
[ "${1:-}" = "--" ] && shift
RUNS=${RUNS:-3}
JOBS=${JOBS:-$(nproc)}
CPUS=${STRESS_CPUS:-$(nproc)}
case "$BUILD" in
  /*) B=$BUILD ;;
  *) B=$ROOT/$BUILD ;;
esac

if ! command -v stress-ng > /dev/null; then
  echo "stress-test: stress-ng is not installed (packaging/install-deps.sh, or: sudo apt-get install stress-ng)" >&2
  exit 2
fi
if [ ! -f "$B/CTestTestfile.cmake" ]; then
  echo "stress-test: no test build in $B: run \`make build\` first" >&2
  exit 2
fi
case "$RUNS" in
  '' | *[!0-9]* | 0)
    echo "stress-test: RUNS must be a positive number, not « $RUNS »" >&2
    exit 2
    ;;
esac

LOGS=$B/stress-test
mkdir -p "$LOGS"
FAILED=$LOGS/failed.txt  # one line per failure: RUN TEST
: > "$FAILED"

# The load: one CPU hog per core, in its own process group so that the trap
# ends it and every worker it forked, whatever way this script ends.
setsid stress-ng --cpu "$CPUS" --timeout 24h --quiet > "$LOGS/stress-ng.log" 2>&1 &
STRESS_PID=$!
# shellcheck disable=SC2317  # called by the trap
stop_stress() {
  kill -TERM -- "-$STRESS_PID" 2> /dev/null || kill -TERM "$STRESS_PID" 2> /dev/null || true
  wait "$STRESS_PID" 2> /dev/null || true
}
trap stop_stress EXIT
trap 'exit 130' INT TERM
sleep 1  # let the hogs start before the first test
if ! kill -0 "$STRESS_PID" 2> /dev/null; then
  echo "stress-test: stress-ng did not start" >&2
  exit 2
fi
echo "== stress-test: $RUNS run(s) of ctest -j $JOBS in $B while stress-ng --cpu $CPUS keeps every core busy"

total_start=$(date +%s)
for run in $(seq 1 "$RUNS"); do
  log=$LOGS/run-$run.log
  # ctest keeps the failures of its last run here; an old file must not count.
  rm -f "$B/Testing/Temporary/LastTestsFailed.log"
  start=$(date +%s)
  status=0
  ctest --test-dir "$B" -j "$JOBS" --output-on-failure --timeout 300 "$@" > "$log" 2>&1 || status=$?
  took=$(($(date +%s) - start))
  summary=$(grep -E '^[0-9]+% tests passed' "$log" || echo "no ctest summary (exit $status)")
  echo "run $run/$RUNS: $summary (${took} s; log: $log)"
  failed_here=0
  if [ -f "$B/Testing/Temporary/LastTestsFailed.log" ]; then
    # Lines "NUMBER:TEST NAME".
    while IFS= read -r line; do
      [ -n "$line" ] || continue
      name=${line#*:}
      echo "  FAILED: $name"
      echo "$run $name" >> "$FAILED"
      failed_here=1
    done < "$B/Testing/Temporary/LastTestsFailed.log"
  fi
  if [ "$status" != 0 ] && [ "$failed_here" = 0 ]; then
    # ctest itself failed (no tests found, a crash): count it as a failure.
    echo "  FAILED: ctest exited with $status (see $log)"
    echo "$run (ctest exit $status)" >> "$FAILED"
  fi
done

echo "== stress-test summary: $RUNS run(s) in $(($(date +%s) - total_start)) s"
if [ ! -s "$FAILED" ]; then
  echo "0 failures"
  exit 0
fi
echo "$(wc -l < "$FAILED") failure(s); failed tests (runs failed / $RUNS):"
cut -d' ' -f2- "$FAILED" | sort | uniq -c | sort -rn | while read -r count name; do
  echo "  $count/$RUNS  $name"
done
exit 1
