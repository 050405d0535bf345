"""The statistics as titled tables: one definition for the page, the terminal and the workbook.

Building every table here, once, is what keeps the figures on /thong-ke/, in
`python -m generator stats` and in the spreadsheet the same.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from generator.data.model import Catalog
from generator.data.settings import GROUPS, KINDS, UNIT_TYPES, Phase
from generator.data.stats import (
    Activity,
    Counts,
    Coverage,
    activity,
    counts,
    coverage,
    group_counts,
    latest_review_year,
    phases,
    review_worklist,
    showcase_candidates,
    years,
)
from generator.data.text import sort_key
from generator.site import urls
from generator.site.markup import number


class Share(float):
    """A proportion from 0 to 1, shown as a percentage."""


Cell = str | int | Share | None


@dataclass(frozen=True)
class Row:
    cells: tuple[Cell, ...]
    uri: str | None = None  # page the first cell links to
    total: bool = False
    group: str = ""  # rows of one kind of breakdown share a group


@dataclass(frozen=True)
class Table:
    key: str  # stable identifier: HTML id, never shown
    title: str
    sheet: str  # short name for the workbook (at most 31 characters)
    columns: tuple[str, ...]
    rows: tuple[Row, ...]
    empty: str = "Không có."  # said instead of an empty table


TOTAL = "Tổng cộng"
COUNT_COLUMNS = ("Số mô hình", "Đang thực hiện", "Mô hình điểm", "Được biểu dương")
ACTIVITY_COLUMNS = (
    "Số mô hình đăng ký",
    "Đăng ký mới",
    "Duy trì",
    "Được bình xét",
    "Được công nhận",
    "Không được công nhận",
)


def count_cells(c: Counts) -> tuple[int, ...]:
    return (c.models, c.active, c.showcase, c.commended)


def activity_cells(a: Activity) -> tuple[int, ...]:
    return (a.registered, a.new, a.maintained, a.reviewed, a.recognized, a.not_recognized)


# -- totals -------------------------------------------------------------------


def summary(catalog: Catalog) -> Table:
    c = counts(catalog.published)
    rows = [
        ("Mô hình đã công bố", c.models),
        ("Mô hình đang thực hiện", c.active),
        ("Mô hình đã dừng", c.models - c.active),
        ("Mô hình điểm", c.showcase),
        ("Mô hình được biểu dương", c.commended),
        ("Đơn vị thực hiện", len(catalog.units)),
        ("Đơn vị có mô hình đang thực hiện", len(coverage(catalog)[0].covered)),
    ]
    return Table(
        "tong-quan",
        "Tổng quan",
        "Tổng quan",
        ("Chỉ tiêu", "Số lượng"),
        tuple(Row(r) for r in rows),
    )


def counts_table(
    key: str,
    title: str,
    sheet: str,
    heading: str,
    groups: dict[str, Counts],
    names: dict[str, str],
    uris: dict[str, str] | None = None,
    total: Counts | None = None,
) -> Table:
    rows = [Row((names[k], *count_cells(c)), uri=(uris or {}).get(k)) for k, c in groups.items()]
    if total is not None:
        rows.append(Row((TOTAL, *count_cells(total)), total=True))
    return Table(key, title, sheet, (heading, *COUNT_COLUMNS), tuple(rows))


def totals(catalog: Catalog) -> list[Table]:
    models = catalog.published
    total = counts(models)
    fields = catalog.settings.fields
    localities = sorted({u.locality for u in catalog.units.values()}, key=sort_key)
    return [
        counts_table(
            "theo-linh-vuc",
            "Số mô hình theo lĩnh vực",
            "Theo lĩnh vực",
            "Lĩnh vực",
            group_counts(models, lambda m: m.field.id, [f.id for f in fields]),
            {f.id: f.name for f in fields},
            {f.id: urls.field(f.id) for f in fields},
            total,
        ),
        counts_table(
            "theo-nhom",
            "Số mô hình theo nhóm lĩnh vực",
            "Theo nhóm lĩnh vực",
            "Nhóm lĩnh vực",
            group_counts(models, lambda m: m.field.group, GROUPS),
            GROUPS,
            total=total,
        ),
        counts_table(
            "theo-loai-mo-hinh",
            "Số mô hình theo loại mô hình",
            "Theo loại mô hình",
            "Loại mô hình",
            group_counts(models, lambda m: m.kind, KINDS),
            KINDS,
            total=total,
        ),
        counts_table(
            "theo-loai-don-vi",
            "Số mô hình theo loại đơn vị",
            "Theo loại đơn vị",
            "Loại đơn vị",
            group_counts(models, lambda m: m.unit.type, UNIT_TYPES),
            UNIT_TYPES,
            total=total,
        ),
        counts_table(
            "theo-dia-ban",
            "Số mô hình theo địa bàn",
            "Theo địa bàn",
            "Địa bàn",
            group_counts(models, lambda m: m.unit.locality, localities),
            {name: name for name in localities},
            total=total,
        ),
    ]


# -- years and phases -----------------------------------------------------------


def periods_table(catalog: Catalog, key: str, title: str, heading: str, periods) -> Table:
    rows = tuple(Row((p.name, *activity_cells(activity(catalog.published, p)))) for p in periods)
    return Table(key, title, title, (heading, *ACTIVITY_COLUMNS), rows, "Chưa có số liệu.")


def by_year(catalog: Catalog) -> Table:
    return periods_table(
        catalog, "theo-nam", "Mô hình theo năm", "Năm", map(Phase.year, years(catalog))
    )


def by_phase(catalog: Catalog) -> Table:
    return periods_table(
        catalog, "theo-giai-doan", "Mô hình theo giai đoạn", "Giai đoạn", phases(catalog)
    )


def period_detail(catalog: Catalog, period: Phase, key: str, title: str, sheet: str) -> Table:
    """One period broken down by field and by kind of model."""
    models = catalog.published
    rows = [
        Row(
            (f.name, *activity_cells(activity([m for m in models if m.field.id == f.id], period))),
            uri=urls.field(f.id),
            group="linh-vuc",
        )
        for f in catalog.settings.fields
    ]
    rows += [
        Row(
            (name, *activity_cells(activity([m for m in models if m.kind == kind], period))),
            group="loai",
        )
        for kind, name in KINDS.items()
    ]
    rows.append(Row((TOTAL, *activity_cells(activity(models, period))), total=True))
    return Table(key, title, sheet, ("Lĩnh vực, loại mô hình", *ACTIVITY_COLUMNS), tuple(rows))


def year_detail(catalog: Catalog, year: int) -> Table:
    return period_detail(
        catalog,
        Phase.year(year),
        f"nam-{year}",
        f"Năm {year} theo lĩnh vực và loại mô hình",
        f"Năm {year}",
    )


def phase_detail(catalog: Catalog, index: int, phase: Phase) -> Table:
    return period_detail(
        catalog,
        phase,
        f"giai-doan-{index + 1}",
        f"Giai đoạn {phase.name} theo lĩnh vực và loại mô hình",
        f"Giai đoạn {phase.name}",
    )


# -- targets and candidates -------------------------------------------------------


def coverage_tables(catalog: Catalog, year: int | None = None) -> list[Table]:
    units, enterprises = coverage(catalog, year)
    when = "hiện nay" if year is None else f"năm {year}"
    suffix = "" if year is None else f"-{year}"

    def row(label: str, c: Coverage) -> Row:
        result = "Đạt" if c.met else "Chưa đạt"
        return Row(
            (
                label,
                len(c.covered),
                len(c.units),
                None if c.share is None else Share(c.share),
                Share(c.target),
                result,
            )
        )

    targets = Table(
        f"chi-tieu{suffix}",
        f"Mức độ bao phủ so với chỉ tiêu ({when})",
        "Chỉ tiêu" + (f" {year}" if year else ""),
        ("Chỉ tiêu", "Số đơn vị có mô hình", "Tổng số đơn vị", "Tỷ lệ", "Mục tiêu", "Kết quả"),
        (
            row("Đơn vị có ít nhất một mô hình đang thực hiện", units),
            row("Doanh nghiệp có mô hình đang thực hiện", enterprises),
        ),
    )
    missing = Table(
        f"don-vi-chua-co{suffix}",
        f"Đơn vị chưa có mô hình đang thực hiện ({when})",
        "Đơn vị chưa có mô hình" + (f" {year}" if year else ""),
        ("Đơn vị", "Loại đơn vị", "Địa bàn"),
        tuple(Row((u.name, u.type_name, u.locality), uri=urls.unit(u.id)) for u in units.missing),
        "Mọi đơn vị đều có mô hình đang thực hiện.",
    )
    return [targets, missing]


def candidates(catalog: Catalog) -> Table:
    rows = tuple(
        Row(
            (
                m.title,
                m.unit.name,
                m.field.name,
                len(m.recognized_years),
                ", ".join(map(str, m.recognized_years)),
            ),
            uri=urls.model(m.slug),
        )
        for m in showcase_candidates(catalog)
    )
    return Table(
        "ung-vien-mo-hinh-diem",
        "Mô hình đủ điều kiện xây dựng mô hình điểm",
        "Ứng viên mô hình điểm",
        ("Mô hình", "Đơn vị", "Lĩnh vực", "Số năm được công nhận", "Các năm được công nhận"),
        rows,
        "Chưa có mô hình nào đủ điều kiện.",
    )


def worklist_tables(catalog: Catalog, year: int | None = None) -> list[Table]:
    """The review worklist: models without a result for the year (the latest reviewed
    one if not given), and models not recognised two years running."""
    year = latest_review_year(catalog) if year is None else year
    pending = review_worklist(catalog, year)
    columns = ("Mô hình", "Đơn vị", "Địa bàn", "Lĩnh vực")

    def cells(m) -> tuple[Cell, ...]:
        return (m.title, m.unit.name, m.unit.locality, m.field.name)

    def latest(m) -> str | None:  # a year, shown as written (no thousands separator)
        return str(max(m.reviews)) if m.reviews else None

    missing = Table(
        "chua-co-ket-qua",
        f"Mô hình chưa có kết quả bình xét năm {year}"
        if year
        else "Mô hình chưa có kết quả bình xét",
        f"Chưa bình xét {year}" if year else "Chưa bình xét",
        (*columns, "Năm gần nhất có kết quả"),
        tuple(
            Row((*cells(p.model), latest(p.model)), uri=urls.model(p.model.slug))
            for p in pending
            if p.missing is not None
        ),
        f"Mọi mô hình thực hiện trong năm {year} đã có kết quả."
        if year
        else "Chưa có kết quả bình xét nào.",
    )
    running = Table(
        "khong-cong-nhan-hai-nam",
        "Mô hình không được công nhận hai năm liền",
        "Không công nhận 2 năm liền",
        (*columns, "Các năm không được công nhận"),
        tuple(
            Row(
                (*cells(p.model), ", ".join(map(str, p.not_recognized))),
                uri=urls.model(p.model.slug),
            )
            for p in pending
            if p.not_recognized
        ),
        "Không có mô hình nào không được công nhận hai năm liền.",
    )
    return [missing, running]


# -- the whole report ---------------------------------------------------------------


def all_tables(catalog: Catalog) -> list[Table]:
    """Every table of /thong-ke/, in the page's order."""
    return [
        summary(catalog),
        *totals(catalog),
        by_year(catalog),
        *(year_detail(catalog, y) for y in reversed(years(catalog))),
        by_phase(catalog),
        *(phase_detail(catalog, i, p) for i, p in enumerate(phases(catalog))),
        *coverage_tables(catalog),
        candidates(catalog),
        *worklist_tables(catalog),
    ]


def year_tables(catalog: Catalog, year: int) -> list[Table]:
    """What a yearly review report needs: the year by field and kind, coverage then,
    and the models still without a result for it."""
    return [
        year_detail(catalog, year),
        *coverage_tables(catalog, year),
        worklist_tables(catalog, year)[0],
    ]


# -- plain text -------------------------------------------------------------------


def shown(value: Cell) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, Share):
        return f"{number(round(value * 100, 1))} %"
    if isinstance(value, int):
        return number(value)
    return str(value)


def is_number(value: Cell) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def as_text(tables: Iterable[Table]) -> str:
    """Tables as aligned plain text: title, header, rule, rows; numbers to the right."""
    blocks = []
    for table in tables:
        lines = [table.title]
        if not table.rows:
            lines.append(table.empty)
            blocks.append("\n".join(lines))
            continue
        texts = [[shown(c) for c in row.cells] for row in table.rows]
        widths = [
            max(len(table.columns[i]), *(len(t[i]) for t in texts))
            for i in range(len(table.columns))
        ]
        numeric = [is_number(table.rows[0].cells[i]) for i in range(len(table.columns))]

        def line(cells: list[str], numeric=numeric, widths=widths) -> str:
            return "  ".join(
                c.rjust(w) if right else c.ljust(w)
                for c, w, right in zip(cells, widths, numeric, strict=True)
            ).rstrip()

        lines.append(line(list(table.columns)))
        lines.append("  ".join("-" * w for w in widths))
        lines.extend(line(t) for t in texts)
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks) + "\n"
