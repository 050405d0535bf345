"""`python -m generator review sheet --year Y FILE.xlsx`: the sheet for the review meeting.

One row per model active in the year (published, registered by then, not ended
before it), grouped by party committee and, within it, by unit; its earlier results
as text; a drop-down list for this year's result and, on the rows that would be
eligible with a recognition this year, one to choose the model as a showcase model.
`review apply` reads it back by its `Mã mô hình` column.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from datetime import date
from pathlib import Path

from generator.authoring.yearly import RESULT_NAMES, load_catalog
from generator.data.cells import neutral
from generator.data.model import Catalog, Model, may_be_showcase
from generator.data.settings import Settings
from generator.data.text import format_date, sort_key
from generator.data.validate import vietnam_today

EARLIER_YEARS = 3  # earlier results shown, the years just before the reviewed one
NO_PARENT = "Đơn vị chưa ghi đảng bộ cấp trên"
YES = "Có"
HEADER_ROW = 3  # under the title and the line that says how to fill the sheet


def reviewed(catalog: Catalog, year: int) -> list[Model]:
    """The models to review in the year: by party committee, unit, then title."""
    return sorted(
        (m for m in catalog.published if m.active_in(year)),
        key=lambda m: (
            m.unit.parent is None,
            sort_key(m.unit.parent or ""),
            sort_key(m.unit.name),
            m.unit.id,
            sort_key(m.title),
        ),
    )


def may_choose(model: Model, year: int) -> bool:
    """Eligible as a showcase model if recognised this year (and not one already)."""
    return model.showcase is None and may_be_showcase({**model.reviews, year: True}, year)


def headings(year: int) -> list[str]:
    earlier = [f"Năm {y}" for y in range(year - EARLIER_YEARS, year)]
    return [
        "STT",
        "Mã mô hình",
        "Tên mô hình",
        "Đơn vị",
        "Địa bàn",
        "Lĩnh vực",
        *earlier,
        f"Kết quả bình xét năm {year}",
        "Chọn làm mô hình điểm",
        "Ghi chú",
    ]


def row_values(number: int, model: Model, year: int) -> list[object]:
    earlier = [
        RESULT_NAMES.get(model.reviews.get(y), "") for y in range(year - EARLIER_YEARS, year)
    ]
    result = model.reviews.get(year)
    note = f"Mô hình điểm từ {format_date(model.showcase)}" if model.showcase else ""
    return [
        number,
        model.slug,
        model.title,
        model.unit.name,
        model.unit.locality,
        model.field.name,
        *earlier,
        RESULT_NAMES.get(result, ""),
        "",
        note,
    ]


def build(catalog: Catalog, year: int, today: date):
    """The workbook (openpyxl), and the models it lists."""
    from openpyxl import Workbook  # loaded only when a sheet is made
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    models = reviewed(catalog, year)
    names = headings(year)
    width = len(names)
    last = get_column_letter(width)
    result_column = get_column_letter(width - 2)
    showcase_column = get_column_letter(width - 1)
    book = Workbook()
    sheet = book.active
    sheet.title = f"Bình xét {year}"

    thin = Side(style="thin", color="808080")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    wrap = Alignment(wrap_text=True, vertical="top")
    grey = PatternFill("solid", fgColor="F2F2F2")
    green = PatternFill("solid", fgColor="E2EFDA")
    heading_fill = PatternFill("solid", fgColor="D9E1F2")

    title = (
        f"{catalog.settings.organization} – Bình xét mô hình “Dân vận khéo” năm {year} – "
        f"lập ngày {format_date(today)}"
    )
    sheet.cell(1, 1, neutral(title)).font = Font(bold=True, size=13)
    sheet.merge_cells(f"A1:{last}1")
    how = (
        f"Ghi kết quả ở cột “Kết quả bình xét năm {year}” (chọn Công nhận hoặc Không công "
        "nhận). Cột “Chọn làm mô hình điểm” mở ở những mô hình sẽ đủ điều kiện nếu được công "
        "nhận năm nay: chọn “Có” để chọn. Không sửa cột “Mã mô hình”."
    )
    sheet.cell(2, 1, neutral(how)).alignment = Alignment(wrap_text=True, vertical="top")
    sheet.cell(2, 1).font = Font(italic=True)
    sheet.merge_cells(f"A2:{last}2")
    sheet.row_dimensions[2].height = 32
    for column, name in enumerate(names, 1):
        header = sheet.cell(HEADER_ROW, column, neutral(name))
        header.font = Font(bold=True)
        header.fill = heading_fill
        header.border = border
        header.alignment = Alignment(wrap_text=True, horizontal="center", vertical="center")

    results = DataValidation(
        type="list",
        formula1=f'"{RESULT_NAMES[True]},{RESULT_NAMES[False]}"',
        allow_blank=True,
        showErrorMessage=True,
        errorTitle="Kết quả bình xét",
        error="Chọn “Công nhận” hoặc “Không công nhận”, hoặc để trống.",
    )
    showcase = DataValidation(
        type="list",
        formula1=f'"{YES}"',
        allow_blank=True,
        showErrorMessage=True,
        errorTitle="Mô hình điểm",
        error="Chọn “Có” để chọn làm mô hình điểm, hoặc để trống.",
    )
    sheet.add_data_validation(results)
    sheet.add_data_validation(showcase)

    row = HEADER_ROW
    group = object()
    choosable = 0
    for number, model in enumerate(models, 1):
        parent = model.unit.parent or NO_PARENT
        if parent != group:
            group = parent
            row += 1
            heading = sheet.cell(row, 1, neutral(parent))
            heading.font = Font(bold=True)
            heading.fill = grey
            sheet.merge_cells(f"A{row}:{last}{row}")
        row += 1
        for column, value in enumerate(row_values(number, model, year), 1):
            target = sheet.cell(row, column, neutral(value))
            target.border = border
            target.alignment = wrap
        results.add(f"{result_column}{row}")
        if may_choose(model, year):
            showcase.add(f"{showcase_column}{row}")
            sheet[f"{showcase_column}{row}"].fill = green
            choosable += 1
        else:
            sheet[f"{showcase_column}{row}"].fill = grey

    widths = [5, 24, 42, 28, 18, 26, *[11] * EARLIER_YEARS, 16, 12, 24]
    for column, size in enumerate(widths, 1):
        sheet.column_dimensions[get_column_letter(column)].width = size
    sheet.freeze_panes = f"D{HEADER_ROW + 1}"
    sheet.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"
    setup = sheet.page_setup
    setup.orientation = "landscape"
    setup.paperSize = sheet.PAPERSIZE_A4
    setup.fitToWidth = 1
    setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.page_margins.left = sheet.page_margins.right = 0.4
    sheet.oddFooter.center.text = "Trang &P / &N"
    return book, models, choosable


def save(book, path: Path) -> None:
    """Write the whole file at once (a temporary file beside it, then a link to its name),
    never over a file that is there: a sheet already filled in is someone's work."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    os.close(fd)
    try:
        book.save(temporary)
        os.link(temporary, path)  # FileExistsError if the name is taken
    finally:
        with contextlib.suppress(OSError):
            os.unlink(temporary)


def make(settings: Settings, root: Path, year: int | None, path: Path, source: str) -> int:
    today = vietnam_today()
    year = today.year if year is None else year
    if path.suffix.lower() != ".xlsx":
        print(f"{source}:1: Bảng bình xét được ghi ở dạng Excel; hãy đặt tên tệp đuôi .xlsx.")
        return 2
    if not 1990 <= year <= today.year:
        print(f"Năm {year} không bình xét được; hãy chọn một năm từ 1990 đến {today.year}.")
        return 2
    catalog = load_catalog(settings, root, print, "lập bảng bình xét")
    if catalog is None:
        return 1
    book, models, choosable = build(catalog, year, today)
    if not models:
        print(f"Không có mô hình nào thực hiện trong năm {year}; chưa ghi tệp.")
        return 1
    try:
        save(book, path)
    except FileExistsError:
        print(f"{source}:1: Tệp đã có; hãy đặt tên khác cho bảng mới (tệp cũ giữ nguyên).")
        return 1
    except OSError as error:
        print(f"{source}:1: Không ghi được tệp: {error.strerror or error} (tệp có đang mở?).")
        return 1
    done = sum(year in m.reviews for m in models)
    print(
        f"Đã ghi {source}: bảng bình xét năm {year}, {len(models)} mô hình đang thực hiện "
        f"({choosable} có thể chọn làm mô hình điểm nếu được công nhận"
        + (f"; {done} đã có kết quả năm {year}, điền sẵn" if done else "")
        + ")."
    )
    return 0
