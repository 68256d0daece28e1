// Where the right answer of each single-choice knowledge check sits: as written in the Markdown
// and as the built pages show it (after the build-time shuffle), and how often it is the longest
// answer. Rerunnable: `node bench/quiz-positions.mjs [SITE_ROOT]` (default: the repository).
//
// Owns: the counting. Does not: judge the result (the editor reads it) or change any file; it
// builds the site into target/quiz-positions with the release binary.

import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const REPO = resolve(fileURLToPath(import.meta.url), '../..');
const root = resolve(process.argv[2] || REPO);
const bin = process.env.LEERPAD_BIN || join(REPO, 'target/release/leerpad');
const out = join(REPO, 'target/quiz-positions');

function files(dir, ext) {
  return readdirSync(dir).sort().flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path, ext) : path.endsWith(ext) ? [path] : [];
  });
}

/** Each single-choice quiz as written: [{correct, lengths}] with positions from 1. */
function written() {
  const quizzes = [];
  for (const file of files(join(root, 'content'), '.md')) {
    const text = readFileSync(file, 'utf8');
    for (const [, block] of text.matchAll(/```quiz\n([\s\S]*?)\n```/g)) {
      if (/^multiple:\s*true/m.test(block)) continue;
      const answers = [...block.matchAll(/^\s*- text:\s*(.*)\n\s*correct:\s*(true|false)/gm)]
        .map(([, t, c]) => ({ text: t.replace(/^["']|["']$/g, ''), correct: c === 'true' }));
      quizzes.push(answers);
    }
  }
  return quizzes;
}

/** Each single-choice quiz as the built pages show it. */
function shown() {
  const run = spawnSync(bin, ['build', '--root', root, '--out', out], { encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`leerpad build failed:\n${run.stderr}`);
  const quizzes = [];
  for (const file of files(join(out, 'modules'), 'index.html')) {
    if (/\/(print|trainer)\//.test(file)) continue;
    const html = readFileSync(file, 'utf8');
    for (const [form] of html.matchAll(/<form class="quiz"[\s\S]*?<\/fieldset>/g)) {
      if (form.includes('type="checkbox"')) continue;
      const options = [...form.matchAll(/<span>([\s\S]*?)<\/span><\/label>\n<p class="quiz-feedback" data-correct="(true|false)"/g)]
        .map(([, t, c]) => ({ text: t, correct: c === 'true' }));
      quizzes.push(options);
    }
  }
  return quizzes;
}

function report(name, quizzes) {
  const byPosition = {};
  let last = 0;
  let longest = 0;
  for (const answers of quizzes) {
    const at = answers.findIndex((a) => a.correct);
    byPosition[at + 1] = (byPosition[at + 1] || 0) + 1;
    if (at === answers.length - 1) last += 1;
    const max = Math.max(...answers.map((a) => a.text.length));
    if (answers[at].text.length === max) longest += 1;
  }
  const positions = Object.keys(byPosition).sort().map((p) => `${p}: ${byPosition[p]}`).join(', ');
  console.log(`${name}: ${quizzes.length} single-choice checks; right answer at position ${positions}; ` +
    `last in ${last}; longest answer in ${longest}`);
}

report('written', written());
report('shown', shown());
