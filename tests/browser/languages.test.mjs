// Sites in other languages in a real browser (issue 19): an English and a French site made by
// `leerpad init`, and a site in Dutch and French. No Dutch interface text, the right `lang`,
// search finds an inflected word, the language switch leads to the translation and back, and
// each language searches only its own pages, served over http and opened from disk.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { buildSite, launch, newPage, REPO, serve } from './harness.mjs';

const BIN = process.env.LEERPAD_BIN || join(process.env.CARGO_TARGET_DIR || join(REPO, 'target'), 'release/leerpad');

/** Words of the Dutch interface that an English or French page must not show. */
const DUTCH_UI = [
  'Naar de inhoud', 'Hoofdmenu', 'Stappenplan', 'Zoeken', 'Vorige les', 'Volgende les',
  'Kennischeck', 'Controleer', 'Je voortgang', 'Kies je regio', 'Acuut gevaar', 'Druk af',
  'Bespreek in je team', 'Voor de trainer', 'Begrippen', 'minuten', 'Stapkaart',
];

/** Per language: the lesson added to the sample, the query in another form, its folders. */
const LANGUAGES = {
  en: {
    module: '01-first-module', text: 'Every child needs a safe place to play.', query: 'children',
    steps: 'steps', search: 'search', glossary: 'glossary',
  },
  fr: {
    module: '01-premier-module', text: 'Chaque enfant a besoin d’un lieu sûr pour jouer.', query: 'enfants',
    steps: 'etapes', search: 'recherche', glossary: 'glossaire',
  },
};

const temp = mkdtempSync(join(tmpdir(), 'leerpad-languages-'));
const sites = {};
let browser;

function write(root, files) {
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
}

/** `leerpad init --language LANG` in a temp folder, one lesson more, built and served. */
async function initSite(language) {
  const root = join(temp, language);
  const run = spawnSync(BIN, ['init', root, '--language', language], { encoding: 'utf8' });
  assert.equal(run.status, 0, run.stderr);
  const { module, text } = LANGUAGES[language];
  write(root, { [`content/modules/${module}/03-safe.md`]: `---\ntitle: Safe\n---\n## Place\n\n${text}\n` });
  const out = buildSite(`browser-languages-${language}`, root);
  return { out, server: await serve(out) };
}

const step = (title, kind, to) =>
  `---\ntitle: ${title}\nlabel: ${title}\nkind: ${kind}\n${to ? `choices:\n  - label: ${title}\n    to: ${to}\n` : ''}---\n${title}.\n`;

/** A site in Dutch and French: the same module and steps in both, one lesson only in Dutch. */
async function brussels() {
  const root = join(temp, 'nl-fr');
  write(root, {
    'leerpad.toml': 'title = "Brussel"\nlanguages = ["nl", "fr"]\n',
    'content/nl/_index.md': '---\ntitle: Welkom\n---\nDag.\n',
    'content/fr/_index.md': '---\ntitle: Bienvenue\n---\nBonjour.\n',
    'content/nl/modules/01-a/_module.md': '---\ntitle: Signalen\n---\nIntro.\n',
    'content/fr/modules/01-a/_module.md': '---\ntitle: Signaux\n---\nIntro.\n',
    'content/nl/modules/01-a/01-b.md': '---\ntitle: Kijk naar de kinderen\n---\nDe kinderen spelen in de tuinen.\n',
    'content/fr/modules/01-a/01-b.md': '---\ntitle: Regardez les enfants\n---\nLes enfants jouent dans les jardins.\n',
    'content/nl/modules/01-a/02-c.md': '---\ntitle: Alleen in het Nederlands\n---\nTekst.\n',
    'content/nl/stappen/01-begin.md': step('Begin', 'start', 'einde'),
    'content/nl/stappen/02-einde.md': step('Einde', 'end'),
    'content/fr/etapes/01-begin.md': step('Début', 'start', 'einde'),
    'content/fr/etapes/02-einde.md': step('Fin', 'end'),
  });
  const out = buildSite('browser-languages-nl-fr', root);
  return { out, server: await serve(out) };
}

before(async () => {
  sites.en = await initSite('en');
  sites.fr = await initSite('fr');
  sites.both = await brussels();
  browser = await launch();
});

after(async () => {
  await browser?.close();
  for (const site of Object.values(sites)) await site.server.close();
  rmSync(temp, { recursive: true, force: true });
});

/** The result links of `query` typed in the header box of the page open in `page`. */
async function headerSearch(page, query) {
  const box = page.locator('#site-search');
  await box.focus();
  await box.pressSequentially(query);
  await page.waitForFunction(() => /\d|\./.test(document.querySelector('[data-search-status]').textContent));
  return page.locator('#site-search-results [role=option] a').evaluateAll((links) => links.map((a) => a.href));
}

for (const language of ['en', 'fr']) {
  test(`${language}: no Dutch interface text, lang="${language}", and search finds an inflected word`, async () => {
    const { module, query, steps, search, glossary } = LANGUAGES[language];
    const { server, out } = sites[language];
    const { page, problems, context } = await newPage(browser, { locale: language });
    const lesson = `modules/${module.replace(/^\d+-/, '')}/safe/`;
    for (const path of ['', lesson, `${steps}/`, `${search}/`, `${glossary}/`]) {
      const response = await page.goto(server.url + path);
      assert.equal(response.status(), 200, path);
      assert.equal(await page.evaluate(() => document.documentElement.lang), language, path);
      const text = await page.evaluate(() => document.body.innerText);
      for (const dutch of DUTCH_UI) assert.ok(!text.includes(dutch), `${path} shows "${dutch}"`);
      const labels = await page.evaluate(() =>
        [...document.querySelectorAll('[aria-label], [placeholder], [title]')].map((e) =>
          ['aria-label', 'placeholder', 'title'].map((a) => e.getAttribute(a) || '').join(' ')).join(' '));
      for (const dutch of DUTCH_UI) assert.ok(!labels.includes(dutch), `${path} labels "${dutch}"`);
    }
    // The header box: the other form of the word finds the lesson.
    await page.goto(server.url);
    const found = await headerSearch(page, query);
    assert.ok(found.some((href) => href.includes(lesson)), `"${query}" finds ${found}`);
    // The search page, opened from disk, finds it too.
    await page.goto(`${pathToFileURL(join(out, search, 'index.html')).href}?q=${encodeURIComponent(query)}`);
    await page.locator('.search-results .search-result').first().waitFor();
    const links = await page.locator('.search-results .search-result a').evaluateAll((a) => a.map((l) => l.href));
    assert.ok(links.some((href) => href.includes(lesson)), `search page: ${links}`);
    assert.deepEqual(problems, []);
    await context.close();
  });
}

test('nl+fr: the language switch leads to the translation and back, hreflang both ways', async () => {
  const { server } = sites.both;
  const { page, problems, context } = await newPage(browser);
  await page.goto(server.url);
  assert.equal(await page.locator('a[hreflang=fr]').innerText(), 'Français');
  await page.goto(`${server.url}nl/modules/a/b/`);
  assert.equal(await page.locator('link[rel=alternate][hreflang=fr]').getAttribute('href'), '../../../../fr/modules/a/b/index.html');
  const switcher = page.getByRole('navigation', { name: 'Taal' });
  await Promise.all([page.waitForURL(/\/fr\/modules\/a\/b\//), switcher.getByRole('link', { name: 'Français' }).click()]);
  assert.equal(await page.evaluate(() => document.documentElement.lang), 'fr');
  assert.equal(await page.locator('h1').innerText(), 'Regardez les enfants');
  assert.equal(await page.locator('link[rel=alternate][hreflang=nl]').getAttribute('href'), '../../../../nl/modules/a/b/index.html');
  await Promise.all([
    page.waitForURL(/\/nl\/modules\/a\/b\//),
    page.getByRole('navigation', { name: 'Langue' }).getByRole('link', { name: 'Nederlands' }).click(),
  ]);
  assert.equal(await page.evaluate(() => document.documentElement.lang), 'nl');
  // The lesson only in Dutch has no switch.
  await page.goto(`${server.url}nl/modules/a/c/`);
  assert.equal(await page.locator('.language-switch').count(), 0);
  assert.equal(await page.locator('link[rel=alternate]').count(), 0);
  assert.deepEqual(problems, []);
  await context.close();
});

test('nl+fr: each language searches its own index only, over http and from disk', async () => {
  const { server, out } = sites.both;
  const { page, problems, context } = await newPage(browser);
  const lessonIn = (language) => `/${language}/modules/a/b/index.html`;
  await page.goto(`${server.url}nl/`);
  let found = await headerSearch(page, 'tuin');
  assert.ok(found.some((h) => h.endsWith(lessonIn('nl'))), `nl "tuin": ${found}`);
  await page.goto(`${server.url}fr/`);
  found = await headerSearch(page, 'jardin');
  assert.ok(found.some((h) => h.endsWith(lessonIn('fr'))), `fr "jardin": ${found}`);
  assert.ok(found.every((h) => h.includes('/fr/')), `fr results stay in fr: ${found}`);
  await page.goto(`${server.url}fr/`);
  found = await headerSearch(page, 'kinderen');
  assert.ok(!found.some((h) => h.includes('/modules/')), `fr finds no Dutch lesson: ${found}`);
  // From disk: the root's choice, then the French search page.
  await page.goto(pathToFileURL(join(out, 'index.html')).href);
  await Promise.all([page.waitForURL(/fr\/index\.html$/), page.locator('a[hreflang=fr]').click()]);
  await page.goto(`${pathToFileURL(join(out, 'fr', 'recherche', 'index.html')).href}?q=enfant`);
  await page.locator('.search-results .search-result').first().waitFor();
  const links = await page.locator('.search-results .search-result a').evaluateAll((a) => a.map((l) => l.href));
  assert.ok(links.some((h) => h.endsWith(lessonIn('fr'))), `fr page: ${links}`);
  assert.ok(links.every((h) => h.includes('/fr/')), `fr page stays in fr: ${links}`);
  assert.deepEqual(problems, []);
  await context.close();
});

test('nl+fr: each language has its own service worker, which works offline for its pages', async () => {
  const { server } = sites.both;
  const { page, problems, context } = await newPage(browser);
  await page.goto(`${server.url}fr/`);
  const scope = await page.evaluate(() => navigator.serviceWorker.ready.then((r) => r.scope));
  assert.equal(scope, `${server.url}fr/`);
  await page.waitForFunction(async () => {
    const names = await caches.keys();
    if (names.length !== 1) return false;
    const urls = (await (await caches.open(names[0])).keys()).map((r) => new URL(r.url).pathname);
    return urls.includes('/fr/modules/a/b/index.html') && urls.includes('/fr/recherche/index.js');
  });
  const cached = await page.evaluate(async () => {
    const names = await caches.keys();
    return (await (await caches.open(names[0])).keys()).map((r) => new URL(r.url).pathname);
  });
  assert.ok(cached.every((path) => path.startsWith('/fr/')), `only French files: ${cached.filter((p) => !p.startsWith('/fr/'))}`);
  await context.setOffline(true);
  const response = await page.goto(`${server.url}fr/modules/a/b/index.html`);
  assert.ok(response.fromServiceWorker(), 'answered by the service worker');
  assert.equal(await page.locator('h1').innerText(), 'Regardez les enfants');
  await context.setOffline(false);
  assert.deepEqual(problems, []);
  await context.close();
});

test('nl+fr: the language choice and the switch pass axe-core (WCAG 2.1 AA) and fit 360 px', async () => {
  const { server } = sites.both;
  const { page, problems, context } = await newPage(browser, { viewport: { width: 360, height: 740 } });
  await context.addInitScript({ path: join(REPO, 'node_modules/axe-core/axe.min.js') });
  for (const path of ['', 'nl/modules/a/b/', 'fr/etapes/begin/']) {
    await page.goto(server.url + path);
    const violations = await page.evaluate(async () => {
      const tags = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
      const r = await window.axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] });
      return r.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(' | ')}`);
    });
    assert.deepEqual(violations, [], path);
    const wide = await page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(wide <= 360, `${path} is ${wide} px wide`);
  }
  // Keyboard only: the switch's link is reached with Tab (on a phone, behind the menu button).
  await page.goto(`${server.url}nl/modules/a/b/`);
  const toggle = page.locator('[data-menu-toggle]');
  if (await toggle.isVisible()) await toggle.click();
  let reached = false;
  for (let i = 0; i < 40 && !reached; i += 1) {
    await page.keyboard.press('Tab');
    reached = await page.evaluate(() => document.activeElement?.getAttribute('hreflang') === 'fr');
  }
  assert.ok(reached, 'Tab reaches the French link of the switch');
  assert.deepEqual(problems, []);
  await context.close();
});
