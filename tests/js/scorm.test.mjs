// The DOM-free core of scorm.js: API discovery, suspend_data, the outcome of a lesson, the time
// formats of both versions, and a session against a fake LMS that refuses what SCORM refuses.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import scorm from '../../themes/default/static/js/scorm.js';

const { findApi, blank, encode, decode, outcome, lessonStatus12, timespan12, duration2004, clock, responses, Session, MAX_CHECKS } = scorm;

test('discovery finds the API in a parent, then in the opener, and stops at its bound', () => {
  const api = { name: 'lms' };
  const top = { API: api };
  top.parent = top;
  const middle = { parent: top };
  const frame = { parent: middle };
  assert.equal(findApi(frame, 'API'), api);
  assert.equal(findApi(frame, 'API_1484_11'), null);
  const popup = { parent: null, opener: frame };
  popup.parent = popup;
  assert.equal(findApi(popup, 'API'), api, 'through window.opener');
  // A frame of another origin throws on access: discovery goes on past it.
  const foreign = new Proxy({ parent: top }, { get: (t, k) => { if (k === 'API') throw new Error('SecurityError'); return t[k]; } });
  assert.equal(findApi({ parent: foreign }, 'API'), api);
  // Deeper than the bound: not found (no endless walk through a broken chain).
  let deep = top;
  for (let i = 0; i < 30; i += 1) deep = { parent: deep };
  assert.equal(findApi(deep, 'API'), null);
});

test('suspend_data keeps the end, the bookmark flag and one character per check', () => {
  const state = blank(3);
  state.end = true;
  state.results[0] = false;
  state.results[2] = true;
  assert.equal(encode(state, true), '13w-r');
  assert.equal(encode(state, false), '11w-r');
  const back = decode('13w-r', 3);
  assert.deepEqual(back.results, [false, null, true]);
  assert.equal(back.end, true);
  assert.equal(back.bookmarked, true);
  assert.deepEqual(decode('garbage', 2).results, [null, null], 'not ours: a fresh state');
  assert.deepEqual(decode('', 2).results, [null, null]);
  assert.equal(encode(blank(MAX_CHECKS + 10), true).length, MAX_CHECKS + 2, 'within 4,096 characters');
});

test('the outcome: scored once every check is answered, done with the end reached too', () => {
  const state = blank(4);
  state.results = [true, true, true, null];
  assert.deepEqual(outcome(state, 75), { done: false, score: null, passed: null });
  state.results[3] = false;
  assert.deepEqual(outcome(state, 75), { done: false, score: { raw: 75, scaled: 0.75 }, passed: true });
  assert.equal(outcome(state, 80).passed, false);
  assert.equal(outcome(state, null).passed, null, 'no mastery score: no pass or fail');
  state.end = true;
  assert.equal(outcome(state, 80).done, true);
  assert.equal(lessonStatus12(outcome(state, 80)), 'completed', '1.2: finished below mastery is completed, not failed');
  assert.equal(lessonStatus12(outcome(state, 75)), 'passed');
  assert.equal(lessonStatus12(outcome(state, null)), 'completed');
  const none = blank(0);
  assert.deepEqual(outcome(none, 80), { done: false, score: null, passed: null });
  none.end = true;
  assert.equal(lessonStatus12(outcome(none, 80)), 'completed', 'a lesson without checks is completed');
  const third = blank(3);
  third.results = [true, false, false];
  assert.deepEqual(outcome(third, null).score, { raw: 33, scaled: 0.3333 });
});

test('times in each version\'s format', () => {
  assert.equal(timespan12(0), '0000:00:00.00');
  assert.equal(timespan12(3723450), '0001:02:03.45');
  assert.equal(duration2004(0), 'PT0S');
  assert.equal(duration2004(65000), 'PT1M5S');
  assert.equal(duration2004(3723450), 'PT1H2M3.45S');
  const at = new Date(Date.UTC(2026, 0, 2, 3, 4, 5));
  assert.equal(clock('2004', at), '2026-01-02T03:04:05.0Z');
  assert.match(clock('1.2', at), /^\d{2}:\d{2}:\d{2}$/);
});

test('responses are letters in the order shown, joined as each version joins them', () => {
  assert.equal(responses('1.2', ['1', '3']), 'a,c');
  assert.equal(responses('2004', ['1', '3']), 'a[,]c');
  assert.equal(responses('1.2', ['0', '99', 'x']), '', 'values outside a–z, 0–9 are left out');
});

/** A fake LMS API that keeps values, refuses calls out of order, and counts interactions. */
function fakeLms(version, data = {}) {
  const names = version === '1.2'
    ? { init: 'LMSInitialize', end: 'LMSFinish', get: 'LMSGetValue', set: 'LMSSetValue', commit: 'LMSCommit', error: 'LMSGetLastError' }
    : { init: 'Initialize', end: 'Terminate', get: 'GetValue', set: 'SetValue', commit: 'Commit', error: 'GetLastError' };
  const values = { ...data };
  const log = [];
  let state = 'new';
  let error = '0';
  const api = {
    [names.init]: () => { error = state === 'new' ? '0' : '103'; if (state === 'new') state = 'running'; log.push('init'); return String(error === '0'); },
    [names.end]: () => { error = state === 'running' ? '0' : '112'; state = 'done'; log.push('end'); return String(error === '0'); },
    [names.commit]: () => { error = state === 'running' ? '0' : '142'; log.push('commit'); return String(error === '0'); },
    [names.get]: (k) => {
      error = state === 'running' ? '0' : '122';
      if (k === 'cmi.interactions._count') return String(Object.keys(values).filter((n) => /^cmi\.interactions\.\d+\.id$/.test(n)).length);
      return values[k] ?? '';
    },
    [names.set]: (k, v) => { error = state === 'running' ? '0' : '132'; if (error === '0') values[k] = v; log.push(`set ${k}=${v}`); return String(error === '0'); },
    [names.error]: () => error,
  };
  return { api, values, log };
}

test('a 1.2 session: incomplete at the start, one interaction per check, passed at the end', () => {
  const lms = fakeLms('1.2', { 'cmi.core.lesson_status': 'not attempted', 'cmi.core.entry': 'ab-initio' });
  const session = new Session(lms.api, '1.2', 2, 50);
  assert.equal(session.start(), true);
  assert.equal(lms.values['cmi.core.lesson_status'], 'incomplete');
  assert.equal(lms.values['cmi.core.exit'], 'suspend');
  session.answer(0, { correct: false, chosen: ['2'], right: ['1'] });
  session.answer(0, { correct: true, chosen: ['1'], right: ['1'] }); // a retry: not counted
  session.answer(1, { correct: true, chosen: ['1', '2'], right: ['1', '2'] });
  assert.equal(lms.values['cmi.interactions.0.student_response'], 'b');
  assert.equal(lms.values['cmi.interactions.0.result'], 'wrong');
  assert.equal(lms.values['cmi.interactions.1.student_response'], 'a,b');
  assert.equal(lms.values['cmi.interactions.2.id'], undefined, 'the retry is not an interaction');
  assert.equal(lms.values['cmi.core.score.raw'], '50');
  assert.equal(lms.values['cmi.core.lesson_status'], 'incomplete', 'the end is not reached yet');
  session.reachEnd();
  assert.equal(lms.values['cmi.core.lesson_status'], 'passed');
  assert.equal(lms.values['cmi.core.exit'], '');
  session.bookmark('deel-2');
  session.finish();
  session.finish();
  session.answer(1, { correct: true });
  assert.equal(lms.log.filter((l) => l === 'end').length, 1, 'finished once');
  assert.equal(lms.log.at(-1), 'end', 'nothing after the finish');
  assert.match(lms.values['cmi.core.session_time'], /^\d{4}:\d{2}:\d{2}\.\d{2}$/);
  assert.equal(lms.values['cmi.core.lesson_location'], 'deel-2');
});

test('a 2004 session resumes from suspend_data and reads the location only when one was set', () => {
  const lms = fakeLms('2004', { 'cmi.entry': 'resume', 'cmi.completion_status': 'incomplete', 'cmi.suspend_data': '10r-' });
  const session = new Session(lms.api, '2004', 2, 80);
  session.start();
  assert.equal(session.bookmarked(), '', 'no bookmark flag: cmi.location is not read');
  assert.deepEqual(session.state.results, [true, null]);
  session.answer(0, { correct: false, chosen: ['1'], right: ['2'] });
  assert.equal(lms.values['cmi.interactions.0.id'], undefined, 'check 1 was answered in the first session');
  session.answer(1, { correct: false, chosen: ['1'], right: ['2'], question: 'Wat doe je?' });
  assert.equal(lms.values['cmi.interactions.0.id'], 'quiz2');
  assert.equal(lms.values['cmi.interactions.0.learner_response'], 'a');
  assert.equal(lms.values['cmi.interactions.0.correct_responses.0.pattern'], 'b');
  assert.equal(lms.values['cmi.interactions.0.result'], 'incorrect');
  assert.equal(lms.values['cmi.interactions.0.description'], 'Wat doe je?');
  assert.equal(lms.values['cmi.score.scaled'], '0.5');
  assert.equal(lms.values['cmi.success_status'], 'failed');
  assert.equal(lms.values['cmi.completion_status'], 'incomplete');

  const again = fakeLms('2004', { 'cmi.entry': 'resume', 'cmi.suspend_data': '12--', 'cmi.location': 'deel-3' });
  const resumed = new Session(again.api, '2004', 2, null);
  resumed.start();
  assert.equal(resumed.bookmarked(), 'deel-3');
  // State that is not ours (another tool's, or none): the location is read all the same.
  const other = fakeLms('2004', { 'cmi.entry': 'resume', 'cmi.suspend_data': 'x', 'cmi.location': 'deel-2' });
  const foreign = new Session(other.api, '2004', 1, null);
  foreign.start();
  assert.equal(foreign.bookmarked(), 'deel-2');
});

test('a lesson finished in an earlier attempt, or opened in review mode, is not graded again', () => {
  const lms = fakeLms('1.2', { 'cmi.core.lesson_status': 'passed', 'cmi.core.entry': '' });
  const session = new Session(lms.api, '1.2', 1, 80);
  session.start();
  session.answer(0, { correct: false, chosen: ['1'] });
  session.reachEnd();
  session.finish();
  assert.equal(lms.values['cmi.core.lesson_status'], 'passed');
  assert.equal(lms.values['cmi.interactions.0.id'], undefined);
  const review = fakeLms('2004', { 'cmi.mode': 'review' });
  const looked = new Session(review.api, '2004', 1, 80);
  looked.start();
  looked.reachEnd();
  assert.equal(review.values['cmi.completion_status'], undefined);
});

test('an LMS that refuses Initialize leaves the page alone', () => {
  const lms = fakeLms('1.2');
  lms.api.LMSInitialize = () => 'false';
  lms.api.LMSGetLastError = () => '101';
  const session = new Session(lms.api, '1.2', 1, null);
  assert.equal(session.start(), false);
});

test('2004: a navigation request only when the LMS says it is valid, and then the session ends', () => {
  const lms = fakeLms('2004', { 'adl.nav.request_valid.continue': 'unknown', 'adl.nav.request_valid.previous': 'true' });
  const session = new Session(lms.api, '2004', 0, null);
  session.start();
  assert.equal(session.navigate('continue'), false, 'unknown: the link is followed');
  assert.equal(lms.values['adl.nav.request'], undefined);
  assert.equal(session.navigate('previous'), true);
  assert.equal(lms.values['adl.nav.request'], 'previous');
  assert.equal(lms.log.at(-1), 'end');
  const old = fakeLms('1.2');
  const s12 = new Session(old.api, '1.2', 0, null);
  s12.start();
  assert.equal(s12.navigate('continue'), false, 'SCORM 1.2 has no navigation requests');
});
