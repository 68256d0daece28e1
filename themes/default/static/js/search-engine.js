// leerpad search engine: ranks documents for a query, over a source of the
// index's data (search-shards.js's, on the shards of src/search/shards.rs; or
// any object with the same methods, as the unit tests build).
//
// Owns: reading a query (search-core.js's pipeline, synonyms, partial words),
// expanding its words (completions, Dutch compounds, near spellings), scoring,
// and "did you mean" suggestions. Does not: touch the DOM, load files (a split
// source asks its caller), or know a page path or a word of Dutch beyond what
// options bring (question words and intents come from the theme's strings).
//
// Scoring is BM25 per field: per query word, its count in each field is
// normalised by the field's length against the field's mean (b = 0.75),
// saturated (k1 = 1.2), weighed by the field's boost and summed over fields,
// then multiplied by the term's rarity (BM25's idf). The sum outside the
// saturation (rather than BM25F's inside) lets a word in a heading count for
// more than the same word repeated in a text: sections are short, and their
// heading is what they answer. A document's score is the sum over the query's
// clauses, each weighed by how much it means: question words ("wat", "moet",
// "ik", from options.questionWords) weigh 0.15 of a content word. Then
// - coverage: the score is multiplied by the square of the share of the
//   query's weight (rarity x clause weight) that the document holds, so two
//   distinctive words beat one common word found many times. A word counts
//   as held to the degree of its field score (up to FULL_MATCH, one mention
//   in a text of average length): one passing mention of a rare query word in
//   a long text does not buy the whole of its weight;
// - title: a document whose title the query names is what the query asks
//   for ("VK" -> the glossary's "VK"; "gesprek met de ouders" -> "Ga in
//   gesprek met de ouders"): the score is multiplied by 1 + the share of the
//   title's words that the query holds (TITLE_BONUS);
// - nearness: two or more content words in the same heading or context (a
//   short field: the words are a few apart) multiply it by 1 + 0.25 per extra
//   word. The index keeps no word positions (that would cost the first query
//   more bytes than it has), so nearness inside a body is not measured;
// - intent: a query with a question word and a word of an intent
//   (options.intents: "doen" -> steps, "bellen" -> partners) weighs the
//   documents of that intent's kinds by 1.6, and its word also matches the
//   documents that answer it (step pages, the partner finder) as if in their
//   title, so they get a fair chance against lessons that merely use the
//   same words.
// A word that is not in the index at all is also searched as the indexed
// terms one edit away (a typo: "kindermishandling"), at weight 0.5.
//
// Dutch compounds: a compound ends in its head ("kindermishandeling" is a kind
// of "mishandeling"), so a query word also matches the indexed terms that END
// in its stem, with a modifier of at least 3 letters in front, at weight 0.7
// (search-core.js's compoundHeadStem stems the head as inside a compound).
// Known limit: an unrelated word with the same ending also matches
// ("voorraad" for "raad"); heads shorter than 4 letters are not expanded.
//
// A source answers synchronously, or "not loaded yet" (missing() is true after
// the pass): the engine stops, the caller loads what the source asked for and
// runs the pass again.
//
// A classic script: the global LeerpadSearchEngine in the browser (after
// search-core.js), require() in Node.

(function (global) {
  'use strict';

  const core = global.LeerpadSearchCore || (typeof require === 'function' ? require('./search-core.js') : null);
  const { tokenize, indexable, stem, compoundHeadStem, editDistance, contains, synonymGroups, termsOf, SPLIT } = core;

  // Bounds that keep a query cheap whatever is typed or pasted.
  // distinct query terms that are scored
  const MAX_CLAUSES = 32;
  // a partial word is completed from its third character
  const MIN_PREFIX = 3;
  const MAX_PREFIX_TERMS = 50;
  // "veilig" may end a compound, "arm" may not
  const MIN_COMPOUND_HEAD = 4;
  // "onveilig" and "thuisveilig", not "sveilig"
  const MIN_COMPOUND_MODIFIER = 3;
  const MAX_COMPOUND_TERMS = 30;
  // shorter words have too many neighbours one edit away
  const MIN_FUZZY = 5;
  const MIN_FUZZY_SUBSTITUTION = 8;
  const MAX_FUZZY_TERMS = 3;
  // files that a word's near spellings may cost in a query of several words (see expand)
  const MAX_FUZZY_FILES_BESIDE = 2;
  // from this length, a word's letters from the fifth on (3 or more) are a narrow enough end
  const NARROW_FUZZY = 7;
  // loading rounds of a split index for one query
  const MAX_PASSES = 8;

  // BM25F.
  const K1 = 1.2;
  const B = 0.75;
  // How much an expanded term counts next to the term itself.
  const WEIGHT_COMPOUND = 0.7;
  const WEIGHT_SYNONYM = 0.9;
  const WEIGHT_FUZZY = 0.5;
  const prefixWeight = (typed, term) => 0.4 + (0.6 * typed.length) / term.length;
  const WEIGHT_QUESTION = 0.15;
  const NEAR_BONUS = 0.25;
  const INTENT_BOOST = 1.6;
  const SHORT_FIELDS = new Set(['title', 'context']);
  // A word counts as fully covered from this field score (one mention in a
  // text of average length); a passing mention in a long text counts partly.
  const FULL_MATCH = 1;
  // The score of a document whose whole title the query names is multiplied by 1 + this.
  const TITLE_BONUS = 1;
  const TITLE = 'title';

  const codePoints = (s) => Array.from(s);
  const byString = (a, b) => (a < b ? -1 : a > b ? 1 : 0);

  // Synonym table -> Map(term phrase -> alternatives), from search-core.js's synonymGroups.
  function buildSynonyms(table) {
    const out = new Map();
    for (const [phrase, others] of synonymGroups(table)) {
      out.set(phrase, others.map((o) => ({ words: o.split(' ').map((term) => ({ term, head: term, prefix: null })), weight: WEIGHT_SYNONYM })));
    }
    return out;
  }

  /**
   * A search engine over a source (search-shards.js's createShardSource).
   *
   * options.boosts:        field -> weight, e.g. { title: 3, body: 1 } (default 1)
   * options.synonyms:      { "vk": ["vertrouwenscentrum kindermishandeling"], ... };
   *                        a key and its phrases are all equivalent, both ways.
   * options.questionWords: words that ask rather than say ("wat moet ik"): weighed low.
   * options.intents:       [{ words, kinds }]: in a question, these words ask for
   *                        documents of these kinds (see the file comment).
   * options.placeWords:    place names the content also uses, comma-separated
   *                        ("Peer, Halen"): unmatched() counts them as open.
   *
   * Returns { search(query, { partial, limit }), searchAsync(…), suggest(query),
   * suggestAsync(query), unmatched(query, { partial }), unmatchedAsync(…),
   * doc(ref), loadDocs(refs), terms }. search() needs every
   * datum at hand (a source whose loader works synchronously, as in Node); the
   * async forms load what the source lacks.
   */
  function createEngine(source, options = {}) {
    const fields = source.fields;
    const docCount = source.docCount;
    const boosts = options.boosts || {};
    const synonymAlternatives = buildSynonyms(options.synonyms);
    const maxPhrase = Math.max(1, ...[...synonymAlternatives.keys()].map((k) => k.split(' ').length));
    const questionTerms = termsOf(options.questionWords);
    const placeTerms = termsOf(String(options.placeWords || '').split(','));
    const intents = (options.intents || []).map((i) => ({
      terms: termsOf(i.words),
      kinds: new Set(i.kinds || []),
      answers: new Set(i.answers || []),
    }));

    // BM25's rarity of a term; df is the most documents of one field (a union
    // over fields would need every list merged).
    const idf = (df) => Math.log(1 + (docCount - df + 0.5) / (df + 0.5));

    function startingWith(start) {
      const out = source.startingWith(start);
      // Shortest first: the nearest completions of what was typed matter most.
      out.sort((a, b) => a.length - b.length || byString(a, b));
      return out.slice(0, MAX_PREFIX_TERMS);
    }

    // Terms that start with what is being typed: as stemmed, then as typed
    // minus up to 3 final characters ("mishandelin" is no prefix of the index's
    // "mishandel"). Returns the prefix that worked.
    function completions(typed, stemmed) {
      const found = startingWith(stemmed);
      if (found.length > 0) return { base: stemmed, terms: found };
      const chars = codePoints(typed);
      // Not below 4 letters: "gent" is no "gen…" ("geen", "genomen").
      for (let cut = 1; cut <= 3 && chars.length - cut >= MIN_PREFIX + 1; cut++) {
        const base = chars.slice(0, chars.length - cut).join('');
        const terms = startingWith(base);
        if (terms.length > 0) return { base, terms };
      }
      return { base: stemmed, terms: [] };
    }

    function compounds(head) {
      const minLength = codePoints(head).length + MIN_COMPOUND_MODIFIER;
      const out = source.endingWith(head).filter((t) => codePoints(t).length >= minLength);
      const df = new Map(out.map((t) => [t, source.docFrequency(t)]));
      out.sort((a, b) => df.get(b) - df.get(a) || byString(a, b));
      return out.slice(0, MAX_COMPOUND_TERMS);
    }

    // Indexed terms within `max` edits of `term` that share its first two
    // letters (a typo rarely hits those), nearest and most used first.
    function neighbours(term, max) {
      const chars = codePoints(term);
      const found = [];
      // A number one digit off is another number ("9000" is no typo of "9600").
      if (/[0-9]/.test(term)) return found;
      const two = chars.slice(0, 2).join('');
      for (const t of candidates(chars, max)) {
        if (t === term || !t.startsWith(two)) continue;
        const d = editDistance(chars, codePoints(t), max);
        if (d <= max) found.push({ term: t, distance: d, df: source.docFrequency(t) });
      }
      found.sort((a, b) => a.distance - b.distance || b.df - a.df || byString(a.term, b.term));
      return found;
    }

    // The terms to measure against a word for neighbours(): those that start with its first two
    // letters; or, for one edit in a word of NARROW_FUZZY letters or more, when the source says
    // it costs fewer files, those that start with its first three letters or end in its letters
    // from the fifth on. The same neighbours either way: one edit at the third letter or before
    // leaves the letters from the fifth on as the end of the other word, one after it leaves
    // the first three.
    function candidates(chars, max) {
      const plan = lookups(chars, max);
      const starting = plan.starting.flatMap((p) => source.startingWith(p));
      const ending = plan.ending.flatMap((e) => source.endingWith(e));
      return plan.ending.length === 0 ? starting : [...new Set([...starting, ...ending])];
    }

    /** The lookups of candidates(): { starting: [prefix…], ending: [end…] }. */
    function lookups(chars, max) {
      const two = { starting: [chars.slice(0, 2).join('')], ending: [] };
      if (max !== 1 || chars.length < NARROW_FUZZY || !source.lookupCost) return two;
      const narrow = { starting: [chars.slice(0, 3).join('')], ending: [chars.slice(4).join('')] };
      return source.lookupCost(narrow) >= source.lookupCost(two) ? two : narrow;
    }

    /** How many files not loaded yet the near spellings of `term` (one edit) need. */
    const fuzzyCost = (term) => (source.lookupCost ? source.lookupCost(lookups(codePoints(term), 1)) : 0);

    // Whether the index has a query word's term (null: not known yet). A finished word of
    // MIN_COMPOUND_HEAD letters or more asks its ends file, which its compounds need anyway
    // and which also says where its postings are: one file for the word, not two. A word
    // being typed needs its terms file for its completions, which then answers.
    const isKnown = ({ term, prefix }) => source.hasTerm(term, { ends: !prefix });

    // Terms of the index that a query word stands for, with their weights. `several`: the query
    // has more than one content word; `asks`: this word is a question word (it weighs little,
    // and gets no compounds or near spellings). In a query of several words, an unknown word
    // gets near spellings only when they cost at most MAX_FUZZY_FILES_BESIDE files: those of a
    // short word would cost every terms file of its first two letters, for a word that is more
    // often one the texts lack ("heeft", a town) than a typo, and the other words find the
    // results; a long word's ("kindermishandling") cost two. A word being typed keeps its
    // completions even when the index has it as typed: "werken niet mee" asks for "meewerken".
    // In a query of several content words, the completions of the word being typed that go on
    // from what was typed ("moe" -> "moet"), or that it goes on from ("mishandelin" ->
    // "mishandel"). The others, found from its stem ("zorgen" -> "zorg" -> "zorgvuld", "Ronse"
    // -> "ron" -> "rong"), cannot be the word being typed, weigh little beside the query's
    // other words and cost postings files of their own. Whatever is loaded: a query's results
    // do not depend on what earlier queries loaded. Measured on the 10k corpus
    // (bench/search-rounds.mjs): a postings file less for "wie bel ik in Ronse", "gesprek met
    // de ouders over mijn zorgen", "anoniem advies vragen", the same top 5 for the 22 bench
    // queries. Capping the completions that do go on from the typed word changed the top 5 of
    // "kind komt vaak te laat en is moe" (its rare completions are its results).
    // A completion whose postings its terms file holds costs nothing and stays.
    const goesOn = (prefix, terms) =>
      terms.filter((t) => t.startsWith(prefix) || prefix.startsWith(t) || (source.inTermsFile && source.inTermsFile(t)));

    function expand(word, { several = false, asks = false } = {}) {
      const { term, head, prefix } = word;
      const length = codePoints(term).length;
      // Asked first, so the file that says where the word's postings are comes in the first
      // round trip with its compounds' ends file; null until it is in.
      const known = isKnown(word);
      const found = new Map([[term, 1]]);
      const add = (t, w) => {
        if ((found.get(t) || 0) < w) found.set(t, w);
      };
      const heads = new Set([term, head]);
      if (prefix && length >= MIN_PREFIX) {
        const { base, terms } = completions(prefix, term);
        const limited = several ? goesOn(prefix, terms) : terms;
        for (const t of limited) add(t, prefixWeight(base, t));
        heads.add(base);
      }
      if (asks) return found;
      for (const h of heads) {
        if (codePoints(h).length < MIN_COMPOUND_HEAD) continue;
        for (const t of compounds(h)) add(t, WEIGHT_COMPOUND);
      }
      // Not while the term's own file is missing (null): the pass is run again once it is in,
      // and near spellings asked for now would load every file of its first two letters.
      const fuzzy = length >= MIN_FUZZY && (!several || fuzzyCost(term) <= MAX_FUZZY_FILES_BESIDE);
      if (found.size === 1 && fuzzy && known === false) {
        // One letter for another in a short word is more often another word
        // ("inlicht", "inricht") than a typo; a letter left out or doubled is a typo.
        const typos = neighbours(term, 1).filter((n) => length >= MIN_FUZZY_SUBSTITUTION || codePoints(n.term).length !== length);
        for (const n of typos.slice(0, MAX_FUZZY_TERMS)) add(n.term, WEIGHT_FUZZY);
      }
      return found;
    }

    // Length normalisation per field and document (NaN: not computed yet).
    const norms = new Map();
    function lengthNorm(field, ref) {
      let cache = norms.get(field);
      if (!cache) {
        cache = new Float64Array(docCount).fill(NaN);
        norms.set(field, cache);
      }
      let norm = cache[ref];
      if (norm !== norm) {
        const average = source.averageLength(field) || 1;
        norm = 1 - B + (B * source.fieldLength(ref, field)) / average;
        cache[ref] = norm;
      }
      return norm;
    }

    const scores = () => ({ value: new Float64Array(docCount), has: new Uint8Array(docCount), touched: [] });
    const touch = (s, ref) => {
      if (!s.has[ref]) {
        s.has[ref] = 1;
        s.value[ref] = 0;
        s.touched.push(ref);
      }
    };

    // doc -> BM25F score of one query word (its best expansion), `rarity` (the
    // idf of its best-found term), `short` (documents with it in a heading) and
    // `title` (a Map: document -> how many of its title words it is, by
    // expansion weight; null if none).
    // An expansion is never rarer than the word itself: "grootouder" is rare,
    // but a query for "ouders" asks for a common word.
    function scoreWord(expansions, scratch) {
      const out = scores();
      out.short = new Uint8Array(docCount);
      out.title = null;
      out.rarity = 0;
      let cap = Infinity;
      for (const [term, weight] of expansions) {
        let df = 0;
        for (const field of fields) df = Math.max(df, source.postings(field, term)?.df || 0);
        if (df === 0) continue;
        const rarity = Math.min(idf(df), cap) * weight;
        if (cap === Infinity) cap = idf(df);
        out.rarity = Math.max(out.rarity, rarity);
        for (const field of fields) {
          const list = source.postings(field, term);
          if (!list) continue;
          const boost = boosts[field] ?? 1;
          const short = SHORT_FIELDS.has(field);
          const { refs, counts } = list;
          if (field === TITLE) {
            out.title = out.title || new Map();
            for (let i = 0; i < refs.length; i++) out.title.set(refs[i], (out.title.get(refs[i]) || 0) + weight * counts[i]);
          }
          for (let i = 0; i < refs.length; i++) {
            const ref = refs[i];
            touch(scratch, ref);
            const tf = counts[i] / lengthNorm(field, ref);
            scratch.value[ref] += (boost * tf * (K1 + 1)) / (tf + K1);
            if (short) out.short[ref] = 1;
          }
        }
        for (const ref of scratch.touched) {
          const score = rarity * scratch.value[ref];
          touch(out, ref);
          if (score > out.value[ref]) out.value[ref] = score;
          scratch.has[ref] = 0;
        }
        scratch.touched.length = 0;
      }
      return out;
    }

    // A clause is one thing the user asked for: a word, or a phrase with its
    // synonyms. Each alternative is a list of words scored as their mean; a
    // document scores its best alternative, scaled down when it holds only some
    // of that alternative's words. The alternatives name one thing, so they
    // share one rarity: that of the most common one (the thing is at least as
    // common as each of its names); "VK" in a title then counts as much as
    // "Vertrouwenscentrum Kindermishandeling" there, however often the texts
    // use either. Returns scores, `short` (in a heading) and `title` (title
    // words it names) by document and the clause's `rarity`.
    function scoreClause(clause, expansions, scratch) {
      const [only] = clause.alternatives;
      if (clause.alternatives.length === 1 && only.words.length === 1 && only.weight === 1) {
        // One word (most clauses): its scores as they are, every document holding all of it.
        return scoreWord(expansions.get(only.words[0]), scratch);
      }
      const out = scores();
      out.short = new Uint8Array(docCount);
      out.title = new Map();
      out.rarity = Infinity;
      for (const { words, weight } of clause.alternatives) {
        const byWord = words.map((w) => scoreWord(expansions.get(w), scratch));
        const rarity = byWord.reduce((s, m) => s + m.rarity, 0) / words.length;
        if (rarity > 0) out.rarity = Math.min(out.rarity, rarity);
        const seen = new Uint8Array(docCount);
        for (const m of byWord) {
          for (const ref of m.touched) {
            if (seen[ref]) continue;
            seen[ref] = 1;
            let score = 0;
            let present = 0;
            let short = 0;
            let inTitle = 0;
            for (const other of byWord) {
              if (!other.has[ref]) continue;
              present++;
              // The field score alone; the clause's rarity comes in below.
              score += other.value[ref] / other.rarity;
              short |= other.short[ref];
              if (other.title) inTitle += other.title.get(ref) || 0;
            }
            // Title words of any alternative: "VK" and its full name both name the glossary's "VK".
            if (inTitle > (out.title.get(ref) || 0)) out.title.set(ref, weight * inTitle);
            const fraction = present / words.length;
            score *= (weight * fraction * fraction) / words.length;
            if (out.has[ref] && !(score > out.value[ref])) continue;
            touch(out, ref);
            out.value[ref] = score;
            out.short[ref] = short;
          }
        }
      }
      if (out.rarity === Infinity) out.rarity = 0;
      for (const ref of out.touched) out.value[ref] *= out.rarity;
      return out;
    }

    // The index terms behind a result, for highlighting.
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

    // Best first; equal scores in the order of their references as text.
    const ranked = (a, b) => b.score - a.score || byString(source.refName(a.ref), source.refName(b.ref));

    // The kinds a question asks for, by clause: those of every intent that has
    // the clause's word (none when the query asks nothing).
    function intentKinds(clauses, key) {
      const asks = clauses.some((c) => questionTerms.has(c.key));
      return clauses.map((c) => {
        const kinds = new Set();
        if (!asks) return kinds;
        for (const intent of intents) if (intent.terms.has(c.key)) for (const k of intent[key]) kinds.add(k);
        return kinds;
      });
    }

    // A question's intent word also stands for the documents that answer it
    // (the intent's `answers` kinds), as if their title held it: "wat moet ik
    // doen" reaches step pages that say "doe", "wie bel ik" the partner finder.
    function addIntentHits(hits, kinds) {
      if (kinds.size === 0) return;
      const score = (hits.rarity || 1) * 2;
      for (let ref = 0; ref < docCount; ref++) {
        if (!kinds.has(source.kind(ref))) continue;
        hits.title = hits.title || new Map();
        hits.title.set(ref, Math.max(hits.title.get(ref) || 0, source.fieldLength(ref, TITLE) || 1));
        if (hits.has[ref]) continue;
        touch(hits, ref);
        hits.value[ref] = score;
      }
    }

    // How fully a clause's hits cover a document, 0 to 1: its words'
    // field scores against FULL_MATCH, so a passing mention in a long text
    // covers a word partly and a heading covers it wholly.
    const strength = (hits, ref) => (hits.rarity > 0 ? Math.min(1, hits.value[ref] / (hits.rarity * FULL_MATCH)) : 1);

    // One pass over the data: the results, or null when a split source lacks
    // something (it then knows what to load).
    function pass(query, { partial = false, limit = 50 } = {}) {
      const clauses = parseQuery(query, partial);
      if (clauses.length === 0) return [];
      const expansions = new Map();
      const content = clauses.filter((c) => c.weight === 1).length;
      for (const clause of clauses) {
        const asks = clause.weight !== 1;
        for (const { words } of clause.alternatives) {
          for (const word of words) if (!expansions.has(word)) expansions.set(word, expand(word, { several: content > 1, asks }));
        }
      }
      if (source.missing()) return null;
      const terms = new Set();
      for (const found of expansions.values()) for (const t of found.keys()) terms.add(t);
      if (!source.prepare([...terms])) return null;

      const scratch = scores();
      const total = scores();
      const covered = new Float64Array(docCount);
      const inTitle = new Map();
      const near = new Uint8Array(docCount);
      const answers = intentKinds(clauses, 'answers');
      const wanted = new Set(intentKinds(clauses, 'kinds').flatMap((k) => [...k]));
      // Coverage counts the words that say something; question words only when
      // the query has nothing else.
      const counts = (c) => c.weight === 1 || clauses.every((o) => o.weight !== 1);
      let weightSum = 0;
      clauses.forEach((clause, i) => {
        const hits = scoreClause(clause, expansions, scratch);
        addIntentHits(hits, answers[i]);
        const importance = counts(clause) ? hits.rarity : 0;
        weightSum += importance;
        for (const ref of hits.touched) {
          touch(total, ref);
          total.value[ref] += clause.weight * hits.value[ref];
          covered[ref] += importance * strength(hits, ref);
          if (clause.weight === 1 && hits.short[ref]) near[ref]++;
        }
        // The title words each document holds, over the clauses (few: titles are short).
        if (hits.title) for (const [ref, n] of hits.title) inTitle.set(ref, (inTitle.get(ref) || 0) + clause.weight * n);
      });
      const top = [];
      for (const ref of total.touched) {
        const c = weightSum > 0 ? covered[ref] / weightSum : 0;
        let score = total.value[ref] * c * c;
        if (near[ref] > 1) score *= 1 + NEAR_BONUS * (near[ref] - 1);
        const named = inTitle.get(ref);
        if (named > 0) score *= 1 + TITLE_BONUS * Math.min(1, named / (source.fieldLength(ref, TITLE) || 1));
        if (wanted.size > 0 && wanted.has(source.kind(ref))) score *= INTENT_BOOST;
        const r = { ref, score };
        if (!(score > 0) || (top.length >= limit && ranked(r, top[top.length - 1]) >= 0)) continue;
        let at = top.length;
        while (at > 0 && ranked(r, top[at - 1]) < 0) at--;
        top.splice(at, 0, r);
        if (top.length > limit) top.pop();
      }
      return top.map((r) => ({
        ref: source.refName(r.ref),
        kind: source.kind(r.ref),
        score: r.score,
        terms: matchedTerms(clauses, expansions, r.ref),
      }));
    }

    // Query words the index lacks -> up to 3 queries with the nearest indexed
    // terms in their place (1 edit, 2 in a word of 8 letters or more, or a term
    // the word starts with: "beroepsgeheim" -> "beroep"). null when a split
    // source lacks a file.
    function suggestPass(query) {
      const words = parseWords(query, false);
      const out = [];
      const replaced = words.map((w) => {
        const length = codePoints(w.term).length;
        // null: the term's file is not in yet, and the pass runs again.
        if (length < 4 || isKnown(w) !== false) return [w.term];
        // Two edits only in a long word: "hasselt" is not "handelt".
        const near = neighbours(w.term, length >= 8 ? 2 : 1)
          .filter((n) => codePoints(n.term).length >= 4)
          .map((n) => n.term);
        const chars = codePoints(w.term);
        for (let n = chars.length - 1; n >= 5; n--) {
          const start = chars.slice(0, n).join('');
          if (source.hasTerm(start) && !near.includes(start)) near.push(start);
        }
        return near.length > 0 ? near.slice(0, 3) : [null];
      });
      if (source.missing()) return null;
      if (!replaced.some((r, i) => r[0] !== null && r[0] !== words[i].term)) return [];
      for (let k = 0; k < 3; k++) {
        const parts = replaced.map((r) => r[Math.min(k, r.length - 1)]).filter((t) => t !== null);
        const text = parts.join(' ');
        if (parts.length > 0 && !out.includes(text)) out.push(text);
      }
      return out;
    }

    // The query's words that may name a place the index does not know: words
    // the index lacks (as typed, or while typed as the start of a term, up to
    // two letters past it: "plekk…"; compounds and near spellings do not
    // count, "oudenaa" is no "oude…") and the place names the content also
    // uses (options.placeWords: "Peer"). null when a split source lacks a file.
    function unmatchedPass(query, partial) {
      // A word still being typed and too short to complete is no word yet.
      const words = parseWords(query, partial).filter((w) => !w.typing || w.prefix);
      const open = words.map((w) => {
        if (placeTerms.has(w.term)) return true;
        // null: not known yet (the pass runs again once the term's file is in).
        if (isKnown(w) !== false) return false;
        if (!w.prefix) return true;
        // While typing, a letter or two past the stem ("plekk…" for "plek").
        const chars = codePoints(w.prefix);
        const starts = [w.term, ...[0, 1, 2].filter((cut) => chars.length - cut > MIN_PREFIX).map((cut) => chars.slice(0, chars.length - cut).join(''))];
        return !starts.some((start) => source.startingWith(start).length > 0);
      });
      if (source.missing()) return null;
      return words.filter((w, i) => open[i]).map((w) => w.prefix || w.term);
    }

    function run(step) {
      for (let i = 0; i < MAX_PASSES; i++) {
        const found = step();
        if (found !== null) return found;
        if (source.load() !== null) throw new Error('this index loads asynchronously: use searchAsync');
      }
      throw new Error('the search index is incomplete');
    }

    // stale(): true once the caller no longer wants the answer (typed on): no file more is
    // asked for it, and it resolves to null. What is loaded stays for the next query.
    async function runAsync(step, stale = () => false) {
      for (let i = 0; i < MAX_PASSES; i++) {
        if (stale()) return null;
        const found = step();
        if (found !== null) return found;
        if (stale()) {
          // What this pass lacked is no one's to load now.
          if (source.forget) source.forget();
          return null;
        }
        await source.load();
      }
      throw new Error('the search index is incomplete');
    }

    // Query text -> words: { term, head, prefix, typing }. With `partial`, the
    // last word is still being typed (no trailing space, `typing`) and is
    // completed from its third character (`prefix`).
    function parseWords(query, partial) {
      const raw = tokenize(query);
      const lastIsPartial = partial && raw.length > 0 && !SPLIT.test(String(query).slice(-1));
      const words = [];
      raw.forEach((token, i) => {
        // A pasted essay gives no better results than its first words.
        if (words.length >= 4 * MAX_CLAUSES) return;
        const typed = indexable(token);
        if (typed === '') return;
        const typing = lastIsPartial && i === raw.length - 1;
        const isPartial = typing && codePoints(typed).length >= MIN_PREFIX;
        words.push({ term: stem(typed), head: compoundHeadStem(typed), prefix: isPartial ? typed : null, typing });
      });
      return words;
    }

    // Words -> clauses: the longest synonym phrase starting at each word, or
    // the word itself; a question word weighs WEIGHT_QUESTION.
    function parseQuery(query, partial) {
      const words = parseWords(query, partial);
      const clauses = [];
      const seen = new Set();
      for (let i = 0; i < words.length && clauses.length < MAX_CLAUSES; ) {
        let clause = null;
        for (let len = Math.min(maxPhrase, words.length - i); len >= 1 && !clause; len--) {
          const phrase = words.slice(i, i + len).map((w) => w.term).join(' ');
          const alternatives = synonymAlternatives.get(phrase);
          if (alternatives) {
            clause = { key: phrase, weight: 1, alternatives: [{ words: words.slice(i, i + len), weight: 1 }, ...alternatives] };
            i += len;
          }
        }
        if (!clause) {
          const { term, prefix } = words[i];
          const asks = questionTerms.has(term) && !prefix;
          clause = { key: term, weight: asks ? WEIGHT_QUESTION : 1, alternatives: [{ words: [words[i]], weight: 1 }] };
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
      search: (query, opts) => run(() => pass(query, opts)),
      /** search() that loads what it lacks; opts.stale() (optional) cancels it: see runAsync. */
      searchAsync: (query, opts = {}) => runAsync(() => pass(query, opts), opts.stale),
      /** Queries to offer when `query` finds nothing ("did you mean"). */
      suggest: (query) => run(() => suggestPass(query)),
      suggestAsync: (query) => runAsync(() => suggestPass(query)),
      /** The query's words that match nothing in the index (see unmatchedPass). */
      unmatched: (query, { partial = false } = {}) => run(() => unmatchedPass(query, partial)),
      unmatchedAsync: (query, { partial = false, stale } = {}) => runAsync(() => unmatchedPass(query, partial), stale),
      /** The stored fields of a document, or null (not stored, or not loaded yet). */
      doc: (ref) => source.doc(ref),
      /** Loads the stored fields of these documents (a split index keeps them apart). */
      loadDocs: (refs) => (source.loadDocs ? source.loadDocs(refs) : null),
      source,
      /** Number of distinct terms in the index (for the benchmark note). */
      terms: source.termCount,
    };
  }

  const api = { createEngine, editDistance };
  if (typeof module === 'object' && module.exports) {
    module.exports = api;
    return;
  }
  global.LeerpadSearchEngine = api;
})(typeof globalThis !== 'undefined' ? globalThis : this);
