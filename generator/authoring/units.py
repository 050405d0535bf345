"""`python -m generator units migrate`: the registry moved to the communes of 1 July 2025.

Each unit whose locality is a commune, ward or town of before the reorganisation gets
the one it became, with its official code, and keeps the old name in `history` (until
30/06/2025). A unit whose old commune was split among several new ones, or whose
name fits more than one old commune, is listed for a person to choose and left as it
is. Units already in a current commune get its code (and its official spelling). The
registry is changed in place, comments and order kept; a dry run writes nothing, and
a second run finds nothing to change.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from generator.authoring.files import locked, recheck, valid_units
from generator.authoring.inplace import Edit, EditError
from generator.data.load import UNITS_FILE, relative
from generator.data.match import key
from generator.data.model import Unit
from generator.data.places import LAST_DAY, Places, PlacesError, short
from generator.data.settings import Settings
from generator.data.source import parse_yaml
from generator.data.text import format_date


@dataclass
class Outcome:
    moved: list[tuple[int, str]] = field(default_factory=list)  # unit's index, what was done
    coded: list[tuple[int, str]] = field(default_factory=list)
    left: list[tuple[int, str]] = field(default_factory=list)  # for a person to decide
    notes: list[tuple[int, str]] = field(default_factory=list)


class Migration:
    def __init__(self, settings: Settings, root: Path, say: Callable[[str], None] = print):
        self.settings = settings
        self.root = root
        self.say = say
        self.registry = settings.models_path(root) / UNITS_FILE
        self.name = relative(self.registry, root)
        self.outcome = Outcome()

    def run(self, dry_run: bool) -> int:
        if not self.settings.province:
            self.say(
                'mkdocs.yml:1: Chưa đặt tuỳ chọn "province" của plugin dan-van-kheo (tỉnh, thành '
                "phố từ 01/07/2025, ví dụ `province: Thái Nguyên`); hãy thêm rồi chạy lại."
            )
            return 1
        try:
            places = Places.named(self.settings.province)
        except PlacesError as error:
            self.say(f'mkdocs.yml:1: Tuỳ chọn "province": {error}')
            return 1
        units = valid_units(self.registry, self.root, self.say, "chuyển đổi")
        if units is None:
            return 1
        try:
            edit = Edit(self.registry)
        except EditError as error:
            self.say(f"{self.name}:1: Không sửa được tệp tại chỗ: {error}")
            return 1
        try:
            # The registry has no problems, so its units are its items, in order; each is
            # edited on its own text (a province's registry has thousands).
            with edit.items() as items:
                for index, (item, unit) in enumerate(zip(items, units.values(), strict=True)):
                    said: list[tuple[str, str]] = []  # (part of the outcome, message)
                    try:
                        with item.together():
                            self.migrate(item, unit, places, said)
                    except EditError as error:
                        said = [("left", f"{unit.id}: không sửa được tại chỗ ({error}).")]
                    for part, message in said:
                        getattr(self.outcome, part).append((index, message))
        except EditError as error:
            self.say(f"{self.name}:1: Không sửa được tệp tại chỗ: {error}")
            return 1
        return self.report(edit, dry_run)

    def migrate(self, item: Edit, unit: Unit, places: Places, said: list[tuple[str, str]]) -> None:
        """Edit one unit (its own item: keys start with 0); say what was done or left."""
        old = unit.locality
        found = places.current(old)
        if len(found) == 1:
            commune = found[0]
            if old != commune.name:
                item.set([0, "locality"], commune.name)
                said.append(
                    (
                        "coded",
                        f'{unit.id}: ghi đúng tên chính thức "{commune.name}" (thay "{old}").',
                    )
                )
            if unit.locality_code != commune.code:
                item.set([0, "locality_code"], commune.code, after=["locality"])
                what = f"sửa mã {unit.locality_code} thành" if unit.locality_code else "thêm mã"
                said.append(("coded", f"{unit.id}: {what} {commune.code} của {commune.name}."))
            return
        became = places.became(old) if not found else ()
        if len(became) != 1:
            said.append(("left", f"{unit.id}: chưa đổi: {places.problem(old)}"))
            return
        commune = became[0]
        # The old name as the official list wrote it ("xa nong thuong" -> "Xã Nông Thượng").
        formers = places.former(old)
        was = formers[0].name if len(formers) == 1 else old
        last = unit.history[-1] if unit.history else None
        if last is None or last.until < LAST_DAY:
            item.append([0, "history"], {"until": LAST_DAY, "locality": was})
        elif last.until == LAST_DAY and last.locality is None:
            item.set([0, "history", len(unit.history) - 1, "locality"], was, after=["until"])
        else:
            said.append(
                (
                    "left",
                    f'{unit.id}: chưa đổi: "history" đã có mục đến ngày {format_date(last.until)}; '
                    f'hãy ghi "{commune.name}" và chuyển tên cũ vào "history" bằng tay.',
                )
            )
            return
        item.set([0, "locality"], commune.name)
        item.set([0, "locality_code"], commune.code, after=["locality"])
        said.append(
            (
                "moved",
                f'{unit.id}: "{old}" → "{commune.name}" (mã {commune.code}); "{was}" ghi vào '
                f'"history" đến ngày {format_date(LAST_DAY)}.',
            )
        )
        if unit.parent and f"-{key(short(old))}-" in f"-{key(unit.parent)}-":
            said.append(
                (
                    "notes",
                    f'{unit.id}: cấp trên "{unit.parent}" mang tên địa bàn cũ; nếu đã đổi, hãy '
                    'sửa "parent" và ghi tên cũ vào mục "history" đó.',
                )
            )

    def report(self, edit: Edit, dry_run: bool) -> int:
        out = self.outcome
        # Lines of the file as it is after the run (as it was, for a dry run).
        data = parse_yaml(edit.original if dry_run else edit.text, self.name)
        said = sorted([*out.moved, *out.coded, *out.notes, *out.left], key=lambda x: x[0])
        for index, message in said:
            self.say(f"{self.name}:{data[index].line_of('locality')}: {message}")
        will = "Sẽ" if dry_run else "Đã"
        if not edit.changed and not out.left:
            self.say(f"{self.name}: các đơn vị đã ở xã, phường hiện nay, có đủ mã; không cần đổi.")
            return 0
        self.say(
            f"{will} chuyển {len(out.moved)} đơn vị sang xã, phường hiện nay, thêm hoặc sửa mã, "
            f"tên cho {len(out.coded)} đơn vị; {len(out.left)} đơn vị cần người chọn, chưa đổi."
            + (" Chạy thử: chưa ghi tệp nào." if dry_run else "")
        )
        if not dry_run:
            try:
                with locked(self.registry.parent):
                    saved = edit.save()
            except EditError as error:
                self.say(f"{self.name}:1: Chưa ghi: {error}")
                return 1
            if saved:
                recheck(self.settings, self.root, self.say)
        return 1 if out.left else 0
