"""The plugin's options in mkdocs.yml: read as MkDocs reads them, checked once.

The MkDocs adapter (its load_config) and `python -m generator validate` check the
options here, so that a misspelt option is refused by both, with the same message
and a suggestion from the one matcher. What is refused here stops at once (there is
no site to check without settings); the mistakes found once the settings are made
(the fields' ids and groups, the province) are listed with the data's problems, at
their lines of mkdocs.yml.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from generator.data.match import suggest
from generator.data.places import Places, PlacesError, province_places
from generator.data.problem import Problem
from generator.data.settings import (
    GROUPS,
    Settings,
    SettingsError,
    edit_url_from,
    editor_settings,
)
from generator.data.text import codepoint, control_character, is_slug

# The plugin's options in mkdocs.yml, with what each holds. The MkDocs adapter and
# `python -m generator validate` both check them here, so that they cannot disagree.
OPTIONS: dict[str, str] = {
    "organization": "tên cơ quan, hiện ở chân trang và trong dữ liệu mở",
    "notice": "một dòng thông báo ở đầu mọi trang",
    "models_dir": "thư mục mô hình, tính từ mkdocs.yml (mặc định models)",
    "edit_url": "đầu địa chỉ để sửa một tệp trên GitHub",
    "fields": "danh sách lĩnh vực (id, name, group)",
    "phases": "các giai đoạn (name, start, end)",
    "targets": "chỉ tiêu (units, enterprises)",
    "page_size": "số mô hình trên một trang danh sách",
    "editor": "trang /quan-tri/: false để bỏ, hoặc cms (decap, sveltia) và backend",
    "province": "tỉnh, thành phố từ 01/07/2025; khi đó địa bàn các đơn vị phải là xã, phường của tỉnh",
    "enabled": "true hoặc false: bật hay tắt plugin (của MkDocs)",
}
TEXT_OPTIONS = ("organization", "notice", "models_dir", "edit_url", "province")
FIELD_KEYS = ("id", "name", "group")
PHASE_KEYS = ("name", "start", "end")
TARGET_KEYS = {"units": "target_units", "enterprises": "target_enterprises"}


def _unknown(name: object, known, where: str, *option: str | int) -> SettingsError:
    guess = suggest(name, {key: key for key in known})
    hint = f'có phải ý bạn là "{guess}"?' if guess else "dùng được: " + ", ".join(known) + "."
    return SettingsError(f'{where} không có tuỳ chọn "{name}"; {hint}', *option, name)


def _named(option: tuple[str | int, ...]) -> str:
    """ "fields", 2, "name" as staff read it: fields (mục 3) name."""
    return " ".join(f"(mục {part + 1})" if isinstance(part, int) else part for part in option)


def _text(value: object, *option: str | int) -> str:
    if not isinstance(value, str):
        raise SettingsError(f"{_named(option)} phải là một dòng chữ.", *option)
    ch = control_character(value)
    if ch is not None:
        raise SettingsError(
            f"{_named(option)} có ký tự điều khiển ({codepoint(ch)}); hãy xoá ký tự đó.", *option
        )
    return value


def _whole(value: object, *option: str | int) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise SettingsError(f"{_named(option)} phải là một số nguyên.", *option)
    return value


def _items(value: object, keys: tuple[str, ...], option: str) -> list[dict[str, Any]]:
    if not isinstance(value, list):
        raise SettingsError(
            f"{option} phải là một danh sách, mỗi mục có {', '.join(keys)}.", option
        )
    items = []
    for index, item in enumerate(value):
        if not isinstance(item, dict):
            raise SettingsError(
                f"mục {index + 1} của {option} phải có {', '.join(keys)}.", option, index
            )
        for name in item:
            if name not in keys:
                raise _unknown(name, keys, f"mục {index + 1} của {option}", option, index)
        missing = [key for key in keys if item.get(key) is None]
        if missing:
            raise SettingsError(
                f"mục {index + 1} của {option} thiếu {', '.join(missing)}.", option, index
            )
        items.append(item)
    return items


def check_options(options: dict[str, Any]) -> None:
    """Raise SettingsError for the first option (in mkdocs.yml, under the plugin) that
    is unknown, misspelt or of the wrong kind. None stands for an option not given."""
    for name in options:
        if name not in OPTIONS:
            raise _unknown(name, OPTIONS, "plugin dan-van-kheo")
    for name in TEXT_OPTIONS:
        if options.get(name) is not None:
            _text(options[name], name)
    if options.get("enabled") is not None and not isinstance(options["enabled"], bool):
        raise SettingsError("enabled chỉ nhận true hoặc false.", "enabled")
    if options.get("fields") is not None:
        for index, field in enumerate(_items(options["fields"], FIELD_KEYS, "fields")):
            for key in FIELD_KEYS:
                _text(field[key], "fields", index, key)
    if options.get("phases") is not None:
        for index, phase in enumerate(_items(options["phases"], PHASE_KEYS, "phases")):
            if not isinstance(phase["name"], (str, int)) or isinstance(phase["name"], bool):
                raise SettingsError("tên giai đoạn phải là một dòng chữ.", "phases", index, "name")
            start, end = (
                _whole(phase["start"], "phases", index, "start"),
                _whole(phase["end"], "phases", index, "end"),
            )
            if start > end:
                raise SettingsError(
                    f'giai đoạn "{phase["name"]}": start và end là hai năm, start ≤ end.',
                    "phases",
                    index,
                )
    if options.get("page_size") is not None and _whole(options["page_size"], "page_size") < 1:
        raise SettingsError("page_size phải là một số nguyên dương.", "page_size")
    if options.get("editor") is not None:
        editor_settings(options["editor"])
    targets = options.get("targets")
    if targets is not None:
        if not isinstance(targets, dict):
            raise SettingsError("targets phải có dạng units: 0.5, enterprises: 0.5.", "targets")
        for key, share in targets.items():
            if key not in TARGET_KEYS:
                raise _unknown(key, TARGET_KEYS, "targets", "targets")
            if (
                isinstance(share, bool)
                or not isinstance(share, (int, float))
                or not 0 <= share <= 1  # NaN fails too
            ):
                raise SettingsError(
                    f"targets.{key} là một tỷ lệ từ 0 đến 1 (ví dụ 0.5 là 50 %).", "targets", key
                )


class _ConfigLoader(yaml.SafeLoader):
    """Reads mkdocs.yml as MkDocs does (!ENV), without importing what !!python names."""


_ConfigLoader.add_multi_constructor("", lambda loader, suffix, node: None)
_ConfigLoader.add_multi_constructor("!", lambda loader, suffix, node: None)
try:
    from yaml_env_tag import construct_env_tag  # MkDocs' own, installed with it

    _ConfigLoader.add_constructor("!ENV", construct_env_tag)
except ImportError:  # pragma: no cover
    pass

PLUGIN_NAME = "dan-van-kheo"


def read_mkdocs_config(path: Path) -> tuple[dict[str, Any], dict[str, Any]]:
    """The whole mkdocs.yml and this plugin's options in it (for the command line), as
    MkDocs reads them: `plugins` as a list or a mapping, options None for none."""
    try:
        config = yaml.load(path.read_text(encoding="utf-8"), Loader=_ConfigLoader) or {}
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = f" (dòng {mark.line + 1})" if mark is not None else ""
        raise SettingsError(
            f"mkdocs.yml có lỗi cú pháp YAML{line}: {getattr(error, 'problem', error)}."
        ) from None
    except UnicodeDecodeError:
        raise SettingsError("mkdocs.yml không ở mã UTF-8; hãy lưu lại tệp với mã UTF-8.") from None
    except OSError as error:
        raise SettingsError(f"không đọc được mkdocs.yml ({error.strerror or error}).") from None
    if not isinstance(config, dict):
        raise SettingsError("mkdocs.yml phải là các dòng `khoá: giá trị`.")
    plugins = config.get("plugins") or []
    if not isinstance(plugins, (list, dict)):  # as MkDocs refuses it
        raise SettingsError(
            "plugins phải là một danh sách (mỗi plugin một dòng `- tên`).", "plugins"
        )
    entries = (
        list(plugins.items())
        if isinstance(plugins, dict)
        else [
            next(iter(item.items())) if isinstance(item, dict) and len(item) == 1 else (item, None)
            for item in plugins
        ]
        if isinstance(plugins, list)
        else []
    )
    found = [options for name, options in entries if name == PLUGIN_NAME]
    if len(found) > 1:
        raise SettingsError(
            "plugin dan-van-kheo được khai báo hai lần; hãy xoá một lần.", "plugins"
        )
    if not found:
        return config, {}
    if found[0] is not None and not isinstance(found[0], dict):
        raise SettingsError("các tuỳ chọn của plugin phải là các dòng `tuỳ-chọn: giá trị`.")
    return config, found[0] or {}


def option_line(path: Path, option: tuple[str | int, ...]) -> int:
    """The line of an option of the plugin in mkdocs.yml (1 if it cannot be found)."""
    try:
        root = yaml.compose(path.read_text(encoding="utf-8"), Loader=yaml.SafeLoader)
    except (yaml.YAMLError, OSError, UnicodeDecodeError):
        return 1

    def child(node, key):
        if isinstance(node, yaml.MappingNode):
            for key_node, value in node.value:
                if getattr(key_node, "value", None) == key:
                    return key_node, value
        if isinstance(node, yaml.SequenceNode) and isinstance(key, int) and key < len(node.value):
            return node.value[key], node.value[key]
        return None

    found = child(root, "plugins")
    if found is None:
        return 1
    line, node = found[0].start_mark.line + 1, found[1]
    if isinstance(node, yaml.SequenceNode):
        node = next(
            (
                item
                for item in node.value
                if isinstance(item, yaml.MappingNode) and child(item, PLUGIN_NAME)
            ),
            None,
        )
    found = child(node, PLUGIN_NAME) if node is not None else None
    if found is None:
        return line
    line, node = found[0].start_mark.line + 1, found[1]
    for key in option:
        found = child(node, key)
        if found is None:
            break
        line, node = found[0].start_mark.line + 1, found[1]
    return line


def plugin_settings(
    options: dict[str, Any],
    base_dir: Path,
    site_url: str = "",
    repo_url: str = "",
    config_file: Path | None = None,
) -> Settings:
    """The site's settings from the plugin's options (read from `config_file`, so that
    their problems name its lines); SettingsError if one is wrong."""
    check_options(options)
    return Settings.from_options(options, base_dir, site_url, repo_url, config_file)


def settings_from(config_path: Path) -> tuple[Settings, Path]:
    """The settings as the build makes them from mkdocs.yml: the plugin's options
    checked the same way (SettingsError says what is wrong)."""
    root = config_path.resolve().parent
    if not config_path.is_file():
        return Settings(models_dir=root / "models"), root
    config, options = read_mkdocs_config(config_path)
    options = dict(options)
    if options.get("edit_url") is None and edit_url_from(config):
        options["edit_url"] = edit_url_from(config)
    site_url = config.get("site_url") if isinstance(config.get("site_url"), str) else ""
    repo_url = config.get("repo_url") if isinstance(config.get("repo_url"), str) else ""
    check_options(options)
    return Settings.from_options(options, root, site_url, repo_url, config_path.resolve()), root


# -- the rules of the settings, listed with the data's problems ----------------------------


def option_problem(settings: Settings, option: tuple[str | int, ...], message: str) -> Problem:
    """A problem of an option, at its line of the settings' mkdocs.yml."""
    config = settings.config_file
    if config is None:  # settings made in code
        return Problem("mkdocs.yml", 1, message)
    return Problem(config.name, option_line(config, option), message)


def field_problems(settings: Settings) -> list[Problem]:
    """The fields' ids are addresses and keys of the models, once each; each field is in
    one of the national groups."""
    problems = []
    ids = set()
    for index, field in enumerate(settings.fields):
        at = ("fields", index, "id")
        if not is_slug(field.id):
            problems.append(
                option_problem(
                    settings,
                    at,
                    f'Mã lĩnh vực "{field.id}" phải viết thường, không dấu, nối bằng gạch ngang.',
                )
            )
        if field.id in ids:
            problems.append(option_problem(settings, at, f'Mã lĩnh vực "{field.id}" bị lặp.'))
        if field.group not in GROUPS:
            problems.append(
                option_problem(
                    settings,
                    ("fields", index, "group"),
                    f'Lĩnh vực "{field.id}": nhóm "{field.group}" không có; chọn một trong: {", ".join(GROUPS)}.',
                )
            )
        ids.add(field.id)
    return problems


def places_of(settings: Settings) -> tuple[Places | None, list[Problem]]:
    """The communes of the `province` option, if set; a wrong one is a problem."""
    try:
        return province_places(settings), []
    except PlacesError as error:
        return None, [option_problem(settings, ("province",), f'Tuỳ chọn "province": {error}')]
