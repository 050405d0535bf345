"""`python -m generator import FILE`: model files from the spreadsheet a committee keeps.

Columns are found by their Vietnamese names (Tên mô hình, Đơn vị, Lĩnh vực,
Tập thể/Cá nhân, Năm đăng ký, Kết quả bình xét năm 2023 ...), and names of fields
and units are matched whatever their case, marks or spacing. A row that cannot be
imported is reported with its number and the reasons; a model that exists is never
overwritten or written twice; every file is checked by the validator before it is
written.
"""

from __future__ import annotations

import contextlib
import re
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from generator.authoring.files import (
    BODY_SECTIONS,
    Busy,
    NewModel,
    Taken,
    append_units,
    check_model,
    existing_models,
    existing_titles,
    iso_date,
    locked,
    model_data,
    new_unit_id,
    recheck,
    short_slug,
    valid_units,
    write_new,
)
from generator.authoring.outcome import (
    Change,
    Note,
    Outcome,
    Row,
    Status,
    Stopped,
    Target,
    unit_label,
)
from generator.authoring.sheets import (
    HEADER_ROWS,
    Rows,
    SheetError,
    is_column_numbers,
    is_footer,
    quoted,
    read_rows,
    typed_text,
    unclear_mark,
)
from generator.data.load import UNITS_FILE, relative
from generator.data.match import (
    find_units,
    key,
    known_place,
    lookup,
    mark,
    review_result,
    suggest,
)
from generator.data.match import kind as match_kind
from generator.data.model import Unit
from generator.data.places import Places, PlacesError, province_places
from generator.data.problem import Problem
from generator.data.settings import GROUPS, UNIT_TYPES, Settings
from generator.data.text import CONTROL, control_character, fold, nfc, slugify

# Column names (as slugs) -> what the column holds.
COLUMNS = {
    "title": ("ten-mo-hinh", "mo-hinh", "ten", "ten-mo-hinh-dan-van-kheo"),
    "summary": ("tom-tat", "tom-tat-noi-dung", "mo-ta", "noi-dung-tom-tat", "tom-tat-mo-hinh"),
    "unit": ("don-vi", "don-vi-thuc-hien", "ten-don-vi", "don-vi-dang-ky", "to-chuc-thuc-hien"),
    "locality": ("dia-ban", "xa-phuong", "phuong-xa", "dia-ban-xa-phuong", "dia-phuong"),
    "unit_type": ("loai-don-vi",),
    "parent": ("truc-thuoc", "dang-bo", "cap-tren", "dang-bo-cap-tren", "dang-bo-truc-thuoc"),
    "field": ("linh-vuc", "linh-vuc-mo-hinh"),
    "kind": ("tap-the-ca-nhan", "tap-the-hay-ca-nhan", "loai-mo-hinh", "loai", "hinh-thuc"),
    "collective": ("tap-the",),
    "individual": ("ca-nhan",),
    "registered": ("nam-dang-ky", "ngay-dang-ky", "thoi-gian-dang-ky", "dang-ky"),
    "tags": ("tu-khoa",),
    "Nội dung": ("noi-dung", "noi-dung-mo-hinh"),
    "Cách làm": ("cach-lam", "giai-phap", "cach-thuc-thuc-hien", "cach-thuc-trien-khai"),
    "Kết quả": ("ket-qua", "ket-qua-dat-duoc", "hieu-qua"),
    "Bài học kinh nghiệm": ("bai-hoc-kinh-nghiem", "bai-hoc"),
}
BY_SLUG = {slug: column for column, slugs in COLUMNS.items() for slug in slugs}
REVIEW_COLUMN = re.compile(
    r"^(?:ket-qua-)?(?:binh-xet|cong-nhan|danh-gia)(?:-nam)?-(\d{4})$|^nam-(\d{4})$"
)
# Under a merged heading ("Kết quả bình xét" over "Năm 2022 | Năm 2023"), the two
# headings read together: any words about reviews, then the year.
GROUPED_REVIEW = re.compile(
    r"^(?:[a-z0-9-]*-)?(?:binh-xet|cong-nhan|danh-gia|ket-qua)(?:-[a-z-]+)?-(?:nam-)?(\d{4})$"
)
# Words in a unit's name that tell its type, tried in this order.
TYPE_HINTS = (
    ("other", ("mat tran", "mttq", "hoi", "doan thanh nien", "cong doan", "chi doan")),
    ("armed-forces", ("cong an", "quan su", "bien phong", "quan doi", "canh sat")),
    ("school", ("truong", "mam non", "mau giao")),
    ("enterprise", ("cong ty", "doanh nghiep", "hop tac xa", "htx", "ngan hang", "nha may")),
    ("residential", ("khu pho", "to dan pho", "thon", "ap", "khu dan cu", "to dan cu")),
    ("agency", ("uy ban", "ubnd", "so", "phong", "cuc", "chi cuc", "bao hiem", "kho bac")),
)
DERIVED_SUMMARY = "đã ghi tạm một câu tóm tắt từ tên mô hình và đơn vị, nên viết lại."
FOOTER_NOTE = (
    "Từ dòng này là phần cuối bảng (ký tên, ngày tháng, nơi nhận), không phải mô hình; đã bỏ qua."
)


@dataclass
class Columns:
    """Which column holds what: index -> name in COLUMNS, and index -> review year.
    `row` is the header's last row; `first` its first, when it has two."""

    row: int
    names: dict[int, str]
    reviews: dict[int, int]
    ignored: list[str]
    first: int = 0

    def has(self, name: str) -> bool:
        return name in self.names.values()

    @property
    def found(self) -> int:
        return len(self.names) + len(self.reviews)


@dataclass
class SheetRow:
    number: int
    cells: dict[str, object]  # column name -> raw value
    reviews: dict[int, object]  # year -> raw value

    def text(self, name: str) -> str:
        return typed_text(self.cells.get(name))

    def typed(self) -> dict[str, str]:
        """What names the model and its unit, as typed."""
        texts = {name: self.text(name) for name in ("title", "unit", "locality")}
        return {name: text for name, text in texts.items() if text}


def cell_paragraphs(value: object) -> str:
    """A cell of several lines (Alt+Enter in Excel), each line trimmed."""
    lines = [
        " ".join(CONTROL.sub(" ", line).split()) for line in nfc(str(value or "")).splitlines()
    ]
    return "\n".join(lines).strip()


def has_control(values) -> bool:
    """Whether a row's cells held control characters (line ends aside) that were removed."""
    return any(
        isinstance(v, str) and control_character(v.replace("\r", "").replace("\n", ""))
        for v in values
    )


# -- reading ------------------------------------------------------------------------


def heading_of(text: str) -> tuple[str, object] | None:
    """("review", year) or ("column", name) for a heading, or None."""
    slug = slugify(text)
    review = REVIEW_COLUMN.match(slug) or GROUPED_REVIEW.match(slug)
    if review:
        year = int(next(g for g in review.groups() if g))
        return ("review", year) if 1990 <= year <= 2100 else None
    if slug in BY_SLUG:
        return "column", BY_SLUG[slug]
    return None


def header(number: int, top: list[object], bottom: list[object] | None = None) -> Columns:
    """The columns one header row names, or two read together: a heading merged over
    several columns (its text in the first) reads with each heading under it."""
    names: dict[int, str] = {}
    reviews: dict[int, int] = {}
    ignored: list[str] = []
    group = ""
    for index in range(max(len(top), len(bottom or []))):
        upper = typed_text(top[index]) if index < len(top) else ""
        lower = typed_text(bottom[index]) if bottom is not None and index < len(bottom) else ""
        if upper or not lower:
            group = upper
        if bottom is None:
            candidates = [upper]
        elif lower:
            candidates = [f"{group} {lower}", lower, upper]
        else:
            candidates = [upper]
        shown = " ".join(part for part in (upper, lower) if part)
        if not slugify(shown):
            continue
        for candidate in candidates:
            found = heading_of(candidate)
            if found is None:
                continue
            kind, what = found
            if kind == "review" and what not in reviews.values():
                reviews[index] = what
                break
            if kind == "column" and what not in names.values():
                names[index] = what
                break
        else:
            ignored.append(shown)
    return Columns(number, names, reviews, ignored)


def find_columns(rows: list[tuple[int, list[object]]]) -> Columns | None:
    """The header: the first row naming the model's title and another known column,
    read with the row below or above it when the two together name more columns (a
    two-row header), the row below then holding no title."""
    for position, (number, cells) in enumerate(rows[:HEADER_ROWS]):
        columns = header(number, list(cells))
        if not ("title" in columns.names.values() and columns.found >= 2):
            continue
        title = next(i for i, name in columns.names.items() if name == "title")
        if position + 1 < len(rows):
            below_number, below = rows[position + 1]
            below = list(below)
            if not (title < len(below) and typed_text(below[title])):
                both = header(below_number, list(cells), below)
                if both.found > columns.found and both.has("title"):
                    both.first = number
                    return both
        if position > 0:
            both = header(number, list(rows[position - 1][1]), list(cells))
            if both.found > columns.found and both.has("title"):
                both.first = rows[position - 1][0]
                return both
        return columns
    return None


class Importer:
    def __init__(self, settings: Settings, root: Path, source: str):
        self.settings = settings
        self.root = root
        self.source = source
        self.models_dir = settings.models_path(root)
        self.fields = {f.id: f.name for f in settings.fields}
        self.registry = self.models_dir / UNITS_FILE
        self.registry_name = relative(self.registry, root)
        self.existing: dict[str, Path] = {}
        self.titles: dict[str, Path] = {}
        self.units: dict[str, Unit] = {}
        self.places: Places | None = None
        self.seen: dict[str, int] = {}  # slug -> row that claimed it
        self.outcome = Outcome(source)

    def field_of(self, text: str, reasons: list[str]) -> str | None:
        if not text:
            reasons.append("thiếu lĩnh vực.")
            return None
        found = lookup(text, self.fields)
        if found:
            return found
        # A national group ("Kinh tế") stands for its field when it has only one.
        group = lookup(text, GROUPS)
        in_group = [f.id for f in self.settings.fields if f.group == group]
        if group and len(in_group) == 1:
            return in_group[0]
        guess = suggest(text, self.fields)
        tip = (
            f'có phải "{self.fields[guess]}"?'
            if guess
            else "chọn một trong: " + "; ".join(self.fields.values()) + "."
        )
        reasons.append(f'lĩnh vực "{text}" không có trong danh sách lĩnh vực; {tip}')
        return None

    def unit_of(self, row: SheetRow, reasons: list[str], entry: Row) -> str | Change | None:
        """The id of the row's unit; or the new unit to add (a Change of the registry).
        A unit typed as the start of one unit's name is that unit, said on the row."""
        name, locality = row.text("unit"), row.text("locality")
        if not name:
            reasons.append("thiếu đơn vị thực hiện.")
            return None
        found = find_units(name, self.units, locality)
        if len(found) == 1:
            return found[0]
        if len(found) > 1:
            reasons.append(f'có {len(found)} đơn vị tên "{name}"; hãy ghi thêm cột Địa bàn.')
            return None
        found = find_units(name, self.units, locality, short=True)
        if len(found) == 1:
            unit = self.units[found[0]]
            entry.note(f"Đơn vị {quoted(name)} được hiểu là {unit_label(unit)} (mã {unit.id}).")
            return unit.id
        if found:
            which = ", hay ".join(f"{unit_label(self.units[i])} (mã {i})" for i in found)
            reasons.append(
                f"đơn vị {quoted(name)} là phần đầu tên của {len(found)} đơn vị. Có phải "
                f"{which}? Hãy ghi tên đơn vị đầy đủ."
            )
            return None
        if not locality:
            guess = suggest(name, {u.id: u.name for u in self.units.values()})
            tip = (
                f' Có phải "{self.units[guess].name}" ({self.units[guess].locality})?'
                if guess
                else ""
            )
            reasons.append(
                f'đơn vị "{name}" chưa có trong {self.registry_name}.{tip} Nếu là đơn vị mới, hãy ghi '
                "địa bàn (xã, phường) của đơn vị ở cột Địa bàn để thêm đơn vị."
            )
            return None
        return self.add_unit(row, name, locality, reasons)

    def add_unit(
        self, row: SheetRow, name: str, locality: str, reasons: list[str]
    ) -> Change | None:
        code = None
        if self.places is not None:
            # With the `province` option: the official name and code of a current commune.
            commune = self.places.commune(locality)
            if commune is None:
                reasons.append(f"địa bàn {self.places.problem(locality, registered=False)}")
                return None
            locality, code = commune.name, commune.code
        else:
            # A place typed without marks takes the spelling already in the registry.
            locality = known_place(locality, self.units)
        typed = row.text("unit_type")
        unit_type = lookup(typed, UNIT_TYPES) if typed else None
        note = ""
        if typed and not unit_type:
            reasons.append(
                f'loại đơn vị "{typed}" không có; chọn một trong: {", ".join(UNIT_TYPES.values())}.'
            )
            return None
        if not unit_type:
            unit_type = guess_type(name)
            note = f" (đoán từ tên: {UNIT_TYPES[unit_type]}; sửa trong {self.registry_name} nếu chưa đúng)"
        unit_id = new_unit_id(name, locality, self.units)
        if unit_id is None:
            reasons.append(f'không đặt được mã cho đơn vị mới "{name}".')
            return None
        parent = row.text("parent") or None
        unit = Unit(unit_id, name, unit_type, locality, parent, code)
        self.units[unit_id] = unit
        return Change(self.registry_name, "", unit, note)

    def kind_of(self, row: SheetRow, reasons: list[str]) -> str:
        marks = []
        for name, column in (("collective", "Tập thể"), ("individual", "Cá nhân")):
            found = mark(row.cells.get(name))
            if found is None:
                reasons.append(f"{unclear_mark(column, row.cells.get(name))}.")
            elif found:
                marks.append(name)
        text = row.text("kind")
        kind = match_kind(text)
        if kind:
            return kind
        if text:
            reasons.append(f'không rõ loại mô hình "{row.text("kind")}"; ghi Tập thể hoặc Cá nhân.')
        elif len(marks) == 1:
            return marks[0]
        elif len(marks) == 2:
            reasons.append("đánh dấu cả hai cột Tập thể và Cá nhân.")
        return "collective"

    def registered_of(self, row: SheetRow, model_notes: dict, reasons: list[str]) -> str | None:
        value = row.cells.get("registered")
        if isinstance(value, datetime):
            return value.date().isoformat()
        if isinstance(value, date):
            return value.isoformat()
        text = typed_text(value)
        if not text:
            reasons.append("thiếu năm đăng ký.")
            return None
        if re.fullmatch(r"\d{4}", text):
            # The registry needs a day; the first of January stands in, marked in the file.
            model_notes["registered"] = f"chỉ biết năm đăng ký {text}; sửa nếu biết ngày"
            return f"{text}-01-01"
        month = re.fullmatch(r"(\d{1,2})[/.-](\d{4})", text)
        if month:
            model_notes["registered"] = f"chỉ biết tháng đăng ký {text}; sửa nếu biết ngày"
            return f"{month.group(2)}-{int(month.group(1)):02d}-01"
        return iso_date(text)

    def reviews_of(self, row: SheetRow, reasons: list[str]) -> dict[int, str]:
        reviews = {}
        for year, value in sorted(row.reviews.items()):
            text = typed_text(value)
            if not text:
                continue
            result = review_result(text)
            if result:
                reviews[year] = result
            else:
                reasons.append(
                    f'kết quả bình xét năm {year} "{typed_text(value)}" không rõ; '
                    "ghi Đạt hoặc Không đạt."
                )
        return reviews

    def model_of(self, row: SheetRow) -> None:
        """The row's model (and unit) to write, checked by the validator; or why not."""
        entry = self.outcome.add(Row(f"{self.source}:{row.number}", row.number, row.typed()))
        if has_control([*row.cells.values(), *row.reviews.values()]):
            entry.note("Đã bỏ các ký tự điều khiển không nhìn thấy được trong dòng này.")
        title = row.text("title")
        slug = short_slug(title)
        if self.already(row, slug):
            return
        reasons = self.taken(title, slug)
        if reasons:
            return self.reject(entry, reasons)
        notes: dict[str, str] = {}
        field_id = self.field_of(row.text("field"), reasons)
        unit = self.unit_of(row, reasons, entry)
        new_unit = unit if isinstance(unit, Change) else None
        unit_id = new_unit.value.id if new_unit else unit
        kind = self.kind_of(row, reasons)
        registered = self.registered_of(row, notes, reasons)
        reviews = self.reviews_of(row, reasons)
        if not reasons:
            model = self.new_model(row, slug, field_id, unit_id, registered, kind, reviews, notes)
            name = relative(model.path(self.models_dir), self.root)
            reasons = [
                p.message for p in check_model(model.text(), name, self.settings, self.units)
            ]
        if reasons:
            if new_unit:  # a unit added for a row that is not imported is not added after all
                del self.units[new_unit.value.id]
            return self.reject(entry, reasons)
        self.seen[slug] = row.number
        entry.model = Target(slug, title, name)
        entry.write(*filter(None, [new_unit, Change(name, "", model)]))
        if self.columns.has("summary") and not row.text("summary"):
            entry.note("Chưa có tóm tắt: " + DERIVED_SUMMARY)

    def already(self, row: SheetRow, slug: str) -> bool:
        """Whether the model is there as the row describes it (the same title, field and
        unit: the sheet imported before); the row then says so, and writes nothing."""
        title = row.text("title")
        path = self.existing.get(slug) or self.titles.get(slugify(title)) if title else None
        if path is None:
            return False
        data = model_data(path)
        units = find_units(row.text("unit"), self.units, row.text("locality"))
        if not (
            isinstance(data.get("title"), str)
            and key(data["title"]) == key(title)
            and data.get("field") == self.field_of(row.text("field"), [])
            and data.get("unit") in units
        ):
            return False
        entry = self.outcome.rows[-1]
        name = relative(path, self.root)
        entry.model = Target(path.stem, data["title"], name)
        entry.note(
            f"Đã có mô hình này ({name}), như dòng này ghi; không ghi lại.", Status.UNCHANGED
        )
        return True

    def taken(self, title: str, slug: str) -> list[str]:
        """Why a row's model cannot be a new one: no title, or one that is there already."""
        if not title:
            return ["thiếu tên mô hình."]
        same = self.existing.get(slug) or self.titles.get(slugify(title))
        if same:
            return [
                f"đã có mô hình này ({relative(same, self.root)}); tệp đã có không bị ghi đè. "
                "Nếu là một mô hình khác, hãy đặt tên khác."
            ]
        if slug in self.seen:
            return [f"trùng với mô hình ở dòng {self.seen[slug]}."]
        return []

    def new_model(
        self, row: SheetRow, slug, field_id, unit_id, registered, kind, reviews, notes
    ) -> NewModel:
        title = row.text("title")
        summary = row.text("summary")
        if not summary:
            # A plain sentence of facts from the row, to be rewritten by a person.
            unit = self.units[unit_id]
            summary = (
                f"{title}: mô hình “Dân vận khéo” của {unit.name} ({unit.locality}), "
                f"đăng ký năm {registered[:4]}."
            )
        tags = [t.strip() for t in re.split(r"[,;]", row.text("tags")) if t.strip()]
        sections = {h: cell_paragraphs(row.cells.get(h)) for h in BODY_SECTIONS if row.cells.get(h)}
        return NewModel(
            slug,
            title,
            summary,
            field_id,
            unit_id,
            registered,
            kind,
            reviews,
            tags,
            sections,
            notes,
        )

    @staticmethod
    def reject(entry: Row, reasons: list[str]) -> None:
        """Every reason the row is not imported; the row adds nothing."""
        for reason in reasons:
            entry.fail(Status.REFUSED, reason[:1].upper() + reason[1:])

    # -- the whole sheet -------------------------------------------------------------

    def run(self, path: Path, dry_run: bool) -> Outcome:
        out = self.outcome
        out.dry_run = dry_run
        try:
            # Planned and written under the writers' lock, from the folder as it is
            # then: a second import of the sheet at the same time finds every model
            # there and adds nothing.
            with contextlib.nullcontext() if dry_run else locked(self.models_dir):
                self.plan(path)
                if not dry_run:
                    self.write()
        except (Busy, Taken) as error:
            raise Stopped(str(error)) from None
        if not dry_run and out.count(Status.WRITTEN):
            out.check = recheck(self.settings, self.root)
        return out

    def plan(self, path: Path) -> None:
        """Read the sheet and decide every row; Stopped if nothing can be done."""
        self.units = valid_units(self.registry, self.root, "nhập")
        self.existing = existing_models(self.models_dir)
        self.titles = existing_titles(self.models_dir)
        try:
            self.places = province_places(self.settings)
        except PlacesError as error:
            raise Stopped(Problem("mkdocs.yml", 1, f'Tuỳ chọn "province": {error}')) from None
        rows = self.sheet(path)
        notes, columns, footer = self.outcome.notes, self.columns, 0
        for number, cells in rows:
            if number <= columns.row:
                continue
            cells = list(cells)
            row = SheetRow(
                number,
                {name: cells[i] for i, name in columns.names.items() if i < len(cells)},
                {year: cells[i] for i, year in columns.reviews.items() if i < len(cells)},
            )
            # Empty rows and group headings ("I. KHỐI DÂN CƯ") carry no model.
            if not any(typed_text(v) for v in [*row.cells.values(), *row.reviews.values()]):
                continue
            if number == columns.row + 1 and is_column_numbers(cells):
                continue
            # From a signature or a date line on, only a row with a whole model is one.
            if not footer and is_footer(cells):
                footer = number
                notes.append(Note(number, FOOTER_NOTE))
            if footer and not all(
                row.text(name) for name in ("title", "unit", "field", "registered")
            ):
                continue
            self.model_of(row)
        if not self.outcome.rows:
            raise Stopped(
                Problem(
                    self.source,
                    columns.row,
                    "Bảng không có dòng mô hình nào dưới dòng tiêu đề; chưa ghi tệp nào.",
                )
            )

    def sheet(self, path: Path) -> Rows:
        """The sheet's rows, its columns found (`self.columns`) and said of."""
        notes: list[tuple[int, str]] = []
        try:
            rows = read_rows(path, notes, find_columns)
        except SheetError as error:
            raise Stopped(Problem(self.source, 1, str(error))) from None
        self.columns = columns = find_columns(rows)
        if columns is None:
            raise Stopped(
                Problem(
                    self.source,
                    1,
                    f"Không thấy dòng tiêu đề có cột “Tên mô hình” trong {HEADER_ROWS} dòng đầu.",
                )
            )
        labels = (("unit", "Đơn vị"), ("field", "Lĩnh vực"), ("registered", "Năm đăng ký"))
        missing = [label for name, label in labels if not columns.has(name)]
        if missing:
            raise Stopped(Problem(self.source, columns.row, f"Thiếu cột: {', '.join(missing)}."))
        if columns.first:
            notes.append(
                (columns.row, f"Dòng tiêu đề gồm hai dòng {columns.first} và {columns.row}.")
            )
        if columns.ignored:
            notes.append((columns.row, f"Bỏ qua các cột: {', '.join(columns.ignored)}."))
        if not columns.has("summary"):
            notes.append((columns.row, "Không có cột Tóm tắt: " + DERIVED_SUMMARY))
        self.outcome.notes += [Note(line, text) for line, text in notes]
        return rows

    def write(self) -> None:
        out = self.outcome
        changes = list(out.changes())
        if append_units(self.registry, [c.value for c in changes if isinstance(c.value, Unit)]):
            out.written.append(self.registry_name)
        for change in changes:
            if isinstance(change.value, NewModel):
                write_new(self.root / change.path, change.value.text(), self.models_dir)
                out.written.append(change.path)


def guess_type(name: str) -> str:
    words = f" {fold(name)} "
    for unit_type, hints in TYPE_HINTS:
        if any(f" {hint} " in words for hint in hints):
            return unit_type
    return "other"
