"""/thong-ke/, `python -m generator stats` and its workbook, against counts made here.

Expected figures come from two places, never from generator/data/stats.py: numbers
counted by hand for the small data set in tests/data/thong-ke/, and counts
computed below with plain loops over the shipped sample's models.
"""

from __future__ import annotations

import csv
import re
import sys
from html.parser import HTMLParser

import pytest
from conftest import CHROMIUM, CHROMIUM_ARGS, ROOT, UNITS


class Tables(HTMLParser):
    """Every statistics table of a page: caption -> rows of cell texts (header first). A
    name cut short on the page is read whole from its title."""

    def __init__(self):
        super().__init__()
        self.tables: dict[str, list[list[str]]] = {}
        self._rows: list[list[str]] | None = None
        self._cell: list[str] | None = None
        self._caption: list[str] | None = None
        self._empty: list[str] | None = None
        self._whole: str | None = None  # the title of an element in the cell

    def handle_starttag(self, tag, attrs):
        classes = (dict(attrs).get("class") or "").split()
        if self._cell is not None and dict(attrs).get("title"):
            self._whole = dict(attrs)["title"]
        if tag == "table" and "dvk-stats" in classes:
            self._rows = []
        elif tag == "p" and "dvk-empty" in classes:
            self._empty = []
        elif self._rows is not None:
            if tag == "caption":
                self._caption = []
            elif tag == "tr":
                self._rows.append([])
            elif tag in ("td", "th"):
                self._cell, self._whole = [], None

    def handle_endtag(self, tag):
        if self._rows is None:
            if tag == "p" and self._empty is not None:
                title, _, message = "".join(self._empty).partition(":")
                self.tables[title.strip()] = [[message.strip()]]
                self._empty = None
            return
        if tag == "caption":
            self.title = " ".join("".join(self._caption).split())
            self._caption = None
        elif tag in ("td", "th"):
            self._rows[-1].append(self._whole or " ".join("".join(self._cell).split()))
            self._cell = None
        elif tag == "table":
            self.tables[self.title] = self._rows
            self._rows = None

    def handle_data(self, data):
        for part in (self._cell, self._caption, self._empty):
            if part is not None:
                part.append(data)


def page_tables(html: str) -> dict[str, list[list[str]]]:
    parser = Tables()
    parser.feed(html)
    return parser.tables


def text_tables(output: str) -> dict[str, list[list[str]]]:
    """The terminal's tables, cut into cells along the dashes under each header."""
    found = {}
    for block in output.strip().split("\n\n"):
        lines = block.split("\n")
        if len(lines) == 2:  # a title and the sentence an empty table prints
            found[lines[0]] = [[lines[1]]]
            continue
        spans = [m.span() for m in re.finditer(r"-+", lines[2])]
        rows = [lines[1], *lines[3:]]
        found[lines[0]] = [[row[a:b].strip() for a, b in spans] for row in rows]
    return found


def stats_html(site) -> str:
    return (site / "thong-ke" / "index.html").read_text(encoding="utf-8")


def body(table: list[list[str]]) -> list[list[str]]:
    return table[1:]


# -- the small data set, counted by hand ---------------------------------------------

FIELDS = [
    "Xây dựng Đảng, Mặt trận Tổ quốc và các đoàn thể",
    "Nâng cao chất lượng đội ngũ, cải cách hành chính, văn hoá công sở",
    "Xây dựng nông thôn mới, đô thị văn minh",
    "Phát triển văn hoá gắn với kết nối cộng đồng, du lịch",
]


@pytest.fixture(scope="module")
def known(known_project):
    return page_tables(stats_html(known_project.root / "site"))


def test_totals_on_the_page_match_hand_counts(known):
    # Five published models (the draft never counts); one ended (An toàn xưởng tàu).
    assert body(known["Tổng quan"]) == [
        ["Mô hình đã công bố", "5"],
        ["Mô hình đang thực hiện", "4"],
        ["Mô hình đã dừng", "1"],
        ["Mô hình điểm", "1"],
        ["Mô hình được biểu dương", "2"],
        ["Đơn vị thực hiện", "5"],
        ["Đơn vị có mô hình đang thực hiện", "3"],
    ]
    assert known["Số mô hình theo lĩnh vực"] == [
        ["Lĩnh vực", "Số mô hình", "Đang thực hiện", "Mô hình điểm", "Được biểu dương"],
        [FIELDS[0], "1", "1", "0", "0"],
        [FIELDS[1], "1", "1", "0", "1"],
        [FIELDS[2], "2", "2", "1", "1"],
        [FIELDS[3], "1", "0", "0", "0"],
        ["Tổng cộng", "5", "4", "1", "2"],
    ]
    assert body(known["Số mô hình theo nhóm lĩnh vực"]) == [
        ["Kinh tế", "2", "2", "1", "1"],
        ["Văn hoá – xã hội", "1", "0", "0", "0"],
        ["Quốc phòng – an ninh", "0", "0", "0", "0"],
        ["Xây dựng hệ thống chính trị", "2", "2", "0", "1"],
        ["Tổng cộng", "5", "4", "1", "2"],
    ]
    assert body(known["Số mô hình theo loại mô hình"]) == [
        ["Tập thể", "4", "3", "1", "1"],
        ["Cá nhân", "1", "1", "0", "1"],
        ["Tổng cộng", "5", "4", "1", "2"],
    ]
    by_type = body(known["Số mô hình theo loại đơn vị"])
    assert by_type[:3] == [
        ["Chi bộ khu dân cư, tổ dân phố, thôn", "1", "1", "1", "1"],
        ["Cơ quan", "2", "2", "0", "1"],
        ["Doanh nghiệp", "2", "1", "0", "0"],
    ]
    assert all(row[1:] == ["0"] * 4 for row in by_type[3:-1])
    assert body(known["Số mô hình theo địa bàn"]) == [
        ["Phường An Bình", "1", "1", "1", "1"],
        ["Phường Bình Minh", "3", "2", "0", "1"],
        ["Xã Đồi Xanh", "1", "1", "0", "0"],
        ["Tổng cộng", "5", "4", "1", "2"],
    ]


def test_years_and_phases_match_hand_counts(known):
    assert known["Mô hình theo năm"] == [
        [
            "Năm",
            "Số mô hình đăng ký",
            "Đăng ký mới",
            "Duy trì",
            "Được bình xét",
            "Được công nhận",
            "Không được công nhận",
        ],
        ["2019", "2", "2", "0", "2", "2", "0"],
        ["2020", "3", "1", "2", "3", "3", "0"],
        # The ended model stops counting; the individual one is new.
        ["2021", "3", "1", "2", "3", "2", "1"],
        # A model registered without a review yet is counted, not reviewed.
        ["2022", "4", "1", "3", "1", "0", "1"],
    ]
    # By field and by kind apart: each adds up to the total, no model counted twice.
    assert body(known["Năm 2021 theo lĩnh vực"]) == [
        [FIELDS[0], "1", "0", "1", "1", "1", "0"],
        [FIELDS[1], "1", "1", "0", "1", "1", "0"],
        [FIELDS[2], "1", "0", "1", "1", "0", "1"],
        [FIELDS[3], "0", "0", "0", "0", "0", "0"],
        ["Tổng cộng", "3", "1", "2", "3", "2", "1"],
    ]
    assert known["Năm 2021 theo loại mô hình"] == [
        ["Loại mô hình", *known["Mô hình theo năm"][0][1:]],
        ["Tập thể", "2", "0", "2", "2", "1", "1"],
        ["Cá nhân", "1", "1", "0", "1", "1", "0"],
        ["Tổng cộng", "3", "1", "2", "3", "2", "1"],
    ]
    for table in ("Năm 2020 theo lĩnh vực", "Năm 2020 theo loại mô hình"):
        assert body(known[table])[-1] == ["Tổng cộng", "3", "1", "2", "3", "3", "0"]
    # Phases come from tests/data/thong-ke/mkdocs.yml, not the defaults.
    assert body(known["Mô hình theo giai đoạn"]) == [
        ["2019–2020", "3", "3", "0", "3", "3", "0"],
        # Recognised in 2021 or 2022: two; reviewed there but never recognised: one.
        ["2021–2022", "4", "2", "2", "3", "2", "1"],
    ]
    assert body(known["Giai đoạn 2021–2022 theo loại mô hình"]) == [
        ["Tập thể", "3", "1", "2", "2", "1", "1"],
        ["Cá nhân", "1", "1", "0", "1", "1", "0"],
        ["Tổng cộng", "4", "2", "2", "3", "2", "1"],
    ]


def test_coverage_and_candidates_match_hand_counts(known):
    # Targets from mkdocs.yml: 80 % of units, 50 % of enterprises.
    assert body(known["Mức độ bao phủ so với chỉ tiêu (hiện nay)"]) == [
        ["Đơn vị có ít nhất một mô hình đang thực hiện", "3", "5", "60 %", "80 %", "Chưa đạt"],
        ["Doanh nghiệp có mô hình đang thực hiện", "1", "2", "50 %", "50 %", "Đạt"],
    ]
    # Khu phố 2 has only a draft; the shipyard's only model has ended.
    assert body(known["Đơn vị chưa có mô hình đang thực hiện (hiện nay)"]) == [
        ["Chi bộ Khu phố 2", "Chi bộ khu dân cư, tổ dân phố, thôn", "Phường An Bình"],
        ["Công ty Đóng tàu", "Doanh nghiệp", "Phường Bình Minh"],
    ]
    # Recognised twice: the showcase already is one, the ended one no longer runs.
    assert body(known["Mô hình đủ điều kiện xây dựng mô hình điểm"]) == [
        [
            "Học bổng vượt khó",
            "Ủy ban nhân dân phường Bình Minh",
            FIELDS[0],
            "2",
            "2020, 2021",
        ]
    ]


def test_review_worklist_matches_hand_counts(known):
    # 2022 is the latest year anyone was reviewed (Học bổng vượt khó). Running in 2022
    # without a result for it: the street lights (reviewed to 2021), the mediator
    # (2021) and the tea farm (registered 2022, never reviewed); the shipyard had ended.
    assert known["Mô hình chưa có kết quả bình xét năm 2022"] == [
        ["Mô hình", "Đơn vị", "Địa bàn", "Lĩnh vực", "Năm gần nhất có kết quả"],
        ["Đèn đường khu phố", "Chi bộ Khu phố 1", "Phường An Bình", FIELDS[2], "2021"],
        [
            "Ông Lê Văn Ba hoà giải ở cơ sở",
            "Ủy ban nhân dân phường Bình Minh",
            "Phường Bình Minh",
            FIELDS[1],
            "2021",
        ],
        ["Vườn chè sạch", "Công ty Chè Đồi Xanh", "Xã Đồi Xanh", FIELDS[2], "—"],
    ]
    # Not recognised once each at most: nobody two years running.
    assert known["Mô hình không được công nhận hai năm liền"] == [
        ["Không có mô hình nào không được công nhận hai năm liền."]
    ]


def test_not_recognized_two_years_running(project):
    def model(slug: str, reviews: str, extra: str = "") -> None:
        project.write(
            f"models/{slug}.md",
            f"---\ntitle: {slug}\nsummary: Tóm tắt.\nfield: do-thi-van-minh\n"
            f"unit: chi-bo-khu-pho-1\nregistered: 2019-01-01\nreviews: {{{reviews}}}\n{extra}---\n",
        )

    model("hai-nam-lien", "2022: recognized, 2023: not-recognized, 2024: not-recognized")
    model("cach-nam", "2021: not-recognized, 2023: not-recognized")  # not running
    model("da-len-lai", "2020: not-recognized, 2021: not-recognized, 2022: recognized")
    model("da-dung", "2023: not-recognized, 2024: not-recognized", "ended: 2024-12-31\n")
    assert project.build().returncode == 0
    tables = page_tables(stats_html(project.root / "site"))
    assert [r[0] for r in body(tables["Mô hình không được công nhận hai năm liền"])] == [
        "hai-nam-lien"
    ]
    assert body(tables["Mô hình không được công nhận hai năm liền"])[0][-1] == "2023, 2024"
    # 2024 is the latest review year: the models running then without a result for it.
    assert [r[0] for r in body(tables["Mô hình chưa có kết quả bình xét năm 2024"])] == [
        "cach-nam",
        "da-len-lai",
        "Tuyến đường sáng – xanh – sạch – đẹp",
    ]
    with open(project.root / "site/du-lieu/binh-xet.csv", encoding="utf-8-sig") as file:
        rows = {row["slug"]: row for row in csv.DictReader(file)}
    assert set(rows) == {"hai-nam-lien", "cach-nam", "da-len-lai", "tuyen-duong-sang"}
    assert rows["hai-nam-lien"]["missing_result"] == ""
    assert rows["hai-nam-lien"]["not_recognized_running"] == "2023; 2024"
    assert rows["cach-nam"]["missing_result"] == "2024"
    assert rows["tuyen-duong-sang"]["url"] == "https://example.org/mo-hinh/tuyen-duong-sang/"


def run_stats(project, *extra: str):
    return project.run(sys.executable, "-m", "generator", "stats", *extra)


def test_terminal_prints_the_page_figures(known_project, known):
    result = run_stats(known_project)
    assert result.returncode == 0, result.stderr
    assert text_tables(result.stdout) == known


def test_terminal_for_one_year(known_project, known):
    result = run_stats(known_project, "--year", "2020")
    assert result.returncode == 0, result.stderr
    tables = text_tables(result.stdout)
    assert list(tables) == [
        "Năm 2020 theo lĩnh vực",
        "Năm 2020 theo loại mô hình",
        "Mức độ bao phủ so với chỉ tiêu (năm 2020)",
        "Đơn vị chưa có mô hình đang thực hiện (năm 2020)",
        "Mô hình chưa có kết quả bình xét năm 2020",
    ]
    # The three models running in 2020 were all reviewed that year.
    assert tables["Mô hình chưa có kết quả bình xét năm 2020"] == [
        ["Mọi mô hình thực hiện trong năm 2020 đã có kết quả."]
    ]
    for title in ("Năm 2020 theo lĩnh vực", "Năm 2020 theo loại mô hình"):
        assert tables[title] == known[title]
    # In 2020 the shipyard's model still ran and the tea farm had not started.
    assert body(tables["Mức độ bao phủ so với chỉ tiêu (năm 2020)"]) == [
        ["Đơn vị có ít nhất một mô hình đang thực hiện", "3", "5", "60 %", "80 %", "Chưa đạt"],
        ["Doanh nghiệp có mô hình đang thực hiện", "1", "2", "50 %", "50 %", "Đạt"],
    ]
    assert [r[0] for r in body(tables["Đơn vị chưa có mô hình đang thực hiện (năm 2020)"])] == [
        "Chi bộ Khu phố 2",
        "Công ty Chè Đồi Xanh",
    ]
    outside = run_stats(known_project, "--year", "2030")
    assert outside.returncode == 2
    assert "Không có số liệu năm 2030; các năm có số liệu: từ 2019 đến 2022." in outside.stderr


def shown(value) -> str:
    """A workbook value as the page writes it."""
    if value is None:
        return "—"
    if isinstance(value, float):
        return f"{value * 100:.1f}".rstrip("0").rstrip(".").replace(".", ",") + " %"
    return str(value)


def test_workbook_holds_the_same_tables_as_a_report(known_project, known):
    from openpyxl import load_workbook

    path = known_project.root / "bao-cao" / "thong-ke.xlsx"
    result = run_stats(known_project, "--xlsx", str(path))
    assert result.returncode == 0, result.stderr
    assert f"vào tệp {path}" in result.stderr
    workbook = load_workbook(path)
    assert len(workbook.sheetnames) == len(known)
    assert workbook.sheetnames[:3] == ["Tổng quan", "Theo lĩnh vực", "Theo nhóm lĩnh vực"]
    assert "Năm 2021 (lĩnh vực)" in workbook.sheetnames
    assert "Giai đoạn 2019–2020 (loại)" in workbook.sheetnames
    for sheet, (title, table) in zip(workbook.worksheets, known.items(), strict=True):
        # Whose, what, when; then the table as the page has it.
        assert sheet["A1"].value == "Ban Dân vận thử nghiệm" and sheet["A1"].font.bold
        assert sheet["A2"].value == title and sheet["A2"].font.bold
        assert re.fullmatch(r"Số liệu ngày \d\d/\d\d/\d{4}, .*", sheet["A3"].value)
        rows = [[shown(v) for v in row] for row in sheet.iter_rows(min_row=5, values_only=True)]
        assert rows == table, title
        if len(table) == 1:  # an empty table's sentence
            continue
        assert sheet.freeze_panes == "A6" and sheet.print_title_rows == "$5:$5"
        assert all(cell.font.bold for cell in sheet[5])
        grid = sheet.iter_rows(min_row=5, max_row=4 + len(table), max_col=len(table[0]))
        for cell in (cell for row in grid for cell in row):
            assert all(side.style == "thin" for side in (cell.border.left, cell.border.top))
            assert cell.border.right.style == cell.border.bottom.style == "thin"
        assert int(sheet.page_setup.paperSize) == 9  # A4
        assert sheet.page_setup.fitToWidth == 1 and sheet.sheet_properties.pageSetUpPr.fitToPage
        # Where a table has a total, its rows add up to it: nothing is counted twice.
        values = list(sheet.iter_rows(min_row=6, values_only=True))
        if values[-1][0] == "Tổng cộng":
            for column in range(1, len(values[0])):
                if isinstance(values[-1][column], int):
                    assert sum(r[column] for r in values[:-1]) == values[-1][column], title
    years = workbook["Mô hình theo năm"]
    assert [c.value for c in years[8]] == [2021, 3, 1, 2, 3, 2, 1]  # numbers, years included
    assert years["A8"].number_format == "0"
    targets = workbook["Chỉ tiêu"]
    assert targets["D6"].value == pytest.approx(0.6) and "%" in targets["D6"].number_format


def test_long_lists_are_cut_on_the_page_but_kept_whole_elsewhere(project):
    extra = "".join(
        f"- id: to-dan-pho-{n:03}\n  name: Tổ dân phố {n:03}\n  type: residential\n"
        "  locality: Phường Mới\n"
        for n in range(120)
    )
    project.write("models/_units.yml", UNITS + extra)
    assert project.build().returncode == 0
    site = project.root / "site"
    html = stats_html(site)
    title = "Đơn vị chưa có mô hình đang thực hiện (hiện nay)"
    missing = body(page_tables(html)[title])
    # The water company and all 120 new units lack a model; the page shows the first 100.
    assert len(missing) == 100
    assert "Trang này chỉ hiện 100 trong số 121 dòng" in html
    assert 'href="../du-lieu/don-vi.csv"' in html
    with open(site / "du-lieu" / "don-vi.csv", encoding="utf-8-sig", newline="") as f:
        assert sum(row["active_models"] == "0" for row in csv.DictReader(f)) == 121
    result = project.run(sys.executable, "-m", "generator", "stats")
    assert len(body(text_tables(result.stdout)[title])) == 121


# -- the shipped sample, counted independently --------------------------------------


def independent_year(models, year):
    """(registered, new, maintained, reviewed, recognised, not recognised) in a year."""
    running = [
        m for m in models if m.registered.year <= year and (m.ended is None or m.ended.year >= year)
    ]
    new = [m for m in running if m.registered.year == year]
    reviewed = [m for m in running if year in m.reviews]
    recognised = [m for m in reviewed if m.reviews[year] is True]
    return [
        len(running),
        len(new),
        len(running) - len(new),
        len(reviewed),
        len(recognised),
        len(reviewed) - len(recognised),
    ]


def test_sample_page_matches_independent_counts(sample_site, sample_catalog):
    tables = page_tables(stats_html(sample_site))
    models = [m for m in sample_catalog.models if not m.draft]
    assert len(models) < len(sample_catalog.models), "the sample has a draft to leave out"

    first = min(m.registered.year for m in models)
    last = max(max([m.registered.year, *m.reviews]) for m in models)
    expected = [[str(y), *map(str, independent_year(models, y))] for y in range(first, last + 1)]
    assert body(tables["Mô hình theo năm"]) == expected
    assert any(row[2] != "0" and row[3] != "0" for row in expected), "new and maintained"

    for year in (2020, 2023):
        table = body(tables[f"Năm {year} theo lĩnh vực"])
        for field, row in zip(sample_catalog.settings.fields, table, strict=False):
            in_field = [m for m in models if m.field.id == field.id]
            assert row == [field.name, *map(str, independent_year(in_field, year))]
        individual = [m for m in models if m.kind == "individual"]
        kinds = body(tables[f"Năm {year} theo loại mô hình"])
        assert kinds[-2] == ["Cá nhân", *map(str, independent_year(individual, year))]
        assert kinds[-1] == table[-1] == ["Tổng cộng", *map(str, independent_year(models, year))]

    rows = body(tables["Số mô hình theo lĩnh vực"])
    for field, row in zip(sample_catalog.settings.fields, rows, strict=False):
        in_field = [m for m in models if m.field.id == field.id]
        assert row == [
            field.name,
            str(len(in_field)),
            str(sum(m.ended is None for m in in_field)),
            str(sum(m.showcase is not None for m in in_field)),
            str(sum(bool(m.commendations) for m in in_field)),
        ]
    assert rows[-1][:2] == ["Tổng cộng", str(len(models))]

    for phase, row in zip(
        sample_catalog.settings.phases, body(tables["Mô hình theo giai đoạn"]), strict=True
    ):
        span = range(phase.start, phase.end + 1)
        running = [
            m
            for m in models
            if m.registered.year <= phase.end and (m.ended is None or m.ended.year >= phase.start)
        ]
        reviewed = [m for m in running if any(y in span for y in m.reviews)]
        recognised = [m for m in reviewed if any(m.reviews.get(y) for y in span)]
        assert row[1] == str(len(running)) and row[4] == str(len(reviewed))
        assert row[2] == str(sum(m.registered.year in span for m in running))
        assert row[5] == str(len(recognised))

    units = sample_catalog.units
    with_model = {m.unit.id for m in models if m.ended is None}
    enterprises = [u for u in units.values() if u.type == "enterprise"]
    coverage = body(tables["Mức độ bao phủ so với chỉ tiêu (hiện nay)"])
    assert coverage[0][1:3] == [str(len(with_model)), str(len(units))]
    assert coverage[1][1:3] == [
        str(sum(u.id in with_model for u in enterprises)),
        str(len(enterprises)),
    ]
    assert coverage[0][-1] == ("Đạt" if len(with_model) == len(units) else "Chưa đạt")
    missing = {r[0] for r in body(tables["Đơn vị chưa có mô hình đang thực hiện (hiện nay)"])}
    assert missing == {u.name for u in units.values() if u.id not in with_model}

    eligible = {
        m.title
        for m in models
        if m.showcase is None and m.ended is None and sum(m.reviews.values()) >= 2
    }
    candidates = body(tables["Mô hình đủ điều kiện xây dựng mô hình điểm"])
    assert {r[0] for r in candidates} == eligible


def test_sample_terminal_matches_sample_page(sample_site):
    import subprocess

    result = subprocess.run(
        [sys.executable, "-m", "generator", "stats"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    assert text_tables(result.stdout) == page_tables(stats_html(sample_site))


# -- charts ----------------------------------------------------------------------------


def svg_of(html: str, key: str) -> str:
    start = html.index(f'aria-labelledby="bieu-do-{key}-title')
    return html[html.rindex("<svg", 0, start) : html.index("</svg>", start)]


def test_charts_draw_the_table_numbers(known_project, known):
    html = stats_html(known_project.root / "site")
    chart = svg_of(html, "theo-linh-vuc")
    assert 'role="img"' in chart and "<title" in chart and "<desc" in chart
    bars = re.findall(r'width="([\d.]+)" height="14" fill="[^"]+" data-value="(\d+)"', chart)
    counts = [row[1] for row in body(known["Số mô hình theo lĩnh vực"])[:-1]]
    assert [value for _, value in bars] == counts == ["1", "1", "2", "1"]
    widths = [float(w) for w, _ in bars]
    assert widths[2] == max(widths) and widths[0] == pytest.approx(widths[2] / 2)

    trend = svg_of(html, "theo-nam")
    values = re.findall(r'data-value="(\d+)"', trend)
    years = body(known["Mô hình theo năm"])
    assert values == [v for row in years for v in (row[2], row[3])]  # new, then maintained
    for row in years:
        assert f">{row[1]}</text>" in trend and f">{row[0]}</text>" in trend


def test_page_reads_well_on_a_small_phone_without_javascript(sample_site):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            context = browser.new_context(
                viewport={"width": 360, "height": 740}, java_script_enabled=False
            )
            page = context.new_page()
            page.goto((sample_site / "thong-ke" / "index.html").as_uri())
            assert page.evaluate("document.documentElement.scrollWidth") <= 360
            charts = page.evaluate(
                """() => [...document.querySelectorAll('svg.dvk-chart__svg')].map(svg => ({
                    width: svg.getBoundingClientRect().width,
                    height: svg.getBoundingClientRect().height,
                    text: Math.min(...[...svg.querySelectorAll('text')]
                        .map(t => t.getBoundingClientRect().height)),
                    right: Math.max(...[...svg.querySelectorAll('text')]
                        .map(t => t.getBoundingClientRect().right)),
                }))"""
            )
            assert len(charts) == 3
            for chart in charts:
                assert 280 <= chart["width"] <= 360 and chart["height"] > 100
                assert chart["text"] >= 10, "chart text stays readable"
                assert chart["right"] <= 360, "no label runs off the screen"
            # Wide tables scroll in a focusable, named region, not the page.
            regions = page.evaluate(
                """() => [...document.querySelectorAll('.dvk-scroll')]
                    .filter(r => r.scrollWidth > r.clientWidth)
                    .map(r => [r.tabIndex, r.getAttribute('aria-labelledby')])"""
            )
            assert regions and all(i == 0 and name for i, name in regions)
            # The latest year's breakdown is open, the others folded.
            assert (
                page.evaluate(
                    "[...document.querySelectorAll('details.dvk-details')].map(d => d.open)"
                ).count(True)
                == 2
            )  # one for the years, one for the phases
        finally:
            browser.close()


LINES = """el => {
    const range = document.createRange();
    range.selectNodeContents(el);
    return Math.round(range.getBoundingClientRect().height / parseFloat(getComputedStyle(el).lineHeight));
}"""


def test_tables_fit_a_desktop_column_and_scroll_on_a_phone(sample_site):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 800})
            page.goto((sample_site / "thong-ke" / "index.html").as_uri())
            page.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")
            tables = page.evaluate(
                f"""() => {{
                const lines = {LINES};
                return [...document.querySelectorAll('.dvk-scroll')].map(box => {{
                    const table = box.querySelector('table');
                    return {{
                        caption: table.caption.innerText,
                        overflow: box.scrollWidth - box.clientWidth,
                        column: box.clientWidth,
                        header: Math.max(...[...table.tHead.rows[0].cells].map(lines)),
                        cell: Math.max(...[...table.rows].flatMap(r => [...r.cells].map(lines))),
                    }};
                }});
            }}"""
            )
            # Every table the page has (an empty one is a sentence, not a table).
            shown = [t for t in page_tables(stats_html(sample_site)).values() if len(t) > 1]
            assert len(tables) == len(shown)
            for table in tables:
                assert table["column"] > 600, "a desktop's content column"
                assert table["overflow"] <= 0, table  # no table wider than its column
                assert table["header"] <= 3, table
                assert table["cell"] <= 4, table

            phone = browser.new_page(viewport={"width": 360, "height": 800})
            phone.goto((sample_site / "thong-ke" / "index.html").as_uri())
            assert phone.evaluate("document.documentElement.scrollWidth") <= 360
            # A wide table scrolls inside its box, its first column kept in view.
            kept = phone.evaluate(
                """() => [...document.querySelectorAll('.dvk-scroll')]
                .filter(box => box.scrollWidth > box.clientWidth && box.offsetParent)
                .map(box => {
                    const left = box.getBoundingClientRect().left;
                    const row = box.querySelector('tbody tr');
                    const second = row.cells[1].getBoundingClientRect().left;
                    box.scrollLeft = box.scrollWidth;
                    return [box.scrollLeft, row.cells[0].getBoundingClientRect().left - left,
                            second - row.cells[1].getBoundingClientRect().left];
                })"""
            )
            assert len(kept) >= 5
            for scrolled, first, moved in kept:
                assert scrolled > 0 and abs(first) < 1 and abs(moved - scrolled) < 1
        finally:
            browser.close()
