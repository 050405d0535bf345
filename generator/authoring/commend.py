"""`python -m generator commend`: a commendation round, added to every model it names.

A decision commends many models at once. The models come from `--models slug,slug`
or from a sheet listing them (by `Mã mô hình`, or by `Tên mô hình` and `Đơn vị`);
the round is given on the command line, or written above the sheet's table (the
decision's number, day and body, as the site's blank list has them: one sheet, one
round). Each file gets the new item at the end of its `commendations` (the key made where
it had none), in place, checked by the validator, written atomically. The same
commendation already on a model is not added twice.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from pathlib import Path

from generator.authoring.files import iso_date, recheck
from generator.authoring.outcome import Change, Outcome, Row, Status, Stopped, Target, UsageError
from generator.authoring.sheets import Rows, typed_text
from generator.authoring.yearly import (
    Files,
    Finder,
    Layout,
    NotFound,
    data_rows,
    find,
    load_catalog,
    marked,
    quoted,
    read_sheet,
    sheet_row,
    stopped,
    unasked,
)
from generator.data.match import same_decision, same_round
from generator.data.model import Commendation, Model
from generator.data.problem import Problem
from generator.data.settings import Settings
from generator.data.text import format_date, slugify
from generator.data.validate import vietnam_today

COMMENDED = "Biểu dương"  # a column of marks, on a list of every model
UNWRITTEN = "chưa thêm biểu dương cho dòng này."


def accepts(layout: Layout) -> bool:
    return layout.names_models


# The round's lines above the table (labels as slugs): "Số quyết định: 215/QĐ-UBND" in
# one cell, or the label in one cell and the value in the next.
ROUND_LABELS = {
    "decision": ("so-quyet-dinh", "quyet-dinh", "quyet-dinh-so", "so-qd", "qd-so", "so"),
    "date": ("ngay-quyet-dinh", "ngay", "ngay-ky", "ngay-bieu-duong", "ngay-ban-hanh"),
    "by": (
        "co-quan-bieu-duong",
        "co-quan",
        "co-quan-ban-hanh",
        "co-quan-quyet-dinh",
        "cap-bieu-duong",
        "don-vi-bieu-duong",
    ),
    "title": (
        "danh-hieu",
        "danh-hieu-noi-dung-bieu-duong",
        "noi-dung-bieu-duong",
        "noi-dung",
        "hinh-thuc-bieu-duong",
    ),
}
BY_LABEL = {slug: name for name, slugs in ROUND_LABELS.items() for slug in slugs}


def round_lines(rows: Rows, layout: Layout) -> dict[str, tuple[int, object]]:
    """What the lines above the table say of the round: name -> (line, value)."""
    found: dict[str, tuple[int, object]] = {}
    for number, cells in rows:
        if number >= layout.row:
            break
        filled = [cell for cell in cells if typed_text(cell)]
        if not filled:
            continue
        label, _, rest = typed_text(filled[0]).partition(":")
        name = BY_LABEL.get(slugify(label))
        value = rest.strip() or (filled[1] if len(filled) > 1 else "")
        if name and name not in found and typed_text(value):
            found[name] = (number, value)
    return found


def round_above(rows: Rows, layout: Layout, source: str) -> Commendation | None:
    """The round written above the sheet's table; None if nothing there names one,
    Stopped (at its line) if what is there is not a round."""
    lines = round_lines(rows, layout)
    if not lines:
        return None
    first = min(line for line, _ in lines.values())
    missing = [label for name, label in (("date", "Ngày quyết định"), ("by", "Cơ quan biểu dương"))
               if name not in lines]  # fmt: skip
    if missing:
        raise Stopped(
            Problem(
                source,
                first,
                f"Phần trên bảng ghi đợt biểu dương nhưng thiếu {', '.join(missing)}; hãy ghi "
                "đủ số, ngày và cơ quan của quyết định.",
            )
        )
    line, value = lines["date"]
    try:
        day = value.date() if isinstance(value, datetime) else value
        day = day if isinstance(day, date) else date.fromisoformat(iso_date(typed_text(value)))
    except ValueError:
        raise Stopped(
            Problem(
                source,
                line,
                f"Ngày quyết định “{typed_text(value)}” không đọc được; hãy ghi dạng 20/11/2026.",
            )
        ) from None
    text = {name: typed_text(value) for name, (_, value) in lines.items()}
    try:
        return commendation(day, text["by"], text.get("decision"), text.get("title"))
    except UsageError as error:
        raise Stopped(Problem(source, line, " ".join(map(str, error.lines)))) from None


class Commend:
    def __init__(self, settings: Settings, root: Path, commendation: Commendation | None):
        """`commendation`: the round given on the command line; None, the one written
        above the sheet's table."""
        self.settings = settings
        self.root = root
        self.commendation = commendation

    def item(self) -> dict[str, object]:
        c = self.commendation
        values = {"date": c.date, "by": c.by, "decision": c.decision, "title": c.title}
        return {k: v for k, v in values.items() if v is not None}

    def listed(self, models: str, finder: Finder, out: Outcome) -> list[tuple[Row, Model]]:
        """(row, model) of each slug of `--models` that names one (apart by commas,
        semicolons or spaces)."""
        found = []
        for slug in (s for s in re.split(r"[,;\s]+", models) if s):
            row = out.add(Row(f"--models {slug}", typed={"slug": slug}))
            try:
                model = finder.by_slug(slug)
            except NotFound as error:
                row.fail(error.status, str(error))
                continue
            row.model = Target.of(model)
            found.append((row, model))
        return found

    def sheet(self, path: Path, finder: Finder, out: Outcome) -> list[tuple[Row, Model]]:
        """(row, model) of each row of the sheet that names one."""
        rows, layout = read_sheet(
            path, out.source, accepts, "cột “Mã mô hình” hoặc “Tên mô hình”", out
        )
        written = round_above(rows, layout, out.source)
        if self.commendation is None and written is None:
            raise Stopped(
                Problem(
                    out.source,
                    1,
                    "Bảng không ghi đợt biểu dương ở trên bảng (Số quyết định, Ngày quyết định, "
                    "Cơ quan biểu dương); hãy ghi vào bảng, hoặc ghi --date và --by.",
                )
            )
        if self.commendation is not None and written is not None:
            raise UsageError(
                Problem(
                    out.source,
                    1,
                    "Bảng đã ghi đợt biểu dương ở trên bảng; bỏ --date, --by, --decision, "
                    "--title (hoặc xoá các dòng đó trong bảng).",
                )
            )
        self.commendation = self.commendation or written
        found = []
        column = layout.columns.get("commended")
        for number, cells in data_rows(layout, rows):
            if layout.is_heading(cells) or not (
                layout.text(cells, "slug") or layout.text(cells, "title")
            ):
                continue  # a group heading, or a row that names nothing
            row = out.add(sheet_row(out.source, number, layout, cells))
            problems: list[str] = []
            if column is not None and not marked(cells, column, COMMENDED, problems, UNWRITTEN):
                # On a list of every model, only those marked are commended.
                unasked(row, finder.named(layout, cells), problems)
                continue
            model = find(finder, layout, cells, row)
            if model is not None:
                found.append((row, model))
        if not out.rows:
            raise stopped(
                out.source,
                layout,
                "Bảng không có dòng nào ghi Mã mô hình hay Tên mô hình dưới dòng tiêu đề; "
                "chưa ghi tệp nào.",
            )
        if column is not None and not found and not out.failed:
            raise stopped(
                out.source,
                layout,
                f"Chưa đánh dấu mô hình nào ở cột “{COMMENDED}”; chưa ghi tệp nào.",
            )
        return found

    def add(self, row: Row, model: Model, files: Files, added: set[str]) -> None:
        given = self.commendation
        if any(same_round(c, given) for c in model.commendations):
            row.note(
                f"{quoted(model.title)} đã có lần biểu dương này; không thêm lần nữa.",
                Status.UNCHANGED,
            )
            return
        other = next((c for c in model.commendations if same_decision(c, given)), None)
        if other is not None:
            row.fail(
                Status.CONFLICT,
                f"{quoted(model.title)} đã có quyết định {other.decision} ngày "
                f"{format_date(other.date)}, cùng số với quyết định này nhưng khác ngày "
                f"({format_date(given.date)}); chưa thêm. Nếu là một quyết định, hãy sửa lại "
                "ngày cho đúng trong tệp hoặc ở --date.",
            )
            return
        if model.slug in added:
            row.status = Status.DUPLICATE  # listed twice in this round
            return
        item = self.item()
        after = ["showcase", "reviews", "registered"]
        if files.edit(model, row, lambda edit: edit.append(["commendations"], item, after=after)):
            row.write(Change(model.source, "commendations", item))
            added.add(model.slug)

    def run(self, models: str | None, path: Path | None, source: str, dry_run: bool) -> Outcome:
        """The round added to the models `--models` (or else the sheet at `path`) names."""
        catalog = load_catalog(self.settings, self.root, "ghi biểu dương")
        out = Outcome(source, dry_run)
        finder = Finder(catalog)
        targets = (
            self.listed(models, finder, out)
            if models is not None
            else self.sheet(path, finder, out)
        )
        files, added = Files(catalog, self.root), set()
        for row, model in targets:
            self.add(row, model, files, added)
        if not dry_run:
            files.write(out)
        if out.written:
            out.check = recheck(self.settings, self.root)
        return out


def commendation(day: date, by: str, decision: str | None, title: str | None) -> Commendation:
    """The round as given on the command line; UsageError if it is not one."""
    if day > vietnam_today():
        raise UsageError(f"--date {format_date(day)} là một ngày trong tương lai.")
    by = " ".join(by.split())
    if not by:
        raise UsageError("--by: hãy ghi cơ quan biểu dương, ví dụ “Ủy ban nhân dân thành phố”.")
    clean = [" ".join(v.split()) or None if v else None for v in (decision, title)]
    return Commendation(day, by, *clean)
