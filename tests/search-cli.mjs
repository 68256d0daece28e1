#!/usr/bin/env node
// Searches a built leerpad site from the command line, with the very code the browser runs.
//
//   node tests/search-cli.mjs SITE_DIR QUERY [--partial] [--limit N]
//
// Prints the ranked results, one `URL<TAB>TITLE` line each, URL relative to the site root.
// --partial treats the last word as still being typed (as the header box does).
//
// Owns: loading SITE_DIR/zoeken/index.js (evaluated with vm in a sandbox that only has
// `window`) and SITE_DIR/js/search-core.js (required, the file the site ships).
// Also a module: the ranking tests import loadSite().

import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import vm from 'node:vm';

const require = createRequire(import.meta.url);

/** Loads a built site's index and search core. Returns { search(query, options), core, data }. */
export function loadSite(siteDir) {
  const dir = resolve(siteDir);
  const core = require(join(dir, 'js', 'search-core.js'));
  const sandbox = { window: {} };
  vm.runInNewContext(readFileSync(join(dir, 'zoeken', 'index.js'), 'utf8'), sandbox, {
    filename: join(dir, 'zoeken', 'index.js'),
  });
  const data = sandbox.window.LEERPAD_SEARCH;
  if (!data || !data.index) throw new Error(`${dir}/zoeken/index.js does not set window.LEERPAD_SEARCH`);
  const engine = core.createSearch(data.index, { boosts: data.boosts, synonyms: data.synonyms });
  return {
    core,
    data,
    engine,
    /** Ranked results as { url, title, crumb, score, terms }. */
    search(query, options = {}) {
      return engine.search(query, options).map((r) => {
        const doc = engine.doc(r.ref) || {};
        return { url: doc.url, title: doc.title, crumb: doc.crumb, score: r.score, terms: r.terms };
      });
    },
  };
}

function main(argv) {
  const args = [];
  let partial = false;
  let limit = 20;
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--partial') partial = true;
    else if (argv[i] === '--limit') limit = Number(argv[++i]);
    else args.push(argv[i]);
  }
  if (args.length !== 2 || !Number.isInteger(limit) || limit < 1) {
    console.error('usage: node tests/search-cli.mjs SITE_DIR QUERY [--partial] [--limit N]');
    return 2;
  }
  const site = loadSite(args[0]);
  for (const r of site.search(args[1], { partial, limit })) console.log(`${r.url}\t${r.title}`);
  return 0;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.exitCode = main(process.argv.slice(2));
}
