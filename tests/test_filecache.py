"""A model file is read again when, and only when, it may have changed."""

from __future__ import annotations

import os
import time
from types import SimpleNamespace

from generator.data import filecache
from generator.data.filecache import FileCache


def test_a_file_is_read_again_only_when_it_changed(tmp_path, monkeypatch):
    monkeypatch.setattr(filecache, "RACY_NS", 50_000_000)  # 50 ms, not to wait 2 s
    path = tmp_path / "a.md"
    path.write_text("một", encoding="utf-8")
    old = os.stat(path).st_mtime_ns
    time.sleep(0.1)
    cache = FileCache()
    reads = []

    def read():
        reads.append(path.read_text(encoding="utf-8"))
        return reads[-1]

    for _ in range(2):
        cache.begin("context")
        assert cache.get(path, read) == "một"
    assert reads == ["một"]
    # Same size, and the time put back as it was: the change time still tells.
    path.write_text("hai", encoding="utf-8")
    os.utime(path, ns=(old, old))
    time.sleep(0.1)
    cache.begin("context")
    assert cache.get(path, read) == "hai"
    # What the value was made from changed.
    cache.begin("another context")
    assert cache.get(path, read) == "hai"
    assert cache.get(path, read, depends=object()) == "hai"
    assert len(reads) == 4


def test_a_file_changed_again_within_the_times_resolution_is_read_again(tmp_path, monkeypatch):
    """Two writes of the same size within a tick of the file system's clock leave
    the same size and times: the bytes tell. Here times are kept to the second, as
    some file systems do."""
    real = os.stat

    def coarse(path, *args, **kwargs):
        status = real(path, *args, **kwargs)
        return SimpleNamespace(
            st_size=status.st_size,
            st_ino=status.st_ino,
            st_mtime_ns=status.st_mtime_ns // 10**9 * 10**9,
            st_ctime_ns=status.st_ctime_ns // 10**9 * 10**9,
        )

    monkeypatch.setattr(filecache, "os", SimpleNamespace(stat=coarse))
    path = tmp_path / "a.md"
    cache = FileCache()
    for n in range(50):
        for text in (f"một {n:02d}", f"mọt {n:02d}"):  # the same size in UTF-8
            path.write_text(text, encoding="utf-8")
            cache.begin(None)
            assert cache.get(path, lambda: path.read_text(encoding="utf-8")) == text


def test_a_file_read_just_after_it_changed_is_not_read_again_if_unchanged(tmp_path):
    path = tmp_path / "a.md"
    path.write_text("một", encoding="utf-8")  # now: its times alone are not trusted
    cache = FileCache()
    reads = []
    for _ in range(3):
        cache.begin(None)
        cache.get(path, lambda: reads.append(1))
    assert len(reads) == 1  # its bytes are those read


def test_files_gone_are_forgotten(tmp_path):
    cache = FileCache()
    paths = [tmp_path / f"{n}.md" for n in range(3)]
    for path in paths:
        path.write_text("x", encoding="utf-8")
    cache.begin(None)
    for path in paths:
        cache.get(path, lambda: 1)
    cache.end()
    cache.begin(None)
    cache.get(paths[0], lambda: 1)
    cache.end()
    assert list(cache._entries) == [paths[0]]
