"""What search finds: the text of every page, and the catalogue's filters.

A model is described straight from its data (title, summary, body, unit, tags...):
no HTML to parse for thousands of pages. The few other pages (home, listings,
statistics, guide...) are described from their rendered content, without the
model cards they repeat. `searchindex.py` turns these documents into the files
the browser searches.
"""

from __future__ import annotations

import html
import re
from collections import Counter
from dataclasses import dataclass

from generator.data.model import STATUSES, Catalog, Model
from generator.data.settings import KINDS, UNIT_TYPES
from generator.data.text import slugify, sort_key
from generator.site.markup import model_uri

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
ENDED = "da-dung"  # not a filter value, but shown on the cards like the statuses


@dataclass(frozen=True)
class Document:
    """One page as search sees it. Words weigh more in the earlier parts."""

    url: str  # relative to the site root: "mo-hinh/<slug>/"
    title: str
    names: str = ""  # tags, unit, locality, field...: short names, one a line
    summary: str = ""  # shown under the title in results
    text: str = ""  # everything else; excerpts come from here when the summary lacks the words
    field: str = ""  # the model's field, shown with the result
    unit: str = ""
    locality: str = ""


def model_filters(model: Model) -> dict[str, list[str]]:
    return {
        "linh-vuc": [model.field.id],
        "dia-ban": [slugify(model.unit.locality)],
        "loai-don-vi": [model.unit.type],
        "loai": [model.kind],
        "tinh-trang": list(model.statuses),
        "nam": [str(model.registered.year)],
    }


def model_document(model: Model, url: str) -> Document:
    """Everything a model's page says about it, without the labels every page repeats."""
    from generator.site.pages import number  # imported here: render imports this module

    labels = [model.field.name, model.field.group_name, model.kind_name]
    facts = [f"{r.label}: {number(r.value)} {r.unit or ''}".rstrip() for r in model.results]
    # The page lists commendations under "Biểu dương": a search for it finds them.
    for c in model.commendations:
        source = ", ".join(filter(None, [c.by, c.decision]))
        facts.append(f"Biểu dương: {source}: {c.title}" if c.title else f"Biểu dương: {source}")
    facts += [image.caption for image in model.images]
    return Document(
        url=url,
        title=model.title,
        names="\n".join([*model.tags, model.unit.name, model.unit.locality, *labels]),
        summary=model.summary,
        text="\n".join([markdown_text(model.body), *facts]),
        field=model.field.name,
        unit=model.unit.name,
        locality=model.unit.locality,
    )


def model_documents(models: list[Model], directory_urls: bool = True) -> list[Document]:
    return [model_document(m, page_url(model_uri(m), directory_urls)) for m in models]


def page_document(url: str, title: str, content: str, description: str = "") -> Document:
    """A page other than a model's, from its rendered content. Title and description
    are as in the front matter, where generated pages escape them for HTML."""
    return Document(
        url=url,
        title=html.unescape(title),
        summary=html.unescape(description),
        text=html_text(content),
    )


def page_url(source: str, directory_urls: bool = True) -> str:
    """Address of a generated page, relative to the site root, from its source path."""
    if directory_urls:
        return source.removesuffix("index.md")
    return source.removesuffix(".md") + ".html"


# -- the filters of the catalogue ------------------------------------------------


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


def facets(catalog: Catalog) -> dict:
    """The catalogue's filter values of every published model, one column per filter.

    Row i is model i of `catalog.published` (Vietnamese title order). A column holds
    indexes into its list of values; "tinh-trang" holds bits, one per status (and one
    for a model that has ended). Column "ngay" is the registration date as days after
    the earliest one, for "newest first".
    """
    values = {key: [option.value for option in found] for key, found in options(catalog).items()}
    values["tinh-trang"].append(ENDED)
    position = {key: {value: i for i, value in enumerate(found)} for key, found in values.items()}
    columns: dict[str, list[int]] = {key: [] for key in FILTERS}
    days = []
    first = min((m.registered.toordinal() for m in catalog.published), default=0)
    for model in catalog.published:
        chosen = model_filters(model)
        if model.ended:
            chosen["tinh-trang"].append(ENDED)
        for key, found in chosen.items():
            if key == "tinh-trang":
                columns[key].append(sum(1 << position[key][value] for value in found))
            else:
                columns[key].append(position[key][found[0]])
        days.append(model.registered.toordinal() - first)
    return {"values": values, "columns": {**columns, "ngay": days}}


# -- plain text from Markdown and HTML ---------------------------------------------

# (pattern, replacement, a character the text must contain for the pattern to match):
# most bodies are plain paragraphs, and skipping the passes that cannot match keeps
# 10,000 bodies well under a second.
_MARKDOWN = [
    (re.compile(r"<!--.*?-->", re.S), " ", "<"),
    (re.compile(r"<[^>\n]*>"), " ", "<"),  # raw HTML tags (their text stays)
    (re.compile(r"^[ \t]*\[[^\]\n]+\]:[ \t]*\S.*$", re.M), " ", "]:"),  # link definitions
    (re.compile(r"!?\[([^\]\n]*)\](?:\([^)\n]*\)|\[[^\]\n]*\])"), r"\1", "]"),  # links
    (re.compile(r"\{:?[ \t]*[#.][^}\n]*\}"), " ", "{"),  # attribute lists
    (re.compile(r"^[ \t]*[|:\- \t]*-{3,}[|:\- \t]*$", re.M), " ", "---"),  # rules
    (re.compile(r"^[ \t]*#{1,6}[ \t]+(.*?)[ \t#]*$", re.M), "\n\n\\1\n\n", "#"),  # headings
    (re.compile(r"^[ \t]*(?:>[ \t]?|[-*+][ \t]+|\d+[.)][ \t]+)+", re.M), "\n\n", ""),  # items
    (re.compile(r"[*`~|]+"), "", ""),  # emphasis, code, table cells
    (re.compile(r"\b_+|_+\b"), "", "_"),  # emphasis with "_", not snake_case
]
_BLANK = re.compile(r"\n[ \t]*\n\s*")
_TAG = re.compile(r"<[^>]*>")
_SPACE = re.compile(r"[ \t\r\f\v]+")


def markdown_text(markdown: str) -> str:
    """The words a Markdown body shows, one line per block (paragraph, heading, item)."""
    for pattern, replacement, needed in _MARKDOWN:
        if needed in markdown:
            markdown = pattern.sub(replacement, markdown)
    blocks = (" ".join(block.split()) for block in _BLANK.split(markdown))
    return html.unescape("\n".join(block for block in blocks if block))


# Parts of a rendered page that are not its own text: cards repeating other pages,
# forms, charts (their labels repeat the tables), permalinks and edit links.
_HTML_DROP = [
    re.compile(r'<div class="dvk-cards">.*?</div>', re.S),
    re.compile(r"<(script|style|svg|form|select|nav)\b.*?</\1>", re.S),
    re.compile(r'<a class="headerlink"[^>]*>.*?</a>', re.S),
    re.compile(r'<p class="dvk-edit">.*?</p>', re.S),
]
_HTML_BLOCK = re.compile(
    r"</?(?:p|div|h[1-6]|li|ul|ol|dl|dt|dd|tr|table|section|article|figure|figcaption"
    r"|blockquote|pre|br|hr)\b[^>]*>"
)


def html_text(content: str) -> str:
    """The text of rendered page content, one line per block."""
    for pattern in _HTML_DROP:
        content = pattern.sub(" ", content)
    content = _HTML_BLOCK.sub("\n", content)
    content = html.unescape(_TAG.sub(" ", content))
    lines = (_SPACE.sub(" ", line).strip() for line in content.split("\n"))
    return "\n".join(line for line in lines if line)
