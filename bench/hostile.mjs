// Hostile-input benchmark (a script, not a timed test): for each class of hostile input it
// makes a site from tests/broken/_base with about SIZE MB of that input, runs `leerpad build`
// (and `check` for one), and prints seconds and peak memory per MB of input. Classes that are
// refused at a bound show what the refusal costs.
//
//   node bench/hostile.mjs [SIZE_MB] [CLASS…]     (default 2 MB, every class)
//   LEERPAD_BIN=path/to/leerpad                   (default target/release/leerpad)
//
// Work goes to target/hostile/. Needs GNU time (/usr/bin/time) for the peak memory.

import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync, readdirSync, unlinkSync } from 'node:fs';
import { join, resolve } from 'node:path';

const repo = resolve(new URL('..', import.meta.url).pathname);
const bin = resolve(process.env.LEERPAD_BIN ?? join(repo, 'target/release/leerpad'));
const sizeMb = Number(process.argv[2] ?? 2);
const wanted = process.argv.slice(3);
const bytes = sizeMb * 1024 * 1024;
const work = join(repo, 'target/hostile');
const lesson = 'content/modules/01-signalen/03-x.md';
const fm = '---\ntitle: X\n---\n';

/** Repeats `unit` until `prefix + units` is about `bytes` long. */
const fill = (unit, prefix = '', suffix = '') =>
  prefix + unit.repeat(Math.max(1, Math.floor((bytes - prefix.length - suffix.length) / unit.length))) + suffix;

const word = 'a'.repeat(20000);
const classes = {
  'long-words': { [lesson]: fill(`${word}\n\n\`${word}\`\n\n<https://x.be/${word}>\n\n`, `---\ntitle: T ${word}\nsummary: S ${word}\n---\n`) },
  'long-line': { [lesson]: fill('woord ', fm, '\n') },
  'equal-headings': { [lesson]: fill('## Kop\n\n', fm) },
  'broken-anchors': { [lesson]: fill('[x](#nergens)\n\n', fm + '## Kop\n\n'.repeat(5000)) },
  footnotes: { [lesson]: fill('Tekst[^a].\n\n[^a]: Noot.\n\n', fm) },
  quizzes: { [lesson]: fill('```quiz\nquestion: Q?\nanswers:\n  - text: A\n    correct: true\n    feedback: F\n  - text: B\n    correct: false\n    feedback: G\n```\n\n', fm) },
  'glossary-duplicates': { 'content/begrippen.md': fill('## Signaal\n\nEen teken.\n\n', '---\ntitle: Begrippen\n---\n') },
  'partner-duplicates': {
    'partners.yaml': fill('  - id: dubbel\n    name: Dubbel\n    category: vk\n    regions: [oost-vlaanderen]\n',
      'regions:\n  - id: oost-vlaanderen\n    name: O\n    kind: province\ncategories:\n  - id: vk\n    name: VK\n    short: VK\npartners:\n'),
  },
  'partner-bad-urls': {
    'partners.yaml': 'regions:\n  - id: oost-vlaanderen\n    name: O\n    kind: province\ncategories:\n  - id: vk\n    name: VK\n    short: VK\npartners:\n' +
      Array.from({ length: Math.floor(bytes / 110) }, (_, i) => `  - id: p${i}\n    name: P\n    category: vk\n    regions: [oost-vlaanderen]\n    website: javascript:x${i}\n`).join(''),
  },
  'alias-bomb': { 'partners.yaml': 'a: &a0 [x, x, x, x, x, x, x, x, x]\n' + Array.from({ length: 9 }, (_, i) => `b${i}: &a${i + 1} [${Array(9).fill(`*a${i}`).join(', ')}]\n`).join('') + fill('# pad\n') },
  'aliases-front-matter': { [lesson]: fill('x: *t\n', '---\ntitle: &t X\n', '---\n') },
  'deep-flow-yaml': { 'partners.yaml': fill('[', 'regions: ') },
  'deep-front-matter': { [lesson]: fill('[', '---\ntitle: ', '\n---\n') },
  'deep-markdown': { [lesson]: fill('> ', fm, 'x\n') },
  'deep-lists': { [lesson]: fill('- ', fm, 'x\n') },
  'nested-inline': { [lesson]: fm + '*['.repeat(Math.floor(bytes / 10)) + 'x' + '](a.md)*'.repeat(Math.floor(bytes / 10)) },
  'many-errors': { [lesson]: fill('[weg](nergens.md)\n\n', fm) },
};

function site(name, files) {
  const dir = join(work, name);
  rmSync(dir, { recursive: true, force: true });
  cpSync(join(repo, 'tests/broken/_base'), dir, { recursive: true });
  cpSync(join(repo, 'themes/default'), join(dir, 'themes/default'), { recursive: true });
  let input = 0;
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(dir, path, '..'), { recursive: true });
    writeFileSync(join(dir, path), text);
    input += Buffer.byteLength(text);
  }
  return { dir, input };
}

function measure(args) {
  const run = spawnSync('/usr/bin/time', ['-f', '%e %M', bin, ...args], { encoding: 'utf8', maxBuffer: 1 << 30 });
  const last = run.stderr.trim().split('\n').pop();
  const [seconds, kb] = last.split(' ').map(Number);
  const errors = run.stderr.split('\n').filter((l) => l.startsWith('error: ')).length;
  return { seconds, mb: kb / 1024, status: run.status, errors, first: run.stderr.split('\n')[0].slice(0, 120) };
}

mkdirSync(work, { recursive: true });
const rows = [];
for (const [name, files] of Object.entries(classes)) {
  if (wanted.length && !wanted.includes(name)) continue;
  const { dir, input } = site(name, files);
  const inputMb = input / (1024 * 1024);
  for (const command of name === 'long-words' ? ['build', 'check'] : ['build']) {
    const r = measure([command, '--root', dir]);
    rows.push({ name: `${name} (${command})`, inputMb, ...r });
  }
  rmSync(dir, { recursive: true, force: true });
}
console.log('class                              input MB   exit  errors      s   s/MB  peak MB  MB/MB  first line');
for (const r of rows) {
  console.log(
    `${r.name.padEnd(34)} ${r.inputMb.toFixed(2).padStart(8)} ${String(r.status).padStart(6)} ${String(r.errors).padStart(7)} ${r.seconds.toFixed(2).padStart(6)} ${(r.seconds / r.inputMb).toFixed(2).padStart(6)} ${r.mb.toFixed(0).padStart(8)} ${(r.mb / r.inputMb).toFixed(0).padStart(6)}  ${r.first}`,
  );
}
const worstTime = rows.reduce((a, b) => (b.seconds / b.inputMb > a.seconds / a.inputMb ? b : a));
const worstMemory = rows.reduce((a, b) => (b.mb / b.inputMb > a.mb / a.inputMb ? b : a));
console.log(`worst time: ${worstTime.name}, ${(worstTime.seconds / worstTime.inputMb).toFixed(2)} s/MB`);
console.log(`worst memory: ${worstMemory.name}, ${(worstMemory.mb / worstMemory.inputMb).toFixed(0)} MB/MB`);
