"""Rendering the catalog into Markdown pages (with small HTML parts).

The result is a mapping from a source path ("mo-hinh/<slug>/index.md") to its
text; the MkDocs adapter hands these to the build as generated files.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Container, Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from urllib.parse import quote

from generator.data.jsonschema import dump, schemas
from generator.data.model import SHOWCASE_MIN_YEARS_WORDS, Catalog, Commendation, Model, Unit
from generator.data.settings import Settings
from generator.data.text import format_date, sort_key
from generator.data.validate import VIETNAM
from generator.site import downloads, guide, qr, urls
from generator.site.catalogue import catalogue_page
from generator.site.editor import form_config
from generator.site.feed import atom_feed
from generator.site.markup import (
    cards,
    commendation_text,
    count_text,
    date_html,
    e,
    front_matter,
    marker,
    md_escape,
    number,
    without_markers,
)
from generator.site.opendata import OpenData
from generator.site.signs import sign_files
from generator.site.statspage import stats_page


@dataclass
class Site:
    """Everything the core produces: pages as Markdown and files to copy."""

    pages: dict[str, str] = field(default_factory=dict)
    files: dict[str, Path] = field(default_factory=dict)  # site path -> file on disk
    data: dict[str, str | bytes] = field(default_factory=dict)  # site path -> content
    models: dict[str, Model] = field(default_factory=dict)  # page -> its model
    # Finished HTML of each page, kept out of its Markdown (see Renderer.raw).
    fragments: dict[str, list[str]] = field(default_factory=dict)


def when_registered(now: str, then: str) -> str:
    """What a unit was called (or where it was) when the model was registered, if not now."""
    return "" if then == now else f' <span class="dvk-meta">(khi đăng ký: {e(then)})</span>'


def former_lines(unit: Unit) -> list[str]:
    """ "Trước 01/07/2025: Phường Sông Cầu", one line per history entry, newest first."""
    lines = []
    for start, former in unit.periods():
        if start is None:
            when = f"Trước {format_date(former.until + timedelta(days=1))}"
        else:
            when = f"Từ {format_date(start)} đến {format_date(former.until)}"
        lines.append(f"{when}: {former.text()}")
    return lines[::-1]


# A `<!-- dvk:NAME -->` marker in a hand-written page (see Renderer.block).
BLOCK = re.compile(r"<!--\s*dvk:([a-z-]+)\s*-->")


class Renderer:
    def __init__(
        self, catalog: Catalog, directory_urls: bool = True, moment: datetime | None = None
    ):
        self.catalog = catalog
        self.settings = catalog.settings
        self.directory_urls = directory_urls
        # When the site is made (SOURCE_DATE_EPOCH, for a build): the year of the
        # review sheets it publishes, the day they are dated.
        self.moment = moment or datetime.now(VIETNAM)
        self.fragments: dict[str, list[str]] = {}
        self._current: list[str] = []

    def link(self, from_uri: str, to_uri: str) -> str:
        return urls.link(from_uri, to_uri, self.directory_urls)

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

    def model_pages(self, models: Iterable[Model] | None = None) -> Site:
        """The models' own pages (of `models` only, if given): the site's bulk, made
        first so that their conversion to HTML can start while the other pages are made."""
        site = Site(fragments=self.fragments)
        for model in self.catalog.published if models is None else models:
            uri = urls.model(model.slug)
            self.render(site, uri, self.model_page, model)
            site.models[uri] = model
            for image in model.images:
                site.files[urls.image(model.slug, image.name)] = image.path
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
        self.render(site, urls.FIELDS, self.fields_index)
        self.render(site, urls.UNITS, self.units_index)
        self.render(site, urls.SHOWCASE, self.showcase_page)
        self.render(site, urls.HONOURS, self.honours_page)
        site.pages[urls.CATALOGUE] = catalogue_page(self.catalog, self.directory_urls)
        self.render(site, urls.STATS, stats_page, self.catalog, self.directory_urls)
        open_data = OpenData(self.catalog, self.directory_urls)
        site.pages[urls.DATA] = open_data.page() + self.sheets_section()
        site.data.update(open_data.files())
        site.data.update(downloads.sheets(self.catalog, self.moment))
        site.data[urls.FEED] = atom_feed(self.catalog, self.directory_urls)
        site.data.update(self.qr_files())
        site.data.update(sign_files(self.catalog, self.directory_urls))
        site.data.update(schema_files(self.settings))

    def qr_files(self) -> dict[str, str]:
        """Every model's qr.svg. Made with the pages about all models, not with each
        model's page, so that `mkdocs serve`, which makes again only the pages of the
        models edited, still has every file (the codes are kept in memory, see qr.py)."""
        if not self.settings.site_url:
            return {}
        return {
            urls.qr_code(m.slug): qr.svg_file(self.address(urls.model(m.slug)))
            for m in self.catalog.published
        }

    # -- one model -------------------------------------------------------------

    def model_page(self, model: Model) -> str:
        uri = urls.model(model.slug)
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
        parts.append(self.raw(self.share(model, uri)))
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

    def address(self, uri: str) -> str:
        """A page's absolute address; empty where the site's own is not known."""
        site_url = self.settings.site_url
        return urls.url(site_url, uri, self.directory_urls) if site_url else ""

    def share(self, model: Model, uri: str) -> str:
        """The page's address and its QR code: behind "Chia sẻ / In" on screen, at the end
        of the printed page. Nothing without the site's address."""
        address = self.address(uri)
        if not address:
            return ""
        sign = ""
        if model.showcase:
            link = urls.html_link(uri, urls.sign(model.slug), self.directory_urls)
            sign = f' · <a href="{e(link)}">In biển mô hình điểm</a>'
        code = qr.inline_svg(address, "Mã QR của địa chỉ trang này")
        return (
            '<aside class="dvk-share" aria-label="Chia sẻ, in trang">'
            "<details><summary>Chia sẻ / In</summary>"
            "<p>Quét mã QR bằng máy ảnh điện thoại để mở trang này. In trang: bấm Ctrl + P "
            "(trên điện thoại: trình đơn của trình duyệt → Chia sẻ → In), rồi chọn máy in "
            "hoặc “Lưu dưới dạng PDF”.</p>"
            f'<p><a href="{e(urls.file_link(uri, urls.qr_code(model.slug)))}" download>'
            f"Tải mã QR (tệp SVG)</a>{sign}</p></details>"
            f'<figure class="dvk-qr">{code}<figcaption>Địa chỉ trang: '
            f'<a href="{e(address)}">{e(address)}</a></figcaption></figure></aside>'
        )

    def facts(self, model: Model, uri: str) -> str:
        unit = model.unit
        # The unit as it is now, and as it was when the model was registered.
        name, locality, _ = unit.at(model.registered)
        rows = [
            (
                "Lĩnh vực",
                f'<a href="{e(self.link(uri, urls.field(model.field.id)))}">{e(model.field.name)}</a>',
            ),
            ("Nhóm", e(model.field.group_name)),
            (
                "Đơn vị thực hiện",
                f'<a href="{e(self.link(uri, urls.unit(unit.id)))}">{e(unit.name)}</a>'
                + when_registered(unit.name, name),
            ),
            ("Địa bàn", e(unit.locality) + when_registered(unit.locality, locality)),
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
                f"<li>{commendation_text(c, date_html, e)}</li>"
                for c in reversed(model.commendations)
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
        uris = urls.listing_pages(uri, len(chunks))
        for page_number, (page_uri, chunk) in enumerate(zip(uris, chunks, strict=True), start=1):
            self._current = self.fragments.setdefault(page_uri, [])
            heading = title if page_number == 1 else f"{title} (trang {page_number})"
            body = (
                self.cards(chunk, page_uri, level=2)
                if models
                else self.raw(f'<p class="dvk-empty">{e(empty)}</p>')
            )
            site.pages[page_uri] = (
                # A further page repeats the first one, less the cards: not searched.
                front_matter(
                    heading,
                    description,
                    **({"search": {"exclude": True}} if page_number > 1 else {}),
                )
                + self.raw(head)
                + body
                + self.pager(page_uri, uris, page_number)
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
        self.listing(site, urls.field(field_id), f.name, intro, f"<p>{e(intro)}</p>", models)

    def unit_page(self, site: Site, unit_id: str) -> None:
        unit = self.catalog.units[unit_id]
        models = self.catalog.by_unit[unit_id]
        place = unit.locality + (f" (mã {unit.locality_code})" if unit.locality_code else "")
        facts = [("Loại đơn vị", e(unit.type_name)), ("Địa bàn", e(place))]
        if unit.parent:
            facts.append(("Trực thuộc", e(unit.parent)))
        if unit.history:
            items = "".join(f"<li>{e(text)}</li>" for text in former_lines(unit))
            facts.append(("Tên, địa bàn cũ", f'<ul class="dvk-plain">{items}</ul>'))
        facts.append(("Số mô hình", str(len(models))))
        dl = "".join(f"<div><dt>{k}</dt><dd>{v}</dd></div>" for k, v in facts)
        description = f"{unit.name}, {unit.locality}: {count_text(len(models)).lower()}."
        head = f'<dl class="dvk-facts">{dl}</dl>'
        empty = "Đơn vị chưa có mô hình “Dân vận khéo” nào được đăng."
        self.listing(site, urls.unit(unit_id), unit.name, description, head, models, empty)

    def fields_index(self) -> str:
        rows = []
        for f in self.settings.fields:
            count = len(self.catalog.by_field[f.id])
            link = self.link(urls.FIELDS, urls.field(f.id))
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
                f'<tr><td><a href="{e(self.link(urls.UNITS, urls.unit(u.id)))}">{e(u.name)}</a></td>'
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
            f"Mô hình được công nhận ít nhất {SHOWCASE_MIN_YEARS_WORDS} năm và được chọn xây dựng thành mô hình điểm "
            f"để các nơi học tập, nhân rộng. {count_text(len(models))}."
        )
        signs = urls.html_link(urls.SHOWCASE, urls.SIGNS, self.directory_urls)
        return (
            front_matter("Mô hình điểm", description)
            + f"{description}\n\n"
            + self.cards(models, urls.SHOWCASE, 2)
            + self.raw(
                f'<p class="dvk-meta">Biển mô hình điểm để in, có mã QR đến trang từng mô hình: '
                f'<a href="{e(signs)}">Biển mô hình điểm</a>.</p>'
            )
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
            source = commendation_text(c, lambda day: f"ngày {format_date(day)}", citation=True)
            models = sorted(groups[c], key=lambda m: sort_key(m.title))
            sections.append(
                f"## {md_escape(heading)}\n"
                + self.raw(f'<p class="dvk-meta">{e(source)}</p>')
                + self.cards(models, urls.HONOURS, 3)
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
                f'<li><a href="{e(self.link(uri, urls.field(f.id)))}">{e(f.name)}</a> '
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
        if name == "soan-mo-hinh":  # a link to the editor page, where there is one
            if form_config(catalog) is None:
                return "Soạn mô hình"
            return f'<a href="{e(urls.html_link(uri, urls.EDITOR, self.directory_urls))}">Soạn mô hình</a>'
        if name == "bien-mo-hinh":
            return f'<a href="{e(urls.html_link(uri, urls.SIGNS, self.directory_urls))}">Biển mô hình điểm</a>'
        if name == "bang-tinh":
            return downloads.links_markdown(uri, self.moment)
        return guide.section(name, catalog)

    def sheets_section(self) -> str:
        """The open-data page's part on the sheets staff download, fill and upload."""
        return (
            "\n## Bảng tính để bình xét, biểu dương và thêm mô hình\n\n"
            "Bảng bình xét liệt kê mọi mô hình đang thực hiện trong năm, để điền kết quả "
            "và chọn mô hình điểm; mẫu biểu dương là một đợt biểu dương (số, ngày, cơ quan "
            "của quyết định ở trên bảng); mẫu mô hình mới có các cột để nhập mô hình. Các "
            "bảng được tạo lại mỗi lần trang được cập nhật.\n\n"
            + downloads.links_html(urls.DATA, self.moment, self.directory_urls)
            + "\n"
        )

    def fill_blocks(self, markdown: str, uri: str) -> str:
        self._current = self.fragments.setdefault(uri, [])

        def replace(match: re.Match) -> str:
            html = self.block(match.group(1), uri)
            return match.group(0) if html is None else html

        return BLOCK.sub(replace, markdown)


def schema_files(settings: Settings) -> dict[str, str]:
    """The JSON Schemas of the model and unit files, published under /schema/."""
    return {f"{urls.SCHEMA_DIR}/{name}": dump(s) for name, s in schemas(settings).items()}
