"""The catalogue page (/tra-cuu/): a query, filters with counts, sorting.

The page carries the form with every filter value and its count for the whole
catalogue; the browser (assets/catalogue.js) filters, counts and sorts the models
from the index's facet columns, asks the search index for a query's matches, and
fetches only the cards it shows, so the page stays small however many models
there are. Without JavaScript it offers the listing pages instead.
"""

from __future__ import annotations

import json

import yaml

from generator.data.model import STATUSES, Catalog
from generator.site import urls
from generator.site.markup import e
from generator.site.search import ENDED, FILTERS, options

SCRIPT = "assets/catalogue.js"
PAGE_SIZE = 20
SORTS = {"phu-hop": "Phù hợp nhất", "ten": "Tên (A–Z)", "moi-nhat": "Mới nhất"}
LISTINGS = [
    (urls.FIELDS, "Lĩnh vực"),
    (urls.SHOWCASE, "Mô hình điểm"),
    (urls.HONOURS, "Điển hình tiên tiến"),
    (urls.UNITS, "Đơn vị thực hiện"),
]


def catalogue_page(catalog: Catalog, directory_urls: bool = True) -> str:
    def link(uri: str) -> str:
        return urls.link(urls.CATALOGUE, uri, directory_urls)

    total = len(catalog.published)
    description = f"Tra cứu {total} mô hình “Dân vận khéo” theo từ khoá, lĩnh vực, địa bàn, năm."
    front = yaml.safe_dump(
        {"title": "Tra cứu mô hình", "description": description, "hide": ["toc"]},
        allow_unicode=True,
        sort_keys=False,
    )
    selects = "".join(
        select(key, label, [("", "Tất cả", total)] + [(o.value, o.label, o.count) for o in values])
        for (key, label), values in zip(FILTERS.items(), options(catalog).values(), strict=True)
    )
    sorts = select("sap-xep", "Sắp xếp", [(k, v, None) for k, v in SORTS.items()], "dvk-sort")
    labels = {**STATUSES, ENDED: "Đã dừng"}
    fields = "".join(
        f'<li><a href="{e(link(urls.field(f.id)))}">{e(f.name)}</a> '
        f'<span class="dvk-count">{len(catalog.by_field[f.id])} mô hình</span></li>'
        for f in catalog.settings.fields
    )
    listings = "".join(f'<li><a href="{e(link(uri))}">{e(name)}</a></li>' for uri, name in LISTINGS)
    html = (
        f'<div class="dvk-catalogue" data-catalogue data-page-size="{PAGE_SIZE}" '
        f"data-labels='{e(json.dumps(labels, ensure_ascii=False, allow_nan=False))}' hidden>"
        '<form class="dvk-catalogue__form" role="search" aria-label="Tra cứu mô hình" '
        'action="./" method="get">'
        '<div class="dvk-catalogue__query"><label for="dvk-q">Từ khoá</label>'
        '<input id="dvk-q" name="q" type="search" autocomplete="off" '
        'placeholder="Ví dụ: dân vận khéo, đường, chi bộ…"></div>'
        # On a phone the filters fold behind one button that counts the active ones, so
        # that the first result shows without scrolling.
        '<button type="button" class="md-button dvk-catalogue__toggle" aria-expanded="true" '
        'aria-controls="dvk-filters" data-toggle>Bộ lọc<span data-active></span></button>'
        f"{sorts}"
        '<div class="dvk-catalogue__panel" id="dvk-filters" data-panel>'
        f'<fieldset class="dvk-catalogue__filters"><legend class="dvk-sr-only">Lọc theo</legend>{selects}</fieldset>'
        '<button type="reset" class="md-button">Xoá bộ lọc</button></div>'
        "</form>"
        f'<p class="dvk-catalogue__count" role="status" aria-live="polite">{total} mô hình</p>'
        '<div class="dvk-cards dvk-catalogue__results" data-results></div>'
        '<p class="dvk-catalogue__more"><button type="button" class="md-button" data-more hidden>'
        "Xem thêm</button></p>"
        "</div>"
        '<div class="dvk-catalogue__fallback" data-catalogue-fallback>'
        "<p>Trang tra cứu cần JavaScript. Bạn có thể xem các mô hình theo từng lĩnh vực:</p>"
        f'<ul class="dvk-fields">{fields}</ul>'
        f'<p>hoặc theo danh sách:</p><ul class="dvk-listings">{listings}</ul>'
        "</div>"
        f'<script src="{urls.file_link(urls.CATALOGUE, SCRIPT)}" defer></script>'
    )
    return f"---\n{front}---\n\n{description}\n\n{html}\n"


def select(
    name: str,
    label: str,
    choices: list[tuple[str, str, int | None]],
    element_id: str | None = None,
) -> str:
    element_id = element_id or f"dvk-f-{name}"
    items = "".join(
        f'<option value="{e(value)}">{e(text)}</option>'
        if count is None
        else f'<option value="{e(value)}" data-label="{e(text)}">{e(text)} ({count})</option>'
        for value, text, count in choices
    )
    return (
        f'<div class="dvk-filter"><label for="{element_id}">{e(label)}</label>'
        f'<select id="{element_id}" name="{e(name)}">{items}</select></div>'
    )
