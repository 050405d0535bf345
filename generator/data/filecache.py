"""What reading each file gave, kept while the file stays as it was.

`mkdocs serve` loads the data set again after every edit; with thousands of model
files, reading and checking them all is most of that time. A `FileCache` given to
`load` keeps each file's model and problems until the file changes, so a rebuild
reads only the files that did.
"""

from __future__ import annotations

import hashlib
import os
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

# File times are coarse on some file systems: a file changed twice within this time
# can keep the same times and size. An entry read so soon after the file's last
# change is trusted only if the file's bytes are still those read (as git does).
RACY_NS = 2_000_000_000


class FileCache:
    """Each file's value, keyed by its path, for as long as its size, times and inode
    are those it had when it was read, and the context (what else the value depends
    on: settings, units, the date...) is the same."""

    def __init__(self) -> None:
        self._context: Any = None
        self._shared: tuple | None = None  # (value,) made once for the context
        # path -> (signature, time read, value, depends, digest of the bytes read)
        self._entries: dict[Path, tuple[tuple[int, ...], int, Any, Any, bytes]] = {}
        self._seen: set[Path] = set()
        self._coming: set[Path] = set()
        self._fetch: Callable[[Path, Any], tuple | None] | None = None
        self.reads = 0  # files read in the current pass

    @property
    def empty(self) -> bool:
        return not self._entries

    def expect(self, paths: list[Path], fetch: Callable[[Path, Any], tuple | None]) -> None:
        """These files are being read elsewhere meanwhile (a second process):
        `fetch(path, depends)` waits for one and gives what reading it gave, with the
        signature it had, the time it was read and its bytes' digest (see `read_now`),
        or None if that will not come or was made from other `depends`. Either way the
        file is checked as any other: read again here if it has changed since."""
        self._coming, self._fetch = set(paths), fetch

    def begin(self, context: Any) -> None:
        """Start a pass over the files; a new context drops every entry."""
        if context != self._context:
            self._entries.clear()
            self._shared = None
            self._context = context
        self._seen = set()
        self.reads = 0

    def get(self, path: Path, read: Callable[[], Any], depends: Any = None) -> Any:
        """The value `read()` gives for the file as it is now. `depends`: another
        entry's value this one was made from; a new one (not the same object) makes
        the file be read again."""
        if path in self._coming:
            self._coming.discard(path)
            fetched = self._fetch(path, depends)
            if fetched is not None:
                signed, started, value, digest = fetched
                self._entries[path] = (signed, started, value, depends, digest)
        now = signature(path)
        self._seen.add(path)
        entry = self._entries.get(path)
        if entry is not None and entry[0] == now and entry[3] is depends:
            _, modified, changed, _ = now
            if entry[1] - max(modified, changed) > RACY_NS:
                return entry[2]
            checked = time.time_ns()
            if digest_of(path) == entry[4]:  # as read: trusted from now on
                self._entries[path] = (now, checked, *entry[2:])
                return entry[2]
        started, value, digest = read_now(path, read)
        self._entries[path] = (now, started, value, depends, digest)
        self.reads += 1
        return value

    def shared(self, read: Callable[[], Any]) -> Any:
        """A value made from the context alone (no file of its own): read once while
        the context stays the same."""
        if self._shared is None:
            self._shared = (read(),)
        return self._shared[0]

    def end(self) -> None:
        """Forget the files this pass did not ask for (deleted or renamed)."""
        for path in self._entries.keys() - self._seen:
            del self._entries[path]
        self._coming, self._fetch = set(), None


def signature(path: Path) -> tuple[int, ...]:
    """What tells a file that changed from one that did not."""
    status = os.stat(path)
    return status.st_size, status.st_mtime_ns, status.st_ctime_ns, status.st_ino


def digest_of(path: Path) -> bytes:
    try:
        return hashlib.blake2b(path.read_bytes(), digest_size=16).digest()
    except OSError:
        return b""


def read_now(path: Path, read: Callable[[], Any]) -> tuple[int, Any, bytes]:
    """(the time before reading, what `read` gave, the digest of the bytes before)."""
    started = time.time_ns()
    digest = digest_of(path)
    return started, read(), digest
