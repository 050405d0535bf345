"""`python -m generator sheets apply --base REF`: the sheets staff uploaded under
bang-tinh/, each applied by the tool its headers call for.

The sheets are the .xlsx and .csv files under bang-tinh/ added or changed since the
commit where the branch left REF (and, on a person's machine, those not committed
yet), taken in the order of their names. Each is told by its headers: a column of
review results (or of showcase choices) is a review (`review apply`); a round written
above a list of models (the site's mau-bieu-duong.xlsx) is a commendation round
(`commend`); the columns of new models without results (mau-nhap-mo-hinh.xlsx) are an
import (`import`). Each is applied by that tool's own code, and the outcome of each
is returned; a sheet that cannot be read, or that a tool refuses whole, comes back
with the reasons instead. Names of files are data: they go to git and to the tools
as arguments, never through a shell.
"""

from __future__ import annotations

import os
import subprocess
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path

from generator.authoring import commend, importer, review
from generator.authoring.files import Busy, Taken
from generator.authoring.outcome import Outcome, Stopped, UsageError
from generator.authoring.sheets import Rows, SheetError, read_rows
from generator.authoring.yearly import find_layout
from generator.data.model import Commendation
from generator.data.problem import Problem
from generator.data.settings import Settings

SHEETS_DIR = "bang-tinh"  # where staff upload sheets: bang-tinh/<year>/<name>.xlsx
SUFFIXES = (".xlsx", ".csv", ".xls")  # .xls is listed to be told how to save it as .xlsx
NEW_MODEL_COLUMNS = ("unit", "field", "registered")  # besides the title, as `import` needs


class Kind(StrEnum):
    REVIEW = "review"
    COMMENDATION = "commendation"
    IMPORT = "import"


@dataclass
class Applied:
    """One sheet: what it is and what its tool did with it; or why it was not applied."""

    source: str  # relative to the project, with "/"
    kind: Kind | None = None  # None: not told (it cannot be read, or is none of the kinds)
    outcome: Outcome | None = None
    stopped: list[Problem | str] = field(default_factory=list)  # why it was not applied
    commendation: Commendation | None = None  # the round of a commendation sheet

    @property
    def unread(self) -> bool:
        return self.outcome is None


def git(root: Path, *args: str) -> bytes:
    """git's output for the project's repository; UsageError, said in Vietnamese, if git
    cannot answer (no repository, an unknown REF)."""
    try:
        done = subprocess.run(["git", *args], cwd=root, capture_output=True, check=False)
    except OSError:
        raise UsageError("Không chạy được git: lệnh này cần git và một kho git.") from None
    if done.returncode != 0:
        said = os.fsdecode(done.stderr).strip().splitlines()
        raise UsageError(f"git {' '.join(args[:2])}: {said[-1] if said else 'lỗi'}")
    return done.stdout


def changed_sheets(root: Path, base: str) -> list[str]:
    """The sheets under bang-tinh/ added or changed since the branch left `base`, and
    the files there not committed yet; by name."""
    try:
        start = git(root, "merge-base", base, "HEAD").decode().strip()
    except UsageError:
        raise UsageError(
            f"Không tìm thấy “{base}” trong kho git (--base: một nhánh hoặc commit, ví dụ main)."
        ) from None
    changed = git(
        root,
        *("diff", "--relative", "--name-only", "-z"),
        *("--no-renames", "--diff-filter=AM", start, "--", SHEETS_DIR),
    )
    new = git(root, "ls-files", "-z", "--others", "--exclude-standard", "--", SHEETS_DIR)
    names = {os.fsdecode(name) for name in (changed + new).split(b"\0") if name}
    return sorted(n for n in names if Path(n).suffix.lower() in SUFFIXES and (root / n).is_file())


def kind_of(rows: Rows) -> tuple[Kind | None, str]:
    """What a sheet is, by its headers; or (None, why it is none)."""
    reviewed = find_layout(rows, review.accepts)
    columns = importer.find_columns(rows)
    new_models = columns is not None and all(columns.has(n) for n in NEW_MODEL_COLUMNS)
    if reviewed is not None and new_models:
        return None, (
            "Bảng vừa có cột kết quả bình xét vừa có các cột của mô hình mới (Lĩnh vực, Năm "
            "đăng ký), nên không rõ là bảng bình xét hay danh sách mô hình mới. Mô hình mới: "
            "dùng mẫu mau-nhap-mo-hinh.xlsx, không có cột kết quả; bình xét: bỏ cột Năm đăng ký."
        )
    if reviewed is not None:
        return Kind.REVIEW, ""
    listed = find_layout(rows, commend.accepts)
    if listed is not None and commend.round_lines(rows, listed):
        return Kind.COMMENDATION, ""
    if new_models:
        return Kind.IMPORT, ""
    return None, (
        "Không nhận ra bảng: bảng bình xét cần cột “Kết quả bình xét năm …”; danh sách biểu "
        "dương cần số, ngày, cơ quan của quyết định ở trên bảng; danh sách mô hình mới cần "
        "các cột Tên mô hình, Đơn vị, Lĩnh vực, Năm đăng ký. Hãy dùng các mẫu ở trang Dữ liệu mở."
    )


def tell(path: Path, source: str) -> Applied:
    """The sheet's kind, from the first of its worksheets that is one."""
    found: list[tuple[Kind | None, str]] = []

    def wanted(rows: Rows) -> bool:
        found.append(kind_of(rows))
        return found[-1][0] is not None

    try:
        read_rows(path, [], wanted)
    except SheetError as error:
        return Applied(source, stopped=[Problem(source, 1, str(error))])
    kind, why = next((k for k in found if k[0] is not None), found[0] if found else (None, ""))
    if kind is None:
        return Applied(source, stopped=[Problem(source, 1, why or "Bảng tính không có trang nào.")])
    return Applied(source, kind)


class Uploads:
    """The uploaded sheets of a branch, applied in turn, each seeing what those before
    it wrote."""

    def __init__(self, settings: Settings, root: Path, replace: bool = False):
        self.settings = settings
        self.root = root
        self.replace = replace  # a review's conflicts written as the sheet says

    def apply(self, source: str, dry_run: bool) -> Applied:
        path = self.root / source
        applied = tell(path, source)
        try:
            if applied.kind is Kind.REVIEW:
                run = review.Review(self.settings, self.root, source, replace=self.replace)
                applied.outcome = run.run(path, dry_run)
            elif applied.kind is Kind.COMMENDATION:
                rounds = commend.Commend(self.settings, self.root, None)
                applied.outcome = rounds.run(None, path, source, dry_run)
                applied.commendation = rounds.commendation
            elif applied.kind is Kind.IMPORT:
                run = importer.Importer(self.settings, self.root, source)
                applied.outcome = run.run(path, dry_run)
        except Stopped as error:  # UsageError too: a round's date in the future
            applied.stopped = error.lines
        except (Busy, Taken) as error:
            applied.stopped = [str(error)]
        return applied

    def run(self, base: str, dry_run: bool = False) -> list[Applied]:
        return [self.apply(source, dry_run) for source in changed_sheets(self.root, base)]
