// Stemmer parity: checks the JS Snowball Dutch stemmer against stems that
// rust-stemmers produced (the stemmer elasticlunr-rs indexes with). A query
// only finds a word if both sides stem it the same way.
//
// Usage: node tests/js/stem-parity.mjs FILE.tsv [LINES.jsonl]
// FILE.tsv has one `word<TAB>expected stem` per line. LINES.jsonl has one
// {"text", "terms"} per line: a line of content and the terms the index's whole
// pipeline (tokenizer, trimmer, stop words, stemmer) makes of it, which
// search-core.js's pipeline() must equal. Exit 1 on any difference (all are
// listed) or on an empty file, which would prove nothing.

import { readFileSync } from 'node:fs';
import core from '../../themes/default/static/js/search-core.js';

const { stem, pipeline } = core;

const file = process.argv[2];
if (!file) {
  console.error('usage: node tests/js/stem-parity.mjs FILE.tsv');
  process.exit(2);
}

let checked = 0;
const differences = [];
for (const [i, line] of readFileSync(file, 'utf8').split('\n').entries()) {
  if (line === '') continue;
  const tab = line.indexOf('\t');
  if (tab < 0) {
    console.error(`${file}:${i + 1}: no tab in line ${JSON.stringify(line)}`);
    process.exit(2);
  }
  const word = line.slice(0, tab);
  const expected = line.slice(tab + 1);
  const actual = stem(word);
  checked++;
  if (actual !== expected) differences.push({ word, expected, actual });
}

const linesFile = process.argv[3];
let lines = 0;
if (linesFile) {
  for (const line of readFileSync(linesFile, 'utf8').split('\n')) {
    if (line === '') continue;
    const { text, terms } = JSON.parse(line);
    const actual = pipeline(text);
    lines++;
    if (actual.join(' ') !== terms.join(' ')) {
      differences.push({ word: JSON.stringify(text), expected: terms.join(' '), actual: actual.join(' ') });
    }
  }
  console.log(`pipeline parity: ${lines} lines checked`);
  if (lines === 0) {
    console.error(`${linesFile}: no lines to check`);
    process.exit(1);
  }
}

console.log(`stem parity: ${checked} words checked, ${differences.length} differences`);
for (const d of differences) {
  console.log(`  ${d.word}: Rust ${JSON.stringify(d.expected)}, search-core.js ${JSON.stringify(d.actual)}`);
}
if (checked === 0) {
  console.error(`${file}: no words to check`);
  process.exit(1);
}
process.exit(differences.length === 0 ? 0 : 1);
