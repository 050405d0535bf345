"""The editor page's own JavaScript (generator/site/assets/editor/) run under Node.js,
and what the validator reads, in the same shape, to compare them with."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

HARNESS = Path(__file__).with_name("editor_harness.js")


def node() -> str:
    found = shutil.which("node")
    if found:
        return found
    if os.environ.get("CI"):
        pytest.fail("Node.js is needed by this test (tests/run.sh installs it)")
    pytest.skip("Node.js is not installed")


def run(requests: list[dict]) -> list[dict]:
    """Each request's answer: {"ok": value} or {"error", "refused", "line"}."""
    result = subprocess.run(
        [node(), str(HARNESS)],
        input=json.dumps(requests),
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def one(op: str, **request: Any) -> dict:
    return run([{"op": op, **request}])[0]


def as_read(value: Any) -> Any:
    """Data as the validator holds it, the way the browser's data can hold it: keys as
    text (a year is 2023 in one, "2023" in the other)."""
    if isinstance(value, dict):
        return {str(k): as_read(v) for k, v in value.items()}
    if isinstance(value, list):
        return [as_read(v) for v in value]
    return value


def same(a: Any, b: Any) -> bool:
    """Equal as data, a boolean never equal to a number (as Python's == would have it);
    1 and 1.0 are one number to JavaScript."""
    if isinstance(a, bool) or isinstance(b, bool):
        return type(a) is type(b) and a == b
    if isinstance(a, (int, float)) and isinstance(b, (int, float)):
        return a == b
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(same(a[k], b[k]) for k in a)
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b, strict=True))
    return type(a) is type(b) and a == b
