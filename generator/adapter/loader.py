"""Model files read in a second process while the build reads the others.

Reading and checking the model files is the first thing a build does, with the
second core idle: a second process reads the last part of them meanwhile and gives
what it read to the build's file cache (`FileCache.expect`), which checks each file
as any other. Should the process not start, stop, or have read other units, the
build reads those files itself.
"""

from __future__ import annotations

import pickle
import threading
from datetime import date
from functools import partial
from pathlib import Path
from typing import Any, BinaryIO

from generator.adapter.worker import Worker
from generator.data.filecache import FileCache, read_now, signature
from generator.data.load import Reader, read_registry, scan
from generator.data.settings import Settings

CHUNK = 250  # files a message
# Files the build reads while the process starts: fewer files than this, none go there.
START = 600


def work(source: BinaryIO, reply: BinaryIO) -> None:
    """The second process: (settings, root, today, paths); replies the units it read, then lists of (path, signature, time read, what reading gave, digest)."""
    try:
        settings, root, today, paths = pickle.load(source)
        registry = read_registry(settings, root)
        pickle.dump(tuple(registry[:3]), reply)  # the places are the build's own
        reader = Reader(settings, root, registry, today)
        for start in range(0, len(paths), CHUNK):
            found = []
            for path in paths[start : start + CHUNK]:
                before = signature(path)
                found.append((path, before, *read_now(path, partial(reader.read, path))))
            pickle.dump(found, reply)
            reply.flush()
    except (EOFError, BrokenPipeError):  # the build stopped
        return


class Loader:
    """Reads the last part of the model files into `cache`, beside the build."""

    def __init__(self, settings: Settings, root: Path, today: date, cache: FileCache) -> None:
        root = root.resolve()
        paths = scan(settings.models_path(root))[0]
        theirs = paths[max(0, (len(paths) + START) * 9 // 20) :]
        self._found: dict[Path, tuple] = {}
        self._registry: Any = None
        self._same: bool | None = None  # the registry is the build's
        self._done = False
        self._ready = threading.Condition()
        self._worker = Worker("adapter.loader") if theirs else None
        if self._worker is None or not self._worker.started:
            self._done = True
            return
        self._worker.send((settings, root, today, theirs))
        cache.expect(theirs, self.fetch)
        threading.Thread(target=self._receive, args=(len(theirs),), daemon=True).start()

    def _receive(self, count: int) -> None:
        try:
            self._registry = self._worker.receive()
            while count > 0:
                found = self._worker.receive()
                with self._ready:
                    self._found.update((path, rest) for path, *rest in found)
                    self._ready.notify_all()
                count -= len(found)
        except EOFError:  # stopped: the build reads the rest
            pass
        finally:
            with self._ready:
                self._done = True
                self._ready.notify_all()

    def fetch(self, path: Path, registry: Any) -> tuple | None:
        with self._ready:
            self._ready.wait_for(lambda: path in self._found or self._done)
            if self._same is None:
                # None: the process stopped before it sent the units it read.
                self._same = self._registry is not None and registry.same(self._registry)
            found = self._found.pop(path, None)
        return tuple(found) if found is not None and self._same else None

    def wait(self) -> None:
        """Until the process has given all it read (or stopped)."""
        with self._ready:
            self._ready.wait_for(lambda: self._done)

    def close(self) -> None:
        if self._worker is not None:
            self._worker.close()
