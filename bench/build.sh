#!/usr/bin/env bash
# Build benchmark (a script, not a timed test). For each size it generates a deterministic
# corpus (bench/gen-corpus.mjs), builds it with leerpad and, where installed, with Hugo
# (`apt-get install hugo`) and mdBook (`cargo install mdbook`) from the same Markdown, and prints
# a table: the first build into an empty folder, the median of RUNS rebuilds over it, peak memory
# (max RSS), output size, search index size, and leerpad/peer ratios from the same run.
#
#   bench/build.sh                 # 1000 5000 10000 lessons, 5 runs each
#   RUNS=3 bench/build.sh 1000     # other sizes or run counts
#   MDBOOK_MAX=5000                # mdBook is skipped above this many lessons (it is quadratic)
#   BUNDLED=1 bench/build.sh 10000 # the bundled site plus N lessons (gen-corpus.mjs --bundled)
#
# Also the floor (examples/floor.rs: read every Markdown file, render it with pulldown-cmark,
# write one file per page, on all cores) and leerpad's ratio to it, from the same run; and the
# CPU time (user + system) of each tool.
#
# Uses target/release/leerpad (or $LEERPAD_BIN; built when missing). Work goes to target/bench/.
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/corpus.sh

sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(1000 5000 10000)
runs="${RUNS:-5}"
mdbook_max="${MDBOOK_MAX:-5000}"
target="${CARGO_TARGET_DIR:-target}"
bin="${LEERPAD_BIN:-$target/release/leerpad}"
work="target/bench"
[ -x "$bin" ] || cargo build --release --quiet
floor_bin="$target/release/examples/floor"
[ -x "$floor_bin" ] || cargo build --release --quiet --example floor
mkdir -p "$work"
hugo_bin="$(command -v hugo || true)"
mdbook_bin="$(command -v mdbook || true)"
[ -n "$mdbook_bin" ] || { [ -x /tmp/mdbook-bin/bin/mdbook ] && mdbook_bin=/tmp/mdbook-bin/bin/mdbook; } || true

# measure OUT CMD...: one build into an empty folder OUT, then $runs rebuilds over it, as an
# editor rebuilds a site; prints "first_s median_rebuild_s max_rss_mb median_cpu_s" (peak
# over all runs; CPU is user + system of the rebuilds).
# The first build pays for creating every file and folder (on ext4 without a journal, as on
# these machines, several times more when as many files were deleted minutes before: the
# kernel steps over each recently freed inode). Rebuilds show what a tool does with that:
# leerpad rewrites its previous output in place, Hugo writes over its folder, mdBook clears it.
measure() {
  local out="$1"; shift
  local times=() cpus=() rss=0 first=""
  rm -rf "$out" "$(dirname "$out")/.$(basename "$out").leerpad-spare"
  for ((i = 0; i <= runs; i++)); do
    local line wall user sys kb
    line=$(/usr/bin/time -f '%e %U %S %M' "$@" 2>&1 >/dev/null | tail -n 1)
    read -r wall user sys kb <<<"$line"
    if [ -z "$first" ]; then first="$wall"; else
      times+=("$wall")
      cpus+=("$(awk -v u="$user" -v s="$sys" 'BEGIN { printf "%.2f", u + s }')")
    fi
    if (( kb > rss )); then rss=$kb; fi
  done
  local median cpu
  median=$(printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
  cpu=$(printf '%s\n' "${cpus[@]}" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
  echo "$first $median $((rss / 1024)) $cpu"
}

size_of() { du -sk "$1" 2>/dev/null | awk '{printf "%.1f MB", $1 / 1024}'; }

row() { printf '%-8s %-8s %10s %12s %9s %10s %12s %14s %s\n' "$@"; }
row lessons tool "first (s)" "rebuild (s)" "CPU (s)" "peak (MB)" output "search index" "ratio (rebuild wall, CPU)"
ratio() { awk -v a="$2" -v b="$3" -v c="$4" -v d="$5" 'BEGIN { printf "%s %.2f, %.2f", "'"$1"'", a / b, c / d }'; }
for n in "${sizes[@]}"; do
  if [ -n "${BUNDLED:-}" ]; then
    corpus="$work/bundled-$n"
    corpus_ready "$corpus" "$n" --bundled
  else
    corpus="$work/corpus-$n"
    corpus_ready "$corpus" "$n"
  fi

  read -r lf lt lm lc < <(measure "$work/out-leerpad-$n" "$bin" build --root "$corpus" --out "$work/out-leerpad-$n")
  index=$(du -sk "$work/out-leerpad-$n/zoeken" 2>/dev/null | awk '{printf "%.1f MB", $1 / 1024}')
  row "$n" leerpad "$lf" "$lt" "$lc" "$lm" "$(size_of "$work/out-leerpad-$n")" "$index" "-"

  read -r ff ft fm fc < <(measure "$work/out-floor-$n" "$floor_bin" "$corpus" "$work/out-floor-$n")
  row "$n" floor "$ff" "$ft" "$fc" "$fm" "$(size_of "$work/out-floor-$n")" "none" "$(ratio leerpad/floor "$lt" "$ft" "$lc" "$fc")"

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
    read -r hf ht hm hc < <(measure "$work/out-hugo-$n" "$hugo_bin" --quiet -s "$hsite" -d "$PWD/$work/out-hugo-$n")
    row "$n" hugo "$hf" "$ht" "$hc" "$hm" "$(size_of "$work/out-hugo-$n")" "none" "$(ratio leerpad/hugo "$lt" "$ht" "$lc" "$hc")"
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
    read -r mf mt mm mc < <(measure "$work/out-mdbook-$n" "$mdbook_bin" build "$book" -d "$PWD/$work/out-mdbook-$n")
    mindex=$(find "$work/out-mdbook-$n" -maxdepth 1 -name 'searchindex*' -print0 | du -ck --files0-from=- 2>/dev/null | tail -n 1 | awk '{printf "%.1f MB", $1 / 1024}')
    row "$n" mdbook "$mf" "$mt" "$mc" "$mm" "$(size_of "$work/out-mdbook-$n")" "$mindex" "$(ratio leerpad/mdbook "$lt" "$mt" "$lc" "$mc")"
  fi
done
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg); $(nproc) cores"
