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
import csv
import io
import re
import zipfile
from dataclasses import dataclass, field
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
    new_unit_id,
    recheck,
    registry_units,
    short_slug,
    write_new,
)
from generator.data.load import UNITS_FILE, relative
from generator.data.match import (
    find_units,
    known_place,
    lookup,
    review_result,
    suggest,
)
from generator.data.model import Unit
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
# What committees write in a "Tập thể/Cá nhân" column.
KIND_WORDS = {"collective": ("Tập thể", "tt"), "individual": ("Cá nhân", "cn")}
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
HEADER_ROWS = 20  # the header is looked for among the first rows, under any title rows
# Larger than any committee's list (10,000 models are a few MB); refused before reading.
MAX_SHEET_BYTES = 50 * 1024 * 1024
MAX_UNZIPPED_BYTES = 200 * 1024 * 1024  # an .xlsx is a zip: what its parts hold once unpacked
DELIMITED = (".csv", ".txt", ".tsv")  # Excel's "CSV" and "Unicode Text" (tab-separated)

# Lines under the table: signatures, the place and date, recipients, totals. Read on
# the folded text of a cell: a whole cell for the roles, its start for the rest.
SIGNATURE_ROLES = {
    "nguoi lap bieu",
    "nguoi lap bang",
    "nguoi lap",
    "nguoi tong hop",
    "can bo tong hop",
    "thu truong don vi",
    "thu truong co quan",
    "truong ban",
    "pho truong ban",
    "bi thu",
    "pho bi thu",
    "chu tich",
    "pho chu tich",
    "giam doc",
    "truong phong",
}
FOOTER_START = re.compile(
    r"^(?:tm\s*[./]|t/m\b|kt\s*[./]|k/t\b|xac nhan\b|noi nhan\b|luu\s*[:.]|luu vt\b|"
    r"ghi chu\s*:|chu thich\s*:|tong cong\b|tong so\b|cong\s*:|\(?ky\b.*\bho ten\)?)"
)
DATE_LINE = re.compile(r"\bngay\s*[\d.…_]*\s*thang\s*[\d.…_]*\s*nam\s*[\d.…_]*\s*$")
COLUMN_NUMBER = re.compile(r"^\(?\d{1,2}\)?$")  # a row "(1) (2) (3)" under the header


XLSX_UNREADABLE = (
    "Không đọc được tệp Excel: tệp bị hỏng, có mật khẩu, hoặc không phải bảng tính .xlsx. "
    "Hãy mở tệp bằng Excel và lưu lại thành .xlsx."
)


class SheetError(Exception):
    """The file cannot be read as a spreadsheet of models; the message says why."""


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


@dataclass
class Outcome:
    created: list[tuple[int, NewModel]] = field(default_factory=list)
    new_units: list[tuple[int, Unit, str]] = field(default_factory=list)  # row, unit, note
    rejected: list[tuple[int, str]] = field(default_factory=list)
    notes: list[tuple[int, str]] = field(default_factory=list)


def typed_text(value: object) -> str:
    """A cell as one line of NFC text with single spaces."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, datetime):
        value = value.date()
    if isinstance(value, date):
        return value.isoformat()
    # Control characters (from a pasted document) go, as the files may not hold them.
    return " ".join(CONTROL.sub(" ", nfc(str(value))).split())


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


def read_rows(path: Path, notes: list[tuple[int, str]]) -> list[tuple[int, list[object]]]:
    """(row number as the spreadsheet shows it, cells) of the first sheet with models.
    Any failure is a SheetError saying, in Vietnamese, what to do."""
    suffix = path.suffix.lower()
    if not path.is_file():
        raise SheetError("Không tìm thấy tệp.")
    if suffix == ".xls":
        raise SheetError(
            "Tệp .xls (Excel 97–2003) không đọc được; hãy mở tệp bằng Excel và chọn "
            "Lưu thành (Save As) → Sổ làm việc Excel (.xlsx), rồi nhập tệp .xlsx đó."
        )
    if suffix not in (".xlsx", ".xlsm", *DELIMITED):
        raise SheetError(
            "Chỉ nhập được tệp .xlsx hoặc .csv (hay .txt “Unicode Text” của Excel); hãy lưu "
            "bảng tính ở một trong các dạng đó."
        )
    try:
        size = path.stat().st_size
        if size > MAX_SHEET_BYTES:
            raise SheetError(
                f"Tệp nặng {size / 1048576:.0f} MB, quá lớn cho một danh sách mô hình "
                f"(tối đa {MAX_SHEET_BYTES // 1048576} MB); hãy kiểm tra lại tệp."
            )
        is_zip = zipfile.is_zipfile(path)
        if suffix in DELIMITED and not is_zip:
            return read_csv(path, notes)
        if is_zip:
            if suffix in DELIMITED:
                notes.append(
                    (1, f"Tệp là bảng tính Excel (.xlsx) dù có đuôi {suffix}; đã đọc như .xlsx.")
                )
            return read_xlsx(path)
        # Named .xlsx but not a workbook: a CSV renamed, as happens; or a damaged file.
        data = path.read_bytes()
        if data.startswith(b"PK") or not is_text(data):
            raise SheetError(XLSX_UNREADABLE)
        rows = read_csv(path, notes)
        notes.append((1, f"Tệp không phải bảng tính Excel dù có đuôi {suffix}; đã đọc như .csv."))
        return rows
    except OSError as error:
        raise SheetError(f"Không đọc được tệp ({error.strerror or error}).") from None


def read_xlsx(path: Path) -> list[tuple[int, list[object]]]:
    import openpyxl  # loaded only for spreadsheets

    # A workbook is a zip of XML parts: a small file can unpack into gigabytes.
    try:
        with zipfile.ZipFile(path) as archive:
            unpacked = sum(item.file_size for item in archive.infolist())
    except (zipfile.BadZipFile, OSError, ValueError):
        unpacked = 0
    if unpacked > MAX_UNZIPPED_BYTES:
        raise SheetError(
            f"Bảng tính chứa {unpacked / 1048576:.0f} MB dữ liệu khi mở ra, quá lớn cho một "
            "danh sách mô hình; hãy kiểm tra lại tệp."
        )
    try:
        # openpyxl parses with defusedxml, which refuses entities (billion laughs). A
        # file object, since openpyxl goes by the name's suffix otherwise.
        with path.open("rb") as file:
            book = openpyxl.load_workbook(file, data_only=True)
            sheets = [
                list(enumerate(sheet.iter_rows(values_only=True), 1)) for sheet in book.worksheets
            ]
    except Exception:  # openpyxl raises many kinds for a damaged or hostile file
        raise SheetError(XLSX_UNREADABLE) from None
    for rows in sheets:
        if find_columns(rows):
            return rows
    return sheets[0] if sheets else []


def is_text(data: bytes) -> bool:
    """Whether the bytes read as text (of a delimited file), not as a binary file."""
    try:
        text = decode(data[:65536], [])
    except SheetError:
        return False
    controls = sum(1 for ch in text if ch < " " and ch not in "\t\n\r")
    return controls * 100 <= len(text)


def decode(data: bytes, notes: list[tuple[int, str]]) -> str:
    """The text of a delimited file as Excel saves it: UTF-8 with or without a BOM,
    UTF-16 ("Unicode Text", with a BOM or without), or Windows-1258."""
    boms = (
        (b"\xef\xbb\xbf", "utf-8-sig"),
        (b"\xff\xfe\x00\x00", "utf-32"),
        (b"\x00\x00\xfe\xff", "utf-32"),
        (b"\xff\xfe", "utf-16"),
        (b"\xfe\xff", "utf-16"),
    )
    encoding = next((name for bom, name in boms if data.startswith(bom)), None)
    if encoding is None and data.count(0) * 4 > len(data):
        # UTF-16 without a BOM: a zero byte beside every Latin letter.
        even, odd = data[0::2].count(0), data[1::2].count(0)
        encoding = "utf-16-le" if odd > even else "utf-16-be"
    if encoding is not None:
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            raise SheetError(
                f"Tệp bị hỏng: không đọc được theo mã {encoding.upper()}; hãy lưu lại bảng tính "
                "dạng CSV UTF-8."
            ) from None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        # Excel on Vietnamese Windows may save CSV in Windows-1258.
        notes.append((1, "Tệp không ở mã UTF-8; đã đọc theo mã Windows-1258."))
        return data.decode("cp1258", errors="replace")


def read_csv(path: Path, notes: list[tuple[int, str]]) -> list[tuple[int, list[object]]]:
    text = decode(path.read_bytes(), notes).replace("\x00", "")
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    csv.field_size_limit(max(csv.field_size_limit(), MAX_SHEET_BYTES))
    reader = csv.reader(io.StringIO(text, newline=""), dialect)
    rows: list[tuple[int, list[object]]] = []
    try:
        for cells in reader:
            rows.append((len(rows) + 1, list(cells)))
    except csv.Error:
        raise SheetError(
            f"Dòng {len(rows) + 1} của tệp CSV bị hỏng (thường do một dấu nháy kép chưa "
            "đóng); hãy mở tệp bằng Excel và lưu lại."
        ) from None
    return rows


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


def is_footer(cells: list[object]) -> bool:
    """A line under the table: a signature, the place and date, recipients, a total."""
    for cell in cells:
        text = fold(typed_text(cell)).strip()
        if not text:
            continue
        if (
            text.rstrip(" :") in SIGNATURE_ROLES
            or FOOTER_START.match(text)
            or DATE_LINE.search(text)
        ):
            return True
    return False


def is_column_numbers(cells: list[object]) -> bool:
    """The row of column numbers some tables have under the header: 1 2 3 or (1) (2)."""
    texts = [typed_text(cell) for cell in cells if typed_text(cell)]
    return len(texts) >= 3 and all(COLUMN_NUMBER.match(text) for text in texts)


# -- one row -------------------------------------------------------------------------


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
        self.seen: dict[str, int] = {}  # slug -> row that claimed it
        self.outcome = Outcome()

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

    def unit_of(self, row: SheetRow, reasons: list[str]) -> str | None:
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

    def add_unit(self, row: SheetRow, name: str, locality: str, reasons: list[str]) -> str | None:
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
        unit = Unit(unit_id, name, unit_type, locality, parent)
        self.units[unit_id] = unit
        self.outcome.new_units.append((row.number, unit, note))
        return unit_id

    def kind_of(self, row: SheetRow, reasons: list[str]) -> str:
        marks = [k for k in ("collective", "individual") if row.text(k)]
        text = row.text("kind")
        kind = lookup(text, KIND_WORDS, parts=False)
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

    def model_of(self, row: SheetRow) -> NewModel | None:
        reasons: list[str] = []
        notes: dict[str, str] = {}
        if has_control([*row.cells.values(), *row.reviews.values()]):
            self.outcome.notes.append(
                (row.number, "Đã bỏ các ký tự điều khiển không nhìn thấy được trong dòng này.")
            )
        title = row.text("title")
        if not title:
            reasons.append("thiếu tên mô hình.")
        slug = short_slug(title)
        same = self.existing.get(slug) or self.titles.get(slugify(title))
        if same:
            reasons.append(
                f"đã có mô hình này ({relative(same, self.root)}); tệp đã có không bị ghi đè. "
                "Nếu là một mô hình khác, hãy đặt tên khác."
            )
        elif slug in self.seen:
            reasons.append(f"trùng với mô hình ở dòng {self.seen[slug]}.")
        if reasons:
            return self.reject(row, reasons)
        field_id = self.field_of(row.text("field"), reasons)
        units_before = len(self.outcome.new_units)
        unit_id = self.unit_of(row, reasons)
        kind = self.kind_of(row, reasons)
        registered = self.registered_of(row, notes, reasons)
        reviews = self.reviews_of(row, reasons)
        if reasons:
            self.forget_units(units_before)
            return self.reject(row, reasons)
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
        model = NewModel(
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
        name = relative(model.path(self.models_dir), self.root)
        problems = check_model(model.text(), name, self.settings, self.units)
        if problems:
            self.forget_units(units_before)
            return self.reject(row, [p.message for p in problems])
        self.seen[slug] = row.number
        self.outcome.created.append((row.number, model))
        if self.columns.has("summary") and not row.text("summary"):
            self.outcome.notes.append((row.number, "Chưa có tóm tắt: " + DERIVED_SUMMARY))
        return model

    def forget_units(self, count: int) -> None:
        """Units added for a row that is not imported are not added after all."""
        for _, unit, _ in self.outcome.new_units[count:]:
            del self.units[unit.id]
        del self.outcome.new_units[count:]

    def reject(self, row: SheetRow, reasons: list[str]) -> None:
        """Report every reason the row is not imported; the row adds nothing."""
        for reason in reasons:
            self.outcome.rejected.append((row.number, reason[:1].upper() + reason[1:]))
        return None

    # -- the whole sheet -------------------------------------------------------------

    def run(self, path: Path, dry_run: bool) -> int:
        try:
            # Planned and written under the writers' lock, from the folder as it is
            # then: a second import of the sheet at the same time finds every model
            # there and adds nothing.
            with contextlib.nullcontext() if dry_run else locked(self.models_dir):
                code = self.plan(path)
                if code is not None:
                    return code
                if not dry_run:
                    self.write(self.registry)
        except (Busy, Taken) as error:
            print(str(error))
            return 1
        return self.report(dry_run)

    def plan(self, path: Path) -> int | None:
        """Read the sheet and decide every row; an exit code if nothing can be done."""
        notes = self.outcome.notes
        units = registry_units(self.registry, self.root, print, "nhập")
        if units is None:
            return 1
        self.units = units
        self.existing = existing_models(self.models_dir)
        self.titles = existing_titles(self.models_dir)
        try:
            rows = read_rows(path, notes)
        except SheetError as error:
            print(f"{self.source}:1: {error}")
            return 1
        self.columns = columns = find_columns(rows)
        if columns is None:
            print(
                f"{self.source}:1: Không thấy dòng tiêu đề có cột “Tên mô hình” "
                f"trong {HEADER_ROWS} dòng đầu."
            )
            return 1
        missing = [
            label
            for name, label in (
                ("unit", "Đơn vị"),
                ("field", "Lĩnh vực"),
                ("registered", "Năm đăng ký"),
            )
            if not columns.has(name)
        ]
        if missing:
            print(f"{self.source}:{columns.row}: Thiếu cột: {', '.join(missing)}.")
            return 1
        if columns.first:
            notes.append(
                (columns.row, f"Dòng tiêu đề gồm hai dòng {columns.first} và {columns.row}.")
            )
        if columns.ignored:
            notes.append((columns.row, f"Bỏ qua các cột: {', '.join(columns.ignored)}."))
        if not columns.has("summary"):
            notes.append((columns.row, "Không có cột Tóm tắt: " + DERIVED_SUMMARY))
        footer = 0
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
                notes.append(
                    (
                        number,
                        "Từ dòng này là phần cuối bảng (ký tên, ngày tháng, nơi nhận), không "
                        "phải mô hình; đã bỏ qua.",
                    )
                )
            if footer and not all(
                row.text(name) for name in ("title", "unit", "field", "registered")
            ):
                continue
            self.model_of(row)
        return None

    def write(self, registry: Path) -> None:
        append_units(registry, [unit for _, unit, _ in self.outcome.new_units])
        for _, model in self.outcome.created:
            write_new(model.path(self.models_dir), model.text(), self.models_dir)

    def report(self, dry_run: bool) -> int:
        out = self.outcome
        lines: list[tuple[int, str]] = []
        for number, unit, note in out.new_units:
            verb = "Sẽ thêm" if dry_run else "Đã thêm"
            lines.append(
                (number, f"{verb} đơn vị mới {unit.name}, {unit.locality} (mã {unit.id}){note}.")
            )
        for number, model in out.created:
            verb = "Sẽ tạo" if dry_run else "Đã tạo"
            lines.append((number, f"{verb} {relative(model.path(self.models_dir), self.root)}."))
        lines += out.notes
        for number, reason in out.rejected:
            lines.append((number, f"Không nhập: {reason}"))
        for number, message in sorted(lines, key=lambda line: line[0]):
            print(f"{self.source}:{number}: {message}")
        rows = len({number for number, _ in out.rejected})
        verb = "Sẽ tạo" if dry_run else "Đã tạo"
        print(
            f"{verb} {len(out.created)} mô hình và {len(out.new_units)} đơn vị mới; "
            f"{rows} dòng không nhập được." + (" Chạy thử: chưa ghi tệp nào." if dry_run else "")
        )
        if dry_run or not out.created:
            return 1 if rows else 0
        if not recheck(self.settings, self.root, print):
            return 1
        return 1 if rows else 0


def guess_type(name: str) -> str:
    words = f" {fold(name)} "
    for unit_type, hints in TYPE_HINTS:
        if any(f" {hint} " in words for hint in hints):
            return unit_type
    return "other"
