"""QR codes of page addresses, drawn as SVG at build time.

zxing-cpp makes the code (its writer is libzint's, in C++): error correction M (15 % of
the code may be dirty or torn, as on a sign board), the mask the standard's rules find
best, and a quiet zone of 4 modules. In pure Python (segno, with one fixed mask) a code took
about 1.4 ms of processor time, which at one code per model page added a third to the
site's build; this takes about 0.6 ms (half of it drawing the path).
"""

from __future__ import annotations

import functools
import re

import zxingcpp

from generator.site.markup import e

BORDER = 4  # modules of light margin around the code (the quiet zone)
_DARK_RUN = re.compile(rb"\x00+")  # dark modules are 0 in the code's image


@functools.lru_cache(maxsize=20_000)  # `mkdocs serve` makes every model's file again
def _path(address: str) -> tuple[int, str]:
    """The code's size in modules (with its margin) and its dark modules as one path:
    a horizontal stroke, one module thick, along each run of dark modules of a row."""
    code = zxingcpp.create_barcode(address, zxingcpp.BarcodeFormat.QRCode, ec_level="M")
    image = code.to_image(scale=1, add_quiet_zones=False)
    modules = bytes(memoryview(image))
    size = image.shape[1]  # a square
    runs = [
        f"M{run.start() - y * size + BORDER} {y + BORDER}.5h{run.end() - run.start()}"
        for y in range(size)
        for run in _DARK_RUN.finditer(modules, y * size, (y + 1) * size)
    ]
    return size + 2 * BORDER, "".join(runs)


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
