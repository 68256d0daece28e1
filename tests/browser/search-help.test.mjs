// Search that never ends in nothing, in a real browser: the visible and announced loading state,
// the help when nothing is found (in the popup and on the page, with "did you mean"), a place or
// postcode leading to its region, and the popup and the page giving the same results.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { buildSite, launch, newPage, serve } from './harness.mjs';

const LESSON = 'modules/verontrusting-herkennen/wat-is-verontrusting/';
let server;
let browser;

before(async () => {
  server = await serve(buildSite('browser-search-help'));
  browser = await launch();
});

after(async () => {
  await browser?.close();
  await server?.close();
});

test('a slow index shows a visible, announced loading state until the results arrive', async () => {
  const { page, problems, context } = await newPage(browser);
  let release;
  const held = new Promise((ok) => {
    release = ok;
  });
  // The manifest comes with js/search.js; the index's files are what a slow line holds up.
  await page.route('**/zoeken/**', async (route) => {
    await held;
    await route.continue();
  });
  await page.goto(server.url + LESSON);
  const box = page.locator('#site-search');
  await box.focus();
  await box.pressSequentially('blauwe');
  const note = page.locator('[data-search-loading]');
  await note.waitFor({ state: 'visible' });
  assert.equal(await note.innerText(), 'Zoeken wordt geladen…');
  await page.waitForFunction(() => document.querySelector('[data-search-status]').textContent === 'Zoeken wordt geladen…');
  release();
  await page.locator('#site-search-results [role=option]').first().waitFor();
  assert.ok(await note.isHidden(), 'the note goes once the results are there');
  assert.deepEqual(problems, []);
  await context.close();
});

test('nothing found: the popup shows did-you-mean and the way on, and a suggestion searches', async () => {
  const { page, problems, context } = await newPage(browser);
  await page.goto(server.url + LESSON);
  const box = page.locator('#site-search');
  await box.focus();
  await box.pressSequentially('bluwe');
  const help = page.locator('.header-search [data-search-help]');
  await help.waitFor({ state: 'visible' });
  assert.match(await help.innerText(), /Niets gevonden voor „bluwe”/);
  const links = await help.locator('a').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
  for (const want of [/stappen\/index\.html$/, /partners\/index\.html$/, /begrippen\/index\.html$/, /^tel:1712$/]) {
    assert.ok(links.some((h) => want.test(h)), `${want} in ${links.join(' ')}`);
  }
  await page.waitForFunction(() => /Niets gevonden/.test(document.querySelector('[data-search-status]').textContent));
  const suggestion = help.locator('[data-search-suggestions] button').first();
  assert.equal(await suggestion.innerText(), 'blauw');
  await suggestion.click();
  await page.locator('#site-search-results [role=option]').first().waitFor();
  assert.equal(await box.inputValue(), 'blauw');
  assert.ok(await help.isHidden());
  assert.deepEqual(problems, []);
  await context.close();
});

test('nothing found: the search page shows the same help, visibly', async () => {
  const { page, problems, context } = await newPage(browser);
  await page.goto(`${server.url}zoeken/index.html?q=zwijgplicht`);
  const help = page.locator('.search-page [data-search-help]');
  await help.waitFor({ state: 'visible' });
  assert.match(await page.locator('.search-page [role=status]').innerText(), /Niets gevonden voor „zwijgplicht”/);
  assert.ok(await page.locator('.search-page a[href^="tel:1712"]').isVisible());
  await page.goto(`${server.url}zoeken/index.html?q=bluwe`);
  await help.locator('[data-search-suggestions] button').first().click();
  await page.locator('.search-results .search-result').first().waitFor();
  assert.ok(await help.isHidden());
  assert.deepEqual(problems, []);
  await context.close();
});

test('a town whose name begins like a word of the content still puts its region first', async () => {
  const { page, problems, context } = await newPage(browser);
  await page.goto(server.url + LESSON);
  const box = page.locator('#site-search');
  await box.focus();
  await box.pressSequentially('wie bel ik in Ronse');
  const first = page.locator('#site-search-option-0');
  await first.filter({ hasText: 'Ronse' }).waitFor();
  assert.match(await first.innerText(), /Partners in Ronse \(Zuid-Oost-Vlaanderen\)/);
  assert.deepEqual(problems, []);
  await context.close();
});

test('a postcode or a town puts its region first, and Enter goes there', async () => {
  const { page, problems, context } = await newPage(browser);
  await page.goto(server.url + LESSON);
  const box = page.locator('#site-search');
  await box.focus();
  await box.pressSequentially('9600');
  const first = page.locator('#site-search-option-0');
  await first.waitFor();
  assert.match(await first.innerText(), /Partners in Ronse \(Zuid-Oost-Vlaanderen\)/);
  await box.press('ArrowDown');
  await Promise.all([page.waitForURL(/partners\/zuid-oost-vlaanderen\/index\.html$/), box.press('Enter')]);
  assert.deepEqual(problems, []);
  await context.close();
});

test('the region data loads only for a query that may name a place', async () => {
  const { page, problems, context } = await newPage(browser);
  const regionRequests = [];
  page.on('request', (r) => {
    if (/js\/regions(-data)?\.js/.test(r.url())) regionRequests.push(r.url());
  });
  await page.goto(server.url + LESSON);
  const box = page.locator('#site-search');
  await box.focus();
  await box.pressSequentially('blauwe plekken');
  await page.waitForFunction(() => /resultat?en?\./.test(document.querySelector('[data-search-status]').textContent));
  assert.deepEqual(regionRequests, [], 'typing a topic loads no region data');
  await box.fill('');
  await box.pressSequentially('Geraardsbergen');
  const first = page.locator('#site-search-option-0');
  await first.waitFor();
  await page.waitForFunction(() => /Partners in Geraardsbergen/.test(document.querySelector('#site-search-option-0')?.textContent || ''));
  assert.equal(regionRequests.length, 2, 'a town loads regions.js and its data');
  assert.deepEqual(problems, []);
  await context.close();
});

test('towns and postcodes of every province lead to their region; a Walloon postcode says where it lies', async () => {
  const { page, problems, context } = await newPage(browser);
  const cases = [
    ['Hasselt', /Partners in Hasselt \(Limburg\)/, /partners\/limburg\/index\.html$/],
    ['8500', /Partners in West-Vlaanderen/, /partners\/west-vlaanderen\/index\.html$/],
    ['wie bel ik in Schaerbeek', /Partners in Schaarbeek \(Brussel\)/, /partners\/brussel\/index\.html$/],
    ['5000', /Dit ligt in Wallonië/, /partners\/index\.html$/],
  ];
  for (const [query, title, target] of cases) {
    await page.goto(server.url + LESSON);
    const box = page.locator('#site-search');
    await box.focus();
    await box.fill(query);
    const first = page.locator('#site-search-option-0');
    await page.waitForFunction((t) => t.test(document.querySelector('#site-search-option-0')?.textContent || ''), title);
    await box.press('ArrowDown');
    await Promise.all([page.waitForURL(target), box.press('Enter')]);
    assert.ok(first, query);
  }
  assert.deepEqual(problems, []);
  await context.close();
});

test('the popup and the search page give the same results for the same query', async () => {
  const { page, problems, context } = await newPage(browser);
  for (const query of ['wat moet ik doen', 'ouders willen niet meewerken', 'Zottegem', 'het VK', 'blauwe plekken']) {
    await page.goto(server.url + LESSON);
    const box = page.locator('#site-search');
    await box.focus();
    await page.waitForFunction(() => window.LeerpadSearchUi);
    await box.fill(query);
    await page.locator('#site-search-option-0').waitFor();
    const popup = await page.locator('#site-search-results [role=option]:not(.search-option-all) a').evaluateAll((as) => as.map((a) => a.pathname + a.hash));
    await page.goto(`${server.url}zoeken/index.html?q=${encodeURIComponent(query)}`);
    await page.locator('.search-results .search-result').first().waitFor();
    const shown = await page.locator('.search-results .search-result > a').evaluateAll((as) => as.map((a) => a.pathname + a.hash));
    assert.ok(popup.length > 0, query);
    assert.deepEqual(shown.slice(0, popup.length), popup, query);
  }
  assert.deepEqual(problems, []);
  await context.close();
});
