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

With Decap CMS the page adds its own small scripts (assets/editor/, served beside the
page): fields that read what staff type the Vietnamese way (dates, numbers, tags, the
review years, an image), and a file format that writes front matter as the project's
files are written, changing only the lines of what was edited.
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
from generator.site import ASSETS, urls

EDITOR_DIR = urls.folder(urls.EDITOR)
MODELS_FOLDER = "models"
UNITS_FOLDER = "models/_units"
IMAGES_FOLDER = "anh"  # next to the model file, as the shipped models keep theirs
UNITS_COLLECTION = "don-vi"
MEDIA_LIBRARY = "dvk-khong"  # assets/editor/editor.js: no library, no upload outside an entry
COMMIT_MESSAGES = {
    "create": "Thêm {{collection}} “{{slug}}”",
    "update": "Sửa {{collection}} “{{slug}}”",
    "delete": "Xoá {{collection}} “{{slug}}”",
    "uploadMedia": "Thêm tệp “{{path}}”",
    "deleteMedia": "Xoá tệp “{{path}}”",
}


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

# Where a key's guide text speaks of the file (YAML, paths, commands), the form says
# what to do in the form. By the key's place: "results.unit" is not the model's "unit".
FORM_HINTS = {
    "title": "Tên đầy đủ của mô hình, có dấu; địa chỉ trang được tạo từ tên này.",
    "unit": "Gõ vài chữ trong tên đơn vị (không cần dấu) để tìm. Đơn vị chưa có thì thêm ở "
    "mục “Đơn vị mới” và lưu trước; khi đề xuất đó được gộp, đơn vị hiện trong danh sách này.",
    "kind": "Mô hình của một tập thể hay của một cá nhân.",
    "reviews": "Mỗi năm từ năm đăng ký đến nay một dòng: chọn kết quả của năm đã bình xét, "
    "để “Chưa bình xét” năm chưa có kết quả.",
    "tags": "Vài từ khoá giúp tìm mô hình, mỗi ô một từ khoá; gõ dấu phẩy hoặc Enter để "
    "sang ô mới.",
    "images": "Ảnh chụp hoặc sơ đồ (JPEG, PNG, WebP, AVIF, GIF; không nhận SVG), mỗi ảnh "
    f"nặng dưới {MAX_IMAGE_BYTES // 1048576} MB và có chú thích.",
    "images.src": f"Chọn một ảnh trong máy, nặng dưới {MAX_IMAGE_BYTES // 1048576} MB; ảnh "
    "được lưu cùng mô hình khi bấm Lưu.",
    "results.value": "Chỉ ghi con số, viết như thường ngày: 1.250 là một nghìn hai trăm năm "
    "mươi, 3,5 là ba phẩy năm. Đơn vị tính ghi ở ô bên dưới.",
    "ended": "Chỉ ghi khi mô hình đã dừng hoạt động.",
    "draft": "Bật khi chưa muốn đăng mô hình lên trang; tắt khi sẵn sàng.",
    "body": "Bốn mục, mỗi mục bắt đầu bằng tiêu đề cấp 2: "
    + " ".join(f"{heading}: {hint}" for heading, hint in BODY_SECTIONS.items()),
    "locality": "Xã, phường nơi đơn vị hoạt động, theo tên từ ngày 01/07/2025, ví dụ "
    "Phường Hòa Bình. Trang Đơn vị nhóm các đơn vị theo địa bàn.",
    "locality_code": "Mã năm chữ số của xã, phường trong danh sách của Cục Thống kê, ví dụ "
    "01843; không biết thì để trống.",
}
FORM_LABELS = {"images.src": "Tệp ảnh"}
BODY_BUTTONS = ("bold", "italic", "link", "heading-two", "heading-three", "quote")
BODY_BUTTONS += ("bulleted-list", "numbered-list")
DATE_HINT = "Ghi ngày/tháng/năm, ví dụ 15/03/2023."
# validate.check_tags: each tag is a line of at most this many characters.
TAG_MAX_LENGTH = 60
# What Sveltia CMS's own fields take (a list split at commas, a number with a decimal
# point, one choice a year, an uploaded picture).
BUILTIN_HINTS = {
    "tags": "Vài từ khoá giúp tìm mô hình, cách nhau bằng dấu phẩy.",
    "results.value": "Chỉ ghi con số; số thập phân dùng dấu chấm (3.5). Đơn vị tính ghi ở ô "
    "bên dưới.",
    "reviews": "Chọn kết quả của từng năm đã bình xét; để trống năm chưa bình xét. Năm bình xét "
    "không được trước năm đăng ký.",
    "images.src": f"Ảnh ({', '.join(sorted(IMAGE_SUFFIXES))}) nặng dưới "
    f"{MAX_IMAGE_BYTES // 1048576} MB.",
}

# Lists shown open: a closed item shows one line (a label, a caption), and a figure or a
# picture is what needs seeing.
OPEN_LISTS = ("results", "images")

# What one item of a list is called ("Thêm lần biểu dương").
SINGULAR = {
    "commendations": "lần biểu dương",
    "results": "chỉ tiêu",
    "images": "ảnh",
    "history": "tên, địa bàn trước đây",
}

# Lists whose items the files write one line each: `- {label: …, value: …, unit: …}`.
FLOW_ITEMS = ("results",)


def file_keys(keys: tuple[Key, ...]) -> dict:
    """The order the editor page writes a file's keys in (frontmatter.js `Writer`)."""
    return {
        "model": [k.name for k in keys],
        "items": {k.name: [i.name for i in k.items] for k in keys if k.items},
        "flowItems": [k.name for k in keys if k.name in FLOW_ITEMS],
    }


DATE_FORMAT = "YYYY-MM-DD"  # what the file holds
DATE_SHOWN = "DD/MM/YYYY"  # what staff see


def label(key: Key, path: str = "") -> str:
    text = FORM_LABELS.get(path or key.name, key.label)
    return text[:1].upper() + text[1:]


def hint(key: Key, path: str = "", ours: bool = True) -> str:
    """The line under a field; `ours`: with the page's own fields (Decap CMS)."""
    path = path or key.name
    text = (
        FORM_HINTS.get(path, key.help)
        if ours
        else BUILTIN_HINTS.get(path, FORM_HINTS.get(path, key.help))
    )
    if key.type == "date" and ours:
        text = f"{text} {DATE_HINT}".strip()
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
        # Decap CMS gets the page's own fields and file format; Sveltia CMS its own.
        self.ours = self.settings.editor_cms == "decap"

    # -- one key --------------------------------------------------------------

    def widget(self, key: Key, field_id: str = "", parent: str = "") -> dict:
        """The form field for a key, as the validator's check_<type> reads it; `parent`
        the list it is an item's key of."""
        path = f"{parent}.{key.name}" if parent else key.name
        w: dict = {"name": key.name, "label": label(key, path)}
        if hint(key, path, self.ours):
            w["hint"] = hint(key, path, self.ours)
        w["required"] = key.required
        t = key.type
        if t == "field":
            # The collection is the field: its folder and this value go together.
            return {"name": key.name, "label": label(key), "widget": "hidden", "default": field_id}
        if t == "text":
            w["widget"] = "markdown"
            w["default"] = "".join(f"## {heading}\n\n\n" for heading in BODY_SECTIONS)
            if self.ours:
                # What a model's page is written with; no pictures in the text (they are
                # the images list) and so no media library.
                w["buttons"] = list(BODY_BUTTONS)
                w["editor_components"] = []
        elif t == "code":
            # Five digits, as the official list writes them (quoted in the file).
            w["widget"] = "string"
            w["pattern"] = [r"^\d{5}$", "phải là năm chữ số, ví dụ 01843."]
        elif t == "slug":
            w["widget"] = "string"
            w["pattern"] = [
                SLUG_PATTERN.pattern,
                "chỉ gồm chữ thường không dấu, nối bằng gạch ngang.",
            ]
        elif t in ("choice", "unit"):
            w["widget"] = "select"
            w["options"] = (
                self.unit_options
                if t == "unit"
                else [{"label": n, "value": i} for i, n in (key.choices or {}).items()]
            )
            if t == "choice" and not key.required:
                w["default"] = next(iter(key.choices or {}))
        elif t == "objects":
            w["widget"] = "list"
            w["label_singular"] = SINGULAR[key.name]
            shown = "caption" if key.name == "images" else key.items[0].name
            w["summary"] = "{{fields." + shown + "}}"
            if key.name in OPEN_LISTS:
                w["collapsed"] = False
            w["fields"] = [self.widget(item, parent=key.name) for item in key.items]
        elif t == "bool":
            w["widget"] = "boolean"
            w["default"] = False
        elif self.ours:
            w.update(self.our_widget(key))
        else:
            w.update(self.builtin_widget(key, nested=bool(parent)))
        return w

    def our_widget(self, key: Key) -> dict:
        """Decap CMS with the page's own fields (assets/editor/editor.js)."""
        t = key.type
        if t in ("line", "summary"):
            return {"widget": f"dvk-{t}", "max_length": key.max_length or 0}
        if t == "date":
            return {"widget": "dvk-date"}
        if t == "number":
            return {"widget": "dvk-number"}
        if t == "tags":
            return {"widget": "dvk-tags", "max_length": TAG_MAX_LENGTH}
        if t == "reviews":
            return {
                "widget": "dvk-reviews",
                "options": [{"label": n, "value": i} for i, n in (key.choices or {}).items()],
                "since": "registered",
                "until": "ended",
            }
        if t == "image":
            return {
                "widget": "dvk-image",
                "folder": IMAGES_FOLDER,
                "max_bytes": MAX_IMAGE_BYTES,
                "suffixes": sorted(IMAGE_SUFFIXES),
            }
        raise ValueError(f"unknown key type {t!r}")

    def builtin_widget(self, key: Key, nested: bool) -> dict:
        """The CMS's own fields (Sveltia CMS)."""
        t = key.type
        w: dict
        if t == "line":
            w = {"widget": "string"}
        elif t == "summary":
            w = {"widget": "text"}
        elif t == "date":
            w = {
                "widget": "datetime",
                "format": DATE_FORMAT,
                "date_format": DATE_SHOWN,
                "time_format": False,
            }
            if not nested:
                # Left empty for staff to fill, not today's date (a default inside a list
                # item would make the form start every list with an empty item).
                w["default"] = ""
        elif t == "reviews":
            w = {
                "widget": "object",
                "fields": [
                    {
                        "name": str(year),
                        "label": f"Năm {year}",
                        "widget": "select",
                        "required": False,
                        "options": [
                            {"label": n, "value": i} for i, n in (key.choices or {}).items()
                        ],
                    }
                    for year in years(self.catalog, self.today)
                ],
            }
        elif t == "tags":
            w = {"widget": "list"}
        elif t == "number":
            w = {"widget": "number", "value_type": "float"}
        elif t == "image":
            w = {
                "widget": "image",
                "choose_url": False,
                "media_library": {"config": {"max_file_size": MAX_IMAGE_BYTES}},
            }
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
            "description": f"Nhóm {group}. {count} mô hình.",
            "folder": f"{MODELS_FOLDER}/{field_id}",
            "create": True,
            "extension": "md",
            "format": "dvk-md" if self.ours else "frontmatter",
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
            "description": "Thêm một đơn vị chưa có trong danh mục; mã của đơn vị được tạo "
            "từ tên và địa bàn.",
            "folder": UNITS_FOLDER,
            "create": True,
            "extension": "yml",
            "format": "dvk-yml" if self.ours else "yml",
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
        # Commit and pull-request titles; the page puts the model's title for the slug.
        backend.setdefault("commit_messages", COMMIT_MESSAGES)
        config: dict = {"backend": backend}
        if self.ours:
            # Only on localhost, with decap-server running (its port: the page's
            # ?decap=PORT, else Decap's 8081; see the guide).
            config["local_backend"] = True
            config["locale"] = "vi"
            # Images go with the entry's own branch (the image field); the CMS's media
            # library, which writes to the main branch, is replaced by none.
            config["media_library"] = {"name": MEDIA_LIBRARY}
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
        if self.ours:
            for collection in config["collections"]:
                # Published by merging the pull request on GitHub, where the checks run;
                # never from the form, which writes to the main branch.
                collection.update(publish=False, delete=False)
        return config


def dump(config: dict) -> str:
    return yaml.safe_dump(config, allow_unicode=True, sort_keys=False, width=100)


# Decap's Vietnamese interface lacks these texts (it shows them in English); the page
# adds them before the CMS starts.
VI_TEXTS = {
    "collection": {
        "collectionTop": {
            "viewAsList": "Xem dạng danh sách",
            "viewAsGrid": "Xem dạng lưới",
            # Decap's "＋ %{collectionLabel}": a full-width plus some systems lack.
            "newButton": "Thêm %{collectionLabel}",
            "newButtonAriaLabel": "Thêm %{collectionLabel}",
        },
        "entries": {"unpublishedHeader": "Chưa công bố"},
    },
    "editor": {
        "editorControl": {"field": {"widgetLabel": "ô %{widgetLabel}"}},
        # The pattern's message is a sentence about the field ("phải là năm chữ số…").
        "editorControlPane": {"widget": {"regexPattern": "%{fieldLabel} %{pattern}"}},
        "editorInterface": {"togglePreview": "Bật/tắt xem trước"},
        "editorToolbar": {
            "status": "Trạng thái: %{status}",
            # Shown for a new, empty form too: nothing is "saved" there.
            "changesSaved": "Không có thay đổi chưa lưu",
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
    # A saved entry is a model or a unit, not an article ("bài"); Decap's "D MMMM" names
    # the month in English.
    "workflow": {
        "workflow": {
            "loading": "Đang tải",
            "newPost": "Mục mới",
            "description": "%{smart_count} mục đang chờ duyệt, %{readyCount} mục đã sẵn sàng. "
            "|||| %{smart_count} mục đang chờ duyệt, %{readyCount} mục đã sẵn sàng.",
            "dateFormat": "DD/MM/YYYY",
        },
        "workflowCard": {"deleteNewEntry": "Xoá mục mới"},
        "workflowList": {
            "onDeleteEntry": "Anh chị có chắc muốn xoá mục này cùng đề xuất thay đổi của nó?",
            "currentEntries": "%{smart_count} mục |||| %{smart_count} mục",
        },
    },
}

# The page's own files, served beside it (assets/editor/): read in this order, after the
# CMS script.
OWN_SCRIPTS = ("frontmatter.js", "inputs.js", "editor.js")
OWN_STYLE = "editor.css"


def page_settings(site_name: str) -> dict:
    """What editor.js needs from the build: the site's name, the texts, how files are
    written."""
    return {
        "site": site_name,
        "texts": VI_TEXTS,
        "mediaLibrary": MEDIA_LIBRARY,
        "keys": {
            "md": file_keys(MODEL_KEYS),
            "yml": file_keys(tuple(k for k in UNIT_KEYS if k.name != "id")),
        },
    }


# The sheets for the yearly work and the steps to upload them, below the form.
SHEETS_STYLE = """\
<style>
.dvk-yearly { position: fixed; right: 0; bottom: 0; z-index: 1000; max-width: min(26em, 100vw);
  box-sizing: border-box;
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
    head = (
        "<!doctype html>\n"
        '<html lang="vi">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        '<meta name="robots" content="noindex, nofollow">\n'
        '<meta name="referrer" content="no-referrer">\n'
        f"<title>{escape(title)}</title>\n"
        '<link href="config.yml" type="text/yaml" rel="cms-config-url">\n'
        f"{SHEETS_STYLE if links else ''}"
    )
    cms = (
        f'<script src="{escape(script.url)}" integrity="{script.integrity}" '
        'crossorigin="anonymous"></script>\n'
    )
    body = (
        "</head>\n<body>\n<noscript>Trang soạn mô hình cần bật JavaScript.</noscript>\n"
        + yearly_links(links)
    )
    if settings.editor_cms != "decap":
        return head + body + cms + "</body>\n</html>\n"
    data = json.dumps(page_settings(site_name), ensure_ascii=False).replace("</", "<\\/")
    return (
        head
        + f'<link rel="stylesheet" href="{OWN_STYLE}">\n'
        + body
        + f'<script type="application/json" id="dvk-editor">{data}</script>\n'
        # editor.js starts the CMS once its fields and format are registered.
        + "<script>window.CMS_MANUAL_INIT = true;</script>\n"
        + cms
        + "".join(f'<script src="{name}"></script>\n' for name in OWN_SCRIPTS)
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
    files = {
        urls.EDITOR: page(catalog.settings, site_name, links),
        f"{EDITOR_DIR}/config.yml": dump(config),
    }
    if catalog.settings.editor_cms == "decap":
        for name in (*OWN_SCRIPTS, OWN_STYLE):
            files[f"{EDITOR_DIR}/{name}"] = (ASSETS / "editor" / name).read_text(encoding="utf-8")
    return files
