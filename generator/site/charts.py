"""Bar charts drawn at build time as inline SVG: no JavaScript, no request, no library.

Each chart is an image with a title and a description that reads out its numbers;
the page puts the same numbers in a table beside it. Sizes are in a 360-unit wide
view box, the width of a small phone, so the text stays readable when it scales.
"""

from __future__ import annotations

import textwrap

from generator.site.markup import e

WIDTH = 360
COLOURS = ("#a0140c", "#1d4e89")  # both at least 7:1 against white
FONT = 13
LINE = 16


def _svg(key: str, title: str, description: str, height: int, body: list[str]) -> str:
    return (
        f'<svg class="dvk-chart__svg" xmlns="http://www.w3.org/2000/svg" '
        f'viewBox="0 0 {WIDTH} {height}" role="img" '
        f'aria-labelledby="{key}-title {key}-desc" font-size="{FONT}">'
        f'<title id="{key}-title">{e(title)}</title>'
        f'<desc id="{key}-desc">{e(description)}</desc>' + "".join(body) + "</svg>"
    )


def _describe(items: list[tuple[str, int]]) -> str:
    return "; ".join(f"{label}: {value}" for label, value in items) + "."


def bar_chart(key: str, title: str, items: list[tuple[str, int]]) -> str:
    """Horizontal bars, one per item, each under its (wrapped) label with its value."""
    top = max((v for _, v in items), default=0) or 1
    room = WIDTH - 40  # space left for the value after the longest bar
    body: list[str] = []
    y = 0
    for label, value in items:
        for line in textwrap.wrap(label, 46) or [""]:
            y += LINE
            body.append(f'<text x="0" y="{y - 3}" fill="currentColor">{e(line)}</text>')
        width = round(room * value / top, 1)
        body.append(
            f'<rect class="dvk-chart__bar" x="0" y="{y + 2}" width="{width}" height="14" '
            f'fill="{COLOURS[0]}" data-value="{value}"/>'
            f'<text x="{width + 5}" y="{y + 13}" fill="currentColor" '
            f'font-weight="700">{value}</text>'
        )
        y += 24
    return _svg(key, title, _describe(items), y, body)


def stacked_columns(
    key: str, title: str, labels: list[str], series: list[tuple[str, list[int]]]
) -> str:
    """One column per label, its series stacked from the bottom, the total on top."""
    assert len(series) <= len(COLOURS), "one colour per series"
    height, legend, axis = 220, 24, 20
    totals = [sum(values[i] for _, values in series) for i in range(len(labels))]
    top = max(totals, default=0) or 1
    plot = height - legend - axis - LINE  # leaves a line above the tallest column
    slot = WIDTH / max(len(labels), 1)
    bar = min(slot * 0.7, 40)
    step = 1 if slot >= 30 else 2  # label every other column when they would touch
    body: list[str] = []
    x = 0
    for index, (name, _) in enumerate(series):
        body.append(
            f'<rect x="{x}" y="4" width="12" height="12" fill="{COLOURS[index]}"/>'
            f'<text x="{x + 16}" y="14" fill="currentColor">{e(name)}</text>'
        )
        x += 16 + 7 * len(name) + 16
    base = height - axis
    body.append(
        f'<line x1="0" y1="{base}" x2="{WIDTH}" y2="{base}" stroke="currentColor" stroke-width="1"/>'
    )
    for i, label in enumerate(labels):
        left = round(i * slot + (slot - bar) / 2, 1)
        middle = round(i * slot + slot / 2, 1)
        y = base
        for index, (_, values) in enumerate(series):
            h = round(plot * values[i] / top, 1)
            y = round(y - h, 1)
            body.append(
                f'<rect class="dvk-chart__bar" x="{left}" y="{y}" width="{round(bar, 1)}" '
                f'height="{h}" fill="{COLOURS[index]}" data-value="{values[i]}"/>'
            )
        body.append(
            f'<text x="{middle}" y="{round(y - 4, 1)}" text-anchor="middle" '
            f'fill="currentColor" font-weight="700">{totals[i]}</text>'
        )
        if i % step == 0:
            body.append(
                f'<text x="{middle}" y="{height - 5}" text-anchor="middle" '
                f'fill="currentColor" font-size="12">{e(label)}</text>'
            )
    description = "; ".join(
        f"{label}: {totals[i]} ("
        + ", ".join(f"{name.lower()} {values[i]}" for name, values in series)
        + ")"
        for i, label in enumerate(labels)
    )
    return _svg(key, title, description + ".", height, body)
