"""Printing: model pages as A4 dossiers with their address's QR code, the sign boards of
the showcase models, listings and statistics on paper; and the QR codes read back.

The QR codes are read by a real decoder (zxing-cpp) from images: the SVG path drawn
again in-process, and in headless Chromium the printed PDF's pages rasterised by
poppler's pdftoppm.
"""

from __future__ import annotations

import dataclasses
import json
import re
import subprocess
import unicodedata
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import zxingcpp
from conftest import KNOWN, build_shipped
from PIL import Image, ImageDraw
from pypdf import PdfReader
from test_search_browser import serve

from generator.data.load import load
from generator.data.options import settings_from
from generator.site import qr, urls
from generator.site.markup import e
from generator.site.pages import Renderer, Site
from generator.site.report import short_name

SITE_URL = "https://mohinh.example.vn/dan-van/"
A4 = (595, 842)  # points, portrait
PAPER = 680  # pixels across A4 less its margins of 15 mm (at 96 pixels an inch)


def decode_all(image: Image.Image) -> list[str]:
    return [code.text for code in zxingcpp.read_barcodes(image.convert("L"))]


def drawn(svg: str, module: int) -> Image.Image:
    """The QR code of one of our SVGs, drawn from its path at `module` pixels a module."""
    size = int(re.search(r'viewBox="0 0 (\d+) \1"', svg).group(1))
    image = Image.new("L", (size * module, size * module), 255)
    draw = ImageDraw.Draw(image)
    path = re.search(r' d="([^"]*)"', svg).group(1)
    runs = re.findall(r"M(\d+) (\d+)\.5h(\d+)", path)
    assert "".join(f"M{x} {y}.5h{n}" for x, y, n in runs) == path, "only horizontal runs"
    for x, y, n in map(lambda run: map(int, run), runs):
        draw.rectangle([x * module, y * module, (x + n) * module - 1, (y + 1) * module - 1], 0)
    return image


# -- in-process: the codes, the files, the addresses -----------------------------------


@pytest.mark.parametrize(
    "address",
    [
        "https://ban-dan-van.github.io/dan-van-kheo/mo-hinh/tuyen-duong-sang-xanh-sach-dep/",
        "https://mohinh.example.vn/mo-hinh/a/",
        "http://127.0.0.1:8000/mo-hinh/mo-hinh-moi-dang-vien-gan-voi-10-ho-gia-dinh/index.html",
    ],
)
def test_a_qr_code_reads_back_as_its_address(address):
    # 3 pixels a module: a code 3 cm wide seen by a phone's camera has more.
    assert decode_all(drawn(qr.inline_svg(address, "Mã QR"), 3)) == [address]
    assert decode_all(drawn(qr.svg_file(address), 3)) == [address]


def test_the_qr_file_is_a_standalone_svg_of_4_cm():
    svg = qr.svg_file("https://mohinh.example.vn/mo-hinh/a/")
    assert svg.startswith(
        '<?xml version="1.0" encoding="utf-8"?>\n<svg xmlns="http://www.w3.org/2000/svg"'
    )
    assert 'width="40mm" height="40mm"' in svg
    assert '<rect width="' in svg and 'fill="#fff"' in svg  # readable on coloured paper too


def rendered(site_url: str) -> tuple[Renderer, Site]:
    """Every page and file of the known project, with this address."""
    settings, root = settings_from(KNOWN / "mkdocs.yml")
    renderer = Renderer(load(dataclasses.replace(settings, site_url=site_url), root))
    site = renderer.model_pages()
    renderer.other_pages(site)
    return renderer, site


def test_every_model_has_its_qr_code_and_page_address():
    r, site = rendered(SITE_URL)
    published = r.catalog.published
    assert published
    for model in published:
        address = SITE_URL + f"mo-hinh/{model.slug}/"
        svg = site.data[urls.qr_code(model.slug)]
        assert decode_all(drawn(svg, 3)) == [address]
        share = "".join(site.fragments[urls.model(model.slug)])
        assert f'<a href="{address}">{address}</a>' in share
        assert "<summary>Chia sẻ / In</summary>" in share
        assert '<a href="qr.svg" download>' in share
        assert decode_all(drawn(share[share.index('<svg class="dvk-qr__code"') :], 3)) == [address]
        sign = f'<a href="../../bien-mo-hinh/{model.slug}/">In biển mô hình điểm</a>'
        assert (sign in share) == bool(model.showcase)


def test_without_the_site_address_no_qr_code_and_no_error():
    r, site = rendered("")
    assert not [path for path in site.data if path.endswith("qr.svg")]
    assert not any("dvk-share" in "".join(parts) for parts in site.fragments.values())
    signs = site.data[urls.SIGNS]
    assert "<svg" not in signs and signs.count('<section class="dvk-sign">') == len(
        r.catalog.showcase
    )


def test_sign_boards_are_files_of_their_own_one_per_showcase_model():
    r, site = rendered(SITE_URL)
    showcase = r.catalog.showcase
    assert showcase
    signs = {path: text for path, text in site.data.items() if path.startswith("bien-mo-hinh/")}
    assert set(signs) == {urls.SIGNS} | {urls.sign(m.slug) for m in showcase}
    assert not [uri for uri in site.pages if uri.startswith("bien-mo-hinh/")]  # no sitemap
    for text in signs.values():
        assert '<meta name="robots" content="noindex">' in text
        assert 'onclick="window.print()"' in text
        assert "MÔ HÌNH ĐIỂM “DÂN VẬN KHÉO”" in text
    one = showcase[0]
    board = signs[urls.sign(one.slug)]
    assert board.count('<section class="dvk-sign">') == 1
    for text in (one.title, one.unit.name, one.unit.locality, r.settings.organization):
        assert e(text) in board
    assert f"<dd>{one.showcase.year}</dd>" in board
    assert f'href="../../mo-hinh/{one.slug}/"' in board


def test_a_long_field_name_is_cut_at_a_comma_or_a_word():
    assert short_name("Xây dựng Đảng, Mặt trận Tổ quốc và các đoàn thể") == "Xây dựng Đảng"
    assert short_name("Phát triển văn hoá gắn với kết nối cộng đồng, du lịch") == (
        "Phát triển văn hoá gắn với…"
    )
    assert short_name("Kinh tế") is None


def test_links_to_the_files_of_the_site_from_every_kind_of_page():
    assert urls.html_link("mo-hinh/a/index.md", urls.sign("a")) == "../../bien-mo-hinh/a/"
    assert urls.html_link("mo-hinh/a/index.md", urls.sign("a"), False) == (
        "../../bien-mo-hinh/a/index.html"
    )
    assert urls.html_link("huong-dan/dong-gop.md", urls.EDITOR) == "../../quan-tri/"
    assert urls.html_link("huong-dan/dong-gop.md", urls.EDITOR, False) == "../quan-tri/index.html"
    assert urls.html_link(urls.SIGNS, urls.sign("a")) == "a/"
    assert urls.file_link("mo-hinh/a/index.md", urls.qr_code("a")) == "qr.svg"


# -- the shipped site, built with its public address, in Chromium ---------------------


@pytest.fixture(scope="module")
def public_site(tmp_path_factory) -> tuple[Path, str]:
    """The shipped project built as deployed (with SITE_URL); the build's log too."""
    out = tmp_path_factory.mktemp("public") / "site"
    result = build_shipped(out, {"SITE_URL": SITE_URL})
    assert result.returncode == 0, result.stderr
    return out, result.stderr


@pytest.fixture(scope="module")
def server(public_site):
    yield from serve(public_site[0])


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    requests = []
    page.on("request", lambda request: requests.append(request.url))
    yield page
    assert [u for u in requests if urlsplit(u).hostname != "127.0.0.1"] == []
    context.close()


def printed(page, path: Path, **options) -> PdfReader:
    page.emulate_media(media="print")
    page.pdf(path=str(path), print_background=True, **options)
    return PdfReader(str(path))


def squashed(text: str) -> str:
    """Text without its spaces: a PDF's text comes back with spaces inside words."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFC", text))


def is_a4(sheet, landscape: bool = False) -> bool:
    size = (float(sheet.mediabox.width), float(sheet.mediabox.height))
    expected = A4[::-1] if landscape else A4
    return all(abs(a - b) < 2 for a, b in zip(size, expected, strict=True))


def rasterised(pdf: Path, dpi: int = 150) -> list[Image.Image]:
    """The PDF's pages as images, as poppler draws them."""
    prefix = pdf.with_suffix("")
    subprocess.run(["pdftoppm", "-r", str(dpi), "-png", str(pdf), str(prefix)], check=True)
    pages = sorted(
        pdf.parent.glob(prefix.name + "-*.png"), key=lambda p: int(p.stem.rsplit("-")[-1])
    )
    return [Image.open(p) for p in pages]


CHROME = [
    ".md-header",
    ".md-tabs",
    ".md-sidebar--primary",
    ".md-sidebar--secondary",
    ".md-footer",
    ".md-banner",
    ".dvk-search",
    ".md-content__button",
    ".dvk-edit",
    "#mo-hinh-lien-quan",
]


@pytest.mark.slow
def test_the_build_logs_no_unrecognized_link_and_anchors_speak_vietnamese(public_site):
    site, log = public_site
    assert "unrecognized relative link" not in log
    html = (site / "huong-dan" / "dong-gop" / "index.html").read_text(encoding="utf-8")
    assert "Permanent link" not in html
    assert 'title="Liên kết đến mục này"' in html
    assert '<a href="../../quan-tri/">Soạn mô hình</a>' in html
    assert '<a href="../../bien-mo-hinh/">Biển mô hình điểm</a>' in html


@pytest.mark.slow
def test_signs_are_out_of_the_sitemap_and_the_search(public_site):
    site, _ = public_site
    assert (site / "bien-mo-hinh" / "index.html").exists()
    assert "bien-mo-hinh" not in (site / "sitemap.xml").read_text(encoding="utf-8")
    for part in (site / "search" / "d").glob("*.json"):
        for document in json.loads(part.read_text(encoding="utf-8")):
            assert not document[1].startswith("bien-mo-hinh")


def test_a_model_page_prints_on_one_or_two_a4_pages_without_chrome(
    page, server, sample_catalog, tmp_path
):
    model = next(m for m in sample_catalog.published if m.slug == "tuyen-duong-sang-xanh-sach-dep")
    page.goto(server + f"mo-hinh/{model.slug}/")
    # On screen the code waits behind "Chia sẻ / In".
    code = page.locator(".dvk-qr__code")
    assert not code.is_visible()
    page.get_by_text("Chia sẻ / In").click()
    assert code.is_visible()
    page.get_by_text("Chia sẻ / In").click()
    assert not code.is_visible()
    assert page.locator(".md-header").is_visible() and page.locator(".dvk-edit").is_visible()

    page.emulate_media(media="print")
    for selector in CHROME:
        assert page.locator(selector).count() > 0, selector
        for element in page.locator(selector).all():
            assert not element.is_visible(), f"{selector} is printed"
    for heading in ("Nội dung", "Cách làm", "Kết quả", "Bài học kinh nghiệm", "Số liệu kết quả"):
        assert page.get_by_role("heading", name=heading, exact=True).is_visible()
    assert page.locator(".dvk-facts").is_visible() and code.is_visible()
    box = code.bounding_box()
    assert 100 <= box["width"] <= 130  # 3 cm at 96 px an inch: 113 px

    # Images load lazily: on paper too, and at a sensible size (A4 less its margins).
    page.set_viewport_size({"width": PAPER, "height": 900})
    page.wait_for_function("[...document.images].every(i => i.complete && i.naturalWidth)")
    image = page.locator(".dvk-figure img").bounding_box()
    assert image["height"] <= 60 / 25.4 * 96 + 1 and image["width"] <= PAPER / 2

    pdf = printed(page, tmp_path / "model.pdf", format="A4")
    assert 1 <= len(pdf.pages) <= 2
    assert sum(len(sheet.images) for sheet in pdf.pages) == len(model.images) >= 1
    assert is_a4(pdf.pages[0])
    text = squashed("".join(p.extract_text() for p in pdf.pages))
    address = SITE_URL + f"mo-hinh/{model.slug}/"
    assert squashed(model.title) in text and squashed(address) in text
    for chrome in ("Tìm kiếm", "Đề xuất sửa", "Mô hình liên quan", model.summary):
        assert (squashed(chrome) in text) == (chrome == model.summary)
    found = [t for image in rasterised(tmp_path / "model.pdf") for t in decode_all(image)]
    assert found == [address]


def test_every_showcase_model_has_its_own_printed_sign(page, server, sample_catalog, tmp_path):
    showcase = sample_catalog.showcase
    page.goto(server + "bien-mo-hinh/")
    assert page.get_by_role("button", name="In biển").is_visible()
    assert page.locator(".dvk-sign").first.is_hidden()  # on screen: the list
    assert page.locator(".dvk-screen li").count() == len(showcase)
    pdf = printed(page, tmp_path / "signs.pdf", prefer_css_page_size=True)
    assert len(pdf.pages) == len(showcase)
    for sheet, model in zip(pdf.pages, showcase, strict=True):
        assert is_a4(sheet, landscape=True)
        text = squashed(sheet.extract_text())
        for part in ("MÔ HÌNH ĐIỂM “DÂN VẬN KHÉO”", model.title, model.unit.locality):
            assert squashed(part) in text
    pages = rasterised(tmp_path / "signs.pdf", dpi=100)
    found = [decode_all(image) for image in pages]
    assert found == [[SITE_URL + f"mo-hinh/{m.slug}/"] for m in showcase]

    one = showcase[-1]
    page.goto(server + f"bien-mo-hinh/{one.slug}/")
    pdf = printed(page, tmp_path / "one.pdf", prefer_css_page_size=True)
    assert len(pdf.pages) == 1
    assert decode_all(rasterised(tmp_path / "one.pdf", dpi=100)[0]) == [
        SITE_URL + f"mo-hinh/{one.slug}/"
    ]


@pytest.mark.parametrize("path", ["thong-ke/", "linh-vuc/do-thi-van-minh/", "don-vi/"])
def test_listings_and_statistics_print_within_the_page(page, server, path, tmp_path):
    page.goto(server + path)
    page.emulate_media(media="print")
    page.set_viewport_size({"width": PAPER, "height": 900})
    for selector in CHROME[:-1]:
        for element in page.locator(selector).all():
            assert not element.is_visible(), f"{selector} is printed"
    assert page.locator(".dvk-pager").count() == 0 or not page.locator(".dvk-pager").is_visible()
    content = page.locator(".md-content").bounding_box()
    rights = page.evaluate(
        "() => [...document.querySelectorAll('.md-content :is(table, .dvk-card)')]"
        ".filter(t => t.offsetParent).map(t => t.getBoundingClientRect().right)"
    )
    assert rights, "tables or cards printed"
    assert max(rights) <= content["x"] + content["width"] + 1
    assert page.evaluate("document.documentElement.scrollWidth") <= PAPER
    heads = page.evaluate(
        "() => [...document.querySelectorAll('.md-content thead')]"
        ".map(h => getComputedStyle(h).display)"
    )
    assert set(heads) <= {"table-header-group"}  # repeated on every printed page
    pdf = printed(page, tmp_path / "listing.pdf", format="A4")
    assert len(pdf.pages) >= 1


def test_wide_screens_show_the_main_sections_on_the_home_page(page, server):
    page.goto(server)
    tabs = page.locator(".md-tabs")
    assert tabs.is_visible()
    for name in ("Tra cứu", "Lĩnh vực", "Mô hình điểm", "Thống kê", "Hướng dẫn đóng góp"):
        assert tabs.get_by_role("link", name=name, exact=True).is_visible()
