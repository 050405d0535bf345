"""Every validation rule: each bad input gets its own message at its own line."""

from __future__ import annotations

import pytest
from conftest import MODEL, UNITS, png

PATH = "models/tuyen-duong-sang.md"


def replace(old: str, new: str) -> str:
    assert old in MODEL
    return MODEL.replace(old, new)


def problems_of(project) -> list[str]:
    result = project.validate()
    assert result.returncode == 1, result.stdout
    *lines, total = result.stdout.strip().splitlines()
    assert total == f"Có {len(lines)} lỗi cần sửa.", "the count last, on the same stream"
    assert len(lines) == len(set(lines)), "each problem is printed once"
    return lines


def only_problem(project) -> str:
    lines = problems_of(project)
    assert len(lines) == 1, lines
    return lines[0]


def test_shipped_style_data_passes(project):
    result = project.validate()
    assert result.returncode == 0, result.stdout
    assert result.stdout.strip() == "Hợp lệ: 1 mô hình và 2 đơn vị, không có lỗi."


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # YAML syntax: a colon inside an unquoted value.
        (
            replace("title: Tuyến", "title: Mô hình: Tuyến"),
            f"{PATH}:2: Lỗi cú pháp YAML: dấu hai chấm",
        ),
        # A tab used for indentation.
        (
            replace("  2022: recognized", "\t2022: recognized"),
            f"{PATH}:9: Lỗi cú pháp YAML: có ký tự Tab",
        ),
        # Missing required key: reported at the start of the front matter.
        (
            replace(
                "summary: Chi bộ vận động nhân dân lắp đèn chiếu sáng và trồng cây xanh.\n", ""
            ),
            f'{PATH}:2: Thiếu khoá bắt buộc "summary" (tóm tắt)',
        ),
        # Unknown key, with the nearest real key.
        (
            replace("title:", "tittle:"),
            f'{PATH}:2: Khoá "tittle" không có trong mẫu; có phải ý bạn là "title"',
        ),
        # A Vietnamese key name, mapped to the real one.
        (
            replace("registered: 2021-03-15\n", "registered: 2021-03-15\ntu-khoa: [đèn]\n"),
            f'{PATH}:7: Khoá "tu-khoa" không có trong mẫu; có phải ý bạn là "tags" (từ khoá)?',
        ),
        # Wrong types.
        (
            replace(
                "registered: 2021-03-15\n", "registered: 2021-03-15\ntags: chiếu sáng, cây xanh\n"
            ),
            f'{PATH}:7: "tags" (từ khoá) phải là một danh sách',
        ),
        (
            replace("registered: 2021-03-15\n", "registered: 2021-03-15\ndraft: có\n"),
            f'{PATH}:7: "draft" (bản nháp (chưa đăng)) chỉ nhận true hoặc false.',
        ),
        (
            replace(
                "registered: 2021-03-15\n",
                "registered: 2021-03-15\nresults:\n  - {label: Đèn, value: 270 bóng}\n",
            ),
            f'{PATH}:8: "value" (giá trị (một con số)) phải là một con số, không phải "270 bóng". Hãy tách: value: 270 và unit: "bóng".',
        ),
        (
            replace("title: Tuyến đường sáng – xanh – sạch – đẹp", "title: [Tuyến đường]"),
            f'{PATH}:2: "title" (tên mô hình) phải là một dòng chữ, không phải một danh sách.',
        ),
        # Empty required value.
        (
            replace("title: Tuyến đường sáng – xanh – sạch – đẹp", "title:"),
            f'{PATH}:2: "title" (tên mô hình) đang để trống.',
        ),
        # Unknown field and unit ids, with the nearest match.
        (
            replace("field: do-thi-van-minh", "field: do-thi"),
            f'{PATH}:4: "field" (lĩnh vực) "do-thi" không có; có phải ý bạn là "do-thi-van-minh"',
        ),
        (
            replace("unit: chi-bo-khu-pho-1", "unit: chi-bo-khu-pho1"),
            f'{PATH}:5: "unit" (đơn vị thực hiện) "chi-bo-khu-pho1" không có; có phải ý bạn là "chi-bo-khu-pho-1"',
        ),
        (
            replace("unit: chi-bo-khu-pho-1", "unit: Công ty cổ phần cấp nước"),
            f'{PATH}:5: "unit" (đơn vị thực hiện) "Công ty cổ phần cấp nước" không có; có phải ý bạn là "cong-ty-cap-nuoc"',
        ),
        (
            replace("registered: 2021-03-15\n", "registered: 2021-03-15\nkind: ca-nhan\n"),
            f'{PATH}:7: "kind" (loại mô hình) "ca-nhan" không có; có phải ý bạn là "individual" (Cá nhân)?',
        ),
        # Dates: impossible, in the Vietnamese order, in the future.
        (
            replace("2021-03-15", "2021-02-30"),
            f'{PATH}:6: "registered" (ngày đăng ký) "2021-02-30" không phải ngày có thật.',
        ),
        (
            replace("2021-03-15", "15/03/2021"),
            f'{PATH}:6: "registered" (ngày đăng ký) "15/03/2021": hãy viết theo dạng NĂM-THÁNG-NGÀY, tức là 2021-03-15.',
        ),
        (
            replace("2021-03-15", "2099-03-15"),
            f'{PATH}:6: "registered" (ngày đăng ký) "2099-03-15" là một ngày trong tương lai.',
        ),
        # Reviews: a year before registration, an unknown result.
        (
            replace("  2021: recognized", "  2020: recognized"),
            f"{PATH}:8: Năm bình xét 2020 trước năm đăng ký 2021.",
        ),
        (
            replace("  2022: recognized", "  2022: công nhận"),
            f'{PATH}:9: "reviews" (kết quả bình xét hằng năm) năm 2022: "công nhận" không hợp lệ',
        ),
        # Showcase without two recognised years up to that year.
        (
            replace("  2022: recognized\n", "  2022: recognized\nshowcase: 2021-12-20\n"),
            f'{PATH}:10: "showcase" (mô hình điểm) chỉ hợp lệ khi mô hình được công nhận ít nhất hai năm đến năm 2021 trong "reviews" (hiện có: 2021).',
        ),
        # The same key twice.
        (
            replace("unit: chi-bo-khu-pho-1\n", "unit: chi-bo-khu-pho-1\nunit: cong-ty-cap-nuoc\n"),
            f'{PATH}:6: Khoá "unit" xuất hiện hai lần; hãy xoá một lần.',
        ),
        # A summary that is too long.
        (
            replace("summary: Chi bộ", "summary: " + "rất " * 130 + "Chi bộ"),
            f'{PATH}:3: "summary" (tóm tắt) dài',
        ),
        # A missing image and one without caption.
        (
            replace(
                "registered: 2021-03-15\n",
                "registered: 2021-03-15\nimages:\n  - src: anh/khong-co.jpg\n    caption: Đèn\n",
            ),
            f'{PATH}:8: "src" (tệp ảnh, đường dẫn tính từ tệp mô hình): không tìm thấy tệp ảnh "anh/khong-co.jpg".',
        ),
        # A level-1 heading in the body.
        (
            replace("## Nội dung", "# Nội dung"),
            f"{PATH}:12: Tiêu đề mục trong nội dung phải bắt đầu bằng `## `",
        ),
        # No front matter at all.
        ("Tuyến đường sáng\n\nNội dung.\n", f"{PATH}:1: Tệp phải bắt đầu bằng dòng `---`"),
        (MODEL.replace("---\n\n## Nội dung", "\n## Nội dung"), f"{PATH}:1: Thiếu dòng `---` đóng"),
    ],
)
def test_bad_model_is_reported_at_its_line(project, text, expected):
    project.write(PATH, text)
    assert only_problem(project).startswith(expected)


def test_every_problem_is_listed_at_once(project):
    project.write(
        PATH, replace("field: do-thi-van-minh", "field: do-thi").replace("2021-03-15", "2021-02-30")
    )
    project.write("models/khac.md", MODEL.replace("title:", "tittle:"))
    lines = problems_of(project)
    assert [line.split(": ")[0] for line in lines] == [
        "models/khac.md:2",
        f"{PATH}:4",
        f"{PATH}:6",
    ]


def test_not_utf8_is_reported_at_the_first_bad_line(project):
    data = MODEL.replace("Nhân dân cùng làm.", "Nhân dân cùng làm.").encode("utf-8")
    data = data.replace("Nhân dân".encode(), "Nhân dân".encode("cp1258", errors="replace"))
    project.write(PATH, data)
    assert only_problem(project).startswith(f"{PATH}:14: Tệp không ở mã UTF-8")


def test_duplicated_slug_in_two_folders(project):
    project.write("models/khu-pho/tuyen-duong-sang.md", MODEL)
    assert only_problem(project) == (
        'models/tuyen-duong-sang.md:1: Trùng mã mô hình "tuyen-duong-sang" với tệp '
        "models/khu-pho/tuyen-duong-sang.md; mỗi mô hình cần một tên tệp riêng."
    )


def test_slug_must_be_kebab_case(project):
    (project.root / PATH).rename(project.root / "models/Tuyến_Đường.md")
    assert only_problem(project).startswith(
        'models/Tuyến_Đường.md:1: Tên tệp "Tuyến_Đường.md" phải viết thường, không dấu, '
        'nối bằng gạch ngang (ví dụ "tuyen-duong.md")'
    )


def test_yaml_extension_is_not_lost(project):
    (project.root / PATH).rename(project.root / "models/tuyen-duong-sang.yaml")
    assert only_problem(project).startswith(
        "models/tuyen-duong-sang.yaml:1: Tệp mô hình phải có đuôi .md hoặc .yml"
    )


def test_yml_form_and_underscore_files(project):
    project.write(
        "models/mo-hinh-yml.yml",
        "title: Mô hình dạng YAML\nsummary: Tóm tắt.\nfield: xay-dung-dang\nunit: cong-ty-cap-nuoc\n"
        "registered: 2022-01-10\nbody: |\n  ## Nội dung\n\n  # Sai cấp\n",
    )
    project.write("models/_mau.md", "không phải mô hình")
    project.write("models/_nhap/cu.md", "không phải mô hình")
    assert only_problem(project).startswith("models/mo-hinh-yml.yml:9: Tiêu đề mục trong nội dung")


def test_unit_registry_problems(project):
    project.write(
        "models/_units.yml",
        UNITS_BAD
        := "- id: chi-bo-khu-pho-1\n  name: Chi bộ\n  type: residental\n  locality: Phường A\n"
        "- id: Cong Ty\n  name: Công ty\n  type: enterprise\n  locality: Phường B\n"
        "- id: chi-bo-khu-pho-1\n  name: Lặp\n  type: other\n  locality: Phường C\n",
    )
    assert UNITS_BAD
    lines = problems_of(project)
    assert (
        'models/_units.yml:3: "type" (loại đơn vị) "residental" không có; có phải ý bạn là "residential"'
        in "\n".join(lines)
    )
    assert any(
        line.startswith('models/_units.yml:5: "id" (mã đơn vị) "Cong Ty" phải viết thường')
        for line in lines
    )
    assert any(
        line.startswith('models/_units.yml:9: Mã đơn vị "chi-bo-khu-pho-1" bị lặp')
        for line in lines
    )
    # The model whose unit now fails is counted at the unit, never silently dropped.
    assert lines[0].endswith("(1 mô hình dùng đơn vị này)"), lines
    assert not any(line.startswith(PATH) for line in lines)


def test_github_format(project):
    project.write(PATH, replace("title:", "tittle:"))
    result = project.validate("--format", "github")
    assert result.returncode == 1
    assert result.stdout.startswith(f"::error file={PATH},line=2,title=")


def test_text_is_normalised_to_nfc(project):
    import unicodedata

    decomposed = unicodedata.normalize("NFD", MODEL)
    project.write(PATH, decomposed)
    assert project.validate().returncode == 0
    result = project.build()
    assert result.returncode == 0, result.stderr
    html = project.html("mo-hinh/tuyen-duong-sang")
    assert unicodedata.normalize("NFC", "Tuyến đường sáng") in html


def test_same_model_entered_twice(project):
    project.write(
        "models/tuyen-duong-sang-2.md", MODEL.replace("Tuyến đường sáng", "tuyến đường  SÁNG")
    )
    assert only_problem(project) == (
        'models/tuyen-duong-sang.md:1: Mô hình "Tuyến đường sáng – xanh – sạch – đẹp" của '
        "Chi bộ Khu phố 1 đã có ở tệp models/tuyen-duong-sang-2.md; đây có phải là mô hình bị nhập hai lần?"
    )


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("title: Tổ #1 khu phố", "2: Dấu # đứng sau dấu cách được YAML hiểu là bắt đầu ghi chú"),
        ('title: "Dân vận khéo" ở khu phố', "2: Lỗi cú pháp YAML: giá trị bắt đầu bằng dấu nháy"),
        ("title:Tuyến đường", "2: Lỗi cú pháp YAML: thiếu dấu cách sau dấu hai chấm"),
    ],
)
def test_slips_yaml_would_accept_or_misreport(project, line, expected):
    project.write(PATH, MODEL.replace("title: Tuyến đường sáng – xanh – sạch – đẹp", line))
    assert only_problem(project).startswith(f"{PATH}:{expected}")


def test_thousands_separator_and_decimal_comma(project):
    project.write(
        PATH,
        replace("reviews:", "results:\n  - {label: Cây xanh, value: 1.100, unit: cây}\nreviews:"),
    )
    assert only_problem(project) == (
        f'{PATH}:8: Số "1.100" sẽ được hiểu là số thập phân; nếu là 1100, hãy viết 1100 '
        "(không dùng dấu chấm ngăn cách hàng nghìn)."
    )
    project.write(
        PATH, replace("reviews:", "results:\n  - {label: Tỷ lệ, value: 99,5, unit: '%'}\nreviews:")
    )
    assert only_problem(project).startswith(
        f'{PATH}:8: Khoá "5" không có trong mẫu: có lẽ một số thập phân'
    )


def test_review_after_the_model_ended(project):
    project.write(PATH, replace("reviews:", "ended: 2021-12-31\nreviews:"))
    assert (
        only_problem(project)
        == f"{PATH}:10: Năm bình xét 2022 sau khi mô hình đã dừng (31/12/2021)."
    )


def test_vietnamese_review_word_gets_a_suggestion(project):
    project.write(PATH, replace("  2022: recognized", "  2022: Đạt"))
    assert only_problem(project).endswith('Có phải ý bạn là "recognized"?')


def test_duplicate_image_names(project):
    for folder in "abc":
        project.write(f"models/{folder}/den.png", png())
    images = "images:\n  - {src: a/den.png, caption: A}\n  - {src: b/den.png, caption: B}\n  - {src: c/den.png, caption: C}\nreviews:"
    project.write(PATH, replace("reviews:", images))
    assert [line.split(";")[0] for line in problems_of(project)] == [
        f'{PATH}:9: Hai ảnh cùng tên tệp "den.png" (dòng 8)',
        f'{PATH}:10: Hai ảnh cùng tên tệp "den.png" (dòng 8)',
    ]


def test_a_broken_unit_is_named_as_the_cause(project):
    project.write("models/_units.yml", UNITS_BROKEN)
    lines = problems_of(project)
    assert [line.split(" ", 1)[0] for line in lines] == [
        "models/_units.yml:3:",
        "models/_units.yml:5:",
        "models/_units.yml:9:",
    ]
    assert lines[0] == (
        'models/_units.yml:3: "type" (loại đơn vị) "residental" không có; có phải ý bạn là '
        '"residential" (Chi bộ khu dân cư, tổ dân phố, thôn)? (1 mô hình dùng đơn vị này)'
    )
    assert not any("None" in line for line in lines)


def models_of(unit: str, count: int) -> dict[str, str]:
    """`count` model files of `unit`, each with a title of its own."""
    return {
        f"models/mo-hinh-{n}.md": MODEL.replace("chi-bo-khu-pho-1", unit).replace(
            "Tuyến đường", f"Tuyến đường {n}"
        )
        for n in range(count)
    }


WRONG_TYPE = UNITS.replace("type: residential", "type: residental")
TYPE_PROBLEM = (
    'models/_units.yml:3: "type" (loại đơn vị) "residental" không có; có phải ý bạn là '
    '"residential" (Chi bộ khu dân cư, tổ dân phố, thôn)?'
)


# One mistake in a unit is one problem, however many models name the unit: they wait
# for it, counted in its message. (files written, the problems printed in order)
@pytest.mark.parametrize(
    ("files", "expected"),
    [
        # 32 models of a unit with a wrong type (and the project's own one).
        (
            {"models/_units.yml": WRONG_TYPE, **models_of("chi-bo-khu-pho-1", 32)},
            [f"{TYPE_PROBLEM} (33 mô hình dùng đơn vị này)"],
        ),
        # Two mistakes in the unit: two problems, the count said once.
        (
            {
                "models/_units.yml": WRONG_TYPE.replace(
                    "name: Chi bộ Khu phố 1", "name: Chi bộ Khu phố 1\n  parrent: Đảng bộ"
                ),
                **models_of("chi-bo-khu-pho-1", 2),
            },
            [
                'models/_units.yml:3: Khoá "parrent" không có trong mẫu; có phải ý bạn là '
                '"parent" (đảng bộ cấp trên)? (3 mô hình dùng đơn vị này)',
                TYPE_PROBLEM.replace(":3:", ":4:"),
            ],
        ),
        # The same id twice: the second entry is the mistake.
        (
            {"models/_units.yml": UNITS + UNITS.split("- id: cong-ty-cap-nuoc")[0]},
            [
                'models/_units.yml:9: Mã đơn vị "chi-bo-khu-pho-1" bị lặp; mỗi đơn vị cần một mã '
                "riêng. (1 mô hình dùng đơn vị này)"
            ],
        ),
        # A unit in a file of its own.
        (
            {
                "models/_units/chi-bo-to-2.yml": "name: Chi bộ Tổ 2\ntype: residental\n"
                "locality: Phường Hòa Bình\n",
                **models_of("chi-bo-to-2", 2),
            },
            [
                'models/_units/chi-bo-to-2.yml:2: "type" (loại đơn vị) "residental" không có; có '
                'phải ý bạn là "residential" (Chi bộ khu dân cư, tổ dân phố, thôn)? '
                "(2 mô hình dùng đơn vị này)"
            ],
        ),
        # The registry cannot be read: every model of a unit not found elsewhere waits.
        (
            {"models/_units.yml": UNITS.replace("  name: Chi bộ", "  name: Chi bộ: Khu phố")},
            [
                "models/_units.yml:2: Lỗi cú pháp YAML: dấu hai chấm đặt sai chỗ; nếu giá trị có "
                "chứa ': ', hãy đặt cả giá trị trong dấu nháy kép. "
                "(1 mô hình dùng các đơn vị trong tệp này)"
            ],
        ),
        # A model with a mistake of its own is listed too: two things to fix.
        (
            {
                "models/_units.yml": WRONG_TYPE,
                PATH: MODEL.replace("2021-03-15", "2021-02-30"),
            },
            [
                f"{TYPE_PROBLEM} (1 mô hình dùng đơn vị này)",
                f'{PATH}:6: "registered" (ngày đăng ký) "2021-02-30" không phải ngày có thật.',
            ],
        ),
    ],
)
def test_a_broken_unit_is_one_problem_for_all_its_models(project, files, expected):
    for path, text in files.items():
        project.write(path, text)
    result = project.validate()
    assert result.returncode == 1
    # The problems, then their count last, on the same stream.
    assert result.stdout.strip().splitlines() == [*expected, f"Có {len(expected)} lỗi cần sửa."]
    assert result.stderr == ""


UNITS_BROKEN = """\
- id: chi-bo-khu-pho-1
  name: Chi bộ Khu phố 1
  type: residental
  locality: Phường Hòa Bình
- id: Chi bo A
  name: A
  type: other
  locality: B
- id: Chi bo B
  name: B
  type: other
  locality: B
"""


def test_an_image_no_model_uses_is_a_warning(project):
    project.write("models/anh/den.png", png())
    project.write("models/anh/cu.JPG", b"\xff\xd8\xff\xe0" + bytes(28))
    project.write("models/anh/so-do.svg", "<svg xmlns='http://www.w3.org/2000/svg'/>")
    project.write("models/anh/ghi-chu.pdf", b"%PDF-1.4")  # not an image: not this rule
    project.write(
        PATH, replace("reviews:", "images:\n  - {src: anh/den.png, caption: Đèn}\nreviews:")
    )
    result = project.validate()
    assert result.returncode == 0, result.stdout
    warnings = [line for line in result.stdout.splitlines() if "Cảnh báo" in line]
    assert [line.split(": Cảnh báo: ")[0] for line in warnings] == [
        "models/anh/cu.JPG:1",
        "models/anh/so-do.svg:1",
    ]
    assert warnings[0].endswith(
        "Cảnh báo: Không mô hình nào dùng ảnh này, nên nó không lên trang. Nếu là ảnh của một "
        "mô hình, hãy ghi tên tệp ở mục images (hình ảnh) của mô hình đó; nếu không, hãy xoá tệp."
    )
    # Used by a draft, an image is used: it goes up with its model.
    project.write(
        PATH,
        replace("reviews:", "draft: true\nimages:\n  - {src: anh/cu.JPG, caption: Cũ}\nreviews:"),
    )
    result = project.validate()
    assert "cu.JPG" not in result.stdout and "den.png:1: Cảnh báo" in result.stdout
