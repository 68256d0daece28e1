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
// whole_build with a lesson holding a 20,000-character word everywhere (the trie once overflowed).
const word = 'a'.repeat(20000);
put('whole_build', Buffer.concat([...chunks.slice(0, 2), sep, Buffer.from([4]),
  Buffer.from(`---\ntitle: T ${word}\nsummary: S ${word}\n---\n${word}\n\n\`\`\`\n${word}\n\`\`\`\n\n<https://x.be/${word}>\n`)]));

// The hostile classes of issue 14, at sizes under run.sh's -max_len of 64 KB.
const alias = (n) => 'a: &a0 [x, x, x, x, x, x, x, x, x]\n' +
  Array.from({ length: n }, (_, i) => `b${i}: &a${i + 1} [${Array(9).fill(`*a${i}`).join(', ')}]\n`).join('');
const deepFlow = '['.repeat(30000);
const deepBlock = Array.from({ length: 200 }, (_, i) => `${'  '.repeat(i)}k${i}:\n`).join('');
const compact = '- '.repeat(20000) + 'x\n';
for (const yaml of [alias(8), `v: ${deepFlow}\n`, deepBlock, compact, 'summary: |\n  * geen alias\n  &ook niet\n']) {
  put('front_matter', `---\ntitle: A\n${yaml}---\nTekst.\n`);
  put('quiz', `question: Q\n${yaml}answers: []\n`);
  put('chart', `title: T\n${yaml}labels: [a]\nseries: []\n`);
  put('partners', `regions: []\ncategories: []\npartners: []\n${yaml}`);
}
put('front_matter', `---\ntitle: ${word}\nsummary: ${word}\n---\n`);
put('partners', 'regions: []\ncategories:\n  - id: vk\n    name: VK\n    short: VK\npartners:\n' +
  '  - id: dubbel\n    name: D\n    category: vk\n    regions: []\n'.repeat(600));
put('markdown', '## Kop\n\n'.repeat(8000));
put('markdown', Array.from({ length: 3000 }, (_, i) => `## Kop ${i % 7 ? '' : i}\n`).join(''));
put('markdown', 'Tekst[^a].\n\n'.repeat(3000) + '[^a]: Noot.\n\n'.repeat(3000));
put('markdown', `${word}\n\n\`${word}\`\n\n<https://x.be/${word}>\n\n## ${word}\n`);
put('markdown', '![logo](https://example.org/a.png) ![b](//cdn.example/b.png) ![c](data:image/png;base64,AA)\n');
put('markdown', '[x](#nergens)\n\n'.repeat(3000));
console.log(`seeded ${n} inputs`);
