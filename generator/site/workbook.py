"""The report's tables as an .xlsx workbook: one sheet per table, ready to paste into a report.

No text cell can start a formula (cells.py)."""

from __future__ import annotations

import re
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from generator.data.cells import neutral
from generator.site.report import Share, Table, shown

BOLD = Font(bold=True)
SHEET_NAME_LIMIT = 31  # Excel's limit


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


def write_workbook(tables: list[Table], path: Path) -> None:
    workbook = Workbook()
    workbook.remove(workbook.active)
    used: set[str] = set()
    for table in tables:
        sheet = workbook.create_sheet(sheet_name(table.sheet, used))
        sheet.append([neutral(title) for title in table.columns])
        for cell in sheet[1]:
            cell.font = BOLD
        sheet.freeze_panes = "A2"
        for row in table.rows:
            sheet.append([float(c) if isinstance(c, Share) else neutral(c) for c in row.cells])
            for cell, value in zip(sheet[sheet.max_row], row.cells, strict=True):
                if isinstance(value, Share):
                    cell.number_format = "0.0%"
                if row.total:
                    cell.font = BOLD
        if not table.rows:
            sheet.append([neutral(table.empty)])
        for index, title in enumerate(table.columns):
            texts = [title, *(shown(r.cells[index]) for r in table.rows)]
            width = min(max(map(len, texts)) + 2, 70)
            sheet.column_dimensions[get_column_letter(index + 1)].width = width
    path.parent.mkdir(parents=True, exist_ok=True)
    workbook.save(path)
