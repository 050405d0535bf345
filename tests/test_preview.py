"""`mkdocs serve` makes again only what an edit changed, and its site is then the
same, byte for byte, as a fresh build of the same files."""

from __future__ import annotations

import logging
import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from conftest import copy_sample

SERVE_URL = "http://127.0.0.1:8000/"
EPOCH = "1767225600"

# A build as `mkdocs serve` makes it (mkdocs.commands.serve), into a new site folder:
# what a fresh `mkdocs serve` of the same files would show.
FRESH = """
import sys
from mkdocs.commands.build import build
from mkdocs.config import load_config
config = load_config(config_file=sys.argv[1], site_dir=sys.argv[2])
config.plugins.on_startup(command="serve", dirty=False)
config.site_url = sys.argv[3]
build(config, serve_url=sys.argv[3], dirty=False)
"""


class Serve:
    """The builds of one `mkdocs serve`, in this process, as its builder makes them:
    the configuration read again each time, the plugin kept."""

    def __init__(self, root: Path, site: Path) -> None:
        from mkdocs.config import load_config

        self.root, self.site = root, site
        self.config = lambda: load_config(config_file=str(root / "mkdocs.yml"), site_dir=str(site))
        self.config().plugins.on_startup(command="serve", dirty=False)
        self.messages: list[str] = []
        handler = logging.Handler()
        handler.emit = lambda record: self.messages.append(record.getMessage())
        logger = logging.getLogger("mkdocs.plugins.dan-van-kheo")
        logger.addHandler(handler)
        logger.setLevel(logging.DEBUG)
        self.build()

    def build(self) -> tuple[int, int]:
        """(pages and files made again, kept as they were)."""
        from mkdocs.commands.build import build

        config = self.config()
        config.site_url = SERVE_URL
        self.messages.clear()
        build(config, serve_url=SERVE_URL, dirty=False)
        made = [m for m in self.messages if m.startswith("Tạo lại")]
        return tuple(int(n) for n in re.findall(r"\d+", made[-1]))

    def build_with_problems(self) -> None:
        """A build while the data has problems: it goes through, showing them."""
        from mkdocs.commands.build import build

        config = self.config()
        config.site_url = SERVE_URL
        self.messages.clear()
        build(config, serve_url=SERVE_URL, dirty=False)
        assert any(m.startswith("Dữ liệu mô hình có") for m in self.messages)
        assert not any(m.startswith("Tạo lại") for m in self.messages)

    def fresh(self, site: Path) -> None:
        done = subprocess.run(
            [sys.executable, "-c", FRESH, str(self.root / "mkdocs.yml"), str(site), SERVE_URL],
            capture_output=True,
            text=True,
            env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        )
        assert done.returncode == 0, done.stderr


def files(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in site.rglob("*") if p.is_file()}


def differences(one: Path, other: Path) -> list[str]:
    a, b = files(one), files(other)
    return sorted(path for path in a.keys() | b.keys() if a.get(path) != b.get(path))


@pytest.fixture
def serve(tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    monkeypatch.setenv("NO_MKDOCS_2_WARNING", "1")
    (tmp_path / "project").mkdir()
    root = copy_sample(tmp_path / "project")
    # Listings of 3 cards: an edit moves cards from one listing page to another.
    config = root / "mkdocs.yml"
    config.write_text(
        config.read_text(encoding="utf-8").replace(
            "      organization:", "      page_size: 3\n      organization:"
        ),
        encoding="utf-8",
    )
    return Serve(root, tmp_path / "served")


MODEL = "models/do-thi-van-minh/tuyen-duong-sang-xanh-sach-dep.md"


def edit(root: Path, path: str, old: str, new: str) -> None:
    file = root / path
    text = file.read_text(encoding="utf-8")
    assert old in text
    file.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_after_any_edits_the_site_is_the_one_a_fresh_build_makes(serve, tmp_path):
    root = serve.root
    new_model = (root / MODEL).read_text(encoding="utf-8")
    new_model = re.sub(r"images:\n(?:  .*\n)+", "", new_model)
    new_model = new_model.replace("title: Tuyến đường sáng", "title: Mô hình mới").replace(
        "showcase: 2023-12-20\n", ""
    )
    steps = [
        ("title", lambda: edit(root, MODEL, "title: Tuyến đường sáng", "title: Ánh đường sáng")),
        ("review", lambda: edit(root, MODEL, "2022: not-recognized", "2022: recognized")),
        ("body", lambda: edit(root, MODEL, "## Nội dung\n", "## Nội dung\n\nMột đoạn mới.\n")),
        ("tags", lambda: edit(root, MODEL, "tags: [", "tags: [hẻm sáng, ")),
        ("new", lambda: (root / "models/xay-dung-dang/mo-hinh-moi.md").write_text(new_model)),
        (
            "rename",
            lambda: os.rename(
                root / "models/xay-dung-dang/mo-hinh-moi.md",
                root / "models/xay-dung-dang/mo-hinh-khac.md",
            ),
        ),
        (
            "other folder",
            lambda: os.rename(
                root / "models/xay-dung-dang/mo-hinh-khac.md",
                root / "models/van-hoa-du-lich/mo-hinh-khac.md",
            ),
        ),
        (
            "field",
            lambda: edit(
                root,
                "models/van-hoa-du-lich/mo-hinh-khac.md",
                "field: do-thi-van-minh",
                "field: van-hoa-du-lich",
            ),
        ),
        (
            "unit",
            lambda: edit(
                root,
                "models/van-hoa-du-lich/mo-hinh-khac.md",
                "unit: chi-bo-khu-pho-4-hoa-binh",
                "unit: chi-bo-khu-pho-1-hoa-binh",
            ),
        ),
        (
            "draft",
            lambda: edit(
                root, "models/van-hoa-du-lich/mo-hinh-khac.md", "kind:", "draft: true\nkind:"
            ),
        ),
        ("delete", lambda: (root / "models/van-hoa-du-lich/mo-hinh-khac.md").unlink()),
    ]
    for step, change in steps:
        change()
        made, kept = serve.build()
        # The edited model's page, the pages with its card, its listings and the
        # pages about all models; not the site.
        assert made < 30 and kept > 40, (step, made, kept)
        serve.fresh(tmp_path / step)
        assert differences(serve.site, tmp_path / step) == [], step


def test_a_model_with_a_mistake_keeps_the_pages_until_it_is_fixed(serve, tmp_path, caplog):
    root = serve.root
    edit(root, MODEL, "registered: 2020-03-15", "registered: 2020-13-15")
    caplog.clear()
    serve.build_with_problems()
    # The one problem is all the terminal shows: no warnings of missing link targets.
    others = [
        r.getMessage()
        for r in caplog.records
        if r.levelno >= logging.WARNING and r.name != "mkdocs.plugins.dan-van-kheo"
    ]
    assert others == []
    # Every page served meanwhile lists the problem; the models' pages wait aside,
    # so their addresses get the 404 page, which lists it too.
    for page in ("index.html", "404.html"):
        text = (serve.site / page).read_text(encoding="utf-8")
        assert "tuyen-duong-sang-xanh-sach-dep.md:7" in text, page
    assert not (serve.site / "mo-hinh").exists()
    edit(root, MODEL, "registered: 2020-13-15", "registered: 2020-03-16")
    made, kept = serve.build()
    assert made < 30 and kept > 30
    serve.fresh(tmp_path / "fresh")
    assert differences(serve.site, tmp_path / "fresh") == []


def test_units_in_files_of_their_own_keep_the_rebuilds_small(serve, tmp_path):
    """Units only in models/_units/ (as the editor page writes them), no _units.yml."""
    import yaml

    root = serve.root
    (root / "models/_units").mkdir()
    for unit in yaml.safe_load((root / "models/_units.yml").read_text(encoding="utf-8")):
        (root / f"models/_units/{unit['id']}.yml").write_text(
            yaml.safe_dump(unit, allow_unicode=True), encoding="utf-8"
        )
    (root / "models/_units.yml").unlink()
    serve.build()
    edit(root, MODEL, "title: Tuyến đường sáng", "title: Ánh đường sáng")
    made, kept = serve.build()
    assert made < 30 and kept > 30
    cache = serve.config().plugins["dan-van-kheo"].preview.cache
    assert cache.reads == 1, "only the edited file is read again"
    serve.fresh(tmp_path / "fresh")
    assert differences(serve.site, tmp_path / "fresh") == []


def test_a_models_folder_gone_for_a_while_is_a_problem_then_the_site_again(serve, tmp_path):
    root = serve.root
    os.rename(root / "models", root / "models-moved")
    serve.build_with_problems()
    assert "Không tìm thấy thư mục mô hình" in (serve.site / "index.html").read_text("utf-8")
    os.rename(root / "models-moved", root / "models")
    serve.build()
    serve.fresh(tmp_path / "fresh")
    assert differences(serve.site, tmp_path / "fresh") == []


def test_nothing_is_left_aside_when_serve_stops_with_broken_data(serve):
    edit(serve.root, MODEL, "registered: 2020-03-15", "registered: 2020-13-15")
    serve.build_with_problems()
    held = lambda: [p for p in serve.site.parent.iterdir() if p.name.startswith(".dvk-kept-")]  # noqa: E731
    assert held(), "the last good pages wait aside"
    serve.config().plugins.on_shutdown()
    assert held() == []


@pytest.mark.parametrize(
    "path, old, new",
    [
        ("models/_units.yml", "name: Chi bộ Khu phố 4", "name: Chi bộ Khu phố Bốn"),
        ("mkdocs.yml", "notice: Dữ liệu", "notice: Toàn bộ dữ liệu"),
        ("docs/gioi-thieu.md", "\n", "\n\nMột câu mới.\n"),
    ],
)
def test_the_units_the_configuration_and_pages_make_a_full_build(serve, tmp_path, path, old, new):
    edit(serve.root, path, old, new)
    made, kept = serve.build()
    assert kept == 0
    serve.fresh(tmp_path / "fresh")
    assert differences(serve.site, tmp_path / "fresh") == []


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_the_served_page_shows_an_edit(tmp_path):
    root = copy_sample(tmp_path)
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{port}"],
        cwd=root,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    url = f"http://127.0.0.1:{port}/mo-hinh/tuyen-duong-sang-xanh-sach-dep/"

    def page() -> str:
        try:
            with urllib.request.urlopen(url, timeout=30) as response:
                return response.read().decode("utf-8")
        except OSError:
            return ""

    def wait_for(text: str) -> bool:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and server.poll() is None:
            if text in page():
                return True
            time.sleep(0.2)
        return False

    try:
        assert wait_for("<h1>Tuyến đường sáng"), "the first build"
        edit(root, MODEL, "title: Tuyến đường sáng", "title: Con đường sáng")
        assert wait_for("<h1>Con đường sáng"), "the edit"
    finally:
        server.terminate()
        _, errors = server.communicate(timeout=30)
    assert "Traceback" not in errors, errors
