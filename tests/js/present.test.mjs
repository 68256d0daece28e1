// The DOM-free core of present.js: slides, keys and the counter.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import present from '../../themes/default/static/js/present.js';

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
