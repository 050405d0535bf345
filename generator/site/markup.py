"""Small HTML pieces shared by the pages: escaping, links, cards, sanitising."""

from __future__ import annotations

import re
from html import escape

import nh3

from generator.data.model import STATUSES, Model
from generator.site import urls


def e(text: object) -> str:
    return escape(str(text), quote=True)


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
