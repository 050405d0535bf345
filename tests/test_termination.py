"""The one policy for SIGTERM and SIGHUP: each case in a process of its own, which the
signal really reaches."""

from __future__ import annotations

import signal
import subprocess
import sys

import pytest
from conftest import ROOT

SETUP = """
import os, signal, sys, threading, time
from generator.adapter.termination import Termination
number = getattr(signal, sys.argv[1])
termination = Termination()
"""


def run(code: str, name: str = "SIGTERM") -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-c", SETUP + code, name],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=60,
    )


@pytest.mark.parametrize("name", ["SIGTERM", "SIGHUP"])
def test_a_preview_stops_as_after_ctrl_c(name):
    done = run(
        """
termination.start(previewing=True, cleanup=None)
try:
    os.kill(os.getpid(), number)
    time.sleep(5)
except KeyboardInterrupt:
    print("interrupted")
""",
        name,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout == "interrupted\n"


def test_a_preview_leaves_a_handler_set_by_someone_else():
    done = run(
        """
signal.signal(number, lambda n, f: print("theirs"))
termination.start(previewing=True, cleanup=None)
os.kill(os.getpid(), number)
time.sleep(0.2)
"""
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout == "theirs\n"


@pytest.mark.parametrize("name", ["SIGTERM", "SIGHUP"])
def test_a_staged_build_cleans_up_then_ends_by_the_signal(name):
    done = run(
        """
signal.signal(number, lambda n, f: print("theirs"))  # replaced while the build runs
termination.start(previewing=False, cleanup=lambda: print("cleaned", flush=True))
os.kill(os.getpid(), number)
time.sleep(5)
print("not ended")
""",
        name,
    )
    assert done.returncode == -getattr(signal, name)
    assert done.stdout == "cleaned\n"


def test_a_staged_build_holds_the_signal_while_the_site_is_put_in_place():
    done = run(
        """
termination.start(previewing=False, cleanup=lambda: print("cleaned", flush=True))
with termination.held():
    os.kill(os.getpid(), number)
    time.sleep(0.2)
    print("in place", flush=True)
time.sleep(5)
"""
    )
    assert done.returncode == -signal.SIGTERM
    assert done.stdout == "in place\ncleaned\n"


def test_after_the_build_the_handlers_are_those_it_found():
    done = run(
        """
signal.signal(number, lambda n, f: print("theirs"))
termination.start(previewing=False, cleanup=lambda: print("cleaned"))
termination.restore()
os.kill(os.getpid(), number)
time.sleep(0.2)
"""
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout == "theirs\n"


def test_any_other_build_ends_at_once():
    done = run(
        """
termination.start(previewing=False, cleanup=None)
with termination.held():  # nothing is held either
    os.kill(os.getpid(), number)
    time.sleep(5)
print("not ended")
"""
    )
    assert done.returncode == -signal.SIGTERM
    assert done.stdout == ""


def test_nothing_changes_outside_the_main_thread():
    done = run(
        """
thread = threading.Thread(
    target=lambda: termination.start(previewing=False, cleanup=lambda: print("cleaned"))
)
thread.start()
thread.join()
print(signal.getsignal(number) == signal.SIG_DFL, termination.previous)
"""
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout == "True {}\n"
