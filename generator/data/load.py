"""Loading the whole data set: every file read and checked before anything is built."""

from __future__ import annotations

import os
import re
from datetime import date
from functools import partial
from pathlib import Path
from typing import Any

from generator.data.filecache import FileCache, signature
from generator.data.model import Catalog, Commendation, Image, Model, Result, Unit
from generator.data.schema import BODY_KEY, MODEL_KEYS, UNIT_KEYS
from generator.data.settings import GROUPS, Settings
from generator.data.source import (
    LineList,
    LineMap,
    Problem,
    ProblemError,
    parse_yaml,
    read_text,
    split_front_matter,
)
from generator.data.text import fold, is_slug, slugify
from generator.data.validate import Check, vietnam_today

UNITS_FILE = "_units.yml"
MODEL_SUFFIXES = {".md", ".yml"}
MISNAMED_SUFFIXES = {".yaml": ".yml", ".markdown": ".md", ".txt": ".md"}


class LoadError(Exception):
    """The data set has problems; all of them are listed."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(set(problems))
        super().__init__("\n".join(map(str, self.problems)))


def relative(path: Path, root: Path) -> str:
    """The path as reported to staff: relative to the project root where possible."""
    if path.is_relative_to(root):
        return path.relative_to(root).as_posix()
    if path.resolve().is_relative_to(root.resolve()):  # through a symbolic link
        return path.resolve().relative_to(root.resolve()).as_posix()
    return path.as_posix()


def model_files(models_dir: Path) -> list[Path]:
    """Files under models/ that are models: not starting with '_' or '.', at any depth."""
    return scan(models_dir)[0]


def scan(models_dir: Path) -> tuple[list[Path], list[Path]]:
    """(model files, every other file) under models/, each list sorted."""
    found, others = [], []

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
    problems = settings_problems(settings)
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
        registry = (
            cache.get(units_path, partial(read_registry, settings, root))
            if units_path.is_file()
            else read_registry(settings, root)
        )
    units, _, unit_problems = registry
    problems.extend(unit_problems)
    reader = Reader(settings, root, registry, today)
    models: list[Model] = []
    seen: dict[str, Path] = {}
    titles: dict[tuple[str, str], Path] = {}  # (folded title, unit) -> file
    for path in paths:
        suffix = path.suffix.lower()
        if suffix in MISNAMED_SUFFIXES:
            problems.append(
                Problem(
                    relative(path, root),
                    1,
                    f'Tệp mô hình phải có đuôi .md hoặc .yml; hãy đổi "{path.suffix}" thành "{MISNAMED_SUFFIXES[suffix]}".',
                )
            )
            continue
        # A model is checked against the units: read again when they are.
        model, file_problems, twin = (
            reader.read(path)
            if cache is None
            else cache.get(path, partial(reader.read, path), depends=registry)
        )
        problems.extend(file_problems)
        if path.stem in seen:
            problems.append(
                Problem(
                    relative(path, root),
                    1,
                    f'Trùng mã mô hình "{path.stem}" với tệp {relative(seen[path.stem], root)}; mỗi mô hình cần một tên tệp riêng.',
                )
            )
            continue
        seen[path.stem] = path
        if model is not None and not file_problems:
            if twin in titles:
                problems.append(
                    Problem(
                        relative(path, root),
                        1,
                        f'Mô hình "{model.title}" của {model.unit.name} đã có ở tệp {relative(titles[twin], root)}; đây có phải là mô hình bị nhập hai lần?',
                    )
                )
                continue
            titles[twin] = path
            models.append(model)
    if cache is not None:
        cache.end()
    if problems:
        raise LoadError(problems)
    return Catalog(settings, units, models)


Registry = tuple[dict[str, Unit], set[str], list[Problem]]  # units, broken ids, problems


def read_registry(settings: Settings, root: Path) -> Registry:
    """The unit registry, the ids of units with problems ("*": the whole file) and the
    problems."""
    problems: list[Problem] = []
    broken: set[str] = set()
    units = load_units(settings.models_path(root) / UNITS_FILE, root, problems, broken)
    return units, broken, problems


class Reader:
    """Reads and checks model files, one at a time, against the settings and units."""

    def __init__(
        self, settings: Settings, root: Path, registry: Registry, today: date | None
    ) -> None:
        self.settings, self.root, self.today = settings, root, today
        self.models_dir = settings.models_path(root)
        self.units, self.broken, _ = registry
        self.fields = {f.id: f.name for f in settings.fields}
        self.unit_names = {u.id: u.name for u in self.units.values()}

    def read(self, path: Path) -> tuple[Model | None, list[Problem], tuple[str, str]]:
        """The file's model (None if it has problems), its problems, and what tells a
        model entered twice: its folded title and unit."""
        check = Check(
            relative(path, self.root),
            base_dir=path.parent,
            root=self.models_dir,
            fields=self.fields,
            units=self.unit_names,
            broken_units=self.broken,
            today=self.today,
        )
        model = load_model(path, check, self.settings, self.units)
        twin = (fold(model.title), model.unit.id) if model is not None else ("", "")
        return model, check.problems, twin


def settings_problems(settings: Settings) -> list[Problem]:
    problems = []
    ids = set()
    for field in settings.fields:
        if not is_slug(field.id):
            problems.append(
                Problem(
                    "mkdocs.yml",
                    1,
                    f'Mã lĩnh vực "{field.id}" phải viết thường, không dấu, nối bằng gạch ngang.',
                )
            )
        if field.id in ids:
            problems.append(Problem("mkdocs.yml", 1, f'Mã lĩnh vực "{field.id}" bị lặp.'))
        if field.group not in GROUPS:
            problems.append(
                Problem(
                    "mkdocs.yml",
                    1,
                    f'Lĩnh vực "{field.id}": nhóm "{field.group}" không có; chọn một trong: {", ".join(GROUPS)}.',
                )
            )
        ids.add(field.id)
    return problems


def load_units(
    path: Path, root: Path, problems: list[Problem], broken: set[str] | None = None
) -> dict[str, Unit]:
    """The unit registry; ids of units with problems go into `broken` ("*": the whole file)."""
    broken = set() if broken is None else broken
    name = relative(path, root)
    if not path.is_file():
        problems.append(Problem(name, 1, "Không tìm thấy danh mục đơn vị (models/_units.yml)."))
        return {}
    check = Check(name)
    units: dict[str, Unit] = {}
    try:
        data = parse_yaml(read_text(path), name)
    except ProblemError as problem:
        problems.append(Problem(name, problem.line, problem.message))
        broken.add("*")
        return {}
    if not isinstance(data, LineList):
        broken.add("*")
        problems.append(
            Problem(
                name,
                1,
                "Danh mục đơn vị phải là một danh sách, mỗi đơn vị bắt đầu bằng `- id: ...`.",
            )
        )
        return {}
    seen: set[str] = set()
    for index, item in enumerate(data):
        line = data.line_of(index)
        before = len(check.problems)
        values = check.record(item, UNIT_KEYS, line, f"đơn vị thứ {index + 1}")
        unit_id = values.get("id")
        if unit_id is not None and unit_id in seen:
            check.report(line, f'Mã đơn vị "{unit_id}" bị lặp; mỗi đơn vị cần một mã riêng.')
        seen.add(unit_id)
        if len(check.problems) == before:
            units[unit_id] = Unit(**values)
        elif isinstance(item, LineMap) and isinstance(item.get("id"), str):
            broken.add(item["id"].strip())
    problems.extend(check.problems)
    return units


def read_model(path: Path, check: Check) -> tuple[Any, str, int]:
    """(front matter data, Markdown body, line of the body) of a .md or .yml model file."""
    text = read_text(path)
    if path.suffix.lower() == ".yml":
        check_raw_lines(text, 1, check)
        data = parse_yaml(text, check.path)
        if not isinstance(data, LineMap):
            return data, "", 1
        line = data.line_of("body") + 1
        body = data.pop("body", "")
        if body is not None and not isinstance(body, str):
            check.report(
                line - 1,
                f'"{BODY_KEY.name}" ({BODY_KEY.label}) phải là văn bản; hãy viết `body: |` rồi xuống dòng.',
            )
            body = ""
        return data, body or "", line
    front, body, line = split_front_matter(text)
    check_raw_lines(front, 2, check)
    return parse_yaml(front, check.path, line_offset=1), body, line


# Slips YAML accepts silently, changing the value: caught on the line as typed.
_COMMENT_IN_VALUE = re.compile(
    r"""^\s*(?:- )?(?:title|summary|label|caption|by|decision|unit|name|locality)\s*:\s*[^"'\s|>#][^#]*\s#"""
)
_THOUSANDS_DOT = re.compile(r"\bvalue\s*:\s*([1-9]\d{0,2}(?:\.\d{3})+)\s*(?:[,}#]|$)")


def check_raw_lines(text: str, first_line: int, check: Check) -> None:
    for number, line in enumerate(text.split("\n"), start=first_line):
        if _COMMENT_IN_VALUE.match(line):
            check.report(
                number,
                "Dấu # đứng sau dấu cách được YAML hiểu là bắt đầu ghi chú, phần chữ phía sau sẽ "
                "bị mất; hãy đặt cả giá trị trong dấu nháy kép.",
            )
        thousands = _THOUSANDS_DOT.search(line)
        if thousands:
            digits = thousands.group(1).replace(".", "")
            check.report(
                number,
                f'Số "{thousands.group(1)}" sẽ được hiểu là số thập phân; nếu là {digits}, hãy viết '
                f"{digits} (không dùng dấu chấm ngăn cách hàng nghìn).",
            )


def check_body(body: str, first_line: int, check: Check) -> None:
    """The body's own headings start at level 2: the page title is the only level 1."""
    fenced = False
    for number, line in enumerate(body.split("\n"), start=first_line):
        if line.lstrip().startswith(("```", "~~~")):
            fenced = not fenced
        elif not fenced and re.match(r"^#\s", line):
            check.report(
                number,
                "Tiêu đề mục trong nội dung phải bắt đầu bằng `## ` (hai dấu #); "
                "tên mô hình đã là tiêu đề lớn nhất của trang.",
            )


def load_model(
    path: Path, check: Check, settings: Settings, units: dict[str, Unit]
) -> Model | None:
    try:
        data, body, body_line = read_model(path, check)
    except ProblemError as problem:
        check.report(problem.line, problem.message)
        return None
    check_body(body, body_line, check)
    if data is None:
        check.report(1, "Phần thông tin của mô hình đang trống.")
        return None
    values = check.record(data, MODEL_KEYS, 1, "phần thông tin của mô hình")
    if not is_slug(path.stem):
        suggestion = slugify(path.stem) or slugify(values.get("title", "")) or "ten-mo-hinh"
        check.report(
            1,
            f'Tên tệp "{path.name}" phải viết thường, không dấu, nối bằng gạch ngang '
            f'(ví dụ "{suggestion}{path.suffix.lower()}"); tên tệp là địa chỉ trang của mô hình.',
        )
    if check.problems or not isinstance(data, LineMap):
        return None
    names: dict[str, int] = {}
    for item, line in values.get("images", []):
        name = item["src"].name
        if name in names:
            check.report(
                line,
                f'Hai ảnh cùng tên tệp "{name}" (dòng {names[name]}); trên trang web chúng sẽ '
                "đè lên nhau, hãy đổi tên một tệp.",
            )
        names.setdefault(name, line)
    if check.problems or not check_dates(values, data, check):
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
        body=body,
    )


def check_dates(values: dict[str, Any], data: LineMap, check: Check) -> bool:
    """Rules between keys: reviews, showcase and other dates against registration."""
    before = len(check.problems)
    registered: date = values["registered"]
    reviews: dict[int, bool] = values.get("reviews", {})
    reviews_map = data.get("reviews")
    for year in reviews:
        if year < registered.year:
            line = (
                reviews_map.line_of(year)
                if isinstance(reviews_map, LineMap)
                else data.line_of("reviews")
            )
            if isinstance(reviews_map, LineMap) and year not in reviews_map.lines:
                line = reviews_map.line_of(str(year))
            check.report(line, f"Năm bình xét {year} trước năm đăng ký {registered.year}.")
    ended = values.get("ended")
    for year in reviews:
        if ended is not None and year > ended.year:
            line = reviews_map.line_of(year) if isinstance(reviews_map, LineMap) else 1
            check.report(line, f"Năm bình xét {year} sau khi mô hình đã dừng ({ended:%d/%m/%Y}).")
    for key in ("showcase", "ended"):
        if key in values and values[key] < registered:
            check.report(
                data.line_of(key),
                f'"{key}" ({values[key]:%d/%m/%Y}) trước ngày đăng ký ({registered:%d/%m/%Y}).',
            )
    if "ended" in values and "showcase" in values and values["showcase"] > values["ended"]:
        check.report(
            data.line_of("showcase"), "Mô hình đã dừng trước ngày được chọn làm mô hình điểm."
        )
    if "showcase" in values:
        year = values["showcase"].year
        recognized = [y for y, ok in reviews.items() if ok and y <= year]
        if len(recognized) < 2:
            have = ", ".join(map(str, recognized)) or "chưa có năm nào"
            check.report(
                data.line_of("showcase"),
                f'"showcase" (mô hình điểm) chỉ hợp lệ khi mô hình được công nhận ít nhất hai năm '
                f'đến năm {year} trong "reviews" (hiện có: {have}).',
            )
    for item, line in values.get("commendations", []):
        if item["date"] < registered:
            check.report(
                line, f"Ngày biểu dương {item['date']:%d/%m/%Y} trước ngày đăng ký mô hình."
            )
    return len(check.problems) == before
