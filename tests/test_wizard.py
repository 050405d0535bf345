"""`python -m generator new`: scripted answers and options make files that build."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import MODEL, ROOT, UNITS, Project, copy_sample

from generator.authoring.files import short_slug
from generator.data.text import slugify

UNITS_WITH_COMMENTS = "# Danh mục đơn vị (ghi chú của ban).\n\n" + UNITS


def new(project, *args: str, answers: str | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "generator", "new", *args],
        cwd=project.root,
        input=answers if answers is not None else "",
        capture_output=True,
        text=True,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )


@pytest.mark.parametrize(
    ("title", "slug"),
    [
        ("Đường", "duong"),
        ("Đường hoa   khu phố 7", "duong-hoa-khu-pho-7"),
        ("“Cà phê đối thoại” với công nhân", "ca-phe-doi-thoai-voi-cong-nhan"),
        ("Tuyến đường sáng – xanh – sạch – đẹp", "tuyen-duong-sang-xanh-sach-dep"),
        ("ĐOÀN KẾT, ĐỒNG THUẬN: Dân vận khéo 2024!", "doan-ket-dong-thuan-dan-van-kheo-2024"),
        ("Ủy ban MTTQ xã Phước Hưng", "uy-ban-mttq-xa-phuoc-hung"),
    ],
)
def test_slug_rules_on_vietnamese_titles(title, slug):
    assert short_slug(title) == slug


def test_long_titles_are_cut_at_a_word():
    title = "Mô hình " + "dân vận khéo trong xây dựng đời sống văn hoá ở khu dân cư " * 3
    slug = short_slug(title)
    assert len(slug) <= 80 and slugify(title).startswith(slug)
    assert slugify(title)[len(slug)] == "-", "cut between two words"


def test_scripted_answers_write_a_file_that_builds(project):
    answers = "\n".join(
        [
            "  Đường hoa   khu phố 1 ",  # extra spaces are dropped
            "Chi bộ vận động các hộ trồng và chăm sóc hoa dọc tuyến đường.",
            "9",  # not in the list: asked again
            "do thi van minh",  # a field named without diacritics
            "khu pho",  # one unit matches
            "",  # kind: the default, collective
            "30/02/2024",  # no such day: asked again
            "15/3/2024",
            "",  # confirm
        ]
    )
    result = new(project, answers=answers + "\n")
    assert result.returncode == 0, result.stdout + result.stderr
    out = result.stdout
    assert "→ Mã mô hình: duong-hoa-khu-pho-1" in out
    assert "→ Chi bộ Khu phố 1, Phường Hòa Bình (chi-bo-khu-pho-1)" in out
    assert 'Không có lĩnh vực "9"' in out
    assert '"registered" (ngày đăng ký) "2024-02-30" không phải ngày có thật.' in out
    assert "Kiểm tra: hợp lệ, 2 mô hình và 2 đơn vị." in out
    text = (project.root / "models/do-thi-van-minh/duong-hoa-khu-pho-1.md").read_text()
    assert text.startswith(
        "---\ntitle: Đường hoa khu phố 1\n"
        "summary: Chi bộ vận động các hộ trồng và chăm sóc hoa dọc tuyến đường.\n"
        "field: do-thi-van-minh\nunit: chi-bo-khu-pho-1\nkind: collective\n"
        "registered: 2024-03-15\n---\n"
    )
    headings = [line for line in text.splitlines() if line.startswith("## ")]
    assert headings == ["## Nội dung", "## Cách làm", "## Kết quả", "## Bài học kinh nghiệm"]
    assert project.validate().returncode == 0
    built = project.build()
    assert built.returncode == 0, built.stderr
    html = project.html("mo-hinh/duong-hoa-khu-pho-1")
    assert "<h1>Đường hoa khu phố 1</h1>" in html
    # The sections are still to be written: in the file, not yet on the page.
    assert 'id="bai-hoc-kinh-nghiem"' not in html
    assert "<!--" not in html[html.index("md-content__inner") :]  # the hints stay in the file
    assert "duong-hoa-khu-pho-1" in project.html("linh-vuc/do-thi-van-minh")


def test_options_add_a_new_unit_keeping_the_registry_comments(project):
    project.write("models/_units.yml", UNITS_WITH_COMMENTS)
    result = new(
        project,
        "--yes",
        "--title=Tổ hòa giải “Tình làng nghĩa xóm”",
        "--summary=Tổ hòa giải giải quyết mâu thuẫn ngay tại thôn.",
        "--field=4",
        "--kind=ca nhan",
        "--registered=2023-05-02",
        "--new-unit-name=Chi bộ thôn Phước Thạnh",
        "--new-unit-type=residential",
        "--new-unit-locality=Xã Phước Hưng",
        "--new-unit-parent=Đảng bộ xã Phước Hưng",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    units = (project.root / "models/_units.yml").read_text()
    assert units == UNITS_WITH_COMMENTS + (
        "\n- id: chi-bo-thon-phuoc-thanh\n  name: Chi bộ thôn Phước Thạnh\n  type: residential\n"
        "  locality: Xã Phước Hưng\n  parent: Đảng bộ xã Phước Hưng\n"
    )
    text = (project.root / "models/van-hoa-du-lich/to-hoa-giai-tinh-lang-nghia-xom.md").read_text()
    assert "unit: chi-bo-thon-phuoc-thanh\nkind: individual\n" in text
    assert project.validate().stdout.splitlines()[-1].startswith("Hợp lệ: 2 mô hình và 3 đơn vị")
    built = project.build()
    assert built.returncode == 0, built.stderr
    assert "Tổ hòa giải" in project.html("don-vi/chi-bo-thon-phuoc-thanh")


def test_an_existing_slug_is_refused(project):
    before = (project.root / "models/tuyen-duong-sang.md").read_text()
    args = [
        "--yes",
        "--title=Tuyến đường sáng",
        "--summary=Một mô hình khác.",
        "--field=do-thi-van-minh",
        "--unit=chi-bo-khu-pho-1",
        "--registered=2022-01-01",
    ]
    result = new(project, *args)
    assert result.returncode == 1
    assert 'Đã có mô hình mã "tuyen-duong-sang" (models/tuyen-duong-sang.md)' in result.stdout
    assert "chưa ghi tệp nào" in result.stdout
    assert (project.root / "models/tuyen-duong-sang.md").read_text() == before
    assert not (project.root / "models/do-thi-van-minh").exists()
    # Asked interactively, another slug is typed in, and checked too.
    result = new(
        project, *args[1:], answers="tuyen-duong-sang\nTuyến Đường\ntuyen-duong-sang-2\n\n\n"
    )
    assert result.returncode == 0, result.stdout
    assert result.stdout.count('Đã có mô hình mã "tuyen-duong-sang"') == 2
    assert 'Mã "Tuyến Đường" phải viết thường' in result.stdout
    assert (project.root / "models/do-thi-van-minh/tuyen-duong-sang-2.md").is_file()
    assert (project.root / "models/tuyen-duong-sang.md").read_text() == before


def test_every_missing_or_wrong_option_is_listed_at_once(project):
    result = new(
        project, "--yes", "--title=Mô hình mới", "--field=the thao", "--registered=2099-01-01"
    )
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert lines == [
        "Thiếu --summary (tóm tắt).",
        '--field: Không có lĩnh vực "the thao"; hãy gõ số thứ tự hoặc mã: 1 (xay-dung-dang), '
        "2 (cai-cach-hanh-chinh), 3 (do-thi-van-minh), 4 (van-hoa-du-lich).",
        "Thiếu --unit (mã đơn vị) hoặc --new-unit-name (đơn vị mới).",
        '--registered: "registered" (ngày đăng ký) "2099-01-01" là một ngày trong tương lai.',
        "Có 4 lỗi; chưa ghi tệp nào.",
    ]
    assert sorted(p.name for p in (project.root / "models").iterdir()) == [
        "_units.yml",
        "tuyen-duong-sang.md",
    ]


def test_new_unit_typed_interactively_and_declined_confirmation(project):
    answers = "\n".join(
        [
            "Chợ không rác thải nhựa",
            "Tiểu thương chợ Phước Hưng dùng túi giấy, giỏ tre thay túi ni lông.",
            "3",
            "cho phuoc",  # no unit matches
            "+",
            "Ban quản lý chợ Phước Hưng",
            "2",
            "xã Phước Hưng",
            "",  # no parent
            "",
            "01/06/2024",
            "k",  # do not write
        ]
    )
    result = new(project, answers=answers + "\n")
    assert result.returncode == 1
    assert "Không thấy đơn vị nào" in result.stdout
    assert "Chưa ghi tệp nào." in result.stdout
    assert (project.root / "models/_units.yml").read_text() == UNITS
    assert not (project.root / "models/do-thi-van-minh").exists()
    # The same answers, confirmed, add the unit and the model.
    result = new(project, answers=answers.removesuffix("k") + "c\n")
    assert result.returncode == 0, result.stdout
    assert (
        "- id: ban-quan-ly-cho-phuoc-hung\n  name: Ban quản lý chợ Phước Hưng\n  type: agency\n"
        in (project.root / "models/_units.yml").read_text()
    )
    assert project.validate().returncode == 0


def test_end_of_input_stops_without_writing(project):
    result = new(project, answers="Một mô hình\n")
    assert result.returncode == 1
    assert "Đã dừng, chưa ghi tệp nào." in result.stdout
    assert sorted(p.name for p in (project.root / "models").iterdir()) == [
        "_units.yml",
        "tuyen-duong-sang.md",
    ]


def test_yml_form_points_editors_to_the_schema(project):
    result = new(
        project,
        "--yes",
        "--format=yml",
        "--title=Mô hình dạng YAML",
        "--summary=Tóm tắt ngắn.",
        "--field=xay-dung-dang",
        "--unit=Công ty Cổ phần Cấp nước",  # a unit named, not its id
        "--registered=2022-01-10",
    )
    assert result.returncode == 0, result.stdout
    path = project.root / "models/xay-dung-dang/mo-hinh-dang-yaml.yml"
    first = path.read_text().splitlines()[0]
    assert first == "# yaml-language-server: $schema=../../schemas/mo-hinh-yml.schema.json"
    target = (path.parent / first.split("=", 1)[1]).resolve()
    assert target == (project.root / "schemas/mo-hinh-yml.schema.json").resolve()
    assert "unit: cong-ty-cap-nuoc\n" in path.read_text()
    assert "body: |\n  ## Nội dung\n" in path.read_text()
    assert project.validate().returncode == 0


def test_same_title_as_an_existing_model_is_pointed_out(project):
    project.write(
        "models/khac.md",
        MODEL.replace("title: Tuyến đường sáng – xanh – sạch – đẹp", "title: Đường hoa"),
    )
    result = new(
        project,
        "--yes",
        "--title=Đường hoa",
        "--summary=Khác.",
        "--field=3",
        "--unit=chi-bo-khu-pho-1",
        "--registered=2022-01-10",
    )
    assert result.returncode == 0, result.stdout
    assert "Lưu ý: đã có mô hình cùng tên (models/khac.md)" in result.stdout
    assert Path(project.root / "models/do-thi-van-minh/duong-hoa.md").is_file()


def indented_blocks(markdown: str) -> list[str]:
    """The indented code blocks of a Markdown page, unindented."""
    blocks, current = [], []
    for line in markdown.splitlines() + [""]:
        if line.startswith("    ") or (current and not line.strip()):
            current.append(line[4:])
        elif current:
            blocks.append("\n".join(current).strip("\n") + "\n")
            current = []
    return blocks


def test_the_guide_template_and_commands_work(tmp_path):
    guide = (ROOT / "docs/huong-dan/dong-gop.md").read_text(encoding="utf-8")
    blocks = indented_blocks(guide)
    template = next(b for b in blocks if b.startswith("---\ntitle:"))
    unit = next(b for b in blocks if b.startswith("- id:"))
    command = next(b for b in blocks if b.startswith("python -m generator new --yes"))
    project = Project(copy_sample(tmp_path))
    project.write("models/do-thi-van-minh/duong-hoa-khu-pho-7.md", template)
    units = project.root / "models/_units.yml"
    units.write_text(units.read_text(encoding="utf-8") + "\n" + unit, encoding="utf-8")
    result = project.validate()
    assert result.returncode == 0, result.stdout
    # The command example writes the same model again under a name of its own: refused.
    result = project.run("bash", "-c", command.replace("python ", f"{sys.executable} ", 1))
    assert result.returncode == 1
    assert 'Đã có mô hình mã "duong-hoa-khu-pho-7"' in result.stdout
    (project.root / "models/do-thi-van-minh/duong-hoa-khu-pho-7.md").unlink()
    result = project.run("bash", "-c", command.replace("python ", f"{sys.executable} ", 1))
    assert result.returncode == 0, result.stdout
    assert project.validate().returncode == 0


def test_empty_sections_are_not_published_and_validate_warns(project):
    result = new(
        project,
        "--yes",
        "--title=Đường hoa khu phố 7",
        "--summary=Chi bộ vận động các hộ trồng hoa dọc tuyến đường.",
        "--field=do-thi-van-minh",
        "--unit=chi-bo-khu-pho-1",
        "--registered=2024-03-15",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    empty = project.root / "models/do-thi-van-minh/duong-hoa-khu-pho-7.md"
    lines = empty.read_text(encoding="utf-8").splitlines()
    heading = lines.index("## Nội dung") + 1
    # A second model with one section written and the others left as `new` made them.
    written = empty.read_text(encoding="utf-8").replace("Đường hoa khu phố 7", "Vườn hoa nhỏ")
    written = re.sub(r"(## Cách làm\n\n)<!--[^>]*-->", r"\1Mỗi hộ nhận một đoạn đường.", written)
    project.write("models/do-thi-van-minh/vuon-hoa-nho.md", written)

    check = project.validate()
    assert check.returncode == 0, check.stdout + check.stderr
    warnings = [line for line in check.stdout.splitlines() if "Cảnh báo" in line]
    assert warnings == [
        f"models/do-thi-van-minh/duong-hoa-khu-pho-7.md:{heading}: Cảnh báo: Mô hình chưa có "
        "nội dung: dưới các tiêu đề mục chưa có chữ nào nên trang chỉ hiện phần thông tin. Hãy "
        "viết vài câu cho từng mục (Nội dung, Cách làm, Kết quả, Bài học kinh nghiệm), thay các "
        "dòng <!-- ... -->."
    ]
    assert check.stdout.splitlines()[-1].endswith("không có lỗi; 1 cảnh báo nên sửa.")
    github = project.validate("--format", "github")
    assert github.returncode == 0
    assert github.stdout.startswith(
        f"::warning file=models/do-thi-van-minh/duong-hoa-khu-pho-7.md,line={heading},"
    )

    build = project.build()  # --strict: a warning does not stop the site
    assert build.returncode == 0, build.stderr
    assert "duong-hoa-khu-pho-7.md" in build.stderr and "Cảnh báo" in build.stderr
    headings = re.compile(r"<h2[^>]*>(.*?)<", re.S)
    assert not [
        h
        for h in headings.findall(project.html("mo-hinh/duong-hoa-khu-pho-7"))
        if h.strip() in ("Nội dung", "Cách làm", "Kết quả", "Bài học kinh nghiệm")
    ]
    page = project.html("mo-hinh/vuon-hoa-nho")
    shown = [h.strip() for h in headings.findall(page)]
    assert "Cách làm" in shown and not {"Nội dung", "Kết quả", "Bài học kinh nghiệm"} & set(shown)
    assert "Mỗi hộ nhận một đoạn đường." in page


def test_questions_are_asked_and_answered_through_what_the_caller_gives(project, capsys):
    """The wizard prints nothing itself: it asks and says through `ask` and `say`, and
    returns what it wrote."""
    from generator.authoring.outcome import Status, Stopped
    from generator.authoring.wizard import Wizard
    from generator.cli import build_parser
    from generator.data.options import settings_from

    settings, root = settings_from(project.root / "mkdocs.yml")
    args = build_parser().parse_args(["new", "--summary", "Chi bộ vận động trồng hoa."])
    answers = iter(["Đường hoa khu phố 9", "3", "khu pho", "", "15/3/2024", "c"])
    asked, said = [], []

    def ask(prompt: str) -> str:
        asked.append(prompt)
        return next(answers)

    outcome = Wizard(settings, root, args, ask, said.append).run()
    assert capsys.readouterr() == ("", "")
    assert asked[0] == "Tên mô hình: " and asked[-1] == "\nGhi tệp? [C/k]: "
    assert "  → Mã mô hình: duong-hoa-khu-pho-9 (trang /mo-hinh/duong-hoa-khu-pho-9/)" in said
    [row] = outcome.rows
    path = "models/do-thi-van-minh/duong-hoa-khu-pho-9.md"
    assert row.status is Status.WRITTEN and row.model.path == path
    assert outcome.written == [path] and (project.root / path).is_file()
    assert outcome.check.problems == []

    # The end of the input stops it, with nothing written.
    def ended(prompt: str) -> str:
        raise EOFError

    with pytest.raises(Stopped) as stopped:
        Wizard(settings, root, args, ended, said.append).run()
    assert stopped.value.lines == ["\nĐã dừng, chưa ghi tệp nào."]
    assert capsys.readouterr() == ("", "")
