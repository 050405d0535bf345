"""Model pages converted beside MkDocs come out exactly as MkDocs makes them."""

from __future__ import annotations

import re
import sys

import pytest
from conftest import MKDOCS as MKDOCS_YML
from conftest import copy_sample

from generator.adapter.convert import Conversion, Converter, MarkdownPage
from generator.data.text import toc_slugify

# `mkdocs` with the pages sent in chunks of 4, so that both processes get some; or
# with no process at all and nothing read or converted beside MkDocs, so that every
# page goes through MkDocs as any page does.
MKDOCS = """
import functools, sys
import generator.adapter.build, generator.adapter.convert
generator.adapter.convert.CHUNK = 4
processes = int(sys.argv.pop(1))
generator.adapter.build.Converter = functools.partial(generator.adapter.convert.Converter, processes=processes)
generator.adapter.build.FAST_PAGES = processes > 0
from mkdocs.__main__ import cli
sys.argv = ["mkdocs", *sys.argv[1:]]
cli()
"""

EPOCH = {"SOURCE_DATE_EPOCH": "1767225600"}


def pages_under(site, folder: str) -> dict[str, bytes]:
    return {
        path.relative_to(site).as_posix(): path.read_bytes()
        for path in sorted((site / folder).rglob("*.html"))
    }


def files_under(site) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in site.rglob("*") if p.is_file()}


@pytest.mark.slow
def test_model_pages_are_the_same_as_mkdocs_makes_them(tmp_path):
    from conftest import Project

    project = Project(copy_sample(tmp_path))
    # One body links to a page: the processes leave it to MkDocs.
    linked = project.root / "models/xay-dung-dang/chi-bo-doi-thoai-voi-dan.md"
    linked.write_text(
        linked.read_text(encoding="utf-8") + "\nXem [giới thiệu](../../gioi-thieu.md).\n",
        encoding="utf-8",
    )

    def build(processes: int, site: str):
        return project.run(
            sys.executable, "-c", MKDOCS, str(processes), "build", "--strict", "--verbose",
            "-d", site, env=EPOCH,
        )  # fmt: skip

    built = build(2, "site")
    assert built.returncode == 0, built.stderr
    # Every model of the sample but that one went through the second processes...
    published = len(list((project.root / "site" / "mo-hinh").iterdir()))
    assert f"song song: {published - 1}/{published};" in built.stderr
    # ...and the other generated pages were converted without a Markdown instance each.
    assert int(re.search(r"trang khác chuyển ngay: (\d+)", built.stderr)[1]) > 20
    alone = build(0, "alone")
    assert alone.returncode == 0, alone.stderr
    assert f"song song: 0/{published}; trang khác chuyển ngay: 0." in alone.stderr
    # ...and came out byte for byte as MkDocs makes them: body, anchors, the
    # table of contents beside it, images; as did every other page, read and
    # converted here.
    converted = pages_under(project.root / "site", "mo-hinh")
    assert len(converted) == published > 30
    assert 'href="#ket-qua"' in converted["mo-hinh/mot-cua-than-thien/index.html"].decode()
    page = converted["mo-hinh/chi-bo-doi-thoai-voi-dan/index.html"].decode()
    assert 'href="../../gioi-thieu/"' in page and 'class="dvk-facts"' in page
    site, alone = files_under(project.root / "site"), files_under(project.root / "alone")
    assert len(site) > 150
    assert [path for path in site.keys() | alone.keys() if site.get(path) != alone.get(path)] == []


def test_bodies_with_links_are_left_to_mkdocs(project):
    project.write("docs/gioi-thieu.md", "# Giới thiệu\n")
    # MkDocs knows the anchors of converted pages: a link to one is checked and found.
    project.write("mkdocs.yml", MKDOCS_YML + "validation:\n  anchors: warn\n")
    project.write(
        "docs/index.md", "# Trang chủ\n\n[Nội dung](mo-hinh/tuyen-duong-sang/index.md#noi-dung)\n"
    )
    text = (project.root / "models/tuyen-duong-sang.md").read_text(encoding="utf-8")
    project.write(
        "models/tuyen-duong-sang.md",
        text + "\nXem [giới thiệu](../../gioi-thieu.md) và [trang chủ](../../).\n",
    )
    result = project.build("site", "--verbose")
    assert result.returncode == 0, result.stderr
    assert "song song: 0/1;" in result.stderr
    # MkDocs points the link at the page, as on any hand-written page.
    page = project.html("mo-hinh/tuyen-duong-sang")
    assert 'href="../../gioi-thieu/"' in page
    # And it still checks that what a body links to exists.
    project.write("models/tuyen-duong-sang.md", text + "\n![Ảnh](khong-co.png)\n")
    failed = project.build("site")
    assert failed.returncode != 0
    assert "khong-co.png" in failed.stderr


@pytest.mark.parametrize(
    "body",
    [
        "Xem [trang](../khac/).",
        "![Ảnh](anh.png)",
        "Xem [trang][1].\n\n> [1]: ../khac/index.md",
        "Xem [mục](#noi-dung) và [trang chủ](/).",
    ],
)
def test_a_page_with_links_of_its_own_is_left_to_mkdocs(body):
    pages = [
        MarkdownPage("mo-hinh/a/index.md", body, []),
        MarkdownPage("mo-hinh/b/index.md", "Nhân dân [cùng] làm, xem <https://example.org>.", []),
    ]
    conversion = Conversion(["toc"], {})
    left, converted = (conversion.convert(page) for page in pages)
    assert left is None
    assert 'href="https://example.org"' in converted.html


def test_what_cannot_go_to_the_second_process_is_left_to_mkdocs():
    pages = [MarkdownPage(f"mo-hinh/{n}/index.md", f"## Mục {n}\n\nĐoạn.", []) for n in range(5)]
    # A function defined here cannot be pickled by reference: the input ends at once.
    configs = {"toc": {"slugify": lambda value, separator: toc_slugify(value, separator)}}
    converter = Converter(pages, ["toc"], configs)
    try:
        assert [converter.get(page.uri) for page in pages] == [None] * 5
    finally:
        converter.close()
    converter = Converter(pages, ["toc"], {"toc": {"slugify": toc_slugify}})
    try:
        first = converter.get(pages[0].uri)
        assert first.html == '<h2 id="muc-0">Mục 0</h2>\n<p>Đoạn.</p>'
        assert [t["id"] for t in first.toc] == ["muc-0"]
        assert first.anchors == {"muc-0"}
        assert converter.get(pages[0].uri) is None  # given once
        assert converter.get(pages[4].uri).toc[0]["name"] == "Mục 4"
    finally:
        converter.close()


def test_marker_words_in_a_body_do_not_pull_generated_html_in(project):
    text = (project.root / "models/tuyen-duong-sang.md").read_text(encoding="utf-8")
    project.write(
        "models/tuyen-duong-sang.md",
        text + "\n## DVKFRAGMENT0X\n\ndvkfragmentdvkfragment0x0x\n\nCuối.\n",
    )
    result = project.build()
    assert result.returncode == 0, result.stderr
    page = project.html("mo-hinh/tuyen-duong-sang")
    assert page.count('class="dvk-facts"') == 1
    assert "dvkfragment" not in page.lower()
    assert "<p>Cuối.</p>" in page


HOOKS = """
def on_page_read_source(page, config):
    if page.file.src_uri == "mo-hinh/so-hoa-so-ho-tich/index.md":
        return page.file.content_string + "\\n\\nDòng từ một nguồn khác.\\n"
    return None


def on_page_markdown(markdown, page, config, files):
    if page.file.src_uri == "mo-hinh/mot-cua-than-thien/index.md":
        return markdown + "\\n\\nDòng của một plugin khác.\\n"
    return markdown


def on_page_content(html, page, config, files):
    return html.replace("dvk-facts", "dvk-facts", 1)


def on_post_build(config):
    pass
"""


@pytest.mark.slow
def test_what_other_plugins_do_to_pages_goes_as_with_mkdocs(tmp_path):
    """With another plugin reading and changing pages (here hooks), every page is as
    MkDocs alone makes it: the content is there when that plugin sees it."""
    from conftest import Project

    project = Project(copy_sample(tmp_path))
    project.write("hooks.py", HOOKS)
    project.write(
        "mkdocs.yml",
        (project.root / "mkdocs.yml").read_text(encoding="utf-8") + "hooks:\n  - hooks.py\n",
    )
    for processes, site in ((2, "site"), (0, "alone")):
        built = project.run(
            sys.executable, "-c", MKDOCS, str(processes), "build", "--strict", "-d", site, env=EPOCH
        )
        assert built.returncode == 0, built.stderr
    site, alone = files_under(project.root / "site"), files_under(project.root / "alone")
    assert [path for path in site.keys() | alone.keys() if site.get(path) != alone.get(path)] == []
    assert "Dòng của một plugin khác." in project.html("mo-hinh/mot-cua-than-thien")
    assert "Dòng từ một nguồn khác." in project.html("mo-hinh/so-hoa-so-ho-tich")
