// `leerpad serve` in a real browser: a save reloads the pages it changed and leaves the others
// alone, a broken save shows its errors at the top of every page (drawn by serve's live.js,
// the page itself is never edited), and the next good save takes them away.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO, launch, newPage } from './harness.mjs';

const BIN = process.env.LEERPAD_BIN || join(process.env.CARGO_TARGET_DIR || join(REPO, 'target'), 'release/leerpad');
const LESSON = 'content/modules/01-signalen/01-kind.md';

let site;
let server;
let url;
let browser;

before(async () => {
  site = mkdtempSync(join(tmpdir(), 'leerpad-serve-'));
  cpSync(join(REPO, 'tests/broken/_base'), site, { recursive: true });
  cpSync(join(REPO, 'themes'), join(site, 'themes'), { recursive: true });
  server = spawn(BIN, ['serve', '--root', site, '--port', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
  url = await new Promise((ok, fail) => {
    let out = '';
    const timer = setTimeout(() => fail(new Error(`serve printed no address: ${out}`)), 20000);
    const read = (chunk) => {
      out += chunk;
      const found = out.match(/http:\/\/127\.0\.0\.1:\d+\//);
      if (found) {
        clearTimeout(timer);
        ok(found[0]);
      }
    };
    server.stdout.on('data', read);
    server.stderr.on('data', read);
  });
  browser = await launch();
});

after(async () => {
  await browser?.close();
  server?.kill();
  if (site) rmSync(site, { recursive: true, force: true });
});

test('a broken save shows its errors on the open page, a good save takes them away', async () => {
  const { page, context } = await newPage(browser);
  const good = readFileSync(join(site, LESSON), 'utf8');
  await page.goto(url);
  assert.equal(await page.locator('.leerpad-error').count(), 0, 'no errors at first');

  writeFileSync(join(site, LESSON), good.replace('title:', 'titel:'));
  const banner = page.locator('pre.leerpad-error[role="alert"]');
  await banner.waitFor({ timeout: 15000 });
  assert.match(await banner.textContent(), /01-kind\.md.*unknown field/s);
  assert.equal(await page.locator('main h1').count(), 1, 'the last good page is still shown under it');

  writeFileSync(join(site, LESSON), good);
  await banner.waitFor({ state: 'detached', timeout: 15000 });
  await context.close();
});

test('a save reloads the open pages it changed, and only those', async () => {
  const { page: lesson, context } = await newPage(browser);
  const other = await context.newPage();
  await lesson.goto(`${url}modules/signalen/kind/`);
  await other.goto(`${url}over/`);
  await lesson.evaluate(() => { window.keptSinceLoad = true; });
  await other.evaluate(() => { window.keptSinceLoad = true; });
  const good = readFileSync(join(site, LESSON), 'utf8');
  try {
    writeFileSync(join(site, LESSON), good.replace('Het VK helpt je verder.', 'Het VK helpt je verder. Nieuwe zin.'));
    await lesson.waitForFunction(() => !window.keptSinceLoad && document.body.textContent.includes('Nieuwe zin.'), null, { timeout: 15000 });
    // The other page got the same message at the same moment: give it time to act on it.
    await other.waitForTimeout(1500);
    assert.equal(await other.evaluate(() => window.keptSinceLoad), true, 'a page the save did not change stays as it is');
  } finally {
    writeFileSync(join(site, LESSON), good);
  }
  await lesson.waitForFunction(() => !document.body.textContent.includes('Nieuwe zin.'), null, { timeout: 15000 });
  await context.close();
});
