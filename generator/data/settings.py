"""Site settings: fields, national groups, programme phases, targets.

They live in mkdocs.yml under the plugin's options; every one has a default fitted
to the city the product was first built for.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

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
# A result as a review sheet's drop-down list offers it (recognised: True).
RESULT_NAMES: dict[bool, str] = {True: "Công nhận", False: "Không công nhận"}

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
    """A plugin option in mkdocs.yml is wrong; the message is in Vietnamese, `option`
    the path to it ("targets", "units") for finding its line."""

    def __init__(self, message: str, *option: str | int):
        super().__init__(message)
        self.option = option


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
    # The mkdocs.yml these settings were read from: where their problems are reported.
    config_file: Path | None = None

    def models_path(self, root: Path) -> Path:
        """The models folder, relative paths taken from the project root."""
        return self.models_dir if self.models_dir.is_absolute() else root / self.models_dir

    def field_by_id(self) -> dict[str, Field]:
        return {f.id: f for f in self.fields}

    @classmethod
    def from_options(
        cls,
        options: dict[str, Any],
        base_dir: Path,
        site_url: str = "",
        repo_url: str = "",
        config_file: Path | None = None,
    ) -> Settings:
        """Settings from the plugin's options, once options.check_options has found
        nothing wrong with them; the site's and the repository's addresses from MkDocs';
        `config_file` (mkdocs.yml in `base_dir` if not given) the file they are in."""
        values: dict[str, Any] = {"site_url": site_url or "", "repo_url": repo_url or ""}
        values["config_file"] = config_file or base_dir / "mkdocs.yml"
        for key in ("organization", "notice", "edit_url"):
            if options.get(key) is not None:
                values[key] = options[key]
        if options.get("province") is not None:
            values["province"] = " ".join(str(options["province"]).split())
        values["models_dir"] = (base_dir / (options.get("models_dir") or "models")).resolve()
        if options.get("fields"):
            values["fields"] = tuple(Field(**f) for f in options["fields"])
        if options.get("phases"):
            values["phases"] = tuple(
                Phase(str(p["name"]), p["start"], p["end"]) for p in options["phases"]
            )
        if options.get("page_size") is not None:
            values["page_size"] = options["page_size"]
        editor = options.get("editor")
        values.update(editor_settings(True if editor is None else editor))
        targets = options.get("targets") or {}
        for key, name in (("units", "target_units"), ("enterprises", "target_enterprises")):
            if key in targets:
                values[name] = float(targets[key])
        return cls(**values)


EDITOR_CMS = ("decap", "sveltia")


def editor_settings(option: Any) -> dict[str, Any]:
    """`editor: false`, or `editor: {cms: sveltia, backend: {...}}`."""
    if isinstance(option, bool):
        return {"editor": option}
    if not isinstance(option, dict) or set(option) - {"cms", "backend"}:
        raise SettingsError(
            "editor là false (không tạo trang /quan-tri/) hoặc một nhóm khoá cms, backend.",
            "editor",
        )
    cms = option.get("cms", "decap")
    if cms not in EDITOR_CMS:
        raise SettingsError(f"editor.cms là một trong: {', '.join(EDITOR_CMS)}.", "editor")
    backend = option.get("backend") or {}
    if not isinstance(backend, dict):
        raise SettingsError(
            "editor.backend là một nhóm khoá, ví dụ {base_url: https://...}.", "editor"
        )
    return {"editor": True, "editor_cms": cms, "editor_backend": backend}


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
