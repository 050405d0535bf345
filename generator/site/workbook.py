"""The report's tables as an .xlsx workbook: one sheet per table, ready to print or paste.

Each sheet says whose figures they are, what they count and when (three title rows),
then the table with borders; numbers are numbers (shares as percentages, years as
years); it prints on A4 at the width of the page, the header repeated on every page.
No text cell can start a formula (generator/data/cells.py).
"""

from __future__ import annotations

import io
import math
import re
import zipfile
from datetime import UTC, date, datetime
from pathlib import Path

from openpyxl import Workbook
from openpyxl.cell import Cell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.page import PageMargins
from openpyxl.worksheet.worksheet import Worksheet
from openpyxl.writer.excel import ExcelWriter

from generator.data.cells import neutral
from generator.data.text import format_date
from generator.site.report import Share, Table, Year, is_number, shown

BOLD = Font(bold=True)
TITLE = Font(bold=True, size=14)
NOTE = Font(italic=True)
THIN = Side(style="thin")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
HEADER_FILL = PatternFill("solid", fgColor="EEEEEE")
WRAP = Alignment(wrap_text=True, vertical="top")
HEADER_ROW = 5  # after organisation, title, date and a blank row
SHEET_NAME_LIMIT = 31  # Excel's limit
TEXT_WIDTH, NUMBER_WIDTH = 40, 12  # column widths, in characters
LINE_HEIGHT = 15  # points per line of wrapped text


def sheet_name(name: str, used: set[str]) -> str:
    """A name Excel accepts: at most 31 characters, none of \\ / ? * [ ] :, unique."""
    base = re.sub(r"[\\/?*\[\]:]", "-", name).strip("'")[:SHEET_NAME_LIMIT] or "Bảng"
    candidate, n = base, 1
    while candidate.lower() in used:
        n += 1
        suffix = f" ({n})"
        candidate = base[: SHEET_NAME_LIMIT - len(suffix)] + suffix
    used.add(candidate.lower())
    return candidate


def write_cell(sheet: Worksheet, row: int, column: int, value) -> Cell:
    """Every value goes into the workbook here: numbers as numbers, with their format."""
    cell = sheet.cell(row=row, column=column)
    if isinstance(value, Share):
        cell.value = float(value)
        cell.number_format = "0.0%"
    elif isinstance(value, Year):
        cell.value = int(value)
        cell.number_format = "0"
    else:
        cell.value = neutral(value)
    return cell


def write_sheet(sheet: Worksheet, table: Table, organization: str, day: date) -> None:
    write_cell(sheet, 1, 1, organization).font = BOLD
    write_cell(sheet, 2, 1, table.title).font = TITLE
    note = f"Số liệu ngày {format_date(day)}, tính từ dữ liệu các mô hình (bản nháp không tính)."
    write_cell(sheet, 3, 1, note).font = NOTE
    if not table.rows:
        write_cell(sheet, HEADER_ROW, 1, table.empty)
        sheet.column_dimensions["A"].width = TEXT_WIDTH
        return
    numeric = [is_number(c) for c in table.rows[0].cells]
    widths = [NUMBER_WIDTH if right else TEXT_WIDTH for right in numeric]
    widths[0] = min(TEXT_WIDTH, max(len(shown(r.cells[0])) for r in table.rows) + 2)
    widths[0] = max(widths[0], 12)
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    lines = [
        [write_cell(sheet, HEADER_ROW, i, title) for i, title in enumerate(table.columns, 1)],
    ]
    for cell in lines[0]:
        cell.font, cell.fill = BOLD, HEADER_FILL
    for number, row in enumerate(table.rows, start=HEADER_ROW + 1):
        cells = [write_cell(sheet, number, i, value) for i, value in enumerate(row.cells, 1)]
        for cell in cells:
            if row.total:
                cell.font = BOLD
        lines.append(cells)
    for cells in lines:
        height = 1
        for cell, width in zip(cells, widths, strict=True):
            cell.border, cell.alignment = BORDER, WRAP
            if isinstance(cell.value, str):
                height = max(height, math.ceil(len(cell.value) / (width - 1)))
        sheet.row_dimensions[cells[0].row].height = height * LINE_HEIGHT
    last = f"{get_column_letter(len(table.columns))}{HEADER_ROW + len(table.rows)}"
    sheet.freeze_panes = f"A{HEADER_ROW + 1}"
    sheet.print_area = f"A1:{last}"
    sheet.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"
    setup = sheet.page_setup
    setup.paperSize = sheet.PAPERSIZE_A4
    setup.orientation = "landscape" if sum(widths) > 90 else "portrait"
    setup.fitToWidth, setup.fitToHeight = 1, 0  # as wide as the page, as long as it takes
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_options.horizontalCentered = True
    sheet.page_margins = PageMargins(left=0.5, right=0.5, top=0.6, bottom=0.6)
    sheet.oddFooter.center.text = "Trang &P / &N"


def write_workbook(tables: list[Table], path: Path, organization: str, day: date) -> None:
    workbook = Workbook()
    workbook.remove(workbook.active)
    used: set[str] = set()
    for table in tables:
        write_sheet(workbook.create_sheet(sheet_name(table.sheet, used)), table, organization, day)
    path.parent.mkdir(parents=True, exist_ok=True)
    workbook.save(path)


def workbook_bytes(book: Workbook, moment: datetime) -> bytes:
    """The workbook as an .xlsx file, dated `moment`: the same book and moment give the
    same bytes. openpyxl dates a file's properties (docProps/core.xml) and each part of
    its zip when it saves; here they all take `moment` (UTC, as core.xml says)."""
    utc = moment.astimezone(UTC).replace(tzinfo=None)
    book.properties.created = book.properties.modified = utc
    written = io.BytesIO()
    with zipfile.ZipFile(written, "w", zipfile.ZIP_DEFLATED) as archive:
        ExcelWriter(book, archive).write_data()
    stamp = max(utc, datetime(1980, 1, 1)).timetuple()[:6]  # a zip's dates start in 1980
    out = io.BytesIO()
    with zipfile.ZipFile(written) as source, zipfile.ZipFile(out, "w") as target:
        for part in source.infolist():
            item = zipfile.ZipInfo(part.filename, date_time=stamp)
            item.compress_type = zipfile.ZIP_DEFLATED
            item.external_attr = part.external_attr
            target.writestr(item, source.read(part))
    return out.getvalue()
