// The step plan, the region choice and the partner finder in a real browser: clicking from the
// start to every end step, the path and "terug", partners following the chosen region, the
// finder's filters, and every step reachable by plain links without JavaScript.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { buildSite, launch, newPage, serve } from './harness.mjs';

let server;
let browser;
/** slug → {kind, label, choices: [slug]}, read from the built pages. */
let graph;
let start;

before(async () => {
  server = await serve(buildSite('browser-steps'));
  browser = await launch();
  const { page, context } = await newPage(browser, { javaScriptEnabled: false });
  graph = {};
  await page.goto(server.url + 'stappen/');
  const slugs = await page.locator('ul.step-outline a[id^="overzicht-"]').evaluateAll((links) =>
    links.map((a) => a.id.replace('overzicht-', '')));
  for (const slug of slugs) {
    await page.goto(`${server.url}stappen/${slug}/`);
    graph[slug] = await page.evaluate(() => {
      const article = document.querySelector('article[data-step]');
      return {
        kind: [...article.classList].find((c) => c.startsWith('step-')).slice(5),
        label: article.dataset.label,
        choices: [...document.querySelectorAll('a.choice')].map((a) => ({ to: a.dataset.to, label: a.textContent.trim() })),
      };
    });
  }
  start = Object.keys(graph).find((slug) => graph[slug].kind === 'start');
  await context.close();
});

after(async () => {
  await browser?.close();
  await server?.close();
});

/** For every step, the shortest list of choices from the start that reaches it. */
function routes() {
  const found = { [start]: [] };
  const queue = [start];
  while (queue.length) {
    const slug = queue.shift();
    for (const choice of graph[slug].choices) {
      if (!(choice.to in found)) {
        found[choice.to] = [...found[slug], { from: slug, ...choice }];
        queue.push(choice.to);
      }
    }
  }
  return found;
}

test('the step plan has a start, end steps and an urgent step', () => {
  assert.ok(start, 'a start step');
  const kinds = Object.values(graph).map((s) => s.kind);
  assert.ok(kinds.filter((k) => k === 'end').length >= 2, `end steps in ${kinds}`);
  assert.ok(kinds.includes('urgent'));
});

test('a click-through from the start reaches each end step, with the path, "terug" and "begin opnieuw"', async () => {
  const ends = Object.keys(graph).filter((slug) => graph[slug].kind === 'end');
  const all = routes();
  for (const end of ends) {
    const { page, problems, context } = await newPage(browser);
    await page.goto(`${server.url}stappen/${start}/`);
    assert.ok(await page.locator('[data-step-path]').isHidden(), 'no path yet on the first step');
    for (const step of all[end]) {
      await page.locator(`a.choice[data-to="${step.to}"]`).click();
      await page.waitForURL(`**/stappen/${step.to}/index.html`);
    }
    assert.ok(await page.locator('article.step-end').isVisible(), `${end} is an end step`);
    const expected = ['Start', ...all[end].map((s) => `${graph[s.from].label} (${s.label})`), graph[end].label].join(' › ');
    const shown = (await page.locator('.step-path ol').evaluate((ol) =>
      [...ol.children].map((li) => li.textContent.trim()).join(' › '))).replace(/\s+/g, ' ');
    assert.equal(shown, expected, `path to ${end}`);
    assert.equal(await page.locator('.step-path [aria-current="step"]').textContent(), graph[end].label);

    const before = all[end][all[end].length - 1].from;
    const back = page.locator('[data-step-back]');
    assert.equal((await back.textContent()).trim(), `Terug naar ${graph[before].label}`);
    await back.click();
    await page.waitForURL(`**/stappen/${before}/index.html`);
    const items = await page.locator('.step-path ol > li').count();
    assert.equal(items, all[end].length + 1, 'going back shortens the path');

    await page.locator('[data-path-reset]').click();
    await page.waitForURL(`**/stappen/${start}/index.html`);
    assert.ok(await page.locator('[data-step-path]').isHidden(), 'begin opnieuw clears the path');
    assert.equal(await page.evaluate(() => sessionStorage.getItem('leerpad.stappad')),
      JSON.stringify([{ slug: start, label: graph[start].label, choice: '' }]));
    assert.deepEqual(problems, []);
    await context.close();
  }
});

test('acute danger comes first on the urgent step, with tel: links, whatever the region', async () => {
  const { page, problems, context } = await newPage(browser);
  const urgent = Object.keys(graph).find((slug) => graph[slug].kind === 'urgent');
  await page.goto(`${server.url}stappen/${urgent}/`);
  await page.evaluate(() => localStorage.setItem('leerpad.region', JSON.stringify({ region: 'limburg', municipality: '' })));
  await page.reload();
  const order = await page.evaluate(() => {
    const acute = document.querySelector('.acute');
    const now = document.querySelector('.what-now');
    return acute && now ? acute.compareDocumentPosition(now) & Node.DOCUMENT_POSITION_FOLLOWING : 0;
  });
  assert.ok(order, 'the acute box comes before "Wat doe je nu?"');
  assert.ok(await page.locator('.acute a[href="tel:112"]').isVisible());
  assert.ok(await page.locator('.acute a[href="tel:101"]').isVisible());
  assert.deepEqual(problems, []);
  await context.close();
});

test('choosing a region in the header changes the partners shown on a step, and is kept', async () => {
  const { page, problems, context } = await newPage(browser);
  await page.goto(server.url + 'stappen/ga-na/');
  const visible = () => page.locator('.who-helps [data-partner-entry]:visible').evaluateAll((cards) => cards.map((c) => c.id));
  const all = await visible();
  assert.ok(all.includes('vk-limburg') && all.includes('vk-oost-vlaanderen') && all.includes('go-clb-oudenaarde'));
  assert.ok((await page.locator('.region-control').textContent()).includes('nog niet gekozen'));

  await page.locator('.region-toggle').click();
  assert.equal(await page.locator('.region-toggle').getAttribute('aria-expanded'), 'true');
  await page.locator('#region-select').selectOption('limburg');
  await page.locator('.region-form button[type=submit]').click();
  assert.ok(await page.locator('#region-panel').isHidden());
  let shown = await visible();
  assert.ok(shown.includes('vk-limburg'));
  assert.ok(shown.includes('hulplijn-1712'), 'Flemish partners stay');
  assert.ok(!shown.includes('vk-oost-vlaanderen'));
  assert.ok(!shown.includes('go-clb-oudenaarde'));
  assert.match(await page.locator('[data-region-note]').textContent(), /Limburg/);

  await page.locator('.region-toggle').click();
  await page.locator('#region-place').fill('Oudenaarde');
  assert.equal(await page.locator('#region-select').inputValue(), 'zuid-oost-vlaanderen');
  await page.locator('.region-form button[type=submit]').click();
  await page.reload();
  assert.match(await page.locator('.region-control').textContent(), /Oudenaarde/);
  shown = await visible();
  assert.ok(shown.includes('go-clb-oudenaarde'), 'the subregion');
  assert.ok(shown.includes('vk-oost-vlaanderen'), 'its province');
  assert.ok(!shown.includes('vk-limburg'));
  assert.ok(shown.length < all.length);

  await page.locator('[data-region-toggle-all]').click();
  assert.deepEqual(await visible(), all, 'the reader can still see every partner of the step');
  assert.deepEqual(problems, []);
  await context.close();
});

test('the finder filters by municipality, postcode, category, age, anonymous consult and step', async () => {
  const { page, problems, context } = await newPage(browser);
  await page.goto(server.url + 'partners/');
  const cards = page.locator('.finder-results .partner-card');
  const total = await cards.count();
  const visible = () => page.locator('.finder-results .partner-card:visible').evaluateAll((list) =>
    list.map((c) => ({ id: c.id, ...c.dataset })));
  const count = async (n) => {
    await page.waitForFunction((want) => document.querySelector('[data-finder-count]').textContent.startsWith(`${want} `), n);
  };
  await count(total);

  await page.locator('#finder-place').fill('Oudenaarde');
  assert.equal(await page.locator('#finder-region').inputValue(), 'zuid-oost-vlaanderen');
  assert.match(await page.locator('#finder-place-result').textContent(), /Zuid-Oost-Vlaanderen/);
  let shown = await visible();
  assert.ok(shown.some((p) => p.id === 'go-clb-oudenaarde'));
  assert.ok(!shown.some((p) => p.id === 'vk-limburg'));
  await count(shown.length);

  await page.locator('#finder-place').fill('');
  await page.locator('#finder-region').selectOption('');
  await page.locator('#finder-place').fill('9700');
  assert.equal(await page.locator('#finder-region').inputValue(), 'zuid-oost-vlaanderen');
  assert.deepEqual((await visible()).map((p) => p.id), shown.map((p) => p.id), 'the postcode finds the same');

  await page.locator('#finder-category').selectOption('vk');
  shown = await visible();
  assert.deepEqual(shown.map((p) => p.id), ['vk-oost-vlaanderen']);
  await count(1);
  assert.ok(await page.locator('#soort-ocj').isHidden(), 'an empty category hides its heading');

  await page.locator('button[type=reset]').click();
  await count(total);
  assert.equal(await page.locator('#finder-region').inputValue(), '');

  await page.locator('#finder-age').fill('5');
  shown = await visible();
  assert.ok(!shown.some((p) => p.id === 'kind-en-gezin-regioteam'), 'a 0–3 partner is not for a 5-year-old');
  assert.ok(shown.every((p) => !p.ageFrom || (+p.ageFrom <= 5 && 5 <= +p.ageTo)));
  await page.locator('#finder-age').fill('2');
  assert.ok((await visible()).some((p) => p.id === 'kind-en-gezin-regioteam'));
  await page.locator('#finder-age').fill('');

  await page.locator('#finder-anonymous').check();
  shown = await visible();
  assert.ok(shown.length > 0 && shown.length < total);
  assert.ok(shown.every((p) => p.anonymous === 'ja'));
  await page.locator('#finder-anonymous').uncheck();

  await page.locator('#finder-step').selectOption('acuut-gevaar');
  shown = await visible();
  assert.deepEqual(shown.map((p) => p.id).sort(), ['noodnummer-112', 'politie-101']);
  await count(2);

  await page.locator('#finder-category').selectOption('caw');
  await page.waitForFunction(() => document.querySelector('[data-finder-count]').textContent.startsWith('Geen'));
  assert.deepEqual(await visible(), []);
  assert.deepEqual(problems, []);
  await context.close();
});

test('the step card shows the partners of the region kept in the browser', async () => {
  const { page, problems, context } = await newPage(browser);
  await page.goto(server.url + 'stapkaart/');
  await page.evaluate(() => localStorage.setItem('leerpad.region', JSON.stringify({ region: 'limburg', municipality: '' })));
  await page.reload();
  assert.equal(await page.locator('#stepcard-region').inputValue(), 'limburg');
  assert.equal(await page.locator('[data-stepcard-region-name]').textContent(), 'Limburg');
  const names = await page.locator('.stepcard-partner-list li:visible strong').allTextContents();
  assert.ok(names.some((n) => n.includes('Limburg')));
  assert.ok(!names.some((n) => n.includes('Oost-Vlaanderen')));
  assert.equal(await page.locator('.stepcard-step').count(), Object.keys(graph).length);
  assert.deepEqual(problems, []);
  await context.close();
});

test('without JavaScript every step is reachable by links from the start, and every partner shows', async () => {
  const { page, problems, context } = await newPage(browser, { javaScriptEnabled: false });
  const reached = new Set([start]);
  const queue = [`${server.url}stappen/${start}/index.html`];
  while (queue.length) {
    const url = queue.shift();
    await page.goto(url);
    const links = await page.locator('a.choice').evaluateAll((list) => list.map((a) => a.href));
    for (const href of links) {
      const slug = href.match(/stappen\/([^/]+)\/index\.html$/)[1];
      if (!reached.has(slug)) {
        reached.add(slug);
        queue.push(href);
      }
    }
  }
  assert.deepEqual([...reached].sort(), Object.keys(graph).sort());

  await page.goto(server.url + 'stappen/ga-na/');
  assert.ok(await page.locator('.region-control a[href$="partners/index.html"]').isVisible(), 'the header links to the partners');
  assert.ok(await page.locator('[data-step-path]').isHidden());
  const cards = page.locator('.who-helps .partner-card');
  assert.equal(await page.locator('.who-helps [data-partner-entry]:visible').count(), await cards.count());
  assert.ok(await page.locator('.region-links a[href$="zuid-oost-vlaanderen/index.html"]').isVisible());
  await page.goto(server.url + 'partners/');
  assert.ok(await page.locator('[data-finder-form]').isHidden(), 'no form that cannot work');
  assert.ok(await page.locator('.finder-regions a').first().isVisible());
  assert.deepEqual(problems, []);
  await context.close();
});

test('each print button prints once: on the step card, a region page and both print versions of a module', async () => {
  const { page, problems, context } = await newPage(browser);
  await context.addInitScript(() => {
    window.__prints = 0;
    window.print = () => { window.__prints += 1; };
  });
  const region = await page.goto(server.url + 'partners/').then(() =>
    page.locator('a[href$="/index.html"]').evaluateAll((links) =>
      links.map((a) => a.getAttribute('href')).find((h) => /^[a-z-]+\/index\.html$/.test(h))));
  const module = await page.goto(server.url).then(() =>
    page.locator('a[href^="modules/"]').evaluateAll((links) =>
      links.map((a) => a.getAttribute('href')).find((h) => /^modules\/[^/]+\/index\.html$/.test(h))));
  for (const path of ['stapkaart/', `partners/${region}`, ...['print/', 'trainer/'].map((v) => module.replace(/index\.html$/, '') + v)]) {
    await page.goto(server.url + path);
    const button = page.locator('button[data-print]');
    await button.waitFor({ state: 'visible' });
    const before = await page.evaluate(() => window.__prints);
    await button.click();
    assert.equal(await page.evaluate(() => window.__prints), before + 1, path);
  }
  assert.deepEqual(problems, []);
  await context.close();
});
