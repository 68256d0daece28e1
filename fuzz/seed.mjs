// Seeds fuzz/corpus/<target>/ from the bundled site and the broken-site base, so the fuzzers
// start from real lessons, blocks and partners. Run from the repository root: node fuzz/seed.mjs
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const corpus = (target) => { const dir = join(root, 'fuzz/corpus', target); mkdirSync(dir, { recursive: true }); return dir; };
const walk = (dir) => readdirSync(dir).flatMap((n) => {
  const p = join(dir, n);
  return statSync(p).isDirectory() ? walk(p) : p.endsWith('.md') ? [p] : [];
});
const lessons = [...walk(join(root, 'content')), ...walk(join(root, 'tests/broken/_base/content'))];
let n = 0;
const put = (target, bytes) => writeFileSync(join(corpus(target), `seed-${n++}`), bytes);
for (const file of lessons) {
  const text = readFileSync(file, 'utf8');
  put('front_matter', text);
  put('markdown', text.replace(/^---\n[\s\S]*?\n---\n/, ''));
  for (const kind of ['quiz', 'chart']) {
    for (const m of text.matchAll(new RegExp('```' + kind + '\\n([\\s\\S]*?)```', 'g'))) put(kind, m[1]);
  }
}
for (const file of ['partners.yaml', 'tests/broken/_base/partners.yaml']) put('partners', readFileSync(join(root, file)));
// whole_build: config \0\0 partners \0\0 (path index byte + file) \0\0 …, paths as in whole_build.rs.
const base = join(root, 'tests/broken/_base');
const files = [
  [0, 'content/_index.md'], [1, 'content/begrippen.md'], [2, 'content/over.md'],
  [3, 'content/modules/01-signalen/_module.md'], [4, 'content/modules/01-signalen/01-kind.md'],
  [5, 'content/modules/01-signalen/02-ouders.md'], [9, 'content/stappen/01-begin.md'],
  [10, 'content/stappen/02-overleg.md'], [11, 'content/stappen/03-einde.md'], [12, 'content/stappen/04-acuut-gevaar.md'],
];
const sep = Buffer.from([0, 0]);
const chunks = [readFileSync(join(base, 'leerpad.toml')), readFileSync(join(base, 'partners.yaml'))];
for (const [i, path] of files) {
  // Links and slugs in the seed follow whole_build.rs's paths.
  const text = readFileSync(join(base, path), 'utf8').replaceAll('01-signalen/01-kind', '01-a/01-x')
    .replaceAll('02-ouders.md', '02-y.md').replace('to: overleg', 'to: verder').replace('to: acuut-gevaar', 'to: acuut')
    .replace('steps: [overleg]', 'steps: [verder]');
  chunks.push(Buffer.concat([Buffer.from([i]), Buffer.from(text)]));
}
put('whole_build', Buffer.concat(chunks.flatMap((c, i) => (i ? [sep, c] : [c]))));
console.log(`seeded ${n} inputs`);
