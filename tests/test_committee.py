"""The yearly tools and `import` on the sheets committees really type: title rows, a
merged two-row header, marks under "Công nhận" / "Không công nhận", a row of column
numbers, loose names and a signature block. Each sheet is made here with openpyxl.

The commands run in this process (generator.cli.main), as `validate` does in the tests:
the same code and output as the command line, without a Python start-up per case.
"""

from __future__ import annotations

import contextlib
import io
import subprocess
from pathlib import Path

import openpyxl
import pytest
from conftest import Project
from test_review import inserted, snapshot

YEAR = 2025

UNITS = """\
- id: chi-bo-khu-pho-1-tan-an
  name: Chi bộ Khu phố 1
  type: residential
  locality: Phường Tân An
- id: chi-bo-khu-pho-2-hoa-binh
  name: Chi bộ Khu phố 2, phường Hòa Bình
  type: residential
  locality: Phường Hòa Bình
  history:
    - until: 2025-06-30
      locality: Phường Sông Cầu
- id: chi-bo-khu-pho-2-tan-an
  name: Chi bộ Khu phố 2, phường Tân An
  type: residential
  locality: Phường Tân An
- id: ubnd-tan-an
  name: Ủy ban nhân dân phường Tân An
  type: agency
  locality: Phường Tân An
- id: van-phong-thanh-pho
  name: Văn phòng Hội đồng nhân dân và Ủy ban nhân dân thành phố
  type: agency
  locality: Phường Trung Tâm
- id: doan-thanh-nien-tan-an
  name: Đoàn Thanh niên phường Tân An
  type: other
  locality: Phường Tân An
- id: phu-nu-tan-an
  name: Hội Liên hiệp Phụ nữ phường Tân An
  type: other
  locality: Phường Tân An
- id: htx-phuoc-hung
  name: Hợp tác xã Nông nghiệp Phước Hưng
  type: enterprise
  locality: Xã Phước Hưng
- id: mat-tran-phuoc-hung
  name: Ủy ban Mặt trận Tổ quốc xã Phước Hưng
  type: other
  locality: Xã Phước Hưng
- id: cong-ty-binh-an
  name: Công ty Trách nhiệm hữu hạn Thương mại Bình An
  type: enterprise
  locality: Phường Trung Tâm
- id: to-dan-pho-3-tan-an
  name: Tổ dân phố 3
  type: residential
  locality: Phường Tân An
- id: chi-bo-co-quan
  name: Chi bộ Cơ quan
  type: agency
  locality: Phường Hòa Bình
"""

# slug -> (title, unit, the lines its front matter has after `registered:`)
MODELS = {
    "duong-hoa-kp2": ("Đường hoa", "chi-bo-khu-pho-2-hoa-binh", "reviews:\n  2023: recognized\n"),
    "duong-hoa-kp2-tan-an": ("Đường hoa", "chi-bo-khu-pho-2-tan-an", ""),
    "duong-hoa-tan-an": ("Đường hoa", "chi-bo-khu-pho-1-tan-an", ""),
    "hai-nam": (
        "Hai năm được công nhận",
        "chi-bo-khu-pho-1",
        "reviews:\n  2023: recognized\n  2024: recognized\n",
    ),
    "mot-cua": ("Một cửa thân thiện", "ubnd-tan-an", ""),
    "tiep-dan": ("Tiếp dân cuối tuần", "van-phong-thanh-pho", ""),
    "tinh-nguyen": ("Thanh niên tình nguyện", "doan-thanh-nien-tan-an", ""),
    "giup-nhau": ("Phụ nữ giúp nhau", "phu-nu-tan-an", ""),
    "canh-dong": ("Cánh đồng mẫu", "htx-phuoc-hung", ""),
    "dai-doan-ket": ("Ngày hội đại đoàn kết", "mat-tran-phuoc-hung", ""),
    "cho-an-toan": ("Chợ an toàn", "cong-ty-binh-an", ""),
    "to-sach": ("Tổ dân phố sạch", "to-dan-pho-3-tan-an", ""),
    "cap-nuoc": ("Nước sạch cho dân", "cong-ty-cap-nuoc", ""),
    "hop-dan": ("Họp dân đúng giờ", "chi-bo-co-quan", ""),
}


def model_text(title: str, unit: str, rest: str = "") -> str:
    return (
        f"---\ntitle: {title}\nsummary: Tóm tắt.\nfield: do-thi-van-minh\nunit: {unit}\n"
        f"registered: 2021-03-15\n{rest}---\n\n## Nội dung\n\nNhân dân cùng làm.\n"
    )


@pytest.fixture
def ward(project) -> Project:
    """The fixture's project with the units and models the committees' sheets name."""
    registry = project.root / "models/_units.yml"
    project.write("models/_units.yml", registry.read_text(encoding="utf-8") + UNITS)
    for slug, (title, unit, rest) in MODELS.items():
        project.write(f"models/{slug}.md", model_text(title, unit, rest))
    checked = project.validate()
    assert checked.returncode == 0, checked.stdout
    return project


def cli(project: Project, *args: str) -> subprocess.CompletedProcess:
    """`python -m generator ARGS` in the project's folder, in this process."""
    from generator.cli import main

    out, err = io.StringIO(), io.StringIO()
    with (
        contextlib.chdir(project.root),
        contextlib.redirect_stdout(out),
        contextlib.redirect_stderr(err),
    ):
        try:
            code = main(list(args))
        except SystemExit as stop:  # argparse's own mistakes
            code = stop.code
    return subprocess.CompletedProcess(args, code, out.getvalue(), err.getvalue())


def changed(before: dict[str, bytes], after: dict[str, bytes]) -> set[str]:
    return {path for path in after if after[path] != before.get(path)}


def said(result: subprocess.CompletedProcess, source: str) -> dict[int, list[str]]:
    """What the output says of each row of the sheet `source`, by row number."""
    found: dict[int, list[str]] = {}
    prefix = f"{source}:"
    for line in result.stdout.splitlines():
        if line.startswith(prefix):
            number, _, text = line[len(prefix) :].partition(": ")
            if number.isdigit():
                found.setdefault(int(number), []).append(text)
    return found


TOP = 6  # the header's first row; its second is 7


def workbook(
    path: Path,
    above: list[list[object]],
    header: list[list[object]],
    rows: list[list[object]],
    below: list[list[object]],
    merged: list[str],
) -> int:
    """A sheet as a committee lays one out: what is above the table (the committee, the
    date, the title), the header's rows, the rows, a blank row and what is below (the
    recipients, the signature); the cells `merged`. The number of the first of `rows`."""
    book = openpyxl.Workbook()
    sheet = book.active
    for line in [*above, *header, *rows, [], *below]:
        sheet.append(line)
    for cells in merged:
        sheet.merge_cells(cells)
    book.save(path)
    return len(above) + len(header) + 1


SIGNED = [
    [None, "Nơi nhận:", None, None, "TM. BAN THƯỜNG VỤ"],
    [None, "- Như trên;", None, None, "TRƯỞNG BAN"],
    [None, "- Lưu VT.", None, None, None],
    [None, None, None, None, "Nguyễn Văn An"],
]


def review_book(
    path: Path,
    rows: list[list[object]],
    title: str = f"KẾT QUẢ BÌNH XÉT MÔ HÌNH “DÂN VẬN KHÉO” NĂM {YEAR}",
    result: str = "Kết quả bình xét",
    numbers: list[object] | None = None,
) -> int:
    """A committee's review sheet: the party committee and the date above, the title, a
    header on rows 6 and 7 (marks under "Công nhận" / "Không công nhận", merged above),
    the column numbers if given, the rows, then the recipients and the signature. The
    number of the first row of `rows`."""
    above = [
        ["ĐẢNG BỘ PHƯỜNG HÒA BÌNH", None, None, None, None, "ĐẢNG CỘNG SẢN VIỆT NAM"],
        ["BAN DÂN VẬN", None, None, None, None, "Hòa Bình, ngày 05 tháng 12 năm 2026"],
        [],
        [title],
        [],
    ]
    header = [
        [
            "STT",
            "Tên mô hình",
            "Đơn vị",
            "Địa bàn",
            result,
            None,
            "Chọn làm mô hình điểm",
            "Ghi chú",
        ],
        [None, None, None, None, "Công nhận", "Không công nhận"],
        *([numbers] if numbers is not None else []),
    ]
    merged = ["A4:H4", f"E{TOP}:F{TOP}", *(f"{c}{TOP}:{c}{TOP + 1}" for c in "ABCDGH")]
    return workbook(path, above, header, rows, SIGNED, merged)


# -- wrong results ------------------------------------------------------------------------


def test_only_real_marks_count(ward):
    first = review_book(
        ward.root / "bang.xlsx",
        [
            [1, "Một cửa thân thiện", "Ủy ban nhân dân phường Tân An", None, "x"],
            [2, "Tiếp dân cuối tuần", "Văn phòng Hội đồng nhân dân và Ủy ban nhân dân thành phố",
             None, "Đề nghị xem lại"],
            [3, "Thanh niên tình nguyện", "Đoàn Thanh niên phường Tân An", None, "?"],
            [4, "Phụ nữ giúp nhau", "Hội Liên hiệp Phụ nữ phường Tân An", None, "chưa rõ"],
            [5, "Cánh đồng mẫu", "Hợp tác xã Nông nghiệp Phước Hưng", None, "-", "x"],
            [6, "Ngày hội đại đoàn kết", "Ủy ban Mặt trận Tổ quốc xã Phước Hưng", None, "✓",
             "không"],
            [7, "Chợ an toàn", "Công ty Trách nhiệm hữu hạn Thương mại Bình An", None, "0", "V"],
            [8, "Tổ dân phố sạch", "Tổ dân phố 3", None, "Có", "-"],
            [9, "Nước sạch cho dân", "Công ty Cổ phần Cấp nước", None, 1, None],
            [10, "Họp dân đúng giờ", "Chi bộ Cơ quan", None, None, "X", "có thể"],
        ],
        result=f"Kết quả bình xét năm {YEAR}",
    )  # fmt: skip
    before = snapshot(ward)
    result = cli(ward, "review", "apply", "bang.xlsx")
    assert result.returncode == 1, result.stdout
    rows = said(result, "bang.xlsx")
    unclear = {first + 1: "Đề nghị xem lại", first + 2: "?", first + 3: "chưa rõ"}
    for number, text in unclear.items():
        assert rows[number] == [
            f"Cột “Công nhận” ghi “{text}”, không phải một dấu: đánh dấu x (hoặc ✓, v, 1, Có) để "
            "chọn, để trống (hoặc ghi -, 0, Không) nếu không; chưa ghi kết quả dòng này."
        ], number
    assert rows[first + 9] == [
        "Cột “Chọn làm mô hình điểm” ghi “có thể”, không phải một dấu: đánh dấu x (hoặc ✓, "
        "v, 1, Có) để chọn, để trống (hoặc ghi -, 0, Không) nếu không; chưa ghi kết quả dòng này."
    ]
    after = snapshot(ward)
    written = {
        "mot-cua": "recognized",
        "canh-dong": "not-recognized",
        "dai-doan-ket": "recognized",
        "cho-an-toan": "not-recognized",
        "to-sach": "recognized",
        "cap-nuoc": "recognized",
    }
    assert changed(before, after) == {f"models/{slug}.md" for slug in written}
    for slug, value in written.items():
        path = f"models/{slug}.md"
        assert inserted(before[path], after[path]) == ["reviews:\n", f"  {YEAR}: {value}\n"]


def test_only_real_marks_count_on_a_commendation_list(ward):
    """A list of every model with a column of marks for those the decision commends."""
    first = workbook(
        ward.root / "de-nghi.xlsx",
        [["DANH SÁCH ĐỀ NGHỊ BIỂU DƯƠNG MÔ HÌNH “DÂN VẬN KHÉO” NĂM 2025"]],
        [
            ["STT", "Tên mô hình", "Đơn vị thực hiện", None, "Đề nghị biểu dương"],
            [None, None, "Tên đơn vị", "Địa bàn"],
        ],
        [
            [1, "Một cửa thân thiện", "UBND P. Tân An", None, "x"],
            [2, "Cánh đồng mẫu", "HTX Nông nghiệp Phước Hưng", None, None],
            [3, "Tổ dân phố sạch", "TDP 3", "P. Tân An", "-"],
            [4, "Chợ an toàn", "Cty TNHH TM Bình An", None, "xem lại"],
        ],
        SIGNED,
        ["A2:A3", "B2:B3", "C2:D2", "E2:E3"],
    )
    before = snapshot(ward)
    result = cli(ward, "commend", "de-nghi.xlsx", *ROUND)
    assert result.returncode == 1, result.stdout
    assert said(result, "de-nghi.xlsx") == {
        first + 3: [
            "Cột “Biểu dương” ghi “xem lại”, không phải một dấu: đánh dấu x (hoặc ✓, v, 1, Có) "
            "để chọn, để trống (hoặc ghi -, 0, Không) nếu không; chưa thêm biểu dương cho dòng "
            "này."
        ]
    }
    assert changed(before, snapshot(ward)) == {"models/mot-cua.md"}
    assert "cho 1 mô hình; 0 đã có; 1 không ghi được." in result.stdout
    # Nothing marked at all: said, and nothing written.
    book = openpyxl.load_workbook(ward.root / "de-nghi.xlsx")
    for row in (first, first + 3):
        book.active.cell(row, 5).value = None
    book.save(ward.root / "de-nghi.xlsx")
    empty = cli(ward, "commend", "de-nghi.xlsx", *ROUND, "--decision", "216/QĐ-UBND")
    assert empty.returncode == 1
    assert empty.stdout == (
        "de-nghi.xlsx:3: Chưa đánh dấu mô hình nào ở cột “Biểu dương”; chưa ghi tệp nào.\n"
    )


def test_no_showcase_where_the_same_row_is_not_recognised(ward):
    first = review_book(
        ward.root / "bang.xlsx",
        [
            [1, "Hai năm được công nhận", "Chi bộ Khu phố 1", "Phường Hòa Bình", None, "x", "Có"],
        ],
        result=f"Kết quả bình xét năm {YEAR}",
    )
    before = snapshot(ward)
    result = cli(ward, "review", "apply", "bang.xlsx", "--date", f"01/12/{YEAR}")
    assert result.returncode == 1, result.stdout
    assert said(result, "bang.xlsx")[first] == [
        "Không chọn được “Hai năm được công nhận” làm mô hình điểm: dòng này ghi “Không công "
        f"nhận” năm {YEAR}; chỉ chọn mô hình được công nhận trong năm."
    ]
    after = snapshot(ward)
    assert changed(before, after) == {"models/hai-nam.md"}
    assert inserted(before["models/hai-nam.md"], after["models/hai-nam.md"]) == [
        f"  {YEAR}: not-recognized\n"
    ]
    assert "  Không công nhận: 1\n" in result.stdout
    assert "Được chọn làm mô hình điểm" not in result.stdout


def commendation_book(
    path: Path, rows: list[list[object]], numbers: list[object] | None = None
) -> int:
    """A committee's list of the models a decision commends: the body and the motto
    above, the title, a header on two rows ("Đơn vị thực hiện" merged over "Tên đơn vị"
    and "Địa bàn"), the column numbers if given, the rows, the signature. The number of
    the first row of `rows`."""
    above = [
        ["ỦY BAN NHÂN DÂN THÀNH PHỐ", None, None, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"],
        [None, None, None, "Độc lập - Tự do - Hạnh phúc"],
        ["DANH SÁCH TẬP THỂ ĐƯỢC BIỂU DƯƠNG ĐIỂN HÌNH “DÂN VẬN KHÉO”"],
    ]
    header = [
        ["STT", "Tên mô hình", "Đơn vị thực hiện", None, "Ghi chú"],
        [None, None, "Tên đơn vị", "Địa bàn"],
        *([numbers] if numbers is not None else []),
    ]
    below = [[None, None, None, "TM. ỦY BAN NHÂN DÂN"], [None, None, None, "CHỦ TỊCH"]]
    merged = ["A3:E3", "C4:D4", "A4:A5", "B4:B5", "E4:E5"]
    return workbook(path, above, header, rows, below, merged)


ROUND = ["--date", "20/11/2025", "--by", "Ủy ban nhân dân thành phố"]


@pytest.mark.parametrize(
    ("decision", "by"),
    [
        ("QĐ số 215/QĐ-UBND", "Ủy ban nhân dân thành phố"),
        ("215/QĐ-UBND", "UBND thành phố"),
        ("Quyết định 215/QĐ-UBND", "UBND TP"),
        ("quyet dinh so 215 / QĐ-UBND", "Ủy ban nhân dân thành phố Hòa Bình"),
    ],
)
def test_one_round_is_one_round(ward, decision, by):
    commendation_book(
        ward.root / "bieu-duong.xlsx",
        [
            [1, "Một cửa thân thiện", "Ủy ban nhân dân phường Tân An"],
            [2, "Cánh đồng mẫu", "Hợp tác xã Nông nghiệp Phước Hưng"],
        ],
    )
    first = cli(
        ward, "commend", "bieu-duong.xlsx", *ROUND, "--decision", "Quyết định số 215/QĐ-UBND"
    )
    assert first.returncode == 0, first.stdout
    recorded = snapshot(ward)
    again = cli(
        ward,
        "commend",
        "bieu-duong.xlsx",
        "--date",
        "20/11/2025",
        "--by",
        by,
        "--decision",
        decision,
    )
    assert again.returncode == 0, again.stdout
    assert snapshot(ward) == recorded
    assert "cho 0 mô hình; 2 đã có; 0 không ghi được." in again.stdout
    # Another decision of the same number in another year is another round.
    other = cli(
        ward, "commend", "bieu-duong.xlsx", "--date", "20/11/2024", "--by", by,
        "--decision", decision,
    )  # fmt: skip
    assert other.returncode == 0, other.stdout
    assert "cho 2 mô hình; 0 đã có;" in other.stdout


def test_validate_warns_of_a_round_recorded_twice(ward):
    path = ward.root / "models/mot-cua.md"
    text = path.read_text(encoding="utf-8")
    path.write_text(
        text.replace(
            "registered: 2021-03-15\n",
            "registered: 2021-03-15\ncommendations:\n"
            "  - date: 2025-11-20\n    by: Ủy ban nhân dân thành phố\n"
            "    decision: Quyết định số 215/QĐ-UBND\n"
            "  - date: 2025-11-20\n    by: UBND thành phố\n    decision: QĐ 215/QĐ-UBND\n"
            "  - date: 2024-11-20\n    by: UBND thành phố\n    decision: QĐ 215/QĐ-UBND\n",
        ),
        encoding="utf-8",
    )
    result = ward.validate()
    assert result.returncode == 0, result.stdout
    assert (
        "models/mot-cua.md:11: Cảnh báo: Lần biểu dương này (QĐ 215/QĐ-UBND, ngày 20/11/2025) "
        "trùng số quyết định và ngày với lần ở dòng 8; một quyết định chỉ ghi một lần, hãy xoá "
        "một trong hai." in result.stdout
    )
    assert result.stdout.rstrip().endswith("không có lỗi; 1 cảnh báo nên sửa.")


def import_book(path: Path, rows: list[list[object]]) -> int:
    """The committee's list of new models: "Tập thể" / "Cá nhân" marked under a merged
    "Loại mô hình", the column numbers under the header, a signature below. The number
    of the first row of `rows`."""
    above = [["BAN DÂN VẬN THÀNH ỦY"], ["DANH SÁCH MÔ HÌNH “DÂN VẬN KHÉO” ĐĂNG KÝ NĂM 2025"], []]
    header = [
        ["STT", "Tên mô hình", "Đơn vị", "Địa bàn", "Lĩnh vực", "Năm đăng ký", "Loại mô hình"],
        [None, None, None, None, None, None, "Tập thể", "Cá nhân"],
        ["(1)", "(2)", "(3)", "(4)", "(5)", "(6)", "(7)", "(8)"],
    ]
    merged = ["G4:H4", *(f"{c}4:{c}5" for c in "ABCDEF")]
    return workbook(path, above, header, rows, SIGNED, merged)


FIELD = "Đô thị văn minh"


def test_only_real_marks_count_in_an_import(ward):
    first = import_book(
        ward.root / "moi.xlsx",
        [
            [1, "Sổ tay dân vận", "UBND P. Tân An", None, FIELD, 2025, "-", "x"],
            [2, "Gương sáng khu phố", "Chi bộ Cơ quan", None, FIELD, 2025, None, "?"],
            [3, "Cùng nhau làm", "HTX Nông nghiệp Phước Hưng", None, FIELD, 2025, "✓"],
        ],
    )
    before = snapshot(ward)
    result = cli(ward, "import", "moi.xlsx")
    assert result.returncode == 1, result.stdout
    assert said(result, "moi.xlsx")[first + 1] == [
        "Không nhập: Cột “Cá nhân” ghi “?”, không phải một dấu: đánh dấu x (hoặc ✓, v, 1, Có) "
        "để chọn, để trống (hoặc ghi -, 0, Không) nếu không."
    ]
    after = snapshot(ward)
    assert changed(before, after) == {
        "models/do-thi-van-minh/so-tay-dan-van.md",
        "models/do-thi-van-minh/cung-nhau-lam.md",
    }
    first = after["models/do-thi-van-minh/so-tay-dan-van.md"].decode()
    assert "\nunit: ubnd-tan-an\nkind: individual\n" in first
    third = after["models/do-thi-van-minh/cung-nhau-lam.md"].decode()
    assert "\nunit: htx-phuoc-hung\n" in third and "kind: individual" not in third
    assert "Đã tạo 2 mô hình và 0 đơn vị mới; 1 dòng không nhập được." in result.stdout


# -- rows a person would match ------------------------------------------------------------


def test_units_typed_short_or_abbreviated(ward):
    first = review_book(
        ward.root / "bang.xlsx",
        [
            [1, "Một cửa thân thiện", "UBND P. Tân An", None, "x"],
            [2, "Tiếp dân cuối tuần", "VP HĐND và UBND TP", None, "x"],
            [3, "Thanh niên tình nguyện", "ĐTN phường Tân An", None, "x"],
            [4, "Phụ nữ giúp nhau", "Hội LHPN P. Tân An", None, "x"],
            [5, "Cánh đồng mẫu", "HTX Nông nghiệp Phước Hưng", None, "x"],
            [6, "Ngày hội đại đoàn kết", "Ủy ban MTTQ X. Phước Hưng", None, "x"],
            [7, "Chợ an toàn", "Cty TNHH TM Bình An", None, "x"],
            [8, "Tổ dân phố sạch", "TDP 3", "P. Tân An", "x"],
            [9, "Nước sạch cho dân", "CT CP Cấp nước", None, "x"],
            [10, "Họp dân đúng giờ", "CB Cơ quan", None, "x"],
            [11, "Đường hoa", "Chi bộ KP2", "Tân An", "x"],  # the start of one unit's name there
            [12, "Đường hoa", None, "Phường Sông Cầu", "x"],  # the unit's commune before 2025
            [13, "Đường hoa", "Chi bộ Khu phố 2", None, "x"],  # the start of two units' names
            [14, "Đường hoa", "CB KP 9", None, "x"],  # no unit's name
        ],
        result=f"Kết quả bình xét năm {YEAR}",
    )
    before = snapshot(ward)
    result = cli(ward, "review", "apply", "bang.xlsx")
    assert result.returncode == 1, result.stdout
    rows = said(result, "bang.xlsx")
    assert rows[first + 10] == ["Đơn vị “Chi bộ KP2” được hiểu là Chi bộ Khu phố 2, phường Tân An."]
    assert rows[first + 11] == ["Địa bàn “Phường Sông Cầu” là tên cũ; nay là Phường Hòa Bình."]
    assert rows[first + 12] == [
        "Đơn vị “Chi bộ Khu phố 2” là phần đầu tên của 2 đơn vị có mô hình “Đường hoa”. Có "
        "phải “Đường hoa” của Chi bộ Khu phố 2, phường Hòa Bình (mã duong-hoa-kp2), hay của "
        "Chi bộ Khu phố 2, phường Tân An (mã duong-hoa-kp2-tan-an)? Hãy ghi tên đơn vị đầy đủ, "
        "thêm Địa bàn, hoặc ghi Mã mô hình."
    ]
    assert rows[first + 13] == [
        "Không có đơn vị “CB KP 9” trong models/_units.yml. Có phải “Đường hoa” của Chi bộ Khu "
        "phố 1, Phường Tân An (mã duong-hoa-tan-an), hay của Chi bộ Khu phố 2, phường Hòa Bình "
        "(mã duong-hoa-kp2), hay của Chi bộ Khu phố 2, phường Tân An (mã duong-hoa-kp2-tan-an)?"
    ]
    assert set(rows) == {first + 10, first + 11, first + 12, first + 13}
    slugs = [
        "mot-cua", "tiep-dan", "tinh-nguyen", "giup-nhau", "canh-dong", "dai-doan-ket",
        "cho-an-toan", "to-sach", "cap-nuoc", "hop-dan", "duong-hoa-kp2-tan-an", "duong-hoa-kp2",
    ]  # fmt: skip
    after = snapshot(ward)
    assert changed(before, after) == {f"models/{slug}.md" for slug in slugs}
    assert f"  Công nhận: {len(slugs)}\n" in result.stdout


PROVINCE = """\
  - dan-van-kheo:
      province: thai nguyen
"""


def test_a_former_commune_by_the_official_conversion(project):
    """With the `province` option, a commune of before 1 July 2025 in "Địa bàn" names the
    units of the commune it became, though their history does not say so."""
    mkdocs = project.root / "mkdocs.yml"
    project.write("mkdocs.yml", mkdocs.read_text().replace("  - dan-van-kheo\n", PROVINCE))
    project.write(
        "models/_units.yml",
        "- id: chi-bo-to-1-bac-kan\n  name: Chi bộ Tổ 1\n  type: residential\n"
        "  locality: Phường Bắc Kạn\n"
        "- id: chi-bo-to-1-duc-xuan\n  name: Chi bộ Tổ 1\n  type: residential\n"
        "  locality: Phường Đức Xuân\n",
    )
    (project.root / "models/tuyen-duong-sang.md").unlink()
    project.write("models/sach-dep.md", model_text("Tổ sạch đẹp", "chi-bo-to-1-bac-kan"))
    project.write("models/sach-dep-2.md", model_text("Tổ sạch đẹp", "chi-bo-to-1-duc-xuan"))
    assert project.validate().returncode == 0, project.validate().stdout
    first = review_book(
        project.root / "bang.xlsx",
        [
            [1, "Tổ sạch đẹp", None, "P. Sông Cầu", None, "x"],
            [2, "Tổ sạch đẹp", "Chi bộ Tổ 1", "Phường Nguyễn Thị Minh Khai", "x"],
        ],
        result=f"Kết quả bình xét năm {YEAR}",
    )
    before = snapshot(project)
    result = cli(project, "review", "apply", "bang.xlsx")
    assert result.returncode == 0, result.stdout
    assert said(result, "bang.xlsx") == {
        first: ["Địa bàn “P. Sông Cầu” là tên cũ; nay là Phường Bắc Kạn."],
        first + 1: ["Địa bàn “Phường Nguyễn Thị Minh Khai” là tên cũ; nay là Phường Đức Xuân."],
    }
    after = snapshot(project)
    assert inserted(before["models/sach-dep.md"], after["models/sach-dep.md"]) == [
        "reviews:\n",
        f"  {YEAR}: not-recognized\n",
    ]
    assert inserted(before["models/sach-dep-2.md"], after["models/sach-dep-2.md"]) == [
        "reviews:\n",
        f"  {YEAR}: recognized\n",
    ]


def test_an_import_names_units_typed_short_or_abbreviated(ward):
    first = import_book(
        ward.root / "moi.xlsx",
        [
            [1, "Đèn đường khu phố", "CB KP 2", "P. Tân An", FIELD, 2025],
            [2, "Vườn hoa khu phố", "Chi bộ KP 2", None, FIELD, 2025],
            [3, "Một cửa tận tình", "VP HĐND và UBND TP", None, FIELD, 2025],
        ],
    )
    before = snapshot(ward)
    result = cli(ward, "import", "moi.xlsx")
    assert result.returncode == 1, result.stdout
    rows = said(result, "moi.xlsx")
    assert rows[first] == [
        "Đã tạo models/do-thi-van-minh/den-duong-khu-pho.md.",
        "Đơn vị “CB KP 2” được hiểu là Chi bộ Khu phố 2, phường Tân An (mã "
        "chi-bo-khu-pho-2-tan-an).",
    ]
    assert rows[first + 1] == [
        "Không nhập: Đơn vị “Chi bộ KP 2” là phần đầu tên của 2 đơn vị. Có phải Chi bộ Khu "
        "phố 2, phường Hòa Bình (mã chi-bo-khu-pho-2-hoa-binh), hay Chi bộ Khu phố 2, "
        "phường Tân An (mã chi-bo-khu-pho-2-tan-an)? Hãy ghi tên đơn vị đầy đủ."
    ]
    assert rows[first + 2] == ["Đã tạo models/do-thi-van-minh/mot-cua-tan-tinh.md."]
    assert "Đã tạo 2 mô hình và 0 đơn vị mới; 1 dòng không nhập được." in result.stdout
    after = snapshot(ward)
    assert changed(before, after) == {
        "models/do-thi-van-minh/den-duong-khu-pho.md",
        "models/do-thi-van-minh/mot-cua-tan-tinh.md",
    }  # and no new unit
    assert (
        "\nunit: chi-bo-khu-pho-2-tan-an\n"
        in after["models/do-thi-van-minh/den-duong-khu-pho.md"].decode()
    )
    assert (
        "\nunit: van-phong-thanh-pho\n"
        in after["models/do-thi-van-minh/mot-cua-tan-tinh.md"].decode()
    )


COMMITTEE_ROWS = [
    ["I", "KHỐI DÂN CƯ"],
    [1, "Đường hoa", "Chi bộ KP2", "Tân An", "x", None, None, "Tiêu biểu"],
    [2, "Đường hoa", None, "Phường Sông Cầu", None, "x"],
    [3, "Tổ dân phố sạch", "TDP 3", "P. Tân An", None, None],
    [4, "Hai năm được công nhận", "Chi bộ Khu phố 1", "Phường Hòa Bình", "✓", None, "Có"],
    ["II", "KHỐI CƠ QUAN"],
    [5, "Một cửa thân thiện", "UBND P. Tân An", None, "Đề nghị xem lại"],
    [6, "Tiếp dân cuối tuần", "VP HĐND và UBND TP", None, "x"],
    [7, "Chợ không rác", "CB KP 2", None, "x"],
]


def test_the_dry_run_says_what_each_row_was_matched_to(ward):
    review_book(
        ward.root / "bang.xlsx",
        COMMITTEE_ROWS,
        numbers=["(1)", "(2)", "(3)", "(4)", "(5)", "(6)", "(7)", "(8)"],
    )
    before = snapshot(ward)
    result = cli(ward, "review", "apply", "bang.xlsx", "--dry-run", "--date", "01/12/2025")
    assert result.returncode == 1, result.stdout
    assert snapshot(ward) == before
    listing = result.stdout[: result.stdout.index("Bình xét năm")]
    assert listing == DRY_RUN
    assert result.stdout.endswith("Chạy thử: chưa ghi tệp nào.\n")


DRY_RUN = """\
bang.xlsx:4: Năm bình xét 2025 lấy từ tiêu đề bảng, vì cột kết quả không ghi năm; nếu không đúng, hãy chạy lại với --year.
bang.xlsx:10: “Đường hoa” (duong-hoa-kp2-tan-an; Chi bộ Khu phố 2, phường Tân An): sẽ ghi kết quả năm 2025: Công nhận.
bang.xlsx:10: Đơn vị “Chi bộ KP2” được hiểu là Chi bộ Khu phố 2, phường Tân An.
bang.xlsx:11: “Đường hoa” (duong-hoa-kp2; Chi bộ Khu phố 2, phường Hòa Bình): sẽ ghi kết quả năm 2025: Không công nhận.
bang.xlsx:11: Địa bàn “Phường Sông Cầu” là tên cũ; nay là Phường Hòa Bình.
bang.xlsx:12: “Tổ dân phố sạch” (to-sach; Tổ dân phố 3, Phường Tân An): để trống, không ghi gì.
bang.xlsx:13: “Hai năm được công nhận” (hai-nam; Chi bộ Khu phố 1, Phường Hòa Bình): sẽ ghi kết quả năm 2025: Công nhận; chọn làm mô hình điểm từ 01/12/2025.
bang.xlsx:15: “Một cửa thân thiện” (mot-cua; Ủy ban nhân dân phường Tân An): không ghi được.
bang.xlsx:15: Cột “Công nhận” ghi “Đề nghị xem lại”, không phải một dấu: đánh dấu x (hoặc ✓, v, 1, Có) để chọn, để trống (hoặc ghi -, 0, Không) nếu không; chưa ghi kết quả dòng này.
bang.xlsx:16: “Tiếp dân cuối tuần” (tiep-dan; Văn phòng Hội đồng nhân dân và Ủy ban nhân dân thành phố, Phường Trung Tâm): sẽ ghi kết quả năm 2025: Công nhận.
bang.xlsx:17: Chi bộ Khu phố 2, phường Hòa Bình / Chi bộ Khu phố 2, phường Tân An không có mô hình “Chợ không rác”.
"""  # noqa: E501


def test_the_summary_lists_every_row(ward):
    review_book(ward.root / "bang.xlsx", COMMITTEE_ROWS)
    result = cli(ward, "review", "apply", "bang.xlsx", "--summary", "tom-tat.md")
    assert result.returncode == 1, result.stdout
    summary = (ward.root / "tom-tat.md").read_text(encoding="utf-8")
    table = summary[summary.index("### Từng dòng (7)") :]
    assert "| Dòng | Trong bảng | Mô hình | Kết quả |\n| ---: | --- | --- | --- |\n" in table
    assert (
        "| 9 | Đường hoa · Chi bộ KP2 · Tân An | [Đường hoa](https://example.org/mo-hinh/"
        "duong-hoa-kp2-tan-an/) `duong-hoa-kp2-tan-an` | ✅ Đã ghi<br>kết quả năm 2025\\: Công "
        "nhận<br>Đơn vị “Chi bộ KP2” được hiểu là Chi bộ Khu phố 2\\, phường Tân An\\. |\n"
    ) in table
    assert "| 11 | Tổ dân phố sạch · TDP 3 · P\\. Tân An | [Tổ dân phố sạch](" in table
    assert "`to-sach` | ▫️ Để trống, không ghi gì |\n" in table
    assert "| 16 | Chợ không rác · CB KP 2 | — | ❌ Không tìm thấy mô hình<br>Chi bộ Khu " in table
    assert table.rstrip().endswith("</details>")
    # Seven rows of models: the group headings and the signature are none.
    assert [line.split(" | ")[0] for line in table.splitlines() if line[:2] == "| "][2:] == [
        f"| {n}" for n in (9, 10, 11, 12, 14, 15, 16)
    ]


def test_the_year_from_the_title(ward):
    first = review_book(
        ward.root / "bang.xlsx", [[1, "Một cửa thân thiện", "Ủy ban nhân dân phường Tân An"]]
    )
    book = openpyxl.load_workbook(ward.root / "bang.xlsx")
    book.active.cell(first, 5, "x")
    book.save(ward.root / "bang.xlsx")
    before = snapshot(ward)
    result = cli(ward, "review", "apply", "bang.xlsx")
    assert result.returncode == 0, result.stdout
    # The date the sheet was signed (năm 2026, above) is not the year reviewed.
    assert said(result, "bang.xlsx") == {
        4: [
            f"Năm bình xét {YEAR} lấy từ tiêu đề bảng, vì cột kết quả không ghi năm; nếu không "
            "đúng, hãy chạy lại với --year."
        ]
    }
    after = snapshot(ward)
    assert inserted(before["models/mot-cua.md"], after["models/mot-cua.md"]) == [
        "reviews:\n",
        f"  {YEAR}: recognized\n",
    ]
    # --year wins, and the title is not said.
    again = cli(ward, "review", "apply", "bang.xlsx", "--year", str(YEAR - 1))
    assert again.returncode == 0, again.stdout
    assert said(again, "bang.xlsx") == {}
    assert inserted(after["models/mot-cua.md"], snapshot(ward)["models/mot-cua.md"]) == [
        f"  {YEAR - 1}: recognized\n"
    ]


@pytest.mark.parametrize(
    "title",
    [
        "KẾT QUẢ BÌNH XÉT MÔ HÌNH “DÂN VẬN KHÉO”",  # no year
        "KẾT QUẢ BÌNH XÉT NĂM 2024 VÀ NĂM 2025",  # two
    ],
)
def test_a_title_that_does_not_say_one_year(ward, title):
    review_book(
        ward.root / "bang.xlsx",
        [[1, "Một cửa thân thiện", "Ủy ban nhân dân phường Tân An", None, "x"]],
        title=title,
    )
    before = snapshot(ward)
    result = cli(ward, "review", "apply", "bang.xlsx")
    assert result.returncode == 1
    assert result.stdout == (
        f"bang.xlsx:{TOP + 1}: Tiêu đề cột kết quả không ghi năm; hãy ghi năm (ví dụ “Kết quả "
        "bình xét năm 2026”) hoặc chọn năm bằng --year.\n"
    )
    assert snapshot(ward) == before


# -- rows that are not data ---------------------------------------------------------------


@pytest.mark.parametrize(
    "numbers",
    [
        ["(1)", "(2)", "(3)", "(4)", "(5)", "(6)", "(7)", "(8)"],
        [1, 2, 3, 4, 5, 6, 7, 8],
        list("ABCDEFGH"),
    ],
)
def test_a_row_of_column_numbers_is_not_a_row_of_data(ward, numbers):
    first = review_book(
        ward.root / "bang.xlsx",
        [[1, "Một cửa thân thiện", "UBND phường Tân An", None, "x"]],
        result=f"Kết quả bình xét năm {YEAR}",
        numbers=numbers,
    )
    result = cli(ward, "review", "apply", "bang.xlsx", "--dry-run")
    assert result.returncode == 0, result.stdout
    assert said(result, "bang.xlsx") == {
        first: [
            "“Một cửa thân thiện” (mot-cua; Ủy ban nhân dân phường Tân An): sẽ ghi kết quả năm "
            f"{YEAR}: Công nhận."
        ]
    }
    first = commendation_book(
        ward.root / "bieu-duong.xlsx",
        [[1, "Một cửa thân thiện", "UBND P. Tân An"]],
        numbers=numbers[:5],
    )
    commended = cli(ward, "commend", "bieu-duong.xlsx", *ROUND, "--dry-run")
    assert commended.returncode == 0, commended.stdout
    assert said(commended, "bieu-duong.xlsx") == {
        first: [
            "“Một cửa thân thiện” (mot-cua; Ủy ban nhân dân phường Tân An): sẽ ghi thêm lần "
            "biểu dương này."
        ]
    }
    first = import_book(
        ward.root / "moi.xlsx", [[1, "Sổ tay dân vận", "UBND P. Tân An", None, FIELD, 2025]]
    )
    book = openpyxl.load_workbook(ward.root / "moi.xlsx")
    for column, value in enumerate(numbers, 1):
        book.active.cell(first - 1, column, value)
    book.save(ward.root / "moi.xlsx")
    imported = cli(ward, "import", "moi.xlsx", "--dry-run")
    assert imported.returncode == 0, imported.stdout
    assert said(imported, "moi.xlsx")[first] == ["Sẽ tạo models/do-thi-van-minh/so-tay-dan-van.md."]
    assert first - 1 not in said(imported, "moi.xlsx")


# -- an empty sheet -----------------------------------------------------------------------


def test_an_empty_sheet_is_not_a_success(ward):
    review_book(
        ward.root / "bang.xlsx",
        [
            [1, "Một cửa thân thiện", "UBND phường Tân An"],
            [2, "Tiếp dân cuối tuần", "VP HĐND và UBND TP", None, "-", "0"],
        ],
        result=f"Kết quả bình xét năm {YEAR}",
    )
    before = snapshot(ward)
    for dry in ([], ["--dry-run"]):
        result = cli(ward, "review", "apply", "bang.xlsx", *dry)
        assert result.returncode == 1
        assert result.stdout == (
            f"bang.xlsx:{TOP + 1}: Bảng chưa ghi kết quả nào: 2 dòng mô hình đều để trống cột "
            f"kết quả năm {YEAR} và cột mô hình điểm; chưa ghi tệp nào. Hãy điền kết quả rồi "
            "chạy lại.\n"
        )
    review_book(ward.root / "trong.xlsx", [], result=f"Kết quả bình xét năm {YEAR}")
    nothing = cli(ward, "review", "apply", "trong.xlsx")
    assert nothing.returncode == 1
    assert nothing.stdout == (
        f"trong.xlsx:{TOP + 1}: Bảng không có dòng mô hình nào dưới dòng tiêu đề; chưa ghi tệp "
        "nào.\n"
    )
    commendation_book(ward.root / "bieu-duong.xlsx", [])
    commended = cli(ward, "commend", "bieu-duong.xlsx", *ROUND)
    assert commended.returncode == 1
    assert commended.stdout == (
        "bieu-duong.xlsx:5: Bảng không có dòng nào ghi Mã mô hình hay Tên mô hình dưới dòng "
        "tiêu đề; chưa ghi tệp nào.\n"
    )
    import_book(ward.root / "moi.xlsx", [])
    imported = cli(ward, "import", "moi.xlsx")
    assert imported.returncode == 1
    assert imported.stdout.endswith(
        "moi.xlsx:5: Bảng không có dòng mô hình nào dưới dòng tiêu đề; chưa ghi tệp nào.\n"
    )
    assert snapshot(ward) == before


# -- each file's own style ------------------------------------------------------------------


def test_each_file_keeps_its_own_style(ward):
    """Files as the browser editor writes them (years quoted) and as people write them on
    one line: the new year and the new round are written the same way."""
    ward.write(
        "models/mot-cua.md",
        model_text(
            "Một cửa thân thiện",
            "ubnd-tan-an",
            'reviews:\n  "2023": recognized\n  "2024": recognized\n'
            "commendations: [{date: 2024-05-01, by: Ban Dân vận}]\n",
        ),
    )
    ward.write(
        "models/tiep-dan.md",
        model_text(
            "Tiếp dân cuối tuần",
            "van-phong-thanh-pho",
            "reviews: {2023: recognized}\n"
            "commendations:\n  - {date: 2024-05-01, by: Ban Dân vận}\n",
        ),
    )
    review_book(
        ward.root / "bang.xlsx",
        [
            [1, "Một cửa thân thiện", "UBND phường Tân An", None, "x"],
            [2, "Tiếp dân cuối tuần", "VP HĐND và UBND TP", None, None, "x"],
        ],
    )
    first = commendation_book(
        ward.root / "bieu-duong.xlsx",
        [[1, "Một cửa thân thiện", "UBND phường Tân An"], [2, "Tiếp dân cuối tuần", "VP UBND TP"]],
    )
    before = snapshot(ward)
    reviewed = cli(ward, "review", "apply", "bang.xlsx")
    assert reviewed.returncode == 0, reviewed.stdout
    commended = cli(ward, "commend", "bieu-duong.xlsx", *ROUND, "--decision", "215/QĐ-UBND")
    assert commended.returncode == 1, commended.stdout  # "VP UBND TP" is no unit
    said_of = said(commended, "bieu-duong.xlsx")
    assert said_of[first + 1][0].startswith("Không có đơn vị “VP UBND TP”")
    fixed = openpyxl.load_workbook(ward.root / "bieu-duong.xlsx")
    fixed.active.cell(first + 1, 3).value = "VP HĐND và UBND TP"
    fixed.save(ward.root / "bieu-duong.xlsx")
    commended = cli(ward, "commend", "bieu-duong.xlsx", *ROUND, "--decision", "215/QĐ-UBND")
    assert commended.returncode == 0, commended.stdout
    assert "cho 1 mô hình; 1 đã có; 0 không ghi được." in commended.stdout
    after = snapshot(ward)
    assert changed(before, after) == {"models/mot-cua.md", "models/tiep-dan.md"}
    assert after["models/mot-cua.md"].decode() == model_text(
        "Một cửa thân thiện",
        "ubnd-tan-an",
        f'reviews:\n  "2023": recognized\n  "2024": recognized\n  "{YEAR}": recognized\n'
        "commendations: [{date: 2024-05-01, by: Ban Dân vận}, {date: 2025-11-20, by: Ủy ban "
        "nhân dân thành phố, decision: 215/QĐ-UBND}]\n",
    )
    assert after["models/tiep-dan.md"].decode() == model_text(
        "Tiếp dân cuối tuần",
        "van-phong-thanh-pho",
        f"reviews: {{2023: recognized, {YEAR}: not-recognized}}\n"
        "commendations:\n  - {date: 2024-05-01, by: Ban Dân vận}\n"
        "  - {date: 2025-11-20, by: Ủy ban nhân dân thành phố, decision: 215/QĐ-UBND}\n",
    )


# -- messages -------------------------------------------------------------------------------


def test_no_doubled_quotes(ward):
    ward.write(
        "models/dvk.md",
        model_text(
            "“Dân vận khéo” trong khu phố", "chi-bo-khu-pho-1", "reviews:\n  2025: recognized\n"
        ),
    )
    first = review_book(
        ward.root / "bang.xlsx",
        [
            [1, "“Dân vận khéo” trong khu phố", "Chi bộ Khu phố 1", "Phường Hòa Bình", None, "x"],
            [2, "“Dân vận khéo” khu phố 9", "“Chi bộ Khu phố 9”", None, "x"],
            [3, "Một cửa thân thiện", "UBND P. Tân An", None, "“?”"],
        ],
    )
    result = cli(ward, "review", "apply", "bang.xlsx")
    assert result.returncode == 1
    rows = said(result, "bang.xlsx")
    assert rows[first] == [
        "“Dân vận khéo” trong khu phố đã có kết quả năm 2025 là “Công nhận”, bảng ghi “Không "
        "công nhận”; giữ nguyên (chạy lại với --replace để ghi theo bảng)."
    ]
    assert rows[first + 1] == ["Không có đơn vị “Chi bộ Khu phố 9” trong models/_units.yml."]
    assert rows[first + 2][0].startswith("Cột “Công nhận” ghi “?”, không phải một dấu")
    assert "““" not in result.stdout and "””" not in result.stdout


def test_the_command_line_speaks_vietnamese_and_names_its_options(ward):
    review_book(ward.root / "bang.xlsx", [[1, "Một cửa thân thiện", "UBND P. Tân An", None, "x"]])
    before = snapshot(ward)
    wrong = cli(ward, "review", "apply", "bang.xlsx", "--date", "32/13/2025")
    assert wrong.returncode == 2 and wrong.stdout == ""
    assert wrong.stderr.endswith(
        "python -m generator review apply: lỗi: --date: “32/13/2025” không phải một ngày; viết "
        "dạng 15/03/2026 hoặc 2026-03-15.\n"
    )
    year = cli(ward, "review", "apply", "bang.xlsx", "--year", "năm nay")
    assert year.stderr.endswith("lỗi: --year: “năm nay” không phải một năm; viết dạng 2026.\n")
    for result in (wrong, year):
        assert "argument" not in result.stderr and "error" not in result.stderr
        assert "usage" not in result.stderr and result.stderr.startswith("Cách dùng: ")
    # A --date refused for itself names the option, not a row of the sheet.
    future = cli(ward, "review", "apply", "bang.xlsx", "--date", "01/01/2999")
    assert future.returncode == 2 and future.stdout == ""
    assert future.stderr == "--date 01/01/2999: ngày chọn mô hình điểm là ngày trong tương lai.\n"
    early = cli(ward, "review", "apply", "bang.xlsx", "--date", "01/05/2024")
    assert early.returncode == 1
    assert early.stdout == (
        "--date 01/05/2024: ngày chọn mô hình điểm phải từ năm 2025 trở đi, sau khi có kết quả "
        "bình xét năm đó.\n"
    )
    assert snapshot(ward) == before


@pytest.mark.parametrize(
    "models",
    [
        ["mot-cua", "canh-dong"],
        ["mot-cua,", "canh-dong"],
        ["mot-cua,canh-dong"],
        ["mot-cua, canh-dong"],
    ],
)
def test_commend_models_apart_by_spaces_or_commas(ward, models):
    before = snapshot(ward)
    result = cli(ward, "commend", *ROUND, "--models", *models)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "cho 2 mô hình; 0 đã có; 0 không ghi được." in result.stdout
    assert changed(before, snapshot(ward)) == {"models/mot-cua.md", "models/canh-dong.md"}


def test_commend_says_how_to_name_the_models(ward):
    commendation_book(ward.root / "bieu-duong.xlsx", [[1, "Một cửa thân thiện", "UBND P. Tân An"]])
    before = snapshot(ward)
    for args in (["--models", "mot-cua", "bieu-duong.xlsx"], []):
        result = cli(ward, "commend", *ROUND, *args)
        assert result.returncode == 2 and result.stdout == ""
        assert result.stderr == (
            "Hãy ghi các mô hình được biểu dương bằng một trong hai cách: --models mã mã … "
            "(hoặc --models mã,mã,…), hoặc một bảng tính (.xlsx, .csv), không cả hai.\n"
        )
    assert snapshot(ward) == before


def test_validate_says_each_broken_unit_once_and_the_total_last(ward):
    registry = ward.root / "models/_units.yml"
    text = registry.read_text(encoding="utf-8")
    registry.write_text(
        text.replace("- id: chi-bo-khu-pho-2-hoa-binh\n  name: Chi bộ Khu phố 2, phường Hòa Bình\n"
                     "  type: residential\n",
                     "- id: chi-bo-khu-pho-2-hoa-binh\n  name: Chi bộ Khu phố 2, phường Hòa Bình\n"
                     "  type: khu dan cu\n"),
        encoding="utf-8",
    )  # fmt: skip
    ward.write("models/den-duong.md", model_text("Đèn đường", "chi-bo-khu-pho-2-hoa-binh"))
    result = ward.validate()
    assert result.returncode == 1 and result.stderr == ""
    lines = result.stdout.splitlines()
    assert len(lines) == 2, lines
    assert lines[0].startswith("models/_units.yml:") and lines[0].endswith(
        "(2 mô hình dùng đơn vị này)"
    )
    assert lines[-1] == "Có 1 lỗi cần sửa."


def test_the_guide_and_the_sheets_drop_downs_agree(ward):
    """The guide says of the review sheet what its lists do: where a list refuses other
    text, the guide does not say that typed words are fine there; and what a list offers,
    `review apply` reads."""
    from conftest import ROOT

    from generator.data.match import mark, review_result

    guide = (ROOT / "docs/huong-dan/dong-gop.md").read_text(encoding="utf-8")
    section = guide[guide.index("## Bình xét hằng năm bằng lệnh") :]
    step = section[section.index("### Bước 2") : section.index("### Bước 3")]
    own = step.index("Ban cũng có thể dùng bảng tự lập")
    result = cli(ward, "review", "sheet", "--year", str(YEAR), "bang.xlsx")
    assert result.returncode == 0, result.stdout
    sheet = openpyxl.load_workbook(ward.root / "bang.xlsx").active
    lists = sheet.data_validations.dataValidation
    assert len(lists) == 2 and all(listed.showErrorMessage for listed in lists)
    if all(listed.errorStyle in (None, "stop") for listed in lists):
        assert "bảng do máy lập chỉ nhận các chữ trong danh sách" in " ".join(step.split())
        assert "gõ tay" not in step[:own].lower()
        assert "gõ tay được" in step[own:]  # in a sheet of the committee's own
    else:
        assert "giữ chữ vừa gõ" in step
    for listed in lists:
        for value in listed.formula1.strip('"').split(","):
            assert review_result(value) or mark(value), value
