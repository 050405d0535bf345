"""A problem found in the data: a file, a line and what to do, in Vietnamese.

Every layer reports through it: the validator and the loader collect problems, the
site lists them, the authoring tools and the command line print them as
`path:line: message`.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True, order=True)
class Problem:
    path: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"


class ProblemError(Exception):
    """Raised by a check that cannot go on; carries the line and the message."""

    def __init__(self, line: int, message: str):
        super().__init__(message)
        self.line = line
        self.message = message


def relative(path: Path, root: Path) -> str:
    """The path as reported to staff: relative to the project root where possible."""
    if path.is_relative_to(root):
        return path.relative_to(root).as_posix()
    if path.resolve().is_relative_to(root.resolve()):  # through a symbolic link
        return path.resolve().relative_to(root.resolve()).as_posix()
    return path.as_posix()
