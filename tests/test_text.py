from generator.data.text import fold, slugify, sort_key, toc_slugify


def test_slugify_folds_vietnamese():
    assert slugify("Đường sáng – xanh – sạch – đẹp") == "duong-sang-xanh-sach-dep"
    assert slugify("  Ủy ban MTTQ   phường Hòa Bình ") == "uy-ban-mttq-phuong-hoa-binh"
    assert slugify("Mô hình “Dân vận khéo” 2024") == "mo-hinh-dan-van-kheo-2024"
    assert toc_slugify("Đường làng", "-") == "duong-lang"


def test_fold():
    assert fold("Dân vận khéo") == "dan van kheo"
    assert fold("ĐÔ THỊ VĂN MINH") == "do thi van minh"


def test_vietnamese_alphabetical_order():
    words = ["Đức", "Dung", "Ân", "Anh", "Ăn", "Bình", "Ấm", "Ơn", "Ông", "Oanh", "Ưu", "Uyên"]
    assert sorted(words, key=sort_key) == [
        "Anh",
        "Ăn",
        "Ấm",
        "Ân",
        "Bình",
        "Dung",
        "Đức",
        "Oanh",
        "Ông",
        "Ơn",
        "Uyên",
        "Ưu",
    ]
    # Tones break ties only: "ma" < "mà" < "má" < "mả" < "mã" < "mạ" < "mai".
    assert sorted(["mai", "mạ", "mã", "mả", "má", "mà", "ma"], key=sort_key) == [
        "ma",
        "mà",
        "má",
        "mả",
        "mã",
        "mạ",
        "mai",
    ]


def test_punctuation_does_not_move_a_title():
    titles = ["“Một cửa thân thiện”", "Mặt trận lắng nghe", "Ánh sáng"]
    assert sorted(titles, key=sort_key) == [
        "Ánh sáng",
        "Mặt trận lắng nghe",
        "“Một cửa thân thiện”",
    ]


def test_empty_sections_are_left_out_of_the_body():
    from generator.data.body import is_empty, without_empty_sections

    body = (
        "## Nội dung\n\n<!-- Mô hình ra đời\n   trong hoàn cảnh nào? -->\n\n"
        "## Cách làm\n\n### Bước 1\n\nHọp dân.\n\n### Bước 2\n\n"
        "## Kết quả\n\n```yaml\n## not a heading\n```\n\n"
        "## Bài học kinh nghiệm <!-- x -->\n\n<!-- a --> <!-- b -->\n"
    )
    assert without_empty_sections(body) == (
        "## Cách làm\n\n### Bước 1\n\nHọp dân.\n\n## Kết quả\n\n```yaml\n## not a heading\n```\n"
    )
    assert not is_empty(body)
    assert is_empty("## Nội dung\n\n<!-- gợi ý -->\n\n## Cách làm\n")
    assert is_empty("") and without_empty_sections("\n") == "\n"
    assert without_empty_sections("Chỉ một đoạn.\n") == "Chỉ một đoạn.\n"
