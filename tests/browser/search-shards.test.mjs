// Search in a real browser on a generated site of 200 lessons (full-size shards). Typing a query
// loads js/search.js (which holds the manifest) and only some of the shard files, and shows results,
// over http and from file://. search.test.mjs does the same on the bundled site.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { REPO, buildSite, launch, newPage, serve } from './harness.mjs';

let site;
let server;
let browser;
let shardFiles = 0;

before(async () => {
  const corpus = join(REPO, 'target', 'browser-shards-corpus');
  const gen = spawnSync(process.execPath, [
    join(REPO, 'bench', 'gen-corpus.mjs'), '--lessons', '200', '--out', corpus,
  ], { encoding: 'utf8' });
  if (gen.status !== 0) throw new Error(`gen-corpus failed:\n${gen.stderr}`);
  site = buildSite('browser-shards', corpus);
  const count = (dir) => readdirSync(dir).reduce((n, name) => {
    const path = join(dir, name);
    return n + (statSync(path).isDirectory() ? count(path) : 1);
  }, 0);
  for (const kind of ['terms', 'ends', 'postings', 'lengths', 'docs']) {
    // A small index may keep every posting with its terms: no postings files.
    if (existsSync(join(site, 'zoeken', kind))) shardFiles += count(join(site, 'zoeken', kind));
  }
  server = await serve(site);
  browser = await launch();
});

after(async () => {
  await browser?.close();
  await server?.close();
});

/** Requests for the search code and shards, by kind. */
function searchRequests(page) {
  const seen = { scripts: [], manifest: 0, shards: [] };
  page.on('request', (r) => {
    const url = r.url();
    if (/js\/search[-.]/.test(url)) seen.scripts.push(url.replace(/.*\/js\//, ''));
    else if (/zoeken\/index\.js/.test(url)) seen.manifest += 1;
    else if (/zoeken\/(terms|ends|postings|lengths|docs)\//.test(url)) seen.shards.push(url);
  });
  return seen;
}

async function typeAndWait(page, query) {
  const box = page.locator('#site-search');
  await box.focus();
  await box.pressSequentially(query);
  const options = page.locator('#site-search-results [role=option]');
  await options.first().waitFor();
  return options;
}

for (const [how, url] of [
  ['over http', () => server.url],
  ['from file://', () => pathToFileURL(join(site, 'index.html')).href],
]) {
  test(`typing a query loads only some shards and shows results (${how})`, async () => {
    assert.ok(shardFiles > 50, `the site is split (${shardFiles} shard files)`);
    const { page, problems, context } = await newPage(browser);
    const requests = searchRequests(page);
    await page.goto(url());
    await page.waitForLoadState('load');
    assert.equal(requests.shards.length, 0, 'nothing of search is loaded before the box gets focus');

    const options = await typeAndWait(page, 'kindermishandeling');
    assert.match(await options.first().locator('.search-result-title').innerText(), /kindermishandeling/i);
    assert.ok(await page.locator('#site-search-results mark').count() > 0, 'matched words are highlighted');
    // One search script (the bundle of src/theme/bundle.rs), once, with the manifest in it:
    // the box asks for no zoeken/index.js.
    assert.deepEqual(requests.scripts, ['search.js']);
    assert.equal(requests.manifest, 0);
    const loaded = new Set(requests.shards);
    assert.equal(loaded.size, requests.shards.length, 'no shard is loaded twice');
    assert.ok(loaded.size > 0, 'shards are loaded');
    assert.ok(loaded.size < shardFiles / 4, `${loaded.size} of ${shardFiles} shard files loaded`);
    // The shard scripts do not pile up in the document.
    assert.equal(await page.locator('head script[src*="zoeken/postings/"]').count(), 0);

    // A second query: results again, and the files loaded for the first are not loaded again.
    await page.locator('#site-search').fill('');
    const again = await typeAndWait(page, 'veiligheid');
    assert.match(await again.first().innerText(), /veilig/i);
    assert.equal(new Set(requests.shards).size, requests.shards.length, 'no shard is loaded twice');
    assert.deepEqual(problems, []);
    await context.close();
  });
}

test('the search page shows the results of ?q= on a split index, from file://', async () => {
  const { page, problems, context } = await newPage(browser);
  await page.goto(`${pathToFileURL(join(site, 'zoeken', 'index.html')).href}?q=${encodeURIComponent('veiligheid netwerk')}`);
  const results = page.locator('.search-results .search-result');
  await results.first().waitFor();
  assert.ok((await results.count()) >= 3);
  assert.ok(await results.first().locator('mark').count() > 0);
  assert.match(await page.locator('.search-page [role=status]').innerText(), /resultaten/);
  assert.deepEqual(problems, []);
  await context.close();
});
