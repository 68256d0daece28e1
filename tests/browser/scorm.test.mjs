// The SCORM package played as an LMS plays it, in Chromium: a test LMS page gives scorm-again's
// SCORM 1.2 or 2004 API and frames each SCO's launch file from the manifest. Every SCO is read to
// its end with its checks answered (all right, or in every other lesson the first one wrong);
// the data model must show completion, score, interactions, session time and bookmark, with
// GetLastError 0 after every call. Then: a second launch resumes at the bookmark, a link inside the frame opens
// another lesson without a session of its own, and without an LMS the package is the site.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { launch, newPage } from './harness.mjs';
import { makePackage, scosOf, serveLms, unzip } from './scorm-harness.mjs';

const VERSIONS = { '1.2': 'scorm12', 2004: 'scorm2004' };
const MASTERY = 80; // the bundled leerpad.toml sets mastery_score = 80

let browser;
const packages = {};

before(async () => {
  browser = await launch();
  for (const [version, format] of Object.entries(VERSIONS)) {
    const files = unzip(makePackage(['--format', format], undefined, `${format}.zip`));
    packages[version] = { files, server: await serveLms(files) };
  }
});

after(async () => {
  await browser?.close();
  for (const p of Object.values(packages)) await p.server.close();
});

/** The test LMS with `version`'s API, ready to frame a SCO. */
async function openLms(version) {
  const { context, page, problems } = await newPage(browser);
  await page.goto(`${packages[version].server.url}lms/index.html`);
  return { context, page, problems };
}

/** Frames `href` with a fresh API holding `cmi` and waits until the SCO has initialized. */
async function launchSco(page, version, href, cmi = null, options = {}) {
  await page.evaluate(([v, data, o]) => window.lms.start(v, data, o), [version, cmi, options]);
  await page.evaluate((src) => window.lms.launch(src), `/pkg/${href}`);
  const frame = page.frameLocator('#sco');
  await frame.locator('article[data-lesson]').waitFor();
  const init = version === '1.2' ? 'LMSInitialize' : 'Initialize';
  await page.waitForFunction((name) => window.lms.calls.some((c) => c.name === name), init);
  return frame;
}

/** Ends the SCO's page as an LMS does when the learner leaves it (pagehide in the frame). */
async function leave(page) {
  await page.evaluate(() => window.lms.launch('about:blank'));
  await page.waitForFunction(() => window.lms.calls.some((c) => /^(LMSFinish|Terminate)$/.test(c.name)));
}

/**
 * Answers every check in the frame, all right, or (with `firstWrong`) the first one wrong and
 * then retried right. Returns their count.
 */
async function answerChecks(frame, firstWrong) {
  const quizzes = frame.locator('form[data-quiz]');
  const count = await quizzes.count();
  for (let q = 0; q < count; q += 1) {
    const quiz = quizzes.nth(q);
    const correct = await quiz.locator('.quiz-feedback').evaluateAll((els) => els.map((e) => e.dataset.correct === 'true'));
    const wrong = firstWrong && q === 0;
    const pick = wrong ? [correct.indexOf(false)] : correct.flatMap((c, i) => (c ? [i] : []));
    // The verdict shows a moment after the check (for screen readers) and pushes what follows
    // down: the next click waits for it, as a reader does, or it may land a line too high.
    const check = async () => {
      await quiz.locator('button.quiz-check').click();
      await quiz.locator('.quiz-result').filter({ hasText: /\S/ }).waitFor();
    };
    for (const i of pick) await quiz.locator('input').nth(i).check();
    await check();
    // A retry with the right answer changes nothing in the LMS: the first try counts.
    if (wrong) {
      await quiz.locator('button.quiz-retry').click();
      for (const i of correct.flatMap((c, n) => (c ? [n] : []))) await quiz.locator('input').nth(i).check();
      await check();
    }
  }
  return count;
}

/** Scrolls through every heading to the lesson's end. */
async function readToEnd(frame) {
  const headings = frame.locator('article[data-lesson] h2[id]');
  for (let i = 0; i < await headings.count(); i += 1) await headings.nth(i).scrollIntoViewIfNeeded();
  await frame.locator('[data-lesson-end]').scrollIntoViewIfNeeded();
}

function assertCallsAccepted(calls, label) {
  const refused = calls.filter((c) => c.error !== '0');
  assert.deepEqual(refused, [], `${label}: calls the LMS refused`);
  const inits = calls.filter((c) => /^(LMS)?Initialize$/.test(c.name));
  const ends = calls.filter((c) => /^(LMSFinish|Terminate)$/.test(c.name));
  assert.equal(inits.length, 1, `${label}: initialized once`);
  assert.equal(ends.length, 1, `${label}: finished once`);
  assert.equal(calls.at(-1), ends[0], `${label}: nothing after the finish`);
}

for (const version of Object.keys(VERSIONS)) {
  test(`SCORM ${version}: every SCO reports completion, score, interactions and session time`, async () => {
    const { context, page, problems } = await openLms(version);
    const manifest = packages[version].files.get('imsmanifest.xml').toString('utf8');
    const scos = await scosOf(page, manifest);
    assert.ok(scos.length > 0, 'the manifest has SCOs');
    for (const [n, sco] of scos.entries()) {
      // Every other lesson has its first check wrong (then retried right), the rest all right.
      const firstWrong = n % 2 === 1;
      const frame = await launchSco(page, version, sco.href);
      const checks = await answerChecks(frame, firstWrong);
      await readToEnd(frame);
      // The lesson is done once the LMS has its status (the end's observer runs a frame later).
      await page.waitForFunction((v) => window.lms.calls.some((c) => /SetValue/.test(c.name) &&
        (v === '1.2' ? c.args[0] === 'cmi.core.lesson_status' && c.args[1] !== 'incomplete'
          : c.args[0] === 'cmi.completion_status' && c.args[1] === 'completed')), version);
      await leave(page);
      const calls = await page.evaluate(() => window.lms.calls);
      assertCallsAccepted(calls, sco.item);
      const cmi = await page.evaluate(() => window.lms.cmi());
      const label = `${sco.item} (${checks} checks)`;
      if (version === '1.2') {
        const right = firstWrong ? checks - 1 : checks;
        // One check wrong at its first try is below 80 % unless there are five or more.
        const raw = checks ? Math.round((100 * right) / checks) : '';
        assert.equal(cmi.core.lesson_status, checks && raw >= MASTERY ? 'passed' : 'completed', label);
        assert.equal(String(cmi.core.score.raw), String(raw), label);
        assert.match(cmi.core.session_time, /^\d{2,4}:\d{2}:\d{2}(\.\d{1,2})?$/, label);
        assert.equal(cmi.core.exit, '', label);
      } else {
        assert.equal(cmi.completion_status, 'completed', label);
        if (checks) {
          const scaled = Math.round((10000 * (firstWrong ? checks - 1 : checks)) / checks) / 10000;
          assert.equal(Number(cmi.score.scaled), scaled, label);
          assert.equal(cmi.success_status, scaled * 100 >= MASTERY ? 'passed' : 'failed', label);
        } else {
          assert.equal(cmi.success_status, 'unknown', label);
        }
        assert.match(cmi.session_time, /^PT(\d+H)?(\d+M)?[\d.]+S$/, label);
        assert.equal(cmi.exit, 'normal', label);
      }
      // SCORM_DUMP=1 prints what the LMS holds after each SCO (for the notes of a release).
      if (process.env.SCORM_DUMP) console.log(JSON.stringify({ sco: sco.item, cmi }));
      const interactions = Object.values(cmi.interactions);
      assert.equal(interactions.length, checks, `${label}: one interaction per check`);
      interactions.forEach((it, i) => {
        assert.match(it.id, /^[A-Za-z0-9]+$/, 'alphanumeric, as SCORM 1.2 asks');
        assert.equal(it.id, `quiz${i + 1}`);
        assert.equal(it.type, 'choice');
        const wrongResult = version === '1.2' ? 'wrong' : 'incorrect';
        assert.equal(it.result, firstWrong && i === 0 ? wrongResult : 'correct', `${label} #${i}`);
        const response = version === '1.2' ? it.student_response : it.learner_response;
        assert.match(response, /^[a-z0-9](,|\[,\]|[a-z0-9])*$/, `${label} #${i}`);
      });
    }
    assert.deepEqual(problems, []);
    await context.close();
  });

  test(`SCORM ${version}: a second launch resumes at the bookmark`, async () => {
    const { context, page, problems } = await openLms(version);
    const scos = await scosOf(page, packages[version].files.get('imsmanifest.xml').toString('utf8'));
    // A lesson with at least two headings, so that a bookmark is not the top of the page.
    let sco = null;
    let frame = null;
    let id = null;
    for (const candidate of scos) {
      frame = await launchSco(page, version, candidate.href);
      const ids = await frame.locator('article[data-lesson] h2[id]').evaluateAll((hs) => hs.map((h) => h.id));
      if (ids.length >= 2) {
        sco = candidate;
        id = ids[1];
        break;
      }
      await leave(page);
    }
    assert.ok(sco, 'a lesson with two headings');
    // Scrolled to the second heading: the bookmark is the last heading in the upper half.
    await frame.locator(`[id="${id}"]`).evaluate((h) => h.scrollIntoView());
    const name = version === '1.2' ? 'cmi.core.lesson_location' : 'cmi.location';
    await page.waitForFunction(([n, value]) => window.lms.calls.some((c) => /SetValue/.test(c.name) && c.args[0] === n && c.args[1] === value), [name, id]);
    await page.waitForTimeout(300);
    const bookmark = await page.evaluate((n) => window.lms.calls.filter((c) => /SetValue/.test(c.name) && c.args[0] === n).at(-1).args[1], name);
    await leave(page);
    assertCallsAccepted(await page.evaluate(() => window.lms.calls), 'first launch');
    const kept = await page.evaluate(() => window.lms.cmi());
    assert.equal(version === '1.2' ? kept.core.exit : kept.exit, 'suspend');
    // The LMS hands the data back with entry "resume", as it does after exit "suspend".
    if (version === '1.2') kept.core.entry = 'resume';
    else kept.entry = 'resume';
    frame = await launchSco(page, version, sco.href, kept);
    await page.waitForFunction(() => document.getElementById('sco').contentDocument.activeElement.tagName === 'H2');
    const at = await frame.locator(':focus').evaluate((h) => ({ id: h.id, top: Math.round(h.getBoundingClientRect().top) }));
    assert.equal(at.id, bookmark, 'focus on the bookmarked heading');
    assert.ok(at.top >= 0 && at.top < 100, `the heading is at the top of the frame (${at.top})`);
    await leave(page);
    assertCallsAccepted(await page.evaluate(() => window.lms.calls), 'second launch');
    assert.deepEqual(problems, []);
    await context.close();
  });

  test(`SCORM ${version}: a link inside the frame opens a page without a session of its own`, async () => {
    const { context, page, problems } = await openLms(version);
    const scos = await scosOf(page, packages[version].files.get('imsmanifest.xml').toString('utf8'));
    const frame = await launchSco(page, version, scos[0].href);
    const next = frame.locator('nav.pager a.next');
    const nextUrl = await next.getAttribute('href');
    await next.click();
    await page.waitForFunction(() => window.lms.calls.some((c) => /^(LMSFinish|Terminate)$/.test(c.name)));
    await frame.locator('main h1').waitFor();
    const url = await page.evaluate(() => document.getElementById('sco').contentWindow.location.pathname);
    assert.ok(url.endsWith(nextUrl.replace(/^\.\.\//, '')), `${url} is the page linked`);
    // The page that the link opened answers a check as the site does, and tells the LMS nothing.
    const quiz = frame.locator('form[data-quiz]').first();
    if (await quiz.count()) {
      await quiz.locator('input').first().check();
      await quiz.locator('button.quiz-check').click();
    }
    await page.waitForTimeout(200);
    const calls = await page.evaluate(() => window.lms.calls);
    assertCallsAccepted(calls, 'the launched SCO');
    const session = await page.evaluate(() => document.getElementById('sco').contentWindow.LeerpadScorm.session);
    assert.equal(session, undefined, 'no session on the linked page');
    assert.deepEqual(problems, []);
    await context.close();
  });
}

test('SCORM 2004: the next lesson is a navigation request when the LMS can open it', async () => {
  const { context, page, problems } = await openLms('2004');
  const scos = await scosOf(page, packages['2004'].files.get('imsmanifest.xml').toString('utf8'));
  const frame = await launchSco(page, '2004', scos[0].href, null, { continueValid: true });
  const before = await page.evaluate(() => document.getElementById('sco').contentWindow.location.pathname);
  await frame.locator('nav.pager a[rel=next]').click();
  await page.waitForFunction(() => window.lms.calls.some((c) => c.name === 'Terminate'));
  const calls = await page.evaluate(() => window.lms.calls);
  assertCallsAccepted(calls, 'the launched SCO');
  const request = calls.find((c) => c.name === 'SetValue' && c.args[0] === 'adl.nav.request');
  assert.deepEqual(request && request.args, ['adl.nav.request', 'continue']);
  await page.waitForTimeout(200);
  const after = await page.evaluate(() => document.getElementById('sco').contentWindow.location.pathname);
  assert.equal(after, before, 'the LMS, not the link, opens the next lesson');
  assert.deepEqual(problems, []);
  await context.close();
});

test('without an LMS the package is the site: progress in the browser, no SCORM calls', async () => {
  const { context, page, problems } = await newPage(browser);
  const { server, files } = packages['1.2'];
  const lesson = [...files.keys()].find((f) => /^modules\/[^/]+\/[^/]+\/index\.html$/.test(f) && !/\/(print|trainer)\//.test(f));
  await page.goto(`${server.url}pkg/${lesson}`);
  await page.locator('article[data-lesson]').waitFor();
  const quiz = page.locator('form[data-quiz]').first();
  const checked = await quiz.count();
  if (checked) {
    await quiz.locator('input').first().check();
    await quiz.locator('button.quiz-check').click();
  }
  await page.locator('[data-lesson-end]').scrollIntoViewIfNeeded();
  await page.waitForFunction(() => {
    const data = JSON.parse(localStorage.getItem('leerpad:v1') || 'null');
    return data && Object.values(data.lessons).some((l) => l.end);
  });
  const state = await page.evaluate(() => ({
    session: window.LeerpadScorm && window.LeerpadScorm.session,
    worker: navigator.serviceWorker ? navigator.serviceWorker.controller : null,
    progress: JSON.parse(localStorage.getItem('leerpad:v1')),
  }));
  assert.equal(state.session, undefined);
  assert.equal(state.worker, null, 'no service worker in a package');
  const entry = Object.values(state.progress.lessons)[0];
  assert.equal(entry.quizzes.length, checked ? 1 : 0);
  assert.ok(!server.requests.some((r) => r.endsWith('/sw.js')), 'sw.js is not asked for');
  assert.deepEqual(problems, []);
  await context.close();
});
