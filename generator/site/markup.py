"""The shared toolkit of the pages: escaping, numbers and dates, front matter, the
markers that keep generated HTML out of Markdown, cards and sanitising."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from html import escape

import nh3

from generator.data.model import STATUSES, Commendation, Model
from generator.data.text import format_date
from generator.site import urls


def e(text: object) -> str:
    return escape(str(text), quote=True)


def front_matter(title: str, description: str, **extra: object) -> str:
    """YAML front matter; JSON values are valid YAML and much faster to write."""
    # Material writes both into HTML as they are: escape them here.
    meta = {"title": e(title), "description": e(description), **extra}
    lines = "".join(
        f"{key}: {json.dumps(value, ensure_ascii=False, allow_nan=False)}\n"
        for key, value in meta.items()
    )
    return f"---\n{lines}---\n\n"


def without_front_matter(page: str) -> str:
    """A generated page's Markdown after its front matter, as MkDocs reads it."""
    if page.startswith("---\n"):
        page = page[page.index("\n---\n") + 5 :]
    return page.lstrip("\n")


# A paragraph of one word: Python-Markdown passes it through at the cost of any
# paragraph, where an HTML comment would go through its HTML parser. Only a whole
# line is a marker: the word in a heading's anchor or in text is not.
MARKER = re.compile(r"^(?:<p>)?dvkfragment(\d+)x(?:</p>)?$", re.MULTILINE)
_MARKER_WORD = re.compile(r"dvkfragment\d+x", re.IGNORECASE)


def without_markers(text: str) -> str:
    """The text with any marker word taken out (until none is left)."""
    while _MARKER_WORD.search(text):
        text = _MARKER_WORD.sub("", text)
    return text


def marker(index: int) -> str:
    return f"dvkfragment{index}x"


def assemble(html: str, fragments: list[str], clean=None) -> str:
    """Put each fragment in place of its marker; `clean` runs on the text between them."""
    pieces = MARKER.split(html)
    for i in range(0, len(pieces), 2):
        if clean is not None:
            pieces[i] = clean(pieces[i])
    for i in range(1, len(pieces), 2):
        index = int(pieces[i])
        pieces[i] = fragments[index] if index < len(fragments) else ""
    return "".join(pieces)


def count_text(count: int) -> str:
    return f"{count} mô hình" if count else "Chưa có mô hình"


def date_html(value) -> str:
    return f'<time datetime="{value.isoformat()}">{format_date(value)}</time>'


def commendation_text(
    c: Commendation, dated: Callable | None = None, escape: Callable = str, citation: bool = False
) -> str:
    """ "date, by, decision: title", each part where there is one; the date as
    `dated` writes it (none without), the text as `escape` writes it. As a
    `citation`, under a heading that holds the title: "decision, date, by"."""
    when = [dated(c.date)] if dated else []
    if citation:
        return ", ".join([escape(c.decision)] * bool(c.decision) + when + [escape(c.by)])
    text = ", ".join(when + [escape(part) for part in (c.by, c.decision) if part])
    return f"{text}: {escape(c.title)}" if c.title else text


def number(value: int | float) -> str:
    """Vietnamese number format: 1.250 and 3,5."""
    if isinstance(value, float) and not value.is_integer():
        # Two decimals at most; a figure they round to a whole (2.001) shows as one.
        whole, _, frac = f"{value:,.2f}".rstrip("0").rstrip(".").partition(".")
        whole = "0" if whole == "-0" and not frac else whole.replace(",", ".")
        return whole + ("," + frac if frac else "")
    return f"{int(value):,}".replace(",", ".")


def md_escape(text: str) -> str:
    return re.sub(r"([\\`*_\[\]{}<>#|!])", r"\\\1", text)


def badges(model: Model) -> str:
    labels = [(status, STATUSES[status]) for status in model.statuses[1:]]
    if model.ended:
        labels.append(("da-dung", "Đã dừng"))
    if not labels:
        return ""
    spans = "".join(
        f'<span class="dvk-badge dvk-badge--{status}">{e(label)}</span>' for status, label in labels
    )
    return f'<p class="dvk-badges">{spans}</p>'


def card(model: Model, from_uri: str, level: int = 3, directory_urls: bool = True) -> str:
    """One model as a card: title link, field and unit, summary, status badges."""
    link = urls.link(from_uri, urls.model(model.slug), directory_urls)
    return (
        f'<article class="dvk-card" data-field="{e(model.field.id)}">'
        f'<h{level} class="dvk-card__title"><a href="{e(link)}">{e(model.title)}</a></h{level}>'
        f'<p class="dvk-card__meta">{e(model.unit.name)} · {e(model.unit.locality)}</p>'
        f'<p class="dvk-card__summary">{e(model.summary)}</p>'
        f"{badges(model)}"
        "</article>"
    )


def cards(models: list[Model], from_uri: str, level: int = 3, directory_urls: bool = True) -> str:
    if not models:
        return '<p class="dvk-empty">Chưa có mô hình nào.</p>'
    inner = "".join(card(m, from_uri, level, directory_urls) for m in models)
    return f'<div class="dvk-cards">{inner}</div>'


# What a model's body may contain once rendered; everything else is dropped.
_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "caption", "code", "dd", "del", "details", "div",
    "dl", "dt", "em", "figcaption", "figure", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "i",
    "img", "ins", "kbd", "li", "mark", "ol", "p", "pre", "q", "s", "small", "span", "strong",
    "sub", "summary", "sup", "table", "tbody", "td", "tfoot", "th", "thead", "tr", "u", "ul",
    "time",
}  # fmt: skip
_HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
_ATTRIBUTES = {
    "*": {"class", "title", "lang", "dir"},
    "a": {"href", "title"},
    "img": {"src", "alt", "width", "height", "loading", "decoding"},
    "td": {"colspan", "rowspan", "align"},
    "th": {"colspan", "rowspan", "align", "scope"},
    "ol": {"start", "type"},
    "time": {"datetime"},
    "details": {"open"},
    # Anchors of the body's own headings (the page's table of contents links to them).
    **{heading: {"id"} for heading in _HEADINGS},
}


def _local_images_only(element: str, attribute: str, value: str) -> str | None:
    """Images come from the model's own folder: no tracking pixels from elsewhere."""
    if (
        element == "img"
        and attribute == "src"
        and re.match(r"^(?:[a-z][a-z0-9+.-]*:|//)", value, re.I)
    ):
        return None
    return value


_CLEANER = nh3.Cleaner(
    tags=_TAGS,
    attributes=_ATTRIBUTES,
    attribute_filter=_local_images_only,
    url_schemes={"http", "https", "mailto", "tel"},
    strip_comments=True,
)


def sanitize(html: str) -> str:
    """Remove scripts, event handlers, unsafe links and outside images from page content."""
    return _CLEANER.clean(html)
