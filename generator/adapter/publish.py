"""A build made beside the published site and put in its place only once complete.

MkDocs empties its site folder first and writes into it: a build that fails or is
killed part-way would leave a server pointed at `site/` with a part of a site. The
plugin has MkDocs build into a sibling folder instead; when the build has ended
well, the two are exchanged (in one step where the system can, renameat2 on Linux)
and the old one removed. A failed or killed build removes its own folder and leaves
the published one as it was (for SIGTERM and SIGHUP, see `termination`).
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import shutil
from pathlib import Path

BUILDING = "building"
OLD = "old"


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # someone else's: alive
        return True
    return True


def _exchange(a: Path, b: Path) -> bool:
    """Swap two paths in one step (Linux renameat2); False where it cannot."""
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    at_cwd, exchange = -100, 2  # AT_FDCWD, RENAME_EXCHANGE
    return renameat2(at_cwd, os.fsencode(a), at_cwd, os.fsencode(b), exchange) == 0


class Staging:
    """The folder a build goes into, beside `site_dir`, and how it takes its place."""

    def __init__(self, site_dir: str | os.PathLike) -> None:
        self.target = Path(site_dir).absolute()
        self.folder = self._sibling(BUILDING, os.getpid())

    def _sibling(self, kind: str, pid: int) -> Path:
        return self.target.parent / f".{self.target.name}.{kind}-{pid}"

    @staticmethod
    def usable(site_dir: str | os.PathLike) -> bool:
        """Not for a folder that is a link or a mount point: it is swapped as it is."""
        target = Path(site_dir).absolute()
        return not target.is_symlink() and not (target.exists() and os.path.ismount(target))

    def start(self) -> str:
        """Remove what killed builds left, make the folder, and return its path."""
        for kind in (BUILDING, OLD):
            for stale in self.target.parent.glob(f".{self.target.name}.{kind}-*"):
                pid = stale.name.rsplit("-", 1)[-1]
                if pid.isdigit() and (int(pid) == os.getpid() or not _alive(int(pid))):
                    shutil.rmtree(stale, ignore_errors=True)
        self.folder.mkdir(parents=True)
        return str(self.folder)

    def publish(self) -> None:
        """Put the complete build where the site is; remove the one it replaces."""
        if self.target.is_dir() and _exchange(self.folder, self.target):
            shutil.rmtree(self.folder, ignore_errors=True)
            return
        old = self._sibling(OLD, os.getpid())
        if self.target.exists():
            os.rename(self.target, old)
        os.rename(self.folder, self.target)
        shutil.rmtree(old, ignore_errors=True)

    def abandon(self) -> None:
        shutil.rmtree(self.folder, ignore_errors=True)
