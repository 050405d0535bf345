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

from generator.authoring.outcome import Outcome, Row, Status, Stopped, Target, UsageError
from generator.authoring.yearly import RESULT_NAMES, load_catalog
from generator.data.cells import neutral
from generator.data.model import Catalog, Model, may_be_showcase
from generator.data.problem import Problem
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


class Styles:
    """The sheet's borders, fills and fonts (openpyxl's, loaded only when a sheet is made)."""

    def __init__(self):
        from openpyxl.styles import Alignment, Border, Font, PatternFill, Side

        thin = Side(style="thin", color="808080")
        self.border = Border(left=thin, right=thin, top=thin, bottom=thin)
        self.wrap = Alignment(wrap_text=True, vertical="top")
        self.centred = Alignment(wrap_text=True, horizontal="center", vertical="center")
        self.grey = PatternFill("solid", fgColor="F2F2F2")
        self.green = PatternFill("solid", fgColor="E2EFDA")  # a showcase choice offered
        self.heading = PatternFill("solid", fgColor="D9E1F2")
        self.bold = Font(bold=True)
        self.title = Font(bold=True, size=13)
        self.italic = Font(italic=True)


def drop_downs(sheet):
    """The lists to choose from: the year's result, and "Có" for a showcase model. Each
    warns of other text and keeps it if asked to, as `review apply` reads what staff
    type ("Đạt", "x"), and says what it cannot read at its row."""
    from openpyxl.worksheet.datavalidation import DataValidation

    def choices(values: str, title: str, error: str) -> DataValidation:
        listed = DataValidation(
            type="list",
            formula1=f'"{values}"',
            allow_blank=True,
            showErrorMessage=True,
            errorStyle="warning",
            errorTitle=title,
            error=f"{error} Bấm Yes (Có) để giữ chữ vừa gõ, No (Không) để gõ lại.",
        )
        sheet.add_data_validation(listed)
        return listed

    results = choices(
        f"{RESULT_NAMES[True]},{RESULT_NAMES[False]}",
        "Kết quả bình xét",
        "Nên chọn “Công nhận” hoặc “Không công nhận” trong danh sách; gõ “Đạt”, “Không đạt” "
        "cũng được.",
    )
    showcase = choices(
        YES,
        "Mô hình điểm",
        "Nên chọn “Có” trong danh sách để chọn làm mô hình điểm; đánh dấu x cũng được.",
    )
    return results, showcase


def top(sheet, styles: Styles, names: list[str], title: str, year: int) -> None:
    """The title, how to fill the sheet, and the header row."""
    from openpyxl.utils import get_column_letter

    last = get_column_letter(len(names))
    sheet.cell(1, 1, neutral(title)).font = styles.title
    sheet.merge_cells(f"A1:{last}1")
    how = (
        f"Ghi kết quả ở cột “Kết quả bình xét năm {year}” (chọn Công nhận hoặc Không công "
        "nhận). Cột “Chọn làm mô hình điểm” mở ở những mô hình sẽ đủ điều kiện nếu được công "
        "nhận năm nay: chọn “Có” để chọn. Không sửa cột “Mã mô hình”."
    )
    sheet.cell(2, 1, neutral(how)).alignment = styles.wrap
    sheet.cell(2, 1).font = styles.italic
    sheet.merge_cells(f"A2:{last}2")
    sheet.row_dimensions[2].height = 32
    for column, name in enumerate(names, 1):
        header = sheet.cell(HEADER_ROW, column, neutral(name))
        header.font = styles.bold
        header.fill = styles.heading
        header.border = styles.border
        header.alignment = styles.centred


def for_print(sheet) -> None:
    """Column widths, the header frozen and repeated on each A4 landscape page."""
    from openpyxl.utils import get_column_letter

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


def build(catalog: Catalog, year: int, today: date):
    """The workbook (openpyxl), and (sheet row, model, showcase choice offered) of each
    model it lists."""
    from openpyxl import Workbook  # loaded only when a sheet is made
    from openpyxl.utils import get_column_letter

    names = headings(year)
    last = get_column_letter(len(names))
    result_column = get_column_letter(len(names) - 2)
    showcase_column = get_column_letter(len(names) - 1)
    book = Workbook()
    sheet = book.active
    sheet.title = f"Bình xét {year}"
    styles = Styles()
    title = (
        f"{catalog.settings.organization} – Bình xét mô hình “Dân vận khéo” năm {year} – "
        f"lập ngày {format_date(today)}"
    )
    top(sheet, styles, names, title, year)
    results, showcase = drop_downs(sheet)
    row, group, listed = HEADER_ROW, object(), []
    for number, model in enumerate(reviewed(catalog, year), 1):
        parent = model.unit.parent or NO_PARENT
        if parent != group:
            group = parent
            row += 1
            heading = sheet.cell(row, 1, neutral(parent))
            heading.font = styles.bold
            heading.fill = styles.grey
            sheet.merge_cells(f"A{row}:{last}{row}")
        row += 1
        for column, value in enumerate(row_values(number, model, year), 1):
            target = sheet.cell(row, column, neutral(value))
            target.border = styles.border
            target.alignment = styles.wrap
        results.add(f"{result_column}{row}")
        offered = may_choose(model, year)
        if offered:
            showcase.add(f"{showcase_column}{row}")
        sheet[f"{showcase_column}{row}"].fill = styles.green if offered else styles.grey
        listed.append((row, model, offered))
    for_print(sheet)
    return book, listed


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


def make(settings: Settings, root: Path, year: int | None, path: Path, source: str) -> Outcome:
    """The sheet of the year's review, written at `path`. Its outcome has a row for each
    model listed: BLANK, or UNCHANGED where the file's result for the year is filled in;
    `eligible` where a showcase choice is offered."""
    today = vietnam_today()
    year = today.year if year is None else year
    if path.suffix.lower() != ".xlsx":
        raise UsageError(
            Problem(source, 1, "Bảng bình xét được ghi ở dạng Excel; hãy đặt tên tệp đuôi .xlsx.")
        )
    if not 1990 <= year <= today.year:
        raise UsageError(
            f"Năm {year} không bình xét được; hãy chọn một năm từ 1990 đến {today.year}."
        )
    catalog = load_catalog(settings, root, "lập bảng bình xét")
    book, listed = build(catalog, year, today)
    if not listed:
        raise Stopped(f"Không có mô hình nào thực hiện trong năm {year}; chưa ghi tệp.")
    try:
        save(book, path)
    except FileExistsError:
        raise Stopped(
            Problem(source, 1, "Tệp đã có; hãy đặt tên khác cho bảng mới (tệp cũ giữ nguyên).")
        ) from None
    except OSError as error:
        raise Stopped(
            Problem(source, 1, f"Không ghi được tệp: {error.strerror or error} (tệp có đang mở?).")
        ) from None
    out = Outcome(source, year=year, written=[source])
    for line, model, offered in listed:
        status = Status.UNCHANGED if year in model.reviews else Status.BLANK
        out.add(
            Row(f"{source}:{line}", line, model=Target.of(model), status=status, eligible=offered)
        )
    return out
