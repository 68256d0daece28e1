// leerpad search index: the data source that search-engine.js's engine reads,
// from the manifest in zoeken/index.js and the shards it lists.
//
// Owns: finding which file holds a term, a range of terms or a document
// (the manifest lists where each file's range starts), decoding the files
// that src/search/shards.rs writes, and asking for the files a query lacks.
// Does not: load files (the caller's `load(name)` does: a <script> element in
// the browser, vm in Node), touch the DOM, or score (search-core.js does).
//
// Every file is a classic script that calls
// window.LEERPAD_SEARCH_SHARD(name, data); the caller routes that to add().
//   terms/N     { terms: "a b c", df, inline }  sorted terms, document frequencies
//   ends/N      { terms: "c b a", df, inline }  the same, reversed and sorted
//                 (inline, per term: its postings "title,context,body", or "!N" when
//                 they are in postings/N ("!N~2": its list of field 2 there needs
//                 lengths/2), or in an ends file "=" when they are in the term's
//                 terms file; an ends file holds every term's postings, but for a
//                 term with a copy without lengths "!N/M~F|…": that copy after the "|")
//   postings/N  { terms, postings: [[title, context, body], …] }  the terms whose
//                 postings are too large for their terms file, in the terms order
//                 (a word's completions lie together); their ends files hold them too
//                 (a finished word's compounds lie together there)
//   lengths/F   "…" every document's length in field F, in the numbers'
//                 encoding, for the lists that carry none (a common word's; their
//                 terms file says "!F": in a postings file, needs lengths/F)
//   docs/N      [{ url, title, crumb, text }, …] documents in order: the manifest's
//                 docFiles [[count, per file], …] cuts them in runs (lesson material, then
//                 the steps, the partners, …), each run in files of its own
// Numbers and postings are in the encoding search-core.js decodes; a posting
// carries its document's field length, so a query of rarer words waits for no
// file of lengths.
// The manifest also holds each field's mean length, the documents' kinds, run
// by run ([[kind, count], …]; lesson material is ""), and the title lengths of
// the documents that are not lesson material (titleLengths).

(function (global) {
  'use strict';

  const core = global.LeerpadSearchCore || (typeof require === 'function' ? require('./search-core.js') : null);
  const { decodeNumbers, decodePostings, LENGTHLESS } = core;
  // In an ends file's entry "!N/M~F|…", what follows is the copy of postings/M itself.
  const NEAR_COPY = '|';

  /** The file whose range holds `key`: the last one that starts at or before it. */
  function fileOf(starts, key) {
    let lo = 0;
    let hi = starts.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (starts[mid] <= key) lo = mid + 1;
      else hi = mid;
    }
    return Math.max(0, lo - 1);
  }

  /** The files that may hold keys starting with `prefix`. */
  function filesWithPrefix(starts, prefix) {
    const out = [fileOf(starts, prefix)];
    // A later start that begins with the prefix opens another file of it; the
    // first one that does not lies past every key with the prefix.
    for (let i = out[0] + 1; i < starts.length && starts[i].startsWith(prefix); i++) out.push(i);
    return out;
  }

  const reverse = (s) => Array.from(s).reverse().join('');
  const split = (s) => (s === '' ? [] : s.split(' '));

  function lowerBound(list, key) {
    let lo = 0;
    let hi = list.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (list[mid] < key) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /**
   * A source for search-core.js's createEngine over a split index.
   * manifest: the `shards` object of zoeken/index.js.
   * load(name): makes the file zoeken/<name>.js call add(name, data); returns a
   * Promise when that happens later (browser), anything else when it already
   * happened (Node).
   */
  function createShardSource(manifest, { load }) {
    const fields = manifest.fields;
    const kinds = new Array(manifest.docs);
    let at = 0;
    for (const [kind, count] of manifest.kinds || []) for (let i = 0; i < count; i++) kinds[at++] = kind;
    // name -> decoded data
    const files = new Map();
    // names the current pass lacked
    const wanted = new Set();
    // name -> Promise of its loading
    const pending = new Map();
    // term -> document frequency, from terms and ends files
    const frequencies = new Map();

    // term -> [title, context, body] postings, from terms and ends files
    const inline = new Map();
    // terms whose terms file holds their postings (not only their ends file): known with it
    const inTermsFile = new Set();
    // term -> "!N[/M][~F…]" (its postings are in postings/N; "/M": a copy in postings/M whose
    // lists of the fields F carry no lengths; without "/M", the lists of the fields F in
    // postings/N carry none: src/search/placement.rs) or "=" (in its terms file). An ends
    // file holds the postings themselves (inline), which then are used.
    const places = new Map();
    const apart = (term) => places.get(term)?.[0] === '!';
    // term -> the lists of its copy without lengths, from its ends file ("!N/M~F|…")
    const near = new Map();
    /** A term's postings files from its entry: { main, copy (or null), bare: "F…" }. */
    function where(term) {
      const [names, bare = ''] = places.get(term).slice(1).split(LENGTHLESS);
      const [main, copy = null] = names.split('/');
      return { main, copy, bare };
    }
    // Per field, whether this pass loads its lengths file anyway (see prepare): a term's copy
    // without lengths is then the smaller download.
    let coming = fields.map(() => false);
    const decodeTerms = (data, reversed) => {
      const terms = split(data.terms);
      data.inline.split(';').forEach((entry, i) => {
        if (terms[i] === undefined) return;
        const term = reversed ? reverse(terms[i]) : terms[i];
        if (entry[0] === '!') {
          const bar = entry.indexOf(NEAR_COPY);
          if (bar >= 0) near.set(term, entry.slice(bar + 1).split(','));
          if (!apart(term)) places.set(term, bar >= 0 ? entry.slice(0, bar) : entry);
        } else if (entry === '=') {
          if (!places.has(term)) places.set(term, entry);
        } else {
          inline.set(term, entry.split(','));
          if (!reversed) inTermsFile.add(term);
        }
      });
      return { terms, df: decodeNumbers(data.df) };
    };
    // Per field, the documents' lengths, from the postings decoded so far; the title lengths
    // of documents that are not lesson material come with the manifest.
    const lengths = fields.map(() => new Int32Array(manifest.docs));
    const otherTitles = decodeNumbers(manifest.titleLengths || '');
    for (let ref = 0, k = 0; ref < manifest.docs && k < otherTitles.length; ref++) {
      if (kinds[ref]) lengths[0][ref] = otherTitles[k++];
    }
    const decoders = {
      terms: (data) => decodeTerms(data, false),
      ends: (data) => decodeTerms(data, true),
      postings: (data) => {
        const terms = split(data.terms);
        return { index: new Map(terms.map((t, i) => [t, i])), raw: data.postings };
      },
      docs: (data) => data,
      lengths: (data, name) => {
        const table = lengths[Number(name.slice(name.indexOf('/') + 1))];
        if (table) table.set(decodeNumbers(data).slice(0, manifest.docs));
        return true;
      },
    };

    function add(name, data) {
      const kind = name.slice(0, name.indexOf('/'));
      if (!decoders[kind] || files.has(name)) return;
      files.set(name, decoders[kind](data, name));
    }

    /** The decoded file, or null after noting that the pass lacks it. */
    function file(name) {
      const data = files.get(name);
      if (data === undefined) {
        wanted.add(name);
        return null;
      }
      return data;
    }

    // Every key with `prefix` in the files of `kind` (terms or ends), with its
    // document frequency; null when a file is missing.
    function withPrefix(kind, starts, prefix) {
      const out = [];
      let complete = true;
      for (const i of filesWithPrefix(starts, prefix)) {
        const data = file(`${kind}/${i}`);
        if (!data) {
          complete = false;
          continue;
        }
        for (let j = lowerBound(data.terms, prefix); j < data.terms.length && data.terms[j].startsWith(prefix); j++) {
          out.push([data.terms[j], data.df[j]]);
        }
      }
      return complete ? out : null;
    }

    // field + term -> posting list (or null: none)
    const decoded = new Map();
    function postings(field, term) {
      const f = fields.indexOf(field);
      const key = `${f}\u0000${term}`;
      let list = decoded.get(key);
      if (list !== undefined) return list;
      const raw = rawPostings(f, term);
      if (raw === null) return null;
      list = raw === '' ? null : decodePostings(raw);
      // A list without lengths: every document's length is in the field's lengths file.
      if (list && !list.lengths && !file(`lengths/${f}`)) return null;
      if (list && list.lengths) for (let i = 0; i < list.refs.length; i++) lengths[f][list.refs[i]] = list.lengths[i];
      decoded.set(key, list);
      return list;
    }

    // The encoded postings of a term in field number f ('' if none), or null when a file is
    // missing. A term not met yet in a terms or ends file is looked up in its terms file,
    // which holds its postings or says they are in a postings file.
    function rawPostings(f, term) {
      const entry = inline.get(term);
      if (entry) return entry[f] ?? '';
      if (apart(term)) {
        const { main, copy, bare } = where(term);
        const useCopy = copy !== null && [...bare].every((field) => coming[field]);
        // The copy as its ends file holds it, when that is in.
        const copied = useCopy ? near.get(term) : undefined;
        const data = copied ? null : file(`postings/${useCopy ? copy : main}`);
        // The lengths files its lists need, in the same round trip.
        let lengthsIn = true;
        if (copy === null || useCopy) for (const field of bare) lengthsIn = Boolean(file(`lengths/${field}`)) && lengthsIn;
        if (copied) return lengthsIn ? copied[f] ?? '' : null;
        if (!data || !lengthsIn) return null;
        const i = data.index.get(term);
        return i === undefined ? '' : data.raw[i][f];
      }
      // Not in its ends file, which is in: not in the index.
      if (!places.has(term) && files.has(endsOf(term))) return '';
      if (!file(`terms/${fileOf(manifest.termFiles, term)}`)) return null;
      if (inline.has(term) || apart(term)) return rawPostings(f, term);
      return '';
    }

    /** The ends file that holds `term` (reversed). */
    const endsOf = (term) => `ends/${fileOf(manifest.endFiles, reverse(term))}`;

    // Per run of documents (docFiles): its first document, its first file and how many a file.
    const docRuns = [];
    for (let i = 0, start = 0, first = 0; i < (manifest.docFiles || []).length; i++) {
      const [count, per] = manifest.docFiles[i];
      docRuns.push({ start, first, per });
      start += count;
      first += Math.ceil(count / per);
    }
    /** The docs file of a document and its place there: [name, index]. */
    function docPlace(ref) {
      let run = docRuns[0];
      for (const r of docRuns) if (r.start <= ref) run = r;
      const at = ref - run.start;
      return [`docs/${run.first + Math.floor(at / run.per)}`, at % run.per];
    }
    const docsFile = (ref) => docPlace(ref)[0];

    /** Starts loading what the last pass lacked: null when nothing is left to wait for. */
    function loadWanted() {
      const names = [...wanted].sort();
      wanted.clear();
      const waits = [];
      for (const name of names) {
        if (files.has(name)) continue;
        let wait = pending.get(name);
        if (!wait) {
          const result = load(name);
          if (!result || typeof result.then !== 'function') {
            if (!files.has(name)) throw new Error(`zoeken/${name}.js did not register itself`);
            continue;
          }
          wait = result.then(() => {
            if (!files.has(name)) throw new Error(`zoeken/${name}.js did not register itself`);
          });
          pending.set(name, wait);
          wait.then(
            () => pending.delete(name),
            () => pending.delete(name),
          );
        }
        waits.push(wait);
      }
      return waits.length > 0 ? Promise.all(waits) : null;
    }

    // A field's lengths file instead of postings files: when the copies without lengths that
    // the ends files in hold would spare two postings files or more (those of fairly common
    // words' lists with lengths), the one lengths file is the fewer round trips, for about
    // the same bytes. The lists are the same either way, and so are the results.
    function spareFiles(terms) {
      fields.forEach((_, f) => {
        if (coming[f]) return;
        const spared = new Set();
        for (const term of terms) {
          if (!apart(term) || !near.has(term)) continue;
          const { main, copy, bare } = where(term);
          const others = [...bare].every((field) => coming[field] || Number(field) === f);
          if (copy !== null && bare.includes(String(f)) && others && !files.has(`postings/${main}`)) spared.add(main);
        }
        if (spared.size >= 2) coming[f] = true;
      });
    }

    return {
      fields,
      docCount: manifest.docs,
      termCount: manifest.terms,
      add,
      startingWith(prefix) {
        const found = withPrefix('terms', manifest.termFiles, prefix);
        if (!found) return [];
        return found.map(([t, df]) => {
          frequencies.set(t, df);
          return t;
        });
      },
      endingWith(head) {
        const found = withPrefix('ends', manifest.endFiles, reverse(head));
        if (!found) return [];
        return found.map(([r, df]) => {
          const term = reverse(r);
          frequencies.set(term, df);
          return term;
        });
      },
      docFrequency: (term) => frequencies.get(term) || 0,
      /** How many files not loaded yet the lookups of startingWith and endingWith would need. */
      lookupCost({ starting = [], ending = [] }) {
        const names = new Set();
        for (const p of starting) for (const i of filesWithPrefix(manifest.termFiles, p)) names.add(`terms/${i}`);
        for (const e of ending) for (const i of filesWithPrefix(manifest.endFiles, reverse(e))) names.add(`ends/${i}`);
        return [...names].filter((name) => !files.has(name)).length;
      },
      /**
       * Whether the index has `term`; null while the file that says is not loaded (asked for).
       * Every term is in a terms file and, reversed, in an ends file, each with its place (its
       * postings, or where they are): either file answers. opts.ends asks for the ends file
       * when neither is in (a caller that loads it anyway, for the compounds that end in the
       * term: one file for the word instead of two).
       */
      hasTerm(term, { ends = false } = {}) {
        if (inline.has(term) || places.has(term)) return true;
        const terms = `terms/${fileOf(manifest.termFiles, term)}`;
        const endsFile = endsOf(term);
        // A file decoded gives every term of its range an entry: without one, there is none.
        if (files.has(terms) || files.has(endsFile)) return false;
        file(ends ? endsFile : terms);
        return null;
      },
      postings,
      /**
       * Whether `term`'s terms file, which is in, holds its postings: they cost no file more,
       * whatever else is loaded (startingWith's terms come from their terms files).
       */
      inTermsFile: (term) => inTermsFile.has(term),
      averageLength: (field) => manifest.averageLengths?.[fields.indexOf(field)] || 0,
      kind: (ref) => kinds[ref] || '',
      // Loads the postings of `terms` (with them the field lengths of their documents). A
      // common word's lists come without lengths, and then the fairly common words' copies
      // without them: a term with a copy waits until every term's place is known (its terms
      // file), the others load at once.
      prepare(terms) {
        const placed = (term) =>
          inline.has(term) || apart(term) || files.has(`terms/${fileOf(manifest.termFiles, term)}`) || (!places.has(term) && files.has(endsOf(term)));
        const all = terms.every(placed);
        coming = fields.map((_, f) => files.has(`lengths/${f}`));
        for (const term of terms) {
          // A list inline without lengths (a common word's, in its ends file) needs them too.
          for (const [f, raw] of (inline.get(term) || []).entries()) if (raw[0] === LENGTHLESS) coming[f] = true;
          if (!apart(term)) continue;
          const { copy, bare } = where(term);
          if (copy === null) for (const field of bare) coming[field] = true;
        }
        if (all) spareFiles(terms);
        for (const term of terms) {
          if (!all && apart(term) && where(term).copy !== null) continue;
          for (const field of fields) postings(field, term);
        }
        return all && wanted.size === 0;
      },
      /** A field's length in a document that a decoded posting or the manifest gave; else 0. */
      fieldLength: (ref, field) => lengths[fields.indexOf(field)]?.[ref] || 0,
      refName: (ref) => String(ref),
      doc(name) {
        const [file, at] = docPlace(Number(name));
        const data = files.get(file);
        return data ? data[at] || null : null;
      },
      /** Loads the stored fields of documents; null when they are at hand. */
      loadDocs(names) {
        for (const name of names) file(docsFile(Number(name)));
        return loadWanted();
      },
      missing: () => wanted.size > 0,
      load: loadWanted,
      /** Drops what the last pass lacked, unloaded (its query was typed past). */
      forget: () => wanted.clear(),
      /** Names of the files loaded so far (for tests and the benchmark). */
      loaded: () => [...files.keys()],
    };
  }

  const api = { createShardSource, fileOf, filesWithPrefix };
  if (typeof module === 'object' && module.exports) {
    module.exports = api;
    return;
  }
  global.LeerpadSearchShards = api;
})(typeof globalThis !== 'undefined' ? globalThis : this);
