// leerpad SCORM run-time (a classic script). Only pages of a package built by `leerpad package`
// load it (base.html, data-scorm="1.2" or "2004", data-mastery="80" or ""); the site does not.
//
// Owns: finding the LMS's API (walk window.parent, then window.opener), one session per launch
// of a lesson (a SCO), and what it reports: completion (the lesson's end reached and each check
// answered), the score of the checks at their first try, each check as an interaction, the
// session time, a bookmark (the last heading reached) and suspend_data (the end flag and one
// character per check). Commits after a change that matters, finishes on pagehide. In SCORM
// 2004 the pager's next and previous lesson become navigation requests when the LMS allows them.
// Does not: grade (quiz.js does, and tells with `quiz:answered`), keep progress in the browser
// (progress.js does, inside an LMS as outside), or read anything about the learner (no name, no
// id). Without an API it does nothing at all, so the pages behave exactly as on the site.

(function (global) {
  'use strict';

  /** How many parent windows discovery climbs; LMS players nest a few frames deep. */
  const MAX_DEPTH = 20;
  /** suspend_data holds 2 characters of state and one per check: SCORM 1.2 allows 4,096. */
  const MAX_CHECKS = 4000;
  /** A 1.2 choice response is single characters from this set (its format for type choice). */
  const LETTERS = 'abcdefghijklmnopqrstuvwxyz0123456789';
  /** The sessionStorage entry that marks a navigation inside the package's frame. */
  const NAV_KEY = 'leerpad.scorm.nav';
  const NAV_FRESH_MS = 30000;

  const VERSIONS = {
    '1.2': {
      api: 'API',
      initialize: 'LMSInitialize', terminate: 'LMSFinish', commit: 'LMSCommit',
      get: 'LMSGetValue', set: 'LMSSetValue', error: 'LMSGetLastError',
      entry: 'cmi.core.entry', mode: 'cmi.core.lesson_mode', location: 'cmi.core.lesson_location',
      exit: 'cmi.core.exit', sessionTime: 'cmi.core.session_time', score: 'cmi.core.score',
      maxLocation: 255, maxSuspend: 4096, wrong: 'wrong', separator: ',', exitDone: '',
      time: (ms) => timespan12(ms),
    },
    '2004': {
      api: 'API_1484_11',
      initialize: 'Initialize', terminate: 'Terminate', commit: 'Commit',
      get: 'GetValue', set: 'SetValue', error: 'GetLastError',
      entry: 'cmi.entry', mode: 'cmi.mode', location: 'cmi.location',
      exit: 'cmi.exit', sessionTime: 'cmi.session_time', score: 'cmi.score',
      maxLocation: 1000, maxSuspend: 64000, wrong: 'incorrect', separator: '[,]', exitDone: 'normal',
      time: (ms) => duration2004(ms),
    },
  };

  // ---- DOM-free core (node tests: tests/js/scorm.test.mjs) ----

  /** The API object named `name` in `win`, a parent of it, or its opener's family; or null. */
  function findApi(win, name) {
    const climb = (start) => {
      let w = start;
      for (let depth = 0; w && depth <= MAX_DEPTH; depth += 1) {
        let api = null;
        try { api = w[name] || null; } catch (e) { api = null; } // a frame of another origin
        if (api) return api;
        let parent = null;
        try { parent = w.parent; } catch (e) { parent = null; }
        if (!parent || parent === w) return null;
        w = parent;
      }
      return null;
    };
    let api = climb(win);
    if (!api) {
      let opener = null;
      try { opener = win.opener; } catch (e) { opener = null; }
      if (opener) api = climb(opener);
    }
    return api;
  }

  /** A lesson's state: its end reached, and per check true (right at the first try), false or null. */
  function blank(checks) {
    return { end: false, results: new Array(Math.min(checks, MAX_CHECKS)).fill(null) };
  }

  /**
   * suspend_data: "1" (the format), a digit of flags (1: end reached, 2: a bookmark is set), then
   * r, w or - per check.
   */
  function encode(state, bookmarked) {
    const flags = (state.end ? 1 : 0) + (bookmarked ? 2 : 0);
    return `1${flags}${state.results.map((r) => (r === true ? 'r' : r === false ? 'w' : '-')).join('')}`;
  }

  /**
   * The state in `text`: `ours` when leerpad wrote it, `bookmarked` when a location was set with
   * it (2004 refuses to read a location that was never set).
   */
  function decode(text, checks) {
    const state = blank(checks);
    if (typeof text !== 'string' || text[0] !== '1' || !/^[0-3]$/.test(text[1] || '')) return state;
    state.ours = true;
    state.end = (Number(text[1]) & 1) === 1;
    state.bookmarked = (Number(text[1]) & 2) === 2;
    state.results = state.results.map((_, i) => (text[2 + i] === 'r' ? true : text[2 + i] === 'w' ? false : null));
    return state;
  }

  /**
   * What the state means for the LMS: the score once every check is answered (percent and 0–1),
   * pass or fail against `mastery` (percent, or null for none), and whether the lesson is done.
   */
  function outcome(state, mastery) {
    const answered = state.results.every((r) => r !== null);
    const total = state.results.length;
    const right = state.results.filter((r) => r === true).length;
    const score = answered && total > 0
      ? { raw: Math.round((100 * right) / total), scaled: Math.round((10000 * right) / total) / 10000 }
      : null;
    const passed = score && mastery !== null ? score.raw >= mastery : null;
    return { done: state.end && answered, score, passed };
  }

  /**
   * The 1.2 status for an outcome. SCORM 1.2 has one status for completion and success: a
   * finished lesson is completed, or passed when its score reaches the mastery score. It is
   * never failed: the platform counts who followed a lesson, and a finished lesson below the
   * mastery score keeps its score (a platform may still judge it by the manifest's masteryscore).
   */
  function lessonStatus12(result) {
    if (!result.done) return 'incomplete';
    return result.passed ? 'passed' : 'completed';
  }

  const pad = (n, width = 2) => String(n).padStart(width, '0');

  /** SCORM 1.2 CMITimespan: HHHH:MM:SS.SS. */
  function timespan12(ms) {
    const cs = Math.max(0, Math.round(ms / 10));
    const h = Math.min(9999, Math.floor(cs / 360000));
    return `${pad(h, 4)}:${pad(Math.floor(cs / 6000) % 60)}:${pad(Math.floor(cs / 100) % 60)}.${pad(cs % 100)}`;
  }

  /** SCORM 2004 timeinterval (ISO 8601 duration): PT#H#M#S. */
  function duration2004(ms) {
    const cs = Math.max(0, Math.round(ms / 10));
    const h = Math.floor(cs / 360000);
    const m = Math.floor(cs / 6000) % 60;
    const s = (cs % 6000) / 100;
    return `PT${h ? `${h}H` : ''}${h || m ? `${m}M` : ''}${s}S`;
  }

  /** 1.2 CMITime (HH:MM:SS) or 2004 time (YYYY-MM-DDThh:mm:ss), in UTC for 2004. */
  function clock(version, date) {
    if (version === '1.2') return `${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}`;
    // The time zone may only follow a fraction of a second (2004's time type: ss[.s[TZD]]).
    return `${date.getUTCFullYear()}-${pad(date.getUTCMonth() + 1)}-${pad(date.getUTCDate())}T${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}:${pad(date.getUTCSeconds())}.0Z`;
  }

  /** Answer values (1-based, in the order shown) as a version's response identifiers: a, b, … */
  function responses(version, values) {
    const ids = values.map(Number).filter((v) => Number.isInteger(v) && v >= 1 && v <= LETTERS.length).map((v) => LETTERS[v - 1]);
    return ids.join(VERSIONS[version].separator);
  }

  /** Text within `max` characters. */
  const bounded = (text, max) => (text.length <= max ? text : `${text.slice(0, max - 1)}…`);

  // ---- The session with the LMS ----

  /**
   * One SCO session: `api` the LMS's object, `version` "1.2" or "2004", `checks` the number of
   * knowledge checks in the lesson, `mastery` a percentage or null. Every call is checked with
   * GetLastError; a call the LMS refuses changes nothing on the page.
   */
  class Session {
    constructor(api, version, checks, mastery) {
      this.api = api;
      this.version = version;
      this.v = VERSIONS[version];
      this.checks = checks;
      this.mastery = mastery;
      this.started = Date.now();
      this.state = blank(checks);
      this.location = '';
      this.review = false;
      this.finished = false;
    }

    /** Calls the API and asks GetLastError: { ok, value }. */
    call(method, ...args) {
      let value = '';
      try { value = String(this.api[method](...args)); } catch (e) { return { ok: false, value: '' }; }
      let error = '0';
      try { error = String(this.api[this.v.error]()); } catch (e) { error = '-1'; }
      return { ok: error === '0', value };
    }

    get(name) { return this.call(this.v.get, name); }

    set(name, value) { return this.call(this.v.set, name, String(value)).ok; }

    /** The session time goes with every commit, so the LMS holds it even if the page is never
     *  hidden properly (a crash, a closed laptop). */
    commit() {
      this.set(this.v.sessionTime, this.v.time(Date.now() - this.started));
      return this.call(this.v.commit, '');
    }

    suspendData() {
      return bounded(encode(this.state, this.location !== ''), this.v.maxSuspend);
    }

    writeOutcome() {
      const { v } = this;
      const result = outcome(this.state, this.mastery);
      if (result.score) {
        this.set(`${v.score}.min`, 0);
        this.set(`${v.score}.max`, 100);
        this.set(`${v.score}.raw`, result.score.raw);
        if (this.version === '2004') this.set('cmi.score.scaled', result.score.scaled);
      }
      if (this.version === '1.2') {
        this.set('cmi.core.lesson_status', lessonStatus12(result));
      } else {
        this.set('cmi.completion_status', result.done ? 'completed' : 'incomplete');
        if (result.passed !== null) this.set('cmi.success_status', result.passed ? 'passed' : 'failed');
      }
      this.set(v.exit, result.done ? v.exitDone : 'suspend');
      this.set('cmi.suspend_data', this.suspendData());
    }

    /** Initialize, then pick up the bookmark and the earlier answers when the LMS resumes. */
    start() {
      const { v } = this;
      if (!this.call(v.initialize, '').ok) return false;
      const entry = this.get(v.entry).value;
      const mode = this.get(v.mode).value;
      const status = this.get(this.version === '1.2' ? 'cmi.core.lesson_status' : 'cmi.completion_status').value;
      if (entry === 'resume') {
        this.state = decode(this.get('cmi.suspend_data').value, this.checks);
        // 2004 refuses to read a location that was never set; ours says whether it was.
        const read = this.version === '1.2' || this.state.bookmarked || !this.state.ours;
        if (read) this.location = this.get(v.location).value;
      }
      // A lesson already finished in an earlier attempt, or opened to look at, is not graded again.
      this.review = mode === 'review' || mode === 'browse' ||
        (entry !== 'resume' && ['completed', 'passed', 'failed'].includes(status));
      if (!this.review) {
        this.writeOutcome();
        this.commit();
      }
      return true;
    }

    get active() { return !this.finished && !this.review; }

    /** The check `index` (0-based) was answered; only its first answer counts. */
    answer(index, detail) {
      const { results } = this.state;
      if (!this.active || index < 0 || index >= results.length || results[index] !== null) return;
      results[index] = !!detail.correct;
      const { version } = this;
      const at = `cmi.interactions.${Number(this.get('cmi.interactions._count').value) || 0}`;
      // Letters and digits only: SCORM 1.2's CMIIdentifier is alphanumeric.
      this.set(`${at}.id`, `quiz${index + 1}`);
      this.set(`${at}.type`, 'choice');
      if (version === '1.2') {
        this.set(`${at}.time`, clock(version, new Date()));
      } else {
        this.set(`${at}.timestamp`, clock(version, new Date()));
        if (detail.question) this.set(`${at}.description`, bounded(detail.question, 250));
      }
      if (detail.right && detail.right.length) this.set(`${at}.correct_responses.0.pattern`, responses(version, detail.right));
      this.set(`${at}.${version === '1.2' ? 'student_response' : 'learner_response'}`, responses(version, detail.chosen || []));
      this.set(`${at}.result`, detail.correct ? 'correct' : this.v.wrong);
      this.writeOutcome();
      this.commit();
    }

    reachEnd() {
      if (!this.active || this.state.end) return;
      this.state.end = true;
      this.writeOutcome();
      this.commit();
    }

    /** The learner read up to the heading `id`; kept when the LMS next commits. */
    bookmark(id) {
      if (!this.active || !id || id.length > this.v.maxLocation || id === this.location) return;
      const first = this.location === '';
      this.location = id;
      this.set(this.v.location, id);
      // The flag in suspend_data tells the next launch that there is a location to read.
      if (first) this.set('cmi.suspend_data', this.suspendData());
    }

    bookmarked() { return this.location; }

    save() {
      if (!this.finished) this.commit();
    }

    /**
     * SCORM 2004: asks the LMS to open the next (`continue`) or previous lesson as its own SCO,
     * when the LMS says it can; then ends this session. False: follow the page's link instead.
     */
    navigate(request) {
      if (this.version !== '2004' || this.finished) return false;
      const valid = this.get(`adl.nav.request_valid.${request}`);
      if (!valid.ok || valid.value !== 'true' || !this.set('adl.nav.request', request)) return false;
      this.finish();
      return true;
    }

    finish() {
      if (this.finished) return;
      this.save();
      this.finished = true;
      this.call(this.v.terminate, '');
    }
  }

  const api = {
    VERSIONS, MAX_CHECKS, findApi, blank, encode, decode, outcome, lessonStatus12, timespan12,
    duration2004, clock, responses, Session,
  };
  if (typeof module === 'object' && module.exports) {
    module.exports = api; // node tests
    return;
  }
  global.LeerpadScorm = api;
  if (typeof document === 'undefined') return;

  // ---- The page ----

  const script = document.currentScript || document.querySelector('script[data-scorm]');
  const version = script && VERSIONS[script.dataset.scorm] ? script.dataset.scorm : null;
  if (!version) return;
  const lmsApi = findApi(global, VERSIONS[version].api);
  if (!lmsApi) return; // not in an LMS: the site as it is

  const here = (url) => url.pathname.replace(/index\.html$/, '');

  /**
   * A link or form inside the package's frame loads another page in the frame that the LMS
   * launched one lesson in. That page must not start a session of its own (the LMS did not
   * launch it, and the launched lesson's session has ended): mark the navigation for it.
   */
  function markNavigation(target) {
    try {
      const url = new URL(target, location.href);
      if (url.origin !== location.origin || here(url) === here(location)) return;
      global.sessionStorage.setItem(NAV_KEY, JSON.stringify({ to: here(url), at: Date.now() }));
    } catch (e) { /* no sessionStorage: a navigated page may then start a session */ }
  }

  /** True when this page was opened by a link in the package or by the history, not the LMS. */
  function navigatedHere() {
    let mark = null;
    try {
      mark = JSON.parse(global.sessionStorage.getItem(NAV_KEY) || 'null');
      global.sessionStorage.removeItem(NAV_KEY);
    } catch (e) { mark = null; }
    const fromLink = !!mark && mark.to === here(location) && Date.now() - mark.at < NAV_FRESH_MS;
    const entries = global.performance && performance.getEntriesByType ? performance.getEntriesByType('navigation') : [];
    return fromLink || (entries[0] && entries[0].type === 'back_forward');
  }

  const plainClick = (event) => event.button === 0 && !event.ctrlKey && !event.metaKey && !event.shiftKey && !event.altKey;

  function watchNavigation() {
    // After the page's own handlers (bubbling): a link whose click a script takes over (the
    // region choice) loads no page.
    document.addEventListener('click', (event) => {
      const link = event.target.closest && event.target.closest('a[href]');
      if (!link || event.defaultPrevented || !plainClick(event)) return;
      if (link.target && link.target !== '_self') return;
      markNavigation(link.href);
    });
    document.addEventListener('submit', (event) => {
      if (!event.defaultPrevented && event.target.action) markNavigation(event.target.action);
    });
  }

  /** quiz.js tells each answer with `quiz:answered` (key "…#quiz-N", correct, chosen, right). */
  function listenToChecks(session) {
    document.addEventListener('quiz:answered', (event) => {
      const detail = event.detail || {};
      const match = /#quiz-(\d+)$/.exec(detail.key || '');
      if (!match) return;
      const form = event.target;
      const question = form.querySelector && form.querySelector('.quiz-question');
      session.answer(Number(match[1]) - 1, {
        correct: !!detail.correct,
        chosen: detail.chosen || [],
        right: detail.right || [],
        question: question ? question.textContent.trim() : '',
      });
    });
  }

  /**
   * The pager's next and previous lesson: in SCORM 2004 the LMS opens them as their own SCOs
   * when it can, so they are counted; otherwise (and in 1.2) the link opens them in the frame.
   */
  function listenToPager(session) {
    for (const link of document.querySelectorAll('nav.pager a[rel=next], nav.pager a[rel=prev]')) {
      link.addEventListener('click', (event) => {
        if (plainClick(event) && session.navigate(link.rel === 'next' ? 'continue' : 'previous')) event.preventDefault();
      });
    }
  }

  /** Continue where the learner was: scroll to the bookmarked heading and put focus on it. */
  function resume(session, article) {
    const id = session.bookmarked();
    const heading = id && document.getElementById(id);
    if (!heading || !article.contains(heading)) return null;
    if (!heading.hasAttribute('tabindex')) heading.setAttribute('tabindex', '-1');
    heading.scrollIntoView();
    heading.focus({ preventScroll: true });
    return heading;
  }

  /** An observer of the page's own window, also inside the LMS's frame (not the LMS's page). */
  function observer(callback, options = {}) {
    try {
      return new IntersectionObserver(callback, { root: document, ...options });
    } catch (e) {
      return new IntersectionObserver(callback, options); // a browser without a document root
    }
  }

  /** The bookmark follows the headings read; the end of the lesson counts once it shows. */
  function watchReading(session, article, resumedAt) {
    const end = article.querySelector('[data-lesson-end]');
    if (!('IntersectionObserver' in global)) {
      if (end) session.reachEnd();
      return;
    }
    const headings = [...article.querySelectorAll('h2[id], h3[id]')];
    let furthest = resumedAt ? headings.indexOf(resumedAt) : -1;
    // A heading counts as reached once it is in the upper half of the window: that part is read.
    const reading = observer((entries) => {
      for (const entry of entries) {
        const i = headings.indexOf(entry.target);
        if (entry.isIntersecting && i > furthest) {
          furthest = i;
          session.bookmark(entry.target.id);
        }
      }
    }, { rootMargin: '0px 0px -50% 0px' });
    headings.forEach((h) => reading.observe(h));
    if (!end) return;
    // As in progress.js: the end is reached as soon as it shows.
    const ending = observer((entries) => {
      if (entries.some((e) => e.isIntersecting)) {
        ending.disconnect();
        session.reachEnd();
      }
    });
    ending.observe(end);
  }

  watchNavigation();
  const article = document.querySelector('article[data-lesson]');
  if (!article || navigatedHere()) return;
  const checks = Number(article.dataset.quizzes) || 0;
  const mastery = /^\d+$/.test(script.dataset.mastery || '') ? Math.min(100, Number(script.dataset.mastery)) : null;
  const session = new Session(lmsApi, version, checks, mastery);
  if (!session.start()) return;
  global.LeerpadScorm.session = session;
  listenToChecks(session);
  listenToPager(session);
  watchReading(session, article, resume(session, article));
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'hidden') session.save();
  });
  global.addEventListener('pagehide', () => session.finish());
})(typeof globalThis !== 'undefined' ? globalThis : this);
