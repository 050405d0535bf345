/* Site search: the header box on every page, and the engine the catalogue shares
   (window.dvkSearch). It reads the index the build writes to search/ (see
   generator/site/searchindex.py), fetching only the files a query needs. No framework,
   no outside request. */
(() => {
  "use strict";

  // This file is served from <site>/assets/, so the site root is one folder up:
  // that keeps links right on any host and under any sub-folder.
  const root = new URL("../", document.currentScript.src);
  const base = new URL("search/", root);

  // Words and keys exactly as the build makes them: runs of letters, digits and "_"
  // (Python's \w), lowercased; the key drops every mark and writes đ as d.
  const WORD = /[\p{L}\p{N}_]+/gu;
  const folded = new Map(); // a page of excerpts folds the same few hundred words
  const fold = (word) => {
    let key = folded.get(word);
    if (key === undefined) {
      key = word.toLowerCase().replace(/đ/g, "d").normalize("NFD").replace(/\p{M}/gu, "");
      if (folded.size < 50000) folded.set(word, key);
    }
    return key;
  };
  const TITLE = 1;
  const NAMES = 2;
  const SUMMARY = 4;
  const TEXT = 8;
  const EXACT = 4; // flags << EXACT: the same parts, for the form typed
  const WHOLE = 256; // found as typed, not only through a completion
  const COMPLETIONS = 5; // keys tried for the word being typed
  const MAX_WORDS = 10;

  const escapeHtml = (text) =>
    String(text ?? "").replace(
      /[&<>"']/g,
      (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c],
    );

  // -- files -----------------------------------------------------------------------

  let meta = null;
  const files = new Map();

  const fetchJson = async (url, options) => {
    const response = await fetch(url, options);
    if (!response.ok) throw new Error(`${response.status} ${url}`);
    return response.json();
  };

  // meta.json is checked with the server each time a page first searches; every
  // other file carries the index version, so a browser may keep it as long as it likes.
  const index = () => {
    meta ??= fetchJson(new URL("meta.json", base), { cache: "no-cache" }).catch((error) => {
      meta = null;
      throw error;
    });
    return meta;
  };

  const file = async (path) => {
    const { version } = await index();
    if (!files.has(path)) {
      const url = new URL(`${path}?v=${version}`, base);
      files.set(
        path,
        fetchJson(url).catch((error) => {
          files.delete(path);
          throw error;
        }),
      );
    }
    return files.get(path);
  };

  // 32-bit FNV-1a over UTF-16 code units: the build puts a key in the same bucket.
  const fnv1a = (key) => {
    let h = 0x811c9dc5;
    for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 0x01000193) >>> 0;
    return h;
  };

  // A pair of words ("do thi") is in its first word's bucket.
  const bucket = (m, key) => file(`b/${fnv1a(key.split(" ")[0]) % m.buckets}.json`);

  // Postings: four lists (title, names, summary, text) joined by ",", each of id
  // differences as base-64 varints (5 bits a digit, lowest first; 32+ = more follow).
  const DIGITS = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-_";
  const VALUE = new Int8Array(128).fill(-1);
  [...DIGITS].forEach((digit, i) => {
    VALUE[digit.charCodeAt(0)] = i;
  });
  const COMMA = 44;

  // Calls visit(id, part) for each posting; part is TITLE, NAMES, SUMMARY or TEXT.
  const each = (postings, visit) => {
    let part = TITLE;
    let id = -1;
    let n = 0;
    let shift = 0;
    for (let i = 0; i < postings.length; i++) {
      const c = postings.charCodeAt(i);
      if (c === COMMA) {
        part <<= 1;
        id = -1;
        continue;
      }
      const digit = VALUE[c];
      n += (digit & 31) << shift;
      if (digit >= 32) {
        shift += 5;
        continue;
      }
      id += n;
      visit(id, part);
      n = 0;
      shift = 0;
    }
  };

  // A facet column: `width` base-64 digits a row, highest first.
  const column = ([width, digits]) => {
    const values = new Int32Array(digits.length / width);
    for (let row = 0, i = 0; row < values.length; row++) {
      let value = 0;
      for (let end = i + width; i < end; i++) value = value * 64 + VALUE[digits.charCodeAt(i)];
      values[row] = value;
    }
    return values;
  };

  const facets = async () => {
    const table = await file("facets.json");
    const columns = {};
    for (const [name, encoded] of Object.entries(table.columns)) columns[name] = column(encoded);
    return { values: table.values, columns };
  };

  const vocabulary = (m, key) => {
    const first = String.fromCodePoint(key.codePointAt(0));
    if (!m.vocabulary.includes(first)) return Promise.resolve({});
    return file(`v/${first.codePointAt(0).toString(16)}.json`);
  };

  // -- the query -------------------------------------------------------------------

  // Words of a query, and its pairs of neighbouring words. The last word may still
  // be being typed (no space after it): it is completed with the most frequent keys
  // that start with it.
  const parse = (query) => {
    const text = query.normalize("NFC").toLowerCase();
    const all = (text.match(WORD) || []).slice(0, MAX_WORDS);
    const words = [...new Set(all)];
    const open = /[\p{L}\p{N}_]$/u.test(text);
    const terms = words.map((typed, i) => ({
      typed,
      key: fold(typed),
      marked: fold(typed) !== typed,
      open: open && i === words.length - 1,
      keys: new Set([fold(typed)]),
    }));
    const pairs = new Set(all.slice(1).map((word, i) => `${fold(all[i])} ${fold(word)}`));
    return { terms, pairs: [...pairs] };
  };

  // A written form counts as the typed word when it starts with it: for the word's
  // own key that is the same word; for a completion, "đườ" leads to "đường".
  const exact = (term, form) => term.marked && form.startsWith(term.typed);

  // For each document, where the term occurs: parts (TITLE...) of any form, the same
  // parts << EXACT for the form typed, and WHOLE when found without completion.
  const flagsOf = async (m, term, completions = []) => {
    const flags = new Uint16Array(m.documents);
    const keys = [term.key, ...completions];
    term.keys = new Set(keys);
    const buckets = await Promise.all(keys.map((key) => bucket(m, key)));
    keys.forEach((key, i) => {
      const forms = buckets[i][key] || {};
      const whole = key === term.key ? WHOLE : 0;
      if (whole) {
        term.found = Object.keys(forms).length > 0;
        term.foundTyped = !term.marked || Object.keys(forms).some((form) => exact(term, form));
      }
      for (const [form, postings] of Object.entries(forms)) {
        const typed = exact(term, form);
        each(postings, (id, part) => {
          flags[id] |= part | whole | (typed ? part << EXACT : 0);
        });
      }
    });
    return flags;
  };

  // The most frequent longer keys that start with the term's key.
  const completionsOf = async (m, term) => {
    const words = await vocabulary(m, term.key);
    const longer = Object.keys(words).filter(
      (k) => k.length > term.key.length && k.startsWith(term.key),
    );
    longer.sort((a, b) => words[b] - words[a] || (a < b ? -1 : 1));
    return longer.slice(0, COMPLETIONS);
  };

  // Documents whose title or names have both words of a pair side by side.
  const phrases = async (m, pairs) => {
    const counts = new Uint8Array(m.documents);
    const buckets = await Promise.all(pairs.map((pair) => bucket(m, pair)));
    pairs.forEach((pair, i) => {
      const seen = new Uint8Array(m.documents);
      for (const postings of Object.values(buckets[i][pair] || {})) {
        each(postings, (id) => {
          seen[id] = 1;
        });
      }
      seen.forEach((one, id) => {
        counts[id] += one;
      });
    });
    return counts;
  };

  // Results, best first: the words typed with their marks found as typed, then words
  // found without completion, pairs of query words side by side in the title or
  // names, words in the title, in the other names, in the summary; then title order
  // (a model's id is its rank in Vietnamese order).
  const rank = (m, terms, flags, near, limit) => {
    const results = [];
    documents: for (let id = 0; id < limit; id++) {
      const found = [];
      for (const f of flags) {
        if (!f[id]) continue documents;
        found.push(f[id]);
      }
      let typed = 0;
      let whole = 0;
      let title = 0;
      let names = 0;
      let summary = 0;
      terms.forEach((term, i) => {
        const here = found[i];
        if (term.marked && (here >> EXACT) & 15) typed++;
        if (here & WHOLE) whole++;
        if (here & TITLE) title++;
        if (here & NAMES) names++;
        if (here & SUMMARY) summary++;
      });
      const score = [typed, whole, near[id], title, names, summary];
      results.push({
        id,
        score: score.reduce((total, n) => total * 16 + n, 0),
        data: () => hit(m, id, terms),
      });
    }
    return results.sort((a, b) => b.score - a.score || a.id - b.id);
  };

  // The last word, when it may be unfinished, is completed if it is not found as
  // typed or finds fewer than FEW results: a finished word needs no completion, and
  // leaving it out saves fetching the completions' buckets.
  const FEW = 10;

  const search = async (query, { models = false } = {}) => {
    const { terms, pairs } = parse(query);
    if (!terms.length) return { terms, results: [] };
    const m = await index();
    const limit = models ? m.models : m.documents;
    const [near, ...flags] = await Promise.all([
      phrases(m, pairs),
      ...terms.map((term) => flagsOf(m, term)),
    ]);
    let results = rank(m, terms, flags, near, limit);
    const last = terms.length - 1;
    const term = terms[last];
    if (term.open && (!term.found || !term.foundTyped || results.length < FEW)) {
      const completions = await completionsOf(m, term);
      if (completions.length) {
        flags[last] = await flagsOf(m, term, completions);
        results = rank(m, terms, flags, near, limit);
      }
    }
    return { terms, results };
  };

  // -- what a result shows -----------------------------------------------------------

  // Every place a query word occurs in a text.
  const occurrences = (text, terms) => {
    const found = [];
    for (const match of text.matchAll(WORD)) {
      const form = match[0].toLowerCase();
      const key = fold(form);
      terms.forEach((term, i) => {
        if (term.keys.has(key)) {
          const end = match.index + match[0].length;
          found.push({ start: match.index, end, term: i, exact: exact(term, form) });
        }
      });
    }
    return found;
  };

  // The part of a text (about `size` characters; all of it for Infinity) showing the
  // most query words, those typed with marks found as typed first; words marked as
  // the text writes them. Null when no word occurs.
  const excerpt = (text, terms, size = Infinity) => {
    const found = occurrences(text, terms);
    if (!found.length) return null;
    let best = null;
    for (let a = 0; a < found.length; a++) {
      const words = new Set();
      const typed = new Set();
      for (let b = a; b < found.length && found[b].end - found[a].start <= size * 0.7; b++) {
        words.add(found[b].term);
        if (found[b].exact) typed.add(found[b].term);
      }
      const score = typed.size * 100 + words.size;
      if (!best || score > best.score) best = { score, at: found[a], typed: typed.size };
      if (size === Infinity) break;
    }
    let from = 0;
    let to = text.length;
    if (size !== Infinity && text.length > size) {
      from = Math.max(0, best.at.start - Math.round(size * 0.2));
      if (from > 0) {
        const space = text.slice(from, best.at.start).search(/\s/);
        from = space < 0 ? best.at.start : from + space + 1;
      }
      to = Math.min(text.length, from + size);
      if (to < text.length) {
        const space = text.slice(best.at.end, to).search(/\s\S*$/);
        if (space >= 0) to = best.at.end + space;
      }
    }
    let html = from > 0 ? "… " : "";
    let at = from;
    for (const word of found) {
      if (word.start < from || word.end > to) continue;
      html += escapeHtml(text.slice(at, word.start)) + "<mark>";
      html += escapeHtml(text.slice(word.start, word.end)) + "</mark>";
      at = word.end;
    }
    html += escapeHtml(text.slice(at, to)) + (to < text.length ? " …" : "");
    return { html: html.replace(/\n/g, " · "), score: best.score };
  };

  // [title, url, field, unit, locality, summary, text] of a document.
  const record = async (m, id) => (await file(`d/${Math.floor(id / m.shard)}.json`))[id % m.shard];

  // A result as shown: title and excerpt with the query words marked. `excerpt` is
  // a window of the summary or of the text (header); `summary` is the whole summary,
  // or a window of the text when that shows the words better (cards).
  const hit = async (m, id, terms) => {
    const [title, url, field, unit, locality, summary, text] = await record(m, id);
    const pick = (size, textSize) => {
      const own = excerpt(summary, terms, size);
      const other = text ? excerpt(text, terms, textSize) : null;
      if (other && (!own || other.score > own.score)) return other.html;
      return own ? own.html : null;
    };
    const cut = summary.lastIndexOf(" ", 180);
    const start = summary.length > 180 ? `${summary.slice(0, cut > 0 ? cut : 180)} …` : summary;
    return {
      id,
      url: new URL(url, root).href,
      title,
      titleHtml: excerpt(title, terms)?.html ?? escapeHtml(title),
      field,
      unit,
      locality,
      excerpt: pick(180, 180) ?? escapeHtml(start),
      summary: pick(Infinity, 240) ?? escapeHtml(summary),
    };
  };

  // A document as shown without a query.
  const documentOf = async (id) => {
    const m = await index();
    const [title, url, field, unit, locality, summary] = await record(m, id);
    const html = escapeHtml(summary);
    return {
      id,
      url: new URL(url, root).href,
      title,
      titleHtml: escapeHtml(title),
      field,
      unit,
      locality,
      excerpt: html,
      summary: html,
    };
  };

  window.dvkSearch = { search, document: documentOf, facets, fold, fnv1a, escapeHtml, root };

  // -- the header box ------------------------------------------------------------

  const form = document.querySelector("[data-dvk-search]");
  const toggle = document.getElementById("__search");
  if (!form || !toggle) return;
  const input = form.querySelector("input[name=q]");
  const status = document.getElementById("dvk-search-status");
  const list = document.getElementById("dvk-search-results");
  const SHOWN = 10;
  let latest = 0;

  const open = () => {
    if (!toggle.checked) toggle.checked = true;
    index().catch(() => {}); // small: fetched as the box opens, so the first word is quick
  };
  const close = () => {
    toggle.checked = false;
    input.blur();
  };

  const links = () => [...list.querySelectorAll("a")];

  const render = async (query) => {
    const ticket = ++latest;
    if (!query.trim()) {
      list.replaceChildren();
      status.textContent = "Gõ từ khoá, có dấu hoặc không dấu";
      status.dataset.query = "";
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, 120)); // let the typing settle
    if (ticket !== latest) return;
    let found;
    let hits;
    try {
      found = await search(query);
      hits = await Promise.all(found.results.slice(0, SHOWN).map((r) => r.data()));
    } catch {
      if (ticket !== latest) return;
      list.replaceChildren();
      status.textContent = "Chưa tải được dữ liệu tìm kiếm; hãy thử lại.";
      status.dataset.query = query;
      return;
    }
    if (ticket !== latest) return;
    const count = found.results.length;
    status.textContent = count ? `${count} kết quả` : "Không tìm thấy kết quả nào";
    list.innerHTML = hits
      .map((hit) => {
        const field = hit.field ? `<p class="dvk-hit__field">${escapeHtml(hit.field)}</p>` : "";
        return (
          `<li class="md-search-result__item"><a class="md-search-result__link" href="${escapeHtml(hit.url)}">` +
          `<article class="md-search-result__article dvk-hit">` +
          `<p class="dvk-hit__title">${hit.titleHtml}</p>${field}` +
          `<p class="dvk-hit__excerpt">${hit.excerpt}</p></article></a></li>`
        );
      })
      .join("");
    status.dataset.query = query; // which query the list shows, for assistive tools and tests
    if (count > 0) {
      const all = new URL("tra-cuu/", root);
      all.searchParams.set("q", query);
      list.insertAdjacentHTML(
        "beforeend",
        `<li class="md-search-result__item"><a class="md-search-result__link dvk-hit__all" href="${escapeHtml(all.href)}">` +
          `<article class="md-search-result__article">Lọc và sắp xếp các mô hình tìm được trong trang Tra cứu</article></a></li>`,
      );
    }
  };

  input.addEventListener("focus", open);
  input.addEventListener("input", () => render(input.value));
  form.addEventListener("reset", () => setTimeout(() => render(""), 0));
  toggle.addEventListener("change", () => {
    if (toggle.checked) {
      input.focus();
    }
  });

  // Arrow keys move between the box and the results, which sit outside the form.
  form.closest(".md-search").addEventListener("keydown", (event) => {
    const items = links();
    const at = items.indexOf(document.activeElement);
    if (event.key === "Escape") {
      event.preventDefault();
      close();
    } else if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      if (!items.length) return;
      event.preventDefault();
      const step = event.key === "ArrowDown" ? 1 : -1;
      const next = at + step;
      if (next < 0) input.focus();
      else items[Math.min(next, items.length - 1)].focus();
    } else if (event.key === "Enter" && document.activeElement === input && items.length > 1) {
      // Enter opens the best result; the catalogue link stays one arrow away.
      event.preventDefault();
      window.location.href = items[0].href;
    }
  });

  // "/" or "s" anywhere (outside a text field) jumps to the search box.
  document.addEventListener("keydown", (event) => {
    const target = event.target;
    const typing = target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName);
    if (typing || event.ctrlKey || event.metaKey || event.altKey) return;
    if (event.key === "/" || event.key === "s") {
      event.preventDefault();
      open();
      input.focus();
    }
  });
})();
