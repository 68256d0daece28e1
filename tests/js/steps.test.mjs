// The DOM-free cores of regions.js, steps.js and finder.js: region lookup, partner filters, the
// path through the step pages.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import regions from '../../themes/default/static/js/regions.js';
import steps from '../../themes/default/static/js/steps.js';
import finder from '../../themes/default/static/js/finder.js';

const REGIONS = [
  { id: 'vlaanderen', name: 'Heel Vlaanderen en Brussel', kind: 'all', parent: '', municipalities: [] },
  { id: 'oost-vlaanderen', name: 'Oost-Vlaanderen', kind: 'province', parent: '', municipalities: [] },
  { id: 'limburg', name: 'Limburg', kind: 'province', parent: '', municipalities: [] },
  {
    id: 'zov', name: 'Zuid-Oost-Vlaanderen', kind: 'subregion', parent: 'oost-vlaanderen',
    municipalities: [
      { name: 'Oudenaarde', postcodes: ['9700'] },
      { name: 'Ronse', postcodes: ['9600'] },
      { name: 'Ninove', postcodes: ['9400', '9401'] },
    ],
  },
];

test('a municipality, a postcode or a region name finds its region', () => {
  assert.deepEqual(regions.findPlace('Oudenaarde', REGIONS), { region: 'zov', municipality: 'Oudenaarde' });
  assert.deepEqual(regions.findPlace(' oudenaarde ', REGIONS), { region: 'zov', municipality: 'Oudenaarde' });
  assert.deepEqual(regions.findPlace('9401', REGIONS), { region: 'zov', municipality: 'Ninove' });
  assert.deepEqual(regions.findPlace('Limburg', REGIONS), { region: 'limburg', municipality: '' });
  assert.deepEqual(regions.findPlace('Ronsé', REGIONS), { region: 'zov', municipality: 'Ronse' });
  // A start of a name picks no region: it is offered, and the reader chooses.
  assert.equal(regions.findPlace('Oude', REGIONS), null);
  assert.deepEqual(regions.lookPlace('Oude', REGIONS), { status: 'ambiguous', candidates: ['Oudenaarde'] });
  assert.equal(regions.findPlace('Ou', REGIONS), null, 'two letters are too few to guess');
  assert.equal(regions.findPlace('9000', REGIONS), null);
  assert.equal(regions.findPlace('Gent', REGIONS), null);
  assert.equal(regions.findPlace('', REGIONS), null);
});

test('a region is served by its own partners, its parents and the Flemish ones', () => {
  assert.deepEqual([...regions.servingRegions('zov', REGIONS)].sort(), ['oost-vlaanderen', 'vlaanderen', 'zov']);
  assert.ok(regions.serves(['vlaanderen'], 'limburg', REGIONS));
  assert.ok(regions.serves(['oost-vlaanderen'], 'zov', REGIONS));
  assert.ok(!regions.serves(['zov'], 'oost-vlaanderen', REGIONS), 'a subregion partner does not serve the whole province');
  assert.ok(!regions.serves(['limburg'], 'zov', REGIONS));
  assert.ok(regions.serves(['limburg'], '', REGIONS), 'no region: every partner');
});

test('the finder filters combine; unknown ages are kept', () => {
  const vk = regions.partnerFromData({ regions: 'oost-vlaanderen', category: 'vk', steps: 'ga-na betrek-partners', ageFrom: '0', ageTo: '18', anonymous: 'ja' });
  const kg = regions.partnerFromData({ regions: 'vlaanderen', category: 'kind-en-gezin', steps: 'ga-na', ageFrom: '0', ageTo: '3', anonymous: '' });
  const caw = regions.partnerFromData({ regions: 'vlaanderen', category: 'caw', steps: '', anonymous: '' });
  const match = (p, f) => regions.matches(p, f, REGIONS);
  assert.deepEqual(caw, { regions: ['vlaanderen'], category: 'caw', steps: [], ageFrom: null, ageTo: null, anonymous: '' });
  assert.ok(match(vk, { region: 'zov', category: 'vk', step: 'ga-na', anonymous: true, age: 5 }));
  assert.ok(!match(vk, { region: 'limburg' }));
  assert.ok(!match(kg, { age: 5 }));
  assert.ok(match(kg, { age: 3 }));
  assert.ok(match(caw, { age: 5 }));
  assert.ok(!match(caw, { anonymous: true }));
  assert.ok(!match(caw, { step: 'ga-na' }));
  assert.ok(!match(kg, { category: 'vk' }));
  assert.ok(match(kg, {}));
});

test('a stored region is checked against the known regions', () => {
  assert.deepEqual(regions.parseChoice('{"region":"zov","municipality":"Ronse"}', REGIONS), { region: 'zov', municipality: 'Ronse' });
  assert.equal(regions.parseChoice('{"region":"atlantis"}', REGIONS), null);
  assert.equal(regions.parseChoice('not json', REGIONS), null);
  assert.equal(regions.parseChoice(null, REGIONS), null);
  assert.equal(regions.describe({ region: 'zov', municipality: 'Ronse' }, REGIONS), 'Ronse (Zuid-Oost-Vlaanderen)');
  assert.equal(regions.describe({ region: 'limburg', municipality: '' }, REGIONS), 'Limburg');
});

test('the path records choices, goes back to a visited step and restarts elsewhere', () => {
  let path = steps.arrive([], 'gesprek', 'In gesprek');
  assert.deepEqual(path, [{ slug: 'gesprek', label: 'In gesprek', choice: '' }]);
  path = steps.choose(path, 'Ik maak me zorgen', 'inschatting', 'Inschatting');
  path = steps.arrive(path, 'inschatting', 'Inschatting');
  path = steps.choose(path, 'Nee', 'steun', 'Ondersteunen');
  path = steps.arrive(path, 'steun', 'Ondersteunen');
  assert.equal(steps.describe(path, 'Start'), 'Start › In gesprek (Ik maak me zorgen) › Inschatting (Nee) › Ondersteunen');
  assert.equal(steps.previous(path).slug, 'inschatting');
  const back = steps.arrive(path, 'inschatting', 'Inschatting');
  assert.deepEqual(back.map((e) => e.slug), ['gesprek', 'inschatting']);
  assert.equal(back[1].choice, '', 'going back forgets the choice made there');
  assert.deepEqual(steps.arrive(path, 'elders', 'Elders'), [{ slug: 'elders', label: 'Elders', choice: '' }]);
  assert.equal(steps.previous([{ slug: 'a', label: 'A', choice: '' }]), null);
});

test('a stored path is cleaned', () => {
  assert.deepEqual(steps.parsePath('[{"slug":"a","label":"A","choice":"x"},{"slug":"../evil"},{"slug":"b"}]'), [
    { slug: 'a', label: 'A', choice: 'x' },
    { slug: 'b', label: 'b', choice: '' },
  ]);
  assert.deepEqual(steps.parsePath('{}'), []);
  assert.deepEqual(steps.parsePath('nope'), []);
});

test('the finder count and age', () => {
  const texts = { one: 'partner gevonden', many: 'partners gevonden', none: 'Geen partners.' };
  assert.equal(finder.countText(0, texts), 'Geen partners.');
  assert.equal(finder.countText(1, texts), '1 partner gevonden');
  assert.equal(finder.countText(12, texts), '12 partners gevonden');
  assert.equal(finder.parseAge('4'), 4);
  assert.equal(finder.parseAge(' 0 '), 0);
  assert.equal(finder.parseAge(''), null);
  assert.equal(finder.parseAge('-1'), null);
  assert.equal(finder.parseAge('99'), null);
  assert.equal(finder.parseAge('3.5'), null);
});
