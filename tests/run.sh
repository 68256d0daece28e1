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
if ! command -v java >/dev/null 2>&1; then
  echo "== installing a Java runtime for the W3C Nu checker (apt)"
  as_root apt-get install -y -qq -o DPkg::Lock::Timeout=600 default-jre-headless >/dev/null
fi
if ! command -v node >/dev/null 2>&1; then
  echo "== installing nodejs and npm (apt)"
  as_root apt-get install -y -qq -o DPkg::Lock::Timeout=600 nodejs npm >/dev/null
fi
if [ ! -d node_modules/playwright-core ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "== installing npm packages from package-lock.json"
  npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
fi

# Each stage prints its time; the browser gates also print the time of each gate.
stage() {
  local name=$1
  shift
  echo "== $name"
  local start=$SECONDS
  "$@"
  echo "== $name: $((SECONDS - start)) s"
}

# Rust: unit tests, integration tests (commands, errors, the broken-site corpus, security,
# property tests). Fuzzing (fuzz/) is not part of this run.
stage "cargo test" cargo test --all-targets
# The search ranking tests and the browser tests run the release binary.
stage "release build" cargo build --release --quiet
stage "node tests of the JavaScript cores and the search ranking" node --test tests/js/
# Browser tests, including the gates over every generated page (tests/browser/pages.test.mjs:
# axe-core, the Nu checker, links, keyboard, 360 px).
stage "browser tests" node --test --test-concurrency=1 tests/browser/
