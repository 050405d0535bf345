"""What staff add: new model files and new units, written as a person would write them.

Shared by `python -m generator new` (wizard.py) and `import` (importer.py). A model
file is checked by the validator before it is written, and nothing that exists is
ever overwritten.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from generator.data.load import LoadError, load, load_model, load_units, model_files, read_model
from generator.data.model import Unit
from generator.data.schema import BODY_SECTIONS
from generator.data.settings import Settings
from generator.data.source import Problem, ProblemError, scalar
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


def existing_titles(models_dir: Path) -> dict[str, Path]:
    """slug of the title -> file, for models whose file name is not their title's slug."""
    titles = {}
    for path in existing_models(models_dir).values():
        try:
            data, _, _ = read_model(path, Check(path.name))
        except (ProblemError, OSError):
            continue  # an unreadable file is reported by `validate`; its name still counts
        if isinstance(data, dict) and isinstance(data.get("title"), str):
            titles.setdefault(slugify(data["title"]), path)
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


def write_atomic(path: Path, text: str) -> None:
    """Replace the file's content at once: a temporary file beside it, then a rename,
    so that a failure never leaves half a file."""
    fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as file:
            file.write(text)
            file.flush()
            os.fsync(file.fileno())
        if path.exists():
            os.chmod(temporary, path.stat().st_mode & 0o7777)
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise


def write_new(path: Path, text: str) -> None:
    """Create the file; fail rather than overwrite one that appeared meanwhile."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("x", encoding="utf-8") as file:
        file.write(text)


def unit_text(unit: Unit) -> str:
    lines = [f"- id: {unit.id}", f"  name: {scalar(unit.name)}", f"  type: {unit.type}"]
    lines.append(f"  locality: {scalar(unit.locality)}")
    if unit.locality_code:
        lines.append(f"  locality_code: {scalar(unit.locality_code)}")
    if unit.parent:
        lines.append(f"  parent: {scalar(unit.parent)}")
    return "\n".join(lines) + "\n"


def append_units(path: Path, units: list[Unit]) -> None:
    """Add units at the end of the registry, leaving its text and comments as they are."""
    if not units:
        return
    existing = path.read_text(encoding="utf-8") if path.is_file() else ""
    # One blank line between entries, as in the shipped registry.
    gap = "\n" * (2 - min(2, len(existing) - len(existing.rstrip("\n")))) if existing else ""
    with path.open("a", encoding="utf-8") as file:
        file.write(gap + "\n".join(unit_text(unit) for unit in units))


def registry_units(registry: Path, root: Path, say, before: str) -> dict[str, Unit] | None:
    """The registry's units; or None, once its problems are said, when it has any:
    a new model cannot be checked against a broken registry."""
    problems: list[Problem] = []
    units = load_units(registry, root, problems)
    if not problems:
        return units
    for problem in problems:
        say(str(problem))
    say(f"Hãy sửa danh mục đơn vị trước khi {before}.")
    return None


def recheck(settings: Settings, root: Path, say, ours: set[str] | None = None) -> bool:
    """Validate the whole data set once the files are written, saying every problem.
    False when a problem is in `ours` (any problem, if not given)."""
    try:
        catalog = load(settings, root)
    except LoadError as error:
        for problem in error.problems:
            say(str(problem))
        return ours is not None and not any(p.path in ours for p in error.problems)
    say(f"Kiểm tra: hợp lệ, {len(catalog.models)} mô hình và {len(catalog.units)} đơn vị.")
    return True
