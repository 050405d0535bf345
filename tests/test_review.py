"""The yearly cycle: `review sheet`, `review apply` and `commend`, round trips on real files.

Every changed model file is diffed against its original: the only difference allowed
is the inserted lines, each where a person would write it. Expected figures are
worked out here from the files (plain loops), never by the tools' own functions.
"""

from __future__ import annotations

import csv
import difflib
import itertools
import os
import re
import subprocess
import sys
from datetime import date
from pathlib import Path

import openpyxl
import pytest
from conftest import Project, copy_sample

YEAR = 2026
DAY = "2026-12-01"  # the day the showcase models are chosen (--date)
RESULTS = {True: "recognized", False: "not-recognized"}


def generator(project: Project, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "generator", *args],
        cwd=project.root,
        capture_output=True,
        text=True,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )


def snapshot(project: Project) -> dict[str, bytes]:
    return {
        p.relative_to(project.root).as_posix(): p.read_bytes()
        for p in (project.root / "models").rglob("*")
        if p.is_file()
    }


def inserted(before: bytes, after: bytes) -> list[str]:
    """The lines `after` adds to `before`; fails if any line was removed or changed."""
    old = before.decode().splitlines(keepends=True)
    new = after.decode().splitlines(keepends=True)
    added = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(
        None, old, new, autojunk=False
    ).get_opcodes():
        assert tag in ("equal", "insert"), (tag, old[i1:i2], new[j1:j2])
        if tag == "insert":
            added += new[j1:j2]
    return added


def lines_of(result, source: str) -> dict[int, list[str]]:
    found: dict[int, list[str]] = {}
    for line in result.stdout.splitlines():
        match = re.match(rf"^{re.escape(source)}:(\d+): (.*)$", line)
        if match:
            found.setdefault(int(match.group(1)), []).append(match.group(2))
    return found


def sheet_rows(path: Path) -> dict[str, int]:
    """slug -> row number, from the sheet's `Mã mô hình` column."""
    sheet = openpyxl.load_workbook(path).active
    return {
        row[1].value: row[0].row
        for row in sheet.iter_rows(min_row=4)
        if isinstance(row[0].value, int)
    }


def covered(validation) -> set[tuple[int, int]]:
    """(row, column) of every cell a drop-down list covers."""
    return {cell for cells in validation.sqref.ranges for cell in cells.cells}


def fill(path: Path, values: dict[str, tuple[str | None, str | None]]) -> None:
    """Type results and showcase choices as a person would: by finding the model's row."""
    book = openpyxl.load_workbook(path)
    sheet = book.active
    header = [c.value for c in sheet[3]]
    result = header.index(f"Kết quả bình xét năm {YEAR}") + 1
    showcase = header.index("Chọn làm mô hình điểm") + 1
    for slug, row in sheet_rows(path).items():
        typed, chosen = values.get(slug, (None, None))
        sheet.cell(row, result, typed)
        sheet.cell(row, showcase, chosen)
    book.save(path)


# -- the sample: every shipped model ------------------------------------------------------


@pytest.fixture
def sample(tmp_path) -> Project:
    return Project(copy_sample(tmp_path))


def active(sample_catalog) -> list:
    """Published models running in YEAR, counted here."""
    return [
        m
        for m in sample_catalog.models
        if not m.draft and m.registered.year <= YEAR and (m.ended is None or m.ended.year >= YEAR)
    ]


def offered(model) -> bool:
    """Eligible as a showcase if recognised in YEAR: two recognised years, no showcase yet."""
    years = {y for y, ok in model.reviews.items() if ok and y <= YEAR} | {YEAR}
    return model.showcase is None and len(years) >= 2


def test_sheet_lists_every_active_model_with_drop_downs(sample, sample_catalog):
    result = generator(sample, "review", "sheet", "--year", str(YEAR), "bang.xlsx")
    assert result.returncode == 0, result.stdout
    running = active(sample_catalog)
    assert f"bảng bình xét năm {YEAR}, {len(running)} mô hình đang thực hiện" in result.stdout
    sheet = openpyxl.load_workbook(sample.root / "bang.xlsx").active
    title = sheet["A1"].value
    assert title.startswith("Ban Dân vận Thành ủy – Bình xét mô hình “Dân vận khéo” năm 2026")
    assert re.search(r"lập ngày \d\d/\d\d/\d{4}$", title)
    assert [c.value for c in sheet[3]] == [
        "STT",
        "Mã mô hình",
        "Tên mô hình",
        "Đơn vị",
        "Địa bàn",
        "Lĩnh vực",
        "Năm 2023",
        "Năm 2024",
        "Năm 2025",
        "Kết quả bình xét năm 2026",
        "Chọn làm mô hình điểm",
        "Ghi chú",
    ]
    rows = sheet_rows(sample.root / "bang.xlsx")
    assert set(rows) == {m.slug for m in running}  # no draft, no model ended before 2026
    assert "pho-am-thuc-dem-tan-an" not in rows and "doi-van-nghe-cong-nhan-det-may" not in rows
    assert [sheet.cell(r, 1).value for r in sorted(rows.values())] == list(range(1, len(rows) + 1))
    # Grouped by party committee (a heading row each), each unit's rows together.
    headings, order, group = [], [], None
    for row in sheet.iter_rows(min_row=4, values_only=True):
        if isinstance(row[0], str):
            group = row[0]
            headings.append(group)
        else:
            order.append((group, row[1], row[3]))
    by_slug = {m.slug: m for m in running}
    assert sorted(headings) == sorted({m.unit.parent for m in running})  # each once
    assert all(by_slug[slug].unit.parent == group for group, slug, _ in order)
    runs = [unit for unit, _ in itertools.groupby((g, u) for g, _, u in order)]
    assert len(runs) == len(set(runs))
    # Earlier results as text.
    model = by_slug["khach-hang-khong-phai-den-quay"]  # 2022 not, 2023 and 2024 recognised
    assert [sheet.cell(rows[model.slug], c).value for c in (7, 8, 9)] == [
        "Công nhận",
        "Công nhận",
        None,
    ]
    # Drop-down lists: the result on every model's row, "Có" only where a recognition
    # this year would make the model eligible.
    lists = {dv.formula1: dv for dv in sheet.data_validations.dataValidation}
    results = lists['"Công nhận,Không công nhận"']
    assert {(r, 10) for r in rows.values()} == covered(results)
    showcase = lists['"Có"']
    assert covered(showcase) == {(rows[m.slug], 11) for m in running if offered(m)}
    assert 0 < len(covered(showcase)) < len(rows)
    # Made to print: header frozen and repeated on each A4 landscape page.
    assert sheet.freeze_panes == "D4"
    assert sheet.print_title_rows == "$3:$3"
    assert sheet.page_setup.orientation == "landscape"
    assert int(sheet.page_setup.paperSize) == 9  # A4
    assert sheet.sheet_properties.pageSetUpPr.fitToPage and sheet.page_setup.fitToWidth == 1


def test_one_year_of_every_shipped_model_made_filled_applied(sample, sample_catalog):
    """The issue's trial: sheet, a person's typing, apply; only new lines; the site shows it."""
    assert generator(sample, "review", "sheet", "--year", str(YEAR), "bang.xlsx").returncode == 0
    running = active(sample_catalog)
    typed = ["Công nhận", "cong nhan", "Đạt", "Không công nhận", "khong dat", "không đạt"]
    values, expected = {}, {}
    chosen = [m for m in running if offered(m)][:2]
    for n, model in enumerate(running):
        text = typed[n % len(typed)]
        recognised = n % len(typed) < 3
        if model in chosen:
            text, recognised = "Công nhận", True
        values[model.slug] = (text, "Có" if model in chosen else None)
        expected[model.slug] = recognised
    fill(sample.root / "bang.xlsx", values)
    before = snapshot(sample)

    result = generator(
        sample, "review", "apply", "bang.xlsx", "--date", DAY, "--summary", "tom-tat.md"
    )
    assert result.returncode == 0, result.stdout
    after = snapshot(sample)
    changed = {path for path in after if after[path] != before[path]}
    assert changed == {m.source for m in running}  # every model reviewed, nothing else touched
    for model in running:
        path = model.source
        last = max(model.reviews)
        line = f"  {YEAR}: {RESULTS[expected[model.slug]]}\n"
        added = [line] + ([f"showcase: {DAY}\n"] if model in chosen else [])
        assert inserted(before[path], after[path]) == added, path
        # The new year right after the last one the file had.
        assert f"  {last}: {RESULTS[model.reviews[last]]}\n{line}" in after[path].decode()
    recognised = sum(expected.values())
    out = result.stdout
    assert f"  Công nhận: {recognised}\n  Không công nhận: {len(running) - recognised}\n" in out
    assert f"Đã ghi {len(running)} tệp mô hình." in out
    assert "Được chọn làm mô hình điểm (2): " in out
    assert "Kiểm tra: hợp lệ" in out
    summary = (sample.root / "tom-tat.md").read_text(encoding="utf-8")
    assert summary.startswith(f"## Bình xét năm {YEAR}\n")
    assert f"| Công nhận | {recognised} |" in summary
    for model in chosen:
        assert f"(`{model.source}`)" in summary

    # The same sheet again changes nothing.
    again = generator(sample, "review", "apply", "bang.xlsx", "--date", DAY)
    assert again.returncode == 0, again.stdout
    assert snapshot(sample) == after
    assert f"  Không đổi (đã ghi như vậy): {len(running)}\n" in again.stdout
    assert "Đã ghi 0 tệp mô hình." in again.stdout

    # A commendation round from the decision's list, by name and unit as typed.
    decision = openpyxl.Workbook()
    sheet = decision.active
    sheet.append(["DANH SÁCH MÔ HÌNH ĐƯỢC BIỂU DƯƠNG"])
    sheet.append(["STT", "Tên mô hình", "Đơn vị"])
    for n, model in enumerate(chosen, 1):
        sheet.append([n, model.title.upper(), model.unit.name.lower()])
    sheet.append([None, "NGƯỜI LẬP BIỂU", "TM. BAN THƯỜNG VỤ"])
    decision.save(sample.root / "quyet-dinh.xlsx")
    before = snapshot(sample)
    commended = generator(
        sample,
        "commend",
        "quyet-dinh.xlsx",
        "--date",
        "20/11/2026",
        "--by",
        "Ủy ban nhân dân thành phố",
        "--decision",
        "Quyết định số 215/QĐ-UBND",
        "--title",
        "Điển hình tiên tiến phong trào “Dân vận khéo” năm 2026",
    )
    assert commended.returncode == 0, commended.stdout
    assert "cho 2 mô hình; 0 đã có; 0 không ghi được." in commended.stdout
    for model in chosen:
        added = inserted(before[model.source], snapshot(sample)[model.source])
        item = [
            "  - date: 2026-11-20\n",
            "    by: Ủy ban nhân dân thành phố\n",
            "    decision: Quyết định số 215/QĐ-UBND\n",
            "    title: Điển hình tiên tiến phong trào “Dân vận khéo” năm 2026\n",
        ]
        assert added == (item if model.commendations else ["commendations:\n", *item])

    built = sample.build()
    assert built.returncode == 0, built.stderr
    # The showcase page: the newly chosen first (newest first), with every earlier one.
    cards = re.compile(r'class="dvk-card__title"><a href="\.\./mo-hinh/([^/]+)/"')
    shown = cards.findall(sample.html("mo-hinh-diem"))
    earlier = {m.slug for m in sample_catalog.models if m.showcase and not m.draft}
    assert set(shown[:2]) == {m.slug for m in chosen}
    assert set(shown[2:]) == earlier
    # The honour roll: the round under its title, its decision, its models.
    honours = sample.html("dien-hinh-tien-tien")
    sections = re.split(r'<h2 id="[^"]+">', honours)[1:]
    section = next(x for x in sections if x.startswith("Điển hình tiên tiến phong trào “Dân"))
    assert '<p class="dvk-meta">Quyết định số 215/QĐ-UBND, ngày 20/11/2026, Ủy ban nhân dân ' in (
        section
    )
    assert set(cards.findall(section)) == {m.slug for m in chosen}
    assert sections[0] is section  # the newest round first


# -- a small project: the rules one by one ------------------------------------------------


MORE_UNITS = """\
- id: chi-bo-khu-pho-1-tan-an
  name: Chi bộ Khu phố 1
  type: residential
  locality: Phường Tân An
"""


def model_text(title: str, unit: str, reviews: str = "", extra: str = "") -> str:
    return (
        f"---\ntitle: {title}\nsummary: Tóm tắt.\nfield: do-thi-van-minh\nunit: {unit}\n"
        f"registered: 2021-03-15\n{reviews}{extra}---\n\n## Nội dung\n\nNhân dân cùng làm.\n"
    )


@pytest.fixture
def small(project) -> Project:
    """The fixture's model (2021, 2022 recognised) and a few more, two of one name."""
    units = (project.root / "models/_units.yml").read_text(encoding="utf-8")
    project.write("models/_units.yml", units + MORE_UNITS)
    project.write(
        "models/duong-hoa.md",
        model_text("Đường hoa", "chi-bo-khu-pho-1", "reviews:\n  2022: recognized\n"),
    )
    project.write("models/duong-hoa-tan-an.md", model_text("Đường hoa", "chi-bo-khu-pho-1-tan-an"))
    project.write(
        "models/nuoc-sach.yml",
        "# Mô hình của công ty\ntitle: Nước sạch cho dân\nsummary: Tóm tắt.\n"
        "field: do-thi-van-minh\nunit: cong-ty-cap-nuoc\nregistered: 2021-06-01  # ngày ký\n"
        "reviews:\n  2021: recognized  # năm đầu\n\n  2022: not-recognized\ntags: [nước]\n"
        "body: |\n  ## Nội dung\n\n  Nước sạch.\n",
    )
    assert project.validate().returncode == 0, project.validate().stdout
    return project


def committee_sheet(path: Path, rows: list[list[object]]) -> None:
    """A sheet as a committee makes it: title lines, a two-row header, a footer."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["BAN DÂN VẬN ĐẢNG ỦY PHƯỜNG"])
    sheet.append(["KẾT QUẢ BÌNH XÉT MÔ HÌNH “DÂN VẬN KHÉO”"])
    sheet.append([])
    sheet.append(["STT", "Tên mô hình", "Đơn vị thực hiện", "Địa bàn", "Kết quả bình xét", None])
    sheet.append([None, None, None, None, "Năm 2022", "Năm 2023"])
    sheet.merge_cells("E4:F4")
    for column in "ABCD":
        sheet.merge_cells(f"{column}4:{column}5")
    for row in rows:
        sheet.append(row)
    sheet.append([])
    sheet.append([None, "NGƯỜI LẬP BIỂU", None, None, "TM. BAN THƯỜNG VỤ"])
    sheet.append([None, "Nguyễn Văn An", None, None, "Trần Thị Bình"])
    book.save(path)


def test_committee_sheet_with_two_row_header_and_loose_names(small):
    committee_sheet(
        small.root / "ket-qua.xlsx",
        [
            ["I", "KHỐI DÂN CƯ"],  # a group heading
            [1, "TUYEN DUONG SANG - XANH - SACH - DEP", "chi bo khu pho 1", None, None, "dat"],
            [2, "Đường  hoa", "Chi bộ Khu phố 1", "phuong hoa binh", None, "khong cong nhan"],
            [3, "Đường hoa", "Chi bộ Khu phố 1", "", None, "Đạt"],  # two units of that name
            [4, "Đường hoa", "", "", None, "Đạt"],  # two models of that name
            [5, "Nuoc sach cho dan", "Cong ty CP Cap nuoc", None, None, "Tốt"],
            [6, "Chợ không rác", "Chi bộ Khu phố 1", "Phường Hòa Bình", None, "Đạt"],
            [7, "Nước sạch cho dân", "Công ty Cổ phần Cấp nước", None, None, None],  # blank
        ],
    )
    before = snapshot(small)
    result = generator(small, "review", "apply", "ket-qua.xlsx", "--year", "2023")
    assert result.returncode == 1, result.stdout
    lines = lines_of(result, "ket-qua.xlsx")
    assert 9 in lines, result.stdout
    assert lines[9][0].startswith("Có 2 mô hình tên “Đường hoa” (Chi bộ Khu phố 1, Phường Hòa")
    assert "Chi bộ Khu phố 1, Phường Tân An" in lines[9][0]
    assert lines[10][0].startswith("Có 2 mô hình tên “Đường hoa”")
    assert lines[11] == [
        "Kết quả “Tốt” không rõ; ghi “Công nhận” hoặc “Không công nhận” (hoặc Đạt, Không đạt)."
    ]
    assert lines[12][0].startswith("Chi bộ Khu phố 1 (Phường Hòa Bình) không có mô hình “Chợ không")
    assert set(lines) == {9, 10, 11, 12}  # heading, blank row and footer say nothing
    assert "  Công nhận: 1\n  Không công nhận: 1\n" in result.stdout
    assert "  Không ghi được: 4\n  Để trống: 1\n" in result.stdout, result.stdout
    after = snapshot(small)
    assert {p for p in after if after[p] != before[p]} == {
        "models/tuyen-duong-sang.md",
        "models/duong-hoa.md",
    }
    assert inserted(before["models/tuyen-duong-sang.md"], after["models/tuyen-duong-sang.md"]) == [
        "  2023: recognized\n"
    ]
    assert inserted(before["models/duong-hoa.md"], after["models/duong-hoa.md"]) == [
        "  2023: not-recognized\n"
    ]
    # The year comes from the header; with two years there, --year must choose.
    both = generator(small, "review", "apply", "ket-qua.xlsx")
    assert both.returncode == 1
    assert "ket-qua.xlsx:5: Bảng có cột kết quả của các năm 2022, 2023; hãy chọn năm" in both.stdout


def test_marks_under_result_headings_and_csv(small):
    rows = [
        ["Tên mô hình", "Đơn vị", "Kết quả bình xét năm 2023", None],
        [None, None, "Công nhận", "Không công nhận"],
        ["Nước sạch cho dân", "Công ty Cổ phần Cấp nước", "x", ""],
        ["Tuyến đường sáng – xanh – sạch – đẹp", "Chi bộ Khu phố 1", "", "X"],
        ["Đường hoa", "Chi bộ Khu phố 1 Phường Hòa Bình", "x", "x"],
    ]
    with (small.root / "dau.csv").open("w", encoding="utf-8-sig", newline="") as file:
        csv.writer(file, delimiter=";").writerows(rows)
    before = snapshot(small)
    dry = generator(small, "review", "apply", "dau.csv", "--dry-run")
    assert dry.returncode == 1
    assert snapshot(small) == before  # a dry run writes nothing
    assert "dau.csv:5: Dòng ghi cả “Công nhận” và “Không công nhận”." in dry.stdout
    assert "  Công nhận: 1\n  Không công nhận: 1\n" in dry.stdout
    assert dry.stdout.rstrip().endswith("Chạy thử: chưa ghi tệp nào.")
    result = generator(small, "review", "apply", "dau.csv")
    after = snapshot(small)
    # The .yml model: the new year after the last, its comments and body untouched.
    assert inserted(before["models/nuoc-sach.yml"], after["models/nuoc-sach.yml"]) == [
        "  2023: recognized\n"
    ]
    assert (
        "  2022: not-recognized\n  2023: recognized\ntags: [nước]\n"
        in after["models/nuoc-sach.yml"].decode()
    )
    assert "Đã ghi 2 tệp mô hình." in result.stdout


def conflicts_sheet(small) -> None:
    """bang.xlsx: a row of each kind that is not simply written, as the comments say."""
    small.write(
        "models/ban-nhap.md",
        model_text(
            "Bản nháp", "chi-bo-khu-pho-1", "reviews:\n  2021: recognized\n", "draft: true\n"
        ),
    )
    small.write(
        "models/moi-dang-ky.md",
        model_text("Mới đăng ký", "chi-bo-khu-pho-1").replace("2021-03-15", "2024-02-01"),
    )
    small.write(
        "models/hai-nam.md",
        model_text("Hai năm", "chi-bo-khu-pho-1", "reviews:\n  2021: recognized\n"),
    )
    small.write("models/hai-dong.md", model_text("Hai dòng", "chi-bo-khu-pho-1"))
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(
        ["Mã mô hình", "Tên mô hình", "Kết quả bình xét năm 2022", "Chọn làm mô hình điểm"]
    )
    rows = [
        ["tuyen-duong-sang", None, "Không công nhận", None],  # 2: 2022 was recognised
        ["duong-hoa-tan-an", None, None, "Có"],  # 3: no recognised year at all
        ["hai-nam", None, "Công nhận", "Có"],  # 4: recognised 2021 and, now, 2022
        ["ban-nhap", None, "Công nhận", None],  # 5: a draft
        ["moi-dang-ky", None, "Công nhận", None],  # 6: registered in 2024
        ["duong-hoa", "Đường hoa khu phố 7", "Công nhận", None],  # 7: another model's name
        ["tuyen-duong-sangg", None, "Công nhận", None],  # 8: no such slug
        ["hai-nam", "Hai năm", "Đạt", "có"],  # 9: row 4 again, the same
        ["hai-dong", None, "Công nhận", None],  # 10 and 11: one model, two results
        ["hai-dong", None, "Không công nhận", None],
        ["duong-hoa", None, "Công nhận", None],  # 12: already so
    ]
    for row in rows:
        sheet.append(row)
    book.save(small.root / "bang.xlsx")


def test_conflicts_duplicates_and_refusals(small):
    conflicts_sheet(small)
    before = snapshot(small)
    result = generator(small, "review", "apply", "bang.xlsx", "--date", "2023-01-10")
    assert result.returncode == 1
    lines = lines_of(result, "bang.xlsx")
    assert lines[2] == [
        "“Tuyến đường sáng – xanh – sạch – đẹp” đã có kết quả năm 2022 là “Công nhận”, bảng "
        "ghi “Không công nhận”; giữ nguyên (chạy lại với --replace để ghi theo bảng)."
    ]
    assert lines[3] == [
        "Không chọn được “Đường hoa” làm mô hình điểm: đến năm 2022 mới được công nhận 0 năm "
        "(chưa năm nào); cần ít nhất 2 năm."
    ]
    assert lines[5] == ["“Bản nháp” là bản nháp (draft: true), chưa đăng; không ghi kết quả."]
    assert lines[6][0].startswith("“Mới đăng ký” không thực hiện trong năm 2022 (đăng ký ngày")
    assert lines[7] == [
        'Mã "duong-hoa" là mô hình “Đường hoa”, không phải “Đường hoa khu phố 7”; hãy kiểm '
        "tra lại dòng này."
    ]
    assert lines[8] == [
        'Không có mô hình mã "tuyen-duong-sangg". Có phải "tuyen-duong-sang" '
        "(“Tuyến đường sáng – xanh – sạch – đẹp”)?"
    ]
    assert lines[9] == ["Trùng với dòng 4; chỉ tính một lần."]
    for number in (10, 11):
        assert lines[number] == [
            "“Hai dòng” có ở các dòng 10, 11 với nội dung khác nhau; chưa ghi dòng nào, hãy giữ "
            "lại một dòng."
        ]
    assert set(lines) == {2, 3, 5, 6, 7, 8, 9, 10, 11}
    after = snapshot(small)
    assert {p for p in after if after[p] != before[p]} == {"models/hai-nam.md"}
    assert inserted(before["models/hai-nam.md"], after["models/hai-nam.md"]) == [
        "  2022: recognized\n",
        "showcase: 2023-01-10\n",
    ]
    assert (
        "  Công nhận: 1\n  Không công nhận: 0\n  Không đổi (đã ghi như vậy): 1\n" in result.stdout
    )
    assert "  Xung đột (giữ nguyên): 3\n  Không ghi được: 5\n" in result.stdout
    assert "Được chọn làm mô hình điểm (1): “Hai năm”." in result.stdout


def test_the_outcome_has_each_row_its_model_and_what_it_writes(small, capsys):
    """What a pull request's report and a dry run's listing are made from: a row for
    each row of the sheet, in the tool's own process, with nothing printed."""
    from generator.authoring.outcome import Status
    from generator.authoring.review import Review
    from generator.data.options import settings_from

    conflicts_sheet(small)
    before = snapshot(small)
    settings, root = settings_from(small.root / "mkdocs.yml")
    run = Review(settings, root, "bang.xlsx", chosen_on=date(2023, 1, 10))
    outcome = run.run(small.root / "bang.xlsx", dry_run=True)
    assert capsys.readouterr() == ("", "")
    assert snapshot(small) == before
    assert outcome.year == 2022 and outcome.dry_run and outcome.written == []
    rows = {row.line: row for row in outcome.rows}
    assert sorted(rows) == list(range(2, 13))
    assert {n: row.where for n, row in rows.items()} == {n: f"bang.xlsx:{n}" for n in rows}
    statuses = {n: row.status for n, row in rows.items()}
    assert statuses == {
        2: Status.CONFLICT,
        3: Status.REFUSED,
        4: Status.WRITTEN,
        5: Status.REFUSED,
        6: Status.REFUSED,
        7: Status.UNKNOWN,
        8: Status.UNKNOWN,
        9: Status.DUPLICATE,
        10: Status.CONFLICT,
        11: Status.CONFLICT,
        12: Status.UNCHANGED,
    }
    assert rows[7].typed == {"slug": "duong-hoa", "title": "Đường hoa khu phố 7"}
    assert rows[7].model is None and rows[8].model is None
    assert rows[4].typed == {"slug": "hai-nam"}
    model = rows[4].model
    assert (model.slug, model.title, model.path) == ("hai-nam", "Hai năm", "models/hai-nam.md")
    assert [(c.path, c.key, str(c)) for c in rows[4].changes] == [
        ("models/hai-nam.md", "reviews.2022", "reviews.2022: recognized"),
        ("models/hai-nam.md", "showcase", "showcase: 2023-01-10"),
    ]
    assert all(not row.changes for n, row in rows.items() if n != 4)
    assert rows[12].model.path == "models/duong-hoa.md"
    assert [m.text for m in rows[9].messages] == ["Trùng với dòng 4; chỉ tính một lần."]
    assert rows[2].messages[0].text.startswith("“Tuyến đường sáng – xanh – sạch – đẹp” đã có kết")
    assert outcome.count(Status.UNCHANGED) == 1 and outcome.reported(Status.CONFLICT) == 3
    assert outcome.failed

    # The same rows once written: the files listed, the data set checked again.
    outcome = run.run(small.root / "bang.xlsx", dry_run=False)
    assert capsys.readouterr() == ("", "")
    assert len(outcome.rows) == 11 and outcome.count(Status.WRITTEN) == 1
    assert outcome.written == ["models/hai-nam.md"] and outcome.unwritten == []
    assert outcome.check is not None and outcome.check.problems == []


def test_a_tool_that_cannot_go_on_raises_its_problems(small, capsys):
    from generator.authoring.commend import Commend, commendation
    from generator.authoring.outcome import Status, Stopped, UsageError
    from generator.authoring.review import Review
    from generator.data.options import settings_from
    from generator.data.problem import Problem

    settings, root = settings_from(small.root / "mkdocs.yml")
    small.write("ghi-chu.pdf", "không phải bảng tính")
    with pytest.raises(Stopped) as stopped:
        Review(settings, root, "ghi-chu.pdf").run(small.root / "ghi-chu.pdf", dry_run=True)
    [problem] = stopped.value.lines
    assert isinstance(problem, Problem) and (problem.path, problem.line) == ("ghi-chu.pdf", 1)
    assert problem.message.startswith("Chỉ nhập được tệp .xlsx")
    with pytest.raises(UsageError):
        commendation(date(2999, 1, 1), "Ban", None, None)
    # `--models`: a slug twice is done once; one not there is unknown.
    given = commendation(date(2023, 5, 10), "Ban Dân vận", None, None)
    outcome = Commend(settings, root, given).run(
        "duong-hoa,duong-hoa,khong-co", None, "--models", True
    )
    assert [(row.where, row.status) for row in outcome.rows] == [
        ("--models duong-hoa", Status.WRITTEN),
        ("--models duong-hoa", Status.DUPLICATE),
        ("--models khong-co", Status.UNKNOWN),
    ]
    change = outcome.rows[0].changes[0]
    assert (change.path, change.key) == ("models/duong-hoa.md", "commendations")
    assert change.value == {"date": date(2023, 5, 10), "by": "Ban Dân vận"}
    assert capsys.readouterr() == ("", "")


def test_replace_is_said_and_checked_by_the_validator(small):
    small.write(
        "models/diem.md",
        model_text(
            "Mô hình điểm",
            "chi-bo-khu-pho-1",
            "reviews:\n  2021: recognized\n  2022: recognized\n",
            "showcase: 2022-12-01\n",
        ),
    )
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Mã mô hình", "Kết quả bình xét năm 2022"])
    sheet.append(["tuyen-duong-sang", "Không công nhận"])
    sheet.append(["diem", "Không công nhận"])  # would leave the showcase with one year
    book.save(small.root / "sua.xlsx")
    before = snapshot(small)
    result = generator(small, "review", "apply", "sua.xlsx", "--replace")
    assert result.returncode == 1
    lines = lines_of(result, "sua.xlsx")
    assert lines[2] == [
        "Thay kết quả năm 2022 của “Tuyến đường sáng – xanh – sạch – đẹp”: Công nhận → "
        "Không công nhận (--replace)."
    ]
    assert lines[3] == ["Chưa ghi vào models/diem.md: trình kiểm tra báo lỗi."]
    assert re.search(
        r"^models/diem\.md:\d+: \"showcase\" \(mô hình điểm\) chỉ hợp lệ khi", result.stdout, re.M
    )
    after = snapshot(small)
    assert after["models/diem.md"] == before["models/diem.md"]
    old = before["models/tuyen-duong-sang.md"].decode()
    assert after["models/tuyen-duong-sang.md"].decode() == old.replace(
        "  2022: recognized\n", "  2022: not-recognized\n"
    )


def test_a_file_without_reviews_gets_the_key(small):
    small.write("models/chua-binh-xet.md", model_text("Chưa bình xét", "chi-bo-khu-pho-1"))
    before = (small.root / "models/chua-binh-xet.md").read_bytes()
    book = openpyxl.Workbook()
    book.active.append(["Mã mô hình", "Kết quả bình xét năm 2022", "Chọn làm mô hình điểm"])
    book.active.append(["chua-binh-xet", "Công nhận", "Có"])
    book.save(small.root / "bang.xlsx")
    result = generator(small, "review", "apply", "bang.xlsx")
    assert result.returncode == 1  # one recognised year is not enough for a showcase
    after = (small.root / "models/chua-binh-xet.md").read_bytes()
    assert inserted(before, after) == ["reviews:\n", "  2022: recognized\n"]
    assert "registered: 2021-03-15\nreviews:\n  2022: recognized\n---\n" in after.decode()
    assert "Nay đủ điều kiện chọn làm mô hình điểm" not in result.stdout


def test_what_a_sheet_cannot_say(small):
    def apply(name: str, *extra: str):
        return generator(small, "review", "apply", name, *extra)

    small.write("ghi-chu.pdf", "không phải bảng tính")
    assert apply("ghi-chu.pdf").stdout.startswith("ghi-chu.pdf:1: Chỉ nhập được tệp .xlsx")
    assert apply("khong-co.xlsx").stdout.startswith("khong-co.xlsx:1: Không tìm thấy tệp.")
    small.write("khac.csv", "Họ tên,Điện thoại\nAn,0900\n")
    assert apply("khac.csv").stdout.startswith("khac.csv:1: Không thấy dòng tiêu đề có cột")
    small.write("khong-nam.csv", "Tên mô hình,Kết quả bình xét\nĐường hoa,Đạt\n")
    assert apply("khong-nam.csv").stdout.startswith(
        "khong-nam.csv:1: Tiêu đề cột kết quả không ghi năm"
    )
    future = date.today().year + 1
    small.write("sau.csv", f"Tên mô hình,Kết quả bình xét năm {future}\nĐường hoa,Đạt\n")
    assert f"sau.csv:1: Năm {future} chưa đến" in apply("sau.csv").stdout
    small.write("nam.csv", "Mã mô hình,Kết quả bình xét năm 2022\nduong-hoa,Đạt\n")
    assert "sau khi có kết quả bình xét năm đó" in apply("nam.csv", "--date", "2021-05-01").stdout
    bad = generator(small, "review", "sheet", "bang.csv")
    # A mistake in the command line is said where argparse says its own.
    assert bad.returncode == 2 and "đuôi .xlsx" in bad.stderr and bad.stdout == ""
    # A sheet already there (perhaps filled in) is never written over.
    assert generator(small, "review", "sheet", "--year", "2022", "bang.xlsx").returncode == 0
    made = (small.root / "bang.xlsx").read_bytes()
    again = generator(small, "review", "sheet", "--year", "2022", "bang.xlsx")
    assert again.returncode == 1 and again.stdout.startswith("bang.xlsx:1: Tệp đã có;")
    assert (small.root / "bang.xlsx").read_bytes() == made
    assert [p.name for p in small.root.iterdir() if p.name.startswith(".bang")] == []
    small.write("models/hong.md", "---\ntitle: [\n---\n")
    broken = apply("nam.csv")
    assert broken.returncode == 1
    assert re.search(r"^models/hong\.md:\d+: ", broken.stdout, re.M)  # the data set's problem
    assert "hãy sửa trước khi ghi kết quả bình xét." in broken.stdout


def test_cells_that_look_like_formulas_stay_text(small):
    small.write(
        "models/cong-thuc.md",
        model_text('\'=HYPERLINK("http://x.invalid","Bấm")\'', "chi-bo-khu-pho-1"),
    )
    small.write("models/gach-dau.md", model_text("'- Gạch đầu dòng'", "chi-bo-khu-pho-1"))
    assert small.validate().returncode == 0, small.validate().stdout
    assert generator(small, "review", "sheet", "--year", "2022", "bang.xlsx").returncode == 0
    sheet = openpyxl.load_workbook(small.root / "bang.xlsx").active
    titles = {row[1].value: row[2] for row in sheet.iter_rows(min_row=4) if row[1].value}
    assert titles["cong-thuc"].value == '\'=HYPERLINK("http://x.invalid","Bấm")'
    assert titles["cong-thuc"].data_type == "s"
    assert titles["gach-dau"].value == "'- Gạch đầu dòng"
    # Read back by slug, the quoted titles still name their models.
    fill_rows = {"cong-thuc": ("Đạt", None), "gach-dau": ("Không đạt", None)}
    path = small.root / "bang.xlsx"
    book = openpyxl.load_workbook(path)
    for slug, cell in titles.items():
        if slug in fill_rows:
            book.active.cell(cell.row, 10, fill_rows[slug][0])
    book.save(path)
    result = generator(small, "review", "apply", "bang.xlsx")
    assert result.returncode == 0, result.stdout
    assert "  2022: recognized\n" in (small.root / "models/cong-thuc.md").read_text()


# -- commendation rounds ------------------------------------------------------------------


def commend(project: Project, *args: str) -> subprocess.CompletedProcess:
    return generator(
        project,
        "commend",
        "--date",
        "2023-05-10",
        "--by",
        "Ủy ban nhân dân thành phố",
        "--decision",
        "Quyết định số 215/QĐ-UBND",
        *args,
    )


def test_commendation_round_by_slugs_once_only(small):
    before = snapshot(small)
    dry = commend(small, "--models", "tuyen-duong-sang, nuoc-sach,khong-co", "--dry-run")
    assert dry.returncode == 1
    assert snapshot(small) == before
    assert '--models khong-co: Không có mô hình mã "khong-co".' in dry.stdout
    assert "Sẽ thêm biểu dương (Quyết định số 215/QĐ-UBND, ngày 10/05/2023, Ủy ban nhân dân " in (
        dry.stdout
    )
    result = commend(small, "--models", "tuyen-duong-sang,nuoc-sach")
    assert result.returncode == 0, result.stdout
    after = snapshot(small)
    item = [
        "  - date: 2023-05-10\n",
        "    by: Ủy ban nhân dân thành phố\n",
        "    decision: Quyết định số 215/QĐ-UBND\n",
    ]
    for path in ("models/tuyen-duong-sang.md", "models/nuoc-sach.yml"):
        assert inserted(before[path], after[path]) == ["commendations:\n", *item], path
    # After the reviews, before what follows them (the .yml model's tags and body).
    assert "  2022: not-recognized\ncommendations:\n" in after["models/nuoc-sach.yml"].decode()
    # The same decision again, typed differently, is not added twice.
    again = generator(
        small,
        "commend",
        "--models",
        "nuoc-sach",
        "--date",
        "10/05/2023",
        "--by",
        "uy ban nhan dan  thanh pho",
        "--decision",
        "quyết định số 215/qđ-ubnd",
    )
    assert again.returncode == 0, again.stdout
    assert "“Nước sạch cho dân” đã có lần biểu dương này; không thêm lần nữa." in again.stdout
    assert snapshot(small) == after
    # A second round goes after the first.
    second = generator(
        small, "commend", "--models", "nuoc-sach", "--date", "2023-09-02", "--by", "Ban Dân vận"
    )
    assert second.returncode == 0, second.stdout
    added = inserted(after["models/nuoc-sach.yml"], snapshot(small)["models/nuoc-sach.yml"])
    assert added == ["  - date: 2023-09-02\n", "    by: Ban Dân vận\n"]


def test_commendation_round_from_a_sheet(small):
    small.write(
        "models/sau-dang-ky.md",
        model_text("Sau đăng ký", "chi-bo-khu-pho-1").replace("2021-03-15", "2023-06-01"),
    )
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["DANH SÁCH KÈM THEO QUYẾT ĐỊNH SỐ 215/QĐ-UBND"])
    sheet.append(["STT", "Tên mô hình", "Đơn vị", "Địa bàn"])
    sheet.append(["I", "Khối dân cư"])  # a heading that names no model
    sheet.append([1, "duong hoa", "chi bo khu pho 1", "Phường Hòa Bình"])
    sheet.append([2, "Đường hoa", "Chi bộ Khu phố 1", "Phường Tân An"])
    sheet.append([3, "Chợ không rác", "Chi bộ Khu phố 1", "Phường Hòa Bình"])
    sheet.append([4, "Sau đăng ký", "Chi bộ Khu phố 1", "Phường Hòa Bình"])  # commended before
    sheet.append([None, "Hòa Bình, ngày 10 tháng 5 năm 2023"])
    book.save(small.root / "bieu-duong.xlsx")
    before = snapshot(small)
    result = commend(small, "bieu-duong.xlsx", "--title", "Điển hình tiên tiến 2023")
    assert result.returncode == 1
    lines = lines_of(result, "bieu-duong.xlsx")
    assert 3 not in lines  # the heading names no model
    assert lines[6][0].startswith("Chi bộ Khu phố 1 (Phường Hòa Bình) không có mô hình “Chợ")
    assert lines[7] == ["Chưa ghi vào models/sau-dang-ky.md: trình kiểm tra báo lỗi."]
    assert "models/sau-dang-ky.md:" in result.stdout and "trước ngày đăng ký" in result.stdout
    after = snapshot(small)
    assert {p for p in after if after[p] != before[p]} == {
        "models/duong-hoa.md",
        "models/duong-hoa-tan-an.md",
    }
    assert inserted(before["models/duong-hoa-tan-an.md"], after["models/duong-hoa-tan-an.md"]) == [
        "commendations:\n",
        "  - date: 2023-05-10\n",
        "    by: Ủy ban nhân dân thành phố\n",
        "    decision: Quyết định số 215/QĐ-UBND\n",
        "    title: Điển hình tiên tiến 2023\n",
    ]
    assert "cho 2 mô hình; 0 đã có; 2 không ghi được." in result.stdout
    future = generator(
        small, "commend", "--models", "duong-hoa", "--date", "2999-01-01", "--by", "A"
    )
    assert future.returncode == 2 and "là một ngày trong tương lai" in future.stderr
    neither = generator(small, "commend", "--date", "2023-01-01", "--by", "A")
    assert neither.returncode == 2 and "--models" in neither.stderr and neither.stdout == ""


def test_every_column_the_guide_lists_is_read():
    from conftest import ROOT

    from generator.authoring.review import accepts
    from generator.authoring.yearly import find_layout

    guide = (ROOT / "docs/huong-dan/dong-gop.md").read_text(encoding="utf-8")
    section = guide[guide.index("## Bình xét hằng năm") :]
    table = section[section.index("| Cột | Ghi gì |") : section.index("Dòng không tìm được")]
    names = [row.split("|")[1].strip() for row in table.splitlines()[2:] if row.startswith("| ")]
    assert len(names) == 6
    layout = find_layout([(1, names)], accepts)
    assert layout is not None
    assert set(layout.columns) == {"slug", "title", "unit", "locality", "showcase"}
    assert [h.year for h in layout.results.values()] == [YEAR]
