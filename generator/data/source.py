"""Reading model and registry files: UTF-8, front matter, YAML with line numbers;
and writing one YAML value back as a person would type it.

Every failure becomes a Problem with a file and line, in Vietnamese, so that a staff
member who edited the file in a browser can find and fix it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from generator.data.text import nfc


@dataclass(frozen=True, order=True)
class Problem:
    path: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"


class ProblemError(Exception):
    """Raised by a check that cannot go on; carries the problem."""

    def __init__(self, line: int, message: str):
        super().__init__(message)
        self.line = line
        self.message = message


class LineMap(dict):
    """A YAML mapping that remembers the line of each key (1-based)."""

    line: int = 1
    lines: dict[Any, int]
    duplicates: list[tuple[Any, int]]

    def line_of(self, key: Any) -> int:
        return self.lines.get(key, self.line)


class LineList(list):
    """A YAML sequence that remembers the line of each item (1-based)."""

    line: int = 1
    lines: list[int]

    def line_of(self, index: int) -> int:
        return self.lines[index] if index < len(self.lines) else self.line


# libyaml's parser when present: several times faster on thousands of files.
_BaseLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Loader(_BaseLoader):
    """Safe YAML that keeps line numbers and leaves dates as text.

    Dates stay strings so that an impossible date ("2023-02-30") becomes a clear
    message on its line instead of an exception from PyYAML.
    """

    line_offset = 0


def _construct_mapping(loader: _Loader, node: yaml.MappingNode) -> LineMap:
    loader.flatten_mapping(node)
    result = LineMap()
    result.line = node.start_mark.line + 1 + loader.line_offset
    result.lines = {}
    result.duplicates = []
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        if isinstance(key, (list, dict)):
            raise yaml.constructor.ConstructorError(
                None, None, "found unhashable key", key_node.start_mark
            )
        line = key_node.start_mark.line + 1 + loader.line_offset
        if key in result:
            result.duplicates.append((key, line))
        result[key] = loader.construct_object(value_node, deep=True)
        result.lines[key] = line
    return result


def _construct_sequence(loader: _Loader, node: yaml.SequenceNode) -> LineList:
    result = LineList(loader.construct_object(child, deep=True) for child in node.value)
    result.line = node.start_mark.line + 1 + loader.line_offset
    result.lines = [child.start_mark.line + 1 + loader.line_offset for child in node.value]
    return result


def _construct_text(loader: _Loader, node: yaml.ScalarNode) -> str:
    return nfc(loader.construct_scalar(node))


_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _construct_sequence)
_Loader.add_constructor("tag:yaml.org,2002:str", _construct_text)
_Loader.add_constructor("tag:yaml.org,2002:timestamp", lambda loader, node: node.value)

# PyYAML's messages, said in Vietnamese with what usually causes them.
_YAML_HINTS = [
    (
        "found character '\\t'",
        "có ký tự Tab; YAML chỉ dùng dấu cách để thụt lề",
    ),
    (
        "found a tab character",
        "có ký tự Tab; YAML chỉ dùng dấu cách để thụt lề",
    ),
    (
        "mapping values are not allowed",
        "dấu hai chấm đặt sai chỗ; nếu giá trị có chứa ': ', hãy đặt cả giá trị trong dấu nháy kép",
    ),
    (
        "could not find expected ':'",
        "thiếu dấu hai chấm sau tên khoá (viết dạng `khoá: giá trị`)",
    ),
    (
        "did not find expected key",
        "thụt lề không thẳng hàng với các khoá ở trên",
    ),
    (
        "did not find expected '-' indicator",
        "thụt lề của danh sách không thẳng hàng (mỗi mục bắt đầu bằng `- `)",
    ),
    (
        "found unexpected end of stream",
        "thiếu dấu nháy đóng",
    ),
    (
        "found undefined alias",
        "ký tự `*` ở đầu giá trị; hãy đặt giá trị trong dấu nháy kép",
    ),
    (
        "found character that cannot start any token",
        "giá trị bắt đầu bằng ký tự đặc biệt (`@`, `` ` ``, `%`); hãy đặt trong dấu nháy kép",
    ),
    (
        "found unhashable key",
        "tên khoá không hợp lệ",
    ),
    (
        "did not find expected ',' or ']'",
        "danh sách mở bằng `[` chưa có dấu `]` đóng, hoặc thiếu dấu phẩy giữa các mục",
    ),
    (
        "did not find expected ',' or '}'",
        "nhóm mở bằng `{` chưa có dấu `}` đóng, hoặc thiếu dấu phẩy; số thập phân viết bằng "
        "dấu chấm (1.5), không dùng dấu phẩy",
    ),
    (
        "but found another document",
        "tệp .yml không được có thêm dòng `---` ở giữa",
    ),
    (
        "mapping keys are not allowed",
        "tên khoá không được bắt đầu bằng `?` hoặc chứa dấu hai chấm",
    ),
]


_QUOTED_THEN_MORE = re.compile(r"""^\s*(?:- )?[\w-]+:\s*(["']).*?\1\s*[^\s#]""")
_NO_SPACE_AFTER_COLON = re.compile(r"^\s*(?:- )?[A-Za-z_-]+:[^\s/]")


def _yaml_problem(error: yaml.YAMLError, lines: list[str], path: str, offset: int) -> Problem:
    problem = getattr(error, "problem", None) or str(error)
    mark = getattr(error, "problem_mark", None)
    if "expected ',' or" in problem:  # an unclosed [ or {: point at where it opened
        mark = getattr(error, "context_mark", None) or mark
    index = mark.line if mark is not None else 0
    # Causes PyYAML reports far from where the staff member made the slip.
    for number in (index - 1, index):
        text = lines[number] if 0 <= number < len(lines) else ""
        if _QUOTED_THEN_MORE.match(text):
            return Problem(
                path,
                number + 1 + offset,
                "Lỗi cú pháp YAML: giá trị bắt đầu bằng dấu nháy thì phải kết thúc bằng dấu nháy. "
                "Nếu trong tên có ngoặc kép, hãy dùng ngoặc kép cong “ ” hoặc đặt cả giá trị "
                "trong dấu nháy đơn '...'.",
            )
        if _NO_SPACE_AFTER_COLON.match(text):
            return Problem(
                path,
                number + 1 + offset,
                "Lỗi cú pháp YAML: thiếu dấu cách sau dấu hai chấm (viết `khoá: giá trị`).",
            )
    line = index + 1 + offset
    for needle, hint in _YAML_HINTS:
        if needle in problem:
            return Problem(path, line, f"Lỗi cú pháp YAML: {hint}.")
    return Problem(
        path,
        line,
        "Lỗi cú pháp YAML ở dòng này; hãy kiểm tra thụt lề, dấu hai chấm và dấu nháy "
        f"(chi tiết: {problem}).",
    )


def parse_yaml(text: str, path: str, line_offset: int = 0) -> Any:
    """Parse YAML text; raise ProblemError with the line of a syntax error."""
    loader = _Loader(text)
    loader.line_offset = line_offset
    try:
        return loader.get_single_data()
    except yaml.YAMLError as error:
        problem = _yaml_problem(error, text.split("\n"), path, line_offset)
        raise ProblemError(problem.line, problem.message) from error
    finally:
        loader.dispose()


def read_text(path: Path, data: bytes | None = None) -> str:
    """The file as NFC text; raise ProblemError at the line of the first bad byte.
    `data`: the file's bytes as they are about to be written, to check them first."""
    data = path.read_bytes() if data is None else data
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise ProblemError(
            line,
            "Tệp không ở mã UTF-8 (có thể được lưu bằng mã Windows-1258 hoặc TCVN3). "
            "Hãy lưu lại tệp với mã UTF-8.",
        ) from error
    return nfc(text.replace("\r\n", "\n").replace("\r", "\n"))


_FENCE = re.compile(r"^---[ \t]*$", re.MULTILINE)


def split_front_matter(text: str) -> tuple[str, str, int]:
    """(front matter, body, line where the body starts) of a Markdown model file."""
    if not text.startswith("---"):
        raise ProblemError(
            1,
            "Tệp phải bắt đầu bằng dòng `---`, tiếp theo là phần thông tin (title, summary, "
            "field, unit, registered...) và một dòng `---` nữa trước nội dung.",
        )
    first = _FENCE.match(text)
    if not first:
        raise ProblemError(1, "Dòng đầu tiên phải là `---` (ba dấu gạch ngang, không có gì khác).")
    closing = _FENCE.search(text, first.end())
    if not closing:
        raise ProblemError(
            1, "Thiếu dòng `---` đóng phần thông tin ở đầu tệp (phải có hai dòng `---`)."
        )
    front = text[first.end() + 1 : closing.start()]
    body_start = text.count("\n", 0, closing.end()) + 2
    return front, text[closing.end() + 1 :], body_start


# -- writing: one value as staff would type it -----------------------------------

_ISO = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def scalar(value: object) -> str:
    """One YAML value as a person would type it: plain unless quoting is needed."""
    if isinstance(value, str) and _ISO.match(value):
        return value  # dates stay unquoted; the loader reads them as text
    if isinstance(value, str) and value.isascii() and value.isdigit():
        return f"'{value}'"  # a code such as 01843: an editor's YAML 1.2 would read a number
    text = yaml.safe_dump(
        value, allow_unicode=True, width=1_000_000, default_flow_style=True, sort_keys=False
    )
    return text.removesuffix("\n...\n").rstrip("\n")
