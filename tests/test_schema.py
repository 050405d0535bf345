"""The JSON Schemas agree with the validator, and the guide shows the same keys."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from conftest import MODEL, ROOT, UNITS, copy_sample
from jsonschema import Draft7Validator

from generator.data import jsonschema as js
from generator.data import validate
from generator.data.load import LoadError, load, model_files
from generator.data.options import settings_from
from generator.data.schema import KEY_TYPES, MODEL_KEYS, UNIT_KEYS, Key
from generator.data.source import parse_yaml, read_text, split_front_matter
from generator.site import urls
from generator.site.guide import example_lines

PATH = "models/tuyen-duong-sang.md"


@pytest.fixture(scope="module")
def schemas():
    settings, _ = settings_from(ROOT / "mkdocs.yml")
    return js.schemas(settings)


def editor_view(path):
    """A file's data as an editor's YAML 1.2 parser sees it: dates as text, keys as strings."""
    text = read_text(path)
    if path.suffix == ".md":
        text = split_front_matter(text)[0]
    return json.loads(json.dumps(parse_yaml(text, str(path))))


def errors(schema: dict, data) -> list[str]:
    return [error.message for error in Draft7Validator(schema).iter_errors(data)]


def schema_for(path, schemas) -> dict:
    if path.name == "_units.yml":
        return schemas[js.UNITS_SCHEMA]
    return schemas[js.MODEL_YML_SCHEMA if path.suffix == ".yml" else js.MODEL_SCHEMA]


def test_schemas_are_valid_draft_7_and_cover_every_key(schemas):
    for schema in schemas.values():
        Draft7Validator.check_schema(schema)
        assert schema["$schema"] == "http://json-schema.org/draft-07/schema#"
    model = schemas[js.MODEL_SCHEMA]
    assert list(model["properties"]) == [key.name for key in MODEL_KEYS]
    assert model["required"] == ["title", "summary", "field", "unit", "registered"]
    assert list(schemas[js.MODEL_YML_SCHEMA]["properties"])[-1] == "body"
    assert list(schemas[js.UNITS_SCHEMA]["items"]["properties"]) == [k.name for k in UNIT_KEYS]
    kind = model["properties"]["kind"]
    assert kind["enum"][:2] == ["collective", "individual"]
    assert kind["enumDescriptions"][:2] == ["Tập thể", "Cá nhân"]


def test_every_key_type_has_a_check_a_schema_and_a_sentence():
    assert list(validate.CHECKS) == list(KEY_TYPES)
    for name in KEY_TYPES:
        key = Key("x", name, "x", choices={"a": "A"}, items=(Key("y", "line", "y"),))
        assert validate.CHECKS[name] is getattr(validate.Check, "check_" + name)
        assert js.value_schema(key, {}) and js.rule(key, {})


def test_a_key_type_without_a_check_stops_the_import(monkeypatch):
    monkeypatch.setattr(validate, "KEY_TYPES", (*KEY_TYPES, "colour"))
    with pytest.raises(TypeError, match="Key types without a Check.check_<type> method: colour"):
        validate.checks_by_type()


def test_a_key_of_an_unknown_type_is_refused():
    with pytest.raises(TypeError, match="Key 'title': unknown type 'lines'"):
        Key("title", "lines", "tên mô hình")


def test_committed_schemas_are_the_generated_ones(schemas):
    for name, schema in schemas.items():
        committed = (ROOT / js.SCHEMA_DIR / name).read_text(encoding="utf-8")
        assert committed == js.dump(schema), f"run `python -m generator schema` ({name})"


def test_schema_command_writes_and_checks(tmp_path):
    copy_sample(tmp_path)

    def run(*args):
        return subprocess.run(
            [sys.executable, "-m", "generator", "schema", *args],
            cwd=tmp_path,
            capture_output=True,
            text=True,
        )

    result = run("--check")
    assert result.returncode == 1
    assert "schemas/mo-hinh.schema.json:1: Tệp đã cũ" in result.stdout
    assert run().returncode == 0
    for name in (js.MODEL_SCHEMA, js.MODEL_YML_SCHEMA, js.UNITS_SCHEMA):
        assert (tmp_path / "schemas" / name).read_bytes() == (ROOT / "schemas" / name).read_bytes()
    assert run("--check").returncode == 0


def test_every_shipped_file_is_accepted(schemas, sample_catalog):
    files = [*model_files(ROOT / "models"), ROOT / "models" / "_units.yml"]
    assert len(files) == len(sample_catalog.models) + 1
    assert any(path.suffix == ".yml" for path in files[:-1]), "both model forms are covered"
    for path in files:
        assert errors(schema_for(path, schemas), editor_view(path)) == [], path


def test_the_example_of_every_key_is_valid_for_both(project, schemas):
    lines = [line for key in MODEL_KEYS for line in example_lines(key)]
    project.write("models/anh/duong-sang.jpg", b"\xff\xd8\xff\xe0")
    project.write(PATH, "---\n" + "\n".join(lines) + "\n---\n\n## Nội dung\n\nVăn bản.\n")
    settings, root = settings_from(project.root / "mkdocs.yml")
    model = next(m for m in load(settings, root).models if m.slug == "tuyen-duong-sang")
    assert model.showcase and model.commendations and model.results and model.images
    assert errors(schemas[js.MODEL_SCHEMA], editor_view(project.root / PATH)) == []


def replace(old: str, new: str) -> str:
    assert old in MODEL
    return MODEL.replace(old, new)


ADD = "registered: 2021-03-15\n"

# Bad inputs of test_validate.py that a schema can express, and a few more.
BAD_MODELS = [
    replace("title:", "tittle:"),
    replace(ADD, ADD + "tu-khoa: [đèn]\n"),
    replace("summary: Chi bộ vận động nhân dân lắp đèn chiếu sáng và trồng cây xanh.\n", ""),
    replace(ADD, ADD + "tags: chiếu sáng, cây xanh\n"),
    replace(ADD, ADD + "draft: có\n"),
    replace(ADD, ADD + "results:\n  - {label: Đèn, value: 270 bóng}\n"),
    replace(ADD, ADD + "results:\n  - {label: Đèn}\n"),
    replace(ADD, ADD + "results:\n  - {label: Đèn, value: 270, don-vi: bóng}\n"),
    replace("title: Tuyến đường sáng – xanh – sạch – đẹp", "title: [Tuyến đường]"),
    replace("title: Tuyến đường sáng – xanh – sạch – đẹp", "title:"),
    replace("title: Tuyến đường sáng – xanh – sạch – đẹp", "title: Tuyến <b>đường</b>"),
    replace("field: do-thi-van-minh", "field: do-thi"),
    replace("unit: chi-bo-khu-pho-1", "unit: Công ty cổ phần cấp nước"),
    replace(ADD, ADD + "kind: ca-nhan\n"),
    replace("2021-03-15", "15/03/2021"),
    replace("2021-03-15", "2021-13-01"),
    replace("2021-03-15", "1985-03-15"),
    replace("  2022: recognized", "  2022: công nhận"),
    replace("  2022: recognized", "  hai-nghin: recognized"),
    replace("reviews:\n  2021: recognized\n  2022: recognized\n", "reviews: [2021, 2022]\n"),
    replace("summary: Chi bộ", "summary: " + "rất " * 130 + "Chi bộ"),
    replace(ADD, ADD + 'summary2: "x"\n'),
    replace(ADD, ADD + "images:\n  - src: https://anh.vn/a.jpg\n    caption: Đèn\n"),
    replace(ADD, ADD + "images:\n  - src: anh/bao-cao.pdf\n    caption: Báo cáo\n"),
    replace(ADD, ADD + "images:\n  - src: anh/den.jpg\n"),
    replace(ADD, ADD + "commendations:\n  - by: UBND phường\n"),
    replace(ADD, ADD + "commendations:\n  - date: 10/05/2024\n    by: UBND phường\n"),
]


@pytest.mark.parametrize("text", BAD_MODELS)
def test_what_the_validator_rejects_the_schema_rejects(project, schemas, text):
    project.write(PATH, text)
    settings, root = settings_from(project.root / "mkdocs.yml")
    with pytest.raises(LoadError):
        load(settings, root)
    assert errors(schemas[js.MODEL_SCHEMA], editor_view(project.root / PATH)) != []


BAD_UNITS = [
    UNITS.replace("type: residential", "type: residental"),
    UNITS.replace("id: chi-bo-khu-pho-1", "id: Chi Bo 1"),
    UNITS.replace("  locality: Phường Hòa Bình\n", ""),
    UNITS.replace(
        "  locality: Phường Hòa Bình\n", "  locality: Phường Hòa Bình\n  dia-chi: số 1\n"
    ),
    "chi-bo-khu-pho-1: Chi bộ Khu phố 1\n",
    UNITS.replace(
        "  locality: Phường Hòa Bình\n", "  locality: Phường Hòa Bình\n  locality_code: '1843'\n"
    ),
    UNITS.replace(
        "  locality: Phường Hòa Bình\n", "  locality: Phường Hòa Bình\n  locality_code: 1843\n"
    ),
    UNITS.replace(
        "  locality: Phường Hòa Bình\n",
        "  locality: Phường Hòa Bình\n  history:\n    - locality: Phường Sông Cầu\n",
    ),
    UNITS.replace(
        "  locality: Phường Hòa Bình\n",
        "  locality: Phường Hòa Bình\n  history:\n    - until: 2025-06-30\n      dia-chi: số 1\n",
    ),
]


@pytest.mark.parametrize("text", BAD_UNITS)
def test_bad_unit_registry_is_rejected_by_both(project, schemas, text):
    project.write("models/_units.yml", text)
    settings, root = settings_from(project.root / "mkdocs.yml")
    with pytest.raises(LoadError):
        load(settings, root)
    data = editor_view(project.root / "models/_units.yml")
    assert errors(schemas[js.UNITS_SCHEMA], data) != []


def test_yml_body_must_be_text(project, schemas):
    text = (
        "title: Mô hình dạng YAML\nsummary: Tóm tắt.\nfield: xay-dung-dang\n"
        "unit: cong-ty-cap-nuoc\nregistered: 2022-01-10\nbody: [một, hai]\n"
    )
    project.write("models/mo-hinh-yml.yml", text)
    settings, root = settings_from(project.root / "mkdocs.yml")
    with pytest.raises(LoadError):
        load(settings, root)
    assert errors(
        schemas[js.MODEL_YML_SCHEMA], editor_view(project.root / "models/mo-hinh-yml.yml")
    )
    project.write("models/mo-hinh-yml.yml", text.replace("[một, hai]", "|\n  ## Nội dung\n"))
    assert load(settings, root)
    assert not errors(
        schemas[js.MODEL_YML_SCHEMA], editor_view(project.root / "models/mo-hinh-yml.yml")
    )


def test_schemas_are_published_and_linked_from_the_guide(sample_site, schemas):
    for name, schema in schemas.items():
        published = (sample_site / urls.SCHEMA_DIR / name).read_text(encoding="utf-8")
        assert published == js.dump(schema)
        assert json.loads(published)["$schema"] == js.DRAFT
    html = (sample_site / "huong-dan/dong-gop/index.html").read_text(encoding="utf-8")
    for name in schemas:
        assert f'href="../../schema/{name}"' in html


def test_guide_explains_every_key_with_its_example(sample_site, sample_catalog):
    from html import unescape

    html = unescape((sample_site / "huong-dan/dong-gop/index.html").read_text(encoding="utf-8"))
    article = html[html.index("<article") : html.rindex("</article>")]
    assert "dvk:" not in article
    for prefix, keys in (("khoa", MODEL_KEYS), ("don-vi", UNIT_KEYS)):
        for key in keys:
            start = article.index(f'id="{prefix}-{key.name}"')
            section = article[start : article.find("<h", start + 10)]
            assert key.label in section
            for item in key.items:
                assert f"<code>{item.name}</code>" in section
            example = "\n".join(example_lines(key))
            assert example in section, (key.name, example)
    for field in sample_catalog.settings.fields:
        assert f"<code>{field.id}</code></td><td>{field.name}</td>" in article
    for unit in sample_catalog.units.values():
        assert f"<code>{unit.id}</code></td><td>{unit.name}</td>" in article
    # The guide explains the edit link every model page carries.
    assert "Đề xuất sửa thông tin mô hình này" in article
