"""The /thong-ke/ page: the report's tables as HTML, with charts drawn from the same rows."""

from __future__ import annotations

import dataclasses
import functools
import posixpath

from generator.data.model import SHOWCASE_MIN_YEARS, Catalog
from generator.data.stats import latest_review_year, phases, years
from generator.site import report, urls
from generator.site.charts import bar_chart, stacked_columns
from generator.site.markup import e, front_matter
from generator.site.report import Table, is_number, shown

NUM = ' class="dvk-num"'
LIST_LIMIT = 100  # rows of a long list shown on the page; the data files hold them all

DEFINITIONS = f"""\
<ul class="dvk-definitions">
<li><strong>Số mô hình đăng ký</strong> trong một năm: mô hình đăng ký từ năm đó trở về trước và chưa dừng trước năm đó; gồm <strong>đăng ký mới</strong> (đăng ký trong năm) và <strong>duy trì</strong> (đăng ký từ các năm trước).</li>
<li><strong>Được bình xét</strong>: có kết quả bình xét của năm; <strong>được công nhận</strong> hoặc <strong>không được công nhận</strong> theo kết quả đó.</li>
<li>Với một giai đoạn, mô hình được tính ở mọi giai đoạn mà mô hình có thực hiện; mô hình được công nhận ít nhất một năm trong giai đoạn là <strong>được công nhận</strong>, có bình xét mà không năm nào được công nhận là <strong>không được công nhận</strong>.</li>
<li><strong>Đang thực hiện</strong>: mô hình chưa dừng. Mô hình <strong>đủ điều kiện xây dựng mô hình điểm</strong>: đang thực hiện, được công nhận ít nhất {SHOWCASE_MIN_YEARS} năm và chưa là mô hình điểm.</li>
<li>Bản nháp (chưa đăng) không được tính.</li>
</ul>
"""


class StatsPage:
    def __init__(self, catalog: Catalog, directory_urls: bool = True):
        self.catalog = catalog
        self.directory_urls = directory_urls

    def table(self, table: Table) -> str:
        """A table with its title as caption, in a region that scrolls on narrow screens."""
        anchor = f"bang-{table.key}"  # headings already use the bare key as their id
        if not table.rows:
            return (
                f'<p class="dvk-empty" id="{anchor}"><strong>{e(table.title)}:</strong> '
                f"{e(table.empty)}</p>"
            )
        numeric = [is_number(c) for c in table.rows[0].cells]
        head = "".join(
            f'<th scope="col"{NUM if right else ""}>{e(c)}</th>'
            for c, right in zip(table.columns, numeric, strict=True)
        )
        body, foot = [], []
        for row in table.rows:
            first = e(shown(row.cells[0]))
            title = ""
            if row.label:  # the whole name on hover, and in the table "Theo lĩnh vực"
                first, title = e(row.label), f' title="{first}"'
            if row.uri:
                link = urls.link(urls.STATS, row.uri, self.directory_urls)
                first = f'<a href="{e(link)}"{title}>{first}</a>'
            elif title:
                first = f"<span{title}>{first}</span>"
            cells = "".join(
                f"<td{NUM if right else ''}>{e(shown(c))}</td>"
                for c, right in zip(row.cells[1:], numeric[1:], strict=True)
            )
            html = f'<tr><th scope="row">{first}</th>{cells}</tr>'
            (foot if row.total else body).append(html)
        tfoot = f"<tfoot>{''.join(foot)}</tfoot>" if foot else ""
        return (
            f'<div class="dvk-scroll" role="region" aria-labelledby="{anchor}-caption" tabindex="0">'
            f'<table class="dvk-table dvk-stats" id="{anchor}">'
            f'<caption id="{anchor}-caption">{e(table.title)}</caption>'
            f"<thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody>{tfoot}</table></div>"
        )

    def listing(self, table: Table, data_file: str, hint: str) -> str:
        """A long list cut to its first rows, pointing to the open data file that holds all."""
        if len(table.rows) <= LIST_LIMIT:
            return self.table(table)
        link = urls.file_link(urls.STATS, data_file)
        name = posixpath.basename(data_file)
        return (
            self.table(dataclasses.replace(table, rows=table.rows[:LIST_LIMIT]))
            + f'\n\n<p class="dvk-meta">Trang này chỉ hiện {LIST_LIMIT} trong số '
            f"{len(table.rows)} dòng; danh sách đầy đủ có trong tệp "
            f'<a href="{e(link)}">{e(name)}</a> ({e(hint)}).</p>'
        )

    def with_bars(self, table: Table) -> str:
        """A bar per row of the table's first figure, above the table itself."""
        items = [(str(r.cells[0]), int(r.cells[1])) for r in table.rows if not r.total]
        chart = bar_chart(f"bieu-do-{table.key}", f"Biểu đồ: {table.title}", items)
        return f'<div class="dvk-chart">{chart}</div>\n\n{self.table(table)}\n'

    def with_trend(self, table: Table) -> str:
        """Columns of new and maintained models per year, above the yearly table."""
        labels = [str(r.cells[0]) for r in table.rows]
        series = [
            (table.columns[2], [int(r.cells[2]) for r in table.rows]),
            (table.columns[3], [int(r.cells[3]) for r in table.rows]),
        ]
        chart = stacked_columns(f"bieu-do-{table.key}", f"Biểu đồ: {table.title}", labels, series)
        return f'<div class="dvk-chart">{chart}</div>\n\n{self.table(table)}\n'

    def details(self, parts: list[tuple[str, list[Table]]]) -> str:
        """Each part's tables folded under its name; the first one open."""
        return "\n\n".join(
            f'<details class="dvk-details"{" open" if i == 0 else ""}>'
            f"<summary>{e(name)}</summary>{''.join(map(self.table, tables))}</details>"
            for i, (name, tables) in enumerate(parts)
        )

    def communes(self, table: Table) -> str:
        """The communes and wards where units are, and how many of the province's have none."""
        province = self.catalog.province
        if province is None:  # the table exists only with the `province` option
            return ""
        without = len(province.communes) - len(table.rows)
        return (
            "### Theo xã, phường\n\n"
            + self.table(table)
            + f'\n\n<p class="dvk-meta">{e(province.title)} có {len(province.communes)} xã, '
            f"phường (danh sách từ 01/07/2025); {without} xã, phường chưa có đơn vị nào trong "
            "danh mục.</p>\n"
        )

    def markdown(self) -> str:
        catalog = self.catalog
        link = functools.partial(urls.link, directory_urls=self.directory_urls)
        summary = report.summary(catalog)
        by_field, by_group, by_kind, by_unit_type, by_locality = report.totals(catalog)
        all_years = list(reversed(years(catalog)))
        all_phases = phases(catalog)
        targets, missing, *communes = report.coverage_tables(catalog)
        description = (
            "Số liệu phong trào “Dân vận khéo” tính tự động từ dữ liệu các mô hình: theo lĩnh vực, "
            "theo năm, theo giai đoạn, mức độ bao phủ so với chỉ tiêu và mô hình đủ điều kiện "
            "xây dựng mô hình điểm."
        )
        data_link = e(link(urls.STATS, urls.DATA))
        parts = [
            front_matter("Thống kê", description),
            f"{description}\n",
            '<p class="dvk-intro">Mọi con số trên trang này được tính lại từ các tệp mô hình mỗi '
            "lần trang được tạo, nên luôn khớp với dữ liệu. Tải dữ liệu gốc ở trang "
            f'<a href="{data_link}">Dữ liệu mở</a>.</p>\n',
            "## Tổng quan\n",
            self.table(summary) + "\n",
            "## Theo lĩnh vực\n",
            self.with_bars(by_field),
            "## Theo nhóm lĩnh vực\n",
            self.with_bars(by_group),
            "## Theo loại mô hình, loại đơn vị và địa bàn\n",
            "\n\n".join(self.table(t) for t in (by_kind, by_unit_type, by_locality)) + "\n",
            "## Theo năm\n",
            DEFINITIONS,
            self.with_trend(report.by_year(catalog)),
            "### Từng năm theo lĩnh vực và loại mô hình\n",
            self.details([(f"Năm {y}", report.year_detail(catalog, y)) for y in all_years]) + "\n",
            "## Theo giai đoạn\n",
            self.table(report.by_phase(catalog)) + "\n",
            "### Từng giai đoạn theo lĩnh vực và loại mô hình\n",
            self.details(
                [
                    (f"Giai đoạn {p.name}", report.phase_detail(catalog, i, p))
                    for i, p in enumerate(all_phases)
                ]
            )
            + "\n",
            "## Mức độ bao phủ so với chỉ tiêu\n",
            self.table(targets) + "\n",
            self.listing(missing, urls.UNITS_CSV, "các đơn vị có cột active_models bằng 0") + "\n",
            *(self.communes(t) for t in communes),
            "## Mô hình đủ điều kiện xây dựng mô hình điểm\n",
            self.listing(
                report.candidates(catalog),
                urls.MODELS_CSV,
                f"mô hình có từ {SHOWCASE_MIN_YEARS} năm trong cột recognized_years, "
                "cột showcase và ended để trống",
            )
            + "\n",
            *self.worklist(),
        ]
        return "\n".join(parts)

    def worklist(self) -> list[str]:
        """The lists a committee prepares the next review with (all rows in binh-xet.csv)."""
        catalog = self.catalog
        year = latest_review_year(catalog)
        missing, running = report.worklist_tables(catalog)
        when = (
            f"trong năm {year}, năm gần nhất có mô hình được bình xét, mà chưa có kết quả năm đó"
            if year
            else "chưa có kết quả bình xét"
        )
        return [
            "## Chuẩn bị bình xét\n",
            f'<p class="dvk-intro">Hai danh sách giúp chuẩn bị đợt bình xét: mô hình thực hiện '
            f"{when}; và mô hình đang thực hiện mà hai lần bình xét gần nhất, hai năm liền, đều "
            "không được công nhận. Bảng để họp bình xét được lập bằng lệnh "
            "<code>python -m generator review sheet</code> (xem mục “Bình xét hằng năm” của "
            "trang Hướng dẫn đóng góp).</p>\n",
            self.listing(missing, urls.REVIEWS_CSV, "các dòng có cột missing_result") + "\n",
            self.listing(running, urls.REVIEWS_CSV, "các dòng có cột not_recognized_running")
            + "\n",
        ]


def stats_page(catalog: Catalog, directory_urls: bool = True) -> str:
    return StatsPage(catalog, directory_urls).markdown()
