// leerpad presentation mode (classic script, works from file://): a lesson as slides for a team.
// site.js loads it when "Presenteer" is pressed (learners seldom need it) and calls enter();
// it loads present.css and present-deck.js, which cuts the lesson into slides that fit the screen.
//
// Owns: the sections a lesson starts from (at every h2, <hr> and the partner section), the keys
// (arrows, space, a clicker's PageUp/PageDown, Home, End, F, N, R, S, Escape), moving between
// slides, the control bar (fades when the mouse rests, back on movement or focus; the slide area
// ends where it begins), trainer notes on the projected screen only after N (with a marker),
// R to reveal a check's answer, and the presenter view: a second window that it opens, loads
// presenter.js into and keeps in step with by postMessage, both ways.
// Does not: measure or cut slides (present-deck.js), grade checks (quiz.js) or store progress.
// Only classes, attributes and JS-set styles change (strict CSP): html.presenting,
// .trainer-note.shown, .present-bar.is-idle, aria-pressed, [hidden]; the slide area's bottom.
// HTML (lesson.html): article.lesson, [data-present-start][data-src][data-deck][data-css],
// [data-present-marker], [data-present-bar][data-text-*][data-presenter-js] > [data-present=…].

(function (global) {
  'use strict';

  /**
   * Splits a list of blocks into sections: [{tag}] → arrays of indices. A block with tag H2 or
   * SECTION starts a new section; an HR starts one and is left out. Empty sections are dropped.
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

  /** What a key does: 'next', 'prev', 'full', 'notes', 'reveal', 'presenter', 'leave' or null.
   * `focus` is 'field' (input, select: arrows and space choose an answer), 'button' (space
   * presses it) or ''. */
  function action(key, focus) {
    switch (key) {
      case 'PageDown': return 'next';
      case 'PageUp': return 'prev';
      case 'Escape': case 'Esc': return 'leave';
      case 'f': case 'F': return 'full';
      case 'n': case 'N': return 'notes';
      case 'r': case 'R': return 'reveal';
      case 's': case 'S': return 'presenter';
      default:
    }
    if (focus === 'field') return null;
    if (key === 'ArrowRight' || key === 'ArrowDown') return 'next';
    if (key === 'ArrowLeft' || key === 'ArrowUp') return 'prev';
    if ((key === ' ' || key === 'Spacebar') && focus !== 'button') return 'next';
    if (key === 'Home') return 'first';
    if (key === 'End') return 'last';
    return null;
  }

  /** The slide after a move, kept within 0…count-1. */
  function move(index, step, count) {
    return Math.min(Math.max(index + step, 0), Math.max(count - 1, 0));
  }

  const counter = (index, count) => `${index + 1} / ${count}`;

  /** Elapsed time as m:ss, or h:mm:ss from an hour on. */
  function clock(ms) {
    const total = Math.max(0, Math.floor(ms / 1000));
    const two = (n) => String(n).padStart(2, '0');
    const h = Math.floor(total / 3600);
    const m = Math.floor((total % 3600) / 60);
    return h ? `${h}:${two(m)}:${two(total % 60)}` : `${m}:${two(total % 60)}`;
  }

  const api = { slides, action, move, counter, clock };
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
    const main = article.closest('main') || article.parentElement;
    const body = article.querySelector('.lesson-body');
    const blocks = [...article.children].flatMap((el) => {
      if (el === body) return [...body.children];
      return el.matches('h1, .lead, section') ? [el] : [];
    });
    const sections = slides(blocks.map((el) => ({ tag: el.tagName })));
    const notes = [...article.querySelectorAll('.trainer-note')];
    const quizzes = [...article.querySelectorAll('form.quiz')];
    const text = bar.dataset;
    const q = (name) => bar.querySelector(`[data-present="${name}"]`);
    const countEl = bar.querySelector('[data-present-counter]');
    const status = bar.querySelector('[data-present-status]');
    const marker = document.querySelector('[data-present-marker]');
    const buttons = { notes: q('notes'), full: q('full'), reveal: q('reveal'), presenter: q('presenter') };
    let deck = [];
    let current = 0;
    let on = false;
    let started = 0;
    let presenter = null;
    let idle = 0;
    let barHeight = 0;

    if (!notes.length) buttons.notes.hidden = true;
    if (!document.fullscreenEnabled) buttons.full.hidden = true;

    function go(index, focusSlide = true) {
      current = move(index, 0, deck.length);
      cards.show(deck[current]);
      countEl.textContent = counter(current, deck.length);
      const check = currentCheck();
      buttons.reveal.hidden = !check;
      if (check) setPressed(buttons.reveal, check.classList.contains('quiz-revealed'));
      global.scrollTo(0, 0);
      if (bar.offsetHeight !== barHeight) {
        recut(focusSlide);
        return;
      }
      sync();
      if (!focusSlide) return;
      // Focus the slide's first block, so a screen reader reads on from there; the bar's
      // buttons keep focus (the counter is announced).
      const first = deck[current].parts[0].el;
      if (!first.hasAttribute('tabindex')) first.setAttribute('tabindex', '-1');
      first.focus({ preventScroll: true });
    }

    const currentCheck = () => deck[current]?.parts.find((p) => p.kind === 'check')?.el || null;

    function setPressed(button, value) {
      button.setAttribute('aria-pressed', String(value));
    }

    function say(message) {
      status.textContent = '';
      setTimeout(() => { status.textContent = message; }, 100);
    }

    // ---------------------------------------------------------------- notes, checks, bar

    function toggleNotes() {
      if (!notes.length) return;
      const shown = buttons.notes.getAttribute('aria-pressed') !== 'true';
      notes.forEach((note) => note.classList.toggle('shown', shown));
      setPressed(buttons.notes, shown);
      if (marker) marker.hidden = !shown;
      checkBar();
      say(shown ? text.textNotesOn : text.textNotesOff);
      sync();
    }

    function toggleReveal() {
      const form = currentCheck();
      if (!form) return;
      const value = !form.classList.contains('quiz-revealed');
      global.LeerpadPresentDeck.reveal(form, value);
      setPressed(buttons.reveal, value);
      say(value ? text.textRevealed : text.textConcealed);
      sync();
    }

    function toggleFull() {
      if (!document.fullscreenEnabled) return;
      if (document.fullscreenElement) document.exitFullscreen().catch(() => {});
      else html.requestFullscreen().catch(() => {});
    }

    /** The bar fades after three seconds without the mouse, unless it has focus or the pointer. */
    function wake() {
      bar.classList.remove('is-idle');
      clearTimeout(idle);
      if (!on) return;
      idle = setTimeout(() => {
        if (!bar.contains(document.activeElement) && !bar.matches(':hover')) bar.classList.add('is-idle');
      }, 3000);
    }

    /** The slide area ends where the bar begins, so the bar never covers a slide. */
    function layout() {
      barHeight = bar.offsetHeight;
      main.style.bottom = `${barHeight}px`;
    }

    /** Cuts again when the bar's height changed (at once after a change of ours). */
    function checkBar() {
      if (!on || bar.offsetHeight === barHeight) return;
      recut();
    }

    function recut(focusSlide = false) {
      if (!on) return;
      const anchor = deck[current]?.parts[0];
      layout();
      deck = cards.cut();
      go(anchor ? cards.slideOf(deck, anchor.li || anchor.el) : 0, focusSlide);
    }

    // ---------------------------------------------------------------- presenter view

    // Over http(s) messages go to this origin only; a file:// page has no origin to name ('*'),
    // so both sides check instead that a message comes from the other window itself.
    const messageOrigin = () => (/^https?:$/.test(global.location.protocol) ? global.location.origin : '*');

    /** What the presenter view shows: the notes and prompts of the current section. */
    function state() {
      const slide = deck[current];
      const section = slide ? sections[slide.section].map((i) => blocks[i]) : [];
      const inner = (el) => {
        const copy = el.cloneNode(true);
        copy.querySelector('.block-label')?.remove();
        return copy.innerHTML;
      };
      const check = currentCheck();
      return {
        leerpad: 'present',
        type: 'state',
        index: current,
        count: deck.length,
        title: cards.title(slide),
        next: cards.title(deck[current + 1]),
        lesson: article.querySelector('h1')?.textContent.trim() || '',
        notes: section.filter((el) => el.matches('.trainer-note')).map(inner),
        discussion: section.filter((el) => el.matches('.discussion')).map(inner),
        check: Boolean(check),
        revealed: Boolean(check && check.classList.contains('quiz-revealed')),
        notesShown: buttons.notes.getAttribute('aria-pressed') === 'true',
        started,
        lang: html.lang,
        strings: Object.fromEntries(Object.entries(text).filter(([key]) => key.startsWith('text'))),
      };
    }

    function sync() {
      if (!presenter || presenter.closed) return;
      presenter.postMessage(state(), messageOrigin());
    }

    /** Opens the presenter view in a second window (or brings it back), with presenter.js in it. */
    function openPresenter() {
      // An open view is brought forward; one the trainer reloaded (an empty page again) is
      // filled anew.
      if (presenter && !presenter.closed) presenter.focus();
      else {
        const win = global.open('', 'leerpad-presenter', 'popup,width=1100,height=760');
        if (!win) {
          say(text.textBlocked);
          return;
        }
        presenter = win;
      }
      const doc = presenter.document;
      if (!doc.querySelector('script[data-presenter]')) {
        doc.documentElement.lang = html.lang;
        doc.title = text.textPresenterTitle || '';
        // The page's own style sheets (site.css for the colours, present.css for the view).
        const links = [...document.querySelectorAll('link[rel="stylesheet"]')].map((own) => {
          const link = doc.createElement('link');
          link.rel = 'stylesheet';
          link.href = own.href;
          return link;
        });
        // present.js brings the key map; presenter.js the page. In this order, not async.
        const scripts = [start.dataset.src, bar.dataset.presenterJs].map((src) => {
          const script = doc.createElement('script');
          script.src = new URL(src, global.location.href).href;
          script.async = false;
          return script;
        });
        scripts[1].dataset.presenter = '';
        doc.head.append(...links, ...scripts);
      }
      sync();
    }

    function fromPresenter(event) {
      if (!presenter || event.source !== presenter) return;
      const data = event.data || {};
      if (data.leerpad !== 'presenter') return;
      if (data.type === 'hello') sync();
      else if (data.type === 'go' && Number.isInteger(data.index)) go(data.index, false);
      else if (data.type === 'clock') { started = Date.now(); sync(); }
      else if (run[data.type] && ['next', 'prev', 'first', 'last', 'reveal', 'notes'].includes(data.type)) run[data.type](false);
    }

    // ---------------------------------------------------------------- entering and leaving

    function enter() {
      on = true;
      started = Date.now();
      html.classList.add('presenting');
      bar.hidden = false;
      layout();
      deck = cards.cut();
      go(0);
      wake();
    }

    function leave() {
      on = false;
      const first = deck[current].parts[0].el;
      html.classList.remove('presenting');
      cards.undo();
      blocks.forEach((el) => el.classList.remove('slide-off', 'slide-first'));
      quizzes.forEach((form) => { if (form.classList.contains('quiz-revealed')) global.LeerpadPresentDeck.reveal(form, false); });
      notes.forEach((note) => note.classList.remove('shown'));
      setPressed(buttons.notes, false);
      if (marker) marker.hidden = true;
      main.style.bottom = '';
      bar.hidden = true;
      bar.classList.remove('is-idle');
      countEl.textContent = '';
      if (presenter && !presenter.closed) presenter.postMessage({ leerpad: 'present', type: 'stop' }, messageOrigin());
      if (document.fullscreenElement) document.exitFullscreen().catch(() => {});
      first.scrollIntoView();
      start.focus({ preventScroll: true });
    }

    const run = {
      next: (focusSlide) => go(current + 1, focusSlide),
      prev: (focusSlide) => go(current - 1, focusSlide),
      first: (focusSlide) => go(0, focusSlide),
      last: (focusSlide) => go(deck.length - 1, focusSlide),
      full: toggleFull,
      notes: toggleNotes,
      reveal: toggleReveal,
      presenter: openPresenter,
      leave,
    };

    // The deck (present-deck.js) and the slides' style sheet (present.css) load with the first
    // "Presenteer", like this script: a learner's lesson page does not carry them.
    let cards = null;
    let loading = false;
    const load = (tag, url) => new Promise((ok, fail) => {
      const el = document.createElement(tag);
      if (tag === 'link') {
        el.rel = 'stylesheet';
        el.href = url;
        el.dataset.presentCss = '';
      } else el.src = url;
      el.addEventListener('load', ok);
      el.addEventListener('error', fail);
      document.head.append(el);
    });
    api.enter = () => {
      if (on || loading) return;
      const missing = [];
      if (!global.LeerpadPresentDeck) missing.push(load('script', start.dataset.deck));
      if (!document.querySelector('link[data-present-css]')) missing.push(load('link', start.dataset.css));
      if (missing.length) {
        loading = true;
        Promise.all(missing).then(() => { loading = false; api.enter(); }, () => { loading = false; });
        return;
      }
      cards = cards || global.LeerpadPresentDeck.create({ article, blocks, sections, notes, quizzes, main, text });
      enter();
    };
    bar.addEventListener('click', (event) => {
      const button = event.target.closest('[data-present]');
      if (button) run[button.dataset.present](false);
    });
    bar.addEventListener('focusin', wake);
    bar.addEventListener('focusout', wake);
    ['mousemove', 'pointerdown', 'touchstart'].forEach((type) => document.addEventListener(type, () => { if (on) wake(); }, { passive: true }));
    document.addEventListener('keydown', (event) => {
      if (!on || event.altKey || event.ctrlKey || event.metaKey || event.defaultPrevented) return;
      if (event.key === 'Tab') wake();
      const target = event.target.closest ? event.target : document.body;
      const focus = target.closest('input, select, textarea') ? 'field' : target.closest('button, summary') ? 'button' : '';
      // Inside a block that scrolls, the up and down arrows scroll it.
      if (target.closest('.slide-tall') && ['ArrowUp', 'ArrowDown', ' '].includes(event.key)) return;
      const what = action(event.key, focus);
      if (!what) return;
      event.preventDefault();
      run[what]();
    });
    // The bar can change height (the reveal button, the notes marker, a narrow window that
    // wraps it): the slide area follows, and the slides are cut again for the new room.
    if (global.ResizeObserver) new ResizeObserver(() => checkBar()).observe(bar);
    global.addEventListener('message', fromPresenter);
    let resizing = 0;
    global.addEventListener('resize', () => {
      clearTimeout(resizing);
      resizing = setTimeout(() => recut(), 150);
    });
    global.addEventListener('pagehide', () => {
      if (presenter && !presenter.closed) presenter.postMessage({ leerpad: 'present', type: 'stop' }, messageOrigin());
    });
  }

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', init);
  else init();
})(typeof globalThis !== 'undefined' ? globalThis : this);
