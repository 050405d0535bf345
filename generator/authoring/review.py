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
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from generator.authoring.files import recheck, write_atomic
from generator.authoring.inplace import Edit, EditError
from generator.authoring.sheets import SheetError, is_footer, read_rows, typed_text
from generator.authoring.yearly import (
    RESULT_NAMES,
    Files,
    Finder,
    Layout,
    NotFound,
    find_layout,
    load_catalog,
    quoted,
)
from generator.data.match import review_result, yes_no
from generator.data.model import (
    SHOWCASE_MIN_YEARS,
    Catalog,
    Model,
    may_be_showcase,
    recognized_until,
)
from generator.data.problem import Problem
from generator.data.settings import Settings
from generator.data.text import format_date
from generator.data.validate import vietnam_today

RESULT_VALUES = {True: "recognized", False: "not-recognized"}


@dataclass(frozen=True)
class Request:
    """What one row asks for one model."""

    row: int
    model: Model
    result: bool | None  # recognised or not; None when the result cell is blank
    showcase: bool


@dataclass
class Outcome:
    recognized: list[Model] = field(default_factory=list)
    not_recognized: list[Model] = field(default_factory=list)
    unchanged: int = 0
    blank: int = 0
    conflicts: list[tuple[int, str]] = field(default_factory=list)
    refused: list[tuple[int, str]] = field(default_factory=list)
    notes: list[tuple[int, str]] = field(default_factory=list)
    problems: dict[int, list[Problem]] = field(default_factory=dict)  # row -> validator's
    chosen: list[Model] = field(default_factory=list)
    eligible: list[Model] = field(default_factory=list)
    waiting: int = 0  # models active in the year still without a result
    written: int = 0


def accepts(layout: Layout) -> bool:
    return layout.names_models and bool(layout.results or "showcase" in layout.columns)


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
        self.year = year
        self.replace = replace
        self.today = vietnam_today()
        self.chosen_on = chosen_on or self.today
        self.outcome = Outcome()

    def fail(self, line: int, message: str) -> int:
        print(f"{self.source}:{line}: {message}")
        return 1

    # -- the sheet ---------------------------------------------------------------

    def columns(self, layout: Layout) -> str | None:
        """Choose the year and its result columns; what is wrong, if anything."""
        strong = {i: h for i, h in layout.results.items() if h.strong}
        pool = strong or layout.results
        years = sorted({h.year for h in pool.values() if h.year is not None})
        if self.year is None:
            if not pool:
                return "Bảng không có cột kết quả bình xét; hãy chọn năm bằng --year."
            if len(years) > 1:
                return (
                    f"Bảng có cột kết quả của các năm {', '.join(map(str, years))}; "
                    "hãy chọn năm bằng --year."
                )
            if not years:
                return (
                    "Tiêu đề cột kết quả không ghi năm; hãy ghi năm (ví dụ “Kết quả bình xét "
                    "năm 2026”) hoặc chọn năm bằng --year."
                )
            self.year = years[0]
        elif pool and not any(h.year in (self.year, None) for h in pool.values()):
            return f"Bảng không có cột kết quả năm {self.year} (có: {', '.join(map(str, years))})."
        chosen = {i: h for i, h in pool.items() if h.year in (self.year, None)}
        self.text_columns = [i for i, h in chosen.items() if h.mark is None]
        self.mark_columns = {i: h.mark for i, h in chosen.items() if h.mark is not None}
        if self.year > self.today.year:
            return f"Năm {self.year} chưa đến; chỉ ghi được kết quả đến năm {self.today.year}."
        if self.year < 1990:
            return f"Năm {self.year} quá sớm, hãy kiểm tra lại."
        if self.chosen_on > self.today:
            return f"Ngày chọn mô hình điểm {format_date(self.chosen_on)} là ngày trong tương lai."
        if self.chosen_on.year < self.year:
            return (
                f"Ngày chọn mô hình điểm ({format_date(self.chosen_on)}) phải từ năm {self.year} "
                "trở đi, sau khi có kết quả bình xét năm đó."
            )
        return None

    def result_of(self, cells: list[object], problems: list[str]) -> bool | None:
        found: set[bool] = set()
        for index in self.text_columns:
            text = typed_text(cells[index]) if index < len(cells) else ""
            if not text:
                continue
            result = review_result(text)
            if result is None:
                problems.append(
                    f"Kết quả “{text}” không rõ; ghi “Công nhận” hoặc “Không công nhận” "
                    "(hoặc Đạt, Không đạt)."
                )
            else:
                found.add(result == "recognized")
        for index, mark in self.mark_columns.items():
            text = typed_text(cells[index]) if index < len(cells) else ""
            if text and yes_no(text) is not False:
                found.add(mark == "recognized")
        if len(found) > 1:
            problems.append("Dòng ghi cả “Công nhận” và “Không công nhận”.")
        return found.pop() if len(found) == 1 and not problems else None

    def showcase_of(self, layout: Layout, cells: list[object], problems: list[str]) -> bool:
        text = layout.text(cells, "showcase")
        if not text:
            return False
        chosen = yes_no(text)
        if chosen is None:
            problems.append(
                f"Cột “Chọn làm mô hình điểm” ghi “{text}”; ghi “Có” để chọn, hoặc để trống."
            )
            return False
        return chosen

    def requests(self, layout: Layout, rows, finder: Finder) -> list[Request]:
        out = self.outcome
        found = []
        for number, cells in rows:
            cells = list(cells)
            if number <= layout.row or not any(typed_text(c) for c in cells):
                continue
            if is_footer(cells) and not layout.text(cells, "slug"):
                break  # signatures and the date: the list has ended
            problems: list[str] = []
            result = self.result_of(cells, problems)
            showcase = self.showcase_of(layout, cells, problems)
            if problems:
                out.refused += [(number, problem) for problem in problems]
                continue
            if result is None and not showcase:
                # A model's blank result changes nothing; a group heading ("Đảng bộ
                # phường …") names no model.
                out.blank += finder.named(layout, cells) is not None
                continue
            try:
                model = finder.find(layout, cells)
            except NotFound as error:
                out.refused.append((number, str(error)))
                continue
            found.append(Request(number, model, result, showcase))
        return found

    # -- the models ----------------------------------------------------------------

    def decide(self, requests: list[Request], files: Files) -> None:
        groups: dict[str, list[Request]] = defaultdict(list)
        for request in requests:
            groups[request.model.slug].append(request)
        for group in groups.values():
            first = group[0]
            if len({(r.result, r.showcase) for r in group}) > 1:
                rows = ", ".join(str(r.row) for r in group)
                for r in group:
                    self.outcome.conflicts.append(
                        (
                            r.row,
                            f"{quoted(r.model.title)} có ở các dòng {rows} với nội dung khác nhau; "
                            "chưa ghi dòng nào, hãy giữ lại một dòng.",
                        )
                    )
                continue
            for r in group[1:]:
                self.outcome.notes.append((r.row, f"Trùng với dòng {first.row}; chỉ tính một lần."))
            self.apply(first, files)

    def apply(self, request: Request, files: Files) -> None:
        out, year, model, row = self.outcome, self.year, request.model, request.row
        title = model.title
        if model.draft:
            out.refused.append(
                (row, f"{quoted(title)} là bản nháp (draft: true), chưa đăng; không ghi kết quả.")
            )
            return
        if not model.active_in(year):
            span = f"đăng ký ngày {format_date(model.registered)}"
            if model.ended:
                span += f", dừng ngày {format_date(model.ended)}"
            out.refused.append(
                (
                    row,
                    f"{quoted(title)} không thực hiện trong năm {year} ({span}); không ghi kết quả.",
                )
            )
            return
        reviews = dict(model.reviews)
        result = None
        reported = len(out.conflicts) + len(out.refused)
        if request.result is not None:
            old = reviews.get(year)
            if old is None or (old != request.result and self.replace):
                result = request.result
                reviews[year] = result
            elif old != request.result:
                out.conflicts.append(
                    (
                        row,
                        f"{quoted(title)} đã có kết quả năm {year} là “{RESULT_NAMES[old]}”, bảng "
                        f"ghi “{RESULT_NAMES[request.result]}”; giữ nguyên (chạy lại với --replace "
                        "để ghi theo bảng).",
                    )
                )
        choose = False
        if request.showcase:
            if model.showcase is not None:
                out.notes.append(
                    (
                        row,
                        f"{quoted(title)} đã là mô hình điểm từ {format_date(model.showcase)}; "
                        "giữ nguyên.",
                    )
                )
            elif may_be_showcase(reviews, year):
                choose = True
            else:
                years = recognized_until(reviews, year)
                have = ", ".join(map(str, years)) or "chưa năm nào"
                out.refused.append(
                    (
                        row,
                        f"Không chọn được {quoted(title)} làm mô hình điểm: đến năm {year} mới được "
                        f"công nhận {len(years)} năm ({have}); cần ít nhất {SHOWCASE_MIN_YEARS} năm.",
                    )
                )
        if (result is not None or choose) and not self.edit(request, result, choose, files):
            return
        old = model.reviews.get(year)
        if result is not None and old is not None:
            out.notes.append(
                (
                    row,
                    f"Thay kết quả năm {year} của {quoted(title)}: {RESULT_NAMES[old]} → "
                    f"{RESULT_NAMES[result]} (--replace).",
                )
            )
        if result is None and not choose:
            out.unchanged += len(out.conflicts) + len(out.refused) == reported
        elif result is True:
            out.recognized.append(model)
        elif result is False:
            out.not_recognized.append(model)
        if choose:
            out.chosen.append(model)
        elif (
            model.showcase is None
            and may_be_showcase(reviews, year)
            and not may_be_showcase(model.reviews, year)
        ):
            out.eligible.append(model)

    def edit(self, request: Request, result: bool | None, choose: bool, files: Files) -> bool:
        """Make the file's edit and check it; whether it may be written."""
        model = request.model
        try:
            edit = Edit(files.path(model))
            if result is not None:
                earlier = sorted(y for y in model.reviews if y < self.year)
                edit.set(
                    ["reviews", self.year], RESULT_VALUES[result], after=[*earlier, "registered"]
                )
            if choose:
                edit.set(["showcase"], self.chosen_on, after=["reviews", "registered"])
        except (EditError, OSError) as error:
            self.outcome.refused.append(
                (request.row, f"Không sửa được tệp {model.source} tại chỗ: {error}")
            )
            return False
        problems = files.check(model, edit)
        if problems:
            self.outcome.refused.append(
                (request.row, f"Chưa ghi vào {model.source}: trình kiểm tra báo lỗi.")
            )
            self.outcome.problems[request.row] = problems
            return False
        files.keep(edit)
        return True

    # -- the whole run ---------------------------------------------------------------

    def run(self, path: Path, dry_run: bool, summary: Path | None = None) -> int:
        catalog = load_catalog(self.settings, self.root, print, "ghi kết quả bình xét")
        if catalog is None:
            return 1
        notes: list[tuple[int, str]] = []
        try:
            rows = read_rows(path, notes, lambda rows: find_layout(rows, accepts))
        except SheetError as error:
            return self.fail(1, str(error))
        layout = find_layout(rows, accepts)
        if layout is None:
            return self.fail(
                1,
                "Không thấy dòng tiêu đề có cột “Mã mô hình” hoặc “Tên mô hình” và cột "
                "“Kết quả bình xét năm …” trong 20 dòng đầu.",
            )
        wrong = self.columns(layout)
        if wrong:
            return self.fail(layout.row, wrong)
        self.outcome.notes += notes
        files = Files(catalog, self.root)
        self.decide(self.requests(layout, rows, Finder(catalog)), files)
        out = self.outcome
        out.waiting = self.waiting(catalog)
        if not dry_run:
            out.written = files.write(print)
        self.report(dry_run, summary)
        failed = False
        if summary is not None and not dry_run:
            try:
                write_atomic(summary, self.markdown())
                print(f"Đã ghi bản tóm tắt vào {summary}.")
            except OSError as error:
                print(f"{summary}:1: Không ghi được bản tóm tắt: {error.strerror or error}.")
                failed = True
        if out.written and not recheck(self.settings, self.root, print):
            return 1
        return 1 if failed or out.conflicts or out.refused else 0

    def waiting(self, catalog: Catalog) -> int:
        """Models active in the year that will still have no result for it."""
        done = {m.slug for m in (*self.outcome.recognized, *self.outcome.not_recognized)}
        return sum(
            1
            for m in catalog.published
            if m.active_in(self.year) and self.year not in m.reviews and m.slug not in done
        )

    # -- what it says ------------------------------------------------------------------

    def counts(self) -> list[tuple[str, int]]:
        out = self.outcome
        return [
            ("Công nhận", len(out.recognized)),
            ("Không công nhận", len(out.not_recognized)),
            ("Không đổi (đã ghi như vậy)", out.unchanged),
            ("Xung đột (giữ nguyên)", len(out.conflicts)),
            ("Không ghi được", len(out.refused)),
            ("Để trống", out.blank),
        ]

    def lists(self) -> list[tuple[str, list[Model]]]:
        out = self.outcome
        return [
            ("Được chọn làm mô hình điểm", out.chosen),
            ("Nay đủ điều kiện chọn làm mô hình điểm", out.eligible),
        ]

    def report(self, dry_run: bool, summary: Path | None) -> None:
        out = self.outcome
        lines = [*out.notes, *out.conflicts, *out.refused]
        for number, message in sorted(lines, key=lambda line: line[0]):
            print(f"{self.source}:{number}: {message}")
            for problem in out.problems.get(number, []):
                print(str(problem))
        print(f"Bình xét năm {self.year} ({self.source}):")
        for label, count in self.counts():
            print(f"  {label}: {count}")
        for label, models in self.lists():
            if models:
                print(
                    f"{label} ({len(models)}): " + "; ".join(quoted(m.title) for m in models) + "."
                )
        print(f"Còn {out.waiting} mô hình đang thực hiện năm {self.year} chưa có kết quả.")
        if dry_run:
            print("Chạy thử: chưa ghi tệp nào" + (", kể cả bản tóm tắt." if summary else "."))
        else:
            print(f"Đã ghi {out.written} tệp mô hình.")

    def markdown(self) -> str:
        """The same summary, to paste into the pull request."""
        out = self.outcome
        lines = [
            f"## Bình xét năm {self.year}",
            "",
            f"Từ bảng `{Path(self.source).name}`, ghi ngày {format_date(self.today)}: "
            f"{out.written} tệp mô hình được sửa.",
            "",
            "| Kết quả | Số dòng |",
            "| --- | ---: |",
            *(f"| {label} | {count} |" for label, count in self.counts()),
            "",
        ]
        for label, models in self.lists():
            lines += [f"### {label} ({len(models)})", ""]
            lines += [f"- {md(m.title)} (`{m.source}`)" for m in models] or ["Không có."]
            lines.append("")
        lines.append(f"Còn {out.waiting} mô hình đang thực hiện năm {self.year} chưa có kết quả.")
        review = sorted([*out.conflicts, *out.refused], key=lambda line: line[0])
        if review:
            lines += ["", f"### Cần xem lại ({len(review)})", ""]
            lines += [f"- Dòng {number}: {md(message)}" for number, message in review]
        return "\n".join(lines) + "\n"


def md(text: str) -> str:
    """Text that Markdown shows as it is: its own marks escaped."""
    return "".join("\\" + ch if ch in "\\`*_[]<>|#" else ch for ch in text)
