// leerpad partner finder (a classic script, so it also runs from file://): filters the partner
// cards of /partners/ as the reader types or chooses.
//
// Owns: the finder form's behaviour and the announced result count (countText: DOM-free, tested
// by node). The filter rules themselves live in regions.js (LeerpadRegions.matches).
// Does not: keep the region itself (regions.js stores the one choice; the finder sets and follows
// it) or hold Dutch text (data- attributes do).
//
// HTML contract (partners.html): article[data-finder][data-count-one|many|none] >
// form[data-finder-form][hidden] with #finder-place, #finder-place-result, #finder-region,
// #finder-category, #finder-age, #finder-step, #finder-anonymous; [data-finder-count];
// section[data-group] > .partner-card[data-regions][data-category][data-steps][data-age-from]
// [data-age-to][data-anonymous].

(function (global) {
  'use strict';

  /** "1 partner gevonden", "12 partners gevonden" or the text for none. */
  function countText(count, texts) {
    if (count === 0) return texts.none;
    return count === 1 ? `1 ${texts.one}` : `${count} ${texts.many}`;
  }

  /** The age filter from the input's text: a whole number 0–25, or null. */
  function parseAge(text) {
    const value = String(text || '').trim();
    if (!/^\d{1,2}$/.test(value)) return null;
    const age = Number(value);
    return age <= 25 ? age : null;
  }

  const api = { countText, parseAge };
  if (typeof module === 'object' && module.exports) {
    module.exports = api;
    return;
  }
  global.LeerpadFinder = api;

  const doc = global.document;

  function setUp() {
    const root = doc.querySelector('[data-finder]');
    const regionsApi = global.LeerpadRegions;
    if (!root || !regionsApi) return;
    const form = root.querySelector('[data-finder-form]');
    const $ = (id) => form.querySelector(`#${id}`);
    const place = $('finder-place');
    const region = $('finder-region');
    const category = $('finder-category');
    const age = $('finder-age');
    const step = $('finder-step');
    const anonymous = $('finder-anonymous');
    const result = $('finder-place-result');
    const count = root.querySelector('[data-finder-count]');
    const groups = [...root.querySelectorAll('[data-group]')].map((section) => ({
      section,
      cards: [...section.querySelectorAll('.partner-card')].map((card) => ({
        card,
        partner: regionsApi.partnerFromData(card.dataset),
      })),
    }));
    const texts = { one: root.dataset.countOne, many: root.dataset.countMany, none: root.dataset.countNone };
    const choices = form.querySelector('[data-region-choices]');
    regionsApi.fillPlaces(doc.getElementById('region-places'));
    let timer = 0;
    const apply = () => {
      const filters = {
        region: region.value,
        category: category.value,
        age: parseAge(age.value),
        anonymous: anonymous.checked,
        step: step.value,
      };
      let shown = 0;
      for (const group of groups) {
        let inGroup = 0;
        for (const { card, partner } of group.cards) {
          const ok = regionsApi.matches(partner, filters, regionsApi.regions);
          card.hidden = !ok;
          if (ok) inGroup += 1;
        }
        group.section.hidden = inGroup === 0;
        shown += inGroup;
      }
      // A short pause so a screen reader hears the count once typing stops, not per key.
      clearTimeout(timer);
      timer = setTimeout(() => {
        count.textContent = countText(shown, texts);
      }, 250);
      return shown;
    };
    // The finder's region is the reader's one stored choice (the header and step pages show it).
    let own = false;
    const store = (choice) => {
      own = true;
      regionsApi.choose(choice);
      own = false;
    };
    regionsApi.connectPlace(place, region, result, choices, (hit) => {
      if (hit.status === 'found') store({ region: hit.region, municipality: hit.municipality });
      else if (hit.status === 'unknown' || hit.status === 'outside') store(null);
      apply();
    });
    for (const input of [category, step, anonymous]) input.addEventListener('change', apply);
    age.addEventListener('input', apply);
    region.addEventListener('change', () => {
      // A region chosen by hand no longer matches the typed place.
      const hit = regionsApi.findPlace(place.value, regionsApi.regions);
      if (!hit || hit.region !== region.value) {
        place.value = '';
        regionsApi.showMessage(result, choices, { text: '', tone: '' }, false);
      }
      store(region.value ? { region: region.value, municipality: hit && hit.region === region.value ? hit.municipality : '' } : null);
      apply();
    });
    regionsApi.connectChoices(choices, (id) => {
      region.value = id;
      place.value = '';
      regionsApi.showMessage(result, choices, { text: '', tone: '' }, false);
      store({ region: id, municipality: '' });
      apply();
      region.focus();
    });
    doc.addEventListener('leerpad:region', (event) => {
      if (own) return;
      // Chosen elsewhere (the header panel): follow it.
      const chosen = event.detail;
      region.value = chosen ? chosen.region : '';
      place.value = chosen ? chosen.municipality || '' : '';
      regionsApi.showMessage(result, choices, { text: '', tone: '' }, false);
      apply();
    });
    form.addEventListener('submit', (event) => event.preventDefault());
    form.addEventListener('reset', () => {
      regionsApi.showMessage(result, choices, { text: '', tone: '' }, false);
      store(null);
      // The form's own reset runs after this event; filter once the fields are empty.
      setTimeout(apply, 0);
    });
    const chosen = regionsApi.current && regionsApi.current();
    if (chosen) {
      region.value = chosen.region;
      place.value = chosen.municipality || '';
    }
    form.hidden = false;
    apply();
  }

  if (doc.readyState === 'loading') doc.addEventListener('DOMContentLoaded', setUp);
  else setUp();
})(typeof globalThis !== 'undefined' ? globalThis : this);
