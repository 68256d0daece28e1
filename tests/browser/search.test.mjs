// Search in a real browser: the header box (lazy loading, results as you type, highlights,
// keyboard, the announced count) and the search page, served over http and opened from disk.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { pathToFileURL } from 'node:url';
import { join } from 'node:path';
import { buildSite, launch, newPage, serve } from './harness.mjs';

const LESSON = 'modules/verontrusting-herkennen/wat-is-verontrusting/';
let site;
let server;
let browser;

before(async () => {
  site = buildSite('browser-search');
  server = await serve(site);
  browser = await launch();
});

after(async () => {
  await browser?.close();
  await server?.close();
});

/** Requests for the search code, in the order they happened. */
function searchRequests(page) {
  const seen = [];
  page.on('request', (r) => {
    if (/zoeken\/index\.js|js\/search\.js/.test(r.url())) seen.push(r.url());
  });
  return seen;
}

test('the index loads on first focus, results show as you type and the keyboard works', async () => {
  const { page, problems, context } = await newPage(browser);
  const requests = searchRequests(page);
  await page.goto(server.url + LESSON);
  await page.waitForLoadState('load');
  assert.deepEqual(requests, [], 'nothing of search is loaded before the box gets focus');

  const box = page.locator('#site-search');
  await box.focus();
  await page.waitForFunction(() => window.LEERPAD_SEARCH && window.LeerpadSearchCore && window.LeerpadSearchEngine);
  assert.deepEqual(
    requests.map((url) => new URL(url).pathname.replace(/^.*\//, '')),
    ['search.js'],
    'the one search script, which holds the manifest, loads on focus',
  );

  await box.pressSequentially('bl');
  assert.ok(await page.locator('#site-search-results').isHidden(), 'no results before the third character');
  await box.pressSequentially('auwe plekk');
  const options = page.locator('#site-search-results [role=option]');
  await options.first().waitFor();
  assert.equal(await box.getAttribute('aria-expanded'), 'true');
  assert.match(await options.first().locator('.search-result-title').innerText(), /lichaam/i);
  assert.ok(await page.locator('#site-search-results mark').count() > 0, 'matched words are highlighted');
  const marked = await page.locator('#site-search-results mark').first().innerText();
  assert.match(marked, /blauw|plek/i);
  await page.waitForFunction(() => /resultat?en?\./.test(document.querySelector('[data-search-status]').textContent));

  await box.press('ArrowDown');
  assert.equal(await box.getAttribute('aria-activedescendant'), 'site-search-option-0');
  await box.press('ArrowDown');
  assert.equal(await box.getAttribute('aria-activedescendant'), 'site-search-option-1');
  await box.press('ArrowUp');
  assert.equal(await box.getAttribute('aria-activedescendant'), 'site-search-option-0');
  await box.press('Escape');
  assert.ok(await page.locator('#site-search-results').isHidden(), 'Escape closes the popup');
  assert.equal(await box.getAttribute('aria-expanded'), 'false');

  await box.press('ArrowDown'); // opens again
  await box.press('ArrowDown');
  const href = await page.locator('#site-search-option-0 a').getAttribute('href');
  await Promise.all([page.waitForURL(/signalen-bij-het-kind\/index\.html#signalen-aan-het-lichaam/), box.press('Enter')]);
  assert.match(href, /^\.\.\/\.\.\/\.\.\/modules\/.*index\.html#/);
  assert.deepEqual(problems, []);
  await context.close();
});

test('the search page shows the results of ?q= and is a shareable link', async () => {
  const { page, problems, context } = await newPage(browser);
  await page.goto(`${server.url}zoeken/index.html?q=${encodeURIComponent('wie bel ik in Oudenaarde')}`);
  const results = page.locator('.search-results .search-result');
  await results.first().waitFor();
  assert.equal(await page.locator('#zoekterm').inputValue(), 'wie bel ik in Oudenaarde');
  assert.ok((await results.count()) >= 3);
  assert.match(await page.locator('.search-page [role=status]').innerText(), /resultaten/);
  // The place the question ends in comes first: its region's partners.
  const firstHref = await results.first().locator('a').getAttribute('href');
  assert.match(firstHref, /^\.\.\/partners\/zuid-oost-vlaanderen\/index\.html/);
  assert.match(await results.first().innerText(), /Partners in Oudenaarde \(Zuid-Oost-Vlaanderen\)/);
  assert.ok(await results.nth(1).locator('mark').count() > 0);
  assert.deepEqual(problems, []);
  await context.close();
});

test('the search page shows ten results at a time; the button shows the next ten and moves the focus there', async () => {
  const { page, problems, context } = await newPage(browser);
  const docs = [];
  page.on('request', (r) => {
    if (/zoeken\/docs\//.test(r.url())) docs.push(r.url());
  });
  await page.goto(`${server.url}zoeken/index.html?q=${encodeURIComponent('kind')}`);
  const results = page.locator('.search-results .search-result');
  await results.first().waitFor();
  const status = await page.locator('.search-page [role=status]').innerText();
  const total = Number(status.match(/(\d+) resultaten/)[1]);
  assert.ok(total > 20, `a common word has more than two pages of results (${status})`);
  assert.equal(await results.count(), 10);
  const firstDocs = new Set(docs).size;
  const more = page.locator('[data-search-more] button');
  assert.ok(await more.isVisible());
  // By keyboard: the button, then the eleventh result's link has the focus.
  const before = await results.locator('a.search-result-title').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
  await more.focus();
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => document.querySelectorAll('.search-results .search-result').length === 20);
  const focused = await page.evaluate(() => document.activeElement.closest('.search-result') && [...document.querySelectorAll('.search-results .search-result')].indexOf(document.activeElement.closest('.search-result')));
  assert.equal(focused, 10);
  const after = await results.locator('a.search-result-title').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
  assert.deepEqual(after.slice(0, 10), before, 'the first ten stay as they were');
  assert.equal(new Set(after).size, 20, 'no result shows twice');
  // To the end: the button goes once every result shows.
  while (await more.isVisible()) {
    const n = await results.count();
    await more.click();
    await page.waitForFunction((k) => document.querySelectorAll('.search-results .search-result').length > k, n);
  }
  assert.equal(await results.count(), total);
  assert.ok(new Set(docs).size > firstDocs, `the texts of later pages load when asked for (${firstDocs} files first, ${new Set(docs).size} in all)`);
  assert.deepEqual(problems, []);
  await context.close();
});

test('the header form works without JavaScript: it goes to the search page', async () => {
  const { page, problems, context } = await newPage(browser, { javaScriptEnabled: false });
  await page.goto(server.url + LESSON);
  await page.fill('#site-search', 'VK');
  await Promise.all([page.waitForURL(/zoeken\/index\.html\?q=VK/), page.press('#site-search', 'Enter')]);
  assert.deepEqual(problems, []);
  await context.close();
});

test('search works from file:// (box and page)', async () => {
  const { page, problems, context } = await newPage(browser);
  await page.goto(pathToFileURL(join(site, LESSON, 'index.html')).href);
  const box = page.locator('#site-search');
  await box.focus();
  await box.pressSequentially('mishandeling');
  await page.locator('#site-search-results [role=option]').first().waitFor();
  await page.goto(`${pathToFileURL(join(site, 'zoeken', 'index.html')).href}?q=MANO`);
  await page.locator('.search-results .search-result').first().waitFor();
  assert.match(await page.locator('.search-results .search-result').first().innerText(), /MANO/);
  assert.deepEqual(problems, []);
  await context.close();
});

test('offline, once the service worker is installed, the box searches from its cache', async () => {
  const { page, problems, context } = await newPage(browser);
  await page.goto(server.url);
  await page.evaluate(() => navigator.serviceWorker.ready);
  // The worker precaches a small site whole: the manifest and every shard of the index.
  await page.waitForFunction(async () => {
    const names = await caches.keys();
    if (names.length !== 1) return false;
    const urls = (await (await caches.open(names[0])).keys()).map((r) => new URL(r.url).pathname);
    // (A small index keeps its postings in its terms files: it may have no postings file.)
    return ['zoeken/index.js', 'zoeken/terms/0.js', 'zoeken/ends/0.js', 'zoeken/docs/0.js']
      .every((file) => urls.some((u) => u.endsWith(`/${file}`)));
  });
  await context.setOffline(true);
  const response = await page.goto(server.url + LESSON + 'index.html');
  assert.ok(response.fromServiceWorker(), 'answered by the service worker');
  const box = page.locator('#site-search');
  await box.focus();
  await box.pressSequentially('vertrouwenscentrum');
  const first = page.locator('#site-search-results [role=option]').first();
  await first.waitFor();
  assert.match(await first.locator('.search-result-title').innerText(), /vertrouwenscentrum/i);
  assert.ok(await page.locator('#site-search-results .search-result-snippet').count() > 0, 'with their texts');
  await context.setOffline(false);
  assert.deepEqual(problems, []);
  await context.close();
});
