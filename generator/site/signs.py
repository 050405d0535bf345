"""Sign boards of the showcase models: /bien-mo-hinh/ with one sign per showcase model,
and /bien-mo-hinh/<slug>/ with one.

Each sign prints on a page of its own, A4 landscape (an A3 print scales from it): the
title, the unit, the commune, the year the model became a showcase model, the
organisation and, where the site's address is known, a large QR code of the model's
page. On screen the page is a list with a print button. The pages are files of their
own, as the editor page is: no theme, no search index, no sitemap, `noindex`.
"""

from __future__ import annotations

from generator.data.model import Catalog, Model
from generator.site import qr, urls
from generator.site.markup import e

HEADING = "MÔ HÌNH ĐIỂM “DÂN VẬN KHÉO”"
PRINT_BUTTON = '<p><button type="button" onclick="window.print()">In biển</button></p>'

STYLE = """
:root { color-scheme: light; }
body { margin: 0; font-family: system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif;
  color: #1a1a1a; background: #fff; line-height: 1.5; }
.dvk-screen { max-width: 46rem; margin: 0 auto; padding: 1.5rem 1rem 3rem; }
.dvk-screen h1 { font-size: 1.6rem; line-height: 1.3; color: #a0140c; margin: 0 0 0.5em; }
.dvk-screen a { color: #a0140c; }
.dvk-screen button { font: inherit; font-weight: 700; padding: 0.6em 1.4em; border: 0;
  border-radius: 0.2rem; color: #fff; background: #a0140c; cursor: pointer; }
.dvk-screen button:focus-visible { outline: 3px solid #7a0f09; outline-offset: 2px; }
.dvk-screen li { margin: 0 0 0.6em; }
.dvk-screen .dvk-meta { color: #595959; }
.dvk-sign { display: none; }
@page { size: A4 landscape; margin: 0; }
@media print {
  .dvk-screen { display: none; }
  .dvk-sign { display: flex; flex-direction: column; box-sizing: border-box; width: 297mm;
    height: 209mm; padding: 10mm; overflow: hidden; break-inside: avoid; }
  .dvk-sign + .dvk-sign { break-before: page; }
  .dvk-sign__frame { flex: 1; display: flex; flex-direction: column; min-height: 0;
    border: 2.5mm double #a0140c; padding: 8mm 12mm; text-align: center; }
  .dvk-sign__org { margin: 0; font-size: 15pt; font-weight: 700; text-transform: uppercase;
    letter-spacing: 0.04em; }
  .dvk-sign__heading { margin: 4mm 0 0; font-size: 30pt; font-weight: 800; color: #a0140c;
    letter-spacing: 0.02em; }
  .dvk-sign__title { margin: 6mm 0; font-size: 30pt; line-height: 1.2; font-weight: 800; }
  .dvk-sign__title--long { font-size: 24pt; }
  .dvk-sign__title--longer { font-size: 19pt; }
  .dvk-sign__body { flex: 1; display: flex; align-items: center; justify-content: center;
    gap: 12mm; min-height: 0; text-align: left; }
  .dvk-sign__facts { margin: 0; font-size: 18pt; }
  .dvk-sign__facts div { margin: 0 0 3mm; }
  .dvk-sign__facts dt { display: inline; font-weight: 400; color: #4d4d4d; }
  .dvk-sign__facts dd { display: inline; margin: 0; font-weight: 700; }
  .dvk-sign__qr { flex: none; margin: 0; text-align: center; font-size: 11pt; }
  .dvk-sign__qr svg { display: block; width: 70mm; height: 70mm; }
  .dvk-sign__qr figcaption { margin-top: 1mm; }
}
"""


def title_class(title: str) -> str:
    """A smaller type for a long title, so that every sign stays on its page."""
    if len(title) > 110:
        return "dvk-sign__title dvk-sign__title--longer"
    if len(title) > 60:
        return "dvk-sign__title dvk-sign__title--long"
    return "dvk-sign__title"


class Signs:
    def __init__(self, catalog: Catalog, directory_urls: bool = True):
        self.catalog = catalog
        self.settings = catalog.settings
        self.directory_urls = directory_urls

    def files(self) -> dict[str, str]:
        models = self.catalog.showcase
        files = {urls.SIGNS: self.page(urls.SIGNS, models)}
        for model in models:
            files[urls.sign(model.slug)] = self.page(urls.sign(model.slug), [model])
        return files

    def link_to_page(self, from_file: str, uri: str) -> str:
        """A link from a sign file to a page of the site."""
        return urls.link(from_file, uri, self.directory_urls)

    def link_to_sign(self, from_file: str, model: Model) -> str:
        return urls.html_link(from_file, urls.sign(model.slug), self.directory_urls)

    def page(self, file: str, models: list[Model]) -> str:
        one = len(models) == 1 and file != urls.SIGNS
        title = f"Biển mô hình điểm: {models[0].title}" if one else "Biển mô hình điểm"
        if one:
            intro = "Biển của một mô hình điểm, in trên một trang A4 khổ ngang."
        else:
            intro = (
                f"{len(models)} mô hình điểm; mỗi biển in trên một trang A4 khổ ngang "
                "(in khổ A3: chọn khổ giấy A3 và “Vừa với trang”)."
            )
        items = "".join(
            f'<li><a href="{e(self.link_to_page(file, urls.model(m.slug)))}">{e(m.title)}</a>'
            f'<br><span class="dvk-meta">{e(m.unit.name)} · {e(m.unit.locality)}'
            + ("" if one else f' · <a href="{e(self.link_to_sign(file, m))}">chỉ biển này</a>')
            + "</span></li>"
            for m in models
        )
        listing = f"<ul>{items}</ul>" if models else "<p>Chưa có mô hình điểm nào.</p>"
        home = self.link_to_page(file, "index.md")
        screen = (
            '<main class="dvk-screen">'
            f"<h1>{e(title)}</h1>"
            f"<p>{e(intro)} Bấm nút dưới đây (hoặc Ctrl + P), chọn máy in hoặc “Lưu dưới dạng "
            "PDF”; hướng dẫn ở mục “In trang, in biển mô hình điểm” của trang Hướng dẫn "
            "đóng góp.</p>"
            + (PRINT_BUTTON if models else "")
            + listing
            + f'<p><a href="{e(home)}">Về trang chủ</a></p></main>'
        )
        signs = "".join(self.sign(m) for m in models)
        return (
            '<!doctype html>\n<html lang="vi"><head><meta charset="utf-8">'
            '<meta name="viewport" content="width=device-width, initial-scale=1">'
            '<meta name="robots" content="noindex">'
            f"<title>{e(title)} – {e(self.settings.organization)}</title>"
            f"<style>{STYLE}</style></head><body>{screen}{signs}</body></html>\n"
        )

    def sign(self, model: Model) -> str:
        facts = [
            ("Đơn vị thực hiện", model.unit.name),
            ("Địa bàn", model.unit.locality),
            ("Mô hình điểm từ năm", str(model.showcase.year)),
            ("Lĩnh vực", model.field.name),
        ]
        dl = "".join(f"<div><dt>{e(k)}:</dt> <dd>{e(v)}</dd></div>" for k, v in facts)
        code = ""
        site_url = self.settings.site_url
        if site_url:
            address = urls.url(site_url, urls.model(model.slug), self.directory_urls)
            svg = qr.inline_svg(address, f"Mã QR của trang mô hình: {address}", "dvk-sign__code")
            code = (
                f'<figure class="dvk-sign__qr">{svg}'
                "<figcaption>Quét mã để xem mô hình</figcaption></figure>"
            )
        return (
            '<section class="dvk-sign"><div class="dvk-sign__frame">'
            f'<p class="dvk-sign__org">{e(self.settings.organization)}</p>'
            f'<p class="dvk-sign__heading">{e(HEADING)}</p>'
            f'<h2 class="{title_class(model.title)}">{e(model.title)}</h2>'
            f'<div class="dvk-sign__body"><dl class="dvk-sign__facts">{dl}</dl>{code}</div>'
            "</div></section>"
        )


def sign_files(catalog: Catalog, directory_urls: bool = True) -> dict[str, str]:
    return Signs(catalog, directory_urls).files()
