// leerpad progress (classic script, works from file://). Owns the one localStorage entry
// "leerpad:v1": a lesson is done when its end was reached and each of its checks answered once.
// Keys are URL paths, so progress survives a new build. Nothing leaves the browser.
// HTML: lesson.html, module.html, home.html, partials/progress*.html (data-progress*).

(function (global) {
  'use strict';

  const KEY = 'leerpad:v1';

  const blank = () => ({ title: '', seen: 0, end: false, quizzes: [], done: false });

  /** The stored state, or an empty one when the text is missing or not ours. */
  function parse(text) {
    let data = null;
    try { data = JSON.parse(text); } catch (e) { /* empty below */ }
    const state = { v: 1, seq: 0, lessons: {} };
    if (!data || data.v !== 1 || !data.lessons || typeof data.lessons !== 'object') return state;
    state.seq = Number.isInteger(data.seq) ? data.seq : 0;
    for (const [key, l] of Object.entries(data.lessons)) {
      if (!l || typeof l !== 'object') continue;
      const clean = blank();
      for (const field of Object.keys(clean)) {
        if (typeof l[field] === typeof clean[field] && Array.isArray(l[field]) === Array.isArray(clean[field])) clean[field] = l[field];
      }
      clean.quizzes = clean.quizzes.filter((q) => typeof q === 'string');
      state.lessons[key] = clean;
    }
    return state;
  }

  const lesson = (state, key) => state.lessons[key] || (state.lessons[key] = blank());

  /** Opening a lesson makes it "where you were". */
  function visit(state, key, title) {
    const l = lesson(state, key);
    state.seq += 1;
    l.seen = state.seq;
    if (title) l.title = title;
    return state;
  }

  function settle(state, l, quizCount) {
    if (l.end && l.quizzes.length >= quizCount) l.done = true;
    return state;
  }

  /** The end of the lesson was reached. */
  function reachEnd(state, key, quizCount) {
    const l = lesson(state, key);
    l.end = true;
    return settle(state, l, quizCount);
  }

  /** A check was answered (right or wrong); its key is "{lesson key}#quiz-N". */
  function answer(state, quizKey, quizCount) {
    const l = lesson(state, quizKey.split('#')[0]);
    if (!l.quizzes.includes(quizKey)) l.quizzes.push(quizKey);
    return settle(state, l, quizCount);
  }

  const isDone = (state, key) => !!(state.lessons[key] && state.lessons[key].done);

  /** How many of `keys` are done. */
  function count(state, keys) {
    return { done: keys.filter((k) => isDone(state, k)).length, total: keys.length };
  }

  /** The last lesson opened among `keys` (all lessons when empty), or null. */
  function lastLesson(state, keys) {
    let best = null;
    for (const [key, l] of Object.entries(state.lessons)) {
      if (l.seen > 0 && (!keys || !keys.length || keys.includes(key)) && (!best || l.seen > best.seen)) best = { key, ...l };
    }
    return best;
  }

  const format = (template, values) => template.replace(/\{(\w+)\}/g, (m, k) => (k in values ? String(values[k]) : m));

  const api = { KEY, parse, visit, reachEnd, answer, isDone, count, lastLesson, format };
  if (typeof module === 'object' && module.exports) {
    module.exports = api; // node tests
    return;
  }
  global.LeerpadProgress = api;
  if (typeof document === 'undefined') return;

  // localStorage can be missing or refuse (privacy settings, some file:// set-ups): then the
  // page simply shows no progress.
  function load() {
    try { return parse(global.localStorage.getItem(KEY)); } catch (e) { return parse(null); }
  }
  function save(state) {
    try { global.localStorage.setItem(KEY, JSON.stringify(state)); } catch (e) { /* not kept */ }
  }
  function update(change) {
    const state = change(load());
    save(state);
    show(state);
  }
  const keysOf = (element) => (element.dataset.lessons || '').split(' ').filter(Boolean);
  const root = () => document.body.dataset.root || '';

  function show(state) {
    for (const box of document.querySelectorAll('[data-progress]')) {
      const { done, total } = count(state, keysOf(box));
      box.querySelector('progress').value = done;
      box.querySelector('[data-progress-text]').textContent = format(box.dataset.text, { done, total });
      box.hidden = false;
    }
    for (const tools of document.querySelectorAll('[data-progress-tools]')) {
      const last = lastLesson(state, keysOf(tools));
      // The home page shows "Verder waar je was" in its own box at the top.
      const link = tools.querySelector('[data-continue]');
      if (link && last) {
        // The template has no empty link (crawlers and screen readers would meet one).
        const a = link.querySelector('a') || link.appendChild(document.createElement('a'));
        a.href = `${root()}${last.key}index.html`;
        a.textContent = last.title || last.key;
      }
      if (link) link.hidden = !last;
      tools.hidden = false;
      for (const item of document.querySelectorAll('li[data-lesson]')) {
        let mark = item.querySelector('.done-mark');
        if (isDone(state, item.dataset.lesson) && !mark) {
          mark = document.createElement('span');
          mark.className = 'done-mark';
          mark.textContent = tools.dataset.textDone;
          item.querySelector('a').after(' ', mark);
        } else if (!isDone(state, item.dataset.lesson) && mark) {
          mark.remove();
        }
      }
    }
    const article = document.querySelector('article[data-lesson]');
    const end = document.querySelector('[data-lesson-end]');
    if (article && end) {
      const l = state.lessons[article.dataset.lesson];
      const text = l && l.done ? end.dataset.textDone : l && l.end ? end.dataset.textTodo : '';
      if (end.textContent !== text) end.textContent = text;
    }
  }

  function wireLesson(article) {
    const key = article.dataset.lesson;
    const quizzes = Number(article.dataset.quizzes) || 0;
    const title = (article.querySelector('h1') || {}).textContent || '';
    update((state) => visit(state, key, title.trim()));
    document.addEventListener('quiz:answered', (event) => {
      if (event.detail && event.detail.key) update((state) => answer(state, event.detail.key, quizzes));
    });
    const end = article.querySelector('[data-lesson-end]');
    if (!end) return;
    const reached = () => update((state) => reachEnd(state, key, quizzes));
    if ('IntersectionObserver' in global) {
      const observer = new IntersectionObserver((entries) => {
        if (entries.some((e) => e.isIntersecting)) {
          observer.disconnect();
          reached();
        }
      });
      observer.observe(end);
    } else {
      const onScroll = () => {
        if (global.innerHeight + global.scrollY >= document.documentElement.scrollHeight - 2) {
          global.removeEventListener('scroll', onScroll);
          reached();
        }
      };
      global.addEventListener('scroll', onScroll, { passive: true });
      onScroll();
    }
  }

  function init() {
    const article = document.querySelector('article[data-lesson]');
    if (article) wireLesson(article);
    else show(load());
    for (const button of document.querySelectorAll('[data-progress-clear]')) {
      const tools = button.closest('[data-progress-tools]');
      button.addEventListener('click', () => {
        if (!global.confirm(tools.dataset.textConfirm)) return;
        try { global.localStorage.removeItem(KEY); } catch (e) { /* nothing kept */ }
        show(load());
        const status = tools.querySelector('[role=status]');
        status.textContent = '';
        setTimeout(() => { status.textContent = tools.dataset.textCleared; }, 100);
      });
    }
    // Another tab changed the progress.
    global.addEventListener('storage', (event) => { if (event.key === KEY) show(load()); });
  }

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', init);
  else init();
})(typeof globalThis !== 'undefined' ? globalThis : this);
