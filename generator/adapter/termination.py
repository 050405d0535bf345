"""What SIGTERM and SIGHUP (a service stopped, a terminal closed) do to the process while
MkDocs builds or serves the site: their handlers are set here and nowhere else."""

from __future__ import annotations

import contextlib
import os
import signal
from collections.abc import Callable

SIGNALS = tuple(getattr(signal, name) for name in ("SIGTERM", "SIGHUP") if hasattr(signal, name))


class Termination:
    """The plugin's one policy for SIGTERM and SIGHUP, set as each build starts (`start`):

    - a preview (`mkdocs serve`, with or without --clean): they stop it as Ctrl-C does,
      so that MkDocs' shutdown runs and cleans up after it (the worker processes, the
      pages kept aside, MkDocs' temporary site) rather than leaving copies of the site
      behind. For the rest of the process, as MkDocs removes its temporary site after the
      plugins' shutdown; a handler someone else set stays.
    - a build made beside the published site (`publish.Staging`): `cleanup` runs first
      (no worker process left, no unfinished folder), then the process ends as the signal
      would have ended it. While the complete site is put in place they wait (`held`);
      after the build the handlers are those it found (`restore`).
    - any other build (`--dirty`, a site folder that is a link or a mount point, no room
      beside it): the default, the process ends at once. MkDocs writes into the site
      folder itself there, and the worker processes end with the build on their own
      (`worker._end_with`).

    Only the main thread can set handlers: elsewhere (a rebuild of `mkdocs serve` runs
    in the server's thread) nothing changes.
    """

    def __init__(self) -> None:
        self.previous: dict[int, object] = {}  # the handlers a build's replaced

    def start(self, *, previewing: bool, cleanup: Callable[[], None] | None) -> None:
        """Set the handlers for the build that starts: a preview's, or, with `cleanup`,
        a build's made beside the published site; None: no handler."""
        if previewing:
            handler, others_stay = _interrupt, True
        elif cleanup is not None:
            handler, others_stay = _ending(cleanup), False
        else:
            return
        with contextlib.suppress(ValueError):  # not the main thread
            for number in SIGNALS:
                if not others_stay:
                    self.previous[number] = signal.signal(number, handler)
                elif signal.getsignal(number) == signal.SIG_DFL:
                    signal.signal(number, handler)

    @contextlib.contextmanager
    def held(self):
        """Signals wait until the block is done (the site being put in place)."""
        block = getattr(signal, "pthread_sigmask", None)
        if block is None or not self.previous:
            yield
            return
        block(signal.SIG_BLOCK, SIGNALS)
        try:
            yield
        finally:
            block(signal.SIG_UNBLOCK, SIGNALS)

    def restore(self) -> None:
        """The handlers the build found."""
        for number, handler in self.previous.items():
            with contextlib.suppress(ValueError, TypeError):
                signal.signal(number, handler)
        self.previous = {}


def _interrupt(number: int, frame) -> None:
    raise KeyboardInterrupt  # as Ctrl-C


def _ending(cleanup: Callable[[], None]) -> Callable:
    """A handler that runs `cleanup`, then ends the process by the signal it got."""

    def end(number: int, frame) -> None:
        with contextlib.suppress(Exception):
            cleanup()
        signal.signal(number, signal.SIG_DFL)
        os.kill(os.getpid(), number)

    return end
