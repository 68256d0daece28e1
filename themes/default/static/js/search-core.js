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
  // query time on the index as it is: it adds 0 bytes to a one-file index. The
  // price is paid in the browser: at load, one walk of the index's tries lists
  // the terms, sorted twice (forwards for prefixes, reversed for suffixes),
  // which holds about two copies of the vocabulary in memory; per query word, a
  // binary search plus the matches, at most 30 compounds (the most frequent).
  // (A split index ships both sorted lists as files instead; search-shards.js.)
  // Known limit: an unrelated word with the same ending also matches
  // ("voorraad" for "raad"); heads shorter than 4 letters are not expanded.
  //
  // The engine reads its data through a source: trieSource below for a
  // one-file index, search-shards.js's for a split one. A source answers
  // synchronously; a split source answers "not loaded yet" (missing() is true
  // after the pass), the engine stops, the caller loads what the source asked
  // for and runs the pass again. The scoring code is the same for both.

  // Bounds that keep a query cheap whatever is typed or pasted.
  const MAX_CLAUSES = 32; // distinct query terms that are scored
  const MIN_PREFIX = 3; // a partial word is completed from its third character
  const MAX_PREFIX_TERMS = 50;
  const MIN_COMPOUND_HEAD = 4; // "veilig" may end a compound, "arm" may not
  const MIN_COMPOUND_MODIFIER = 3; // "onveilig" and "thuisveilig", not "sveilig"
  const MAX_COMPOUND_TERMS = 30;
  const MAX_PASSES = 8; // loading rounds of a split index for one query

  // How much an expanded term counts next to the term itself.
  const WEIGHT_COMPOUND = 0.7;
  const WEIGHT_SYNONYM = 0.9;
  const prefixWeight = (typed, term) => 0.4 + (0.6 * typed.length) / term.length;

  const codePointsReversed = (s) => Array.from(s).reverse().join('');
  const byString = (a, b) => (a < b ? -1 : a > b ? 1 : 0);

  /**
   * A source over a one-file elasticlunr-rs index (the parsed JSON object).
   * One walk of the tries lists the vocabulary; postings become sorted arrays
   * of document numbers and term frequencies when a query first needs them.
   * Documents are numbered in the order of the store; refs stay the names.
   */
  function trieSource(index) {
    const fields = (index.fields || []).filter((f) => index.index && index.index[f]);
    const store = index.documentStore || { docs: {}, docInfo: {}, length: 0 };
    const names = [...new Set([...Object.keys(store.docInfo || {}), ...Object.keys(store.docs || {})])];
    const numbers = new Map(names.map((name, i) => [name, i]));
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
          for (const ref of Object.keys(node.docs)) {
            if (!numbers.has(ref)) numbers.set(ref, names.push(ref) - 1);
          }
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
    const reversed = sorted.map((t) => [codePointsReversed(t), t]).sort((a, b) => byString(a[0], b[0]));
    const lists = new Map(fields.map((f) => [f, new Map()]));

    function postingsOf(node) {
      const refs = Object.keys(node.docs).map((name) => [numbers.get(name), node.docs[name].tf]);
      refs.sort((a, b) => a[0] - b[0]);
      return {
        refs: Int32Array.from(refs, (r) => r[0]),
        tfs: Float64Array.from(refs, (r) => r[1]),
        df: node.df,
      };
    }

    return {
      fields,
      docCount: Math.max(names.length, store.length || 0),
      termCount: sorted.length,
      startingWith(start) {
        const out = [];
        for (let i = lowerBound(sorted, start, (x) => x); i < sorted.length && sorted[i].startsWith(start); i++) {
          out.push(sorted[i]);
        }
        return out;
      },
      endingWith(head) {
        const key = codePointsReversed(head);
        const out = [];
        for (let i = lowerBound(reversed, key, (x) => x[0]); i < reversed.length && reversed[i][0].startsWith(key); i++) {
          out.push(reversed[i][1]);
        }
        return out;
      },
      docFrequency: (term) => fields.reduce((sum, f) => sum + (termNodes.get(f).get(term)?.df || 0), 0),
      postings(field, term) {
        const cache = lists.get(field);
        let list = cache.get(term);
        if (list === undefined) {
          const node = termNodes.get(field).get(term);
          list = node ? postingsOf(node) : null;
          cache.set(term, list);
        }
        return list;
      },
      fieldLength: (ref, field) => store.docInfo?.[names[ref]]?.[field] || 0,
      refName: (ref) => names[ref],
      doc: (name) => store.docs?.[name] || null,
      missing: () => false,
      prepare: () => true,
    };
  }

  /**
   * Prepares an elasticlunr-rs index (the parsed JSON object) for querying.
   *
   * options.boosts:   field -> weight, e.g. { title: 3, body: 1 } (default 1)
   * options.synonyms: { "vk": ["vertrouwenscentrum kindermishandeling"], ... };
   *                   a key and its phrases are all equivalent, both ways.
   * Returns an engine (see createEngine).
   */
  function createSearch(index, options = {}) {
    return createEngine(trieSource(index), options);
  }

  /**
   * A search engine over a source (trieSource, or a split index's source).
   * Returns { search(query, { partial, limit }), searchAsync(…), doc(ref),
   * loadDocs(refs), terms }. search() needs every datum at hand (a one-file
   * index, or a split one whose loader works synchronously, as in Node);
   * searchAsync() loads what a split index lacks first.
   */
  function createEngine(source, options = {}) {
    const fields = source.fields;
    const docCount = source.docCount;
    const boosts = options.boosts || {};

    const synonymAlternatives = buildSynonyms(options.synonyms);
    const maxPhrase = Math.max(1, ...[...synonymAlternatives.keys()].map((k) => k.split(' ').length));

    const idf = (list) => 1 + Math.log(docCount / ((list ? list.df : 0) + 1));

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
      const out = source.startingWith(start);
      // Shortest first: the nearest completions of what was typed matter most.
      out.sort((a, b) => a.length - b.length || byString(a, b));
      return out.slice(0, MAX_PREFIX_TERMS);
    }

    function compounds(head) {
      const minLength = Array.from(head).length + MIN_COMPOUND_MODIFIER;
      const out = source.endingWith(head).filter((t) => Array.from(t).length >= minLength);
      // Keep the most used compounds when there are many.
      const df = new Map(out.map((t) => [t, source.docFrequency(t)]));
      out.sort((a, b) => df.get(b) - df.get(a) || byString(a, b));
      return out.slice(0, MAX_COMPOUND_TERMS);
    }

    // 1/sqrt(field length) per document, as elasticlunr.js normalizes; cached
    // per field in an array (NaN: not computed yet).
    const norms = new Map();
    const lengthNorm = (field, ref) => {
      let cache = norms.get(field);
      if (!cache) {
        cache = new Float64Array(docCount).fill(NaN);
        norms.set(field, cache);
      }
      let norm = cache[ref];
      if (norm !== norm) {
        const length = source.fieldLength(ref, field);
        norm = length > 0 ? 1 / Math.sqrt(length) : 1;
        cache[ref] = norm;
      }
      return norm;
    };

    // Scores by document, in arrays indexed by document number: `touched`
    // lists the documents that have a score, in the order they got it.
    const scores = () => ({ value: new Float64Array(docCount), has: new Uint8Array(docCount), touched: [] });

    // doc -> score for one query word: per field the best of its expansions
    // (a text with "mishandel" and "kindermishandel" is not twice as
    // relevant), summed over the boosted fields, tf-idf as in elasticlunr.js.
    function scoreWord(expansions) {
      const total = scores();
      for (const field of fields) {
        const best = scores();
        const boost = boosts[field] ?? 1;
        for (const [term, weight] of expansions) {
          const list = source.postings(field, term);
          if (!list) continue;
          const factor = boost * idf(list) * weight;
          const { refs, tfs } = list;
          for (let i = 0; i < refs.length; i++) {
            const ref = refs[i];
            const score = tfs[i] * factor * lengthNorm(field, ref);
            if (!best.has[ref]) {
              best.has[ref] = 1;
              best.value[ref] = score;
              best.touched.push(ref);
            } else if (!(best.value[ref] >= score)) {
              best.value[ref] = score;
            }
          }
        }
        for (const ref of best.touched) {
          if (!total.has[ref]) {
            total.has[ref] = 1;
            total.value[ref] = 0;
            total.touched.push(ref);
          }
          total.value[ref] = total.value[ref] + best.value[ref];
        }
      }
      return total;
    }

    // A clause is one thing the user asked for: a word, or a phrase with its
    // synonyms. Each alternative is a list of words scored as their mean, so a
    // long phrase weighs as much as one word; a document scores its best
    // alternative, scaled down when it holds only some of that alternative's
    // words (so "vk" -> "vertrouwenscentrum kindermishandel" wants both).
    // Returns scores plus `fraction` by document.
    function scoreClause(clause, expansions) {
      const out = scores();
      out.fraction = new Float64Array(docCount);
      for (const { words, weight } of clause.alternatives) {
        const byWord = words.map((w) => scoreWord(expansions.get(w)));
        const seen = new Uint8Array(docCount);
        for (const m of byWord) {
          for (const ref of m.touched) {
            if (seen[ref]) continue;
            seen[ref] = 1;
            let score = 0;
            let present = 0;
            for (const other of byWord) {
              if (!other.has[ref]) continue;
              present++;
              score += other.value[ref];
            }
            const fraction = present / words.length;
            score *= (weight * fraction * fraction) / words.length;
            if (!out.has[ref]) {
              out.has[ref] = 1;
              out.touched.push(ref);
            } else if (!(score > out.value[ref])) {
              continue;
            }
            out.value[ref] = score;
            out.fraction[ref] = fraction;
          }
        }
      }
      return out;
    }

    // The index terms behind a result, for highlighting: every expansion of
    // every alternative that the document contains.
    function matchedTerms(clauses, expansions, ref) {
      const terms = new Set();
      for (const clause of clauses) {
        for (const { words } of clause.alternatives) {
          for (const word of words) {
            for (const term of expansions.get(word).keys()) {
              if (fields.some((f) => contains(source.postings(f, term), ref))) terms.add(term);
            }
          }
        }
      }
      return [...terms].sort();
    }

    // Best first; equal scores in the order of their references as text (the
    // order a one-file index always had).
    const ranked = (a, b) => b.score - a.score || byString(source.refName(a.ref), source.refName(b.ref));

    // One pass over the data: the results, or null when a split source lacks
    // something (it then knows what to load).
    function pass(query, { partial = false, limit = 50 } = {}) {
      const clauses = parseQuery(query, partial);
      if (clauses.length === 0) return [];
      const expansions = new Map();
      for (const clause of clauses) {
        for (const { words } of clause.alternatives) {
          for (const word of words) if (!expansions.has(word)) expansions.set(word, expand(word));
        }
      }
      if (source.missing()) return null;
      const terms = new Set();
      for (const found of expansions.values()) for (const t of found.keys()) terms.add(t);
      if (!source.prepare([...terms])) return null;

      const total = scores();
      const coverage = new Float64Array(docCount);
      for (const clause of clauses) {
        const hits = scoreClause(clause, expansions);
        for (const ref of hits.touched) {
          if (!total.has[ref]) {
            total.has[ref] = 1;
            total.value[ref] = 0;
            total.touched.push(ref);
          }
          total.value[ref] += hits.value[ref];
          coverage[ref] += hits.fraction[ref];
        }
      }
      // AND-ish: every clause a document misses divides its score further
      // (coverage squared), so documents with all words come first without
      // hiding those that have only some. Only the best `limit` are kept.
      const top = [];
      for (const ref of total.touched) {
        const c = coverage[ref] / clauses.length;
        const r = { ref, score: total.value[ref] * c * c };
        if (top.length >= limit && ranked(r, top[top.length - 1]) >= 0) continue;
        let at = top.length;
        while (at > 0 && ranked(r, top[at - 1]) < 0) at--;
        top.splice(at, 0, r);
        if (top.length > limit) top.pop();
      }
      return top.map((r) => ({
        ref: source.refName(r.ref),
        score: r.score,
        terms: matchedTerms(clauses, expansions, r.ref),
      }));
    }

    function search(query, options) {
      for (let i = 0; i < MAX_PASSES; i++) {
        const found = pass(query, options);
        if (found !== null) return found;
        if (source.load() !== null) throw new Error('this index loads asynchronously: use searchAsync');
      }
      throw new Error('the search index is incomplete');
    }

    async function searchAsync(query, options) {
      for (let i = 0; i < MAX_PASSES; i++) {
        const found = pass(query, options);
        if (found !== null) return found;
        await source.load();
      }
      throw new Error('the search index is incomplete');
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
      searchAsync,
      /** The stored fields of a document, or null (not stored, or not loaded yet). */
      doc: (ref) => source.doc(ref),
      /** Loads the stored fields of these documents (a split index keeps them apart). */
      loadDocs: (refs) => (source.loadDocs ? source.loadDocs(refs) : Promise.resolve()),
      /** Number of distinct terms in the index (for the benchmark note). */
      terms: source.termCount,
    };
  }

  // Does a posting list (refs in ascending order) hold this document?
  function contains(list, ref) {
    if (!list) return false;
    const refs = list.refs;
    let lo = 0;
    let hi = refs.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (refs[mid] < ref) lo = mid + 1;
      else hi = mid;
    }
    return lo < refs.length && refs[lo] === ref;
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

  const api = { tokenize, trim, isStopWord, stem, pipeline, createSearch, createEngine, snippet };
  if (typeof module === 'object' && module.exports) {
    module.exports = api;
    return;
  }
  global.LeerpadSearchCore = api;
})(typeof globalThis !== 'undefined' ? globalThis : this);
