// leerpad search box and search page (a classic script, so it also runs from file://).
//
// Owns: the header search box (a combobox with a popup of results as you type), the full
// results on the search page (zoeken/index.html?q=…), what a query shows (`compose`: the place
// result first, then the ranked results; DOM-free, shared by both and by the node CLI), the
// loading state, the help when nothing is found, and loading the index lazily: this file ends
// js/search.js (the bundle of src/theme/bundle.rs, after search-core.js, search-engine.js and
// search-shards.js), which site.js adds the first time the box gets focus, and which then adds
// the index's manifest (index.js in the folder of the form's action; the search page loads
// both at once), never on a plain page view; per query, the shards it needs (beside the
// manifest), the results' texts with them; the region data with the first query that may name
// a place.
// Does not: rank or stem (search-engine.js, search-core.js), know places (regions.js's
// findPlace, on the region data of the partner finder) or build HTML from data: every text goes
// in with textContent, matched words in <mark> elements.
//
// HTML contract (base.html, search.html, partials/search-help.html):
//   form[data-search][action][data-root][data-text-*]
//     [data-regions-data][data-regions-code]
//     [data-region-pages] > input[name=q] + [data-search-popup][hidden] > [data-search-loading],
//     ul[role=listbox], [data-search-help]; + [data-search-status] (aria-live)
//   .search-page > form > input[name=q], [role=status], ol.search-results, [data-search-help]
//   [data-search-help] > [data-search-none], [data-search-suggest] > [data-search-suggestions]

(function (global) {
  'use strict';

  // the box searches from the third character
  const MIN_CHARS = 3;
  const POPUP_RESULTS = 8;
  const PAGE_RESULTS = 50;
  // Results shown as soon as their texts are in, before the others': in a large index every
  // result's text is in another file, and a phone on a slow line waits for each one.
  const FIRST_SHOWN = 3;
  // The results page shows this many results at a time, and adds them in slices of at most
  // RESULTS_SLICE_MS (and one result at least), so that each is a short task on a slow phone.
  const PAGE_STEP = 10;
  const RESULTS_SLICE_MS = 8;
  // A key within TYPING_GAP ms of the one before is typing on: its query waits until the keys
  // stop for TYPING_QUIET ms, so the prefixes typed past load nothing (a paste or a pause
  // searches at once). The gap is wider than the quiet: a phone that is busy, or a thumb that
  // slows down, lets a key come late now and then, and each late key would search a prefix.
  const TYPING_GAP = 300;
  const TYPING_QUIET = 200;
  // ms of quiet typing before the count is announced
  const ANNOUNCE_DELAY = 500;
  // "Sint-Martens-Latem" is one word, "Sint Martens Latem" three
  const MAX_PLACE_WORDS = 4;

  /** A document's root-relative URL ("a/b/#x") as a link from a page at `root` ("../../"). */
  function pageHref(root, url) {
    const hash = url.indexOf('#');
    const path = hash < 0 ? url : url.slice(0, hash);
    const anchor = hash < 0 ? '' : url.slice(hash);
    return `${root}${path}${path === '' || path.endsWith('/') ? 'index.html' : ''}${anchor}`;
  }

  /** The sentence that announces `n` results, from the texts of data-text-*. */
  function countText(texts, n) {
    if (n === 0) return texts.none || '';
    if (n === 1) return texts.one || '';
    return (texts.many || '').replace('{n}', String(n));
  }

  /** The `q` parameter of a query string ("?q=blauwe+plekken"). */
  function queryParam(search) {
    try {
      return new URLSearchParams(search).get('q') || '';
    } catch (e) {
      return '';
    }
  }

  /** The breadcrumb shown under a title: without its last part when that is the title. */
  function crumbTrail(crumb, title) {
    const parts = String(crumb || '').split(' › ');
    if (parts.length > 1 && parts[parts.length - 1] === title) parts.pop();
    return parts.join(' › ');
  }

  /** Whether `tail` is a whole name of the municipality `look` found, not the start of one. */
  function namesWhole(regions, places, look, tail) {
    const region = places.find((r) => r.id === look.region);
    const m = region && (region.municipalities || []).find((x) => x.name === look.municipality);
    const names = m ? [m.name, ...(m.also || []), ...(m.parts || [])] : [look.municipality];
    return names.some((name) => regions.placeKey(name) === regions.placeKey(tail));
  }

  /** Whether `tail` is one of the comma-separated place names the content also uses. */
  function namesContentWord(regions, contentWords, tail) {
    const key = regions.placeKey(tail);
    return String(contentWords || '')
      .split(',')
      .some((word) => word.trim() !== '' && regions.placeKey(word) === key);
  }

  /**
   * The place a query names, as a result: the whole query, or its last words ("wie bel ik in
   * Gent", "partners in 9000"), resolved by `regions.lookPlace` on `places` (the finder's
   * region data) and `outside` (the areas the site does not cover). A place is only guessed from
   * a start of its name when it is the whole query. Returns { url (root-relative), title, crumb,
   * kind: 'place', region } or null; for a place outside the regions (Wallonia) the finder's own
   * words (`texts.outsideIn`, `texts.outsideHelp`) and a link to the partner finder. A name
   * outside the regions that is also a word of the content (`contentWords`, the index's
   * placeWords: "Namen", "Lessen") gives no result: the reader more likely means the word.
   */
  function placeResult(query, regions, places, texts, outside = [], contentWords = '') {
    if (!regions || !Array.isArray(places) || places.length === 0) return null;
    const words = String(query).trim().split(/\s+/).filter(Boolean);
    let hit = null;
    for (let n = Math.min(MAX_PLACE_WORDS, words.length); n >= 1 && !hit; n--) {
      const tail = words.slice(words.length - n).join(' ').replace(/[?!.,;:]+$/, '');
      // A start of a name picks no region, here as in the place field (regions.js): "Berchem"
      // begins Berchem-Sainte-Agathe but is also a district of Antwerpen, "Heist" begins
      // Heist-op-den-Berg but is also part of Knokke-Heist.
      const look = regions.lookPlace(tail, places, outside || []);
      // Outside the regions is only said of a whole name or a postcode.
      if (look.status === 'outside' && !namesContentWord(regions, contentWords, tail)) hit = look;
      if (look.status !== 'found') continue;
      if (n === words.length || look.municipality === '' || /^\d{4}$/.test(tail) || namesWhole(regions, places, look, tail)) {
        hit = { region: look.region, municipality: look.municipality };
      }
    }
    if (!hit) return null;
    // The partner pages' folder is a word of the site's language (texts.partners).
    const partners = texts.partners || 'partners/';
    const base = { crumb: texts.placeCrumb || '', kind: 'place', terms: [] };
    if (hit.status === 'outside') {
      const title = `${texts.outsideIn || ''} ${hit.area.name}`.trim();
      return { ...base, ref: `place:${hit.area.id}`, url: partners, title, text: texts.outsideHelp || '', region: null };
    }
    const region = places.find((r) => r.id === hit.region);
    if (!region) return null;
    return {
      ...base,
      ref: `place:${region.id}`,
      url: region.kind === 'all' ? partners : `${partners}${region.id}/`,
      title: (texts.place || '{place}').replace('{place}', regions.describe(hit, places)),
      region: region.id,
    };
  }

  /**
   * Whether `query` may name a place, so that its results wait for the region data (which
   * otherwise stays unloaded: most queries name none, and the first one is lighter without it).
   * Yes when it holds a number (a postcode) or an open word (`unmatched`, the engine's: a word
   * the index lacks, as a town the content never names, or a place name the content also uses).
   * The index does not list towns; a region's name is a document of its own.
   */
  function mayNamePlace(query, unmatched) {
    return /[0-9]/.test(String(query)) || Boolean(unmatched && unmatched.length > 0);
  }

  /**
   * The words of `query` whose open words (mayNamePlace) may make it name a place: its last
   * word. A place result names the end of the query (placeResult), and a name ends in a word
   * of its own: one the index lacks, or one of a place name the content also uses ("Ronse").
   * So a word the index lacks earlier in a query ("kind heeft vaak honger") loads no region
   * data. Known limit: a name written with spaces whose last word the texts use and whose
   * other words they do not ("Sint Pieters Leeuw", when the texts say "leeuw") is not seen.
   */
  function placeEnd(query) {
    const words = String(query).trim().split(/\s+/);
    return words[words.length - 1];
  }

  /** What a query shows: the place result (if any) first, then the ranked results without it. */
  function compose(place, found) {
    if (!place) return found;
    return [place, ...found.filter((r) => (r.doc ? r.doc.url : r.url) !== place.url)];
  }

  const api = { pageHref, crumbTrail, countText, queryParam, placeResult, mayNamePlace, placeEnd, compose, MIN_CHARS };
  if (typeof module === 'object' && module.exports) {
    module.exports = api;
    return;
  }
  global.LeerpadSearchUi = api;

  // ------------------------------------------------------------------ loading

  const doc = global.document;
  // No page (a sandbox that runs the bundle for its engine): nothing to bind.
  if (!doc) return;
  const form = doc.querySelector('form[data-search]');
  if (!form) return;
  const root = form.getAttribute('data-root') || '';
  // The folders are words of the site's language: the search page's from the form's action
  // (ROOT + "zoeken/index.html"), the partner pages' from data-region-pages. The index's
  // manifest and its shards are in the search page's folder.
  const searchFolder = (form.getAttribute('action') || `${root}zoeken/index.html`).replace(/index\.html$/, '');
  const indexSrc = `${searchFolder}index.js`;
  const partnersFolder = (form.getAttribute('data-region-pages') || `${root}partners/`).slice(root.length);
  const texts = { partners: partnersFolder };
  for (const key of ['loading', 'failed', 'none', 'one', 'many', 'all', 'none-for', 'place', 'place-crumb']) {
    texts[key.replace(/-(\w)/g, (_, c) => c.toUpperCase())] = form.getAttribute(`data-text-${key}`) || '';
  }

  function addScript(src, { keep = true } = {}) {
    return new Promise((resolve, reject) => {
      const script = doc.createElement('script');
      script.src = src;
      // run in the order added
      script.async = false;
      script.onload = () => {
        // a shard has run; its element is of no more use
        if (!keep) script.remove();
        resolve();
      };
      script.onerror = () => {
        script.remove();
        reject(new Error(`cannot load ${src}`));
      };
      doc.head.appendChild(script);
    });
  }
  const once = (test, src) => (test() ? Promise.resolve() : addScript(src));
  // A pause that lets the browser paint and answer input between two parts of a long piece of
  // work: a slow phone takes tens of milliseconds for each part, and would freeze for all of
  // them in one go.
  const nextTask = () => new Promise((go) => setTimeout(go, 0));

  // The region data and regions.js, for place results; search works without them. Loaded with
  // the first query that may name a place (mayNamePlace), never on focus: regions.js turns the
  // header's region link into its control, which must not happen while someone tabs through
  // the header.
  let regionsLoading = null;
  function loadRegions() {
    if (!regionsLoading) {
      const data = once(() => Array.isArray(global.LEERPAD_REGIONS), form.getAttribute('data-regions-data'));
      const code = once(() => global.LeerpadRegions, form.getAttribute('data-regions-code'));
      regionsLoading = Promise.all([data, code]).then(
        () => ({ regions: global.LeerpadRegions, places: global.LEERPAD_REGIONS, outside: global.LEERPAD_OUTSIDE, texts: global.LEERPAD_REGION_TEXTS }),
        () => ({ regions: null, places: null }),
      );
    }
    return regionsLoading;
  }

  let loading = null;
  /** Loads the index's manifest once; resolves to { search, core }. */
  function engine() {
    if (!loading) {
      loading = once(() => global.LEERPAD_SEARCH, indexSrc).then(nextTask).then(() => {
        const data = global.LEERPAD_SEARCH;
        global.LeerpadSearchCore.setLanguage(data.language);
        const hints = data.hints || {};
        const options = { boosts: data.boosts, synonyms: data.synonyms, questionWords: hints.questionWords, intents: hints.intents, placeWords: hints.placeWords };
        // The version (a hash of the shards) keeps a cached shard of an older build out.
        const version = encodeURIComponent(data.shards.version || '');
        const source = global.LeerpadSearchShards.createShardSource(data.shards, {
          load: (name) => addScript(`${searchFolder}${name}.js?v=${version}`, { keep: false }),
        });
        global.LEERPAD_SEARCH_SHARD = source.add;
        const search = global.LeerpadSearchEngine.createEngine(source, options);
        return { core: global.LeerpadSearchCore, placeWords: hints.placeWords, search };
      });
      loading.catch(() => {
        // try again at the next focus
        loading = null;
      });
    }
    return loading;
  }

  /**
   * The results of `query`, the same in the popup and on the page: the place result, then the
   * ranked documents with their stored fields (the first `shown` of them). Also
   * `suggestions` when nothing is found.
   */
  /** The region data for `query`: loaded (or loading), needed, or none. */
  function regionsFor(e, query, stale) {
    if (regionsLoading) return regionsLoading;
    if (mayNamePlace(query, [])) return loadRegions();
    // Every word counts as finished here: a town the index lacks may begin like a term
    // ("Ronse", "rond…"), and waiting for more letters would hide it. The data loads once.
    return e.search.unmatchedAsync(placeEnd(query), { partial: false, stale }).then((unmatched) =>
      unmatched && mayNamePlace(query, unmatched) ? loadRegions() : { regions: null, places: null },
    );
  }

  /** As above; null when `stale()` turned true before they were in (typed on). */
  function results(e, query, shown, stale = () => false) {
    // Side by side: the words a place may be in need the same terms files as the search.
    const searched = e.search.searchAsync(query, { partial: true, limit: PAGE_RESULTS, stale });
    return Promise.all([searched, regionsFor(e, query, stale)]).then(([found, places]) =>
      found === null || stale() ? null : showable(e, query, shown, found, places),
    );
  }

  function showable(e, query, shown, found, places) {
    const regionTexts = places.texts || {};
    const withOutside = { ...texts, outsideIn: regionTexts.outside_in, outsideHelp: regionTexts.outside_help };
    const place = placeResult(query, places.regions, places.places, withOutside, places.outside, e.placeWords);
    const refs = found.slice(0, shown).map((r) => r.ref);
    return Promise.resolve(e.search.loadDocs(refs)).then(nextTask).then(() => {
      const list = compose(place, found.map((r, i) => ({ ...r, doc: (i < shown && e.search.doc(r.ref)) || {} })));
      const withDoc = list.map((r) => (r.kind === 'place' ? { ...r, doc: r } : r));
      if (withDoc.length > 0) return { list: withDoc, suggestions: [] };
      return e.search.suggestAsync(query).then((suggestions) => ({ list: withDoc, suggestions }));
    });
  }

  /** Appends `text` to `el` with the words of `terms` in <mark>. */
  function appendMarked(e, el, text, terms, length) {
    const s = e.core.snippet(text, terms, { length });
    if (s.cutStart) el.appendChild(doc.createTextNode('… '));
    for (const part of s.parts) {
      if (part.hit) {
        const mark = doc.createElement('mark');
        mark.textContent = part.text;
        el.appendChild(mark);
      } else {
        el.appendChild(doc.createTextNode(part.text));
      }
    }
    if (s.cutEnd) el.appendChild(doc.createTextNode(' …'));
  }

  /** The inside of one result: title (link), breadcrumb, snippet. */
  function fillResult(e, el, r, snippetLength, tabbable) {
    const link = doc.createElement('a');
    link.className = 'search-result-title';
    link.href = pageHref(root, r.doc.url || '');
    if (!tabbable) link.tabIndex = -1;
    appendMarked(e, link, r.doc.title || '', r.terms, 400);
    el.appendChild(link);
    const trail = crumbTrail(r.doc.crumb, r.doc.title);
    if (trail) {
      const crumb = doc.createElement('span');
      crumb.className = 'search-result-crumb';
      crumb.textContent = trail;
      el.appendChild(crumb);
    }
    if (r.doc.text) {
      const text = doc.createElement('span');
      text.className = 'search-result-snippet';
      appendMarked(e, text, r.doc.text, r.terms, snippetLength);
      el.appendChild(text);
    }
    if (r.kind === 'place') el.classList.add('search-option-place');
    return link;
  }

  /** Shows or hides a help block: the query, and "did you mean" buttons that run `pick`. */
  function showHelp(help, query, suggestions, pick) {
    if (!help) return;
    help.hidden = query === null;
    if (query === null) return;
    help.querySelector('[data-search-none]').textContent = (texts.noneFor || texts.none).replace('{q}', query.trim());
    const suggest = help.querySelector('[data-search-suggest]');
    const list = help.querySelector('[data-search-suggestions]');
    list.textContent = '';
    for (const s of suggestions) {
      const button = doc.createElement('button');
      button.type = 'button';
      button.textContent = s;
      button.addEventListener('click', () => pick(s));
      list.appendChild(button);
    }
    suggest.hidden = suggestions.length === 0;
  }

  // --------------------------------------------------------------- header box

  const input = form.querySelector('input[name=q]');
  const popup = form.querySelector('[data-search-popup]');
  const list = form.querySelector('[role=listbox]');
  const loadingNote = form.querySelector('[data-search-loading]');
  const help = popup.querySelector('[data-search-help]');
  const status = form.querySelector('[data-search-status]');
  let active = -1;
  let announceTimer = 0;
  let lastQuery = null;
  let slowTimer = 0;

  input.setAttribute('role', 'combobox');
  input.setAttribute('aria-autocomplete', 'list');
  input.setAttribute('aria-expanded', 'false');
  input.setAttribute('aria-controls', list.id);

  function announce(text, delay = ANNOUNCE_DELAY) {
    clearTimeout(announceTimer);
    announceTimer = setTimeout(() => {
      status.textContent = text;
    }, delay);
  }

  const options = () => Array.from(list.querySelectorAll('[role=option]'));

  function open() {
    popup.hidden = false;
    input.setAttribute('aria-expanded', String(list.childElementCount > 0));
  }

  function close() {
    popup.hidden = true;
    input.setAttribute('aria-expanded', 'false');
    setActive(-1);
  }

  function setActive(i) {
    const all = options();
    active = all.length === 0 ? -1 : i;
    all.forEach((o, j) => {
      o.setAttribute('aria-selected', j === active ? 'true' : 'false');
      o.classList.toggle('active', j === active);
    });
    if (active >= 0) {
      input.setAttribute('aria-activedescendant', all[active].id);
      all[active].scrollIntoView({ block: 'nearest' });
    } else {
      input.removeAttribute('aria-activedescendant');
    }
  }

  function showLoading() {
    if (!loadingNote) return;
    loadingNote.hidden = false;
    list.textContent = '';
    if (help) help.hidden = true;
    open();
    announce(texts.loading, 0);
  }

  function update() {
    const query = input.value;
    if (query === lastQuery) return;
    lastQuery = query;
    if (query.trim().length < MIN_CHARS) {
      list.textContent = '';
      close();
      status.textContent = '';
      return;
    }
    // Visible until the results are there: on a slow phone the first query takes seconds.
    clearTimeout(slowTimer);
    slowTimer = setTimeout(showLoading, loading ? 150 : 0);
    const slow = slowTimer;
    engine()
      .then((e) => {
        // typed on meanwhile
        const stale = () => input.value !== query;
        if (stale()) return null;
        return results(e, query, FIRST_SHOWN, stale).then((first) => {
          if (first === null || stale()) return null;
          clearTimeout(slow);
          render(e, query, first, FIRST_SHOWN);
          if (first.list.length <= FIRST_SHOWN) return null;
          return results(e, query, POPUP_RESULTS, stale).then((all) => {
            if (all !== null && !stale()) render(e, query, all, POPUP_RESULTS, true);
          });
        });
      })
      .catch(() => {
        clearTimeout(slow);
        lastQuery = null;
        if (loadingNote) loadingNote.hidden = true;
        announce(texts.failed);
      });
  }

  /**
   * Shows the first `shown` results (their texts are in); `more`: the same query's list with
   * more of them, which keeps the option the keyboard is on.
   */
  function render(e, query, { list: found, suggestions }, shown, more = false) {
    if (loadingNote) loadingNote.hidden = true;
    const was = active;
    list.textContent = '';
    found.slice(0, Math.min(shown, POPUP_RESULTS)).forEach((r, i) => {
      const li = doc.createElement('li');
      li.id = `site-search-option-${i}`;
      li.setAttribute('role', 'option');
      li.className = 'search-option';
      fillResult(e, li, r, 110, false);
      list.appendChild(li);
    });
    if (found.length > POPUP_RESULTS) {
      const li = doc.createElement('li');
      li.id = 'site-search-option-all';
      li.setAttribute('role', 'option');
      li.className = 'search-option search-option-all';
      const a = doc.createElement('a');
      a.href = `${searchFolder}index.html?q=${encodeURIComponent(query)}`;
      a.tabIndex = -1;
      a.textContent = `${texts.all} (${found.length})`;
      li.appendChild(a);
      list.appendChild(li);
    }
    showHelp(help, found.length === 0 ? query : null, suggestions, (s) => {
      input.value = s;
      input.focus();
      update();
    });
    setActive(more && was < list.childElementCount ? was : -1);
    open();
    announce(found.length === 0 ? help.querySelector('[data-search-none]').textContent : countText(texts, found.length));
  }

  input.addEventListener('focus', () => {
    engine().catch(() => announce(texts.failed));
  });
  let lastKey = 0;
  let typingTimer = 0;
  input.addEventListener('input', () => {
    const now = Date.now();
    const typingOn = now - lastKey < TYPING_GAP;
    lastKey = now;
    clearTimeout(typingTimer);
    if (typingOn) typingTimer = setTimeout(update, TYPING_QUIET);
    else update();
  });
  // site.js loads the bundle when the box gets focus: catch up with that focus and any typing.
  if (doc.activeElement === input) {
    engine().catch(() => announce(texts.failed));
    update();
  }
  input.addEventListener('keydown', (event) => {
    const all = options();
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      if (popup.hidden) {
        lastQuery = null;
        update();
      }
      if (all.length === 0) return;
      event.preventDefault();
      const step = event.key === 'ArrowDown' ? 1 : -1;
      let next = active + step;
      if (next >= all.length) next = 0;
      if (next < -1) next = all.length - 1;
      setActive(next);
    } else if (event.key === 'Enter') {
      if (!popup.hidden && active >= 0 && all[active]) {
        event.preventDefault();
        const link = all[active].querySelector('a');
        // Following the link (not setting location) lets the page's link handlers see it:
        // scorm.js marks a navigation inside an LMS's frame.
        if (link) link.click();
      }
    } else if (event.key === 'Escape') {
      if (!popup.hidden) {
        event.preventDefault();
        close();
      }
    }
  });
  // Clicks on a result follow its link; a click or focus elsewhere closes the popup.
  list.addEventListener('mousedown', (event) => event.preventDefault());
  doc.addEventListener('click', (event) => {
    if (!form.contains(event.target)) close();
  });
  form.addEventListener('focusout', (event) => {
    if (!event.relatedTarget || !form.contains(event.relatedTarget)) close();
  });

  // -------------------------------------------------------------- search page

  const page = doc.querySelector('.search-page');
  if (!page) return;
  const pageInput = page.querySelector('input[name=q]');
  const pageStatus = page.querySelector('[role=status]');
  const pageList = page.querySelector('.search-results');
  const pageHelp = page.querySelector('[data-search-help]');
  const initial = queryParam(global.location.search);
  if (pageInput && initial) pageInput.value = initial;

  const more = page.querySelector('[data-search-more]');
  const moreButton = more && more.querySelector('button');

  /**
   * Adds `rows` to the results list for RESULTS_SLICE_MS at a time, with a pause between: a
   * phone that is slow to mark up the snippets answers a tap meanwhile. Stops when the list has
   * been given to another query. Resolves with the first added item once all are in.
   */
  function appendResults(e, rows, query, first = null) {
    const start = Date.now();
    let i = 0;
    while (i < rows.length && (i === 0 || Date.now() - start < RESULTS_SLICE_MS)) {
      const r = rows[i++];
      const li = doc.createElement('li');
      li.className = 'search-result';
      li.setAttribute('data-ref', r.ref);
      fillResult(e, li, r, 220, true);
      pageList.appendChild(li);
      if (!first) first = li;
    }
    if (i === rows.length) return Promise.resolve(first);
    return nextTask().then(() =>
      pageList.getAttribute('data-query') === query ? appendResults(e, rows.slice(i), query, first) : null,
    );
  }

  function renderPage() {
    const query = pageInput ? pageInput.value : initial;
    if (more) more.hidden = true;
    if (query.trim() === '') {
      pageList.textContent = '';
      pageList.removeAttribute('data-query');
      pageStatus.textContent = '';
      showHelp(pageHelp, null);
      return;
    }
    pageStatus.textContent = texts.loading;
    const stale = () => Boolean(pageInput) && pageInput.value !== query;
    // The first `shown` results; those already shown for this query stay where they are and
    // only those after them are added, so a reader's place holds and nothing flashes.
    const show = (e, { list: found, suggestions }, shown) => {
      const items = found.slice(0, shown);
      const kept = pageList.getAttribute('data-query') === query ? pageList.children : [];
      pageList.setAttribute('data-query', query);
      let same = 0;
      while (same < kept.length && same < items.length && kept[same].getAttribute('data-ref') === items[same].ref) same++;
      while (pageList.childElementCount > same) pageList.lastElementChild.remove();
      const added = appendResults(e, items.slice(same), query);
      showHelp(pageHelp, found.length === 0 ? query : null, suggestions, (s) => {
        if (pageInput) pageInput.value = s;
        renderPage();
      });
      pageStatus.textContent = found.length === 0 ? pageHelp.querySelector('[data-search-none]').textContent : countText(texts, found.length);
      // Without the button (a theme's own template) every result shows at once. The button
      // (hidden by renderPage) shows once the results above it are in, so that they do not
      // push it down.
      return added.then((first) => {
        if (more && pageList.getAttribute('data-query') === query) more.hidden = found.length <= shown;
        return first;
      });
    };
    // A page of results at a time: a phone loads the texts of the results it shows, not of
    // all of them. The button shows the next page and moves the focus to its first result.
    let shown = more ? PAGE_STEP : PAGE_RESULTS;
    if (moreButton) {
      let busy = false;
      moreButton.onclick = () => {
        // The button keeps the focus while the next page loads (aria-disabled, not disabled,
        // which would drop it).
        if (busy) return;
        busy = true;
        moreButton.setAttribute('aria-disabled', 'true');
        shown += PAGE_STEP;
        engine()
          .then((e) => results(e, query, shown, stale).then((next) => (next === null || stale() ? null : show(e, next, shown))))
          .then((first) => {
            const link = first && first.querySelector('a');
            if (link) link.focus();
          })
          .catch(() => {
            // The same page is asked for again at the next press.
            shown -= PAGE_STEP;
            pageStatus.textContent = texts.failed;
          })
          .then(() => {
            busy = false;
            moreButton.removeAttribute('aria-disabled');
          });
      };
    }
    engine()
      .then((e) => nextTask().then(() => e))
      .then((e) =>
        results(e, query, shown, stale).then((first) => {
          if (first !== null && !stale()) show(e, first, shown);
        }),
      )
      .catch(() => {
        pageStatus.textContent = texts.failed;
      });
  }

  renderPage();
  if (pageInput) {
    let timer = 0;
    pageInput.addEventListener('input', () => {
      clearTimeout(timer);
      timer = setTimeout(() => {
        // Keep the address a shareable link to these results.
        try {
          const q = pageInput.value.trim();
          global.history.replaceState(null, '', q ? `?q=${encodeURIComponent(q)}` : global.location.pathname);
        } catch (e) {
          // Some file:// setups refuse history changes; the results still show.
        }
        renderPage();
      }, 250);
    });
  }
})(typeof globalThis !== 'undefined' ? globalThis : this);
