/* leerpad: small enhancements shared by every page. Classic script (works from file://). */
(function () {
  'use strict';
  document.documentElement.classList.add('js');

  // Buttons that print the page (module print view, step card, region page): useless without
  // JavaScript, so they (or the paragraph around them) show only now. The one place that binds
  // them: a second listener would print twice.
  for (const button of document.querySelectorAll('[data-print]')) {
    button.hidden = false;
    if (button.parentElement && button.parentElement.hidden) button.parentElement.hidden = false;
    button.addEventListener('click', () => window.print());
  }

  // The header menu: on a small screen nav, search and region sit behind one disclosure button.
  // Without JavaScript (or on a wide screen, where CSS hides the button) the menu is always open.
  const menuButton = document.querySelector('[data-menu-toggle]');
  const menu = document.querySelector('[data-menu]');
  if (menuButton && menu) {
    menuButton.hidden = false;
    const setOpen = (open) => {
      menuButton.setAttribute('aria-expanded', String(open));
      menu.classList.toggle('is-open', open);
    };
    menuButton.addEventListener('click', () => setOpen(menuButton.getAttribute('aria-expanded') !== 'true'));
    (menuButton.closest('header') || document).addEventListener('keydown', (event) => {
      if (event.key === 'Escape' && menuButton.getAttribute('aria-expanded') === 'true') {
        setOpen(false);
        menuButton.focus();
      }
    });
    setOpen(false);
  }

  // Presentation mode (lessons) loads on demand: most readers never need it, and it is not offered
  // on a small touch-only screen, where there is no keyboard or projector to drive it.
  const touchOnlySmall = window.matchMedia &&
    window.matchMedia('(hover: none) and (pointer: coarse) and (max-width: 47.99em)').matches;
  const present = touchOnlySmall ? null : document.querySelector('[data-present-start]');
  if (present) {
    let loading = false;
    present.parentElement.hidden = false;
    present.addEventListener('click', () => {
      if (window.LeerpadPresent) return window.LeerpadPresent.enter();
      if (loading) return;
      loading = true;
      const script = document.createElement('script');
      script.src = present.dataset.src;
      script.addEventListener('load', () => window.LeerpadPresent.enter());
      document.head.append(script);
    });
  }

  // Search loads on demand as well: its one script (js/search.js, which then loads the index's
  // manifest) the first time the search box gets focus. The search page itself loads both at
  // once.
  const search = document.querySelector('form[data-search]');
  if (search) {
    search.addEventListener('focusin', () => {
      if (window.LeerpadSearchUi || document.querySelector('script[data-search-ui]')) return;
      const script = document.createElement('script');
      script.src = `${search.dataset.root || ''}js/search.js`;
      script.dataset.searchUi = '';
      document.head.append(script);
    });
  }

  // The region choice in the header. Pages about partners load regions.js at once; elsewhere the
  // header shows the stored choice and loads regions.js (and the region data) on first use.
  const region = document.querySelector('[data-region-control]');
  if (region && !document.querySelector('script[src$="js/regions.js"]')) {
    let stored = null;
    try {
      stored = JSON.parse(localStorage.getItem('leerpad.region') || 'null');
    } catch (e) {
      stored = null;
    }
    const link = region.querySelector('a');
    if (link && stored && stored.name) {
      link.textContent = `${region.dataset.yours} ${stored.municipality || stored.name} · ${region.dataset.change}`;
    }
    if (link) {
      link.addEventListener('click', (event) => {
        event.preventDefault();
        const add = (src) => new Promise((done) => {
          const script = document.createElement('script');
          script.src = src;
          script.addEventListener('load', done);
          document.head.append(script);
        });
        add(region.dataset.data)
          .then(() => add(region.dataset.src))
          .then(() => window.LeerpadRegions && window.LeerpadRegions.openPanel && window.LeerpadRegions.openPanel());
      }, { once: true });
    }
  }

  // Offline: the service worker at the site root caches the whole site. Only over http(s): from
  // file:// the files are on disk already. Not under `leerpad serve` (its live-reload script is on
  // the page), where a cache would hide the edits, nor in a SCORM package (data-scorm), which
  // the LMS serves and updates: a package has no sw.js.
  if ('serviceWorker' in navigator && /^https?:$/.test(location.protocol) &&
      !document.querySelector('script[src^="/__leerpad/"], script[data-scorm]')) {
    // A phone that saves data or has a slow line fetches nothing ahead: the worker then keeps
    // only what is opened (src/offline/sw.js).
    const line = navigator.connection || {};
    const ahead = !(line.saveData || /^(slow-2g|2g|3g)$/.test(line.effectiveType || ''));
    window.addEventListener('load', () => {
      const root = document.body.dataset.root || '';
      navigator.serviceWorker.register(`${root}sw.js${ahead ? '' : '?ahead=0'}`)
        .then(() => navigator.serviceWorker.ready)
        .then((registration) => {
          const opened = [location.href, ...performance.getEntriesByType('resource').map((e) => e.name)];
          if (registration.active) registration.active.postMessage({ opened });
        })
        .catch(() => {});
    });
  }
})();
