"""Figures of the movement, computed from the catalog so reports never drift.

Only published models count (drafts never do). For a period of years (one year,
or a programme phase) a model is:

- registered ("đăng ký") if it was registered by the period's end and had not
  ended before the period began, so a model counts in every period it was active in;
- new if it was registered within the period, maintained if registered before it;
- reviewed if it has a review in one of the period's years; recognised if one of
  those reviews recognised it, otherwise not recognised.

"Active" without a period means today: registered and not ended (dates in the
future are rejected on load, so an end date always lies in the past).

The review worklist, for the committee preparing the next review: models active in
the latest year anyone was reviewed that have no result for it, and active models
whose two latest results, in two years running, both did not recognise them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from generator.data.model import Catalog, Model, Unit, may_be_showcase
from generator.data.settings import Phase
from generator.data.text import sort_key


@dataclass(frozen=True)
class Counts:
    """How many models a group has, and how many of them reached each stage."""

    models: int = 0
    active: int = 0
    showcase: int = 0
    commended: int = 0


@dataclass(frozen=True)
class Activity:
    """What a group of models did in a period."""

    registered: int = 0
    new: int = 0
    maintained: int = 0
    reviewed: int = 0
    recognized: int = 0
    not_recognized: int = 0


@dataclass(frozen=True)
class Coverage:
    """Share of units that have at least one active model, against a target share."""

    units: tuple[Unit, ...]
    covered: frozenset[str]  # ids of the units with an active model
    target: float

    @property
    def share(self) -> float | None:
        return len(self.covered) / len(self.units) if self.units else None

    @property
    def met(self) -> bool:
        # Nothing to cover means nothing is missing.
        return self.share is None or self.share >= self.target - 1e-9

    @property
    def missing(self) -> list[Unit]:
        return [u for u in self.units if u.id not in self.covered]


def is_active(model: Model, year: int | None = None) -> bool:
    """Active today (year None) or at some time during the given year."""
    return model.ended is None if year is None else model.active_in(year)


def counts(models: Iterable[Model]) -> Counts:
    models = list(models)
    return Counts(
        models=len(models),
        active=sum(is_active(m) for m in models),
        showcase=sum(m.is_showcase for m in models),
        commended=sum(m.is_commended for m in models),
    )


def group_counts(
    models: Iterable[Model], key: Callable[[Model], str], keys: Iterable[str]
) -> dict[str, Counts]:
    """Counts for each of `keys` (in that order, zero when no model has it)."""
    groups: dict[str, list[Model]] = {k: [] for k in keys}
    for model in models:
        groups.setdefault(key(model), []).append(model)
    return {k: counts(ms) for k, ms in groups.items()}


def activity(models: Iterable[Model], period: Phase) -> Activity:
    registered = new = reviewed = recognized = 0
    for model in models:
        first = model.registered.year
        if first > period.end or (model.ended and model.ended.year < period.start):
            continue
        registered += 1
        new += first >= period.start
        results = [ok for year, ok in model.reviews.items() if period.holds(year)]
        reviewed += bool(results)
        recognized += any(results)
    return Activity(
        registered=registered,
        new=new,
        maintained=registered - new,
        reviewed=reviewed,
        recognized=recognized,
        not_recognized=reviewed - recognized,
    )


def years(catalog: Catalog) -> list[int]:
    """Every year from the first registration to the last registration or review."""
    models = catalog.published
    if not models:
        return []
    first = min(m.registered.year for m in models)
    last = max(max([m.registered.year, *m.reviews]) for m in models)
    return list(range(first, last + 1))


def phases(catalog: Catalog) -> list[Phase]:
    return list(catalog.settings.phases)


def coverage(catalog: Catalog, year: int | None = None) -> tuple[Coverage, Coverage]:
    """(all units, enterprise units) with an active model, today or in a given year."""
    covered = frozenset(m.unit.id for m in catalog.published if is_active(m, year))
    units = tuple(
        sorted(catalog.units.values(), key=lambda u: (sort_key(u.locality), sort_key(u.name)))
    )
    enterprises = tuple(u for u in units if u.type == "enterprise")
    settings = catalog.settings
    return (
        Coverage(units, covered, settings.target_units),
        Coverage(enterprises, covered & {u.id for u in enterprises}, settings.target_enterprises),
    )


@dataclass(frozen=True)
class Place:
    """A current commune or ward where units of the registry are, and their models."""

    code: str
    name: str
    units: int
    covered: int  # units with an active model
    active: int  # active models


def places(catalog: Catalog, year: int | None = None) -> list[Place]:
    """With the `province` option: each commune or ward that has units, in Vietnamese
    order, so that the committee sees where no model is active yet."""
    if catalog.province is None:
        return []
    by_code: dict[str, list[Unit]] = {}
    for unit in catalog.units.values():
        by_code.setdefault(unit.locality_code or "", []).append(unit)
    found = []
    for code, units in by_code.items():
        active = [[m for m in catalog.by_unit[u.id] if is_active(m, year)] for u in units]
        found.append(
            Place(
                code, units[0].locality, len(units), sum(map(bool, active)), sum(map(len, active))
            )
        )
    return sorted(found, key=lambda p: sort_key(p.name))


@dataclass(frozen=True)
class Pending:
    """A model on the review worklist, and why."""

    model: Model
    missing: int | None  # the year it has no result for
    not_recognized: tuple[int, ...]  # the two years running it was not recognised


def latest_review_year(catalog: Catalog) -> int | None:
    return max((year for m in catalog.published for year in m.reviews), default=None)


def not_recognized_running(model: Model) -> tuple[int, ...]:
    """The model's two latest review years, if consecutive and neither recognised it."""
    last = sorted(model.reviews)[-2:]
    if len(last) == 2 and last[1] == last[0] + 1 and not any(model.reviews[y] for y in last):
        return tuple(last)
    return ()


def review_worklist(catalog: Catalog, year: int | None = None) -> list[Pending]:
    """Models to look at before the review of `year` (the latest reviewed one if not
    given), in title order."""
    year = latest_review_year(catalog) if year is None else year
    found = []
    for model in catalog.published:
        missing = year if year is not None and model.active_in(year) else None
        if missing is not None and missing in model.reviews:
            missing = None
        running = not_recognized_running(model) if is_active(model) else ()
        if missing is not None or running:
            found.append(Pending(model, missing, running))
    return found


def showcase_candidates(catalog: Catalog) -> list[Model]:
    """Active models recognised in at least SHOWCASE_MIN_YEARS years that are not yet showcases."""
    found = [
        m
        for m in catalog.published
        if not m.is_showcase
        and is_active(m)
        and may_be_showcase(m.reviews, max(m.reviews, default=0))
    ]
    return sorted(found, key=lambda m: (-len(m.recognized_years), sort_key(m.title)))
