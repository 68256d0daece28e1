// Loaded only by pages that `leerpad serve` renders (base.html's `live_reload`): reloads the
// page when a rebuild changed it or a file it loaded (a style sheet, a script, an image, a
// search shard), and, when the last rebuild failed, shows its errors at the top.
// A rebuild sends the URL paths of the files it changed as a JSON list, or `*`: reload all.

/** The path of the file this page is (`/a/` is `/a/index.html`). */
function ownFile() {
  const path = decodeURI(window.location.pathname);
  return path.endsWith('/') ? `${path}index.html` : path;
}

/** True when the rebuild that sent `data` changed this page or a file it loaded. */
function touched(data) {
  let changed;
  try {
    changed = data === '*' ? null : new Set(JSON.parse(data));
  } catch {
    changed = null;
  }
  if (!changed) return true;
  if (changed.has(ownFile())) return true;
  return performance.getEntriesByType('resource').some((entry) => {
    const url = new URL(entry.name, window.location.href);
    return url.origin === window.location.origin && changed.has(decodeURI(url.pathname));
  });
}

const source = new EventSource('/__leerpad/events');
source.addEventListener('reload', (event) => {
  if (touched(event.data)) window.location.reload();
});

fetch('/__leerpad/error', { cache: 'no-store' })
  .then((response) => (response.status === 200 ? response.text() : ''))
  .then((text) => {
    if (!text) return;
    const style = document.createElement('link');
    style.rel = 'stylesheet';
    style.href = '/__leerpad/live.css';
    document.head.append(style);
    const banner = document.createElement('pre');
    banner.className = 'leerpad-error';
    banner.setAttribute('role', 'alert');
    banner.textContent = text;
    document.body.prepend(banner);
  })
  .catch(() => {});
