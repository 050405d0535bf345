"""What staff type and how committees lay out sheets: the matcher's tables and sheets.py."""

from __future__ import annotations

import pytest

from generator.authoring.sheets import is_footer, two_row_headings
from generator.data.match import Names, mark, matches, review_result

OPTIONS = {
    "mot-cua": "“Một cửa thân thiện”",
    "mot-cua-2": ("Một cửa thân thiện", "Một cửa phường Hòa Bình"),
    "khu-pho": "Khu phố kiểu mẫu",
}


@pytest.mark.parametrize(
    "typed",
    ["mot cua THAN thien", "  Một  cửa thân thiện ", "một cửa phường hoà bình", "khu-pho", "x"],
)
def test_names_index_answers_as_matches(typed):
    assert Names(OPTIONS).matches(typed) == matches(typed, OPTIONS)


@pytest.mark.parametrize(
    ("typed", "result"),
    [
        ("Công nhận", "recognized"),
        ("cong nhan", "recognized"),
        ("ĐẠT", "recognized"),
        ("Được công nhận", "recognized"),
        ("Không công nhận", "not-recognized"),
        ("khong cong  nhan", "not-recognized"),
        ("Không đạt", "not-recognized"),
        ("Chưa đạt", "not-recognized"),
        ("Tốt", None),
        ("công", None),  # a part of a result is not a result
    ],
)
def test_review_results_as_committees_write_them(typed, result):
    assert review_result(typed) == result


@pytest.mark.parametrize(
    ("typed", "answer"),
    [
        ("Có", True),
        ("co", True),
        ("CÓ", True),
        ("x", True),
        ("X", True),
        (" x ", True),
        ("✓", True),
        ("✔️", True),
        ("v", True),
        ("V", True),
        ("1", True),
        (1, True),
        (1.0, True),
        (True, True),  # an Excel checkbox
        ("Không", False),
        ("khong", False),
        ("-", False),
        ("–", False),
        ("0", False),
        (0, False),
        ("", False),
        (None, False),
        (False, False),
        ("Tốt", None),
        ("?", None),
        ("Đề nghị xem lại", None),
        ("chưa rõ", None),
        ("có thể", None),
        ("xx", None),
        ("2", None),
    ],
)
def test_only_real_marks_count(typed, answer):
    assert mark(typed) is answer


def test_two_row_header_gives_one_heading_per_column():
    top = ["STT", "Tên mô hình", "Đơn vị", "Kết quả bình xét", None, None, "Ghi chú"]
    below = [None, None, None, "Năm 2025", "Năm 2026", None, None]
    assert two_row_headings(top, below) == [
        "STT",
        "Tên mô hình",
        "Đơn vị",
        "Kết quả bình xét Năm 2025",
        "Kết quả bình xét Năm 2026",
        "",  # nothing above or below: the merged heading ends here
        "Ghi chú",
    ]


@pytest.mark.parametrize(
    ("cells", "footer"),
    [
        (["", "NGƯỜI LẬP BIỂU", "", "TM. BAN THƯỜNG VỤ"], True),
        (["Hòa Bình, ngày 05 tháng 12 năm 2026"], True),
        (["", "", "ngày ... tháng ... năm 2026"], True),
        (["(Ký, ghi rõ họ tên)"], True),
        ([3, "Trưởng ban công tác Mặt trận Nguyễn Văn An", "Khu phố 1"], False),
        ([4, "Đường hoa", "Ban Thường vụ Thành đoàn"], False),
    ],
)
def test_signature_and_date_lines_end_a_list(cells, footer):
    assert is_footer(cells) is footer


def test_names_only_for_a_column_of_names():
    # A title typed as another model's slug names no model by its id in a title column.
    assert Names(OPTIONS).matches("khu-pho") == ["khu-pho"]
    assert Names(OPTIONS, by_id=False).matches("khu-pho") == []
    assert Names(OPTIONS, by_id=False).matches("Khu phố kiểu mẫu") == ["khu-pho"]


def test_a_title_right_above_a_two_row_header_is_not_part_of_it():
    from generator.authoring.commend import accepts
    from generator.authoring.yearly import find_layout

    rows = [
        (1, ["DANH SÁCH TẬP THỂ ĐƯỢC BIỂU DƯƠNG"]),
        (2, ["STT", "Tên mô hình", "Đơn vị thực hiện", None, "Ghi chú"]),
        (3, [None, None, "Tên đơn vị", "Địa bàn", None]),
        (4, ["(1)", "(2)", "(3)", "(4)", "(5)"]),
    ]
    layout = find_layout(rows, accepts)
    assert (layout.first, layout.row) == (2, 3)
    assert layout.columns == {"number": 0, "title": 1, "unit": 2, "locality": 3}
