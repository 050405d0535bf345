"""JSON Schemas for model files and the unit registry, made from the keys in schema.py.

The validator reads the same Key definitions, so an editor that knows these schemas
(VS Code with the YAML extension) flags while typing what `validate` would report.
What a schema cannot know (a date in the future, a unit missing from the registry,
an image missing on disk) stays with the validator.
"""

from __future__ import annotations

import json

from generator.data.schema import BODY_KEY, MODEL_KEYS, UNIT_KEYS, Key
from generator.data.settings import Settings
from generator.data.text import SLUG_PATTERN
from generator.data.validate import CODE_PATTERN, IMAGE_SUFFIXES, MAX_IMAGE_BYTES, TAG_PATTERN

# Draft 7 is the newest draft the YAML extension of VS Code fully supports.
DRAFT = "http://json-schema.org/draft-07/schema#"
SCHEMA_DIR = "schemas"  # committed copies, for editors
MODEL_SCHEMA = "mo-hinh.schema.json"  # front matter of a .md model file
MODEL_YML_SCHEMA = "mo-hinh-yml.schema.json"  # a model written as one .yml file
UNITS_SCHEMA = "don-vi.schema.json"

DATE = r"^(199\d|[2-9]\d{3})-(0?[1-9]|1[0-2])-(0?[1-9]|[12]\d|3[01])$"
YEAR = r"^(199\d|[2-9]\d{3})$"
# Text with a line break between two visible characters; a blank line inside.
MULTILINE = r"\S[\s\S]*\n[\s\S]*\S"
PARAGRAPHS = r"\S[\s\S]*\n\s*\n[\s\S]*\S"
NOT_A_PATH = r"^(?![a-zA-Z]+://)(?!/)"


def _any_case(suffix: str) -> str:
    """A regex part matching a suffix in any case (schemas have no regex flags)."""
    return "".join(f"[{ch.lower()}{ch.upper()}]" if ch.isalpha() else ch for ch in suffix)


IMAGE = (
    NOT_A_PATH + r"[\s\S]*\.(" + "|".join(_any_case(s[1:]) for s in sorted(IMAGE_SUFFIXES)) + ")$"
)
SUFFIXES = ", ".join(sorted(IMAGE_SUFFIXES))


def rule(key: Key, fields: dict[str, str]) -> str:
    """What a key accepts, in one Vietnamese sentence."""
    limit = f", tối đa {key.max_length} ký tự" if key.max_length else ""
    choices = key.choices or {}
    if key.type == "line":
        return f"Một dòng chữ{limit}."
    if key.type == "summary":
        return f"Một đoạn văn (không có dòng trống){limit}."
    if key.type == "text":
        return "Văn bản Markdown."
    if key.type == "slug":
        return f"Chữ thường, không dấu, nối bằng gạch ngang{limit}."
    if key.type == "date":
        return "Ngày viết theo dạng NĂM-THÁNG-NGÀY, ví dụ 2021-03-15."
    if key.type == "choice":
        return "Một trong: " + "; ".join(f"{i} ({n})" for i, n in choices.items()) + "."
    if key.type == "field":
        return "Mã một lĩnh vực: " + "; ".join(f"{i} ({n})" for i, n in fields.items()) + "."
    if key.type == "unit":
        return "Mã một đơn vị trong danh mục models/_units.yml."
    if key.type == "reviews":
        return (
            "Mỗi dòng `NĂM: "
            + "` hoặc `NĂM: ".join(choices)
            + "` ("
            + ", ".join(f"{i}: {n.lower()}" for i, n in choices.items())
            + ")."
        )
    if key.type == "objects":
        return (
            "Danh sách, mỗi mục bắt đầu bằng `- ` và có các khoá: "
            + ", ".join(
                f"{item.name}" + ("" if item.required else " (không bắt buộc)")
                for item in key.items
            )
            + "."
        )
    if key.type == "tags":
        return "Danh sách, mỗi từ khoá tối đa 60 ký tự."
    if key.type == "code":
        return "Mã 5 chữ số, viết trong dấu nháy đơn, ví dụ '01843'."
    if key.type == "bool":
        return "true (đúng) hoặc false (sai)."
    if key.type == "number":
        return "Một con số."
    if key.type == "image":
        return (
            f"Tệp ảnh ({SUFFIXES}), nặng dưới {MAX_IMAGE_BYTES // 1048576} MB, "
            "đường dẫn tính từ thư mục chứa tệp mô hình."
        )
    raise ValueError(f"unknown key type {key.type!r}")


def key_help(key: Key, fields: dict[str, str]) -> str:
    required = "Bắt buộc." if key.required else "Không bắt buộc."
    return " ".join(filter(None, [required, key.help, rule(key, fields)]))


def _line(max_length: int | None, required: bool) -> dict:
    # The validator takes a number where a line of text is expected ("decision: 215").
    schema: dict = {"type": ["string", "number"]}
    if required:
        schema["minLength"] = 1
    if max_length:
        schema["maxLength"] = max_length
    schema["not"] = {"type": "string", "anyOf": [{"pattern": TAG_PATTERN}, {"pattern": MULTILINE}]}
    return schema


def value_schema(key: Key, fields: dict[str, str]) -> dict:
    """The JSON Schema of one key's value, as the validator's check_<type> reads it."""
    t = key.type
    if t == "line":
        return _line(key.max_length, key.required)
    if t == "summary":
        schema = {"type": "string", "minLength": 1} if key.required else {"type": "string"}
        if key.max_length:
            schema["maxLength"] = key.max_length
        schema["not"] = {"anyOf": [{"pattern": TAG_PATTERN}, {"pattern": PARAGRAPHS}]}
        return schema
    if t == "text":
        return {"type": "string"}
    if t == "slug":
        schema = {
            "type": ["string", "integer"],
            "minimum": 0,
            "pattern": SLUG_PATTERN.pattern,
            "patternErrorMessage": "Chữ thường, không dấu, nối bằng gạch ngang.",
        }
        if key.max_length:
            schema["maxLength"] = key.max_length
        return schema
    if t == "date":
        return {
            "type": "string",
            "pattern": DATE,
            "patternErrorMessage": "Ngày viết theo dạng NĂM-THÁNG-NGÀY, ví dụ 2021-03-15.",
        }
    if t in ("choice", "field"):
        options = fields if t == "field" else key.choices or {}
        return {"enum": list(options), "enumDescriptions": list(options.values())}
    if t == "unit":
        return {
            "type": "string",
            "pattern": SLUG_PATTERN.pattern,
            "patternErrorMessage": "Mã đơn vị trong models/_units.yml: chữ thường, không dấu, "
            "nối bằng gạch ngang.",
        }
    if t == "reviews":
        choices = key.choices or {}
        return {
            "type": "object",
            "propertyNames": {
                "pattern": YEAR,
                "patternErrorMessage": "Năm bình xét, ví dụ 2021.",
            },
            "additionalProperties": {
                "enum": list(choices),
                "enumDescriptions": list(choices.values()),
            },
        }
    if t == "objects":
        return {"type": "array", "items": record_schema(key.items, fields)}
    if t == "tags":
        return {"type": "array", "items": _line(60, False)}
    if t == "code":
        # The validator also takes a code YAML reads as a number of five digits (26734).
        return {
            "type": ["string", "integer"],
            "pattern": CODE_PATTERN,
            "minimum": 10000,
            "maximum": 99999,
            "patternErrorMessage": "Mã 5 chữ số, viết trong dấu nháy đơn, ví dụ '01843'.",
        }
    if t == "bool":
        return {"type": "boolean"}
    if t == "number":
        return {"type": "number"}
    if t == "image":
        return {
            "type": "string",
            "pattern": IMAGE,
            "patternErrorMessage": f"Tệp ảnh ({SUFFIXES}) đặt cạnh tệp mô hình.",
        }
    raise ValueError(f"unknown key type {t!r}")


def key_schema(key: Key, fields: dict[str, str]) -> dict:
    schema = {"title": key.label[:1].upper() + key.label[1:], "description": key_help(key, fields)}
    schema.update(value_schema(key, fields))
    if not key.required:
        # An optional key left empty ("showcase:") is accepted, as by the validator.
        if "enum" in schema:
            schema["enum"] = [*schema["enum"], None]
            schema["enumDescriptions"] = [*schema["enumDescriptions"], "(để trống)"]
        else:
            types = schema["type"] if isinstance(schema["type"], list) else [schema["type"]]
            schema["type"] = [*types, "null"]
    if key.example is not None:
        schema["examples"] = [key.example]
    return schema


def record_schema(keys: tuple[Key, ...], fields: dict[str, str]) -> dict:
    return {
        "type": "object",
        "properties": {key.name: key_schema(key, fields) for key in keys},
        "required": [key.name for key in keys if key.required],
        "additionalProperties": False,
    }


def model_schema(settings: Settings, yml: bool = False) -> dict:
    fields = {f.id: f.name for f in settings.fields}
    keys = (*MODEL_KEYS, BODY_KEY) if yml else MODEL_KEYS
    title = "Tệp mô hình “Dân vận khéo” dạng .yml" if yml else "Phần thông tin của tệp mô hình"
    return {"$schema": DRAFT, "title": title, **record_schema(keys, fields)}


def units_schema() -> dict:
    return {
        "$schema": DRAFT,
        "title": "Danh mục đơn vị thực hiện mô hình (models/_units.yml)",
        "type": "array",
        "items": record_schema(UNIT_KEYS, {}),
    }


def schemas(settings: Settings) -> dict[str, dict]:
    """File name -> schema."""
    return {
        MODEL_SCHEMA: model_schema(settings),
        MODEL_YML_SCHEMA: model_schema(settings, yml=True),
        UNITS_SCHEMA: units_schema(),
    }


def dump(schema: dict) -> str:
    return json.dumps(schema, ensure_ascii=False, allow_nan=False, indent=2) + "\n"
