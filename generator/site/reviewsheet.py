"""The review sheet: the workbook of one year's review meeting, as `review sheet` saves
it and as the site publishes it (/du-lieu/bang-binh-xet-YYYY.xlsx).

One row per model active in the year (published, registered by then, not ended
before it), grouped by party committee and, within it, by unit; its earlier results
as text; a drop-down list for this year's result and, on the rows that would be
eligible with a recognition this year, one to choose the model as a showcase model.
`review apply` reads it back by its `Mã mô hình` column. Every cell goes through
`cells.neutral`, which keeps formula-like text as text.

Cells take their look from a few named styles and each drop-down list covers its
column in a handful of ranges: set cell by cell, openpyxl's styles and ranges grow
quadratic, minutes for a sheet of 10,000 models.
"""

from __future__ import annotations

from datetime import date, datetime

from generator.data.cells import neutral
from generator.data.model import Catalog, Model, may_be_showcase
from generator.data.settings import RESULT_NAMES
from generator.data.text import format_date, sort_key
from generator.site.workbook import workbook_bytes

EARLIER_YEARS = 3  # earlier results shown, the years just before the reviewed one
NO_PARENT = "Đơn vị chưa ghi đảng bộ cấp trên"
YES = "Có"
HEADER_ROW = 3  # under the title and the line that says how to fill the sheet
WIDTHS = [5, 24, 42, 28, 18, 26, *[11] * EARLIER_YEARS, 16, 12, 24]

# (row in the sheet, model, whether a showcase choice is offered) of each model listed
Listed = list[tuple[int, Model, bool]]


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


def contents(catalog: Catalog, year: int) -> tuple:
    """What the year's sheet shows, but for its day: equal contents, equal sheets."""
    return (
        catalog.settings.organization,
        tuple(
            (model.unit.parent, may_choose(model, year), *row_values(number, model, year))
            for number, model in enumerate(reviewed(catalog, year), 1)
        ),
    )


def add_styles(book) -> None:
    """The sheet's named styles: its cells refer to them, instead of each cell its own."""
    from openpyxl.styles import Alignment, Border, Font, NamedStyle, PatternFill, Side

    thin = Side(style="thin", color="808080")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    wrap = Alignment(wrap_text=True, vertical="top")

    def fill(colour: str) -> PatternFill:
        return PatternFill("solid", fgColor=colour)

    styles = {
        "Tiêu đề bảng": {"font": Font(bold=True, size=13)},
        "Cách điền": {"font": Font(italic=True), "alignment": wrap},
        "Tiêu đề cột": {
            "font": Font(bold=True),
            "fill": fill("D9E1F2"),
            "border": border,
            "alignment": Alignment(wrap_text=True, horizontal="center", vertical="center"),
        },
        "Đảng bộ": {"font": Font(bold=True), "fill": fill("F2F2F2")},
        "Ô": {"border": border, "alignment": wrap},
        # A showcase choice offered, and not offered.
        "Ô chọn": {"border": border, "alignment": wrap, "fill": fill("E2EFDA")},
        "Ô không chọn": {"border": border, "alignment": wrap, "fill": fill("F2F2F2")},
    }
    for name, parts in styles.items():
        book.add_named_style(NamedStyle(name=name, **parts))


def runs(rows: list[int]) -> list[tuple[int, int]]:
    """Consecutive row numbers as (first, last) runs."""
    found: list[tuple[int, int]] = []
    for row in rows:
        if found and found[-1][1] == row - 1:
            found[-1] = (found[-1][0], row)
        else:
            found.append((row, row))
    return found


def drop_down(sheet, values: list[str], column: str, rows: list[int], title: str, error: str):
    """A list to choose from in `column`, on `rows`, given as a few ranges at once."""
    from openpyxl.worksheet.datavalidation import DataValidation

    if not rows:
        return
    ranges = " ".join(f"{column}{first}:{column}{last}" for first, last in runs(rows))
    sheet.add_data_validation(
        DataValidation(
            type="list",
            formula1=f'"{",".join(values)}"',
            allow_blank=True,
            showErrorMessage=True,
            errorTitle=title,
            error=error,
            sqref=ranges,
        )
    )


def top(sheet, names: list[str], title: str, year: int) -> None:
    """The title, how to fill the sheet, and the header row."""
    from openpyxl.utils import get_column_letter

    last = get_column_letter(len(names))
    sheet.cell(1, 1, neutral(title)).style = "Tiêu đề bảng"
    sheet.merge_cells(f"A1:{last}1")
    how = (
        f"Ghi kết quả ở cột “Kết quả bình xét năm {year}” (chọn Công nhận hoặc Không công "
        "nhận). Cột “Chọn làm mô hình điểm” mở ở những mô hình sẽ đủ điều kiện nếu được công "
        "nhận năm nay: chọn “Có” để chọn. Không sửa cột “Mã mô hình”."
    )
    sheet.cell(2, 1, neutral(how)).style = "Cách điền"
    sheet.merge_cells(f"A2:{last}2")
    sheet.row_dimensions[2].height = 32
    for column, name in enumerate(names, 1):
        sheet.cell(HEADER_ROW, column, neutral(name)).style = "Tiêu đề cột"


def for_print(sheet) -> None:
    """Column widths, the header frozen and repeated on each A4 landscape page."""
    from openpyxl.utils import get_column_letter

    for column, size in enumerate(WIDTHS, 1):
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


def review_workbook(catalog: Catalog, year: int, moment: datetime) -> tuple[bytes, Listed]:
    """The sheet of the year's review made on `moment` (its title says the day; the
    same catalog and moment give the same bytes), and the models it lists."""
    from openpyxl import Workbook  # loaded only when a sheet is made
    from openpyxl.utils import get_column_letter

    day: date = moment.date()
    names = headings(year)
    last = get_column_letter(len(names))
    result_column = get_column_letter(len(names) - 2)
    showcase_column = get_column_letter(len(names) - 1)
    book = Workbook()
    add_styles(book)
    sheet = book.active
    sheet.title = f"Bình xét {year}"
    title = (
        f"{catalog.settings.organization} – Bình xét mô hình “Dân vận khéo” năm {year} – "
        f"lập ngày {format_date(day)}"
    )
    top(sheet, names, title, year)
    row, group, listed = HEADER_ROW, object(), []
    for number, model in enumerate(reviewed(catalog, year), 1):
        parent = model.unit.parent or NO_PARENT
        if parent != group:
            group = parent
            row += 1
            sheet.cell(row, 1, neutral(parent)).style = "Đảng bộ"
            sheet.merge_cells(f"A{row}:{last}{row}")
        row += 1
        offered = may_choose(model, year)
        for column, value in enumerate(row_values(number, model, year), 1):
            sheet.cell(row, column, neutral(value)).style = "Ô"
        sheet[f"{showcase_column}{row}"].style = "Ô chọn" if offered else "Ô không chọn"
        listed.append((row, model, offered))
    drop_down(
        sheet,
        [RESULT_NAMES[True], RESULT_NAMES[False]],
        result_column,
        [line for line, _, _ in listed],
        "Kết quả bình xét",
        "Chọn “Công nhận” hoặc “Không công nhận”, hoặc để trống.",
    )
    drop_down(
        sheet,
        [YES],
        showcase_column,
        [line for line, _, offered in listed if offered],
        "Mô hình điểm",
        "Chọn “Có” để chọn làm mô hình điểm, hoặc để trống.",
    )
    for_print(sheet)
    return workbook_bytes(book, moment), listed
