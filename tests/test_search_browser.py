"""Search and the catalogue in a real browser: headless Chromium on the built sample site.

The site is served from its folder by a local web server, as any static host would;
expected results are worked out here from the sample data, not read from the index.
"""

from __future__ import annotations

import functools
import http.server
import io
import json
import os
import re
import subprocess
import sys
import threading
from collections import Counter
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from conftest import MKDOCS, MODEL, ROOT, UNITS, Project
from playwright.sync_api import Page, expect

from generator.data.text import fold, slugify, sort_key
from generator.site.search import model_filters
from generator.site.searchindex import fnv1a


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def serve(folder):
    """Serve a built site on 127.0.0.1; yields its address."""
    handler = functools.partial(QuietHandler, directory=str(folder))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_port}/"
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture(scope="module")
def server(sample_site):
    yield from serve(sample_site)


def open_page(browser, width: int = 1280, javascript: bool = True):
    context = browser.new_context(
        viewport={"width": width, "height": 800}, java_script_enabled=javascript
    )
    page = context.new_page()
    page.requests, page.errors = [], []
    page.on("request", lambda request: page.requests.append(request.url))
    page.on("pageerror", lambda error: page.errors.append(str(error)))
    return page


@pytest.fixture
def page(browser):
    """A desktop-sized page; afterwards, no script error and no request off this machine."""
    page = open_page(browser)
    yield page
    outside = [url for url in page.requests if urlsplit(url).hostname != "127.0.0.1"]
    assert outside == [], "requests to outside servers"
    assert page.errors == []
    page.context.close()


@pytest.fixture
def phone(browser):
    page = open_page(browser, width=360)
    yield page
    assert [u for u in page.requests if urlsplit(u).hostname != "127.0.0.1"] == []
    assert page.errors == []
    page.context.close()


def words(text: str) -> list[str]:
    return re.findall(r"\w+", fold(text))


def model_text(model) -> str:
    """Everything a model page says about the model."""
    parts = [model.title, model.summary, model.body, model.unit.name, model.unit.locality]
    parts += [model.field.name, model.field.group_name, model.kind_name, *model.tags]
    parts += [f"{r.label} {r.unit or ''}" for r in model.results]
    parts += [f"Biểu dương {c.by} {c.decision or ''} {c.title or ''}" for c in model.commendations]
    parts += [image.caption for image in model.images]
    return " ".join(parts)


def header_search(page: Page, query: str) -> list[dict]:
    """Type into the header box; the results as a person sees them."""
    box = page.locator(".md-search__input")
    box.fill(query)
    page.wait_for_function(
        "q => document.getElementById('dvk-search-status').dataset.query === q", arg=query
    )
    return page.eval_on_selector_all(
        ".dvk-hit",
        """hits => hits.map(hit => ({
            title: hit.querySelector('.dvk-hit__title').innerText,
            field: hit.querySelector('.dvk-hit__field')?.innerText || '',
            marks: [...hit.querySelectorAll('mark')].map(m => m.innerText),
            href: hit.closest('a').href,
        }))""",
    )


def catalogue_state(page: Page) -> dict:
    page.wait_for_function("document.querySelector('[data-catalogue]').ariaBusy === 'false'")
    return {
        "count": page.inner_text(".dvk-catalogue__count"),
        "titles": page.locator(".dvk-catalogue .dvk-card__title").all_inner_texts(),
        "query": page.input_value("#dvk-q"),
        "selects": {
            name: page.input_value(f"select[name={name}]")
            for name in ("linh-vuc", "dia-ban", "loai-don-vi", "loai", "tinh-trang", "nam")
        },
        "sort": page.input_value("select[name=sap-xep]"),
    }


def wait_for_update(page: Page, action) -> dict:
    page.evaluate("document.querySelector('[data-catalogue]').ariaBusy = 'true'")
    action()
    return catalogue_state(page)


def show_all(page: Page) -> None:
    """Press "Xem thêm" until every matching model has its card."""
    total = int(page.inner_text(".dvk-catalogue__count").split()[0])
    cards = page.locator(".dvk-catalogue .dvk-card")
    while cards.count() < total:
        shown = cards.count()
        page.click("[data-more]")
        expect(cards).not_to_have_count(shown)
    expect(page.locator("[data-more]")).to_be_hidden()


def mark_words(hits: list[dict]) -> set[str]:
    return {w.lower() for hit in hits for mark in hit["marks"] for w in re.findall(r"\w+", mark)}


# -- the header search ----------------------------------------------------------


def test_query_without_marks_finds_text_with_them(page, server, sample_catalog):
    page.goto(server)
    hits = header_search(page, "dan van kheo")
    assert hits, "no result for dan van kheo"
    with_phrase = {
        m.title
        for m in sample_catalog.published
        if "dan van kheo" in " ".join(words(model_text(m)))
    }
    assert with_phrase & {hit["title"] for hit in hits}
    # Highlighted words keep their marks.
    assert {"dân", "vận", "khéo"} <= mark_words(hits)


def test_folded_query_finds_d_with_stroke(page, server, sample_catalog):
    page.goto(server)
    hits = header_search(page, "do thi van minh")
    titles = [hit["title"] for hit in hits]
    assert "Khu phố kiểu mẫu – đô thị văn minh" in titles[:3]
    first = next(h for h in hits if h["title"] == "Khu phố kiểu mẫu – đô thị văn minh")
    assert first["field"] == "Xây dựng nông thôn mới, đô thị văn minh"
    assert {"đô", "thị", "văn", "minh"} <= mark_words(hits)

    hits = header_search(page, "duong")
    with_duong = {m.title for m in sample_catalog.published if "đường" in m.title.lower()}
    assert len(with_duong) >= 3
    assert len(with_duong & {hit["title"] for hit in hits}) >= 2
    # Excerpts are spelled as the pages are: "đường", never the folded "dường".
    assert "đường" in mark_words(hits) and "dường" not in mark_words(hits)

    # The catalogue lists every one of them.
    page.goto(server + "tra-cuu/?q=duong")
    catalogue_state(page)
    show_all(page)
    titles = page.locator(".dvk-catalogue .dvk-card__title").all_inner_texts()
    assert with_duong <= set(titles)
    assert len(titles) == sum("duong" in words(model_text(m)) for m in sample_catalog.published)


def test_query_with_marks_ranks_exact_matches_first(page, server, sample_catalog):
    page.goto(server)
    texts = [model_text(m).lower() for m in sample_catalog.published]
    assert any("dương" in t for t in texts) and any("đường" in t for t in texts)
    for query in ("dương", "đường"):
        hits = header_search(page, query)
        exact = [query in mark_words([hit]) for hit in hits]
        assert exact[0] and exact == sorted(exact, reverse=True), query
        # Among the models, where both spellings are found, the exact ones lead.
        page.goto(server + f"tra-cuu/?q={query}")
        catalogue_state(page)
        show_all(page)
        cards = page.eval_on_selector_all(
            ".dvk-catalogue .dvk-card__summary",
            "cs => cs.map(c => [...c.querySelectorAll('mark')].map(m => m.innerText))",
        )
        exact = [query in mark_words([{"marks": marks}]) for marks in cards]
        assert exact[0] and not all(exact), query
        assert exact == sorted(exact, reverse=True), query
        page.goto(server)


def test_the_last_word_is_completed_while_typing(page, server):
    page.goto(server)
    hits = header_search(page, "nuoc sa")
    assert "Đưa nước sạch về nông thôn" in [hit["title"] for hit in hits[:3]]
    # Typed with marks, the unfinished word leads to the words written that way.
    hits = header_search(page, "đườ")
    assert hits and all("đường" in mark_words([hit]) for hit in hits[:3])


def test_header_search_finds_tags_units_localities_and_pages(page, server, sample_catalog):
    page.goto(server)
    models = sample_catalog.published
    tags = Counter(fold(tag) for m in models for tag in m.tags)
    tag = min(tags, key=lambda t: (tags[t], t))
    hits = header_search(page, tag)
    assert {m.title for m in models if tag in map(fold, m.tags)} <= {h["title"] for h in hits}

    unit = models[0].unit
    hits = header_search(page, fold(unit.name))
    titles = [hit["title"] for hit in hits]
    assert titles[0] == unit.name  # the unit's own page
    assert {m.title for m in sample_catalog.by_unit[unit.id]} & set(titles)

    locality = models[-1].unit.locality
    hits = header_search(page, locality)
    in_locality = {m.title for m in models if m.unit.locality == locality}
    assert in_locality & {hit["title"] for hit in hits}

    for query, title in (
        ("gioi thieu", "Giới thiệu"),
        ("huong dan dong gop", "Hướng dẫn đóng góp"),
    ):
        assert header_search(page, query)[0]["title"] == title


def test_a_query_fetches_only_its_own_words(page, server, sample_site):
    meta = json.loads((sample_site / "search" / "meta.json").read_text(encoding="utf-8"))
    page.goto(server)
    page.wait_for_load_state("networkidle")
    page.requests.clear()
    hits = header_search(page, "dan van kheo ")  # a space after it: no word left to complete
    fetched = {urlsplit(url).path.split("/search/", 1)[-1] for url in page.requests}
    buckets = {f"b/{fnv1a(key) % meta['buckets']}.json" for key in ("dan", "van", "kheo")}
    assert {path for path in fetched if path.startswith("b/")} == buckets
    shards = {f"d/{n // meta['shard']}.json" for n in top_ids(page, "dan van kheo ")}
    assert {path for path in fetched if path.startswith("d/")} == shards
    assert len(shards) <= len(hits) <= 10
    assert not [path for path in fetched if path.startswith(("v/", "facets"))]


def top_ids(page: Page, query: str) -> list[int]:
    """Document ids of the first ten results, those the header box shows."""
    return page.evaluate(
        "async q => (await dvkSearch.search(q)).results.slice(0, 10).map(r => r.id)", query
    )


def test_browser_and_build_fold_and_hash_words_alike(page, server):
    page.goto(server)
    words = ["đường", "ĐƯỜNG", "Hòa", "hoà", "ho\u0300a", "Khéo", "QĐ", "𝔸x", "日本", "do thi"]
    found = page.evaluate(
        "ws => ws.map(w => [dvkSearch.fold(w.normalize('NFC').toLowerCase()), dvkSearch.fnv1a(w)])",
        words,
    )
    assert found == [[fold(word), fnv1a(word)] for word in words]


def test_search_says_so_when_the_index_cannot_be_loaded(page, server):
    page.route("**/search/b/**", lambda route: route.abort())
    page.goto(server)
    page.locator(".md-search__input").fill("duong")
    page.wait_for_function("document.getElementById('dvk-search-status').dataset.query === 'duong'")
    expect(page.locator("#dvk-search-status")).to_have_text(
        "Chưa tải được dữ liệu tìm kiếm; hãy thử lại."
    )
    expect(page.locator(".dvk-hit")).to_have_count(0)


def test_header_search_by_keyboard(page, server):
    page.goto(server + "gioi-thieu/")
    page.keyboard.press("/")
    expect(page.locator(".md-search__input")).to_be_focused()
    page.keyboard.type("do thi van minh")
    page.wait_for_function(
        "document.getElementById('dvk-search-status').dataset.query === 'do thi van minh'"
    )
    page.keyboard.press("ArrowDown")
    first = page.locator(".md-search-result__link").first
    expect(first).to_be_focused()
    target = first.get_attribute("href")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(re.escape(target) + "$"))
    # Escape closes the box again.
    page.keyboard.press("s")
    expect(page.locator(".md-search__input")).to_be_focused()
    page.keyboard.press("Escape")
    expect(page.locator("#__search")).not_to_be_checked()


def test_header_search_on_a_phone(phone, server):
    phone.goto(server)
    expect(phone.locator("#__search")).not_to_be_checked()
    phone.click("label.md-header__button[for=__search]")
    expect(phone.locator(".md-search__input")).to_be_focused()
    hits = header_search(phone, "nuoc sach")
    assert "Đưa nước sạch về nông thôn" in [hit["title"] for hit in hits]
    expect(phone.locator(".dvk-hit").first).to_be_visible()


# -- the catalogue ----------------------------------------------------------------


def test_catalogue_lists_every_model_by_name_or_newest(page, server, sample_catalog):
    models = sample_catalog.published
    page.goto(server + "tra-cuu/")
    state = catalogue_state(page)
    assert state["titles"] == sorted((m.title for m in models), key=sort_key)[:20]
    show_all(page)
    titles = page.locator(".dvk-catalogue .dvk-card__title").all_inner_texts()
    assert titles == sorted((m.title for m in models), key=sort_key)

    wait_for_update(page, lambda: page.select_option("select[name=sap-xep]", "moi-nhat"))
    assert parse_qs(urlsplit(page.url).query) == {"sap-xep": ["moi-nhat"]}
    show_all(page)
    titles = page.locator(".dvk-catalogue .dvk-card__title").all_inner_texts()
    dates = {m.title: m.registered for m in models}
    assert sorted(titles) == sorted(dates)
    assert [dates[t] for t in titles] == sorted(dates.values(), reverse=True)
    # Cards show what the listings show: unit, locality and status badges.
    card = page.locator(".dvk-catalogue .dvk-card").first
    model = next(m for m in models if m.title == titles[0])
    expect(card.locator(".dvk-card__meta")).to_have_text(
        f"{model.unit.name} · {model.unit.locality}"
    )
    expect(card.locator(".dvk-card__summary")).to_have_text(model.summary)
    expect(card.locator(".dvk-badge")).to_have_count(len(model.statuses) - 1 + bool(model.ended))


def test_filters_show_counts_and_the_matching_models(page, server, sample_catalog):
    def matching(**chosen):
        return [
            m
            for m in sample_catalog.published
            if all(value in model_filters(m)[key] for key, value in chosen.items())
        ]

    page.goto(server + "tra-cuu/")
    state = catalogue_state(page)
    assert state["count"] == f"{len(sample_catalog.published)} mô hình"
    assert state["sort"] == "ten"

    state = wait_for_update(
        page, lambda: page.select_option("select[name=linh-vuc]", "do-thi-van-minh")
    )
    state = wait_for_update(
        page, lambda: page.select_option("select[name=tinh-trang]", "mo-hinh-diem")
    )
    expected = matching(**{"linh-vuc": "do-thi-van-minh", "tinh-trang": "mo-hinh-diem"})
    assert 0 < len(expected) < len(matching(**{"linh-vuc": "do-thi-van-minh"}))
    assert state["count"] == f"{len(expected)} mô hình"
    assert state["titles"] == sorted((m.title for m in expected), key=sort_key)

    # Each option says how many models it would show with the other filters kept.
    for model_kind in ("collective", "individual"):
        n = len(
            matching(
                **{"linh-vuc": "do-thi-van-minh", "tinh-trang": "mo-hinh-diem"}, loai=model_kind
            )
        )
        label = page.inner_text(f"select[name=loai] option[value={model_kind}]")
        assert label.endswith(f"({n})")
    status_label = page.inner_text("select[name=tinh-trang] option[value=cong-nhan]")
    n = len(matching(**{"linh-vuc": "do-thi-van-minh", "tinh-trang": "cong-nhan"}))
    assert status_label == f"Đã công nhận ({n})"

    params = parse_qs(urlsplit(page.url).query)
    assert params == {"linh-vuc": ["do-thi-van-minh"], "tinh-trang": ["mo-hinh-diem"]}


def test_shared_address_restores_the_view(page, browser, server, sample_catalog):
    year = str(sample_catalog.published[0].registered.year)
    page.goto(server + "tra-cuu/")
    catalogue_state(page)
    wait_for_update(page, lambda: page.fill("#dvk-q", "duong"))
    wait_for_update(page, lambda: page.select_option("select[name=nam]", year))
    state = wait_for_update(page, lambda: page.select_option("select[name=sap-xep]", "moi-nhat"))
    shared = page.url
    assert parse_qs(urlsplit(shared).query) == {
        "q": ["duong"],
        "nam": [year],
        "sap-xep": ["moi-nhat"],
    }

    expected = [
        m
        for m in sample_catalog.published
        if str(m.registered.year) == year and "duong" in words(model_text(m))
    ]
    assert state["count"] == f"{len(expected)} mô hình"
    dates = {m.title: m.registered for m in expected}
    assert set(state["titles"]) == set(dates)
    assert [dates[t] for t in state["titles"]] == sorted(dates.values(), reverse=True)

    other = open_page(browser)
    other.goto(shared)
    assert catalogue_state(other) == state
    other.context.close()


def test_catalogue_by_keyboard_and_more_results(page, server, sample_catalog):
    page.goto(server + "tra-cuu/?q=duong")
    state = catalogue_state(page)
    total = int(state["count"].split()[0])
    size = len(state["titles"])
    assert total > size == 20, "enough matches for a second page"
    page.focus("#dvk-q")
    page.keyboard.press("Tab")
    expect(page.locator("[data-toggle]")).to_be_focused()
    page.keyboard.press("Tab")
    expect(page.locator("select[name=sap-xep]")).to_be_focused()
    page.keyboard.press("Tab")
    expect(page.locator("select[name=linh-vuc]")).to_be_focused()
    state = wait_for_update(page, lambda: page.keyboard.press("ArrowDown"))
    first_field = sample_catalog.settings.fields[0].id
    assert state["selects"]["linh-vuc"] == first_field
    assert parse_qs(urlsplit(page.url).query)["linh-vuc"] == [first_field]
    state = wait_for_update(page, lambda: page.keyboard.press("ArrowUp"))
    assert int(state["count"].split()[0]) == total

    more = page.locator("[data-more]")
    more.focus()
    page.keyboard.press("Enter")
    expect(page.locator(".dvk-catalogue .dvk-card")).to_have_count(total)
    expect(page.locator(".dvk-catalogue .dvk-card").nth(size).locator("a")).to_be_focused()
    expect(more).to_be_hidden()


def test_catalogue_fits_a_phone(phone, server):
    phone.goto(server + "tra-cuu/?tinh-trang=bieu-duong")
    state = catalogue_state(phone)
    assert state["titles"]
    # The filters are folded; their button says how many are chosen.
    toggle = phone.locator("[data-toggle]")
    expect(toggle).to_have_text("Bộ lọc (1 đang chọn)")
    expect(toggle).to_have_attribute("aria-expanded", "false")
    expect(phone.locator("select[name=linh-vuc]")).to_be_hidden()
    toggle.click()
    expect(toggle).to_have_attribute("aria-expanded", "true")
    assert phone.evaluate("document.scrollingElement.scrollWidth") <= 360
    for selector in ("#dvk-q", "select[name=linh-vuc]", ".dvk-catalogue .dvk-card"):
        box = phone.locator(selector).first.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= 360
    state = wait_for_update(phone, lambda: phone.select_option("select[name=loai]", "collective"))
    expect(toggle).to_have_text("Bộ lọc (2 đang chọn)")
    assert parse_qs(urlsplit(phone.url).query) == {
        "tinh-trang": ["bieu-duong"],
        "loai": ["collective"],
    }
    toggle.click()
    expect(phone.locator("select[name=loai]")).to_be_hidden()


def test_first_result_shows_without_scrolling_on_a_phone(phone, server):
    phone.goto(server + "tra-cuu/")
    catalogue_state(phone)
    wait_for_update(phone, lambda: phone.fill("#dvk-q", "duong"))
    first = phone.locator(".dvk-catalogue .dvk-card").first.bounding_box()
    assert phone.evaluate("window.scrollY") == 0
    assert first["y"] + first["height"] <= 800, first


def test_without_javascript_the_catalogue_links_to_listings(browser, server, sample_catalog):
    page = open_page(browser, javascript=False)
    page.goto(server + "tra-cuu/")
    expect(page.locator("[data-catalogue]")).to_be_hidden()
    fallback = page.locator("[data-catalogue-fallback]")
    expect(fallback).to_be_visible()
    for field in sample_catalog.settings.fields:
        expect(fallback.get_by_role("link", name=field.name)).to_be_visible()
    page.context.close()


def test_locality_filter_values_are_slugs_of_the_names(page, server, sample_catalog):
    page.goto(server + "tra-cuu/")
    catalogue_state(page)
    locality = sample_catalog.published[0].unit.locality
    options = page.eval_on_selector_all(
        "select[name=dia-ban] option", "os => os.map(o => [o.value, o.dataset.label])"
    )
    assert [slugify(locality), locality] in options
    names = [label for value, label in options if value]
    assert names == sorted(names, key=sort_key)


def test_a_model_page_loads_nothing_that_grows_with_the_site(phone, server, sample_catalog):
    """No sitemap, no search index until someone searches: a phone loads the page itself."""
    model = sample_catalog.published[0]
    phone.goto(f"{server}mo-hinh/{model.slug}/")
    phone.wait_for_load_state("networkidle")
    paths = [urlsplit(url).path for url in phone.requests]
    assert not [p for p in paths if p.endswith("sitemap.xml") or "/search/" in p], paths
    assert phone.locator("h1").inner_text() == model.title


# -- the order of a typed query, with decoys that win by name ----------------------------

DECOYS = {
    "an-toan-giao-thong": ("An toàn giao thông trước cổng trường", "Lối đi an toàn cho học sinh."),
    "bep-an-tinh-thuong": ("Bếp ăn tình thương", "Bữa cơm miễn phí cho người bệnh."),
    "cau-lac-bo-duong-sinh": ("Câu lạc bộ dưỡng sinh", "Người cao tuổi tập luyện mỗi sáng."),
}
TARGET = "Đường hoa khu phố 7"


@pytest.fixture(scope="module")
def decoy_server(tmp_path_factory):
    """A site where models whose titles come first by name merely mention "đường hoa"."""
    project = Project(tmp_path_factory.mktemp("decoys"))
    project.write("mkdocs.yml", MKDOCS)
    project.write("docs/index.md", "# Trang chủ\n")
    project.write("models/_units.yml", UNITS)
    for slug, (title, summary) in DECOYS.items():
        text = MODEL.replace("Tuyến đường sáng – xanh – sạch – đẹp", title)
        text = text.replace(
            "Chi bộ vận động nhân dân lắp đèn chiếu sáng và trồng cây xanh.", summary
        )
        project.write(f"models/{slug}.md", text + "\nGần con đường hoa của khu phố bên cạnh.\n")
    target = MODEL.replace("Tuyến đường sáng – xanh – sạch – đẹp", TARGET)
    project.write("models/duong-hoa-khu-pho-7.md", target)
    result = project.build()
    assert result.returncode == 0, result.stderr
    yield from serve(project.root / "site")


def test_a_typed_query_ranks_by_relevance_unless_an_order_is_chosen(page, decoy_server):
    by_name = sorted([*(t for t, _ in DECOYS.values()), TARGET], key=sort_key)
    assert by_name[-1] == TARGET, "every decoy comes first by name"
    page.goto(decoy_server + "tra-cuu/")
    state = catalogue_state(page)
    assert (state["sort"], state["titles"]) == ("ten", by_name)

    state = wait_for_update(page, lambda: page.fill("#dvk-q", "duong hoa"))
    assert state["sort"] == "phu-hop"
    assert state["titles"][0] == TARGET and sorted(state["titles"]) == sorted(by_name)
    assert parse_qs(urlsplit(page.url).query) == {"q": ["duong hoa"]}
    # The same as the query opened from an address (the header search's "see all").
    typed = state["titles"]
    page.goto(decoy_server + "tra-cuu/?q=duong+hoa")
    assert catalogue_state(page)["titles"] == typed

    # Cleared, the query leaves name order again.
    state = wait_for_update(page, lambda: page.fill("#dvk-q", ""))
    assert (state["sort"], state["titles"]) == ("ten", by_name)

    # An order the visitor chose stays while they type, and in the address.
    wait_for_update(page, lambda: page.select_option("select[name=sap-xep]", "ten"))
    state = wait_for_update(page, lambda: page.fill("#dvk-q", "duong hoa"))
    assert (state["sort"], state["titles"]) == ("ten", by_name)
    assert parse_qs(urlsplit(page.url).query) == {"q": ["duong hoa"], "sap-xep": ["ten"]}
    page.goto(page.url)
    assert catalogue_state(page)["titles"] == by_name
    # Clearing the form forgets the choice.
    state = wait_for_update(page, lambda: page.click("button[type=reset]"))
    state = wait_for_update(page, lambda: page.fill("#dvk-q", "duong hoa"))
    assert (state["sort"], state["titles"][0]) == ("phu-hop", TARGET)


# -- code blocks: Vietnamese letters kept whole ------------------------------------------


def test_code_keeps_vietnamese_letters_whole(page, server):
    """Every letter of a template staff copy is drawn from one font that has it whole:
    a font without "ố" draws "ô" and a loose accent ("sô ́"), which the eye sees at once."""
    page.goto(server + "huong-dan/dong-gop/")
    page.wait_for_load_state("networkidle")
    page.evaluate("document.fonts.ready")
    template = next(t for t in page.locator("pre code").all_inner_texts() if "Quyết định" in t)
    assert {"ố", "ế", "ị", "Ủ"} <= set(template)
    cdp = page.context.new_cdp_session(page)
    cdp.send("DOM.enable")
    cdp.send("CSS.enable")
    root = cdp.send("DOM.getDocument", {"depth": -1})["root"]["nodeId"]
    codes = cdp.send("DOM.querySelectorAll", {"nodeId": root, "selector": "pre code"})
    used = {}
    for node in codes["nodeIds"]:
        for font in cdp.send("CSS.getPlatformFontsForNode", {"nodeId": node})["fonts"]:
            used[font["familyName"]] = used.get(font["familyName"], 0) + font["glyphCount"]
    assert list(used) == ["Roboto Mono"], used
    fonts = [url for url in page.requests if "/assets/fonts/" in url]
    assert fonts and all(url.startswith(server) for url in fonts)


def test_pages_without_code_load_no_font(phone, server):
    for path in ("", "tra-cuu/", "linh-vuc/"):
        phone.goto(server + path)
        phone.wait_for_load_state("networkidle")
    assert not [url for url in phone.requests if "/assets/fonts/" in url]


# -- published under a project address, as GitHub Pages does ------------------------------

PAGES_PATH = "/dan-van-kheo/"


class PagesHandler(QuietHandler):
    """Serves the site under PAGES_PATH and 404.html (status 404) for anything else."""

    def send_head(self):
        path = urlsplit(self.path).path
        if path.startswith(PAGES_PATH):
            self.path = "/" + self.path[len(PAGES_PATH) :]
            local = self.translate_path(self.path)
            if os.path.exists(local) and (not os.path.isdir(local) or self.path.endswith("/")):
                return super().send_head()
        body = Path(self.directory, "404.html").read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return io.BytesIO(body)


@pytest.fixture(scope="module")
def pages_server(tmp_path_factory):
    """The shipped site built as the deploy workflow builds it for a project address."""
    site = tmp_path_factory.mktemp("pages") / "site"
    address = "https://org.github.io" + PAGES_PATH.rstrip("/")  # as configure-pages gives it
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(site)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1", "SITE_URL": address},
    )
    assert result.returncode == 0, result.stderr
    html = (site / "index.html").read_text(encoding="utf-8")
    assert f'<link rel="canonical" href="{address}/">' in html
    httpd = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(PagesHandler, directory=str(site))
    )
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_port}{PAGES_PATH}"
    httpd.shutdown()
    httpd.server_close()


def test_the_404_page_works_under_a_project_address(page, pages_server):
    failed = []
    page.on("response", lambda r: failed.append(r.url) if r.status >= 400 else None)
    response = page.goto(pages_server + "khong/co/trang-nay/")
    assert response.status == 404
    page.wait_for_load_state("networkidle")
    assert failed == [pages_server + "khong/co/trang-nay/"], "every asset loaded"
    assert page.locator("article h1").inner_text() == "Không tìm thấy trang"
    assert "dữ liệu minh hoạ" in page.locator(".dvk-notice").inner_text()
    page.click("article a:has-text('trang tra cứu')")
    assert page.url == pages_server + "tra-cuu/"
    page.go_back()
    page.click("article a:has-text('Về trang chủ')")
    assert page.url == pages_server
    page.go_back()
    background = page.evaluate(
        "getComputedStyle(document.querySelector('.md-header')).backgroundColor"
    )
    assert background == "rgb(160, 20, 12)", "the site's stylesheet applies"
    links = page.eval_on_selector_all(".md-nav__link[href]", "links => links.map(a => a.href)")
    assert links and all(link.startswith(pages_server) for link in links)
    hits = header_search(page, "do thi van minh")
    assert hits and all(hit["href"].startswith(pages_server) for hit in hits)
    page.goto(hits[0]["href"])
    assert page.locator("h1").inner_text() == hits[0]["title"]
