"""The data contract: every key of a model file and of the unit registry.

One definition serves the validator (validate.py) and the JSON Schema published
for editors, so the two cannot drift apart.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, get_args

from generator.data.settings import KINDS, REVIEW_RESULTS, UNIT_TYPES

# A model recognised in this many years (up to the year it is chosen) may become a
# showcase model (mô hình điểm); the rule itself is model.may_be_showcase.
SHOWCASE_MIN_YEARS = 2
# The same in words, for the sentences that state the rule.
SHOWCASE_MIN_YEARS_WORDS = {2: "hai", 3: "ba", 4: "bốn", 5: "năm"}.get(
    SHOWCASE_MIN_YEARS, str(SHOWCASE_MIN_YEARS)
)


# What a key holds. Each type has its check (validate.CHECKS, made at import, refuses a
# type without one) and its JSON Schema (jsonschema.value_schema).
KeyType = Literal[
    "line",  # one line of text
    "summary",  # one paragraph
    "text",  # Markdown (the body of a .yml model)
    "slug",  # an id: lowercase, no marks, hyphens
    "date",
    "choice",  # one of Key.choices
    "field",  # a field of mkdocs.yml
    "unit",  # a unit of the registry
    "code",  # a commune's five-digit code
    "bool",
    "number",
    "tags",
    "reviews",  # year: result
    "objects",  # a list of records of Key.items
    "image",  # an image file beside the model
]
KEY_TYPES: tuple[str, ...] = get_args(KeyType)


@dataclass(frozen=True)
class Key:
    name: str
    type: KeyType
    label: str  # Vietnamese name, used in messages and in the guide
    required: bool = False
    max_length: int | None = None
    choices: dict[str, str] | None = None  # id -> Vietnamese name
    items: tuple[Key, ...] = ()  # keys of each item of a list of objects
    example: object = None
    help: str = ""  # what the key is for, in Vietnamese, for the guide and editors

    def __post_init__(self) -> None:
        if self.type not in KEY_TYPES:
            raise TypeError(f"Key {self.name!r}: unknown type {self.type!r}; one of {KEY_TYPES}")


COMMENDATION_KEYS = (
    Key(
        "date",
        "date",
        "ngày biểu dương",
        required=True,
        example="2024-05-10",
        help="Ngày ký quyết định hoặc ngày tổ chức biểu dương.",
    ),
    Key(
        "by",
        "line",
        "cơ quan biểu dương",
        required=True,
        max_length=200,
        example="Ủy ban nhân dân thành phố",
    ),
    Key("decision", "line", "số quyết định", max_length=200, example="Quyết định số 1092/QĐ-UBND"),
    Key(
        "title",
        "line",
        "danh hiệu hoặc nội dung biểu dương",
        max_length=300,
        example="Điển hình tiên tiến giai đoạn 2020–2025",
    ),
)

RESULT_KEYS = (
    Key("label", "line", "chỉ tiêu", required=True, max_length=150, example="Đèn chiếu sáng"),
    Key(
        "value",
        "number",
        "giá trị (một con số)",
        required=True,
        example=270,
        help="Chỉ viết con số; số thập phân dùng dấu chấm (3.5), đơn vị tính ghi ở khoá unit.",
    ),
    Key("unit", "line", "đơn vị tính", max_length=50, example="bóng"),
)

IMAGE_KEYS = (
    Key(
        "src",
        "image",
        "tệp ảnh, đường dẫn tính từ tệp mô hình",
        required=True,
        example="anh/duong-sang.jpg",
    ),
    Key(
        "caption",
        "line",
        "chú thích ảnh (cũng là mô tả cho người khiếm thị)",
        required=True,
        max_length=300,
        example="Tuyến đường sau khi lắp đèn",
    ),
)

HISTORY_KEYS = (
    Key(
        "until",
        "date",
        "ngày cuối cùng",
        required=True,
        example="2025-06-30",
        help="Ngày cuối cùng đơn vị mang tên, địa bàn hoặc cấp trên ghi trong mục này.",
    ),
    Key("name", "line", "tên trước đây", max_length=200),
    Key("locality", "line", "địa bàn trước đây", max_length=150, example="Phường Sông Cầu"),
    Key("parent", "line", "cấp trên trước đây", max_length=200),
)

MODEL_KEYS = (
    Key(
        "title",
        "line",
        "tên mô hình",
        required=True,
        max_length=200,
        example="Tuyến đường sáng – xanh – sạch – đẹp",
        help="Tên đầy đủ của mô hình; tên tệp (cũng là địa chỉ trang) được tạo từ tên này.",
    ),
    Key(
        "summary",
        "summary",
        "tóm tắt",
        required=True,
        max_length=500,
        example="Chi bộ vận động nhân dân lắp đèn chiếu sáng và trồng cây xanh.",
        help="Một đoạn ngắn: mô hình là gì, ai làm, kết quả chính. Hiện ở đầu trang và trong các danh sách.",
    ),
    Key("field", "field", "lĩnh vực", required=True, example="do-thi-van-minh"),
    Key(
        "unit",
        "unit",
        "đơn vị thực hiện",
        required=True,
        example="chi-bo-khu-pho-1",
        help="Đơn vị chưa có trong danh mục thì thêm vào models/_units.yml trước.",
    ),
    Key(
        "kind",
        "choice",
        "loại mô hình",
        choices=KINDS,
        example="collective",
        help="Không ghi thì hiểu là mô hình của tập thể.",
    ),
    Key(
        "registered",
        "date",
        "ngày đăng ký",
        required=True,
        example="2021-03-15",
        help="Ngày đơn vị đăng ký mô hình.",
    ),
    Key(
        "reviews",
        "reviews",
        "kết quả bình xét hằng năm",
        choices=REVIEW_RESULTS,
        example={2021: "recognized", 2022: "recognized"},
        help="Mỗi năm bình xét một dòng; năm bình xét không được trước năm đăng ký.",
    ),
    Key(
        "showcase",
        "date",
        "ngày được chọn làm mô hình điểm",
        example="2023-12-20",
        help=f"Chỉ ghi khi mô hình đã được công nhận ít nhất {SHOWCASE_MIN_YEARS_WORDS} năm tính đến năm đó.",
    ),
    Key(
        "commendations",
        "objects",
        "các lần biểu dương",
        items=COMMENDATION_KEYS,
        help="Mỗi lần mô hình được biểu dương, khen thưởng là một mục.",
    ),
    Key(
        "results",
        "objects",
        "kết quả đo được",
        items=RESULT_KEYS,
        help="Mỗi chỉ tiêu đo được là một mục; hiện thành bảng số liệu trên trang.",
    ),
    Key(
        "tags",
        "tags",
        "từ khoá",
        example=["chiếu sáng", "môi trường"],
        help="Vài từ khoá giúp tìm mô hình, viết trong ngoặc vuông, cách nhau bằng dấu phẩy.",
    ),
    Key(
        "images",
        "objects",
        "hình ảnh",
        items=IMAGE_KEYS,
        help="Ảnh chụp hoặc sơ đồ (JPEG, PNG, WebP, AVIF, GIF; không nhận SVG) đặt cạnh tệp "
        "mô hình, mỗi ảnh nặng dưới 2 MB và có chú thích.",
    ),
    Key("ended", "date", "ngày mô hình dừng hoạt động", example="2024-12-31"),
    Key(
        "draft",
        "bool",
        "bản nháp (chưa đăng)",
        example=False,
        help="Ghi true khi chưa muốn đăng mô hình lên trang; xoá dòng này khi sẵn sàng.",
    ),
)

# Only in the .yml form: the Markdown body.
BODY_KEY = Key("body", "text", "nội dung (Markdown)")

# The four sections every model page tells, with what to write in each.
BODY_SECTIONS = {
    "Nội dung": "Mô hình ra đời trong hoàn cảnh nào, nhằm giải quyết việc gì?",
    "Cách làm": "Làm theo những bước nào; ai tham gia; nhân dân được bàn, được làm những gì?",
    "Kết quả": "Kết quả cụ thể, có số liệu; nhân dân được hưởng lợi gì?",
    "Bài học kinh nghiệm": "Điều gì giúp mô hình thành công; nơi khác muốn làm theo cần gì?",
}

UNIT_KEYS = (
    Key(
        "id",
        "slug",
        "mã đơn vị",
        required=True,
        max_length=80,
        example="chi-bo-khu-pho-1",
        help="Mã riêng của đơn vị; các tệp mô hình ghi mã này ở khoá unit.",
    ),
    Key("name", "line", "tên đơn vị", required=True, max_length=200, example="Chi bộ Khu phố 1"),
    Key("type", "choice", "loại đơn vị", required=True, choices=UNIT_TYPES, example="residential"),
    Key(
        "locality",
        "line",
        "địa bàn (xã, phường)",
        required=True,
        max_length=150,
        example="Phường Hòa Bình",
        help="Trang Đơn vị nhóm các đơn vị theo địa bàn. Khi mkdocs.yml đặt tuỳ chọn "
        "province, địa bàn phải là một xã, phường của tỉnh đó theo danh sách từ 01/07/2025.",
    ),
    Key(
        "locality_code",
        "code",
        "mã xã, phường",
        example="01843",
        help="Mã của địa bàn trong danh sách xã, phường từ 01/07/2025 của Cục Thống kê; "
        "các lệnh units migrate, new và import tự ghi mã này.",
    ),
    Key("parent", "line", "đảng bộ cấp trên", max_length=200, example="Đảng bộ phường Hòa Bình"),
    Key(
        "history",
        "objects",
        "tên, địa bàn, cấp trên trước đây",
        items=HISTORY_KEYS,
        help="Mỗi lần đơn vị đổi tên, địa bàn hoặc cấp trên là một mục, xếp từ cũ đến mới; "
        "mỗi mục chỉ ghi những gì đã đổi. Trang của đơn vị hiện cả tên cũ, tìm kiếm tìm được "
        "theo tên cũ.",
    ),
)

# Names staff may type in Vietnamese (without diacritics), mapped to the real key
# (or keys: the one of the record being checked is suggested).
ALIASES: dict[str, str | tuple[str, ...]] = {
    "ten": "title",
    "ten-mo-hinh": "title",
    "tieu-de": "title",
    "tom-tat": "summary",
    "mo-ta": "summary",
    "linh-vuc": "field",
    "don-vi": "unit",
    "loai": ("kind", "type"),  # of a model; of a unit
    "loai-don-vi": "type",
    "ngay-dang-ky": "registered",
    "dang-ky": "registered",
    "binh-xet": "reviews",
    "cong-nhan": "reviews",
    "mo-hinh-diem": "showcase",
    "bieu-duong": "commendations",
    "khen-thuong": "commendations",
    "ket-qua": "results",
    "tu-khoa": "tags",
    "the": "tags",
    "hinh-anh": "images",
    "anh": "images",
    "ket-thuc": "ended",
    "nhap": "draft",
    "noi-dung": "body",
    "ma": "id",
    "ten-don-vi": "name",
    "dia-ban": "locality",
    "cap-tren": "parent",
    "ma-dia-ban": "locality_code",
    "ma-xa-phuong": "locality_code",
    "lich-su": "history",
    "truoc-day": "history",
    "den-ngay": "until",
    "ngay": "date",
    "co-quan": "by",
    "quyet-dinh": "decision",
    "chu-thich": "caption",
    "gia-tri": "value",
    "don-vi-tinh": "unit",
    "chi-tieu": "label",
}
# The same, by key: what the matcher tries a mistyped key against.
KEY_ALIASES: dict[str, tuple[str, ...]] = {}
for _alias, _keys in ALIASES.items():
    for _key in (_keys,) if isinstance(_keys, str) else _keys:
        KEY_ALIASES[_key] = (*KEY_ALIASES.get(_key, ()), _alias)
del _alias, _keys, _key

# Every key name at any level, for messages about a key on the wrong line.
ALL_KEY_NAMES = frozenset(
    key.name
    for key in (*MODEL_KEYS, BODY_KEY, *UNIT_KEYS, *COMMENDATION_KEYS, *RESULT_KEYS, *IMAGE_KEYS)
)
