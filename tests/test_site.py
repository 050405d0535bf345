"""Real builds: the shipped site and small purpose-built projects."""

from __future__ import annotations

import filecmp
import re
from html.parser import HTMLParser

from conftest import MODEL, png


class Text(HTMLParser):
    """Visible text of a page's main content, and its links."""

    def __init__(self):
        super().__init__()
        self.parts: list[str] = []
        self.links: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self._skip += 1
        if tag == "a":
            self.links.append(dict(attrs).get("href") or "")

    def handle_endtag(self, tag):
        if tag in ("script", "style"):
            self._skip -= 1

    def handle_data(self, data):
        if not self._skip:
            self.parts.append(data)

    @property
    def text(self) -> str:
        return " ".join(" ".join(self.parts).split())


def article(html: str) -> Text:
    start = html.index('<article class="md-content__inner')
    end = html.rindex("</article>")
    parser = Text()
    parser.feed(html[start:end])
    return parser


def page(site, path: str) -> str:
    return (site / path / "index.html").read_text(encoding="utf-8")


def test_every_published_model_has_its_page_and_listings(sample_site, sample_catalog):
    catalog = sample_catalog
    assert len(catalog.published) >= 30
    for model in catalog.models:
        target = site_path = sample_site / "mo-hinh" / model.slug / "index.html"
        if model.draft:
            assert not site_path.exists(), f"draft {model.slug} must stay off the site"
            continue
        html = target.read_text(encoding="utf-8")
        body = article(html)
        assert f"<h1>{model.title}</h1>".replace("&", "&amp;") in html.replace("&#34;", '"')
        assert model.summary.split()[0] in body.text
        assert model.field.name in body.text and model.unit.name in body.text
        href = f"../../mo-hinh/{model.slug}/"
        assert href in article(page(sample_site, f"linh-vuc/{model.field.id}")).links
        assert href in article(page(sample_site, f"don-vi/{model.unit.id}")).links
        href = href[3:]  # one folder less deep
        assert (href in article(page(sample_site, "mo-hinh-diem")).links) == model.is_showcase
        assert (
            href in article(page(sample_site, "dien-hinh-tien-tien")).links
        ) == model.is_commended


def test_model_page_shows_facts_results_body_and_related(sample_site, sample_catalog):
    model = next(
        m for m in sample_catalog.published if m.is_showcase and m.results and m.commendations
    )
    html = page(sample_site, f"mo-hinh/{model.slug}")
    text = article(html).text
    assert "Ngày đăng ký" in text and model.registered.strftime("%d/%m/%Y") in text
    assert f"Từ {model.showcase:%d/%m/%Y}" in text
    c = model.commendations[0]
    assert c.date.strftime("%d/%m/%Y") in text and c.by in text
    assert "Số liệu kết quả" in text and model.results[0].label in text
    for heading in ("Nội dung", "Cách làm", "Kết quả", "Bài học kinh nghiệm"):
        assert f">{heading}<" in html
    assert 'id="noi-dung"' in html and 'id="bai-hoc-kinh-nghiem"' in html
    assert "Mô hình liên quan" in text
    edit = f"https://github.com/ban-dan-van/dan-van-kheo/edit/main/{model.source}"
    assert f'href="{edit}"' in html
    assert '<html lang="vi"' in html
    assert "Dữ liệu trên trang này là dữ liệu minh hoạ" in html


def test_home_page(sample_site, sample_catalog):
    html = page(sample_site, "")
    text = article(html).text
    for model in sample_catalog.showcase:
        assert model.title in text
    newest = sample_catalog.commended[0]
    assert newest.title in text
    for field in sample_catalog.settings.fields:
        count = len(sample_catalog.by_field[field.id])
        assert f"{field.name} {count} mô hình" in text
    assert "dvk:" not in html


def test_listings_are_in_vietnamese_order(sample_site, sample_catalog):
    from generator.data.text import sort_key

    html = page(sample_site, "don-vi")
    names = re.findall(r'<td><a href="[^"]+">([^<]+)</a></td>', html)
    assert names
    section = html[html.index('id="phuong-hoa-binh"') :]
    section = section[: section.index("</table>")]
    in_hoa_binh = re.findall(r'<td><a href="[^"]+">([^<]+)</a></td>', section)
    assert in_hoa_binh == sorted(in_hoa_binh, key=sort_key)
    # A unit without any model still has its page and says so.
    unit = next(u for u, models in sample_catalog.by_unit.items() if not models)
    assert "chưa có mô hình" in article(page(sample_site, f"don-vi/{unit}")).text


def test_honour_roll_is_grouped_by_commendation(sample_site, sample_catalog):
    html = page(sample_site, "dien-hinh-tien-tien")
    commendations = {c for m in sample_catalog.published for c in m.commendations}
    assert html.count('<p class="dvk-meta">') == len(commendations)


def test_build_fails_listing_every_problem(project):
    project.write(
        "models/tuyen-duong-sang.md", MODEL.replace("field: do-thi-van-minh", "field: do-thi")
    )
    project.write("models/mo-hinh-khac.md", MODEL.replace("2021-03-15", "2021-02-30"))
    result = project.build()
    assert result.returncode == 1
    assert "Dữ liệu mô hình có 2 lỗi" in result.stderr
    assert "models/tuyen-duong-sang.md:4:" in result.stderr
    assert "models/mo-hinh-khac.md:6:" in result.stderr
    assert not (project.root / "site" / "index.html").exists()


def test_raw_html_in_bodies_is_sanitised(project):
    project.write(
        "models/tuyen-duong-sang.md",
        MODEL
        + '\n<script>alert("x")</script>\n\n<p onclick="steal()">Bấm</p>\n\n'
        + "[liên kết](javascript:alert(1))\n\n<img src=x onerror=alert(1)>\n",
    )
    assert project.build().returncode == 0
    html = project.html("mo-hinh/tuyen-duong-sang")
    content = html[html.index("md-content__inner") : html.rindex("</article>")]
    assert "<script" not in content and "alert" not in content
    assert "onclick" not in content and "onerror" not in content
    assert "javascript:" not in content
    assert "Bấm" in content


def test_images_are_published_with_captions(project):
    project.write("models/anh/den.png", png())
    project.write(
        "models/tuyen-duong-sang.md",
        MODEL.replace(
            "reviews:", "images:\n  - src: anh/den.png\n    caption: Đèn mới lắp\nreviews:"
        ),
    )
    assert project.build().returncode == 0, project.build().stderr
    html = project.html("mo-hinh/tuyen-duong-sang")
    assert re.search(r'<img alt="Đèn mới lắp"[^>]*src="den.png"', html)
    assert "<figcaption>Đèn mới lắp</figcaption>" in html
    assert (project.root / "site/mo-hinh/tuyen-duong-sang/den.png").read_bytes() == png()


def test_heading_anchors_fold_d(project):
    project.write("models/tuyen-duong-sang.md", MODEL + "\n## Đường làng ngõ xóm\n\nVăn bản.\n")
    assert project.build().returncode == 0
    assert 'id="duong-lang-ngo-xom"' in project.html("mo-hinh/tuyen-duong-sang")


def test_same_input_builds_byte_for_byte(project, tmp_path_factory):
    import shutil

    from conftest import Project

    # The same sources in another folder, another time zone, another hash seed.
    other = Project(tmp_path_factory.mktemp("elsewhere") / "project")
    shutil.copytree(project.root, other.root)
    epoch = {"SOURCE_DATE_EPOCH": "1767225600"}
    assert project.build("a", env={**epoch, "TZ": "UTC", "PYTHONHASHSEED": "1"}).returncode == 0
    assert (
        other.build("b", env={**epoch, "TZ": "Asia/Ho_Chi_Minh", "PYTHONHASHSEED": "2"}).returncode
        == 0
    )
    comparison = filecmp.dircmp(project.root / "a", other.root / "b")

    def differences(cmp) -> list[str]:
        _, mismatch, errors = filecmp.cmpfiles(cmp.left, cmp.right, cmp.common_files, shallow=False)
        found = mismatch + errors + cmp.left_only + cmp.right_only
        for sub in cmp.subdirs.values():
            found += differences(sub)
        return found

    assert differences(comparison) == []
    assert (project.root / "a" / "sitemap.xml.gz").is_file()


def with_listing_pages(project, page_size: int, last: int) -> None:
    """Models "Mô hình 2" to "Mô hình <last>" beside the project's own, `page_size`
    cards to a listing page."""
    from conftest import MKDOCS

    project.write(
        "mkdocs.yml",
        MKDOCS.replace("  - dan-van-kheo\n", f"  - dan-van-kheo:\n      page_size: {page_size}\n"),
    )
    for n in range(2, last + 1):
        project.write(f"models/mo-hinh-{n}.md", MODEL.replace("Tuyến đường sáng", f"Mô hình {n}"))


def test_long_listings_are_split_into_pages(project):
    with_listing_pages(project, page_size=2, last=5)
    result = project.build()
    assert result.returncode == 0, result.stderr
    first = project.html("linh-vuc/do-thi-van-minh")
    second = project.html("linh-vuc/do-thi-van-minh/trang/2")
    third = project.html("linh-vuc/do-thi-van-minh/trang/3")
    titles = [
        re.findall(r'class="dvk-card__title"><a href="[^"]+">([^<]+)<', html)
        for html in (first, second, third)
    ]
    assert titles == [
        ["Mô hình 2 – xanh – sạch – đẹp", "Mô hình 3 – xanh – sạch – đẹp"],
        ["Mô hình 4 – xanh – sạch – đẹp", "Mô hình 5 – xanh – sạch – đẹp"],
        ["Tuyến đường sáng – xanh – sạch – đẹp"],
    ]
    assert 'aria-label="Phân trang"' in first
    assert '<a href="trang/2/" rel="next">Trang sau ›</a>' in first
    assert '<a href="../../" rel="prev">‹ Trang trước</a>' in second
    assert '<a href="./" aria-current="page">2</a>' in second
    assert "(trang 3)" in third
    # Further pages repeat the first one, less the cards: search leaves them out.
    index = "".join(p.read_text() for p in (project.root / "site/search/d").glob("*.json"))
    assert "linh-vuc/do-thi-van-minh/" in index and "/trang/" not in index
    # Every card's link resolves to a built page.
    for html, folder in ((second, "linh-vuc/do-thi-van-minh/trang/2"),):
        for link in re.findall(r'dvk-card__title"><a href="([^"]+)"', html):
            assert (project.root / "site" / folder / link / "index.html").resolve().is_file()


def test_pager_shows_neighbours_first_and_last(project):
    with_listing_pages(project, page_size=1, last=8)
    assert project.build().returncode == 0
    pager = re.search(
        r'<nav class="dvk-pager".*?</nav>', project.html("linh-vuc/do-thi-van-minh")
    ).group(0)
    labels = re.findall(r">([^<>]+)</(?:a|li)>", pager)
    assert labels == ["1", "2", "3", "…", "8", "Trang sau ›"]
    pager = re.search(
        r'<nav class="dvk-pager".*?</nav>', project.html("linh-vuc/do-thi-van-minh/trang/5")
    ).group(0)
    assert re.findall(r">([^<>]+)</(?:a|li)>", pager) == [
        "‹ Trang trước",
        "1",
        "…",
        "3",
        "4",
        "5",
        "6",
        "7",
        "8",
        "Trang sau ›",
    ]


def test_the_footer_speaks_vietnamese(sample_site):
    for path in ("", "tra-cuu", "thong-ke", "mo-hinh/tuyen-duong-sang-xanh-sach-dep"):
        html = page(sample_site, path) if path else (sample_site / "index.html").read_text()
        footer = html[html.index('<footer class="md-footer"') : html.index("</footer>")]
        assert "Made with" not in footer and "squidfunk" not in footer
        assert "Ban Dân vận Thành ủy" in footer
