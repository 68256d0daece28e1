// A test LMS for tests/browser/scorm.test.mjs: puts scorm-again's API (SCORM 1.2 `API` or 2004
// `API_1484_11`) on this window, records every call the SCO makes with GetLastError after it,
// and frames a SCO's launch file. Not part of the theme: only the tests serve it.
(function () {
  'use strict';
  const calls = [];
  let api = null;
  const ERROR = { '1.2': 'LMSGetLastError', 2004: 'GetLastError' };
  const NAMES = { '1.2': 'API', 2004: 'API_1484_11' };

  window.lms = {
    calls,
    /** A fresh API (a new SCO attempt); `cmi` is data the LMS kept from an earlier session. */
    start(version, cmi, options = {}) {
      calls.length = 0;
      delete window.API;
      delete window.API_1484_11;
      const settings = { autocommit: false, logLevel: 4, lmsCommitUrl: false };
      api = version === '1.2' ? new window.Scorm12API(settings) : new window.Scorm2004API(settings);
      if (cmi) api.loadFromJSON(cmi, '');
      // As an LMS with sequencing says: the next lesson can be opened by a request (2004).
      if (options.continueValid) api.adl.nav.request_valid._continue = 'true';
      // What the SCO sees: every method goes through, and GetLastError is asked after each call.
      const seen = {};
      for (const name of Object.getOwnPropertyNames(Object.getPrototypeOf(api)).concat(Object.keys(api))) {
        if (typeof api[name] !== 'function' || name === 'constructor') continue;
        seen[name] = (...args) => {
          const value = api[name](...args);
          if (name !== ERROR[version] && !/ErrorString|Diagnostic/.test(name)) {
            calls.push({ name, args, value: String(value), error: String(api[ERROR[version]]()) });
          }
          return value;
        };
      }
      window[NAMES[version]] = seen;
    },
    /** The data model as the LMS holds it. */
    cmi() {
      return JSON.parse(JSON.stringify(api.cmi));
    },
    launch(href) {
      document.getElementById('sco').src = href;
    },
  };
})();
