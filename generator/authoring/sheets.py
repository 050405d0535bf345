"""Reading the spreadsheets committees keep (.xlsx, .csv): shared by `import` and the yearly tools.

Rows come back numbered as the spreadsheet shows them, so that every problem can
name its row. Headers are found among the first rows, under any title rows; a
header written on two rows (a merged "Kết quả bình xét" over "Năm 2025 | Năm 2026")
is read as one heading per column; signature and date lines at the foot of a sheet
are told from data.
"""

from __future__ import annotations

import csv
import io
import itertools
import re
import zipfile
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path

from generator.data.match import MARK_WORDS, NO_MARK_WORDS
from generator.data.text import CONTROL, fold, nfc

Rows = list[tuple[int, list[object]]]

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
# A cell of the row of column numbers under a header: "(1)", "2", "C".
COLUMN_NUMBER = re.compile(r"^\(?(?:(\d{1,2})|([A-Za-z]))\)?$")


XLSX_UNREADABLE = (
    "Không đọc được tệp Excel: tệp bị hỏng, có mật khẩu, hoặc không phải bảng tính .xlsx. "
    "Hãy mở tệp bằng Excel và lưu lại thành .xlsx."
)

# The foot of an official list, each cell whole (folded): who made it, who signs
# (TM., KT., TL. before a title), where it goes, and the place and date line.
_FOOTER = re.compile(
    r"nguoi lap(?: bieu| bang| danh sach)?|thu truong(?: don vi| co quan)?|(?:pho )?truong ban"
    r"|noi nhan:?|\(?ky,? ghi ro ho ten\)?|\(?ky ten(?:,? dong dau)?\)?"
    r"|(?:t/?m|k/?t|t/?l)\.\s.*"
    r"|(?:[^,]{1,40},\s*)?ngay\s+[\d._… ]*thang\s+[\d._… ]*nam\s+\d{4}\.?"
)


class SheetError(Exception):
    """The file cannot be read as a spreadsheet; the message says why."""


def quoted(text: str) -> str:
    """Text (a title, what was typed) in quotation marks; text that begins or ends with
    its own keeps them, never doubled (“Dân vận khéo” khu phố 7)."""
    return text if text.startswith("“") or text.endswith("”") else f"“{text}”"


def unclear_mark(column: str, value: object) -> str:
    """What to say of a cell of a column of marks that holds neither a mark nor none."""
    return (
        f"Cột {quoted(column)} ghi {quoted(typed_text(value))}, không phải một dấu: đánh dấu "
        f"{MARK_WORDS} để chọn, để trống (hoặc ghi {NO_MARK_WORDS}) nếu không"
    )


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


def read_rows(
    path: Path, notes: list[tuple[int, str]], wanted: Callable[[Rows], object] | None = None
) -> Rows:
    """(row number as the spreadsheet shows it, cells) of the first sheet `wanted`
    accepts (the first sheet if none does). Any failure is a SheetError saying, in
    Vietnamese, what to do."""
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
            return read_xlsx(path, wanted)
        # Named .xlsx but not a workbook: a CSV renamed, as happens; or a damaged file.
        data = path.read_bytes()
        if data.startswith(b"PK") or not is_text(data):
            raise SheetError(XLSX_UNREADABLE)
        rows = read_csv(path, notes)
        notes.append((1, f"Tệp không phải bảng tính Excel dù có đuôi {suffix}; đã đọc như .csv."))
        return rows
    except OSError as error:
        raise SheetError(f"Không đọc được tệp ({error.strerror or error}).") from None


def read_xlsx(path: Path, wanted: Callable[[Rows], object] | None = None) -> Rows:
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
        if wanted is None or wanted(rows):
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


def read_csv(path: Path, notes: list[tuple[int, str]]) -> Rows:
    text = decode(path.read_bytes(), notes).replace("\x00", "")
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    csv.field_size_limit(max(csv.field_size_limit(), MAX_SHEET_BYTES))
    reader = csv.reader(io.StringIO(text, newline=""), dialect)
    rows: Rows = []
    try:
        for cells in reader:
            rows.append((len(rows) + 1, list(cells)))
    except csv.Error:
        raise SheetError(
            f"Dòng {len(rows) + 1} của tệp CSV bị hỏng (thường do một dấu nháy kép chưa "
            "đóng); hãy mở tệp bằng Excel và lưu lại."
        ) from None
    return rows


def headings(cells: list[object]) -> list[str]:
    return [typed_text(cell) for cell in cells]


def two_row_headings(top: list[object], below: list[object]) -> list[str]:
    """One heading per column of a header on two rows. A heading merged across
    columns (only its first cell holds it) goes over each sub-heading beneath it;
    a heading merged down (nothing beneath) stays itself."""
    result = []
    parent = ""
    for index in range(max(len(top), len(below))):
        upper = typed_text(top[index]) if index < len(top) else ""
        lower = typed_text(below[index]) if index < len(below) else ""
        if upper:
            parent = upper
        elif not lower:
            parent = ""
        result.append(" ".join(part for part in (upper or parent, lower) if part))
    return result


def is_footer(cells: list[object]) -> bool:
    """A line under the table: a signature, the place and date, recipients, a total
    ("NGƯỜI LẬP BIỂU", "TM. BAN THƯỜNG VỤ", "Hòa Bình, ngày 5 tháng 12 năm 2026")."""
    for cell in cells:
        text = fold(typed_text(cell)).strip()
        if not text:
            continue
        if (
            text.rstrip(" :") in SIGNATURE_ROLES
            or FOOTER_START.match(text)
            or DATE_LINE.search(text)
            or _FOOTER.fullmatch(text)
        ):
            return True
    return False


def is_column_numbers(cells: list[object]) -> bool:
    """The row of column numbers some tables have under the header: 1 2 3, (1) (2) (3)
    or A B C, each column's one after the one before."""
    texts = [typed_text(cell) for cell in cells if typed_text(cell)]
    found = [COLUMN_NUMBER.match(text) for text in texts]
    if len(texts) < 3 or not all(found):
        return False
    numbers = [int(m.group(1)) for m in found if m.group(1)]
    letters = [ord(m.group(2).upper()) for m in found if m.group(2)]
    if numbers and letters:
        return False
    return all(a < b for a, b in itertools.pairwise(numbers or letters))


# "… NĂM 2026" in a sheet's title: the year of a review, where its columns do not say it.
_TITLE_YEAR = re.compile(r"\bnam\s+(\d{4})\b")


def title_year(rows: Rows, header: int) -> tuple[int, int] | None:
    """(year, row) of the year the title rows above the header name ("KẾT QUẢ BÌNH XÉT
    … NĂM 2026"); None when they name none, or several. A date line ("Hòa Bình, ngày 5
    tháng 12 năm 2026") is when the sheet was made, not what it is about."""
    found: dict[int, int] = {}
    for number, cells in rows:
        if number >= header:
            break
        for cell in cells:
            text = fold(typed_text(cell))
            if DATE_LINE.search(text) or _FOOTER.fullmatch(text):
                continue
            for year in _TITLE_YEAR.findall(text):
                found.setdefault(int(year), number)
    if len(found) != 1:
        return None
    [(year, number)] = found.items()
    return year, number
