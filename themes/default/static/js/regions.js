// leerpad regions (a classic script, so it also runs from file://): the reader's region, chosen
// once and kept in localStorage, and which partners serve it.
//
// Owns: resolving what a reader types (a postcode by range or by listed place, a municipality by any
// spelling, an old name of a merged one, Wallonia, abroad: DOM-free, tested by node), which
// partners serve a region, the finder's partner filters, the header control "Jouw regio: … wijzig"
// with its panel and one-tap provinces, the region prompt of step pages, and showing only the
// partners of the chosen region there.
// Does not: send anything anywhere, set inline styles (strict CSP) or hold Dutch text: the strings
// are the theme's region_* strings (js/regions-data.js) and data- attributes.
//
// Data contract (js/regions-data.js, made by leerpad from partners.yaml and places.yaml):
// window.LEERPAD_REGIONS = [{id, name, kind, parent, ranges: [[from, to]], municipalities: [{name,
// postcodes?, also?, now?}]}], window.LEERPAD_OUTSIDE = [{id, name, ranges, names}],
// window.LEERPAD_REGION_TEXTS = {belongs_to, not_found, …}.
// HTML contract (base.html, step.html, partners.html): div[data-region-control][data-yours|none|
// change], #region-panel > form[data-region-form] with #region-place, #region-places,
// #region-place-result, [data-region-choices], #region-select, [data-region-clear],
// [data-region-close]; div[data-region-prompt] > [data-region-prompt-text] + [data-region-open] +
// [data-region-choices] > [data-region-choice]; section[data-region-filter] > .region-note >
// [data-region-note] + [data-region-toggle-all], [data-group] > [data-partner-entry][data-regions].
// A change of region fires `leerpad:region` on document, with the choice as its detail.

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
   * The key two place names are compared by, as leerpad compares them when it checks places.yaml
   * (src/places.rs, `fold`): no case, accents, hyphens or dots, and "St." and "Saint" read as
   * "Sint" (so "Molenbeek-St-Jean" finds Molenbeek-Saint-Jean).
   */
  function placeKey(text) {
    return fold(text)
      .replace(/œ/g, 'oe')
      .replace(/æ/g, 'ae')
      .replace(/[^a-z0-9]+/g, ' ')
      .split(' ')
      .filter(Boolean)
      .map((w) => (w === 'st' || w === 'saint' ? 'sint' : w === 'ste' || w === 'sainte' ? 'sinte' : w))
      .join('');
  }

  const inRanges = (ranges, n) => (ranges || []).some(([from, to]) => from <= n && n <= to);

  /**
   * Every name a place answers to: [{key, region, m, part}], its own name first, then its other
   * names, then its parts (`part` is the part's name, '' otherwise).
   */
  function placeNames(regions) {
    const names = [];
    for (const region of regions) {
      for (const m of region.municipalities || []) {
        for (const name of [m.name, ...(m.also || [])]) names.push({ key: placeKey(name), region, m, name, part: '' });
        for (const part of m.parts || []) names.push({ key: placeKey(part), region, m, part });
      }
    }
    return names;
  }

  const found = (region, m, via, part = '') => ({
    status: 'found',
    region: region.id,
    municipality: m ? m.name : '',
    now: m && m.now ? m.now : '',
    part,
    via,
    // Typed by its own name, a municipality whose name is also a part elsewhere (Tielt): say so.
    elsewhere: m && via === 'name' && !part ? m.elsewhere || [] : [],
  });

  /** A Belgian postcode: the municipality that lists it, else the range it falls in. */
  function lookPostcode(code, regions, outside) {
    for (const region of regions) {
      const m = (region.municipalities || []).find((p) => (p.postcodes || []).includes(code));
      if (m) return found(region, m, 'postcode');
    }
    const n = Number(code);
    const region = regions.find((r) => inRanges(r.ranges, n));
    if (region) return { ...found(region, null, 'postcode'), postcode: code };
    const area = outside.find((o) => inRanges(o.ranges, n));
    if (area) return { status: 'outside', area: { id: area.id, name: area.name } };
    return { status: 'unknown' };
  }

  /**
   * What someone typed, resolved. `status` is one of: 'empty'; 'found' with {region,
   * municipality, now (the municipality it merged into, or ''), part (the part of the municipality
   * that was typed, or ''), via: 'postcode'|'name'|'region', elsewhere (municipalities of other
   * regions with a part of that name, when typed by name)};
   * 'outside' with {area: {id, name}} (Wallonia, abroad: the site does not cover it); 'ambiguous'
   * with {candidates} (the names a beginning fits, one or more: a beginning never picks a region);
   * 'short' (too little to tell);
   * 'unknown'. `outside` lists the areas outside the regions ([{id, name, ranges, names}]).
   */
  function lookPlace(query, regions, outside = api.outside || []) {
    const raw = String(query || '').trim();
    if (!raw) return { status: 'empty' };
    const upper = raw.toUpperCase();
    // Foreign postcode forms: 5 digits (France, Germany), 4 digits and 2 letters (the Netherlands),
    // a country prefix (NL-, F-, D-, L-): abroad, whatever the number.
    const abroad = outside.find((o) => !(o.ranges || []).length);
    if (/^(NL|F|FR|D|DE|L|LU)[- ]?\d/.test(upper) || /^\d{4} ?[A-Z]{2}$/.test(upper) || /^\d{5,}$/.test(upper)) {
      return abroad ? { status: 'outside', area: { id: abroad.id, name: abroad.name } } : { status: 'unknown' };
    }
    const postcode = upper.match(/(?:^|[^\d])(?:B-?)?(\d{4})(?!\d)/) || upper.match(/^B-?(\d{4})$/);
    if (postcode) return lookPostcode(postcode[1], regions, outside);
    if (/\d/.test(raw) && !/[a-z]{3}/i.test(raw)) return { status: 'unknown' };
    const key = placeKey(raw);
    if (!key) return { status: 'unknown' };
    const names = placeNames(regions);
    const exact = names.find((n) => n.key === key);
    if (exact) {
      const hit = found(exact.region, exact.m, 'name', exact.part);
      // "Alost" is Aalst, not the Aalst that is a part of Sint-Truiden.
      if (exact.name !== exact.m.name) hit.elsewhere = [];
      return hit;
    }
    const named = regions.find((r) => placeKey(r.name) === key || r.id === fold(raw));
    if (named) return found(named, null, 'region');
    const area = outside.find((o) => (o.names || []).some((n) => placeKey(n) === key));
    if (area) return { status: 'outside', area: { id: area.id, name: area.name } };
    if (key.length < 3) return { status: 'short' };
    // A beginning never chooses a region by itself: "Berchem" begins Sint-Agatha-Berchem's French
    // name but is also a district of Antwerpen, "Heist" begins Heist-op-den-Berg but is also part
    // of Knokke-Heist. The reader gets the names that fit and picks one (or types the postcode).
    const starts = names.filter((n) => n.key.startsWith(key));
    const fits = [...new Set(starts.map((n) => n.part || n.name))];
    if (fits.length) return { status: 'ambiguous', candidates: fits.slice(0, 6) };
    return { status: 'unknown' };
  }

  /**
   * The region for what someone typed: a postcode, a municipality or a region name. Returns
   * {region, municipality} (municipality '' for a region name or a bare postcode), with `now` when
   * the municipality merged into another, or null, also for a place outside the regions (see
   * `lookPlace` for why a place did not resolve).
   */
  function findPlace(query, regions, outside) {
    const hit = lookPlace(query, regions, outside);
    if (hit.status !== 'found') return null;
    const place = { region: hit.region, municipality: hit.municipality };
    if (hit.now) place.now = hit.now;
    return place;
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

  /**
   * The sentence for a lookup and whether it is good news: {text, tone: 'ok'|'warn'|'error'|''}.
   * `texts`: {belongs, now, notFound, outsideIn, outsideHelp, ambiguous, didYouMean,
   * didYouMeanHelp, elsewhere, elsewhereHelp}, the theme's region_* strings.
   */
  function placeMessage(hit, query, regions, texts) {
    if (hit.status === 'found') {
      const region = regions.find((r) => r.id === hit.region);
      const what = hit.part || hit.municipality || hit.postcode || String(query).trim();
      if (hit.via === 'region') return { text: '', tone: '' };
      const was = hit.now ? ` (${texts.now} ${hit.now})` : hit.part ? ` (${hit.municipality})` : '';
      const text = `${what}${was} ${texts.belongs} ${region ? region.name : hit.region}.`;
      if ((hit.elsewhere || []).length) {
        return { text: `${text} ${texts.elsewhere} ${hit.elsewhere.join(', ')}? ${texts.elsewhereHelp}`, tone: 'warn' };
      }
      return { text, tone: 'ok' };
    }
    if (hit.status === 'outside') {
      return { text: `${texts.outsideIn} ${hit.area.name}. ${texts.outsideHelp}`, tone: 'warn' };
    }
    if (hit.status === 'ambiguous') {
      if (hit.candidates.length === 1) return { text: `${texts.didYouMean} ${hit.candidates[0]}? ${texts.didYouMeanHelp}`, tone: '' };
      return { text: `${texts.ambiguous} ${hit.candidates.join(', ')}`, tone: '' };
    }
    if (hit.status === 'unknown') return { text: texts.notFound, tone: 'error' };
    return { text: '', tone: '' };
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

  const api = { fold, placeKey, lookPlace, findPlace, placeMessage, servingRegions, serves, matches, partnerFromData, parseChoice, describe, load, save, STORAGE_KEY };
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
  api.outside = Array.isArray(global.LEERPAD_OUTSIDE) ? global.LEERPAD_OUTSIDE : [];
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

  /** Fills a datalist with every municipality (and its other names), once. */
  function fillPlaces(list) {
    if (!list || list.options.length) return;
    for (const region of regions) {
      for (const m of region.municipalities || []) {
        for (const name of [m.name, ...(m.also || [])]) {
          const option = doc.createElement('option');
          option.value = name;
          if (m.now) option.label = m.now;
          list.append(option);
        }
      }
    }
  }

  /** The theme's region_* strings (js/regions-data.js), without the prefix. */
  const strings = global.LEERPAD_REGION_TEXTS || {};

  /** The texts of the place messages. */
  function placeTexts() {
    return {
      belongs: strings.belongs_to || '',
      now: strings.now || '',
      notFound: strings.not_found || '',
      outsideIn: strings.outside_in || '',
      outsideHelp: strings.outside_help || '',
      ambiguous: strings.ambiguous || '',
      didYouMean: strings.did_you_mean || '',
      didYouMeanHelp: strings.did_you_mean_help || '',
      elsewhere: strings.elsewhere || '',
      elsewhereHelp: strings.elsewhere_help || '',
    };
  }

  /** Shows a lookup's message in `result` with its tone, and the province choices when unknown. */
  function showMessage(result, choices, message, showChoices) {
    result.textContent = message.text;
    result.classList.toggle('is-ok', message.tone === 'ok');
    result.classList.toggle('is-warn', message.tone === 'warn');
    result.classList.toggle('is-error', message.tone === 'error');
    if (choices) choices.hidden = !showChoices;
  }

  /**
   * Live lookup of a place input. A place that resolves sets `select`; anything else typed clears
   * it, so a region never outlives the place it came from. `onChange(hit)` runs after each change.
   */
  function connectPlace(input, select, result, choices, onChange) {
    const texts = placeTexts();
    const update = () => {
      const hit = lookPlace(input.value, regions);
      if (hit.status === 'found') select.value = hit.region;
      else if (hit.status !== 'empty') select.value = '';
      const unknown = hit.status === 'unknown' || hit.status === 'outside';
      showMessage(result, choices, placeMessage(hit, input.value, regions, texts), unknown);
      if (onChange) onChange(hit);
      return hit;
    };
    input.addEventListener('input', update);
    return update;
  }
  api.connectPlace = connectPlace;
  api.fillPlaces = fillPlaces;
  api.showMessage = showMessage;

  /** Fills an empty choices box (the header panel's) with a button per province. */
  function fillChoices(box) {
    if (!box || box.childElementCount) return;
    const title = doc.createElement('p');
    title.className = 'region-choices-title';
    title.id = `${box.id}-title`;
    title.textContent = strings.provinces || '';
    const list = doc.createElement('ul');
    list.className = 'region-choice-list';
    list.setAttribute('aria-labelledby', title.id);
    for (const region of regions.filter((r) => r.kind === 'province')) {
      const item = doc.createElement('li');
      const button = doc.createElement('button');
      button.type = 'button';
      button.className = 'region-choice';
      button.dataset.regionChoice = region.id;
      button.textContent = region.name;
      item.append(button);
      list.append(item);
    }
    box.append(title, list);
  }

  /** One-tap province buttons inside `box`: `pick(regionId)` when one is tapped. */
  function connectChoices(box, pick) {
    if (!box) return;
    fillChoices(box);
    for (const link of box.querySelectorAll('[data-region-choice]')) {
      if (link.tagName === 'A') link.setAttribute('role', 'button');
      link.addEventListener('click', (event) => {
        event.preventDefault();
        pick(link.dataset.regionChoice);
      });
    }
  }
  api.connectChoices = connectChoices;

  function setUpHeader() {
    const control = doc.querySelector('[data-region-control]');
    const panel = doc.getElementById('region-panel');
    const form = panel && panel.querySelector('[data-region-form]');
    if (!control || !form) return;
    const texts = control.dataset;
    const place = form.querySelector('#region-place');
    const select = form.querySelector('#region-select');
    const result = form.querySelector('#region-place-result');
    const choices = form.querySelector('[data-region-choices]');
    for (const region of regions) {
      const option = doc.createElement('option');
      option.value = region.id;
      option.textContent = region.name;
      select.append(option);
    }
    fillPlaces(doc.getElementById('region-places'));
    let hit = { status: 'empty' };
    let pickedByHand = false;
    connectPlace(place, select, result, choices, (h) => {
      hit = h;
      pickedByHand = false;
    });
    select.addEventListener('change', () => {
      pickedByHand = true;
    });

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
    let opener = toggle;
    const open = (yes, from) => {
      panel.hidden = !yes;
      toggle.setAttribute('aria-expanded', String(yes));
      if (yes) {
        opener = from || toggle;
        select.value = current ? current.region : '';
        place.value = current ? current.municipality : '';
        showMessage(result, choices, { text: '', tone: '' }, false);
        // Saving again without a change keeps the municipality of the stored choice.
        hit = place.value ? lookPlace(place.value, regions) : { status: 'empty' };
        pickedByHand = false;
        place.focus();
      } else if (opener && opener.isConnected) {
        opener.focus();
      }
    };
    api.openPanel = (from) => open(true, from);
    toggle.addEventListener('click', () => open(panel.hidden, toggle));
    const notSaved = (why) => {
      showMessage(result, choices, { text: `${strings.not_saved} ${why}`, tone: 'error' }, true);
      place.focus();
    };
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      if (hit.status === 'found' && !pickedByHand) {
        api.choose({ region: hit.region, municipality: hit.municipality });
      } else if (select.value && (pickedByHand || hit.status === 'empty')) {
        api.choose({ region: select.value, municipality: '' });
      } else if (hit.status === 'empty' && !select.value) {
        notSaved(strings.not_saved_empty);
        return;
      } else {
        // Typed, but not found (or outside Flanders and Brussels): say why and keep the old choice.
        const message = placeMessage(hit, place.value, regions, placeTexts());
        notSaved(message.text || strings.not_saved_empty);
        return;
      }
      open(false);
    });
    connectChoices(choices, (id) => {
      api.choose({ region: id, municipality: '' });
      open(false);
    });
    form.querySelector('[data-region-clear]').addEventListener('click', () => {
      api.choose(null);
      open(false);
    });
    form.querySelector('[data-region-close]').addEventListener('click', () => open(false));
    panel.addEventListener('keydown', (event) => {
      if (event.key === 'Escape') open(false);
    });
    doc.addEventListener('leerpad:region', show);
    show();
  }

  /** On a step page: the region prompt near the top, one-tap provinces or "type your town". */
  function setUpPrompt() {
    const prompt = doc.querySelector('[data-region-prompt]');
    if (!prompt) return;
    const text = prompt.querySelector('[data-region-prompt-text]');
    const choices = prompt.querySelector('[data-region-choices]');
    const town = prompt.querySelector('.region-prompt-town');
    const askText = text.textContent;
    connectChoices(choices, (id) => api.choose({ region: id, municipality: '' }));
    const townButton = town.querySelector('[data-region-open]');
    town.hidden = false;
    townButton.addEventListener('click', () => api.openPanel && api.openPanel(townButton));
    const apply = () => {
      const chosen = current && regions.some((r) => r.id === current.region);
      choices.hidden = chosen;
      if (chosen) {
        text.textContent = `${prompt.dataset.for} ${describe(current, regions)}`;
        townButton.textContent = prompt.dataset.change;
      } else {
        text.textContent = askText;
        townButton.textContent = townButton.dataset.label || townButton.textContent;
      }
    };
    townButton.dataset.label = townButton.textContent;
    doc.addEventListener('leerpad:region', apply);
    apply();
  }

  /** On a step page: only the partners of the chosen region, with a way to see them all. */
  function setUpStepPartners() {
    const section = doc.querySelector('[data-region-filter]');
    if (!section) return;
    const texts = section.dataset;
    const note = section.querySelector('[data-region-note]');
    const box = section.querySelector('.region-note');
    const toggle = section.querySelector('[data-region-toggle-all]');
    const entries = [...section.querySelectorAll('[data-partner-entry][data-regions], .partner-card[data-regions]')];
    const groups = [...section.querySelectorAll('[data-group]')];
    let showAll = false;
    const apply = () => {
      const region = current && regions.find((r) => r.id === current.region);
      const filtering = Boolean(region) && !showAll;
      for (const entry of entries) {
        entry.hidden = filtering && !serves(partnerFromData(entry.dataset).regions, region.id, regions);
      }
      for (const group of groups) {
        group.hidden = ![...group.querySelectorAll('[data-regions]')].some((e) => !e.hidden);
      }
      // Without a region the prompt near the top asks for one: no second request down here.
      box.hidden = !region && Boolean(doc.querySelector('[data-region-prompt]'));
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
        if (api.openPanel) api.openPanel(toggle);
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
    setUpPrompt();
    setUpStepPartners();
  };
  if (doc.readyState === 'loading') doc.addEventListener('DOMContentLoaded', start);
  else start();
})(typeof globalThis !== 'undefined' ? globalThis : this);
