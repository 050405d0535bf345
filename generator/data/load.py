"""Loading the whole data set: every file read and checked before anything is built."""

from __future__ import annotations

import os
import re
from datetime import date
from functools import partial
from pathlib import Path
from typing import Any, NamedTuple

from generator.data.body import first_heading, is_empty, without_empty_sections
from generator.data.filecache import FileCache, signature
from generator.data.model import (
    SHOWCASE_MIN_YEARS_WORDS,
    Catalog,
    Commendation,
    Former,
    Image,
    Model,
    Result,
    Unit,
    may_be_showcase,
    recognized_until,
)
from generator.data.places import Places, PlacesError, province_places
from generator.data.problem import Problem, ProblemError
from generator.data.schema import BODY_KEY, MODEL_KEYS, UNIT_KEYS, Key
from generator.data.settings import GROUPS, Settings
from generator.data.source import (
    MAX_REGISTRY_BYTES,
    LineList,
    LineMap,
    parse_yaml,
    read_text,
    split_front_matter,
)
from generator.data.text import fold, is_slug, nfc, slugify
from generator.data.validate import IMAGE_SUFFIXES, Check, vietnam_today

UNITS_FILE = "_units.yml"
UNITS_FOLDER = "_units"  # one file per unit added from the editor page
MODEL_SUFFIXES = {".md", ".yml"}
MISNAMED_SUFFIXES = {".yaml": ".yml", ".markdown": ".md", ".txt": ".md"}


class LoadError(Exception):
    """The data set has problems; all of them are listed (and the warnings found besides)."""

    def __init__(self, problems: list[Problem], warnings: list[Problem] | None = None):
        self.problems = sorted(set(problems))
        self.warnings = sorted(set(warnings or []))
        super().__init__("\n".join(map(str, self.problems)))


EMPTY_BODY = (
    "Mô hình chưa có nội dung: dưới các tiêu đề mục chưa có chữ nào nên trang chỉ hiện phần "
    "thông tin. Hãy viết vài câu cho từng mục (Nội dung, Cách làm, Kết quả, Bài học kinh "
    "nghiệm), thay các dòng <!-- ... -->."
)


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
        # The units' files are in the context: the units are read again when it changes.
        read = partial(read_registry, settings, root)
        registry = cache.get(units_path, read) if units_path.is_file() else cache.shared(read)
    problems.extend(registry.problems)
    reader = Reader(settings, root, registry, today)
    models: list[Model] = []
    warnings: list[Problem] = []  # reported, but they do not stop the build
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
        model, file_problems, file_warnings, twin = (
            reader.read(path)
            if cache is None
            else cache.get(path, partial(reader.read, path), depends=registry)
        )
        problems.extend(file_problems)
        warnings.extend(file_warnings)
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
        raise LoadError(problems, warnings)
    warnings.extend(unused_images(models, others, root))
    places = registry.places
    return Catalog(
        settings, registry.units, models, places.province if places else None, sorted(warnings)
    )


UNUSED_IMAGE = (
    "Không mô hình nào dùng ảnh này, nên nó không lên trang. Nếu là ảnh của một mô hình, hãy "
    "ghi tên tệp ở mục images (hình ảnh) của mô hình đó; nếu không, hãy xoá tệp."
)


def unused_images(models: list[Model], others: list[Path], root: Path) -> list[Problem]:
    """A warning for each image file under models/ that no model shows (one left by a
    changed mind, or uploaded apart from its model): the site never publishes it."""
    used = {image.path.resolve() for model in models for image in model.images}
    return [
        Problem(relative(path, root), 1, UNUSED_IMAGE)
        for path in others
        if path.suffix.lower() in IMAGE_SUFFIXES | {".svg"} and path.resolve() not in used
    ]


def places_of(settings: Settings, problems: list[Problem]) -> Places | None:
    """The communes of the `province` option, if set; a wrong one is a problem."""
    try:
        return province_places(settings)
    except PlacesError as error:
        problems.append(Problem("mkdocs.yml", 1, f'Tuỳ chọn "province": {error}'))
        return None


class Registry(NamedTuple):
    """The units as read, and what reading them found."""

    units: dict[str, Unit]
    broken: set[str]  # ids of units with problems ("*": the whole registry file)
    problems: list[Problem]
    places: Places | None  # the communes of the `province` option

    def same(self, other: tuple) -> bool:
        """Whether `other` (this registry's first three parts) was read from the same units."""
        return tuple(self[:3]) == tuple(other[:3])


def read_registry(settings: Settings, root: Path) -> Registry:
    """The units of models/_units.yml and models/_units/, checked against the province."""
    problems: list[Problem] = []
    broken: set[str] = set()
    places = places_of(settings, problems)
    units = load_units(settings.models_path(root) / UNITS_FILE, root, problems, broken, places)
    return Registry(units, broken, problems, places)


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

    def read(
        self, path: Path
    ) -> tuple[Model | None, list[Problem], list[Problem], tuple[str, str]]:
        """The file's model (None if it has problems), its problems, its warnings, and
        what tells a model entered twice: its folded title and unit."""
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
        return model, check.problems, warnings, twin


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
    path: Path,
    root: Path,
    problems: list[Problem],
    broken: set[str] | None = None,
    places: Places | None = None,
) -> dict[str, Unit]:
    """The unit registry and the units added one file each in models/_units/; ids of
    units with problems go into `broken` ("*": the whole registry file). With `places`,
    each locality must be one of their current communes."""
    broken = set() if broken is None else broken
    units: dict[str, Unit] = {}
    folder = path.parent / UNITS_FOLDER
    if not path.is_file() and not folder.is_dir():
        name = relative(path, root)
        problems.append(Problem(name, 1, "Không tìm thấy danh mục đơn vị (models/_units.yml)."))
        return units
    if path.is_file():
        read_registry_file(path, root, problems, broken, units, places)
    if folder.is_dir():
        for unit_path in sorted(p for p in folder.rglob("*") if p.is_file()):
            unit_file(unit_path, root, problems, broken, units, places)
    return units


def read_registry_file(
    path: Path,
    root: Path,
    problems: list[Problem],
    broken: set[str],
    units: dict[str, Unit],
    places: Places | None = None,
) -> None:
    name = relative(path, root)
    check = Check(name)
    try:
        data = parse_yaml(read_text(path, MAX_REGISTRY_BYTES), name)
    except ProblemError as problem:
        problems.append(Problem(name, problem.line, problem.message))
        broken.add("*")
        return
    if not isinstance(data, LineList):
        broken.add("*")
        problems.append(
            Problem(
                name,
                1,
                "Danh mục đơn vị phải là một danh sách, mỗi đơn vị bắt đầu bằng `- id: ...`.",
            )
        )
        return
    seen: set[str] = set()
    for index, item in enumerate(data):
        line = data.line_of(index)
        before = len(check.problems)
        values = check.record(item, UNIT_KEYS, line, f"đơn vị thứ {index + 1}")
        unit_id = values.get("id")
        if unit_id is not None and unit_id in seen:
            check.report(line, f'Mã đơn vị "{unit_id}" bị lặp; mỗi đơn vị cần một mã riêng.')
        seen.add(unit_id)
        unit = unit_from(values, item, check, places) if len(check.problems) == before else None
        if unit is not None and len(check.problems) == before:
            units[unit_id] = unit
        elif isinstance(item, LineMap) and isinstance(item.get("id"), str):
            broken.add(item["id"].strip())
    problems.extend(check.problems)


# In a file of its own, a unit's id is the file's name, as a model's address is.
FILE_UNIT_KEYS = tuple(
    Key(k.name, k.type, k.label, max_length=k.max_length, example=k.example, help=k.help)
    if k.name == "id"
    else k
    for k in UNIT_KEYS
)


def unit_file(
    path: Path,
    root: Path,
    problems: list[Problem],
    broken: set[str],
    units: dict[str, Unit],
    places: Places | None = None,
) -> None:
    """One unit added as models/_units/<id>.yml (what the editor page writes)."""
    name = relative(path, root)
    unit_id = path.stem
    check = Check(name)
    if path.suffix.lower() != ".yml":
        check.report(1, f'Tệp đơn vị phải có đuôi .yml; hãy đổi tên thành "{unit_id}.yml".')
    elif not is_slug(unit_id):
        check.report(
            1,
            f'Tên tệp "{path.name}" là mã đơn vị: phải viết thường, không dấu, nối bằng gạch '
            f'ngang (ví dụ "{slugify(unit_id) or "chi-bo-khu-pho-1"}.yml").',
        )
    else:
        try:
            data = parse_yaml(read_text(path), name)
        except ProblemError as problem:
            data = None
            check.report(problem.line, problem.message)
        if data is not None or not check.problems:
            values = check.record(data, FILE_UNIT_KEYS, 1, "đơn vị")
            if values.get("id", unit_id) != unit_id:
                line = data.line_of("id") if isinstance(data, LineMap) else 1
                check.report(line, f'"id" phải trùng với tên tệp: "{unit_id}".')
            if unit_id in units:
                check.report(
                    1,
                    f'Mã đơn vị "{unit_id}" đã có trong danh mục; mỗi đơn vị cần một mã riêng.',
                )
            if not check.problems:
                unit = unit_from({**values, "id": unit_id}, data, check, places)
                if not check.problems:
                    units[unit_id] = unit
    if check.problems:
        broken.add(unit_id)
    problems.extend(check.problems)


def unit_from(values: dict[str, Any], item: LineMap, check: Check, places: Places | None) -> Unit:
    """The unit of a checked registry entry, after the rules between its keys: history
    oldest first, and (with `places`) a current commune, its official name and code."""
    history = []
    for entry, line in values.get("history", []):
        if not any(entry.get(k) for k in ("name", "locality", "parent")):
            check.report(
                line,
                'Mục của "history" cần ghi ít nhất một trong name, locality, parent '
                "(tên, địa bàn hoặc cấp trên trước ngày until).",
            )
        if history and entry["until"] <= history[-1].until:
            check.report(
                line,
                f'Các mục của "history" phải xếp từ cũ đến mới: ngày {entry["until"]:%d/%m/%Y} '
                f"không sau ngày {history[-1].until:%d/%m/%Y} của mục trước.",
            )
        history.append(Former(**entry))
    locality, code = values["locality"], values.get("locality_code")
    if places is not None:
        commune = places.commune(locality)
        if commune is None:
            message = f'"locality" (địa bàn) {places.problem(locality)}'
            if code in places.by_code:
                message += f" Mã {code} ở locality_code là của {places.by_code[code].name}."
            check.report(item.line_of("locality"), message)
        elif code is not None and code != commune.code:
            check.report(
                item.line_of("locality_code"),
                f'"locality_code" (mã xã, phường) {code} không phải mã của {commune.name} '
                f"({commune.code}); hãy sửa thành '{commune.code}'.",
            )
        else:
            locality, code = commune.name, commune.code
    return Unit(
        values["id"],
        values["name"],
        values["type"],
        locality,
        values.get("parent"),
        code,
        tuple(history),
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
    path: Path,
    check: Check,
    settings: Settings,
    units: dict[str, Unit],
    warnings: list[Problem] | None = None,
    content: bytes | None = None,
) -> Model | None:
    """The model in the file (or in `content`, the bytes about to be written there)."""
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
        name = nfc(item["src"].name)  # as published
        if name in names:
            check.report(
                line,
                f'Hai ảnh cùng tên tệp "{name}" (dòng {names[name]}); trên trang web chúng sẽ '
                "đè lên nhau, hãy đổi tên một tệp.",
            )
        names.setdefault(name, line)
    if check.problems or not check_dates(values, data, check):
        return None
    if warnings is not None and is_empty(body) and not values.get("draft", False):
        # The heading's line; the line before an empty body (the closing --- or body:).
        line = body_line + first_heading(body) if body.strip() else max(1, body_line - 1)
        warnings.append(Problem(check.path, line, EMPTY_BODY))
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
        recognized = recognized_until(reviews, year)
        if not may_be_showcase(reviews, year):
            have = ", ".join(map(str, recognized)) or "chưa có năm nào"
            check.report(
                data.line_of("showcase"),
                f'"showcase" (mô hình điểm) chỉ hợp lệ khi mô hình được công nhận ít nhất {SHOWCASE_MIN_YEARS_WORDS} năm '
                f'đến năm {year} trong "reviews" (hiện có: {have}).',
            )
    for item, line in values.get("commendations", []):
        if item["date"] < registered:
            check.report(
                line, f"Ngày biểu dương {item['date']:%d/%m/%Y} trước ngày đăng ký mô hình."
            )
    return len(check.problems) == before
