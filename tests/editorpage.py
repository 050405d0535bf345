"""Helpers of the editor page's browser tests: a sample repository, decap-server on
it, the page opened and signed in, fields found and typed into key by key."""

from __future__ import annotations

import dataclasses
import http.server
import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from conftest import copy_sample
from npm import installed

from generator.site.editor import SCRIPTS

DECAP_SERVER = "3.11.3"
SHOTS = Path(os.environ["DVK_SCREENSHOTS"]) if os.environ.get("DVK_SCREENSHOTS") else None


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def git(repo: Path, *args: str) -> str:
    result = subprocess.run(["git", *args], cwd=repo, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    return result.stdout


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    # As static hosts (GitHub Pages among them) serve it.
    extensions_map = {**http.server.SimpleHTTPRequestHandler.extensions_map, ".yml": "text/yaml"}

    def log_message(self, *args):
        pass


def start_decap_server(repo: Path, port: int, log: Path) -> subprocess.Popen:
    """decap-server in git mode on `repo`, answering on `port` (waited for)."""
    server = installed("decap-server", DECAP_SERVER) / "dist" / "index.js"
    with log.open("w") as out:
        process = subprocess.Popen(
            ["node", str(server)],
            env={
                **os.environ,
                "PORT": str(port),
                "BIND_HOST": "127.0.0.1",
                "MODE": "git",
                "GIT_REPO_DIRECTORY": str(repo),
                "LOG_LEVEL": "debug",
            },
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    proxy = f"http://127.0.0.1:{port}/api/v1"
    deadline = time.monotonic() + 30
    while True:
        try:
            request = urllib.request.Request(
                proxy, data=b'{"action":"info"}', headers={"Content-Type": "application/json"}
            )
            with urllib.request.urlopen(request, timeout=2) as response:
                assert json.load(response)["type"] == "local_git"
            return process
        except OSError:
            assert process.poll() is None, log.read_text()
            assert time.monotonic() < deadline, "decap-server did not start"
            time.sleep(0.2)


def sample_repository(repo: Path) -> Path:
    repo.mkdir()
    copy_sample(repo)
    git(repo, "init", "-q", "-b", "main")
    git(repo, "config", "user.name", "Cán bộ Ban Dân vận")
    git(repo, "config", "user.email", "can-bo@example.invalid")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "Dữ liệu mẫu")
    return repo


@dataclasses.dataclass
class Editor:
    repo: Path
    site: Path
    address: str  # the page, with the proxy's port: .../quan-tri/?decap=PORT
    decap: Path  # the decap-cms package's dist/


def open_editor(browser, editor: Editor, width: int = 1280, height: int = 900, where: str = ""):
    """Signed in to the CMS; the CDN answered from the npm package, nothing else outside."""
    context = browser.new_context(viewport={"width": width, "height": height}, locale="vi-VN")
    context.outside, context.errors, context.console = [], [], []
    prefix = SCRIPTS["decap"].url.rsplit("/", 1)[0] + "/"

    def route(route):
        url = route.request.url
        context.outside.append(url)
        if url.startswith(prefix):
            body = (editor.decap / url[len(prefix) :]).read_bytes()
            headers = {"Content-Type": "text/javascript", "Access-Control-Allow-Origin": "*"}
            route.fulfill(body=body, headers=headers)
        else:
            route.abort()

    # Requests to this machine go straight through; the rest come here.
    context.route(lambda url: urlsplit(url).hostname != "127.0.0.1", route)
    page = context.new_page()
    page.on("pageerror", lambda error: context.errors.append(str(error)))
    page.on("console", lambda message: context.console.append(f"{message.type}: {message.text}"))
    # "Leave the unsaved changes?": yes, as a person moving on would say.
    page.on("dialog", lambda dialog: dialog.accept())
    page.goto(editor.address)
    page.get_by_role("button", name="Đăng nhập").click()
    page.get_by_text("Bộ sưu tập").first.wait_for()
    if where:
        page.goto(editor.address + "#/" + where)
    return page


def close(page, errors: tuple[str, ...] = ()):
    context = page.context
    # Only the pinned script left the site (served here from the npm package).
    assert context.outside == [SCRIPTS["decap"].url]
    assert context.errors == list(errors)
    context.close()


def screenshot(page, name: str, tmp: Path, full: bool = False) -> Path:
    folder = SHOTS or tmp
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}.png"
    page.screenshot(path=str(path), full_page=full)
    return path


def wait_for_branch(page, repo: Path, branch: str) -> None:
    deadline = time.monotonic() + 30
    while branch not in git(repo, "branch", "--list", branch):
        if time.monotonic() > deadline:
            # What the form says (a field it refused, an error) is the useful part.
            console = "\n".join(page.context.console[-20:])
            pytest.fail(
                f"no branch {branch}; the page says:\n{page.inner_text('body')[:600]}\n"
                f"console:\n{console}"
            )
        page.wait_for_timeout(300)  # not time.sleep: the page's events need this thread
    page.wait_for_timeout(1000)  # the proxy handles one request at a time


def typing(locator, text: str) -> None:
    """As a person types: a click, then key by key."""
    locator.click()
    locator.press_sequentially(text, delay=5)


def field(page, name: str, nth: int | None = None):
    found = page.locator(f'[id^="{name}-field-"]:is(input, textarea)')
    return found.last if nth is None else found.nth(nth)


def top(page) -> None:
    """Back to the top of the form (the editor scrolls a box of its own)."""
    field(page, "title", 0).evaluate("e => e.scrollIntoView({block: 'center'})")


def choose_unit(page, typed: str, option: str) -> None:
    typing(page.locator('input[id^="unit-field"]').first, typed)
    page.get_by_role("option", name=option, exact=True).click()


def review(page, year: int):
    return page.locator(f'select[id^="reviews-field-"][id$="-{year}"]')


def file_on(repo: Path, branch: str, path: str) -> str:
    return git(repo, "show", f"{branch}:{path}")


def validate_branch(repo: Path, branch: str, tmp_path: Path, build: bool = False) -> Path:
    """The branch checked out and validated (and built): the checks a pull request gets."""
    checkout = tmp_path / "nhanh"
    git(repo, "worktree", "add", "-q", str(checkout), branch)
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    result = subprocess.run(
        [sys.executable, "-m", "generator", "validate"],
        cwd=checkout,
        capture_output=True,
        text=True,
        env=env,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    if build:
        result = subprocess.run(
            [sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(tmp_path / "site")],
            cwd=checkout,
            capture_output=True,
            text=True,
            env=env,
        )
        assert result.returncode == 0, result.stderr
    return checkout
