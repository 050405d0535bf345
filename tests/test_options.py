"""`validate` and the build agree about the plugin's options in mkdocs.yml."""

from __future__ import annotations

import pytest
from conftest import MKDOCS

from generator.data.options import OPTIONS

PLUGIN = "plugins:\n  - dan-van-kheo\n"
assert PLUGIN in MKDOCS


def with_options(lines: str) -> str:
    return MKDOCS.replace(PLUGIN, "plugins:\n  - dan-van-kheo:\n" + lines)


# (options under the plugin, line of the problem in mkdocs.yml, what is said)
WRONG = [
    ("      organisation: Ban Dân vận\n", 9, 'không có tuỳ chọn "organisation"; có phải ý bạn là "organization"?'),
    ("      Organization: Ban Dân vận\n", 9, 'có phải ý bạn là "organization"?'),
    ("      models-dir: mo-hinh\n", 9, 'có phải ý bạn là "models_dir"?'),
    ("      pagesize: 20\n", 9, 'có phải ý bạn là "page_size"?'),
    ("      tagets:\n        units: 0.5\n", 9, 'có phải ý bạn là "targets"?'),
    ("      colour: red\n", 9, "dùng được: organization, notice"),
    ("      targets:\n        unit: 0.5\n", 10, 'targets không có tuỳ chọn "unit"; có phải ý bạn là "units"?'),
    ("      targets:\n        units: 50\n", 10, "targets.units là một tỷ lệ từ 0 đến 1"),
    ("      targets:\n        units: .nan\n", 10, "targets.units là một tỷ lệ từ 0 đến 1"),
    ("      targets: 0.5\n", 9, "targets phải có dạng"),
    ("      page_size: '50'\n", 9, "page_size phải là một số nguyên."),
    ("      page_size: .inf\n", 9, "page_size phải là một số nguyên."),
    ("      page_size: 0\n", 9, "page_size phải là một số nguyên dương."),
    ("      page_size: true\n", 9, "page_size phải là một số nguyên."),
    ("      organization: [Ban, Dân vận]\n", 9, "organization phải là một dòng chữ."),
    ('      organization: "Ban\\x01 Dân vận"\n', 9, "organization có ký tự điều khiển (U+0001)"),
    ("      enabled: có\n", 9, "enabled chỉ nhận true hoặc false."),
    (
        "      fields:\n        - {id: do-thi, name: Đô thị, grop: kinh-te}\n",
        10,
        'mục 1 của fields không có tuỳ chọn "grop"; có phải ý bạn là "group"?',
    ),
    ("      fields:\n        - {id: do-thi, name: Đô thị}\n", 10, "mục 1 của fields thiếu group."),
    ("      fields: do-thi\n", 9, "fields phải là một danh sách"),
    (
        "      phases:\n        - {name: 2020–2025, start: 2025, end: 2020}\n",
        10,
        'giai đoạn "2020–2025": start và end là hai năm, start ≤ end.',
    ),
    ("      phases:\n        - {name: A, start: '2020', end: 2025}\n", 10, "phases (mục 1) start phải là một số nguyên."),
]  # fmt: skip


@pytest.mark.parametrize(("lines", "line", "said"), WRONG)
def test_validate_and_build_refuse_the_same_options(project, lines, line, said):
    project.write("mkdocs.yml", with_options(lines))
    validated = project.validate()
    assert validated.returncode == 1
    assert validated.stdout.startswith(
        f"mkdocs.yml:{line}: Cấu hình plugin dan-van-kheo không hợp lệ: "
    ), validated.stdout + validated.stderr
    assert said in validated.stdout
    assert "Traceback" not in validated.stderr
    built = project.build()
    assert built.returncode == 1
    # MkDocs checks `enabled` itself, in English, before the plugin sees its options.
    assert said in built.stderr or "option 'enabled'" in built.stderr, built.stderr
    assert "Traceback" not in built.stderr


def test_the_plugin_twice_is_refused_by_both(project):
    project.write("mkdocs.yml", MKDOCS.replace(PLUGIN, PLUGIN + "  - dan-van-kheo\n"))
    validated = project.validate()
    assert validated.returncode == 1
    assert "plugin dan-van-kheo được khai báo hai lần" in validated.stdout
    assert project.build().returncode == 1


def test_every_option_right_passes_both(project, monkeypatch):
    project.write(
        "mkdocs.yml",
        with_options(
            "      organization: !ENV [DVK_ORGANIZATION, Ban Dân vận]\n"
            "      notice: Dữ liệu minh hoạ.\n"
            "      models_dir: models\n"
            "      edit_url: https://example.org/edit/main/\n"
            "      fields:\n"
            "        - {id: do-thi-van-minh, name: Đô thị văn minh, group: kinh-te}\n"
            "      phases:\n"
            "        - {name: 2020–2025, start: 2020, end: 2025}\n"
            "      targets:\n"
            "        units: 1\n"
            "        enterprises: 0.5\n"
            "      page_size: 20\n"
            "      enabled: true\n"
            "      editor: {cms: sveltia}\n"
            "      province: Thái Nguyên\n"
        ),
    )
    units = project.root / "models/_units.yml"  # a place of that province
    units.write_text(
        "\n".join(
            "  locality: Phường Bắc Kạn" if line.startswith("  locality:") else line
            for line in units.read_text(encoding="utf-8").split("\n")
        ),
        encoding="utf-8",
    )
    written = (project.root / "mkdocs.yml").read_text(encoding="utf-8")
    assert all(f"      {name}:" in written for name in OPTIONS)
    validated = project.validate()
    assert validated.returncode == 0, validated.stdout + validated.stderr
    built = project.build(env={"DVK_ORGANIZATION": "Ban Dân vận phường"})
    assert built.returncode == 0, built.stderr
    assert "Ban Dân vận phường" in project.html("du-lieu")


def test_plugins_written_as_a_mapping(project):
    project.write(
        "mkdocs.yml",
        MKDOCS.replace(PLUGIN, "plugins:\n  dan-van-kheo:\n    organisation: Ban\n"),
    )
    validated = project.validate()
    assert validated.returncode == 1
    assert validated.stdout.startswith("mkdocs.yml:9: ")
    assert 'có phải ý bạn là "organization"?' in validated.stdout
    assert project.build().returncode == 1


def test_a_broken_mkdocs_yml_is_a_sentence(project):
    project.write("mkdocs.yml", MKDOCS + "nav: [a\n")
    validated = project.validate()
    assert validated.returncode == 1
    assert "mkdocs.yml có lỗi cú pháp YAML (dòng" in validated.stdout
    assert "Traceback" not in validated.stderr


def test_plugins_not_a_list_is_refused_by_both(project):
    project.write("mkdocs.yml", MKDOCS.replace(PLUGIN, "plugins: dan-van-kheo\n"))
    validated = project.validate()
    assert validated.returncode == 1
    assert validated.stdout.startswith("mkdocs.yml:7: ") and "plugins phải là một danh sách" in (
        validated.stdout
    )
    assert project.build().returncode == 1


FIELD = "        - {id: do-thi-van-minh, name: Đô thị văn minh, group: kinh-te}\n"

# Mistakes found once the settings are made: listed with the data's problems, each at
# its own line of mkdocs.yml. (options under the plugin, the problems as printed)
LISTED = [
    (
        "      fields:\n" + FIELD + "        - {id: Van Hoa, name: Văn hoá, group: van-hoa-xa-hoi}\n",
        ['mkdocs.yml:11: Mã lĩnh vực "Van Hoa" phải viết thường, không dấu, nối bằng gạch ngang.'],
    ),
    (
        "      fields:\n" + FIELD + FIELD,
        ['mkdocs.yml:11: Mã lĩnh vực "do-thi-van-minh" bị lặp.'],
    ),
    (
        "      fields:\n" + FIELD + "        - id: van-hoa\n          name: Văn hoá\n"
        "          group: van-hoa\n",
        [
            'mkdocs.yml:13: Lĩnh vực "van-hoa": nhóm "van-hoa" không có; chọn một trong: '
            "kinh-te, van-hoa-xa-hoi, quoc-phong-an-ninh, he-thong-chinh-tri."
        ],
    ),
    (
        "      organization: Ban Dân vận\n      province: Thái Ngyên\n",
        [
            'mkdocs.yml:10: Tuỳ chọn "province": "Thái Ngyên" không có trong danh sách 34 tỉnh, '
            'thành phố từ 01/07/2025. Có phải ý bạn là "Thái Nguyên"?'
        ],
    ),
]  # fmt: skip


@pytest.mark.parametrize(("lines", "expected"), LISTED)
def test_option_mistakes_are_listed_at_their_lines_by_both(project, lines, expected):
    project.write("mkdocs.yml", with_options(lines))
    validated = project.validate()
    assert validated.returncode == 1
    # The problems, then their count last, on the same stream.
    assert validated.stdout.splitlines() == [*expected, f"Có {len(expected)} lỗi cần sửa."]
    built = project.build()
    assert built.returncode == 1
    assert all(problem in built.stderr for problem in expected), built.stderr


def test_a_configuration_of_another_name_is_named_in_the_problems(project):
    """`mkdocs build -f` and `validate -f` with a file not called mkdocs.yml."""
    lines = "      fields:\n" + FIELD + FIELD
    project.write("khac.yml", with_options(lines))
    expected = 'khac.yml:11: Mã lĩnh vực "do-thi-van-minh" bị lặp.'
    validated = project.validate("-f", "khac.yml")
    assert validated.returncode == 1
    assert validated.stdout.splitlines() == [expected, "Có 1 lỗi cần sửa."]
    built = project.build("site", "-f", "khac.yml")
    assert built.returncode == 1
    assert expected in built.stderr, built.stderr
