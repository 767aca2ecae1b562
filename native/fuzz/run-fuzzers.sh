#!/usr/bin/env bash
# Runs each libFuzzer target given for SECONDS (first argument) on its committed seed corpus
# (corpus/NAME, read only) plus a scratch corpus (build/corpus/NAME), and prints one summary line
# per target: executions, coverage (cov/ft from libFuzzer's final line), time, crash or not.
# Exits non-zero if any target crashed, leaked or timed out; the reproducer is in build/crashes/.
set -uo pipefail
cd "$(dirname "$0")"
seconds=$1
shift
mkdir -p build/crashes build/logs
status=0
printf '%-22s %10s %8s %8s %6s  %s\n' target execs cov ft secs result
for bin in "$@"; do
  name=$(basename "$bin")
  mkdir -p "build/corpus/$name" "corpus/$name"
  log="build/logs/$name.log"
  start=$(date +%s)
  "$bin" -max_total_time="$seconds" -timeout=10 -print_final_stats=1 \
    -artifact_prefix="build/crashes/$name-" "build/corpus/$name" "corpus/$name" >"$log" 2>&1
  rc=$?
  secs=$(($(date +%s) - start))
  execs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' | tail -1)
  final=$(grep -E '^#[0-9]+' "$log" | tail -1)
  cov=$(grep -o 'cov: [0-9]*' <<<"$final" | grep -o '[0-9]*')
  ft=$(grep -o 'ft: [0-9]*' <<<"$final" | grep -o '[0-9]*')
  result=ok
  if [ $rc -ne 0 ]; then
    result="CRASH (rc $rc, see native/fuzz/$log)"
    status=1
  fi
  printf '%-22s %10s %8s %8s %6s  %s\n' "$name" "${execs:-?}" "${cov:-?}" "${ft:-?}" "$secs" "$result"
done
exit $status
