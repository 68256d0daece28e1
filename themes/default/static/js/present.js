// leerpad presentation mode (classic script, works from file://): a lesson as slides for a team.
// site.js loads it when "Presenteer" is pressed (learners seldom need it) and calls enter().
// Owns: slides (a new one at every h2 and <hr>), the keys (arrows, space, a clicker's
// PageUp/PageDown, F, N, Escape), the counter and focus. Only classes change (strict CSP):
// html.presenting, .slide-off (not on this slide), .trainer-note.shown.
// HTML (lesson.html): article.lesson, [data-present-start], [data-present-bar] > [data-present=…].

(function (global) {
  'use strict';

  /**
   * Splits a list of blocks into slides: [{tag}] → arrays of indices. A block with tag H2 or
   * SECTION starts a new slide; an HR starts one and is left out. Empty slides are dropped.
   */
  function slides(blocks) {
    const out = [[]];
    blocks.forEach((block, i) => {
      const tag = String(block.tag).toUpperCase();
      if (tag === 'H2' || tag === 'HR' || tag === 'SECTION') out.push([]);
      if (tag !== 'HR') out[out.length - 1].push(i);
    });
    return out.filter((slide) => slide.length > 0);
  }

  /** What a key does: 'next', 'prev', 'full', 'notes', 'leave' or null. `focus` is 'field'
   * (input, select: arrows and space choose an answer), 'button' (space presses it) or ''. */
  function action(key, focus) {
    switch (key) {
      case 'PageDown': return 'next';
      case 'PageUp': return 'prev';
      case 'Escape': case 'Esc': return 'leave';
      case 'f': case 'F': return 'full';
      case 'n': case 'N': return 'notes';
      default:
    }
    if (focus === 'field') return null;
    if (key === 'ArrowRight' || key === 'ArrowDown') return 'next';
    if (key === 'ArrowLeft' || key === 'ArrowUp') return 'prev';
    if ((key === ' ' || key === 'Spacebar') && focus !== 'button') return 'next';
    return null;
  }

  /** The slide after a move, kept within 0…count-1. */
  function move(index, step, count) {
    return Math.min(Math.max(index + step, 0), Math.max(count - 1, 0));
  }

  const counter = (index, count) => `${index + 1} / ${count}`;

  const api = { slides, action, move, counter };
  if (typeof module === 'object' && module.exports) {
    module.exports = api; // node tests
    return;
  }
  global.LeerpadPresent = api;
  if (typeof document === 'undefined') return;

  function init() {
    const article = document.querySelector('article.lesson');
    const start = document.querySelector('[data-present-start]');
    const bar = document.querySelector('[data-present-bar]');
    if (!article || !start || !bar) return;
    const html = document.documentElement;
    const body = article.querySelector('.lesson-body');
    const blocks = [...article.children].flatMap((el) => {
      if (el === body) return [...body.children];
      return el.matches('h1, .lead, section') ? [el] : [];
    });
    const groups = slides(blocks.map((el) => ({ tag: el.tagName })));
    const notes = [...article.querySelectorAll('.trainer-note')];
    const countEl = bar.querySelector('[data-present-counter]');
    const status = bar.querySelector('[data-present-status]');
    const notesButton = bar.querySelector('[data-present="notes"]');
    const fullButton = bar.querySelector('[data-present="full"]');
    let current = 0;
    let on = false;

    if (!notes.length) notesButton.hidden = true;
    if (!document.fullscreenEnabled) fullButton.hidden = true;

    function go(index, focusSlide = true) {
      current = move(index, 0, groups.length);
      const visible = new Set(groups[current].map((i) => blocks[i]));
      blocks.forEach((el) => el.classList.toggle('slide-off', !visible.has(el)));
      countEl.textContent = counter(current, groups.length);
      global.scrollTo(0, 0);
      // Focus the slide's first block, so a screen reader reads on from there; the bar's
      // buttons keep focus (the counter is announced).
      const first = blocks[groups[current][0]];
      if (!focusSlide) return;
      if (!first.hasAttribute('tabindex')) first.setAttribute('tabindex', '-1');
      first.focus({ preventScroll: true });
    }

    function say(text) {
      status.textContent = '';
      setTimeout(() => { status.textContent = text; }, 100);
    }

    function toggleNotes() {
      const shown = notesButton.getAttribute('aria-pressed') !== 'true';
      notes.forEach((note) => note.classList.toggle('shown', shown));
      notesButton.setAttribute('aria-pressed', String(shown));
      say(shown ? bar.dataset.textNotesOn : bar.dataset.textNotesOff);
    }

    function toggleFull() {
      if (!document.fullscreenEnabled) return;
      if (document.fullscreenElement) document.exitFullscreen().catch(() => {});
      else html.requestFullscreen().catch(() => {});
    }

    function enter() {
      on = true;
      html.classList.add('presenting');
      bar.hidden = false;
      go(0);
    }

    function leave() {
      on = false;
      const first = blocks[groups[current][0]];
      html.classList.remove('presenting');
      blocks.forEach((el) => el.classList.remove('slide-off'));
      bar.hidden = true;
      countEl.textContent = '';
      if (document.fullscreenElement) document.exitFullscreen().catch(() => {});
      first.scrollIntoView();
      start.focus({ preventScroll: true });
    }

    const run = {
      next: (focusSlide) => go(current + 1, focusSlide),
      prev: (focusSlide) => go(current - 1, focusSlide),
      full: toggleFull,
      notes: () => { if (notes.length) toggleNotes(); },
      leave,
    };

    api.enter = () => { if (!on) enter(); };
    bar.addEventListener('click', (event) => {
      const button = event.target.closest('[data-present]');
      if (button) run[button.dataset.present](false);
    });
    document.addEventListener('keydown', (event) => {
      if (!on || event.altKey || event.ctrlKey || event.metaKey || event.defaultPrevented) return;
      const target = event.target.closest ? event.target : document.body;
      const focus = target.closest('input, select, textarea') ? 'field' : target.closest('button, summary') ? 'button' : '';
      const what = action(event.key, focus);
      if (!what) return;
      event.preventDefault();
      run[what]();
    });
  }

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', init);
  else init();
})(typeof globalThis !== 'undefined' ? globalThis : this);
