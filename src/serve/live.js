// Loaded only by pages that `leerpad serve` renders (base.html's `live_reload`): reloads the
// page after each rebuild and, when the last rebuild failed, shows its errors at the top.
const source = new EventSource('/__leerpad/events');
source.addEventListener('reload', () => window.location.reload());

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
