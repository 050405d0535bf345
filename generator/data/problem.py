"""A problem found in the data: a file, a line and what to do, in Vietnamese.

Every layer reports through it: the validator and the loader collect problems, the
site lists them, the authoring tools and the command line print them as
`path:line: message`.
"""

from __future__ import annotations

from dataclasses import dataclass


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
