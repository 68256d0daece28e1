// The printed step card (stapkaart/) in Chromium: on paper the footer names the site's address
// (when base_url in leerpad.toml is an http(s) address), the day it is printed (filled by
// print-date.js at print time, never at build time) and the source from steps_note; the screen
// title ("… om af te drukken") is not on paper, and the steps stay on one A4 landscape sheet.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO, buildSite, launch, newPage, serve } from './harness.mjs';

const SHOTS = join(REPO, 'target', 'screenshots');
const ADDRESS = 'leren.example.org/kinderopvang';
let browser;

/** A copy of the bundled site whose base_url is an address. */
function addressSite() {
  const root = join(REPO, 'target', 'present-stepcard-root');
  rmSync(root, { recursive: true, force: true });
  mkdirSync(root, { recursive: true });
  for (const name of ['leerpad.toml', 'partners.yaml', 'places.yaml', 'content', 'themes']) {
    cpSync(join(REPO, name), join(root, name), { recursive: true });
  }
  const toml = readFileSync(join(root, 'leerpad.toml'), 'utf8').replace(/^base_url = .*$/m, `base_url = "https://${ADDRESS}/"`);
  assert.match(toml, /base_url = "https:/);
  writeFileSync(join(root, 'leerpad.toml'), toml);
  return root;
}

before(async () => {
  browser = await launch();
  mkdirSync(SHOTS, { recursive: true });
});

after(async () => {
  await browser?.close();
});

/** The number of pages in a PDF made by Chromium. */
const pages = (pdf) => (pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g) || []).length;

for (const [name, root, address] of [['an address', addressSite, ADDRESS], ['the path "/"', () => REPO, null]]) {
  test(`the step card prints with its footer (base_url is ${name})`, async () => {
    const server = await serve(buildSite(`browser-stepcard-${address ? 'address' : 'path'}`, root()));
    const { page, problems, context } = await newPage(browser, { viewport: { width: 1123, height: 794 } });
    try {
      await page.goto(server.url + 'stapkaart/');
      const footer = page.locator('.stepcard-footer');
      assert.equal(await footer.isVisible(), false, 'no footer on screen');
      assert.equal(await page.locator('.stepcard-screen-title').isVisible(), true);
      await page.emulateMedia({ media: 'print' });
      assert.equal(await page.locator('.stepcard-screen-title').isVisible(), false, 'no screen title on paper');
      assert.equal(await page.locator('.stepcard-paper-title').isVisible(), true);
      assert.equal(await footer.isVisible(), true);
      const text = await footer.innerText();
      const today = new Intl.DateTimeFormat('nl', { day: 'numeric', month: 'long', year: 'numeric' }).format(new Date());
      assert.match(text, new RegExp(`Afgedrukt op ${today}`), 'the day of printing');
      assert.match(text, /Kindreflex/, 'the source');
      assert.match(text, /aangepast aan de kinderopvang/);
      if (address) assert.match(text, new RegExp(`Online: ${address.replace(/\./g, '\\.')}`));
      else assert.doesNotMatch(text, /Online:/, 'no address when base_url names none');
      // The footer belongs to the first sheet: it ends above the partners' page.
      const [footerBottom, partnersTop] = await page.evaluate(() => [
        document.querySelector('.stepcard-footer').getBoundingClientRect().bottom,
        document.querySelector('.stepcard-partners').getBoundingClientRect().top]);
      assert.ok(footerBottom <= partnersTop);
      if (address) {
        await page.screenshot({ path: join(SHOTS, 'stepcard-print.png'), fullPage: true });
        const pdf = await page.pdf({ format: 'A4', landscape: true, printBackground: true });
        writeFileSync(join(REPO, 'target', 'stapkaart.pdf'), pdf);
        console.log(`# stapkaart.pdf: ${pages(pdf)} A4 landscape pages`);
        // The steps sheet plus the partners of all of Flanders and Brussels (no region chosen).
        assert.ok(pages(pdf) >= 2);
      }
      assert.deepEqual(problems, []);
    } finally {
      await context.close();
      await server.close();
    }
  });
}
