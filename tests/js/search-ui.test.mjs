// Unit tests for the DOM-free helpers of the search UI: `node --test tests/js/`.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import ui from '../../themes/default/static/js/search-ui.js';

test('document URLs become links that work from disk', () => {
  assert.equal(ui.pageHref('../../', 'modules/a/b/#sectie'), '../../modules/a/b/index.html#sectie');
  assert.equal(ui.pageHref('', 'partners/'), 'partners/index.html');
  assert.equal(ui.pageHref('../', ''), '../index.html');
  assert.equal(ui.pageHref('../', 'begrippen/#vk'), '../begrippen/index.html#vk');
});

test('the count sentence uses the strings of the theme', () => {
  const texts = { none: 'Geen resultaten.', one: '1 resultaat.', many: '{n} resultaten.' };
  assert.equal(ui.countText(texts, 0), 'Geen resultaten.');
  assert.equal(ui.countText(texts, 1), '1 resultaat.');
  assert.equal(ui.countText(texts, 12), '12 resultaten.');
});

test('the breadcrumb under a title leaves out the title itself', () => {
  assert.equal(ui.crumbTrail('Module › Les › Sectie', 'Sectie'), 'Module › Les');
  assert.equal(ui.crumbTrail('Module › Les', 'Iets anders'), 'Module › Les');
  assert.equal(ui.crumbTrail('MANO', 'MANO'), 'MANO');
  assert.equal(ui.crumbTrail(undefined, 'x'), '');
});

test('q is read from the query string', () => {
  assert.equal(ui.queryParam('?q=blauwe+plekken'), 'blauwe plekken');
  assert.equal(ui.queryParam('?q=%3Cscript%3E'), '<script>');
  assert.equal(ui.queryParam(''), '');
  assert.equal(ui.queryParam('?x=1'), '');
});
