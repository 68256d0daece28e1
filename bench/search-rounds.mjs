#!/usr/bin/env node
// Round trips and files of a first query, with the code the browser runs, in Node (a
// benchmark aid, not a test): the header box's steps as search-ui.js takes them (the search
// and the place check side by side, the region data when a query may name a place, the texts
// of the first three results, "did you mean" when nothing is found), over a loader that
// answers every file after one simulated round trip. Requests and gzip bytes are what
// bench/search-browser.mjs counts in Chromium (it is the reference; this is the quick check
// and says which file came in which round).
//
//   node bench/search-rounds.mjs SITE_DIR [--files] [--top N] [--theme] QUERY…
//
// Prints per query: requests (the search script and the manifest included), KiB gzip, round
// trips after the focus (from a simulated 150 ms round trip and the clock: a busy machine adds
// one now and then), and with --files each round's files and, for postings files, the query's
// terms in them; --top N the first N results; medians / max over the queries. --theme runs
// themes/default's scripts instead of the site's (a generated corpus copies the theme when it
// is made: bench/gen-corpus.mjs).
//
// Owns: this simulation. Does not: rank or decode (the site's js/search.js does).

import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import vm from 'node:vm';
import { gzipSync } from 'node:zlib';

const argv = process.argv.slice(2);
const flag = (name) => {
  const i = argv.indexOf(name);
  if (i < 0) return false;
  argv.splice(i, 1);
  return true;
};
const valued = (name, fallback) => {
  const i = argv.indexOf(name);
  if (i < 0) return fallback;
  const [, value] = argv.splice(i, 2);
  return value;
};
const showFiles = flag('--files');
// The theme's scripts as they are now, instead of the site's js/search.js (its bytes are still
// counted as the site's): to try a change to them without building the site again.
const theme = flag('--theme');
const top = Number(valued('--top', '0'));
const [dir, ...queries] = argv;
if (!dir || queries.length === 0) {
  console.error('usage: node bench/search-rounds.mjs SITE_DIR [--files] [--top N] [--theme] QUERY…');
  process.exit(2);
}
const root = resolve(dir);
const RTT = 150;
const FIRST_SHOWN = 3;

function searchFolder() {
  const home = readFileSync(join(root, 'index.html'), 'utf8');
  const form = /<form[^>]*\bdata-search\b[^>]*>/.exec(home);
  const action = form && /\baction="([^"]*)index\.html"/.exec(form[0]);
  return action ? action[1].replace(/\/$/, '') : 'zoeken';
}

const gzipped = new Map();
function gzip(path) {
  if (!gzipped.has(path)) gzipped.set(path, gzipSync(readFileSync(join(root, path)), { level: 6 }).length);
  return gzipped.get(path);
}

async function firstQuery(query) {
  const folder = searchFolder();
  const log = [];
  const t0 = Date.now();
  const round = () => Math.floor((Date.now() - t0) / RTT);
  const fetched = (path) => log.push({ path, round: round(), bytes: gzip(path) });
  const sandbox = vm.createContext({ window: {} });
  // On focus: the bundle, then (search-ui.js) the manifest, unless the bundle holds it.
  fetched('js/search.js');
  const scope = { window: sandbox.window };
  scope.window = scope;
  // The theme's scripts after the site's manifest, as in the site's js/search.js.
  const bundle = theme
    ? [readFileSync(join(root, folder, 'index.js'), 'utf8'), ...['core', 'engine', 'shards', 'ui'].map((part) => readFileSync(new URL(`../themes/default/static/js/search-${part}.js`, import.meta.url), 'utf8'))].join('\n')
    : readFileSync(join(root, 'js', 'search.js'), 'utf8');
  // eslint-disable-next-line no-new-func
  new Function('globalThis', 'window', bundle)(scope, scope);
  let data = scope.LEERPAD_SEARCH;
  if (!data) {
    fetched(join(folder, 'index.js'));
    vm.runInContext(readFileSync(join(root, folder, 'index.js'), 'utf8'), sandbox);
    data = sandbox.window.LEERPAD_SEARCH;
  }
  const core = scope.LeerpadSearchCore;
  core.setLanguage(data.language);
  const hints = data.hints || {};
  const options = { boosts: data.boosts, synonyms: data.synonyms, questionWords: hints.questionWords, intents: hints.intents, placeWords: hints.placeWords };
  const wait = () => new Promise((done) => setTimeout(done, RTT));
  const source = scope.LeerpadSearchShards.createShardSource(data.shards, {
    load(name) {
      const path = join(folder, `${name}.js`);
      fetched(path);
      return wait().then(() => vm.runInContext(readFileSync(join(root, path), 'utf8'), sandbox));
    },
  });
  sandbox.window.LEERPAD_SEARCH_SHARD = source.add;
  // Which terms' postings were asked for (--files names them by postings file).
  const asked = new Set();
  const postings = source.postings;
  source.postings = (field, term) => {
    asked.add(term);
    return postings(field, term);
  };
  const engine = scope.LeerpadSearchEngine.createEngine(source, options);
  const ui = scope.LeerpadSearchUi;
  const start = Date.now();
  const regions = (async () => {
    const unmatched = ui.mayNamePlace(query, []) ? [] : await engine.unmatchedAsync(ui.placeEnd ? ui.placeEnd(query) : query, { partial: false });
    if (ui.mayNamePlace(query, []) || ui.mayNamePlace(query, unmatched)) {
      fetched('js/regions-data.js');
      fetched('js/regions.js');
      await wait();
    }
  })();
  const [found] = await Promise.all([engine.searchAsync(query, { partial: true, limit: 50 }), regions]);
  await engine.loadDocs(found.slice(0, FIRST_SHOWN).map((r) => r.ref));
  if (found.length === 0) await engine.suggestAsync(query);
  const rounds = Math.floor((Date.now() - start) / RTT);
  const results = found.slice(0, top).map((r) => engine.doc(r.ref) || { url: `(${r.ref})` });
  const why = new Map();
  for (const name of source.loaded().filter((n) => n.startsWith('postings/'))) {
    let data = null;
    const box = vm.createContext({ window: { LEERPAD_SEARCH_SHARD: (_, d) => { data = d; } } });
    vm.runInContext(readFileSync(join(root, folder, `${name}.js`), 'utf8'), box);
    const terms = data.terms.split(' ');
    why.set(`${name}.js`, terms.filter((t) => asked.has(t)).slice(0, 6).join(' '));
  }
  return { log, rounds, results, why };
}

const median = (list) => {
  const s = [...list].sort((a, b) => a - b);
  return (s[(s.length - 1) >> 1] + s[s.length >> 1]) / 2;
};
const all = [];
for (const q of queries) {
  const { log, rounds, results, why } = await firstQuery(q);
  const kib = log.reduce((n, f) => n + f.bytes, 0) / 1024;
  all.push({ requests: log.length, kib, rounds });
  console.log(`${q}: ${log.length} requests, ${kib.toFixed(0)} KiB gzip, ${rounds} round trips after the focus`);
  if (showFiles) {
    const byRound = new Map();
    for (const f of log) byRound.set(f.round, [...(byRound.get(f.round) || []), `${f.path.replace(/^.*?\/(?=[a-z]+\/\d)/, '')} ${(f.bytes / 1024).toFixed(1)}${why.has(f.path.replace(/^.*?\/(?=[a-z]+\/\d)/, '')) ? ` (${why.get(f.path.replace(/^.*?\/(?=[a-z]+\/\d)/, ''))})` : ''}`]);
    for (const [r, files] of byRound) console.log(`  round ${r}: ${files.join(', ')}`);
  }
  for (const r of results) console.log(`  ${r.url}\t${r.title ?? ''}`);
}
if (all.length > 1) {
  const col = (key, f) => `${f(median(all.map((x) => x[key])))} / ${f(Math.max(...all.map((x) => x[key])))}`;
  console.log(`medians / max: requests ${col('requests', String)}, KiB ${col('kib', (n) => n.toFixed(0))}, round trips ${col('rounds', String)}`);
}
