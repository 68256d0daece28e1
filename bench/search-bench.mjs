#!/usr/bin/env node
// Measures search on a built site with the code the browser runs (via tests/search-cli.mjs):
// index size raw and gzip, and for 100 queries what showing the first result costs in gzipped
// transfer (the search script, the manifest, shards, stored documents) and the query time.
//
//   node bench/search-bench.mjs SITE_DIR [LABEL]
//
// Prints a few lines of figures. The queries are fixed (domain words, phrases, abbreviations,
// and partial words as typed in the header box), so runs are comparable. Each query starts from
// an empty browser cache (a fresh engine): "first result" counts every file the header box
// loads up to the first result on screen; "8 results" up to a full popup. Query times: "warm"
// is the computation alone once the query's files are loaded (typing on), "cold" includes
// reading and decoding its files (in Node, from disk: no network).

import { readdirSync, readFileSync, statSync } from 'node:fs';
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
const POPUP = 8;
const FIRST = 3;

function files(path) {
  return readdirSync(path).flatMap((name) => {
    const full = join(path, name);
    return statSync(full).isDirectory() ? files(full) : [full];
  });
}

const index = files(join(dir, 'zoeken')).filter((f) => f.endsWith('.js'));
let raw = 0;
let gzip = 0;
for (const f of index) {
  const bytes = readFileSync(f);
  raw += bytes.length;
  gzip += gzipSync(bytes, { level: 9 }).length;
}

const quantile = (sorted, q) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
const median = (sorted) => (sorted[(sorted.length - 1) >> 1] + sorted[sorted.length >> 1]) / 2;
const kb = (n) => `${(n / 1024).toFixed(0)} KB`;
const ms = (n) => `${n.toFixed(2)} ms`;
const total = (list) => list.reduce((n, f) => n + f.gzip, 0);

let start;
const site = loadSite(dir);

// Cold: a fresh engine per query, as a first visit; count the transfer.
const first = [];
const popup = [];
const fileCounts = [];
const roundCounts = [];
const cold = [];
let worst = null;
for (const { q, partial } of QUERIES) {
  const fresh = loadSite(dir);
  start = performance.now();
  // What the popup shows first: the place result (regions.js and its data load with the index)
  // and the results with their texts (the docs shards of the results on screen): the header box shows its first FIRST results as soon as their texts are in.
  const found = fresh.engine.search(q, { partial, limit: POPUP });
  fresh.results(q, { partial, limit: POPUP, shown: FIRST });
  cold.push(performance.now() - start);
  const bytes = total(fresh.transfer());
  first.push(bytes);
  if (!worst || bytes > worst.bytes) worst = { q, partial, bytes };
  fileCounts.push(fresh.transfer().length);
  roundCounts.push(fresh.rounds());
  fresh.engine.loadDocs(found.map((r) => r.ref));
  popup.push(total(fresh.transfer()));
}

// Warm: one engine; a first pass loads every query's files, the second is measured.
for (const { q, partial } of QUERIES) site.engine.search(q, { partial, limit: 10 });
const warm = [];
for (const { q, partial } of QUERIES) {
  start = performance.now();
  site.engine.search(q, { partial, limit: 10 });
  warm.push(performance.now() - start);
}

for (const list of [first, popup, fileCounts, roundCounts, cold, warm]) list.sort((a, b) => a - b);
const docs = site.data.shards.docs;
console.log(
  `${label}: ${docs} documents, ${site.engine.terms} terms; index ${kb(raw)} raw, ${kb(gzip)} gzip in ` +
    `${index.length} file${index.length === 1 ? '' : 's'}`,
);
console.log(
  `  first result: median ${kb(median(first))}, max ${kb(first[first.length - 1])} gzip ` +
    `(worst: "${worst.q}"${worst.partial ? ' typing' : ''}); ${POPUP} results: median ${kb(median(popup))}, ` +
    `max ${kb(popup[popup.length - 1])}; files to the first result (the search script, with the manifest, one of them): median ${median(fileCounts)}, ` +
    `max ${fileCounts[fileCounts.length - 1]}; rounds after the manifest: median ${median(roundCounts)}, ` +
    `max ${roundCounts[roundCounts.length - 1]}`,
);
console.log(
  `  query: warm median ${ms(median(warm))}, p95 ${ms(quantile(warm, 0.95))}, max ${ms(warm[warm.length - 1])}; ` +
    `cold (reading its files) median ${ms(median(cold))}, p95 ${ms(quantile(cold, 0.95))} (100 queries)`,
);
