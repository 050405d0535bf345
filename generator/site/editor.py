"""The editor page /quan-tri/: a form (Decap CMS) that turns a new or edited model into
a pull request, and its config.yml, made from the keys in schema.py.

The validator, the JSON Schemas and this form read the same Key definitions, so what
the form asks for is what the validator checks. The page is a file of its own, not a
MkDocs page: no theme, no search index, no sitemap, no navigation, and its script is
loaded on this page only.

The CMS script is pinned (an exact version on a public CDN with its integrity hash):
the browser refuses any other bytes, nothing is vendored into the repository and the
build needs no Node.js. tests/test_editor.py checks each hash against the file in the
npm package of that version.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import date
from functools import cached_property
from html import escape

import yaml

from generator.data.jsonschema import MULTILINE, PARAGRAPHS
from generator.data.model import Catalog
from generator.data.schema import BODY_KEY, BODY_SECTIONS, MODEL_KEYS, UNIT_KEYS, Key
from generator.data.settings import Settings
from generator.data.text import SLUG_PATTERN, sort_key
from generator.data.validate import (
    IMAGE_SUFFIXES,
    MAX_IMAGE_BYTES,
    TAG_PATTERN,
    vietnam_today,
)
from generator.site import urls

EDITOR_DIR = urls.folder(urls.EDITOR)
MODELS_FOLDER = "models"
UNITS_FOLDER = "models/_units"
IMAGES_FOLDER = "anh"  # next to the model file, as the shipped models keep theirs
UNITS_COLLECTION = "don-vi"


@dataclass(frozen=True)
class Script:
    url: str
    integrity: str  # sha384 of the file in the npm package `package@version`
    package: str
    version: str
    path: str  # inside the package


SCRIPTS = {
    "decap": Script(
        "https://unpkg.com/decap-cms@3.16.3/dist/decap-cms.js",
        "sha384-A/Gdn928CNLufmnGWGs9RM4Q9o8bSNLeJERqBFrBjwzL7FRpoLT3MPF8Tl0+Wd2p",
        "decap-cms",
        "3.16.3",
        "dist/decap-cms.js",
    ),
    "sveltia": Script(
        "https://unpkg.com/@sveltia/cms@0.221.1/dist/sveltia-cms.js",
        "sha384-JQ+XsKx/UzwdTiNnFStza3XtqqQoVtyNPApkfvwlzZDfhe7giE9CnfQrpHqgv3k6",
        "@sveltia/cms",
        "0.221.1",
        "dist/sveltia-cms.js",
    ),
}

# Where a key's guide text speaks of YAML, the form says what to do in the form.
FORM_HINTS = {
    "unit": "Gõ vài chữ trong tên đơn vị (không cần dấu) để tìm. Đơn vị chưa có thì thêm ở "
    "mục “Đơn vị mới” và lưu trước; khi đề xuất đó được gộp, đơn vị hiện trong danh sách này.",
    "reviews": "Chọn kết quả của từng năm đã bình xét; để trống năm chưa bình xét. "
    "Năm bình xét không được trước năm đăng ký.",
    "tags": "Vài từ khoá giúp tìm mô hình, cách nhau bằng dấu phẩy.",
    "draft": "Bật khi chưa muốn đăng mô hình lên trang; tắt khi sẵn sàng.",
    "value": "Chỉ ghi con số; số thập phân dùng dấu chấm (3.5). Đơn vị tính ghi ở ô bên dưới.",
    "src": f"Ảnh ({', '.join(sorted(IMAGE_SUFFIXES))}) nặng dưới "
    f"{MAX_IMAGE_BYTES // 1048576} MB; được lưu cạnh tệp mô hình.",
    "body": "Bốn mục, mỗi mục bắt đầu bằng tiêu đề cấp 2: "
    + " ".join(f"{heading}: {hint}" for heading, hint in BODY_SECTIONS.items()),
}

# What one item of a list is called ("Thêm lần biểu dương").
SINGULAR = {
    "commendations": "lần biểu dương",
    "results": "chỉ tiêu",
    "images": "ảnh",
    "history": "tên, địa bàn trước đây",
}

DATE_FORMAT = "YYYY-MM-DD"  # what the file holds
DATE_SHOWN = "DD/MM/YYYY"  # what staff see


def label(key: Key) -> str:
    return key.label[:1].upper() + key.label[1:]


def hint(key: Key) -> str:
    text = FORM_HINTS.get(key.name, key.help)
    if key.max_length and key.type in ("line", "summary", "slug"):
        text = f"{text} Tối đa {key.max_length} ký tự.".strip()
    return text


def text_pattern(key: Key) -> list[str] | None:
    """The validator's limits on text as a regex the form checks before saving."""
    if key.type not in ("line", "summary"):
        return None
    banned = MULTILINE if key.type == "line" else PARAGRAPHS
    limit = key.max_length or ""
    minimum = 1 if key.required else 0
    message = "Không được chứa thẻ HTML"
    message += ", phải nằm trên một dòng" if key.type == "line" else ", chỉ một đoạn văn"
    if key.max_length:
        message += f", tối đa {key.max_length} ký tự"
    return [f"^(?![\\s\\S]*{TAG_PATTERN})(?!{banned})[\\s\\S]{{{minimum},{limit}}}$", message + "."]


def years(catalog: Catalog, today: date) -> list[int]:
    """Review years the form offers: from the earliest the data or the phases know."""
    known = [p.start for p in catalog.settings.phases]
    for model in catalog.models:
        known.append(model.registered.year)
        known.extend(model.reviews)
    first = max(1990, min([today.year, *known]))
    return list(range(first, today.year + 1))


class FormConfig:
    """config.yml of the editor page for one catalog."""

    def __init__(self, catalog: Catalog, today: date | None = None):
        self.catalog = catalog
        self.settings: Settings = catalog.settings
        self.today = today or vietnam_today()

    # -- one key --------------------------------------------------------------

    def widget(self, key: Key, field_id: str = "", nested: bool = False) -> dict:
        """The form field for a key, as the validator's check_<type> reads it."""
        w: dict = {"name": key.name, "label": label(key)}
        if hint(key):
            w["hint"] = hint(key)
        w["required"] = key.required
        t = key.type
        if t == "line":
            w["widget"] = "string"
        elif t == "summary":
            w["widget"] = "text"
        elif t == "text":
            w["widget"] = "markdown"
            w["default"] = "".join(f"## {heading}\n\n\n" for heading in BODY_SECTIONS)
        elif t == "code":
            # Five digits, as the official list writes them (quoted in the file).
            w["widget"] = "string"
            w["pattern"] = [r"^\d{5}$", "Năm chữ số, ví dụ 01843."]
        elif t == "slug":
            w["widget"] = "string"
            w["pattern"] = [SLUG_PATTERN.pattern, "Chữ thường, không dấu, nối bằng gạch ngang."]
        elif t == "date":
            w.update(
                widget="datetime", format=DATE_FORMAT, date_format=DATE_SHOWN, time_format=False
            )
            if not nested:
                # Left empty for staff to fill, not today's date (a default inside a list
                # item would make the form start every list with an empty item).
                w["default"] = ""
        elif t == "choice":
            w["widget"] = "select"
            w["options"] = [{"label": n, "value": i} for i, n in (key.choices or {}).items()]
            if not key.required:
                w["default"] = next(iter(key.choices or {}))
        elif t == "field":
            # The collection is the field: its folder and this value go together.
            return {"name": key.name, "label": label(key), "widget": "hidden", "default": field_id}
        elif t == "unit":
            w["widget"] = "select"
            w["options"] = self.unit_options
        elif t == "reviews":
            w["widget"] = "object"
            w["fields"] = [
                {
                    "name": str(year),
                    "label": f"Năm {year}",
                    "widget": "select",
                    "required": False,
                    "options": [{"label": n, "value": i} for i, n in (key.choices or {}).items()],
                }
                for year in years(self.catalog, self.today)
            ]
        elif t == "objects":
            w["widget"] = "list"
            w["label_singular"] = SINGULAR[key.name]
            shown = "caption" if key.name == "images" else key.items[0].name
            w["summary"] = "{{fields." + shown + "}}"
            w["fields"] = [self.widget(item, nested=True) for item in key.items]
        elif t == "tags":
            w["widget"] = "list"
        elif t == "bool":
            w["widget"] = "boolean"
            w["default"] = False
        elif t == "number":
            w.update(widget="number", value_type="float")
        elif t == "image":
            w.update(
                widget="image",
                choose_url=False,
                media_library={"config": {"max_file_size": MAX_IMAGE_BYTES}},
            )
        else:
            raise ValueError(f"unknown key type {t!r}")
        pattern = text_pattern(key)
        if pattern:
            w["pattern"] = pattern
        return w

    @cached_property
    def unit_options(self) -> list[dict]:
        """Every unit by name and place (names repeat across wards), its id as the value.

        One list for every collection: the YAML holds it once and refers to it after.
        """
        units = sorted(self.catalog.units.values(), key=lambda u: sort_key(u.name))
        return [{"label": f"{u.name} ({u.locality})", "value": u.id} for u in units]

    # -- collections -------------------------------------------------------------

    def model_collection(self, field_id: str, name: str, group: str) -> dict:
        count = len(self.catalog.by_field[field_id])
        return {
            "name": field_id,
            "label": name,
            "label_singular": "mô hình",
            "description": f"Nhóm {group}. {count} mô hình. Tệp mới: "
            f"{MODELS_FOLDER}/{field_id}/<tên-tệp>.md, tên tệp tạo từ tên mô hình.",
            "folder": f"{MODELS_FOLDER}/{field_id}",
            "create": True,
            "extension": "md",
            "format": "frontmatter",
            "slug": "{{slug}}",
            "identifier_field": "title",
            "summary": "{{title}}",
            "sortable_fields": ["title", "registered"],
            "media_folder": IMAGES_FOLDER,
            "public_folder": IMAGES_FOLDER,
            "fields": [self.widget(key, field_id) for key in (*MODEL_KEYS, BODY_KEY)],
        }

    def units_collection(self) -> dict:
        return {
            "name": UNITS_COLLECTION,
            "label": "Đơn vị mới",
            "label_singular": "đơn vị",
            "description": "Thêm một đơn vị chưa có trong danh mục. Mỗi đơn vị là một tệp "
            f"{UNITS_FOLDER}/<mã>.yml; mã đơn vị là tên tệp, tạo từ tên và địa bàn.",
            "folder": UNITS_FOLDER,
            "create": True,
            "extension": "yml",
            "format": "yml",
            "slug": "{{name}}-{{locality}}",
            "identifier_field": "name",
            "summary": "{{name}} ({{locality}})",
            # The id is the file's name (see load.unit_file).
            "fields": [self.widget(key) for key in UNIT_KEYS if key.name != "id"],
        }

    def backend(self) -> dict:
        backend: dict = {}
        match = re.match(
            r"^https://(github|gitlab)\.com/([^/]+/[^/#?]+?)(?:\.git)?/?$", self.settings.repo_url
        )
        if match:
            backend = {"name": match.group(1), "repo": match.group(2)}
        branch = re.search(r"/(?:edit|blob|-/edit)/([^/]+)/$", self.settings.edit_url)
        backend["branch"] = branch.group(1) if branch else "main"
        backend.update(self.settings.editor_backend)
        return backend

    def config(self) -> dict | None:
        """The whole config.yml; None when no repository is known to write to."""
        backend = self.backend()
        if not backend.get("name") or not backend.get("repo"):
            return None
        config: dict = {"backend": backend}
        if self.settings.editor_cms == "decap":
            # Only on localhost, with `npx decap-server` running (see README).
            config["local_backend"] = True
            config["locale"] = "vi"
        config.update(
            {
                "publish_mode": "editorial_workflow",
                "media_folder": f"{MODELS_FOLDER}/{IMAGES_FOLDER}",
                "public_folder": IMAGES_FOLDER,
                "slug": {"encoding": "ascii", "clean_accents": True, "sanitize_replacement": "-"},
                "editor": {"preview": False},
            }
        )
        if self.settings.site_url:
            config["site_url"] = self.settings.site_url
        config["collections"] = [
            *(self.model_collection(f.id, f.name, f.group_name) for f in self.settings.fields),
            self.units_collection(),
        ]
        return config


def dump(config: dict) -> str:
    return yaml.safe_dump(config, allow_unicode=True, sort_keys=False, width=100)


# Decap's Vietnamese interface lacks these texts (it shows them in English); the page
# adds them before the CMS starts.
VI_TEXTS = {
    "collection": {
        "collectionTop": {"viewAsList": "Xem dạng danh sách", "viewAsGrid": "Xem dạng lưới"},
        "entries": {"unpublishedHeader": "Chưa công bố"},
    },
    "editor": {
        "editorControl": {"field": {"widgetLabel": "ô %{widgetLabel}"}},
        "editorInterface": {"togglePreview": "Bật/tắt xem trước"},
        "editorToolbar": {
            "status": "Trạng thái: %{status}",
            "statusInfoTooltipDraft": "Mục đang là bản nháp. Khi viết xong, chuyển trạng thái "
            "sang “Đang xét duyệt” để gửi người duyệt.",
            "statusInfoTooltipInReview": "Mục đang được xét duyệt; vẫn có thể sửa thêm trong "
            "lúc chờ.",
        },
        "editorWidgets": {
            "markdown": {
                "bold": "Đậm",
                "italic": "Nghiêng",
                "strikethrough": "Gạch ngang",
                "code": "Mã",
                "link": "Liên kết",
                "linkPrompt": "Nhập địa chỉ của liên kết",
                "headings": "Tiêu đề",
                "quote": "Trích dẫn",
                "bulletedList": "Danh sách dấu chấm",
                "numberedList": "Danh sách đánh số",
                "addComponent": "Thêm thành phần",
                "toggleMode": {
                    "rich": "Chuyển sang soạn có định dạng",
                    "markdown": "Chuyển sang soạn Markdown",
                },
            },
            "image": {
                "chooseMultiple": "Chọn ảnh",
                "addMore": "Thêm ảnh",
                "removeAll": "Gỡ mọi ảnh",
            },
            "datetime": {"setToNow": "Đặt %{fieldLabel} là hôm nay"},
            "list": {"add": "Thêm %{item}", "addType": "Thêm %{item}"},
            "object": {"expand": "Mở ra", "collapse": "Thu gọn"},
        },
    },
    "mediaLibrary": {
        "mediaLibraryCard": {
            "copy": "Sao chép",
            "copyUrl": "Sao chép địa chỉ",
            "copyPath": "Sao chép đường dẫn",
            "copyName": "Sao chép tên",
            "copied": "Đã sao chép",
        },
        "mediaLibraryModal": {"close": "Đóng"},
    },
    "ui": {"settingsDropdown": {"account": "Tài khoản"}},
}

# Run by the page before each save: a select or date cleared by hand leaves an empty
# value, which the validator would report; the file keeps only what was filled in.
PAGE_SCRIPT = """\
<script>
(function () {
  var merge = function (into, from) {
    Object.keys(from).forEach(function (key) {
      if (typeof from[key] === "object") into[key] = merge(into[key] || {}, from[key]);
      else into[key] = from[key];
    });
    return into;
  };
  if (!window.CMS) return;
  if (CMS.getLocale && CMS.registerLocale && CMS.getLocale("vi"))
    CMS.registerLocale("vi", merge(CMS.getLocale("vi"), VI_TEXTS));
  var empty = function (v) {
    return v === null || v === undefined || v === "" || (v && v.size === 0);
  };
  var clean = function (data) {
    var reviews = data.get("reviews");
    if (reviews && reviews.filter) data = data.set("reviews", reviews.filter(function (v) {
      return !empty(v);
    }));
    return data.filter(function (v, key) {
      return !empty(v) && !(isNew && key === "draft" && v === false);
    });
  };
  var isNew = false;
  if (CMS.registerEventListener) CMS.registerEventListener({
    name: "preSave",
    handler: function (event) {
      isNew = event.entry.get("newRecord");
      return clean(event.entry.get("data"));
    }
  });
})();
</script>
"""


# Decap's editor is laid out for 800 px and more; on a phone the form and its Save
# button fall off the screen. Its element labels are stable for a pinned version.
PHONE_STYLE = """\
<style>
@media (max-width: 799px) {
  [class*="-EditorContainer"], [class*="-ToolbarContainer"], [class*="-AppMainContainer"] {
    min-width: 0 !important; max-width: 100vw !important;
  }
  [class*="-ToolbarContainer"] { flex-wrap: wrap; height: auto !important; }
  [class*="-ToolbarSectionBackLink"] { max-width: 100vw; }
}
</style>
"""


# The sheets for the yearly work and the steps to upload them, below the form.
SHEETS_STYLE = """\
<style>
.dvk-yearly { position: fixed; right: 0; bottom: 0; z-index: 1000; max-width: 26em;
  margin: 0; padding: .25em .75em; font: 14px/1.4 sans-serif; background: #fff;
  border: 1px solid #ccc; border-radius: 4px 0 0 0; }
.dvk-yearly ul { margin: .25em 0; padding-left: 1.2em; }
.dvk-yearly p { margin: .25em 0; }
</style>
"""


def yearly_links(links: str) -> str:
    """The sheets (links_html of generator.site.downloads), folded in a corner."""
    if not links:
        return ""
    return (
        '<details class="dvk-yearly"><summary>Bình xét, biểu dương, mô hình mới bằng '
        f"Excel</summary>\n{links}\n</details>\n"
    )


def page(settings: Settings, site_name: str = "", links: str = "") -> str:
    script = SCRIPTS[settings.editor_cms]
    title = f"Soạn mô hình — {site_name}" if site_name else "Soạn mô hình"
    return (
        "<!doctype html>\n"
        '<html lang="vi">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        '<meta name="robots" content="noindex, nofollow">\n'
        '<meta name="referrer" content="no-referrer">\n'
        f"<title>{escape(title)}</title>\n"
        '<link href="config.yml" type="text/yaml" rel="cms-config-url">\n'
        f"{PHONE_STYLE}"
        f"{SHEETS_STYLE if links else ''}"
        "</head>\n<body>\n"
        "<noscript>Trang soạn mô hình cần bật JavaScript.</noscript>\n"
        + yearly_links(links)
        + f'<script src="{escape(script.url)}" integrity="{script.integrity}" '
        'crossorigin="anonymous"></script>\n'
        + PAGE_SCRIPT.replace("VI_TEXTS", json.dumps(VI_TEXTS, ensure_ascii=False))
        + "</body>\n</html>\n"
    )


def form_config(catalog: Catalog) -> dict | None:
    """The form's configuration; None when the page is off or has no repository to write to."""
    return FormConfig(catalog).config() if catalog.settings.editor else None


def site_data(catalog: Catalog, site_name: str = "", links: str = "") -> dict[str, str]:
    """quan-tri/index.html and quan-tri/config.yml; nothing when the page is off or has no
    repository to write to. `links`: the yearly sheets, shown below the form."""
    config = form_config(catalog)
    if config is None:
        return {}
    return {
        urls.EDITOR: page(catalog.settings, site_name, links),
        f"{EDITOR_DIR}/config.yml": dump(config),
    }
