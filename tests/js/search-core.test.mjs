// Unit tests for the search core and engine: `node --test tests/js/`.
//
// fixtures/small-index.json holds eight short documents (in its documentStore); index() below
// writes them as the shards of src/search/shards.rs (the same pipeline, search-core.js's, the
// same encoding, one file of each kind), read by search-shards.js, so these tests read the shape
// the Rust builder writes.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import core from '../../themes/default/static/js/search-core.js';
import engines from '../../themes/default/static/js/search-engine.js';
import shards from '../../themes/default/static/js/search-shards.js';

const { pipeline, snippet, stem, tokenize, trim } = core;
const { createEngine, editDistance } = engines;

const LAST = '0123456789abcdefghijklmnopqrstuv';
const MORE = 'ABCDEFGHIJKLMNOPQRSTUVWXYZwxyz_-';
function number(n) {
  const digits = [];
  do {
    digits.unshift(n & 31);
    n >>= 5;
  } while (n > 0);
  return digits.map((d, i) => (i === digits.length - 1 ? LAST : MORE)[d]).join('');
}

const reverse = (t) => Array.from(t).reverse().join('');

/**
 * Documents [{ ref, title, body, kind? }] -> the manifest and shard files of shards.rs (fields
 * title and body; a document's URL is its ref). No postings inline: every term's are in the
 * postings file, each posting with its document's field length.
 */
function index(docs) {
  const fields = ['title', 'body'];
  const postings = new Map();
  const lengths = fields.map(() => []);
  docs.forEach((d, i) => {
    fields.forEach((f, k) => {
      const terms = pipeline(d[f] || '');
      lengths[k].push(terms.length);
      for (const t of terms) {
        if (!postings.has(t)) postings.set(t, fields.map(() => new Map()));
        const m = postings.get(t)[k];
        m.set(i, (m.get(i) || 0) + 1);
      }
    });
  });
  const terms = [...postings.keys()].sort();
  const encode = (m, k) => {
    let out = '';
    let next = 0;
    for (const [doc, count] of [...m].sort((a, b) => a[0] - b[0])) {
      out += number((doc - next) * 2 + (count > 1 ? 1 : 0)) + (count > 1 ? number(count - 2) : '') + number(lengths[k][doc]);
      next = doc + 1;
    }
    return out;
  };
  const df = (t) => postings.get(t).reduce((n, m) => n + m.size, 0);
  const ends = [...terms].sort((a, b) => (reverse(a) < reverse(b) ? -1 : reverse(a) > reverse(b) ? 1 : 0));
  const termsFile = (list, key) => ({ terms: list.map(key).join(' '), df: list.map((t) => number(df(t))).join(''), inline: list.map(() => '!0').join(';') });
  const files = {
    'terms/0': termsFile(terms, (t) => t),
    'ends/0': termsFile(ends, reverse),
    'postings/0': { terms: terms.join(' '), postings: terms.map((t) => postings.get(t).map(encode)) },
    'docs/0': docs.map((d) => ({ url: d.ref, title: d.title, crumb: d.title, kind: d.kind || 'section', text: d.body || '' })),
  };
  const kinds = [];
  for (const d of docs) {
    const kind = d.kind || '';
    if (kinds.length > 0 && kinds[kinds.length - 1][0] === kind) kinds[kinds.length - 1][1] += 1;
    else kinds.push([kind, 1]);
  }
  const mean = (l) => (l.length ? Math.round((l.reduce((a, b) => a + b, 0) / l.length) * 100) / 100 : 0);
  const manifest = {
    fields,
    docs: docs.length,
    terms: terms.length,
    termFiles: [''],
    endFiles: [''],
    titleLengths: docs.map((d, i) => (d.kind ? number(lengths[0][i]) : '')).join(''),
    docFiles: [[docs.length, Math.max(1, docs.length)]],
    averageLengths: lengths.map(mean),
    kinds,
  };
  return { manifest, files };
}

/** An engine over the shards of `docs`, loaded as the Node CLI loads them: at once. */
function createSearch(docs, options = {}) {
  const { manifest, files } = index(docs);
  const source = shards.createShardSource(manifest, {
    load(name) {
      if (files[name] !== undefined) source.add(name, files[name]);
    },
  });
  const engine = createEngine(source, options);
  // What results show, at hand for doc(ref).
  engine.loadDocs(docs.map((_, i) => String(i)));
  return engine;
}

const FIXTURE = JSON.parse(readFileSync(new URL('./fixtures/small-index.json', import.meta.url), 'utf8'));
const DOCS = Object.entries(FIXTURE.documentStore.docs).map(([ref, d]) => ({ ref, title: d.title, body: d.body ?? d.text ?? '' }));
const SYNONYMS = {
  vk: ['vertrouwenscentrum kindermishandeling'],
  ocj: ['ondersteuningscentrum jeugdzorg'],
  caw: ['centrum algemeen welzijnswerk'],
  '1g1p': ['één gezin één plan'],
};
const search = createSearch((DOCS), { boosts: { title: 3, body: 1 }, synonyms: SYNONYMS });
const refs = (query, options) => search.search(query, options).map((r) => search.doc(r.ref).url);

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
  // Digits stay: postcodes, 1712, 1G1P.
  assert.equal(trim('1g1p'), '1g1p');
  assert.equal(trim('112'), '112');
  assert.equal(trim('(9000).'), '9000');
  assert.equal(trim("regio's"), "regio's");
});

test('pipeline gives the terms the index holds', () => {
  // Question words and negations stay (they are weighed, not dropped); articles go.
  assert.deepEqual(pipeline('Een kind met blauwe plekken — wie bel ik in Oudenaarde?'), [
    'kind', 'blauw', 'plek', 'wie', 'bel', 'ik', 'oudenaard',
  ]);
  assert.deepEqual(pipeline('Het VK (Vertrouwenscentrum Kindermishandeling) en 1G1P: één gezin, één plan.'), [
    'vk', 'vertrouwenscentrum', 'kindermishandel', '1g1p', 'een', 'gezin', 'een', 'plan',
  ]);
  assert.deepEqual(pipeline('De ouders willen niet meewerken in 9000 Gent'), ['ouder', 'will', 'niet', 'meewerk', '9000', 'gent']);
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

test('beside other words, a word being typed keeps only the completions that go on from it', () => {
  const docs = [
    { ref: 'careful', title: 'Zorgvuldig werken', body: 'Werk zorgvuldig.' },
    { ref: 'worries', title: 'Gesprek over zorgen', body: 'Een gesprek over je zorgen.' },
    { ref: 'talk', title: 'Gesprek', body: 'Een gesprek.' },
  ];
  const search = createSearch(docs);
  const found = (q) => search.search(q, { partial: true }).map((r) => docs[Number(r.ref)].ref);
  // "zorgen" is stemmed to "zorg", whose completion "zorgvuld" cannot be the word being typed.
  assert.ok(!found('gesprek zorgen').includes('careful'), 'no "zorgvuldig" beside "gesprek"');
  assert.equal(found('gesprek zorgen')[0], 'worries');
  // Alone, the word keeps every completion of its stem (what else would it find?).
  assert.ok(found('zorgen').includes('careful'));
  // One that goes on from what was typed stays beside other words.
  assert.ok(found('gesprek zorgv').includes('careful'));
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
  for (const q of ['', '   ', '?!', 'de het een', 'van de', null, undefined]) {
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
  const empty = createSearch([]);
  assert.deepEqual(empty.search('kind'), []);
  assert.deepEqual(empty.search('kind', { partial: true }), []);
});

test('doc returns the stored fields', () => {
  const ocj = search.search('ondersteuningscentrum jeugdzorg')[0];
  assert.equal(search.doc(ocj.ref).title, 'OCJ');
  assert.equal(search.doc('nope'), null);
});

test('edit distance counts a swap of two letters as one edit and stops past the bound', () => {
  const d = (a, b, max = 2) => editDistance(Array.from(a), Array.from(b), max);
  assert.equal(d('plekken', 'plekken'), 0);
  assert.equal(d('plekkn', 'plekken'), 1);
  assert.equal(d('plekekn', 'plekken'), 1);
  assert.equal(d('bluw', 'blauw'), 1);
  assert.equal(d('kind', 'ouders'), 3);
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

test('snippet marks the words of the language set last, not of the one before', () => {
  const hits = (text, terms) => snippet(text, terms).parts.filter((p) => p.hit).map((p) => p.text);
  try {
    assert.deepEqual(hits('De katten slapen.', ['kat']), ['katten'], 'Dutch stems "katten" to "kat"');
    core.setLanguage({ stopWords: [], stems: { katten: 'katten' }, same: [] });
    assert.deepEqual(hits('De katten slapen.', ['kat']), []);
    assert.deepEqual(hits('De katten slapen.', ['katten']), ['katten']);
  } finally {
    core.setLanguage(null);
  }
  assert.deepEqual(hits('De katten slapen.', ['kat']), ['katten']);
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

// ------------------------------------------------------------------ ranking behaviour

const RANKED = [
  { ref: 'veel-ouders', title: 'Ouders', body: 'Ouders, ouders en nog eens ouders. Ouders van een kind.' },
  { ref: 'inlichten', title: 'De ouders inlichten', body: 'Wanneer licht je de ouders in? Ouders inlichten vraagt moed.' },
  { ref: 'vragen', title: 'Wat moet ik vragen', body: 'Wat moet ik vragen? Wat moet ik zeggen? Wat moet ik doen met ik en wat?' },
  { ref: 'weigeren', title: 'Als ouders niet meewerken', body: 'Sommige ouders werken niet mee of weigeren hulp.' },
  { ref: 'meewerken', title: 'Meewerken', body: 'Ouders meewerken, samen meewerken, altijd meewerken.' },
  { ref: 'stap', title: 'Ga na', body: 'Bespreek de situatie met het team.', kind: 'step' },
  ...Array.from({ length: 20 }, (_, i) => ({ ref: `vulling-${i}`, title: `Les ${i}`, body: 'Een kind in de opvang. De ouders komen het kind halen.' })),
];
const ranking = createSearch((RANKED), {
  boosts: { title: 3, body: 1 },
  questionWords: 'wat wie hoe moet kan ik',
  intents: [{ words: 'doen', kinds: ['step'], answers: ['step'] }],
});
const top = (q) => ranking.search(q, { limit: 5 }).map((r) => ranking.doc(r.ref).url);

test('a rare query word outweighs a common one found many times', () => {
  assert.equal(top('ouders inlichten')[0], 'inlichten');
});

test('question words weigh little: the content word decides', () => {
  assert.equal(top('wat moet ik met ouders die niet meewerken')[0], 'weigeren');
  assert.notEqual(top('moet ik de ouders inlichten')[0], 'vragen');
});

test('a negation stays in the query', () => {
  const found = top('niet meewerken');
  assert.equal(found[0], 'weigeren', found.join());
});

test('a question with an intent word reaches the documents that answer it', () => {
  assert.equal(top('wat moet ik doen')[0], 'stap');
  // Without a question word, "doen" is a plain word.
  assert.notEqual(top('doen')[0], 'stap');
});

test('a word one letter off is found, at a lower weight than the word', () => {
  assert.equal(top('inlichtn')[0], 'inlichten');
  assert.deepEqual(ranking.suggest('meewrken'), ['meewerk']);
  assert.deepEqual(ranking.suggest('ouders'), []);
});

// A rare word once in a long text, the other words there too, against a title
// that holds the other words: the title answers, the passing mention does not.
const LONG = 'Een kind in de opvang speelt en eet en slaapt en lacht. '.repeat(5);
const COVER = createSearch(([
  { ref: 'titel', title: 'Ga in gesprek met de ouders', body: `Praat met de ouders over hun kind. ${LONG}` },
  { ref: 'terloops', title: 'Het overzicht', body: `${LONG} Begin bij een gesprek. Het gesprek met de ouders, de ouders.` },
  { ref: 'afkorting', title: 'VK', body: 'Het Vertrouwenscentrum Kindermishandeling helpt bij zorgen om een kind.' },
  { ref: 'les-vk', title: 'Wat doet een Vertrouwenscentrum Kindermishandeling', body: 'Het VK helpt. Het vertrouwenscentrum kindermishandeling luistert.' },
  { ref: 'vk-partner', title: 'Vertrouwenscentrum Kindermishandeling Gent', body: 'Het VK van Gent.' },
  ...Array.from({ length: 20 }, (_, i) => ({ ref: `vulling-${i}`, title: `Les ${i}`, body: `Een kind in de opvang. De ouders komen het kind halen.${i < 3 ? ' Een gesprek.' : ''}${i < 8 ? ' Bel het VK.' : ''}` })),
]), { boosts: { title: 3, body: 1 }, questionWords: 'hoe ik', synonyms: { vk: ['vertrouwenscentrum kindermishandeling'] } });
const covering = (q) => COVER.search(q, { limit: 5 }).map((r) => COVER.doc(r.ref).url);

test('a passing mention of a rare word covers it only partly', () => {
  const found = covering('hoe begin ik het gesprek met de ouders');
  assert.ok(found.indexOf('titel') < found.indexOf('terloops'), found.join());
});

// "VK" is in many texts, its full name in few: both name one thing, and the
// entry titled "VK" is what either asks for.
test('a result whose whole title the query names comes first: an abbreviation finds its entry', () => {
  assert.equal(covering('VK')[0], 'afkorting');
  assert.equal(covering('vertrouwenscentrum kindermishandeling')[1], 'les-vk');
});

test('unmatched gives the query words that may name a place the index does not know', () => {
  assert.deepEqual(COVER.unmatched('gesprek in Wilrijk'), ['wilrijk']);
  assert.deepEqual(COVER.unmatched('gesprek met de oud', { partial: true }), [], 'the start of a term');
  assert.deepEqual(COVER.unmatched('gesprek o', { partial: true }), [], 'a word of one letter being typed is no word yet');
  assert.deepEqual(COVER.unmatched('gesprekk'), ['gesprekk'], 'a near spelling may be a town');
  assert.deepEqual(COVER.unmatched('oudenaa', { partial: true }), ['oudenaa'], 'a shortened start ("oude…") does not count');
  const withPlaces = createSearch((DOCS), { placeWords: 'Peer, Ouders' });
  assert.deepEqual(withPlaces.unmatched('ouders'), ['ouder'], 'a place name the content uses');
});
