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
import re
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path

from generator.data.text import fold, nfc

Rows = list[tuple[int, list[object]]]

HEADER_ROWS = 20  # the header is looked for among the first rows, under any title rows

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
    return " ".join(nfc(str(value)).split())


def read_rows(
    path: Path, notes: list[tuple[int, str]], wanted: Callable[[Rows], object] | None = None
) -> Rows:
    """(row number as the spreadsheet shows it, cells) of the first sheet `wanted`
    accepts (the first sheet if none does)."""
    suffix = path.suffix.lower()
    if not path.is_file():
        raise SheetError("Không tìm thấy tệp.")
    if suffix in (".xlsx", ".xlsm"):
        return read_xlsx(path, wanted)
    if suffix == ".csv":
        return read_csv(path, notes)
    raise SheetError("Chỉ nhập được tệp .xlsx hoặc .csv; hãy lưu bảng tính ở một trong hai dạng.")


def read_xlsx(path: Path, wanted: Callable[[Rows], object] | None = None) -> Rows:
    import openpyxl  # loaded only for spreadsheets

    try:
        book = openpyxl.load_workbook(path, data_only=True)
    except Exception as error:  # openpyxl raises many kinds for a damaged file
        raise SheetError(f"Không đọc được tệp Excel ({error}).") from None
    sheets = [list(enumerate(sheet.iter_rows(values_only=True), 1)) for sheet in book.worksheets]
    for rows in sheets:
        if wanted is None or wanted(rows):
            return rows
    return sheets[0] if sheets else []


def read_csv(path: Path, notes: list[tuple[int, str]]) -> Rows:
    data = path.read_bytes()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        # Excel on Vietnamese Windows may save CSV in Windows-1258.
        text = data.decode("cp1258", errors="replace")
        notes.append((1, "Tệp không ở mã UTF-8; đã đọc theo mã Windows-1258."))
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    return list(enumerate(csv.reader(io.StringIO(text), dialect), 1))


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
    """A signature or date line ("NGƯỜI LẬP BIỂU", "Hòa Bình, ngày 5 tháng 12 năm 2026")."""
    for cell in cells:
        text = fold(typed_text(cell))
        if text and _FOOTER.fullmatch(text):
            return True
    return False
