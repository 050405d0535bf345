"""The contributor guide's reference parts, made from schema.py and the catalog.

A hand-written page asks for them with `<!-- dvk:khoa-mo-hinh -->` and friends, so
the key list it shows is the one the validator checks and never falls behind.
"""

from __future__ import annotations

from generator.data.jsonschema import key_help
from generator.data.model import Catalog
from generator.data.schema import MODEL_KEYS, UNIT_KEYS, Key
from generator.data.source import scalar
from generator.site.markup import e


def example_lines(key: Key, indent: str = "") -> list[str]:
    """The key with its example value, as YAML lines a staff member would type."""
    value = key.example
    if key.type == "objects":
        lines = [f"{indent}{key.name}:"]
        items = [item for item in key.items if item.example is not None]
        for index, item in enumerate(items):
            bullet = "  - " if index == 0 else "    "
            lines.append(f"{indent}{bullet}{item.name}: {scalar(item.example)}")
        return lines
    if isinstance(value, dict):
        return [f"{indent}{key.name}:"] + [f"{indent}  {k}: {scalar(v)}" for k, v in value.items()]
    return [f"{indent}{key.name}: {scalar(value)}"]


def code(lines: list[str]) -> str:
    """An indented Markdown code block (fenced blocks need an extension this site may lack)."""
    return "\n".join("    " + line for line in lines) + "\n"


def key_sections(keys: tuple[Key, ...], fields: dict[str, str], prefix: str) -> str:
    parts = []
    for key in keys:
        parts.append(f"### `{key.name}` — {key.label} {{ #{prefix}-{key.name} }}\n")
        parts.append(key_help(key, fields) + "\n")
        for item in key.items:
            parts.append(f"- `{item.name}` — {item.label}: {key_help(item, fields)}")
        if key.items:
            parts[-1] += "\n"
        parts.append("Ví dụ:\n\n" + code(example_lines(key)))
    return "\n".join(parts)


def fields_table(catalog: Catalog) -> str:
    rows = "".join(
        f"<tr><td><code>{e(f.id)}</code></td><td>{e(f.name)}</td><td>{e(f.group_name)}</td></tr>"
        for f in catalog.settings.fields
    )
    return (
        '<table class="dvk-table"><thead><tr><th scope="col">Mã (field)</th>'
        '<th scope="col">Lĩnh vực</th><th scope="col">Nhóm</th></tr></thead>'
        f"<tbody>{rows}</tbody></table>"
    )


def units_table(catalog: Catalog) -> str:
    rows = "".join(
        f"<tr><td><code>{e(u.id)}</code></td><td>{e(u.name)}</td><td>{e(u.locality)}</td></tr>"
        for u in catalog.sorted_units
    )
    return (
        '<table class="dvk-table"><thead><tr><th scope="col">Mã (unit)</th>'
        '<th scope="col">Đơn vị</th><th scope="col">Địa bàn</th></tr></thead>'
        f"<tbody>{rows}</tbody></table>"
    )


def section(name: str, catalog: Catalog) -> str | None:
    """Markdown or HTML for a guide marker; None for a name that is not the guide's."""
    fields = {f.id: f.name for f in catalog.settings.fields}
    if name == "khoa-mo-hinh":
        return key_sections(MODEL_KEYS, fields, "khoa")
    if name == "khoa-don-vi":
        return key_sections(UNIT_KEYS, fields, "don-vi")
    if name == "ma-linh-vuc":
        return fields_table(catalog)
    if name == "ma-don-vi":
        return units_table(catalog)
    return None
