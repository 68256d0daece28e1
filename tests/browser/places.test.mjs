// Places in a real browser: towns and postcodes of every province and Brussels resolve in the
// partner finder and in the header panel to the right region, with that region's VK and OCJ;
// Wallonia, abroad and nonsense get their own messages; the finder never keeps a stale region; and
// the region chosen in the finder is the one a step page shows.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { buildSite, launch, newPage, serve } from './harness.mjs';

let server;
let browser;

before(async () => {
  server = await serve(buildSite('browser-places'));
  browser = await launch();
});

after(async () => {
  await browser?.close();
  await server?.close();
});

/** [what a reader types, the region it must resolve to]: every province, Brussels, old names. */
const PLACES = [
  ['Gent', 'oost-vlaanderen'], ['9000', 'oost-vlaanderen'], ['Sint-Niklaas', 'oost-vlaanderen'],
  ['st. niklaas', 'oost-vlaanderen'], ['Zwijndrecht', 'oost-vlaanderen'], ['2070', 'oost-vlaanderen'],
  ['Oudenaarde', 'zuid-oost-vlaanderen'], ['9700', 'zuid-oost-vlaanderen'], ['Kruishoutem', 'zuid-oost-vlaanderen'],
  ['Hasselt', 'limburg'], ['3500', 'limburg'], ['Genk', 'limburg'], ['Tongeren', 'limburg'], ['3700', 'limburg'],
  ['Brugge', 'west-vlaanderen'], ['8000', 'west-vlaanderen'], ['Kortrijk', 'west-vlaanderen'], ['Ieper', 'west-vlaanderen'],
  ['Leuven', 'vlaams-brabant'], ['3000', 'vlaams-brabant'], ['Vilvoorde', 'vlaams-brabant'], ['Pajottegem', 'vlaams-brabant'],
  ['Antwerpen', 'antwerpen'], ['2000', 'antwerpen'], ['Mechelen', 'antwerpen'], ['Borsbeek', 'antwerpen'], ['Turnhout', 'antwerpen'],
  ['Brussel', 'brussel'], ['Elsene', 'brussel'], ['Ixelles', 'brussel'], ['1050', 'brussel'], ['Schaerbeek', 'brussel'],
  // A second set, re-checked by the reviewer: towns at the edges, parts of cities, postcodes.
  ['Maaseik', 'limburg'], ['Voeren', 'limburg'], ['3630', 'limburg'], ['Diksmuide', 'west-vlaanderen'],
  ['Knokke-Heist', 'west-vlaanderen'], ['Spiere-Helkijn', 'west-vlaanderen'], ['8670', 'west-vlaanderen'],
  ['Geel', 'antwerpen'], ['Borgerhout', 'antwerpen'], ['2140', 'antwerpen'], ['Baarle-Hertog', 'antwerpen'],
  ['Ninove', 'zuid-oost-vlaanderen'], ['Zottegem', 'zuid-oost-vlaanderen'], ['9620', 'zuid-oost-vlaanderen'],
  ['Lokeren', 'oost-vlaanderen'], ['Wondelgem', 'oost-vlaanderen'], ['9032', 'oost-vlaanderen'],
  ['Tienen', 'vlaams-brabant'], ['Overijse', 'vlaams-brabant'], ['Drogenbos', 'vlaams-brabant'], ['Sint-Genesius-Rode', 'vlaams-brabant'], ['1500', 'vlaams-brabant'],
  ['Etterbeek', 'brussel'], ['1040', 'brussel'], ['Sint-Jans-Molenbeek', 'brussel'],
];

/** The province a region's VK and OCJ come from: the region itself, or a subregion's parent. */
const province = (region) => (region === 'zuid-oost-vlaanderen' ? 'oost-vlaanderen' : region);

/** The ids and regions of the finder's visible cards of one category. */
const visibleOf = (page, category) => page.locator(`.finder-results .partner-card[data-category="${category}"]:visible`)
  .evaluateAll((cards) => cards.map((c) => ({ id: c.id, regions: c.dataset.regions.split(' ') })));

test('every place resolves in the finder, with the VK and OCJ of its province', async () => {
  const { page, problems, context } = await newPage(browser);
  await page.goto(server.url + 'partners/');
  for (const [query, region] of PLACES) {
    await page.locator('#finder-place').fill(query);
    assert.equal(await page.locator('#finder-region').inputValue(), region, query);
    assert.ok(await page.locator('#finder-place-result.is-ok').isVisible(), `${query}: a success message`);
    for (const category of ['vk', 'ocj']) {
      const cards = await visibleOf(page, category);
      assert.ok(cards.length >= 1, `${query}: a ${category} is shown`);
      for (const card of cards) {
        assert.ok(card.regions.includes(province(region)) || card.regions.includes('vlaanderen'),
          `${query}: ${card.id} serves ${province(region)}`);
      }
    }
  }
  assert.deepEqual(problems, []);
  await context.close();
});

test('every place resolves in the header panel and is what the step page shows', async () => {
  const { page, problems, context } = await newPage(browser);
  await page.goto(server.url + 'stappen/ga-na/');
  for (const [query, region] of PLACES) {
    await page.locator('.region-toggle').click();
    await page.locator('#region-place').fill(query);
    assert.equal(await page.locator('#region-select').inputValue(), region, query);
    await page.locator('.region-form button[type=submit]').click();
    assert.ok(await page.locator('#region-panel').isHidden(), `${query}: saved`);
    const stored = await page.evaluate(() => JSON.parse(localStorage.getItem('leerpad.region')));
    assert.equal(stored.region, region, query);
    const shown = await page.locator('.who-helps [data-partner-entry]:visible').evaluateAll((e) => e.map((x) => x.id));
    assert.ok(shown.some((id) => id.startsWith('vk-') && id.includes(province(region).split('-')[0])), `${query}: its VK (${shown})`);
    assert.ok(shown.some((id) => id.startsWith('ocj-') && id.includes(province(region).split('-')[0])), `${query}: its OCJ (${shown})`);
  }
  assert.deepEqual(problems, []);
  await context.close();
});

test('Wallonia, abroad and nonsense get their own messages, and offer the provinces', async () => {
  const { page, problems, context } = await newPage(browser);
  await page.goto(server.url + 'partners/');
  await page.locator('#finder-place').fill('Gent');
  assert.equal(await page.locator('#finder-region').inputValue(), 'oost-vlaanderen');
  for (const query of ['4000', '1300', 'Namur', 'Luik']) {
    await page.locator('#finder-place').fill(query);
    const result = page.locator('#finder-place-result');
    assert.ok(await result.evaluate((e) => e.classList.contains('is-warn')), `${query}: not the success style`);
    assert.match(await result.textContent(), /Wallonië.*112.*101/, query);
    assert.equal(await page.locator('#finder-region').inputValue(), '', `${query}: no stale region`);
  }
  await page.locator('#finder-place').fill('75001');
  assert.match(await page.locator('#finder-place-result').textContent(), /buitenland.*112/);
  await page.locator('#finder-place').fill('Qwertzdorp');
  const result = page.locator('#finder-place-result');
  assert.ok(await result.evaluate((e) => e.classList.contains('is-error')));
  assert.match(await result.textContent(), /kennen/);
  assert.equal(await page.locator('#finder-region').inputValue(), '', 'the previous region is not kept');
  const choices = page.locator('#finder-choices [data-region-choice]');
  assert.ok(await choices.first().isVisible(), 'the provinces as one-tap choices');
  assert.ok((await choices.count()) >= 6);
  await page.locator('#finder-choices [data-region-choice="limburg"]').click();
  assert.equal(await page.locator('#finder-region').inputValue(), 'limburg');
  assert.ok(await page.locator('#finder-choices').isHidden());
  assert.deepEqual(problems, []);
  await context.close();
});

test('"Bewaar" with nothing resolved says why and keeps the old choice', async () => {
  const { page, problems, context } = await newPage(browser);
  await page.goto(server.url + 'stappen/ga-na/');
  await page.locator('.region-toggle').click();
  await page.locator('#region-place').fill('Hasselt');
  await page.locator('.region-form button[type=submit]').click();
  await page.locator('.region-toggle').click();
  await page.locator('#region-place').fill('Qwertzdorp');
  await page.locator('.region-form button[type=submit]').click();
  assert.ok(await page.locator('#region-panel').isVisible(), 'not closed');
  assert.match(await page.locator('#region-place-result').textContent(), /Niet bewaard/);
  await page.locator('#region-place').fill('4000');
  await page.locator('.region-form button[type=submit]').click();
  assert.match(await page.locator('#region-place-result').textContent(), /Niet bewaard.*Wallonië/);
  const stored = await page.evaluate(() => JSON.parse(localStorage.getItem('leerpad.region')));
  assert.equal(stored.region, 'limburg');
  assert.deepEqual(problems, []);
  await context.close();
});

test('the finder never shows a stale region, and its choice is the one step pages show', async () => {
  const { page, problems, context } = await newPage(browser);
  await page.goto(server.url + 'partners/');
  await page.locator('#finder-place').fill('Gent');
  assert.equal(await page.locator('#finder-region').inputValue(), 'oost-vlaanderen');
  await page.locator('#finder-place').fill('Genk');
  assert.equal(await page.locator('#finder-region').inputValue(), 'limburg');
  const vk = await visibleOf(page, 'vk');
  assert.ok(vk.every((c) => !c.id.includes('oost-vlaanderen')), 'no partner of the previous region');
  await page.goto(server.url + 'stappen/ga-na/');
  assert.match(await page.locator('[data-region-prompt-text]').textContent(), /Genk/);
  assert.match(await page.locator('[data-region-note]').textContent(), /Genk/);
  const shown = await page.locator('.who-helps [data-partner-entry]:visible').evaluateAll((e) => e.map((x) => x.id));
  assert.ok(shown.includes('vk-limburg') && !shown.includes('vk-oost-vlaanderen'));
  // And back: a province tapped on the step page is what the finder starts from.
  await page.locator('.region-prompt [data-region-open]').click();
  await page.locator('#region-place').fill('Nergensdorp');
  await page.locator('#region-choices [data-region-choice="west-vlaanderen"]').click();
  assert.ok(await page.locator('#region-panel').isHidden());
  assert.match(await page.locator('[data-region-prompt-text]').textContent(), /West-Vlaanderen/);
  await page.goto(server.url + 'partners/');
  assert.equal(await page.locator('#finder-region').inputValue(), 'west-vlaanderen');
  assert.deepEqual(problems, []);
  await context.close();
});

test('saving the header panel again keeps the municipality', async () => {
  const { page, problems, context } = await newPage(browser);
  await page.goto(server.url + 'stappen/ga-na/');
  await page.locator('.region-toggle').click();
  await page.locator('#region-place').fill('Elsene');
  await page.locator('.region-form button[type=submit]').click();
  await page.locator('.region-toggle').click();
  assert.equal(await page.locator('#region-place').inputValue(), 'Elsene');
  await page.locator('.region-form button[type=submit]').click();
  const stored = await page.evaluate(() => JSON.parse(localStorage.getItem('leerpad.region')));
  assert.deepEqual([stored.region, stored.municipality], ['brussel', 'Elsene']);
  assert.match(await page.locator('.region-control').textContent(), /Elsene/);
  assert.deepEqual(problems, []);
  await context.close();
});

/**
 * On a 360×740 phone, a sample not named above (French names, facility municipalities, old names
 * of the 2019 and 2025 mergers, postcodes): the finder and the header panel show exactly the VK
 * and the OCJ of the province (partners.yaml: vk-<province>, ocj-<province>; Brussel has its own).
 */
const PHONE_PLACES = [
  ['Molenbeek-Saint-Jean', 'brussel'], ['St-Gilles', 'brussel'], ['1180', 'brussel'],
  ['Sint-Genesius-Rode', 'vlaams-brabant'], ['Rhode-Saint-Genèse', 'vlaams-brabant'], ['Gooik', 'vlaams-brabant'], ['3290', 'vlaams-brabant'],
  ['Baarle-Hertog', 'antwerpen'], ['Puurs', 'antwerpen'], ['Lierre', 'antwerpen'],
  ['Voeren', 'limburg'], ['Fourons', 'limburg'], ['Kortessem', 'limburg'], ['Herstappe', 'limburg'],
  ['Courtrai', 'west-vlaanderen'], ['Ruiselede', 'west-vlaanderen'], ['8587', 'west-vlaanderen'],
  ['Wachtebeke', 'oost-vlaanderen'], ['De Pinte', 'oost-vlaanderen'], ['St-Niklaas', 'oost-vlaanderen'], ['Renaix', 'zuid-oost-vlaanderen'],
];
const PHONE = { viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true };

test('on a phone, the finder shows the VK and OCJ of exactly that province', async () => {
  const { page, problems, context } = await newPage(browser, PHONE);
  await page.goto(server.url + 'partners/');
  for (const [query, region] of PHONE_PLACES) {
    await page.locator('#finder-place').fill(query);
    assert.equal(await page.locator('#finder-region').inputValue(), region, query);
    for (const category of ['vk', 'ocj']) {
      const ids = (await visibleOf(page, category)).map((c) => c.id);
      assert.deepEqual(ids, [`${category}-${province(region)}`], `${query}: ${category}`);
    }
  }
  assert.deepEqual(problems, []);
  await context.close();
});

test('on a phone, the header panel saves the place and the step page lists its VK and OCJ', async () => {
  const { page, problems, context } = await newPage(browser, PHONE);
  await page.goto(server.url + 'stappen/ga-na/');
  for (const [query, region] of PHONE_PLACES) {
    const menu = page.locator('[data-menu-toggle]');
    if (!(await page.locator('.region-toggle').isVisible()) && (await menu.isVisible())) await menu.click();
    await page.locator('.region-toggle').click();
    await page.locator('#region-place').fill(query);
    await page.locator('.region-form button[type=submit]').click();
    assert.ok(await page.locator('#region-panel').isHidden(), `${query}: saved`);
    const stored = await page.evaluate(() => JSON.parse(localStorage.getItem('leerpad.region')));
    assert.equal(stored.region, region, query);
    const shown = await page.locator('.who-helps [data-partner-entry]:visible').evaluateAll((e) => e.map((x) => x.id));
    const p = province(region);
    assert.deepEqual(shown.filter((id) => /^(vk|ocj)-/.test(id)).sort(), [`ocj-${p}`, `vk-${p}`], `${query}: ${shown}`);
  }
  assert.deepEqual(problems, []);
  await context.close();
});

test('on a phone, a beginning shared by places in two provinces is offered, not chosen', async () => {
  const { page, problems, context } = await newPage(browser, PHONE);
  await page.goto(server.url + 'partners/');
  await page.locator('#finder-place').fill('Gent');
  for (const query of ['Berchem', 'Heist', 'Heusden']) {
    await page.locator('#finder-place').fill(query);
    assert.equal(await page.locator('#finder-region').inputValue(), '', `${query}: no region picked`);
    assert.match(await page.locator('#finder-place-result').textContent(), /Bedoel je .*postcode/, query);
  }
  await page.locator('#finder-place').fill('2600 Berchem');
  assert.equal(await page.locator('#finder-region').inputValue(), 'antwerpen');
  assert.deepEqual(problems, []);
  await context.close();
});
