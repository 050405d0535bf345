"""The official communes and wards since 1 July 2025, and what each older one became.

Both lists come from maintained packages, pinned in pyproject.toml and read from the
installed copy (nothing is fetched while building):

- `vietnam-provinces`: the statistics office's list of the 34 provinces and cities and
  their 3,321 communes, wards and special zones, with codes. Names and codes shown on
  the site come from here.
- `vietnamadminunits`: the official conversion of the 10,040 communes, wards and towns
  of the 63 former provinces, an old unit split among several new ones listing them
  all. Only its data files are read: its code imports shapely and geopy and parses
  3.6 MB of address keywords on import, none of which is needed here.

The two packages spell some names differently ("Tỉnh Thái Nguyên" and "Thái Nguyên",
"Hòa" and "Hoà", a doubled space) and number 131 new wards differently, so a new
ward of the conversion is found in the official list by its name, through the
matcher's key, within its province.
"""

from __future__ import annotations

import importlib.util
import json
import sqlite3
from dataclasses import dataclass
from datetime import date
from functools import cached_property, lru_cache
from pathlib import Path

from generator.data.match import Names, key, nearest
from generator.data.model import Commune, Province
from generator.data.settings import Settings
from generator.data.text import fold, format_date, nfc, sort_key

REORGANISED = date(2025, 7, 1)  # the first day of the new communes and wards
LAST_DAY = date(2025, 6, 30)  # the last day of the old ones: `until` of their history entry
SINCE = format_date(REORGANISED)

# Words a name of a commune, ward or district begins with, as written in the lists.
KINDS = ("Thành phố", "Tỉnh", "Thị xã", "Thị trấn", "Đặc khu", "Phường", "Quận", "Huyện", "Xã")


class PlacesError(Exception):
    """The `province` option or the packages' data cannot be used; said in Vietnamese."""


def clean(name: str) -> str:
    """A name as the site shows it: NFC, single spaces, its kind written as in KINDS."""
    name = " ".join(nfc(name).split())
    for kind in KINDS:
        if fold(name).startswith(fold(kind) + " "):
            return kind + name[len(kind) :]
    return name


def short(name: str) -> str:
    """The name without its kind: "Phường Bắc Kạn" -> "Bắc Kạn"."""
    for kind in KINDS:
        if name.startswith(kind + " "):
            return name[len(kind) + 1 :]
    return name


def listed(communes) -> str:
    names = [c.name for c in communes]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " và " + names[-1]


@dataclass(frozen=True)
class FormerCommune:
    """A commune, ward or town of before 1 July 2025 and the current unit(s) it became."""

    name: str  # "Phường Sông Cầu"
    district: str  # "Thành phố Bắc Kạn"
    province: str  # "Tỉnh Bắc Kạn"
    became: tuple[Commune, ...]  # several where it was split among them

    @property
    def split(self) -> bool:
        return len(self.became) > 1


# -- the packages' data ------------------------------------------------------------


def _package_data(package: str) -> Path:
    """The data folder of an installed package, found without importing its code."""
    spec = importlib.util.find_spec(package)
    if spec is None or not spec.submodule_search_locations:
        raise PlacesError(
            f"chưa cài gói {package} (danh sách đơn vị hành chính); hãy cài lại dự án: "
            "python3 -m pip install -e ."
        )
    return Path(next(iter(spec.submodule_search_locations))) / "data"


@lru_cache(maxsize=1)
def provinces() -> dict[str, Province]:
    """The 34 provinces and cities of the official list, by code ("19")."""
    path = _package_data("vietnam_provinces") / "nested-divisions.json"
    try:
        data = json.loads(path.read_bytes())
        found = {}
        for p in data:
            kind = "thành phố" if p["division_type"].startswith("thành phố") else "tỉnh"
            communes = tuple(
                sorted(
                    (Commune(f"{w['code']:05d}", clean(w["name"])) for w in p["wards"]),
                    key=lambda c: sort_key(c.name),
                )
            )
            code = f"{p['code']:02d}"
            found[code] = Province(code, clean(p["name"]), kind, communes)
        return found
    except (OSError, ValueError, KeyError, TypeError) as error:
        raise PlacesError(f"không đọc được danh sách đơn vị hành chính ({path}).") from error


class _Conversion:
    """The tables of vietnamadminunits: the conversion and the names of the old units."""

    def __init__(self) -> None:
        folder = _package_data("vietnamadminunits")
        try:
            data = json.loads((folder / "converter_2025.json").read_bytes())
            self.old_provinces: dict[str, list[str]] = data["DICT_PROVINCE"]
            self.kept: dict[str, dict[str, list[str]]] = data["DICT_PROVINCE_WARD_NO_DIVIDED"]
            self.divided: dict[str, dict[str, list[dict]]] = data["DICT_PROVINCE_WARD_DIVIDED"]
            # Read-only and immutable: the package's folder may not be writable.
            uri = (folder / "dataset.db").as_uri() + "?mode=ro&immutable=1"
            with sqlite3.connect(uri, uri=True) as db:
                self.new_wards = db.execute(
                    "SELECT provinceCode, provinceKey, wardKey, ward, wardCode FROM admin_units"
                ).fetchall()
                self.old_units = db.execute(
                    "SELECT provinceKey, districtKey, wardKey, province, district, ward "
                    "FROM admin_units_legacy"
                ).fetchall()
        except (OSError, ValueError, KeyError, sqlite3.Error) as error:
            raise PlacesError(
                f"không đọc được bảng chuyển đổi đơn vị hành chính ({folder})."
            ) from error

    @cached_property
    def province_keys(self) -> dict[str, str]:
        """Official province code -> the package's key for it ("19" -> "tinhthainguyen")."""
        return {code: pkey for code, pkey, *_ in self.new_wards}

    def old_names(self, old_keys: list[str]) -> dict[str, tuple[str, str, str]]:
        """The package's key of an old unit -> (name, district, province)."""
        wanted = {k.split("_", 1)[0] for k in old_keys}
        found = {}
        for pkey, dkey, wkey, province, district, ward in self.old_units:
            if pkey in wanted:
                # The island districts had no communes: the district is the unit.
                name = clean(ward) if ward else clean(district)
                found[f"{pkey}_{dkey}_{wkey or ''}"] = (name, clean(district), clean(province))
        return found

    def formers(self, province: Province) -> list[FormerCommune]:
        pkey = self.province_keys.get(province.code)
        if pkey is None:
            raise PlacesError(f"bảng chuyển đổi không có {province.phrase}.")
        new = self.join(pkey, province)
        targets: dict[str, list[Commune]] = {}
        for wkey, old_keys in self.kept.get(pkey, {}).items():
            for old in old_keys:
                targets[old] = [new[wkey]]
        for old, candidates in self.divided.get(pkey, {}).items():
            targets[old] = sorted(
                {new[c["newWardKey"]] for c in candidates}, key=lambda c: sort_key(c.name)
            )
        names = self.old_names(list(targets))
        return [
            FormerCommune(*names[old], tuple(became))
            for old, became in targets.items()
            if old in names
        ]

    def join(self, pkey: str, province: Province) -> dict[str, Commune]:
        """The package's key of each new ward of the province -> its commune in the
        official list: by code where the names agree too, then by name among the
        communes left, one to one (two communes may differ only in marks, which one
        list once gets wrong)."""
        by_code = {c.code: c for c in province.communes}
        wards = [(wkey, ward, code) for _, p, wkey, ward, code in self.new_wards if p == pkey]
        new: dict[str, Commune] = {}
        for wkey, ward, code in wards:
            if code in by_code and key(by_code[code].name) == key(ward):
                new[wkey] = by_code[code]
        left = {c.code: c.name for c in province.communes if c not in new.values()}
        for wkey, ward, _ in wards:
            if wkey in new:
                continue
            found = Names(left).matches(ward)
            if len(found) != 1:
                raise PlacesError(
                    f'bảng chuyển đổi có "{ward}", không tìm được trong danh sách của '
                    f"{province.phrase}."
                )
            new[wkey] = by_code[found[0]]
            del left[found[0]]
        return new

    def old_province_names(self) -> dict[str, str]:
        """Name of each former province -> the official code of the one it is part of."""
        code_of = {pkey: code for code, pkey in self.province_keys.items()}
        names = {pkey: clean(name) for pkey, _, _, name, _, _ in self.old_units}
        return {
            names[old]: code_of[new]
            for new, olds in self.old_provinces.items()
            for old in olds
            if old in names and new in code_of
        }


@lru_cache(maxsize=1)
def _conversion() -> _Conversion:
    return _Conversion()


@lru_cache(maxsize=1)
def _all_communes() -> tuple[Names, dict[str, tuple[Commune, Province]]]:
    """Every current commune of the country, for saying which province a name is in."""
    where = {c.code: (c, p) for p in provinces().values() for c in p.communes}
    return Names({code: (c.name, short(c.name)) for code, (c, _) in where.items()}), where


# -- one province ------------------------------------------------------------------------


def province_names(p: Province) -> tuple[str, ...]:
    return tuple(dict.fromkeys((p.name, p.title, short(p.name))))


def find_province(text: str) -> Province:
    """The province or city the `province` option names (with or without "Tỉnh" or
    "Thành phố", without regard to marks or case); PlacesError says what is wrong."""
    every = provinces()
    found = Names({code: province_names(p) for code, p in every.items()}).matches(text)
    if len(found) == 1:
        return every[found[0]]
    olds = _conversion().old_province_names()
    old = Names({name: (name, short(name)) for name in olds}).matches(text)
    if old:
        now = every[olds[old[0]]]
        raise PlacesError(
            f'"{text}" từ {SINCE} đã nhập vào {now.phrase}; hãy ghi province: {now.name}.'
        )
    near = nearest(text, {code: province_names(p) for code, p in every.items()})
    tip = f' Có phải ý bạn là "{every[near[0]].name}"?' if near else ""
    raise PlacesError(
        f'"{text}" không có trong danh sách {len(every)} tỉnh, thành phố từ {SINCE}.{tip}'
    )


class Places:
    """The communes and wards of one province now, and the ones it had before."""

    def __init__(self, province: Province):
        self.province = province
        self.by_code = {c.code: c for c in province.communes}
        self.current_index = Names({c.code: (c.name, short(c.name)) for c in province.communes})
        self.formers = _conversion().formers(province)
        self.former_index = Names(
            {str(i): (f.name, short(f.name)) for i, f in enumerate(self.formers)}
        )

    @classmethod
    def named(cls, text: str) -> Places:
        return _places(find_province(text).code)

    def current(self, text: str) -> list[Commune]:
        """The current communes a typed name stands for (more than one: ambiguous)."""
        return [self.by_code[code] for code in self.current_index.matches(text)]

    def commune(self, text: str) -> Commune | None:
        found = self.current(text)
        return found[0] if len(found) == 1 else None

    def former(self, text: str) -> list[FormerCommune]:
        """The units of before 1 July 2025 in this province that had this name."""
        return [self.formers[int(i)] for i in self.former_index.matches(text)]

    def became(self, text: str) -> tuple[Commune, ...]:
        """What a former name became: one commune, several (split or more than one old
        unit of that name), or none."""
        found = {c for f in self.former(text) for c in f.became}
        return tuple(sorted(found, key=lambda c: sort_key(c.name)))

    def problem(self, text: str, registered: bool = True) -> str | None:
        """Why a locality is not a current commune of the province, with the fix; None if it
        is. For a unit already `registered` the fix keeps the old name in its history."""
        keep = ' và chuyển tên cũ vào khoá "history"' if registered else ""
        found = self.current(text)
        if len(found) == 1:
            return None
        if found:
            return f'"{text}" ứng với {len(found)} xã, phường: {listed(found)}; hãy ghi đúng tên, có dấu.'
        formers = self.former(text)
        became = self.became(text)
        if len(became) == 1:
            tool = " (lệnh `python -m generator units migrate` làm việc này)" if registered else ""
            return (
                f'"{text}" đã nhập vào {became[0].name} từ {SINCE}; hãy ghi "{became[0].name}"'
                f"{keep}{tool}."
            )
        if len(formers) == 1:
            return (
                f'"{text}" từ {SINCE} được chia về {listed(became)}; hãy ghi tên xã, phường '
                f"nơi đơn vị ở{keep}."
            )
        if formers:
            each = "; ".join(
                f"{f.name} ({f.district}, {f.province}) nay thuộc {listed(f.became)}"
                for f in formers
            )
            return (
                f'"{text}" là tên trước {SINCE} của {len(formers)} xã, phường: {each}. Hãy ghi '
                f"tên xã, phường hiện nay nơi đơn vị ở{keep}."
            )
        index, where = _all_communes()
        elsewhere = [where[code] for code in index.matches(text)]
        if elsewhere:
            other = elsewhere[0][1]
            return (
                f'"{text}" là một xã, phường của {other.phrase}, không thuộc '
                f'{self.province.phrase} (tuỳ chọn "province" trong mkdocs.yml).'
            )
        # Names without their kind: "Phường " in both would make every ward look close.
        options = {c.code: short(c.name) for c in self.province.communes}
        near = [self.by_code[code].name for code in nearest(short(clean(text)), options)]
        tip = " Có phải ý bạn là " + ", ".join(f'"{n}"' for n in near) + "?" if near else ""
        return (
            f'"{text}" không có trong danh sách xã, phường của {self.province.phrase} '
            f"từ {SINCE}.{tip}"
        )


def province_places(settings: Settings) -> Places | None:
    """The communes of the `province` option, or None without it; PlacesError if wrong."""
    return Places.named(settings.province) if settings.province else None


@lru_cache(maxsize=8)
def _places(code: str) -> Places:
    return Places(provinces()[code])
