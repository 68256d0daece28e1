#!/usr/bin/env bash
# Build benchmark (a script, not a timed test). For each size it generates a deterministic
# corpus (bench/gen-corpus.mjs), builds it with leerpad and, where installed, with Hugo
# (`apt-get install hugo`) and mdBook (`cargo install mdbook`) from the same Markdown, and prints
# a table: median wall time of RUNS runs, peak memory (max RSS), output size, search index size,
# and leerpad/peer ratios from the same run.
#
#   bench/build.sh                 # 1000 5000 10000 lessons, 5 runs each
#   RUNS=3 bench/build.sh 1000     # other sizes or run counts
#   MDBOOK_MAX=5000                # mdBook is skipped above this many lessons (it is quadratic)
#
# Every build writes into a fresh folder (no previous output to replace). Uses
# target/release/leerpad (or $LEERPAD_BIN; built when missing). Work goes to target/bench/.
set -euo pipefail
cd "$(dirname "$0")/.."

sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(1000 5000 10000)
runs="${RUNS:-5}"
mdbook_max="${MDBOOK_MAX:-5000}"
target="${CARGO_TARGET_DIR:-target}"
bin="${LEERPAD_BIN:-$target/release/leerpad}"
work="target/bench"
[ -x "$bin" ] || cargo build --release --quiet
mkdir -p "$work"
hugo_bin="$(command -v hugo || true)"
mdbook_bin="$(command -v mdbook || true)"
[ -n "$mdbook_bin" ] || { [ -x /tmp/mdbook-bin/bin/mdbook ] && mdbook_bin=/tmp/mdbook-bin/bin/mdbook; } || true

# measure NAME CMD...: runs CMD $runs times in fresh output folders, prints "median_s max_rss_mb".
measure() {
  local out="$1"; shift
  local times=() rss=0
  for ((i = 0; i < runs; i++)); do
    rm -rf "$out"
    local line
    line=$(/usr/bin/time -f '%e %M' "$@" 2>&1 >/dev/null | tail -n 1)
    times+=("${line%% *}")
    local kb="${line##* }"
    if (( kb > rss )); then rss=$kb; fi
  done
  local median
  median=$(printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
  echo "$median $((rss / 1024))"
}

size_of() { du -sk "$1" 2>/dev/null | awk '{printf "%.1f MB", $1 / 1024}'; }

printf '%-8s %-8s %10s %10s %12s %14s %s\n' lessons tool "wall (s)" "peak (MB)" output "search index" ratio
for n in "${sizes[@]}"; do
  corpus="$work/corpus-$n"
  [ -f "$corpus/.complete" ] || { node bench/gen-corpus.mjs --lessons "$n" --out "$corpus" >/dev/null 2>&1 && touch "$corpus/.complete"; }

  read -r lt lm < <(measure "$work/out-leerpad-$n" "$bin" build --root "$corpus" --out "$work/out-leerpad-$n")
  index=$(du -sk "$work/out-leerpad-$n/zoeken" 2>/dev/null | awk '{printf "%.1f MB", $1 / 1024}')
  printf '%-8s %-8s %10s %10s %12s %14s %s\n' "$n" leerpad "$lt" "$lm" "$(size_of "$work/out-leerpad-$n")" "$index" "-"

  if [ -n "$hugo_bin" ]; then
    hsite="$work/hugo-$n"
    if [ ! -f "$hsite/.complete" ]; then
      rm -rf "$hsite"; mkdir -p "$hsite/layouts/_default"
      cp -r "$corpus/content" "$hsite/content"
      printf 'baseURL = "/"\nlanguageCode = "nl"\ntitle = "bench"\ndisableKinds = ["taxonomy", "term"]\n' > "$hsite/hugo.toml"
      printf '<!doctype html><html lang="nl"><head><title>{{ .Title }}</title></head><body><h1>{{ .Title }}</h1>{{ .Content }}</body></html>\n' > "$hsite/layouts/_default/single.html"
      printf '<!doctype html><html lang="nl"><head><title>{{ .Title }}</title></head><body><h1>{{ .Title }}</h1>{{ .Content }}<ul>{{ range .Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}</ul></body></html>\n' > "$hsite/layouts/_default/list.html"
      touch "$hsite/.complete"
    fi
    read -r ht hm < <(measure "$work/out-hugo-$n" "$hugo_bin" --quiet -s "$hsite" -d "$PWD/$work/out-hugo-$n")
    printf '%-8s %-8s %10s %10s %12s %14s %s\n' "$n" hugo "$ht" "$hm" "$(size_of "$work/out-hugo-$n")" "none" \
      "$(awk -v a="$lt" -v b="$ht" 'BEGIN { printf "leerpad/hugo %.2f", a / b }')"
  fi

  if [ -n "$mdbook_bin" ] && [ "$n" -le "$mdbook_max" ]; then
    book="$work/mdbook-$n"
    if [ ! -f "$book/.complete" ]; then
      rm -rf "$book"; mkdir -p "$book/src"
      printf '[book]\ntitle = "bench"\nlanguage = "nl"\n\n[output.html.search]\nenable = true\n' > "$book/book.toml"
      {
        echo "# Summary"; echo
        for module in "$corpus"/content/modules/*/; do
          name=$(basename "$module")
          mkdir -p "$book/src/$name"
          sed '1,/^---$/{/^---$/!d};1,/^---$/d' "$module/_module.md" > "$book/src/$name/README.md" 2>/dev/null || true
          echo "- [$name]($name/README.md)"
          for lesson in "$module"[0-9]*.md; do
            base=$(basename "$lesson")
            awk 'BEGIN{f=0} /^---$/{f++; next} f>=2' "$lesson" > "$book/src/$name/$base"
            echo "  - [${base%.md}]($name/$base)"
          done
        done
      } > "$book/src/SUMMARY.md"
      touch "$book/.complete"
    fi
    read -r mt mm < <(measure "$work/out-mdbook-$n" "$mdbook_bin" build "$book" -d "$PWD/$work/out-mdbook-$n")
    mindex=$(find "$work/out-mdbook-$n" -maxdepth 1 -name 'searchindex*' -print0 | du -ck --files0-from=- 2>/dev/null | tail -n 1 | awk '{printf "%.1f MB", $1 / 1024}')
    printf '%-8s %-8s %10s %10s %12s %14s %s\n' "$n" mdbook "$mt" "$mm" "$(size_of "$work/out-mdbook-$n")" "$mindex" \
      "$(awk -v a="$lt" -v b="$mt" 'BEGIN { printf "leerpad/mdbook %.2f", a / b }')"
  fi
done
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg); $(nproc) cores"
