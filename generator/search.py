"""What the search engine (Pagefind) is given for each page.

Pagefind folds most Vietnamese marks ("dân" matches "dan") but not đ. The copy
of a page it indexes therefore spells đ as d, keeping every other mark, and the
browser does the same to the query: "duong" and "đường" both find "đường",
and a query typed with its marks still ranks exact matches first. The page's
đ-words travel with the result so that the browser can spell excerpts right.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from html import escape

from .model import STATUSES, Catalog, Model
from .settings import KINDS, UNIT_TYPES
from .text import slugify, sort_key

# Filters of the catalogue: URL parameter -> label. Values are the ids used in the
# data files (localities, which have none, are slugified).
FILTERS: dict[str, str] = {
    "linh-vuc": "Lĩnh vực",
    "dia-ban": "Địa bàn",
    "loai-don-vi": "Loại đơn vị",
    "loai": "Loại mô hình",
    "tinh-trang": "Tình trạng",
    "nam": "Năm đăng ký",
}
MODEL_FILTER = "trang"  # every model page has trang=mo-hinh; the catalogue lists those
# A word every model page carries in its (searchable) metadata: the catalogue searches
# for it when the visitor has typed nothing, because a search without words makes
# Pagefind load the whole index. No one types "ꞵ" (Latin beta), last in the index.
EVERY_MODEL = "ꞵmohinh"

# Pagefind configuration: one Vietnamese index, without the parts of a page that
# repeat other pages (related cards, permalinks, edit links).
INDEX_CONFIG = {
    "force_language": "vi",
    "exclude_selectors": [".dvk-cards", ".headerlink", ".dvk-edit", ".md-source-file"],
}


@dataclass
class Entry:
    """Metadata, filters and sort keys Pagefind stores with one page."""

    meta: dict[str, str] = field(default_factory=dict)
    filters: dict[str, list[str]] = field(default_factory=dict)
    sort: dict[str, str] = field(default_factory=dict)


def model_filters(model: Model) -> dict[str, list[str]]:
    return {
        "linh-vuc": [model.field.id],
        "dia-ban": [slugify(model.unit.locality)],
        "loai-don-vi": [model.unit.type],
        "loai": [model.kind],
        "tinh-trang": list(model.statuses),
        "nam": [str(model.registered.year)],
    }


def entries(catalog: Catalog, uri_of) -> dict[str, Entry]:
    """Entries of the model pages, by source path (`uri_of(model)`)."""
    found = {}
    for rank, model in enumerate(catalog.published):
        meta = {
            "linh-vuc": model.field.name,
            "don-vi": model.unit.name,
            "dia-ban": model.unit.locality,
            "tom-tat": model.summary,
            "tinh-trang": " ".join(model.statuses[1:] + (["da-dung"] if model.ended else [])),
            "tat-ca": EVERY_MODEL,
        }
        found[uri_of(model)] = Entry(
            meta=meta,
            filters={**model_filters(model), MODEL_FILTER: ["mo-hinh"]},
            # Catalog.published is already in Vietnamese order: its rank is the name key.
            sort={"ten": str(rank), "ngay": model.registered.isoformat()},
        )
    return found


@dataclass(frozen=True)
class Option:
    value: str
    label: str
    count: int


def options(catalog: Catalog) -> dict[str, list[Option]]:
    """Every value of every filter, in the order a reader expects, with its count."""
    counts: dict[str, Counter] = {key: Counter() for key in FILTERS}
    labels: dict[str, dict[str, str]] = {key: {} for key in FILTERS}
    for model in catalog.published:
        for key, values in model_filters(model).items():
            counts[key].update(values)
        labels["dia-ban"][slugify(model.unit.locality)] = model.unit.locality
    labels["linh-vuc"] = {f.id: f.name for f in catalog.settings.fields}
    labels["loai-don-vi"] = dict(UNIT_TYPES)
    labels["loai"] = dict(KINDS)
    labels["tinh-trang"] = dict(STATUSES)
    labels["nam"] = {year: year for year in sorted(counts["nam"], reverse=True)}
    labels["dia-ban"] = dict(sorted(labels["dia-ban"].items(), key=lambda kv: sort_key(kv[1])))
    return {
        key: [Option(value, label, counts[key][value]) for value, label in labels[key].items()]
        for key in FILTERS
    }


# -- the copy of a page that Pagefind indexes ------------------------------------

_TAG = re.compile(r"(<[^>]*>)")
_WORD = re.compile(r"\w+")


def fold_d(text: str) -> str:
    return text.replace("đ", "d").replace("Đ", "D")


def d_words(text: str) -> list[str]:
    """Words written with đ, as their folded form, unless that form is also a word."""
    words = {w.lower() for w in _WORD.findall(text)}
    return sorted(
        {fold_d(w) for w in words if "đ" in w} - {w for w in words if "đ" not in w},
        key=sort_key,
    )


def document(title: str, content: str, entry: Entry | None = None) -> str:
    """A small HTML page for Pagefind: the page's text with đ folded, and its data."""
    parts = _TAG.split(content)
    text = " ".join([title, *parts[::2]])
    parts[::2] = [fold_d(part) for part in parts[::2]]
    body = "".join(parts)
    if "<h1" not in body:
        body = f'<h1 data-pagefind-weight="10">{fold_d(escape(title))}</h1>{body}'
    entry = entry or Entry()
    # Metadata is searched too: the title in its folded spelling (so a title match
    # counts for "duong" as for "đường"), the title as written for display, and the
    # đ-words behind "ǂ", which no query matches.
    meta = {"title": fold_d(title), "ten": title, **entry.meta}
    words = d_words(text)
    if words:
        meta["d"] = " ".join("ǂ" + word for word in words)
    data = [f'<span data-pagefind-meta="{k}">{escape(v)}</span>' for k, v in meta.items()]
    data += [
        f'<span data-pagefind-filter="{k}">{escape(v)}</span>'
        for k, values in entry.filters.items()
        for v in values
    ]
    data += [f'<span data-pagefind-sort="{k}">{escape(v)}</span>' for k, v in entry.sort.items()]
    return (
        '<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8"></head><body>'
        f"<main data-pagefind-body>{body}</main>{''.join(data)}</body></html>"
    )
