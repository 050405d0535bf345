"""The statistics as titled tables: one definition for the page, the terminal and the workbook.

Building every table here, once, is what keeps the figures on /thong-ke/, in
`python -m generator stats` and in the spreadsheet the same.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace

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
    places,
    review_worklist,
    showcase_candidates,
    years,
)
from generator.data.text import sort_key
from generator.site import urls
from generator.site.markup import number


class Share(float):
    """A proportion from 0 to 1, shown as a percentage."""


class Year(int):
    """A calendar year: a number in the workbook, written without a thousands separator."""


Cell = str | int | Share | None


@dataclass(frozen=True)
class Row:
    cells: tuple[Cell, ...]
    uri: str | None = None  # page the first cell links to
    total: bool = False
    label: str | None = None  # what the page shows of a long first cell, the whole as its title


@dataclass(frozen=True)
class Table:
    key: str  # stable identifier: HTML id, never shown
    title: str
    sheet: str  # short name for the workbook (at most 31 characters)
    columns: tuple[str, ...]
    rows: tuple[Row, ...]
    empty: str = "Không có."  # said instead of an empty table


TOTAL = "Tổng cộng"
CODE_COLUMN = "Mã xã, phường"
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
        by_locality(catalog, localities, total),
    ]


def by_locality(catalog: Catalog, localities: list[str], total: Counts) -> Table:
    """Counts by commune or ward; with the `province` option, the current ones with their codes."""
    table = counts_table(
        "theo-dia-ban",
        "Số mô hình theo địa bàn",
        "Theo địa bàn",
        "Địa bàn",
        group_counts(catalog.published, lambda m: m.unit.locality, localities),
        {name: name for name in localities},
        total=total,
    )
    if catalog.province is None:
        return table
    codes = {u.locality: u.locality_code or "" for u in catalog.units.values()}
    rows = tuple(
        replace(r, cells=(r.cells[0], "" if r.total else codes[r.cells[0]], *r.cells[1:]))
        for r in table.rows
    )
    columns = (table.columns[0], CODE_COLUMN, *table.columns[1:])
    return replace(table, title="Số mô hình theo xã, phường", columns=columns, rows=rows)


# -- years and phases -----------------------------------------------------------


def periods_table(catalog: Catalog, key: str, title: str, heading: str, periods) -> Table:
    rows = tuple(Row((label(p), *activity_cells(activity(catalog.published, p)))) for p in periods)
    return Table(key, title, title, (heading, *ACTIVITY_COLUMNS), rows, "Chưa có số liệu.")


def label(period: Phase) -> Cell:
    """A one-year period as its year, a longer one by its name."""
    return Year(period.start) if period.start == period.end else period.name


def by_year(catalog: Catalog) -> Table:
    return periods_table(
        catalog, "theo-nam", "Mô hình theo năm", "Năm", map(Phase.year, years(catalog))
    )


def by_phase(catalog: Catalog) -> Table:
    return periods_table(
        catalog, "theo-giai-doan", "Mô hình theo giai đoạn", "Giai đoạn", phases(catalog)
    )


SHORT_NAME = 30  # characters of a field's name in the header of a row of figures


def short_name(name: str) -> str | None:
    """A field's name cut for the header of a row of six figures, where the whole would
    wrap into four or five lines: up to its first comma, then whole words up to
    SHORT_NAME characters ("Xây dựng Đảng, Mặt trận ..." -> "Xây dựng Đảng"). None if
    the name is short already."""
    first = name.split(",", 1)[0].strip()
    if len(first) <= SHORT_NAME:
        return first if first != name else None
    words, cut = first.split(), ""
    for word in words:
        if len(f"{cut} {word}".strip()) > SHORT_NAME - 1:
            break
        cut = f"{cut} {word}".strip()
    return (cut or first[: SHORT_NAME - 1]) + "…"


def period_detail(catalog: Catalog, period: Phase, key: str, title: str, sheet: str) -> list[Table]:
    """One period by field and by kind of model: two tables, each adding up to the total,
    so that no column counts a model twice."""
    models = catalog.published
    fields = [
        Row(
            (f.name, *activity_cells(activity([m for m in models if m.field.id == f.id], period))),
            uri=urls.field(f.id),
            label=short_name(f.name),
        )
        for f in catalog.settings.fields
    ]
    kinds = [
        Row((name, *activity_cells(activity([m for m in models if m.kind == kind], period))))
        for kind, name in KINDS.items()
    ]
    total = Row((TOTAL, *activity_cells(activity(models, period))), total=True)
    return [
        Table(
            f"{key}-linh-vuc",
            f"{title} theo lĩnh vực",
            f"{sheet} (lĩnh vực)",
            ("Lĩnh vực", *ACTIVITY_COLUMNS),
            (*fields, total),
        ),
        Table(
            f"{key}-loai",
            f"{title} theo loại mô hình",
            f"{sheet} (loại)",
            ("Loại mô hình", *ACTIVITY_COLUMNS),
            (*kinds, total),
        ),
    ]


def year_detail(catalog: Catalog, year: int) -> list[Table]:
    return period_detail(catalog, Phase.year(year), f"nam-{year}", f"Năm {year}", f"Năm {year}")


def phase_detail(catalog: Catalog, index: int, phase: Phase) -> list[Table]:
    return period_detail(
        catalog,
        phase,
        f"giai-doan-{index + 1}",
        f"Giai đoạn {phase.name}",
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
    if catalog.province is None:
        return [targets, missing]
    communes = Table(
        f"xa-phuong{suffix}",
        f"Mô hình đang thực hiện theo xã, phường của {catalog.province.phrase} ({when})",
        "Theo xã, phường" + (f" {year}" if year else ""),
        (
            "Xã, phường",
            CODE_COLUMN,
            "Số đơn vị",
            "Đơn vị có mô hình đang thực hiện",
            "Mô hình đang thực hiện",
        ),
        tuple(Row((p.name, p.code, p.units, p.covered, p.active)) for p in places(catalog, year)),
        "Chưa có đơn vị nào.",
    )
    return [targets, missing, communes]


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
        *(t for y in reversed(years(catalog)) for t in year_detail(catalog, y)),
        by_phase(catalog),
        *(t for i, p in enumerate(phases(catalog)) for t in phase_detail(catalog, i, p)),
        *coverage_tables(catalog),
        candidates(catalog),
        *worklist_tables(catalog),
    ]


def year_tables(catalog: Catalog, year: int) -> list[Table]:
    """What a yearly review report needs: the year by field and kind, coverage then,
    and the models still without a result for it."""
    return [
        *year_detail(catalog, year),
        *coverage_tables(catalog, year),
        worklist_tables(catalog, year)[0],
    ]


# -- plain text -------------------------------------------------------------------


def shown(value: Cell) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, Share):
        return f"{number(round(value * 100, 1))} %"
    if isinstance(value, Year):
        return str(value)
    if isinstance(value, int):
        return number(value)
    return str(value)


def is_number(value: Cell) -> bool:
    """A quantity, aligned to the right; a year is a label."""
    return isinstance(value, int | float) and not isinstance(value, bool | Year)


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
