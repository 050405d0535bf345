"""Changing a model file or the unit registry in place: only the lines asked for change.

Edits are made on the file's own text, at the places PyYAML's composer gives for
each node, so that comments, key order, quoting, blank lines, line endings and the
body stay byte for byte. After each edit the text is read back and compared with
the data it must now hold; an edit that would say anything else is refused, so a
file the tool cannot change safely is reported, never damaged.
"""

from __future__ import annotations

import contextlib
import copy
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import yaml

from generator.authoring.files import write_atomic
from generator.data.problem import ProblemError
from generator.data.source import parse_yaml, scalar
from generator.data.text import nfc

Key = str | int


class EditError(Exception):
    """The file cannot be changed in place as asked; the message says why, in Vietnamese."""


_FENCE = re.compile(r"^---[ \t]*\r?$", re.MULTILINE)
# libyaml's parser when present (its marks count characters, as PyYAML's do): the
# yearly tools read each file several times, thousands of files in one run.
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _compose(text: str) -> yaml.Node | None:
    return yaml.compose(text, Loader=_Loader)


def _load(text: str) -> Any:
    return yaml.load(text, Loader=_Loader)


def _value(node: yaml.Node) -> Any:
    loader = yaml.SafeLoader("")
    try:
        return loader.construct_document(node)
    finally:
        loader.dispose()


def _end(node: yaml.Node, text: str) -> int:
    """Where the node's last line ends (after its line break, if it has one)."""
    if isinstance(node, yaml.MappingNode) and node.value and node.flow_style is False:
        return _end(node.value[-1][1], text)
    if isinstance(node, yaml.SequenceNode) and node.value and node.flow_style is False:
        return _end(node.value[-1], text)
    index = node.end_mark.index
    if isinstance(node, yaml.ScalarNode) and node.style in ("|", ">"):
        # A block scalar ends after its trailing blank lines: stop after its last text.
        while index > 0 and text[index - 1] in "\r\n":
            index -= 1
    newline = text.find("\n", index)
    return len(text) if newline < 0 else newline + 1


def _line_start(text: str, index: int) -> int:
    return text.rfind("\n", 0, index) + 1


class Edit:
    """One file's text, changed in place by `set` and `append`, written by `save`."""

    def __init__(self, path: Path, text: str | None = None):
        """The file at `path`; or, given `text`, that text as if it were the file's."""
        self.path = path
        if text is None:
            try:
                text = path.read_bytes().decode("utf-8")
            except UnicodeDecodeError as error:
                raise EditError("tệp không phải văn bản UTF-8.") from error
        self.original = text
        self.newline = "\r\n" if "\r\n" in self.original else "\n"
        self.head, self.yaml, self.tail = self._split(self.original)
        self.data = self._read(self.yaml)

    def _read(self, text: str) -> Any:
        """The data as the project's loader reads it (dates as text, NFC)."""
        try:
            return parse_yaml(text, self.path.name)
        except ProblemError as error:
            raise EditError(f"tệp có lỗi YAML; hãy sửa theo `validate` trước ({error}).") from error

    def _split(self, text: str) -> tuple[str, str, str]:
        bom = "\ufeff" if text.startswith("\ufeff") else ""
        text = text[len(bom) :]
        if self.path.suffix != ".md":
            return bom, text, ""
        first = _FENCE.match(text)
        closing = _FENCE.search(text, first.end()) if first else None
        if not first or not closing:
            raise EditError("tệp không có phần thông tin giữa hai dòng `---`.")
        start = text.index("\n") + 1
        return bom + text[:start], text[start : closing.start()], text[closing.start() :]

    @property
    def text(self) -> str:
        return self.head + self.yaml + self.tail

    @property
    def changed(self) -> bool:
        return self.text != self.original

    @contextlib.contextmanager
    def together(self) -> Iterator[None]:
        """Edits made inside either all stay or, when one is refused, none does: a unit
        never keeps a new place without the history entry that goes with it."""
        saved = self.yaml, self.data
        try:
            yield
        except EditError:
            self.yaml, self.data = saved
            raise

    @contextlib.contextmanager
    def items(self) -> Iterator[list[Edit]]:
        """The items of the file's top-level list (the unit registry), each an Edit of its
        own text as a list of one (keys start with 0), so that thousands of edits cost
        each item's size instead of the whole file's. When the block ends the texts go
        back in their places and the whole text is read back once: it must hold exactly
        the items' data, or nothing changes (EditError)."""
        node = _compose(self.yaml)
        if not isinstance(node, yaml.SequenceNode) or node.flow_style:
            raise EditError("tệp không phải một danh sách, mỗi mục bắt đầu bằng `- `.")
        spans = [
            (_line_start(self.yaml, n.start_mark.index), _end(n, self.yaml)) for n in node.value
        ]
        parts = [Edit(self.path, self.yaml[start:end]) for start, end in spans]
        yield parts
        pieces, last = [], 0
        for (start, end), part in zip(spans, parts, strict=True):
            pieces += [self.yaml[last:start], part.yaml]
            last = end
        text = "".join(pieces) + self.yaml[last:]
        before = self.yaml
        self.yaml = text
        try:
            self._check([part.data[0] for part in parts])
        except EditError:
            self.yaml = before
            raise

    def save(self) -> bool:
        """Write the file if it changed (atomically); whether it was written. Call it
        under the writers' lock (files.locked): the file must still be as it was read,
        or another writer changed it meanwhile and nothing is written (EditError)."""
        if not self.changed:
            return False
        try:
            now = self.path.read_bytes().decode("utf-8")
        except (OSError, UnicodeDecodeError):
            now = None
        if now != self.original:
            raise EditError("tệp vừa được sửa ở nơi khác trong lúc lệnh chạy; hãy chạy lại lệnh.")
        write_atomic(self.path, self.text)
        return True

    # -- finding nodes -----------------------------------------------------------

    def _node(self, keys: Sequence[Key]) -> yaml.Node | None:
        node = _compose(self.yaml)
        for key in keys:
            node = self._child(node, key)
            if node is None:
                return None
        return node

    @staticmethod
    def _entry(node: yaml.Node, key: Key) -> tuple[yaml.Node, yaml.Node] | None:
        if isinstance(node, yaml.MappingNode):
            for key_node, value_node in node.value:
                if _same_key(_value(key_node), key):
                    return key_node, value_node
        return None

    def _child(self, node: yaml.Node | None, key: Key) -> yaml.Node | None:
        if isinstance(node, yaml.SequenceNode) and isinstance(key, int):
            return node.value[key] if 0 <= key < len(node.value) else None
        entry = self._entry(node, key) if node is not None else None
        return entry[1] if entry else None

    # -- writing YAML as a person would -------------------------------------------

    def _lines(self, key: Key, value: Any, indent: int) -> list[str]:
        """`key: value` as block YAML lines at `indent`."""
        pad = " " * indent
        if isinstance(value, dict):
            lines = [f"{pad}{scalar(key)}:"]
            for k, v in value.items():
                lines += self._lines(k, v, indent + 2)
            return lines
        if isinstance(value, list) and any(isinstance(item, dict) for item in value):
            lines = [f"{pad}{scalar(key)}:"]
            for item in value:
                lines += self._item(item, indent + 2)
            return lines
        return [f"{pad}{scalar(key)}: {scalar(value)}"]

    def _item(self, item: Any, indent: int) -> list[str]:
        """One sequence item (`- ...`) at `indent`."""
        pad = " " * indent
        if isinstance(item, dict) and item:
            lines = []
            for k, v in item.items():
                lines += self._lines(k, v, indent + 2)
            return [f"{pad}- {lines[0].lstrip()}", *lines[1:]]
        return [f"{pad}- {scalar(item)}"]

    def _insert(self, index: int, lines: list[str]) -> None:
        nl = self.newline
        text = self.yaml
        if index > 0 and not text[:index].endswith("\n"):
            text, index = text[:index] + nl + text[index:], index + len(nl)
        self.yaml = text[:index] + "".join(line + nl for line in lines) + text[index:]

    # -- the edits ---------------------------------------------------------------

    def set(self, keys: Sequence[Key], value: Any, after: Sequence[Key] = ()) -> None:
        """Make `keys` hold `value` (a scalar, or a new mapping or list), adding the
        entry where it is missing: after the last of `after` found in its mapping,
        else at the mapping's end; written as the mapping writes its entries (a year
        quoted where the others are, as the browser editor writes them). A year and the
        same year quoted are one key."""
        keys = list(keys)
        expected = copy.deepcopy(self.data)
        target = expected
        for key in keys[:-1]:
            if isinstance(target, dict) and target.get(key) is None:
                target[key] = {}
            if not isinstance(target, (dict, list)):
                break
            target = target[key]
        if not isinstance(target, dict):
            raise EditError(f'không có nhóm khoá `khoá: giá trị` để ghi "{keys[-1]}".')
        last = next((k for k in target if _same_key(k, keys[-1])), None)
        if last is not None and target[last] == _as_loaded(value):
            return
        style = self._styles(keys[:-1]) if last is None else Style()
        if last is None and style.key and isinstance(keys[-1], int):
            last = str(keys[-1])  # a year quoted, read back as text
        target[keys[-1] if last is None else last] = _as_loaded(value)
        self._apply(lambda: self._set(keys, value, after, style), expected)

    def _styles(self, keys: Sequence[Key]) -> Style:
        """How the mapping at `keys` quotes its keys and values, where all alike."""
        node = self._node(keys) if keys else _compose(self.yaml)
        if not isinstance(node, yaml.MappingNode) or not node.value:
            return Style()

        def one(nodes) -> str:
            styles = {n.style if isinstance(n, yaml.ScalarNode) else None for n in nodes}
            return styles.pop() if len(styles) == 1 and styles <= {'"', "'"} else ""

        return Style(one(k for k, _ in node.value), one(v for _, v in node.value))

    def _apply(self, change, expected: Any) -> None:
        """Make the change; keep it only if the text then says exactly `expected`."""
        before = self.yaml
        try:
            change()
            self._check(expected)
        except EditError:
            self.yaml = before
            raise
        except (yaml.YAMLError, LookupError, ValueError, TypeError) as error:
            self.yaml = before
            raise EditError(_CANNOT) from error

    def _set(self, keys: list[Key], value: Any, after: Sequence[Key], style: Style) -> None:
        parent = self._node(keys[:-1]) if keys[:-1] else _compose(self.yaml)
        if parent is None or (isinstance(parent, yaml.ScalarNode) and parent.value == ""):
            # The parent mapping itself is missing (or empty): write it with the entry.
            value = {keys[-1]: value}
            keys, parent = keys[:-1], self._node(keys[:-2]) if keys[:-2] else _compose(self.yaml)
            if parent is None:
                raise EditError("không tìm thấy chỗ để ghi.")
        if not isinstance(parent, yaml.MappingNode):
            raise EditError(f'"{keys[-1]}" không nằm trong một nhóm khoá.')
        entry = self._entry(parent, keys[-1])
        if entry is not None:
            self._replace(entry, keys[-1], value)
            return
        entry = f"{style.write(keys[-1], style.key)}: {style.write(value, style.value)}"
        if parent.flow_style:
            close = parent.end_mark.index - 1  # the "}"
            inner = self.yaml[parent.start_mark.index + 1 : close].strip()
            self.yaml = self.yaml[:close] + (", " if inner else "") + entry + self.yaml[close:]
            return
        indent = parent.value[0][0].start_mark.column if parent.value else 0
        found = [v for k, v in parent.value if any(_same_key(_value(k), a) for a in after)]
        last = found[-1] if found else (parent.value[-1][1] if parent.value else None)
        index = _end(last, self.yaml) if last is not None else len(self.yaml)
        if isinstance(value, (dict, list)):
            lines = self._lines(keys[-1], value, indent)
        else:
            lines = [" " * indent + entry]
        self._insert(index, lines)

    def _replace(self, entry: tuple[yaml.Node, yaml.Node], key: Key, value: Any) -> None:
        key_node, value_node = entry
        if isinstance(value_node, yaml.ScalarNode) and not isinstance(value, (dict, list)):
            if value_node.style in ("|", ">"):
                raise EditError(f'"{key}" là một đoạn nhiều dòng; hãy sửa bằng tay.')
            start, end = value_node.start_mark.index, value_node.end_mark.index
            if value_node.value == "" and start == end:  # `key:` with nothing after it
                self.yaml = self.yaml[:start] + " " + scalar(value) + self.yaml[end:]
            else:
                self.yaml = self.yaml[:start] + scalar(value) + self.yaml[end:]
            return
        if isinstance(value_node, yaml.ScalarNode) and value_node.value == "":
            # `key:` with nothing after it: the new block goes in its place.
            start = _line_start(self.yaml, key_node.start_mark.index)
            end = _end(value_node, self.yaml)
            lines = self._lines(key, value, key_node.start_mark.column)
            self.yaml = (
                self.yaml[:start] + "".join(x + self.newline for x in lines) + self.yaml[end:]
            )
            return
        raise EditError(f'"{key}" đã có giá trị khác; hãy sửa bằng tay.')

    def append(self, keys: Sequence[Key], item: Any, after: Sequence[str] = ()) -> None:
        """Add `item` at the end of the list at `keys`, making the list where it is missing."""
        keys = list(keys)
        node = self._node(keys)
        if keys and (node is None or (isinstance(node, yaml.ScalarNode) and node.value == "")):
            self.set(keys, [item], after)
            return
        if not isinstance(node, yaml.SequenceNode) or not node.value:
            what = f'"{keys[-1]}"' if keys else "tệp"
            raise EditError(f"{what} không phải một danh sách có sẵn mục nào.")
        expected = copy.deepcopy(self.data)
        target = expected
        for key in keys:
            target = target[key]
        target.append(_as_loaded(item))
        self._apply(lambda: self._append(node, keys, item), expected)

    def _append(self, node: yaml.SequenceNode, keys: list[Key], item: Any) -> None:
        if node.flow_style:
            # A mapping goes on the line only of a list of mappings (`[{date: …}, {…}]`).
            if isinstance(item, dict) and not all(
                isinstance(n, yaml.MappingNode) for n in node.value
            ):
                raise EditError(f'"{keys[-1]}" được viết trên một dòng; hãy sửa bằng tay.')
            close = node.end_mark.index - 1  # the "]"
            inner = self.yaml[node.start_mark.index + 1 : close].strip()
            self.yaml = (
                self.yaml[:close] + (", " if inner else "") + _flow(item) + self.yaml[close:]
            )
            return
        # Items as the list already writes them: its dashes' column; an item on one line
        # (`- {date: …, by: …}`) where the last one is.
        line = self.yaml[_line_start(self.yaml, node.value[0].start_mark.index) :]
        indent = len(line) - len(line.lstrip(" "))
        last = node.value[-1]
        if isinstance(item, dict) and isinstance(last, yaml.MappingNode) and last.flow_style:
            lines = [f"{' ' * indent}- {_flow(item)}"]
        else:
            lines = self._item(item, indent)
        self._insert(_end(last, self.yaml), lines)

    def _check(self, expected: Any) -> None:
        """The edited text must say exactly the expected data, and nothing else changed."""
        try:
            now = self._read(self.yaml)
        except EditError as error:
            raise EditError(_CANNOT) from error
        if now != expected:
            raise EditError(_CANNOT)
        self.data = now


_CANNOT = "không sửa được tại chỗ mà giữ nguyên phần còn lại của tệp; hãy sửa bằng tay."


@dataclass(frozen=True)
class Style:
    """How a mapping quotes its keys and its values ('"', "'"; "" for as needed)."""

    key: str = ""
    value: str = ""

    @staticmethod
    def write(value: Any, quote: str) -> str:
        """A key or value in the mapping's quotes, where it has them and they fit."""
        if not quote or not isinstance(value, (int, str)) or isinstance(value, bool):
            return scalar(value)
        text = str(value)
        if quote == '"' and not any(ch in text for ch in '"\\') and text.isprintable():
            return f'"{text}"'
        if quote == "'" and text.isprintable():
            return "'" + text.replace("'", "''") + "'"
        return scalar(value)


def _same_key(a: Any, b: Any) -> bool:
    """One key, whether written as a year or as the year quoted ("2024")."""
    if a == b:
        return True
    pair = {type(a), type(b)}
    return pair == {int, str} and str(a) == str(b) and not isinstance(a, bool)


def _flow(value: Any) -> str:
    """A value on one line, as in `[a, b]` or `{date: 2026-11-20, by: …}`."""
    if isinstance(value, dict):
        return "{" + ", ".join(f"{scalar(k)}: {scalar(v)}" for k, v in value.items()) + "}"
    return scalar(value)


def _as_loaded(value: Any) -> Any:
    """A value as the loader will read it back once written: dates as text, NFC."""
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, str):
        return nfc(value)
    if isinstance(value, dict):
        return {k: _as_loaded(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_as_loaded(v) for v in value]
    return value
