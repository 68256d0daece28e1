// leerpad search core: the Dutch text pipeline of elasticlunr-rs 3.1 ("du")
// and a query engine over the index it serializes.
//
// Owns: tokenizing, trimming, stop words and Snowball Dutch stemming exactly as
// the Rust index builder does them; scoring; snippets as structured parts.
// Does not: touch the DOM, fetch anything, or produce HTML. The browser UI and
// the Node tests/CLI load this same file, so it must stay DOM-free.
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
  function tokenize(text) {
    if (text == null) return [];
    return String(text).split(SPLIT).filter((s) => s !== '').map((s) => s.toLowerCase());
  }

  /** Strips non-Latin characters from both ends of a token (the "du" trimmer). */
  function trim(token) {
    return token.replace(TRIM, '');
  }

  function isStopWord(token) {
    return STOP_WORDS.has(token);
  }

  /** One token through trimmer, stop-word filter and stemmer; '' if dropped. */
  function analyzeToken(token) {
    const t = trim(token);
    return t === '' || STOP_WORDS.has(t) ? '' : stem(t);
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

  /** Stems one lower-case word with the Snowball Dutch algorithm. */
  function stem(word) {
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

  // ------------------------------------------------------------------- search
  //
  // Scoring follows elasticlunr.js: tf (already sqrt'ed by the builder) x idf
  // x 1/sqrt(field length) x field boost, summed over fields and query words,
  // then scaled by the share of query words a document has, squared.
  //
  // Dutch compounds: a compound ends in its head ("kindermishandeling" is a
  // kind of "mishandeling"), so a query word also matches the indexed terms
  // that END in its stem, with a modifier of at least 3 letters in front, at
  // weight 0.7. Because stemming depends on where R1/R2 fall, the head is also
  // stemmed as it would be inside a compound ("veiligheid" -> "veilig", but
  // "thuisveiligheid" -> "thuisveil"; see compoundHeadStem). This is done at
  // query time on the index as it is: it adds 0 bytes to the index. The price
  // is paid in the browser: at load, one walk of the index's tries lists the
  // terms, sorted twice (forwards for prefixes, reversed for suffixes), which
  // holds about two copies of the vocabulary in memory; per query word, a
  // binary search plus the matches, at most 30 compounds (the most frequent).
  // Known limit: an unrelated word with the same ending also matches
  // ("voorraad" for "raad"); heads shorter than 4 letters are not expanded.

  // Bounds that keep a query cheap whatever is typed or pasted.
  const MAX_CLAUSES = 32; // distinct query terms that are scored
  const MIN_PREFIX = 3; // a partial word is completed from its third character
  const MAX_PREFIX_TERMS = 50;
  const MIN_COMPOUND_HEAD = 4; // "veilig" may end a compound, "arm" may not
  const MIN_COMPOUND_MODIFIER = 3; // "onveilig" and "thuisveilig", not "sveilig"
  const MAX_COMPOUND_TERMS = 30;

  // How much an expanded term counts next to the term itself.
  const WEIGHT_COMPOUND = 0.7;
  const WEIGHT_SYNONYM = 0.9;
  const prefixWeight = (typed, term) => 0.4 + (0.6 * typed.length) / term.length;

  const codePointsReversed = (s) => Array.from(s).reverse().join('');

  /**
   * Prepares an elasticlunr-rs index (the parsed JSON object) for querying.
   *
   * options.boosts:   field -> weight, e.g. { title: 3, body: 1 } (default 1)
   * options.synonyms: { "vk": ["vertrouwenscentrum kindermishandeling"], ... };
   *                   a key and its phrases are all equivalent, both ways.
   * Returns { search(query, { partial, limit }), doc(ref), terms }.
   */
  function createSearch(index, options = {}) {
    const fields = (index.fields || []).filter((f) => index.index && index.index[f]);
    const store = index.documentStore || { docs: {}, docInfo: {}, length: 0 };
    const docCount = store.length || Object.keys(store.docInfo || {}).length;
    const boosts = options.boosts || {};

    // field -> Map(term -> trie node). One walk at load time gives the whole
    // vocabulary, which prefix and compound lookups need as sorted lists.
    const termNodes = new Map();
    const vocabulary = new Set();
    for (const field of fields) {
      const nodes = new Map();
      const stack = [['', index.index[field].root]];
      while (stack.length > 0) {
        const [term, node] = stack.pop();
        if (node.df > 0) {
          nodes.set(term, node);
          vocabulary.add(term);
        }
        for (const key of Object.keys(node)) {
          if (key !== 'docs' && key !== 'df') stack.push([term + key, node[key]]);
        }
      }
      termNodes.set(field, nodes);
    }
    const sorted = [...vocabulary].sort();
    // Compounds end in their head ("kindermishandel" ends in "mishandel"), so a
    // suffix search on terms is a prefix search on reversed terms.
    const reversed = sorted.map((t) => [codePointsReversed(t), t]).sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));

    const synonymAlternatives = buildSynonyms(options.synonyms);
    const maxPhrase = Math.max(1, ...[...synonymAlternatives.keys()].map((k) => k.split(' ').length));

    const idfCache = new Map();
    const idf = (field, term) => {
      const key = `${field}\u0000${term}`;
      if (!idfCache.has(key)) {
        const node = termNodes.get(field).get(term);
        idfCache.set(key, 1 + Math.log(docCount / ((node ? node.df : 0) + 1)));
      }
      return idfCache.get(key);
    };
    const docFrequency = (term) =>
      fields.reduce((sum, f) => sum + (termNodes.get(f).get(term)?.df || 0), 0);

    // Terms of the index that a query word stands for, with their weights:
    // the word's own term, completions if it is being typed, and compounds that
    // end in it.
    function expand({ term, head, prefix }) {
      const found = new Map([[term, 1]]);
      const add = (t, w) => {
        if ((found.get(t) || 0) < w) found.set(t, w);
      };
      const heads = new Set([term, head]);
      if (prefix && Array.from(term).length >= MIN_PREFIX) {
        const { base, terms } = completions(prefix, term);
        for (const t of terms) add(t, prefixWeight(base, t));
        heads.add(base);
      }
      for (const h of heads) {
        if (Array.from(h).length < MIN_COMPOUND_HEAD) continue;
        for (const t of compounds(h)) add(t, WEIGHT_COMPOUND);
      }
      return found;
    }

    // Terms that start with what is being typed. The partial word is tried as
    // stemmed, then as typed minus up to 3 final characters, because a word
    // half-way its suffix can be a prefix of no term: "mishandelin" stems to
    // itself, while the index has "mishandel". Returns the prefix that worked.
    function completions(typed, stemmed) {
      const found = startingWith(stemmed);
      if (found.length > 0) return { base: stemmed, terms: found };
      const chars = Array.from(typed);
      for (let cut = 1; cut <= 3 && chars.length - cut >= MIN_PREFIX; cut++) {
        const base = chars.slice(0, chars.length - cut).join('');
        const terms = startingWith(base);
        if (terms.length > 0) return { base, terms };
      }
      return { base: stemmed, terms: [] };
    }

    function startingWith(start) {
      const out = [];
      for (let i = lowerBound(sorted, start, (x) => x); i < sorted.length && sorted[i].startsWith(start); i++) {
        out.push(sorted[i]);
      }
      // Shortest first: the nearest completions of what was typed matter most.
      out.sort((a, b) => a.length - b.length || (a < b ? -1 : 1));
      return out.slice(0, MAX_PREFIX_TERMS);
    }

    function compounds(head) {
      const key = codePointsReversed(head);
      const minLength = Array.from(head).length + MIN_COMPOUND_MODIFIER;
      const out = [];
      for (let i = lowerBound(reversed, key, (x) => x[0]); i < reversed.length && reversed[i][0].startsWith(key); i++) {
        if (Array.from(reversed[i][1]).length >= minLength) out.push(reversed[i][1]);
      }
      // Keep the most used compounds when there are many.
      const df = new Map(out.map((t) => [t, docFrequency(t)]));
      out.sort((a, b) => df.get(b) - df.get(a) || (a < b ? -1 : 1));
      return out.slice(0, MAX_COMPOUND_TERMS);
    }

    // 1/sqrt(field length) per document, as elasticlunr.js normalizes.
    const norms = new Map(fields.map((f) => [f, new Map()]));
    const lengthNorm = (field, ref) => {
      const cache = norms.get(field);
      let norm = cache.get(ref);
      if (norm === undefined) {
        const length = store.docInfo?.[ref]?.[field] || 0;
        norm = length > 0 ? 1 / Math.sqrt(length) : 1;
        cache.set(ref, norm);
      }
      return norm;
    };

    // doc -> score for one query word: per field the best of its expansions
    // (a text with "mishandel" and "kindermishandel" is not twice as
    // relevant), summed over the boosted fields, tf-idf as in elasticlunr.js.
    function scoreWord(word) {
      word.expansions ??= expand(word);
      const scores = new Map();
      for (const field of fields) {
        const best = new Map();
        const boost = boosts[field] ?? 1;
        for (const [term, weight] of word.expansions) {
          const node = termNodes.get(field).get(term);
          if (!node) continue;
          const factor = boost * idf(field, term) * weight;
          for (const ref in node.docs) {
            const score = node.docs[ref].tf * factor * lengthNorm(field, ref);
            if (!(best.get(ref) >= score)) best.set(ref, score);
          }
        }
        for (const [ref, score] of best) scores.set(ref, (scores.get(ref) || 0) + score);
      }
      return scores;
    }

    // A clause is one thing the user asked for: a word, or a phrase with its
    // synonyms. Each alternative is a list of words scored as their mean, so a
    // long phrase weighs as much as one word; a document scores its best
    // alternative, scaled down when it holds only some of that alternative's
    // words (so "vk" -> "vertrouwenscentrum kindermishandel" wants both).
    function scoreClause(clause) {
      const out = new Map(); // ref -> { score, fraction }
      for (const { words, weight } of clause.alternatives) {
        const byWord = words.map(scoreWord);
        const refs = new Set(byWord.flatMap((m) => [...m.keys()]));
        for (const ref of refs) {
          let score = 0;
          let present = 0;
          for (const m of byWord) {
            const s = m.get(ref);
            if (s === undefined) continue;
            present++;
            score += s;
          }
          const fraction = present / words.length;
          score *= (weight * fraction * fraction) / words.length;
          const best = out.get(ref);
          if (!best || score > best.score) out.set(ref, { score, fraction });
        }
      }
      return out;
    }

    // The index terms behind a result, for highlighting: every expansion of
    // every alternative that the document contains.
    function matchedTerms(clauses, ref) {
      const terms = new Set();
      for (const clause of clauses) {
        for (const { words } of clause.alternatives) {
          for (const word of words) {
            for (const term of word.expansions.keys()) {
              if (fields.some((f) => termNodes.get(f).get(term)?.docs[ref])) terms.add(term);
            }
          }
        }
      }
      return [...terms].sort();
    }

    function search(query, { partial = false, limit = 50 } = {}) {
      const clauses = parseQuery(query, partial);
      if (clauses.length === 0) return [];
      const totals = new Map();
      for (const clause of clauses) {
        for (const [ref, hit] of scoreClause(clause)) {
          const t = totals.get(ref) || { score: 0, coverage: 0 };
          t.score += hit.score;
          t.coverage += hit.fraction;
          totals.set(ref, t);
        }
      }
      // AND-ish: every clause a document misses divides its score further
      // (coverage squared), so documents with all words come first without
      // hiding those that have only some.
      const results = [];
      for (const [ref, t] of totals) {
        const coverage = t.coverage / clauses.length;
        results.push({ ref, score: t.score * coverage * coverage });
      }
      results.sort((a, b) => b.score - a.score || (a.ref < b.ref ? -1 : a.ref > b.ref ? 1 : 0));
      return results.slice(0, limit).map((r) => ({ ...r, terms: matchedTerms(clauses, r.ref) }));
    }

    // Query text -> clauses. With `partial`, the last word is still being typed
    // (no trailing space) and is completed as a prefix.
    function parseQuery(query, partial) {
      const raw = tokenize(query);
      const lastIsPartial = partial && raw.length > 0 && !SPLIT.test(String(query).slice(-1));
      const words = [];
      raw.forEach((token, i) => {
        // A pasted essay gives no better results than its first words.
        if (words.length >= 4 * MAX_CLAUSES) return;
        const typed = trim(token);
        if (typed === '' || STOP_WORDS.has(typed)) return;
        const isPartial = lastIsPartial && i === raw.length - 1 && Array.from(typed).length >= MIN_PREFIX;
        words.push({ term: stem(typed), head: compoundHeadStem(typed), prefix: isPartial ? typed : null });
      });

      const clauses = [];
      const seen = new Set();
      for (let i = 0; i < words.length && clauses.length < MAX_CLAUSES; ) {
        let clause = null;
        // Longest synonym phrase starting here; a word still being typed only
        // counts once it is complete enough to equal a synonym term.
        for (let len = Math.min(maxPhrase, words.length - i); len >= 1 && !clause; len--) {
          const phrase = words.slice(i, i + len).map((w) => w.term).join(' ');
          const alternatives = synonymAlternatives.get(phrase);
          if (alternatives) {
            clause = {
              key: phrase,
              alternatives: [{ words: words.slice(i, i + len), weight: 1 }, ...alternatives],
            };
            i += len;
          }
        }
        if (!clause) {
          clause = { key: words[i].term, alternatives: [{ words: [words[i]], weight: 1 }] };
          i += 1;
        }
        if (!seen.has(clause.key)) {
          seen.add(clause.key);
          clauses.push(clause);
        }
      }
      return clauses;
    }

    return {
      search,
      /** The stored fields of a document, if the index saved them. */
      doc: (ref) => store.docs?.[ref] || null,
      /** Number of distinct terms in the index (for the benchmark note). */
      terms: sorted.length,
    };
  }

  // Synonym table -> Map(term phrase -> alternatives). Keys and phrases go
  // through the same pipeline as the text so "1G1P" meets the indexed "g1p".
  function buildSynonyms(table) {
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
    const out = new Map();
    for (const [phrase, others] of groups) {
      const alternatives = [...others].sort().map((o) => ({
        words: o.split(' ').map((term) => ({ term, head: term, prefix: null })),
        weight: WEIGHT_SYNONYM,
      }));
      out.set(phrase, alternatives);
    }
    return out;
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

  // ------------------------------------------------------------------ snippet

  const LEADING = /^[^\p{Script=Latin}]*/u;
  const TRAILING = /[^\p{Script=Latin}]*$/u;
  // A snippet never costs more than this, whatever the length of the text.
  const MAX_SNIPPET_WORDS = 20000;
  const MAX_SNIPPET_HITS = 500;

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
    const stems = new Map();
    let scanned = 0;
    for (const m of text.matchAll(WORDS)) {
      if (++scanned > MAX_SNIPPET_WORDS) break;
      // Highlight the letters only: "(kindermishandeling)." marks the word.
      const word = m[0];
      const lead = word.match(LEADING)[0].length;
      const core = word.slice(lead, word.length - word.match(TRAILING)[0].length);
      if (core === '') continue;
      const lower = core.toLowerCase();
      if (!stems.has(lower)) stems.set(lower, analyzeToken(lower));
      const term = stems.get(lower);
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

  const api = { tokenize, trim, isStopWord, stem, pipeline, createSearch, snippet };
  if (typeof module === 'object' && module.exports) {
    module.exports = api;
    return;
  }
  global.LeerpadSearchCore = api;
})(typeof globalThis !== 'undefined' ? globalThis : this);
