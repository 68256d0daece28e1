// The DOM-free core of progress.js: what counts as done, "where you were", and the stored form.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import progress from '../../themes/default/static/js/progress.js';

const { KEY, parse, visit, reachEnd, answer, isDone, count, lastLesson, format } = progress;
const A = 'modules/m/a/';
const B = 'modules/m/b/';

test('everything lives under one versioned key', () => {
  assert.equal(KEY, 'leerpad:v1');
});

test('a lesson is done once its end is reached and every check is answered, in any order', () => {
  let s = parse(null);
  s = reachEnd(s, A, 2);
  assert.equal(isDone(s, A), false, 'end only');
  s = answer(s, `${A}#quiz-1`, 2);
  s = answer(s, `${A}#quiz-1`, 2);
  assert.equal(isDone(s, A), false, 'the same check twice counts once');
  s = answer(s, `${A}#quiz-2`, 2);
  assert.equal(isDone(s, A), true);

  let t = answer(parse(null), `${B}#quiz-1`, 1);
  assert.equal(isDone(t, B), false, 'checks only');
  t = reachEnd(t, B, 1);
  assert.equal(isDone(t, B), true);
});

test('a lesson without checks is done at its end', () => {
  assert.equal(isDone(reachEnd(parse(null), A, 0), A), true);
});

test('module counts and the text of the bar', () => {
  const s = reachEnd(reachEnd(parse(null), A, 0), 'modules/other/x/', 0);
  assert.deepEqual(count(s, [A, B]), { done: 1, total: 2 });
  assert.equal(format('{done} van {total} lessen gedaan', count(s, [A, B])), '1 van 2 lessen gedaan');
  assert.equal(format('{done} en {x}', { done: 3 }), '3 en {x}');
});

test('"where you were" is the last lesson opened, overall or within a module', () => {
  let s = visit(parse(null), A, 'Les A');
  s = visit(s, 'modules/n/c/', 'Les C');
  assert.equal(lastLesson(s, []).key, 'modules/n/c/');
  assert.equal(lastLesson(s, [A, B]).title, 'Les A');
  assert.equal(lastLesson(s, [B]), null);
  s = visit(s, A, '');
  assert.equal(lastLesson(s).key, A);
  assert.equal(lastLesson(s).title, 'Les A', 'an empty title keeps the old one');
  assert.equal(lastLesson(parse(null)), null);
});

test('the stored form survives a round trip; anything else starts empty', () => {
  const s = answer(visit(reachEnd(parse(null), A, 1), A, 'A'), `${A}#quiz-1`, 1);
  assert.deepEqual(parse(JSON.stringify(s)), s);
  for (const text of [null, '', 'nonsense', '[]', '{"v":2,"lessons":{}}', '{"v":1,"lessons":null}']) {
    assert.deepEqual(parse(text), { v: 1, seq: 0, lessons: {} }, String(text));
  }
  const odd = parse('{"v":1,"seq":"x","lessons":{"a/":{"done":"yes","quizzes":[1,"q"],"title":5},"b/":null}}');
  assert.deepEqual(odd, { v: 1, seq: 0, lessons: { 'a/': { title: '', seen: 0, end: false, quizzes: ['q'], done: false } } });
});
