"""QR codes of page addresses, drawn as SVG at build time (segno makes the code).

Error correction M (15 % of the code may be dirty or torn, as on a sign board) and
a quiet zone of 4 modules, as the standard asks. One mask for every code: segno's
search for the best of the eight masks takes five times as long as making the code,
once per model page, and every reader learns the mask from the code itself.
"""

from __future__ import annotations

import functools
import re

import segno

from generator.site.markup import e

BORDER = 4  # modules of light margin around the code (the quiet zone)
MASK = 2
_DARK_RUN = re.compile(rb"\x01+")


@functools.lru_cache(maxsize=20_000)  # `mkdocs serve` makes every model's file again
def _path(address: str) -> tuple[int, str]:
    """The code's size in modules (with its margin) and its dark modules as one path:
    a horizontal stroke, one module thick, along each run of dark modules of a row."""
    code = segno.make(address, error="m", micro=False, mask=MASK, boost_error=False)
    runs = [
        f"M{run.start() + BORDER} {y + BORDER}.5h{run.end() - run.start()}"
        for y, row in enumerate(code.matrix)
        for run in _DARK_RUN.finditer(bytes(row))
    ]
    return len(code.matrix) + 2 * BORDER, "".join(runs)


def _svg(address: str, attributes: str, label: str) -> str:
    size, path = _path(address)
    title = f"<title>{e(label)}</title>" if label else ""
    return (
        f'<svg {attributes}viewBox="0 0 {size} {size}" shape-rendering="crispEdges">{title}'
        f'<rect width="{size}" height="{size}" fill="#fff"/>'
        f'<path stroke="#000" d="{path}"/></svg>'
    )


def inline_svg(address: str, label: str, css_class: str = "dvk-qr__code") -> str:
    """The code as an `<svg>` element for a page; `label` is what a screen reader says."""
    return _svg(address, f'class="{css_class}" role="img" ', label)


def svg_file(address: str) -> str:
    """The code as a file of its own, 4 cm wide, that staff put on their papers."""
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n'
        + _svg(address, 'xmlns="http://www.w3.org/2000/svg" width="40mm" height="40mm" ', address)
        + "\n"
    )
