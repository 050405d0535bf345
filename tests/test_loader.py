"""Model files read in a second process give the catalogue the build alone gives."""

from __future__ import annotations

import pytest
from conftest import copy_sample

from generator.adapter import loader
from generator.adapter.loader import Loader
from generator.data import filecache
from generator.data.filecache import FileCache
from generator.data.load import LoadError, load
from generator.data.options import settings_from
from generator.data.validate import vietnam_today


@pytest.fixture
def sample(tmp_path, monkeypatch):
    monkeypatch.setattr(loader, "START", 0)  # the process reads half the sample's files
    # The files were just copied: trust what was read of them (see filecache.RACY_NS).
    monkeypatch.setattr(filecache, "RACY_NS", 0)
    root = copy_sample(tmp_path)
    return settings_from(root / "mkdocs.yml")


def both(settings, root, change=None):
    """(what the build reads with the process, what it reads alone)."""
    today = vietnam_today()
    results = []
    for parallel in (True, False):
        cache = FileCache()
        reading = Loader(settings, root, today, cache) if parallel else None
        if change and parallel:
            reading.wait()  # what it read is of the files before the change
            change()
        try:
            results.append(load(settings, root, today, cache=cache))
        except LoadError as error:
            results.append(error.problems)
        finally:
            if reading is not None:
                reading.close()
        if parallel:
            results.append(cache.reads)
    return results


def test_the_same_models_are_read(sample):
    settings, root = sample
    with_process, reads, alone = both(settings, root)
    assert with_process.models == alone.models and len(alone.models) > 30
    assert reads < len(alone.models) // 2 + 5  # the others came from the process


def test_the_same_problems_are_reported(sample):
    settings, root = sample
    last = sorted((root / "models").rglob("*.md"))[-1]  # read by the process
    last.write_text(last.read_text(encoding="utf-8").replace("title:", "tittle:"), "utf-8")
    with_process, _, alone = both(settings, root)
    assert with_process == alone and any(last.name in str(p) for p in alone)


def test_a_file_changed_meanwhile_is_read_again(sample):
    settings, root = sample
    last = sorted((root / "models").rglob("*.md"))[-1]
    text = last.read_text(encoding="utf-8")

    def change():
        last.write_text(text.replace("summary:", "summary: Đã sửa.", 1), "utf-8")

    with_process, _, alone = both(settings, root, change)
    assert with_process.models == alone.models
    assert any(m.summary.startswith("Đã sửa.") for m in alone.models)


def test_other_units_than_the_process_read_are_not_taken(sample):
    settings, root = sample
    units = root / "models/_units.yml"
    text = units.read_text(encoding="utf-8")

    def change():
        units.write_text(
            text.replace("name: Chi bộ Khu phố 4", "name: Chi bộ Khu phố Bốn"), "utf-8"
        )

    with_process, reads, alone = both(settings, root, change)
    assert with_process.models == alone.models
    assert any(m.unit.name == "Chi bộ Khu phố Bốn" for m in alone.models)
    assert reads > len(alone.models)  # all read again here


def test_a_process_that_stops_before_it_sends_the_units_leaves_the_files_to_the_build(sample):
    settings, root = sample
    cache = FileCache()
    reading = Loader(settings, root, vietnam_today(), cache)
    reading._worker._process.kill()  # before it could send anything
    try:
        catalog = load(settings, root, vietnam_today(), cache=cache)
    finally:
        reading.close()
    assert len(catalog.models) > 30
