// Unit tests for the search core: `node --test tests/js/`.
//
// fixtures/small-index.json was serialized by elasticlunr-rs 3.1 ("du") from
// eight short documents (fields title and body), so these tests read the very
// shape the Rust builder writes. Its texts are in the index's documentStore.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import core from '../../themes/default/static/js/search-core.js';

const {
  createSearch, pipeline, snippet, stem, tokenize, trim,
} = core;

const INDEX = JSON.parse(readFileSync(new URL('./fixtures/small-index.json', import.meta.url), 'utf8'));
const SYNONYMS = {
  vk: ['vertrouwenscentrum kindermishandeling'],
  ocj: ['ondersteuningscentrum jeugdzorg'],
  caw: ['centrum algemeen welzijnswerk'],
  '1g1p': ['één gezin één plan'],
};
const search = createSearch(INDEX, { boosts: { title: 3, body: 1 }, synonyms: SYNONYMS });
const refs = (query, options) => search.search(query, options).map((r) => r.ref);

test('tokenize splits like elasticlunr-rs: Unicode whitespace and hyphens, lower case', () => {
  assert.deepEqual(tokenize('Kinder-mishandeling\u00a0en\u0085Ouders  -  VK'), [
    'kinder', 'mishandeling', 'en', 'ouders', 'vk',
  ]);
  // U+FEFF is no whitespace for Rust, so it stays inside the token.
  assert.deepEqual(tokenize('a\ufeffb'), ['a\ufeffb']);
  assert.deepEqual(tokenize(null), []);
});

test('a word longer than 64 characters is no token, as in src/search/analysis.rs', () => {
  const atBound = '\u00e9'.repeat(64);
  // 64 code points (one of them two UTF-16 units) is still a word; 65 is not.
  assert.deepEqual(tokenize(`${'a'.repeat(63)}\u{1f600} x`), [`${'a'.repeat(63)}\u{1f600}`, 'x']);
  assert.deepEqual(tokenize(`${atBound} ${atBound}e ${'b'.repeat(20000)} kind`), [atBound, 'kind']);
  assert.deepEqual(pipeline(`Kind${'x'.repeat(70)}`), []);
});

test('trim strips non-Latin characters at both ends only', () => {
  assert.equal(trim('(vk).'), 'vk');
  assert.equal(trim('1g1p'), 'g1p');
  assert.equal(trim('112'), '');
  assert.equal(trim("regio's"), "regio's");
});

test('pipeline gives the terms elasticlunr-rs indexes', () => {
  // Expected values from elasticlunr-rs 3.1 (Dutch) on the same lines.
  assert.deepEqual(pipeline('Een kind met blauwe plekken — wie bel ik in Oudenaarde?'), [
    'kind', 'blauw', 'plek', 'bel', 'oudenaard',
  ]);
  assert.deepEqual(pipeline('Het VK (Vertrouwenscentrum Kindermishandeling) en 1G1P: één gezin, één plan.'), [
    'vk', 'vertrouwenscentrum', 'kindermishandel', 'g1p', 'een', 'gezin', 'een', 'plan',
  ]);
  assert.deepEqual(pipeline("«Anoniem advies» 'baby's' regio's café-eigenaar"), [
    'anoniem', 'advies', "baby'", "regio'", 'caf', 'eigenar',
  ]);
});

test('stem agrees with rust-stemmers on words that exercise each rule', () => {
  const expected = {
    kinderen: 'kinder', mogelijkheden: 'mogelijk', vriendelijkheid: 'vriendelijk',
    zichtbare: 'zichtbar', eetbare: 'eetbar', algemene: 'algemen', gemeenten: 'gemeent',
    royaal: 'royal', koeien: 'koei', 'patiënten': 'patient', 'ideeën': 'ideeen', maan: 'man',
    beledigend: 'beled', neiging: 'neiging', heiligheid: 'heilig', gevaarlijke: 'gevar',
    lichamelijke: 'licham', prijs: 'prijs', yoghurt: 'yoghurt',
    // rust-stemmers counts the "R1 from position 3" rule in UTF-8 bytes.
    'açs': 'aç',
  };
  for (const [word, stemmed] of Object.entries(expected)) assert.equal(stem(word), stemmed, word);
});

test('a plain query ranks the title match first', () => {
  assert.equal(refs('blauwe plekken')[0], 'les-blauwe-plekken');
  const [first] = search.search('blauwe plekken');
  assert.deepEqual(first.terms, ['blauw', 'plek']);
  assert.ok(first.score > 0);
});

test('documents with all query words rank above those with some', () => {
  const found = refs('ouders advies');
  assert.equal(found[0], 'stap-ouders');
  assert.ok(found.includes('partner-vk-oost'), 'a document with only "advies" is still found');
});

test('the word being typed is completed as a prefix', () => {
  assert.deepEqual(refs('kinderm'), []);
  assert.equal(refs('kinderm', { partial: true })[0], 'les-kindermishandeling');
  assert.equal(refs('blauwe pl', { partial: true })[0], 'les-blauwe-plekken');
  // Half-way a suffix: "mishandelin" is a prefix of no term; "mishandel" is.
  const typing = refs('mishandelin', { partial: true });
  assert.ok(typing.includes('les-blauwe-plekken'), 'mishandel');
  assert.ok(typing.includes('les-kindermishandeling'), 'and its compounds');
  // A trailing space means the word is complete.
  assert.deepEqual(refs('kinderm ', { partial: true }), []);
});

test('a word also finds the compounds it ends', () => {
  const found = refs('mishandeling');
  assert.ok(found.includes('les-blauwe-plekken'), 'exact "mishandeling"');
  assert.ok(found.includes('les-kindermishandeling'), 'compound "kindermishandeling"');
  // "thuisveiligheid" stems to "thuisveil", "veiligheid" to "veilig".
  assert.deepEqual(refs('veiligheid'), ['les-veiligheid']);
  assert.deepEqual(search.search('veiligheid')[0].terms, ['thuisveil']);
});

test('abbreviations and their full names find each other', () => {
  const vk = refs('VK');
  assert.equal(vk[0], 'partner-vk-oost', 'full name in the title');
  // The terms to highlight are those of the full name.
  assert.deepEqual(search.search('VK')[0].terms, ['kindermishandel', 'vertrouwenscentrum']);
  assert.ok(vk.includes('stap-ouders'), 'the abbreviation itself');
  assert.ok(refs('Vertrouwenscentrum Kindermishandeling').includes('stap-ouders'));
  assert.equal(refs('1G1P')[0], 'les-1g1p');
  assert.equal(refs('centrum algemeen welzijnswerk')[0], 'partner-caw');
  assert.equal(refs('CAW')[0], 'partner-caw');
  assert.equal(refs('ondersteuningscentrum jeugdzorg')[0], 'woord-ocj');
});

test('empty, punctuation-only and stop-word-only queries return nothing', () => {
  for (const q of ['', '   ', '?!', '112', 'de het een', 'wie is er niet', null, undefined]) {
    assert.deepEqual(search.search(q), [], JSON.stringify(q));
    assert.deepEqual(search.search(q, { partial: true }), [], JSON.stringify(q));
  }
});

test('a 10,000-character query returns quickly', () => {
  const words = 'ouders willen niet meewerken bij kindermishandeling in oudenaarde ';
  const queries = [
    words.repeat(Math.ceil(10000 / words.length)).slice(0, 10000),
    'x'.repeat(10000),
    Array.from({ length: 2000 }, (_, i) => `woord${i}`).join(' ').slice(0, 10000),
  ];
  for (const q of queries) {
    const started = performance.now();
    const results = search.search(q, { partial: true });
    const elapsed = performance.now() - started;
    assert.ok(Array.isArray(results));
    assert.ok(elapsed < 500, `${elapsed.toFixed(1)} ms`);
  }
});

test('results are ordered by score, then ref, and respect the limit', () => {
  const results = search.search('kind gezin advies');
  for (let i = 1; i < results.length; i++) {
    const [a, b] = [results[i - 1], results[i]];
    assert.ok(a.score > b.score || (a.score === b.score && a.ref < b.ref));
  }
  assert.equal(search.search('kind gezin advies', { limit: 1 }).length, 1);
});

test('an index without documents answers with nothing', () => {
  const empty = createSearch({ fields: ['title'], index: { title: { root: { docs: {}, df: 0 } } } });
  assert.deepEqual(empty.search('kind'), []);
  assert.deepEqual(createSearch({}).search('kind'), []);
});

test('doc returns the stored fields', () => {
  assert.equal(search.doc('woord-ocj').title, 'OCJ');
  assert.equal(search.doc('nope'), null);
});

test('snippet marks the matched words, letters only, as structured parts', () => {
  const text = 'Dit is (kindermishandeling). Mishandeling <b>ook</b>.';
  const { parts, cutStart, cutEnd } = snippet(text, ['kindermishandel', 'mishandel']);
  assert.deepEqual(parts, [
    { text: 'Dit is (', hit: false },
    { text: 'kindermishandeling', hit: true },
    { text: '). ', hit: false },
    { text: 'Mishandeling', hit: true },
    { text: ' <b>ook</b>.', hit: false },
  ]);
  assert.equal(cutStart, false);
  assert.equal(cutEnd, false);
});

test('snippet picks the window with the most different matched words', () => {
  const filler = 'Lorem ipsum dolor sit amet. '.repeat(20);
  const text = `${filler}Een kind met blauwe plekken. ${filler}Nog een kind. ${filler}`;
  const { parts, cutStart, cutEnd } = snippet(text, ['blauw', 'plek', 'kind'], { length: 80 });
  const hits = parts.filter((p) => p.hit).map((p) => p.text);
  assert.deepEqual(hits, ['kind', 'blauwe', 'plekken']);
  assert.ok(cutStart && cutEnd);
  const shown = parts.map((p) => p.text).join('');
  assert.ok(shown.length <= 80, shown);
  assert.doesNotMatch(shown, /^\s|\s$/);
});

test('snippet without matches shows the start of the text', () => {
  const { parts, cutEnd } = snippet('Een korte tekst\nover   niets.', ['kind']);
  assert.deepEqual(parts, [{ text: 'Een korte tekst over niets.', hit: false }]);
  assert.equal(cutEnd, false);
  assert.deepEqual(snippet('', ['kind']).parts, []);
});
