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

// The place result uses regions.js's own resolver on the finder's region data (one source).
import regions from '../../themes/default/static/js/regions.js';

const PLACES = [
  { id: 'vlaanderen', name: 'Vlaanderen', kind: 'all', municipalities: [] },
  { id: 'oost-vlaanderen', name: 'Oost-Vlaanderen', kind: 'province', municipalities: [{ name: 'Gent', postcodes: ['9000', '9030'] }] },
  { id: 'zov', name: 'Zuid-Oost', kind: 'subregion', parent: 'oost-vlaanderen', municipalities: [{ name: 'Sint-Lievens-Houtem', postcodes: ['9520'] }, { name: 'Ronse', postcodes: ['9600'] }] },
];
const TEXTS = { place: 'Partners in {place}', placeCrumb: 'Partners in je regio' };

test('a town, a postcode or a question ending in one gives its region first', () => {
  const gent = ui.placeResult('gent', regions, PLACES, TEXTS);
  assert.deepEqual(
    { url: gent.url, title: gent.title, kind: gent.kind },
    { url: 'partners/oost-vlaanderen/', title: 'Partners in Gent (Oost-Vlaanderen)', kind: 'place' },
  );
  assert.equal(ui.placeResult('9030', regions, PLACES, TEXTS).title, 'Partners in Gent (Oost-Vlaanderen)');
  assert.equal(ui.placeResult('wie bel ik in Ronse?', regions, PLACES, TEXTS).url, 'partners/zov/');
  assert.equal(ui.placeResult('partners in sint-lievens-houtem', regions, PLACES, TEXTS).title, 'Partners in Sint-Lievens-Houtem (Zuid-Oost)');
  assert.equal(ui.placeResult('Oost-Vlaanderen', regions, PLACES, TEXTS).title, 'Partners in Oost-Vlaanderen');
  // A start of a name picks no region, even when one place fits: it may be another place's name.
  assert.equal(ui.placeResult('Ron', regions, PLACES, TEXTS), null);
  assert.equal(ui.placeResult('wie bel ik in Ron', regions, PLACES, TEXTS), null);
  assert.equal(ui.placeResult('blauwe plekken', regions, PLACES, TEXTS), null);
  assert.equal(ui.placeResult('1234', regions, PLACES, TEXTS), null);
  assert.equal(ui.placeResult('gent', null, null, TEXTS), null, 'no region data: no place result');
});

test('a postcode or a name outside the regions says so, in the finder\'s words, and links to the finder', () => {
  const outside = [{ id: 'wallonie', name: 'Wallonië', ranges: [[4000, 7999]], names: ['Namen', 'Luik'] }];
  const texts = { ...TEXTS, outsideIn: 'Dit ligt in', outsideHelp: 'Deze site toont de Vlaamse diensten.' };
  for (const query of ['5000', 'Namen', 'partners in Luik']) {
    const r = ui.placeResult(query, regions, PLACES, texts, outside);
    assert.deepEqual({ url: r.url, title: r.title, text: r.text, kind: r.kind }, { url: 'partners/', title: 'Dit ligt in Wallonië', text: 'Deze site toont de Vlaamse diensten.', kind: 'place' }, query);
  }
  assert.equal(ui.placeResult('9000', regions, PLACES, texts, outside).url, 'partners/oost-vlaanderen/');
});

test('a whole other name or part of a municipality counts in a question, its start does not', () => {
  const places = [{ id: 'brussel', name: 'Brussel', kind: 'province', municipalities: [{ name: 'Schaarbeek', also: ['Schaerbeek'] }, { name: 'Elsene', parts: ['Ter Kameren'] }] }];
  assert.equal(ui.placeResult('wie bel ik in Schaerbeek', regions, places, TEXTS).title, 'Partners in Schaarbeek (Brussel)');
  assert.equal(ui.placeResult('hulp in Ter Kameren', regions, places, TEXTS).url, 'partners/brussel/');
  assert.equal(ui.placeResult('wie bel ik in Schaer', regions, places, TEXTS), null);
});

test('the place result comes first and is not repeated', () => {
  const place = { url: 'partners/zov/', kind: 'place' };
  const found = [{ url: 'a/' }, { doc: { url: 'partners/zov/' } }, { url: 'b/' }];
  assert.deepEqual(ui.compose(place, found), [place, { url: 'a/' }, { url: 'b/' }]);
  assert.deepEqual(ui.compose(null, found), found);
});

test('a Walloon name that is also a word of the content ("Namen", "Lessen") is no place result', () => {
  const outside = [{ id: 'wallonie', name: 'Wallonië', names: ['Namen', 'Namur', 'Lessen'], ranges: [[4000, 7999]] }];
  const withOutside = ui.placeResult('Namur', regions, PLACES, TEXTS, outside, 'Namen, Lessen');
  assert.equal(withOutside && withOutside.url, 'partners/', 'a name the content does not use still answers');
  assert.equal(ui.placeResult('namen', regions, PLACES, TEXTS, outside, 'Namen, Lessen'), null);
  assert.equal(ui.placeResult('lessen', regions, PLACES, TEXTS, outside, 'Namen, Lessen'), null);
  assert.equal(ui.placeResult('5000', regions, PLACES, TEXTS, outside, 'Namen, Lessen').url, 'partners/');
});
