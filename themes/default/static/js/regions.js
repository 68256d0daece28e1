// leerpad regions (a classic script, so it also runs from file://): the reader's region, chosen
// once and kept in localStorage, and which partners serve it.
//
// Owns: finding a region from a municipality or postcode, which partners serve a region, the
// partner filters of the finder (DOM-free, tested by node), the header control "Jouw regio: …
// wijzig" with its panel, and showing only the partners of the chosen region on step pages.
// Does not: send anything anywhere, set inline styles (strict CSP) or hold Dutch text: the
// strings come from data- attributes rendered from the theme's i18n file.
//
// HTML contract (base.html, step.html): window.LEERPAD_REGIONS from js/regions-data.js ([{id, name, kind, parent,
// municipalities: [{name, postcodes}]}]), div[data-region-control][data-yours|none|change|
// belongs|not-found], #region-panel > form[data-region-form] with #region-place, #region-places,
// #region-place-result, #region-select, [data-region-clear], [data-region-close];
// section[data-region-filter] > .region-note > [data-region-note] + [data-region-toggle-all],
// .partner-card[data-regions]. A change of region fires `leerpad:region` on document.

(function (global) {
  'use strict';

  const STORAGE_KEY = 'leerpad.region';

  /** Lower case without accents or surrounding space, so "Ronsé " finds Ronse. */
  function fold(text) {
    return String(text || '')
      .normalize('NFD')
      .replace(/[\u0300-\u036f]/g, '')
      .toLowerCase()
      .trim();
  }

  /**
   * The region for what someone typed: a postcode, a municipality or a region name.
   * Exact matches win; otherwise a municipality that is the only one starting with at least
   * three typed letters. Returns {region, municipality} (municipality '' for a region name) or null.
   */
  function findPlace(query, regions) {
    const q = fold(query);
    if (!q) return null;
    const places = [];
    for (const region of regions) {
      for (const m of region.municipalities || []) places.push({ region, m });
    }
    if (/^\d{4}$/.test(q)) {
      const hit = places.find(({ m }) => (m.postcodes || []).includes(q));
      return hit ? { region: hit.region.id, municipality: hit.m.name } : null;
    }
    const exact = places.find(({ m }) => fold(m.name) === q);
    if (exact) return { region: exact.region.id, municipality: exact.m.name };
    const named = regions.find((r) => fold(r.name) === q || r.id === q);
    if (named) return { region: named.id, municipality: '' };
    if (q.length >= 3) {
      const starts = places.filter(({ m }) => fold(m.name).startsWith(q));
      if (starts.length === 1) return { region: starts[0].region.id, municipality: starts[0].m.name };
    }
    return null;
  }

  /** The region ids whose partners help in `regionId`: itself, its parents, every `all` region. */
  function servingRegions(regionId, regions) {
    const byId = new Map(regions.map((r) => [r.id, r]));
    const ids = new Set();
    let current = byId.get(regionId);
    while (current && !ids.has(current.id)) {
      ids.add(current.id);
      current = byId.get(current.parent);
    }
    for (const r of regions) if (r.kind === 'all') ids.add(r.id);
    return ids;
  }

  /** True when a partner working in `partnerRegions` helps in `regionId` ('' = any region). */
  function serves(partnerRegions, regionId, regions) {
    if (!regionId) return true;
    const wanted = servingRegions(regionId, regions);
    return partnerRegions.some((id) => wanted.has(id));
  }

  /**
   * True when a partner passes the finder's filters. `partner`: {regions: [], category, steps: [],
   * ageFrom, ageTo (null when unknown), anonymous: 'ja'|'nee'|''}. `filters`: {region, category,
   * age (number or null), anonymous (boolean), step}; empty values do not filter. A partner
   * without known ages is kept for any age: the filter hides only those that say they do not fit.
   */
  function matches(partner, filters, regions) {
    const f = filters || {};
    if (f.region && !serves(partner.regions, f.region, regions)) return false;
    if (f.category && partner.category !== f.category) return false;
    if (f.step && !partner.steps.includes(f.step)) return false;
    if (f.anonymous && partner.anonymous !== 'ja') return false;
    if (Number.isFinite(f.age) && partner.ageFrom !== null && partner.ageTo !== null) {
      if (f.age < partner.ageFrom || f.age > partner.ageTo) return false;
    }
    return true;
  }

  /** A partner as `matches` wants it, from a card's data- attributes. */
  function partnerFromData(data) {
    const words = (text) => String(text || '').split(/\s+/).filter(Boolean);
    const number = (text) => (text === undefined || text === '' ? null : Number(text));
    return {
      regions: words(data.regions),
      category: data.category || '',
      steps: words(data.steps),
      ageFrom: number(data.ageFrom),
      ageTo: number(data.ageTo),
      anonymous: data.anonymous || '',
    };
  }

  /** A stored choice {region, municipality} checked against the known regions, or null. */
  function parseChoice(text, regions) {
    try {
      const value = JSON.parse(text);
      if (!value || typeof value.region !== 'string') return null;
      if (!regions.some((r) => r.id === value.region)) return null;
      return { region: value.region, municipality: typeof value.municipality === 'string' ? value.municipality : '' };
    } catch (e) {
      return null;
    }
  }

  /** "Oudenaarde (Zuid-Oost-Vlaanderen)" or "Oost-Vlaanderen". */
  function describe(choice, regions) {
    if (!choice) return '';
    const region = regions.find((r) => r.id === choice.region);
    if (!region) return '';
    return choice.municipality ? `${choice.municipality} (${region.name})` : region.name;
  }

  function load(storage, regions) {
    try {
      return parseChoice(storage.getItem(STORAGE_KEY), regions);
    } catch (e) {
      return null;
    }
  }

  function save(storage, choice, regions = []) {
    try {
      // The name travels along, so pages without the region data can show it (site.js).
      if (choice) storage.setItem(STORAGE_KEY, JSON.stringify({ ...choice, name: describe(choice, regions) }));
      else storage.removeItem(STORAGE_KEY);
    } catch (e) {
      // Storage may be off (private mode); the choice then lasts for this page only.
    }
  }

  const api = { fold, findPlace, servingRegions, serves, matches, partnerFromData, parseChoice, describe, load, save, STORAGE_KEY };
  if (typeof module === 'object' && module.exports) {
    module.exports = api;
    return;
  }
  global.LeerpadRegions = api;

  // ---------------------------------------------------------------- DOM wiring

  const doc = global.document;
  // js/regions-data.js sets the regions; it loads before this script.
  const regions = Array.isArray(global.LEERPAD_REGIONS) ? global.LEERPAD_REGIONS : [];
  api.regions = regions;
  let storage = null;
  try {
    storage = global.localStorage;
  } catch (e) {
    storage = null;
  }
  let current = storage ? load(storage, regions) : null;
  api.current = () => current;
  api.choose = (choice) => {
    current = choice;
    if (storage) save(storage, choice, regions);
    doc.dispatchEvent(new CustomEvent('leerpad:region', { detail: choice }));
  };

  /** Fills a datalist with every municipality and postcode, once. */
  function fillPlaces(list) {
    if (!list || list.options.length) return;
    for (const region of regions) {
      for (const m of region.municipalities || []) {
        const option = doc.createElement('option');
        option.value = m.name;
        option.label = (m.postcodes || []).join(', ');
        list.append(option);
      }
    }
  }

  /** Live lookup of a municipality input: sets `select` and says which region it belongs to. */
  function connectPlace(input, select, result, texts, onFound) {
    const update = () => {
      const hit = findPlace(input.value, regions);
      if (!input.value.trim()) {
        result.textContent = '';
      } else if (hit) {
        select.value = hit.region;
        const region = regions.find((r) => r.id === hit.region);
        result.textContent = hit.municipality ? `${hit.municipality} ${texts.belongs} ${region.name}.` : '';
      } else if (/^\d{4}$/.test(input.value.trim()) || input.value.trim().length >= 3) {
        result.textContent = texts.notFound;
      } else {
        result.textContent = '';
      }
      if (onFound) onFound(hit);
    };
    input.addEventListener('input', update);
    return update;
  }
  api.connectPlace = connectPlace;
  api.fillPlaces = fillPlaces;

  function setUpHeader() {
    const control = doc.querySelector('[data-region-control]');
    const panel = doc.getElementById('region-panel');
    const form = panel && panel.querySelector('[data-region-form]');
    if (!control || !form) return;
    const texts = control.dataset;
    const place = form.querySelector('#region-place');
    const select = form.querySelector('#region-select');
    const result = form.querySelector('#region-place-result');
    for (const region of regions) {
      const option = doc.createElement('option');
      option.value = region.id;
      option.textContent = region.name;
      select.append(option);
    }
    fillPlaces(doc.getElementById('region-places'));
    let found = null;
    connectPlace(place, select, result, { belongs: texts.belongs, notFound: texts.notFound }, (hit) => { found = hit; });

    control.textContent = '';
    const label = doc.createElement('span');
    label.className = 'region-current';
    const name = doc.createElement('strong');
    label.append(`${texts.yours} `, name);
    const toggle = doc.createElement('button');
    toggle.type = 'button';
    toggle.className = 'region-toggle';
    toggle.textContent = texts.change;
    toggle.setAttribute('aria-expanded', 'false');
    toggle.setAttribute('aria-controls', 'region-panel');
    control.append(label, ' ', toggle);

    const show = () => {
      // The header is short on a phone: the municipality alone says enough.
      name.textContent = (current && current.municipality) || describe(current, regions) || texts.none;
    };
    const open = (yes) => {
      panel.hidden = !yes;
      toggle.setAttribute('aria-expanded', String(yes));
      if (yes) {
        select.value = current ? current.region : '';
        place.value = current ? current.municipality : '';
        result.textContent = '';
        found = null;
        place.focus();
      }
    };
    api.openPanel = () => open(true);
    toggle.addEventListener('click', () => open(panel.hidden));
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      if (!select.value) {
        open(false);
        toggle.focus();
        return;
      }
      const municipality = found && found.region === select.value ? found.municipality : '';
      api.choose({ region: select.value, municipality });
      open(false);
      toggle.focus();
    });
    form.querySelector('[data-region-clear]').addEventListener('click', () => {
      api.choose(null);
      open(false);
      toggle.focus();
    });
    form.querySelector('[data-region-close]').addEventListener('click', () => {
      open(false);
      toggle.focus();
    });
    panel.addEventListener('keydown', (event) => {
      if (event.key === 'Escape') {
        open(false);
        toggle.focus();
      }
    });
    doc.addEventListener('leerpad:region', show);
    show();
  }

  /** On a step page: only the partners of the chosen region, with a way to see them all. */
  function setUpStepPartners() {
    const section = doc.querySelector('[data-region-filter]');
    if (!section) return;
    const texts = section.dataset;
    const note = section.querySelector('[data-region-note]');
    const box = section.querySelector('.region-note');
    const toggle = section.querySelector('[data-region-toggle-all]');
    const cards = [...section.querySelectorAll('.partner-card[data-regions]')];
    let showAll = false;
    const apply = () => {
      box.hidden = false;
      const region = current && regions.find((r) => r.id === current.region);
      const filtering = Boolean(region) && !showAll;
      for (const card of cards) {
        card.hidden = filtering && !serves(partnerFromData(card.dataset).regions, region.id, regions);
      }
      if (!region) {
        note.textContent = texts.all;
        toggle.textContent = texts.choose;
      } else if (region.kind === 'all') {
        note.textContent = `${texts.for} ${region.name}.`;
        toggle.textContent = showAll ? texts.showRegion : texts.showAll;
      } else {
        note.textContent = `${texts.for} ${describe(current, regions)} ${texts.andFlanders}`;
        toggle.textContent = showAll ? texts.showRegion : texts.showAll;
      }
      section.classList.toggle('is-filtered', filtering);
    };
    toggle.addEventListener('click', () => {
      if (!current) {
        if (api.openPanel) api.openPanel();
        return;
      }
      showAll = !showAll;
      apply();
    });
    doc.addEventListener('leerpad:region', () => {
      showAll = false;
      apply();
    });
    apply();
  }

  const start = () => {
    setUpHeader();
    setUpStepPartners();
  };
  if (doc.readyState === 'loading') doc.addEventListener('DOMContentLoaded', start);
  else start();
})(typeof globalThis !== 'undefined' ? globalThis : this);
