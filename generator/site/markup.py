"""Small HTML pieces shared by the pages: escaping, links, cards, sanitising."""

from __future__ import annotations

import posixpath
import re
from html import escape

import nh3

from generator.data.model import STATUSES, Model


def e(text: object) -> str:
    return escape(str(text), quote=True)


def page_dir(uri: str) -> str:
    """Folder of the page a generated source file becomes ("a/b/index.md" -> "a/b")."""
    return posixpath.dirname(uri)


def href(from_uri: str, to_uri: str, directory_urls: bool = True) -> str:
    """Relative link between two pages given by their source paths (".../index.md")."""
    source = [part for part in page_dir(from_uri).split("/") if part]
    target = [part for part in page_dir(to_uri).split("/") if part]
    common = 0
    while common < min(len(source), len(target)) and source[common] == target[common]:
        common += 1
    rel = "/".join([".."] * (len(source) - common) + target[common:])
    if directory_urls:
        return rel + "/" if rel else "./"
    return posixpath.join(rel, "index.html")


def model_uri(model: Model) -> str:
    return f"mo-hinh/{model.slug}/index.md"


def field_uri(field_id: str) -> str:
    return f"linh-vuc/{field_id}/index.md"


def unit_uri(unit_id: str) -> str:
    return f"don-vi/{unit_id}/index.md"


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
    link = href(from_uri, model_uri(model), directory_urls)
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
