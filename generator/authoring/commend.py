"""`python -m generator commend`: a commendation round, added to every model it names.

A decision commends many models at once. The models come from `--models slug,slug`
or from a sheet listing them (by `Mã mô hình`, or by `Tên mô hình` and `Đơn vị`);
each file gets the new item at the end of its `commendations` (the key made where
it had none), in place, checked by the validator, written atomically. The same
commendation already on a model is not added twice.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

from generator.authoring.files import recheck
from generator.authoring.outcome import Change, Outcome, Row, Status, Target, UsageError
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
from generator.data.settings import Settings
from generator.data.text import format_date
from generator.data.validate import vietnam_today

COMMENDED = "Biểu dương"  # a column of marks, on a list of every model
UNWRITTEN = "chưa thêm biểu dương cho dòng này."


def accepts(layout: Layout) -> bool:
    return layout.names_models


class Commend:
    def __init__(self, settings: Settings, root: Path, commendation: Commendation):
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
