"""Site settings: fields, national groups, programme phases, targets.

They live in mkdocs.yml under the plugin's options; every one has a default fitted
to the city the product was first built for.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

# The four national groups of the "Dân vận khéo" movement.
GROUPS: dict[str, str] = {
    "kinh-te": "Kinh tế",
    "van-hoa-xa-hoi": "Văn hoá – xã hội",
    "quoc-phong-an-ninh": "Quốc phòng – an ninh",
    "he-thong-chinh-tri": "Xây dựng hệ thống chính trị",
}

UNIT_TYPES: dict[str, str] = {
    "residential": "Chi bộ khu dân cư, tổ dân phố, thôn",
    "agency": "Cơ quan",
    "enterprise": "Doanh nghiệp",
    "school": "Trường học",
    "armed-forces": "Lực lượng vũ trang",
    "other": "Tổ chức khác",
}

KINDS: dict[str, str] = {"collective": "Tập thể", "individual": "Cá nhân"}

REVIEW_RESULTS: dict[str, str] = {
    "recognized": "Được công nhận",
    "not-recognized": "Không được công nhận",
}

DEFAULT_FIELDS: list[dict[str, str]] = [
    {
        "id": "xay-dung-dang",
        "name": "Xây dựng Đảng, Mặt trận Tổ quốc và các đoàn thể",
        "group": "he-thong-chinh-tri",
    },
    {
        "id": "cai-cach-hanh-chinh",
        "name": "Nâng cao chất lượng đội ngũ, cải cách hành chính, văn hoá công sở",
        "group": "he-thong-chinh-tri",
    },
    {
        "id": "do-thi-van-minh",
        "name": "Xây dựng nông thôn mới, đô thị văn minh",
        "group": "kinh-te",
    },
    {
        "id": "van-hoa-du-lich",
        "name": "Phát triển văn hoá gắn với kết nối cộng đồng, du lịch",
        "group": "van-hoa-xa-hoi",
    },
]

DEFAULT_PHASES: list[dict[str, Any]] = [
    {"name": "2017–2018", "start": 2017, "end": 2018},
    {"name": "2017–2020", "start": 2017, "end": 2020},
    {"name": "2020–2025", "start": 2020, "end": 2025},
]


class SettingsError(ValueError):
    """A plugin option in mkdocs.yml is wrong; the message is in Vietnamese."""


@dataclass(frozen=True)
class Field:
    id: str
    name: str
    group: str

    @property
    def group_name(self) -> str:
        return GROUPS[self.group]


@dataclass(frozen=True)
class Phase:
    """A span of years the figures are counted over: a phase of the programme, or one year."""

    name: str
    start: int
    end: int

    @classmethod
    def year(cls, year: int) -> Phase:
        return cls(str(year), year, year)

    def holds(self, year: int) -> bool:
        return self.start <= year <= self.end


@dataclass(frozen=True)
class Settings:
    organization: str = "Ban Dân vận"
    notice: str = ""
    models_dir: Path = Path("models")
    edit_url: str = ""  # prefix of a repository file's edit link, e.g. .../edit/main/
    site_url: str = ""  # public address of the site, for feeds and open data
    repo_url: str = ""  # the repository, where the editor page opens pull requests
    fields: tuple[Field, ...] = tuple(Field(**f) for f in DEFAULT_FIELDS)
    phases: tuple[Phase, ...] = tuple(Phase(**p) for p in DEFAULT_PHASES)
    page_size: int = 50  # model cards on one page of a listing
    target_units: float = 1.0  # share of units with at least one active model
    target_enterprises: float = 0.5  # share of enterprise units with one
    editor: bool = True  # the editor page /quan-tri/
    editor_cms: str = "decap"  # which CMS script the editor page loads
    editor_backend: dict[str, Any] = field(default_factory=dict)  # merged into its backend
    # A province or city of the official list since 1 July 2025 ("Thái Nguyên"): each
    # unit's locality must then be one of its communes or wards (see places.py).
    province: str = ""

    def models_path(self, root: Path) -> Path:
        """The models folder, relative paths taken from the project root."""
        return self.models_dir if self.models_dir.is_absolute() else root / self.models_dir

    def field_by_id(self) -> dict[str, Field]:
        return {f.id: f for f in self.fields}

    @classmethod
    def from_options(cls, options: dict[str, Any], base_dir: Path) -> Settings:
        """Build settings from the plugin's options; ValueError says, in Vietnamese, what is wrong."""
        values: dict[str, Any] = {}
        for key in ("organization", "notice", "edit_url", "site_url", "repo_url"):
            if options.get(key) is not None:
                values[key] = options[key]
        if options.get("province") is not None:
            values["province"] = " ".join(str(options["province"]).split())
        values["models_dir"] = (base_dir / options.get("models_dir", "models")).resolve()
        if options.get("fields"):
            values["fields"] = _records(options["fields"], Field, "fields", "id, name, group")
        if options.get("phases"):
            values["phases"] = _records(options["phases"], Phase, "phases", "name, start, end")
            for phase in values["phases"]:
                if (
                    not (isinstance(phase.start, int) and isinstance(phase.end, int))
                    or phase.start > phase.end
                ):
                    raise SettingsError(
                        f'giai đoạn "{phase.name}": start và end là hai năm, start ≤ end.'
                    )
        if options.get("page_size") is not None:
            values["page_size"] = int(options["page_size"])
            if values["page_size"] < 1:
                raise SettingsError("page_size phải là một số nguyên dương.")
        values.update(_editor(options.get("editor", True)))
        targets = options.get("targets") or {}
        for key, name in (("units", "target_units"), ("enterprises", "target_enterprises")):
            if key in targets:
                share = targets[key]
                if (
                    isinstance(share, bool)
                    or not isinstance(share, (int, float))
                    or not 0 <= share <= 1
                ):
                    raise SettingsError(
                        f"targets.{key} là một tỷ lệ từ 0 đến 1 (ví dụ 0.5 là 50 %)."
                    )
                values[name] = float(share)
        return cls(**values)


EDITOR_CMS = ("decap", "sveltia")


def _editor(option: Any) -> dict[str, Any]:
    """`editor: false`, or `editor: {cms: sveltia, backend: {...}}`."""
    if isinstance(option, bool):
        return {"editor": option}
    if not isinstance(option, dict) or set(option) - {"cms", "backend"}:
        raise SettingsError(
            "editor là false (không tạo trang /quan-tri/) hoặc một nhóm khoá cms, backend."
        )
    cms = option.get("cms", "decap")
    if cms not in EDITOR_CMS:
        raise SettingsError(f"editor.cms là một trong: {', '.join(EDITOR_CMS)}.")
    backend = option.get("backend") or {}
    if not isinstance(backend, dict):
        raise SettingsError("editor.backend là một nhóm khoá, ví dụ {base_url: https://...}.")
    return {"editor": True, "editor_cms": cms, "editor_backend": backend}


def _records(items: Any, kind: type, option: str, keys: str) -> tuple:
    try:
        return tuple(kind(**item) for item in items)
    except TypeError:
        raise SettingsError(f"mỗi mục của {option} cần đúng các khoá: {keys}.") from None


class _ConfigLoader(yaml.SafeLoader):
    """Reads mkdocs.yml without importing what its !!python tags name."""


_ConfigLoader.add_multi_constructor("", lambda loader, suffix, node: None)
_ConfigLoader.add_multi_constructor("!", lambda loader, suffix, node: None)


def _environment(loader: yaml.SafeLoader, node: yaml.Node) -> Any:
    """MkDocs' `!ENV NAME` or `!ENV [NAME, ..., default]`: the first variable set."""
    if isinstance(node, yaml.SequenceNode):
        names = [loader.construct_scalar(item) for item in node.value]
        default = names.pop() if len(names) > 1 else None
    else:
        names, default = [loader.construct_scalar(node)], None
    return next((os.environ[n] for n in names if n in os.environ), default)


_ConfigLoader.add_constructor("!ENV", _environment)

PLUGIN_NAME = "dan-van-kheo"


def read_mkdocs_config(path: Path) -> tuple[dict[str, Any], dict[str, Any]]:
    """The whole mkdocs.yml and this plugin's options in it (for the command line)."""
    config = yaml.load(path.read_text(encoding="utf-8"), Loader=_ConfigLoader) or {}
    for entry in config.get("plugins") or []:
        if isinstance(entry, dict) and PLUGIN_NAME in entry:
            return config, entry[PLUGIN_NAME] or {}
        if entry == PLUGIN_NAME:
            return config, {}
    return config, {}


def edit_url_from(config: dict[str, Any]) -> str:
    """Edit-link prefix for repository files, derived from repo_url and edit_uri."""
    repo_url = (config.get("repo_url") or "").rstrip("/")
    if not repo_url:
        return ""
    edit_uri = config.get("edit_uri") or "edit/main/docs/"
    docs_dir = (config.get("docs_dir") or "docs").strip("/")
    edit_uri = edit_uri.strip("/")
    if edit_uri.endswith("/" + docs_dir):
        edit_uri = edit_uri[: -len(docs_dir) - 1]
    return f"{repo_url}/{edit_uri}/"
