"""Command line: `python -m generator validate` and friends, over the same core."""

from __future__ import annotations

import argparse
import contextlib
import os
import string
import sys
from datetime import date
from pathlib import Path

from generator.authoring import commend, importer, review, reviewsheet, units, uploads, wizard
from generator.authoring.files import Busy, Taken, iso_date, write_atomic
from generator.authoring.outcome import (
    FAILED,
    NOT_FOUND,
    Change,
    DataCheck,
    Message,
    Outcome,
    Row,
    Status,
    Stopped,
    UsageError,
)
from generator.authoring.uploads import SHEETS_DIR
from generator.authoring.yearly import quoted
from generator.data import jsonschema
from generator.data.load import LoadError, load
from generator.data.model import Commendation, Unit
from generator.data.options import option_line, settings_from
from generator.data.problem import Problem
from generator.data.schema import BODY_SECTIONS
from generator.data.settings import RESULT_NAMES, UNIT_TYPES, SettingsError
from generator.data.stats import years
from generator.data.text import format_date
from generator.data.validate import vietnam_today
from generator.site import urls
from generator.site.report import all_tables, as_text, year_tables


def github_annotation(problem, level: str = "error", title: str = "Lỗi dữ liệu mô hình") -> str:
    message = problem.message.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return f"::{level} file={problem.path},line={problem.line},title={title}::{message}"


def github_warning(problem) -> str:
    return github_annotation(problem, "warning", "Cảnh báo dữ liệu mô hình")


def warning_text(problem) -> str:
    return f"{problem.path}:{problem.line}: Cảnh báo: {problem.message}"


def load_or_report(args: argparse.Namespace, out=None, show=str, warn=None):
    """The project's catalog; or None, once each problem is printed to `out`
    (stderr if not given; as `show` writes it), and their count last, there too.
    Warnings are printed too when `warn` says how."""
    settings, root = settings_from(Path(args.config))
    try:
        catalog = load(settings, root)
    except LoadError as error:
        for problem in error.problems:
            print(show(problem), file=out or sys.stderr)
        for problem in error.warnings if warn else []:
            print(warn(problem), file=out or sys.stderr)
        print(f"Có {len(error.problems)} lỗi cần sửa.", file=out or sys.stderr)
        return None
    for problem in catalog.warnings if warn else []:
        print(warn(problem), file=out or sys.stderr)
    return catalog


def cmd_validate(args: argparse.Namespace) -> int:
    github = args.format == "github"
    show, warn = (github_annotation, github_warning) if github else (str, warning_text)
    catalog = load_or_report(args, sys.stdout, show, warn)
    if catalog is None:
        return 1
    drafts = len(catalog.models) - len(catalog.published)
    extra = f" ({drafts} bản nháp)" if drafts else ""
    warned = f"; {len(catalog.warnings)} cảnh báo nên sửa" if catalog.warnings else ""
    print(
        f"Hợp lệ: {len(catalog.models)} mô hình{extra} và {len(catalog.units)} đơn vị, "
        f"không có lỗi{warned}."
    )
    return 0


def cmd_stats(args: argparse.Namespace) -> int:
    catalog = load_or_report(args)  # stdout is for the tables
    if catalog is None:
        return 1
    if args.year is None:
        tables = all_tables(catalog)
    elif args.year in years(catalog):
        tables = year_tables(catalog, args.year)
    else:
        known = years(catalog)
        span = f"từ {known[0]} đến {known[-1]}" if known else "chưa có năm nào"
        print(f"Không có số liệu năm {args.year}; các năm có số liệu: {span}.", file=sys.stderr)
        return 2
    print(as_text(tables), end="")
    if args.xlsx:
        from generator.site.workbook import write_workbook  # openpyxl loads only when asked for

        try:
            write_workbook(tables, Path(args.xlsx), catalog.settings.organization, vietnam_today())
        except OSError as error:
            print(f"Không ghi được tệp {args.xlsx}: {error.strerror or error}.", file=sys.stderr)
            return 1
        print(f"Đã ghi {len(tables)} bảng vào tệp {args.xlsx}.", file=sys.stderr)
    return 0


# -- the authoring tools: each returns an Outcome (or raises Stopped), said here -----------

MARKS = frozenset(string.punctuation)  # what Markdown may read as a mark: all escaped

# Within one line of a sheet: what is written, then notes, conflicts, refusals.
RANKS = {
    Status.WRITTEN: 0,
    Status.CONFLICT: 2,
    **{status: 3 for status in FAILED - {Status.CONFLICT}},
}


def say(lines, file=None) -> None:
    for line in lines:
        print(line, file=file or sys.stdout)


def rank(message: Message) -> int:
    return RANKS.get(message.status, 1)


def row_lines(outcome: Outcome, change_text=None, refused: str = "", listing=None) -> list[str]:
    """The notes on the sheet and what is said of each row, in the sheet's order: within
    a line what is written (as `change_text` says it; or, given `listing`, the line it
    makes of the row), notes, conflicts, refusals (after `refused`), then the validator's
    problems of the row."""
    entries = [
        (note.line, 1, f"{outcome.source}:{note.line}: {note.text}") for note in outcome.notes
    ]
    for row in outcome.rows:
        said = [(0, change_text(change)) for change in row.changes] if change_text else []
        if listing is not None:
            said = [(0, text) for text in [listing(row)] if text]
        said += [
            (rank(m), refused + m.text if m.status in FAILED else m.text) for m in row.messages
        ]
        said.sort(key=lambda pair: pair[0])
        texts = [f"{row.where}: {text}" for _, text in said]
        if texts and row.problems:
            texts[-1] = "\n".join([texts[-1], *map(str, row.problems)])
        entries += [(row.line, order, text) for (order, _), text in zip(said, texts, strict=True)]
    return [text for *_, text in sorted(entries, key=lambda entry: entry[:2])]


def check_lines(check: DataCheck | None) -> list[str]:
    """What the data set's check after writing found."""
    if check is None:
        return []
    if check.problems:
        return [str(problem) for problem in check.problems]
    return [f"Kiểm tra: hợp lệ, {check.models} mô hình và {check.units} đơn vị."]


def dry_run_note(outcome: Outcome) -> str:
    return " Chạy thử: chưa ghi tệp nào." if outcome.dry_run else ""


def cmd_new(args: argparse.Namespace) -> int:
    settings, root = settings_from(Path(args.config))
    outcome = wizard.Wizard(settings, root, args, input, print).run()
    row = outcome.rows[0]
    for change in row.changes:
        if isinstance(change.value, Unit):
            print(f"Đã thêm đơn vị {change.value.name} ({change.value.id}) vào danh mục.")
    say(message.text for message in row.messages)
    say(f"Đã tạo {change.path}." for change in row.changes if not isinstance(change.value, Unit))
    print(
        f"Việc tiếp theo: mở tệp, viết các mục {', '.join(BODY_SECTIONS)} (thay các dòng "
        "<!-- ... -->), rồi chạy `mkdocs serve` để xem trang."
    )
    say(check_lines(outcome.check))
    # Problems elsewhere in the data set are said, but are not this model's.
    return 1 if outcome.check.blames(set(outcome.written)) else 0


def cmd_import(args: argparse.Namespace) -> int:
    settings, root = settings_from(Path(args.config))
    outcome = importer.Importer(settings, root, args.file).run(Path(args.file), args.dry_run)
    dry = outcome.dry_run

    def change_text(change: Change) -> str:
        if isinstance(change.value, Unit):
            unit = change.value
            verb = "Sẽ thêm" if dry else "Đã thêm"
            return f"{verb} đơn vị mới {unit.name}, {unit.locality} (mã {unit.id}){change.note}."
        return f"{'Sẽ tạo' if dry else 'Đã tạo'} {change.path}."

    say(row_lines(outcome, change_text, "Không nhập: "))
    new_units = sum(isinstance(change.value, Unit) for change in outcome.changes())
    refused, there = outcome.count(Status.REFUSED), outcome.count(Status.UNCHANGED)
    print(
        f"{'Sẽ tạo' if dry else 'Đã tạo'} {outcome.count(Status.WRITTEN)} mô hình và {new_units} "
        f"đơn vị mới; {refused} dòng không nhập được"
        + (f"; {there} mô hình đã có như bảng ghi" if there else "")
        + "."
        + dry_run_note(outcome)
    )
    say(check_lines(outcome.check))
    return 1 if refused or (outcome.check and outcome.check.blames()) else 0


def cmd_units_migrate(args: argparse.Namespace) -> int:
    settings, root = settings_from(Path(args.config))
    outcome = units.Migration(settings, root).run(args.dry_run)
    say(row_lines(outcome))
    changed = outcome.count(Status.WRITTEN)
    if not changed and not outcome.failed:
        print(f"{outcome.source}: các đơn vị đã ở xã, phường hiện nay, có đủ mã; không cần đổi.")
        return 0
    moved = len(outcome.changed("history"))
    print(
        f"{'Sẽ' if outcome.dry_run else 'Đã'} chuyển {moved} đơn vị sang xã, phường hiện nay, "
        f"thêm hoặc sửa mã, tên cho {changed - moved} đơn vị; {outcome.reported(Status.REFUSED)} "
        "đơn vị cần người chọn, chưa đổi." + dry_run_note(outcome)
    )
    say(map(str, outcome.unwritten))
    say(check_lines(outcome.check))
    return 1 if outcome.unwritten or outcome.failed else 0


def day(text: str) -> date:
    """A date typed as 15/03/2026 or 2026-03-15, for an option."""
    try:
        return date.fromisoformat(iso_date(text))
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"{quoted(text)} không phải một ngày; viết dạng 15/03/2026 hoặc 2026-03-15."
        ) from None


def year(text: str) -> int:
    """A year typed as 2026, for an option."""
    if not text.strip().isdigit():
        raise argparse.ArgumentTypeError(f"{quoted(text)} không phải một năm; viết dạng 2026.")
    return int(text)


def cmd_review_sheet(args: argparse.Namespace) -> int:
    settings, root = settings_from(Path(args.config))
    from generator.site.reviewsheet import review_workbook  # openpyxl, only when asked for

    outcome = reviewsheet.make(
        settings, root, args.year, Path(args.file), args.file, review_workbook
    )
    year, done = outcome.year, outcome.count(Status.UNCHANGED)
    choosable = sum(row.eligible for row in outcome.rows)
    print(
        f"Đã ghi {outcome.source}: bảng bình xét năm {year}, {len(outcome.rows)} mô hình đang "
        f"thực hiện ({choosable} có thể chọn làm mô hình điểm nếu được công nhận"
        + (f"; {done} đã có kết quả năm {year}, điền sẵn" if done else "")
        + ")."
    )
    return 0


def review_counts(outcome: Outcome) -> list[tuple[str, int]]:
    """The rows of the review table, by what became of them."""
    result = review.result_key(outcome.year)
    return [
        ("Công nhận", len(outcome.changed(result, review.RESULT_VALUES[True]))),
        ("Không công nhận", len(outcome.changed(result, review.RESULT_VALUES[False]))),
        ("Không đổi (đã ghi như vậy)", outcome.count(Status.UNCHANGED)),
        ("Xung đột (giữ nguyên)", outcome.reported(Status.CONFLICT)),
        ("Không ghi được", outcome.reported(Status.REFUSED, *NOT_FOUND)),
        ("Để trống", outcome.count(Status.BLANK)),
    ]


def review_lists(outcome: Outcome) -> list[tuple[str, list[Row]]]:
    return [
        ("Được chọn làm mô hình điểm", outcome.changed("showcase")),
        ("Nay đủ điều kiện chọn làm mô hình điểm", [row for row in outcome.rows if row.eligible]),
    ]


# What became of a row, by its status: in words, and the sign the reports show with them.
STATUS_WORDS = {
    Status.WRITTEN: "Đã ghi",
    Status.UNCHANGED: "Đã có, không đổi",
    Status.BLANK: "Để trống, không ghi gì",
    Status.DUPLICATE: "Trùng dòng khác, tính một lần",
    Status.UNKNOWN: "Không tìm thấy mô hình",
    Status.AMBIGUOUS: "Nhiều mô hình trùng tên",
    Status.CONFLICT: "Xung đột, giữ nguyên tệp",
    Status.REFUSED: "Không ghi được",
}
STATUS_SIGNS = {
    Status.WRITTEN: "✅",
    Status.UNCHANGED: "☑️",
    Status.BLANK: "▫️",
    Status.DUPLICATE: "↩️",
    Status.UNKNOWN: "❌",
    Status.AMBIGUOUS: "❌",
    Status.CONFLICT: "⚠️",
    Status.REFUSED: "❌",
}


def what_is_written(row: Row, dry: bool) -> str:
    """What a row writes, or what became of it."""
    if row.changes:
        writes = "; ".join(change_words(change, dry) for change in row.changes)
        return f"{'sẽ ghi' if dry else 'đã ghi'} {writes}"
    return STATUS_WORDS[row.status].lower()


def matched(row: Row) -> str:
    """The model a row was matched to: “title” (id; unit)."""
    model = row.model
    return f"{quoted(model.title)} ({'; '.join(filter(None, [model.slug, model.unit]))})"


def listing(outcome: Outcome):
    """The line of a row in a dry run's listing: its model, and what it writes; rows that
    name no model have only what is said of them."""

    def line(row: Row) -> str | None:
        if row.model is None:
            return None
        return f"{matched(row)}: {what_is_written(row, outcome.dry_run)}."

    return line


def review_report(outcome: Outcome, summary: bool) -> list[str]:
    """What `review apply` says: each row that has something said (in a dry run, every
    row: the model it names and what it writes), then the figures."""
    year = outcome.year
    listed = listing(outcome) if outcome.dry_run else None
    lines = [*map(str, outcome.unwritten), *row_lines(outcome, listing=listed)]
    lines.append(f"Bình xét năm {year} ({outcome.source}):")
    lines += [f"  {label}: {count}" for label, count in review_counts(outcome)]
    for label, rows in review_lists(outcome):
        if rows:
            lines.append(
                f"{label} ({len(rows)}): " + "; ".join(quoted(r.model.title) for r in rows) + "."
            )
    lines.append(f"Còn {outcome.waiting} mô hình đang thực hiện năm {year} chưa có kết quả.")
    if outcome.dry_run:
        lines.append("Chạy thử: chưa ghi tệp nào" + (", kể cả bản tóm tắt." if summary else "."))
    else:
        lines.append(f"Đã ghi {len(outcome.written)} tệp mô hình.")
    return lines


def review_markdown(outcome: Outcome, site_url: str = "") -> str:
    """The same summary, to paste into the pull request, with every row of the sheet
    (folded away): the model it was matched to and what it wrote, to check loose matches."""
    year = outcome.year
    lines = [
        f"## Bình xét năm {year}",
        "",
        f"Từ bảng {md(Path(outcome.source).name)}, ghi ngày {format_date(vietnam_today())}: "
        f"{len(outcome.written)} tệp mô hình được sửa.",
        "",
        "| Kết quả | Số dòng |",
        "| --- | ---: |",
        *(f"| {label} | {count} |" for label, count in review_counts(outcome)),
        "",
    ]
    for label, rows in review_lists(outcome):
        lines += [f"### {label} ({len(rows)})", ""]
        lines += [f"- {md(r.model.title)} (`{r.model.path}`)" for r in rows] or ["Không có."]
        lines.append("")
    lines.append(f"Còn {outcome.waiting} mô hình đang thực hiện năm {year} chưa có kết quả.")
    failed = sorted(
        (row.line, rank(m), m.text)
        for row in outcome.rows
        for m in row.messages
        if m.status in FAILED
    )
    if failed:
        lines += ["", f"### Cần xem lại ({len(failed)})", ""]
        lines += [f"- Dòng {line}: {md(text)}" for line, _, text in failed]
    lines += [
        "",
        f"### Từng dòng ({len(outcome.rows)})",
        "",
        "<details><summary>Mô hình tìm được cho mỗi dòng của bảng, và những gì đã ghi</summary>",
        "",
        *ROWS_HEADER,
        *(row_line(row, site_url, outcome.dry_run) for row in outcome.rows),
        "",
        "</details>",
    ]
    return "\n".join(lines) + "\n"


def md(text: str) -> str:
    """Text as GitHub's Markdown shows it: one line, every ASCII mark escaped (so no link,
    tag, table cell or emphasis starts in it), and no @name or #number that would call a
    person or point at an issue."""
    escaped = "".join("\\" + ch if ch in MARKS else ch for ch in " ".join(text.split()))
    return escaped.replace("@", "@\u2060").replace("#", "#\u2060")  # a word joiner: unseen


def cmd_review_apply(args: argparse.Namespace) -> int:
    settings, root = settings_from(Path(args.config))
    run = review.Review(settings, root, args.file, args.year, args.replace, args.date)
    outcome = run.run(Path(args.file), args.dry_run)
    summary = Path(args.summary) if args.summary else None
    say(review_report(outcome, summary is not None))
    unsaved = False
    if summary is not None and not outcome.dry_run:
        try:
            write_atomic(summary, review_markdown(outcome, settings.site_url))
            print(f"Đã ghi bản tóm tắt vào {summary}.")
        except OSError as error:
            print(f"{summary}:1: Không ghi được bản tóm tắt: {error.strerror or error}.")
            unsaved = True
    say(check_lines(outcome.check))
    checked = outcome.check is None or not outcome.check.blames()
    return 1 if unsaved or not checked or outcome.failed or outcome.unwritten else 0


SHEET_SUFFIXES = {".xlsx", ".xlsm", ".xls", ".csv", ".txt", ".tsv"}


def cmd_commend(args: argparse.Namespace) -> int:
    models = " ".join(args.models) if args.models is not None else None
    # A sheet's name among the slugs: written after `--models`, which takes every word.
    sheets = [m for m in args.models or [] if Path(m).suffix.lower() in SHEET_SUFFIXES]
    if sheets or (models is None) == (args.file is None):
        print(
            "Hãy ghi các mô hình được biểu dương bằng một trong hai cách: --models mã mã … "
            "(hoặc --models mã,mã,…), hoặc một bảng tính (.xlsx, .csv), không cả hai.",
            file=sys.stderr,
        )
        return 2
    named = [args.date, args.by, args.decision, args.title]
    if (args.date is None or args.by is None) and (args.file is None or any(named)):
        print(
            "Hãy ghi ngày và cơ quan biểu dương: --date NGÀY --by CƠ-QUAN (với một bảng tính, "
            "có thể ghi chúng ở trên bảng, như mẫu mau-bieu-duong.xlsx của trang).",
            file=sys.stderr,
        )
        return 2
    given = commend.commendation(*named) if args.date else None  # None: the sheet says it
    settings, root = settings_from(Path(args.config))
    source = args.file or "--models"
    run = commend.Commend(settings, root, given)
    outcome = run.run(models, Path(args.file) if args.file else None, source, args.dry_run)
    say(commend_report(outcome, run.commendation))
    say(check_lines(outcome.check))
    checked = outcome.check is None or not outcome.check.blames()
    return 1 if not checked or outcome.failed or outcome.unwritten else 0


def commend_report(outcome: Outcome, given: Commendation) -> list[str]:
    """What `commend` says: what could not be written, what was there already (in a dry
    run, every row: the model it names and what it writes), the round."""
    if outcome.dry_run:
        lines = row_lines(outcome, listing=listing(outcome))
    else:
        lines = [f"{outcome.source}:{note.line}: {note.text}" for note in outcome.notes]
        lines += map(str, outcome.unwritten)
        for row in outcome.rows:
            refused = [f"{row.where}: {m.text}" for m in row.messages if m.status in FAILED]
            lines += refused + ([str(p) for p in row.problems] if refused else [])
        lines += [
            f"{row.where}: {m.text}"
            for row in outcome.rows
            for m in row.messages
            if m.status is Status.UNCHANGED or m.status is None
        ]
    what = ", ".join(filter(None, [given.decision, f"ngày {format_date(given.date)}", given.by]))
    lines.append(
        f"{'Sẽ thêm' if outcome.dry_run else 'Đã thêm'} biểu dương ({what}) cho "
        f"{outcome.count(Status.WRITTEN)} mô hình; {outcome.count(Status.UNCHANGED)} đã có; "
        f"{outcome.reported(*FAILED)} không ghi được." + dry_run_note(outcome)
    )
    return lines


# -- sheets apply: the uploaded sheets, and the report on the pull request -----------------

REPORT_MARK = "<!-- dvk:bang-tinh -->"  # how the workflow finds its own comment again
REPLACE_LABEL = "bang-tinh-ghi-de"  # the pull request's label that means --replace
COMMENT_LIMIT = 60_000  # GitHub takes comments of up to 65,536 characters
ROWS_HEADER = ["| Dòng | Trong bảng | Mô hình | Kết quả |", "| ---: | --- | --- | --- |"]
KIND_WORDS = {
    uploads.Kind.REVIEW: "bảng bình xét",
    uploads.Kind.COMMENDATION: "danh sách biểu dương",
    uploads.Kind.IMPORT: "danh sách mô hình mới",
}


def needs_person(row: Row) -> bool:
    return row.says(*FAILED)


def change_words(change: Change, dry: bool = False) -> str:
    """What a row writes, in plain Vietnamese."""
    if change.key.startswith("reviews."):
        year = change.key.removeprefix("reviews.")
        return f"kết quả năm {year}: {RESULT_NAMES[change.value == review.RESULT_VALUES[True]]}"
    if change.key == "showcase":
        return f"chọn làm mô hình điểm từ {format_date(change.value)}"
    if change.key == "commendations":
        return "thêm lần biểu dương này"
    if isinstance(change.value, Unit):
        unit = change.value
        return f"thêm đơn vị mới {unit.name}, {unit.locality} (mã {unit.id}){change.note}"
    return f"{'sẽ tạo' if dry else 'tạo'} tệp {change.path}" if not change.key else str(change)


def model_cell(row: Row, site_url: str) -> str:
    if row.model is None:
        return "—"
    title = md(row.model.title)
    if site_url:  # a new model's page is there once the pull request is merged
        title = f"[{title}]({urls.url(site_url, urls.model(row.model.slug))})"
    return f"{title} `{row.model.slug}`"


def result_cell(row: Row, dry: bool) -> str:
    said = [f"{STATUS_SIGNS[row.status]} {STATUS_WORDS[row.status]}"]
    said += [md(change_words(change, dry)) for change in row.changes]
    said += [md(m.text) for m in sorted(row.messages, key=rank)]
    said += [md(str(problem)) for problem in row.problems]
    return "<br>".join(said)


def row_line(row: Row, site_url: str, dry: bool) -> str:
    typed = " · ".join(md(v) for v in row.typed.values()) or "—"
    return f"| {row.line or md(row.where)} | {typed} | {model_cell(row, site_url)} | {result_cell(row, dry)} |"


def sheet_title(applied: uploads.Applied, replace: bool) -> str:
    if applied.unread:
        return f"{md(applied.source)}: ❌ chưa áp dụng được"
    what = KIND_WORDS[applied.kind]
    if applied.kind is uploads.Kind.REVIEW:
        what += f" năm {applied.outcome.year}" + (" (ghi đè xung đột)" if replace else "")
    round_ = applied.commendation
    if round_ is not None:
        parts = [round_.decision, f"ngày {format_date(round_.date)}", round_.by, round_.title]
        what += ": " + md(", ".join(filter(None, parts)))
    return f"{md(applied.source)}: {what}"


def sheet_counts(outcome: Outcome) -> str:
    counts = [
        (outcome.count(Status.WRITTEN), "dòng được ghi"),
        (outcome.count(Status.UNCHANGED), "đã có"),
        (outcome.count(Status.BLANK), "để trống"),
        (outcome.count(Status.DUPLICATE), "trùng dòng khác"),
        (sum(map(needs_person, outcome.rows)), "cần người xem lại"),
    ]
    said = "; ".join(f"{n} {label}" for n, label in counts if n) or "không có dòng nào"
    return said[:1].upper() + said[1:] + f"; {len(outcome.written)} tệp được sửa."


def sheet_markdown(applied: uploads.Applied, site_url: str, replace: bool, brief: int) -> list[str]:
    """One sheet's part: its title, then a table, a line per row; `brief` 1 leaves out the
    rows that ask for nothing new (blank, there already), 2 all but those needing a person."""
    lines = [f"### {sheet_title(applied, replace)}", ""]
    if applied.unread:
        return lines + [f"- {md(str(line))}" for line in applied.stopped] + [""]
    outcome = applied.outcome
    lines += [sheet_counts(outcome), ""]
    quiet = {Status.BLANK, Status.UNCHANGED, Status.DUPLICATE} if brief else set()
    shown = [r for r in outcome.rows if needs_person(r) or (r.status not in quiet and brief < 2)]
    if shown:
        lines += ROWS_HEADER
        lines += [row_line(row, site_url, outcome.dry_run) for row in shown]
        lines.append("")
    if len(shown) < len(outcome.rows):
        lines += [f"Không liệt kê {len(outcome.rows) - len(shown)} dòng không cần xem lại.", ""]
    lines += [f"- Dòng {note.line}: {md(note.text)}" for note in outcome.notes]
    lines += [f"- {md(str(problem))}" for problem in outcome.unwritten]
    lines += [f"- {md(line)}" for line in check_lines(outcome.check)]
    return lines + ([""] if lines[-1] else [])


def sheets_markdown(
    applied: list[uploads.Applied], base: str, site_url: str, replace: bool, dry: bool
) -> str:
    """The report of `sheets apply` for the pull request: a table per sheet, a line per
    row, everything typed escaped; within COMMENT_LIMIT, leaving out first the rows that
    ask for nothing, then those written, never those that need a person."""
    head = [REPORT_MARK, "## Kết quả áp dụng bảng tính", ""]
    if not applied:
        return "\n".join([*head, f"Không có bảng tính nào trong {SHEETS_DIR}/ được thêm hay "
                          f"sửa so với {md(base)}.", ""])  # fmt: skip
    waiting = [
        (a.source, row) for a in applied if not a.unread for row in a.outcome.rows
        if needs_person(row)
    ]  # fmt: skip
    unread = [a.source for a in applied if a.unread]
    written = sum(len(a.outcome.written) for a in applied if not a.unread)
    done = "Chạy thử: chưa ghi tệp nào." if dry else f"Đã ghi {written} tệp trên nhánh này."
    head += [f"Đã đọc {len(applied)} bảng tính trong {SHEETS_DIR}/ (thêm hoặc sửa so với "
             f"{md(base)}). {done}", ""]  # fmt: skip
    if not waiting and not unread:
        head += ["✅ Mọi dòng đã được ghi hoặc đã có sẵn.", ""]
    else:
        head += ["❌ Cần người xem lại:", ""]
        head += [f"- {md(source)}: chưa áp dụng được (xem dưới)." for source in unread]
        head += [
            f"- {md(source)}, dòng {row.line}: "
            + md(next(m.text for m in row.messages if m.status in FAILED))
            for source, row in waiting
        ]
        head += [
            "",
            "Sửa bảng tính trong Excel rồi tải lên lại đúng tên tệp đó, trên nhánh này "
            "(Add file → Upload files → Commit changes); máy áp dụng lại và cập nhật bình luận "
            "này. Với xung đột, nếu bảng mới đúng, gắn nhãn "
            f"`{REPLACE_LABEL}` cho đề xuất: máy ghi theo bảng.",
            "",
        ]
    for brief in range(3):
        parts = [sheet_markdown(a, site_url, replace, brief) for a in applied]
        text = "\n".join(head + [line for part in parts for line in part])
        if len(text) <= COMMENT_LIMIT:
            return text
    return text[:COMMENT_LIMIT] + "\n\n… (báo cáo quá dài, đã cắt; xem đủ trong kết quả chạy)\n"


def sheets_text(applied: list[uploads.Applied], base: str) -> list[str]:
    """What `sheets apply` prints: each sheet, then its rows as the tools say them."""
    if not applied:
        return [f"Không có bảng tính nào trong {SHEETS_DIR}/ được thêm hay sửa so với {base}."]
    lines = []
    for a in applied:
        if a.unread:
            lines += [f"{a.source}: chưa áp dụng được:", *map(str, a.stopped)]
            continue
        lines.append(f"{a.source}: {KIND_WORDS[a.kind]}; {sheet_counts(a.outcome)}")

        def said(change: Change, dry=a.outcome.dry_run) -> str:
            return change_words(change, dry)[:1].upper() + change_words(change, dry)[1:] + "."

        lines += row_lines(a.outcome, said)
        lines += map(str, a.outcome.unwritten)
        lines += check_lines(a.outcome.check)
    return lines


def sheets_annotations(applied: list[uploads.Applied]) -> list[str]:
    """Each row that needs a person (and each sheet not applied) as a GitHub annotation."""
    found = []
    for a in applied:
        for line in a.stopped:
            where = line if isinstance(line, Problem) else Problem(a.source, 1, str(line))
            found.append(github_annotation(where, title="Bảng tính chưa áp dụng được"))
        for row in a.outcome.rows if a.outcome else []:
            for m in row.messages:
                if m.status in FAILED:
                    problem = Problem(a.source, row.line or 1, m.text)
                    found.append(github_annotation(problem, title="Dòng bảng tính cần xem lại"))
    return found


def cmd_sheets_apply(args: argparse.Namespace) -> int:
    settings, root = settings_from(Path(args.config))
    applied = uploads.Uploads(settings, root, args.replace).run(args.base, args.dry_run)
    say(sheets_text(applied, args.base))
    if args.format == "github":
        say(sheets_annotations(applied))
    if args.report:
        report = sheets_markdown(applied, args.base, settings.site_url, args.replace, args.dry_run)
        try:
            write_atomic(Path(args.report), report)
        except OSError as error:
            print(f"{args.report}:1: Không ghi được báo cáo: {error.strerror or error}.")
            return 2
    if any(a.unread for a in applied):
        return 2
    failed = any(
        a.outcome.failed or a.outcome.unwritten or (a.outcome.check and a.outcome.check.blames())
        for a in applied
    )
    return 1 if failed else 0


def add_sheets_command(commands, common: argparse.ArgumentParser) -> None:
    sheets = commands.add_parser(
        "sheets", help=f"bảng tính tải lên thư mục {SHEETS_DIR}/: áp dụng vào các tệp mô hình"
    )
    steps = sheets.add_subparsers(dest="step", required=True, metavar="VIỆC")
    apply = steps.add_parser(
        "apply",
        parents=[common],
        help=f"áp dụng các bảng tính trong {SHEETS_DIR}/ được thêm hoặc sửa so với --base: "
        "bảng bình xét, danh sách biểu dương, danh sách mô hình mới",
    )
    apply.add_argument(
        "--base", required=True, metavar="NHÁNH", help="nhánh hoặc commit so sánh, ví dụ main"
    )
    apply.add_argument("--report", metavar="TỆP.md", help="ghi báo cáo từng dòng (Markdown)")
    apply.add_argument(
        "--dry-run", action="store_true", help="chạy thử: chỉ báo sẽ ghi gì, không ghi tệp nào"
    )
    apply.add_argument(
        "--replace",
        action="store_true",
        help="bảng bình xét: ghi đè kết quả đã có khi bảng ghi khác (mặc định: giữ, báo xung đột)",
    )
    apply.add_argument(
        "--format",
        choices=["text", "github"],
        default="text",
        help="text: đường-dẫn:dòng: nội dung; github: thêm chú thích cho các dòng cần xem lại",
    )
    apply.set_defaults(run=cmd_sheets_apply)


def cmd_schema(args: argparse.Namespace) -> int:
    settings, root = settings_from(Path(args.config))
    folder = root / jsonschema.SCHEMA_DIR
    stale = []
    for name, schema in jsonschema.schemas(settings).items():
        path = folder / name
        text = jsonschema.dump(schema)
        current = path.read_text(encoding="utf-8") if path.is_file() else None
        if current == text:
            continue
        stale.append(f"{jsonschema.SCHEMA_DIR}/{name}")
        if not args.check:
            folder.mkdir(exist_ok=True)
            path.write_text(text, encoding="utf-8")
    if args.check and stale:
        for name in stale:
            print(f"{name}:1: Tệp đã cũ; hãy chạy `python -m generator schema` rồi gửi kèm.")
        return 1
    if args.check:
        print("Các tệp trong schemas/ khớp với mẫu dữ liệu.")
    elif stale:
        print("Đã ghi: " + ", ".join(stale) + ".")
    else:
        print("Các tệp trong schemas/ đã khớp với mẫu dữ liệu, không cần ghi lại.")
    return 0


def add_new_arguments(parser: argparse.ArgumentParser) -> None:
    options = [
        ("--title", "tên mô hình"),
        ("--slug", "mã mô hình, tức tên tệp (mặc định: tạo từ tên mô hình)"),
        ("--summary", "tóm tắt"),
        ("--field", "lĩnh vực: mã, tên hoặc số thứ tự"),
        ("--unit", "đơn vị thực hiện: mã hoặc tên trong models/_units.yml"),
        ("--kind", "loại mô hình: collective (tập thể) hoặc individual (cá nhân)"),
        ("--registered", "ngày đăng ký, dạng 15/03/2024 hoặc 2024-03-15"),
        ("--new-unit-name", "tên đơn vị mới (thêm vào models/_units.yml)"),
        ("--new-unit-type", "loại đơn vị mới: " + ", ".join(UNIT_TYPES)),
        ("--new-unit-locality", "địa bàn (xã, phường) của đơn vị mới"),
        ("--new-unit-parent", "đảng bộ cấp trên của đơn vị mới"),
        ("--new-unit-id", "mã đơn vị mới (mặc định: tạo từ tên)"),
    ]
    for flag, text in options:
        parser.add_argument(flag, help=text)
    parser.add_argument(
        "--format",
        choices=["md", "yml"],
        default="md",
        help="md: Markdown có phần thông tin (mặc định); yml: một tệp YAML, "
        "được VS Code gợi ý khoá theo schemas/",
    )
    parser.add_argument(
        "-y", "--yes", action="store_true", help="không hỏi: mọi câu trả lời lấy từ tuỳ chọn"
    )


def add_yearly_commands(commands, common: argparse.ArgumentParser) -> None:
    reviewing = commands.add_parser(
        "review", help="bình xét hằng năm: lập bảng bình xét, ghi kết quả vào các tệp mô hình"
    )
    steps = reviewing.add_subparsers(dest="step", required=True, metavar="VIỆC")
    sheet = steps.add_parser(
        "sheet", parents=[common], help="lập bảng bình xét (.xlsx) cho cuộc họp bình xét"
    )
    sheet.add_argument("file", metavar="TỆP", help="tệp .xlsx sẽ ghi")
    sheet.add_argument("--year", type=year, metavar="NĂM", help="năm bình xét (mặc định: năm nay)")
    sheet.set_defaults(run=cmd_review_sheet)
    apply = steps.add_parser(
        "apply", parents=[common], help="ghi kết quả từ bảng bình xét (.xlsx, .csv) vào tệp mô hình"
    )
    apply.add_argument("file", metavar="TỆP", help="bảng bình xét đã điền, .xlsx hoặc .csv")
    apply.add_argument(
        "--dry-run", action="store_true", help="chạy thử: chỉ báo sẽ ghi gì, không ghi tệp nào"
    )
    apply.add_argument(
        "--year",
        type=year,
        metavar="NĂM",
        help="năm bình xét (mặc định: theo tiêu đề cột kết quả, hoặc tiêu đề bảng)",
    )
    apply.add_argument(
        "--replace",
        action="store_true",
        help="ghi đè kết quả đã có của năm đó khi bảng ghi khác (mặc định: giữ nguyên, báo xung đột)",
    )
    apply.add_argument(
        "--date",
        type=day,
        metavar="NGÀY",
        help="ngày chọn mô hình điểm, ghi vào khoá showcase (mặc định: hôm nay)",
    )
    apply.add_argument(
        "--summary",
        metavar="TỆP.md",
        help="ghi thêm bản tóm tắt (Markdown) để dán vào pull request",
    )
    apply.set_defaults(run=cmd_review_apply)
    commending = commands.add_parser(
        "commend",
        parents=[common],
        help="thêm một đợt biểu dương (một quyết định) vào các mô hình được biểu dương",
    )
    commending.add_argument(
        "file", nargs="?", metavar="TỆP", help="bảng tính liệt kê các mô hình (.xlsx, .csv)"
    )
    commending.add_argument(
        "--date",
        type=day,
        metavar="NGÀY",
        help="ngày biểu dương (không cần nếu bảng tính ghi đợt biểu dương ở trên bảng)",
    )
    commending.add_argument(
        "--by",
        metavar="CƠ-QUAN",
        help="cơ quan biểu dương, ví dụ “Ủy ban nhân dân thành phố” (như --date)",
    )
    commending.add_argument("--decision", metavar="SỐ", help="số quyết định")
    commending.add_argument("--title", metavar="DANH-HIỆU", help="danh hiệu, nội dung biểu dương")
    commending.add_argument(
        "--models",
        nargs="+",
        metavar="MÃ",
        help="mã các mô hình, cách nhau bằng dấu phẩy hoặc dấu cách (thay cho TỆP)",
    )
    commending.add_argument(
        "--dry-run", action="store_true", help="chạy thử: chỉ báo sẽ ghi gì, không ghi tệp nào"
    )
    commending.set_defaults(run=cmd_commend)


# argparse's own words (headings, --help, its error messages) in Vietnamese: argparse
# looks each of them up at run time through its module's gettext function.
ARGPARSE_WORDS = {
    "usage: ": "Cách dùng: ",
    "positional arguments": "tham số",
    "options": "tuỳ chọn",
    "show this help message and exit": "hiện hướng dẫn này rồi thoát",
    "%(prog)s: error: %(message)s\n": "%(prog)s: lỗi: %(message)s\n",
    "argument %(argument_name)s: %(message)s": "%(argument_name)s: %(message)s",
    "expected at least one argument": "cần ít nhất một giá trị",
    "expected at most one argument": "cần nhiều nhất một giá trị",
    "ignored explicit argument %r": "không nhận giá trị %r",
    "one of the arguments %s is required": "cần một trong các tham số %s",
    "unknown parser %(parser_name)r (choices: %(choices)s)": (
        "không có lệnh %(parser_name)r; chọn một trong: %(choices)s"
    ),
    "the following arguments are required: %s": "thiếu tham số: %s",
    "unrecognized arguments: %s": "không hiểu tham số: %s",
    "invalid choice: %(value)r (choose from %(choices)s)": (
        "không có %(value)r; chọn một trong: %(choices)s"
    ),
    "invalid %(type)s value: %(value)r": "giá trị không hợp lệ: %(value)r",
    "expected one argument": "cần một giá trị",
    "ambiguous option: %(option)s could match %(matches)s": (
        "tuỳ chọn %(option)s chưa rõ, có thể là %(matches)s"
    ),
    "not allowed with argument %s": "không dùng cùng với %s",
}


@contextlib.contextmanager
def vietnamese_words():
    """argparse's words in Vietnamese while the command line is read and answered
    (argparse looks each up at run time through its module's `_`), and as they were
    afterwards: importing this module changes nothing for other code."""
    english = argparse._
    argparse._ = lambda text: ARGPARSE_WORDS.get(text, english(text))
    try:
        yield
    finally:
        argparse._ = english


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m generator",
        description="Công cụ dữ liệu mô hình “Dân vận khéo”.",
    )
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "-f",
        "--config",
        default="mkdocs.yml",
        metavar="TỆP",
        help="tệp cấu hình (mặc định: mkdocs.yml)",
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="LỆNH")
    validate = commands.add_parser(
        "validate", parents=[common], help="kiểm tra mọi tệp mô hình và danh mục đơn vị"
    )
    validate.add_argument(
        "--format",
        choices=["text", "github"],
        default="text",
        help="text: đường-dẫn:dòng: lỗi; github: chú thích trên pull request",
    )
    validate.set_defaults(run=cmd_validate)
    stats = commands.add_parser(
        "stats", parents=[common], help="in các bảng thống kê như trang /thong-ke/"
    )
    stats.add_argument("--year", type=int, metavar="NĂM", help="chỉ in số liệu của một năm")
    stats.add_argument("--xlsx", metavar="TỆP", help="ghi thêm các bảng vào tệp Excel (.xlsx)")
    stats.set_defaults(run=cmd_stats)
    new = commands.add_parser("new", parents=[common], help="thêm một mô hình mới bằng vài câu hỏi")
    add_new_arguments(new)
    new.set_defaults(run=cmd_new)
    imported = commands.add_parser(
        "import", parents=[common], help="tạo tệp mô hình từ bảng tính .xlsx hoặc .csv"
    )
    imported.add_argument("file", metavar="TỆP", help="bảng tính .xlsx hoặc .csv")
    imported.add_argument(
        "--dry-run", action="store_true", help="chạy thử: chỉ báo sẽ tạo gì, không ghi tệp nào"
    )
    imported.set_defaults(run=cmd_import)
    registry = commands.add_parser("units", help="việc với danh mục đơn vị models/_units.yml")
    tasks = registry.add_subparsers(dest="task", required=True, metavar="VIỆC")
    migrate = tasks.add_parser(
        "migrate",
        parents=[common],
        help="chuyển địa bàn của các đơn vị sang xã, phường từ 01/07/2025 theo bảng chuyển đổi "
        "chính thức, giữ tên cũ trong history",
    )
    migrate.add_argument(
        "--dry-run", action="store_true", help="chạy thử: chỉ báo sẽ đổi gì, không ghi tệp nào"
    )
    migrate.set_defaults(run=cmd_units_migrate)
    add_yearly_commands(commands, common)
    add_sheets_command(commands, common)
    schema = commands.add_parser(
        "schema",
        parents=[common],
        help="ghi JSON Schema của tệp mô hình vào schemas/ cho trình soạn thảo",
    )
    schema.add_argument(
        "--check",
        action="store_true",
        help="không ghi; báo lỗi nếu các tệp trong schemas/ đã cũ so với mẫu dữ liệu",
    )
    schema.set_defaults(run=cmd_schema)
    return parser


def main(argv: list[str] | None = None) -> int:
    with vietnamese_words():
        args = build_parser().parse_args(argv)
    try:
        return args.run(args)
    except UsageError as error:  # an option's value, as argparse's own mistakes
        say(error.lines, sys.stderr)
        return 2
    except Stopped as error:  # a tool that could not go on, and wrote nothing
        say(error.lines)
        return 1
    except SettingsError as error:
        line = option_line(Path(args.config), error.option)
        message = f"{args.config}:{line}: Cấu hình plugin dan-van-kheo không hợp lệ: {error}"
        # Where validate prints its problems, as one of them, and their count last.
        if args.command == "validate":
            say([message, "Có 1 lỗi cần sửa."])
        else:
            print(message, file=sys.stderr)
        return 1
    except (Busy, Taken) as error:  # another writer of the models folder was there
        print(error, file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("\nĐã dừng.", file=sys.stderr)
        return 130
    except OSError as error:  # a file that cannot be read or written: a disk, a right
        name = f"{error.filename}: " if error.filename else ""
        print(f"{name}Không đọc hoặc ghi được tệp ({error.strerror or error}).", file=sys.stderr)
        return 1
    except Exception as error:
        # Staff never see a traceback; DVK_DEBUG=1 shows it to whoever maintains this.
        if os.environ.get("DVK_DEBUG"):
            raise
        print(
            f"Lỗi ngoài dự kiến ({type(error).__name__}: {error}). Hãy báo cho người quản trị "
            "trang, kèm lệnh vừa chạy; chạy lại với DVK_DEBUG=1 để có chi tiết.",
            file=sys.stderr,
        )
        return 1
