"""`python -m generator review sheet --year Y FILE.xlsx`: the sheet for the review meeting.

The workbook is the site's (generator/site/reviewsheet.py, which the command line hands
in as `build`): the file saved here is the one the site publishes for the year. Here:
the year asked for, the file written whole and never over another one, and the
outcome, a row for each model listed.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path

from generator.authoring.outcome import Outcome, Row, Status, Stopped, Target, UsageError
from generator.authoring.yearly import load_catalog
from generator.data.model import Catalog, Model
from generator.data.problem import Problem
from generator.data.settings import Settings
from generator.data.validate import VIETNAM, vietnam_today

# (catalog, year, moment) -> the file's bytes, and (sheet row, model, showcase choice
# offered) of each model it lists
Build = Callable[[Catalog, int, datetime], tuple[bytes, list[tuple[int, Model, bool]]]]


def save(data: bytes, path: Path) -> None:
    """Write the whole file at once (a temporary file beside it, then a link to its name),
    never over a file that is there: a sheet already filled in is someone's work."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as file:
            file.write(data)
        os.link(temporary, path)  # FileExistsError if the name is taken
    finally:
        with contextlib.suppress(OSError):
            os.unlink(temporary)


def make(
    settings: Settings, root: Path, year: int | None, path: Path, source: str, build: Build
) -> Outcome:
    """The sheet of the year's review, written at `path`. Its outcome has a row for each
    model listed: BLANK, or UNCHANGED where the file's result for the year is filled in;
    `eligible` where a showcase choice is offered."""
    today: date = vietnam_today()
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
    data, listed = build(catalog, year, datetime.now(VIETNAM))
    if not listed:
        raise Stopped(f"Không có mô hình nào thực hiện trong năm {year}; chưa ghi tệp.")
    try:
        save(data, path)
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
