#!/usr/bin/env bash
# Runs every fuzz target for SECONDS (default 600) each, TARGETS one after another, at the lowest
# CPU priority, and prints the executions and crashes of each. Not part of CI.
#   fuzz/run.sh [SECONDS] [TARGET…]
# Stable toolchain, no sanitizer; for AddressSanitizer: RUSTC_BOOTSTRAP=1 and --sanitizer address.
set -uo pipefail
cd "$(dirname "$0")"
seconds=${1:-600}
shift || true
targets=("$@")
[ ${#targets[@]} -eq 0 ] && targets=(front_matter quiz chart partners markdown whole_build)
node seed.mjs >/dev/null
mkdir -p logs
for target in "${targets[@]}"; do
  log=logs/$target.log
  nice -n 19 cargo fuzz run --sanitizer none -O "$target" -- \
    -max_total_time="$seconds" -rss_limit_mb=2048 -timeout=20 -max_len=131072 -print_final_stats=1 >"$log" 2>&1
  status=$?
  runs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' | tail -1)
  crashes=$(ls artifacts/"$target" 2>/dev/null | wc -l)
  echo "$target: exit $status, ${runs:-?} executions in ${seconds} s, $crashes artifacts"
done
