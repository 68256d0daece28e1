// The bundled site in a real browser: pages load without problems and a quiz can be answered.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { buildSite, launch, newPage, serve } from './harness.mjs';

let server;
let browser;

before(async () => {
  server = await serve(buildSite('browser-smoke'));
  browser = await launch();
});

after(async () => {
  await browser?.close();
  await server?.close();
});

test('home, a lesson and the step plan load without errors or off-site requests', async () => {
  const { page, problems, context } = await newPage(browser);
  for (const path of ['', 'modules/verontrusting-herkennen/wat-is-verontrusting/', 'stappen/']) {
    const response = await page.goto(server.url + path);
    assert.equal(response.status(), 200, path);
    assert.equal(await page.locator('h1').count(), 1, `one h1 on ${path}`);
  }
  assert.deepEqual(problems, []);
  await context.close();
});

test('a knowledge check answers right and wrong, and can be retried', async () => {
  const { page, problems, context } = await newPage(browser);
  await page.goto(server.url + 'modules/verontrusting-herkennen/wat-is-verontrusting/');
  const quiz = page.locator('form[data-quiz]').first();
  const wrong = quiz.locator('input[type=radio]').first();
  const answers = await quiz.locator('.quiz-feedback').evaluateAll((els) => els.map((e) => e.dataset.correct));
  const rightIndex = answers.indexOf('true');
  const wrongIndex = answers.indexOf('false');
  await quiz.locator('input').nth(wrongIndex).check();
  await quiz.locator('button.quiz-check').click();
  await assert.doesNotReject(quiz.locator('.quiz-result').getByText('Niet juist').waitFor());
  await quiz.locator('button.quiz-retry').click();
  await quiz.locator('input').nth(rightIndex).check();
  await quiz.locator('button.quiz-check').click();
  await assert.doesNotReject(quiz.locator('.quiz-result').getByText('Juist', { exact: false }).first().waitFor());
  assert.ok(await wrong.isVisible());
  assert.deepEqual(problems, []);
  await context.close();
});
