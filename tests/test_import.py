"""`python -m generator import`: a committee's messy spreadsheet becomes valid model files."""

from __future__ import annotations

import csv
import io
import os
import re
import subprocess
import sys
import unicodedata
import zipfile
from datetime import datetime

import openpyxl
import pytest
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
    9: [5, "Tuyen duong sang - xanh - sach - dep", "cong ty co phan cap nuoc", "",
        "do thi van minh", "", 2021, "Đạt", "Đạt", "an existing model's name, another unit"],
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
        assert lines[number] == [f"Đã có mô hình này ({path}), như dòng này ghi; không ghi lại."]
    # A model there already as its row describes it is said to be so; the row naming the
    # sample's model with another unit is refused as before.
    assert lines[9] == [
        "Không nhập: Đã có mô hình này (models/tuyen-duong-sang.md); tệp đã có không bị ghi đè. "
        "Nếu là một mô hình khác, hãy đặt tên khác."
    ]
    # Row 10, a second row of row 4's model, finds it there too.
    assert lines[10] == [f"Đã có mô hình này ({CREATED[4]}), như dòng này ghi; không ghi lại."]
    assert "Đã tạo 0 mô hình và 0 đơn vị mới; 6 dòng không nhập được; 4 mô hình đã có" in (
        again.stdout
    )


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
    project.write("ghi-chu.docx", "không phải bảng tính")
    result = run_import(project, "ghi-chu.docx")
    assert result.returncode == 1
    assert result.stdout.startswith("ghi-chu.docx:1: Chỉ nhập được tệp .xlsx hoặc .csv")
    project.write("cu.xls", b"\xd0\xcf\x11\xe0" + bytes(512))
    result = run_import(project, "cu.xls")
    assert result.stdout.startswith("cu.xls:1: Tệp .xls (Excel 97–2003) không đọc được")
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


# -- spreadsheets as Excel and committees make them -----------------------------------

SHEET = [
    ["STT", "Tên mô hình", "Đơn vị", "Lĩnh vực", "Năm đăng ký", "Kết quả bình xét năm 2023"],
    ["1", "Đường hoa khu phố 1", "Chi bộ Khu phố 1", "Đô thị văn minh", "2022", "Đạt"],
    ["2", "Nước sạch cho công nhân", "Công ty Cổ phần Cấp nước", "Xây dựng Đảng", "2021", ""],
]
SHEET_MODELS = {
    "models/do-thi-van-minh/duong-hoa-khu-pho-1.md": "reviews:\n  2023: recognized\n",
    "models/xay-dung-dang/nuoc-sach-cho-cong-nhan.md": "registered: 2021-01-01",
}


def delimited(rows, separator: str = ",") -> str:
    out = io.StringIO()
    csv.writer(out, delimiter=separator, lineterminator="\r\n").writerows(rows)
    return out.getvalue()


def cp1258(text: str) -> bytes:
    """Windows-1258 as Vietnamese Windows writes it: letters whole, tones combining."""
    tones = set("\u0300\u0301\u0303\u0309\u0323")
    out = []
    for ch in unicodedata.normalize("NFC", text):
        parts = unicodedata.normalize("NFD", ch)
        letter = unicodedata.normalize("NFC", "".join(c for c in parts if c not in tones))
        out.append(letter + "".join(c for c in parts if c in tones))
    return "".join(out).encode("cp1258")


ENCODED = {
    "utf-8.csv": delimited(SHEET).encode("utf-8"),
    "utf-8-bom.csv": delimited(SHEET).encode("utf-8-sig"),
    "excel-unicode-text.txt": delimited(SHEET, "\t").encode("utf-16"),  # BOM, tabs
    "utf-16.csv": delimited(SHEET).encode("utf-16"),
    "utf-16-le-no-bom.csv": delimited(SHEET, ";").encode("utf-16-le"),
    "utf-16-be.csv": b"\xfe\xff" + delimited(SHEET, "\t").encode("utf-16-be"),
    "windows-1258.csv": cp1258(delimited(SHEET, ";")),
    "old-mac.csv": delimited(SHEET).replace("\r\n", "\r").encode("utf-8"),
}


@pytest.mark.parametrize("name", sorted(ENCODED))
def test_delimited_files_in_every_encoding_excel_writes(project, name):
    project.write(name, ENCODED[name])
    result = run_import(project, name)
    assert "Traceback" not in result.stderr, result.stderr
    assert "Đã tạo 2 mô hình và 0 đơn vị mới; 0 dòng không nhập được." in result.stdout, (
        result.stdout
    )
    for path, part in SHEET_MODELS.items():
        text = (project.root / path).read_text(encoding="utf-8")
        assert unicodedata.is_normalized("NFC", text) and part in text, text
    assert "title: Đường hoa khu phố 1\n" in (project.root / next(iter(SHEET_MODELS))).read_text()
    assert project.validate().returncode == 0


def merged_workbook(path, above: bool = False, bare_years: bool = False) -> None:
    """A header of two rows: "Kết quả bình xét" merged over one column a year, the
    other headings merged down both rows (or, `above`, a row of groups on top)."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["DANH SÁCH MÔ HÌNH “DÂN VẬN KHÉO”"])
    sheet.merge_cells("A1:H1")
    years = ["2022", "2023"] if bare_years else ["Năm 2022", "Năm 2023"]
    heads = [
        "STT",
        "Tên mô hình",
        "Đơn vị",
        "Lĩnh vực",
        "Năm đăng ký",
        "Kết quả bình xét",
        None,
        "Ghi chú",
    ]
    if above:
        sheet.append([None, None, "Thông tin đơn vị", None, None, "Kết quả bình xét", None, None])
        sheet.append(["STT", "Tên mô hình", "Đơn vị", "Lĩnh vực", "Năm đăng ký", *years, "Ghi chú"])
        sheet.merge_cells("F2:G2")
    else:
        sheet.append(heads)
        sheet.append([None, None, None, None, None, *years, None])
        sheet.merge_cells("F2:G2")
        for column in "ABCDEH":
            sheet.merge_cells(f"{column}2:{column}3")
    sheet.append(
        [
            1,
            "Đường hoa khu phố 1",
            "Chi bộ Khu phố 1",
            "Đô thị văn minh",
            2021,
            "Đạt",
            "Không đạt",
            "",
        ]
    )
    sheet.append(
        [
            2,
            "Nước sạch cho công nhân",
            "Công ty Cổ phần Cấp nước",
            "Xây dựng Đảng",
            2022,
            "",
            "Đạt",
            "",
        ]
    )
    book.save(path)


@pytest.mark.parametrize(
    ("above", "bare_years"), [(False, False), (False, True), (True, False), (True, True)]
)
def test_a_two_row_header_keeps_the_review_results(project, above, bare_years):
    merged_workbook(project.root / "hai-dong.xlsx", above, bare_years)
    result = run_import(project, "hai-dong.xlsx")
    assert result.returncode == 0, result.stdout
    if bare_years or not above:  # "Năm 2022" alone already names a year's results
        assert "hai-dong.xlsx:3: Dòng tiêu đề gồm hai dòng 2 và 3." in result.stdout
    first = (project.root / "models/do-thi-van-minh/duong-hoa-khu-pho-1.md").read_text()
    assert "reviews:\n  2022: recognized\n  2023: not-recognized\n" in first
    second = (project.root / "models/xay-dung-dang/nuoc-sach-cho-cong-nhan.md").read_text()
    assert "reviews:\n  2023: recognized\n" in second
    assert "Kết quả bình xét" not in result.stdout.split("Bỏ qua các cột:")[-1].split("\n")[0]


def test_a_two_row_header_saved_as_csv(project):
    rows = [
        ["Tên mô hình", "Đơn vị", "Lĩnh vực", "Năm đăng ký", "Kết quả bình xét", ""],
        ["", "", "", "", "Năm 2022", "Năm 2023"],
        ["Đường hoa khu phố 1", "Chi bộ Khu phố 1", "Đô thị văn minh", "2022", "Đạt", "Đạt"],
    ]
    project.write("hai-dong.csv", delimited(rows).encode("utf-8-sig"))
    result = run_import(project, "hai-dong.csv")
    assert result.returncode == 0, result.stdout
    text = (project.root / "models/do-thi-van-minh/duong-hoa-khu-pho-1.md").read_text()
    assert "reviews:\n  2022: recognized\n  2023: recognized\n" in text


FOOTER = [
    [],
    ["", "Tổng cộng: 2 mô hình", "", "", "", ""],
    ["", "", "", "Hòa Bình, ngày 15 tháng 3 năm 2024", "", ""],
    ["", "NGƯỜI LẬP BIỂU", "", "", "TM. BAN THƯỜNG VỤ", ""],
    ["", "(Ký, ghi rõ họ tên)", "", "", "BÍ THƯ", ""],
    [],
    ["", "Nguyễn Văn An", "", "", "Trần Thị Bình", ""],
]


def test_signature_and_footer_rows_are_not_models(project):
    numbers = [["(1)", "(2)", "(3)", "(4)", "(5)", "(6)"]]  # a row of column numbers
    rows = [SHEET[0], *numbers, *SHEET[1:], *FOOTER]
    project.write("danh-sach.csv", delimited(rows).encode("utf-8-sig"))
    result = run_import(project, "danh-sach.csv")
    assert result.returncode == 0, result.stdout
    assert "Đã tạo 2 mô hình và 0 đơn vị mới; 0 dòng không nhập được." in result.stdout
    assert "danh-sach.csv:6: Từ dòng này là phần cuối bảng" in result.stdout
    assert "Không nhập" not in result.stdout


def test_a_date_line_alone_ends_the_table_and_a_real_row_still_counts(project):
    rows = [
        *SHEET[:2],
        ["", "", "", "", "..., ngày ... tháng ... năm 2024", ""],
        ["", "Người lập biểu", "", "", "", ""],
        SHEET[2],  # a whole model after it is still a model
    ]
    project.write("danh-sach.csv", delimited(rows).encode("utf-8"))
    result = run_import(project, "danh-sach.csv")
    assert "Đã tạo 2 mô hình và 0 đơn vị mới; 0 dòng không nhập được." in result.stdout


def entity_bomb(path) -> None:
    book = openpyxl.Workbook()
    book.active.append(SHEET[0])
    book.active.append(SHEET[1])
    book.save(path)
    laughs = (
        '<!DOCTYPE worksheet [<!ENTITY a0 "hahahahahahahahahaha">'
        + "".join(f'<!ENTITY a{i} "{f"&a{i - 1};" * 10}">' for i in range(1, 10))
        + "]>"
    )
    with zipfile.ZipFile(path) as source:
        parts = {item.filename: source.read(item.filename) for item in source.infolist()}
    sheet = parts["xl/worksheets/sheet1.xml"].decode()
    parts["xl/worksheets/sheet1.xml"] = (
        laughs + sheet.replace(">Đường hoa khu phố 1<", ">&a9;<")
    ).encode()
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for name, data in parts.items():
            target.writestr(name, data)


def test_workbooks_are_parsed_without_entities():
    assert openpyxl.DEFUSEDXML is True  # openpyxl found defusedxml (a dependency)


def zip_bomb(path) -> None:
    with (
        zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive,
        archive.open("xl/worksheets/sheet1.xml", "w") as part,
    ):
        for _ in range(210):
            part.write(b" " * (1024 * 1024))


@pytest.mark.parametrize(
    ("name", "make", "expected"),
    [
        ("hong.xlsx", lambda p: p.write_bytes(b"PK\x03\x04" + bytes(200)), "Không đọc được tệp Excel"),
        ("ngau-nhien.xlsx", lambda p: p.write_bytes(bytes(range(256)) * 8), "Không đọc được tệp Excel"),
        ("thuc-thi.xlsx", entity_bomb, "Không đọc được tệp Excel"),
        ("phinh.xlsx", zip_bomb, "quá lớn cho một danh sách mô hình"),
        ("hong-utf16.csv", lambda p: p.write_bytes(b"\xff\xfe" + "Tên".encode("utf-16-le") + b"\x00\xd8"), "không đọc được theo mã UTF-16"),
        ("trong.csv", lambda p: p.write_bytes(b""), "Không thấy dòng tiêu đề"),
        ("thu-muc.csv", lambda p: p.mkdir(), "Không tìm thấy tệp"),
        ("van-ban.xlsx", lambda p: p.write_bytes(b"\x00\x01\x02binary" * 100), "Không đọc được tệp Excel"),
    ],
)  # fmt: skip
def test_no_spreadsheet_ends_in_a_traceback(project, name, make, expected):
    make(project.root / name)
    before = models_and_units(project)
    result = run_import(project, name)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr and "Error" not in result.stderr, result.stderr
    assert result.stdout.startswith(f"{name}:1: "), result.stdout
    assert expected in result.stdout, result.stdout
    assert models_and_units(project) == before


def test_an_xlsx_named_csv_is_read_as_a_workbook(project):
    book = openpyxl.Workbook()
    for row in SHEET:
        book.active.append(row)
    book.save(project.root / "nham-duoi.csv")
    result = run_import(project, "nham-duoi.csv")
    assert result.returncode == 0, result.stdout
    assert "nham-duoi.csv:1: Tệp là bảng tính Excel (.xlsx) dù có đuôi .csv" in result.stdout


def test_an_unclosed_quote_costs_only_its_row(project):
    project.write("nhay.csv", delimited(SHEET).encode() + '3,"Chợ, không rác\n'.encode())
    result = run_import(project, "nhay.csv")
    assert "Traceback" not in result.stderr
    assert "Đã tạo 2 mô hình và 0 đơn vị mới; 1 dòng không nhập được." in result.stdout
    assert "nhay.csv:4: Không nhập: Thiếu đơn vị thực hiện." in result.stdout


def test_control_characters_in_cells_are_removed_and_said(project):
    rows = [SHEET[0], ["1", "Đường\x01 hoa\x0b khu phố 1", *SHEET[1][2:]]]
    project.write("dieu-khien.csv", delimited(rows).encode("utf-8"))
    result = run_import(project, "dieu-khien.csv")
    assert result.returncode == 0, result.stdout
    assert "dieu-khien.csv:2: Đã bỏ các ký tự điều khiển không nhìn thấy được" in result.stdout
    text = (project.root / "models/do-thi-van-minh/duong-hoa-khu-pho-1.md").read_text()
    assert "title: Đường hoa khu phố 1\n" in text
