// Quality gates over EVERY generated page of the bundled site, so they grow with the site:
// - axe-core, WCAG 2.0/2.1 A and AA: zero violations;
// - every same-site link, asset and #anchor resolves; assets never come from another origin;
// - no JavaScript error, console error, HTTP status >= 400 or request to another origin;
// - <html lang="nl">, a unique <title>, exactly one <h1>, a skip link as the first stop of Tab;
// - no horizontal scrolling at 360 px;
// - the W3C Nu checker: zero errors in the HTML (one JVM for all pages) and in the CSS;
// - keyboard only on the interactive pages: every control reachable with Tab, in DOM and visual
//   order, each with a visible focus indicator.
//
// One browser, one tab reused for the crawl. The Nu checker runs in a child process at the same
// time. The time of each gate is printed at the end (and written to target/gates-times.json).

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { inflateSync } from 'node:zlib';
import { join, relative, sep } from 'node:path';
import { buildSite, launch, newPage, REPO, serve } from './harness.mjs';

const AXE = join(REPO, 'node_modules/axe-core/axe.min.js');
const VNU = join(REPO, 'node_modules/vnu-jar/build/dist/vnu.jar');
const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
const DESKTOP = { width: 1280, height: 900 };
const PHONE = { width: 360, height: 740 };
/** The pages whose controls are walked with the keyboard (paths in the output folder). */
/** The page of `pages` matching `pattern` with the most interactive parts (quizzes, charts, …). */
function richest(pages, pattern) {
  const score = (p) => (readFileSync(join(out, p), 'utf8').match(/data-quiz|class="chart|<details|<button|<input|<select/g) || []).length;
  return pages.filter((p) => pattern.test(p)).map((p) => [score(p), p]).sort((a, b) => b[0] - a[0])[0]?.[1];
}
const KEYBOARD_PAGES = [
  ['a lesson', (pages) => richest(pages, /^modules\/[^/]+\/[^/]+\/index\.html$/)],
  ['a step page', (pages) => richest(pages, /^stappen\/[^/]+\/index\.html$/)],
  ['the partner finder', () => 'partners/index.html'],
  ['the search page', () => 'zoeken/index.html'],
];

const times = {};
/** Adds the milliseconds `fn` takes to the gate `name`. */
async function timed(name, fn) {
  const start = performance.now();
  try {
    return await fn();
  } finally {
    times[name] = (times[name] || 0) + (performance.now() - start);
  }
}

let out;
let server;
let browser;
let tab;
let pages = [];
let vnuHtml;
let vnuCss;
/** Per page: what the crawl found. */
const found = new Map();

function walk(dir, ext) {
  const files = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) files.push(...walk(full, ext));
    else if (entry.name.endsWith(ext)) files.push(full);
  }
  return files.sort();
}

/** Runs the Nu checker over `files`; resolves to its messages, with paths relative to `out`. */
function runVnu(args, files) {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn('java', ['-jar', VNU, '--format', 'json', '--errors-only', ...args, ...files]);
    let stderr = '';
    child.stderr.on('data', (d) => { stderr += d; });
    child.on('error', reject);
    child.on('close', () => {
      const ms = performance.now() - started;
      let messages;
      try {
        messages = JSON.parse(stderr).messages;
      } catch {
        reject(new Error(`vnu gave no JSON:\n${stderr.slice(0, 2000)}`));
        return;
      }
      resolve({
        ms,
        errors: messages
          .filter((m) => m.type === 'error' || m.type === 'non-document-error')
          .map((m) => `${m.url ? relative(out, new URL(m.url).pathname).split(sep).join('/') : '?'}`
            + `:${m.lastLine ?? '?'}: ${m.message}${m.extract ? ` [${m.extract.trim().slice(0, 80)}]` : ''}`),
      });
    });
  });
}

// Records elements that get mouse listeners, to check each can also be reached with the keyboard.
function recordClickListeners() {
  const add = EventTarget.prototype.addEventListener;
  const targets = new Set();
  Object.defineProperty(window, '__gatesClickTargets', { value: targets });
  EventTarget.prototype.addEventListener = function (type, ...rest) {
    if (/^(click|dblclick|mousedown|mouseup|pointerdown|pointerup)$/.test(type) && this instanceof Element) {
      targets.add(this);
    }
    return add.call(this, type, ...rest);
  };
}

/** In the page: title, lang, headings, ids, every URL the DOM refers to. */
function inspectPage() {
  const urls = [];
  const push = (el, attr, value, kind) => {
    if (value === null || value === undefined || value === '') return;
    let url;
    try {
      url = new URL(value, document.baseURI).href;
    } catch {
      url = `invalid:${value}`;
    }
    urls.push({ tag: el.tagName.toLowerCase(), attr, raw: value, url, kind, rel: el.getAttribute('rel') || '' });
  };
  for (const el of document.querySelectorAll('[href]')) {
    const isLink = (el.tagName === 'A' || el.tagName === 'AREA' || el.localName === 'a') && !el.closest('head');
    push(el, 'href', el.getAttribute('href'), isLink ? 'link' : 'asset');
  }
  for (const el of document.querySelectorAll('[src], [poster], object[data]')) {
    for (const attr of ['src', 'poster', 'data']) {
      if (el.hasAttribute(attr) && !(attr === 'data' && el.tagName !== 'OBJECT')) push(el, attr, el.getAttribute(attr), 'asset');
    }
  }
  for (const el of document.querySelectorAll('[srcset]')) {
    for (const part of el.getAttribute('srcset').split(',')) push(el, 'srcset', part.trim().split(/\s+/)[0], 'asset');
  }
  for (const el of document.querySelectorAll('form[action]')) push(el, 'action', el.getAttribute('action'), 'link');
  for (const el of document.querySelectorAll('[style]')) urls.push({ tag: el.tagName.toLowerCase(), attr: 'style', raw: el.getAttribute('style'), url: 'inline-style', kind: 'style', rel: '' });
  const ids = [...document.querySelectorAll('[id]')].map((e) => e.id);
  ids.push(...[...document.querySelectorAll('a[name]')].map((e) => e.getAttribute('name')));
  return {
    lang: document.documentElement.getAttribute('lang'),
    title: document.title.trim(),
    h1: document.querySelectorAll('h1').length,
    ids,
    urls,
    inlineScripts: [...document.querySelectorAll('script:not([src])')]
      .filter((s) => s.type !== 'application/json' && s.type !== 'application/ld+json').length,
  };
}

/** In the page, after one Tab: the focused element as the skip-link rule needs it. */
function firstStop() {
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  const href = el.getAttribute('href') || '';
  const target = href.startsWith('#') ? document.getElementById(decodeURIComponent(href.slice(1))) : null;
  const r = el.getBoundingClientRect();
  return {
    html: el.outerHTML.slice(0, 120),
    href,
    targetExists: Boolean(target),
    visible: r.width > 0 && r.height > 0 && r.bottom > 0 && r.top < innerHeight,
  };
}

/** In the page: the widest overflow at the current viewport, with the culprits. */
function overflow() {
  const width = document.scrollingElement.scrollWidth;
  const culprits = [];
  if (width > innerWidth) {
    const clipped = (el) => {
      for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
        if (getComputedStyle(p).overflowX !== 'visible') return true;
      }
      return false;
    };
    for (const el of document.body.querySelectorAll('*')) {
      if (clipped(el)) continue;
      const r = el.getBoundingClientRect();
      if (r.right > innerWidth + 0.5 && r.width > 0) {
        const parentOver = el.parentElement && el.parentElement.getBoundingClientRect().right > innerWidth + 0.5;
        if (!parentOver) culprits.push(`${el.tagName.toLowerCase()}${el.className ? `.${String(el.className).split(' ').join('.')}` : ''} (right ${Math.round(r.right)})`);
      }
    }
  }
  return { width, innerWidth, culprits: culprits.slice(0, 5) };
}

before(async () => {
  out = buildSite('browser-pages');
  pages = walk(out, '.html').map((f) => relative(out, f).split(sep).join('/'));
  // The Nu checker runs in parallel with the crawl: one JVM for all HTML, one for the CSS.
  vnuHtml = runVnu(['--also-check-svg'], [...walk(out, '.html'), ...walk(out, '.svg')]);
  vnuCss = vnuHtml.then(() => runVnu(['--css'], walk(out, '.css')));
  vnuHtml.catch(() => {});
  vnuCss.catch(() => {});
  server = await serve(out);
  browser = await launch();
  tab = await newPage(browser, { viewport: DESKTOP });
  await tab.context.addInitScript(recordClickListeners);
  await tab.context.addInitScript({ path: AXE });
});

after(async () => {
  await browser?.close();
  await server?.close();
});

/** Everything the crawl found, one entry per page; filled by the first test. */
async function crawl() {
  const { page, problems } = tab;
  for (const path of pages) {
    const result = { problems: [], axe: [], overflow: null, firstStop: null, info: null };
    const before = problems.length;
    await timed('load', async () => {
      const response = await page.goto(server.url + path, { waitUntil: 'load' });
      if (response.status() !== 200) result.problems.push(`HTTP ${response.status()}`);
    });
    result.info = await timed('page rules', () => page.evaluate(inspectPage));
    result.firstStop = await timed('page rules', async () => {
      await page.keyboard.press('Tab');
      return page.evaluate(firstStop);
    });
    result.axe = await timed('axe-core', () => page.evaluate(async (tags) => {
      const r = await window.axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] });
      return r.violations.map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ')}`);
    }, AXE_TAGS));
    result.overflow = await timed('360 px', async () => {
      await page.setViewportSize(PHONE);
      const o = await page.evaluate(overflow);
      await page.setViewportSize(DESKTOP);
      return o;
    });
    result.problems.push(...problems.slice(before));
    found.set(path, result);
  }
}

test('crawl every generated page', async () => {
  await timed('crawl (all per-page gates)', crawl);
  assert.ok(pages.length > 0, 'the build made no pages');
  assert.equal(found.size, pages.length);
});

test('no JavaScript error, console error, HTTP >= 400 or request to another origin', () => {
  const bad = [...found].flatMap(([path, r]) => r.problems.map((p) => `${path}: ${p}`));
  assert.deepEqual(bad, []);
});

test('axe-core: zero WCAG 2.0/2.1 A and AA violations on every page', () => {
  const bad = [...found].flatMap(([path, r]) => r.axe.map((v) => `${path}: ${v}`));
  assert.deepEqual(bad, []);
});

test('every page: <html lang="nl">, one <h1>, a unique <title>, a skip link first, no inline script or style', () => {
  const bad = [];
  const titles = new Map();
  for (const [path, { info, firstStop: stop }] of found) {
    if (info.lang !== 'nl') bad.push(`${path}: <html lang="${info.lang}">`);
    if (info.h1 !== 1) bad.push(`${path}: ${info.h1} <h1> elements`);
    if (!info.title) bad.push(`${path}: empty <title>`);
    if (titles.has(info.title)) bad.push(`${path}: the title "${info.title}" is also the title of ${titles.get(info.title)}`);
    titles.set(info.title, path);
    if (!stop) bad.push(`${path}: Tab focuses nothing`);
    else if (!stop.href.startsWith('#') || !stop.targetExists) bad.push(`${path}: the first Tab stop is not a skip link to an existing id: ${stop.html}`);
    else if (!stop.visible) bad.push(`${path}: the skip link is not visible when focused`);
    if (info.inlineScripts) bad.push(`${path}: ${info.inlineScripts} inline <script> elements`);
    bad.push(...info.urls.filter((u) => u.kind === 'style').map((u) => `${path}: inline style on <${u.tag}>`));
  }
  assert.deepEqual(bad, []);
});

test('every same-site link, asset and #anchor resolves; nothing else comes from another origin', async () => {
  const bad = [];
  const origin = new URL(server.url).origin;
  const status = new Map();
  const idsOf = new Map([...found].map(([path, r]) => [path, new Set(r.info.ids)]));
  const check = async (from, u) => {
    if (u.url.startsWith('invalid:')) return bad.push(`${from}: <${u.tag} ${u.attr}="${u.raw}"> is not a URL`);
    const url = new URL(u.url);
    if (url.protocol === 'mailto:' || url.protocol === 'tel:') {
      if (u.kind !== 'link') bad.push(`${from}: <${u.tag} ${u.attr}="${u.raw}"> as an asset`);
      return;
    }
    if (url.protocol === 'data:' && u.kind === 'asset') return;
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return bad.push(`${from}: <${u.tag} ${u.attr}="${u.raw}">: ${url.protocol} URL`);
    if (url.origin !== origin) {
      // Plain links to partner websites are fine; anything the page would load is not.
      if (u.kind !== 'link') bad.push(`${from}: <${u.tag} ${u.attr}="${u.raw}"> loads from another origin`);
      return;
    }
    if (u.tag === 'a' && u.raw === '#') return bad.push(`${from}: <a href="#"> leads nowhere`);
    let target = decodeURIComponent(url.pathname.slice(1));
    if (target === '' || target.endsWith('/')) target += 'index.html';
    if (!status.has(target)) {
      const response = await fetch(`${origin}/${target}`, { method: 'HEAD' });
      status.set(target, idsOf.has(target) ? 200 : response.status);
    }
    if (status.get(target) !== 200) return bad.push(`${from}: <${u.tag} ${u.attr}="${u.raw}"> → HTTP ${status.get(target)}`);
    if (url.hash.length > 1) {
      const id = decodeURIComponent(url.hash.slice(1));
      const ids = idsOf.get(target);
      if (!ids) bad.push(`${from}: <${u.tag} ${u.attr}="${u.raw}"> has an anchor, but ${target} is not a page`);
      else if (!ids.has(id)) bad.push(`${from}: <${u.tag} ${u.attr}="${u.raw}">: ${target} has no id "${id}"`);
    }
  };
  await timed('links', async () => {
    for (const [path, r] of found) {
      for (const u of r.info.urls) if (u.kind !== 'style') await check(path, u);
    }
    // url() in the stylesheets: fonts and images must be ours and exist.
    for (const css of walk(out, '.css')) {
      const from = relative(out, css).split(sep).join('/');
      for (const m of readFileSync(css, 'utf8').matchAll(/url\(\s*(['"]?)([^'")]+)\1\s*\)/g)) {
        await check(from, { tag: 'css', attr: 'url', raw: m[2], url: new URL(m[2], `${origin}/${from}`).href, kind: 'asset' });
      }
      for (const m of readFileSync(css, 'utf8').matchAll(/@import\s+(['"])([^'"]+)\1/g)) {
        await check(from, { tag: 'css', attr: '@import', raw: m[2], url: new URL(m[2], `${origin}/${from}`).href, kind: 'asset' });
      }
    }
  });
  assert.deepEqual(bad, []);
});

test('360 px wide: no page scrolls sideways', () => {
  const bad = [...found]
    .filter(([, r]) => r.overflow.width > r.overflow.innerWidth)
    .map(([path, r]) => `${path}: ${r.overflow.width} px wide at ${r.overflow.innerWidth} px: ${r.overflow.culprits.join(', ')}`);
  assert.deepEqual(bad, []);
});

test('W3C Nu checker: zero errors in the HTML (and inline SVG files)', async () => {
  const { ms, errors } = await vnuHtml;
  times['Nu checker, HTML (parallel to the crawl)'] = ms;
  assert.deepEqual(errors, []);
});

test('W3C Nu checker: zero errors in the CSS', async () => {
  const { ms, errors } = await vnuCss;
  times['Nu checker, CSS'] = ms;
  assert.deepEqual(errors, []);
});

// ---- keyboard only ----

/** In the page: numbers every element in DOM order and notes each control's unfocused look. */
function prepareKeyboard() {
  const all = [...document.querySelectorAll('*')];
  const order = new Map(all.map((e, i) => [e, i]));
  const look = (el) => {
    const out = [];
    for (let e = el, depth = 0; e && depth < 3; e = e.parentElement, depth += 1) {
      const s = getComputedStyle(e);
      out.push([s.outlineStyle, s.outlineWidth, s.outlineColor, s.boxShadow].join(' / '));
    }
    return out;
  };
  const baseline = new Map(all.map((e) => [e, look(e)]));
  window.__gates = { order, look, baseline, reached: [] };
}

/** Decodes a screenshot (8-bit RGB or RGBA PNG, as Chromium writes them) to RGBA pixels. */
function decodePng(buffer) {
  let offset = 8;
  let width = 0;
  let height = 0;
  let channels = 4;
  const data = [];
  while (offset < buffer.length) {
    const length = buffer.readUInt32BE(offset);
    const type = buffer.toString('latin1', offset + 4, offset + 8);
    const body = buffer.subarray(offset + 8, offset + 8 + length);
    if (type === 'IHDR') {
      width = body.readUInt32BE(0);
      height = body.readUInt32BE(4);
      if (body[8] !== 8 || ![2, 6].includes(body[9]) || body[12] !== 0) throw new Error('unexpected PNG format');
      channels = body[9] === 6 ? 4 : 3;
    } else if (type === 'IDAT') data.push(body);
    offset += 12 + length;
  }
  const raw = inflateSync(Buffer.concat(data));
  const stride = width * channels;
  const out = Buffer.alloc(width * height * 4);
  let previous = Buffer.alloc(stride);
  for (let y = 0; y < height; y += 1) {
    const filter = raw[y * (stride + 1)];
    const line = Buffer.from(raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1)));
    for (let x = 0; x < stride; x += 1) {
      const a = x >= channels ? line[x - channels] : 0;
      const b = previous[x];
      const c = x >= channels ? previous[x - channels] : 0;
      let add = 0;
      if (filter === 1) add = a;
      else if (filter === 2) add = b;
      else if (filter === 3) add = (a + b) >> 1;
      else if (filter === 4) {
        const p = a + b - c;
        const pa = Math.abs(p - a);
        const pb = Math.abs(p - b);
        const pc = Math.abs(p - c);
        add = pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
      }
      line[x] = (line[x] + add) & 0xff;
    }
    for (let x = 0; x < width; x += 1) {
      line.copy(out, (y * width + x) * 4, x * channels, x * channels + 3);
      out[(y * width + x) * 4 + 3] = channels === 4 ? line[x * channels + 3] : 255;
    }
    previous = line;
  }
  return { width, height, pixels: out };
}

/** How many pixels differ clearly between two screenshots of the same clip. */
function changedPixels(a, b) {
  const one = decodePng(a);
  const two = decodePng(b);
  let changed = 0;
  for (let i = 0; i < one.pixels.length && i < two.pixels.length; i += 4) {
    const d = Math.abs(one.pixels[i] - two.pixels[i]) + Math.abs(one.pixels[i + 1] - two.pixels[i + 1])
      + Math.abs(one.pixels[i + 2] - two.pixels[i + 2]);
    if (d > 48) changed += 1;
  }
  return changed;
}

/**
 * Whether the focused element visibly changes when it loses focus: screenshots of the element
 * and 8 px around it, focused and blurred. Computed styles are not enough: an outline can be
 * cut off by a scrolling parent. Focus goes back to the element, so Tab goes on from there.
 */
async function focusShows(page, rect) {
  const viewport = page.viewportSize();
  const x = Math.max(0, Math.floor(rect.left - 8));
  const y = Math.max(0, Math.floor(rect.top - 8));
  const clip = {
    x, y,
    width: Math.min(viewport.width, Math.ceil(rect.right + 8)) - x,
    height: Math.min(viewport.height, Math.ceil(rect.bottom + 8)) - y,
  };
  if (clip.width <= 0 || clip.height <= 0) return { shows: false, changed: 0 };
  const focused = await page.screenshot({ clip, animations: 'disabled', caret: 'hide' });
  await page.evaluate(() => { window.__gates.current = document.activeElement; document.activeElement.blur(); });
  const blurred = await page.screenshot({ clip, animations: 'disabled', caret: 'hide' });
  await page.evaluate(() => window.__gates.current.focus({ preventScroll: true }));
  const changed = changedPixels(focused, blurred);
  // At least half the perimeter of the element's box: a 1-px ring drawn on two sides.
  const needed = Math.max(20, Math.round((rect.right - rect.left) + (rect.bottom - rect.top)));
  return { shows: changed >= needed, changed, needed };
}

/** In the page, after a Tab: where focus is and whether it shows. */
function focusStep() {
  const g = window.__gates;
  const el = document.activeElement;
  if (!el || el === document.body || el === document.documentElement) return { done: true };
  const index = g.order.get(el) ?? -1;
  const now = g.look(el);
  const before = g.baseline.get(el) || [];
  const indicator = now.some((l, i) => l !== before[i] && (/(solid|dotted|dashed|double|auto)/.test(l.split(' / ')[0]) || !/^none$/.test(l.split(' / ')[3])));
  const r = el.getBoundingClientRect();
  const visible = r.width > 0 && r.height > 0 && getComputedStyle(el).visibility !== 'hidden'
    && r.bottom > 0 && r.top < innerHeight && r.right > 0 && r.left < innerWidth;
  const first = g.reached.length === 0 ? null : g.reached[0];
  const repeat = g.reached.includes(el);
  if (!repeat) g.reached.push(el);
  return {
    done: repeat && el === first,
    trapped: repeat && el !== first,
    index,
    indicator,
    visible,
    tabindex: el.tabIndex,
    rect: { top: r.top + scrollY, bottom: r.bottom + scrollY, left: r.left + scrollX, right: r.right + scrollX },
    client: { top: r.top, bottom: r.bottom, left: r.left, right: r.right },
    label: `<${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''}${el.className && typeof el.className === 'string' ? `.${el.className.split(' ').join('.')}` : ''}> ${(el.textContent || el.getAttribute('aria-label') || el.name || '').trim().slice(0, 40)}`,
  };
}

/** In the page: visible controls and mouse targets that Tab never reached. */
function unreached() {
  const g = window.__gates;
  const reached = new Set(g.reached);
  const visible = (el) => el.getClientRects().length > 0 && getComputedStyle(el).visibility !== 'hidden';
  const interactive = [...document.querySelectorAll(
    'a[href], area[href], button, input:not([type=hidden]), select, textarea, details > summary:first-of-type, '
    + '[tabindex]:not([tabindex="-1"]), [contenteditable=""], [contenteditable=true], audio[controls], video[controls], '
    + '[role=button], [role=link], [role=checkbox], [role=radio], [role=tab], [role=menuitem], [role=switch], [role=option], [role=slider], [role=textbox], [role=combobox]',
  ), ...window.__gatesClickTargets].filter((el) => el instanceof Element && el !== document.body && el !== document.documentElement);
  const missed = [];
  for (const el of new Set(interactive)) {
    if (!visible(el) || el.disabled || el.closest('[inert]')) continue;
    if (reached.has(el)) continue;
    // Tab reaches one radio of a group; arrow keys the rest.
    if (el.type === 'radio' && [...reached].some((r) => r.type === 'radio' && r.name === el.name && r.form === el.form)) continue;
    // A listener on a container that holds reached controls is event delegation.
    if (window.__gatesClickTargets.has(el) && [...reached].some((r) => el.contains(r))) continue;
    // A label acts for its control.
    if (el.tagName === 'LABEL' && el.control && reached.has(el.control)) continue;
    missed.push(`<${el.tagName.toLowerCase()}${el.className && typeof el.className === 'string' ? `.${el.className.split(' ').join('.')}` : ''}> ${(el.textContent || '').trim().slice(0, 40)}`);
  }
  return missed;
}

for (const [what, pick] of KEYBOARD_PAGES) {
  test(`keyboard only on ${what}: every control reachable, in order, with visible focus`, async (t) => {
    const path = pick(pages);
    assert.ok(path && found.has(path), `no page for ${what}`);
    t.diagnostic(`${what}: ${path}`);
    const { page, problems } = tab;
    const seenProblems = problems.length;
    const bad = [];
    let stops = 0;
    await timed('keyboard', async () => {
      for (const viewport of [DESKTOP, PHONE]) {
        const at = `${path} at ${viewport.width} px`;
        await page.setViewportSize(viewport);
        await page.goto(server.url + path, { waitUntil: 'load' });
        await page.evaluate(prepareKeyboard);
        let previous = null;
        for (let i = 0; i < 400; i += 1) {
          await page.keyboard.press('Tab');
          const step = await page.evaluate(focusStep);
          if (step.done) break;
          if (step.trapped) {
            bad.push(`${at}: focus is trapped at ${step.label}`);
            break;
          }
          stops += 1;
          if (!step.visible) bad.push(`${at}: ${step.label} is focused but not visible`);
          else if (!step.indicator) bad.push(`${at}: ${step.label} shows no focus indicator (outline or box-shadow)`);
          else {
            const look = await focusShows(page, step.client);
            if (!look.shows) bad.push(`${at}: the focus indicator of ${step.label} cannot be seen (${look.changed} pixels change, ${look.needed} needed; cut off by a parent?)`);
          }
          if (step.tabindex > 0) bad.push(`${at}: ${step.label} has tabindex=${step.tabindex}`);
          if (previous) {
            if (step.index < previous.index) bad.push(`${at}: Tab goes back in the DOM from ${previous.label} to ${step.label}`);
            const a = previous.rect;
            const b = step.rect;
            const sameRow = b.top < a.bottom - 2 && b.bottom > a.top + 2;
            // Up is fine into the next column (a multi-column list); anywhere else it is not.
            const nextColumn = b.left >= a.right - 2;
            if (b.bottom <= a.top + 2 && b.top < a.top && !nextColumn) bad.push(`${at}: Tab jumps up from ${previous.label} to ${step.label}`);
            else if (sameRow && b.right <= a.left + 2) bad.push(`${at}: Tab jumps left from ${previous.label} to ${step.label}`);
          }
          previous = step;
        }
        bad.push(...(await page.evaluate(unreached)).map((m) => `${at}: ${m} cannot be reached with Tab`));
      }
      await page.setViewportSize(DESKTOP);
    });
    bad.push(...problems.slice(seenProblems));
    assert.ok(stops > 3, `only ${stops} Tab stops on ${path}`);
    assert.deepEqual(bad, []);
  });
}

test('report: pages checked and the time of each gate', (t) => {
  const lines = [`pages checked: ${pages.length}`];
  for (const [name, ms] of Object.entries(times)) lines.push(`${name}: ${(ms / 1000).toFixed(1)} s`);
  for (const line of lines) t.diagnostic(line);
  writeFileSync(join(REPO, 'target', 'gates-times.json'), `${JSON.stringify({ pages: pages.length, seconds: Object.fromEntries(Object.entries(times).map(([k, v]) => [k, +(v / 1000).toFixed(2)])) }, null, 2)}\n`);
});
