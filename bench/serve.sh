#!/usr/bin/env bash
# Serve benchmark (a script, not a timed test): for the bundled site and for the bundled site
# plus N generated lessons (bench/gen-corpus.mjs --bundled), starts `leerpad serve`, saves one
# lesson SAVES times and prints each rebuild's time against a full `leerpad build` of the same
# site in the same run (bench/serve-bench.mjs).
#
#   bench/serve.sh              # the bundled site, then bundled + 1000 lessons
#   SAVES=12 bench/serve.sh 1000 10000
#
# The bundled site is copied first, so its lessons are never touched. Uses
# target/release/leerpad (or $LEERPAD_BIN; built when missing). Work goes to target/bench/.
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/corpus.sh

sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(1000)
saves="${SAVES:-8}"
target="${CARGO_TARGET_DIR:-target}"
bin="${LEERPAD_BIN:-$target/release/leerpad}"
work="target/bench"
[ -x "$bin" ] || cargo build --release --quiet
mkdir -p "$work"

echo "== bundled site"
rm -rf "$work/bundled-0"
mkdir -p "$work/bundled-0"
cp -r leerpad.toml partners.yaml places.yaml content "$work/bundled-0/"
node bench/serve-bench.mjs --root "$work/bundled-0" --bin "$bin" --saves "$saves"

for n in "${sizes[@]}"; do
  corpus="$work/bundled-$n"
  corpus_ready "$corpus" "$n" --bundled
  echo "== bundled site + $n lessons"
  node bench/serve-bench.mjs --root "$corpus" --bin "$bin" --saves "$saves"
done
