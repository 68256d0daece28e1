# Sourced by the benchmarks: a generated corpus in target/bench, made again when the files it
# copies from the repository (the theme, and for --bundled the bundled site) have changed since
# it was made. A corpus made before a theme change would measure the old theme, or fail to build
# when the theme gained a string.
#
#   corpus_ready DIR LESSONS [--bundled]

corpus_stamp() {
  local files=(themes)
  [ "${1:-}" = --bundled ] && files+=(leerpad.toml partners.yaml places.yaml content)
  find "${files[@]}" bench/gen-corpus.mjs -type f -print0 | sort -z | xargs -0 sha256sum | sha256sum | cut -d' ' -f1
}

corpus_ready() {
  local dir=$1 lessons=$2 kind=${3:-}
  local stamp
  stamp=$(corpus_stamp "$kind")
  [ "$(cat "$dir/.complete" 2>/dev/null)" = "$stamp" ] && return 0
  node bench/gen-corpus.mjs --lessons "$lessons" --out "$dir" $kind >/dev/null
  echo "$stamp" >"$dir/.complete"
}
