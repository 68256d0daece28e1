// leerpad step plan (a classic script, so it also runs from file://): the path taken through the
// step pages and the region page of the step card (site.js binds the print buttons).
//
// Owns: the path (which steps were visited and which choice was made on each: DOM-free core,
// tested by node, kept in sessionStorage only, never sent), the "Jouw pad" list, "terug" to the
// previous step and "begin opnieuw"; on /stapkaart/ the partners of the chosen region.
// Does not: choose the region (regions.js does) or hold Dutch text (data- attributes do).
//
// HTML contract (step.html, stepcard.html, region.html): article[data-step][data-label],
// nav[data-step-path][data-start] > ol, a.choice[data-to][data-to-label], a[data-step-back]
// [data-back], a[data-path-reset]; section[data-stepcard-partners] > .stepcard-choose >
// #stepcard-region, [data-stepcard-region-name], .stepcard-region-links,
// .stepcard-partner-list > li[data-regions].

(function (global) {
  'use strict';

  const STORAGE_KEY = 'leerpad.stappad';

  /**
   * The path after arriving on step `slug`. A path is [{slug, label, choice}], the last entry the
   * current step (choice ''). Arriving on the current step changes nothing; on a step already
   * visited (the back button, "terug") the path goes back to it; anywhere else starts a new path.
   */
  function arrive(path, slug, label) {
    const list = Array.isArray(path) ? path : [];
    const last = list[list.length - 1];
    if (last && last.slug === slug) return list.slice();
    const at = list.map((entry) => entry.slug).lastIndexOf(slug);
    if (at >= 0) return [...list.slice(0, at), { ...list[at], choice: '' }];
    return [{ slug, label, choice: '' }];
  }

  /** The path after choosing `choice` on the current step, leading to step `to`. */
  function choose(path, choice, to, toLabel) {
    const list = Array.isArray(path) ? path.slice() : [];
    if (list.length === 0) return list;
    list[list.length - 1] = { ...list[list.length - 1], choice };
    list.push({ slug: to, label: toLabel, choice: '' });
    return list;
  }

  /** The step before the current one, or null. */
  function previous(path) {
    return Array.isArray(path) && path.length > 1 ? path[path.length - 2] : null;
  }

  /** A stored path, or [] when there is none or it is not a path. */
  function parsePath(text) {
    try {
      const value = JSON.parse(text);
      if (!Array.isArray(value)) return [];
      return value
        .filter((e) => e && typeof e.slug === 'string' && /^[a-z0-9-]+$/.test(e.slug))
        .map((e) => ({
          slug: e.slug,
          label: typeof e.label === 'string' ? e.label : e.slug,
          choice: typeof e.choice === 'string' ? e.choice : '',
        }));
    } catch (e) {
      return [];
    }
  }

  /** The path as one line of text: "Start › In gesprek (Ik maak me zorgen) › Inschatting". */
  function describe(path, start) {
    return [start, ...path.map((e) => (e.choice ? `${e.label} (${e.choice})` : e.label))].join(' › ');
  }

  const api = { arrive, choose, previous, parsePath, describe, STORAGE_KEY };
  if (typeof module === 'object' && module.exports) {
    module.exports = api;
    return;
  }
  global.LeerpadSteps = api;

  // ---------------------------------------------------------------- DOM wiring

  const doc = global.document;
  let storage = null;
  try {
    storage = global.sessionStorage;
  } catch (e) {
    storage = null;
  }
  const load = () => {
    try {
      return storage ? parsePath(storage.getItem(STORAGE_KEY)) : [];
    } catch (e) {
      return [];
    }
  };
  const store = (path) => {
    try {
      if (!storage) return;
      if (path) storage.setItem(STORAGE_KEY, JSON.stringify(path));
      else storage.removeItem(STORAGE_KEY);
    } catch (e) {
      // Without storage the path lasts for this page only.
    }
  };

  /** A step relative to this page: step pages are siblings in stappen/. */
  const stepHref = (slug) => `../${encodeURIComponent(slug)}/index.html`;

  function setUpPath() {
    const article = doc.querySelector('article[data-step]');
    const nav = doc.querySelector('[data-step-path]');
    if (!article || !nav) return;
    const slug = article.dataset.step;
    const path = arrive(load(), slug, article.dataset.label || slug);
    store(path);

    const list = nav.querySelector('ol');
    list.textContent = '';
    const first = doc.createElement('li');
    first.textContent = nav.dataset.start || '';
    list.append(first);
    path.forEach((entry, i) => {
      const item = doc.createElement('li');
      const current = i === path.length - 1;
      const link = doc.createElement('a');
      link.href = current ? 'index.html' : stepHref(entry.slug);
      link.textContent = entry.label;
      if (current) link.setAttribute('aria-current', 'step');
      item.append(link);
      if (entry.choice) item.append(` (${entry.choice})`);
      list.append(item);
    });
    nav.hidden = path.length < 2;

    const back = doc.querySelector('[data-step-back]');
    const before = previous(path);
    if (back && before) {
      back.href = stepHref(before.slug);
      back.textContent = `${back.dataset.back} ${before.label}`;
      back.classList.add('is-previous');
    }
    for (const link of doc.querySelectorAll('a.choice[data-to]')) {
      link.addEventListener('click', () => {
        store(choose(path, link.textContent.trim(), link.dataset.to, link.dataset.toLabel || link.dataset.to));
      });
    }
    for (const link of doc.querySelectorAll('[data-path-reset]')) {
      link.addEventListener('click', () => store(null));
    }
  }

  function setUpStepcard() {
    const section = doc.querySelector('[data-stepcard-partners]');
    const regionsApi = global.LeerpadRegions;
    if (!section || !regionsApi) return;
    const select = section.querySelector('#stepcard-region');
    const name = section.querySelector('[data-stepcard-region-name]');
    const list = section.querySelector('.stepcard-partner-list');
    const links = section.querySelector('.stepcard-region-links');
    const items = [...list.querySelectorAll('li[data-regions]')];
    const chosen = regionsApi.current && regionsApi.current();
    if (chosen) select.value = chosen.region;
    const apply = () => {
      const region = regionsApi.regions.find((r) => r.id === select.value);
      name.textContent = region ? region.name : '';
      for (const item of items) {
        const ids = item.dataset.regions.split(' ').filter(Boolean);
        item.hidden = !regionsApi.serves(ids, select.value, regionsApi.regions);
      }
    };
    select.addEventListener('change', apply);
    doc.addEventListener('leerpad:region', (event) => {
      if (event.detail) {
        select.value = event.detail.region;
        apply();
      }
    });
    section.querySelector('.stepcard-choose').hidden = false;
    list.hidden = false;
    links.classList.add('is-replaced');
    apply();
  }

  const start = () => {
    setUpPath();
    setUpStepcard();
  };
  if (doc.readyState === 'loading') doc.addEventListener('DOMContentLoaded', start);
  else start();
})(typeof globalThis !== 'undefined' ? globalThis : this);
