// Shared set-up for the browser tests: build the bundled site once, serve it on 127.0.0.1,
// and drive Debian's Chromium with playwright-core. No browser download, no other origin.
//
// Owns: the built site for tests, the local server, the browser launch flags, and the
// collection of page problems (JS errors, console errors, HTTP >= 400, off-site requests).

import { spawnSync } from 'node:child_process';
import { createServer } from 'node:http';
import { existsSync, mkdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

export const REPO = resolve(fileURLToPath(import.meta.url), '../../..');
const BIN = process.env.LEERPAD_BIN || join(process.env.CARGO_TARGET_DIR || join(REPO, 'target'), 'release/leerpad');
const CHROMIUM = process.env.LEERPAD_CHROMIUM || '/usr/bin/chromium';

export const CHROMIUM_ARGS = [
  '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
  '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1',
];

const TYPES = {
  '.html': 'text/html; charset=utf-8', '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8', '.json': 'application/json',
  '.webmanifest': 'application/manifest+json', '.svg': 'image/svg+xml',
  '.xml': 'application/xml', '.png': 'image/png', '.txt': 'text/plain; charset=utf-8',
};

/** Builds the bundled site (or `root`) into a fresh folder under target/ and returns its path. */
export function buildSite(name = 'browser-site', root = REPO) {
  if (!existsSync(BIN)) {
    throw new Error(`${BIN} is missing: run "cargo build --release" first (tests/run.sh does)`);
  }
  const out = join(REPO, 'target', name);
  rmSync(out, { recursive: true, force: true });
  mkdirSync(join(REPO, 'target'), { recursive: true });
  const run = spawnSync(BIN, ['build', '--root', root, '--out', out], { encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`leerpad build failed:\n${run.stdout}\n${run.stderr}`);
  return out;
}

/** Serves `dir` on 127.0.0.1 at a free port. Folders serve their index.html; 404.html otherwise. */
export async function serve(dir) {
  const root = resolve(dir);
  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    let file = normalize(join(root, path));
    if (!file.startsWith(root + sep) && file !== root) {
      res.writeHead(403).end();
      return;
    }
    if (existsSync(file) && statSync(file).isDirectory()) file = join(file, 'index.html');
    if (!existsSync(file)) {
      res.writeHead(404, { 'Content-Type': TYPES['.html'] });
      res.end(existsSync(join(root, '404.html')) ? readFileSync(join(root, '404.html')) : 'not found');
      return;
    }
    res.writeHead(200, { 'Content-Type': TYPES[extname(file)] || 'application/octet-stream' });
    res.end(readFileSync(file));
  });
  await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
  const { port } = server.address();
  return { url: `http://127.0.0.1:${port}/`, close: () => new Promise((ok) => server.close(ok)) };
}

/** Launches headless Chromium. */
export async function launch() {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`${CHROMIUM} is missing: apt-get install chromium fonts-liberation (tests/run.sh does)`);
  }
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
}

/**
 * A new page that records problems: uncaught errors, console errors, HTTP status >= 400 and any
 * request to another origin (blocked). `problems` lists them as strings.
 */
export async function newPage(browser, options = {}) {
  const context = await browser.newContext({ locale: 'nl-BE', ...options });
  const page = await context.newPage();
  const problems = [];
  await context.route('**/*', (route) => {
    const url = new URL(route.request().url());
    if (url.protocol === 'file:' || url.protocol === 'data:' || url.hostname === '127.0.0.1') {
      return route.continue();
    }
    problems.push(`request to another origin: ${url.href}`);
    return route.abort();
  });
  page.on('pageerror', (e) => problems.push(`JavaScript error: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(`console error: ${m.text()}`);
  });
  page.on('response', (r) => {
    if (r.status() >= 400 && !r.url().endsWith('/favicon.ico')) problems.push(`HTTP ${r.status()}: ${r.url()}`);
  });
  return { context, page, problems };
}
