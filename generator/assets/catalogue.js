/* The catalogue page (/tra-cuu/): query, filters with live counts, sorting, and
   the whole state in the address (?q=...&linh-vuc=...) so a view can be shared.
   Models come from the Pagefind index a page of cards at a time. */
(() => {
  "use strict";
  const box = document.querySelector("[data-catalogue]");
  if (!box || !window.dvkSearch) return;
  const { pagefind, search, fold, restore, escapeHtml } = window.dvkSearch;

  const form = box.querySelector("form");
  const query = form.elements.q;
  const sorting = form.elements["sap-xep"];
  const selects = [...form.querySelectorAll("fieldset select")];
  const count = box.querySelector(".dvk-catalogue__count");
  const results = box.querySelector("[data-results]");
  const more = box.querySelector("[data-more]");
  const pageSize = Number(box.dataset.pageSize) || 20;
  const labels = JSON.parse(box.dataset.labels || "{}");
  const ONLY_MODELS = { trang: "mo-hinh" };
  const EVERY_MODEL = box.dataset.everyModel; // searched for when no word is typed

  let ready = null; // Pagefind with its filters loaded (needed for the counts)
  let latest = 0;
  let matches = [];
  let shown = 0;
  let term = null;

  const engine = () => {
    ready ??= pagefind().then(async (pf) => {
      await pf.filters();
      return pf;
    });
    return ready;
  };

  const defaultSort = () => (query.value.trim() ? "phu-hop" : "ten");

  const readAddress = () => {
    const params = new URLSearchParams(window.location.search);
    query.value = params.get("q") || "";
    for (const select of selects) {
      select.value = params.get(select.name) || "";
      if (select.selectedIndex < 0) select.value = "";
    }
    sorting.value = params.get("sap-xep") || defaultSort();
    if (sorting.selectedIndex < 0) sorting.value = defaultSort();
  };

  const writeAddress = () => {
    const params = new URLSearchParams();
    if (query.value.trim()) params.set("q", query.value.trim());
    for (const select of selects) if (select.value) params.set(select.name, select.value);
    if (sorting.value !== defaultSort()) params.set("sap-xep", sorting.value);
    const address = params.toString();
    window.history.replaceState(null, "", address ? `?${address}` : window.location.pathname);
  };

  const filters = (except) => {
    const chosen = { ...ONLY_MODELS };
    for (const select of selects) {
      if (select.value && select.name !== except) chosen[select.name] = select.value;
    }
    return chosen;
  };

  const sort = () => {
    if (sorting.value === "moi-nhat") return { ngay: "desc" };
    if (sorting.value === "ten" || !term) return { ten: "asc" };
    return undefined; // relevance
  };

  const card = (hit) => {
    const meta = hit.meta || {};
    const badges = (meta["tinh-trang"] || "")
      .split(" ")
      .filter(Boolean)
      .map((id) => `<span class="dvk-badge dvk-badge--${id}">${escapeHtml(labels[id] || id)}</span>`)
      .join("");
    const text = term ? restore(hit.excerpt, meta.d) : escapeHtml(meta["tom-tat"]);
    return (
      `<article class="dvk-card"><h2 class="dvk-card__title"><a href="${escapeHtml(hit.url)}">` +
      `${escapeHtml(meta.ten || meta.title)}</a></h2>` +
      `<p class="dvk-card__meta">${escapeHtml(meta["don-vi"])} · ${escapeHtml(meta["dia-ban"])}</p>` +
      `<p class="dvk-card__summary">${text}</p>` +
      (badges ? `<p class="dvk-badges">${badges}</p>` : "") +
      "</article>"
    );
  };

  const showMore = async (ticket) => {
    const slice = matches.slice(shown, shown + pageSize);
    const hits = await Promise.all(slice.map((result) => result.data()));
    if (ticket !== latest) return null;
    const before = results.children.length;
    results.insertAdjacentHTML("beforeend", hits.map(card).join(""));
    shown += slice.length;
    const left = matches.length - shown;
    more.hidden = left <= 0;
    more.textContent = `Xem thêm (còn ${left} mô hình)`;
    return results.children[before] || null;
  };

  // Each filter's counts leave out its own choice, so every count says how many
  // models that choice would show.
  const showCounts = async (pf, found) => {
    const counts = await Promise.all(
      selects.map(async (select) => {
        if (!select.value) return [found.filters?.[select.name] || {}, found.results.length];
        const other = await pf.search(term || EVERY_MODEL, { filters: filters(select.name) });
        return [other.filters?.[select.name] || {}, other.results.length];
      }),
    );
    selects.forEach((select, i) => {
      const [byValue, all] = counts[i];
      for (const option of select.options) {
        const n = option.value ? byValue[option.value] || 0 : all;
        option.textContent = `${option.dataset.label} (${n})`;
        option.disabled = n === 0 && !option.selected;
      }
    });
  };

  const update = async () => {
    const ticket = ++latest;
    writeAddress();
    term = query.value.trim() ? fold(query.value.trim()) : null;
    const pf = await engine();
    const found = await search(query.value.trim() || EVERY_MODEL, {
      filters: filters(),
      sort: sort(),
    });
    if (ticket !== latest) return;
    await showCounts(pf, found);
    if (ticket !== latest) return;
    matches = found.results;
    shown = 0;
    results.replaceChildren();
    count.textContent = matches.length
      ? `${matches.length} mô hình`
      : "Không có mô hình nào phù hợp; hãy bớt từ khoá hoặc bộ lọc.";
    await showMore(ticket);
    box.setAttribute("aria-busy", "false");
  };

  let timer = 0;
  query.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(update, 200);
  });
  query.addEventListener("focus", engine, { once: true });
  for (const select of [...selects, sorting]) select.addEventListener("change", update);
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    clearTimeout(timer);
    update();
  });
  form.addEventListener("reset", () =>
    setTimeout(() => {
      sorting.value = defaultSort();
      update();
    }, 0),
  );
  more.addEventListener("click", async () => {
    const first = await showMore(latest);
    first?.querySelector("a")?.focus();
  });

  document.querySelector("[data-catalogue-fallback]")?.setAttribute("hidden", "");
  box.hidden = false;
  box.setAttribute("aria-busy", "true");
  readAddress();
  update();
})();
