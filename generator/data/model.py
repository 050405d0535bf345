"""The domain: units, models and the catalog that holds them."""

from __future__ import annotations

import heapq
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cached_property
from itertools import islice
from pathlib import Path

from generator.data.problem import Problem
from generator.data.schema import SHOWCASE_MIN_YEARS, SHOWCASE_MIN_YEARS_WORDS  # noqa: F401
from generator.data.settings import KINDS, UNIT_TYPES, Field, Settings
from generator.data.text import nfc, sort_key


def recognized_until(reviews: Mapping[int, bool], year: int) -> list[int]:
    """The years up to `year` in which a model was recognised."""
    return sorted(y for y, ok in reviews.items() if ok and y <= year)


def may_be_showcase(reviews: Mapping[int, bool], year: int) -> bool:
    """Whether a model with these reviews may be chosen as a showcase model in `year`."""
    return len(recognized_until(reviews, year)) >= SHOWCASE_MIN_YEARS


@dataclass(frozen=True)
class Commune:
    """A commune, ward or special zone (xã, phường, đặc khu) of the official list."""

    code: str  # five digits, as the statistics office writes it: "01843"
    name: str  # "Phường Bắc Kạn"


@dataclass(frozen=True)
class Province:
    """A province or centrally governed city of the official list, with its communes."""

    code: str  # "19"
    name: str  # "Thái Nguyên", "Thành phố Hà Nội"
    kind: str  # "tỉnh" or "thành phố"
    communes: tuple[Commune, ...] = field(default=(), repr=False)

    @property
    def title(self) -> str:
        """ "Tỉnh Thái Nguyên", "Thành phố Hà Nội": the name as a heading shows it."""
        if self.name.lower().startswith(self.kind):
            return self.name
        return f"{self.kind[:1].upper()}{self.kind[1:]} {self.name}"

    @property
    def phrase(self) -> str:
        """ "tỉnh Thái Nguyên", "thành phố Hà Nội": the name inside a sentence."""
        return self.kind + self.title[len(self.kind) :]


@dataclass(frozen=True)
class Former:
    """What a unit was called, where it was and whom it answered to, up to a day.

    Only what changed is given; what is not given was as in the next entry (or now).
    """

    until: date
    name: str | None = None
    locality: str | None = None
    parent: str | None = None

    def text(self) -> str:
        """ "Chi bộ Tổ 5, Phường Sông Cầu, trực thuộc Đảng bộ phường Sông Cầu" """
        parts = [self.name, self.locality]
        if self.parent:
            parts.append(f"trực thuộc {self.parent}")
        return ", ".join(filter(None, parts))


@dataclass(frozen=True)
class Unit:
    id: str
    name: str
    type: str
    locality: str
    parent: str | None = None
    locality_code: str | None = None  # of the official list, where known
    history: tuple[Former, ...] = ()  # oldest first

    @property
    def type_name(self) -> str:
        return UNIT_TYPES[self.type]

    def at(self, day: date) -> tuple[str, str, str | None]:
        """(name, locality, parent) on a day: from the first history entry that ends on
        or after it, each value from the earliest such entry that gives it, else now."""
        later = [f for f in self.history if f.until >= day]

        def then(attr: str, now: str | None) -> str | None:
            return next((getattr(f, attr) for f in later if getattr(f, attr)), now)

        return then("name", self.name), then("locality", self.locality), then("parent", self.parent)

    def periods(self) -> list[tuple[date | None, Former]]:
        """Each history entry with the day it began (None for the oldest)."""
        starts = [None] + [f.until + timedelta(days=1) for f in self.history[:-1]]
        return list(zip(starts, self.history, strict=True))

    @property
    def former_names(self) -> list[str]:
        """Names and places the unit had, other than its current ones (for search)."""
        found = [v for f in self.history for v in (f.name, f.locality) if v]
        return [v for v in dict.fromkeys(found) if v not in (self.name, self.locality)]


@dataclass(frozen=True)
class Commendation:
    date: date
    by: str
    decision: str | None = None
    title: str | None = None


@dataclass(frozen=True)
class Result:
    label: str
    value: int | float
    unit: str | None = None


@dataclass(frozen=True)
class Image:
    path: Path  # absolute path of the file on disk
    caption: str

    @property
    def name(self) -> str:
        """The name it is published under: NFC, whatever the form on disk."""
        return nfc(self.path.name)


@dataclass(frozen=True)
class Model:
    slug: str
    title: str
    summary: str
    field: Field
    unit: Unit
    registered: date
    source: str  # path of the file, relative to the project root
    kind: str = "collective"
    reviews: dict[int, bool] = field(default_factory=dict)  # year -> recognised
    showcase: date | None = None
    commendations: tuple[Commendation, ...] = ()
    results: tuple[Result, ...] = ()
    tags: tuple[str, ...] = ()
    images: tuple[Image, ...] = ()
    ended: date | None = None
    draft: bool = False
    body: str = ""

    @property
    def kind_name(self) -> str:
        return KINDS[self.kind]

    @property
    def recognized_years(self) -> list[int]:
        return sorted(year for year, ok in self.reviews.items() if ok)

    @property
    def is_showcase(self) -> bool:
        return self.showcase is not None

    @property
    def is_commended(self) -> bool:
        return bool(self.commendations)

    @property
    def latest_commendation(self) -> Commendation | None:
        return max(self.commendations, key=lambda c: c.date, default=None)

    @property
    def statuses(self) -> list[str]:
        """Ids of the stages the model has reached, in the movement's order."""
        found = ["dang-ky"]
        if self.recognized_years:
            found.append("cong-nhan")
        if self.is_showcase:
            found.append("mo-hinh-diem")
        if self.is_commended:
            found.append("bieu-duong")
        return found

    def active_in(self, year: int) -> bool:
        return self.registered.year <= year and (self.ended is None or self.ended.year >= year)


STATUSES = {
    "dang-ky": "Đã đăng ký",
    "cong-nhan": "Đã công nhận",
    "mo-hinh-diem": "Mô hình điểm",
    "bieu-duong": "Được biểu dương",
}


@dataclass
class Catalog:
    """Every unit and model, validated; the published ones sorted in Vietnamese order."""

    settings: Settings
    units: dict[str, Unit]
    models: list[Model]
    province: Province | None = None  # with the `province` option: its official communes
    warnings: list[Problem] = field(default_factory=list)  # found, but no reason to stop

    def __post_init__(self) -> None:
        self.models.sort(key=lambda m: sort_key(m.title))

    @cached_property
    def published(self) -> list[Model]:
        return [m for m in self.models if not m.draft]

    @cached_property
    def by_field(self) -> dict[str, list[Model]]:
        groups: dict[str, list[Model]] = {f.id: [] for f in self.settings.fields}
        for model in self.published:
            groups[model.field.id].append(model)
        return groups

    @cached_property
    def by_unit(self) -> dict[str, list[Model]]:
        groups: dict[str, list[Model]] = defaultdict(list)
        for model in self.published:
            groups[model.unit.id].append(model)
        return {unit_id: groups.get(unit_id, []) for unit_id in self.units}

    @cached_property
    def sorted_units(self) -> list[Unit]:
        return sorted(self.units.values(), key=lambda u: sort_key(u.name))

    @cached_property
    def showcase(self) -> list[Model]:
        return sorted(
            (m for m in self.published if m.is_showcase),
            key=lambda m: (-m.showcase.toordinal(), sort_key(m.title)),
        )

    @cached_property
    def commended(self) -> list[Model]:
        """Commended models, the most recently commended first."""
        return sorted(
            (m for m in self.published if m.is_commended),
            key=lambda m: (-m.latest_commendation.date.toordinal(), sort_key(m.title)),
        )

    @cached_property
    def _by_field_tag(self) -> dict[tuple[str, str], list[Model]]:
        index: dict[tuple[str, str], list[Model]] = defaultdict(list)
        for model in self.published:
            for tag in model.tags:
                index[(model.field.id, tag)].append(model)
        return index

    @cached_property
    def _field_position(self) -> dict[str, int]:
        return {m.slug: i for models in self.by_field.values() for i, m in enumerate(models)}

    def related(self, model: Model, limit: int = 4) -> list[Model]:
        """Models of the same unit first, then of the same field sharing most tags,
        then the field's neighbours in title order.

        Indexes keep this near-constant per model, so thousands of pages stay fast.
        """
        same_unit = (m for m in self.by_unit.get(model.unit.id, []) if m.slug != model.slug)
        chosen = list(islice(same_unit, limit))
        taken = {model.slug} | {m.slug for m in chosen}
        shared: dict[str, int] = defaultdict(int)
        candidates: dict[str, Model] = {}
        for tag in model.tags:
            for other in self._by_field_tag.get((model.field.id, tag), [])[:50]:
                if other.slug not in taken:
                    shared[other.slug] += 1
                    candidates[other.slug] = other
        position = self._field_position
        chosen += heapq.nsmallest(
            limit - len(chosen),
            candidates.values(),
            key=lambda m: (-shared[m.slug], position[m.slug]),
        )
        taken |= {m.slug for m in chosen}
        same_field = self.by_field.get(model.field.id, [])
        here = position.get(model.slug, 0)
        for offset in range(1, len(same_field)):
            if len(chosen) >= limit:
                break
            for index in (here + offset, here - offset):
                if 0 <= index < len(same_field) and same_field[index].slug not in taken:
                    chosen.append(same_field[index])
                    taken.add(same_field[index].slug)
        return chosen[:limit]
