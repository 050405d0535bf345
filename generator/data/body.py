"""A model's Markdown body: which of its sections say something.

`new` and `import` write the four section headings with a hint in an HTML comment;
a heading with nothing under it but blank lines and comments is not published.
Headings are ATX headings (`## Cách làm`) outside fenced code.
"""

from __future__ import annotations

import re

_HEADING = re.compile(r"^ {0,3}(#{1,6})(?:[ \t]|$)")
_FENCE = re.compile(r"^ {0,3}(```|~~~)")


def _lines(body: str) -> list[tuple[int, bool]]:
    """(heading level or 0, says something) for each line of the body."""
    found = []
    fenced = comment = False
    for line in body.split("\n"):
        if _FENCE.match(line):
            fenced = not fenced
            found.append((0, True))
            continue
        heading = None if fenced or comment else _HEADING.match(line)
        if heading:
            found.append((len(heading.group(1)), True))
            continue
        text = line
        if not fenced:
            rest = []
            while text:
                if comment:
                    end = text.find("-->")
                    comment = end < 0
                    text = "" if end < 0 else text[end + 3 :]
                else:
                    start = text.find("<!--")
                    rest.append(text if start < 0 else text[:start])
                    comment = start >= 0
                    text = "" if start < 0 else text[start + 4 :]
            text = "".join(rest)
        found.append((0, bool(text.strip())))
    return found


def without_empty_sections(body: str) -> str:
    """The body without headings whose sections (sub-sections included) are empty."""
    lines = body.split("\n")
    kinds = _lines(body)
    keep = [True] * len(lines)
    for i, (level, _) in enumerate(kinds):
        if not level:
            continue
        end = next((j for j in range(i + 1, len(kinds)) if 0 < kinds[j][0] <= level), len(kinds))
        if not any(says for lvl, says in kinds[i + 1 : end] if not lvl):
            keep[i:end] = [False] * (end - i)
    return "\n".join(line for line, kept in zip(lines, keep, strict=True) if kept)


def is_empty(body: str) -> bool:
    """Nothing but headings, blank lines and comments."""
    return not any(says for level, says in _lines(body) if not level)


def first_heading(body: str) -> int:
    """Index of the body's first heading line, or 0."""
    return next((i for i, (level, _) in enumerate(_lines(body)) if level), 0)
