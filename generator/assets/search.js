/* Search over the Pagefind index: the header box on every page, and helpers
   shared with the catalogue (window.dvkSearch). No framework, no outside request:
   the index is read from the site's own pagefind/ folder, fetched in small
   chunks as the visitor types. */
(() => {
  "use strict";

  // This file is served from <site>/assets/, so the site root is one folder up:
  // that keeps links right on any host and under any sub-folder.
  const root = new URL("../", document.currentScript.src);
  const engines = {};

  // Pagefind, loaded once on first use. The "exact" copy treats marks as distinct
  // letters; it puts exact matches first for a query typed with its marks.
  const pagefind = (exact = false) => {
    const name = exact ? "exact" : "folded";
    engines[name] ??= import(new URL(`pagefind/pagefind.js?${name}`, root).href).then(
      async (pf) => {
        await pf.options({
          basePath: new URL("pagefind/", root).pathname,
          baseUrl: root.pathname,
          excerptLength: 22,
          exactDiacritics: exact,
        });
        await pf.init();
        return pf;
      },
    );
    return engines[name];
  };

  // The index spells đ as d (Pagefind folds every other mark itself); so must the query.
  const fold = (query) => query.normalize("NFC").replace(/đ/g, "d").replace(/Đ/g, "D");

  const escapeHtml = (text) =>
    String(text ?? "").replace(
      /[&<>"']/g,
      (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c],
    );

  // Give back the đ of the words the page wrote with it (listed in meta "d").
  const restore = (html, words) => {
    if (!words) return html;
    const set = new Set(words.split(" ").map((word) => word.slice(1))); // "ǂdường" -> "dường"
    return html.replace(/(^|[^\p{L}\p{M}&#])([dD][\p{L}\p{M}]*)/gu, (all, before, word) =>
      set.has(word.toLowerCase()) ? before + (word[0] === "D" ? "Đ" : "đ") + word.slice(1) : all,
    );
  };

  const hasMarks = (term) => /[\u0300-\u036f]/.test(term.normalize("NFD"));

  // Results for a query (null: filters only) in Pagefind's form. Ranked by relevance,
  // a query with marks gets its exact matches first, then the folded ones.
  const search = async (query, options = {}) => {
    const term = query && query.trim() ? fold(query.trim()) : null;
    const found = await (await pagefind()).search(term, options);
    if (!term || options.sort || !hasMarks(term)) return found;
    const exact = await (await pagefind(true)).search(term, options);
    const first = new Set(exact.results.map((result) => result.id));
    const rest = found.results.filter((result) => !first.has(result.id));
    return { ...found, results: [...exact.results, ...rest] };
  };

  window.dvkSearch = { pagefind, search, fold, restore, escapeHtml, root };

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
    pagefind();
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
    const found = await search(query);
    if (ticket !== latest) return;
    const hits = await Promise.all(found.results.slice(0, SHOWN).map((r) => r.data()));
    if (ticket !== latest) return;
    const count = found.results.length;
    status.textContent = count ? `${count} kết quả` : "Không tìm thấy kết quả nào";
    list.innerHTML = hits
      .map((hit) => {
        const meta = hit.meta || {};
        const field = meta["linh-vuc"]
          ? `<p class="dvk-hit__field">${escapeHtml(meta["linh-vuc"])}</p>`
          : "";
        return (
          `<li class="md-search-result__item"><a class="md-search-result__link" href="${escapeHtml(hit.url)}">` +
          `<article class="md-search-result__article dvk-hit">` +
          `<p class="dvk-hit__title">${escapeHtml(meta.ten || meta.title)}</p>${field}` +
          `<p class="dvk-hit__excerpt">${restore(hit.excerpt, meta.d)}</p></article></a></li>`
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
