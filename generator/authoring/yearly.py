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
from functools import cached_property
from pathlib import Path

from generator.authoring.files import check_model, locked
from generator.authoring.importer import COLUMNS
from generator.authoring.inplace import Edit, EditError
from generator.authoring.outcome import Note, Outcome, Row, Status, Stopped, Target, unit_label
from generator.authoring.sheets import (
    HEADER_ROWS,
    Rows,
    SheetError,
    headings,
    is_column_numbers,
    is_footer,
    quoted,
    read_rows,
    two_row_headings,
    typed_text,
    unclear_mark,
)
from generator.data.load import UNITS_FILE, LoadError, load
from generator.data.match import (
    Names,
    key,
    lookup,
    mark,
    places,
    review_result,
    same_place,
    suggest,
    unit_names,
)
from generator.data.model import Catalog, Model, Unit
from generator.data.places import Places, province_places
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
# A column of marks on a list of every model, for those a decision commends.
COMMENDED_HEADING = re.compile(r"^(?:(?:de-nghi|duoc)-)?(?:bieu-duong|khen-thuong)(?:-nam-\d{4})?$")
HEADINGS = {"showcase": SHOWCASE_HEADING, "commended": COMMENDED_HEADING}
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
MAY_MEAN = 5  # models a "Có phải …?" names at most


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
    first: int  # and of its first
    columns: dict[str, int]  # "slug", "title", "unit", "locality", "showcase", ... -> index
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


def classify(first: int, number: int, candidates: list[list[str]]) -> Layout:
    """A layout from each column's candidate headings, the first that means something."""
    columns: dict[str, int] = {}
    results: dict[int, ResultHeading] = {}
    for index, texts in enumerate(candidates):
        for text in texts:
            slug = slugify(text)
            if not slug:
                continue
            heading = result_heading(slug)
            name = next((n for n, p in HEADINGS.items() if p.match(slug)), BY_HEADING.get(slug))
            if heading:
                results[index] = heading
                break
            if name and name not in columns:
                columns[name] = index
                break
    return Layout(number, first, columns, results)


def find_layout(rows: Rows, accept: Callable[[Layout], bool]) -> Layout | None:
    """The header among the first rows: on one row, or on two (a merged heading over
    sub-headings), whichever reads more columns; `accept` says what is enough. A title
    right above a header on two rows reads with its first row as a header too: the
    reading from the row below wins when it reads more."""

    def at(index: int) -> Layout | None:
        if index >= len(rows):
            return None
        number, cells = rows[index]
        upper = headings(cells)
        options = [classify(number, number, [[text] for text in upper])]
        if any(upper) and index + 1 < len(rows):
            below_number, below = rows[index + 1]
            lower = headings(below)
            combined = two_row_headings(cells, below)
            options.append(
                classify(
                    number,
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
        # The one-row reading unless the two-row one reads strictly more.
        return max(accepted, key=lambda layout: (layout.score, -layout.row), default=None)

    for index in range(min(len(rows), HEADER_ROWS)):
        found = at(index)
        if found is not None:
            below = at(index + 1)
            return below if below is not None and below.score > found.score else found
    return None


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
        self.became: dict[str, set[str]] = {}  # a typed former commune -> keys of what it became
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
        short = False
        if unit:
            unit_ids, short = self.units_named(unit, locality)
            if not unit_ids:
                where = f" ở {locality}" if locality else ""
                raise NotFound(
                    f"Không có đơn vị {quoted(unit)}{where} trong models/{UNITS_FILE}."
                    + self.which(named)
                )
            found = [m for m in named if m.unit.id in unit_ids]
        elif locality:
            found = [m for m in named if self.in_place(locality, m.unit)]
        else:
            found = named
        if len(found) == 1:
            return found[0]
        if found and short:
            raise NotFound(
                f"Đơn vị {quoted(unit)} là phần đầu tên của {len(found)} đơn vị có mô hình "
                f"{quoted(title)}.{self.which(found)} Hãy ghi tên đơn vị đầy đủ, thêm Địa bàn, "
                "hoặc ghi Mã mô hình.",
                Status.AMBIGUOUS,
            )
        if found:
            raise NotFound(
                f"Có {len(found)} mô hình tên {quoted(title)} ({self.units_of(found)}); "
                "hãy ghi Mã mô hình, hoặc thêm Đơn vị, Địa bàn cho rõ.",
                Status.AMBIGUOUS,
            )
        if named:
            typed = " – ".join(filter(None, [unit, locality]))
            raise NotFound(
                f"Không có mô hình {quoted(title)} của {quoted(typed)}.{self.which(named)}"
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

    def units_named(self, unit: str, locality: str) -> tuple[set[str], bool]:
        """Units a typed name (and place) stands for, and whether only by the start of
        their names ("Chi bộ Khu phố 2" for "Chi bộ Khu phố 2, phường Hòa Bình"), when
        no name is the one typed. Ids are slugs of names, so a name may also be one
        unit's id: every unit of that name counts, not only that one."""

        def placed(ids) -> set[str]:
            return {i for i in ids if not locality or self.in_place(locality, self.units[i])}

        typed = key(unit)
        found = placed([*self.unit_index.matches(unit), *([typed] if typed in self.units else [])])
        if found:
            return found, False
        return placed(self.unit_index.starting(unit)), True

    def in_place(self, typed: str, unit: Unit) -> bool:
        """Whether a typed place is the unit's: its commune now or before (its history);
        with the `province` option, also a commune of before 1 July 2025 that became it."""
        if any(same_place(typed, place) for place in places(unit)):
            return True
        if typed not in self.became:
            found = self.province_places.became(typed) if self.province_places else ()
            self.became[typed] = {key(commune.name) for commune in found}
        return key(unit.locality) in self.became[typed]

    @cached_property
    def province_places(self) -> Places | None:
        return province_places(self.catalog.settings)

    def which(self, models: list[Model]) -> str:
        """ " Có phải “Đường hoa” của A (mã a), hay của B (mã b)?": the models a row may
        mean, for it to be written again; nothing when none."""
        if not models:
            return ""
        models = sorted(models, key=lambda m: (sort_key(unit_label(m.unit)), m.slug))
        shown = [f"của {unit_label(m.unit)} (mã {m.slug})" for m in models[:MAY_MEAN]]
        more = f" (và {len(models) - MAY_MEAN} mô hình khác)" if len(models) > MAY_MEAN else ""
        return f" Có phải {quoted(models[0].title)} {', hay '.join(shown)}{more}?"

    @staticmethod
    def units_of(models: list[Model]) -> str:
        return "; ".join(sorted({unit_label(m.unit) for m in models}, key=sort_key))

    def unit_name(self, unit_ids: set[str]) -> str:
        def named(unit: Unit) -> str:
            label = unit_label(unit)
            return label if label == unit.name else f"{unit.name} ({unit.locality})"

        return " / ".join(sorted((named(self.units[i]) for i in unit_ids), key=sort_key))

    def loosely(self, layout: Layout, cells: list[object], model: Model) -> list[str]:
        """How a row named its model by name when not by its unit's own name and place
        (the start of the unit's name, a former commune): said, for a person to check."""
        if layout.text(cells, "slug"):
            return []
        said = []
        unit, locality = layout.text(cells, "unit"), layout.text(cells, "locality")
        if unit and model.unit.id not in [key(unit), *self.unit_index.matches(unit)]:
            said.append(f"Đơn vị {quoted(unit)} được hiểu là {unit_label(model.unit)}.")
        if locality and not same_place(locality, model.unit.locality):
            said.append(f"Địa bàn {quoted(locality)} là tên cũ; nay là {model.unit.locality}.")
        return said


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
    under the table; the row of column numbers right under the header is not one."""
    first = True
    for number, cells in rows:
        cells = list(cells)
        if number <= layout.row or not any(typed_text(c) for c in cells):
            continue
        if first and is_column_numbers(cells):
            continue
        first = False
        if is_footer(cells) and not layout.text(cells, "slug"):
            break
        yield number, cells


def marked(cells: list[object], column: int, name: str, problems: list[str], then: str) -> bool:
    """Whether the row's cell in the column of marks `name` is marked; one that is
    neither a mark nor none is one of the row's `problems` (saying `then`), and counts
    as none."""
    value = cells[column] if column < len(cells) else None
    found = mark(value)
    if found is None:
        problems.append(f"{unclear_mark(name, value)}; {then}")
    return bool(found)


def sheet_row(source: str, number: int, layout: Layout, cells: list[object]) -> Row:
    """The outcome's row for a sheet's row, with what it names as typed."""
    typed = {name: layout.text(cells, name) for name in ("slug", "title", "unit", "locality")}
    return Row(f"{source}:{number}", number, {k: v for k, v in typed.items() if v})


def unasked(row: Row, model: Model | None, problems: list[str]) -> None:
    """A row that asks for nothing (a blank result, no mark), or that cannot be read
    (`problems`, each a refusal): the model it names, if one, and nothing else said."""
    row.model = Target.of(model) if model else None
    row.status = Status.BLANK
    for problem in problems:
        row.fail(Status.REFUSED, problem)


def stopped(source: str, layout: Layout, text: str) -> Stopped:
    """The tool cannot go on with the sheet, said at its header."""
    return Stopped(Problem(source, layout.row, text))


def find(finder: Finder, layout: Layout, cells: list[object], row: Row) -> Model | None:
    """The model the row names (its target then, and how, if loosely); None, said on the
    row, if none or several."""
    try:
        model = finder.find(layout, cells)
    except NotFound as error:
        row.fail(error.status, str(error))
        return None
    row.model = Target.of(model)
    for text in finder.loosely(layout, cells, model):
        row.note(text)
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
