"""Rendering the catalogue into Markdown pages (with small HTML parts).

The result is a mapping from a source path ("mo-hinh/<slug>/index.md") to its
text; the MkDocs adapter hands these to the build as generated files.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from collections.abc import Container, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

from generator.site.catalogue import CATALOGUE_URI, catalogue_page
from generator.site.guide import block as guide_block
from generator.site.markup import cards, e, field_uri, href, model_uri, unit_uri
from generator.data.jsonschema import site_data as schema_data
from generator.data.model import Catalog, Commendation, Model
from generator.data.text import format_date, sort_key

SHOWCASE_URI = "mo-hinh-diem/index.md"
HONOURS_URI = "dien-hinh-tien-tien/index.md"
FIELDS_URI = "linh-vuc/index.md"
UNITS_URI = "don-vi/index.md"


@dataclass
class Site:
    """Everything the core produces: pages as Markdown and files to copy."""

    pages: dict[str, str] = field(default_factory=dict)
    files: dict[str, Path] = field(default_factory=dict)  # site path -> file on disk
    data: dict[str, str | bytes] = field(default_factory=dict)  # site path -> content
    models: dict[str, Model] = field(default_factory=dict)  # page -> its model
    # Finished HTML of each page, kept out of its Markdown (see Renderer.raw).
    fragments: dict[str, list[str]] = field(default_factory=dict)


def front_matter(title: str, description: str, **extra: object) -> str:
    """YAML front matter; JSON values are valid YAML and much faster to write."""
    # Material writes both into HTML as they are: escape them here.
    meta = {"title": e(title), "description": e(description), **extra}
    lines = "".join(
        f"{key}: {json.dumps(value, ensure_ascii=False)}\n" for key, value in meta.items()
    )
    return f"---\n{lines}---\n\n"


def without_front_matter(page: str) -> str:
    """A generated page's Markdown after its front matter, as MkDocs reads it."""
    if page.startswith("---\n"):
        page = page[page.index("\n---\n") + 5 :]
    return page.lstrip("\n")


class Renderer:
    def __init__(self, catalog: Catalog, directory_urls: bool = True):
        self.catalog = catalog
        self.settings = catalog.settings
        self.directory_urls = directory_urls
        self.fragments: dict[str, list[str]] = {}
        self._current: list[str] = []

    def link(self, from_uri: str, to_uri: str) -> str:
        return href(from_uri, to_uri, self.directory_urls)

    def cards(self, models: list[Model], from_uri: str, level: int = 3) -> str:
        return self.raw(cards(models, from_uri, level, self.directory_urls))

    def raw(self, html: str) -> str:
        """A marker standing for finished HTML in the page being rendered.

        Python-Markdown would parse generated HTML again, which was most of a model
        page's build time; the adapter puts the HTML in place after conversion.
        """
        self._current.append(html)
        return f"\n\n{marker(len(self._current) - 1)}\n\n"

    def render(self, site: Site, uri: str, page, *args) -> None:
        self._current = self.fragments.setdefault(uri, [])
        site.pages[uri] = page(*args)

    def site(self) -> Site:
        site = self.model_pages()
        self.other_pages(site)
        return site

    def model_pages(self, models: Iterable[Model] | None = None) -> Site:
        """The models' own pages (of `models` only, if given): the site's bulk, made
        first so that their conversion to HTML can start while the other pages are made."""
        site = Site(fragments=self.fragments)
        for model in self.catalog.published if models is None else models:
            uri = model_uri(model)
            self.render(site, uri, self.model_page, model)
            site.models[uri] = model
            for image in model.images:
                site.files[f"mo-hinh/{model.slug}/{image.name}"] = image.path
        return site

    def other_pages(
        self, site: Site, fields: Container[str] | None = None, units: Container[str] | None = None
    ) -> None:
        """Every other page; of the field and unit listings, those of `fields` and
        `units` only, if given."""
        for f in self.settings.fields:
            if fields is None or f.id in fields:
                self.field_page(site, f.id)
        for unit in self.catalog.sorted_units:
            if units is None or unit.id in units:
                self.unit_page(site, unit.id)
        self.render(site, FIELDS_URI, self.fields_index)
        self.render(site, UNITS_URI, self.units_index)
        self.render(site, SHOWCASE_URI, self.showcase_page)
        self.render(site, HONOURS_URI, self.honours_page)
        site.pages[CATALOGUE_URI] = catalogue_page(self.catalog, self.directory_urls)
        # Imported here: these modules build on this one's helpers.
        from generator.site.feed import FEED_PATH, atom_feed
        from generator.site.opendata import DATA_URI, OpenData
        from generator.site.statspage import STATS_URI, stats_page

        self.render(site, STATS_URI, stats_page, self)
        open_data = OpenData(self.catalog, self.directory_urls)
        site.pages[DATA_URI] = open_data.page()
        site.data.update(open_data.files())
        site.data[FEED_PATH] = atom_feed(self.catalog, self.directory_urls)
        site.data.update(schema_data(self.settings))

    # -- one model -------------------------------------------------------------

    def model_page(self, model: Model) -> str:
        uri = model_uri(model)
        parts = [
            front_matter(model.title, model.summary),
            self.raw(f'<p class="dvk-lead">{e(model.summary)}</p>' + self.facts(model, uri)),
        ]
        if model.results:
            rows = "".join(
                f'<tr><td>{e(r.label)}</td><td class="dvk-num">{e(number(r.value))}</td>'
                f"<td>{e(r.unit or '')}</td></tr>"
                for r in model.results
            )
            table = (
                '<table class="dvk-results"><thead><tr><th scope="col">Chỉ tiêu</th>'
                '<th scope="col">Giá trị</th><th scope="col">Đơn vị tính</th></tr></thead>'
                f"<tbody>{rows}</tbody></table>"
            )
            parts.append("## Số liệu kết quả\n" + self.raw(table))
        # A marker typed into a body must not pull the page's own HTML in.
        parts.append(without_markers(model.body).strip() + "\n")
        if model.images:
            figures = "".join(
                f'<figure class="dvk-figure"><img alt="{e(image.caption)}" loading="lazy" '
                f'src="{e(quote(image.name))}"><figcaption>{e(image.caption)}</figcaption></figure>'
                for image in model.images
            )
            parts.append("## Hình ảnh\n" + self.raw(figures))
        if model.tags:
            tags = "".join(f'<li class="dvk-tag">{e(tag)}</li>' for tag in model.tags)
            parts.append("## Từ khoá\n" + self.raw(f'<ul class="dvk-tags">{tags}</ul>'))
        related = self.catalog.related(model)
        if related:
            parts.append("## Mô hình liên quan\n\n" + self.cards(related, uri) + "\n")
        if self.settings.edit_url:
            parts.append(
                self.raw(
                    f'<p class="dvk-edit"><a href="{e(self.settings.edit_url + model.source)}">'
                    "Đề xuất sửa thông tin mô hình này</a></p>"
                )
            )
        return "\n".join(parts)

    def facts(self, model: Model, uri: str) -> str:
        unit = model.unit
        rows = [
            (
                "Lĩnh vực",
                f'<a href="{e(self.link(uri, field_uri(model.field.id)))}">{e(model.field.name)}</a>',
            ),
            ("Nhóm", e(model.field.group_name)),
            (
                "Đơn vị thực hiện",
                f'<a href="{e(self.link(uri, unit_uri(unit.id)))}">{e(unit.name)}</a>',
            ),
            ("Địa bàn", e(unit.locality)),
            ("Loại mô hình", e(model.kind_name)),
            ("Ngày đăng ký", date_html(model.registered)),
            ("Bình xét hằng năm", self.reviews_html(model)),
            (
                "Mô hình điểm",
                f"Từ {date_html(model.showcase)}" if model.showcase else "Chưa",
            ),
        ]
        if model.commendations:
            items = "".join(
                f"<li>{commendation_html(c)}</li>" for c in reversed(model.commendations)
            )
            rows.append(("Biểu dương", f'<ul class="dvk-plain">{items}</ul>'))
        if model.ended:
            rows.append(("Tình trạng", f"Đã dừng từ {date_html(model.ended)}"))
        inner = "".join(f"<div><dt>{label}</dt><dd>{value}</dd></div>" for label, value in rows)
        return f'<dl class="dvk-facts" aria-label="Thông tin mô hình">{inner}</dl>\n'

    @staticmethod
    def reviews_html(model: Model) -> str:
        if not model.reviews:
            return "Chưa bình xét"
        items = "".join(
            f'<li class="dvk-review dvk-review--{"yes" if ok else "no"}">{year}: '
            f"{'được công nhận' if ok else 'không được công nhận'}</li>"
            for year, ok in model.reviews.items()
        )
        return f'<ul class="dvk-plain">{items}</ul>'

    # -- listings ----------------------------------------------------------------

    def listing(
        self,
        site: Site,
        uri: str,
        title: str,
        description: str,
        head: str,
        models: list[Model],
        empty: str = "Chưa có mô hình “Dân vận khéo” nào được đăng.",
    ) -> None:
        """A listing of model cards under `head` (HTML), split into pages so that a
        phone never loads thousands of cards: uri, then .../trang/2/, .../trang/3/ ..."""
        size = self.settings.page_size
        chunks = [models[i : i + size] for i in range(0, len(models), size)] or [[]]
        uris = [uri] + [
            uri.replace("index.md", f"trang/{n}/index.md") for n in range(2, len(chunks) + 1)
        ]
        for number, (page_uri, chunk) in enumerate(zip(uris, chunks, strict=True), start=1):
            self._current = self.fragments.setdefault(page_uri, [])
            heading = title if number == 1 else f"{title} (trang {number})"
            body = (
                self.cards(chunk, page_uri, level=2)
                if models
                else self.raw(f'<p class="dvk-empty">{e(empty)}</p>')
            )
            site.pages[page_uri] = (
                # A further page repeats the first one, less the cards: not searched.
                front_matter(
                    heading, description, **({"search": {"exclude": True}} if number > 1 else {})
                )
                + self.raw(head)
                + body
                + self.pager(page_uri, uris, number)
            )

    def pager(self, uri: str, uris: list[str], number: int) -> str:
        """Previous, first, neighbours, last, next: a few links, however many pages."""
        if len(uris) == 1:
            return ""
        shown = sorted({1, len(uris), *range(max(1, number - 2), min(len(uris), number + 2) + 1)})
        items = []
        if number > 1:
            items.append(self.page_link(uri, uris[number - 2], "‹ Trang trước", 'rel="prev"'))
        for previous, n in zip([0, *shown], shown, strict=False):
            if n - previous > 1:
                items.append('<li class="dvk-pager__gap" aria-hidden="true">…</li>')
            current = 'aria-current="page"' if n == number else ""
            items.append(self.page_link(uri, uris[n - 1], str(n), current))
        if number < len(uris):
            items.append(self.page_link(uri, uris[number], "Trang sau ›", 'rel="next"'))
        return self.raw(
            f'<nav class="dvk-pager" aria-label="Phân trang"><ul>{"".join(items)}</ul></nav>'
        )

    def page_link(self, uri: str, target: str, label: str, attributes: str) -> str:
        attributes = f" {attributes}" if attributes else ""
        return f'<li><a href="{e(self.link(uri, target))}"{attributes}>{label}</a></li>'

    def field_page(self, site: Site, field_id: str) -> None:
        f = self.settings.field_by_id()[field_id]
        models = self.catalog.by_field[field_id]
        intro = f"Nhóm lĩnh vực: {f.group_name}. {count_text(len(models))}."
        self.listing(site, field_uri(field_id), f.name, intro, f"<p>{e(intro)}</p>", models)

    def unit_page(self, site: Site, unit_id: str) -> None:
        unit = self.catalog.units[unit_id]
        models = self.catalog.by_unit[unit_id]
        facts = [("Loại đơn vị", unit.type_name), ("Địa bàn", unit.locality)]
        if unit.parent:
            facts.append(("Trực thuộc", unit.parent))
        facts.append(("Số mô hình", str(len(models))))
        dl = "".join(f"<div><dt>{k}</dt><dd>{e(v)}</dd></div>" for k, v in facts)
        description = f"{unit.name}, {unit.locality}: {count_text(len(models)).lower()}."
        head = f'<dl class="dvk-facts">{dl}</dl>'
        empty = "Đơn vị chưa có mô hình “Dân vận khéo” nào được đăng."
        self.listing(site, unit_uri(unit_id), unit.name, description, head, models, empty)

    def fields_index(self) -> str:
        rows = []
        for f in self.settings.fields:
            count = len(self.catalog.by_field[f.id])
            link = self.link(FIELDS_URI, field_uri(f.id))
            rows.append(
                f'<li><a href="{e(link)}">{e(f.name)}</a> <span class="dvk-count">{count} mô hình</span></li>'
            )
        description = f"{len(self.settings.fields)} lĩnh vực của phong trào thi đua “Dân vận khéo”."
        return (
            front_matter("Lĩnh vực", description)
            + f"{description}\n\n"
            + self.raw(f'<ul class="dvk-fields">{"".join(rows)}</ul>')
        )

    def units_index(self) -> str:
        by_locality: dict[str, list] = defaultdict(list)
        for unit in self.catalog.sorted_units:
            by_locality[unit.locality].append(unit)
        sections = []
        for locality in sorted(by_locality, key=sort_key):
            rows = "".join(
                f'<tr><td><a href="{e(self.link(UNITS_URI, unit_uri(u.id)))}">{e(u.name)}</a></td>'
                f'<td>{e(u.type_name)}</td><td class="dvk-num">{len(self.catalog.by_unit[u.id])}</td></tr>'
                for u in by_locality[locality]
            )
            table = (
                '<table class="dvk-table"><thead><tr><th scope="col">Đơn vị</th>'
                '<th scope="col">Loại</th><th scope="col">Số mô hình</th></tr></thead>'
                f"<tbody>{rows}</tbody></table>"
            )
            sections.append(f"## {md_escape(locality)}\n" + self.raw(table))
        description = f"{len(self.catalog.units)} đơn vị thực hiện mô hình, theo địa bàn."
        return (
            front_matter("Đơn vị thực hiện", description)
            + f"{description}\n\n"
            + "\n".join(sections)
        )

    def showcase_page(self) -> str:
        models = self.catalog.showcase
        description = (
            "Mô hình được công nhận ít nhất hai năm và được chọn xây dựng thành mô hình điểm "
            f"để các nơi học tập, nhân rộng. {count_text(len(models))}."
        )
        return (
            front_matter("Mô hình điểm", description)
            + f"{description}\n\n"
            + self.cards(models, SHOWCASE_URI, 2)
            + "\n"
        )

    def honours_page(self) -> str:
        groups: dict[Commendation, list[Model]] = defaultdict(list)
        for model in self.catalog.published:
            for c in model.commendations:
                groups[c].append(model)
        description = (
            "Các mô hình “Dân vận khéo” được biểu dương điển hình tiên tiến, "
            "theo từng đợt biểu dương, mới nhất trước."
        )
        sections = []
        for c in sorted(
            groups, key=lambda c: (-c.date.toordinal(), sort_key(c.by), c.decision or "")
        ):
            heading = c.title or f"Biểu dương ngày {format_date(c.date)}"
            source = ", ".join(filter(None, [c.decision, f"ngày {format_date(c.date)}", c.by]))
            models = sorted(groups[c], key=lambda m: sort_key(m.title))
            sections.append(
                f"## {md_escape(heading)}\n"
                + self.raw(f'<p class="dvk-meta">{e(source)}</p>')
                + self.cards(models, HONOURS_URI, 3)
                + "\n"
            )
        if not sections:
            sections.append('<p class="dvk-empty">Chưa có mô hình nào được biểu dương.</p>\n')
        return (
            front_matter("Điển hình tiên tiến", description)
            + f"{description}\n\n"
            + "\n".join(sections)
        )

    # -- blocks for hand-written pages -------------------------------------------

    def block(self, name: str, uri: str) -> str | None:
        """HTML for a `<!-- dvk:NAME -->` marker in a hand-written page."""
        catalog = self.catalog
        if name == "mo-hinh-diem":
            return self.cards(catalog.showcase[:6], uri, 3)
        if name == "bieu-duong":
            return self.cards(catalog.commended[:6], uri, 3)
        if name == "linh-vuc":
            items = "".join(
                f'<li><a href="{e(self.link(uri, field_uri(f.id)))}">{e(f.name)}</a> '
                f'<span class="dvk-count">{len(catalog.by_field[f.id])} mô hình</span></li>'
                for f in self.settings.fields
            )
            return f'<ul class="dvk-fields">{items}</ul>'
        if name == "so-lieu":
            figures = [
                (len(catalog.published), "mô hình"),
                (len(catalog.units), "đơn vị"),
                (len(catalog.showcase), "mô hình điểm"),
                (len(catalog.commended), "mô hình được biểu dương"),
            ]
            items = "".join(f"<li><strong>{n}</strong> {label}</li>" for n, label in figures)
            return f'<ul class="dvk-figures">{items}</ul>'
        if name == "to-chuc":
            return e(self.settings.organization)
        return guide_block(name, catalog)

    def fill_blocks(self, markdown: str, uri: str) -> str:
        self._current = self.fragments.setdefault(uri, [])

        def replace(match: re.Match) -> str:
            html = self.block(match.group(1), uri)
            return match.group(0) if html is None else html

        return BLOCK.sub(replace, markdown)


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


BLOCK = re.compile(r"<!--\s*dvk:([a-z-]+)\s*-->")


def count_text(count: int) -> str:
    return f"{count} mô hình" if count else "Chưa có mô hình"


def date_html(value) -> str:
    return f'<time datetime="{value.isoformat()}">{format_date(value)}</time>'


def commendation_html(c: Commendation) -> str:
    parts = [date_html(c.date), e(c.by)]
    if c.decision:
        parts.append(e(c.decision))
    text = ", ".join(parts)
    return f"{text}: {e(c.title)}" if c.title else text


def number(value: int | float) -> str:
    """Vietnamese number format: 1.250 and 3,5."""
    if isinstance(value, float) and not value.is_integer():
        whole, _, frac = f"{value:,.2f}".rstrip("0").partition(".")
        return whole.replace(",", ".") + "," + frac
    return f"{int(value):,}".replace(",", ".")


def md_escape(text: str) -> str:
    return re.sub(r"([\\`*_\[\]{}<>#|!])", r"\\\1", text)
