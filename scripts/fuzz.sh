#!/bin/bash
# make fuzz / make fuzz-long: builds the fuzz preset (clang-14, libFuzzer,
# AddressSanitizer + UBSan) and runs the harnesses of fuzz/, one after the
# other, each on one core over its seed corpus fuzz/corpus/NAME (docs/fuzzing.md).
#
#   FUZZ_SECONDS=30 scripts/fuzz.sh      each harness for 30 s (make fuzz; CI)
#   FUZZ_RUNS=10000000 scripts/fuzz.sh   each harness for 10 million executions (make fuzz-long)
#   FUZZ_MAX_SECONDS=3600                with FUZZ_RUNS: stop a harness after an hour all the same
#   FUZZ_ONLY="csv ics" scripts/fuzz.sh  these harnesses only
#   FUZZ_TIMEOUT=120                     an input slower than this is a finding (default 10 s);
#                                        raise it when the fuzzer shares a busy machine (nice'd
#                                        behind builds, a 10 ms input can wait 10 s for a core),
#                                        and replay any timeout input alone before believing it
#
# Inputs that find new paths go to build/fuzz/corpus/NAME (kept between runs,
# not in the repository). A crash, a sanitizer report or a broken property
# stops that harness and leaves the input in build/fuzz/crashes/NAME/; the run
# goes on with the next harness and fails at the end. Fix the parser, then add
# the input to fuzz/corpus/NAME/ so fuzz_replay keeps it as a regression test.
# One line per harness is added to build/fuzz/fuzz-summary.txt, dated (for
# docs/fuzzing.md); two runs with different FUZZ_ONLY may share it, one per core.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
B="$ROOT/build/fuzz"
cd "$ROOT"

cmake --preset fuzz > /dev/null
cmake --build --preset fuzz -j "${JOBS:-$(nproc)}"

if [ -n "${FUZZ_RUNS:-}" ]; then
  limit=(-runs="$FUZZ_RUNS")
  what="$FUZZ_RUNS executions"
  if [ -n "${FUZZ_MAX_SECONDS:-}" ]; then  # and at most this long
    limit+=(-max_total_time="$FUZZ_MAX_SECONDS")
    what="$what or $FUZZ_MAX_SECONDS s"
  fi
else
  limit=(-max_total_time="${FUZZ_SECONDS:-30}")
  what="${FUZZ_SECONDS:-30} s"
fi
names=${FUZZ_ONLY:-$(ls fuzz/corpus)}
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1}
summary="$B/fuzz-summary.txt"
failed=""
for name in $names; do
  program="$B/fuzz/fuzz_$name"
  [ -x "$program" ] || { echo "fuzz: no harness $name ($program)"; exit 2; }
  mkdir -p "$B/corpus/$name" "$B/crashes/$name" "$B/logs"
  log="$B/logs/$name.log"
  echo "== $name: $what"
  start=$(date +%s)
  status=0
  # -timeout: an input slower than FUZZ_TIMEOUT is a finding too (a parser must not hang).
  nice "$program" "${limit[@]}" -timeout="${FUZZ_TIMEOUT:-10}" -print_final_stats=1 -artifact_prefix="$B/crashes/$name/" \
    "$B/corpus/$name" "fuzz/corpus/$name" > "$log" 2>&1 || status=$?
  seconds=$(($(date +%s) - start))
  runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
  rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -1)
  coverage=$(grep -o 'cov: [0-9]*' "$log" | tail -1 | cut -d' ' -f2)
  if [ "$status" = 0 ]; then
    result="no finding"
  else
    result="FINDING (exit $status): $(ls -t "$B/crashes/$name" | head -1), see $log"
    failed="$failed $name"
    grep -m3 -E 'ERROR: |runtime error:|property broken' "$log" || tail -20 "$log"
  fi
  line="$name: ${runs:-?} executions in ${seconds} s (${rate:-?}/s), coverage ${coverage:-?} edges: $result"
  echo "$line"
  echo "$(date -u +%Y-%m-%dT%H:%MZ) $line" >> "$summary"
done
if [ -n "$failed" ]; then
  echo "fuzz: findings in:$failed (inputs in $B/crashes/)"
  exit 1
fi
echo "fuzz: no finding ($summary)"
