"""The domain: units, models and the catalogue that holds them."""

from __future__ import annotations

import heapq
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from itertools import islice
from pathlib import Path

from generator.data.settings import KINDS, UNIT_TYPES, Field, Settings
from generator.data.text import nfc, sort_key

# A model recognised in this many years (up to the year it is chosen) may become a
# showcase model (mô hình điểm).
SHOWCASE_MIN_YEARS = 2


def recognized_until(reviews: Mapping[int, bool], year: int) -> list[int]:
    """The years up to `year` in which a model was recognised."""
    return sorted(y for y, ok in reviews.items() if ok and y <= year)


def may_be_showcase(reviews: Mapping[int, bool], year: int) -> bool:
    """Whether a model with these reviews may be chosen as a showcase model in `year`."""
    return len(recognized_until(reviews, year)) >= SHOWCASE_MIN_YEARS


@dataclass(frozen=True)
class Unit:
    id: str
    name: str
    type: str
    locality: str
    parent: str | None = None

    @property
    def type_name(self) -> str:
        return UNIT_TYPES[self.type]


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
