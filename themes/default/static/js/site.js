/* leerpad: small enhancements shared by every page. Classic script (works from file://). */
(function () {
  'use strict';
  document.documentElement.classList.add('js');

  // Buttons that print the page (the module's print view).
  for (const button of document.querySelectorAll('[data-print]')) {
    button.hidden = false;
    button.addEventListener('click', () => window.print());
  }

  // Presentation mode (lessons) loads on demand: most readers never need it.
  const present = document.querySelector('[data-present-start]');
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

  // Search loads on demand as well: its script (which then loads the index) the first time the
  // search box gets focus. The search page itself loads it at once.
  const search = document.querySelector('form[data-search]');
  if (search) {
    search.addEventListener('focusin', () => {
      if (window.LeerpadSearchUi || document.querySelector('script[data-search-ui]')) return;
      const script = document.createElement('script');
      script.src = `${search.dataset.root || ''}js/search-ui.js`;
      script.dataset.searchUi = '';
      document.head.append(script);
    });
  }

  // Offline: the service worker at the site root caches the whole site. Only over http(s): from
  // file:// the files are on disk already. Not under `leerpad serve` (its live-reload script is on
  // the page), where a cache would hide the edits.
  if ('serviceWorker' in navigator && /^https?:$/.test(location.protocol) &&
      !document.querySelector('script[src^="/__leerpad/"]')) {
    window.addEventListener('load', () => {
      navigator.serviceWorker.register(`${document.body.dataset.root || ''}sw.js`).catch(() => {});
    });
  }
})();
