"""What an authoring tool did, row by row: the one outcome every tool returns.

The tools (`new`, `import`, `units migrate`, `review sheet`, `review apply`, `commend`)
print nothing. Each returns an Outcome, or raises Stopped (UsageError for a mistake in
the command line) when it cannot go on; the command line (generator/cli.py) says it,
as text or as the Markdown summary, and chooses the exit code.

An Outcome holds one Row for each thing staff typed that names a model or a unit (a
row of a sheet, a slug of `--models`, a unit of the registry, the answers to `new`),
in the order typed: where it is, what it says, the model it names, what it writes
(`changes`; in a dry run, what it would write), what is said of it (`messages`, each
marked with the status it explains) and the validator's problems. Its `status` is one
of a few (Status); besides, the notes on the sheet itself, the files written, those
that could not be, and the check of the whole data set once written.

How it counts: `count` counts rows by status; `reported` counts rows by what is said
of them, since one row may ask for two things (a result and a showcase choice) and
have one written and the other refused; `changed` counts rows by what they write.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from enum import StrEnum

from generator.data.problem import Problem
from generator.data.text import slugify


class Status(StrEnum):
    WRITTEN = "written"  # writes something (see `changes`); in a dry run, would
    UNCHANGED = "unchanged"  # the file already says what the row asks
    BLANK = "blank"  # the row asks for nothing
    DUPLICATE = "duplicate"  # an earlier row asks the same; done once, there
    UNKNOWN = "unknown"  # names no model (or unit) there is
    AMBIGUOUS = "ambiguous"  # names several; never guessed
    CONFLICT = "conflict"  # asks other than the file says; the file is kept as it is
    REFUSED = "refused"  # cannot be written; the messages and problems say why


FAILED = frozenset({Status.UNKNOWN, Status.AMBIGUOUS, Status.CONFLICT, Status.REFUSED})
NOT_FOUND = frozenset({Status.UNKNOWN, Status.AMBIGUOUS})


@dataclass(frozen=True)
class Target:
    """What a row names: a model (slug, title, its file, its unit) or a unit (id, name,
    the registry)."""

    slug: str
    title: str
    path: str  # relative to the project, with "/"
    unit: str = ""  # a model's unit as a person reads it: "Chi bộ Khu phố 1, Phường Hòa Bình"

    @classmethod
    def of(cls, model) -> Target:
        """The target of a loaded Model."""
        return cls(model.slug, model.title, model.source, unit_label(model.unit))


def unit_label(unit) -> str:
    """A unit's name and place, the place left out where the name already says it."""
    if slugify(unit.locality) in slugify(unit.name):
        return unit.name
    return f"{unit.name}, {unit.locality}"


@dataclass(frozen=True)
class Change:
    """One thing a row writes: in the file `path`, `key` gets `value`. The key is the
    place in the model or unit ("reviews.2026", "showcase", "commendations",
    "locality"); "" for something new, `value` being it (a new model, a new Unit)."""

    path: str
    key: str
    value: object = None
    note: str = ""  # said with it: that a value was guessed, and how to correct it

    def __str__(self) -> str:
        return f"{self.key}: {self.value}" if self.key else self.path


@dataclass(frozen=True)
class Message:
    """A sentence said of a row (Vietnamese), marked with the status it explains
    (None: a note that changes nothing)."""

    text: str
    status: Status | None = None


@dataclass
class Row:
    where: str  # how its lines start: "bang.xlsx:12", "--models slug", "models/_units.yml:7"
    line: int = 0  # the row's number in its sheet or file (0: none), for order
    typed: dict[str, str] = field(default_factory=dict)  # "slug", "title", "unit", "locality"
    model: Target | None = None
    status: Status = Status.UNCHANGED
    changes: list[Change] = field(default_factory=list)
    messages: list[Message] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)  # the validator's, of the edited file
    eligible: bool = False  # review: its model may now be chosen as a showcase model

    def write(self, *changes: Change) -> None:
        """What the row writes. A row that writes anything is WRITTEN, whatever else
        it asked for was refused."""
        self.changes += changes
        self.status = Status.WRITTEN

    def fail(self, status: Status, text: str, problems: list[Problem] | None = None) -> None:
        """Why (part of) the row is not written; the first reason gives its status."""
        self.messages.append(Message(text, status))
        self.problems += problems or []
        if self.status not in FAILED and self.status is not Status.WRITTEN:
            self.status = status

    def note(self, text: str, status: Status | None = None) -> None:
        """Something said of the row; with a status (UNCHANGED, DUPLICATE), the row's."""
        self.messages.append(Message(text, status))
        if status is not None and self.status not in FAILED and self.status is not Status.WRITTEN:
            self.status = status

    def says(self, *statuses: Status) -> bool:
        return any(message.status in statuses for message in self.messages)

    def sets(self, key: str, value: object = None) -> bool:
        """Whether the row writes `key` (with that value, if given)."""
        return any(c.key == key and (value is None or c.value == value) for c in self.changes)


@dataclass(frozen=True)
class Note:
    """Something said of the sheet or file itself, at a line (its encoding, its header)."""

    line: int
    text: str


@dataclass(frozen=True)
class DataCheck:
    """The whole data set validated again once the files were written."""

    problems: list[Problem]
    models: int = 0
    units: int = 0

    def blames(self, paths: set[str] | None = None) -> bool:
        """Whether a problem is in one of `paths` (in any file, if not given)."""
        return any(paths is None or p.path in paths for p in self.problems)


@dataclass
class Outcome:
    source: str  # what was read, as named on the command line: a sheet, "--models", a file
    dry_run: bool = False
    rows: list[Row] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)
    written: list[str] = field(default_factory=list)  # files written, relative to the project
    unwritten: list[Problem] = field(default_factory=list)  # files that could not be written
    check: DataCheck | None = None  # after writing
    year: int | None = None  # the year reviewed (review sheet, review apply)
    waiting: int = 0  # review apply: models active in the year still without its result

    def add(self, row: Row) -> Row:
        self.rows.append(row)
        return row

    def count(self, *statuses: Status) -> int:
        """Rows of one of these statuses."""
        return sum(row.status in statuses for row in self.rows)

    def reported(self, *statuses: Status) -> int:
        """Rows of which something of one of these statuses is said."""
        return sum(row.says(*statuses) for row in self.rows)

    def changed(self, key: str, value: object = None) -> list[Row]:
        """Rows that write `key` (with that value, if given)."""
        return [row for row in self.rows if row.sets(key, value)]

    def changes(self) -> Iterator[Change]:
        for row in self.rows:
            yield from row.changes

    @property
    def failed(self) -> bool:
        """Whether anything asked for was not done (a row refused, in conflict, not found)."""
        return any(row.says(*FAILED) for row in self.rows)


class Stopped(Exception):
    """The tool cannot go on, and has written nothing; `lines` say why, in order: each
    a Problem at its line, or a sentence."""

    def __init__(self, *lines: Problem | str):
        self.lines = list(lines)
        super().__init__("\n".join(map(str, self.lines)))


class UsageError(Stopped):
    """A mistake in the command line itself (an option's value), not in the data."""
