#!/usr/bin/env node
// Generates a large, deterministic leerpad site for benchmarks (search index, build time).
//
//   node bench/gen-corpus.mjs --lessons N --out DIR [--seed S] [--bundled]
//
// --bundled: the site is this repository's own (its leerpad.toml, partners, places, content)
// with the N generated lessons added as further modules, numbered after the bundled ones.
//
// Writes DIR/leerpad.toml, DIR/content/_index.md, a glossary (begrippen.md), three step pages,
// DIR/partners.yaml and N lessons of about 740 words in modules of 20, with realistic Markdown:
// `##` headings, paragraphs, lists, links between lessons, a table in every third lesson. The
// words mix the real domain vocabulary with invented Dutch-like words (so the vocabulary grows
// with the corpus as real text does). The theme is copied from this repository.
// Same arguments, same bytes. Time and memory are linear in N (one pass, no global state
// beyond the word lists); 10,000 lessons take a few seconds.

import { cpSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const LESSONS_PER_MODULE = 20;
const WORDS_PER_LESSON = 740;

// ------------------------------------------------------------------ arguments

function parseArgs(argv) {
  const args = { lessons: 1000, out: null, seed: 1, bundled: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--lessons') args.lessons = Number(argv[++i]);
    else if (a === '--out') args.out = argv[++i];
    else if (a === '--seed') args.seed = Number(argv[++i]);
    else if (a === '--bundled') args.bundled = true;
    else throw new Error(`unknown argument ${a}`);
  }
  if (!args.out || !Number.isInteger(args.lessons) || args.lessons < 1) {
    throw new Error('usage: node bench/gen-corpus.mjs --lessons N --out DIR [--seed S] [--bundled]');
  }
  return args;
}

// ------------------------------------------------------------------ randomness

/** mulberry32: a small, fast, seeded PRNG (uniform in [0, 1)). */
function prng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// ------------------------------------------------------------------ words

const DOMAIN = `kind kinderen ouder ouders baby peuter opvang kinderopvang kinderbegeleider onthaalouder
verantwoordelijke verontrusting verontrustend signaal signalen zorg zorgen gezin gezinnen
mishandeling kindermishandeling verwaarlozing geweld veiligheid onveilig thuisveiligheid
veiligheidsmensen netwerk overleg team collega collega's gesprek inschatting stappenplan
vertrouwenscentrum advies consult coaching anoniem melding melden partner partners hulp
hulpverlening jeugdhulp huisarts welzijn gevaar gevaarsituatie acuut politie parket jeugdparket
risicofactoren beschermende factoren gedrag lichaam blauwe plekken honger slaap huilen
ontwikkeling hechting stress armoede verslaving scheiding conflict emoties vertrouwen afspraak
afspraken dossier privacy beroepsgeheim gedeeld ondersteuning opvoeding opvoedingsondersteuning
regio gemeente provincie expert zorgvuldig bespreken luisteren observeren noteren opvolgen`
  .split(/\s+/);
const FUNCTION_WORDS = `de het een en van in op met voor dat die is je we ze niet ook als bij
naar om dan maar of wat hoe wie er te aan zijn kan moet wordt door over nog meer`.split(/\s+/);
const ONSETS = ['b', 'd', 'g', 'h', 'k', 'l', 'm', 'n', 'p', 'r', 's', 't', 'v', 'w', 'z', 'st', 'sch', 'br', 'kl', 'gr', 'vr', 'tr'];
const NUCLEI = ['a', 'e', 'i', 'o', 'u', 'aa', 'ee', 'oo', 'ie', 'oe', 'ui', 'ij', 'eu', 'ou'];
const CODAS = ['', '', 'n', 'r', 'l', 'k', 't', 'st', 'ng', 'cht', 'rd', 'ld'];
const SUFFIXES = ['', '', '', 'en', 'ing', 'heid', 'lijk', 'er', 'je', 'tje', 'e', 'baar', 'ig'];

function inventedWord(rand) {
  const syllables = 1 + Math.floor(rand() * 3);
  let w = '';
  for (let i = 0; i < syllables; i++) {
    w += ONSETS[Math.floor(rand() * ONSETS.length)] + NUCLEI[Math.floor(rand() * NUCLEI.length)];
    if (i === syllables - 1 || rand() < 0.4) w += CODAS[Math.floor(rand() * CODAS.length)];
  }
  return w + SUFFIXES[Math.floor(rand() * SUFFIXES.length)];
}

/**
 * A Zipf-like lexicon: `size` invented words plus the domain words. Rank r is drawn with
 * probability ~ 1/r, so a few words are common and most are rare, as in real text.
 */
function lexicon(rand, size) {
  const words = [...DOMAIN];
  const seen = new Set(words);
  while (words.length < size) {
    const w = inventedWord(rand);
    if (!seen.has(w)) {
      seen.add(w);
      words.push(w);
    }
  }
  const logMax = Math.log(words.length + 1);
  return () => words[Math.min(words.length - 1, Math.floor(Math.exp(rand() * logMax)) - 1)];
}

const cap = (s) => s.charAt(0).toUpperCase() + s.slice(1);
const slug = (s) => s.toLowerCase().normalize('NFD').replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');
const pad = (n, width) => String(n).padStart(width, '0');

// ------------------------------------------------------------------ generator

function generate({ lessons, out, seed, bundled }) {
  const rand = prng(seed);
  // The vocabulary grows with the corpus (Heaps' law, roughly 60 * sqrt(words)).
  const word = lexicon(rand, Math.max(2000, Math.round(60 * Math.sqrt(lessons * WORDS_PER_LESSON))));
  const fn = () => FUNCTION_WORDS[Math.floor(rand() * FUNCTION_WORDS.length)];
  const sentence = (n) => {
    const parts = [];
    for (let i = 0; i < n; i++) parts.push(rand() < 0.45 ? fn() : word());
    return `${cap(parts.join(' '))}.`;
  };
  const phrase = (n) => {
    const parts = [];
    for (let i = 0; i < n; i++) parts.push(word());
    return cap(parts.join(' '));
  };

  rmSync(out, { recursive: true, force: true });
  const content = join(out, 'content');
  mkdirSync(join(content, 'modules'), { recursive: true });
  mkdirSync(join(content, 'stappen'), { recursive: true });
  cpSync(join(REPO, 'themes'), join(out, 'themes'), { recursive: true });

  if (bundled) {
    for (const name of ['leerpad.toml', 'partners.yaml', 'places.yaml', 'content']) {
      cpSync(join(REPO, name), join(out, name), { recursive: true });
    }
  } else {
  writeFileSync(join(out, 'leerpad.toml'), `title = "Benchmark leerpad"
description = "Een gegenereerde site met ${lessons} lessen, voor metingen."
language = "nl"
base_url = "/"
theme = "default"
`);
  writeFileSync(join(content, '_index.md'), `---
title: Benchmark leerpad
summary: Een gegenereerde site met ${lessons} lessen.
---
${sentence(14)} ${sentence(10)}

- ${sentence(6)}
- ${sentence(7)}
`);
  writeFileSync(join(content, 'begrippen.md'), `---
title: Begrippen
summary: Afkortingen en woorden.
terms:
  - term: VK
    expansion: Vertrouwenscentrum Kindermishandeling
    definition: Een centrum dat helpt bij vermoedens van kindermishandeling.
  - term: OCJ
    expansion: Ondersteuningscentrum Jeugdzorg
    definition: Een centrum dat helpt als vrijwillige hulp niet lukt.
  - term: CAW
    expansion: Centrum voor Algemeen Welzijnswerk
    definition: Een dienst voor vragen over welzijn.
  - term: 1G1P
    expansion: Eén gezin één plan
    definition: Regionale samenwerking in de jeugdhulp.
---
${sentence(12)}
`);
  const steps = [
    ['01-ga-in-gesprek', 'Ga in gesprek', 'start', 'ga-na'],
    ['02-ga-na', 'Ga na', 'step', 'blijf-alert'],
    ['03-blijf-alert', 'Blijf alert', 'end', null],
  ];
  for (const [file, title, kind, to] of steps) {
    const choices = to ? `choices:\n  - label: Verder\n    to: ${to}\n` : '';
    writeFileSync(join(content, 'stappen', `${file}.md`), `---
title: ${title}
label: ${title}
kind: ${kind}
summary: ${sentence(10)}
actions:
  - ${sentence(6)}
${choices}---
## Wat doe je?

${sentence(16)} ${sentence(12)}
`);
  }

  }
  const modules = Math.ceil(lessons / LESSONS_PER_MODULE);
  const first = bundled ? readdirSync(join(content, 'modules')).length : 0;
  const width = Math.max(2, String(first + modules).length);
  const lessonWidth = Math.max(2, String(LESSONS_PER_MODULE).length);
  const moduleDirs = [];
  const lessonFiles = []; // per module: file names, so links can point backwards
  for (let m = 0; m < modules; m++) {
    const title = `${phrase(2)} ${m + 1}`;
    const dir = `${pad(first + m + 1, width)}-${slug(title)}`;
    moduleDirs.push(dir);
    mkdirSync(join(content, 'modules', dir));
    writeFileSync(join(content, 'modules', dir, '_module.md'), `---
title: ${title}
summary: ${sentence(10)}
---
${sentence(18)} ${sentence(12)}
`);
    const files = [];
    const count = Math.min(LESSONS_PER_MODULE, lessons - m * LESSONS_PER_MODULE);
    for (let l = 0; l < count; l++) {
      const lessonTitle = phrase(2 + Math.floor(rand() * 3));
      const file = `${pad(l + 1, lessonWidth)}-${slug(lessonTitle)}.md`;
      files.push(file);
      writeFileSync(join(content, 'modules', dir, file), lesson(m, l, lessonTitle, files));
    }
    lessonFiles.push(files);
  }

  // One lesson: front matter, an intro, four or five `##` sections of paragraphs, a list,
  // a link to an earlier lesson, and a table in every third lesson. About 740 words.
  function lesson(m, l, title, files) {
    const parts = [`---\ntitle: ${title}\nsummary: ${sentence(12)}\n---\n${sentence(14)} ${sentence(10)}\n`];
    let words = 24 + 36;
    const sections = 4 + Math.floor(rand() * 2);
    const perSection = Math.floor((WORDS_PER_LESSON - words) / sections);
    const usedHeadings = new Set();
    for (let s = 0; s < sections; s++) {
      let heading = phrase(2 + Math.floor(rand() * 3));
      while (usedHeadings.has(slug(heading))) heading += ` ${s}`;
      usedHeadings.add(slug(heading));
      parts.push(`## ${heading}\n`);
      let budget = perSection - 3;
      if (s === 1) {
        const items = [];
        for (let i = 0; i < 4; i++) items.push(`- ${sentence(6)}`);
        parts.push(`${items.join('\n')}\n`);
        budget -= 28;
      }
      if (s === 2 && (l > 0 || m > 0)) {
        const link = l > 0
          ? `[de vorige les](${files[l - 1]})`
          : `[een les uit de vorige module](../${moduleDirs[m - 1]}/${lessonFiles[m - 1][0]})`;
        parts.push(`${sentence(8)} Lees ook ${link}.\n`);
        budget -= 12;
      }
      if (s === 3 && l % 3 === 0) {
        parts.push(`| ${cap(word())} | ${cap(word())} |\n|---|---|\n| ${word()} | ${word()} |\n| ${word()} | ${word()} |\n`);
        budget -= 10;
      }
      const paragraphs = [];
      while (budget > 0) {
        const sentences = [];
        for (let i = 0; i < 3 && budget > 0; i++) {
          const n = 8 + Math.floor(rand() * 12);
          sentences.push(sentence(n));
          budget -= n;
        }
        paragraphs.push(sentences.join(' '));
      }
      parts.push(`${paragraphs.join('\n\n')}\n`);
    }
    return parts.join('\n');
  }
  if (!bundled) writeFileSync(join(out, 'partners.yaml'), partnersYaml());
  function partnersYaml() {
    const lines = ['regions:', '  - id: vlaanderen', '    name: Heel Vlaanderen en Brussel', '    kind: all'];
    const provinces = ['antwerpen', 'limburg', 'oost-vlaanderen', 'vlaams-brabant', 'west-vlaanderen'];
    for (const p of provinces) lines.push(`  - id: ${p}`, `    name: ${cap(p)}`, '    kind: province');
    lines.push('  - id: zuid-oost-vlaanderen', '    name: Zuid-Oost-Vlaanderen', '    kind: subregion',
      '    parent: oost-vlaanderen', '    municipalities:',
      '      - name: Oudenaarde', '        postcodes: ["9700"]',
      '      - name: Ronse', '        postcodes: ["9600"]',
      '      - name: Zottegem', '        postcodes: ["9620"]');
    lines.push('categories:', '  - id: vk', '    name: Vertrouwenscentrum Kindermishandeling', '    short: VK',
      '  - id: caw', '    name: Centrum voor Algemeen Welzijnswerk', '    short: CAW');
    lines.push('partners:');
    const n = Math.max(10, Math.round(lessons / 20));
    for (let i = 0; i < n; i++) {
      const region = i % 7 === 0 ? 'zuid-oost-vlaanderen' : provinces[i % provinces.length];
      lines.push(`  - id: partner-${i + 1}`, `    name: ${phrase(2)} ${i + 1}`, `    category: ${i % 2 ? 'vk' : 'caw'}`,
        `    regions: [${region}]`, `    offers: ${sentence(12)}`);
    }
    return `${lines.join('\n')}\n`;
  }
}

function main() {
  const args = parseArgs(process.argv.slice(2));
  const start = performance.now();
  generate({ ...args, out: resolve(args.out) });
  console.error(`generated ${args.lessons} lessons into ${args.out} in ${Math.round(performance.now() - start)} ms`);
}

main();
