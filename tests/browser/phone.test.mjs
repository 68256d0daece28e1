// The site on a 360×740 phone (touch, no hover): the header ends by 185 px on every page type with
// the acute-danger line in one line and 112 as a tel: link; the menu is one disclosure button;
// every step page is at most 8 screens long without a region, with "Wat doe je nu?" (or the 112
// button of the acute step) on the first screen; a lesson's first paragraph is on the first
// screen; "Presenteer" is not offered; "Verder waar je was" is on the home page's first screen.
//
// The figures (header bottom per page type, screens per step page with and without a region) are
// printed as test diagnostics: node --test --test-concurrency=1 tests/browser/phone.test.mjs

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { buildSite, launch, newPage, serve } from './harness.mjs';

const PHONE = { viewport: { width: 360, height: 740 }, hasTouch: true, isMobile: true, deviceScaleFactor: 2 };
const HEADER_MAX = 185;
const SCREENS_MAX = 8;

let server;
let browser;
/** Step slugs, read from the overview. */
let steps;
/** One page of every type: [type, path]. */
let pages;

before(async () => {
  server = await serve(buildSite('browser-phone'));
  browser = await launch();
  const { page, context } = await newPage(browser, { javaScriptEnabled: false });
  await page.goto(server.url + 'stappen/');
  steps = await page.locator('ul.step-outline a[id^="overzicht-"]').evaluateAll((links) =>
    links.map((a) => a.id.replace('overzicht-', '')));
  await page.goto(server.url);
  const module = await page.locator('.cards.modules a').first().getAttribute('href');
  await page.goto(server.url + module);
  const lesson = await page.locator('ol.lesson-list a').first().getAttribute('href');
  const region = await page.evaluate(() => 'partners/limburg/');
  pages = [
    ['home', ''], ['page', 'over/'], ['glossary', 'begrippen/'], ['module', module.replace(/index\.html$/, '')],
    ['lesson', new URL(lesson, server.url + module).pathname.slice(1).replace(/index\.html$/, '')],
    ['module handout', module.replace(/index\.html$/, '') + 'print/'], ['module trainer version', module.replace(/index\.html$/, '') + 'trainer/'], ['steps overview', 'stappen/'],
    ...steps.map((s) => [`step ${s}`, `stappen/${s}/`]), ['stepcard', 'stapkaart/'], ['partners', 'partners/'],
    ['region', region], ['search', 'zoeken/'], ['404', 'bestaat-niet/'],
  ];
  await context.close();
});

after(async () => {
  await browser?.close();
  await server?.close();
});

test('the header ends by 185 px on every page type, with 112 in one line and one menu button', async (t) => {
  const { page, problems, context } = await newPage(browser, PHONE);
  const rows = [];
  for (const [type, path] of pages) {
    await page.goto(server.url + path);
    const m = await page.evaluate(() => {
      const header = document.querySelector('.site-header').getBoundingClientRect();
      const bar = document.querySelector('.urgent-bar');
      const line = parseFloat(getComputedStyle(bar).lineHeight) || 24;
      const tel = bar.querySelector('a[href="tel:112"]');
      return {
        bottom: Math.round(header.bottom),
        barLines: Math.round((bar.getBoundingClientRect().height - 8) / line),
        telVisible: Boolean(tel) && tel.getBoundingClientRect().width > 0,
        sideways: document.documentElement.scrollWidth > window.innerWidth,
      };
    });
    rows.push(`${type}: header bottom ${m.bottom} px`);
    assert.ok(m.bottom <= HEADER_MAX, `${type}: the header ends at ${m.bottom} px`);
    assert.ok(m.barLines <= 1, `${type}: the acute-danger line is one line`);
    assert.ok(m.telVisible, `${type}: 112 is a visible tel: link`);
    assert.ok(!m.sideways, `${type}: no sideways scroll`);
  }
  for (const row of rows) t.diagnostic(row);
  // The 404 page is served with status 404 on purpose: its own request is no problem.
  problems.splice(0, problems.length, ...problems.filter((p) => !/status of 404|HTTP 404: .*bestaat-niet/.test(p)));
  // The menu: one disclosure button; nav, search and region behind it.
  await page.goto(server.url + 'stappen/');
  const toggle = page.locator('[data-menu-toggle]');
  assert.equal(await toggle.getAttribute('aria-expanded'), 'false');
  assert.ok(await page.locator('.site-nav').isHidden());
  await toggle.click();
  assert.equal(await toggle.getAttribute('aria-expanded'), 'true');
  assert.ok(await page.locator('.site-nav').isVisible());
  assert.ok(await page.locator('#site-search').isVisible());
  assert.ok(await page.locator('.region-control').isVisible());
  await page.keyboard.press('Escape');
  assert.equal(await toggle.getAttribute('aria-expanded'), 'false');
  assert.deepEqual(problems, []);
  await context.close();
});

/** Screens of the page, and where "Wat doe je nu?" and the acute 112 button end. */
const measureStep = (page) => page.evaluate(() => {
  const rect = (sel) => document.querySelector(sel)?.getBoundingClientRect();
  const now = rect('.what-now h2');
  const doubt = document.querySelector('.step-doubt');
  const doubtLines = doubt ? Math.round(doubt.getBoundingClientRect().height / parseFloat(getComputedStyle(doubt).lineHeight)) : 0;
  const call = rect('.acute a[href="tel:112"]');
  return {
    screens: document.documentElement.scrollHeight / window.innerHeight,
    nowBottom: now ? now.bottom : null,
    callBottom: call ? call.bottom : null,
    doubtLines,
    sideways: document.documentElement.scrollWidth > window.innerWidth,
  };
});

test('every step page is at most 8 screens and starts with what to do now', async (t) => {
  const rows = [];
  for (const region of [null, { region: 'limburg', municipality: 'Hasselt' }]) {
    const { page, problems, context } = await newPage(browser, PHONE);
    await page.goto(server.url);
    // A path of a few steps, so "Jouw pad" is shown as it is after some clicking.
    await page.evaluate((r) => {
      if (r) localStorage.setItem('leerpad.region', JSON.stringify(r));
    }, region);
    let longest = 0;
    for (const slug of steps) {
      await page.goto(`${server.url}stappen/${slug}/`);
      const m = await measureStep(page);
      longest = Math.max(longest, m.screens);
      rows.push(`${region ? 'with region' : 'no region'} ${slug}: ${m.screens.toFixed(1)} screens`);
      if (!region) assert.ok(m.screens <= SCREENS_MAX, `${slug}: ${m.screens.toFixed(1)} screens without a region`);
      if (m.callBottom !== null) {
        assert.ok(m.callBottom <= 740, `${slug}: the 112 button is on the first screen (${m.callBottom})`);
      } else {
        assert.ok(m.nowBottom !== null && m.nowBottom <= 740, `${slug}: "Wat doe je nu?" on the first screen (${m.nowBottom})`);
      }
      assert.ok(!m.sideways, `${slug}: no sideways scroll`);
      assert.equal(m.doubtLines, 1, `${slug}: "Twijfel je? …" in one line`);
    }
    rows.push(`${region ? 'with region' : 'no region'}: longest ${longest.toFixed(1)} screens`);
    assert.deepEqual(problems, []);
    await context.close();
  }
  for (const row of rows) t.diagnostic(row);
});

test('"Jouw pad" stays one line after a long path, and keeps "Wat doe je nu?" on screen', async () => {
  const { page, problems, context } = await newPage(browser, PHONE);
  await page.goto(`${server.url}stappen/${steps[0]}/`);
  for (let i = 0; i < 6; i += 1) {
    const choice = page.locator('a.choice:not(.urgent)').first();
    if (!(await choice.count())) break;
    await choice.click();
  }
  const path = page.locator('[data-step-path]');
  if (await path.isVisible()) {
    const lines = await path.evaluate((e) => Math.round(e.getBoundingClientRect().height / parseFloat(getComputedStyle(e).lineHeight)));
    assert.ok(lines <= 2, `the trail is one line (${lines})`);
  }
  const m = await measureStep(page);
  assert.ok((m.callBottom ?? m.nowBottom) <= 740);
  assert.deepEqual(problems, []);
  await context.close();
});

test('a lesson starts on the first screen and offers no presentation on a touch phone', async () => {
  const { page, problems, context } = await newPage(browser, PHONE);
  const [, lesson] = pages.find(([type]) => type === 'lesson');
  await page.goto(server.url + lesson);
  const top = await page.evaluate(() => document.querySelector('.lesson-body p, .lesson-body li')?.getBoundingClientRect().top);
  assert.ok(top !== undefined && top < 740, `the first paragraph starts at ${top}`);
  assert.ok(await page.locator('[data-present-start]').isHidden(), 'no "Presenteer" on a touch-only phone');
  assert.ok(await page.locator('#present-keys').isHidden(), 'nor its keyboard help');
  // "Verder waar je was" on the home page's first screen.
  await page.goto(server.url);
  const link = page.locator('.home-continue [data-continue] a');
  assert.ok(await link.isVisible(), 'the lesson just read is offered');
  const bottom = await link.evaluate((a) => a.getBoundingClientRect().bottom);
  assert.ok(bottom <= 740, `"Verder waar je was" ends at ${bottom}`);
  assert.deepEqual(problems, []);
  await context.close();
});

test('a desktop still gets "Presenteer" and the full header row', async () => {
  const { page, problems, context } = await newPage(browser, { viewport: { width: 1280, height: 800 } });
  const [, lesson] = pages.find(([type]) => type === 'lesson');
  await page.goto(server.url + lesson);
  assert.ok(await page.locator('[data-present-start]').isVisible());
  assert.ok(await page.locator('[data-menu-toggle]').isHidden());
  assert.ok(await page.locator('.site-nav').isVisible());
  assert.deepEqual(problems, []);
  await context.close();
});
