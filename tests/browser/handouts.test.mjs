// A module's two print versions in Chromium (issue 17), for every module of the bundled site and
// for a generated module whose lesson has several checks (one with more than one right answer),
// a table, a chart, a discussion prompt and a check inside a trainer note:
// - the learner handout (modules/SLUG/print/) holds every check's question and answers and no
//   answer in its HTML at all: no right-answer mark, no feedback, no explanation, no trainer note;
// - the trainer version (modules/SLUG/trainer/) holds every answer with its verdict, feedback and
//   explanation, every trainer note (shown on paper) and prompt, and the timing;
// - both reached from the module page by a link; A4 PDFs with their page counts, the handout at
//   most one page per lesson; page 1 of each as a print-media screenshot in target/screenshots/;
// - axe-core finds nothing on either at 360 px or on paper.
// The quiz data comes from the lesson pages, where the checks work as the learner answers them.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO, buildSite, launch, newPage, serve } from './harness.mjs';

const SHOTS = join(REPO, 'target', 'screenshots');
const AXE = join(REPO, 'node_modules/axe-core/axe.min.js');
const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
/** A4 at 96 dpi: what a print-media screenshot of one page shows. */
const A4 = { width: 794, height: 1123 };
/** The module whose PDFs the note reports (5 lessons). */
const PDF_MODULE = 'herstel-de-veiligheid';
/** The module the generated site adds (the rest is the bundled site's). */
const GENERATED = 'gegenereerd';

let browser;
const sites = {};

/** A copy of the bundled site with a sixth module whose one lesson has what a handout must cope with. */
function generatedRoot() {
  const root = join(REPO, 'target', 'handouts-generated-root');
  rmSync(root, { recursive: true, force: true });
  mkdirSync(root, { recursive: true });
  for (const name of ['leerpad.toml', 'partners.yaml', 'places.yaml', 'content', 'themes', 'i18n']) {
    cpSync(join(REPO, name), join(root, name), { recursive: true });
  }
  const check = (n, multiple) => [
    '```quiz',
    `question: Generatievraag ${n}, welke antwoorden passen?`,
    ...(multiple ? ['multiple: true'] : []),
    'answers:',
    ...[1, 2, 3].map((a) => [
      `  - text: Keuze ${a} bij generatievraag ${n}.`,
      `    correct: ${a === 2 || (multiple && a === 3)}`,
      `    feedback: Terugkoppeling ${a} bij generatievraag ${n}.`,
    ].join('\n')),
    `explanation: Uitleg bij generatievraag ${n}.`,
    '```',
  ].join('\n');
  const lesson = [
    '---', 'title: Een les met veel checks', 'summary: Kernzin van de gegenereerde les.', '---',
    '## Een tabel', 'Eerst een zin.', '| rij | getal |\n|---|---|\n| een | 1 |\n| twee | 2 |',
    '## Een grafiek',
    '```chart', 'title: Een grafiek om te testen', 'unit: stuks', 'labels: ["a", "b", "c"]',
    'series:', '  - name: Reeks een', '    values: [1, 2, 3]', '```',
    '## Vier checks', check(1, false), check(2, true), check(3, false), check(4, false),
    '```bespreek', 'Een vraag voor de groep over de gegenereerde les.', '```',
    '````trainer', 'Een notitie voor de trainer bij de gegenereerde les.', '', check(5, false), '````',
  ].join('\n\n');
  const dir = join(root, 'content', 'modules', '99-gegenereerd');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, '_module.md'), '---\ntitle: Gegenereerde module\nsummary: Om de hand-outs te testen.\n---\nEen module om te testen.\n');
  writeFileSync(join(dir, '01-veel-checks.md'), `${lesson}\n`);
  writeFileSync(join(dir, '02-kort.md'), '---\ntitle: Een korte les\nsummary: Nog een kernzin.\n---\n## Alleen tekst\n\nEen korte les zonder check.\n');
  return root;
}

before(async () => {
  mkdirSync(SHOTS, { recursive: true });
  sites.bundled = buildSite('browser-handouts');
  sites.generated = buildSite('browser-handouts-generated', generatedRoot());
  browser = await launch();
});

after(async () => {
  await browser?.close();
});

/** The folder names of the modules of a built site. */
function modules(out) {
  return readdirSync(join(out, 'modules'), { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name);
}

/** What a module's lessons hold, read on their pages: every check (with its answers), note and prompt. */
async function moduleData(page, url) {
  await page.goto(url);
  const lessons = await page.locator('.lesson-list a').evaluateAll((links) => links.map((a) => a.href));
  const minutes = await page.locator('.module > .meta').textContent();
  const data = { lessons: lessons.length, minutes: Number(minutes.match(/(\d+) minuten/)[1]), quizzes: [], notes: [], prompts: [] };
  for (const lesson of lessons) {
    await page.goto(lesson);
    const found = await page.evaluate(() => {
      const text = (el) => (el ? el.textContent.replace(/\s+/g, ' ').trim() : '');
      return {
        quizzes: [...document.querySelectorAll('form[data-quiz]')].map((form) => ({
          question: text(form.querySelector('.quiz-question')),
          trainerOnly: !!form.closest('.trainer-note'),
          answers: [...form.querySelectorAll('.quiz-option')].map((o) => ({
            text: text(o.querySelector('.quiz-choice span')),
            correct: o.querySelector('.quiz-feedback').dataset.correct === 'true',
            feedback: text(o.querySelector('.quiz-feedback-text')),
          })),
          explanation: text(form.querySelector('.quiz-explanation')).replace(/^[^:]*:\s*/, ''),
        })),
        notes: [...document.querySelectorAll('.trainer-note > p:not(.block-label)')].map(text),
        prompts: [...document.querySelectorAll('.discussion > p:not(.block-label)')].map(text),
      };
    });
    data.quizzes.push(...found.quizzes);
    data.notes.push(...found.notes);
    data.prompts.push(...found.prompts);
  }
  return data;
}

/** The HTML of the page's main part (the header has the search form) and its text, spaces folded. */
async function contents(page) {
  const html = await page.locator('main').innerHTML();
  const text = (await page.locator('main').textContent()).replace(/\s+/g, ' ');
  return { html, text };
}

const pdfPages = (pdf) => (pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g) || []).length;

for (const name of ['bundled', 'generated']) {
  test(`${name} site: the handout holds every check and no answer, the trainer version every answer`, async () => {
    const { page, problems, context } = await newPage(browser);
    const server = await serve(sites[name]);
    try {
      let checked = 0;
      for (const module of modules(sites[name]).filter((m) => name === 'bundled' || m === GENERATED)) {
        const base = `${server.url}modules/${module}/`;
        const data = await moduleData(page, base);
        const where = `${name} ${module}`;

        await page.goto(base);
        await page.getByRole('link', { name: /Hand-out voor deelnemers/ }).click();
        assert.match(page.url(), /\/print\/(index\.html)?$/, where);
        const handout = await contents(page);
        for (const marker of ['data-correct', 'quiz-answer', 'quiz-feedback', 'quiz-explanation', 'trainer-note', '<form']) {
          assert.ok(!handout.html.includes(marker), `${where}: "${marker}" in the handout`);
        }
        for (const quiz of data.quizzes) {
          const feedback = quiz.answers.map((a) => a.feedback).filter(Boolean);
          for (const secret of [...feedback, quiz.explanation].filter(Boolean)) {
            assert.ok(!handout.text.includes(secret), `${where}: an answer's text in the handout: ${secret}`);
          }
          if (quiz.trainerOnly) {
            assert.ok(!handout.text.includes(quiz.question), `${where}: a trainer's check in the handout`);
            continue;
          }
          assert.ok(handout.text.includes(quiz.question), `${where}: question missing: ${quiz.question}`);
          for (const answer of quiz.answers) assert.ok(handout.text.includes(answer.text), `${where}: option missing: ${answer.text}`);
          checked += 1;
        }
        for (const note of data.notes) assert.ok(!handout.text.includes(note), `${where}: a trainer note in the handout`);
        assert.equal(await page.locator('.handout-check').count(), data.quizzes.filter((q) => !q.trainerOnly).length, where);
        assert.equal(await page.locator('.handout-lesson').count(), data.lessons, where);

        await page.goto(base);
        await page.getByRole('link', { name: /Versie voor de trainer/ }).click();
        assert.match(page.url(), /\/trainer\/(index\.html)?$/, where);
        await page.emulateMedia({ media: 'print' });
        const trainer = await contents(page);
        for (const quiz of data.quizzes) {
          const form = page.locator('form.quiz', { has: page.locator('.quiz-question', { hasText: quiz.question }) });
          assert.equal(await form.count(), 1, `${where}: ${quiz.question}`);
          const listed = await form.locator('.quiz-answer-list li').evaluateAll((items) => items.map((li) => {
            const fold = (el) => (el ? el.textContent.replace(/\s+/g, ' ').trim() : '');
            const verdict = fold(li.querySelector('.quiz-verdict'));
            return {
              correct: li.dataset.correct === 'true',
              verdict,
              answer: fold(li.querySelector('p')).slice(verdict.length).replace(/^:\s*/, ''),
              feedback: fold(li.querySelector('.quiz-answer-feedback')),
            };
          }));
          assert.equal(listed.length, quiz.answers.length, `${where}: every answer of ${quiz.question}`);
          for (const answer of quiz.answers) {
            const item = listed.find((l) => l.answer === answer.text);
            assert.ok(item, `${where}: answer missing: ${answer.text}`);
            assert.equal(item.correct, answer.correct, `${where}: the verdict of ${answer.text}`);
            assert.equal(item.verdict, answer.correct ? 'Juist' : 'Niet juist', `${where}: the printed verdict of ${answer.text}`);
            assert.equal(item.feedback, answer.feedback, `${where}: the feedback of ${answer.text}`);
          }
          assert.ok(await form.locator('.quiz-answer-list').isVisible(), `${where}: the answers on paper`);
          if (quiz.explanation) assert.ok(trainer.text.includes(quiz.explanation), `${where}: explanation missing`);
        }
        for (const note of data.notes) assert.ok(trainer.text.includes(note), `${where}: note missing: ${note}`);
        for (const prompt of data.prompts) assert.ok(trainer.text.includes(prompt), `${where}: prompt missing: ${prompt}`);
        if (data.notes.length) assert.ok(await page.locator('.trainer-note').first().isVisible(), `${where}: notes on paper`);
        assert.equal(await page.locator('.print-timing tbody tr').count(), data.lessons, `${where}: a timing line per lesson`);
        assert.equal(await page.locator('.print-timing tfoot td').nth(1).textContent(), String(data.minutes), `${where}: the total`);
        await page.emulateMedia({ media: 'screen' });
      }
      assert.ok(checked >= (name === 'bundled' ? 40 : 4), `${name}: ${checked} checks looked at`);
      assert.deepEqual(problems, []);
    } finally {
      await context.close();
      await server.close();
    }
  });
}

test('A4 PDFs of both versions: the handout takes at most a page per lesson (page 1 screenshots)', async () => {
  const servers = { bundled: await serve(sites.bundled), generated: await serve(sites.generated) };
  const { page, problems, context } = await newPage(browser, { viewport: A4 });
  try {
    const counts = [];
    for (const [name, out] of Object.entries(sites)) {
      for (const module of modules(out).filter((m) => name === 'bundled' || m === GENERATED)) {
        const lessons = readdirSync(join(out, 'modules', module), { withFileTypes: true })
          .filter((d) => d.isDirectory() && !['print', 'trainer'].includes(d.name)).length;
        const row = { module: `${name} ${module}`, lessons };
        for (const version of ['print', 'trainer']) {
          await page.goto(`${servers[name].url}modules/${module}/${version}/`);
          await page.emulateMedia({ media: 'print' });
          const pdf = await page.pdf({ format: 'A4' });
          row[version] = pdfPages(pdf);
          if (name === 'bundled' && module === PDF_MODULE) {
            const file = version === 'print' ? 'handout-learner' : 'handout-trainer';
            writeFileSync(join(REPO, 'target', `${file}.pdf`), pdf);
            await page.screenshot({ path: join(SHOTS, `${file}-page1.png`) });
          }
        }
        counts.push(row);
        console.log(`${row.module}: ${lessons} lessons, handout ${row.print} A4 pages, trainer version ${row.trainer}`);
      }
    }
    for (const row of counts) {
      assert.ok(row.print <= Math.max(1, row.lessons), `${row.module}: the handout takes ${row.print} pages for ${row.lessons} lessons`);
      assert.ok(row.print >= 1 && row.trainer >= row.print, `${row.module}: the trainer version holds more`);
    }
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
    await servers.bundled.close();
    await servers.generated.close();
  }
});

test('axe-core finds nothing on either version at 360 px or on paper', async () => {
  const server = await serve(sites.bundled);
  const { page, problems, context } = await newPage(browser);
  await context.addInitScript({ path: AXE });
  try {
    const bad = [];
    for (const version of ['print', 'trainer']) {
      for (const [media, viewport] of [['screen', { width: 360, height: 740 }], ['print', A4]]) {
        await page.setViewportSize(viewport);
        await page.goto(`${server.url}modules/${PDF_MODULE}/${version}/`);
        await page.emulateMedia({ media });
        const violations = await page.evaluate(async (tags) => {
          const r = await window.axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] });
          return r.violations.map((v) => `${v.id}: ${v.help} — ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ')}`);
        }, AXE_TAGS);
        bad.push(...violations.map((v) => `${version} ${media} ${viewport.width}px: ${v}`));
        const wide = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
        if (media === 'screen') {
          assert.ok(wide <= 0, `${version}: ${wide} px wider than the 360 px screen`);
          // A table wider than the phone scrolls in its own region, which a keyboard can reach.
          const unreachable = await page.evaluate(() => [...document.querySelectorAll('.table-scroll')]
            .filter((el) => el.tabIndex < 0 || !(el.getAttribute('aria-label') || el.getAttribute('aria-labelledby')))
            .map((el) => el.outerHTML.slice(0, 80)));
          assert.deepEqual(unreachable, [], `${version}: scroll regions without a tab stop or a name`);
        }
      }
    }
    assert.deepEqual(bad, []);
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
    await server.close();
  }
});
