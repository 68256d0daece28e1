// leerpad presentation mode (classic script, works from file://): a lesson as slides for a team.
// site.js loads it when "Presenteer" is pressed (learners seldom need it) and calls enter().
//
// Owns: which blocks make a slide (sections at every h2, <hr> and the partner section, then cut
// to the screen by measuring: a check and a discussion prompt get their own slide, a long list
// splits between items, a block taller than the slide scales or scrolls inside itself with a
// cue), the keys (arrows, space, a clicker's PageUp/PageDown, F, N, R, S, Escape), the control
// bar (hides when the mouse rests, back on movement or focus), revealing a check's answer, and
// the link with the presenter view (presenter.js, in a second window, by postMessage).
// Does not: grade checks (quiz.js) or store progress (progress.js); revealing only toggles the
// `hidden` attributes and classes of quiz.js's HTML contract, and never records an answer.
// Only classes, attributes and JS-set styles change (strict CSP): html.presenting, .slide-off
// (not on this slide), .slide-tall (scrolls inside itself), .trainer-note.shown, .quiz-revealed.
// HTML (lesson.html): article.lesson, [data-present-start], [data-present-bar] > [data-present=…].

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

  /**
   * Cuts one section into slides that fit `room` (px). `units` are the section's pieces in order,
   * {kind, height}: kind 'heading', 'note' (a trainer note: measured as shown, it stays with the
   * piece before it), 'check' or 'discussion' (each on a slide of its own, with a heading just
   * before it), or 'block'. A heading goes with the piece it introduces. Returns arrays of
   * indices into `units`; a slide taller than `room` holds one piece (with its heading) only.
   */
  function pack(units, room) {
    const items = [];
    let lead = null;
    const add = (item, i, height) => { item.units.push(i); item.height += height; };
    units.forEach((unit, i) => {
      const height = Math.max(0, Number(unit.height) || 0);
      if (unit.kind === 'note' && !lead && items.length) return add(items[items.length - 1], i, height);
      if (unit.kind === 'note' || unit.kind === 'heading') {
        if (!lead) lead = { units: [], height: 0, alone: false };
        return add(lead, i, height);
      }
      const item = { units: [i], height, alone: unit.kind === 'check' || unit.kind === 'discussion' };
      // A heading goes with what it introduces when both fit, and with a piece too tall for
      // any slide (which then scrolls or scales in the room the heading leaves).
      if (lead && (lead.height + height <= room || height > room)) {
        item.units = lead.units.concat(item.units);
        item.height += lead.height;
      } else if (lead) items.push(lead);
      lead = null;
      items.push(item);
      return undefined;
    });
    if (lead) items.push(lead);
    const out = [];
    let current = null;
    items.forEach((item) => {
      if (current && !item.alone && current.height + item.height <= room) {
        current.units.push(...item.units);
        current.height += item.height;
        return;
      }
      if (current) out.push(current.units);
      current = item.alone ? null : { units: [...item.units], height: item.height };
      if (item.alone) out.push(item.units);
    });
    if (current) out.push(current.units);
    return out;
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

  /** The kind of a block for pack(). */
  function kindOf(el) {
    if (/^H[1-6]$/.test(el.tagName)) return 'heading';
    if (el.matches('.trainer-note')) return 'note';
    if (el.matches('form.quiz')) return 'check';
    if (el.matches('.discussion')) return 'discussion';
    return 'block';
  }

  const api = { slides, pack, action, move, counter, clock };
  if (typeof module === 'object' && module.exports) {
    module.exports = api; // node tests
    return;
  }
  global.LeerpadPresent = api;
  if (typeof document === 'undefined') return;

  /** The outer height of an element: its box and its vertical margins. */
  function outer(el) {
    const style = getComputedStyle(el);
    return el.getBoundingClientRect().height + (parseFloat(style.marginTop) || 0) + (parseFloat(style.marginBottom) || 0);
  }

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

    // ---------------------------------------------------------------- measuring and cutting

    /** The room a slide has: the slide area between the top and the control bar. */
    function room() {
      const style = getComputedStyle(main);
      return main.clientHeight - (parseFloat(style.paddingTop) || 0) - (parseFloat(style.paddingBottom) || 0);
    }

    /** Undoes what a previous cut did to the page: scaled or scrolling blocks, split lists. */
    function undoCut() {
      article.querySelectorAll('.slide-tall').forEach((el) => {
        el.classList.remove('slide-tall');
        el.style.maxHeight = '';
        if (el.dataset.presentTabindex === 'added') el.removeAttribute('tabindex');
        delete el.dataset.presentTabindex;
      });
      article.querySelectorAll('.slide-scaled').forEach((el) => {
        el.classList.remove('slide-scaled');
        el.style.maxHeight = '';
      });
      article.querySelectorAll('.slide-cue').forEach((el) => el.remove());
      article.querySelectorAll('li.slide-off').forEach((el) => el.classList.remove('slide-off'));
      article.querySelectorAll('ol[data-present-start]').forEach((el) => {
        if (el.dataset.presentStart === 'none') el.removeAttribute('start');
        else el.setAttribute('start', el.dataset.presentStart);
        delete el.dataset.presentStart;
      });
    }

    /**
     * The pieces of a section, measured with every block showing, trainer notes shown and
     * answers revealed (so that N and R never push a slide past the screen). A list taller than
     * the room becomes one piece per item.
     */
    function pieces(section, space) {
      return section.flatMap((i) => {
        const el = blocks[i];
        const height = outer(el);
        if (height > space && el.matches('ul, ol') && el.children.length > 1) {
          const items = [...el.children];
          const chrome = height - items.reduce((sum, li) => sum + outer(li), 0);
          return items.map((li, n) => ({ el, li, n, kind: 'block', height: outer(li) + (n === 0 ? chrome : 0) }));
        }
        return [{ el, kind: kindOf(el), height }];
      });
    }

    /** Cuts every section to the screen and returns the deck: [{parts, section, title}]. */
    function cut() {
      undoCut();
      blocks.forEach((el) => el.classList.remove('slide-off'));
      const shown = notes.map((note) => note.classList.contains('shown'));
      const revealed = quizzes.map((form) => form.classList.contains('quiz-revealed'));
      notes.forEach((note) => note.classList.add('shown'));
      quizzes.forEach((form) => reveal(form, true));
      // A small reserve for rounding and for the margins of a list cut in two.
      const space = Math.max(room() - 8, 40);
      const out = [];
      sections.forEach((section, s) => {
        const list = pieces(section, space);
        const heading = section.map((i) => blocks[i]).find((el) => /^H[12]$/.test(el.tagName));
        const groups = pack(list, space);
        groups.forEach((group, g) => {
          const parts = group.map((n) => list[n]);
          out.push({ parts, section: s, heading, part: g, of: groups.length, height: group.reduce((sum, n) => sum + list[n].height, 0) });
        });
      });
      notes.forEach((note, i) => note.classList.toggle('shown', shown[i]));
      quizzes.forEach((form, i) => reveal(form, revealed[i]));
      out.forEach((slide) => { if (slide.height > space) fitTall(slide, space); });
      return out;
    }

    /**
     * A slide of one piece taller than the screen: a chart or picture scales down; anything else
     * (a long table, a long check, a very long paragraph) scrolls inside itself, with a cue
     * below it and a keyboard stop so that the arrows can scroll it.
     */
    function fitTall(slide, space) {
      const part = slide.parts.find((p) => p.kind !== 'note' && p.kind !== 'heading') || slide.parts[0];
      const el = part.el;
      const others = slide.height - part.height;
      const style = getComputedStyle(el);
      const margins = (parseFloat(style.marginTop) || 0) + (parseFloat(style.marginBottom) || 0);
      const media = el.querySelector('svg, img');
      if (media && !el.querySelector('table:not(.chart-table)') && !el.matches('form, ul, ol')) {
        const rest = outer(el) - media.getBoundingClientRect().height;
        const max = Math.max(space - others - rest, 60);
        media.classList.add('slide-scaled');
        media.style.maxHeight = `${Math.floor(max)}px`;
        if (outer(el) + others <= space) return;
        media.classList.remove('slide-scaled');
        media.style.maxHeight = '';
      }
      const cue = document.createElement('p');
      cue.className = 'slide-cue';
      cue.textContent = text.textScrollCue || '';
      el.after(cue);
      const max = Math.max(space - others - margins - outer(cue) - 4, 60);
      el.classList.add('slide-tall');
      el.style.maxHeight = `${Math.floor(max)}px`;
      if (!el.hasAttribute('tabindex')) {
        el.setAttribute('tabindex', '0');
        el.dataset.presentTabindex = 'added';
      }
      slide.cue = cue;
    }

    // ---------------------------------------------------------------- showing a slide

    /** Shows slide `index`: its blocks (and only its items of a list cut in two). */
    function show(index) {
      const slide = deck[index];
      const visible = new Set(slide.parts.map((p) => p.el));
      blocks.forEach((el) => el.classList.toggle('slide-off', !visible.has(el)));
      article.querySelectorAll('.slide-cue').forEach((cue) => cue.classList.toggle('slide-off', cue !== slide.cue));
      const lists = new Map();
      slide.parts.filter((p) => p.li).forEach((p) => lists.set(p.el, [...(lists.get(p.el) || []), p]));
      lists.forEach((parts, list) => {
        const keep = new Set(parts.map((p) => p.li));
        [...list.children].forEach((li) => li.classList.toggle('slide-off', !keep.has(li)));
        if (list.tagName === 'OL') {
          if (!list.dataset.presentStart) list.dataset.presentStart = list.getAttribute('start') || 'none';
          const first = list.dataset.presentStart === 'none' ? 1 : Number(list.dataset.presentStart);
          list.setAttribute('start', String(first + parts[0].n));
        }
      });
      article.querySelectorAll('.slide-first').forEach((el) => el.classList.remove('slide-first'));
      slide.parts[0].el.classList.add('slide-first');
    }

    /** The slide that shows `el` now, after a new cut. */
    const slideOf = (el) => Math.max(0, deck.findIndex((slide) => slide.parts.some((p) => p.el === el || p.li === el)));

    function title(slide) {
      if (!slide) return '';
      const check = slide.parts.find((p) => p.kind === 'check');
      if (check) return `${text.textCheck}: ${check.el.querySelector('.quiz-question')?.textContent.trim() || ''}`;
      const discussion = slide.parts.find((p) => p.kind === 'discussion');
      if (discussion) return discussion.el.querySelector('.block-label')?.textContent.trim() || '';
      const heading = slide.parts.find((p) => p.kind === 'heading' && /^H[1-3]$/.test(p.el.tagName)) || { el: slide.heading };
      const name = heading.el ? heading.el.textContent.trim() : (slide.parts[0].el.textContent.trim().slice(0, 80));
      return slide.of > 1 && slide.part > 0 ? `${name} (${text.textContinued} ${slide.part + 1}/${slide.of})` : name;
    }

    function go(index, focusSlide = true) {
      current = move(index, 0, deck.length);
      show(current);
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

    /** Shows (or hides) a check's right answers, their feedback and the explanation. */
    function reveal(form, value) {
      form.classList.toggle('quiz-revealed', value);
      form.querySelectorAll('.quiz-option').forEach((option) => {
        const feedback = option.querySelector('.quiz-feedback');
        const right = feedback?.dataset.correct === 'true';
        option.classList.toggle('is-right', value && right);
        if (value) option.classList.remove('is-wrong');
        if (feedback) feedback.hidden = !(value && right);
      });
      const explanation = form.querySelector('.quiz-explanation');
      if (explanation) explanation.hidden = !value;
    }

    function toggleReveal() {
      const form = currentCheck();
      if (!form) return;
      const value = !form.classList.contains('quiz-revealed');
      reveal(form, value);
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
      deck = cut();
      go(anchor ? slideOf(anchor.li || anchor.el) : 0, focusSlide);
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
        title: title(slide),
        next: title(deck[current + 1]),
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
      if (presenter && !presenter.closed) {
        presenter.focus();
        sync();
        return;
      }
      const win = global.open('', 'leerpad-presenter', 'popup,width=1100,height=760');
      if (!win) {
        say(text.textBlocked);
        return;
      }
      presenter = win;
      const doc = win.document;
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
      deck = cut();
      go(0);
      wake();
    }

    function leave() {
      on = false;
      const first = deck[current].parts[0].el;
      html.classList.remove('presenting');
      undoCut();
      blocks.forEach((el) => el.classList.remove('slide-off', 'slide-first'));
      quizzes.forEach((form) => { if (form.classList.contains('quiz-revealed')) reveal(form, false); });
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

    api.enter = () => { if (!on) enter(); };
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
