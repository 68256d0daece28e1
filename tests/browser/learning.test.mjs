// Learning features in Chromium: progress, presentation mode, offline, print.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { REPO, buildSite, launch, newPage, serve } from './harness.mjs';

const MODULE = 'modules/verontrusting-herkennen/';
const LESSON = `${MODULE}wat-is-verontrusting/`;
const SHOTS = join(REPO, 'target', 'screenshots');
/** The lessons of MODULE, counted in its content folder, so a new lesson does not break the test. */
const LESSONS = readdirSync(join(REPO, 'content/modules/01-verontrusting-herkennen'))
  .filter((f) => f.endsWith('.md') && f !== '_module.md').length;

let site;
let server;
let browser;

before(async () => {
  site = buildSite('browser-learning');
  server = await serve(site);
  browser = await launch();
  mkdirSync(SHOTS, { recursive: true });
});

after(async () => {
  await browser?.close();
  await server?.close();
});

/** Answers every check of the page: the first wrong answer, then (after a retry) the right one. */
async function answerChecks(page) {
  const quizzes = page.locator('form[data-quiz]');
  for (let q = 0; q < await quizzes.count(); q += 1) {
    const quiz = quizzes.nth(q);
    const answers = await quiz.locator('.quiz-feedback').evaluateAll((els) => els.map((e) => e.dataset.correct));
    await quiz.locator('input').nth(answers.indexOf('false')).check();
    await quiz.locator('button.quiz-check').click();
    await quiz.locator('.quiz-result', { hasText: 'Niet juist' }).waitFor();
    await quiz.locator('button.quiz-retry').click();
    for (const [i, correct] of answers.entries()) if (correct === 'true') await quiz.locator('input').nth(i).check();
    await quiz.locator('button.quiz-check').click();
    await quiz.locator('.quiz-result', { hasText: /^Juist/ }).waitFor();
  }
}

test('progress: recorded on the lesson, shown on the module page and home, kept on reload, wiped by the button', async () => {
  // A short window, so the end of the lesson is out of sight while the checks are answered,
  // however long the lesson's last check is.
  const { page, problems, context } = await newPage(browser, { viewport: { width: 1280, height: 400 } });
  await page.goto(server.url + LESSON);
  await answerChecks(page);
  const end = page.locator('[data-lesson-end]');
  assert.equal(await end.textContent(), '', 'not done before the end is reached');
  await end.scrollIntoViewIfNeeded();
  await page.waitForFunction(() => document.querySelector('[data-lesson-end]').textContent !== '');
  assert.equal(await end.textContent(), 'Je hebt deze les afgerond.');
  const stored = JSON.parse(await page.evaluate(() => localStorage.getItem('leerpad:v1')));
  assert.equal(stored.lessons[LESSON].done, true);
  assert.deepEqual(Object.keys(await page.evaluate(() => ({ ...localStorage }))), ['leerpad:v1'], 'one key');

  await page.goto(server.url + MODULE);
  const bar = page.locator('[data-progress]');
  assert.equal(await bar.locator('[data-progress-text]').textContent(), `1 van ${LESSONS} lessen gedaan`);
  assert.equal(await bar.locator('progress').evaluate((p) => p.value), 1);
  assert.equal(await page.getByRole('progressbar', { name: `1 van ${LESSONS} lessen gedaan` }).count(), 1, 'the bar has its text as name');
  assert.equal(await page.locator(`li[data-lesson="${LESSON}"] .done-mark`).textContent(), 'Gedaan');
  const resume = page.locator('[data-continue] a');
  assert.equal(await resume.textContent(), 'Wat is verontrusting?');
  await page.screenshot({ path: join(SHOTS, 'module-progress.png'), fullPage: true });

  await page.reload();
  assert.equal(await bar.locator('[data-progress-text]').textContent(), `1 van ${LESSONS} lessen gedaan`, 'kept on reload');
  await page.goto(server.url);
  assert.equal(
    await page.locator(`li.card[data-module="${MODULE}"] [data-progress-text]`).textContent(),
    `1 van ${LESSONS} lessen gedaan`,
  );
  assert.equal(await page.locator('[data-continue] a').textContent(), 'Wat is verontrusting?');

  await page.goto(server.url + MODULE);
  page.once('dialog', (dialog) => dialog.accept());
  await page.getByRole('button', { name: 'Wis mijn voortgang' }).click();
  await page.locator('.progress-status', { hasText: 'Je voortgang is gewist.' }).waitFor();
  assert.equal(await bar.locator('[data-progress-text]').textContent(), `0 van ${LESSONS} lessen gedaan`);
  assert.equal(await page.locator('.done-mark').count(), 0);
  assert.equal(await page.locator('[data-continue]').isHidden(), true);
  assert.equal(await page.evaluate(() => localStorage.getItem('leerpad:v1')), null);
  await page.reload();
  assert.equal(await bar.locator('[data-progress-text]').textContent(), `0 van ${LESSONS} lessen gedaan`, 'still wiped');
  assert.deepEqual(problems, []);
  await context.close();
});

test('presentation mode: keyboard, clicker keys, counter, trainer notes, Escape', async () => {
  const { page, problems, context } = await newPage(browser, { viewport: { width: 1280, height: 800 } });
  await page.goto(server.url + LESSON);
  const counter = page.locator('[data-present-counter]');
  const note = page.locator('.trainer-note').first();
  assert.equal(await note.isVisible(), false, 'trainer notes hidden for learners');
  assert.equal(await page.locator('.discussion').first().isVisible(), true, 'discussion prompts shown');

  const start = page.getByRole('button', { name: 'Presenteer' });
  await start.focus();
  await page.keyboard.press('Enter');
  await counter.filter({ hasText: '1 / ' }).waitFor();
  const total = Number((await counter.textContent()).split(' / ')[1]);
  assert.ok(total >= 5, `a slide per section (${total})`);
  assert.equal(await page.evaluate(() => document.documentElement.classList.contains('presenting')), true);
  assert.equal(await page.locator('h1').isVisible(), true);
  assert.equal(await page.locator('.site-header').isVisible(), false);
  assert.equal(await page.evaluate(() => document.activeElement.tagName), 'H1', 'focus on the slide');
  await page.screenshot({ path: join(SHOTS, 'present-1.png') });

  await page.keyboard.press('ArrowRight');
  assert.equal(await counter.textContent(), `2 / ${total}`);
  assert.equal(await page.locator('h1').isVisible(), false, 'one section per screen');
  assert.equal(await page.locator('.lesson-body h2').first().isVisible(), true);
  await page.keyboard.press('Space');
  await page.keyboard.press('PageDown');
  assert.equal(await counter.textContent(), `4 / ${total}`);
  await page.keyboard.press('PageUp');
  await page.keyboard.press('ArrowLeft');
  assert.equal(await counter.textContent(), `2 / ${total}`);
  await page.keyboard.press('ArrowUp');
  await page.keyboard.press('ArrowUp');
  assert.equal(await counter.textContent(), `1 / ${total}`, 'stays at the first slide');

  for (let i = 1; i < total; i += 1) await page.keyboard.press('PageDown');
  assert.equal(await counter.textContent(), `${total} / ${total}`);
  await page.keyboard.press('ArrowRight');
  assert.equal(await counter.textContent(), `${total} / ${total}`, 'stays at the last slide');

  // Back to the slide with the trainer note, then N shows it and N hides it again.
  for (let i = total; i > 1; i -= 1) {
    if (await note.evaluate((n) => !n.classList.contains('slide-off'))) break;
    await page.keyboard.press('ArrowLeft');
  }
  assert.equal(await note.isVisible(), false);
  await page.keyboard.press('n');
  assert.equal(await note.isVisible(), true, 'N shows the trainer notes');
  assert.equal(await page.locator('[data-present="notes"]').getAttribute('aria-pressed'), 'true');
  await page.screenshot({ path: join(SHOTS, 'present-notes.png') });
  await page.keyboard.press('N');
  assert.equal(await note.isVisible(), false, 'N hides them again');

  await page.keyboard.press('Escape');
  assert.equal(await page.evaluate(() => document.documentElement.classList.contains('presenting')), false);
  assert.equal(await page.locator('.site-header').isVisible(), true);
  assert.equal(await page.locator('h1').isVisible(), true);
  assert.equal(await page.locator('[data-present-bar]').isVisible(), false);
  assert.equal(await page.evaluate(() => document.activeElement.dataset.presentStart !== undefined), true, 'focus back on the button');
  assert.deepEqual(problems, []);
  await context.close();
});

test('presentation mode on a 360 px phone has no horizontal scroll', async () => {
  const { page, problems, context } = await newPage(browser, { viewport: { width: 360, height: 740 } });
  await page.goto(server.url + LESSON);
  await page.getByRole('button', { name: 'Presenteer' }).click();
  await page.locator('[data-present-counter]', { hasText: '1 / ' }).waitFor();
  await page.keyboard.press('ArrowRight');
  assert.equal(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth), true);
  await page.screenshot({ path: join(SHOTS, 'present-360.png') });
  await page.getByRole('button', { name: 'Stop' }).click();
  await page.goto(server.url + MODULE);
  assert.equal(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth), true);
  await page.screenshot({ path: join(SHOTS, 'module-360.png'), fullPage: true });
  assert.deepEqual(problems, []);
  await context.close();
});

test('the service worker serves pages with the network cut off', async () => {
  const { page, problems, context } = await newPage(browser);
  await page.goto(server.url);
  await page.evaluate(() => navigator.serviceWorker.ready);
  await page.waitForFunction(async () => {
    const names = await caches.keys();
    return names.length === 1 && (await (await caches.open(names[0])).keys()).length > 50;
  });
  await context.setOffline(true);
  const response = await page.goto(server.url + LESSON + 'index.html');
  assert.ok(response.fromServiceWorker(), 'answered by the service worker');
  assert.equal(await page.locator('h1').textContent(), 'Wat is verontrusting?');
  assert.equal(await page.evaluate(() => getComputedStyle(document.body).fontFamily.includes('system-ui')), true, 'with its CSS');
  await page.goto(server.url + 'stappen/');
  assert.equal(await page.locator('h1').count(), 1, 'a folder URL is its index.html');
  await context.setOffline(false);
  assert.deepEqual(problems, []);
  await context.close();
});

test('from file:// the site works without a service worker', async () => {
  const { page, problems, context } = await newPage(browser);
  await page.goto(pathToFileURL(join(site, LESSON, 'index.html')).href);
  assert.equal(await page.evaluate(() => navigator.serviceWorker?.controller ?? null), null);
  await page.getByRole('button', { name: 'Presenteer' }).click();
  await page.locator('[data-present-counter]', { hasText: '1 / ' }).waitFor();
  await page.keyboard.press('Escape');
  assert.deepEqual(problems, []);
  await context.close();
});

test('a module\'s trainer version prints as one document with the answers and the notes (print-media screenshot)', async () => {
  const { page, problems, context } = await newPage(browser, { viewport: { width: 800, height: 1100 } });
  await page.goto(server.url + MODULE);
  await page.getByRole('link', { name: /Versie voor de trainer/ }).click();
  await page.emulateMedia({ media: 'print' });
  assert.equal(await page.locator('.site-header').isVisible(), false, 'no navigation on paper');
  assert.equal(await page.locator('.print-lesson').count(), LESSONS);
  assert.equal(await page.locator('.quiz-answer-list').first().isVisible(), true, 'answers on paper');
  assert.equal(await page.locator('.discussion').first().isVisible(), true);
  assert.equal(await page.locator('.trainer-note').first().isVisible(), true, 'the trainer\'s notes on the trainer\'s paper');
  // A lesson starts where the last one ends: a page per lesson left pages nearly empty.
  assert.equal(await page.locator('.print-lesson').nth(1).evaluate((e) => getComputedStyle(e).breakBefore), 'auto');
  await page.screenshot({ path: join(SHOTS, 'module-print.png'), fullPage: true });
  const pdf = await page.pdf({ format: 'A4' });
  assert.ok(pdf.length > 10_000);
  assert.deepEqual(problems, []);
  await context.close();
});

test('every link within a print version lands on an element of that page, and ids are unique', async () => {
  const { page, problems, context } = await newPage(browser);
  const modules = readdirSync(join(site, 'modules'), { withFileTypes: true }).filter((d) => d.isDirectory());
  assert.ok(modules.length > 0);
  for (const module of modules.flatMap((m) => ['print', 'trainer'].map((version) => ({ name: `${m.name}/${version}` })))) {
    await page.goto(`${server.url}modules/${module.name}/`);
    const { missing, duplicates, local } = await page.evaluate(() => {
      const ids = [...document.querySelectorAll('[id]')].map((e) => e.id);
      const links = [...document.querySelectorAll('a[href^="#"]')].map((a) => decodeURIComponent(a.getAttribute('href').slice(1)));
      return {
        missing: links.filter((id) => id && !document.getElementById(id)),
        duplicates: ids.filter((id, i) => ids.indexOf(id) !== i),
        local: links.length,
      };
    });
    assert.deepEqual(missing, [], `${module.name}: links to ids the print page lacks`);
    assert.deepEqual(duplicates, [], `${module.name}: ids used twice`);
    if (module.name.endsWith('/trainer')) assert.ok(local > 0, `${module.name}: the timing links within the page`);
  }
  assert.deepEqual(problems, []);
  await context.close();
});
