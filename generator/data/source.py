"""Reading model and registry files: UTF-8, front matter, YAML with line numbers;
and writing one YAML value back as a person would type it.

Every failure becomes a Problem with a file and line, in Vietnamese, so that a staff
member who edited the file in a browser can find and fix it.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

import yaml

from generator.data.problem import Problem, ProblemError
from generator.data.schema import ALL_KEY_NAMES
from generator.data.text import codepoint, control_character, nfc

# The largest model file: a long page is some tens of KB; anything near this is a
# mistake (a pasted document, an embedded picture) or an attempt to slow the build.
MAX_MODEL_BYTES = 1024 * 1024
# The unit registry of a province with thousands of units stays far below this.
MAX_REGISTRY_BYTES = 16 * 1024 * 1024
# The contract nests three levels: a model's keys, a list (commendations...), the keys
# of one item. One level more still gets the validator's message about the wrong type
# of value; deeper is refused before the data is built.
MAX_NESTING = 4


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


def _line(loader: _Loader, node: yaml.Node) -> int:
    return node.start_mark.line + 1 + loader.line_offset


def control_message(ch: str) -> str:
    return (
        f"Có ký tự điều khiển không nhìn thấy được ({codepoint(ch)}) ở dòng này, thường do dán "
        'từ Word, PDF hoặc viết mã thoát như "\\x01", "\\e" trong dấu nháy kép; hãy xoá '
        "ký tự đó (trong chữ chỉ dùng được dấu cách, Tab và xuống dòng)."
    )


def _construct_text(loader: _Loader, node: yaml.ScalarNode) -> str:
    text = nfc(loader.construct_scalar(node))
    # Written as an escape ("\x01", "\e"), a control character gets past the reader.
    ch = control_character(text)
    if ch is not None:
        raise ProblemError(_line(loader, node), control_message(ch))
    return text


def _construct_int(loader: _Loader, node: yaml.ScalarNode) -> int:
    # Python refuses to read an integer of more than 4,300 digits (a ValueError); no
    # figure of the contract has more than a few.
    if len(node.value) > 30:
        raise ProblemError(
            _line(loader, node),
            f'Số "{node.value[:20]}…" ở dòng này dài {len(node.value)} chữ số, quá lớn để là '
            "một số liệu; hãy kiểm tra lại.",
        )
    return loader.construct_yaml_int(node)


_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _construct_sequence)
_Loader.add_constructor("tag:yaml.org,2002:str", _construct_text)
_Loader.add_constructor("tag:yaml.org,2002:int", _construct_int)
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
        "found invalid Unicode character escape code",
        "mã thoát `\\u…` trong dấu nháy kép không phải một ký tự hợp lệ; hãy viết thẳng ký tự đó",
    ),
    (
        "exceeded maximum nesting depth",
        "dữ liệu lồng nhau quá sâu; tệp mô hình chỉ dùng ba cấp (các khoá, một danh sách, "
        "các khoá của một mục)",
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
_KEY = re.compile(r"""([^\s:#\[\]{},"'][^:#]*?|"[^"]*"|'[^']*')\s*:(?:\s+|$)(.*)$""")
_YEAR = re.compile(r"^\d{4}$")


@dataclass(frozen=True)
class _Shape:
    """How a line of YAML is laid out: where it starts, where its key starts (after
    any `- `), the key and what follows the colon."""

    index: int
    indent: int
    column: int
    key: str | None
    value: str

    @property
    def is_item(self) -> bool:
        return self.column > self.indent

    @property
    def opens_block(self) -> bool:
        """`key:` with nothing after it: the lines below, indented, are its value."""
        return self.key is not None and self.value == ""

    @property
    def has_value(self) -> bool:
        return self.key is not None and self.value != "" and self.value[0] not in "|>"

    @property
    def names_a_key(self) -> bool:
        """The key is one of the contract's or a year: not words with a colon in them."""
        key = (self.key or "").strip("\"'")
        return key in ALL_KEY_NAMES or bool(_YEAR.match(key))


def _shape(lines: list[str], index: int) -> _Shape | None:
    line = lines[index] if 0 <= index < len(lines) else ""
    rest = line.lstrip(" ")
    if not rest or rest.startswith("#"):
        return None
    indent = column = len(line) - len(rest)
    while rest.startswith("-") and (len(rest) == 1 or rest[1] == " "):
        after = rest[1:].lstrip(" ")
        column += len(rest) - len(after)
        rest = after
    found = _KEY.match(rest)
    key, value = (found.group(1), found.group(2)) if found else (None, rest)
    value = re.sub(r"(^|\s)#.*$", "", value).strip()
    return _Shape(index, indent, column, key, value)


def _previous(lines: list[str], index: int) -> _Shape | None:
    for number in range(index - 1, -1, -1):
        shape = _shape(lines, number)
        if shape is not None:
            return shape
    return None


def _leading_tab(lines: list[str], index: int, column: int) -> int | None:
    """The line, at or just above the error, with a tab where YAML wants spaces."""
    for number in (index, index - 1):
        text = lines[number] if 0 <= number < len(lines) else ""
        lead = text[: len(text) - len(text.lstrip(" \t"))]
        if "\t" in lead or (number == index and text[column : column + 1] == "\t"):
            return number
    return None


def _indentation(problem: str, lines: list[str], index: int, offset: int) -> tuple[int, str] | None:
    """(line index, message) when the error comes from a line indented wrongly."""
    here = _shape(lines, index)
    above = _previous(lines, index)
    if here is None or above is None:
        return None
    if "mapping values are not allowed" in problem:
        # A line more indented than a `key: value` above it, which YAML reads as the
        # rest of that value; "key: value" inside it is then the error.
        if here.indent <= above.column or not above.has_value:
            return None
        opener = _previous(lines, above.index)
        if (
            opener is not None
            and opener.opens_block
            and opener.column == above.indent
            and here.indent > opener.column
        ):
            return above.index, (
                f'Lỗi thụt lề: dòng này nằm dưới "{opener.key}:" (dòng trên) nên phải thụt vào '
                f"{here.indent - opener.column} dấu cách, thẳng hàng với dòng dưới."
            )
        if not (here.names_a_key or here.is_item):
            return None  # words with a colon, continuing a value: the colon hint
        extra = here.indent - above.column
        return index, (
            f"Lỗi thụt lề: dòng này thụt vào {here.indent} dấu cách, sâu hơn dòng trên "
            f"({above.column} dấu cách); các khoá cùng nhóm phải thẳng hàng: hãy xoá {extra} "
            "dấu cách ở đầu dòng."
        )
    if "did not find expected key" in problem or "expected '-' indicator" in problem:
        # Where the line could start: the columns of the lines it could belong with,
        # going up from the line above through each less indented one.
        levels: dict[int, int] = {}  # column -> the nearest line starting there
        limit = above.indent + 1
        for number in range(index - 1, -1, -1):
            shape = _shape(lines, number)
            if shape is None or shape.indent >= limit:
                continue
            limit = shape.indent
            if not here.is_item:
                levels.setdefault(shape.column, number)
            elif shape.is_item or shape.opens_block:
                levels.setdefault(shape.indent, number)
            if limit == 0:
                break
        if here.indent in levels or not levels:
            return None
        # The nearest level; between two as near, the deeper one (a sibling above).
        expected = min(levels, key=lambda level: (abs(level - here.indent), -level))
        what = "các mục `- ` cùng danh sách" if here.is_item else "các khoá cùng nhóm"
        return index, (
            f"Lỗi thụt lề: dòng này thụt vào {here.indent} dấu cách, không thẳng hàng với "
            f"{what} ở trên ({expected} dấu cách, như dòng {levels[expected] + 1 + offset}); hãy sửa số "
            "dấu cách ở đầu dòng."
        )
    return None


def _yaml_problem(error: yaml.YAMLError, lines: list[str], path: str, offset: int) -> Problem:
    problem = getattr(error, "problem", None) or str(error)
    mark = getattr(error, "problem_mark", None)
    # An unclosed [, { or quote: point at where it opened, not at the end of the file.
    if "expected ',' or" in problem or "while scanning a quoted scalar" in str(error):
        mark = getattr(error, "context_mark", None) or mark
    index = mark.line if mark is not None else 0
    tab = _leading_tab(lines, index, mark.column if mark is not None else 0)
    if tab is not None:
        return Problem(
            path,
            tab + 1 + offset,
            "Lỗi cú pháp YAML: có ký tự Tab ở đầu dòng; YAML chỉ dùng dấu cách để thụt lề. Hãy "
            "xoá Tab và gõ dấu cách cho thẳng hàng với các dòng cùng nhóm.",
        )
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
    indentation = _indentation(problem, lines, index, offset)
    if indentation is not None:
        return Problem(path, indentation[0] + 1 + offset, indentation[1])
    simple = getattr(error, "context_mark", None)
    if "could not find expected ':'" in problem and simple is not None:
        # A line with no colon: YAML says so at the next key; the slip is on that line,
        # mostly a value carried on to a new line without indenting it.
        text = lines[simple.line] if simple.line < len(lines) else ""
        first = (text.split() or [""])[0].lstrip("-").strip()
        if first in ALL_KEY_NAMES:
            return Problem(
                path,
                simple.line + 1 + offset,
                f"Lỗi cú pháp YAML: thiếu dấu hai chấm sau tên khoá `{first}` (viết "
                f"`{first}: giá trị`).",
            )
        above = _previous(lines, simple.line)
        carried = above is not None and above.has_value
        return Problem(
            path,
            simple.line + 1 + offset,
            "Lỗi cú pháp YAML: dòng này không có dấu hai chấm. "
            + (
                "Nếu đây là phần tiếp theo của giá trị ở dòng trên, hãy viết cả giá trị trên "
                "một dòng, hoặc thụt dòng này vào hai dấu cách; nếu là một khoá, hãy viết dạng "
                "`khoá: giá trị`."
                if carried
                else "Hãy viết dạng `khoá: giá trị`."
            ),
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


def _nesting_message() -> str:
    return (
        f"Dữ liệu lồng nhau quá sâu (hơn {MAX_NESTING} cấp) ở dòng này: tệp mô hình chỉ dùng "
        "ba cấp (các khoá, một danh sách như commendations, các khoá của một mục). Hãy kiểm "
        "tra các dấu [ ], { } và dấu - ở đầu dòng."
    )


def _refuse_references(text: str, offset: int) -> None:
    """Anchors (&name), aliases (*name) and explicit tags (!!binary, !thing) refused
    at their line, from the parser's events, before anything is built: an alias
    repeats a whole part of the file, and a few nested ones grow into gigabytes."""
    loader = _BaseLoader(text)
    try:
        while True:
            event = loader.get_event()
            if event is None or isinstance(event, yaml.StreamEndEvent):
                return
            line = event.start_mark.line + 1 + offset
            if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
                sign = "*" if isinstance(event, yaml.AliasEvent) else "&"
                raise ProblemError(
                    line,
                    f"Ký tự `{sign}` ở đầu giá trị là {'tham chiếu' if sign == '*' else 'mốc'} "
                    "của YAML (anchor/alias), tệp mô hình không dùng: hãy viết thẳng giá trị. "
                    "Nếu đó là chữ, hãy đặt cả giá trị trong dấu nháy kép.",
                )
            if getattr(event, "tag", None) is not None:
                raise ProblemError(
                    line,
                    "Dấu `!` ở đầu giá trị là thẻ kiểu của YAML, tệp mô hình không dùng. Nếu đó "
                    "là chữ, hãy đặt cả giá trị trong dấu nháy kép.",
                )
    finally:
        loader.dispose()


def _check_nesting(root: yaml.Node, offset: int) -> None:
    stack: list[tuple[yaml.Node, int]] = [(root, 1)]
    seen: set[int] = set()
    while stack:
        node, depth = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        if depth > MAX_NESTING:
            raise ProblemError(node.start_mark.line + 1 + offset, _nesting_message())
        if isinstance(node, yaml.MappingNode):
            children = [child for pair in node.value for child in pair]
        else:
            children = node.value if isinstance(node, yaml.SequenceNode) else []
        stack += [
            (child, depth + 1) for child in children if isinstance(child, yaml.CollectionNode)
        ]


def parse_yaml(text: str, path: str, line_offset: int = 0) -> Any:
    """Parse YAML text; raise ProblemError with the line of a syntax error, or of what
    the contract refuses: references, tags, nesting deeper than it uses."""
    loader = _Loader(text)
    loader.line_offset = line_offset
    try:
        if any(sign in text for sign in "&*!"):  # none of these: nothing to refuse
            _refuse_references(text, line_offset)
        node = loader.get_single_node()
        if node is None:
            return None
        _check_nesting(node, line_offset)
        return loader.construct_document(node)
    except yaml.YAMLError as error:
        problem = _yaml_problem(error, text.split("\n"), path, line_offset)
        raise ProblemError(problem.line, problem.message) from error
    except RecursionError:  # the pure-Python parser, without libyaml's own limit
        raise ProblemError(1 + line_offset, _nesting_message()) from None
    finally:
        loader.dispose()


def read_text(path: Path, limit: int = MAX_MODEL_BYTES, data: bytes | None = None) -> str:
    """The file as NFC text; raise ProblemError at the line of the first bad byte or
    character, or when the file is larger than `limit` bytes. `data`: the file's bytes
    as they are about to be written, to check them first."""
    try:
        size = path.stat().st_size if data is None else len(data)
        if data is None:
            data = path.read_bytes() if size <= limit else b""
    except OSError as error:
        raise ProblemError(1, f"Không đọc được tệp ({error.strerror or error}).") from None
    if size > limit:
        raise ProblemError(
            1,
            f"Tệp nặng {size / 1048576:.2f} MB, quá giới hạn {limit // 1048576} MB của tệp này; "
            "hãy kiểm tra xem có dán nhầm cả một tài liệu hay một ảnh vào tệp không (ảnh là "
            "tệp riêng, ghi ở khoá images).",
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise ProblemError(
            line,
            "Tệp không ở mã UTF-8 (có thể được lưu bằng mã Windows-1258 hoặc TCVN3). "
            "Hãy lưu lại tệp với mã UTF-8.",
        ) from error
    text = nfc(text.replace("\r\n", "\n").replace("\r", "\n"))
    ch = control_character(text)
    if ch is not None:
        raise ProblemError(text.count("\n", 0, text.index(ch)) + 1, control_message(ch))
    return text


def find_file(folder: Path, reference: str) -> Path | None:
    """The file a reference names, relative to `folder`, as it is on disk, whatever the
    Unicode normal form of either: macOS stores names decomposed (NFD), while the
    reference, like all text, is read as NFC. None if there is no such file."""
    path = folder / reference
    if path.is_file():
        return path
    current = folder
    for part in PurePosixPath(reference.replace("\\", "/")).parts:
        if part in (".", ""):
            continue
        if part == "..":
            current = current.parent
            continue
        candidate = current / part
        if not candidate.exists():
            try:
                names = os.listdir(current)
            except OSError:
                return None
            same = sorted(name for name in names if nfc(name) == nfc(part))
            if not same:
                return None
            candidate = current / same[0]
        current = candidate
    return current if current.is_file() else None


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
