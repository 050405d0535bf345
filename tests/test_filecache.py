"""A model file is read again when, and only when, it may have changed."""

from __future__ import annotations

import os
import time

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


def test_a_file_changed_just_before_it_was_read_is_read_again(tmp_path):
    path = tmp_path / "a.md"
    path.write_text("một", encoding="utf-8")  # now: too recent to trust its times
    cache = FileCache()
    reads = []
    for _ in range(2):
        cache.begin(None)
        cache.get(path, lambda: reads.append(1))
    assert len(reads) == 2


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
