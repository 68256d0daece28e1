// Stemmer parity: checks the JS Snowball Dutch stemmer against stems that
// rust-stemmers produced (the stemmer elasticlunr-rs indexes with). A query
// only finds a word if both sides stem it the same way.
//
// Usage: node tests/js/stem-parity.mjs FILE.tsv
// FILE.tsv has one `word<TAB>expected stem` per line. Exit 1 on any difference
// (all are listed) or on an empty file, which would prove nothing.

import { readFileSync } from 'node:fs';
import core from '../../themes/default/static/js/search-core.js';

const { stem } = core;

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

console.log(`stem parity: ${checked} words checked, ${differences.length} differences`);
for (const d of differences) {
  console.log(`  ${d.word}: rust-stemmers ${JSON.stringify(d.expected)}, search-core.js ${JSON.stringify(d.actual)}`);
}
if (checked === 0) {
  console.error(`${file}: no words to check`);
  process.exit(1);
}
process.exit(differences.length === 0 ? 0 : 1);
