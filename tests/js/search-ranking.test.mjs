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

// [query, expected URL (a prefix is enough for "any section of this lesson"), options]
const CASES = [
  ['blauwe plekken', 'modules/verontrusting-herkennen/signalen-bij-het-kind/#signalen-aan-het-lichaam'],
  ['ouders willen niet meewerken', 'stappen/ga-na/'],
  ['anoniem advies', 'modules/vertrouwenscentrum-kindermishandeling/advies-consult-coaching/'],
  ['wie bel ik in Oudenaarde', 'partners/zuid-oost-vlaanderen/'],
  ['mishandeling', 'modules/verontrusting-herkennen/wat-is-verontrusting/#van-een-moeilijke-periode-tot-mishandeling'],
  ['VK', 'begrippen/#vk'],
  ['VK', 'modules/vertrouwenscentrum-kindermishandeling/wat-doet-een-vk/'],
  ['vertrouwenscentrum', 'modules/vertrouwenscentrum-kindermishandeling/'],
  ['OCJ', 'partners/#ocj-'],
  ['MANO', 'modules/vertrouwenscentrum-kindermishandeling/mano/'],
  ['niet-pluisgevoel', 'modules/verontrusting-herkennen/het-niet-pluisgevoel/'],
  ['veiligheidsmensen', 'modules/herstel-de-veiligheid/netwerk-en-veiligheidsmensen/'],
  ['1 gezin 1 plan', 'modules/samenwerken-met-partners/een-gezin-een-plan-en-positieve-herorientering/'],
  ['1G1P', 'partners/#een-gezin-een-plan'],
  ['acuut gevaar', 'stappen/acuut-gevaar/'],
  ['gevaarsituatie melden', 'modules/gevaarsituaties-in-de-opvang/'],
  ['huisarts', 'modules/samenwerken-met-partners/cgg-en-huisarts/#de-huisarts'],
  ['CAW', 'partners/#caw'],
  // Abbreviation <-> expansion, both ways: the long form finds the text that says "VK".
  ['Vertrouwenscentrum Kindermishandeling', 'modules/vertrouwenscentrum-kindermishandeling/wat-doet-een-vk/'],
  ['Ondersteuningscentrum Jeugdzorg', 'begrippen/#ocj'],
  // A municipality finds the region page of its partners.
  ['Ronse', 'partners/zuid-oost-vlaanderen/'],
  ['Zottegem', 'partners/zuid-oost-vlaanderen/'],
  // Partial words while typing (the header box searches with partial: true).
  ['veiligheidsm', 'modules/herstel-de-veiligheid/netwerk-en-veiligheidsmensen/', { partial: true }],
  ['huisar', 'partners/#huisarts', { partial: true }],
  ['Oudenaa', 'partners/zuid-oost-vlaanderen/', { partial: true }],
];

for (const [query, expected, options = {}] of CASES) {
  test(`"${query}"${options.partial ? ' (typing)' : ''} has ${expected} in the top 3`, { skip }, () => {
    const top = bundled().search(query, { limit: 3, ...options }).map((r) => r.url);
    assert.ok(top.some((url) => url.startsWith(expected)), `top 3: ${top.join(', ')}`);
  });
}

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
  for (const q of ['', '   ', 'de het een', 'wie is er', '- , .']) {
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
