"""The search index as built into the sample site, read back with a decoder written
from the format's description (generator/site/searchindex.py), not with the build's code.

What every model says must lead to it, and nothing else must."""

from __future__ import annotations

import json
import re
from collections import defaultdict

import pytest
from test_search_browser import model_text

from generator.adapter.indexer import Builder, SearchIndexError
from generator.data.text import fold
from generator.site import urls
from generator.site.search import html_text, markdown_text, model_documents, model_filters
from generator.site.searchindex import build, fnv1a

DIGITS = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-_"


def decode(postings: str) -> list[list[int]]:
    """Four lists of document ids (title, names, summary, text)."""
    parts = []
    for part in postings.split(","):
        ids, current, value, shift = [], -1, 0, 0
        for char in part:
            digit = DIGITS.index(char)
            value += (digit & 31) << shift
            if digit >= 32:
                shift += 5
                continue
            current += value
            ids.append(current)
            value = shift = 0
        parts.append(ids)
    assert len(parts) == 4
    return parts


@pytest.fixture(scope="module")
def index(sample_site):
    folder = sample_site / "search"
    meta = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
    keys = {}
    for n in range(meta["buckets"]):
        bucket = json.loads((folder / f"b/{n}.json").read_text(encoding="utf-8"))
        for key, forms in bucket.items():
            assert fnv1a(key.split(" ")[0]) % meta["buckets"] == n, key
            keys[key] = {form: decode(postings) for form, postings in forms.items()}
    records = []
    for n in range((meta["documents"] + meta["shard"] - 1) // meta["shard"]):
        records += json.loads((folder / f"d/{n}.json").read_text(encoding="utf-8"))
    facets = json.loads((folder / "facets.json").read_text(encoding="utf-8"))
    return meta, keys, records, facets


def letters(text: str) -> set[str]:
    """Folded words with at least one letter (numbers of results are indexed too)."""
    return {w for w in re.findall(r"\w+", fold(text)) if not w.isdigit()}


def test_every_word_of_a_model_finds_it_and_only_it(index, sample_catalog):
    meta, keys, records, _ = index
    models = sample_catalog.published
    assert meta["models"] == len(models) and meta["documents"] > len(models)
    expected = defaultdict(set)
    for i, model in enumerate(models):
        for word in letters(model_text(model)):
            expected[word].add(i)
    found = defaultdict(set)
    for key, forms in keys.items():
        if " " in key or key.isdigit():
            continue
        for form, parts in forms.items():
            assert fold(form) == key
            found[key].update(i for ids in parts for i in ids if i < len(models))
    found = {key: ids for key, ids in found.items() if ids}
    assert found == dict(expected)
    # Each written form keeps its own documents: "đường" is not "dương".
    assert keys["duong"]["đường"] != keys["duong"]["dương"]


def test_parts_say_where_a_word_is(index, sample_catalog):
    _, keys, _, _ = index
    for i, model in enumerate(sample_catalog.published):
        title, names = letters(model.title), letters(" ".join([*model.tags, model.unit.name]))
        for key, forms in keys.items():
            if " " in key or key.isdigit():
                continue
            in_title = any(i in parts[0] for parts in forms.values())
            in_names = any(i in parts[1] for parts in forms.values())
            in_summary = any(i in parts[2] for parts in forms.values())
            assert in_title == (key in title), (model.title, key)
            assert in_summary == (key in letters(model.summary)), (model.title, key)
            if key in names:
                assert in_names, (model.title, key)


def test_title_pairs_are_indexed(index, sample_catalog):
    _, keys, _, _ = index
    model = next(m for m in sample_catalog.published if m.title == "Đưa nước sạch về nông thôn")
    i = sample_catalog.published.index(model)
    assert i in keys["nuoc sach"]["nước sạch"][0]
    assert "sach nuoc" not in keys or i not in keys["sach nuoc"]["sạch nước"][0]


def test_results_show_each_document(index, sample_catalog):
    meta, _, records, _ = index
    assert len(records) == meta["documents"]
    for i, model in enumerate(sample_catalog.published):
        title, url, field, unit, locality, summary, text = records[i]
        assert (title, field, unit, locality, summary) == (
            model.title,
            model.field.name,
            model.unit.name,
            model.unit.locality,
            model.summary,
        )
        assert url == f"mo-hinh/{model.slug}/"
        assert text.startswith(markdown_text(model.body)[:40])
    pages = {record[1]: record for record in records[meta["models"] :]}
    assert pages[""][0] == "Trang chủ"
    assert pages["gioi-thieu/"][0] == "Giới thiệu"
    assert "mo-hinh/" not in {url.split("/")[0] + "/" for url in pages}
    # A listing's further pages are not results of their own.
    assert not [url for url in pages if "/trang/" in url]


def test_facets_are_the_filters_of_each_model(index, sample_catalog):
    _, _, _, facets = index

    def column(name):
        width, digits = facets["columns"][name]
        return [
            sum(
                DIGITS.index(d) * 64 ** (width - 1 - k) for k, d in enumerate(digits[i : i + width])
            )
            for i in range(0, len(digits), width)
        ]

    values = facets["values"]
    models = sample_catalog.published
    for name in ("linh-vuc", "dia-ban", "loai-don-vi", "loai", "nam"):
        rows = column(name)
        assert [values[name][row] for row in rows] == [model_filters(m)[name][0] for m in models]
    statuses = column("tinh-trang")
    for model, bits in zip(models, statuses, strict=True):
        chosen = {v for k, v in enumerate(values["tinh-trang"]) if bits & (1 << k)}
        assert chosen == set(model_filters(model)["tinh-trang"]) | (
            {"da-dung"} if model.ended else set()
        )
    days = column("ngay")
    first = min(m.registered for m in models).toordinal()
    assert days == [m.registered.toordinal() - first for m in models]


def test_markdown_and_html_become_plain_text():
    text = markdown_text(
        "## Cách làm\n\nMột *đoạn* với [liên kết](https://x.vn) và <b>đậm</b> &amp; __gạch__"
        " snake_case.\n\n- mục một\n- mục **hai**\n\n| a | b |\n|---|---|\n| c | d |\n"
    )
    assert text.split("\n")[:4] == [
        "Cách làm",
        "Một đoạn với liên kết và đậm & gạch snake_case.",
        "mục một",
        "mục hai",
    ]
    assert "https" not in text and "*" not in text and "|" not in text
    page = html_text(
        '<h1 id="x">Tiêu đề<a class="headerlink" href="#x">¶</a></h1><p>Đoạn &amp; văn.</p>'
        '<div class="dvk-cards"><article class="dvk-card"><h2>Mô hình khác</h2></article></div>'
        "<form><select><option>Phường An Mỹ</option></select></form><svg><text>12</text></svg>"
        '<nav class="dvk-pager"><a>2</a></nav>'
    )
    assert page == "Tiêu đề\nĐoạn & văn."


def test_the_second_process_builds_the_same_files(sample_catalog, tmp_path):
    from generator.site.search import facets

    models = sample_catalog.published
    pages = [model_documents(models[:1])[0]]  # any document will do as a page
    expected = build(model_documents(models) + pages, len(models), facets(sample_catalog))
    builder = Builder(sample_catalog.settings, models, True, str(tmp_path))
    builder.finish(pages)
    written = {
        path.relative_to(tmp_path).as_posix(): path.read_bytes()
        for path in tmp_path.rglob("*")
        if path.is_file()
    }
    assert written == expected
    assert urls.model(models[0].slug) == f"mo-hinh/{models[0].slug}/index.md"


def test_a_failing_build_says_why(sample_catalog, tmp_path):
    blocked = tmp_path / "site"
    blocked.write_text("not a folder", encoding="utf-8")
    builder = Builder(sample_catalog.settings, sample_catalog.published, True, str(blocked))
    with pytest.raises(SearchIndexError, match="Không tạo được chỉ mục tìm kiếm"):
        builder.finish([])


def test_an_index_kept_between_builds_is_the_one_built_afresh(sample_catalog):
    """`replace` (a model edited under `mkdocs serve`) and `copy` (the other pages
    added for one build) give the files a new index of the same documents gives."""
    from dataclasses import replace

    from generator.site.search import facets
    from generator.site.searchindex import Index, document_words

    documents = model_documents(sample_catalog.published)
    table = facets(sample_catalog)
    kept = Index(ids=True)
    kept.add(documents)
    kept.seal()
    pages = documents[:2]
    edits = [
        (3, lambda d: replace(d, text=d.text + "\nmột từ mới toanh")),
        (0, lambda d: replace(d, title="Tiêu đề khác hẳn", names="")),
        (len(documents) - 1, lambda d: replace(d, summary="", text=documents[5].text)),
        (3, lambda d: replace(d, text=documents[3].text)),  # back as it was
    ]
    for doc_id, change in edits:
        before = documents[doc_id]
        documents[doc_id] = change(before)
        kept.replace(
            doc_id, documents[doc_id], document_words(before), document_words(documents[doc_id])
        )
        kept.seal()
        for _ in range(2):  # the kept index is not changed by what a build adds
            one = kept.copy()
            one.add(pages)
            assert one.files(len(documents), table) == build(
                documents + pages, len(documents), table
            )
    assert "toanh" not in json.dumps(
        build(documents, len(documents), table)["search/meta.json"].decode()
    )


def test_the_process_of_mkdocs_serve_writes_only_what_changed(sample_catalog, tmp_path):
    from dataclasses import replace

    from generator.adapter.indexer import Session
    from generator.site.search import facets

    session = Session()
    models = list(sample_catalog.published)
    pages = [model_documents(models[:1])[0]]
    try:
        Builder(sample_catalog.settings, models, True, str(tmp_path), session=session).finish(pages)
        worker = session.worker
        stamps = {p: p.stat().st_mtime_ns for p in tmp_path.rglob("*.json")}
        models[2] = replace(models[2], body=models[2].body + "\n\nMột câu hoàn toàn mới.")
        Builder(
            sample_catalog.settings, models, True, str(tmp_path), session=session, emptied=False
        ).finish(pages)
        assert session.worker is worker  # the same process
        written = {
            path.relative_to(tmp_path).as_posix(): path.read_bytes()
            for path in tmp_path.rglob("*")
            if path.is_file()
        }
        catalog = type(sample_catalog)(sample_catalog.settings, sample_catalog.units, list(models))
        assert written == build(model_documents(models) + pages, len(models), facets(catalog))
        changed = [p for p, stamp in stamps.items() if p.stat().st_mtime_ns != stamp]
        assert 0 < len(changed) < len(stamps) // 4  # some buckets, a display file, meta.json
    finally:
        session.close()
