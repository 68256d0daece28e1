// Each route of the Kindreflex card, clicked through in a real browser on the bundled step plan:
// from the start page (or the step where the route begins) by the visible choice labels, to the
// step the card says. Each route is also walked without JavaScript, by plain links.
//
// Owns: the routes of the bundled content. Does not: test the path, "terug" or the region
// choice (steps.test.mjs does).

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { buildSite, launch, newPage, serve } from './harness.mjs';

let server;
let browser;

before(async () => {
  server = await serve(buildSite('browser-step-routes'));
  browser = await launch();
});

after(async () => {
  await browser?.close();
  await server?.close();
});

/** Routes: where they begin (null: the overview's start step), the choices to click, the end. */
const ROUTES = [
  { name: 'worried now: from the start to the estimate', from: null,
    clicks: ['Ik maak me nu zorgen over een kind'], to: 'maak-een-inschatting' },
  { name: 'the routine talk with every parent, steps 1 to 4', from: null,
    clicks: ['Ik ga in gesprek met alle ouders', 'Klaar met het gesprek', 'Nee, er is geen acuut gevaar', 'Ja, ik blijf me zorgen maken'],
    to: 'ga-na' },
  { name: 'cooperating parents: restore safety', from: 'ga-na',
    clicks: ['Ja, het is verontrustend en de ouders willen meewerken'], to: 'herstel-de-veiligheid' },
  { name: 'cooperating parents, but too heavy: partners and the VK', from: 'ga-na',
    clicks: ['Ja, het is verontrustend en de ouders willen meewerken', 'Het is te zwaar voor ons'], to: 'betrek-partners' },
  { name: 'parents who do not cooperate: partners and the VK or OCJ', from: 'ga-na',
    clicks: ['de ouders willen niet meewerken'], to: 'betrek-partners' },
  { name: 'acute danger from the start: police and parket', from: null,
    clicks: ['Er is nu acuut gevaar', 'De hulpdiensten zijn verwittigd'], to: 'betrek-parket-politie' },
  { name: 'acute danger while restoring safety', from: 'herstel-de-veiligheid',
    clicks: ['Er is acuut gevaar'], to: 'acuut-gevaar' },
  { name: 'safe again: stay alert', from: 'herstel-de-veiligheid',
    clicks: ['Het is weer veilig'], to: 'blijf-alert' },
  { name: 'no worries left after support: stay alert', from: 'ondersteun-de-ouder',
    clicks: ['Nee, ik maak me geen zorgen'], to: 'blijf-alert' },
];

/** The start step's URL, as the overview's first outline link gives it. */
async function startUrl(page) {
  await page.goto(server.url + 'stappen/');
  const href = await page.locator('ul.step-outline a[id^="overzicht-"]').first().getAttribute('href');
  return new URL(href, page.url()).href;
}

for (const route of ROUTES) {
  for (const javaScriptEnabled of [true, false]) {
    test(`${route.name}${javaScriptEnabled ? '' : ' (no JavaScript)'}`, async () => {
      const { page, problems, context } = await newPage(browser, { javaScriptEnabled });
      const first = route.from ? `${server.url}stappen/${route.from}/` : await startUrl(page);
      await page.goto(first);
      if (!route.from) {
        assert.equal(await page.locator('article[data-step]').getAttribute('class').then((c) => c.includes('step-start')), true,
          'the overview starts at the start step');
      }
      for (const label of route.clicks) {
        const choice = page.locator('a.choice', { hasText: label });
        assert.equal(await choice.count(), 1, `one choice "${label}" on ${page.url()}`);
        const to = await choice.getAttribute('data-to');
        await choice.click();
        await page.waitForURL(`**/stappen/${to}/index.html`);
      }
      assert.ok(page.url().endsWith(`/stappen/${route.to}/index.html`), `${route.name} ends at ${route.to}, not ${page.url()}`);
      assert.ok(await page.locator('h1').first().isVisible());
      assert.deepEqual(problems, []);
      await context.close();
    });
  }
}

test('the acute-danger step names 112 and 101 and says what happens with the parket', async () => {
  const { page, problems, context } = await newPage(browser);
  await page.goto(`${server.url}stappen/acuut-gevaar/`);
  const text = await page.locator('article[data-step]').innerText();
  for (const part of ['112', '101', 'parket', 'vandaag niet veilig naar huis', 'seksueel misbruik']) {
    assert.ok(text.includes(part), `"${part}" on the acute-danger step`);
  }
  assert.deepEqual(problems, []);
  await context.close();
});
