// Ranking on the real content: what a worried professional types must lead to the right page.
// Builds the bundled site with the release binary (as the browser tests do) and searches it
// with tests/search-cli.mjs, i.e. the site's own js/search-core.js and zoeken/index.js.
//
// Skipped (not failed) when the binary is missing, so `node --test tests/js/` still runs the
// pure tests before a release build; tests/run.sh builds it before the browser tests and runs
// this file again there.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadSite } from '../search-cli.mjs';

const REPO = resolve(fileURLToPath(import.meta.url), '../../..');
const BIN = process.env.LEERPAD_BIN || join(process.env.CARGO_TARGET_DIR || join(REPO, 'target'), 'release/leerpad');
const skip = existsSync(BIN) ? false : `${BIN} is missing (cargo build --release)`;

let site = null;
function bundled() {
  if (!site) {
    const out = join(REPO, 'target', 'search-ranking-site');
    rmSync(out, { recursive: true, force: true });
    mkdirSync(join(REPO, 'target'), { recursive: true });
    const run = spawnSync(BIN, ['build', '--root', REPO, '--out', out], { encoding: 'utf8' });
    if (run.status !== 0) throw new Error(`leerpad build failed:\n${run.stdout}\n${run.stderr}`);
    site = loadSite(out);
  }
  return site;
}

// [query, expected URL (a prefix is enough for "any section of this lesson"), options]. Written
// as a worried professional types them; searched as the popup and the search page both search
// (site.results: the place result of regions.js first, then the ranked documents, the last
// word completed while typing).
const STEPS = 'stappen/';
const ZOV = 'partners/zuid-oost-vlaanderen/';
const VK = 'modules/vertrouwenscentrum-kindermishandeling/';
const TELLS = 'modules/verontrusting-herkennen/als-een-kind-iets-vertelt/';
const NOTES = 'modules/verontrusting-herkennen/noteren/';
const SECRECY = 'modules/het-stappenplan/beroepsgeheim-en-meldrecht/';
const CASES = [
  // Questions: what to do, whom to call.
  ['wat moet ik doen', STEPS],
  ['wat doe ik nu', STEPS],
  ['hoe pak ik het aan', STEPS],
  ['wie bel ik', 'partners/'],
  ['wie kan ik bellen', 'partners/'],
  ['met wie overleg ik', 'modules/verontrusting-herkennen/overleg-voor-je-oordeelt/'],
  ['kan ik anoniem bellen', 'modules/'],
  ['wanneer bel ik 112', 'partners/#noodnummer-112'],
  ['wat doet het vk', `${VK}wat-doet-een-vk/`],
  ['hoe meld ik bij het vk', `${VK}melden-bij-het-vk/`],
  ['wat schrijf ik op', 'modules/'],
  ['hoe begin ik het gesprek met de ouders', 'stappen/ga-in-gesprek/'],
  ['ik heb een niet-pluisgevoel', 'modules/verontrusting-herkennen/het-niet-pluisgevoel/'],
  ['kind in gevaar wat nu', 'stappen/acuut-gevaar/'],
  ['waar begin ik', 'stappen/begin/'],
  ['waar sta ik', 'stappen/begin/'],
  ['ik maak me nu zorgen wat nu', 'stappen/maak-een-inschatting/'],
  ['ik heb geen zorgen meer', 'stappen/blijf-alert/'],
  ['een kind vertelt me iets', TELLS],
  ['kind vertelt iets over thuis wat moet ik doen', TELLS],
  ['kind wil dat ik het geheim hou', `${TELLS}#beloof-geen-geheim`],
  ['de woorden van het kind opschrijven', `${TELLS}#schrijf-de-woorden-van-het-kind-op`],
  ['wat noteer ik', NOTES],
  ['feiten of besluiten', `${NOTES}#feiten-geen-besluiten`],
  ['mag ik dit aan een collega vertellen', SECRECY],
  ['met wie mag ik praten over een gezin', `${SECRECY}#met-wie-mag-je-wel-praten`],
  ['wanneer mag ik mijn beroepsgeheim doorbreken', SECRECY],
  ['ik twijfel', `${SECRECY}#twijfel-je`],
  // Negations: a stop word must not turn the query into its opposite.
  ['moet ik de ouders inlichten', 'modules/het-stappenplan/drie-wegen/#eerlijk-naar-de-ouders'],
  ['ouders willen niet meewerken', 'stappen/ga-na/'],
  ['de ouders werken niet mee', 'stappen/ga-na/'],
  ['niet meewerken', 'stappen/ga-na/'],
  ['ouder weigert hulp', `${VK}mano/`],
  ['iets klopt niet', 'modules/verontrusting-herkennen/het-niet-pluisgevoel/'],
  // Topics.
  ['blauwe plekken', 'modules/verontrusting-herkennen/signalen-bij-het-kind/#signalen-aan-het-lichaam'],
  ['kind heeft blauwe plekken', 'modules/verontrusting-herkennen/signalen-bij-het-kind/'],
  ['anoniem advies', `${VK}advies-consult-coaching/`],
  ['anoniem advies vragen', `${VK}advies-consult-coaching/`],
  ['mishandeling', 'modules/verontrusting-herkennen/wat-is-verontrusting/#van-een-moeilijke-periode-tot-mishandeling'],
  ['niet-pluisgevoel', 'modules/verontrusting-herkennen/het-niet-pluisgevoel/'],
  ['veiligheidsmensen', 'modules/herstel-de-veiligheid/netwerk-en-veiligheidsmensen/'],
  ['veiligheid herstellen', 'stappen/herstel-de-veiligheid/'],
  ['netwerk van het gezin', 'modules/herstel-de-veiligheid/netwerk-en-veiligheidsmensen/'],
  ['acuut gevaar', 'stappen/acuut-gevaar/'],
  ['gevaarsituatie melden', 'modules/gevaarsituaties-in-de-opvang/'],
  ['gevaarsituatie in de opvang', 'modules/gevaarsituaties-in-de-opvang/'],
  ['collega mishandelt kind', 'modules/gevaarsituaties-in-de-opvang/'],
  ['signalen bij ouders', 'modules/verontrusting-herkennen/signalen-bij-ouder-en-kind/'],
  ['gesprek met ouders', 'stappen/ga-in-gesprek/'],
  ['dossier bijhouden', 'modules/herstel-de-veiligheid/grenzen-en-dossier/'],
  ['beschermende factoren', 'modules/verontrusting-herkennen/risico-en-beschermende-factoren/'],
  ['risicofactoren', 'modules/verontrusting-herkennen/risico-en-beschermende-factoren/'],
  ['huisarts', 'modules/samenwerken-met-partners/cgg-en-huisarts/#de-huisarts'],
  ['politie bellen', 'stappen/betrek-parket-politie/'],
  ['hulplijn', 'partners/#hulplijn-1712'],
  ['als een kind iets vertelt', TELLS],
  ['noteren', NOTES],
  ['beroepsgeheim', SECRECY],
  ['beroepsgeheim en meldrecht', SECRECY],
  ['meldrecht', 'begrippen/#meldrecht'],
  ['discretie', SECRECY],
  // Abbreviations and their full names, both ways.
  ['VK', 'begrippen/#vk'],
  ['VK', `${VK}wat-doet-een-vk/`],
  ['vertrouwenscentrum', VK],
  ['Vertrouwenscentrum Kindermishandeling', `${VK}wat-doet-een-vk/`],
  ['OCJ', 'partners/#ocj-'],
  ['Ondersteuningscentrum Jeugdzorg', 'begrippen/#ocj'],
  ['CAW', 'partners/#caw'],
  ['CGG', 'modules/samenwerken-met-partners/cgg-en-huisarts/'],
  ['MANO', `${VK}mano/`],
  ['1G1P', 'partners/#een-gezin-een-plan'],
  ['CLB', 'begrippen/#clb'],
  ['CKG', 'begrippen/#ckg'],
  ['RTJ', 'begrippen/#rtj'],
  ['1 gezin 1 plan', 'modules/samenwerken-met-partners/een-gezin-een-plan-en-positieve-herorientering/'],
  ['een gezin een plan', 'modules/samenwerken-met-partners/een-gezin-een-plan-en-positieve-herorientering/'],
  // Numbers and postcodes: digits are indexed.
  ['1712', 'partners/#hulplijn-1712'],
  ['9600', ZOV],
  ['9700', ZOV],
  ['postcode 9620', ZOV],
  // Places: a municipality, "partners in …", a question that ends in a place.
  ['Ronse', ZOV],
  ['zottegem', ZOV],
  ['wie bel ik in Oudenaarde', ZOV],
  ['partners in ronse', ZOV],
  ['hulp in Geraardsbergen', ZOV],
  ['Limburg', 'partners/limburg/'],
  // Every municipality of places.yaml, by name, other name, part or postcode.
  ['gent', 'partners/oost-vlaanderen/'],
  ['hasselt', 'partners/limburg/'],
  ['9000', 'partners/oost-vlaanderen/'],
  ['brugge', 'partners/west-vlaanderen/'],
  ['leuven', 'partners/vlaams-brabant/'],
  ['antwerpen', 'partners/antwerpen/'],
  ['brussel', 'partners/brussel/'],
  ['schaerbeek', 'partners/brussel/'],
  ['schaarbeek', 'partners/brussel/'],
  ['Elsene', 'partners/brussel/'],
  ['partners in genk', 'partners/limburg/'],
  ['8500', 'partners/west-vlaanderen/'],
  ['3000', 'partners/vlaams-brabant/'],
  ['2000', 'partners/antwerpen/'],
  ['1000', 'partners/brussel/'],
  ['kortrijk', 'partners/west-vlaanderen/'],
  ['Tongeren', 'partners/limburg/'],
  ['Wilrijk', 'partners/antwerpen/'],
  ['wie bel ik in Mechelen', 'partners/antwerpen/'],
  ['hulp in Brugge', 'partners/west-vlaanderen/'],
  ['partners in Sint-Niklaas', 'partners/oost-vlaanderen/'],
  ['Peer', 'partners/limburg/'],
  // Misspellings.
  ['kindermishandling', VK],
  ['vetrouwenscentrum', VK],
  ['blauwe plekkn', 'modules/verontrusting-herkennen/signalen-bij-het-kind/'],
  ['veiligheidsmensn', 'modules/herstel-de-veiligheid/netwerk-en-veiligheidsmensen/'],
  ['verontrustig', 'modules/verontrusting-herkennen/'],
  // Partial words while typing.
  ['veiligheidsm', 'modules/herstel-de-veiligheid/netwerk-en-veiligheidsmensen/', { partial: true }],
  ['huisar', 'partners/#huisarts', { partial: true }],
  ['beroepsgeh', SECRECY, { partial: true }],
  ['noter', NOTES, { partial: true }],
  ['Oudenaa', ZOV, { partial: true }],
];

test('at least 60 ranking queries', () => assert.ok(CASES.length >= 60, String(CASES.length)));

for (const [query, expected, options = {}] of CASES) {
  test(`"${query}"${options.partial ? ' (typing)' : ''} has ${expected} in the top 3`, { skip }, () => {
    const top = bundled().results(query, { limit: 3, partial: true, ...options }).slice(0, 3).map((r) => r.url);
    assert.ok(top.some((url) => url.startsWith(expected)), `top 3: ${top.join(', ')}`);
  });
}

test('a place query puts "Partners in …" with its region first', { skip }, () => {
  const [first] = bundled().results('9600');
  assert.equal(first.kind, 'place');
  assert.equal(first.title, 'Partners in Ronse (Zuid-Oost-Vlaanderen)');
  assert.equal(first.url, ZOV);
  for (const [query, title] of [['gent', 'Partners in Gent (Oost-Vlaanderen)'], ['hasselt', 'Partners in Hasselt (Limburg)'], ['Ixelles', 'Partners in Elsene (Brussel)']]) {
    const [place] = bundled().results(query);
    assert.deepEqual([place.kind, place.title], ['place', title], query);
  }
  // A word that only starts a place name is no place in a longer query.
  assert.notEqual(bundled().results('wat moet ik doen bij ouders')[0]?.kind, 'place');
});

test('every glossary term, typed as the glossary writes it, has its entry in the top 3', { skip }, () => {
  const s = bundled();
  const terms = [];
  const refs = Array.from({ length: s.engine.source.docCount }, (_, ref) => String(ref));
  // The stored documents come in shards: all of them, for the list of terms.
  s.engine.loadDocs(refs);
  for (const ref of refs) {
    const doc = s.engine.doc(ref);
    if (doc.kind === 'term') terms.push(doc);
  }
  assert.ok(terms.length >= 20, String(terms.length));
  const missed = terms.filter((t) => !s.results(t.title, { limit: 3 }).slice(0, 3).some((r) => r.url === t.url));
  assert.deepEqual(missed.map((t) => t.title), []);
});

test('a Walloon postcode or town claims no Flemish region: the finder\'s words for Wallonia', { skip }, () => {
  for (const query of ['5000', '4000', 'Namur', 'partners in Luik']) {
    const [first] = bundled().results(query);
    assert.deepEqual([first.kind, first.url, first.title], ['place', 'partners/', 'Dit ligt in Wallonië'], query);
  }
  // Walloon names that are also words of the content mean the word: "lessen" are lessons.
  for (const query of ['lessen', 'namen']) {
    const [first] = bundled().results(query);
    assert.notEqual(first && first.kind, 'place', query);
  }
});

test('a word the index lacks gets "did you mean" suggestions from its vocabulary', { skip }, () => {
  const s = bundled();
  assert.deepEqual(s.search('xyzzyqw'), []);
  assert.ok(s.engine.suggest('bluwe plekken').includes('blauw plek'));
  assert.ok(s.engine.suggest('kindermishandelingg').length > 0);
  assert.deepEqual(s.engine.suggest('blauwe plekken'), [], 'nothing to correct');
});

test('a compound: "mishandeling" also finds texts that only say "kindermishandeling"', { skip }, () => {
  const s = bundled();
  const found = s.search('mishandeling', { limit: 100 });
  const compoundOnly = found.filter((r) => r.terms.includes('kindermishandel') && !r.terms.includes('mishandel'));
  assert.ok(compoundOnly.length > 0, 'some results match only through the compound');
  // And the other way round: the compound itself is found.
  assert.ok(s.search('kindermishandeling', { limit: 3 }).length === 3);
});

test('an empty query and stop words only return nothing', { skip }, () => {
  const s = bundled();
  for (const q of ['', '   ', 'de het een', 'de van het', '- , .']) {
    assert.deepEqual(s.search(q), [], JSON.stringify(q));
    assert.deepEqual(s.search(q, { partial: true }), [], JSON.stringify(q));
  }
});

test('a query of 10,000 characters returns quickly without error', { skip }, () => {
  const s = bundled();
  const words = ['kind', 'ouders', 'blauwe', 'plekken', 'veiligheid', 'VK', 'de', 'mishandeling'];
  let q = '';
  for (let i = 0; q.length < 10000; i++) q += `${words[i % words.length]}${i} ${words[(i * 7) % words.length]} `;
  q = q.slice(0, 10000);
  const start = performance.now();
  const results = s.search(q, { partial: true });
  const ms = performance.now() - start;
  assert.ok(Array.isArray(results));
  assert.ok(ms < 500, `took ${ms.toFixed(1)} ms`);
  assert.ok(s.search('x'.repeat(10000)).length === 0);
});

test('the command line prints URL<TAB>TITLE lines', { skip }, () => {
  bundled();
  const run = spawnSync(process.execPath, [join(REPO, 'tests/search-cli.mjs'), join(REPO, 'target', 'search-ranking-site'), 'MANO'], { encoding: 'utf8' });
  assert.equal(run.status, 0, run.stderr);
  const lines = run.stdout.trim().split('\n');
  assert.ok(lines.length >= 3);
  for (const line of lines) assert.match(line, /^[^\t]*\t[^\t]+$/);
  assert.match(lines[0], /^begrippen\/#mano\tMANO$|^modules\//);
});
