/* The catalogue page (/tra-cuu/): query, filters with live counts, sorting, and
   the whole state in the address (?q=...&linh-vuc=...) so a view can be shared.
   Filters, counts and sorting are worked out here from the index's facet columns
   (one small file for every model); cards are fetched for the models shown only. */
(() => {
  "use strict";
  const box = document.querySelector("[data-catalogue]");
  if (!box || !window.dvkSearch) return;
  const engine = window.dvkSearch;
  const { escapeHtml } = engine;

  const form = box.querySelector("form");
  const query = form.elements.q;
  const sorting = form.elements["sap-xep"];
  const selects = [...form.querySelectorAll("fieldset select")];
  const count = box.querySelector(".dvk-catalogue__count");
  const results = box.querySelector("[data-results]");
  const more = box.querySelector("[data-more]");
  const toggle = form.querySelector("[data-toggle]");
  const panel = form.querySelector("[data-panel]");
  const active = toggle.querySelector("[data-active]");
  const pageSize = Number(box.dataset.pageSize) || 20;
  const labels = JSON.parse(box.dataset.labels || "{}");
  const STATUS = "tinh-trang"; // its column holds one bit per status
  const FAILED = "Chưa tải được dữ liệu tra cứu; hãy tải lại trang.";

  let table = null; // the facet columns
  let latest = 0;
  let matches = []; // ids in the order shown
  let found = new Map(); // id -> search result, for excerpts
  let shown = 0;
  let sortChosen = false; // the visitor picked an order: typing no longer changes it

  const facets = () => {
    table ??= engine.facets().catch((error) => {
      table = null;
      throw error;
    });
    return table;
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
    sortChosen = params.has("sap-xep") && sorting.value === params.get("sap-xep");
  };

  // A typed query ranks by relevance, as the header search does, and an empty one by
  // name, unless the visitor chose an order.
  const followQuery = () => {
    if (!sortChosen) sorting.value = defaultSort();
  };

  const showActive = () => {
    const n = selects.filter((select) => select.value).length;
    active.innerHTML = n ? ` (${n}<span class="dvk-sr-only"> đang chọn</span>)` : "";
  };

  const fold = (open) => {
    toggle.setAttribute("aria-expanded", String(open));
    panel.hidden = !open;
  };

  const writeAddress = () => {
    const params = new URLSearchParams();
    if (query.value.trim()) params.set("q", query.value.trim());
    for (const select of selects) if (select.value) params.set(select.name, select.value);
    if (sorting.value !== defaultSort()) params.set("sap-xep", sorting.value);
    const address = params.toString();
    window.history.replaceState(null, "", address ? `?${address}` : window.location.pathname);
  };

  const card = (hit, statuses, values) => {
    const badges = values
      .map((id, bit) => (bit > 0 && statuses & (1 << bit) ? id : null))
      .filter(Boolean)
      .map((id) => `<span class="dvk-badge dvk-badge--${id}">${escapeHtml(labels[id] || id)}</span>`)
      .join("");
    return (
      `<article class="dvk-card"><h2 class="dvk-card__title"><a href="${escapeHtml(hit.url)}">` +
      `${hit.titleHtml}</a></h2>` +
      `<p class="dvk-card__meta">${escapeHtml(hit.unit)} · ${escapeHtml(hit.locality)}</p>` +
      `<p class="dvk-card__summary">${hit.summary}</p>` +
      (badges ? `<p class="dvk-badges">${badges}</p>` : "") +
      "</article>"
    );
  };

  const showMore = async (ticket) => {
    const facts = await facets();
    const slice = matches.slice(shown, shown + pageSize);
    const hits = await Promise.all(
      slice.map((id) => (found.has(id) ? found.get(id).data() : engine.document(id))),
    );
    if (ticket !== latest) return null;
    const before = results.children.length;
    const statuses = facts.columns[STATUS];
    const values = facts.values[STATUS];
    results.insertAdjacentHTML(
      "beforeend",
      hits.map((hit) => card(hit, statuses[hit.id], values)).join(""),
    );
    shown += slice.length;
    const left = matches.length - shown;
    more.hidden = left <= 0;
    more.textContent = `Xem thêm (còn ${left} mô hình)`;
    return results.children[before] || null;
  };

  // Which models pass the filters, and each filter's counts: a count leaves out its
  // own filter's choice, so it says how many models that option would show.
  const filter = (facts, candidates) => {
    const columns = selects.map((select) => facts.columns[select.name]);
    const chosen = selects.map((select) => facts.values[select.name].indexOf(select.value));
    const multi = selects.map((select) => select.name === STATUS);
    const counts = selects.map((select) => new Array(facts.values[select.name].length).fill(0));
    const totals = selects.map(() => 0);
    const passing = [];
    const tally = (i, id) => {
      totals[i]++;
      const value = columns[i][id];
      if (!multi[i]) counts[i][value]++;
      else for (let bit = 0; bit < counts[i].length; bit++) if (value & (1 << bit)) counts[i][bit]++;
    };
    for (const id of candidates) {
      let failed = -1;
      let failures = 0;
      for (let i = 0; i < selects.length && failures < 2; i++) {
        if (chosen[i] < 0) continue;
        const value = columns[i][id];
        const ok = multi[i] ? value & (1 << chosen[i]) : value === chosen[i];
        if (!ok) {
          failed = i;
          failures++;
        }
      }
      if (failures === 0) {
        passing.push(id);
        for (let i = 0; i < selects.length; i++) tally(i, id);
      } else if (failures === 1) {
        tally(failed, id);
      }
    }
    return { passing, counts, totals };
  };

  const showCounts = (facts, counts, totals) => {
    selects.forEach((select, i) => {
      const values = facts.values[select.name];
      for (const option of select.options) {
        const n = option.value ? counts[i][values.indexOf(option.value)] || 0 : totals[i];
        option.textContent = `${option.dataset.label} (${n})`;
        option.disabled = n === 0 && !option.selected;
      }
    });
  };

  const order = (facts, ids) => {
    if (sorting.value === "moi-nhat") {
      const days = facts.columns.ngay;
      return ids.sort((a, b) => days[b] - days[a] || a - b);
    }
    if (sorting.value === "ten" || !query.value.trim()) return ids.sort((a, b) => a - b);
    return ids; // relevance: the search's order
  };

  const update = async () => {
    const ticket = ++latest;
    followQuery();
    showActive();
    writeAddress();
    const text = query.value.trim();
    try {
      const [facts, searched] = await Promise.all([
        facets(),
        text ? engine.search(text, { models: true }) : null,
      ]);
      if (ticket !== latest) return;
      const total = facts.columns.ngay.length;
      const candidates = searched
        ? searched.results.map((result) => result.id)
        : Array.from({ length: total }, (_, id) => id);
      found = new Map(searched ? searched.results.map((result) => [result.id, result]) : []);
      const { passing, counts, totals } = filter(facts, candidates);
      showCounts(facts, counts, totals);
      matches = order(facts, passing);
      shown = 0;
      results.replaceChildren();
      count.textContent = matches.length
        ? `${matches.length} mô hình`
        : "Không có mô hình nào phù hợp; hãy bớt từ khoá hoặc bộ lọc.";
      await showMore(ticket);
    } catch {
      if (ticket !== latest) return;
      count.textContent = FAILED;
    }
    if (ticket === latest) {
      box.setAttribute("aria-busy", "false");
      box.classList.remove("dvk-catalogue--loading");
    }
  };

  let timer = 0;
  query.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(update, 200);
  });
  for (const select of selects) select.addEventListener("change", update);
  sorting.addEventListener("change", () => {
    sortChosen = true;
    update();
  });
  toggle.addEventListener("click", () => fold(panel.hidden));
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    clearTimeout(timer);
    update();
  });
  form.addEventListener("reset", () =>
    setTimeout(() => {
      sortChosen = false;
      update();
    }, 0),
  );
  more.addEventListener("click", async () => {
    try {
      const first = await showMore(latest);
      first?.querySelector("a")?.focus();
    } catch {
      count.textContent = FAILED;
    }
  });

  document.querySelector("[data-catalogue-fallback]")?.setAttribute("hidden", "");
  box.classList.add("dvk-catalogue--loading");
  box.hidden = false;
  box.setAttribute("aria-busy", "true");
  // Filters start open where there is room for them and the results.
  fold(window.matchMedia("(min-width: 45em)").matches);
  readAddress();
  update();
})();
