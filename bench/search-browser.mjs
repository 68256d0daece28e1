#!/usr/bin/env node
// First-query cost in Chromium, leerpad against Pagefind on the same built HTML (a benchmark,
// not a test): requests, KiB on the wire and ms to the first result, on loopback and with
// Slow 4G throttling (150 ms RTT, 1.6 Mbit/s down, 750 kbit/s up, CDP
// Network.emulateNetworkConditions), and the cost of typing at 100 ms per key.
//
//   node bench/search-browser.mjs SITE_DIR [--label NAME] [--runs N] [--queries a,b,c]
//
// Each run is a fresh browser context (empty cache, service workers blocked so that the
// offline cache's background fetches do not count), served gzip from 127.0.0.1 by this
// script, on a page whose own requests are done (its icon comes after the load event). What
// is counted starts when the search box gets focus:
// - leerpad: the header box of the home page, as a user uses it: focus (site.js loads the
//   search scripts and the manifest), wait until that is in, then the query is put in the box
//   at once; the first result is the first option in its list (the box shows its first three
//   as soon as their texts are in);
// - Pagefind (SITE_DIR/pagefind, from bench/search-browser.sh): on a blank page of the same
//   origin (Pagefind needs WebAssembly, which the site's CSP does not allow), `init()` is the
//   focus (without its web worker, whose requests the page's throttling would not slow); the
//   first result is `search(query)` plus the data (title, excerpt) of its first three results,
//   as its UI needs to show them. Its UI script and styles are not counted.
// Requests are counted by the server (what went over the wire), bytes by the browser (CDP's
// encodedDataLength: headers and gzip bodies); a run whose requests the browser did not all
// see is an error.
// Typing: the query typed into leerpad's box at 100 ms per key (Slow 4G), against the bytes
// of the query put in at once. Prints medians / max over queries × runs.
//
// Owns: the benchmark's browser runs and table (bench/serve-gzip.mjs serves). Does not: build the sites or Pagefind's
// index (bench/search-browser.sh does).

import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { chromium } from 'playwright-core';
import { CHROMIUM_ARGS } from '../tests/browser/harness.mjs';
import { serve } from './serve-gzip.mjs';

const args = process.argv.slice(2);
const option = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : fallback;
};
const dir = args[0];
if (!dir || dir.startsWith('--')) {
  console.error('usage: node bench/search-browser.mjs SITE_DIR [--label NAME] [--runs N] [--queries a,b,c]');
  process.exit(2);
}
const label = option('label', dir);
const RUNS = Number(option('runs', '3'));
// Common and rare words, a question, a place, an abbreviation, a compound, a phrase.
const QUERIES = option(
  'queries',
  'kindermishandeling,ouders willen niet meewerken,OCJ,blauwe plekken,wie bel ik in Ronse,huisarts,veiligheidsmensen,beroepsgeheim',
).split(',');
const FIRST = 3;
const SLOW_4G = { offline: false, latency: 150, downloadThroughput: (1.6e6 / 8) * 0.9, uploadThroughput: (750e3 / 8) * 0.9 };
const CHROMIUM = process.env.LEERPAD_CHROMIUM || '/usr/bin/chromium';

/** Counts requests and bytes on the wire from `start()` on, through CDP. */
async function meter(context, page) {
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  let on = false;
  const requests = new Set();
  // [ms since the epoch when Node heard of it, bytes]
  const finished = [];
  cdp.on('Network.requestWillBeSent', (e) => on && requests.add(e.requestId));
  cdp.on('Network.loadingFinished', (e) => {
    if (on && requests.has(e.requestId)) finished.push([Date.now(), e.encodedDataLength]);
  });
  return {
    cdp,
    start: () => {
      on = true;
    },
    /** Requests seen, and bytes of those finished by `until` (ms since the epoch). */
    read: (until = Infinity) => ({
      requests: requests.size,
      bytes: finished.filter(([t]) => t <= until).reduce((n, [, b]) => n + b, 0),
    }),
  };
}

async function leerpadRun(browser, base, query, { throttle, typing, server }) {
  const context = await browser.newContext({ serviceWorkers: 'block', locale: 'nl-BE' });
  const page = await context.newPage();
  // Until the page's own requests are done: Chromium asks for the page's icon after the load
  // event, which is no request of the search.
  await page.goto(`${base}index.html`, { waitUntil: 'networkidle' });
  const m = await meter(context, page);
  if (throttle) await m.cdp.send('Network.emulateNetworkConditions', SLOW_4G);
  m.start();
  const since = Date.now();
  const input = page.locator('header input[name=q]').first();
  await input.focus();
  await page.waitForFunction(() => window.LEERPAD_SEARCH && window.LeerpadSearchShards && window.LeerpadSearchEngine);
  let ms;
  let end;
  if (typing) {
    // The last key's input event is the query; the first result of that query ends the run.
    await input.pressSequentially(query, { delay: 100 });
    const t0 = Date.now();
    await page.waitForFunction((q) => {
      const box = document.querySelector('header input[name=q]');
      const first = document.querySelector('header [role=listbox] [role=option]');
      return box.value === q && first && first.textContent.trim() !== '';
    }, query, { polling: 10, timeout: 60_000 });
    end = Date.now();
    ms = end - t0;
  } else {
    [ms, end] = await page.evaluate((q) => new Promise((done, fail) => {
      const box = document.querySelector('header input[name=q]');
      const list = box.form.querySelector('[role=listbox]');
      const t0 = performance.now();
      const check = () => {
        if (list.querySelector('[role=option]')) {
          observer.disconnect();
          done([performance.now() - t0, Date.now()]);
        }
      };
      const observer = new MutationObserver(check);
      observer.observe(list, { childList: true, subtree: true });
      box.value = q;
      box.dispatchEvent(new Event('input', { bubbles: true }));
      setTimeout(() => fail(new Error(`no result for "${q}"`)), 60_000);
    }), query);
  }
  const { requests: seen, bytes } = m.read(end);
  const out = { requests: server.requests(since, end), seen, bytes, ms };
  await context.close();
  return out;
}

async function pagefindRun(browser, base, query, { throttle, server }) {
  const context = await browser.newContext({ serviceWorkers: 'block' });
  const page = await context.newPage();
  await page.goto(`${base}__bench/blank.html`, { waitUntil: 'networkidle' });
  const m = await meter(context, page);
  if (throttle) await m.cdp.send('Network.emulateNetworkConditions', SLOW_4G);
  m.start();
  const since = Date.now();
  await page.evaluate(async (url) => {
    window.pagefind = await import(url);
    // In the page, not a worker: the throttling applies to the page's requests, and a
    // worker's would not be counted.
    await window.pagefind.options({ noWorker: true });
    await window.pagefind.init();
  }, `${base}pagefind/pagefind.js`);
  // A query without results ends with its (empty) answer; the table notes how many.
  const [ms, end, found] = await page.evaluate(async ([q, first]) => {
    const t0 = performance.now();
    const search = await window.pagefind.search(q);
    const shown = await Promise.all(search.results.slice(0, first).map((r) => r.data()));
    return [performance.now() - t0, Date.now(), shown.length];
  }, [query, FIRST]);
  const { requests: seen, bytes } = m.read(end);
  const out = { requests: server.requests(since, end), seen, bytes, ms, empty: found === 0 };
  await context.close();
  return out;
}

const median = (list) => {
  const s = [...list].sort((a, b) => a - b);
  return (s[(s.length - 1) >> 1] + s[s.length >> 1]) / 2;
};
const max = (list) => Math.max(...list);
const fmt = (list, f) => `${f(median(list))} / ${f(max(list))}`;
const int = (n) => Math.round(n).toLocaleString('en');
const kib = (n) => int(n / 1024);

async function measure(browser, server, run, options) {
  const rows = [];
  for (const q of QUERIES) {
    for (let i = 0; i < RUNS; i++) {
      const row = { q, ...(await run(browser, server.url, q, { ...options, server })) };
      // Requests are those the server answered; the browser's count (which would miss a
      // worker's) must cover them, or the bytes are not all counted either.
      if (row.seen < row.requests) {
        throw new Error(`"${q}": the server answered ${row.requests} requests, the browser saw ${row.seen}`);
      }
      rows.push(row);
    }
  }
  return rows;
}

async function main() {
  const root = resolve(dir);
  const server = await serve(root, { blank: true });
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
  const hasPagefind = existsSync(join(root, 'pagefind', 'pagefind.js'));
  const engines = [['leerpad', leerpadRun]];
  if (hasPagefind) engines.push(['Pagefind', pagefindRun]);
  const results = {};
  try {
    for (const [name, run] of engines) {
      const loopback = await measure(browser, server, run, { throttle: false });
      const slow = await measure(browser, server, run, { throttle: true });
      results[name] = { loopback, slow };
    }
    results.typing = await measure(browser, server, leerpadRun, { throttle: true, typing: true });
  } finally {
    await browser.close();
    await server.close();
  }
  const names = Object.keys(results).filter((n) => n !== 'typing');
  const cell = (name, f) => names.map((n) => f(results[n])).join(' | ');
  console.log(`\n${label}: ${QUERIES.length} queries × ${RUNS} runs, medians / max, from the focus of the search box to the first result`);
  if (!hasPagefind) console.log(`(Pagefind skipped: no ${join(dir, 'pagefind')}; bench/search-browser.sh builds it when npm's pagefind is installed)`);
  console.log(`\n| first query | ${names.join(' | ')} |\n|---|${names.map(() => '---|').join('')}`);
  console.log(`| requests | ${cell('', (r) => fmt(r.slow.map((x) => x.requests), int))} |`);
  console.log(`| KiB transferred | ${cell('', (r) => fmt(r.slow.map((x) => x.bytes), kib))} |`);
  console.log(`| ms to first result, loopback | ${cell('', (r) => fmt(r.loopback.map((x) => x.ms), int))} |`);
  console.log(`| ms to first result, Slow 4G (150 ms RTT, 1.6 Mbit/s) | ${cell('', (r) => fmt(r.slow.map((x) => x.ms), int))} |`);
  // Typing against the same query put in at once, query by query (medians of the runs).
  const ratios = QUERIES.map((q) => {
    const typed = median(results.typing.filter((x) => x.q === q).map((x) => x.bytes));
    const once = median(results.leerpad.slow.filter((x) => x.q === q).map((x) => x.bytes));
    return typed / once;
  });
  const typing = results.typing;
  console.log(
    `\nleerpad typing at 100 ms per key (Slow 4G): requests ${fmt(typing.map((x) => x.requests), int)}, ` +
      `KiB ${fmt(typing.map((x) => x.bytes), kib)}, ms after the last key ${fmt(typing.map((x) => x.ms), int)}; ` +
      `bytes against the query put in at once: ${fmt(ratios, (r) => r.toFixed(2))}×`,
  );
  for (const name of names) {
    const empty = [...new Set(results[name].slow.filter((x) => x.empty).map((x) => x.q))];
    if (empty.length > 0) console.log(`\n${name} found nothing for: ${empty.join('; ')} (counted to its empty answer)`);
  }
  for (const name of names) {
    const per = QUERIES.map((q) => {
      const rows = results[name].slow.filter((x) => x.q === q);
      return `${q}: ${int(median(rows.map((x) => x.requests)))} req, ${kib(median(rows.map((x) => x.bytes)))} KiB, ${int(median(rows.map((x) => x.ms)))} ms`;
    });
    console.log(`\n${name}, per query (Slow 4G medians): ${per.join('; ')}`);
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
