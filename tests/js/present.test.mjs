// The DOM-free cores of present.js (sections, keys, counter, clock), present-deck.js (pack:
// sections into slides that fit) and print-date.js.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import present from '../../themes/default/static/js/present.js';
import deck from '../../themes/default/static/js/present-deck.js';

const { slides, action, move, counter } = present;
const tags = (list) => list.split(' ').map((tag) => ({ tag }));

test('a new slide starts at every h2, every <hr> (left out) and the partner section', () => {
  assert.deepEqual(slides(tags('H1 P P H2 P UL H2 P HR P SECTION')), [[0, 1, 2], [3, 4, 5], [6, 7], [9], [10]]);
});

test('a lesson that starts with an h2 still has its title slide; empty slides are dropped', () => {
  assert.deepEqual(slides(tags('H1 H2 P HR HR P')), [[0], [1, 2], [5]]);
  assert.deepEqual(slides([]), []);
});

test('keys: arrows, space and a clicker\'s PageUp/PageDown move; F, N and Escape', () => {
  for (const key of ['ArrowRight', 'ArrowDown', ' ', 'PageDown']) assert.equal(action(key, ''), 'next', key);
  for (const key of ['ArrowLeft', 'ArrowUp', 'PageUp']) assert.equal(action(key, ''), 'prev', key);
  assert.equal(action('f', ''), 'full');
  assert.equal(action('N', ''), 'notes');
  assert.equal(action('Escape', ''), 'leave');
  assert.equal(action('x', ''), null);
});

test('in an answer the arrows and space choose; on a button space presses it', () => {
  assert.equal(action('ArrowDown', 'field'), null);
  assert.equal(action(' ', 'field'), null);
  assert.equal(action('PageDown', 'field'), 'next', 'a clicker still moves on');
  assert.equal(action(' ', 'button'), null);
  assert.equal(action('ArrowRight', 'button'), 'next');
});

test('moving stays within the slides, and the counter counts from 1', () => {
  assert.equal(move(0, -1, 5), 0);
  assert.equal(move(4, 1, 5), 4);
  assert.equal(move(2, 1, 5), 3);
  assert.equal(counter(2, 7), '3 / 7');
});

const { clock } = present;
const { pack } = deck;
const units = (spec) => spec.split(' ').map((s) => {
  const [kind, height] = s.split(':');
  return { kind, height: Number(height) };
});

test('pack: blocks fill a slide up to the room, then a new slide starts', () => {
  assert.deepEqual(pack(units('heading:50 block:300 block:300 block:300'), 700), [[0, 1, 2], [3]]);
  assert.deepEqual(pack(units('block:100 block:100'), 700), [[0, 1]]);
  assert.deepEqual(pack([], 700), []);
});

test('pack: a check and a discussion prompt each get a slide, with the heading just before them', () => {
  assert.deepEqual(pack(units('heading:50 block:100 check:300 discussion:100'), 700), [[0, 1], [2], [3]]);
  assert.deepEqual(pack(units('heading:50 check:300 block:100'), 700), [[0, 1], [2]]);
  assert.deepEqual(pack(units('check:200 check:200 check:200'), 700), [[0], [1], [2]], 'three checks, three slides');
});

test('pack: a heading never ends a slide; a trainer note stays with the piece before it', () => {
  assert.deepEqual(pack(units('block:500 heading:50 block:400'), 700), [[0], [1, 2]]);
  assert.deepEqual(pack(units('block:400 note:100 block:250'), 700), [[0, 1], [2]]);
  assert.deepEqual(pack(units('check:300 note:100'), 700), [[0, 1]], 'a note after a check is on the check slide');
  assert.deepEqual(pack(units('heading:50 note:80 block:100'), 700), [[0, 1, 2]]);
});

test('pack: a piece taller than the room is alone on its slide (present.js then scales or scrolls it)', () => {
  assert.deepEqual(pack(units('block:100 block:2000 block:100'), 700), [[0], [1], [2]]);
  assert.deepEqual(pack(units('heading:50 block:2000'), 700), [[0, 1]], 'the heading stays with a long table');
});

test('keys R and S; Home and End; the clock', () => {
  assert.equal(action('r', ''), 'reveal');
  assert.equal(action('S', 'field'), 'presenter');
  assert.equal(action('Home', ''), 'first');
  assert.equal(action('End', ''), 'last');
  assert.equal(clock(0), '0:00');
  assert.equal(clock(65_400), '1:05');
  assert.equal(clock(3_725_000), '1:02:05');
  assert.equal(clock(-5), '0:00');
});

test('the print date: label and date in the page language, never empty', async () => {
  const { line } = (await import('../../themes/default/static/js/print-date.js')).default;
  assert.equal(line('Afgedrukt op', new Date(Date.UTC(2026, 11, 1, 12)), 'nl'), 'Afgedrukt op 1 december 2026');
  assert.equal(line('', new Date(Date.UTC(2026, 0, 5, 12)), 'en'), 'January 5, 2026');
});
