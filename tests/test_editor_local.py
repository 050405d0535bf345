"""Trying the editor page on one's own machine, as the guide sets it up: `mkdocs serve`
in the working tree, decap-server on a clone of it (a port of one's choosing, given to
the page as ?decap=PORT). Saving from the form then leaves the working tree alone and
the page stays put; with decap-server on the working tree itself (the set-up the guide
warns of) the saved branch is checked out there, `mkdocs serve` sees models/ change and
the page reloads under the person typing."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import urllib.request

import pytest
from editorpage import (
    Editor,
    free_port,
    git,
    open_editor,
    review,
    sample_repository,
    start_decap_server,
    wait_for_branch,
)
from npm import package_files

from generator.site.editor import SCRIPTS

MODEL = "thap-sang-duong-hem-camera-an-ninh"
MODEL_PATH = f"models/do-thi-van-minh/{MODEL}.md"


def mkdocs_serve(repo, port: int, log):
    process = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{port}"],
        cwd=repo,
        stdout=subprocess.DEVNULL,
        stderr=log.open("w"),
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        start_new_session=True,
    )
    deadline = time.monotonic() + 180
    while True:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/quan-tri/", timeout=5):
                return process
        except OSError:
            assert process.poll() is None, log.read_text()
            assert time.monotonic() < deadline, log.read_text()
            time.sleep(0.5)


@pytest.mark.slow
@pytest.mark.parametrize("clone", [True, False], ids=["decap-server-on-a-clone", "one-tree"])
def test_the_local_set_up(browser, tmp_path, clone):
    repo = sample_repository(tmp_path / "kho")
    served = repo
    if clone:  # the guide's set-up
        served = tmp_path / "kho-bieu-mau"
        git(tmp_path, "clone", "-q", str(repo), str(served))
        git(served, "config", "user.name", "Cán bộ Ban Dân vận")
        git(served, "config", "user.email", "can-bo@example.invalid")
    proxy_port, site_port = free_port(), free_port()
    decap_server = start_decap_server(served, proxy_port, tmp_path / "decap-server.log")
    serve = mkdocs_serve(repo, site_port, tmp_path / "serve.log")
    try:
        editor = Editor(
            served,
            tmp_path,
            f"http://127.0.0.1:{site_port}/quan-tri/?decap={proxy_port}",
            package_files("decap-cms", SCRIPTS["decap"].version) / "dist",
        )
        page = open_editor(browser, editor, where=f"collections/do-thi-van-minh/entries/{MODEL}")
        review(page, 2025).select_option("recognized")
        page.evaluate("window.dvkStillHere = true")  # gone if the page reloads
        page.get_by_role("button", name="Lưu", exact=True).click()
        wait_for_branch(page, served, f"cms/do-thi-van-minh/{MODEL}")
        # The board asks decap-server for the saved entries: it reads their branches.
        page.goto(editor.address + "#/workflow")
        page.get_by_text("Thắp sáng đường hẻm").first.wait_for()
        page.evaluate("window.dvkStillHere = true")
        page.wait_for_timeout(8000)  # a rebuild and reload take a second or two
        stayed = page.evaluate("window.dvkStillHere === true")
        page.context.close()
        log = (tmp_path / "serve.log").read_text()
        if clone:
            assert stayed, log
            assert "Detected file changes" not in log, log
            # The working tree as it was: on main, nothing changed, no branch of the form.
            assert git(repo, "status", "--porcelain") == ""
            assert git(repo, "branch", "--format=%(refname:short)").split() == ["main"]
            assert git(repo, "show", f"main:{MODEL_PATH}") == (repo / MODEL_PATH).read_text()
        else:
            # What the guide's set-up avoids: the form's checkouts reach `mkdocs serve`.
            assert "Detected file changes" in log, log
            assert not stayed
    finally:
        os.killpg(serve.pid, signal.SIGTERM)
        serve.wait(timeout=30)
        decap_server.terminate()
        decap_server.wait(timeout=10)
