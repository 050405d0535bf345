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

from pathlib import Path

from generator.authoring.files import locked, recheck, valid_units
from generator.authoring.inplace import Edit, EditError
from generator.authoring.outcome import Change, Outcome, Row, Status, Stopped, Target
from generator.data.load import UNITS_FILE, relative
from generator.data.match import key
from generator.data.model import Unit
from generator.data.places import LAST_DAY, Places, PlacesError, short
from generator.data.problem import Problem
from generator.data.settings import Settings
from generator.data.source import parse_yaml
from generator.data.text import format_date


class Migration:
    def __init__(self, settings: Settings, root: Path):
        self.settings = settings
        self.root = root
        self.registry = settings.models_path(root) / UNITS_FILE
        self.name = relative(self.registry, root)

    def places(self) -> Places:
        """The communes of the `province` option; Stopped without it."""
        if not self.settings.province:
            raise Stopped(
                Problem(
                    "mkdocs.yml",
                    1,
                    'Chưa đặt tuỳ chọn "province" của plugin dan-van-kheo (tỉnh, thành phố từ '
                    "01/07/2025, ví dụ `province: Thái Nguyên`); hãy thêm rồi chạy lại.",
                )
            )
        try:
            return Places.named(self.settings.province)
        except PlacesError as error:
            raise Stopped(Problem("mkdocs.yml", 1, f'Tuỳ chọn "province": {error}')) from None

    def run(self, dry_run: bool) -> Outcome:
        places = self.places()
        units = valid_units(self.registry, self.root, "chuyển đổi")
        out = Outcome(self.name, dry_run)
        try:
            edit = Edit(self.registry)
            # The registry has no problems, so its units are its items, in order; each is
            # edited on its own text (a province's registry has thousands).
            with edit.items() as items:
                for item, unit in zip(items, units.values(), strict=True):
                    row = self.row(unit)
                    try:
                        with item.together():
                            self.migrate(item, unit, places, row)
                    except EditError as error:
                        row = self.row(unit)
                        row.fail(Status.REFUSED, f"{unit.id}: không sửa được tại chỗ ({error}).")
                    out.add(row)
        except EditError as error:
            raise Stopped(Problem(self.name, 1, f"Không sửa được tệp tại chỗ: {error}")) from None
        # Lines of the file as it is after the run (as it was, for a dry run).
        data = parse_yaml(edit.original if dry_run else edit.text, self.name)
        for index, row in enumerate(out.rows):
            row.line = data[index].line_of("locality")
            row.where = f"{self.name}:{row.line}"
        if not dry_run:
            self.save(edit, out)
        return out

    def row(self, unit: Unit) -> Row:
        return Row(self.name, model=Target(unit.id, unit.name, self.name))

    def save(self, edit: Edit, out: Outcome) -> None:
        try:
            with locked(self.registry.parent):
                saved = edit.save()
        except EditError as error:
            out.unwritten.append(Problem(self.name, 1, f"Chưa ghi: {error}"))
            return
        if saved:
            out.written.append(self.name)
            out.check = recheck(self.settings, self.root)

    def migrate(self, item: Edit, unit: Unit, places: Places, row: Row) -> None:
        """Edit one unit (its own item: keys start with 0); say what was done or left."""
        old = unit.locality
        found = places.current(old)
        if len(found) == 1:
            self.code(item, unit, found[0], row)
            return
        became = places.became(old) if not found else ()
        if len(became) != 1:
            row.fail(Status.REFUSED, f"{unit.id}: chưa đổi: {places.problem(old)}")
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
            row.fail(
                Status.REFUSED,
                f'{unit.id}: chưa đổi: "history" đã có mục đến ngày {format_date(last.until)}; '
                f'hãy ghi "{commune.name}" và chuyển tên cũ vào "history" bằng tay.',
            )
            return
        item.set([0, "locality"], commune.name)
        item.set([0, "locality_code"], commune.code, after=["locality"])
        row.write(
            Change(self.name, "history", was),
            Change(self.name, "locality", commune.name),
            Change(self.name, "locality_code", commune.code),
        )
        row.note(
            f'{unit.id}: "{old}" → "{commune.name}" (mã {commune.code}); "{was}" ghi vào '
            f'"history" đến ngày {format_date(LAST_DAY)}.',
            Status.WRITTEN,
        )
        if unit.parent and f"-{key(short(old))}-" in f"-{key(unit.parent)}-":
            row.note(
                f'{unit.id}: cấp trên "{unit.parent}" mang tên địa bàn cũ; nếu đã đổi, hãy '
                'sửa "parent" và ghi tên cũ vào mục "history" đó.'
            )

    def code(self, item: Edit, unit: Unit, commune, row: Row) -> None:
        """A unit already in a current commune: its official spelling and code."""
        old = unit.locality
        if old != commune.name:
            item.set([0, "locality"], commune.name)
            row.write(Change(self.name, "locality", commune.name))
            row.note(
                f'{unit.id}: ghi đúng tên chính thức "{commune.name}" (thay "{old}").',
                Status.WRITTEN,
            )
        if unit.locality_code != commune.code:
            item.set([0, "locality_code"], commune.code, after=["locality"])
            what = f"sửa mã {unit.locality_code} thành" if unit.locality_code else "thêm mã"
            row.write(Change(self.name, "locality_code", commune.code))
            row.note(f"{unit.id}: {what} {commune.code} của {commune.name}.", Status.WRITTEN)
