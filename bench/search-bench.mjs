#!/usr/bin/env node
// Measures search on a built site with the code the browser runs (via tests/search-cli.mjs):
// index size raw and gzip, load time, and the median time of 100 queries.
//
//   node bench/search-bench.mjs SITE_DIR [LABEL]
//
// Prints one line of figures. The queries are fixed (domain words, phrases, abbreviations,
// and partial words as typed in the header box), so runs are comparable.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { loadSite } from '../tests/search-cli.mjs';

const [dir, label = dir] = process.argv.slice(2);
if (!dir) {
  console.error('usage: node bench/search-bench.mjs SITE_DIR [LABEL]');
  process.exit(2);
}

const BASE = [
  'blauwe plekken', 'ouders willen niet meewerken', 'anoniem advies', 'wie bel ik in Oudenaarde',
  'mishandeling', 'VK', 'vertrouwenscentrum', 'OCJ', 'MANO', 'niet-pluisgevoel', 'veiligheidsmensen',
  '1 gezin 1 plan', '1G1P', 'acuut gevaar', 'gevaarsituatie melden', 'huisarts', 'kindermishandeling',
  'Ronse', 'Zottegem', 'CAW', 'signalen bij het kind', 'verwaarlozing', 'thuisveiligheid', 'gesprek met ouders',
  'beroepsgeheim', 'dossier bijhouden', 'opvoedingsondersteuning', 'politie', 'netwerk', 'overleg in team',
];
// 100 queries: the base list, then its words typed partially (3 to 8 characters, as-you-type).
const QUERIES = [];
for (const q of BASE) QUERIES.push({ q, partial: false });
for (let i = 0; QUERIES.length < 100; i++) {
  const q = BASE[i % BASE.length];
  QUERIES.push({ q: q.slice(0, 3 + (i % 6)), partial: true });
}

const file = readFileSync(join(dir, 'zoeken', 'index.js'));
const raw = file.length;
const gzip = gzipSync(file, { level: 9 }).length;

let start = performance.now();
const site = loadSite(dir);
const loadMs = performance.now() - start;

// One warm-up pass (JIT, caches), then the measured pass.
for (const { q, partial } of QUERIES) site.engine.search(q, { partial, limit: 10 });
const times = [];
for (const { q, partial } of QUERIES) {
  start = performance.now();
  site.engine.search(q, { partial, limit: 10 });
  times.push(performance.now() - start);
}
times.sort((a, b) => a - b);
const median = (times[49] + times[50]) / 2;
const p95 = times[94];
const docs = Object.keys(site.data.index.documentStore.docInfo).length;
console.log(
  `${label}: ${docs} documents, ${site.engine.terms} terms; index ${raw} bytes raw, ${gzip} bytes gzip; ` +
    `load ${loadMs.toFixed(0)} ms; query median ${median.toFixed(2)} ms, p95 ${p95.toFixed(2)} ms, max ${times[99].toFixed(2)} ms (100 queries)`,
);
