"""Spreadsheet cells: text that would start a formula stays text.

Excel, LibreOffice and Google Sheets take a cell that begins with `=`, `+`, `-` or
`@` (or a tab or carriage return before one) as a formula, and a formula can open
links, run commands through DDE or send the sheet's data away. As OWASP's guidance on
CSV injection says, such a cell gets a single quote in front, which the program
shows and never runs; CSV writers also put every field in double quotes, so that a
program splitting on another separator (`;` on Vietnamese Windows) cannot start a
new cell in the middle of one. Every CSV and workbook writer goes through `neutral`.
"""

from __future__ import annotations

QUOTE = "'"
# Full-width forms too: an input method may turn them into the formula signs.
FORMULA_SIGNS = frozenset("=+-@\t\r＝＋－＠")
# A value that begins with the quote itself gets one more, so that taking the first
# quote off any cell that starts with one always gives the value back.
_MARKED = FORMULA_SIGNS | {QUOTE}

# How such a value appears, for the pages that describe the files.
NOTE = (
    "Một ô có nội dung bắt đầu bằng dấu =, +, -, @, ký tự Tab hoặc ký tự về đầu dòng "
    "(hay bắt đầu bằng chính dấu nháy đơn) được ghi thêm một dấu nháy đơn (') ở đầu, để "
    "Excel hay LibreOffice hiện nó như chữ chứ không chạy như một công thức; ví dụ tên "
    "“=Đường hoa” hiện là '=Đường hoa. Khi đọc tệp bằng chương trình, bỏ dấu nháy đơn đầu "
    "tiên của những ô đó là được giá trị gốc."
)


def neutral(value: object) -> object:
    """The value as a spreadsheet cell: text that starts like a formula, quoted; any
    other value as it is (numbers stay numbers)."""
    if isinstance(value, str) and value.lstrip(" \u00a0")[:1] in _MARKED:
        return QUOTE + value
    return value
