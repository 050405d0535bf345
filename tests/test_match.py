"""The one matcher for what staff type: the same answer in every tool."""

from __future__ import annotations

from datetime import date

import pytest

from generator.data.match import (
    REVIEW_WORDS,
    Names,
    decision_number,
    find_units,
    key,
    kind,
    lookup,
    review_result,
    same_place,
    same_round,
    search_units,
    suggest,
)
from generator.data.model import Commendation, Unit
from generator.data.settings import DEFAULT_FIELDS

FIELDS = {f["id"]: f["name"] for f in DEFAULT_FIELDS}
UNITS = {
    u.id: u
    for u in (
        Unit("chi-bo-khu-pho-1-hoa-binh", "Chi bộ Khu phố 1", "residential", "Phường Hòa Bình"),
        Unit("chi-bo-khu-pho-4-hoa-binh", "Chi bộ Khu phố 4", "residential", "Phường Hòa Bình"),
        Unit("chi-bo-khu-pho-1-tan-an", "Chi bộ Khu phố 1", "residential", "Phường Tân An"),
        Unit("mttq-xa-phuoc-hung", "Ủy ban MTTQ xã Phước Hưng", "other", "Xã Phước Hưng"),
        Unit("truong-thcs-nguyen-du", "Trường THCS Nguyễn Du", "school", "Phường Tân An"),
        Unit(
            "ubnd-phuong-hoa-binh", "Ủy ban nhân dân phường Hòa Bình", "agency", "Phường Hòa Bình"
        ),
    )
}


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Đô thị văn minh", "do thi van minh"),  # marks, đ
        ("ĐÔ THỊ  VĂN MINH", "đô-thị-văn-minh"),  # case, spacing, hyphens
        ("  Hoà Bình ", "Hòa Bình"),  # old and new tone placement
        ("UBND phường Hòa Bình", "Ủy ban nhân dân phường Hòa Bình"),  # abbreviation
        ("Khu phố số 1", "Khu phố 1"),  # "số" before a number
        ("KP 1", "Khu phố 1"),
        ("✔\ufe0f", "✔"),  # the emoji form of a mark
        # The abbreviations committees write, each spelled out.
        ("CB KP 2", "Chi bộ Khu phố 2"),
        ("KP2", "Khu phố 2"),  # an abbreviation and its number written together
        ("TDP5", "Tổ dân phố 5"),
        ("VP HĐND và UBND TP", "Văn phòng Hội đồng nhân dân và Ủy ban nhân dân thành phố"),
        ("UBND P. Tân An", "Ủy ban nhân dân phường Tân An"),
        ("UB MTTQ X. Phước Hưng", "UB Mặt trận Tổ quốc xã Phước Hưng"),
        ("Cty TNHH TM Bình An", "Công ty Trách nhiệm hữu hạn Thương mại Bình An"),
        ("CT CP Cấp nước", "Công ty Cổ phần Cấp nước"),
        ("ĐTN phường Tân An", "Đoàn Thanh niên phường Tân An"),
        ("Hội LHPN phường Tân An", "Hội Liên hiệp Phụ nữ phường Tân An"),
        ("HTX Nông nghiệp", "Hợp tác xã Nông nghiệp"),
        ("MTTQ", "Mặt trận Tổ quốc"),
    ],
)
def test_spellings_of_one_name_share_a_key(a, b):
    assert key(a) == key(b)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("x", "xã"),  # a letter alone is a mark, not a commune
        ("Tổ P", "Tổ phường"),  # nor last
        ("KP 1", "Khu phố 10"),
        ("TT", "Tập thể"),  # left to option names: tập thể, thị trấn
    ],
)
def test_spellings_of_two_names_do_not(a, b):
    assert key(a) != key(b)


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("Chi bộ Khu phố 2", ["kp2-hoa-binh", "kp2-tan-an"]),  # the start of two names
        ("CB KP 2 phường", ["kp2-hoa-binh", "kp2-tan-an"]),
        ("Chi bộ Khu phố", ["kp2-hoa-binh", "kp2-tan-an", "kp21"]),
        ("Chi bộ Khu phố 2, phường Hòa Bình", []),  # the whole name is no start of it
        ("Chi bộ Kh", []),  # whole words only
        ("Khu phố 2", []),  # the start, not the middle
        ("", []),
    ],
)
def test_names_typed_short(typed, expected):
    names = Names(
        {
            "kp2-hoa-binh": "Chi bộ Khu phố 2, phường Hòa Bình",
            "kp2-tan-an": "Chi bộ Khu phố 2 phường Tân An",
            "kp21": "Chi bộ Khu phố 21",
        },
        by_id=False,
    )
    assert names.starting(typed) == expected


def test_units_typed_short_only_when_no_name_is_the_one_typed():
    units = {
        **UNITS,
        "kp2": Unit("kp2", "Chi bộ Khu phố 2, phường Hòa Bình", "residential", "Phường Hòa Bình"),
    }
    assert find_units("Chi bộ Khu phố 2", units) == []
    assert find_units("Chi bộ Khu phố 2", units, short=True) == ["kp2"]
    assert find_units("Chi bộ KP 2", units, "Tân An", short=True) == []
    # "Chi bộ Khu phố 1" is two units' whole name: never the start of another's.
    assert find_units("Chi bộ Khu phố 1", units, short=True) == [
        "chi-bo-khu-pho-1-hoa-binh",
        "chi-bo-khu-pho-1-tan-an",
    ]


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("Quyết định số 215/QĐ-UBND", "215-qd-uy-ban-nhan-dan"),
        ("QĐ số 215/QĐ-UBND", "215-qd-uy-ban-nhan-dan"),
        ("QĐ 215/QĐ-UBND ngày 20/11/2025", "215-qd-uy-ban-nhan-dan"),
        ("215 / qđ-ubnd", "215-qd-uy-ban-nhan-dan"),
        ("Số: 215/QĐ-UBND.", "215-qd-uy-ban-nhan-dan"),
        ("Quyết định số 15-QĐ/TU", "15-qd-tu"),
        ("Quyết định của Ban Thường vụ", "quyet-dinh-cua-ban-thuong-vu"),  # no number
    ],
)
def test_decision_numbers(typed, expected):
    assert decision_number(typed) == expected


DAY = date(2025, 11, 20)


@pytest.mark.parametrize(
    ("a", "b", "one"),
    [
        (
            Commendation(DAY, "Ủy ban nhân dân thành phố", "Quyết định số 215/QĐ-UBND"),
            Commendation(DAY, "UBND TP", "215/QĐ-UBND"),
            True,
        ),
        (  # the number says which decision, whoever the body is written as
            Commendation(DAY, "Ủy ban nhân dân thành phố", "QĐ 215/QĐ-UBND"),
            Commendation(DAY, "UBND thành phố Hòa Bình", "215/QĐ-UBND"),
            True,
        ),
        (  # another day: another decision of that number, or a mistake said elsewhere
            Commendation(DAY, "UBND TP", "215/QĐ-UBND"),
            Commendation(date(2024, 11, 20), "UBND TP", "215/QĐ-UBND"),
            False,
        ),
        (
            Commendation(DAY, "UBND TP", "215/QĐ-UBND"),
            Commendation(DAY, "UBND TP", "216/QĐ-UBND"),
            False,
        ),
        (  # without a decision number: the day and the body
            Commendation(DAY, "Ban Dân vận"),
            Commendation(DAY, "ban dan van", "Quyết định số 3"),
            True,
        ),
        (Commendation(DAY, "Ban Dân vận"), Commendation(DAY, "UBND TP"), False),
    ],
)
def test_one_round_is_one_round(a, b, one):
    assert same_round(a, b) is one
    assert same_round(b, a) is one


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("do-thi-van-minh", "do-thi-van-minh"),  # the id
        ("Xây dựng nông thôn mới, đô thị văn minh", "do-thi-van-minh"),  # the name
        ("Đô thị văn minh", "do-thi-van-minh"),  # whole words of one name
        ("đô thị", "do-thi-van-minh"),
        ("thi van", "do-thi-van-minh"),  # whole words, wherever they stand
        ("thi va", None),  # a part of a word is no match
        ("van hoa", None),  # whole words of two names ("văn hoá công sở", "văn hoá gắn với")
        ("Xây dựng", None),  # whole words of two names: no guess
        ("", None),
    ],
)
def test_lookup(typed, expected):
    assert lookup(typed, FIELDS) == expected


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("do-thi", "do-thi-van-minh"),  # the only id that begins so
        ("cai-cach-hanh-chin", "cai-cach-hanh-chinh"),  # a slip
        ("van-hoa-du-lịch", "van-hoa-du-lich"),
        ("kinh-te", None),  # nothing near
    ],
)
def test_suggest_fields(typed, expected):
    assert suggest(typed, FIELDS) == expected


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("recognised", "recognized"),
        ("notrecognized", "not-recognized"),
        ("Được côg nhận", "recognized"),
        ("Không đạt", "not-recognized"),
        ("tốt", None),
    ],
)
def test_suggest_review_results(typed, expected):
    assert suggest(typed, REVIEW_WORDS) == expected


UNIT_NAMES = {u.id: u.name for u in UNITS.values()}


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("Chi bo khu phoo 4", "chi-bo-khu-pho-4-hoa-binh"),  # a slip, one unit that near
        ("Chi bộ Khu phố 7", None),  # another number is another unit, not a slip
        ("Trường THCS Lê Lợi", None),  # a shared start is no likeness
        ("Truong THCS Nguyen Dư", "truong-thcs-nguyen-du"),
    ],
)
def test_suggest_units_only_for_slips(typed, expected):
    assert suggest(typed, UNIT_NAMES) == expected


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("Đạt", "recognized"),
        ("cong nhan", "recognized"),
        ("x", "recognized"),
        ("✓", "recognized"),
        ("✔️", "recognized"),
        ("√", "recognized"),
        ("Không công nhận", "not-recognized"),
        ("chưa được công nhận", "not-recognized"),
        ("không đạt", "not-recognized"),
        ("recognized", "recognized"),
        ("Đạt loại khá", None),  # never guessed from a part
        ("", None),
    ],
)
def test_review_results(typed, expected):
    assert review_result(typed) == expected


@pytest.mark.parametrize(
    ("typed", "expected"),
    [("Tập thể", "collective"), ("TT", "collective"), ("ca nhan", "individual"), ("x", None)],
)
def test_kinds(typed, expected):
    assert kind(typed) == expected


@pytest.mark.parametrize(
    ("typed", "place", "expected"),
    [
        ("mttq-xa-phuoc-hung", "", ["mttq-xa-phuoc-hung"]),  # an id with an abbreviation
        ("Uy ban MTTQ xa Phuoc Hung", "", ["mttq-xa-phuoc-hung"]),
        ("Ủy ban Mặt trận Tổ quốc xã Phước Hưng", "", ["mttq-xa-phuoc-hung"]),
        ("Chi bộ Khu phố 1", "", ["chi-bo-khu-pho-1-hoa-binh", "chi-bo-khu-pho-1-tan-an"]),
        ("Chi bộ Khu phố 1", "tan an", ["chi-bo-khu-pho-1-tan-an"]),  # the place decides
        ("Chi bộ Khu phố 1 Phường Hòa Bình", "", ["chi-bo-khu-pho-1-hoa-binh"]),
        ("UBND phường Hoà Bình", "", ["ubnd-phuong-hoa-binh"]),
        ("Chi bộ Khu phố 9", "", []),
    ],
)
def test_find_units(typed, place, expected):
    assert find_units(typed, UNITS, place) == expected


def test_a_name_that_is_also_an_id_finds_every_unit_of_that_name():
    units = {
        "chi-bo-khu-pho-1": Unit("chi-bo-khu-pho-1", "Chi bộ Khu phố 1", "residential", "A"),
        "kp1-b": Unit("kp1-b", "Chi bộ Khu phố 1", "residential", "B"),
    }
    assert find_units("Chi bộ Khu phố 1", units) == ["chi-bo-khu-pho-1", "kp1-b"]
    assert find_units("chi-bo-khu-pho-1", units) == ["chi-bo-khu-pho-1"]  # the id as written


def test_search_units_by_words_in_vietnamese_order():
    assert search_units("kp 1", UNITS) == ["chi-bo-khu-pho-1-hoa-binh", "chi-bo-khu-pho-1-tan-an"]
    assert search_units("hoa binh", UNITS) == [
        "chi-bo-khu-pho-1-hoa-binh",
        "chi-bo-khu-pho-4-hoa-binh",
        "ubnd-phuong-hoa-binh",
    ]


@pytest.mark.parametrize(
    ("typed", "locality", "expected"),
    [
        ("hoa binh", "Phường Hòa Bình", True),
        ("P. Hòa Bình", "Phường Hòa Bình", True),
        ("Phường Hòa Bình", "Phường Hòa Bình", True),
        ("binh", "Phường Hòa Bình", True),
        ("tan an", "Phường Hòa Bình", False),
        ("", "Phường Hòa Bình", False),
    ],
)
def test_same_place(typed, locality, expected):
    assert same_place(typed, locality) is expected
