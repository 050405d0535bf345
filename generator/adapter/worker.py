"""A second Python process for work that can run beside MkDocs on another core.

The process runs `work(source, reply)` of one of this package's modules; messages go
both ways pickled. A build must not depend on it: where it cannot be started, or
stops, its caller does the work itself.
"""

from __future__ import annotations

import contextlib
import importlib
import os
import pickle
import subprocess
import sys
import tempfile
import threading
import time
import weakref
from pathlib import Path

_running: weakref.WeakSet[Worker] = weakref.WeakSet()  # started and not yet closed


def stop_all() -> None:
    """Stop every second process this process has started (a build that is ending)."""
    for worker in list(_running):
        with contextlib.suppress(Exception):
            worker.close()


class Worker:
    def __init__(self, module: str) -> None:
        # The child imports this very package: its folder replaces the current one,
        # which could hold another "generator".
        package = str(Path(__file__).resolve().parents[2])
        code = "import sys; sys.path[0] = sys.argv[1]; from generator.adapter.worker import main; main()"
        # What a crashed process printed; closed with the process.
        self._errors = tempfile.TemporaryFile()  # noqa: SIM115
        self._sender: threading.Thread | None = None
        try:
            self._process: subprocess.Popen | None = subprocess.Popen(
                [sys.executable, "-c", code, package, module],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=self._errors,
            )
        except OSError:
            self._process = None
            self._errors.close()
        else:
            _running.add(self)

    @property
    def started(self) -> bool:
        return self._process is not None

    def send(self, *messages) -> None:
        """Pickle the messages to the process from a thread, so that MkDocs goes on
        meanwhile; in the order sent. An object that cannot be pickled ends the input."""
        previous, stdin = self._sender, self._process.stdin

        def run() -> None:
            if previous is not None:
                previous.join()
            try:
                for message in messages:  # in frames: no copy of the whole message
                    pickle.dump(message, stdin, protocol=pickle.HIGHEST_PROTOCOL)
                stdin.flush()
            except Exception:  # stopped, or not picklable: the process sees the input end
                with contextlib.suppress(Exception):
                    stdin.close()

        self._sender = threading.Thread(target=run, daemon=True)
        self._sender.start()

    def receive(self):
        """The next reply; EOFError when the process has ended, or said nonsense."""
        process = self._process
        if process is None:  # closed meanwhile
            raise EOFError("closed")
        try:
            return pickle.load(process.stdout)
        except Exception as error:
            raise EOFError(str(error)) from error

    def printed(self) -> str:
        """What the process printed (its traceback, if it crashed), once it has ended."""
        process = self._process
        if process is None:  # closed: it was stopped on purpose
            return ""
        with contextlib.suppress(subprocess.TimeoutExpired):
            process.wait(timeout=10)
        with contextlib.suppress(ValueError):  # closed meanwhile
            self._errors.seek(0)
            printed = self._errors.read().decode(errors="replace").strip()
            return f"\n{printed}" if printed else ""
        return ""

    def close(self) -> None:
        """Stop the process, whatever it is doing: its work is done or no longer wanted."""
        if self._process is None:
            return
        process, self._process = self._process, None
        _running.discard(self)
        process.kill()  # first: a sender blocked on a full pipe lets go of the stream
        process.wait()
        for stream in (process.stdin, process.stdout):
            with contextlib.suppress(Exception):
                stream.close()
        self._errors.close()


def _end_with(parent: int) -> None:
    """End this process as soon as the build that started it is gone (killed, even
    with SIGKILL): it is then reparented, and its work is no longer wanted."""
    while os.getppid() == parent:
        time.sleep(0.2)
    os._exit(1)


def main() -> None:
    """The child: `generator.<module>.work(source, reply)` over stdin and stdout."""
    threading.Thread(target=_end_with, args=(os.getppid(),), daemon=True).start()
    # The replies keep the real stdout to themselves; anything else written to it,
    # from Python or from a library's C code, goes to stderr.
    reply = os.fdopen(os.dup(1), "wb")
    os.dup2(2, 1)
    sys.stdout = sys.stderr
    module = importlib.import_module(f"generator.{sys.argv[2]}")
    module.work(sys.stdin.buffer, reply)
    reply.flush()
