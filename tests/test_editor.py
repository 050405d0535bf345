"""The editor page /quan-tri/: its config.yml against the keys, the page, and the form
end to end in headless Chromium against Decap's local proxy (decap-server, git mode).
"""

from __future__ import annotations

import base64
import dataclasses
import functools
import hashlib
import http.server
import json
import os
import re
import socket
import struct
import subprocess
import sys
import threading
import time
import urllib.request
import zlib
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml
from conftest import MODEL, copy_sample
from npm import installed, package_files

from generator.authoring.files import short_slug
from generator.data.load import LoadError, load
from generator.data.schema import BODY_KEY, BODY_SECTIONS, MODEL_KEYS, UNIT_KEYS
from generator.data.settings import KINDS, REVIEW_RESULTS, UNIT_TYPES, Settings, SettingsError
from generator.data.source import split_front_matter
from generator.data.text import sort_key
from generator.data.validate import vietnam_today
from generator.site.editor import SCRIPTS, FormConfig, label, page, years

DECAP_SERVER = "3.11.3"
SHOTS = Path(os.environ["DVK_SCREENSHOTS"]) if os.environ.get("DVK_SCREENSHOTS") else None


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
        assert (c["extension"], c["format"], c["create"]) == ("md", "frontmatter", True)
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
        assert fields[name]["widget"] == "datetime"
        assert (fields[name]["format"], fields[name]["time_format"]) == ("YYYY-MM-DD", False)
    reviews = fields["reviews"]
    today = vietnam_today()
    assert [w["name"] for w in reviews["fields"]] == [str(y) for y in years(sample_catalog, today)]
    assert reviews["fields"][-1]["name"] == str(today.year)
    earliest = min(m.registered.year for m in sample_catalog.models)
    assert reviews["fields"][0]["name"] == str(min(earliest, 2017))
    for year in reviews["fields"]:
        assert {o["value"]: o["label"] for o in year["options"]} == REVIEW_RESULTS
        assert year["required"] is False
    for key in MODEL_KEYS:
        if key.type == "objects":
            widget = fields[key.name]
            assert widget["widget"] == "list"
            assert [w["name"] for w in widget["fields"]] == [k.name for k in key.items]
            for item, w in zip(key.items, widget["fields"], strict=True):
                assert w["required"] is item.required and w["label"] == label(item)
    assert fields["tags"]["widget"] == "list" and "fields" not in fields["tags"]
    image = by_name(fields["images"]["fields"])
    assert image["src"]["widget"] == "image" and image["caption"]["required"] is True
    assert collection(config, "do-thi-van-minh")["media_folder"] == "anh"
    body = fields["body"]
    assert body["widget"] == "markdown"
    assert re.findall(r"^## (.+)$", body["default"], re.M) == list(BODY_SECTIONS)
    assert fields["draft"]["widget"] == "boolean"


def test_text_limits_are_checked_by_the_form(config):
    fields = by_name(collection(config, "do-thi-van-minh")["fields"])
    title = re.compile(fields["title"]["pattern"][0])
    assert title.match("Đường hoa khu phố 7")
    assert not title.match("x" * 201)
    assert not title.match("Đường <b>hoa</b>")
    summary = re.compile(fields["summary"]["pattern"][0])
    assert summary.match("Một đoạn.\nVẫn một đoạn.")
    assert not summary.match("Đoạn một.\n\nĐoạn hai.")


def test_units_collection_writes_one_file_per_unit(config):
    units = collection(config, "don-vi")
    assert (units["folder"], units["extension"], units["format"]) == ("models/_units", "yml", "yml")
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


# -- end to end: the form, decap-server in git mode, the new branch -------------------


def png(width: int = 48, height: int = 32) -> bytes:
    raw = b"".join(b"\x00" + bytes((40, 140, 60)) * width for _ in range(height))

    def chunk(kind: bytes, data: bytes) -> bytes:
        crc = zlib.crc32(kind + data) & 0xFFFFFFFF
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", crc)

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(raw))
        + chunk(b"IEND", b"")
    )


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def git(repo: Path, *args: str) -> str:
    result = subprocess.run(["git", *args], cwd=repo, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    return result.stdout


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    # As static hosts (GitHub Pages among them) serve it.
    extensions_map = {**http.server.SimpleHTTPRequestHandler.extensions_map, ".yml": "text/yaml"}

    def log_message(self, *args):
        pass


@dataclasses.dataclass
class Editor:
    repo: Path
    site: Path
    base: str
    decap: Path  # the decap-cms package's dist/


@pytest.fixture(scope="module")
def editor(tmp_path_factory):
    decap = package_files("decap-cms", SCRIPTS["decap"].version) / "dist"
    server = installed("decap-server", DECAP_SERVER) / "dist" / "index.js"
    root = tmp_path_factory.mktemp("editor")
    repo = root / "repo"
    repo.mkdir()
    copy_sample(repo)
    git(repo, "init", "-q", "-b", "main")
    git(repo, "config", "user.name", "Cán bộ Ban Dân vận")
    git(repo, "config", "user.email", "can-bo@example.invalid")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "Dữ liệu mẫu")
    site = root / "site"
    build = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(site)],
        cwd=repo,
        capture_output=True,
        text=True,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )
    assert build.returncode == 0, build.stderr
    port = free_port()
    proxy = f"http://127.0.0.1:{port}/api/v1"
    # The shipped config.yml asks for the proxy on its default port; point it at ours.
    config = site / "quan-tri" / "config.yml"
    text = config.read_text(encoding="utf-8")
    assert "local_backend: true\n" in text
    config.write_text(text.replace("local_backend: true\n", f"local_backend:\n  url: {proxy}\n"))
    log = (root / "decap-server.log").open("w")
    process = subprocess.Popen(
        ["node", str(server)],
        env={
            **os.environ,
            "PORT": str(port),
            "BIND_HOST": "127.0.0.1",
            "MODE": "git",
            "GIT_REPO_DIRECTORY": str(repo),
            "LOG_LEVEL": "debug",
        },
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    httpd = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(QuietHandler, directory=str(site))
    )
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                request = urllib.request.Request(
                    proxy, data=b'{"action":"info"}', headers={"Content-Type": "application/json"}
                )
                with urllib.request.urlopen(request, timeout=2) as response:
                    assert json.load(response)["type"] == "local_git"
                break
            except OSError:
                assert process.poll() is None, (root / "decap-server.log").read_text()
                assert time.monotonic() < deadline, "decap-server did not start"
                time.sleep(0.2)
        yield Editor(repo, site, f"http://127.0.0.1:{httpd.server_port}/", decap)
    finally:
        httpd.shutdown()
        httpd.server_close()
        process.terminate()
        process.wait(timeout=10)
        log.close()


def open_editor(browser, editor: Editor, width: int = 1280, height: int = 900):
    """Signed in to the CMS; the CDN answered from the npm package, nothing else outside."""
    context = browser.new_context(viewport={"width": width, "height": height}, locale="vi-VN")
    context.outside, context.errors = [], []
    prefix = SCRIPTS["decap"].url.rsplit("/", 1)[0] + "/"

    def route(route):
        url = route.request.url
        if url.startswith(prefix):
            body = (editor.decap / url[len(prefix) :]).read_bytes()
            headers = {"Content-Type": "text/javascript", "Access-Control-Allow-Origin": "*"}
            context.outside.append(url)
            route.fulfill(body=body, headers=headers)
        else:
            context.outside.append(url)
            route.abort()

    # Requests to this machine go straight through; the rest come here.
    context.route(lambda url: urlsplit(url).hostname != "127.0.0.1", route)
    page = context.new_page()
    page.on("pageerror", lambda error: context.errors.append(str(error)))
    context.console = []
    page.on("console", lambda message: context.console.append(f"{message.type}: {message.text}"))
    page.goto(editor.base + "quan-tri/")
    page.get_by_role("button", name="Đăng nhập").click()
    page.get_by_text("Bộ sưu tập").wait_for()
    return page


def close(page):
    context = page.context
    # Only the pinned script left the site (served here from the npm package).
    assert context.outside == [SCRIPTS["decap"].url]
    assert context.errors == []
    context.close()


def screenshot(page, name: str, tmp: Path) -> Path:
    folder = SHOTS or tmp
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}.png"
    page.screenshot(path=str(path))
    return path


def wait_for_branch(page, repo: Path, branch: str) -> None:
    deadline = time.monotonic() + 30
    while branch not in git(repo, "branch", "--list", branch):
        if time.monotonic() > deadline:
            # What the form says (a field it refused, an error) is the useful part.
            console = "\n".join(page.context.console[-20:])
            pytest.fail(
                f"no branch {branch}; the page says:\n{page.inner_text('body')[:300]}\n"
                f"console:\n{console}"
            )
        page.wait_for_timeout(300)  # not time.sleep: the page's events need this thread


def choose(page, field: str, typed: str, option: str) -> None:
    page.locator(f'input[id^="{field}-field"]').fill(typed)
    page.get_by_role("option", name=option, exact=True).click()


TITLE = "Đường hoa “Khu phố 7” – sáng, xanh, sạch"


def test_staff_add_a_model_from_the_form(browser, editor, tmp_path):
    page = open_editor(browser, editor)
    screenshot(page, "quan-tri-danh-sach", tmp_path)
    page.get_by_role("link", name="Xây dựng nông thôn mới, đô thị văn minh").click()
    page.get_by_role("link", name=re.compile(r"mô hình$")).click()
    page.locator('input[id^="title-field"]').fill(TITLE)
    page.locator('textarea[id^="summary-field"]').fill(
        "Chi bộ vận động các hộ dân trồng và chăm sóc hoa dọc tuyến đường của khu phố."
    )
    # A unit found by part of its name typed without diacritics.
    choose(page, "unit", "dong tien", "Chi bộ thôn Đồng Tiến (Xã Phước Hưng)")
    page.locator('input[id^="registered-field"]').fill("2023-03-15")
    choose(page, "2023", "duoc cong", "Được công nhận")
    choose(page, "2024", "khong", "Không được công nhận")
    page.get_by_role("button", name="Thêm chỉ tiêu").click()
    page.locator('input[id^="label-field"]').fill("Cây hoa được trồng")
    page.locator('input[id^="value-field"]').fill("1250")
    page.locator('input[id^="unit-field"]').last.fill("cây")
    page.locator('input[id^="tags-field"]').fill("hoa, cảnh quan")
    page.get_by_role("button", name="Thêm ảnh").click()
    page.get_by_role("button", name="Chọn một hình").click()
    image = tmp_path / "hoa-muoi-gio.png"
    image.write_bytes(png())
    page.locator("input[type=file]").last.set_input_files(str(image))
    page.get_by_role("button", name="Lấy những cái đã chọn").click()
    page.locator('input[id^="caption-field"]').fill("Hoa mười giờ trước nhà văn hoá khu phố")
    # The body starts with the four headings: click at the end of the first, new line.
    heading = page.locator("[data-slate-editor] h2", has_text="Nội dung")
    heading.click()
    # The caret at the very end of the heading (a click lands where the text is).
    heading.evaluate(
        """h => {
            const text = h.querySelector("[data-slate-string]").firstChild;
            const range = document.createRange();
            range.setStart(text, text.length);
            range.collapse(true);
            getSelection().removeAllRanges();
            getSelection().addRange(range);
        }"""
    )
    page.wait_for_timeout(200)
    page.keyboard.press("Enter")
    page.keyboard.type("Bà con tự góp tiền mua giống hoa và chia nhau chăm sóc.")
    page.locator('input[id^="title-field"]').scroll_into_view_if_needed()
    screenshot(page, "quan-tri-mo-hinh-moi", tmp_path)
    page.get_by_role("button", name="Lưu", exact=True).click()

    slug = short_slug(TITLE)
    branch = f"cms/do-thi-van-minh/{slug}"
    wait_for_branch(page, editor.repo, branch)
    page.get_by_text("Thay đổi đã được lưu").wait_for()
    page.wait_for_timeout(1000)  # the proxy handles one request at a time
    # The board of saved entries ("Biên tập" in the header): each one a pull request.
    page.goto(editor.base + "quan-tri/#/workflow")
    page.get_by_text(TITLE).first.wait_for()
    screenshot(page, "quan-tri-bien-tap", tmp_path)
    close(page)

    # The branch holds the model file (named from the title as `new` names it) and the image.
    changed = git(editor.repo, "diff", "--name-only", "main", branch).split()
    path = f"models/do-thi-van-minh/{slug}.md"
    assert sorted(changed) == sorted([path, "models/do-thi-van-minh/anh/hoa-muoi-gio.png"])
    checkout = tmp_path / "nhanh"
    git(editor.repo, "worktree", "add", "-q", str(checkout), branch)
    try:
        front, body, _ = split_front_matter((checkout / path).read_text(encoding="utf-8"))
        data = yaml.safe_load(front)
        assert data["title"] == TITLE and data["unit"] == "chi-bo-thon-dong-tien"
        assert str(data["registered"]) == "2023-03-15"
        assert {int(y): r for y, r in data["reviews"].items()} == {
            2023: "recognized",
            2024: "not-recognized",
        }
        assert data["images"] == [
            {"src": "anh/hoa-muoi-gio.png", "caption": "Hoa mười giờ trước nhà văn hoá khu phố"}
        ]
        # Nothing left empty: no blank optional keys, no draft: false.
        assert set(data) == {
            "title",
            "summary",
            "field",
            "unit",
            "kind",
            "registered",
            "reviews",
            "results",
            "tags",
            "images",
        }
        assert re.findall(r"^## (.+)$", body, re.M) == list(BODY_SECTIONS)
        env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
        result = subprocess.run(
            [sys.executable, "-m", "generator", "validate"],
            cwd=checkout,
            capture_output=True,
            text=True,
            env=env,
        )
        assert result.returncode == 0, result.stdout + result.stderr
        out = tmp_path / "site"
        result = subprocess.run(
            [sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(out)],
            cwd=checkout,
            capture_output=True,
            text=True,
            env=env,
        )
        assert result.returncode == 0, result.stderr
        html = (out / "mo-hinh" / slug / "index.html").read_text(encoding="utf-8")
        for shown in (
            "Đường hoa “Khu phố 7” – sáng, xanh, sạch",
            "Chi bộ thôn Đồng Tiến",
            "15/03/2023",
            "2023: được công nhận",
            "2024: không được công nhận",
            "Cây hoa được trồng",
            "1.250",
            "cảnh quan",
            "Hoa mười giờ trước nhà văn hoá khu phố",
            "Bà con tự góp tiền mua giống hoa và chia nhau chăm sóc.",
        ):
            assert shown in html, shown
        assert (out / "mo-hinh" / slug / "hoa-muoi-gio.png").read_bytes() == png()
    finally:
        git(editor.repo, "worktree", "remove", "--force", str(checkout))


def test_the_form_on_a_phone(browser, editor, tmp_path):
    page = open_editor(browser, editor, width=390, height=844)
    page.goto(editor.base + "quan-tri/#/collections/van-hoa-du-lich/new")
    page.locator('input[id^="title-field"]').fill("Tủ sách ở nhà văn hoá")
    choose(page, "unit", "nguyen du", "Trường THCS Nguyễn Du (Phường Trung Tâm)")
    path = screenshot(page, "quan-tri-dien-thoai", tmp_path)
    width = page.evaluate("document.documentElement.scrollWidth")
    assert path.is_file() and width <= 390 + 20
    close(page)


def test_an_edit_changes_only_what_the_cms_rewrites(browser, editor):
    """A one-year edit of an existing model: the body stays byte for byte; the front
    matter is written again by the CMS's YAML (folded lines, quoted years, block lists)
    with the same values."""
    name = "thap-sang-duong-hem-camera-an-ninh"
    path = f"models/do-thi-van-minh/{name}.md"
    page = open_editor(browser, editor)
    page.goto(editor.base + f"quan-tri/#/collections/do-thi-van-minh/entries/{name}")
    page.locator('input[id^="2025-field"]').wait_for()
    choose(page, "2025", "duoc", "Được công nhận")
    page.get_by_role("button", name="Lưu", exact=True).click()
    branch = f"cms/do-thi-van-minh/{name}"
    wait_for_branch(page, editor.repo, branch)
    close(page)
    before = git(editor.repo, "show", f"main:{path}")
    after = git(editor.repo, "show", f"{branch}:{path}")
    front_before, body_before, _ = split_front_matter(before)
    front_after, body_after, _ = split_front_matter(after)
    assert body_after == body_before
    old, new = yaml.safe_load(front_before), yaml.safe_load(front_after)
    new["reviews"] = {int(year): result for year, result in new["reviews"].items()}
    assert new == {**old, "reviews": {**old["reviews"], 2025: "recognized"}}
    stat = git(editor.repo, "diff", "--numstat", "main", branch, "--", path).split()
    print(f"\n{path}: +{stat[0]} -{stat[1]} lines, front matter only")
    assert git(editor.repo, "diff", "--name-only", "main", branch).split() == [path]


def test_validate_accepts_what_the_edit_wrote(editor, tmp_path):
    branch = "cms/do-thi-van-minh/thap-sang-duong-hem-camera-an-ninh"
    if branch not in git(editor.repo, "branch", "--list", branch):
        pytest.skip("the edit test did not run")
    checkout = tmp_path / "nhanh"
    git(editor.repo, "worktree", "add", "-q", str(checkout), branch)
    try:
        from generator.data.options import settings_from

        settings, root = settings_from(checkout / "mkdocs.yml")
        try:
            catalog = load(settings, root)
        except LoadError as error:
            pytest.fail(str(error))
        model = next(m for m in catalog.models if m.slug == "thap-sang-duong-hem-camera-an-ninh")
        assert model.reviews == {2023: True, 2024: True, 2025: True}
    finally:
        git(editor.repo, "worktree", "remove", "--force", str(checkout))
