"""`mkdocs serve` with a broken model: every page shows the problems, and reloads itself
once the file is fixed (headless Debian chromium watching the pages)."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request

import pytest
from conftest import CHROMIUM, CHROMIUM_ARGS, MODEL
from playwright.sync_api import sync_playwright

PATH = "models/tuyen-duong-sang.md"
BROKEN = MODEL.replace("title: Tuyến đường", 'title: "Tuyến đường')
OTHER = MODEL.replace("2021-03-15", "2021-02-30")
LISTED = "Dữ liệu mô hình có 1 lỗi, chưa tạo được trang"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def fetch(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode("utf-8")


@pytest.fixture(params=[[]])
def serve(project, request, tmp_path_factory):
    project.write("docs/index.md", "# Trang chủ\n\nChào mừng.\n")
    project.write(PATH, BROKEN)
    port = free_port()
    temporary = tmp_path_factory.mktemp("tmp")  # where the served site is made
    server = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{port}", *request.param],
        cwd=project.root,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1", "TMPDIR": str(temporary)},
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}/"
    deadline = time.monotonic() + 90
    while True:
        try:
            fetch(base)
            break
        except OSError:
            if server.poll() is not None or time.monotonic() > deadline:
                raise AssertionError(server.stderr.read().decode()) from None
            time.sleep(0.3)
    yield base
    os.killpg(server.pid, signal.SIGTERM)
    server.wait(timeout=30)
    # Stopped as by Ctrl-C: no copy of the site is left (the served one, pages kept aside).
    assert list(temporary.iterdir()) == []


def test_every_served_page_lists_the_problems(serve):
    for address in ("", "mo-hinh/tuyen-duong-sang/", "du-lieu/", "khong-co-trang-nay/"):
        status, html = fetch(serve + address)
        assert status in (200, 404), address
        assert LISTED in html, address
        assert (
            "<code>models/tuyen-duong-sang.md:2</code>: Lỗi cú pháp YAML: thiếu dấu nháy đóng."
            in html
        )


def test_the_pages_reload_themselves_when_the_file_is_fixed(serve, project):
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            home, model = browser.new_page(), browser.new_page()
            home.goto(serve)
            model.goto(serve + "mo-hinh/tuyen-duong-sang/")
            for page in (home, model):
                assert LISTED in page.inner_text("h1")
            # Fixed: both pages come back by themselves, with no navigation.
            project.write(PATH, MODEL)
            model.wait_for_function(
                "() => document.querySelector('h1') && "
                "document.querySelector('h1').textContent.includes('Tuyến đường sáng')",
                timeout=60_000,
            )
            home.wait_for_function(
                "() => !document.body.hasAttribute('data-dvk-problems')", timeout=60_000
            )
            assert "Chào mừng" in home.inner_text("body")
            # Broken another way: the list comes back, with the new problem.
            project.write(PATH, OTHER)
            model.wait_for_function(
                "() => document.body.textContent.includes('không phải ngày có thật')",
                timeout=60_000,
            )
            assert "models/tuyen-duong-sang.md:6" in model.inner_text("main")
        finally:
            browser.close()


@pytest.mark.parametrize("serve", [["--clean"]], indirect=True)
def test_a_clean_preview_does_the_same(serve, project):
    status, html = fetch(serve)
    assert LISTED in html
    project.write(PATH, MODEL)
    deadline = time.monotonic() + 60
    while True:
        status, html = fetch(serve + "mo-hinh/tuyen-duong-sang/")
        if status == 200 and LISTED not in html:
            break
        assert time.monotonic() < deadline, html[:300]
        time.sleep(0.5)
    assert "Tuyến đường sáng" in html
