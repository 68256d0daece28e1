#!/usr/bin/env bash
# Runs every test of leerpad: Rust unit and integration tests, the Node tests of the JavaScript
# cores, and the browser tests in Debian's Chromium. Installs what is missing first (Chromium and
# fonts with apt, the npm packages from package-lock.json), so a fresh machine with the Rust
# toolchain needs nothing else. Exit code: non-zero when any test fails.
set -euo pipefail
cd "$(dirname "$0")/.."

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

if ! command -v chromium >/dev/null 2>&1 || ! fc-list 2>/dev/null | grep -qi liberation; then
  echo "== installing chromium and fonts-liberation (apt)"
  as_root apt-get update -qq
  as_root apt-get install -y -qq -o DPkg::Lock::Timeout=600 chromium fonts-liberation >/dev/null
fi
if ! command -v node >/dev/null 2>&1; then
  echo "== installing nodejs and npm (apt)"
  as_root apt-get install -y -qq -o DPkg::Lock::Timeout=600 nodejs npm >/dev/null
fi
if [ ! -d node_modules/playwright-core ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "== installing npm packages from package-lock.json"
  npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
fi

echo "== cargo test"
cargo test --all-targets

echo "== release build (the search ranking and browser tests run it)"
cargo build --release --quiet

echo "== node tests of the JavaScript cores and the search ranking"
node --test tests/js/

echo "== browser tests"
node --test --test-concurrency=1 tests/browser/
