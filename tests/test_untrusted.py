"""What a careless or hostile pull request may put in a model file, refused at its line.

YAML that costs more than it says, values no strict format can hold, images that are
not what their names say, and the indentation slips staff make most.
"""

from __future__ import annotations

import json
import math
import resource
import subprocess
import sys
import unicodedata
import xml.etree.ElementTree as ET

import pytest
from conftest import MODEL, UNITS, png, problems_in

PATH = "models/tuyen-duong-sang.md"
TITLE = "title: Tuyến đường sáng – xanh – sạch – đẹp"
REGISTERED = "registered: 2021-03-15\n"
REVIEWS = "reviews:\n  2021: recognized\n  2022: recognized\n"


def model(old: str, new: str) -> str:
    assert old in MODEL
    return MODEL.replace(old, new)


def after_registered(lines: str) -> str:
    return model(REGISTERED, REGISTERED + lines)


def only(project) -> str:
    found = problems_in(project)
    assert len(found) == 1, found
    return found[0]


# -- YAML that costs more than it says -----------------------------------------------

LAUGHS = "".join(
    f"l{n}: &l{n} [{', '.join([f'*l{n - 1}'] * 9)}]\n" if n else "l0: &l0 [ha, ha, ha, ha]\n"
    for n in range(9)
)


@pytest.mark.parametrize(
    ("text", "line", "sign"),
    [
        # Exponential: each list holds nine of the one before; the last is a typed key.
        (after_registered(LAUGHS + "tags: *l8\n"), 7, "&"),
        (model(TITLE, "title: &ten Tuyến đường"), 2, "&"),  # an anchor alone
        (model(TITLE, "title: *ten"), 2, "*"),  # an alias of nothing
        (after_registered("x: &x {label: a, value: 1}\nresults:\n  - *x\n"), 7, "&"),
        (after_registered("results:\n  - &r {label: a, value: 1}\n  - <<: *r\n"), 8, "&"),
        (after_registered("tags: [a, &b b, *b]\n"), 7, "&"),
        (model("unit: chi-bo-khu-pho-1", "unit: &u chi-bo-khu-pho-1\n*u : x"), 5, "&"),
    ],
)
def test_anchors_and_aliases_are_refused_at_their_line(project, text, line, sign):
    project.write(PATH, text)
    assert only(project).startswith(f"{PATH}:{line}: Ký tự `{sign}` ở đầu giá trị là")


def test_an_alias_bomb_stops_at_once_with_little_memory(project):
    # Nine levels of nine: about 1.5 billion items if anything were expanded.
    project.write(PATH, after_registered(LAUGHS + "summary: *l8\ntags: *l8\n"))

    def limit() -> None:  # 1 GB of address space; the defect climbed past 2 GB
        resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))

    result = subprocess.run(
        [sys.executable, "-m", "generator", "validate"],
        cwd=project.root,
        capture_output=True,
        text=True,
        timeout=120,
        preexec_fn=limit,
    )
    assert result.returncode == 1
    assert result.stdout.startswith(f"{PATH}:7: Ký tự `&`"), result.stdout + result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize(
    "text",
    [
        model(TITLE, "title: !!binary aGVsbG8="),
        model(TITLE, "title: !!python/object/apply:os.system [echo]"),
        model(TITLE, "title: !!set {a, b}"),
        model(TITLE, "title: !ten Tuyến"),
        after_registered("results:\n  - {label: a, value: !!float 3}\n"),
    ],
)
def test_explicit_tags_are_refused(project, text):
    project.write(PATH, text)
    assert "Dấu `!` ở đầu giá trị là thẻ kiểu của YAML" in only(project)


@pytest.mark.parametrize(
    ("text", "line"),
    [
        (model(TITLE, "title: " + "[" * 900 + "]" * 900), 2),  # under libyaml's own limit
        (model(TITLE, "title: " + "[" * 5000 + "]" * 5000), 2),  # over it
        (model(TITLE, "title: " + "{a: " * 300 + "b" + "}" * 300), 2),
        (after_registered("tags:\n" + "".join(" " * (2 * i) + "-\n" for i in range(60))), 11),
        (after_registered("tags:\n  " + "- " * 3000 + "a\n"), 8),
        (after_registered("tags:\n  - - - - - a\n"), 8),
    ],
)
def test_nesting_deeper_than_the_contract_is_refused(project, text, line):
    project.write(PATH, text)
    found = only(project)
    assert found.startswith(f"{PATH}:{line}:"), found
    assert "lồng nhau quá sâu" in found


def test_one_level_too_deep_still_gets_the_type_message(project):
    project.write(PATH, after_registered("commendations:\n  - {date: 2024-01-01, by: [a]}\n"))
    assert only(project) == (
        f'{PATH}:8: "by" (cơ quan biểu dương) phải là một dòng chữ, không phải một danh sách.'
    )


def test_deep_nesting_in_the_registry_and_in_yml_models(project):
    project.write("models/_units.yml", UNITS + "- " * 2000 + "x\n")
    project.write(
        "models/mo-hinh-yml.yml",
        "title: A\nsummary: B\nfield: xay-dung-dang\nunit: cong-ty-cap-nuoc\n"
        "registered: 2022-01-10\ntags: " + "[" * 950 + "]" * 950 + "\n",
    )
    found = problems_in(project)
    assert any(p.startswith("models/_units.yml:9:") and "lồng nhau quá sâu" in p for p in found)
    assert any(p.startswith("models/mo-hinh-yml.yml:6:") and "quá sâu" in p for p in found)


def test_files_too_large_are_refused(project):
    project.write(PATH, MODEL + "Nhân dân cùng làm. " * 60_000)  # about 1.1 MB
    assert only(project).startswith(f"{PATH}:1: Tệp nặng 1.3")
    assert "quá giới hạn 1 MB" in only(project)
    project.write(PATH, MODEL)
    project.write("models/_units.yml", UNITS + "# " + "x" * (17 * 1024 * 1024) + "\n")
    assert problems_in(project)[0].startswith("models/_units.yml:1: Tệp nặng 17.00 MB")


def test_huge_integers_are_refused_without_a_traceback(project):
    project.write(PATH, after_registered("results:\n  - {label: a, value: " + "9" * 5000 + "}\n"))
    assert only(project).startswith(f'{PATH}:8: Số "99999999999999999999…" ở dòng này dài 5000')
    result = project.validate()
    assert result.returncode == 1 and "Traceback" not in result.stderr


# -- values that break strict formats ----------------------------------------------------


@pytest.mark.parametrize("value", [".nan", ".NaN", ".inf", "-.inf", "+.Inf", "1.0e+999"])
def test_non_finite_numbers_are_refused(project, value):
    project.write(PATH, after_registered(f"results:\n  - {{label: Đèn, value: {value}}}\n"))
    assert only(project).startswith(
        f'{PATH}:8: "value" (giá trị (một con số)) phải là một con số thật'
    )


def test_non_finite_and_huge_numbers_elsewhere(project):
    project.write(PATH, model(TITLE, "title: .nan"))
    assert only(project) == (
        f'{PATH}:2: "title" (tên mô hình) phải là một dòng chữ, không phải giá trị đặc biệt "nan".'
    )
    project.write(PATH, after_registered("results:\n  - {label: Đèn, value: 1.0e+16}\n"))
    assert "quá lớn để là một số liệu" in only(project)


CONTROL = [
    (model(TITLE, 'title: "Tuyến\\x01 đường"'), 2, "U+0001"),
    (model(TITLE, 'title: "Tuyến\\e[31m đường"'), 2, "U+001B"),
    (model(TITLE, 'title: "Tuyến\\0"'), 2, "U+0000"),
    (model(TITLE, 'title: "Tuyến\\b đường"'), 2, "U+0008"),
    (model(TITLE, 'title: "Tuyến \\u202eđường"'), 2, "U+202E"),  # shown backwards
    (model(TITLE, 'title: "Tuyến\\N"'), 2, "U+0085"),
    (model(TITLE, 'title: "Tuyến\\x7f"'), 2, "U+007F"),
    (model(TITLE, 'title: "Tuyến\\uffff"'), 2, "U+FFFF"),
    (after_registered('tags: ["a\\x02", b]\n'), 7, "U+0002"),
    (after_registered('"ta\\x03gs": [a]\n'), 7, "U+0003"),
    (model("summary: Chi bộ", 'summary: "\\x0c Chi bộ').replace("cây xanh.", 'cây xanh."'), 3, "U+000C"),
    (after_registered('commendations:\n  - {date: 2024-01-01, by: "UBND\\r"}\n'), 8, "U+000D"),
    (model("Nhân dân cùng làm.", "Nhân dân\x01 cùng làm."), 14, "U+0001"),  # raw, in the body
    (model("Nhân dân cùng làm.", "Nhân dân\x1b[2J cùng làm."), 14, "U+001B"),
    (model(TITLE, TITLE + "\x07"), 2, "U+0007"),  # raw, in the front matter
]  # fmt: skip


@pytest.mark.parametrize(("text", "line", "code"), CONTROL)
def test_control_characters_are_refused_at_their_line(project, text, line, code):
    project.write(PATH, text)
    found = only(project)
    assert found.startswith(f"{PATH}:{line}: Có ký tự điều khiển không nhìn thấy được ({code})")


def test_control_characters_in_the_registry_and_in_yml_bodies(project):
    project.write("models/_units.yml", UNITS.replace("Chi bộ Khu phố 1", '"Chi bộ\\x01 Khu phố 1"'))
    project.write(
        "models/mo-hinh-yml.yml",
        "title: A\nsummary: B\nfield: xay-dung-dang\nunit: cong-ty-cap-nuoc\n"
        'registered: 2022-01-10\nbody: "## Nội dung\\n\\nChữ\\x1b."\n',
    )
    found = problems_in(project)
    assert found[0].startswith("models/_units.yml:2: Có ký tự điều khiển")
    assert any(p.startswith("models/mo-hinh-yml.yml:6: Có ký tự điều khiển") for p in found)


def test_a_lone_surrogate_escape_gets_a_message(project):
    project.write(PATH, model(TITLE, 'title: "Tuyến\\ud800"'))
    assert "mã thoát `\\u…`" in only(project)


def test_tab_and_newline_stay_allowed(project):
    project.write(PATH, model("Nhân dân cùng làm.", "Nhân dân\tcùng làm.\n\n    mã\tlệnh\n"))
    assert problems_in(project) == []


def test_every_json_file_is_strict_and_the_feed_well_formed(sample_site):
    def refuse(name):
        raise ValueError(f"{name} is not JSON")

    files = sorted(sample_site.rglob("*.json"))
    assert len(files) > 10
    for path in files:
        json.loads(path.read_text(encoding="utf-8"), parse_constant=refuse)
    feed = ET.fromstring((sample_site / "feed.xml").read_bytes())
    assert feed.tag == "{http://www.w3.org/2005/Atom}feed"
    assert len(feed.findall("{http://www.w3.org/2005/Atom}entry")) > 5


def test_json_writers_refuse_what_json_cannot_hold(sample_catalog):
    from dataclasses import replace

    from generator.data.jsonschema import dump
    from generator.data.model import Result
    from generator.site.markup import front_matter
    from generator.site.opendata import OpenData
    from generator.site.searchindex import dumps

    first = sample_catalog.published[0]
    broken = replace(first, results=(Result("Đèn", math.nan, "bóng"),))
    catalog = replace(sample_catalog, models=[broken])
    with pytest.raises(ValueError):
        OpenData(catalog).models_json()
    for write in (dumps, dump, lambda value: front_matter("a", "b", x=value)):
        with pytest.raises(ValueError):
            write({"x": math.inf})


def test_text_a_feed_must_escape_stays_well_formed(project):
    project.write(
        PATH,
        model(TITLE, "title: 'Đèn <sáng> & \"xanh\" ]]> </feed>'").replace(
            "summary: Chi bộ", "summary: <b>&amp; Chi bộ"
        ),
    )
    found = problems_in(project)
    assert len(found) == 2 and all("không được chứa thẻ HTML" in p for p in found)
    project.write(PATH, model(TITLE, "title: 'Đèn sáng & \"xanh\" ]]> &amp;'"))
    assert project.build().returncode == 0
    feed = ET.fromstring((project.root / "site" / "feed.xml").read_bytes())
    titles = [e.text for e in feed.iter("{http://www.w3.org/2005/Atom}title")]
    assert 'Mô hình mới: Đèn sáng & "xanh" ]]> &amp;' in titles


# -- images ------------------------------------------------------------------------------

SVG = '<svg xmlns="http://www.w3.org/2000/svg" width="4" height="3"><rect width="4" height="3"/></svg>'
HOSTILE_SVG = {
    "plain": SVG.encode(),
    "prefixed": b'<x:svg xmlns:x="http://www.w3.org/2000/svg"><x:script>alert(1)</x:script></x:svg>',
    "utf-16": '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'.encode(
        "utf-16"
    ),
    "entity": b'<!DOCTYPE svg [<!ENTITY s "&#60;script&#62;alert(1)&#60;/script&#62;">]>'
    b'<svg xmlns="http://www.w3.org/2000/svg">&s;</svg>',
    "onload": b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>',
}


@pytest.mark.parametrize("name", sorted(HOSTILE_SVG))
@pytest.mark.parametrize("suffix", [".svg", ".SVG"])
def test_svg_images_are_refused(project, name, suffix):
    project.write(f"models/anh/so-do{suffix}", HOSTILE_SVG[name])
    project.write(
        PATH, after_registered(f"images:\n  - src: anh/so-do{suffix}\n    caption: Sơ đồ\n")
    )
    assert only(project).startswith(
        f'{PATH}:8: "src" (tệp ảnh, đường dẫn tính từ tệp mô hình) "anh/so-do{suffix}": '
        "trang không nhận ảnh SVG"
    )


JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00" + bytes(64)
GIF = b"GIF89a\x01\x00\x01\x00\x00\x00\x00;" + bytes(32)
WEBP = b"RIFF\x24\x00\x00\x00WEBPVP8 " + bytes(40)
AVIF = b"\x00\x00\x00\x1cftypavif\x00\x00\x00\x00avifmif1miaf" + bytes(32)
HEIC_NAMED_AVIF = b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic" + bytes(32)


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("a.jpg", JPEG, None),
        ("a.JPEG", JPEG, None),
        ("a.png", png(), None),
        ("a.gif", GIF, None),
        ("a.webp", WEBP, None),
        ("a.avif", AVIF, None),
        ("a.jpg", b"<html><script>alert(1)</script></html>", "nội dung tệp không phải một ảnh"),
        ("a.png", SVG.encode(), "nội dung tệp không phải một ảnh"),
        ("a.gif", b"", "nội dung tệp không phải một ảnh"),
        ("a.webp", b"RIFF\x24\x00\x00\x00WAVEfmt " + bytes(40), "nội dung tệp không phải một ảnh"),
        ("a.avif", HEIC_NAMED_AVIF, "nội dung tệp không phải một ảnh"),
        ("a.jpg", png(), 'là ảnh PNG nhưng tên tệp có đuôi .jpg; hãy đổi tên tệp thành "a.png"'),
        ("a.png", JPEG, 'là ảnh JPEG nhưng tên tệp có đuôi .png; hãy đổi tên tệp thành "a.jpg"'),
        ("a.html", b"<p>x</p>", "không phải tệp ảnh (.jpg, .png, .webp, .avif, .gif)"),
        ("a.bmp", b"BM" + bytes(60), "không phải tệp ảnh"),
    ],
)
def test_raster_images_are_checked_by_their_first_bytes(project, name, content, expected):
    project.write(f"models/anh/{name}", content)
    project.write(PATH, after_registered(f"images:\n  - src: anh/{name}\n    caption: Ảnh\n"))
    found = problems_in(project)
    if expected is None:
        assert found == []
    else:
        assert len(found) == 1 and found[0].startswith(f"{PATH}:8:") and expected in found[0]


def test_an_image_link_out_of_the_models_folder_is_refused(project, tmp_path_factory):
    outside = tmp_path_factory.mktemp("outside") / "anh.png"
    outside.write_bytes(png())
    (project.root / "models" / "anh.png").symlink_to(outside)
    project.write(PATH, after_registered("images:\n  - src: anh.png\n    caption: Ảnh\n"))
    assert "phải nằm trong thư mục models/" in only(project)


# -- names in another Unicode form --------------------------------------------------------

NAME = "ảnh đèn đường.png"


@pytest.mark.parametrize(
    ("on_disk", "in_file"),
    [("NFD", "NFD"), ("NFD", "NFC"), ("NFC", "NFD"), ("NFC", "NFC")],
)
def test_images_are_found_whatever_the_normal_form(project, on_disk, in_file):
    folder = unicodedata.normalize(on_disk, "Ảnh tư liệu")
    project.write(f"models/{folder}/{unicodedata.normalize(on_disk, NAME)}", png())
    reference = unicodedata.normalize(in_file, f"Ảnh tư liệu/{NAME}")
    project.write(PATH, after_registered(f"images:\n  - src: {reference}\n    caption: Đèn\n"))
    assert problems_in(project) == []
    assert project.build().returncode == 0
    published = project.root / "site/mo-hinh/tuyen-duong-sang"
    names = [p.name for p in published.iterdir() if p.suffix == ".png"]
    assert names == [unicodedata.normalize("NFC", NAME)]
    html = project.html("mo-hinh/tuyen-duong-sang")
    assert 'src="%E1%BA%A3nh%20%C4%91%C3%A8n%20%C4%91%C6%B0%E1%BB%9Dng.png"' in html


def test_two_names_that_differ_only_in_form_are_one_name(project):
    project.write(f"models/a/{unicodedata.normalize('NFD', NAME)}", png())
    project.write(f"models/b/{NAME}", png())
    images = f"images:\n  - {{src: a/{NAME}, caption: A}}\n  - {{src: b/{NAME}, caption: B}}\n"
    project.write(PATH, after_registered(images))
    assert only(project).startswith(f'{PATH}:9: Hai ảnh cùng tên tệp "{NAME}" (dòng 8)')


# -- indentation --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # The first year under `reviews:` not indented: that line, not the next.
        (
            model(REVIEWS, "reviews:\n2021: recognized\n  2022: recognized\n"),
            '8: Lỗi thụt lề: dòng này nằm dưới "reviews:" (dòng trên) nên phải thụt vào 2 dấu cách',
        ),
        # The last one not indented: YAML takes it as a key of the model.
        (
            model(REVIEWS, "reviews:\n  2021: recognized\n2022: recognized\n"),
            '9: Lỗi thụt lề: năm 2022 đang nằm ngoài "reviews" (kết quả bình xét hằng năm)',
        ),
        # One space too many, one too few.
        (
            model(REVIEWS, "reviews:\n  2021: recognized\n   2022: recognized\n"),
            "9: Lỗi thụt lề: dòng này thụt vào 3 dấu cách, sâu hơn dòng trên (2 dấu cách)",
        ),
        (
            model(REVIEWS, "reviews:\n  2021: recognized\n 2022: recognized\n"),
            "9: Lỗi thụt lề: dòng này thụt vào 1 dấu cách, không thẳng hàng với các khoá cùng "
            "nhóm ở trên (2 dấu cách, như dòng 8)",
        ),
        (
            model("summary:", " summary:"),
            "3: Lỗi thụt lề: dòng này thụt vào 1 dấu cách, sâu hơn dòng trên (0 dấu cách)",
        ),
        # A tab, alone or after spaces.
        (
            model(REVIEWS, "reviews:\n\t2021: recognized\n\t2022: recognized\n"),
            "8: Lỗi cú pháp YAML: có ký tự Tab ở đầu dòng",
        ),
        (
            model(REVIEWS, "reviews:\n  2021: recognized\n \t2022: recognized\n"),
            "9: Lỗi cú pháp YAML: có ký tự Tab ở đầu dòng",
        ),
        (after_registered("tags:\n\t- a\n"), "8: Lỗi cú pháp YAML: có ký tự Tab ở đầu dòng"),
        # Keys of one item of a list.
        (
            model(REVIEWS, REVIEWS + "commendations:\n  - date: 2024-01-01\n    by: UBND\n   decision: QĐ 1\n"),
            "13: Lỗi thụt lề: dòng này thụt vào 3 dấu cách, không thẳng hàng với các khoá cùng "
            "nhóm ở trên (4 dấu cách, như dòng 12)",
        ),
        (
            model(REVIEWS, REVIEWS + "commendations:\n  - date: 2024-01-01\n     by: UBND\n"),
            "12: Lỗi thụt lề: dòng này thụt vào 5 dấu cách, sâu hơn dòng trên (4 dấu cách)",
        ),
        (
            model(REVIEWS, REVIEWS + "results:\n  - label: Đèn\n  value: 3\n"),
            "12: Lỗi thụt lề: dòng này thụt vào 2 dấu cách, không thẳng hàng với các khoá cùng "
            "nhóm ở trên (4 dấu cách, như dòng 11)",
        ),
        (
            model(REVIEWS, REVIEWS + "commendations:\n  - date: 2024-01-01\n    by: A\n - date: 2024-02-01\n   by: B\n"),
            "13: Lỗi thụt lề: dòng này thụt vào 1 dấu cách, không thẳng hàng với các mục `- ` "
            "cùng danh sách ở trên (2 dấu cách, như dòng 11)",
        ),
        (
            model(REVIEWS, REVIEWS + "results:\n- label: Đèn\nvalue: 3\n"),
            '12: Lỗi thụt lề: khoá "value" là khoá của một mục trong "results" (kết quả đo được)',
        ),
        # A value carried on to a line of its own, a key without its colon.
        (
            model("summary: Chi bộ vận động", "summary: Chi bộ\nvận động"),
            "4: Lỗi cú pháp YAML: dòng này không có dấu hai chấm. Nếu đây là phần tiếp theo",
        ),
        (
            model("field: do-thi-van-minh", "field do-thi-van-minh"),
            "4: Lỗi cú pháp YAML: thiếu dấu hai chấm sau tên khoá `field`",
        ),
        # A colon in a value is still a colon.
        (
            model("title: Tuyến", "title: Mô hình: Tuyến"),
            "2: Lỗi cú pháp YAML: dấu hai chấm đặt sai chỗ",
        ),
        (
            model("summary: Chi bộ vận động", "summary: Chi bộ vận động\n  Kết quả: tốt,"),
            "4: Lỗi cú pháp YAML: dấu hai chấm đặt sai chỗ",
        ),
    ],
)  # fmt: skip
def test_indentation_mistakes_get_their_own_explanation(project, text, expected):
    project.write(PATH, text)
    found = problems_in(project)
    assert any(p.startswith(f"{PATH}:{expected}") for p in found), found


def test_every_unindented_year_is_named_and_nothing_else(project):
    project.write(PATH, model(REVIEWS, "reviews:\n2020: recognized\n2021: recognized\n2022: not-recognized\n2023: recognized\n"))  # fmt: skip
    found = problems_in(project)
    assert [p.split(": ", 2)[:2] for p in found] == [
        [f"{PATH}:{line}", "Lỗi thụt lề"] for line in (8, 9, 10, 11)
    ]
    assert not any("dấu phẩy" in p for p in found)


def test_indentation_in_the_unit_registry(project):
    project.write("models/_units.yml", UNITS.replace("  type: enterprise", "   type: enterprise"))
    assert problems_in(project)[0].startswith(
        "models/_units.yml:7: Lỗi thụt lề: dòng này thụt vào 3 dấu cách, sâu hơn dòng trên"
    )


def test_an_unclosed_quote_is_reported_where_it_opened(project):
    project.write(PATH, model(TITLE, 'title: "Tuyến đường sáng'))
    assert only(project) == f"{PATH}:2: Lỗi cú pháp YAML: thiếu dấu nháy đóng."


def test_the_guide_says_what_a_model_may_hold():
    from conftest import ROOT

    from generator.data.source import MAX_MODEL_BYTES, MAX_REGISTRY_BYTES
    from generator.data.validate import IMAGE_SUFFIXES, MAX_IMAGE_BYTES

    guide = (ROOT / "docs/huong-dan/dong-gop.md").read_text(encoding="utf-8")
    section = guide[guide.index("## Được và không được") : guide.index("## Các khoá của phần")]
    for suffix in IMAGE_SUFFIXES:
        assert f"`{suffix}`" in section, suffix
    assert "ảnh SVG" in section
    for limit in (MAX_IMAGE_BYTES, MAX_MODEL_BYTES, MAX_REGISTRY_BYTES):
        assert f"{limit // 1048576} MB" in section
    for sign in ("&ten", "*ten", "!!binary", ".nan", "ký tự điều khiển", "`=`"):
        assert sign in section, sign


def test_values_of_any_shape_get_a_message_not_a_crash(project):
    project.write(
        PATH,
        model(
            "  2022: recognized",
            "  2022: [recognized]\n  2023: {a: b}\n  null: recognized",
        ).replace("2021-03-15", "2021-03-1" + "5" * 3000),
    )
    found = problems_in(project)
    assert any(
        p.startswith(f'{PATH}:9: "reviews" (kết quả bình xét hằng năm) năm 2022:') for p in found
    )
    assert any(p.startswith(f'{PATH}:10: "reviews"') for p in found)
    dated = next(p for p in found if p.startswith(f"{PATH}:6:"))
    assert len(dated) < 300 and "…" in dated  # a long value is cut in the message
    result = project.validate()
    assert result.returncode == 1 and "Traceback" not in result.stderr
