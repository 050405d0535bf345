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
    quoted,
    read_sheet,
    sheet_row,
)
from generator.data.match import key
from generator.data.model import Commendation, Model
from generator.data.settings import Settings
from generator.data.text import format_date
from generator.data.validate import vietnam_today


def accepts(layout: Layout) -> bool:
    return layout.names_models


def same(a: Commendation, b: Commendation) -> bool:
    """One commendation: the same decision (when both name one), else the same day and body."""
    if a.decision and b.decision:
        return key(a.decision) == key(b.decision) and key(a.by) == key(b.by)
    return a.date == b.date and key(a.by) == key(b.by)


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
        """(row, model) of each slug of `--models` that names one."""
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
        for number, cells in data_rows(layout, rows):
            if layout.is_heading(cells) or not (
                layout.text(cells, "slug") or layout.text(cells, "title")
            ):
                continue  # a group heading, or a row that names nothing
            row = out.add(sheet_row(out.source, number, layout, cells))
            model = find(finder, layout, cells, row)
            if model is not None:
                found.append((row, model))
        return found

    def add(self, row: Row, model: Model, files: Files, added: set[str]) -> None:
        if any(same(c, self.commendation) for c in model.commendations):
            row.note(
                f"{quoted(model.title)} đã có lần biểu dương này; không thêm lần nữa.",
                Status.UNCHANGED,
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
