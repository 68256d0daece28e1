#!/usr/bin/env bash
# Search in Chromium, leerpad against Pagefind on the same built HTML (a benchmark script, not a
# timed test): for the bundled site and a generated site of 10,000 lessons (or the sizes given),
# prints the table of issue 21 from one run (bench/search-browser.mjs says what is measured).
#
#   bench/search-browser.sh              # bundled site and 10,000 lessons, 8 queries × 3 runs
#   RUNS=1 bench/search-browser.sh 1000  # other sizes, fewer runs
#
# Pagefind: npm's `pagefind` package (a benchmark-only dev dependency, pinned in package.json);
# without it (npm ci --omit=dev, or another platform) the Pagefind column is skipped with a
# note. Uses target/release/leerpad (or $LEERPAD_BIN; builds it when missing), Debian's chromium
# (or $LEERPAD_CHROMIUM), and writes the sites under target/bench/. Targets at 10,000 lessons
# (issue 21): median <= 12 requests, <= 200 KiB, <= 2.0 s on Slow 4G; max <= 400 KiB and
# <= 3.0 s; typing at 100 ms per key <= 1.3 times the bytes of the query put in at once.
# The machine's load average is printed with the figures: on a busy machine, times are not
# comparable.
set -euo pipefail
cd "$(dirname "$0")/.."

sizes=("$@")
if [ ${#sizes[@]} -eq 0 ]; then sizes=(10000); fi
runs="${RUNS:-3}"
target="${CARGO_TARGET_DIR:-target}"
bin="${LEERPAD_BIN:-$target/release/leerpad}"
out="target/bench"
pagefind="node_modules/@pagefind/linux-x64/bin/pagefind_extended"
if [ ! -x "$bin" ]; then
  cargo build --release --quiet
fi
mkdir -p "$out"

# Builds leerpad's site, then Pagefind's index of the same HTML into SITE/pagefind.
site() {
  local root="$1" dest="$2"
  "$bin" build --root "$root" --out "$dest" >/dev/null 2>&1
  if [ -x "$pagefind" ]; then
    "$pagefind" --site "$dest" --output-subdir pagefind >/dev/null
  else
    echo "note: $pagefind is missing (npm ci installs npm's pagefind): Pagefind is skipped"
  fi
}

echo "load average: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores"
site . "$out/browser-bundled"
node bench/search-browser.mjs "$out/browser-bundled" --label "bundled site" --runs "$runs"
for lessons in "${sizes[@]}"; do
  node bench/gen-corpus.mjs --lessons "$lessons" --out "$out/corpus-$lessons" >/dev/null
  site "$out/corpus-$lessons" "$out/browser-corpus-$lessons"
  node bench/search-browser.mjs "$out/browser-corpus-$lessons" --label "bundled content + $lessons generated lessons" --runs "$runs"
done
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
