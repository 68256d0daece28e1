// The search index: decoding (pure), and on a generated site built by the release binary, that
// a query's results do not depend on which shards earlier queries loaded, and that it loads only
// what it needs. The site comes from bench/gen-corpus.mjs; tests/search-cli.mjs searches it with
// the very scripts the browser runs, loading shards as the browser does. (That the shards hold
// exactly the postings of elasticlunr-rs's own index is src/search/shards.rs's unit test.)
//
// The generated-site tests are skipped (not failed) when the binary is missing, like
// search-ranking.test.mjs; tests/run.sh builds it first.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import shards from '../../themes/default/static/js/search-shards.js';
import core from '../../themes/default/static/js/search-core.js';
import { loadSite } from '../search-cli.mjs';

const { fileOf, filesWithPrefix } = shards;
const { decodeNumbers, decodePostings } = core;

const REPO = resolve(fileURLToPath(import.meta.url), '../../..');
const BIN = process.env.LEERPAD_BIN || join(process.env.CARGO_TARGET_DIR || join(REPO, 'target'), 'release/leerpad');
const skip = existsSync(BIN) ? false : `${BIN} is missing (cargo build --release)`;

test('numbers decode from base 32 with continuation digits', () => {
  // The same strings as src/search/shards.rs's unit test.
  assert.deepEqual(decodeNumbers('01vB0-8'), [0, 1, 31, 32, 1000]);
  assert.deepEqual(decodeNumbers(''), []);
  // Documents 0, 1 (twice), 5 (four times), with field lengths 3, 4 and 40.
  const list = decodePostings('0310472B8');
  assert.deepEqual([...list.refs], [0, 1, 5]);
  assert.deepEqual([...list.counts], [1, 2, 4]);
  assert.deepEqual([...list.lengths], [3, 4, 40]);
  assert.equal(list.df, 3);
});

test('a key is in the last file that starts at or before it; a prefix may span files', () => {
  const starts = ['', 'b', 'kind', 'kinderm', 'l'];
  assert.equal(fileOf(starts, 'aap'), 0);
  assert.equal(fileOf(starts, 'b'), 1);
  assert.equal(fileOf(starts, 'kin'), 1);
  assert.equal(fileOf(starts, 'kinderen'), 2);
  assert.equal(fileOf(starts, 'zz'), 4);
  assert.deepEqual(filesWithPrefix(starts, 'kin'), [1, 2, 3]);
  assert.deepEqual(filesWithPrefix(starts, 'kinder'), [2, 3]);
  assert.deepEqual(filesWithPrefix(starts, 'x'), [4]);
});

/**
 * A source over two fairly common words, "aaa" and "bbb" (documents 0 and 1, body lengths 3 and
 * 4), each with its lists with lengths in a postings file of its own, a copy without them in
 * postings/2, that copy in the ends file too, and the lengths in lengths/2. Returns the source
 * and the names it loaded, in order.
 */
function fairlyCommon() {
  const manifest = {
    fields: ['title', 'context', 'body'],
    docs: 2,
    terms: 2,
    termFiles: [''],
    endFiles: [''],
    docFiles: [[2, 2]],
    kinds: [['', 2]],
    averageLengths: [1, 1, 3.5],
  };
  const files = {
    'terms/0': { terms: 'aaa bbb', df: '22', inline: '!0/2~2;!1/2~2' },
    'ends/0': { terms: 'aaa bbb', df: '22', inline: '!0/2~2|,,~00;!1/2~2|,,~00' },
    'postings/0': { terms: 'aaa', postings: [['', '', '0304']] },
    'postings/1': { terms: 'bbb', postings: [['', '', '0304']] },
    'postings/2': { terms: 'aaa bbb', postings: [['', '', '~00'], ['', '', '~00']] },
    'lengths/2': '34',
  };
  const loaded = [];
  const source = shards.createShardSource(manifest, {
    load(name) {
      loaded.push(name);
      source.add(name, files[name]);
    },
  });
  return { source, loaded };
}

/** Runs `step` until the source lacks nothing (at most 5 rounds); returns its last answer. */
function settle(source, step) {
  for (let i = 0; i < 5; i++) {
    const out = step();
    if (!source.missing() && out !== null && out !== false) return out;
    source.load();
  }
  throw new Error('the source still lacks files');
}

test('two fairly common words load the lengths once instead of a postings file each', () => {
  const { source, loaded } = fairlyCommon();
  settle(source, () => source.hasTerm('aaa', { ends: true }) && source.hasTerm('bbb', { ends: true }));
  settle(source, () => source.prepare(['aaa', 'bbb']));
  assert.deepEqual(loaded, ['ends/0', 'lengths/2']);
  for (const term of ['aaa', 'bbb']) {
    const list = source.postings('body', term);
    assert.deepEqual([...list.refs], [0, 1]);
    assert.equal(source.fieldLength(1, 'body'), 4);
  }
  // One such word: its postings file, which is smaller than the lengths.
  const one = fairlyCommon();
  settle(one.source, () => one.source.hasTerm('aaa', { ends: true }));
  settle(one.source, () => one.source.prepare(['aaa']));
  assert.deepEqual(one.loaded, ['ends/0', 'postings/0']);
  assert.deepEqual([...one.source.postings('body', 'aaa').lengths], [3, 4]);
});

// ------------------------------------------------------------------ generated sites

const LESSONS = 150;

/** Every stored document of a site, with its text. */
function allDocs(loaded) {
  const refs = Array.from({ length: loaded.data.shards.docs }, (_, i) => String(i));
  loaded.engine.loadDocs(refs);
  return refs.map((ref) => loaded.engine.doc(ref));
}
let built = null;
function site() {
  if (!built) {
    const base = join(REPO, 'target', 'search-shards-test');
    const root = join(base, 'corpus');
    const out = join(base, 'site');
    rmSync(out, { recursive: true, force: true });
    mkdirSync(base, { recursive: true });
    const gen = spawnSync(process.execPath, [
      join(REPO, 'bench', 'gen-corpus.mjs'), '--lessons', String(LESSONS), '--out', root,
    ], { encoding: 'utf8' });
    if (gen.status !== 0) throw new Error(`gen-corpus failed:\n${gen.stderr}`);
    const run = spawnSync(BIN, ['build', '--root', root, '--out', out], { encoding: 'utf8' });
    if (run.status !== 0) throw new Error(`leerpad build failed:\n${run.stdout}\n${run.stderr}`);
    built = out;
  }
  return built;
}

// Queries of every kind: phrases, abbreviations, compounds, partial words, and words of the
// generated text (from the stored documents, every 7th word).
function queries() {
  const fixed = [
    'blauwe plekken', 'ouders willen niet meewerken', 'anoniem advies', 'mishandeling', 'VK', 'OCJ', 'CAW', '1G1P',
    'Vertrouwenscentrum Kindermishandeling', 'veiligheid', 'thuisveiligheid', 'kindermishandeling', 'netwerk overleg',
    'gevaarsituatie melden', 'de het een', '', '   ',
  ];
  const out = fixed.map((q) => [q, false]);
  for (const q of fixed) for (let n = 3; n <= 9; n += 2) out.push([q.slice(0, n), true]);
  const words = [];
  for (const doc of allDocs(loadSite(site()))) words.push(...`${doc.title} ${doc.text}`.split(/\s+/));
  for (let i = 0; i < words.length && out.length < 600; i += 7 * 97) {
    out.push([words[i], false], [`${words[i]} ${words[i + 3] || ''}`, false], [words[i].slice(0, 4), true]);
  }
  return out;
}

test('a query gives the same results whatever earlier queries loaded', { skip }, () => {
  const warm = loadSite(site());
  const all = queries();
  assert.ok(all.length > 300, `${all.length} queries`);
  // Every shard of every query loaded first: the warm engine has all it will need.
  for (const [q, partial] of all) warm.search(q, { partial, limit: 20 });
  for (const [q, partial] of all) {
    const fresh = loadSite(site()).search(q, { partial, limit: 20 });
    assert.deepEqual(warm.search(q, { partial, limit: 20 }), fresh, `"${q}"${partial ? ' (typing)' : ''}`);
  }
});

test('near spellings are the same from the first two letters and from the first three and the end', { skip }, () => {
  // Misspelt words of the generated site (a letter dropped, doubled, swapped or changed at every
  // place), each looked up both ways: every term of its first two letters, or the narrow way.
  const words = new Set();
  for (const [q] of queries()) for (const w of q.toLowerCase().split(/[^a-z]+/)) if (w.length >= 7) words.add(w);
  const typos = [];
  for (const w of [...words].slice(0, 12)) {
    for (let i = 0; i < w.length; i++) {
      typos.push(w.slice(0, i) + w.slice(i + 1), w.slice(0, i) + w[i] + w.slice(i), w.slice(0, i) + 'x' + w.slice(i + 1));
      if (i + 1 < w.length) typos.push(w.slice(0, i) + w[i + 1] + w[i] + w.slice(i + 2));
    }
  }
  assert.ok(typos.length > 300, `${typos.length} misspellings`);
  const wide = loadSite(site());
  wide.engine.source.lookupCost = undefined;
  const narrow = loadSite(site());
  narrow.engine.source.lookupCost = ({ ending }) => (ending ? 0 : 1);
  for (const q of typos) {
    assert.deepEqual(narrow.engine.suggest(q), wide.engine.suggest(q), `suggestions for "${q}"`);
    assert.deepEqual(narrow.search(q, { limit: 10 }), wide.search(q, { limit: 10 }), `"${q}"`);
  }
});

function shardCount(dir) {
  let n = 0;
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    n += statSync(path).isDirectory() ? shardCount(path) : 1;
  }
  return n;
}

test('a query loads the scripts with the manifest and a few shards only', { skip }, () => {
  const dir = site();
  const total = shardCount(join(dir, 'zoeken')) - 2; // without index.js and index.html
  for (const [q, partial] of [['kindermishandeling', false], ['veiligheidsm', true], ['VK', false]]) {
    const fresh = loadSite(dir);
    const found = fresh.search(q, { partial, limit: 8 });
    assert.ok(found.length > 0, q);
    const files = fresh.transfer().map((f) => f.file);
    // The manifest is at the start of js/search.js: the search box makes no request for it.
    assert.deepEqual(files.slice(0, 1), ['js/search.js']);
    const loaded = files.slice(1);
    assert.ok(loaded.length < total / 10, `"${q}" loaded ${loaded.length} of ${total} shards`);
    assert.ok(loaded.every((f) => /^zoeken\/(terms|ends|postings|lengths|docs)\/\d+\.js$/.test(f)), loaded.join());
  }
});

// Ranking on the generated site.
const RANKING = [
  ['VK', 'begrippen/#vk'],
  ['Vertrouwenscentrum Kindermishandeling', 'begrippen/#vk'],
  ['OCJ', 'begrippen/#ocj'],
  ['1G1P', 'begrippen/#1g1p'],
];

for (const [query, expected] of RANKING) {
  test(`"${query}" has ${expected} in the top 3`, { skip }, () => {
    const top = loadSite(site()).search(query, { limit: 3 }).map((r) => r.url);
    assert.ok(top.some((url) => url.startsWith(expected)), `top 3: ${top.join(', ')}`);
  });
}

test('a lesson is found by its title, also while typing it', { skip }, () => {
  const s = loadSite(site());
  const lessons = allDocs(loadSite(site())).filter((d) => d.crumb.split(' › ').length === 2 && d.url.startsWith('modules/'));
  assert.ok(lessons.length > 100);
  // Top 10: a generated title of two common words ("Verontrustend kind") is also the heading of
  // sections elsewhere, which rank as high.
  for (const lesson of lessons.filter((_, i) => i % 15 === 0)) {
    const top = s.search(lesson.title, { limit: 10 }).map((r) => r.url);
    assert.ok(top.some((url) => url.startsWith(lesson.url)), `"${lesson.title}": ${top.join(', ')}`);
  }
});

test('compounds, partial words, stop words and a huge query', { skip }, () => {
  const s = loadSite(site());
  const found = s.search('mishandeling', { limit: 200 });
  assert.ok(found.some((r) => r.terms.includes('kindermishandel') && !r.terms.includes('mishandel')), 'a compound-only hit');
  assert.ok(s.search('kindermishan', { partial: true, limit: 3 })[0].terms.includes('kindermishandel'));
  assert.deepEqual(s.search('de het een'), []);
  assert.deepEqual(s.search(''), []);
  const start = performance.now();
  s.search('kindermishandeling ouders '.repeat(400).slice(0, 10000), { limit: 10 });
  assert.ok(performance.now() - start < 2000);
});
