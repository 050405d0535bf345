"""`python -m generator review apply FILE`: one year's review results into the model files.

The sheet is the one `review sheet` made (rows named by `Mã mô hình`) or one a
committee made (rows named by `Tên mô hình` and `Đơn vị`), as .xlsx or .csv. The year
comes from the results column's heading ("Kết quả bình xét năm 2026") or `--year`.
Each model file gets its new `reviews` line (and `reviews:` where it had none) and,
for a model chosen as a showcase, `showcase: <date>`; nothing else in it changes. A
year already recorded with another result is a conflict, left as it is unless
`--replace`; applying the same sheet twice changes nothing the second time.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import NoReturn

from generator.authoring.files import recheck
from generator.authoring.inplace import Edit
from generator.authoring.outcome import (
    Change,
    Note,
    Outcome,
    Row,
    Status,
    Stopped,
    UsageError,
)
from generator.authoring.sheets import Rows, quoted, title_year, typed_text
from generator.authoring.yearly import (
    Files,
    Finder,
    Layout,
    data_rows,
    find,
    load_catalog,
    marked,
    read_sheet,
    sheet_row,
    stopped,
    unasked,
)
from generator.data.match import review_result
from generator.data.model import (
    SHOWCASE_MIN_YEARS,
    Catalog,
    Model,
    may_be_showcase,
    recognized_until,
)
from generator.data.settings import RESULT_NAMES, Settings
from generator.data.text import format_date
from generator.data.validate import vietnam_today

RESULT_VALUES = {True: "recognized", False: "not-recognized"}
UNWRITTEN = "chưa ghi kết quả dòng này."


@dataclass(frozen=True)
class Request:
    """What one row asks for one model."""

    row: Row
    model: Model
    result: bool | None  # recognised or not; None when the result cell is blank
    showcase: bool


def accepts(layout: Layout) -> bool:
    return layout.names_models and bool(layout.results or "showcase" in layout.columns)


def result_key(year: int) -> str:
    """The key of a year's result, as a row's change names it."""
    return f"reviews.{year}"


class Review:
    def __init__(
        self,
        settings: Settings,
        root: Path,
        source: str,
        year: int | None = None,
        replace: bool = False,
        chosen_on: date | None = None,
    ):
        self.settings = settings
        self.root = root
        self.source = source
        self.given_year = year  # --year; else each run finds it in the sheet
        self.year = year
        self.replace = replace
        self.today = vietnam_today()
        self.chosen_on = chosen_on or self.today
        self.outcome = Outcome(source)  # each run's own

    # -- the sheet ---------------------------------------------------------------

    def columns(self, layout: Layout, rows: Rows) -> None:
        """Choose the year and its result columns; Stopped (UsageError for an option) if
        they cannot be."""
        strong = {i: h for i, h in layout.results.items() if h.strong}
        pool = strong or layout.results
        years = sorted({h.year for h in pool.values() if h.year is not None})
        self.year = self.given_year
        if self.year is None:
            if not pool:
                self.stop(layout, "Bảng không có cột kết quả bình xét; hãy chọn năm bằng --year.")
            if len(years) > 1:
                self.stop(
                    layout,
                    f"Bảng có cột kết quả của các năm {', '.join(map(str, years))}; "
                    "hãy chọn năm bằng --year.",
                )
            self.year = years[0] if years else self.title_year(layout, rows)
        elif pool and not any(h.year in (self.year, None) for h in pool.values()):
            self.stop(
                layout,
                f"Bảng không có cột kết quả năm {self.year} (có: {', '.join(map(str, years))}).",
            )
        chosen = {i: h for i, h in pool.items() if h.year in (self.year, None)}
        self.text_columns = [i for i, h in chosen.items() if h.mark is None]
        self.mark_columns = {i: h.mark for i, h in chosen.items() if h.mark is not None}
        wrong = None
        if self.year > self.today.year:
            wrong = f"Năm {self.year} chưa đến; chỉ ghi được kết quả đến năm {self.today.year}."
        elif self.year < 1990:
            wrong = f"Năm {self.year} quá sớm, hãy kiểm tra lại."
        if wrong and self.given_year is not None:
            raise UsageError(f"--year {self.year}: {wrong}")
        if wrong:
            self.stop(layout, wrong)
        if self.chosen_on.year < self.year:
            # The option against the sheet's year: said where the sheet's problems are.
            raise Stopped(
                f"--date {format_date(self.chosen_on)}: ngày chọn mô hình điểm phải từ năm "
                f"{self.year} trở đi, sau khi có kết quả bình xét năm đó."
            )

    def title_year(self, layout: Layout, rows: Rows) -> int:
        """The year the sheet's title names, said in its notes, for result columns that
        name none."""
        found = title_year(rows, layout.first)
        if found is None:
            self.stop(
                layout,
                "Tiêu đề cột kết quả không ghi năm; hãy ghi năm (ví dụ “Kết quả bình xét năm "
                "2026”) hoặc chọn năm bằng --year.",
            )
        year, line = found
        self.outcome.notes.append(
            Note(
                line,
                f"Năm bình xét {year} lấy từ tiêu đề bảng, vì cột kết quả không ghi năm; nếu "
                "không đúng, hãy chạy lại với --year.",
            )
        )
        return year

    def stop(self, layout: Layout, text: str) -> NoReturn:
        raise stopped(self.source, layout, text)

    def result_of(self, cells: list[object], problems: list[str]) -> bool | None:
        found: set[bool] = set()
        for index in self.text_columns:
            text = typed_text(cells[index]) if index < len(cells) else ""
            if not text:
                continue
            result = review_result(text)
            if result is None:
                problems.append(
                    f"Kết quả {quoted(text)} không rõ; ghi “Công nhận” hoặc “Không công nhận” "
                    "(hoặc Đạt, Không đạt)."
                )
            else:
                found.add(result == "recognized")
        for index, result in self.mark_columns.items():
            name = RESULT_NAMES[result == "recognized"]
            if marked(cells, index, name, problems, UNWRITTEN):
                found.add(result == "recognized")
        if len(found) > 1:
            problems.append("Dòng ghi cả “Công nhận” và “Không công nhận”.")
        return found.pop() if len(found) == 1 and not problems else None

    def showcase_of(self, layout: Layout, cells: list[object], problems: list[str]) -> bool:
        column = layout.columns.get("showcase")
        if column is None:
            return False
        return marked(cells, column, "Chọn làm mô hình điểm", problems, UNWRITTEN)

    def requests(self, layout: Layout, rows, finder: Finder) -> list[Request]:
        found = []
        for number, cells in data_rows(layout, rows):
            row = sheet_row(self.source, number, layout, cells)
            problems: list[str] = []
            result = self.result_of(cells, problems)
            showcase = self.showcase_of(layout, cells, problems)
            if problems or (result is None and not showcase):
                # A model's blank result changes nothing; a group heading ("Đảng bộ
                # phường …") names no model, and is not a row of the outcome.
                model = finder.named(layout, cells)
                if model is None and not problems:
                    continue
                unasked(row, model, problems)
            else:
                model = find(finder, layout, cells, row)
                if model is not None:
                    found.append(Request(row, model, result, showcase))
            self.outcome.add(row)
        return found

    # -- the models ----------------------------------------------------------------

    def decide(self, requests: list[Request], files: Files) -> None:
        groups: dict[str, list[Request]] = defaultdict(list)
        for request in requests:
            groups[request.model.slug].append(request)
        for group in groups.values():
            first = group[0]
            if len({(r.result, r.showcase) for r in group}) > 1:
                rows = ", ".join(str(r.row.line) for r in group)
                for r in group:
                    r.row.fail(
                        Status.CONFLICT,
                        f"{quoted(r.model.title)} có ở các dòng {rows} với nội dung khác nhau; "
                        "chưa ghi dòng nào, hãy giữ lại một dòng.",
                    )
                continue
            for r in group[1:]:
                r.row.note(f"Trùng với dòng {first.row.line}; chỉ tính một lần.", Status.DUPLICATE)
            self.apply(first, files)

    def apply(self, request: Request, files: Files) -> None:
        """Decide what the row writes, make the edit and check it; or say why not."""
        model, row = request.model, request.row
        if not self.may_record(model, row):
            return
        reviews = dict(model.reviews)
        result = self.result(request, reviews)
        choose = request.showcase and self.may_choose(request, reviews)
        if result is None and not choose:
            return  # already so, or said why not
        if not files.edit(model, row, lambda edit: self.change(edit, model, result, choose)):
            return
        old = model.reviews.get(self.year)
        if result is not None:
            row.write(Change(model.source, result_key(self.year), RESULT_VALUES[result]))
            if old is not None:
                row.note(
                    f"Thay kết quả năm {self.year} của {quoted(model.title)}: {RESULT_NAMES[old]} "
                    f"→ {RESULT_NAMES[result]} (--replace)."
                )
        if choose:
            row.write(Change(model.source, "showcase", self.chosen_on))
        row.eligible = (
            not choose
            and model.showcase is None
            and may_be_showcase(reviews, self.year)
            and not may_be_showcase(model.reviews, self.year)
        )

    def may_record(self, model: Model, row: Row) -> bool:
        """Whether the model may have a result for the year (the row says why not)."""
        if model.draft:
            row.fail(
                Status.REFUSED,
                f"{quoted(model.title)} là bản nháp (draft: true), chưa đăng; không ghi kết quả.",
            )
            return False
        if not model.active_in(self.year):
            span = f"đăng ký ngày {format_date(model.registered)}"
            if model.ended:
                span += f", dừng ngày {format_date(model.ended)}"
            row.fail(
                Status.REFUSED,
                f"{quoted(model.title)} không thực hiện trong năm {self.year} ({span}); "
                "không ghi kết quả.",
            )
            return False
        return True

    def result(self, request: Request, reviews: dict[int, bool]) -> bool | None:
        """The result to write (`reviews` then has it); None if there is none, the file
        has it already, or has another (a conflict, said on the row)."""
        wanted, old = request.result, reviews.get(self.year)
        if wanted is None or old == wanted:
            return None
        if old is None or self.replace:
            reviews[self.year] = wanted
            return wanted
        request.row.fail(
            Status.CONFLICT,
            f"{quoted(request.model.title)} đã có kết quả năm {self.year} là "
            f"“{RESULT_NAMES[old]}”, bảng ghi “{RESULT_NAMES[wanted]}”; giữ nguyên (chạy lại "
            "với --replace để ghi theo bảng).",
        )
        return None

    def may_choose(self, request: Request, reviews: dict[int, bool]) -> bool:
        """Whether the model is to be chosen as a showcase (the row says why not)."""
        model, row, year = request.model, request.row, self.year
        if reviews.get(year) is False:
            said = "dòng này ghi" if request.result is False else "tệp đã ghi"
            row.fail(
                Status.REFUSED,
                f"Không chọn được {quoted(model.title)} làm mô hình điểm: {said} “Không công "
                f"nhận” năm {year}; chỉ chọn mô hình được công nhận trong năm.",
            )
            return False
        if model.showcase is not None:
            row.note(
                f"{quoted(model.title)} đã là mô hình điểm từ {format_date(model.showcase)}; "
                "giữ nguyên.",
                Status.UNCHANGED,
            )
            return False
        if may_be_showcase(reviews, year):
            return True
        years = recognized_until(reviews, year)
        have = ", ".join(map(str, years)) or "chưa năm nào"
        row.fail(
            Status.REFUSED,
            f"Không chọn được {quoted(model.title)} làm mô hình điểm: đến năm {year} mới được "
            f"công nhận {len(years)} năm ({have}); cần ít nhất {SHOWCASE_MIN_YEARS} năm.",
        )
        return False

    def change(self, edit: Edit, model: Model, result: bool | None, choose: bool) -> None:
        if result is not None:
            earlier = sorted(y for y in model.reviews if y < self.year)
            edit.set(["reviews", self.year], RESULT_VALUES[result], after=[*earlier, "registered"])
        if choose:
            edit.set(["showcase"], self.chosen_on, after=["reviews", "registered"])

    # -- the whole run ---------------------------------------------------------------

    def run(self, path: Path, dry_run: bool) -> Outcome:
        if self.chosen_on > self.today:
            raise UsageError(
                f"--date {format_date(self.chosen_on)}: ngày chọn mô hình điểm là ngày trong "
                "tương lai."
            )
        catalog = load_catalog(self.settings, self.root, "ghi kết quả bình xét")
        self.outcome = out = Outcome(self.source, dry_run)
        rows, layout = read_sheet(
            path,
            self.source,
            accepts,
            "cột “Mã mô hình” hoặc “Tên mô hình” và cột “Kết quả bình xét năm …”",
            out,
        )
        self.columns(layout, rows)
        out.year = self.year
        files = Files(catalog, self.root)
        self.decide(self.requests(layout, rows, Finder(catalog)), files)
        if not out.rows:
            self.stop(layout, "Bảng không có dòng mô hình nào dưới dòng tiêu đề; chưa ghi tệp nào.")
        if all(row.status is Status.BLANK and not row.messages for row in out.rows):
            self.stop(
                layout,
                f"Bảng chưa ghi kết quả nào: {len(out.rows)} dòng mô hình đều để trống cột kết "
                f"quả năm {self.year} và cột mô hình điểm; chưa ghi tệp nào. Hãy điền kết quả "
                "rồi chạy lại.",
            )
        out.waiting = self.waiting(catalog)
        if not dry_run:
            files.write(out)
        if out.written:
            out.check = recheck(self.settings, self.root)
        return out

    def waiting(self, catalog: Catalog) -> int:
        """Models active in the year that will still have no result for it."""
        done = {row.model.slug for row in self.outcome.changed(result_key(self.year))}
        return sum(
            1
            for m in catalog.published
            if m.active_in(self.year) and self.year not in m.reviews and m.slug not in done
        )
