#!/usr/bin/env node
// Searches a built leerpad site from the command line, with the very code the browser runs.
//
//   node tests/search-cli.mjs SITE_DIR QUERY [--partial] [--limit N] [--bytes]
//
// Prints the ranked results, one `URL<TAB>TITLE` line each, URL relative to the site root.
// --partial treats the last word as still being typed (as the header box does).
// --bytes then prints, on stderr, what the browser would have loaded to show these results:
// every file with its size raw and gzipped (scripts, the manifest and the shards).
//
// Owns: loading SITE_DIR's search manifest (SEARCH/index.js: the search folder is a word of
// the site's language, read from the search form of SITE_DIR/index.html) and the site's
// js/search.js (the bundle of search-core.js, search-engine.js, search-shards.js and
// search-ui.js the site ships; run with a global object of its own, no page), the manifest and
// the shards evaluated with vm in a sandbox that only has `window`, and, like the browser,
// only the shards a query needs
// (synchronously here, so search() stays synchronous).
// Also a module: the ranking tests and the benchmark import loadSite().

import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import vm from 'node:vm';
import { gzipSync } from 'node:zlib';

const require = createRequire(import.meta.url);

/** The place result's title as the theme's search_place gives it (the browser reads it there). */
const PLACE_TEXT = 'Partners in {place}';

/** The search folder of a built site ("zoeken", "search"…), from the action of its home page's
 * search form, as the browser's search-ui.js finds it. */
function searchFolder(dir) {
  let home = '';
  try {
    home = readFileSync(join(dir, 'index.html'), 'utf8');
  } catch {
    return 'zoeken';
  }
  const form = /<form[^>]*\bdata-search\b[^>]*>/.exec(home);
  const action = form && /\baction="([^"]*)index\.html"/.exec(form[0]);
  return action ? action[1].replace(/\/$/, '') || 'zoeken' : 'zoeken';
}

/** Size of a file as served: raw and gzipped. */
function sizes(bytes) {
  return { raw: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length };
}

/**
 * Loads a built site's index and search code. Returns
 * { core, data, engine, search(query, options), transfer() }.
 * transfer() lists the files loaded so far, with `raw` and `gzip` bytes, starting with the
 * two the header box loads on focus (the manifest and js/search.js).
 */
export function loadSite(siteDir) {
  const dir = resolve(siteDir);
  const transferred = [];
  const read = (path) => {
    const bytes = readFileSync(join(dir, path));
    transferred.push({ file: path, ...sizes(bytes) });
    return bytes.toString('utf8');
  };
  const sandbox = vm.createContext({ window: {} });
  const folder = searchFolder(dir);
  // The bundle in this realm (its results are this realm's arrays and objects), with a global
  // object of its own and no page. It starts with the index's manifest (the build puts it there);
  // a theme whose bundle does not take it leaves it in the search folder's index.js.
  const scope = {};
  // eslint-disable-next-line no-new-func
  new Function('globalThis', 'window', read(join('js', 'search.js')))(scope, scope);
  if (!scope.LEERPAD_SEARCH) {
    const index = join(folder, 'index.js');
    vm.runInContext(read(index), sandbox, { filename: join(dir, index) });
  }
  const core = scope.LeerpadSearchCore;
  const engines = scope.LeerpadSearchEngine;
  const data = scope.LEERPAD_SEARCH || sandbox.window.LEERPAD_SEARCH;
  if (!data || !data.shards) {
    throw new Error(`${dir}/${folder}/index.js does not set window.LEERPAD_SEARCH`);
  }
  core.setLanguage(data.language);
  const hints = data.hints || {};
  const options = { boosts: data.boosts, synonyms: data.synonyms, questionWords: hints.questionWords, intents: hints.intents, placeWords: hints.placeWords };
  let places;
  const shards = scope.LeerpadSearchShards;
  const source = shards.createShardSource(data.shards, {
    load(name) {
      const path = join(folder, `${name}.js`);
      vm.runInContext(read(path), sandbox, { filename: join(dir, path) });
    },
  });
  sandbox.window.LEERPAD_SEARCH_SHARD = source.add;
  // Rounds of loading after the focus (scripts and manifest): each call that loads files is
  // one round trip in the browser, whose files load side by side.
  let rounds = 0;
  for (const method of ['load', 'loadDocs']) {
    const inner = source[method];
    source[method] = (...args) => {
      const before = transferred.length;
      const result = inner(...args);
      if (transferred.length > before) rounds++;
      return result;
    };
  }
  const engine = engines.createEngine(source, options);
  return {
    core,
    data,
    engine,
    /** Ranked results as { url, title, crumb, kind, score, terms }, their stored fields loaded
     * (of the first opts.shown). */
    search(query, opts = {}) {
      const found = engine.search(query, opts);
      // opts.shown: the texts of only so many results (the header box shows its first three
      // as soon as theirs are in).
      engine.loadDocs(found.slice(0, opts.shown ?? found.length).map((r) => r.ref));
      return found.map((r) => {
        const doc = engine.doc(r.ref) || {};
        return { ref: r.ref, url: doc.url, title: doc.title, crumb: doc.crumb, kind: doc.kind, score: r.score, terms: r.terms };
      });
    },
    /**
     * What the popup and the search page show for `query`: the place result of search-ui.js's
     * placeResult (regions.js on js/regions-data.js, loaded as in the browser: from the first
     * query that mayNamePlace, and kept), then the ranked results.
     */
    results(query, opts = {}) {
      const ui = scope.LeerpadSearchUi;
      const found = this.search(query, opts);
      // As the browser's regionsFor: the cheap signs first, then the words the index lacks.
      const mayName = () => ui.mayNamePlace(query, []) || ui.mayNamePlace(query, engine.unmatched(ui.placeEnd ? ui.placeEnd(query) : query, { partial: opts.partial }));
      if (places === undefined && mayName()) {
        read('js/regions-data.js');
        read('js/regions.js');
        vm.runInContext(readFileSync(join(dir, 'js', 'regions-data.js'), 'utf8'), sandbox);
        places = sandbox.window.LEERPAD_REGIONS || null;
      }
      if (!places) return found;
      const regions = require(join(dir, 'js', 'regions.js'));
      const texts = sandbox.window.LEERPAD_REGION_TEXTS || {};
      const placeTexts = { place: PLACE_TEXT, placeCrumb: '', outsideIn: texts.outside_in, outsideHelp: texts.outside_help };
      const place = ui.placeResult(query, regions, places, placeTexts, sandbox.window.LEERPAD_OUTSIDE, options.placeWords);
      return ui.compose(place, found);
    },
    transfer: () => transferred.slice(),
    /** Rounds of shard loading so far (see above). */
    rounds: () => rounds,
  };
}

function main(argv) {
  const args = [];
  let partial = false;
  let limit = 20;
  let bytes = false;
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--partial') partial = true;
    else if (argv[i] === '--limit') limit = Number(argv[++i]);
    else if (argv[i] === '--bytes') bytes = true;
    else args.push(argv[i]);
  }
  if (args.length !== 2 || !Number.isInteger(limit) || limit < 1) {
    console.error('usage: node tests/search-cli.mjs SITE_DIR QUERY [--partial] [--limit N] [--bytes]');
    return 2;
  }
  const site = loadSite(args[0]);
  for (const r of site.results(args[1], { partial, limit })) console.log(`${r.url}\t${r.title}`);
  if (bytes) {
    const files = site.transfer();
    const sum = (key) => files.reduce((n, f) => n + f[key], 0);
    for (const f of files) console.error(`${f.gzip}\t${f.raw}\t${f.file}`);
    console.error(`${sum('gzip')} bytes gzip (${sum('raw')} raw) in ${files.length} files`);
  }
  return 0;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.exitCode = main(process.argv.slice(2));
}
