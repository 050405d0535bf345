"""Two writers at once: whole files only, one writer at a time, a clear word for the loser.

The races are real: two processes, held at the same point (the last question of
`new`, before anything is written) and let go together.
"""

from __future__ import annotations

import os
import select
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from conftest import UNITS

from generator.authoring.files import Busy, append_units, locked, write_atomic
from generator.data.model import Unit

ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONUNBUFFERED": "1"}


def start(project, *args: str) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "generator", *args],
        cwd=project.root,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=ENV,
    )


def read_until(process: subprocess.Popen, text: str, timeout: float = 60) -> str:
    """What the process printed up to `text` (a prompt without a newline)."""
    seen = b""
    deadline = time.monotonic() + timeout
    while text.encode() not in seen:
        ready, _, _ = select.select([process.stdout], [], [], max(0, deadline - time.monotonic()))
        chunk = os.read(process.stdout.fileno(), 65536) if ready else b""
        if not chunk:
            process.kill()
            raise AssertionError(f"no {text!r} in: {seen.decode()} {process.stderr.read()}")
        seen += chunk
    return seen.decode()


def race(project, *commands: list[str]) -> list[tuple[int, str, str]]:
    """Run `new` commands until each asks to confirm, then confirm all at once."""
    processes = [start(project, "new", *command) for command in commands]
    before = [read_until(p, "Ghi tệp? [C/k]: ") for p in processes]
    for process in processes:
        process.stdin.write(b"c\n")
    for process in processes:
        process.stdin.flush()
    results = []
    for process, printed in zip(processes, before, strict=True):
        out, err = process.communicate(timeout=120)
        results.append((process.returncode, printed + out.decode(), err.decode()))
    return results


def new_args(title: str, field: str = "do-thi-van-minh", unit: list[str] | None = None):
    return [
        "--title",
        title,
        "--summary",
        "Chi bộ vận động các hộ trồng hoa.",
        "--field",
        field,
        *(unit or ["--unit", "chi-bo-khu-pho-1"]),
        "--kind",
        "collective",
        "--registered",
        "15/03/2024",
    ]


def models(project) -> list[str]:
    return sorted(
        p.relative_to(project.root).as_posix()
        for p in (project.root / "models").rglob("*")
        if p.is_file()
    )


@pytest.mark.parametrize("fields", [("do-thi-van-minh",) * 2, ("do-thi-van-minh", "xay-dung-dang")])
def test_two_new_with_the_same_title_at_once(project, fields):
    results = race(project, *(new_args("Đường hoa khu phố 7", field) for field in fields))
    codes = sorted(code for code, _, _ in results)
    assert codes == [0, 1], results
    for _, _, err in results:
        assert "Traceback" not in err and "Error" not in err, err
    loser = next(out for code, out, _ in results if code == 1)
    assert 'Đã có mô hình mã "duong-hoa-khu-pho-7"' in loser
    assert "chưa ghi tệp nào" in loser
    created = [m for m in models(project) if "duong-hoa-khu-pho-7" in m]
    assert len(created) == 1, created
    assert project.validate().returncode == 0
    assert not list((project.root / "models").rglob(".*"))  # no temporary or lock file left


def test_two_new_adding_the_same_unit_at_once(project):
    unit = [
        "--new-unit-name",
        "Chi bộ thôn Phước Thạnh",
        "--new-unit-type",
        "residential",
        "--new-unit-locality",
        "Xã Phước Hưng",
        "--new-unit-parent",
        "Đảng bộ xã Phước Hưng",
    ]
    results = race(
        project,
        new_args("Đường hoa thôn Phước Thạnh", unit=unit),
        new_args("Tổ hòa giải thôn Phước Thạnh", unit=unit),
    )
    for code, out, err in results:
        assert code == 0, out + err
    registry = (project.root / "models/_units.yml").read_text(encoding="utf-8")
    assert registry.startswith(UNITS)
    assert registry.count("- id: chi-bo-thon-phuoc-thanh\n") == 1, registry
    assert project.validate().returncode == 0
    said = "\n".join(out for _, out, _ in results)
    assert "Đã thêm đơn vị Chi bộ thôn Phước Thạnh" in said
    assert "Đơn vị Chi bộ thôn Phước Thạnh (chi-bo-thon-phuoc-thanh) vừa được thêm" in said


def test_two_imports_of_one_sheet_at_once(project):
    rows = ["Tên mô hình,Đơn vị,Địa bàn,Lĩnh vực,Năm đăng ký"] + [
        f"Mô hình số {n},Chi bộ thôn Mới,Xã Phước Hưng,Đô thị văn minh,2022" for n in range(40)
    ]
    project.write("danh-sach.csv", "\n".join(rows) + "\n")
    processes = [start(project, "import", "danh-sach.csv") for _ in range(2)]
    results = [
        (p.wait(timeout=180), p.stdout.read().decode(), p.stderr.read().decode()) for p in processes
    ]
    for _, _, err in results:
        assert "Traceback" not in err, err
    summaries = sorted(out.strip().splitlines()[-1] for _, out, _ in results if out.strip())
    created = [
        line for _, out, _ in results for line in out.splitlines() if "Đã tạo models/" in line
    ]
    assert len(created) == 40, summaries
    registry = (project.root / "models/_units.yml").read_text(encoding="utf-8")
    assert registry.count("name: Chi bộ thôn Mới\n") == 1
    assert project.validate().returncode == 0
    assert any("Đã có mô hình này" in out for _, out, _ in results)


HOLD = textwrap.dedent(
    """
    import sys, time
    from pathlib import Path
    from generator.authoring.files import locked
    with locked(Path(sys.argv[1])):
        print("held", flush=True)
        time.sleep(float(sys.argv[2]))
    """
)


def hold(folder: Path, seconds: float) -> subprocess.Popen:
    process = subprocess.Popen(
        [sys.executable, "-c", HOLD, str(folder), str(seconds)],
        stdout=subprocess.PIPE,
        text=True,
        env=ENV,
    )
    assert process.stdout.readline() == "held\n"
    return process


def test_the_lock_keeps_other_processes_waiting(project):
    folder = project.root / "models"
    holder = hold(folder, 2.5)
    with pytest.raises(Busy) as busy, locked(folder, wait=0.3):
        pass
    assert "Một lệnh khác đang ghi vào thư mục mô hình (models/)" in str(busy.value)
    # A writer started meanwhile waits for the lock, then writes.
    writer = start(project, "new", "--yes", *new_args("Đường hoa khu phố 8"))
    time.sleep(1.0)
    assert writer.poll() is None
    assert not any("duong-hoa-khu-pho-8" in m for m in models(project))
    holder.wait(timeout=30)
    out, err = writer.communicate(timeout=60)
    assert writer.returncode == 0, out + err
    assert "Đã tạo models/do-thi-van-minh/duong-hoa-khu-pho-8.md." in out.decode()
    with locked(folder, wait=0.3), locked(folder, wait=0.3):  # free again, and re-entrant
        pass
    assert not (folder / ".dvk.lock").exists()


READER = textwrap.dedent(
    """
    import sys, time
    from pathlib import Path
    path, a, b = Path(sys.argv[1]), sys.argv[2].encode(), sys.argv[3].encode()
    bad = reads = 0
    end = time.monotonic() + float(sys.argv[4])
    while time.monotonic() < end:
        data = path.read_bytes()
        reads += 1
        bad += data not in (a * 20000, b * 20000)
    print(reads, bad)
    """
)


def test_readers_never_see_part_of_a_file(tmp_path):
    path = tmp_path / "mo-hinh.md"
    write_atomic(path, "a" * 20000)
    path.chmod(0o640)
    reader = subprocess.Popen(
        [sys.executable, "-c", READER, str(path), "a", "b", "2"], stdout=subprocess.PIPE, text=True
    )
    writes = 0
    while reader.poll() is None:
        write_atomic(path, ("b" if writes % 2 else "a") * 20000)
        writes += 1
    reads, bad = map(int, reader.stdout.read().split())
    assert reads > 100 and writes > 100
    assert bad == 0
    assert path.stat().st_mode & 0o777 == 0o640
    assert [p.name for p in tmp_path.iterdir()] == ["mo-hinh.md"]


def test_writes_are_byte_for_byte(tmp_path):
    path = tmp_path / "a.yml"
    text = "\ufeff# ghi chú\r\n- id: a\r\n  name: Á\r\n"
    write_atomic(path, text)
    assert path.read_bytes() == text.encode("utf-8")
    write_atomic(path, b"\x00\xff")
    assert path.read_bytes() == b"\x00\xff"


def test_units_are_added_keeping_every_byte_of_the_registry(tmp_path):
    registry = tmp_path / "_units.yml"
    original = ("\ufeff# Danh mục đơn vị\r\n\r\n" + UNITS.replace("\n", "\r\n")).encode("utf-8")
    registry.write_bytes(original)
    unit = Unit("chi-bo-moi", "Chi bộ Mới", "residential", "Phường Hòa Bình")
    assert append_units(registry, [unit]) == [unit]
    data = registry.read_bytes()
    assert data.startswith(original)
    assert data[len(original) :] == (
        b"\r\n- id: chi-bo-moi\r\n  name: Chi b\xe1\xbb\x99 M\xe1\xbb\x9bi\r\n"
        b"  type: residential\r\n  locality: Ph\xc6\xb0\xe1\xbb\x9dng H\xc3\xb2a B\xc3\xacnh\r\n"
    )
    assert append_units(registry, [unit]) == []  # there already: not twice
    assert registry.read_bytes() == data
