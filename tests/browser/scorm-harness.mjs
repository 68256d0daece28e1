// Shared set-up for the SCORM browser tests: make a package with `leerpad package`, read the zip
// (a small reader of its own, so the test also checks the zip's format), and serve the package
// under /pkg/ beside a test LMS under /lms/ (tests/browser/scorm-lms/ and scorm-again's API from
// node_modules) on one 127.0.0.1 origin, as an LMS serves a package and its player.

import { spawnSync } from 'node:child_process';
import { createServer } from 'node:http';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { extname, join } from 'node:path';
import { inflateRawSync } from 'node:zlib';
import { REPO } from './harness.mjs';

const BIN = process.env.LEERPAD_BIN || join(process.env.CARGO_TARGET_DIR || join(REPO, 'target'), 'release/leerpad');

const TYPES = {
  '.html': 'text/html; charset=utf-8', '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8', '.json': 'application/json',
  '.webmanifest': 'application/manifest+json', '.svg': 'image/svg+xml', '.xml': 'application/xml',
};

/** Runs `leerpad package ARGS` for `root` and returns the zip's bytes. */
export function makePackage(args, root = REPO, name = 'scorm-test.zip') {
  mkdirSync(join(REPO, 'target', 'scorm'), { recursive: true });
  const out = join(REPO, 'target', 'scorm', name);
  const run = spawnSync(BIN, ['package', ...args, '--root', root, '--out', out], { encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`leerpad package failed:\n${run.stdout}\n${run.stderr}`);
  return readFileSync(out);
}

/** The files of a zip, by name, in the zip's order. */
export function unzip(bytes) {
  const files = new Map();
  let end = bytes.length - 22;
  while (end >= 0 && bytes.readUInt32LE(end) !== 0x06054b50) end -= 1;
  if (end < 0) throw new Error('no end of central directory');
  const count = bytes.readUInt16LE(end + 10);
  let at = bytes.readUInt32LE(end + 16);
  for (let i = 0; i < count; i += 1) {
    if (bytes.readUInt32LE(at) !== 0x02014b50) throw new Error(`bad central entry ${i}`);
    const method = bytes.readUInt16LE(at + 10);
    const size = bytes.readUInt32LE(at + 20);
    const nameLength = bytes.readUInt16LE(at + 28);
    const extra = bytes.readUInt16LE(at + 30);
    const comment = bytes.readUInt16LE(at + 32);
    const local = bytes.readUInt32LE(at + 42);
    const name = bytes.subarray(at + 46, at + 46 + nameLength).toString('utf8');
    const start = local + 30 + bytes.readUInt16LE(local + 26) + bytes.readUInt16LE(local + 28);
    const data = bytes.subarray(start, start + size);
    files.set(name, method === 8 ? inflateRawSync(data) : Buffer.from(data));
    at += 46 + nameLength + extra + comment;
  }
  return files;
}

const LMS_FILES = {
  'index.html': join(REPO, 'tests/browser/scorm-lms/index.html'),
  'lms.js': join(REPO, 'tests/browser/scorm-lms/lms.js'),
  'scorm12.js': join(REPO, 'node_modules/scorm-again/dist/scorm12.js'),
  'scorm2004.js': join(REPO, 'node_modules/scorm-again/dist/scorm2004.js'),
};

/** Serves the package `files` under /pkg/ and the test LMS under /lms/. */
export async function serveLms(files) {
  for (const file of Object.values(LMS_FILES)) {
    if (!existsSync(file)) throw new Error(`${file} is missing: run "npm ci" (tests/run.sh does)`);
  }
  const requests = [];
  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    requests.push(path);
    let body = null;
    if (path.startsWith('/lms/') && LMS_FILES[path.slice(5)]) body = readFileSync(LMS_FILES[path.slice(5)]);
    if (path.startsWith('/pkg/')) {
      const name = path.slice(5);
      body = files.get(name) || files.get(`${name}index.html`) || null;
    }
    if (!body) {
      res.writeHead(404, { 'Content-Type': 'text/plain' }).end('not found');
      return;
    }
    res.writeHead(200, { 'Content-Type': TYPES[extname(path)] || TYPES['.html'] }).end(body);
  });
  await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
  const { port } = server.address();
  return { url: `http://127.0.0.1:${port}/`, requests, close: () => new Promise((ok) => server.close(ok)) };
}

/** The SCOs of a manifest, parsed by the browser's XML parser: [{item, title, href}] in order. */
export async function scosOf(page, manifest) {
  return page.evaluate((xml) => {
    const doc = new DOMParser().parseFromString(xml, 'application/xml');
    if (doc.querySelector('parsererror')) throw new Error('the manifest is not well-formed');
    const resources = new Map([...doc.getElementsByTagName('resource')].map((r) => [r.getAttribute('identifier'), r]));
    return [...doc.getElementsByTagName('item')]
      .filter((item) => item.getAttribute('identifierref'))
      .map((item) => ({
        item: item.getAttribute('identifier'),
        title: item.getElementsByTagName('title')[0].textContent,
        href: resources.get(item.getAttribute('identifierref')).getAttribute('href') +
          (item.getAttribute('parameters') || ''),
      }));
  }, manifest);
}
