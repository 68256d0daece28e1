#!/usr/bin/env bash
# Search benchmark (a script, not a timed test). For the bundled site and generated sites of
# 1,000 and 10,000 lessons (or the sizes given), prints:
#   - the whole build: wall time and peak memory (/usr/bin/time -v), and the search index alone
#     (best of 3, examples/search_index.rs);
#   - the index: size raw and gzip, number of files (manifest + shards);
#   - per query, for 100 queries from an empty cache: the gzipped bytes loaded up to the first
#     results on screen (scripts included: search-ui.js, search-core.js, search-engine.js,
#     search-shards.js, regions.js and its data for the place result, the manifest, the
#     shards, the results' titles and texts), median and max; the
#     query time in Node, median/p95.
#
#   bench/search.sh                # bundled site, 1,000 and 10,000 lessons
#   bench/search.sh 1000 5000      # other sizes
#
# Uses target/release/leerpad (or $LEERPAD_BIN; builds it when missing) and writes the sites
# under target/bench/. Targets (issues 4, 8 and 15): bundled index <= 150 KB gzip and its first
# query <= 40 KB gzip; at 10,000 lessons <= 300 KB gzip for a first result and <= 20 ms p95 per
# query. The machine's load average is
# printed with the figures: on a busy machine, times are not comparable.
set -euo pipefail
cd "$(dirname "$0")/.."

sizes=("$@")
if [ ${#sizes[@]} -eq 0 ]; then sizes=(1000 10000); fi
target="${CARGO_TARGET_DIR:-target}"
bin="${LEERPAD_BIN:-$target/release/leerpad}"
example="$target/release/examples/search_index"
out="target/bench"
if [ ! -x "$bin" ]; then
  cargo build --release --quiet
fi
if [ ! -x "$example" ]; then
  cargo build --release --quiet --example search_index
fi
mkdir -p "$out"

# Wall time and peak memory of one build, from /usr/bin/time -v.
build() {
  local root="$1" site="$2"
  /usr/bin/time -v "$bin" build --root "$root" --out "$site" 2>"$out/time.txt" | grep '^search index' || true
  awk -F': ' '/Elapsed \(wall clock\)/ { wall = $2 } /Maximum resident set size/ { rss = $2 }
    END { printf "build: %s wall, %.0f MB peak\n", wall, rss / 1024 }' "$out/time.txt"
  "$example" "$root" | tail -n 1
}

echo "load average: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores"

echo "== bundled site"
build . "$out/bundled"
node bench/search-bench.mjs "$out/bundled" bundled

for lessons in "${sizes[@]}"; do
  echo "== generated site, $lessons lessons"
  node bench/gen-corpus.mjs --lessons "$lessons" --out "$out/corpus-$lessons" >/dev/null
  build "$out/corpus-$lessons" "$out/corpus-$lessons-site"
  node bench/search-bench.mjs "$out/corpus-$lessons-site" "$lessons lessons"
done

echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
