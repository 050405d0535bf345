"""Every page address of the site, and the three forms a link to it takes.

A page is named by its source path ("mo-hinh/<slug>/index.md"), as MkDocs names
generated files; `link` makes the relative link between two pages, `path` the
address from the site root, `url` the absolute address where the site's is known.
"""

from __future__ import annotations

import posixpath

SHOWCASE = "mo-hinh-diem/index.md"
HONOURS = "dien-hinh-tien-tien/index.md"
FIELDS = "linh-vuc/index.md"
UNITS = "don-vi/index.md"
CATALOGUE = "tra-cuu/index.md"
STATS = "thong-ke/index.md"
DATA = "du-lieu/index.md"
MODELS_JSON = "du-lieu/mo-hinh.json"
MODELS_CSV = "du-lieu/mo-hinh.csv"
UNITS_CSV = "du-lieu/don-vi.csv"
REVIEWS_CSV = "du-lieu/binh-xet.csv"  # the review worklist
FEED = "feed.xml"
SCHEMA_DIR = "schema"
# Sign boards of the showcase models: files of their own (no theme, search or sitemap).
SIGNS = "bien-mo-hinh/index.html"
GUIDE = "huong-dan/dong-gop.md"  # a page of docs/
EDITOR = "quan-tri/index.html"  # the editor page, a file of its own
COMMENDATION_FORM = "du-lieu/mau-bieu-duong.xlsx"  # a blank list for one commendation round
NEW_MODELS_FORM = "du-lieu/mau-nhap-mo-hinh.xlsx"  # a blank list of new models


def review_sheet(year: int) -> str:
    """The review sheet of a year, as `review sheet` makes it."""
    return f"du-lieu/bang-binh-xet-{year}.xlsx"


def model(slug: str) -> str:
    return f"mo-hinh/{slug}/index.md"


def field(field_id: str) -> str:
    return f"linh-vuc/{field_id}/index.md"


def unit(unit_id: str) -> str:
    return f"don-vi/{unit_id}/index.md"


def image(slug: str, name: str) -> str:
    """An image of a model, published beside its page."""
    return f"mo-hinh/{slug}/{name}"


def qr_code(slug: str) -> str:
    """The QR code of a model's page address, as an SVG file beside the page."""
    return f"mo-hinh/{slug}/qr.svg"


def sign(slug: str) -> str:
    """The sign board of one showcase model."""
    return f"bien-mo-hinh/{slug}/index.html"


def listing_pages(uri: str, count: int) -> list[str]:
    """A listing split into `count` pages: uri, then .../trang/2/, .../trang/3/ ..."""
    return [uri] + [uri.replace("index.md", f"trang/{n}/index.md") for n in range(2, count + 1)]


def folder(uri: str) -> str:
    """Folder of the page a source path becomes ("a/b/index.md" -> "a/b")."""
    return posixpath.dirname(uri)


def link(from_uri: str, to_uri: str, directory_urls: bool = True) -> str:
    """Relative link from one page to another."""
    source = [part for part in folder(from_uri).split("/") if part]
    target = [part for part in folder(to_uri).split("/") if part]
    common = 0
    while common < min(len(source), len(target)) and source[common] == target[common]:
        common += 1
    rel = "/".join([".."] * (len(source) - common) + target[common:])
    if directory_urls:
        return rel + "/" if rel else "./"
    return posixpath.join(rel, "index.html")


def page_folder(uri: str, directory_urls: bool = True) -> str:
    """Folder of the address of a page or file: "a/index.md" and "a/x.html" are in "a",
    a hand-written page "a/b.md" at "a/b/" where addresses are folders."""
    name = posixpath.basename(uri)
    if directory_urls and name.endswith(".md") and name not in ("index.md", "README.md"):
        return uri.removesuffix(".md")
    return folder(uri)


def file_link(from_uri: str, file: str, directory_urls: bool = True) -> str:
    """Relative link from a page to a file of the site (a data file, a script), or to
    a page's folder address (`path`, ending in "/")."""
    rel = posixpath.relpath(file or ".", page_folder(from_uri, directory_urls) or ".")
    return rel + "/" if file.endswith("/") and rel != "." else rel


def source_link(from_uri: str, file: str) -> str:
    """Relative link to a file of the site as written in a page's Markdown: from the
    page's source file, which MkDocs turns into a link from the page's address."""
    return posixpath.relpath(file, folder(from_uri) or ".")


def html_link(from_uri: str, file: str, directory_urls: bool = True) -> str:
    """Relative link from a page to an HTML file of the site ("a/index.html"), to its
    folder where addresses are folders."""
    rel = file_link(from_uri, file, directory_urls)
    if directory_urls and posixpath.basename(file) == "index.html":
        rel = posixpath.dirname(rel)
        return rel + "/" if rel else "./"
    return rel


def path(uri: str, directory_urls: bool = True) -> str:
    """Address from the site root, without a leading "/": of a page ("mo-hinh/x/",
    or "mo-hinh/x/index.html") or of a data file (as it is)."""
    if not uri.endswith(".md"):
        return uri
    if directory_urls:
        if posixpath.basename(uri) == "index.md":
            return uri.removesuffix("index.md")
        return uri.removesuffix(".md") + "/"  # "huong-dan/dong-gop.md" -> "huong-dan/dong-gop/"
    return uri.removesuffix(".md") + ".html"


def url(site_url: str, uri: str, directory_urls: bool = True) -> str:
    """Absolute address where the site's own is known; else from the site root."""
    where = path(uri, directory_urls)
    return site_url.rstrip("/") + "/" + where if site_url else where
