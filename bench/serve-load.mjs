// A bounded local load test for `leerpad serve` (127.0.0.1 only).
//
// Usage: node bench/serve-load.mjs [path/to/leerpad]   (default: target/release/leerpad)
//
// On a copy of this repository's site it starts `leerpad serve --port 0`, then holds
// 200 slow clients open (100 that send their request head one byte every 400 ms, 100 that ask
// for a 4 MB file and never read it) while it sends 500 normal requests at once, ten rounds 400 ms apart,
// and saves a lesson every 300 ms so the server rebuilds meanwhile. It checks that every normal
// request is answered (200) within a second, and that the server's memory (VmRSS) is back near
// its baseline once the slow clients are gone. Bounded: 200 + 5,000 connections, under a minute.
// Exit 1 when a check fails. The figures are printed for the README.

import { spawn } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const repo = resolve(new URL('..', import.meta.url).pathname);
const binary = resolve(process.argv[2] ?? join(repo, 'target/release/leerpad'));
const SLOW_HEADS = 100;
const NON_READERS = 100;
const CONCURRENT = 500;
const ROUNDS = 10;
const LIMIT_MS = 1000;
/// Memory may end this much above the baseline (allocator caches, thread stacks kept).
const MEMORY_SLACK_KB = 64 * 1024;

const site = mkdtempSync(join(tmpdir(), 'leerpad-load-'));
for (const part of ['content', 'themes', 'partners.yaml', 'leerpad.toml']) {
  cpSync(join(repo, part), join(site, part), { recursive: true });
}
mkdirSync(join(site, 'static'), { recursive: true });
writeFileSync(join(site, 'static/groot.bin'), Buffer.alloc(4 << 20, 120));
const lesson = join(site, 'content/_index.md');
const original = readFileSync(lesson, 'utf8');

const server = spawn(binary, ['serve', '--port', '0', '--root', site], {
  stdio: ['ignore', 'pipe', 'ignore'],
});
const port = await new Promise((done, fail) => {
  let seen = '';
  server.stdout.on('data', (chunk) => {
    seen += chunk;
    const match = /http:\/\/127\.0\.0\.1:(\d+)\//.exec(seen);
    if (match) done(Number(match[1]));
  });
  server.on('exit', () => fail(new Error('serve stopped before it printed its port')));
  setTimeout(() => fail(new Error('serve printed no port within 30 s')), 30_000);
});
server.stdout.resume();

function rssKb() {
  const status = readFileSync(`/proc/${server.pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)[1]);
}

/** One GET over a fresh connection: resolves to { status, ms }. */
function get(path) {
  return new Promise((done) => {
    const started = performance.now();
    const socket = connect(port, '127.0.0.1');
    let head = '';
    socket.setEncoding('latin1');
    socket.on('connect', () => socket.write(`GET ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n`));
    socket.on('data', (chunk) => {
      head += chunk;
    });
    const finish = () => done({ status: Number(head.slice(9, 12)) || 0, ms: performance.now() - started });
    socket.on('end', finish);
    socket.on('error', finish);
  });
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const paths = ['/', '/zoeken/', '/partners/', '/stappen/', '/css/site.css', '/js/search.js'];

// Warm up, then take the baseline.
for (let i = 0; i < 20; i++) await get(paths[i % paths.length]);
await sleep(500);
const baseline = rssKb();

// The slow clients.
const slow = [];
for (let i = 0; i < SLOW_HEADS; i++) {
  const socket = connect(port, '127.0.0.1');
  socket.on('error', () => {});
  const head = 'GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ' + 'a'.repeat(200);
  let at = 0;
  const timer = setInterval(() => {
    if (at < head.length && !socket.destroyed) socket.write(head[at++]);
  }, 400);
  slow.push({ socket, timer });
}
for (let i = 0; i < NON_READERS; i++) {
  const socket = connect(port, '127.0.0.1');
  socket.on('error', () => {});
  socket.on('connect', () => {
    socket.write('GET /groot.bin HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n');
    socket.pause();
  });
  slow.push({ socket, timer: null });
}
await sleep(1000);

// Saves while the load runs.
let saves = 0;
const saver = setInterval(() => {
  saves++;
  writeFileSync(lesson, `${original}\n\nOpgeslagen ${saves}.\n`);
}, 300);

const latencies = [];
const failures = [];
let peak = 0;
for (let round = 0; round < ROUNDS; round++) {
  const results = await Promise.all(
    Array.from({ length: CONCURRENT }, (_, i) => get(paths[i % paths.length])),
  );
  for (const r of results) {
    latencies.push(r.ms);
    if (r.status !== 200 || r.ms > LIMIT_MS) failures.push(r);
  }
  peak = Math.max(peak, rssKb());
  // Let a save and its rebuild fall between and inside the rounds.
  await sleep(400);
}
clearInterval(saver);
writeFileSync(lesson, original);

for (const { socket, timer } of slow) {
  if (timer) clearInterval(timer);
  socket.destroy();
}
// Threads end when their client is gone or their deadline passes (10 s for a request head,
// 30 s for a response); give them that, then measure.
let after = rssKb();
for (let waited = 0; waited < 35_000 && after > baseline + MEMORY_SLACK_KB; waited += 1000) {
  await sleep(1000);
  after = rssKb();
}
const stillServing = (await get('/')).status === 200;
server.kill();
rmSync(site, { recursive: true, force: true });

latencies.sort((a, b) => a - b);
const pct = (p) => latencies[Math.min(latencies.length - 1, Math.floor(latencies.length * p))].toFixed(1);
console.log(
  `serve load: ${SLOW_HEADS + NON_READERS} slow clients, ${ROUNDS} x ${CONCURRENT} concurrent requests, ${saves} saves`,
);
console.log(`  latency ms: p50 ${pct(0.5)}, p99 ${pct(0.99)}, max ${pct(1)}; over ${LIMIT_MS} ms or not 200: ${failures.length}`);
console.log(`  memory: baseline ${(baseline / 1024).toFixed(1)} MB, peak ${(peak / 1024).toFixed(1)} MB, after ${(after / 1024).toFixed(1)} MB`);
const problems = [];
if (failures.length > 0) problems.push(`${failures.length} requests failed or took over ${LIMIT_MS} ms (first: ${JSON.stringify(failures[0])})`);
if (after > baseline + MEMORY_SLACK_KB) problems.push(`memory did not come back: ${after} kB after, ${baseline} kB before`);
if (!stillServing) problems.push('the server stopped answering');
for (const p of problems) console.error(`FAIL: ${p}`);
process.exit(problems.length === 0 ? 0 : 1);
