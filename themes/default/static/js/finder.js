// leerpad partner finder (a classic script, so it also runs from file://): filters the partner
// cards of /partners/ as the reader types or chooses.
//
// Owns: the finder form's behaviour and the announced result count (countText: DOM-free, tested
// by node). The filter rules themselves live in regions.js (LeerpadRegions.matches).
// Does not: store anything (the header control keeps the reader's region; the finder only starts
// from it) or hold Dutch text (data- attributes do).
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
    const control = doc.querySelector('[data-region-control]');
    const placeTexts = {
      belongs: control ? control.dataset.belongs : '',
      notFound: control ? control.dataset.notFound : '',
    };
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
    regionsApi.connectPlace(place, region, result, placeTexts, apply);
    for (const input of [region, category, step, anonymous]) input.addEventListener('change', apply);
    age.addEventListener('input', apply);
    region.addEventListener('change', () => {
      // A region chosen by hand no longer matches the typed place.
      const hit = regionsApi.findPlace(place.value, regionsApi.regions);
      if (hit && hit.region !== region.value) {
        place.value = '';
        result.textContent = '';
      }
    });
    form.addEventListener('submit', (event) => event.preventDefault());
    form.addEventListener('reset', () => {
      result.textContent = '';
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
