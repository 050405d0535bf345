"""What staff add: new model files and new units, written as a person would write them.

Shared by `python -m generator new` (wizard.py) and `import` (importer.py). A model
file is checked by the validator before it is written, and nothing that exists is
ever overwritten.

Every tool that writes into the models folder (these, and the yearly tools that edit
files in place) writes under `locked(models_dir)`, re-reads there what it is about to
change, and writes each file with `write_atomic`: two writers at once cannot both
take one name, add one unit twice or leave half a file.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from generator.authoring.outcome import DataCheck, Stopped
from generator.data.load import (
    UNITS_FILE,
    LoadError,
    load,
    load_model,
    load_units,
    model_files,
    read_model,
)
from generator.data.model import Unit
from generator.data.problem import Problem, ProblemError
from generator.data.schema import BODY_SECTIONS
from generator.data.settings import Settings
from generator.data.source import scalar
from generator.data.text import slugify
from generator.data.validate import DMY_DATE, ISO_DATE, Check

SLUG_LIMIT = 80


def iso_date(text: str) -> str:
    """ "15/3/2024" or "2024-3-15" as 2024-03-15; anything else as it is, for the validator."""
    text = text.strip()
    if match := DMY_DATE.match(text):
        day, month, year = match.groups()
    elif match := ISO_DATE.match(text):
        year, month, day = match.groups()
    else:
        return text
    return f"{int(year):04d}-{int(month):02d}-{int(day):02d}"


def short_slug(text: str, limit: int = SLUG_LIMIT) -> str:
    """slugify, cut at a word boundary so that addresses stay readable."""
    slug = slugify(text)
    if len(slug) <= limit:
        return slug
    return slug[: limit + 1].rsplit("-", 1)[0]


def new_unit_id(name: str, locality: str, taken: set[str] | dict) -> str | None:
    """An id for a new unit: from its name, or its name and place when the name is taken."""
    for candidate in (short_slug(name), short_slug(f"{name} {locality}")):
        if candidate and candidate not in taken:
            return candidate
    return None


def existing_models(models_dir: Path) -> dict[str, Path]:
    """slug -> file of every model already there (valid or not)."""
    return {path.stem: path for path in model_files(models_dir)} if models_dir.is_dir() else {}


def model_data(path: Path) -> dict:
    """The keys a model file holds as read, unchecked; {} for a file that cannot be read
    (which `validate` reports)."""
    try:
        data, _, _ = read_model(path, Check(path.name))
    except (ProblemError, OSError):
        return {}
    return data if isinstance(data, dict) else {}


def existing_titles(models_dir: Path) -> dict[str, Path]:
    """slug of the title -> file, for models whose file name is not their title's slug."""
    titles = {}
    for path in existing_models(models_dir).values():
        title = model_data(path).get("title")  # an unreadable file's name still counts
        if isinstance(title, str):
            titles.setdefault(slugify(title), path)
    return titles


@dataclass
class NewModel:
    slug: str
    title: str
    summary: str
    field: str
    unit: str
    registered: str  # YYYY-MM-DD
    kind: str = "collective"
    reviews: dict[int, str] = field(default_factory=dict)
    tags: list[str] = field(default_factory=list)
    sections: dict[str, str] = field(default_factory=dict)  # heading -> text to start with
    notes: dict[str, str] = field(default_factory=dict)  # key -> comment after its value

    def path(self, models_dir: Path, yml: bool = False) -> Path:
        return models_dir / self.field / f"{self.slug}{'.yml' if yml else '.md'}"

    def front_lines(self) -> list[str]:
        values = {
            "title": self.title,
            "summary": self.summary,
            "field": self.field,
            "unit": self.unit,
            "kind": self.kind,
            "registered": self.registered,
        }
        lines = []
        for key, value in values.items():
            note = f"  # {self.notes[key]}" if key in self.notes else ""
            lines.append(f"{key}: {scalar(value)}{note}")
        if self.reviews:
            lines.append("reviews:")
            lines += [f"  {year}: {result}" for year, result in sorted(self.reviews.items())]
        if self.tags:
            lines.append(f"tags: {scalar(self.tags)}")
        return lines

    def body(self) -> str:
        parts = []
        for heading, hint in BODY_SECTIONS.items():
            text = self.sections.get(heading) or f"<!-- {hint} -->"
            parts.append(f"## {heading}\n\n{text.strip()}\n")
        return "\n".join(parts)

    def text(self, yml: bool = False, schema: str = "") -> str:
        """The file: Markdown with front matter, or one YAML file with `body: |`."""
        if not yml:
            return "---\n" + "\n".join(self.front_lines()) + "\n---\n\n" + self.body()
        modeline = f"# yaml-language-server: $schema={schema}\n" if schema else ""
        body = "".join(f"  {line}".rstrip() + "\n" for line in self.body().split("\n")[:-1])
        return modeline + "\n".join(self.front_lines()) + "\nbody: |\n" + body


def check_model(
    text: str,
    name: str,
    settings: Settings,
    units: dict[str, Unit],
    place: tuple[Path, Path] | None = None,
) -> list[Problem]:
    """What the validator says of a model file before it is written (lines as in the file).
    `place`: (the file's folder, the models folder) where it goes, so that the images of a
    file that exists are found where they are; a new file is checked in an empty folder."""
    if place is None:
        with tempfile.TemporaryDirectory() as folder:
            return check_model(text, name, settings, units, (Path(folder), Path(folder)))
    base_dir, root = place
    check = Check(
        name,
        base_dir=base_dir,
        root=root,
        fields={f.id: f.name for f in settings.fields},
        units={u.id: u.name for u in units.values()},
    )
    load_model(base_dir / Path(name).name, check, settings, units, content=text.encode("utf-8"))
    return check.problems


# -- writing: atomic, one writer at a time ---------------------------------------------

LOCK_FILE = ".dvk.lock"  # in the models folder while held; "." first: not a model
LOCK_WAIT = 30.0  # seconds a writer waits for another to finish


class Busy(Exception):
    """Another writer held the lock for too long; the message says so, in Vietnamese."""


class Taken(Exception):
    """What a writer meant to create is there now (another writer was first); the
    message says what, in Vietnamese."""


def write_atomic(path: Path, text: str | bytes) -> None:
    """Write the file whole or not at all: a temporary file in the same folder, synced
    to disk, then renamed over the old one. A reader, a crash or a killed process sees
    the old file or the new one, never a part. Text is written as UTF-8 exactly as
    given (no newline translation); the file keeps its permissions. Call it under
    `locked(models_dir)`."""
    data = text.encode("utf-8") if isinstance(text, str) else text
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        mode = path.stat().st_mode & 0o7777
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        mode = 0o666 & ~umask
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(data)
            file.flush()
            os.fsync(file.fileno())
        os.chmod(temporary, mode)
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise
    with contextlib.suppress(OSError, AttributeError):  # the rename itself, on disk
        folder = os.open(path.parent, os.O_RDONLY)
        try:
            os.fsync(folder)
        finally:
            os.close(folder)


try:  # one lock file, held with the system's advisory lock: gone when the process is
    import fcntl

    def _try_lock(handle: int) -> bool:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        return True

except ImportError:  # Windows
    import msvcrt

    def _try_lock(handle: int) -> bool:
        try:
            msvcrt.locking(handle, msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True


_guard = threading.Lock()
_local: dict[str, threading.RLock] = {}  # lock file -> the lock of this process's threads
_held: dict[str, tuple[int, int]] = {}  # lock file -> (handle, depth)


@contextlib.contextmanager
def locked(models_dir: Path, wait: float = LOCK_WAIT) -> Iterator[None]:
    """Hold the writers' lock of a models folder. Re-read under it whatever is about to
    change (does the name exist now? is the unit there now?): another writer may have
    written it since. A writer that cannot have the lock within `wait` seconds gets
    Busy. Re-entrant within a process, so a writer may call others that lock too."""
    path = Path(models_dir).resolve() / LOCK_FILE
    key = str(path)
    with _guard:
        mine = _local.setdefault(key, threading.RLock())
    busy = Busy(
        f"Một lệnh khác đang ghi vào thư mục mô hình ({path.parent.name}/) và chưa xong sau "
        f"{wait:.0f} giây; hãy chờ lệnh đó xong rồi chạy lại. Chưa ghi tệp nào."
    )
    if not mine.acquire(timeout=wait):
        raise busy
    try:
        handle, depth = _held.get(key, (-1, 0))
        if depth == 0:
            handle = _lock_file(path, time.monotonic() + wait, busy)
        _held[key] = (handle, depth + 1)
        try:
            yield
        finally:
            handle, depth = _held.pop(key)
            if depth > 1:
                _held[key] = (handle, depth - 1)
            else:
                # Removed while still held, so that no lock file stays in the folder;
                # whoever waits on the removed file sees it gone and opens a new one.
                with contextlib.suppress(OSError):
                    os.unlink(path)
                os.close(handle)
    finally:
        mine.release()


def _lock_file(path: Path, deadline: float, busy: Busy) -> int:
    """A handle of the lock file, locked; the file is the one at `path` when locked."""
    path.parent.mkdir(parents=True, exist_ok=True)
    while True:
        handle = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
        while not _try_lock(handle):
            if time.monotonic() > deadline:
                os.close(handle)
                raise busy
            time.sleep(0.02)
        try:
            here, now = os.fstat(handle), os.stat(path)
            if (here.st_dev, here.st_ino) == (now.st_dev, now.st_ino):
                return handle
        except FileNotFoundError:
            pass
        os.close(handle)  # the holder before removed it: try the new one


def models_folder(path: Path) -> Path:
    """The models folder a file is in: the nearest one holding the unit registry."""
    return next((p for p in path.parents if (p / UNITS_FILE).is_file()), path.parent)


def ensure_free(path: Path, models_dir: Path) -> None:
    """Taken when a file of that name, or a model of that name in another folder, is
    there now; to be called under the lock, before writing anything."""
    same = existing_models(models_dir).get(path.stem)
    if path.exists() or same is not None:
        where = same or path
        raise Taken(
            f'Đã có mô hình mã "{path.stem}" ({where.parent.name}/{where.name}): có lẽ một '
            "lệnh khác vừa tạo tệp này; chưa ghi tệp nào. Nếu là một mô hình khác, hãy đặt "
            "tên khác."
        )


def write_new(path: Path, text: str, models_dir: Path | None = None) -> None:
    """Create the file under the writers' lock; Taken, and nothing written, when the
    name is taken by then (see ensure_free)."""
    folder = models_dir or models_folder(path)
    with locked(folder):
        ensure_free(path, folder)
        write_atomic(path, text)


def unit_text(unit: Unit) -> str:
    lines = [f"- id: {unit.id}", f"  name: {scalar(unit.name)}", f"  type: {unit.type}"]
    lines.append(f"  locality: {scalar(unit.locality)}")
    if unit.locality_code:
        lines.append(f"  locality_code: {scalar(unit.locality_code)}")
    if unit.parent:
        lines.append(f"  parent: {scalar(unit.parent)}")
    return "\n".join(lines) + "\n"


def append_units(path: Path, units: list[Unit]) -> list[Unit]:
    """Add units at the end of the registry under the writers' lock, leaving every byte
    of it as it was (comments, line ends, a byte-order mark). A unit the registry has
    by then, the same, is not added again; one whose id another writer gave to another
    unit is Taken. Returns the units added."""
    if not units:
        return []
    with locked(path.parent):
        problems: list[Problem] = []
        there = load_units(path, path.parent, problems) if path.is_file() else {}
        added = []
        for unit in units:
            if unit.id not in there:
                added.append(unit)
            elif there[unit.id] != unit:
                raise Taken(
                    f'Mã đơn vị "{unit.id}" vừa được một lệnh khác dùng cho đơn vị '
                    f"{there[unit.id].name} ({there[unit.id].locality}); chưa ghi tệp nào, "
                    "hãy chạy lại lệnh."
                )
        if not added:
            return []
        existing = path.read_bytes() if path.is_file() else b""
        newline = b"\r\n" if b"\r\n" in existing else b"\n"
        # One blank line between entries, as in the shipped registry.
        ends = existing[len(existing.rstrip(b"\r\n")) :].count(b"\n")
        gap = newline * (2 - min(2, ends)) if existing else b""
        text = "\n".join(unit_text(unit) for unit in added).encode("utf-8")
        write_atomic(path, existing + gap + text.replace(b"\n", newline))
        return added


def valid_units(registry: Path, root: Path, before: str) -> dict[str, Unit]:
    """The registry's units; Stopped with its problems when it has any: a new model
    cannot be checked against a broken registry."""
    problems: list[Problem] = []
    units = load_units(registry, root, problems)
    if problems:
        raise Stopped(*problems, f"Hãy sửa danh mục đơn vị trước khi {before}.")
    return units


def recheck(settings: Settings, root: Path) -> DataCheck:
    """The whole data set validated again, once the files are written."""
    try:
        catalog = load(settings, root)
    except LoadError as error:
        return DataCheck(error.problems)
    return DataCheck([], len(catalog.models), len(catalog.units))
