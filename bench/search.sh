#!/usr/bin/env bash
# Search benchmark (a script, not a timed test): index size (raw and gzip), index load time and
# the median time of 100 queries in Node, for the bundled site and for a generated site.
#
#   bench/search.sh [LESSONS]      # default 1000 lessons for the generated site
#
# Uses target/release/leerpad (or $LEERPAD_BIN; builds it when missing) and writes the sites
# under target/bench/. Targets (issue 4): bundled index <= 150 KB gzip, median query <= 5 ms
# at 1,000 lessons.
set -euo pipefail
cd "$(dirname "$0")/.."

lessons="${1:-1000}"
target="${CARGO_TARGET_DIR:-target}"
bin="${LEERPAD_BIN:-$target/release/leerpad}"
out="target/bench"
if [ ! -x "$bin" ]; then
  cargo build --release --quiet
fi
mkdir -p "$out"

echo "== bundled site"
"$bin" build --root . --out "$out/bundled" | tail -n 1
node bench/search-bench.mjs "$out/bundled" bundled

echo "== generated site, $lessons lessons"
node bench/gen-corpus.mjs --lessons "$lessons" --out "$out/corpus-$lessons"
start=$(date +%s.%N)
"$bin" build --root "$out/corpus-$lessons" --out "$out/corpus-$lessons-site" | tail -n 1
end=$(date +%s.%N)
awk -v s="$start" -v e="$end" 'BEGIN { printf "build: %.1f s wall clock\n", e - s }'
node bench/search-bench.mjs "$out/corpus-$lessons-site" "$lessons lessons"
