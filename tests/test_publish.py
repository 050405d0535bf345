"""A failed or killed build leaves the previous complete site where it was.

The builds are real `mkdocs build` processes; the kill is a real SIGTERM (and a
SIGKILL) part-way through.
"""

from __future__ import annotations

import hashlib
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import MODEL

pytestmark = pytest.mark.skipif(not Path("/proc").is_dir(), reason="reads /proc for processes")

EPOCH = {"SOURCE_DATE_EPOCH": "1767225600"}


def snapshot(folder: Path) -> dict[str, str]:
    return {
        p.relative_to(folder).as_posix(): hashlib.sha1(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def leftovers(project) -> list[str]:
    return sorted(p.name for p in project.root.iterdir() if p.name.startswith(".site."))


def many_models(project, count: int = 300) -> None:
    for n in range(count):
        project.write(
            f"models/mo-hinh-thu-{n}.md",
            re.sub(r"^title: .*$", f"title: Mô hình thử số {n}", MODEL, count=1, flags=re.M)
            + "\n## Cách làm\n\n"
            + "Nhân dân bàn bạc, thống nhất cách làm và cùng góp công. " * 40
            + "\n",
        )


def children(pid: int) -> set[int]:
    found = set()
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            found.add(int(stat.parent.name))
    return found


def alive(pids: set[int]) -> set[int]:
    def running(pid: int) -> bool:
        try:
            state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
        except OSError:
            return False
        return state != "Z"

    return {pid for pid in pids if running(pid)}


def written(project, before: dict[str, str]) -> int:
    """Model pages the running build has written so far."""
    count = sum(
        1 for folder in project.root.glob(".site.building-*") for _ in folder.glob("mo-hinh/*/*")
    )
    site = project.root / "site"
    present = sum(1 for _ in site.glob("mo-hinh/*/*")) if site.is_dir() else 0
    published = sum(1 for name in before if name.startswith("mo-hinh/") and name.count("/") == 2)
    return max(count, published - present)


def start_build(project) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-d", "site"],
        cwd=project.root,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1", **EPOCH},
    )


def built_once(project) -> dict[str, str]:
    many_models(project)
    result = project.build(env=EPOCH)
    assert result.returncode == 0, result.stderr
    return snapshot(project.root / "site")


@pytest.mark.parametrize("sign", [signal.SIGTERM, signal.SIGKILL])
def test_a_killed_build_leaves_the_previous_site_and_no_process(project, sign):
    before = built_once(project)
    assert len(before) > 300
    project.write("models/mo-hinh-moi.md", MODEL.replace("Tuyến đường sáng", "Đường hoa mới"))
    build = start_build(project)
    workers: set[int] = set()
    end = time.monotonic() + 120
    # Part-way: some model pages written (beside the site, or, as MkDocs alone does,
    # into the emptied site), most not.
    while written(project, before) < 30 and build.poll() is None and time.monotonic() < end:
        workers |= children(build.pid)  # the processes beside MkDocs, as they start
        time.sleep(0.02)
    assert workers, "the build had started its worker processes"
    build.send_signal(sign)
    assert build.wait(timeout=60) == -sign, "killed part-way, not finished"
    end = time.monotonic() + 5
    while alive(workers) and time.monotonic() < end:
        time.sleep(0.1)
    assert not alive(workers), "the worker processes ended with the build"
    assert snapshot(project.root / "site") == before
    if sign == signal.SIGTERM:
        assert leftovers(project) == []
    # The next build cleans what a SIGKILL left and publishes the new model.
    again = project.build(env=EPOCH)
    assert again.returncode == 0, again.stderr
    assert leftovers(project) == []
    assert (project.root / "site/mo-hinh/mo-hinh-moi/index.html").is_file()


def test_a_failed_build_leaves_the_previous_site(project):
    project.write("docs/index.md", "# Trang chủ\n")
    assert project.build(env=EPOCH).returncode == 0
    before = snapshot(project.root / "site")
    # Wrong data: refused before anything is written.
    project.write("models/hong.md", MODEL.replace("2021-03-15", "2021-02-30"))
    failed = project.build(env=EPOCH)
    assert failed.returncode == 1 and "Dữ liệu mô hình có 1 lỗi" in failed.stderr
    assert snapshot(project.root / "site") == before and leftovers(project) == []
    # A warning in strict mode: MkDocs stops after the last page is written.
    (project.root / "models/hong.md").unlink()
    project.write("docs/index.md", "# Trang chủ\n\n[liên kết hỏng](khong-co.md)\n")
    failed = project.build(env=EPOCH)
    assert failed.returncode == 1 and "khong-co.md" in failed.stderr
    assert snapshot(project.root / "site") == before and leftovers(project) == []


def test_a_complete_build_replaces_the_site_whole(project):
    project.write("models/mo-hinh-cu.md", MODEL.replace("Tuyến đường sáng", "Mô hình cũ"))
    assert project.build(env=EPOCH).returncode == 0
    site = project.root / "site"
    assert (site / "mo-hinh/mo-hinh-cu/index.html").is_file()
    (project.root / "models/mo-hinh-cu.md").unlink()
    (site / "tep-la.html").write_text("không thuộc trang")
    assert project.build(env=EPOCH).returncode == 0
    assert not (site / "mo-hinh/mo-hinh-cu").exists()
    assert not (site / "tep-la.html").exists()
    assert (site / "mo-hinh/tuyen-duong-sang/index.html").is_file()
    assert leftovers(project) == []
