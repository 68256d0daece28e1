// leerpad search box and search page (a classic script, so it also runs from file://).
//
// Owns: the header search box (a combobox with a popup listbox of results as you type), the
// full results on the search page (zoeken/index.html?q=…), and loading the search code lazily:
// js/search-core.js and zoeken/index.js are added as <script> elements the first time the box
// gets focus (or at once on the search page), never on a plain page view. When zoeken/index.js
// is the manifest of a split index, js/search-shards.js follows, and each query adds the
// <script> elements of the shards it needs (zoeken/terms/3.js, …), each loaded once.
// Does not: rank or stem (search-core.js does) or build HTML from data: every text goes in
// with textContent, matched words in <mark> elements.
//
// HTML contract (base.html, search.html):
//   form[data-search][data-root][data-text-*] > input[name=q] + ul[role=listbox][hidden]
//     + [data-search-status] (aria-live)
//   .search-page > form > input[name=q], [role=status], ol.search-results

(function (global) {
  'use strict';

  const MIN_CHARS = 3; // the box searches from the third character
  const POPUP_RESULTS = 8;
  const PAGE_RESULTS = 50;
  const ANNOUNCE_DELAY = 500; // ms of quiet typing before the count is announced

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

  const api = { pageHref, crumbTrail, countText, queryParam, MIN_CHARS };
  if (typeof module === 'object' && module.exports) {
    module.exports = api;
    return;
  }
  global.LeerpadSearchUi = api;

  // ------------------------------------------------------------------ loading

  const doc = global.document;
  const form = doc.querySelector('form[data-search]');
  if (!form) return;
  const root = form.getAttribute('data-root') || '';
  const texts = {};
  for (const key of ['loading', 'failed', 'none', 'one', 'many', 'all']) {
    texts[key] = form.getAttribute(`data-text-${key}`) || '';
  }

  let loading = null;
  function addScript(src, { keep = true } = {}) {
    return new Promise((resolve, reject) => {
      const script = doc.createElement('script');
      script.src = src;
      script.async = true;
      script.onload = () => {
        if (!keep) script.remove(); // a shard has run; its element is of no more use
        resolve();
      };
      script.onerror = () => {
        script.remove();
        reject(new Error(`cannot load ${src}`));
      };
      doc.head.appendChild(script);
    });
  }
  /** Loads the core and the index once; resolves to a search engine. */
  function engine() {
    if (!loading) {
      const core = global.LeerpadSearchCore ? Promise.resolve() : addScript(`${root}js/search-core.js`);
      const index = global.LEERPAD_SEARCH ? Promise.resolve() : addScript(`${root}zoeken/index.js`);
      loading = Promise.all([core, index]).then(() => {
        const data = global.LEERPAD_SEARCH;
        const core = global.LeerpadSearchCore;
        const options = { boosts: data.boosts, synonyms: data.synonyms };
        if (!data.shards) return { core, search: core.createSearch(data.index, options) };
        const shards = global.LeerpadSearchShards ? Promise.resolve() : addScript(`${root}js/search-shards.js`);
        return shards.then(() => {
          // The version (a hash of the shards) keeps a cached shard of an older build out.
          const version = encodeURIComponent(data.shards.version || '');
          const source = global.LeerpadSearchShards.createShardSource(data.shards, {
            load: (name) => addScript(`${root}zoeken/${name}.js?v=${version}`, { keep: false }),
          });
          global.LEERPAD_SEARCH_SHARD = source.add;
          return { core, search: core.createEngine(source, options) };
        });
      });
      loading.catch(() => {
        loading = null; // try again at the next focus
      });
    }
    return loading;
  }

  // ------------------------------------------------------------------ results

  /** Resolves to the results, the stored fields (title, text…) of the first `shown` loaded. */
  function results(e, query, partial, limit, shown) {
    return e.search.searchAsync(query, { partial, limit }).then((found) => {
      const refs = found.slice(0, shown).map((r) => r.ref);
      return Promise.resolve(e.search.loadDocs(refs)).then(() =>
        found.map((r, i) => ({ ...r, doc: (i < shown && e.search.doc(r.ref)) || {} })),
      );
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
    return link;
  }

  // --------------------------------------------------------------- header box

  const input = form.querySelector('input[name=q]');
  const list = form.querySelector('[role=listbox]');
  const status = form.querySelector('[data-search-status]');
  let active = -1;
  let announceTimer = 0;
  let lastQuery = null;

  input.setAttribute('role', 'combobox');
  input.setAttribute('aria-autocomplete', 'list');
  input.setAttribute('aria-expanded', 'false');
  input.setAttribute('aria-controls', list.id);

  function announce(text) {
    clearTimeout(announceTimer);
    announceTimer = setTimeout(() => {
      status.textContent = text;
    }, ANNOUNCE_DELAY);
  }

  function options() {
    return Array.from(list.querySelectorAll('[role=option]'));
  }

  function open() {
    if (list.childElementCount === 0) return close();
    list.hidden = false;
    input.setAttribute('aria-expanded', 'true');
  }

  function close() {
    list.hidden = true;
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
    engine()
      .then((e) => {
        if (input.value !== query) return null; // typed on meanwhile
        return results(e, query, true, PAGE_RESULTS, POPUP_RESULTS).then((found) => {
          if (input.value === query) render(e, query, found);
        });
      })
      .catch(() => {
        lastQuery = null;
        announce(texts.failed);
      });
  }

  function render(e, query, found) {
    list.textContent = '';
    found.slice(0, POPUP_RESULTS).forEach((r, i) => {
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
      a.href = `${root}zoeken/index.html?q=${encodeURIComponent(query)}`;
      a.tabIndex = -1;
      a.textContent = `${texts.all} (${found.length})`;
      li.appendChild(a);
      list.appendChild(li);
    }
    setActive(-1);
    open();
    announce(countText(texts, found.length));
  }

  input.addEventListener('focus', () => {
    engine().catch(() => announce(texts.failed));
  });
  input.addEventListener('input', update);
  // site.js loads this script when the box gets focus: catch up with that focus and any typing.
  if (doc.activeElement === input) {
    engine().then(update).catch(() => announce(texts.failed));
  }
  input.addEventListener('keydown', (event) => {
    const all = options();
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      if (list.hidden) {
        lastQuery = null;
        update();
        open();
      }
      if (all.length === 0) return;
      event.preventDefault();
      const step = event.key === 'ArrowDown' ? 1 : -1;
      let next = active + step;
      if (next >= all.length) next = 0;
      if (next < -1) next = all.length - 1;
      setActive(next);
    } else if (event.key === 'Enter') {
      if (!list.hidden && active >= 0 && all[active]) {
        event.preventDefault();
        const link = all[active].querySelector('a');
        if (link) global.location.href = link.href;
      }
    } else if (event.key === 'Escape') {
      if (!list.hidden) {
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
  const initial = queryParam(global.location.search);
  if (pageInput && initial) pageInput.value = initial;

  function renderPage() {
    const query = pageInput ? pageInput.value : initial;
    if (query.trim() === '') {
      pageList.textContent = '';
      pageStatus.textContent = '';
      return;
    }
    pageStatus.textContent = texts.loading;
    engine()
      .then((e) =>
        results(e, query, false, PAGE_RESULTS, PAGE_RESULTS).then((found) => {
          if (pageInput && pageInput.value !== query) return;
          pageList.textContent = '';
          for (const r of found) {
            const li = doc.createElement('li');
            li.className = 'search-result';
            fillResult(e, li, r, 220, true);
            pageList.appendChild(li);
          }
          pageStatus.textContent = countText(texts, found.length);
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
