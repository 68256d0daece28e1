// The service worker and a phone's data: with Save-Data or a slow line it fetches nothing
// ahead and keeps what was opened; otherwise it fetches the site ahead (within its budget).

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { buildSite, launch, newPage, serve } from './harness.mjs';

const LESSON = 'modules/verontrusting-herkennen/wat-is-verontrusting/';
const OTHER = 'modules/verontrusting-herkennen/';
let server;
let browser;

before(async () => {
  server = await serve(buildSite('browser-offline'));
  browser = await launch();
});

after(async () => {
  await browser?.close();
  await server?.close();
});

/** A page whose browser reports this connection (navigator.connection). */
async function phone(connection) {
  const opened = await newPage(browser);
  await opened.context.addInitScript((c) => {
    Object.defineProperty(Navigator.prototype, 'connection', { configurable: true, get: () => c });
  }, connection);
  return opened;
}

/** The paths the worker's cache holds. */
const cached = (page) => page.evaluate(async () => {
  const names = await caches.keys();
  if (names.length !== 1) return [];
  return (await (await caches.open(names[0])).keys()).map((r) => new URL(r.url).pathname);
});

for (const [why, connection] of [['Save-Data', { saveData: true, effectiveType: '4g' }], ['a 3G line', { saveData: false, effectiveType: '3g' }]]) {
  test(`with ${why} the worker keeps the page that was opened and fetches nothing ahead`, async () => {
    const { page, problems, context } = await phone(connection);
    await page.goto(server.url + LESSON);
    await page.evaluate(() => navigator.serviceWorker.ready);
    // The worker keeps the page and every file it loaded; on a busy machine the last of them
    // come in a while after the page: wait for all of them before going offline.
    await page.waitForFunction(async (lesson) => {
      const names = await caches.keys();
      if (names.length !== 1) return false;
      const urls = (await (await caches.open(names[0])).keys()).map((r) => new URL(r.url).pathname);
      const loaded = performance.getEntriesByType('resource')
        .map((e) => new URL(e.name))
        .filter((u) => u.origin === location.origin)
        .map((u) => u.pathname);
      return urls.some((u) => u.endsWith(`${lesson}index.html`)) && urls.some((u) => u.endsWith('/css/site.css'))
        && loaded.every((u) => urls.includes(u));
    }, LESSON, { timeout: 20000 });
    const paths = await cached(page);
    assert.ok(!paths.some((p) => p.endsWith(`/${OTHER}index.html`)), `no other page: ${paths.join(' ')}`);
    assert.ok(!paths.some((p) => p.includes('/zoeken/')), `no search file: ${paths.join(' ')}`);
    assert.ok(paths.length < 30, `${paths.length} files`);
    await context.setOffline(true);
    const response = await page.goto(server.url + LESSON + 'index.html');
    assert.ok(response.fromServiceWorker(), 'the opened page works offline');
    await context.setOffline(false);
    assert.deepEqual(problems, []);
    await context.close();
  });
}

test('on a fast line the worker fetches the bundled site ahead, within its budget', async () => {
  const { page, problems, context } = await phone({ saveData: false, effectiveType: '4g' });
  await page.goto(server.url + LESSON);
  await page.evaluate(() => navigator.serviceWorker.ready);
  await page.waitForFunction(async (other) => {
    const names = await caches.keys();
    if (names.length !== 1) return false;
    const urls = (await (await caches.open(names[0])).keys()).map((r) => new URL(r.url).pathname);
    return urls.some((u) => u.endsWith(`/${other}index.html`)) && urls.some((u) => u.includes('/zoeken/docs/'));
  }, OTHER);
  assert.deepEqual(problems, []);
  await context.close();
});
