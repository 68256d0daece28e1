// A static server for the benchmarks that run a browser (bench/search-browser.mjs,
// bench/lighthouse.mjs): what a host serves, gzip included, from loopback.
//
// Owns: serving a built site and counting the requests. Does not: throttle (the browser does).

import { createServer } from 'node:http';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { gzipSync } from 'node:zlib';

const TYPES = {
  '.html': 'text/html; charset=utf-8', '.css': 'text/css; charset=utf-8', '.js': 'text/javascript; charset=utf-8',
  '.json': 'application/json', '.svg': 'image/svg+xml', '.wasm': 'application/wasm', '.webmanifest': 'application/manifest+json',
};
const COMPRESSIBLE = new Set(['.html', '.css', '.js', '.json', '.svg', '.webmanifest']);

/**
 * Serves `root` on 127.0.0.1 at a free port, text files gzip (as any web host does; Pagefind's
 * own files are compressed already), folders as their index.html. With `blank`, also
 * /__bench/blank.html, an empty page of the same origin. Returns { url, requests(since,
 * until), close() }: requests() counts the requests that arrived in a span of ms since the epoch.
 */
export async function serve(dir, { blank = false } = {}) {
  const root = resolve(dir);
  const cache = new Map();
  // arrival times (ms since the epoch) of the requests
  const arrivals = [];
  const server = createServer((req, res) => {
    // The browser fetches the page's icon by itself, outside the page's requests.
    if (!/\/(favicon\.ico|img\/icon\.svg)$/.test(req.url)) arrivals.push(Date.now());
    const path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    if (blank && path === '/__bench/blank.html') {
      res.writeHead(200, { 'Content-Type': TYPES['.html'] }).end('<!doctype html><meta charset="utf-8"><title>bench</title>');
      return;
    }
    let file = normalize(join(root, path));
    if (!file.startsWith(root + sep) && file !== root) return res.writeHead(403).end();
    if (existsSync(file) && statSync(file).isDirectory()) file = join(file, 'index.html');
    if (!existsSync(file)) return res.writeHead(404).end('not found');
    const ext = extname(file);
    const headers = { 'Content-Type': TYPES[ext] || 'application/octet-stream', 'Cache-Control': 'no-cache' };
    let body = readFileSync(file);
    if (COMPRESSIBLE.has(ext) && /\bgzip\b/.test(req.headers['accept-encoding'] || '')) {
      if (!cache.has(file)) cache.set(file, gzipSync(body, { level: 6 }));
      body = cache.get(file);
      headers['Content-Encoding'] = 'gzip';
    }
    res.writeHead(200, headers).end(body);
  });
  await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
  return {
    url: `http://127.0.0.1:${server.address().port}/`,
    /** Requests that arrived from `since` to `until` (ms since the epoch). */
    requests: (since, until = Infinity) => arrivals.filter((t) => t >= since && t <= until).length,
    close: () => new Promise((ok) => server.close(ok)),
  };
}

