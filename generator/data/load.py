"""Loading the whole data set: every file read and checked before anything is built.

Here the files are found, read (through the cache), checked and assembled into the
Catalog; what is a problem, and what it says, is in validate.py (each value),
rules.py (between keys and between files) and options.py (the plugin's options).
"""

from __future__ import annotations

import os
from collections import Counter
from datetime import date
from functools import partial
from pathlib import Path
from typing import Any, NamedTuple

from generator.data.body import without_empty_sections
from generator.data.filecache import FileCache, signature
from generator.data.model import Catalog, Commendation, Image, Model, Result, Unit
from generator.data.options import field_problems, places_of
from generator.data.places import Places
from generator.data.problem import Problem, ProblemError, relative
from generator.data.rules import (
    MISNAMED_SUFFIXES,
    MODEL_SUFFIXES,
    check_between_keys,
    check_body,
    check_body_value,
    check_file_name,
    check_file_unit_id,
    check_history,
    check_locality,
    check_raw_lines,
    check_unit_file_name,
    check_unit_once,
    empty_body,
    misnamed,
    models_once,
    repeated_rounds,
    unused_images,
    waiting,
)
from generator.data.schema import MODEL_KEYS, UNIT_KEYS, Key
from generator.data.settings import Settings
from generator.data.source import (
    MAX_REGISTRY_BYTES,
    LineList,
    LineMap,
    parse_yaml,
    read_text,
    split_front_matter,
)
from generator.data.text import fold
from generator.data.validate import Check, vietnam_today

UNITS_FILE = "_units.yml"
UNITS_FOLDER = "_units"  # one file per unit added from the editor page


class LoadError(Exception):
    """The data set has problems; all of them are listed (and the warnings found besides)."""

    def __init__(self, problems: list[Problem], warnings: list[Problem] | None = None):
        self.problems = sorted(set(problems))
        self.warnings = sorted(set(warnings or []))
        super().__init__("\n".join(map(str, self.problems)))


def model_files(models_dir: Path) -> list[Path]:
    """Files under models/ that are models: not starting with '_' or '.', at any depth."""
    return scan(models_dir)[0]


def scan(models_dir: Path) -> tuple[list[Path], list[Path]]:
    """(model files, every other file) under models/, each list sorted."""
    found, others = [], []
    if not models_dir.is_dir():  # a problem of its own (load)
        return found, others

    def walk(folder: Path, hidden: bool) -> None:
        with os.scandir(folder) as entries:
            for entry in entries:
                path = folder / entry.name
                skipped = hidden or entry.name.startswith(("_", "."))
                if entry.is_dir():  # as rglob, not into links to folders
                    if not entry.is_symlink():
                        walk(path, skipped)
                    continue
                suffix = path.suffix.lower()
                if (
                    skipped
                    or (suffix not in MODEL_SUFFIXES and suffix not in MISNAMED_SUFFIXES)
                    or not entry.is_file()
                ):
                    others.append(path)
                else:
                    found.append(path)

    walk(models_dir, False)
    return sorted(found), sorted(others)


def stamp(path: Path) -> tuple[int, ...] | None:
    """What tells a file that changed from one that did not (None: it cannot be read)."""
    try:
        return signature(path)
    except OSError:
        return None


def load(
    settings: Settings, root: Path, today: date | None = None, cache: FileCache | None = None
) -> Catalog:
    """Read, check and assemble every unit and model; raise LoadError listing all problems.

    With a `cache`, a model file read before is read again only if it has changed,
    or if anything it is checked against has (settings, units, the other files under
    models/ such as images, the date)."""
    root = root.resolve()
    problems = field_problems(settings)
    models_dir = settings.models_path(root)
    if not models_dir.is_dir():
        raise LoadError(
            problems + [Problem(relative(models_dir, root), 1, "Không tìm thấy thư mục mô hình.")]
        )
    units_path = models_dir / UNITS_FILE
    paths, others = scan(models_dir)
    if cache is None:
        registry = read_registry(settings, root)
    else:
        today = today or vietnam_today()
        cache.begin((settings, root, today, tuple((path, stamp(path)) for path in others)))
        # The units' files are in the context: the units are read again when it changes.
        units = partial(read_registry, settings, root)
        registry = cache.get(units_path, units) if units_path.is_file() else cache.shared(units)
    reader = Reader(settings, root, registry, today)
    warnings: list[Problem] = []  # reported, but they do not stop the build
    found = []  # (path, model or None, twin) of each model file
    waits: Counter[str] = Counter()  # models not built for want of a unit, by its id
    for path in paths:
        wrong = misnamed(path, root)
        if wrong is not None:
            problems.append(wrong)
            continue
        # A model is checked against the units: read again when they are.
        read = (
            reader.read(path)
            if cache is None
            else cache.get(path, partial(reader.read, path), depends=registry)
        )
        problems.extend(read.problems)
        warnings.extend(read.warnings)
        if read.waits_on is not None:
            waits[read.waits_on] += 1
        found.append((path, read.model, read.twin))
    if cache is not None:
        cache.end()
    models, repeated = models_once(found, root)
    problems += waiting(registry.problems, registry.broken, waits) + repeated
    if problems:
        raise LoadError(problems, warnings)
    warnings.extend(unused_images(models, others, root))
    places = registry.places
    return Catalog(
        settings, registry.units, models, places.province if places else None, sorted(warnings)
    )


class Registry(NamedTuple):
    """The units as read, and what reading them found."""

    units: dict[str, Unit]
    broken: dict[str, Problem]  # unit id -> its first problem ("*": the whole registry file)
    problems: list[Problem]
    places: Places | None  # the communes of the `province` option

    def same(self, other: tuple) -> bool:
        """Whether `other` (this registry's first three parts) was read from the same units."""
        return tuple(self[:3]) == tuple(other[:3])


def read_registry(settings: Settings, root: Path) -> Registry:
    """The units of models/_units.yml and models/_units/, checked against the province."""
    places, problems = places_of(settings)
    broken: dict[str, Problem] = {}
    units = load_units(settings.models_path(root) / UNITS_FILE, root, problems, broken, places)
    return Registry(units, broken, problems, places)


class ModelRead(NamedTuple):
    """What reading one model file gave."""

    model: Model | None  # None if it has problems or waits on a broken unit
    problems: list[Problem]
    warnings: list[Problem]
    twin: tuple[str, str]  # what tells a model entered twice: its folded title and unit
    waits_on: str | None  # the broken unit it names (Check.waits_on)


class Reader:
    """Reads and checks model files, one at a time, against the settings and units."""

    def __init__(
        self, settings: Settings, root: Path, registry: Registry, today: date | None
    ) -> None:
        self.settings, self.root, self.today = settings, root, today
        self.models_dir = settings.models_path(root)
        self.units, self.broken = registry.units, registry.broken
        self.fields = {f.id: f.name for f in settings.fields}
        self.unit_names = {u.id: u.name for u in self.units.values()}

    def read(self, path: Path) -> ModelRead:
        """The model of one file, with its problems and warnings."""
        check = Check(
            relative(path, self.root),
            base_dir=path.parent,
            root=self.models_dir,
            fields=self.fields,
            units=self.unit_names,
            broken_units=self.broken,
            today=self.today,
        )
        warnings: list[Problem] = []
        model = load_model(path, check, self.settings, self.units, warnings)
        twin = (fold(model.title), model.unit.id) if model is not None else ("", "")
        return ModelRead(model, check.problems, warnings, twin, check.waits_on)


def load_units(
    path: Path,
    root: Path,
    problems: list[Problem],
    broken: dict[str, Problem] | None = None,
    places: Places | None = None,
) -> dict[str, Unit]:
    """The unit registry and the units added one file each in models/_units/; each unit
    with problems goes into `broken`, with its first (by line; "*": the whole registry file).
    With `places`, each locality must be one of their current communes."""
    found = UnitsRead(root, problems, {} if broken is None else broken, places)
    folder = path.parent / UNITS_FOLDER
    if not path.is_file() and not folder.is_dir():
        name = relative(path, root)
        problems.append(Problem(name, 1, "Không tìm thấy danh mục đơn vị (models/_units.yml)."))
        return found.units
    if path.is_file():
        found.registry_file(path)
    if folder.is_dir():
        for unit_path in sorted(p for p in folder.rglob("*") if p.is_file()):
            found.unit_file(unit_path)
    return found.units


# In a file of its own, a unit's id is the file's name, as a model's address is.
FILE_UNIT_KEYS = tuple(
    Key(k.name, k.type, k.label, max_length=k.max_length, example=k.example, help=k.help)
    if k.name == "id"
    else k
    for k in UNIT_KEYS
)


class UnitsRead:
    """The units read so far, the problems found and the units they are of."""

    def __init__(
        self,
        root: Path,
        problems: list[Problem],
        broken: dict[str, Problem],
        places: Places | None,
    ) -> None:
        self.root, self.problems, self.broken, self.places = root, problems, broken, places
        self.units: dict[str, Unit] = {}

    def registry_file(self, path: Path) -> None:
        check = Check(relative(path, self.root))
        try:
            data = parse_yaml(read_text(path, MAX_REGISTRY_BYTES), check.path)
        except ProblemError as problem:
            check.report(problem.line, problem.message)
        else:
            if not isinstance(data, LineList):
                check.report(
                    1,
                    "Danh mục đơn vị phải là một danh sách, mỗi đơn vị bắt đầu bằng `- id: ...`.",
                )
        if check.problems:
            self.broken.setdefault("*", min(check.problems))
            self.problems.extend(check.problems)
            return
        seen: set[str] = set()
        for index, item in enumerate(data):
            line = data.line_of(index)
            before = len(check.problems)
            values = check.record(item, UNIT_KEYS, line, f"đơn vị thứ {index + 1}")
            unit_id = values.get("id")
            check_unit_once(unit_id, seen, line, check, registry=True)
            seen.add(unit_id)
            unit = self.unit(values, item, check) if len(check.problems) == before else None
            if unit is not None and len(check.problems) == before:
                self.units[unit_id] = unit
            elif isinstance(item, LineMap) and isinstance(item.get("id"), str):
                self.broken.setdefault(item["id"].strip(), min(check.problems[before:]))
        self.problems.extend(check.problems)

    def unit_file(self, path: Path) -> None:
        """One unit added as models/_units/<id>.yml (what the editor page writes)."""
        unit_id = path.stem
        check = Check(relative(path, self.root))
        if check_unit_file_name(path, check):
            try:
                data = parse_yaml(read_text(path), check.path)
            except ProblemError as problem:
                data = None
                check.report(problem.line, problem.message)
            if data is not None or not check.problems:
                values = check.record(data, FILE_UNIT_KEYS, 1, "đơn vị")
                check_file_unit_id(values, data, unit_id, check)
                check_unit_once(unit_id, self.units, 1, check, registry=False)
                if not check.problems:
                    unit = self.unit({**values, "id": unit_id}, data, check)
                    if not check.problems:
                        self.units[unit_id] = unit
        if check.problems:
            self.broken.setdefault(unit_id, min(check.problems))
        self.problems.extend(check.problems)

    def unit(self, values: dict[str, Any], item: LineMap, check: Check) -> Unit:
        """The unit of a checked entry, after the rules between its keys."""
        history = check_history(values, check)
        locality, code = check_locality(values, item, check, self.places)
        return Unit(
            values["id"],
            values["name"],
            values["type"],
            locality,
            values.get("parent"),
            code,
            history,
        )


def read_model(path: Path, check: Check, data: bytes | None = None) -> tuple[Any, str, int]:
    """(front matter data, Markdown body, line of the body) of a .md or .yml model file
    (or of `data`, the bytes about to be written there)."""
    text = read_text(path, data=data)
    if path.suffix.lower() == ".yml":
        check_raw_lines(text, 1, check)
        data = parse_yaml(text, check.path)
        if not isinstance(data, LineMap):
            return data, "", 1
        line = data.line_of("body") + 1
        return data, check_body_value(data.pop("body", ""), line - 1, check), line
    front, body, line = split_front_matter(text)
    check_raw_lines(front, 2, check)
    return parse_yaml(front, check.path, line_offset=1), body, line


def load_model(
    path: Path,
    check: Check,
    settings: Settings,
    units: dict[str, Unit],
    warnings: list[Problem] | None = None,
    content: bytes | None = None,
) -> Model | None:
    """The model in the file (or in `content`, the bytes about to be written there);
    None if it has problems, or names a unit with problems (check.waits_on)."""
    try:
        data, body, body_line = read_model(path, check, content)
    except ProblemError as problem:
        check.report(problem.line, problem.message)
        return None
    check_body(body, body_line, check)
    if data is None:
        check.report(1, "Phần thông tin của mô hình đang trống.")
        return None
    values = check.record(data, MODEL_KEYS, 1, "phần thông tin của mô hình")
    check_file_name(path, values, check)
    if check.problems or not isinstance(data, LineMap):
        return None
    check_between_keys(values, data, check)
    if check.problems:
        return None
    if warnings is not None:
        warnings += empty_body(check.path, body, body_line, values)
        warnings += repeated_rounds(check.path, values)
    if check.waits_on is not None:
        return None
    return Model(
        slug=path.stem,
        title=values["title"],
        summary=values["summary"],
        field=settings.field_by_id()[values["field"]],
        unit=units[values["unit"]],
        registered=values["registered"],
        source=check.path,
        kind=values.get("kind", "collective"),
        reviews=dict(sorted(values.get("reviews", {}).items())),
        showcase=values.get("showcase"),
        commendations=tuple(
            sorted(
                (Commendation(**item) for item, _ in values.get("commendations", [])),
                key=lambda c: c.date,
            )
        ),
        results=tuple(Result(**item) for item, _ in values.get("results", [])),
        tags=values.get("tags", ()),
        images=tuple(
            Image(path=item["src"], caption=item["caption"]) for item, _ in values.get("images", [])
        ),
        ended=values.get("ended"),
        draft=values.get("draft", False),
        body=without_empty_sections(body),
    )
