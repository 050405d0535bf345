"""Shared fixtures: temporary projects and real MkDocs builds; the `slow` marker.

A test is `slow` when it builds a whole site, starts a browser or a server, or installs
packages: `pytest -m "not slow"` runs the rest, the rules in-process, in well under a
minute. The marker is given by the fixtures a test uses (SLOW_FIXTURES) or by hand
(`@pytest.mark.slow`); a test without it that starts such a program fails, saying so.
"""

from __future__ import annotations

import contextlib
import inspect
import io
import os
import re
import shutil
import struct
import subprocess
import sys
import textwrap
import zlib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

# Debian's chromium, started the way this closed network needs (no background calls).
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

UNITS = """\
- id: chi-bo-khu-pho-1
  name: Chi bộ Khu phố 1
  type: residential
  locality: Phường Hòa Bình
- id: cong-ty-cap-nuoc
  name: Công ty Cổ phần Cấp nước
  type: enterprise
  locality: Phường Trung Tâm
"""

MODEL = """\
---
title: Tuyến đường sáng – xanh – sạch – đẹp
summary: Chi bộ vận động nhân dân lắp đèn chiếu sáng và trồng cây xanh.
field: do-thi-van-minh
unit: chi-bo-khu-pho-1
registered: 2021-03-15
reviews:
  2021: recognized
  2022: recognized
---

## Nội dung

Nhân dân cùng làm.
"""

MKDOCS = """\
site_name: Thử nghiệm
site_url: https://example.org/
theme:
  name: material
  language: vi
  font: false
plugins:
  - dan-van-kheo
"""


def png(width: int = 4, height: int = 3) -> bytes:
    """A real PNG image, grey, of the given size."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    rows = b"".join(b"\x00" + b"\x80" * width for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )


def problems_in(project) -> list[str]:
    """What `validate` says of the project, in this process: each problem as printed."""
    from generator.data.load import LoadError, load
    from generator.data.options import settings_from

    settings, root = settings_from(project.root / "mkdocs.yml")
    try:
        load(settings, root)
    except LoadError as error:
        return [str(problem) for problem in error.problems]
    return []


class Project:
    """A throw-away project folder with mkdocs.yml, docs/ and models/."""

    def __init__(self, root: Path):
        self.root = root

    def write(self, relpath: str, content: str | bytes) -> Path:
        path = self.root / relpath
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(
                textwrap.dedent(content) if content.startswith("\n") else content, encoding="utf-8"
            )
        return path

    def run(self, *args: str, env: dict | None = None) -> subprocess.CompletedProcess:
        return subprocess.run(
            args,
            cwd=self.root,
            capture_output=True,
            text=True,
            env={**os.environ, "NO_MKDOCS_2_WARNING": "1", **(env or {})},
        )

    def validate(self, *extra: str) -> subprocess.CompletedProcess:
        """`python -m generator validate` in this process: the rules, without a
        Python start-up per case (tests/test_workflows.py runs the real command)."""
        from generator.cli import main

        out, err = io.StringIO(), io.StringIO()
        args = ["validate", *extra]
        with (
            contextlib.chdir(self.root),  # as a person runs it, in the project's folder
            contextlib.redirect_stdout(out),
            contextlib.redirect_stderr(err),
        ):
            code = main(args)
        return subprocess.CompletedProcess(args, code, out.getvalue(), err.getvalue())

    def build(self, site: str = "site", *extra: str, env: dict | None = None):
        return self.run(
            sys.executable, "-m", "mkdocs", "build", "--strict", "-d", site, *extra, env=env
        )

    def html(self, url_path: str, site: str = "site") -> str:
        return (self.root / site / url_path / "index.html").read_text(encoding="utf-8")


@pytest.fixture
def project(tmp_path: Path) -> Project:
    p = Project(tmp_path)
    p.write("mkdocs.yml", MKDOCS)
    p.write("docs/index.md", "# Trang chủ\n\n<!-- dvk:mo-hinh-diem -->\n")
    p.write("models/_units.yml", UNITS)
    p.write("models/tuyen-duong-sang.md", MODEL)
    return p


@pytest.fixture(scope="session")
def sample_site(tmp_path_factory) -> Path:
    """The shipped project built once with --strict into a temporary folder."""
    out = tmp_path_factory.mktemp("sample") / "site"
    result = build_shipped(out, {"SOURCE_DATE_EPOCH": "1767225600"})
    assert result.returncode == 0, result.stderr
    return out


def build_shipped(out: Path, env: dict | None = None) -> subprocess.CompletedProcess:
    """`mkdocs build --strict` of the shipped project into `out`, with these variables."""
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(out)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1", **(env or {})},
    )


@pytest.fixture(scope="module")
def browser():
    """Debian's headless chromium, driven by Playwright."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture(scope="session")
def sample_catalog():
    from generator.data.load import load
    from generator.data.options import settings_from

    settings, root = settings_from(ROOT / "mkdocs.yml")
    return load(settings, root)


def copy_sample(dest: Path) -> Path:
    """A copy of the shipped project, to break on purpose."""
    for name in ("mkdocs.yml", "docs", "models"):
        src = ROOT / name
        if src.is_dir():
            shutil.copytree(src, dest / name)
        else:
            shutil.copy(src, dest / name)
    return dest


KNOWN = ROOT / "tests" / "data" / "thong-ke"


@pytest.fixture(scope="session")
def known_project(tmp_path_factory) -> Project:
    """The small data set with hand-counted statistics, built once into site/."""
    project = Project(tmp_path_factory.mktemp("known"))
    shutil.copytree(KNOWN, project.root, dirs_exist_ok=True)
    result = project.build(env={"SOURCE_DATE_EPOCH": "1767225600"})
    assert result.returncode == 0, result.stderr
    return project


def pytest_addoption(parser):
    parser.addoption(
        "--update-golden",
        action="store_true",
        help="rewrite the golden files of tests/golden/ from what the code makes now",
    )


# Fixtures that build a site, start a browser or a server: a test using one is slow.
SLOW_FIXTURES = {
    "sample_site",
    "known_project",
    "browser",
    "serve",
    "server",
    "editor",
    "migrated",
}
# Programs that make a test slow, by a word of their command line (a shell or Python
# script given as text is read word by word too): MkDocs and ProperDocs, by command or
# module; pip and venv; Chromium, and Playwright's driver that starts it; npm and npx.
SLOW_PROGRAMS = {"mkdocs", "properdocs", "pip", "venv", "chromium", "npm", "npx", "run-driver"}
SLOW_MODULES = ("mkdocs.commands", "mkdocs.__main__", "properdocs.")


def pytest_configure(config):
    config.addinivalue_line(
        "markers", "slow: builds a whole site, starts a browser or a server, or installs packages"
    )


def builds_a_site(function) -> bool:
    """Whether a test's own code builds a site (Project.build) or runs MkDocs."""
    try:
        source = inspect.getsource(function)
    except (OSError, TypeError):
        return False
    return ".build(" in source or '"mkdocs"' in source


def pytest_collection_modifyitems(config, items):
    for item in items:
        function = getattr(item, "function", None)
        if SLOW_FIXTURES & set(getattr(item, "fixturenames", ())) or (
            function is not None and builds_a_site(function)
        ):
            item.add_marker(pytest.mark.slow)


def slow_program(args) -> str | None:
    """The program in a command line that makes a test slow, if any."""
    words = [args] if isinstance(args, (str, bytes, os.PathLike)) else list(args)
    for word in words:
        for token in re.findall(r"[\w.@/-]+", os.fsdecode(word)):
            name = token.rsplit("/", 1)[-1]
            if name in SLOW_PROGRAMS or name.startswith(SLOW_MODULES):
                return name
    return None


@pytest.fixture(autouse=True)
def _fast_tests_stay_fast(request, monkeypatch):
    """A test not marked slow may not start what makes the inner loop slow."""
    if request.node.get_closest_marker("slow") is not None:
        return
    start = subprocess.Popen.__init__

    def guarded(self, args, *rest, **options):
        program = slow_program(args)
        if program is not None:
            raise AssertionError(
                f"{request.node.nodeid} runs {program}: mark it @pytest.mark.slow "
                "(or use a fixture of SLOW_FIXTURES in tests/conftest.py)"
            )
        start(self, args, *rest, **options)

    monkeypatch.setattr(subprocess.Popen, "__init__", guarded)
