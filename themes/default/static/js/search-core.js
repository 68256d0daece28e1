// leerpad search core: the Dutch text pipeline of elasticlunr-rs 3.1 ("du")
// and a query engine over the index it serializes.
//
// Owns: tokenizing, trimming, stop words and Snowball Dutch stemming exactly as
// the Rust index builder does them; scoring; snippets as structured parts.
// Does not: touch the DOM, fetch anything, or produce HTML. The browser UI and
// the Node tests/CLI import this same file, so it must stay DOM-free.

// ------------------------------------------------------------------ pipeline

// Rust's char::is_whitespace (Unicode White_Space) plus '-', the separators of
// elasticlunr-rs's tokenize_whitespace. JS's \s is a different set (it lacks
// U+0085 and adds U+FEFF), so the class is spelled out.
const SEPARATORS = '\\t\\n\\v\\f\\r \\u0085\\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000-';
const SPLIT = new RegExp(`[${SEPARATORS}]+`);
const WORDS = new RegExp(`[^${SEPARATORS}]+`, 'g');

// elasticlunr-rs's RegexTrimmer: `^[^\p{Latin}]+|[^\p{Latin}]+$`. Digits are
// not Latin, so "1G1P" is indexed as "g1p"; the query side must do the same.
const TRIM = /^[^\p{Script=Latin}]+|[^\p{Script=Latin}]+$/gu;

// Copied from elasticlunr-rs 3.1 src/lang/du.rs (order kept for diffing).
const STOP_WORDS = new Set([
  '', 'aan', 'al', 'alles', 'als', 'altijd', 'andere', 'ben', 'bij', 'daar', 'dan', 'dat', 'de',
  'der', 'deze', 'die', 'dit', 'doch', 'doen', 'door', 'dus', 'een', 'eens', 'en', 'er', 'ge',
  'geen', 'geweest', 'haar', 'had', 'heb', 'hebben', 'heeft', 'hem', 'het', 'hier', 'hij', 'hoe',
  'hun', 'iemand', 'iets', 'ik', 'in', 'is', 'ja', 'je', 'kan', 'kon', 'kunnen', 'maar', 'me',
  'meer', 'men', 'met', 'mij', 'mijn', 'moet', 'na', 'naar', 'niet', 'niets', 'nog', 'nu', 'of',
  'om', 'omdat', 'onder', 'ons', 'ook', 'op', 'over', 'reeds', 'te', 'tegen', 'toch', 'toen',
  'tot', 'u', 'uit', 'uw', 'van', 'veel', 'voor', 'want', 'waren', 'was', 'wat', 'werd', 'wezen',
  'wie', 'wil', 'worden', 'wordt', 'zal', 'ze', 'zelf', 'zich', 'zij', 'zijn', 'zo', 'zonder',
  'zou',
]);

/** Splits text into lower-cased tokens the way elasticlunr-rs does. */
export function tokenize(text) {
  if (text == null) return [];
  return String(text).split(SPLIT).filter((s) => s !== '').map((s) => s.toLowerCase());
}

/** Strips non-Latin characters from both ends of a token (the "du" trimmer). */
export function trim(token) {
  return token.replace(TRIM, '');
}

export function isStopWord(token) {
  return STOP_WORDS.has(token);
}

/** One token through trimmer, stop-word filter and stemmer; '' if dropped. */
function analyzeToken(token) {
  const t = trim(token);
  return t === '' || STOP_WORDS.has(t) ? '' : stem(t);
}

/** The whole index-time pipeline: text -> the terms elasticlunr-rs indexes. */
export function pipeline(text) {
  return tokenize(text).map(analyzeToken).filter((t) => t !== '');
}

// ------------------------------------------------------------------- stemmer
//
// The Snowball Dutch stemmer (the classic algorithm that rust-stemmers 1.2
// generates), written out by hand on an array of code points. One quirk is
// kept on purpose: rust-stemmers measures positions in UTF-8 bytes, so its
// "R1 starts at position 3 or later" rule counts bytes ("açs" keeps its R1 at
// "s" and loses the s). Parity with the index matters more than the textbook.

const VOWELS = new Set(['a', 'e', 'i', 'o', 'u', 'y', 'è']);
const ACCENTS = new Map([
  ['á', 'a'], ['ä', 'a'], ['é', 'e'], ['ë', 'e'], ['í', 'i'],
  ['ï', 'i'], ['ó', 'o'], ['ö', 'o'], ['ú', 'u'], ['ü', 'u'],
]);
const isVowel = (c) => VOWELS.has(c);

/** Stems one lower-case word with the Snowball Dutch algorithm. */
export function stem(word) {
  const w = Array.from(word, (c) => ACCENTS.get(c) ?? c);

  // Prelude: an initial y, a y after a vowel, and an i between vowels are
  // consonants; mark them as Y and I (undone in the postlude).
  if (w[0] === 'y') w[0] = 'Y';
  for (let i = 0; i + 1 < w.length; i++) {
    if (!isVowel(w[i])) continue;
    if (w[i + 1] === 'i' && isVowel(w[i + 2])) w[i + 1] = 'I';
    else if (w[i + 1] === 'y') w[i + 1] = 'Y';
  }

  // Regions: R1 starts after the first non-vowel following a vowel (but not
  // before position 3), R2 after the next such pair.
  let p1 = w.length;
  let p2 = w.length;
  let c = 0;
  const pastVowelThenConsonant = () => {
    while (c < w.length && !isVowel(w[c])) c++;
    if (c >= w.length) return false;
    c++;
    while (c < w.length && isVowel(w[c])) c++;
    if (c >= w.length) return false;
    c++;
    return true;
  };
  if (pastVowelThenConsonant()) {
    p1 = atLeastThreeBytes(w, c);
    if (pastVowelThenConsonant()) p2 = c;
  }

  standardSuffix(w, p1, p2);
  return w.map((ch) => (ch === 'Y' ? 'y' : ch === 'I' ? 'i' : ch)).join('');
}

// The first character index at or after `c` that starts at UTF-8 byte 3 or
// later (w.length + 1 if the word is shorter, so that R1 is empty).
function atLeastThreeBytes(w, c) {
  let bytes = 0;
  for (let i = 0; i < w.length; i++) {
    if (i >= c && bytes >= 3) return i;
    const cp = w[i].codePointAt(0);
    bytes += cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
  }
  return bytes >= 3 ? w.length : w.length + 1;
}

// Suffix removal, all at the end of `w` (mutated in place). Positions are
// indices where a suffix starts; R1/R2 hold when that index is in the region.
function standardSuffix(w, p1, p2) {
  const ends = (suffix) => {
    if (w.length < suffix.length) return false;
    for (let i = 1; i <= suffix.length; i++) {
      if (w[w.length - i] !== suffix[suffix.length - i]) return false;
    }
    return true;
  };
  // "non-v" before position `at`: there is a character and it is no vowel.
  const consonantBefore = (at, also = '') =>
    at > 0 && !isVowel(w[at - 1]) && w[at - 1] !== also;
  const undouble = () => {
    if (ends('kk') || ends('dd') || ends('tt')) w.length -= 1;
  };
  let eFound = false;
  const eEnding = () => {
    eFound = false;
    const at = w.length - 1;
    if (w[at] !== 'e' || at < p1 || !consonantBefore(at)) return;
    w.length = at;
    eFound = true;
    undouble();
  };
  const enEnding = (at) => {
    if (at < p1 || !consonantBefore(at)) return;
    if (at >= 3 && w[at - 3] === 'g' && w[at - 2] === 'e' && w[at - 1] === 'm') return;
    w.length = at;
    undouble();
  };

  // Step 1: -heden, -en/-ene, -s/-se (the longest matching suffix decides).
  let n = w.length;
  if (ends('heden')) {
    if (n - 5 >= p1) w.splice(n - 5, 5, 'h', 'e', 'i', 'd');
  } else if (ends('ene')) {
    enEnding(n - 3);
  } else if (ends('en')) {
    enEnding(n - 2);
  } else if (ends('se') || ends('s')) {
    const at = ends('se') ? n - 2 : n - 1;
    if (at >= p1 && consonantBefore(at, 'j')) w.length = at;
  }

  // Step 2: a final -e.
  eEnding();

  // Step 3: -heid (not after c), then an -en that it uncovers.
  n = w.length;
  if (ends('heid') && n - 4 >= p2 && w[n - 5] !== 'c') {
    w.length = n - 4;
    if (ends('en')) enEnding(w.length - 2);
  }

  // Step 4: derivational suffixes, in R2 only.
  n = w.length;
  if (ends('end') || ends('ing')) {
    if (n - 3 >= p2) {
      w.length = n - 3;
      const m = w.length;
      if (ends('ig') && m - 2 >= p2 && w[m - 3] !== 'e') w.length = m - 2;
      else undouble();
    }
  } else if (ends('ig')) {
    if (n - 2 >= p2 && w[n - 3] !== 'e') w.length = n - 2;
  } else if (ends('lijk')) {
    if (n - 4 >= p2) {
      w.length = n - 4;
      eEnding();
    }
  } else if (ends('baar')) {
    if (n - 4 >= p2) w.length = n - 4;
  } else if (ends('bar')) {
    if (n - 3 >= p2 && eFound) w.length = n - 3;
  }

  // Step 5: undouble a vowel in a closed final syllable: "maan" -> "man".
  n = w.length;
  const last = w[n - 1];
  const a = w[n - 2];
  if (
    n >= 4 && !isVowel(last) && last !== 'I' &&
    a === w[n - 3] && (a === 'a' || a === 'e' || a === 'o' || a === 'u') &&
    !isVowel(w[n - 4])
  ) {
    w.splice(n - 2, 1);
  }
}
