// leerpad presenter view (classic script): the trainer's second window during a presentation.
// present.js opens an empty window (window.open), links present.css, present.js (for its key
// map) and this script into it, and talks to it by postMessage only, so it works from file://
// and offline without a server.
//
// Owns: the presenter window's page (built here from the texts the presentation sends): the
// current slide's title, the trainer notes and discussion prompt of its part of the lesson, the
// next slide's title, the slide counter, an elapsed-time clock, and buttons and keys that move
// the presentation (which answers with its new state, so both windows stay in step).
// Does not: cut slides or know the lesson; it shows what the presentation sends and trusts
// messages only from the window that opened it.

(function (global) {
  'use strict';

  const opener = global.opener;
  const doc = global.document;
  let texts = {};
  let last = null;
  let ui = null;
  let ticking = 0;

  const send = (type, extra = {}) => {
    if (!opener || opener.closed) return;
    // The empty window has the origin of its opener; from file:// there is none to name.
    const origin = /^https?:\/\//.test(global.location.origin || '') ? global.location.origin : '*';
    opener.postMessage({ leerpad: 'presenter', type, ...extra }, origin);
  };

  function el(tag, props = {}, ...children) {
    const node = doc.createElement(tag);
    Object.entries(props).forEach(([key, value]) => {
      if (key === 'class') node.className = value;
      else if (key === 'text') node.textContent = value;
      else node.setAttribute(key, value);
    });
    node.append(...children);
    return node;
  }

  /** Trainer notes and prompts come as the presentation's own HTML; parsed, never run. */
  function fragment(markup) {
    const parsed = new DOMParser().parseFromString(`<div>${markup}</div>`, 'text/html');
    parsed.querySelectorAll('script, style, iframe, object, embed').forEach((node) => node.remove());
    const box = el('div', { class: 'presenter-block' });
    box.append(...doc.adoptNode(parsed.body.firstChild).childNodes);
    return box;
  }

  function button(label, type, pressed) {
    const node = el('button', { type: 'button', text: label });
    if (pressed !== undefined) node.setAttribute('aria-pressed', 'false');
    node.addEventListener('click', () => send(type));
    return node;
  }

  /** Builds the page once, with the texts of the first state message. */
  function build() {
    doc.body.className = 'presenter-view';
    const heading = el('h1', { id: 'presenter-title' });
    const counter = el('p', { class: 'presenter-counter' });
    const time = el('span', { class: 'presenter-time', role: 'timer' });
    const reset = el('button', { type: 'button', class: 'secondary', text: texts.textReset });
    reset.addEventListener('click', () => send('clock'));
    const clockBox = el('p', { class: 'presenter-clock' }, el('span', { text: `${texts.textElapsed}: ` }), time, ' ', reset);
    const now = el('p', { class: 'presenter-now' });
    const checkHint = el('p', { class: 'presenter-check', text: texts.textCheckSlide });
    const notes = el('div');
    const discussion = el('div');
    const discussionBox = el('section', { class: 'presenter-discussion', 'aria-labelledby': 'presenter-discussion' }, el('h2', { id: 'presenter-discussion', text: texts.textDiscussion }), discussion);
    const next = el('p', { class: 'presenter-next' });
    const reveal = button(texts.textReveal, 'reveal', false);
    const notesOn = button(texts.textNotesButton, 'notes', false);
    const controls = el('p', { class: 'presenter-controls' }, button(texts.textPrev, 'prev'), button(texts.textNextButton, 'next'), reveal, notesOn);
    const status = el('p', { class: 'presenter-status', role: 'status' });
    const main = el('main', { class: 'presenter-main', 'aria-labelledby': 'presenter-title' },
      el('header', { class: 'presenter-head' }, heading, counter, clockBox),
      el('section', { class: 'presenter-current', 'aria-labelledby': 'presenter-now' }, el('h2', { id: 'presenter-now', text: texts.textCurrent }), now, checkHint, controls),
      el('section', { class: 'presenter-notes', 'aria-labelledby': 'presenter-notes' }, el('h2', { id: 'presenter-notes', text: texts.textNotes }), notes),
      el('section', { class: 'presenter-coming', 'aria-labelledby': 'presenter-next' }, el('h2', { id: 'presenter-next', text: texts.textNext }), next),
      discussionBox,
      el('p', { class: 'presenter-keys', text: texts.textKeys }),
      status);
    doc.body.replaceChildren(main);
    return { heading, counter, time, now, checkHint, notes, discussion, discussionBox, next, reveal, notesOn, controls, status };
  }

  function tick() {
    if (!ui || !last) return;
    const clock = global.LeerpadPresent ? global.LeerpadPresent.clock : (ms) => String(Math.floor(ms / 1000));
    ui.time.textContent = clock(Date.now() - last.started);
  }

  function render(state) {
    if (!ui) {
      texts = state.strings || {};
      doc.documentElement.lang = state.lang || '';
      ui = build();
      ticking = setInterval(tick, 1000);
    }
    last = state;
    doc.title = `${texts.textPresenterTitle} – ${state.lesson}`;
    ui.heading.textContent = `${texts.textPresenterTitle}: ${state.lesson}`;
    ui.counter.textContent = `${texts.textSlide} ${state.index + 1} / ${state.count}`;
    ui.now.textContent = state.title;
    ui.checkHint.hidden = !state.check;
    ui.reveal.hidden = !state.check;
    ui.reveal.setAttribute('aria-pressed', String(Boolean(state.revealed)));
    ui.notesOn.setAttribute('aria-pressed', String(Boolean(state.notesShown)));
    ui.notes.replaceChildren(...(state.notes.length ? state.notes.map(fragment) : [el('p', { class: 'presenter-none', text: texts.textNoNotes })]));
    ui.discussionBox.hidden = !state.discussion.length;
    ui.discussion.replaceChildren(...state.discussion.map(fragment));
    ui.next.textContent = state.index + 1 < state.count ? state.next : texts.textLast;
    tick();
  }

  function stopped() {
    clearInterval(ticking);
    if (!ui) return;
    ui.controls.querySelectorAll('button').forEach((node) => { node.disabled = true; });
    ui.status.textContent = texts.textStopped;
  }

  global.addEventListener('message', (event) => {
    if (!opener || event.source !== opener) return;
    const data = event.data || {};
    if (data.leerpad !== 'present') return;
    if (data.type === 'state') render(data);
    else if (data.type === 'stop') stopped();
  });

  doc.addEventListener('keydown', (event) => {
    if (event.altKey || event.ctrlKey || event.metaKey || event.defaultPrevented || !global.LeerpadPresent) return;
    const focus = event.target.closest && event.target.closest('button') ? 'button' : '';
    const what = global.LeerpadPresent.action(event.key, focus);
    if (!['next', 'prev', 'first', 'last', 'reveal', 'notes'].includes(what)) return;
    event.preventDefault();
    send(what);
  });

  global.addEventListener('pagehide', () => send('bye'));
  send('hello');
})(typeof globalThis !== 'undefined' ? globalThis : this);
