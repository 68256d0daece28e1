// leerpad presentation mode, the deck (classic script, works from file://): cuts a lesson into
// slides that fit the screen. present.js loads it before the first slide and drives it.
//
// Owns: pack() (DOM-free: the pieces of a section → slides that fit a height, a check and a
// discussion prompt each on a slide of their own, a heading with what it introduces, a trainer
// note with the piece before it) and, on the page, measuring the pieces (with the notes shown
// and the answers revealed, so N and R never push a slide past the screen), splitting a list
// taller than a slide between its items, scaling a chart or letting any other block taller than
// a slide scroll inside itself with a cue and a keyboard stop, showing one slide, and revealing
// a check's answer (only the `hidden` attributes and classes of quiz.js's contract; nothing is
// recorded as an answer).
// Does not: handle keys, the bar or the presenter view (present.js).
// Classes it sets: .slide-off, .slide-first, .slide-tall, .slide-scaled, .slide-cue,
// .quiz-revealed; styles: max-height on a block taller than a slide.

(function (global) {
  'use strict';

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

  /** The kind of a block for pack(). */
  function kindOf(el) {
    if (/^H[1-6]$/.test(el.tagName)) return 'heading';
    if (el.matches('.trainer-note')) return 'note';
    if (el.matches('form.quiz')) return 'check';
    if (el.matches('.discussion')) return 'discussion';
    return 'block';
  }

  if (typeof module === 'object' && module.exports) {
    module.exports = { pack }; // node tests
    return;
  }
  if (typeof document === 'undefined') return;

  /** The outer height of an element: its box and its vertical margins. */
  function outer(el) {
    const style = getComputedStyle(el);
    return el.getBoundingClientRect().height + (parseFloat(style.marginTop) || 0) + (parseFloat(style.marginBottom) || 0);
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


  /**
   * The deck of one lesson page. `o`: article, blocks (the page's blocks in order), sections
   * (arrays of block indices, from LeerpadPresent.slides), notes, quizzes, main (the slide
   * area), text (the bar's data-text-* strings).
   * Returns {cut, show, undo, slideOf, title}: cut() measures and returns the slides,
   * [{parts: [{el, li?, n?, kind, height}], section, heading, part, of, height, cue?}].
   */
  function create(o) {
    const { article, blocks, sections, notes, quizzes, main, text } = o;

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

    /** Shows `slide`: its blocks (and only its items of a list cut in two). */
    function show(slide) {
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
    /** The slide of `deck` that shows `el` (a block or an item of a list cut in two). */
    const slideOf = (deck, el) => Math.max(0, deck.findIndex((slide) => slide.parts.some((p) => p.el === el || p.li === el)));

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

    return { cut, show, undo: undoCut, slideOf, title };
  }

  global.LeerpadPresentDeck = { pack, create, reveal };
})(typeof globalThis !== 'undefined' ? globalThis : this);
