#!/usr/bin/env node
// Serve benchmark (a script, not a timed test): how long `leerpad serve` takes to rebuild after
// one lesson is saved, against a full `leerpad build` of the same site measured in the same run.
//
//   node bench/serve-bench.mjs --root DIR [--bin target/release/leerpad] [--saves 8] [--builds 3]
//
// Starts `leerpad serve --port 0` on DIR, waits for its first build, then saves one lesson
// SAVES times (each save changes a sentence of its text; every third save also changes its
// title, every fourth a heading, so neighbours, the module page and linking pages change too).
// After each save it waits for the server's `rebuilt in … ms, … ms CPU` line, then fetches the
// lesson's page and checks that it shows the new text. Prints each rebuild's wall and CPU time
// as the server measured them, and their medians against the medians of BUILDS full builds
// into a temporary folder (wall, and CPU = user + system by /usr/bin/time). On a busy machine
// the CPU ratio is the one to trust. The lesson file is restored at the end.

import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir, loadavg } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';

function args() {
  const a = { root: null, bin: 'target/release/leerpad', saves: 8, builds: 3 };
  const argv = process.argv.slice(2);
  for (let i = 0; i < argv.length; i++) {
    const k = argv[i];
    if (k === '--root') a.root = argv[++i];
    else if (k === '--bin') a.bin = argv[++i];
    else if (k === '--saves') a.saves = Number(argv[++i]);
    else if (k === '--builds') a.builds = Number(argv[++i]);
    else throw new Error(`unknown argument ${k}`);
  }
  if (!a.root) throw new Error('usage: node bench/serve-bench.mjs --root DIR [--bin BIN] [--saves N] [--builds N]');
  return a;
}

const median = (xs) => {
  const s = [...xs].sort((x, y) => x - y);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

/** A lesson in the middle of the site: its file and its page's path. */
function pickLesson(root) {
  const modulesDir = join(root, 'content', 'modules');
  const modules = readdirSync(modulesDir).sort();
  const module = modules[Math.floor(modules.length / 2)];
  const lessons = readdirSync(join(modulesDir, module)).filter((f) => /^\d+-.*\.md$/.test(f)).sort();
  const lesson = lessons[Math.floor(lessons.length / 2)];
  return { file: join(modulesDir, module, lesson), module, lesson };
}

// The full builds write to memory (tmpfs) where the machine has it, as serve does: on these
// machines ext4 made creating a few thousand files just after deleting others cost seconds of
// system time, some runs and not others, which is the disk's figure and not leerpad's (and it
// made the saves look cheaper against it).
const MEMORY_DIR = '/dev/shm';

function fullBuilds(bin, root, n) {
  const base = existsSync(MEMORY_DIR) ? MEMORY_DIR : tmpdir();
  const out = mkdtempSync(join(base, 'leerpad-serve-bench-'));
  const times = [];
  const cpus = [];
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    const r = spawnSync('/usr/bin/time', ['-f', 'CPU %U %S', bin, 'build', '--root', root, '--out', join(out, 'site')], { stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8', maxBuffer: 1 << 28 });
    times.push(performance.now() - t);
    if (r.status !== 0) throw new Error(`leerpad build failed (exit ${r.status})`);
    const m = r.stderr.match(/CPU ([\d.]+) ([\d.]+)\s*$/);
    cpus.push(m ? (Number(m[1]) + Number(m[2])) * 1000 : NaN);
  }
  rmSync(out, { recursive: true, force: true });
  return { times, cpus, dir: base };
}

/** Lines of the server's stdout, awaited one by one. */
function lineReader(stream) {
  let buffer = '';
  const lines = [];
  const waiters = [];
  stream.setEncoding('utf8');
  stream.on('data', (chunk) => {
    buffer += chunk;
    let i;
    while ((i = buffer.indexOf('\n')) >= 0) {
      const line = buffer.slice(0, i);
      buffer = buffer.slice(i + 1);
      const w = waiters.shift();
      if (w) w(line); else lines.push(line);
    }
  });
  return () => new Promise((resolve, reject) => {
    if (lines.length) return resolve(lines.shift());
    const timer = setTimeout(() => reject(new Error('no line from the server within 120 s')), 120000);
    waiters.push((line) => { clearTimeout(timer); resolve(line); });
  });
}

async function untilLine(next, pattern) {
  for (;;) {
    const line = await next();
    const m = line.match(pattern);
    if (m) return m;
  }
}

const REBUILT = /rebuilt in ([\d.]+) ms, ([\d.]+) ms CPU/;

async function main() {
  const a = args();
  const builds = fullBuilds(a.bin, a.root, a.builds);
  const { file, module, lesson } = pickLesson(a.root);
  const original = readFileSync(file, 'utf8');
  const server = spawn(a.bin, ['serve', '--port', '0', '--root', a.root], { stdio: ['ignore', 'pipe', 'ignore'] });
  const next = lineReader(server.stdout);
  const rebuilds = [];
  const rebuildCpus = [];
  let first;
  try {
    first = Number((await untilLine(next, REBUILT))[1]);
    const port = Number((await untilLine(next, /http:\/\/127\.0\.0\.1:(\d+)\//))[1]);
    for (let i = 1; i <= a.saves; i++) {
      const marker = `Meetzin ${i} van de serve-meting.`;
      let text = original.replace(/\n---\n/, `\n---\n${marker} `);
      if (i % 3 === 0) text = text.replace(/^title: (.*)$/m, `title: $1 ${i}`);
      if (i % 4 === 0) text = text.replace(/^## (.*)$/m, `## $1 ${i}`);
      writeFileSync(file, text);
      const line = await untilLine(next, REBUILT);
      const ms = Number(line[1]);
      rebuilds.push(ms);
      rebuildCpus.push(Number(line[2]));
      const slug = lesson.replace(/^\d+-/, '').replace(/\.md$/, '');
      const moduleSlug = module.replace(/^\d+-/, '');
      const res = await fetch(`http://127.0.0.1:${port}/modules/${moduleSlug}/${slug}/`);
      const page = await res.text();
      if (!page.includes(marker)) throw new Error(`save ${i}: the served page does not show the new text`);
      console.log(`save ${i}: rebuilt in ${ms.toFixed(1)} ms, ${line[2]} ms CPU${process.env.SERVE_LINES ? ` (${line.input.split("(").slice(1).join("(")}` : ""}`);
    }
  } finally {
    writeFileSync(file, original);
    server.kill();
  }
  const full = median(builds.times);
  const fullCpu = median(builds.cpus);
  const m = median(rebuilds);
  const mc = median(rebuildCpus);
  console.log(`full build (leerpad build into ${builds.dir}, median of ${builds.times.length}): ${full.toFixed(0)} ms wall, ${fullCpu.toFixed(0)} ms CPU; serve's first build: ${first.toFixed(1)} ms wall`);
  console.log(`rebuild after one save: median ${m.toFixed(1)} ms wall (min ${Math.min(...rebuilds).toFixed(1)}, max ${Math.max(...rebuilds).toFixed(1)}), ${mc.toFixed(1)} ms CPU; ${(m / full).toFixed(3)}× the full build's wall, ${(mc / fullCpu).toFixed(3)}× its CPU`);
  console.log(`load average: ${loadavg().map((x) => x.toFixed(2)).join(' ')}`);
}

main().catch((e) => { console.error(e.message); process.exit(1); });
