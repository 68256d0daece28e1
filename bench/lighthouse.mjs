#!/usr/bin/env node
// Lighthouse over the page types of a built site, mobile and desktop (a benchmark, not a
// test): performance, accessibility, best practices and SEO, and the Cumulative Layout Shift.
//
//   node bench/lighthouse.mjs [SITE_DIR]      # default: builds the bundled site
//
// The site is served gzip from 127.0.0.1 (bench/serve-gzip.mjs), Lighthouse (npm's
// `lighthouse`, a pinned dev dependency) drives Debian's chromium (or $LEERPAD_CHROMIUM) with
// its default throttling: a mid-range phone on a slow 4G line, or a desktop. Prints a table;
// exits 1 when a page scores below 100 in a category or shifts 0.05 or more, with the audits
// that cost the points.
//
// Owns: the list of page types and the table. Does not: fix a page.

import { existsSync } from 'node:fs';
import { join } from 'node:path';
import lighthouse from 'lighthouse';
import desktop from 'lighthouse/core/config/desktop-config.js';
import * as launcher from 'chrome-launcher';
import { buildSite, REPO } from '../tests/browser/harness.mjs';
import { serve } from './serve-gzip.mjs';

const PAGES = [
  ['home', ''],
  ['lesson', 'modules/verontrusting-herkennen/wat-is-verontrusting/'],
  ['step', 'stappen/ga-in-gesprek/'],
  ['partners', 'partners/'],
  ['search', 'zoeken/?q=vertrouwenscentrum'],
  ['region', 'partners/zuid-oost-vlaanderen/'],
];
const CATEGORIES = ['performance', 'accessibility', 'best-practices', 'seo'];
const CHROMIUM = process.env.LEERPAD_CHROMIUM || '/usr/bin/chromium';
const MAX_CLS = 0.05;

async function main() {
  const dir = process.argv[2] || buildSite('bench-lighthouse', REPO);
  for (const [, path] of PAGES) {
    const file = join(dir, path.split('?')[0], 'index.html');
    if (!existsSync(file)) throw new Error(`${file} is missing: the page types list a page this site lacks`);
  }
  const server = await serve(dir);
  const chrome = await launcher.launch({
    chromePath: CHROMIUM,
    chromeFlags: ['--headless=new', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'],
  });
  const rows = [];
  const problems = [];
  try {
    for (const [form, config] of [['mobile', undefined], ['desktop', desktop]]) {
      for (const [name, path] of PAGES) {
        const run = await lighthouse(server.url + path, { port: chrome.port, output: 'json', logLevel: 'error', onlyCategories: CATEGORIES }, config);
        const { categories, audits } = run.lhr;
        const scores = CATEGORIES.map((c) => Math.round((categories[c]?.score ?? 0) * 100));
        const cls = audits['cumulative-layout-shift']?.numericValue ?? NaN;
        rows.push({ form, name, scores, cls });
        for (const c of CATEGORIES) {
          if (categories[c].score === 1) continue;
          const lost = categories[c].auditRefs
            .filter((ref) => ref.weight > 0 && audits[ref.id].score !== null && audits[ref.id].score < 1)
            .map((ref) => `${ref.id} (${audits[ref.id].displayValue || audits[ref.id].score})`);
          problems.push(`${form} ${name}: ${c} ${Math.round(categories[c].score * 100)}: ${lost.join(', ')}`);
        }
        if (!(cls < MAX_CLS)) problems.push(`${form} ${name}: CLS ${cls.toFixed(3)}`);
      }
    }
  } finally {
    await chrome.kill();
    await server.close();
  }
  console.log(`| page | form | performance | accessibility | best practices | SEO | CLS |\n|---|---|---|---|---|---|---|`);
  for (const r of rows) console.log(`| ${r.name} | ${r.form} | ${r.scores.join(' | ')} | ${r.cls.toFixed(3)} |`);
  for (const p of problems) console.log(`- ${p}`);
  if (problems.length > 0) process.exitCode = 1;
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
