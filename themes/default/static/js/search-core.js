// leerpad search core: the Dutch text pipeline of the search index
// (src/search/analysis.rs), snippets, and the number encoding of the index.
//
// Owns: tokenizing, trimming, stop words and Snowball Dutch stemming exactly as
// the Rust index builder does them; snippets as structured parts; decoding
// numbers and posting lists (search-shards.js reads the files with them);
// the synonym groups and edit distance the engine's query reading uses. Does not: rank
// (search-engine.js does), touch the DOM, fetch anything, or produce HTML. The browser UI and the Node tests/CLI
// load this same file, so it must stay DOM-free.
//
// A classic script (not an ES module: Chromium refuses module scripts from
// file://). In the browser it sets the global LeerpadSearchCore; in Node,
// require() or a default import gives the same object.

(function (global) {
  'use strict';

  // ------------------------------------------------------------------ pipeline

  // Rust's char::is_whitespace (Unicode White_Space) plus '-', the separators of
  // elasticlunr-rs's tokenize_whitespace. JS's \s is a different set (it lacks
  // U+0085 and adds U+FEFF), so the class is spelled out.
  const SEPARATORS = '\\t\\n\\v\\f\\r \\u0085\\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000-';
  const SPLIT = new RegExp(`[${SEPARATORS}]+`);
  const WORDS = new RegExp(`[^${SEPARATORS}]+`, 'g');

  // The index's trimmer (analysis.rs): `^[^\p{Latin}0-9]+|[^\p{Latin}0-9]+$`.
  // Digits stay, so postcodes, 1712 and "1G1P" can be searched.
  const TRIM = /^[^\p{Script=Latin}0-9]+|[^\p{Script=Latin}0-9]+$/gu;

  // analysis.rs's STOP_WORDS (same order, for diffing): words that never carry
  // meaning. Negations, modal verbs and question words are not among them.
  const STOP_WORDS = new Set([
    '', 'aan', 'al', 'als', 'bij', 'dan', 'dat', 'de', 'der', 'deze', 'die', 'dit', 'door', 'dus',
    'een', 'en', 'er', 'ge', 'haar', 'hem', 'het', 'hij', 'hun', 'in', 'is', 'je', 'me', 'men',
    'met', 'mij', 'mijn', 'na', 'naar', 'of', 'om', 'ons', 'op', 'over', 'te', 'tot', 'u', 'uit',
    'uw', 'van', 'voor', 'want', 'was', 'ze', 'zich', 'zij', 'zo',
  ]);

  // The longest word that is indexed, in characters (code points) as split,
  // before lower-casing: src/search/analysis.rs MAX_TOKEN_CHARS drops longer ones.
  const MAX_TOKEN_CHARS = 64;

  function tooLong(token) {
    if (token.length <= MAX_TOKEN_CHARS) return false;
    let count = 0;
    for (const _ of token) if (++count > MAX_TOKEN_CHARS) return true;
    return false;
  }

  /** Splits text into lower-cased tokens the way elasticlunr-rs does; longer than
   * MAX_TOKEN_CHARS is no word (the index leaves it out too). */
  function tokenize(text) {
    if (text == null) return [];
    return String(text)
      .split(SPLIT)
      .filter((s) => s !== '' && !tooLong(s))
      .map((s) => s.toLowerCase());
  }

  /** Strips non-Latin characters from both ends of a token (the "du" trimmer). */
  function trim(token) {
    return token.replace(TRIM, '');
  }

  function isStopWord(token) {
    return (language ? language.stopWords : STOP_WORDS).has(token);
  }

  /** One token through trimmer, stop-word filter and stemmer; '' if dropped. */
  function analyzeToken(token) {
    const t = indexable(token);
    return t === '' ? '' : stem(t);
  }

  /**
   * A token trimmed, or '' when the index drops it (nothing left, a stop word): the one place
   * that decides which words are indexed and searched (analysis.rs's analyze_word).
   */
  function indexable(token) {
    // Another language reads a typographic apostrophe as the keyboard's (language.rs).
    const t = language ? trim(token).replace(/\u2019/g, "'") : trim(token);
    return t === '' || (language ? language.stopWords : STOP_WORDS).has(t) ? '' : t;
  }

  /** The whole index-time pipeline: text -> the terms elasticlunr-rs indexes. */
  function pipeline(text) {
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

  // ------------------------------------------------------- the site's language
  //
  // For a language other than Dutch the manifest (zoeken/index.js) holds the stop words and,
  // per word of the content, its term (src/search/language.rs says why): a word is stemmed by
  // lookup; one that is in no document becomes the longest term it starts with, at most
  // MAX_CUT letters shorter and at least MIN_KEPT long ("children" → "child"), or stays as
  // typed. Dutch stems below.
  let language = null;
  const MAX_CUT = 4;
  const MIN_KEPT = 4;

  /** Sets the language from the manifest's `language` (absent for Dutch). */
  function setLanguage(data) {
    // The words analysed for snippets were stemmed for the language before.
    analyzed.clear();
    language = data
      ? {
        stopWords: new Set(data.stopWords),
        stems: new Map(Object.entries(data.stems || {})),
        terms: new Set([...Object.values(data.stems || {}), ...(data.same || [])]),
      }
      : null;
  }

  /** Stems one lower-case word as the index did. */
  function stem(word) {
    if (!language) return dutchStem(word);
    const known = language.stems.get(word);
    if (known !== undefined || language.terms.has(word)) return known ?? word;
    const letters = Array.from(word);
    for (let cut = 1; cut <= MAX_CUT && letters.length - cut >= MIN_KEPT; cut++) {
      const head = letters.slice(0, letters.length - cut).join('');
      if (language.terms.has(head)) return head;
    }
    return word;
  }

  /** Stems one lower-case word with the Snowball Dutch algorithm. */
  function dutchStem(word) {
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

  // How a word is stemmed as the head of a compound. A modifier in front moves
  // R1 and R2 to the left, so "thuisveiligheid" loses "ig" as well
  // ("thuisveil") where "veiligheid" alone keeps it ("veilig"). The dummy
  // modifier "tatat" puts both regions at the head's first letter, which gives
  // the shortest stem the head can get inside a compound.
  const DUMMY_MODIFIER = 'tatat';
  function compoundHeadStem(word) {
    const s = stem(DUMMY_MODIFIER + word);
    return s.startsWith(DUMMY_MODIFIER) ? s.slice(DUMMY_MODIFIER.length) : stem(word);
  }

  // ------------------------------------------------------------------ numbers
  //
  // The encoding of src/search/shards.rs, shared by both index forms: numbers
  // in base 32, most significant digit first, every digit but the last from
  // MORE; a posting list is, per document, (gap to the previous one x 2 +
  // [count > 1]) followed by count - 2 when the count is over 1.

  const LAST = '0123456789abcdefghijklmnopqrstuv';
  const MORE = 'ABCDEFGHIJKLMNOPQRSTUVWXYZwxyz_-';
  const DIGIT = new Int8Array(128).fill(-1);
  for (let i = 0; i < 32; i++) {
    DIGIT[LAST.charCodeAt(i)] = i;
    DIGIT[MORE.charCodeAt(i)] = 32 + i;
  }

  /** Decodes a string of numbers into an array. */
  function decodeNumbers(text) {
    const out = [];
    let n = 0;
    for (let i = 0; i < text.length; i++) {
      const d = DIGIT[text.charCodeAt(i)];
      if (d >= 32) {
        n = n * 32 + (d - 32);
      } else {
        out.push(n * 32 + d);
        n = 0;
      }
    }
    return out;
  }

  // The mark of a posting list without lengths (a common word's: they are in a lengths file).
  const LENGTHLESS = '~';

  /**
   * Decodes a posting list: ascending document numbers, their word counts and the lengths of
   * their field (src/search/shards.rs writes the length after each posting; a list that starts
   * with LENGTHLESS has none, and `lengths` is null).
   */
  function decodePostings(text) {
    const bare = text[0] === LENGTHLESS;
    const numbers = decodeNumbers(bare ? text.slice(1) : text);
    const refs = [];
    const counts = [];
    const lengths = [];
    let next = 0;
    for (let i = 0; i < numbers.length; i++) {
      const v = numbers[i];
      const ref = next + Math.floor(v / 2);
      refs.push(ref);
      counts.push(v % 2 === 1 ? numbers[++i] + 2 : 1);
      if (!bare) lengths.push(numbers[++i] || 0);
      next = ref + 1;
    }
    return { refs: Int32Array.from(refs), counts: Int32Array.from(counts), lengths: bare ? null : Int32Array.from(lengths), df: refs.length };
  }

  /**
   * A synonym table ({ "vk": ["Vertrouwenscentrum Kindermishandeling"] }) -> Map(term phrase ->
   * the other phrases of its group, sorted). Keys and phrases go through the pipeline, so
   * "1G1P" meets the indexed "1g1p"; every member of a group stands for every other.
   */
  function synonymGroups(table) {
    const groups = new Map();
    for (const [key, value] of Object.entries(table || {})) {
      const members = [key, ...(Array.isArray(value) ? value : [value])]
        .map((text) => [...new Set(pipeline(text))].join(' '))
        .filter((phrase) => phrase !== '');
      for (const m of members) {
        const set = groups.get(m) || new Set();
        for (const other of members) if (other !== m) set.add(other);
        groups.set(m, set);
      }
    }
    return new Map([...groups].map(([phrase, others]) => [phrase, [...others].sort()]));
  }

  /** Words (a string or a list) -> the set of their terms. */
  const termsOf = (words) => new Set(pipeline(Array.isArray(words) ? words.join(' ') : words || ''));

  // ------------------------------------------------------------------ lists

  function lowerBound(list, key, of) {
    let lo = 0;
    let hi = list.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (of(list[mid]) < key) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  // Does a posting list (refs in ascending order) hold this document?
  function contains(list, ref) {
    if (!list) return false;
    const refs = list.refs;
    const i = lowerBound(refs, ref, (x) => x);
    return i < refs.length && refs[i] === ref;
  }

  /** Damerau-Levenshtein distance of two arrays of characters, or max + 1 when over `max`. */
  function editDistance(a, b, max) {
    if (Math.abs(a.length - b.length) > max) return max + 1;
    let before = null;
    let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
    for (let i = 1; i <= a.length; i++) {
      const row = [i];
      let best = i;
      for (let j = 1; j <= b.length; j++) {
        const cost = a[i - 1] === b[j - 1] ? 0 : 1;
        let d = Math.min(previous[j] + 1, row[j - 1] + 1, previous[j - 1] + cost);
        if (before && i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, before[j - 2] + 1);
        row.push(d);
        best = Math.min(best, d);
      }
      if (best > max) return max + 1;
      before = previous;
      previous = row;
    }
    return previous[b.length];
  }

  // ------------------------------------------------------------------ snippet

  const LEADING = /^[^\p{Script=Latin}]*/u;
  const TRAILING = /[^\p{Script=Latin}]*$/u;
  // A snippet never costs more than this, whatever the length of the text.
  const MAX_SNIPPET_WORDS = 20000;
  const MAX_SNIPPET_HITS = 500;
  // A word's analysis, kept across snippets: the results of one query share most of their
  // words, and stemming them again was most of the time a results page took to show. Cleared
  // when full, so a long session's memory stays bounded.
  const MAX_ANALYZED = 50000;
  const analyzed = new Map();
  function analyzedWord(lower) {
    let term = analyzed.get(lower);
    if (term === undefined) {
      if (analyzed.size >= MAX_ANALYZED) analyzed.clear();
      term = analyzeToken(lower);
      analyzed.set(lower, term);
    }
    return term;
  }

  /**
   * A short excerpt of `text` around the words whose index terms are in
   * `terms` (a result's `terms`). Returns structured parts so that the UI
   * escapes and marks them up itself:
   *   { parts: [{ text, hit }], cutStart, cutEnd }
   * cutStart/cutEnd say whether text was left out before or after.
   */
  function snippet(text, terms, { length = 160 } = {}) {
    text = text == null ? '' : String(text);
    const wanted = new Set(terms || []);
    const hits = [];
    let scanned = 0;
    for (const m of text.matchAll(WORDS)) {
      if (++scanned > MAX_SNIPPET_WORDS) break;
      // Highlight the letters only: "(kindermishandeling)." marks the word.
      const word = m[0];
      const lead = word.match(LEADING)[0].length;
      const core = word.slice(lead, word.length - word.match(TRAILING)[0].length);
      if (core === '') continue;
      const lower = core.toLowerCase();
      const term = analyzedWord(lower);
      if (term !== '' && wanted.has(term)) {
        const start = m.index + lead;
        hits.push({ start, end: start + core.length, term });
        if (hits.length >= MAX_SNIPPET_HITS) break;
      }
    }

    let from = 0;
    let to = text.length;
    if (text.length > length) {
      // The window with the most different matched terms, then the most hits;
      // it opens a little before its first hit so the hit has context.
      const context = Math.floor(length / 5);
      let best = { distinct: -1, count: 0, from: 0 };
      for (let i = 0; i < hits.length; i++) {
        const start = Math.max(0, hits[i].start - context);
        const inside = hits.filter((h) => h.start >= start && h.end <= start + length);
        const distinct = new Set(inside.map((h) => h.term)).size;
        if (distinct > best.distinct || (distinct === best.distinct && inside.length > best.count)) {
          best = { distinct, count: inside.length, from: start };
        }
      }
      from = best.from;
      to = Math.min(text.length, from + length);
      // Cut at spaces, never inside a word (or a hit).
      if (from > 0) {
        const space = text.slice(from).search(SPLIT);
        if (space >= 0 && from + space < to) from += space;
      }
      if (to < text.length) {
        const tail = text.slice(from, to);
        let cut = -1;
        for (const m of tail.matchAll(new RegExp(SPLIT.source, 'g'))) cut = m.index;
        if (cut > 0) to = from + cut;
      }
    }

    const parts = [];
    const push = (s, hit) => {
      if (s === '') return;
      s = s.replace(/\s+/g, ' ');
      if (!hit && parts.length > 0 && !parts[parts.length - 1].hit) parts[parts.length - 1].text += s;
      else parts.push({ text: s, hit });
    };
    let at = from;
    for (const h of hits) {
      if (h.start < from || h.end > to) continue;
      push(text.slice(at, h.start), false);
      push(text.slice(h.start, h.end), true);
      at = h.end;
    }
    push(text.slice(at, to), false);
    if (parts.length > 0 && !parts[0].hit) parts[0].text = parts[0].text.trimStart();
    const last = parts[parts.length - 1];
    if (last && !last.hit) last.text = last.text.trimEnd();
    return { parts: parts.filter((p) => p.text !== ''), cutStart: from > 0, cutEnd: to < text.length };
  }

  const api = {
    tokenize, trim, isStopWord, stem, setLanguage, pipeline, compoundHeadStem, snippet, decodeNumbers, decodePostings, LENGTHLESS,
    indexable, editDistance, contains, synonymGroups, termsOf, SPLIT, STOP_WORDS,
  };
  if (typeof module === 'object' && module.exports) {
    module.exports = api;
    return;
  }
  global.LeerpadSearchCore = api;
})(typeof globalThis !== 'undefined' ? globalThis : this);
