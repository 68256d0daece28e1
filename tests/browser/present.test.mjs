// Presentation mode in Chromium, as a trainer uses it in a team meeting: every slide of every
// lesson fits 1920×1080 and 1280×720 with its control bar (also with the trainer notes shown and
// every answer revealed), body text at least 28 px on 1920×1080; the same on a generated lesson
// with a very long section, a long list, a long table, a chart and three checks; trainer notes
// only after N; R reveals a check's answer; S opens the presenter view and either window moves
// both; the bar fades and comes back on focus. Screenshots go to target/screenshots/.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { REPO, buildSite, launch, newPage, serve } from './harness.mjs';

const SHOTS = join(REPO, 'target', 'screenshots');
const SIZES = [{ width: 1920, height: 1080 }, { width: 1280, height: 720 }];
const LESSON = 'modules/verontrusting-herkennen/wat-is-verontrusting/';

let site;
let server;
let browser;
let lessons;

/** The lesson pages of a built site: modules/MODULE/LESSON/index.html, print pages left out. */
function lessonPaths(out) {
  const modules = join(out, 'modules');
  return readdirSync(modules, { withFileTypes: true }).filter((d) => d.isDirectory()).flatMap((m) =>
    readdirSync(join(modules, m.name), { withFileTypes: true })
      .filter((d) => d.isDirectory() && !['print', 'trainer'].includes(d.name))
      .map((d) => `modules/${m.name}/${d.name}/`));
}

/** A copy of the bundled site with one more lesson that no slide can hold as it is. */
function hardSite() {
  const root = join(REPO, 'target', 'present-hard-root');
  rmSync(root, { recursive: true, force: true });
  mkdirSync(root, { recursive: true });
  for (const name of ['leerpad.toml', 'partners.yaml', 'places.yaml', 'content', 'themes']) {
    cpSync(join(REPO, name), join(root, name), { recursive: true });
  }
  const long = Array.from({ length: 14 }, (_, i) => `Dit is alinea ${i + 1} van een heel lang deel. `
    + 'Een trainer schrijft soms veel tekst onder één kop. Elke zin is kort, maar samen vullen ze meer dan één scherm. '
    + 'De presentatie moet die tekst dan over meer dia\'s verdelen.').join('\n\n');
  const items = Array.from({ length: 22 }, (_, i) => `- punt ${i + 1} van een lange lijst met genoeg woorden om een regel te vullen`).join('\n');
  const rows = Array.from({ length: 30 }, (_, i) => `| rij ${i + 1} | ${i * 3} | een cel met wat uitleg |`).join('\n');
  const check = (n) => [
    '```quiz',
    `question: Vraag ${n} van drie over deze lange les, met een vraag die wat langer is dan gewoonlijk?`,
    'answers:',
    ...[1, 2, 3, 4].map((a) => [
      `  - text: Antwoord ${a} bij vraag ${n}, met genoeg woorden om de regel te vullen.`,
      `    correct: ${a === 2}`,
      `    feedback: Bij antwoord ${a} zie je waarom dit ${a === 2 ? "juist" : "niet juist"} is.`,
    ].join('\n')),
    `explanation: De uitleg bij vraag ${n}.`,
    '```',
  ].join('\n');
  const lesson = [
    '---', 'title: Een heel lange les', 'summary: Om te testen dat elke dia past.', '---',
    '## Een lang deel', long,
    '```trainer', 'Een notitie voor de trainer bij het lange deel.', '```',
    '## Een lange lijst', items,
    '## Een lange tabel', ['| rij | getal | uitleg |', '|---|---|---|', rows].join('\n'),
    '## Een grafiek',
    '```chart', 'title: Een grafiek om te testen', 'unit: stuks', 'labels: ["a", "b", "c", "d", "e", "f"]',
    'series:', '  - name: Reeks een', '    values: [1, 2, 3, 4, 5, 6]', '  - name: Reeks twee', '    values: [6, 5, 4, 3, 2, 1]',
    '```',
    '## Drie checks', 'Eerst een zin.', check(1), check(2), check(3),
    '```bespreek', 'Een vraag voor de groep.', '```',
  ].join('\n\n');
  const module = readdirSync(join(root, 'content', 'modules')).sort()[0];
  writeFileSync(join(root, 'content', 'modules', module, '99-heel-lang.md'), `${lesson}\n`);
  return root;
}

before(async () => {
  site = buildSite('browser-present');
  server = await serve(site);
  browser = await launch();
  lessons = lessonPaths(site);
  mkdirSync(SHOTS, { recursive: true });
});

after(async () => {
  await browser?.close();
  await server?.close();
});

/** On the slide showing now: what sticks out of the slide area, and the smallest text. */
function inspectSlide() {
  const main = document.querySelector('main');
  const bar = document.querySelector('[data-present-bar]');
  const box = main.getBoundingClientRect();
  const style = getComputedStyle(main);
  const bottom = box.bottom - parseFloat(style.paddingBottom) + 1;
  const out = [];
  let smallest = Infinity;
  const closed = (el) => {
    const details = el.closest('details:not([open])');
    return Boolean(details) && !el.closest('summary') && el !== details;
  };
  const visible = (el) => el.getClientRects().length > 0 && getComputedStyle(el).visibility !== 'hidden' && !closed(el);
  for (const el of document.querySelectorAll('article.lesson *')) {
    if (!visible(el) || el.closest('.slide-tall') && !el.matches('.slide-tall')) continue;
    const r = el.getBoundingClientRect();
    if (r.height === 0) continue;
    if (r.bottom > bottom || r.top < box.top - 1 || r.right > window.innerWidth + 1) out.push(`<${el.tagName.toLowerCase()} class="${el.className.baseVal ?? el.className}"> ${Math.round(r.top)}–${Math.round(r.bottom)} outside ${Math.round(box.top)}–${Math.round(bottom)}`);
    const own = [...el.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim());
    if (!own) continue;
    let size = parseFloat(getComputedStyle(el).fontSize);
    const svg = el.closest('svg');
    if (svg && svg.viewBox.baseVal && svg.viewBox.baseVal.width) size *= svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
    if (size < smallest) smallest = size;
  }
  const root = document.documentElement;
  return {
    out: out.slice(0, 3),
    smallest,
    scrolls: root.scrollHeight > window.innerHeight || main.scrollHeight > main.clientHeight + 1,
    covered: bar.getBoundingClientRect().top < box.bottom - 1,
    notes: [...document.querySelectorAll('.trainer-note')].filter(visible).length,
    check: Boolean(document.querySelector('form.quiz:not(.slide-off)')),
    tall: document.querySelectorAll('.slide-tall:not(.slide-off)').length,
  };
}

/** Walks every slide of `path` at `size`, with notes on and every check revealed. */
async function walk(page, base, path, size) {
  await page.setViewportSize(size);
  await page.goto(base + path);
  await page.getByRole('button', { name: 'Presenteer' }).click();
  const counter = page.locator('[data-present-counter]');
  await counter.filter({ hasText: '1 / ' }).waitFor();
  const total = Number((await counter.textContent()).split(' / ')[1]);
  const bad = [];
  let smallest = Infinity;
  let tall = 0;
  const hasNotes = await page.locator('.trainer-note').count() > 0;
  if (hasNotes) await page.keyboard.press('n');
  for (let i = 1; i <= total; i += 1) {
    assert.equal(await counter.textContent(), `${i} / ${total}`, `${path}: slide ${i}`);
    let info = await page.evaluate(inspectSlide);
    if (info.check) {
      await page.keyboard.press('r');
      info = await page.evaluate(inspectSlide);
    }
    const where = `${path} ${size.width}×${size.height} slide ${i}/${total}`;
    if (info.scrolls) bad.push(`${where}: scrolls`);
    if (info.covered) bad.push(`${where}: the bar covers the slide`);
    bad.push(...info.out.map((o) => `${where}: ${o}`));
    smallest = Math.min(smallest, info.smallest);
    tall += info.tall;
    await page.keyboard.press('PageDown');
  }
  await page.keyboard.press('Escape');
  return { bad, smallest, total, tall };
}

test('every slide of every lesson fits 1920×1080 and 1280×720, text ≥ 28 px on 1920×1080', async () => {
  assert.ok(lessons.length > 20, `found ${lessons.length} lessons`);
  const { page, problems, context } = await newPage(browser);
  const bad = [];
  const slides = {};
  for (const size of SIZES) {
    const name = `${size.width}×${size.height}`;
    slides[name] = 0;
    for (const path of lessons) {
      const result = await walk(page, server.url, path, size);
      bad.push(...result.bad);
      slides[name] += result.total;
      if (size.width === 1920 && result.smallest < 28) bad.push(`${path}: text of ${result.smallest.toFixed(1)} px at 1920×1080`);
    }
  }
  console.log(`# ${lessons.length} lessons: ${Object.entries(slides).map(([n, c]) => `${c} slides at ${n}`).join(', ')}`);
  assert.deepEqual(bad, []);
  assert.deepEqual(problems, []);
  await context.close();
});

test('a lesson with a very long section, a long list and table, a chart and three checks fits too', async () => {
  const out = buildSite('browser-present-hard', hardSite());
  const hard = await serve(out);
  const path = lessonPaths(out).find((p) => p.endsWith('/heel-lang/') || p.includes('heel-lang'));
  assert.ok(path, 'the generated lesson was built');
  const { page, problems, context } = await newPage(browser);
  try {
    for (const size of SIZES) {
      const result = await walk(page, hard.url, path, size);
      assert.deepEqual(result.bad, []);
      if (size.width === 1920) assert.ok(result.smallest >= 28, `smallest text ${result.smallest} px`);
      assert.ok(result.total >= 12, `the long parts are cut into slides (${result.total})`);
      assert.ok(result.tall >= 1, 'the long table scrolls inside its slide');
    }
    // Three checks, three slides with a check and nothing else from the body but a heading.
    await page.setViewportSize(SIZES[0]);
    await page.goto(hard.url + path);
    await page.getByRole('button', { name: 'Presenteer' }).click();
    const counter = page.locator('[data-present-counter]');
    await counter.filter({ hasText: '1 / ' }).waitFor();
    const total = Number((await counter.textContent()).split(' / ')[1]);
    let checks = 0;
    for (let i = 1; i <= total; i += 1) {
      const shown = await page.evaluate(() => [...document.querySelectorAll('.lesson-body > *')]
        .filter((el) => el.getClientRects().length).map((el) => el.tagName + (el.classList.contains('quiz') ? '.quiz' : '')));
      if (shown.includes('FORM.quiz')) {
        checks += 1;
        assert.deepEqual(shown.filter((t) => !/^H[2-6]$/.test(t)), ['FORM.quiz'], `slide ${i}: a check has its own slide`);
      }
      if (i === 1) await page.screenshot({ path: join(SHOTS, 'present-hard-1920-title.png') });
      const tall = await page.locator('.slide-tall:not(.slide-off)').count();
      if (tall) {
        await page.screenshot({ path: join(SHOTS, 'present-hard-1920-table.png') });
        assert.ok(await page.locator('.slide-cue:not(.slide-off)').isVisible(), 'a cue says the block scrolls');
        assert.equal(await page.locator('.slide-tall:not(.slide-off)').getAttribute('tabindex'), '0', 'keyboard can scroll it');
      }
      await page.keyboard.press('PageDown');
    }
    assert.equal(checks, 3);
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
    await hard.close();
  }
});

test('trainer notes only after N, with a marker; R reveals a check; screenshots at both sizes', async () => {
  const { page, problems, context } = await newPage(browser, { viewport: SIZES[0] });
  await page.goto(server.url + LESSON);
  await page.getByRole('button', { name: 'Presenteer' }).click();
  const counter = page.locator('[data-present-counter]');
  await counter.filter({ hasText: '1 / ' }).waitFor();
  const total = Number((await counter.textContent()).split(' / ')[1]);
  const marker = page.locator('[data-present-marker]');
  await page.screenshot({ path: join(SHOTS, 'present-1920-title.png') });
  for (let i = 1; i <= total; i += 1) {
    assert.equal(await page.locator('.trainer-note:visible').count(), 0, `slide ${i}: no trainer note before N`);
    if (i === 2) await page.screenshot({ path: join(SHOTS, 'present-1920.png') });
    await page.keyboard.press('ArrowRight');
  }
  await page.keyboard.press('Home');
  // The slide with the check: R shows the right answer and the explanation, R hides them.
  for (let i = 1; i <= total && !await page.locator('form.quiz:visible').count(); i += 1) await page.keyboard.press('ArrowRight');
  const quiz = page.locator('form.quiz:visible');
  const reveal = page.locator('[data-present="reveal"]');
  assert.equal(await reveal.isVisible(), true, 'the bar offers the reveal button on a check slide');
  assert.equal(await quiz.locator('.quiz-feedback:visible').count(), 0, 'the question without its answer');
  await page.keyboard.press('r');
  assert.ok(await quiz.locator('.quiz-feedback[data-correct="true"]:visible').count() >= 1, 'R shows the right answer');
  assert.equal(await quiz.locator('.quiz-feedback[data-correct="false"]:visible').count(), 0, 'and not the wrong ones as right');
  assert.equal(await quiz.locator('.quiz-explanation').isVisible(), true);
  assert.equal(await reveal.getAttribute('aria-pressed'), 'true');
  await page.screenshot({ path: join(SHOTS, 'present-1920-revealed.png') });
  await page.keyboard.press('R');
  assert.equal(await quiz.locator('.quiz-feedback:visible').count(), 0, 'R hides it again');
  await reveal.click();
  assert.ok(await quiz.locator('.quiz-feedback[data-correct="true"]:visible').count() >= 1, 'the button reveals too');
  const stored = JSON.parse(await page.evaluate(() => localStorage.getItem('leerpad:v1')) || '{"lessons":{}}');
  assert.deepEqual(Object.values(stored.lessons).flatMap((l) => l.quizzes || []), [], 'revealing records no answer');

  // N shows the notes of the slide, with the marker; N hides both.
  for (let i = 0; i < total && !await page.locator('.trainer-note:not(.slide-off)').count(); i += 1) await page.keyboard.press('ArrowRight');
  assert.equal(await marker.isVisible(), false);
  await page.keyboard.press('n');
  assert.equal(await page.locator('.trainer-note:visible').count() >= 1, true, 'N shows the notes');
  assert.equal(await marker.isVisible(), true, 'with a marker on the screen');
  await page.mouse.move(5, 5);
  await page.waitForTimeout(3400);
  assert.equal(await marker.isVisible(), true, 'the marker stays when the bar fades');
  await page.keyboard.press('n');
  assert.equal(await page.locator('.trainer-note:visible').count(), 0);
  assert.equal(await marker.isVisible(), false);

  await page.setViewportSize(SIZES[1]);
  await page.waitForTimeout(300);
  await page.keyboard.press('Home');
  await page.keyboard.press('ArrowRight');
  await page.mouse.move(300, 300);
  await page.waitForTimeout(500);
  await page.screenshot({ path: join(SHOTS, 'present-1280.png') });
  const info = await page.evaluate(inspectSlide);
  assert.deepEqual(info.out, [], 'after a resize the slides are cut again and fit');
  assert.equal(info.scrolls, false);
  assert.deepEqual(problems, []);
  await context.close();
});

test('the control bar fades without the mouse and comes back on movement and on focus', async () => {
  const { page, problems, context } = await newPage(browser, { viewport: SIZES[1] });
  await page.goto(server.url + LESSON);
  await page.getByRole('button', { name: 'Presenteer' }).click();
  const bar = page.locator('[data-present-bar]');
  const next = bar.locator('[data-present="next"]');
  const opacity = () => next.evaluate((el) => Number(getComputedStyle(el).opacity));
  await page.mouse.move(100, 100);
  await page.waitForTimeout(3500);
  assert.ok(await opacity() < 0.1, 'faded after a few seconds');
  await page.mouse.move(200, 200);
  await page.waitForTimeout(400);
  assert.equal(await opacity(), 1, 'back on movement');
  await page.waitForTimeout(3500);
  assert.ok(await opacity() < 0.1);
  await page.keyboard.press('Tab');
  await page.waitForTimeout(400);
  assert.equal(await page.evaluate(() => Boolean(document.activeElement.closest('[data-present-bar]'))), true, 'Tab reaches the bar');
  assert.equal(await opacity(), 1, 'back on focus (keyboard)');
  await page.waitForTimeout(3500);
  assert.equal(await opacity(), 1, 'stays while it has focus');
  assert.deepEqual(problems, []);
  await context.close();
});

/** Opens the presenter view from `page` with S and returns its page. */
async function openPresenter(context, page) {
  const [view] = await Promise.all([context.waitForEvent('page'), page.keyboard.press('s')]);
  await view.locator('.presenter-counter').filter({ hasText: 'Dia 1 /' }).waitFor();
  return view;
}

/**
 * A page in a context without request routing: Playwright's context.route() stalls the script
 * requests of a popup that starts as about:blank (as the presenter view does), which a real
 * browser does not. Other hosts still do not resolve (CHROMIUM_ARGS); errors are collected as
 * in harness.mjs, for the popup too.
 */
async function unroutedPage() {
  const context = await browser.newContext({ locale: 'nl-BE', viewport: SIZES[0] });
  const problems = [];
  const watch = (page, who) => {
    page.on('pageerror', (e) => problems.push(`${who}: JavaScript error: ${e.message}`));
    page.on('console', (m) => { if (m.type() === 'error') problems.push(`${who}: console error: ${m.text()}`); });
    page.on('requestfailed', (r) => problems.push(`${who}: request failed: ${r.url()}`));
  };
  const page = await context.newPage();
  watch(page, 'presentation');
  context.on('page', (popup) => watch(popup, 'presenter view'));
  return { context, page, problems };
}

for (const how of ['http', 'file']) {
  test(`S opens the presenter view (${how}://): notes, next title, counter, clock; both windows steer`, async () => {
    const { page, problems, context } = await unroutedPage();
    const url = how === 'http' ? server.url + LESSON : pathToFileURL(join(site, LESSON, 'index.html')).href;
    await page.goto(url);
    await page.getByRole('button', { name: 'Presenteer' }).click();
    const counter = page.locator('[data-present-counter]');
    await counter.filter({ hasText: '1 / ' }).waitFor();
    const total = Number((await counter.textContent()).split(' / ')[1]);
    const view = await openPresenter(context, page);
    const viewCounter = view.locator('.presenter-counter');
    assert.equal(await viewCounter.textContent(), `Dia 1 / ${total}`);
    assert.ok((await view.locator('.presenter-next').textContent()).length > 0, 'the next slide\'s title');
    assert.match(await view.locator('.presenter-time').textContent(), /^\d+:\d\d$/, 'an elapsed-time clock');

    await page.keyboard.press('ArrowRight');
    await viewCounter.filter({ hasText: `Dia 2 / ${total}` }).waitFor();
    await view.bringToFront();
    await view.keyboard.press('ArrowRight');
    await counter.filter({ hasText: `3 / ${total}` }).waitFor();
    await view.getByRole('button', { name: 'Vorige' }).click();
    await counter.filter({ hasText: `2 / ${total}` }).waitFor();
    await viewCounter.filter({ hasText: `Dia 2 / ${total}` }).waitFor();

    // Walk on until the presenter view shows a trainer note: the projected window shows none.
    let found = false;
    for (let i = 2; i <= total && !found; i += 1) {
      found = await view.locator('.presenter-notes .presenter-block').count() > 0;
      if (!found) await view.keyboard.press('PageDown');
      await view.waitForTimeout(50);
    }
    assert.ok(found, 'the trainer notes are in the presenter view');
    assert.match(await view.locator('.presenter-notes').textContent(), /Sommige deelnemers/);
    assert.equal(await page.locator('.trainer-note:visible').count(), 0, 'and not on the projected screen');
    if (how === 'http') {
      await view.setViewportSize({ width: 1100, height: 760 });
      await view.screenshot({ path: join(SHOTS, 'presenter-view.png') });
    }
    // R from the presenter view reveals on the projected screen, when the slide has a check.
    for (let i = 0; i < total && !await page.locator('form.quiz:visible').count(); i += 1) {
      await view.keyboard.press('ArrowLeft');
      await view.waitForTimeout(50);
    }
    if (await page.locator('form.quiz:visible').count()) {
      await view.keyboard.press('r');
      await page.locator('form.quiz:visible .quiz-explanation').waitFor();
    }

    await view.close();
    await page.bringToFront();
    await page.keyboard.press('Home');
    assert.equal(await counter.textContent(), `1 / ${total}`, 'the presentation runs on after the view closes');
    const again = await openPresenter(context, page);
    assert.equal(await again.locator('.presenter-counter').textContent(), `Dia 1 / ${total}`, 'S opens it again');
    await page.getByRole('button', { name: 'Stop' }).click();
    await again.locator('.presenter-status').filter({ hasText: 'gestopt' }).waitFor();
    assert.deepEqual(problems, []);
    await context.close();
  });
}
