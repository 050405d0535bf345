"""`python -m generator commend`: a commendation round, added to every model it names.

A decision commends many models at once. The models come from `--models slug,slug`
or from a sheet listing them (by `Mã mô hình`, or by `Tên mô hình` and `Đơn vị`);
each file gets the new item at the end of its `commendations` (the key made where
it had none), in place, checked by the validator, written atomically. The same
commendation already on a model is not added twice.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from generator.authoring.files import recheck
from generator.authoring.inplace import Edit, EditError
from generator.authoring.sheets import SheetError, is_footer, read_rows, typed_text
from generator.authoring.yearly import (
    Files,
    Finder,
    Layout,
    NotFound,
    find_layout,
    load_catalog,
    quoted,
)
from generator.data.match import key
from generator.data.model import Commendation, Model
from generator.data.problem import Problem
from generator.data.settings import Settings
from generator.data.text import format_date
from generator.data.validate import vietnam_today


@dataclass
class Outcome:
    added: list[Model] = field(default_factory=list)
    present: list[tuple[str, Model]] = field(default_factory=list)  # where, model
    refused: list[tuple[str, str]] = field(default_factory=list)  # where, message
    problems: dict[str, list[Problem]] = field(default_factory=dict)
    written: int = 0


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
        self.outcome = Outcome()

    def item(self) -> dict[str, object]:
        c = self.commendation
        values = {"date": c.date, "by": c.by, "decision": c.decision, "title": c.title}
        return {k: v for k, v in values.items() if v is not None}

    def targets(self, models: str | None, path: Path | None, source: str, finder: Finder):
        """(where, model) of each model named; None when the list cannot be read."""
        found: list[tuple[str, Model]] = []
        if models is not None:
            for slug in (s for s in re.split(r"[,;\s]+", models) if s):
                try:
                    found.append((f"--models {slug}", finder.by_slug(slug)))
                except NotFound as error:
                    self.outcome.refused.append((f"--models {slug}", str(error)))
            return found
        try:
            rows = read_rows(path, [], lambda rows: find_layout(rows, accepts))
        except SheetError as error:
            print(f"{source}:1: {error}")
            return None
        layout = find_layout(rows, accepts)
        if layout is None:
            print(
                f"{source}:1: Không thấy dòng tiêu đề có cột “Mã mô hình” hoặc “Tên mô hình” "
                "trong 20 dòng đầu."
            )
            return None
        for number, cells in rows:
            cells = list(cells)
            if number <= layout.row or not any(typed_text(c) for c in cells):
                continue
            if is_footer(cells) and not layout.text(cells, "slug"):
                break
            where = f"{source}:{number}"
            if layout.is_heading(cells) or not (
                layout.text(cells, "slug") or layout.text(cells, "title")
            ):
                continue  # a group heading, or a row that names nothing
            try:
                found.append((where, finder.find(layout, cells)))
            except NotFound as error:
                self.outcome.refused.append((where, str(error)))
        return found

    def add(self, where: str, model: Model, files: Files) -> None:
        out = self.outcome
        if any(same(c, self.commendation) for c in model.commendations):
            out.present.append((where, model))
            return
        if model.slug in {m.slug for m in out.added}:
            return  # listed twice in this round
        try:
            edit = Edit(files.path(model))
            edit.append(["commendations"], self.item(), after=["showcase", "reviews", "registered"])
        except (EditError, OSError) as error:
            out.refused.append((where, f"Không sửa được tệp {model.source} tại chỗ: {error}"))
            return
        problems = files.check(model, edit)
        if problems:
            out.refused.append((where, f"Chưa ghi vào {model.source}: trình kiểm tra báo lỗi."))
            out.problems[where] = problems
            return
        files.keep(edit)
        out.added.append(model)

    def run(self, models: str | None, path: Path | None, source: str, dry_run: bool) -> int:
        catalog = load_catalog(self.settings, self.root, print, "ghi biểu dương")
        if catalog is None:
            return 1
        targets = self.targets(models, path, source, Finder(catalog))
        if targets is None:
            return 1
        files = Files(catalog, self.root)
        for where, model in targets:
            self.add(where, model, files)
        out = self.outcome
        if not dry_run:
            out.written = files.write(print)
        for where, message in out.refused:
            print(f"{where}: {message}")
            for problem in out.problems.get(where, []):
                print(str(problem))
        for where, model in out.present:
            print(f"{where}: {quoted(model.title)} đã có lần biểu dương này; không thêm lần nữa.")
        c = self.commendation
        what = ", ".join(filter(None, [c.decision, f"ngày {format_date(c.date)}", c.by]))
        verb = "Sẽ thêm" if dry_run else "Đã thêm"
        print(
            f"{verb} biểu dương ({what}) cho {len(out.added)} mô hình; {len(out.present)} đã có; "
            f"{len(out.refused)} không ghi được."
            + (" Chạy thử: chưa ghi tệp nào." if dry_run else "")
        )
        if out.written and not recheck(self.settings, self.root, print):
            return 1
        return 1 if out.refused else 0


def commendation(day: date, by: str, decision: str | None, title: str | None) -> Commendation:
    """The round as given on the command line; ValueError (Vietnamese) if it is not one."""
    if day > vietnam_today():
        raise ValueError(f"--date {format_date(day)} là một ngày trong tương lai.")
    by = " ".join(by.split())
    if not by:
        raise ValueError("--by: hãy ghi cơ quan biểu dương, ví dụ “Ủy ban nhân dân thành phố”.")
    clean = [" ".join(v.split()) or None if v else None for v in (decision, title)]
    return Commendation(day, by, *clean)
