// leerpad print date (classic script, works from file://): fills [data-print-date] with the day
// the page is printed, as "<data-text-printed> 1 december 2026" in the page's language, and
// shows it. Filled at load and again just before printing (a page left open overnight).
// Without JavaScript the line stays hidden: a printed page never carries an invented date, and
// the build writes no date (same input, same output).

(function (global) {
  'use strict';

  /** "Afgedrukt op 1 december 2026": the label and the date, in `lang`. */
  function line(label, date, lang) {
    let text;
    try {
      text = new Intl.DateTimeFormat(lang || undefined, { day: 'numeric', month: 'long', year: 'numeric' }).format(date);
    } catch (error) {
      text = date.toISOString().slice(0, 10);
    }
    return label ? `${label} ${text}` : text;
  }

  if (typeof module === 'object' && module.exports) {
    module.exports = { line }; // node tests
    return;
  }
  if (typeof document === 'undefined') return;

  function fill() {
    const lang = document.documentElement.lang;
    document.querySelectorAll('[data-print-date]').forEach((el) => {
      el.textContent = line(el.dataset.textPrinted || '', new Date(), lang);
      el.hidden = false;
    });
  }

  global.addEventListener('beforeprint', fill);
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', fill);
  else fill();
})(typeof globalThis !== 'undefined' ? globalThis : this);
