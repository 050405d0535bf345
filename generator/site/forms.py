"""Blank sheets staff fill in Excel and upload: a commendation round, new models.

`mau-bieu-duong.xlsx` is one commendation round: the decision's number, day and
body (and the title given) above the table, one model a row under it; `commend`
reads the round from above the table, `sheets apply` tells the sheet by it.
`mau-nhap-mo-hinh.xlsx` has the columns `import` reads, with drop-down lists of the
site's fields, kinds and unit types (and its units' names, to pick or type anew) on
a second sheet. Neither has a results column: a sheet with one is a review.
"""

from __future__ import annotations

from datetime import datetime

from generator.data.cells import neutral
from generator.data.model import Catalog
from generator.data.settings import KINDS, UNIT_TYPES
from generator.data.text import sort_key
from generator.site.workbook import workbook_bytes

# The round's lines above the table: label, and what to write (the template's hint).
ROUND_LINES = (
    ("Số quyết định", "ví dụ: Quyết định số 215/QĐ-UBND"),
    ("Ngày quyết định", "ngày/tháng/năm, ví dụ 20/11/2026"),
    ("Cơ quan biểu dương", "ví dụ: Ủy ban nhân dân thành phố"),
    ("Danh hiệu, nội dung biểu dương", "không bắt buộc"),
)
COMMENDATION_COLUMNS = ("STT", "Mã mô hình", "Tên mô hình", "Đơn vị", "Địa bàn", "Ghi chú")
NEW_MODEL_COLUMNS = (
    "Tên mô hình",
    "Tóm tắt",
    "Đơn vị",
    "Địa bàn",
    "Loại đơn vị",
    "Đảng bộ cấp trên",
    "Lĩnh vực",
    "Tập thể/Cá nhân",
    "Năm đăng ký",
    "Từ khoá",
    "Nội dung",
    "Cách làm",
    "Kết quả",
    "Bài học kinh nghiệm",
)
BLANK_ROWS = 30  # rows of the table drawn with borders, ready to type in
LISTS = "Danh mục"  # the new-models sheet's lists to choose from


def styled(sheet, row: int, values, font=None, border=None, fill=None) -> None:
    for column, value in enumerate(values, 1):
        cell = sheet.cell(row, column, neutral(value) if value is not None else None)
        if font is not None:
            cell.font = font
        if border is not None:
            cell.border = border
        if fill is not None:
            cell.fill = fill


class Look:
    """The few styles of a blank sheet (openpyxl's, loaded when one is made)."""

    def __init__(self):
        from openpyxl.styles import Alignment, Border, Font, PatternFill, Side

        thin = Side(style="thin", color="808080")
        self.border = Border(left=thin, right=thin, top=thin, bottom=thin)
        self.bold = Font(bold=True)
        self.title = Font(bold=True, size=13)
        self.italic = Font(italic=True)
        self.heading = PatternFill("solid", fgColor="D9E1F2")
        self.wrap = Alignment(wrap_text=True, vertical="top")


def heading(sheet, look: Look, title: str, how: str, width: int) -> None:
    from openpyxl.utils import get_column_letter

    last = get_column_letter(width)
    sheet.cell(1, 1, neutral(title)).font = look.title
    sheet.merge_cells(f"A1:{last}1")
    sheet.cell(2, 1, neutral(how)).font = look.italic
    sheet.cell(2, 1).alignment = look.wrap
    sheet.merge_cells(f"A2:{last}2")
    sheet.row_dimensions[2].height = 48


def table(sheet, look: Look, row: int, columns, widths) -> None:
    from openpyxl.utils import get_column_letter

    styled(sheet, row, columns, look.bold, look.border, look.heading)
    for line in range(row + 1, row + 1 + BLANK_ROWS):
        styled(sheet, line, [None] * len(columns), border=look.border)
    for column, width in enumerate(widths, 1):
        sheet.column_dimensions[get_column_letter(column)].width = width
    sheet.freeze_panes = f"A{row + 1}"


def blank(title: str):
    """A workbook of one sheet so named, and the look of its cells."""
    from openpyxl import Workbook

    book = Workbook()
    book.active.title = title
    return book, book.active, Look()


def commendation_form(catalog: Catalog, moment: datetime) -> bytes:
    """One round: the decision above the table, then the models it commends."""
    book, sheet, look = blank("Biểu dương")
    heading(
        sheet,
        look,
        f"{catalog.settings.organization} – Danh sách mô hình “Dân vận khéo” được biểu dương",
        "Mỗi bảng là một đợt biểu dương (một quyết định): ghi số, ngày và cơ quan của quyết "
        "định ở cột B các dòng dưới đây; rồi mỗi mô hình được biểu dương một dòng trong bảng, "
        "ghi Mã mô hình (cuối địa chỉ trang của mô hình) hoặc Tên mô hình và Đơn vị.",
        len(COMMENDATION_COLUMNS),
    )
    for line, (label, hint) in enumerate(ROUND_LINES, 3):
        sheet.cell(line, 1, neutral(label)).font = look.bold
        sheet.cell(line, 2).border = look.border
        sheet.cell(line, 3, neutral(hint)).font = look.italic
    sheet.cell(4, 2).number_format = "dd/mm/yyyy"
    table(sheet, look, 3 + len(ROUND_LINES) + 1, COMMENDATION_COLUMNS, (22, 30, 42, 30, 20, 20))
    return workbook_bytes(book, moment)


def choices(sheet, column: str, values: list[str], title: str, strict: bool = True):
    """A drop-down list for the table's column, from the lists sheet; not `strict`: a
    hint that lets another value be typed (a new unit)."""
    from openpyxl.worksheet.datavalidation import DataValidation

    return DataValidation(
        type="list",
        formula1=f"'{LISTS}'!${column}$2:${column}${len(values) + 1}",
        allow_blank=True,
        showErrorMessage=strict,
        errorTitle=title,
        error=f"Chọn {title.lower()} trong danh sách.",
    )


def new_models_form(catalog: Catalog, moment: datetime) -> bytes:
    """The columns `import` reads, the lists to choose from on a second sheet."""
    from openpyxl.utils import get_column_letter

    book, sheet, look = blank("Mô hình mới")
    heading(
        sheet,
        look,
        f"{catalog.settings.organization} – Danh sách mô hình “Dân vận khéo” mới đăng ký",
        "Mỗi mô hình mới một dòng. Bắt buộc: Tên mô hình, Đơn vị, Lĩnh vực, Năm đăng ký (năm "
        "hoặc ngày/tháng/năm). Đơn vị chưa có trong danh mục: ghi thêm Địa bàn (xã, phường) để "
        "thêm đơn vị mới. Mô hình đã có trên trang không bị ghi đè.",
        len(NEW_MODEL_COLUMNS),
    )
    header = 3
    widths = (36, 40, 30, 20, 20, 24, 30, 14, 12, 20, 30, 30, 30, 30)
    table(sheet, look, header, NEW_MODEL_COLUMNS, widths)
    lists = book.create_sheet(LISTS)
    named = {
        "Lĩnh vực": [f.name for f in catalog.settings.fields],
        "Tập thể/Cá nhân": list(KINDS.values()),
        "Loại đơn vị": list(UNIT_TYPES.values()),
        "Đơn vị": sorted({u.name for u in catalog.units.values()}, key=sort_key),
    }
    first, last = header + 1, header + BLANK_ROWS
    for index, (name, values) in enumerate(named.items(), 1):
        letter = get_column_letter(index)
        styled(lists, 1, [name], look.bold)
        for row, value in enumerate(values, 2):
            lists.cell(row, index, neutral(value))
        lists.column_dimensions[letter].width = 40
        if not values:
            continue
        rule = choices(lists, letter, values, name, strict=name != "Đơn vị")
        sheet.add_data_validation(rule)
        target = get_column_letter(NEW_MODEL_COLUMNS.index(name) + 1)
        rule.add(f"{target}{first}:{target}{last}")
    return workbook_bytes(book, moment)
