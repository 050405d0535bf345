"""What the yearly tools (`review apply`, `commend`) share: reading which models a
sheet names, row by row, and writing the edited model files.

Committees name a model by `Mã mô hình` (its slug), or by `Tên mô hình` and `Đơn vị`
(with `Địa bàn` where unit names repeat), matched with the project's one matcher
whatever the marks, case or spacing; a row that names no model, or several, is
reported and never guessed. Every edit is made in place (inplace.py) and checked by
the validator; files are written only once every row has been read, each atomically.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from generator.authoring.files import check_model, locked
from generator.authoring.importer import COLUMNS
from generator.authoring.inplace import Edit, EditError
from generator.authoring.outcome import Note, Outcome, Row, Status, Stopped, Target
from generator.authoring.sheets import (
    HEADER_ROWS,
    Rows,
    SheetError,
    headings,
    is_footer,
    read_rows,
    two_row_headings,
    typed_text,
)
from generator.data.load import UNITS_FILE, LoadError, load
from generator.data.match import (
    Names,
    find_units,
    key,
    lookup,
    review_result,
    same_place,
    suggest,
    unit_names,
)
from generator.data.model import Catalog, Model
from generator.data.problem import Problem
from generator.data.text import slugify, sort_key

# Column headings (as slugs) of what names a model (the title, unit and place as `import`
# reads them) and of the row's number.
IDENTITY = {
    "number": ("stt", "tt", "so-tt", "so-thu-tu"),
    "slug": ("ma-mo-hinh", "ma", "ma-so-mo-hinh"),
    "title": COLUMNS["title"],
    "unit": COLUMNS["unit"],
    "locality": COLUMNS["locality"],
}
BY_HEADING = {slug: name for name, slugs in IDENTITY.items() for slug in slugs}
# "Chọn làm mô hình điểm", "Đề nghị xây dựng mô hình điểm", "Mô hình điểm năm 2026" ...
SHOWCASE_HEADING = re.compile(
    r"^(?:(?:de-nghi|de-xuat)-)?(?:chon-)?(?:lam-)?(?:xay-dung-)?(?:thanh-)?mo-hinh-diem(?:-nam-\d{4})?$"
)
RESULT_PREFIXES = (
    "ket-qua-binh-xet",
    "ket-qua-danh-gia",
    "ket-qua-cong-nhan",
    "binh-xet",
    "danh-gia",
    "ket-qua",
)
_YEAR = re.compile(r"^(?:nam-)?(\d{4})(?:-|$)")
_ROW_NUMBER = re.compile(r"^\d+[.)]?$")


@dataclass(frozen=True)
class ResultHeading:
    """A column of review results: "Kết quả bình xét năm 2026", or under it a column
    of marks ("x") for one result ("Công nhận"); "Năm 2026" alone is a weaker sign."""

    year: int | None
    mark: str | None  # "recognized" / "not-recognized" for a column of marks
    strong: bool


def result_heading(slug: str) -> ResultHeading | None:
    strong = next((p for p in RESULT_PREFIXES if slug == p or slug.startswith(p + "-")), None)
    rest = slug[len(strong) :].lstrip("-") if strong else slug
    found = _YEAR.match(rest)
    year = int(found.group(1)) if found else None
    if strong is None and (year is None or not slug.startswith("nam-")):
        return None
    if strong == "ket-qua" and year is None:  # "Kết quả" alone is the results text
        return None
    rest = rest[found.end() :] if found else rest
    mark = review_result(rest) if rest else None
    if rest and mark is None and year is None:  # "Kết quả bình xét mô hình …": a title
        return None
    return ResultHeading(year, mark, strong is not None)


@dataclass
class Layout:
    """Where a sheet's header ends and which column holds what."""

    row: int  # number of the header's last row
    columns: dict[str, int]  # "slug", "title", "unit", "locality", "showcase" -> index
    results: dict[int, ResultHeading]

    @property
    def score(self) -> int:
        return len(self.columns) + sum(
            1 + (h.year is not None) + h.strong for h in self.results.values()
        )

    @property
    def names_models(self) -> bool:
        return "slug" in self.columns or "title" in self.columns

    def is_heading(self, cells: list[object]) -> bool:
        """A group heading ("I. KHỐI DÂN CƯ", "Đảng bộ phường …" in the number column):
        no slug, no unit, and something other than a row number where the number goes."""
        if self.text(cells, "slug") or self.text(cells, "unit"):
            return False
        number = self.text(cells, "number")
        return bool(number) and not _ROW_NUMBER.match(number)

    def text(self, cells: list[object], name: str) -> str:
        index = self.columns.get(name)
        return typed_text(cells[index]) if index is not None and index < len(cells) else ""


def classify(number: int, candidates: list[list[str]]) -> Layout:
    """A layout from each column's candidate headings, the first that means something."""
    columns: dict[str, int] = {}
    results: dict[int, ResultHeading] = {}
    for index, texts in enumerate(candidates):
        for text in texts:
            slug = slugify(text)
            if not slug:
                continue
            heading = result_heading(slug)
            name = "showcase" if SHOWCASE_HEADING.match(slug) else BY_HEADING.get(slug)
            if heading:
                results[index] = heading
                break
            if name and name not in columns:
                columns[name] = index
                break
    return Layout(number, columns, results)


def find_layout(rows: Rows, accept: Callable[[Layout], bool]) -> Layout | None:
    """The header among the first rows: on one row, or on two (a merged heading over
    sub-headings), whichever reads more columns; `accept` says what is enough."""
    for index, (number, cells) in enumerate(rows[:HEADER_ROWS]):
        upper = headings(cells)
        options = [classify(number, [[text] for text in upper])]
        if any(upper) and index + 1 < len(rows):
            below_number, below = rows[index + 1]
            lower = headings(below)
            combined = two_row_headings(cells, below)
            options.append(
                classify(
                    below_number,
                    [
                        [
                            text,
                            lower[i] if i < len(lower) else "",
                            upper[i] if i < len(upper) else "",
                        ]
                        for i, text in enumerate(combined)
                    ],
                )
            )
        accepted = [layout for layout in options if accept(layout)]
        if accepted:
            # The one-row reading unless the two-row one reads strictly more.
            return max(accepted, key=lambda layout: (layout.score, -layout.row))
    return None


def quoted(title: str) -> str:
    """A title in quotation marks, unless it is already written between them."""
    return title if title.startswith("“") and title.endswith("”") else f"“{title}”"


class NotFound(Exception):
    """A row names no model, or several (`status` says which); the message says what
    to write."""

    def __init__(self, message: str, status: Status = Status.UNKNOWN):
        super().__init__(message)
        self.status = status


class Finder:
    """The models a sheet's rows name, by slug or by title and unit."""

    def __init__(self, catalog: Catalog):
        self.catalog = catalog
        self.models = {m.slug: m for m in catalog.models}
        self.titles = Names({m.slug: m.title for m in catalog.models}, by_id=False)
        self.units = catalog.units
        self.unit_index = Names(unit_names(catalog.units), by_id=False)
        self.quiet = False
        self.by_unit: dict[str, list[Model]] = defaultdict(list)
        for model in catalog.models:
            self.by_unit[model.unit.id].append(model)

    def named(self, layout: Layout, cells: list[object]) -> Model | None:
        """The model a row names, if it names exactly one; nothing said otherwise
        (for rows that ask for nothing: a blank result, a group heading)."""
        self.quiet = True
        try:
            return self.find(layout, cells)
        except NotFound:
            return None
        finally:
            self.quiet = False

    def guess(self, typed: str, models) -> str | None:
        """A likely meant slug, for a "did you mean" (none when asked to be quiet)."""
        return None if self.quiet else suggest(typed, {m.slug: m.title for m in models})

    def find(self, layout: Layout, cells: list[object]) -> Model:
        slug, title = layout.text(cells, "slug"), layout.text(cells, "title")
        unit, locality = layout.text(cells, "unit"), layout.text(cells, "locality")
        if slug:
            return self.by_slug(slug, title)
        if not title:
            raise NotFound("Dòng không ghi Mã mô hình hay Tên mô hình.")
        return self.by_name(title, unit, locality)

    def by_slug(self, slug: str, title: str = "") -> Model:
        model = self.models.get(slug) or self.models.get(slugify(slug))
        if model is None:
            guess = self.guess(slug, self.catalog.models)
            tip = f' Có phải "{guess}" ({quoted(self.models[guess].title)})?' if guess else ""
            raise NotFound(f'Không có mô hình mã "{slug}".{tip}')
        if title and key(title) != key(model.title):
            raise NotFound(
                f'Mã "{model.slug}" là mô hình {quoted(model.title)}, không phải {quoted(title)}; '
                "hãy kiểm tra lại dòng này."
            )
        return model

    def by_name(self, title: str, unit: str, locality: str) -> Model:
        named = [self.models[slug] for slug in self.titles.matches(title)]
        if unit:
            unit_ids = self.units_named(unit, locality)
            if not unit_ids:
                where = f" ở {locality}" if locality else ""
                raise NotFound(
                    f"Không có đơn vị “{unit}”{where} trong models/{UNITS_FILE}"
                    + (
                        f"; mô hình {quoted(title)} là của {self.units_of(named)}."
                        if named
                        else "."
                    )
                )
            found = [m for m in named if m.unit.id in unit_ids]
        elif locality:
            found = [m for m in named if same_place(locality, m.unit.locality)]
        else:
            found = named
        if len(found) == 1:
            return found[0]
        if found:
            raise NotFound(
                f"Có {len(found)} mô hình tên {quoted(title)} ({self.units_of(found)}); "
                "hãy ghi Mã mô hình, hoặc thêm Đơn vị, Địa bàn cho rõ.",
                Status.AMBIGUOUS,
            )
        if named:
            raise NotFound(
                f"Mô hình {quoted(title)} là của {self.units_of(named)}, không phải "
                f"“{' – '.join(filter(None, [unit, locality]))}”."
            )
        if unit:
            own = [m for i in unit_ids for m in self.by_unit.get(i, [])]
            guess = lookup(title, {m.slug: m.title for m in own}) or self.guess(title, own)
            tip = f" Có phải {quoted(self.models[guess].title)}?" if guess else ""
            raise NotFound(f"{self.unit_name(unit_ids)} không có mô hình {quoted(title)}.{tip}")
        guess = self.guess(title, self.catalog.models)
        tip = f" Có phải {quoted(self.models[guess].title)}?" if guess else ""
        raise NotFound(
            f"Không tìm thấy mô hình {quoted(title)}.{tip} Hãy ghi tên như trên trang, "
            "hoặc thêm cột Đơn vị, hoặc ghi Mã mô hình."
        )

    def units_named(self, unit: str, locality: str) -> set[str]:
        """Units a typed name (and place) stands for. Ids are slugs of names, so a name
        may also be one unit's id: every unit of that name counts, not only that one."""
        found = set(find_units(unit, self.units, locality, self.unit_index))
        typed = key(unit)
        if typed in self.units and (
            not locality or same_place(locality, self.units[typed].locality)
        ):
            found.add(typed)
        return found

    @staticmethod
    def units_of(models: list[Model]) -> str:
        return "; ".join(
            sorted({f"{m.unit.name}, {m.unit.locality}" for m in models}, key=sort_key)
        )

    def unit_name(self, unit_ids: set[str]) -> str:
        return " / ".join(
            sorted(f"{self.units[i].name} ({self.units[i].locality})" for i in unit_ids)
        )


def load_catalog(settings, root: Path, before: str) -> Catalog:
    """Every model and unit, valid; Stopped with the data set's problems otherwise."""
    try:
        return load(settings, root)
    except LoadError as error:
        raise Stopped(
            *error.problems,
            f"Có {len(error.problems)} lỗi trong dữ liệu; hãy sửa trước khi {before}.",
        ) from None


def read_sheet(
    path: Path, source: str, accept: Callable[[Layout], bool], missing: str, outcome: Outcome
) -> tuple[Rows, Layout]:
    """The rows of the sheet and its layout (what it says of itself goes to the
    outcome's notes); Stopped when it cannot be read or has no header `accept`s."""
    notes: list[tuple[int, str]] = []
    try:
        rows = read_rows(path, notes, lambda rows: find_layout(rows, accept))
    except SheetError as error:
        raise Stopped(Problem(source, 1, str(error))) from None
    layout = find_layout(rows, accept)
    if layout is None:
        raise Stopped(
            Problem(
                source, 1, f"Không thấy dòng tiêu đề có {missing} trong {HEADER_ROWS} dòng đầu."
            )
        )
    outcome.notes += [Note(line, text) for line, text in notes]
    return rows, layout


def data_rows(layout: Layout, rows: Rows) -> Iterator[tuple[int, list[object]]]:
    """The rows under the header that hold anything, up to the signatures and the date
    under the table."""
    for number, cells in rows:
        cells = list(cells)
        if number <= layout.row or not any(typed_text(c) for c in cells):
            continue
        if is_footer(cells) and not layout.text(cells, "slug"):
            break
        yield number, cells


def sheet_row(source: str, number: int, layout: Layout, cells: list[object]) -> Row:
    """The outcome's row for a sheet's row, with what it names as typed."""
    typed = {name: layout.text(cells, name) for name in ("slug", "title", "unit", "locality")}
    return Row(f"{source}:{number}", number, {k: v for k, v in typed.items() if v})


def find(finder: Finder, layout: Layout, cells: list[object], row: Row) -> Model | None:
    """The model the row names (its target then); None, said on the row, if none or several."""
    try:
        model = finder.find(layout, cells)
    except NotFound as error:
        row.fail(error.status, str(error))
        return None
    row.model = Target.of(model)
    return model


class Files:
    """Model files edited in place, each checked by the validator before it is written."""

    def __init__(self, catalog: Catalog, root: Path):
        self.catalog = catalog
        self.root = root
        self.models_dir = catalog.settings.models_path(root)
        self.ready: list[Edit] = []

    def path(self, model: Model) -> Path:
        return self.root / model.source

    def check(self, model: Model, edit: Edit) -> list[Problem]:
        """What the validator says of the edited file; nothing means it may be written."""
        path = self.path(model)
        return check_model(
            edit.text,
            model.source,
            self.catalog.settings,
            self.catalog.units,
            (path.parent, self.models_dir),
        )

    def edit(self, model: Model, row: Row, change: Callable[[Edit], None]) -> bool:
        """Make the change on the model's file and check it, to be written with the
        others; False, and the row says why, if it cannot be."""
        try:
            edit = Edit(self.path(model))
            change(edit)
        except (EditError, OSError) as error:
            row.fail(Status.REFUSED, f"Không sửa được tệp {model.source} tại chỗ: {error}")
            return False
        problems = self.check(model, edit)
        if problems:
            row.fail(
                Status.REFUSED, f"Chưa ghi vào {model.source}: trình kiểm tra báo lỗi.", problems
            )
            return False
        if edit.changed:
            self.ready.append(edit)
        return True

    def write(self, outcome: Outcome) -> None:
        """Write every checked edit (atomically), each listed as written or not."""
        with locked(self.models_dir):
            for edit in self.ready:
                name = edit.path.relative_to(self.root).as_posix()
                try:
                    edit.save()
                except OSError as error:
                    message = f"Không ghi được tệp: {error.strerror or error}."
                except EditError as error:
                    message = f"Chưa ghi: {error}"
                else:
                    outcome.written.append(name)
                    continue
                outcome.unwritten.append(Problem(name, 1, message))
