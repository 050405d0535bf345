"""Checks one model or unit record against the contract in schema.py: each key's
value by its Key.type (a `check_<type>` method of Check, listed in CHECKS).

A check never stops at the first mistake: it reports every problem it can find in
the record, each on its own line, and returns the cleaned values of the rest. The
rules between keys and between files are in rules.py; those of the plugin's options
in options.py.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Collection
from datetime import date, datetime, timedelta, timezone
from pathlib import Path, PurePosixPath
from typing import Any

from generator.data.match import REVIEW_WORDS, review_result, suggest
from generator.data.problem import Problem, ProblemError
from generator.data.schema import KEY_ALIASES, KEY_TYPES, Key
from generator.data.source import LineList, LineMap, control_message, find_file
from generator.data.text import control_character, is_slug, slugify

# Photos of models, by what their first bytes say they are (a file's name can say
# anything). No SVG: it is a document, and opened on its own it runs its scripts on
# the site's address, however it is checked.
IMAGE_FORMATS = {
    "JPEG": (".jpg", ".jpeg"),
    "PNG": (".png",),
    "WebP": (".webp",),
    "AVIF": (".avif",),
    "GIF": (".gif",),
}
IMAGE_SUFFIXES = {suffix for suffixes in IMAGE_FORMATS.values() for suffix in suffixes}
MAX_IMAGE_BYTES = 2 * 1024 * 1024
ISO_DATE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
DMY_DATE = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$")
CODE_PATTERN = r"^\d{5}$"  # a commune's code; also used by the JSON Schemas
CODE = re.compile(CODE_PATTERN)
# Figures beyond this lose digits in a browser (JavaScript numbers keep 15 or 16).
MAX_NUMBER = 10**15
TAG_PATTERN = r"<\s*/?\s*[a-zA-Z][^>]*>"  # also used by the JSON Schemas
_TAG = re.compile(TAG_PATTERN)


VIETNAM = timezone(timedelta(hours=7))  # the country's one time zone


def vietnam_today() -> date:
    """Today in Viet Nam, whatever the time zone of the machine that builds."""
    return datetime.now(VIETNAM).date()


def quoted(key: Key) -> str:
    return f'"{key.name}" ({key.label})'


def brief(value: Any, limit: int = 60) -> str:
    """A value as a message quotes it: a long one cut, so that the message stays a line."""
    text = str(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def what_it_is(value: Any) -> str:
    if value is None:
        return "trống"
    if isinstance(value, bool):
        return "giá trị đúng/sai"
    if isinstance(value, (int, float)):
        return "một con số"
    if isinstance(value, list):
        return "một danh sách"
    if isinstance(value, dict):
        return "một nhóm khoá"
    return "một dòng chữ"


def image_format(head: bytes) -> str | None:
    """The format of an image from its first bytes (at least 32), if it is one accepted."""
    if head.startswith(b"\xff\xd8\xff"):
        return "JPEG"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "PNG"
    if head[:6] in (b"GIF87a", b"GIF89a"):
        return "GIF"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "WebP"
    if head[4:8] == b"ftyp":  # ISO media: the brands say AVIF
        size = int.from_bytes(head[:4], "big")
        brands = [head[i : i + 4] for i in range(8, min(size, len(head)), 4)]
        if b"avif" in brands or b"avis" in brands:
            return "AVIF"
    return None


def refuse_control(text: str, line: int) -> None:
    """Text from anywhere but YAML (the questions of `new`, a spreadsheet) is held to
    the same rule as the files: no control characters."""
    ch = control_character(text)
    if ch is not None:
        raise ProblemError(line, control_message(ch))


def text_of(key: Key, value: Any, line: int, what: str) -> str:
    """A value that must be text (`what`, as the message names it), without control characters."""
    if not isinstance(value, str):
        raise ProblemError(line, f"{quoted(key)} phải là {what}, không phải {what_it_is(value)}.")
    refuse_control(value, line)
    return value


class Check:
    """Checks records of one file and collects their problems."""

    def __init__(
        self,
        path: str,
        *,
        base_dir: Path | None = None,
        root: Path | None = None,
        fields: dict[str, str] | None = None,
        units: dict[str, str] | None = None,
        broken_units: Collection[str] = (),
        today: date | None = None,
    ):
        self.path = path
        self.base_dir = base_dir
        self.root = root
        self.fields = fields or {}
        self.units = units or {}
        self.broken_units = broken_units  # ids of units with problems ("*": the registry file)
        self.today = today or vietnam_today()
        self.problems: list[Problem] = []
        # The broken unit the record names ("*": one the broken registry may hold): not a
        # problem of this file, but what keeps its model from being built.
        self.waits_on: str | None = None

    def report(self, line: int, message: str) -> None:
        self.problems.append(Problem(self.path, line, message))

    # -- records ---------------------------------------------------------------

    def record(self, data: Any, keys: tuple[Key, ...], line: int, what: str) -> dict[str, Any]:
        """Check a mapping against keys; return {name: cleaned value} of valid keys."""
        if not isinstance(data, LineMap):
            self.report(line, f"{what} phải là một nhóm khoá dạng `khoá: giá trị`.")
            return {}
        by_name = {key.name: key for key in keys}
        for key, key_line in data.duplicates:
            self.report(key_line, f'Khoá "{key}" xuất hiện hai lần; hãy xoá một lần.')
        guessed = set()
        for name in data:
            if name not in by_name:
                misplaced = self.misplaced_key(name, keys, what)
                if misplaced:
                    self.report(data.line_of(name), misplaced)
                    continue
                guess = self.guess_key(name, by_name)
                guessed.add(guess)
                self.report(data.line_of(name), self.unknown_key(name, guess, by_name))
        cleaned: dict[str, Any] = {}
        for key in keys:
            if key.name not in data:
                # A misspelt key was already reported with this name as the fix.
                if key.required and key.name not in guessed:
                    self.report(data.line, f"Thiếu khoá bắt buộc {quoted(key)} trong {what}.")
                continue
            value, key_line = data[key.name], data.line_of(key.name)
            if value is None or value == "" or value == [] or value == {}:
                if key.required:
                    self.report(key_line, f"{quoted(key)} đang để trống.")
                continue
            try:
                cleaned[key.name] = CHECKS[key.type](self, key, value, key_line)
            except ProblemError as problem:
                self.report(problem.line, problem.message)
        return cleaned

    @staticmethod
    def misplaced_key(name: Any, keys: tuple[Key, ...], what: str) -> str | None:
        """A key that belongs one level down, on a line not indented: a year out of
        `reviews:`, an item's key out of its list."""
        text = str(name).strip()
        for key in keys:
            if key.type == "reviews" and text.isdigit() and 1990 <= int(text) <= 2100:
                return (
                    f"Lỗi thụt lề: năm {text} đang nằm ngoài {quoted(key)}; các năm bình xét "
                    f"phải nằm dưới dòng `{key.name}:` và thụt vào hai dấu cách, ví dụ "
                    f"`  {text}: recognized`."
                )
            if key.type == "objects" and text in {item.name for item in key.items}:
                return (
                    f'Lỗi thụt lề: khoá "{brief(text)}" là khoá của một mục trong {quoted(key)}, không '
                    f"phải của {what}; hãy thụt dòng này vào cho thẳng hàng với các khoá khác "
                    "của mục đó (ngay sau dấu `- `)."
                )
        return None

    @staticmethod
    def guess_key(name: Any, by_name: dict[str, Key]) -> str | None:
        return suggest(name, {key: (key, *KEY_ALIASES.get(key, ())) for key in by_name})

    @staticmethod
    def unknown_key(name: Any, guess: str | None, by_name: dict[str, Key]) -> str:
        text = str(name)
        if isinstance(name, int) and not isinstance(name, bool):
            return (
                f'Khoá "{brief(text)}" không có trong mẫu: có lẽ một số thập phân được viết bằng dấu '
                "phẩy; hãy viết bằng dấu chấm, ví dụ 1.5."
            )
        if guess:
            return f'Khoá "{brief(text)}" không có trong mẫu; có phải ý bạn là {quoted(by_name[guess])}?'
        names = ", ".join(by_name)
        return f'Khoá "{brief(text)}" không có trong mẫu. Các khoá dùng được: {names}.'

    # -- value checks, one per Key.type ------------------------------------------

    def check_line(self, key: Key, value: Any, line: int) -> str:
        if isinstance(value, float) and not math.isfinite(value):
            raise ProblemError(
                line, f'{quoted(key)} phải là một dòng chữ, không phải giá trị đặc biệt "{value}".'
            )
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            value = str(value)
        if not isinstance(value, str):
            raise ProblemError(
                line, f"{quoted(key)} phải là một dòng chữ, không phải {what_it_is(value)}."
            )
        refuse_control(value, line)
        text = " ".join(value.split())
        if "\n" in value.strip():
            raise ProblemError(line, f"{quoted(key)} phải nằm trên một dòng.")
        if _TAG.search(text):
            raise ProblemError(line, f"{quoted(key)} không được chứa thẻ HTML.")
        self.check_length(key, text, line)
        return text

    def check_summary(self, key: Key, value: Any, line: int) -> str:
        text_of(key, value, line, "một đoạn chữ")
        if re.search(r"\n\s*\n", value.strip()):
            raise ProblemError(
                line, f"{quoted(key)} chỉ được là một đoạn văn (không có dòng trống)."
            )
        text = " ".join(value.split())
        if _TAG.search(text):
            raise ProblemError(line, f"{quoted(key)} là chữ thường, không được chứa thẻ HTML.")
        self.check_length(key, text, line)
        return text

    def check_text(self, key: Key, value: Any, line: int) -> str:
        return text_of(key, value, line, "văn bản")

    def check_length(self, key: Key, text: str, line: int) -> None:
        if key.max_length and len(text) > key.max_length:
            raise ProblemError(
                line,
                f"{quoted(key)} dài {len(text)} ký tự; tối đa {key.max_length} ký tự.",
            )

    def check_slug(self, key: Key, value: Any, line: int) -> str:
        text = self.check_line(key, value, line)
        if not is_slug(text):
            raise ProblemError(
                line,
                f'{quoted(key)} "{brief(text)}" phải viết thường, không dấu, nối bằng gạch ngang; '
                f'ví dụ "{slugify(text)}".',
            )
        return text

    def check_date(self, key: Key, value: Any, line: int) -> date:
        text = str(value).strip()
        match = ISO_DATE.match(text)
        if not match:
            dmy = DMY_DATE.match(text)
            if dmy:
                day, month, year = dmy.groups()
                raise ProblemError(
                    line,
                    f'{quoted(key)} "{brief(text)}": hãy viết theo dạng NĂM-THÁNG-NGÀY, '
                    f"tức là {year}-{int(month):02d}-{int(day):02d}.",
                )
            raise ProblemError(
                line,
                f'{quoted(key)} "{brief(text)}" không phải ngày dạng NĂM-THÁNG-NGÀY (ví dụ 2021-03-15).',
            )
        year, month, day = (int(part) for part in match.groups())
        try:
            result = date(year, month, day)
        except ValueError:
            raise ProblemError(
                line, f'{quoted(key)} "{brief(text)}" không phải ngày có thật.'
            ) from None
        if result > self.today:
            raise ProblemError(line, f'{quoted(key)} "{brief(text)}" là một ngày trong tương lai.')
        if year < 1990:
            raise ProblemError(
                line, f'{quoted(key)} "{brief(text)}": năm {year} quá sớm, hãy kiểm tra lại.'
            )
        return result

    def check_choice(self, key: Key, value: Any, line: int) -> str:
        return self.one_of(key, value, line, key.choices or {})

    def check_field(self, key: Key, value: Any, line: int) -> str:
        return self.one_of(
            key, value, line, self.fields, "Danh sách lĩnh vực nằm trong mkdocs.yml."
        )

    def check_unit(self, key: Key, value: Any, line: int) -> str:
        text = str(value).strip()
        if text in self.broken_units or ("*" in self.broken_units and text not in self.units):
            # Said once, at the unit's own problem, with the count of models waiting.
            self.waits_on = text if text in self.broken_units else "*"
            return text
        return self.one_of(
            key, value, line, self.units, "Nếu là đơn vị mới, hãy thêm vào models/_units.yml."
        )

    def one_of(
        self, key: Key, value: Any, line: int, options: dict[str, str], hint: str = ""
    ) -> str:
        text = str(value).strip()
        if text in options:
            return text
        guess = suggest(text, options)
        if guess:
            message = f'{quoted(key)} "{brief(text)}" không có; có phải ý bạn là "{guess}" ({options[guess]})?'
        else:
            listed = (
                "; ".join(f"{i} ({n})" for i, n in options.items()) if len(options) <= 8 else ""
            )
            message = f'{quoted(key)} "{brief(text)}" không có.' + (
                f" Chọn một trong: {listed}." if listed else ""
            )
        raise ProblemError(line, f"{message} {hint}".strip())

    def check_code(self, key: Key, value: Any, line: int) -> str:
        """A five-digit code; YAML reads 01843 written without quotes as another number."""
        if isinstance(value, int) and not isinstance(value, bool) and 10000 <= value <= 99999:
            return str(value)
        if isinstance(value, str) and CODE.match(value.strip()):
            return value.strip()
        raise ProblemError(
            line,
            f"{quoted(key)} phải là mã 5 chữ số, viết trong dấu nháy đơn để giữ số 0 ở đầu, "
            "ví dụ '01843'.",
        )

    def check_bool(self, key: Key, value: Any, line: int) -> bool:
        if not isinstance(value, bool):
            raise ProblemError(line, f"{quoted(key)} chỉ nhận true hoặc false.")
        return value

    def check_number(self, key: Key, value: Any, line: int) -> int | float:
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            text = str(value)
            hint = ""
            number = re.match(r"^\s*([\d.,]+)\s*(\S.*)?$", text)
            if number and number.group(2):
                hint = f' Hãy tách: value: {number.group(1)} và unit: "{number.group(2)}".'
            raise ProblemError(
                line, f'{quoted(key)} phải là một con số, không phải "{brief(text)}".{hint}'
            )
        if not math.isfinite(value):
            # .nan and .inf are numbers to YAML; JSON has no way to write them.
            raise ProblemError(
                line,
                f'{quoted(key)} phải là một con số thật, không phải giá trị đặc biệt "{value}" '
                "(.nan, .inf là cách YAML viết “không phải số” và “vô cực”).",
            )
        if abs(value) >= MAX_NUMBER:
            raise ProblemError(
                line, f"{quoted(key)} {value} quá lớn để là một số liệu; hãy kiểm tra lại."
            )
        return value

    def check_tags(self, key: Key, value: Any, line: int) -> tuple[str, ...]:
        if isinstance(value, str):
            raise ProblemError(
                line,
                f"{quoted(key)} phải là một danh sách, ví dụ: tags: [chiếu sáng, môi trường].",
            )
        if not isinstance(value, LineList):
            raise ProblemError(line, f"{quoted(key)} phải là một danh sách.")
        tags: list[str] = []
        item = Key(key.name, "line", key.label, max_length=60)
        for index, tag in enumerate(value):
            try:
                text = self.check_line(item, tag, value.line_of(index))
            except ProblemError as problem:
                self.report(problem.line, problem.message)
                continue
            if text and text not in tags:
                tags.append(text)
        return tuple(tags)

    def check_reviews(self, key: Key, value: Any, line: int) -> dict[int, bool]:
        if not isinstance(value, LineMap):
            raise ProblemError(
                line,
                f"{quoted(key)} phải có dạng mỗi dòng `NĂM: recognized` hoặc `NĂM: not-recognized`.",
            )
        reviews: dict[int, bool] = {}
        choices = key.choices or {}
        for year, result in value.items():
            year_line = value.line_of(year)
            if isinstance(year, str) and year.strip().isdigit():
                year = int(year)
            if (
                not isinstance(year, int)
                or isinstance(year, bool)
                or not 1990 <= year <= self.today.year
            ):
                self.report(year_line, f'{quoted(key)}: "{brief(year)}" không phải một năm hợp lệ.')
                continue
            if not isinstance(result, str) or result not in choices:
                guess = review_result(result) or suggest(result, REVIEW_WORDS)
                tip = f' Có phải ý bạn là "{guess}"?' if guess else ""
                self.report(
                    year_line,
                    f'{quoted(key)} năm {year}: "{brief(result)}" không hợp lệ, chỉ nhận recognized '
                    f"(được công nhận) hoặc not-recognized (không được công nhận).{tip}",
                )
                continue
            reviews[year] = result == "recognized"
        return reviews

    def check_objects(self, key: Key, value: Any, line: int) -> list[tuple[dict[str, Any], int]]:
        """A list of records; each item comes back with its line."""
        if not isinstance(value, LineList):
            raise ProblemError(
                line, f"{quoted(key)} phải là một danh sách, mỗi mục bắt đầu bằng `- `."
            )
        items = []
        for index, item in enumerate(value):
            item_line = value.line_of(index)
            before = len(self.problems)
            cleaned = self.record(item, key.items, item_line, f"mục {index + 1} của {quoted(key)}")
            if len(self.problems) == before:
                items.append((cleaned, item_line))
        return items

    def check_image(self, key: Key, value: Any, line: int) -> Path:
        text = self.check_line(key, value, line)
        if self.base_dir is None:
            raise ProblemError(line, f"{quoted(key)} không dùng được ở đây.")
        if re.match(r"^[a-z]+://", text) or text.startswith("/"):
            raise ProblemError(
                line,
                f'{quoted(key)} "{brief(text)}" phải là tệp ảnh đặt cạnh tệp mô hình, không phải địa chỉ web.',
            )
        if self.root and not (self.base_dir / text).resolve().is_relative_to(self.root.resolve()):
            raise ProblemError(
                line, f'{quoted(key)} "{brief(text)}" phải nằm trong thư mục models/.'
            )
        suffix = PurePosixPath(text).suffix.lower()
        if suffix == ".svg":
            raise ProblemError(
                line,
                f'{quoted(key)} "{brief(text)}": trang không nhận ảnh SVG (một tệp SVG có thể chứa mã '
                "lệnh chạy trên trang); hãy lưu hình thành ảnh .png (sơ đồ, biểu đồ) hoặc .jpg "
                "(ảnh chụp).",
            )
        if suffix not in IMAGE_SUFFIXES:
            raise ProblemError(
                line,
                f'{quoted(key)} "{brief(text)}" không phải tệp ảnh (.jpg, .png, .webp, .avif, .gif).',
            )
        found = find_file(self.base_dir, text)
        if found is None:
            raise ProblemError(line, f'{quoted(key)}: không tìm thấy tệp ảnh "{brief(text)}".')
        path = found.resolve()
        if self.root and not path.is_relative_to(self.root.resolve()):  # a link out
            raise ProblemError(
                line, f'{quoted(key)} "{brief(text)}" phải nằm trong thư mục models/.'
            )
        size = path.stat().st_size
        if size > MAX_IMAGE_BYTES:
            raise ProblemError(
                line,
                f'{quoted(key)} "{brief(text)}" nặng {size / 1048576:.1f} MB; hãy nén ảnh xuống dưới 2 MB '
                "để trang tải nhanh trên điện thoại.",
            )
        with path.open("rb") as file:
            kind = image_format(file.read(32))
        if kind is None:
            raise ProblemError(
                line,
                f'{quoted(key)} "{brief(text)}": nội dung tệp không phải một ảnh JPEG, PNG, WebP, AVIF '
                "hay GIF, dù tên tệp có đuôi ảnh; hãy mở ảnh bằng một chương trình xem ảnh và "
                "lưu lại thành .jpg hoặc .png.",
            )
        if suffix not in IMAGE_FORMATS[kind]:
            right = IMAGE_FORMATS[kind][0]
            raise ProblemError(
                line,
                f'{quoted(key)} "{brief(text)}" là ảnh {kind} nhưng tên tệp có đuôi {suffix}; hãy đổi '
                f'tên tệp thành "{PurePosixPath(text).stem}{right}" (và sửa ở đây).',
            )
        return path


def checks_by_type() -> dict[str, Callable[[Check, Key, Any, int], Any]]:
    """Each Key.type's check, `Check.check_<type>`; a type without one stops the import."""
    missing = [t for t in KEY_TYPES if not callable(getattr(Check, "check_" + t, None))]
    if missing:
        raise TypeError(f"Key types without a Check.check_<type> method: {', '.join(missing)}")
    return {t: getattr(Check, "check_" + t) for t in KEY_TYPES}


CHECKS = checks_by_type()
