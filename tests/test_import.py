"""`python -m generator import`: a committee's messy spreadsheet becomes valid model files."""

from __future__ import annotations

import csv
import os
import re
import subprocess
import sys
from datetime import datetime

import openpyxl
from conftest import ROOT, UNITS

from generator.authoring.importer import find_columns

HEADER = [
    "STT",
    "  Tên mô hình ",
    "ĐƠN VỊ",
    "Địa bàn",
    "lĩnh vực",
    "Tập thể/Cá nhân",
    "Năm đăng ký",
    "Kết quả bình xét năm 2022",
    "Kết quả bình xét năm 2023",
    "Ghi chú",
]
# Row numbers as the spreadsheet shows them: a title, a blank row, then the header on row 3.
ROWS = {
    4: [1, "  Đường hoa   khu phố 1 ", "chi bo khu pho 1", "", "do thi van minh", "tap the",
        2022, "Đạt", "dat", "extra spaces, no diacritics"],
    5: [2, "Nước sạch cho công nhân", "CÔNG TY CỔ PHẦN CẤP NƯỚC", "Phường Trung Tâm",
        "Xây dựng Đảng", "Tập thể", datetime(2021, 6, 1), "Không đạt", "Đạt", ""],
    6: ["II. KHỐI DÂN CƯ", None, None, None, None, None, None, None, None, None],
    7: [3, "Tổ hòa giải thôn Phước Thạnh", "Chi bộ thôn Phước Thạnh", "xa phuoc hung",
        "van hoa du lich", "Cá nhân", "15/03/2023", "", "", "a new unit"],
    8: [4, "Chợ không rác", "Chi bộ ấp Mới", "", "Đô thị văn minh", "Tập thể", 2022,
        "", "", "an unknown unit"],
    9: [5, "Tuyen duong sang - xanh - sach - dep", "chi bo khu pho 1", "", "do thi van minh",
        "", 2021, "Đạt", "Đạt", "an existing model"],
    10: [6, "Đường hoa khu phố 1", "Chi bộ Khu phố 1", "", "Đô thị văn minh", "", 2022, "", "",
         "a duplicate row"],
    11: [None] * 10,
    12: [7, "Câu lạc bộ bóng đá", "chi bo khu pho 1", "", "Thể thao", "", 2022, "", "",
         "an unknown field"],
    13: [8, "Bình xét trước khi đăng ký", "chi bo khu pho 1", "", "do thi van minh", "",
         2023, "Đạt", "", ""],
    14: [9, "Kết quả chưa rõ", "chi bo khu pho 1", "", "do thi van minh", "", 2022, "Tốt",
         "", ""],
    15: [10, "", "chi bo khu pho 1", "", "do thi van minh", "", 2022, "", "", "no title"],
}  # fmt: skip
CREATED = {
    4: "models/do-thi-van-minh/duong-hoa-khu-pho-1.md",
    5: "models/xay-dung-dang/nuoc-sach-cho-cong-nhan.md",
    7: "models/van-hoa-du-lich/to-hoa-giai-thon-phuoc-thanh.md",
}
REJECTED = {
    8: 'Không nhập: Đơn vị "Chi bộ ấp Mới" chưa có trong models/_units.yml.',
    9: "Không nhập: Đã có mô hình này (models/tuyen-duong-sang.md)",
    10: "Không nhập: Trùng với mô hình ở dòng 4.",
    12: 'Không nhập: Lĩnh vực "Thể thao" không có trong danh sách lĩnh vực',
    13: "Không nhập: Năm bình xét 2022 trước năm đăng ký 2023.",
    14: 'Không nhập: Kết quả bình xét năm 2022 "Tốt" không rõ; ghi Đạt hoặc Không đạt.',
    15: "Không nhập: Thiếu tên mô hình.",
}


def write_workbook(path) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["DANH SÁCH MÔ HÌNH “DÂN VẬN KHÉO” NĂM 2024"])
    sheet.merge_cells("A1:J1")
    sheet.append([])
    sheet.append(HEADER)
    for number, row in ROWS.items():
        for column, value in enumerate(row, 1):
            sheet.cell(number, column, value)
    book.save(path)


def run_import(project, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "generator", "import", *args],
        cwd=project.root,
        capture_output=True,
        text=True,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )


def lines_of(result, source: str) -> dict[int, list[str]]:
    found: dict[int, list[str]] = {}
    for line in result.stdout.splitlines():
        match = re.match(rf"^{re.escape(source)}:(\d+): (.*)$", line)
        if match:
            found.setdefault(int(match.group(1)), []).append(match.group(2))
    return found


def models_and_units(project) -> dict[str, bytes]:
    return {
        str(p.relative_to(project.root)): p.read_bytes()
        for p in (project.root / "models").rglob("*")
        if p.is_file()
    }


def test_dry_run_reports_every_row_and_writes_nothing(project):
    write_workbook(project.root / "mo-hinh.xlsx")
    before = models_and_units(project)
    result = run_import(project, "mo-hinh.xlsx", "--dry-run")
    assert result.returncode == 1  # some rows could not be imported
    assert models_and_units(project) == before
    lines = lines_of(result, "mo-hinh.xlsx")
    assert lines[3] == [
        "Bỏ qua các cột: STT, Ghi chú.",
        "Không có cột Tóm tắt: đã ghi tạm một câu tóm tắt từ tên mô hình và đơn vị, nên viết lại.",
    ]
    for number, path in CREATED.items():
        assert f"Sẽ tạo {path}." in lines[number]
    assert lines[7][0].startswith(
        "Sẽ thêm đơn vị mới Chi bộ thôn Phước Thạnh, xa phuoc hung (mã chi-bo-thon-phuoc-thanh)"
        " (đoán từ tên: Chi bộ khu dân cư, tổ dân phố, thôn;"
    )
    for number, message in REJECTED.items():
        assert any(line.startswith(message) for line in lines[number]), (number, lines[number])
    assert set(lines) == {3, *CREATED, *REJECTED}, "blank rows and group headings are skipped"
    assert result.stdout.splitlines()[-1] == (
        "Sẽ tạo 3 mô hình và 1 đơn vị mới; 7 dòng không nhập được. Chạy thử: chưa ghi tệp nào."
    )


def test_import_writes_valid_models_that_build(project):
    write_workbook(project.root / "mo-hinh.xlsx")
    result = run_import(project, "mo-hinh.xlsx")
    assert result.returncode == 1
    assert "Đã tạo 3 mô hình và 1 đơn vị mới; 7 dòng không nhập được." in result.stdout
    assert "Kiểm tra: hợp lệ, 4 mô hình và 3 đơn vị." in result.stdout
    first = (project.root / CREATED[4]).read_text()
    assert first.startswith(
        "---\ntitle: Đường hoa khu phố 1\n"
        "summary: 'Đường hoa khu phố 1: mô hình “Dân vận khéo” của Chi bộ Khu phố 1 "
        "(Phường Hòa Bình), đăng ký năm 2022.'\n"
        "field: do-thi-van-minh\nunit: chi-bo-khu-pho-1\nkind: collective\n"
        "registered: 2022-01-01  # chỉ biết năm đăng ký 2022; sửa nếu biết ngày\n"
        "reviews:\n  2022: recognized\n  2023: recognized\n---\n"
    )
    second = (project.root / CREATED[5]).read_text()
    assert (
        "registered: 2021-06-01\nreviews:\n  2022: not-recognized\n  2023: recognized\n" in second
    )
    assert "unit: cong-ty-cap-nuoc\n" in second
    third = (project.root / CREATED[7]).read_text()
    assert "kind: individual\nregistered: 2023-03-15\n---" in third
    units = (project.root / "models/_units.yml").read_text()
    assert units.startswith(UNITS)
    assert units.endswith(
        "\n- id: chi-bo-thon-phuoc-thanh\n  name: Chi bộ thôn Phước Thạnh\n"
        "  type: residential\n  locality: xa phuoc hung\n"
    )
    assert project.validate().returncode == 0
    built = project.build()
    assert built.returncode == 0, built.stderr
    for path in CREATED.values():
        slug = path.rsplit("/", 1)[1].removesuffix(".md")
        assert "<h1>" in project.html(f"mo-hinh/{slug}")
    assert "Tổ hòa giải thôn Phước Thạnh" in project.html("don-vi/chi-bo-thon-phuoc-thanh")
    # A second import of the same sheet finds every model there and changes nothing.
    before = models_and_units(project)
    again = run_import(project, "mo-hinh.xlsx")
    assert models_and_units(project) == before
    lines = lines_of(again, "mo-hinh.xlsx")
    for number, path in CREATED.items():
        assert lines[number] == [f"Không nhập: Đã có mô hình này ({path}); tệp đã có không bị "
                                 "ghi đè. Nếu là một mô hình khác, hãy đặt tên khác."]  # fmt: skip
    assert "Đã tạo 0 mô hình và 0 đơn vị mới" in again.stdout


def test_csv_with_semicolons_and_known_place_spelling(project):
    rows = [
        ["Tên mô hình", "Đơn vị", "Địa bàn", "Lĩnh vực", "Năm đăng ký", "Tóm tắt", "Cách làm"],
        [
            "Tiếng kẻng an ninh",
            "Chi bộ khu phố 2",
            "phuong hoa binh",
            "Xây dựng Đảng",
            "03/2022",
            "Khu phố đặt kẻng báo động; cả khu cùng ra hỗ trợ.",
            "Họp dân thống nhất.\nMỗi tổ một kẻng.",
        ],
        ["Gõ cửa từng nhà", "Chi bo khu phoo 1", "", "Xây dựng Đảng", "2022", "Tóm tắt.", ""],
        # "số" before a number is no part of the name: this is the registered unit.
        ["Loa phường", "Chi bo khu pho so 1", "", "Xây dựng Đảng", "2022", "Tóm tắt.", ""],
    ]
    with (project.root / "mo-hinh.csv").open("w", encoding="utf-8-sig", newline="") as file:
        csv.writer(file, delimiter=";").writerows(rows)
    result = run_import(project, "mo-hinh.csv")
    assert result.returncode == 1, result.stdout
    # A near miss of a registered unit's name, without a place: a suggestion, no new unit.
    assert (
        'mo-hinh.csv:3: Không nhập: Đơn vị "Chi bo khu phoo 1" chưa có trong models/_units.yml.'
        ' Có phải "Chi bộ Khu phố 1" (Phường Hòa Bình)? Nếu là đơn vị mới, hãy ghi địa bàn'
        " (xã, phường) của đơn vị ở cột Địa bàn để thêm đơn vị."
    ) in result.stdout.splitlines()
    text = (project.root / "models/xay-dung-dang/tieng-keng-an-ninh.md").read_text()
    assert "summary: Khu phố đặt kẻng báo động; cả khu cùng ra hỗ trợ.\n" in text
    assert "registered: 2022-03-01  # chỉ biết tháng đăng ký 03/2022; sửa nếu biết ngày\n" in text
    assert "## Cách làm\n\nHọp dân thống nhất.\nMỗi tổ một kẻng.\n" in text
    assert "unit: chi-bo-khu-pho-1\n" in (
        project.root / "models/xay-dung-dang/loa-phuong.md"
    ).read_text(encoding="utf-8")
    # The new unit takes the registry's spelling of a place typed without marks.
    assert (
        "  name: Chi bộ khu phố 2\n  type: residential\n  locality: Phường Hòa Bình\n"
        in (project.root / "models/_units.yml").read_text()
    )
    assert project.validate().returncode == 0


def test_files_that_are_not_spreadsheets_of_models(project):
    project.write("ghi-chu.txt", "không phải bảng tính")
    result = run_import(project, "ghi-chu.txt")
    assert result.returncode == 1
    assert result.stdout.startswith("ghi-chu.txt:1: Chỉ nhập được tệp .xlsx hoặc .csv")
    project.write("khac.csv", "Họ tên,Số điện thoại\nAn,0900\n")
    result = run_import(project, "khac.csv")
    assert result.stdout.startswith("khac.csv:1: Không thấy dòng tiêu đề có cột “Tên mô hình”")
    project.write("thieu.csv", "Tên mô hình,Đơn vị\nMột,chi-bo-khu-pho-1\n")
    result = run_import(project, "thieu.csv")
    assert result.stdout.startswith("thieu.csv:1: Thiếu cột: Lĩnh vực, Năm đăng ký.")


def test_every_column_the_guide_lists_is_recognised():
    guide = (ROOT / "docs/huong-dan/dong-gop.md").read_text(encoding="utf-8")
    table = guide[guide.index("| Cột | Ghi gì |") : guide.index("Mỗi dòng không nhập được")]
    names = [
        name.strip()
        for row in table.splitlines()[2:]
        if row.startswith("| ")
        for name in row.split("|")[1].split(",")
    ]
    assert len(names) >= 14
    columns = find_columns([(1, names)])
    assert columns is not None
    assert columns.ignored == [], columns.ignored
    assert list(columns.reviews.values()) == [2023]
