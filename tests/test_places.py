"""The official communes since 1 July 2025 and the conversion of the older ones, as the
pinned packages ship them, and the registry rules built on them."""

from __future__ import annotations

import textwrap

import pytest
from conftest import MKDOCS, MODEL

from generator.data.load import LoadError, load
from generator.data.match import matches
from generator.data.options import settings_from
from generator.data.places import Places, PlacesError, find_province, provinces
from generator.data.text import fold

# The issue's examples, checked by hand against the statistics office's list.
BAC_KAN = [
    "Phường Sông Cầu",
    "Phường Phùng Chí Kiên",
    "Phường Xuất Hóa",
    "Xã Nông Thượng",
]
DUC_XUAN = ["Phường Nguyễn Thị Minh Khai", "Phường Huyền Tụng"]


@pytest.fixture(scope="module")
def thai_nguyen() -> Places:
    return Places.named("Thái Nguyên")


def test_the_official_list_has_34_provinces_and_3321_communes():
    every = provinces()
    assert len(every) == 34
    assert sum(len(p.communes) for p in every.values()) == 3321
    thai = every["19"]
    assert (thai.name, thai.title, thai.phrase) == (
        "Thái Nguyên",
        "Tỉnh Thái Nguyên",
        "tỉnh Thái Nguyên",
    )
    assert len(thai.communes) == 92
    hanoi = every["01"]
    assert (hanoi.title, hanoi.phrase) == ("Thành phố Hà Nội", "thành phố Hà Nội")


@pytest.mark.parametrize(
    "typed", ["Thái Nguyên", "Tỉnh Thái Nguyên", "thai nguyen", "TỈNH THÁI NGUYÊN"]
)
def test_province_with_or_without_its_kind_marks_or_case(typed):
    assert find_province(typed).code == "19"


def test_a_former_or_mistyped_province_is_explained():
    with pytest.raises(PlacesError, match='"Bắc Kạn" từ 01/07/2025 đã nhập vào tỉnh Thái Nguyên'):
        find_province("Bắc Kạn")
    with pytest.raises(PlacesError, match='Có phải ý bạn là "Thái Nguyên"'):
        find_province("Thái Ngyên")
    assert find_province("TP Hồ Chí Minh").name == "Thành phố Hồ Chí Minh"


@pytest.mark.parametrize(
    ("old", "new", "code"),
    [
        *((o, "Phường Bắc Kạn", "01843") for o in BAC_KAN),
        *((o, "Phường Đức Xuân", "01840") for o in DUC_XUAN),
    ],
)
def test_the_issue_examples_become_the_new_wards(thai_nguyen, old, new, code):
    assert thai_nguyen.current(old) == []
    assert [(c.name, c.code) for c in thai_nguyen.became(old)] == [(new, code)]
    assert thai_nguyen.problem(old).startswith(f'"{old}" đã nhập vào {new} từ 01/07/2025;')
    # Typed as staff type it: no marks.
    assert [c.name for c in thai_nguyen.became(fold(old))] == [new]


def test_current_names_are_matched_as_typed(thai_nguyen):
    for typed in ("Phường Bắc Kạn", "phuong bac kan", "P. Bắc Kạn", "Bắc Kạn"):
        assert thai_nguyen.commune(typed).code == "01843", typed
    assert thai_nguyen.problem("Phường Bắc Kạn") is None


def test_names_that_differ_only_in_marks(thai_nguyen):
    # Both are communes of Thái Nguyên; written with marks, each is itself.
    assert thai_nguyen.commune("Xã Văn Lang").code == "02143"
    assert thai_nguyen.commune("Xã Văn Lăng").code == "05665"
    assert thai_nguyen.commune("xa van lang") is None
    assert "ứng với 2 xã, phường: Xã Văn Lang và Xã Văn Lăng" in thai_nguyen.problem("xa van lang")
    # The matcher everyone uses does the same.
    assert matches("Văn Lăng", {"a": "Văn Lang", "b": "Văn Lăng"}) == ["b"]
    assert matches("van lang", {"a": "Văn Lang", "b": "Văn Lăng"}) == ["a", "b"]


def test_a_name_of_two_former_communes_is_listed_with_their_districts(thai_nguyen):
    # "Sông Cầu" was a ward of Bắc Kạn city and a commune of Đồng Hỷ district.
    assert [c.name for c in thai_nguyen.became("Sông Cầu")] == ["Phường Bắc Kạn", "Xã Đồng Hỷ"]
    assert thai_nguyen.problem("Sông Cầu").startswith(
        '"Sông Cầu" là tên trước 01/07/2025 của 2 xã, phường: '
    )


def test_a_split_commune_lists_every_new_one(thai_nguyen):
    assert [c.name for c in thai_nguyen.became("Phường Cam Giá")] == [
        "Phường Gia Sàng",
        "Phường Tích Lương",
    ]
    assert "được chia về Phường Gia Sàng và Phường Tích Lương" in thai_nguyen.problem(
        "Phường Cam Giá"
    )


def test_other_provinces_and_unknown_names(thai_nguyen):
    assert thai_nguyen.problem("Phường Sài Gòn") == (
        '"Phường Sài Gòn" là một xã, phường của thành phố Hồ Chí Minh, không thuộc tỉnh Thái '
        'Nguyên (tuỳ chọn "province" trong mkdocs.yml).'
    )
    assert thai_nguyen.problem("Phường Bắc Cạn").endswith('Có phải ý bạn là "Phường Bắc Kạn"?')
    # Names nearly as close are offered too.
    assert 'Có phải ý bạn là "Xã Văn Lang", "Xã Văn Lăng"' in thai_nguyen.problem("Xã Văn Lan")
    assert thai_nguyen.problem("Quận 1").endswith("từ 01/07/2025.")  # nothing close


def test_every_province_joins_the_two_packages():
    """Each new ward of the conversion is found in the official list, one to one."""
    formers = splits = 0
    for code in provinces():
        places = Places(provinces()[code])
        formers += len(places.formers)
        splits += sum(f.split for f in places.formers)
        for former in places.formers:
            assert all(c.code in places.by_code for c in former.became)
    assert (formers, splits) == (10040, 471)


# -- the registry rules ---------------------------------------------------------------


def project_with(project, units: str, province: str | None = "Thái Nguyên"):
    options = f"\n      province: {province}" if province else ""
    project.write(
        "mkdocs.yml", MKDOCS.replace("  - dan-van-kheo\n", f"  - dan-van-kheo:{options}\n")
    )
    project.write("models/_units.yml", textwrap.dedent(units))
    project.write("models/tuyen-duong-sang.md", MODEL.replace("chi-bo-khu-pho-1", "a"))
    return settings_from(project.root / "mkdocs.yml")


def problems(project, units: str, province: str | None = "Thái Nguyên") -> list[str]:
    settings, root = project_with(project, units, province)
    with pytest.raises(LoadError) as error:
        load(settings, root)
    return [str(p) for p in error.value.problems]


# The model of unit "a" is not built while the unit is wrong: said once, at the unit.
WAITS = " (1 mô hình dùng đơn vị này)"


UNIT = """\
- id: a
  name: Chi bộ Tổ 1
  type: residential
  locality: {locality}
"""


def test_a_registry_without_province_works_as_before(project):
    settings, root = project_with(project, UNIT.format(locality="Phường Sông Cầu"), None)
    unit = load(settings, root).units["a"]
    assert (unit.locality, unit.locality_code, unit.history) == ("Phường Sông Cầu", None, ())


def test_with_province_the_official_name_and_code_are_taken(project):
    settings, root = project_with(project, UNIT.format(locality="phuong bac kan"))
    catalog = load(settings, root)
    unit = catalog.units["a"]
    assert (unit.locality, unit.locality_code) == ("Phường Bắc Kạn", "01843")
    assert catalog.province.name == "Thái Nguyên"


def test_locality_problems_name_the_fix(project):
    assert problems(project, UNIT.format(locality="Phường Sông Cầu")) == [
        'models/_units.yml:4: "locality" (địa bàn) "Phường Sông Cầu" đã nhập vào Phường Bắc Kạn '
        'từ 01/07/2025; hãy ghi "Phường Bắc Kạn" và chuyển tên cũ vào khoá "history" (lệnh '
        "`python -m generator units migrate` làm việc này)." + WAITS
    ]
    wrong_code = UNIT.format(locality="Phường Bắc Kạn") + "  locality_code: '01840'\n"
    assert problems(project, wrong_code) == [
        'models/_units.yml:5: "locality_code" (mã xã, phường) 01840 không phải mã của Phường Bắc '
        "Kạn (01843); hãy sửa thành '01843'." + WAITS
    ]
    code_of_other = UNIT.format(locality="Phường Bắc Cạn") + "  locality_code: '01843'\n"
    assert problems(project, code_of_other)[0].endswith(
        "? Mã 01843 ở locality_code là của Phường Bắc Kạn." + WAITS
    )


def test_a_wrong_province_option_is_a_problem_of_mkdocs_yml(project):
    assert problems(project, UNIT.format(locality="Phường Bắc Kạn"), "Bắc Kạn") == [
        'mkdocs.yml:9: Tuỳ chọn "province": "Bắc Kạn" từ 01/07/2025 đã nhập vào tỉnh Thái '
        "Nguyên; hãy ghi province: Thái Nguyên."
    ]


@pytest.mark.parametrize(
    ("extra", "expected"),
    [
        (
            "  history:\n    - locality: Phường Sông Cầu\n",
            'models/_units.yml:6: Thiếu khoá bắt buộc "until" (ngày cuối cùng) trong mục 1 của '
            '"history" (tên, địa bàn, cấp trên trước đây).',
        ),
        (
            "  history:\n    - until: 2025-06-30\n",
            'models/_units.yml:6: Mục của "history" cần ghi ít nhất một trong name, locality, '
            "parent (tên, địa bàn hoặc cấp trên trước ngày until).",
        ),
        (
            "  history:\n    - until: 2025-06-30\n      locality: Phường Sông Cầu\n"
            "    - until: 2019-12-31\n      name: Chi bộ Tổ 1A\n",
            'models/_units.yml:8: Các mục của "history" phải xếp từ cũ đến mới: ngày 31/12/2019 '
            "không sau ngày 30/06/2025 của mục trước.",
        ),
        (
            "  history:\n    - until: 30/06/2025\n      locality: Phường Sông Cầu\n",
            'models/_units.yml:6: "until" (ngày cuối cùng) "30/06/2025": hãy viết theo dạng '
            "NĂM-THÁNG-NGÀY, tức là 2025-06-30.",
        ),
        (
            "  locality_code: 01234\n",  # YAML reads it as the octal number 668
            'models/_units.yml:5: "locality_code" (mã xã, phường) phải là mã 5 chữ số, viết '
            "trong dấu nháy đơn để giữ số 0 ở đầu, ví dụ '01843'.",
        ),
        (
            "  lich-su:\n    - until: 2025-06-30\n      locality: Phường Sông Cầu\n",
            'models/_units.yml:5: Khoá "lich-su" không có trong mẫu; có phải ý bạn là "history" '
            "(tên, địa bàn, cấp trên trước đây)?",
        ),
    ],
)
def test_history_and_code_rules(project, extra, expected):
    # Without the province option: these rules hold for every registry.
    assert problems(project, UNIT.format(locality="Phường Bắc Kạn") + extra, None) == [
        expected + WAITS
    ]


def test_a_good_history_and_code_without_province(project):
    units = UNIT.format(locality="Phường Bắc Kạn") + (
        "  locality_code: 26734\n"  # five digits without a leading zero: a plain number is fine
        "  history:\n    - until: 2019-12-31\n      name: Chi bộ Tổ 1A\n"
        "    - until: 2025-06-30\n      locality: Phường Sông Cầu\n"
    )
    settings, root = project_with(project, units, None)
    unit = load(settings, root).units["a"]
    assert unit.locality_code == "26734"
    assert [(f.until.isoformat(), f.name, f.locality) for f in unit.history] == [
        ("2019-12-31", "Chi bộ Tổ 1A", None),
        ("2025-06-30", None, "Phường Sông Cầu"),
    ]
    import datetime

    assert unit.at(datetime.date(2018, 5, 1)) == ("Chi bộ Tổ 1A", "Phường Sông Cầu", None)
    assert unit.at(datetime.date(2021, 5, 1)) == ("Chi bộ Tổ 1", "Phường Sông Cầu", None)
    assert unit.at(datetime.date(2025, 7, 1)) == ("Chi bộ Tổ 1", "Phường Bắc Kạn", None)
    assert unit.former_names == ["Chi bộ Tổ 1A", "Phường Sông Cầu"]
