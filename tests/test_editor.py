"""The editor page /quan-tri/: its config.yml against the keys, the page and its files.
The form itself in a browser: tests/test_editor_browser.py; the JavaScript's rules:
tests/test_editor_format.py."""

from __future__ import annotations

import base64
import dataclasses
import hashlib
import json
import re
from pathlib import Path

import pytest
import yaml
from conftest import MODEL, ROOT
from npm import package_files

from generator.data.load import load
from generator.data.schema import BODY_KEY, BODY_SECTIONS, MODEL_KEYS, UNIT_KEYS
from generator.data.settings import KINDS, REVIEW_RESULTS, UNIT_TYPES, Settings, SettingsError
from generator.data.text import sort_key
from generator.data.validate import Check, vietnam_today
from generator.site.editor import (
    BUILTIN_HINTS,
    COMMIT_MESSAGES,
    OWN_SCRIPTS,
    OWN_STYLE,
    SCRIPTS,
    TAG_MAX_LENGTH,
    FormConfig,
    page,
    years,
)


@pytest.fixture(scope="module")
def config(sample_catalog) -> dict:
    return FormConfig(sample_catalog).config()


def collection(config: dict, name: str) -> dict:
    return next(c for c in config["collections"] if c["name"] == name)


def by_name(fields: list[dict]) -> dict[str, dict]:
    return {f["name"]: f for f in fields}


# -- config.yml agrees with the keys -----------------------------------------------


def test_a_collection_per_field_with_every_model_key(config, sample_catalog):
    fields = sample_catalog.settings.fields
    assert [c["name"] for c in config["collections"]] == [f.id for f in fields] + ["don-vi"]
    for f in fields:
        c = collection(config, f.id)
        assert c["label"] == f.name
        assert c["folder"] == f"models/{f.id}"
        assert (c["extension"], c["format"], c["create"]) == ("md", "dvk-md", True)
        # Published by merging the pull request, never from the form.
        assert (c["publish"], c["delete"]) == (False, False)
        assert [w["name"] for w in c["fields"]] == [k.name for k in MODEL_KEYS] + ["body"]
        for key in (*MODEL_KEYS, BODY_KEY):
            widget = by_name(c["fields"])[key.name]
            assert widget["label"] == key.label[:1].upper() + key.label[1:]
            if key.type != "field":
                assert widget["required"] is key.required, key.name
        # The field is the collection: written as its id, never chosen apart from the folder.
        assert by_name(c["fields"])["field"] == {
            "name": "field",
            "label": "Lĩnh vực",
            "widget": "hidden",
            "default": f.id,
        }


def test_choices_units_dates_and_lists(config, sample_catalog):
    fields = by_name(collection(config, "do-thi-van-minh")["fields"])
    options = {o["value"]: o["label"] for o in fields["kind"]["options"]}
    assert fields["kind"]["widget"] == "select" and options == KINDS
    units = fields["unit"]
    assert units["widget"] == "select"
    by_name_order = sorted(sample_catalog.units.values(), key=lambda u: sort_key(u.name))
    assert [o["value"] for o in units["options"]] == [u.id for u in by_name_order]
    assert {o["value"]: o["label"] for o in units["options"]} == {
        u.id: f"{u.name} ({u.locality})" for u in sample_catalog.units.values()
    }
    for name in ("registered", "showcase", "ended"):
        assert fields[name]["widget"] == "dvk-date"
    # One row a year from the model's registration (assets/editor/editor.js).
    reviews = fields["reviews"]
    assert (reviews["widget"], reviews["since"], reviews["until"]) == (
        "dvk-reviews",
        "registered",
        "ended",
    )
    assert {o["value"]: o["label"] for o in reviews["options"]} == REVIEW_RESULTS
    for key in MODEL_KEYS:
        if key.type == "objects":
            widget = fields[key.name]
            assert widget["widget"] == "list"
            assert [w["name"] for w in widget["fields"]] == [k.name for k in key.items]
            for item, w in zip(key.items, widget["fields"], strict=True):
                assert w["required"] is item.required
    assert fields["tags"] == {
        "name": "tags",
        "label": "Từ khoá",
        "hint": fields["tags"]["hint"],
        "required": False,
        "widget": "dvk-tags",
        "max_length": TAG_MAX_LENGTH,
    }
    results = by_name(fields["results"]["fields"])
    assert results["value"]["widget"] == "dvk-number"
    assert (results["label"]["widget"], results["label"]["max_length"]) == ("dvk-line", 150)
    image = by_name(fields["images"]["fields"])
    assert (image["src"]["widget"], image["src"]["folder"]) == ("dvk-image", "anh")
    assert image["caption"]["required"] is True
    assert collection(config, "do-thi-van-minh")["media_folder"] == "anh"
    # No media library: its uploads would go to the main branch.
    assert config["media_library"] == {"name": "dvk-khong"}
    body = fields["body"]
    assert body["widget"] == "markdown" and body["editor_components"] == []
    assert re.findall(r"^## (.+)$", body["default"], re.M) == list(BODY_SECTIONS)
    assert fields["draft"]["widget"] == "boolean"
    assert (fields["summary"]["widget"], fields["summary"]["max_length"]) == ("dvk-summary", 500)


def test_sveltia_keeps_its_own_fields(sample_catalog):
    settings = dataclasses.replace(sample_catalog.settings, editor_cms="sveltia")
    config = FormConfig(dataclasses.replace(sample_catalog, settings=settings)).config()
    fields = by_name(collection(config, "do-thi-van-minh")["fields"])
    assert collection(config, "do-thi-van-minh")["format"] == "frontmatter"
    assert fields["registered"]["widget"] == "datetime"
    assert fields["registered"]["format"] == "YYYY-MM-DD"
    reviews = fields["reviews"]
    today = vietnam_today()
    assert [w["name"] for w in reviews["fields"]] == [str(y) for y in years(sample_catalog, today)]
    assert fields["tags"]["widget"] == "list"
    title = re.compile(fields["title"]["pattern"][0])
    assert title.match("Đường hoa khu phố 7")
    assert not title.match("x" * 201)
    assert not title.match("Đường <b>hoa</b>")
    summary = re.compile(fields["summary"]["pattern"][0])
    assert summary.match("Một đoạn.\nVẫn một đoạn.")
    assert not summary.match("Đoạn một.\n\nĐoạn hai.")
    assert "media_library" not in config and "local_backend" not in config
    # Hints for Sveltia's own fields, not for the page's.
    assert fields["tags"]["hint"] == BUILTIN_HINTS["tags"]
    assert "15/03/2023" not in fields["registered"].get("hint", "")


def test_words_for_staff(config):
    """No file paths, settings, commands or YAML in what the form says."""
    said = []

    def walk(fields, where):
        for f in fields:
            said.extend((f"{where}.{f['name']}", f.get(k, "")) for k in ("label", "hint"))
            walk(f.get("fields", []), f"{where}.{f['name']}")

    for c in config["collections"]:
        said.append((c["name"], c.get("description", "")))
        walk(c["fields"], c["name"])
    developer = re.compile(
        r"models/|\.ya?ml\b|\.md\b|mkdocs|province|units migrate|<!--|`|\btrue\b|"
        r"khoá unit|ở khoá|YAML|dấu chấm \(3\.5\)"
    )
    assert [(where, text) for where, text in said if developer.search(text)] == []
    fields = by_name(collection(config, "do-thi-van-minh")["fields"])
    results = by_name(fields["results"]["fields"])
    # A result's unit of measure is not the model's unit.
    assert results["unit"].get("hint", "") != fields["unit"]["hint"]
    assert "1.250" in results["value"]["hint"] and "3,5" in results["value"]["hint"]
    assert "15/03/2023" in fields["registered"]["hint"]
    messages = config["backend"]["commit_messages"]
    assert messages["create"] == "Thêm {{collection}} “{{slug}}”"
    assert messages["update"] == "Sửa {{collection}} “{{slug}}”"


def test_the_forms_limits_are_the_validators():
    """The limits of the form's fields that the validator holds in its code."""
    tags = next(k for k in MODEL_KEYS if k.name == "tags")
    check = Check("x.md")
    assert check.check_tags(tags, yaml_list(["x" * TAG_MAX_LENGTH]), 1) == ("x" * 60,)
    assert not check.problems
    check.check_tags(tags, yaml_list(["x" * (TAG_MAX_LENGTH + 1)]), 1)
    assert check.problems


def yaml_list(items: list) -> list:
    from generator.data.source import parse_yaml

    return parse_yaml(yaml.safe_dump({"k": items}, allow_unicode=True), "x.yml")["k"]


def test_units_collection_writes_one_file_per_unit(config):
    units = collection(config, "don-vi")
    assert (units["folder"], units["extension"], units["format"]) == (
        "models/_units",
        "yml",
        "dvk-yml",
    )
    assert [w["name"] for w in units["fields"]] == [k.name for k in UNIT_KEYS if k.name != "id"]
    options = by_name(units["fields"])["type"]["options"]
    assert {o["value"]: o["label"] for o in options} == UNIT_TYPES


def test_config_yml_reads_back_the_same(sample_site, config):
    text = (sample_site / "quan-tri" / "config.yml").read_text(encoding="utf-8")
    built = yaml.safe_load(text)
    assert built["publish_mode"] == "editorial_workflow" and built["locale"] == "vi"
    assert built["backend"] == {
        "name": "github",
        "repo": "ban-dan-van/dan-van-kheo",
        "branch": "main",
        "commit_messages": config["backend"]["commit_messages"],
    }
    # The unit list is written once and referred to from the other collections.
    assert text.count("value: chi-bo-thon-dong-tien") == 1
    assert [c["name"] for c in built["collections"]] == [c["name"] for c in config["collections"]]


# -- the page -------------------------------------------------------------------------


def test_page_loads_one_pinned_script_with_its_hash(sample_site):
    html = (sample_site / "quan-tri" / "index.html").read_text(encoding="utf-8")
    sources = re.findall(
        r'<script src="([^"]+)" integrity="([^"]+)" crossorigin="anonymous">', html
    )
    assert sources == [(SCRIPTS["decap"].url, SCRIPTS["decap"].integrity)]
    assert re.findall(r"https?://[^\s\"'<>]+", html) == [SCRIPTS["decap"].url]
    assert '<meta name="robots" content="noindex, nofollow">' in html
    # The page's own files, from the site itself, after the CMS script.
    own = re.findall(r'<script src="([^"]+)"></script>', html)
    assert own == list(OWN_SCRIPTS)
    assert html.index(SCRIPTS["decap"].url) < html.index(OWN_SCRIPTS[0])
    assert html.index("CMS_MANUAL_INIT") < html.index(SCRIPTS["decap"].url)
    assert f'<link rel="stylesheet" href="{OWN_STYLE}">' in html
    for name in (*OWN_SCRIPTS, OWN_STYLE):
        served = (sample_site / "quan-tri" / name).read_text(encoding="utf-8")
        assert served == (ROOT / "generator/site/assets/editor" / name).read_text(encoding="utf-8")
        assert not re.findall(r"https?://(?!\$\{location)[^\s\"'<>]+", served), name


def test_no_public_page_carries_the_editor(sample_site):
    ours = [*sample_site.rglob("*.html"), *sample_site.rglob("*.xml"), *sample_site.rglob("*.json")]
    ours += [sample_site / "assets" / name for name in ("search.js", "catalogue.js")]
    mentions = []
    for path in ours:
        if path.parts[-2] != "quan-tri":
            text = path.read_text(encoding="utf-8", errors="replace")
            for script in SCRIPTS.values():
                assert script.url not in text and script.package not in text, path
            if "quan-tri" in text and path.suffix == ".html":
                mentions.append(path.relative_to(sample_site).as_posix())
    # Linked from the guide only: not in the navigation, the sitemap or the search index.
    assert mentions == ["huong-dan/dong-gop/index.html"]
    assert "quan-tri" not in (sample_site / "sitemap.xml").read_text(encoding="utf-8")
    addresses = [
        record[1]
        for path in (sample_site / "search" / "d").glob("*.json")
        for record in json.loads(path.read_text(encoding="utf-8"))
    ]
    assert addresses and not [a for a in addresses if "quan-tri" in a]


def test_editor_false_and_no_repository_leave_the_page_out(project):
    result = project.build("site")
    assert result.returncode == 0, result.stderr
    assert not (project.root / "site" / "quan-tri").exists()
    assert "Không tạo trang /quan-tri/" in result.stderr
    text = project.root.joinpath("mkdocs.yml").read_text()
    project.write(
        "mkdocs.yml",
        "repo_url: https://github.com/ban/kho\n"
        + text.replace("  - dan-van-kheo\n", "  - dan-van-kheo:\n      editor: false\n"),
    )
    result = project.build("site2")
    assert result.returncode == 0, result.stderr
    assert not (project.root / "site2" / "quan-tri").exists()
    project.write("mkdocs.yml", "repo_url: https://github.com/ban/kho\n" + text)
    assert project.build("site3").returncode == 0
    built = yaml.safe_load((project.root / "site3/quan-tri/config.yml").read_text())
    assert built["backend"]["repo"] == "ban/kho"


def test_editor_options():
    base = Path("/tmp")
    assert Settings.from_options({"editor": False}, base).editor is False
    chosen = Settings.from_options(
        {"editor": {"cms": "sveltia", "backend": {"base_url": "https://oauth.example.org"}}}, base
    )
    assert chosen.editor_cms == "sveltia"
    assert chosen.editor_backend == {"base_url": "https://oauth.example.org"}
    for wrong in ("yes", {"cms": "wordpress"}, {"backend": "x"}, {"color": 1}):
        with pytest.raises(SettingsError):
            Settings.from_options({"editor": wrong}, base)


def test_backend_options_are_merged(sample_catalog):
    settings = dataclasses.replace(
        sample_catalog.settings,
        editor_backend={"base_url": "https://oauth.example.org", "branch": "xuat-ban"},
    )
    catalog = dataclasses.replace(sample_catalog, settings=settings)
    backend = FormConfig(catalog).config()["backend"]
    assert backend == {
        "name": "github",
        "repo": "ban-dan-van/dan-van-kheo",
        "branch": "xuat-ban",
        "base_url": "https://oauth.example.org",
        "commit_messages": COMMIT_MESSAGES,
    }


# -- units added one file each ----------------------------------------------------------


def test_units_from_their_own_files(project):
    project.write(
        "models/_units/chi-bo-thon-phuoc-thanh-xa-phuoc-hung.yml",
        "name: Chi bộ thôn Phước Thạnh\ntype: residential\nlocality: Xã Phước Hưng\n",
    )
    project.write(
        "models/tuyen-duong-sang.md",
        MODEL.replace("unit: chi-bo-khu-pho-1", "unit: chi-bo-thon-phuoc-thanh-xa-phuoc-hung"),
    )
    from generator.data.options import settings_from

    settings, root = settings_from(project.root / "mkdocs.yml")
    catalog = load(settings, root)
    unit = catalog.units["chi-bo-thon-phuoc-thanh-xa-phuoc-hung"]
    assert (unit.name, unit.locality) == ("Chi bộ thôn Phước Thạnh", "Xã Phước Hưng")
    assert catalog.models[0].unit == unit


def test_unit_files_report_every_problem(project):
    project.write("models/_units/Chi Bo.yml", "name: A\ntype: residential\nlocality: B\n")
    project.write("models/_units/cong-ty-cap-nuoc.yml", "name: A\ntype: residential\nlocality: B\n")
    project.write("models/_units/ten-khac.yml", "id: ma-khac\nname: A\ntype: agency\nlocality: B\n")
    project.write("models/_units/thieu.yml", "name: A\ntype: cong-ty\n")
    project.write("models/_units/sai.yaml", "name: A\n")
    result = project.validate()
    assert result.returncode == 1
    lines = result.stdout + result.stderr
    assert 'models/_units/Chi Bo.yml:1: Tên tệp "Chi Bo.yml" là mã đơn vị' in lines
    assert 'models/_units/cong-ty-cap-nuoc.yml:1: Mã đơn vị "cong-ty-cap-nuoc" đã có' in lines
    assert 'models/_units/ten-khac.yml:1: "id" phải trùng với tên tệp: "ten-khac".' in lines
    assert "models/_units/thieu.yml:1: Thiếu khoá bắt buộc" in lines
    assert 'models/_units/thieu.yml:2: "type" (loại đơn vị) "cong-ty" không có' in lines
    assert "models/_units/sai.yaml:1: Tệp đơn vị phải có đuôi .yml" in lines


# -- the pinned scripts are the npm packages' files -------------------------------------


@pytest.mark.parametrize("cms", sorted(SCRIPTS))
def test_pinned_script_is_the_published_file(cms):
    script = SCRIPTS[cms]
    files = package_files(script.package, script.version)
    assert json.loads((files / "package.json").read_text())["version"] == script.version
    digest = hashlib.sha384((files / script.path).read_bytes()).digest()
    assert script.integrity == "sha384-" + base64.b64encode(digest).decode()
    assert script.url == f"https://unpkg.com/{script.package}@{script.version}/{script.path}"


def test_sveltia_accepts_the_config(sample_catalog):
    jsonschema = pytest.importorskip("jsonschema")
    files = package_files("@sveltia/cms", SCRIPTS["sveltia"].version)
    schema = json.loads((files / "schema" / "sveltia-cms.json").read_text(encoding="utf-8"))
    settings = dataclasses.replace(sample_catalog.settings, editor_cms="sveltia")
    config = FormConfig(dataclasses.replace(sample_catalog, settings=settings)).config()
    errors = [e.message for e in jsonschema.Draft7Validator(schema).iter_errors(config)]
    assert errors == []
    assert "sveltia-cms.js" in page(settings)
