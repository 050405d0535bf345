"""`python -m generator new`: a new model file from a few questions, in Vietnamese.

Every answer can also be given as an option, so a script can run it without a
question (`--yes`). The file written already passes validation and holds the four
body sections to fill in. The questions are asked and answered through the `ask` and
`say` the command line gives; what was written is the outcome, said by the command line.
"""

from __future__ import annotations

import argparse
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

from generator.authoring.files import (
    Busy,
    NewModel,
    Taken,
    append_units,
    check_model,
    ensure_free,
    existing_models,
    existing_titles,
    iso_date,
    locked,
    new_unit_id,
    recheck,
    short_slug,
    valid_units,
    write_new,
)
from generator.authoring.outcome import Change, Outcome, Row, Stopped, Target
from generator.data.jsonschema import MODEL_YML_SCHEMA, SCHEMA_DIR
from generator.data.load import UNITS_FILE, relative
from generator.data.match import (
    KIND_WORDS,
    find_units,
    known_place,
    lookup,
    search_units,
)
from generator.data.model import Unit
from generator.data.places import Places, PlacesError, province_places
from generator.data.problem import Problem, ProblemError
from generator.data.schema import MODEL_KEYS, UNIT_KEYS, Key
from generator.data.settings import KINDS, UNIT_TYPES, Settings
from generator.data.text import is_slug, slugify
from generator.data.validate import Check

MODEL = {key.name: key for key in MODEL_KEYS}
UNIT = {key.name: key for key in UNIT_KEYS}
YES = {"", "c", "co", "có", "y", "yes", "d", "dong y", "đồng ý"}
LISTED = 20  # units shown at once when a search finds many


class Invalid(ValueError):
    """An answer that cannot be used; the message says why, in Vietnamese."""


def checked(method: str, key: Key) -> Callable[[str], Any]:
    """A parser that runs one of the validator's checks on an answer."""

    def parse(text: str) -> Any:
        if not text:
            raise Invalid(f"Cần nhập {key.label}.")
        try:
            return getattr(Check("câu trả lời"), method)(key, text, 0)
        except ProblemError as problem:
            raise Invalid(problem.message) from None

    return parse


def choice(options: dict[str, str], what: str) -> Callable[[str], str]:
    """A parser taking a number from the list shown, an id, or a name."""

    def parse(text: str) -> str:
        ids = list(options)
        if text.isdigit() and 1 <= int(text) <= len(ids):
            return ids[int(text) - 1]
        found = lookup(text, options)
        if found is None:
            listed = ", ".join(f"{n} ({i})" for n, i in enumerate(ids, 1))
            raise Invalid(f'Không có {what} "{text}"; hãy gõ số thứ tự hoặc mã: {listed}.')
        return found

    return parse


def numbered(options: dict[str, str]) -> str:
    return "\n".join(f"  {n}. {name} ({i})" for n, (i, name) in enumerate(options.items(), 1))


def parse_date(key: Key) -> Callable[[str], str]:
    check = checked("check_date", key)

    def parse(text: str) -> str:
        value = iso_date(text)
        check(value)
        return value

    return parse


class Wizard:
    def __init__(
        self,
        settings: Settings,
        root: Path,
        args: argparse.Namespace,
        ask: Callable[[str], str],
        say: Callable[[str], None],
    ):
        """`ask` shows a prompt and returns the line typed (EOFError at the end of
        input); `say` shows a line."""
        self.settings = settings
        self.root = root
        self.args = args
        self.ask = ask
        self.say = say
        self.interactive = not args.yes
        self.problems: list[str] = []
        self.models_dir = settings.models_path(root)
        self.registry = self.models_dir / UNITS_FILE
        self.fields = {f.id: f.name for f in settings.fields}
        self.existing = existing_models(self.models_dir)
        self.units: dict[str, Unit] = {}
        self.places: Places | None = None
        self.new_unit: Unit | None = None

    # -- asking ------------------------------------------------------------------

    def answer(self, option: str, question: str, parse: Callable[[str], Any], default=None):
        """The answer to one question: from its option if given, else typed."""
        given = getattr(self.args, option)
        flag = "--" + option.replace("_", "-")
        if given is not None:
            try:
                return parse(given.strip())
            except Invalid as error:
                if not self.interactive:
                    self.problems.append(f"{flag}: {error}")
                    return None
                self.say(f"  {error}")
        elif not self.interactive:
            if default is None:
                label = question.split(" (")[0].lower()
                self.problems.append(f"Thiếu {flag} ({label}).")
                return None
            try:
                return parse(default)
            except Invalid as error:
                self.problems.append(f"{flag}: {error}")
                return None
        while True:
            shown = f" [{default}]" if default else ""
            text = self.type_in(f"{question}{shown}: ").strip()
            try:
                return parse(text or default or "")
            except Invalid as error:
                self.say(f"  {error}")

    def type_in(self, prompt: str) -> str:
        try:
            return self.ask(prompt)
        except (EOFError, KeyboardInterrupt):  # Ctrl+D, Ctrl+C, the end of the input
            raise Stopped("\nĐã dừng, chưa ghi tệp nào.") from None

    # -- the questions ---------------------------------------------------------------

    def slug_for(self, title: str) -> str | None:
        def parse(text: str) -> str:
            if not is_slug(text):
                raise Invalid(
                    f'Mã "{text}" phải viết thường, không dấu, nối bằng gạch ngang; '
                    f'ví dụ "{short_slug(text) or "ten-mo-hinh"}".'
                )
            if text in self.existing:
                where = relative(self.existing[text], self.root)
                raise Invalid(
                    f'Đã có mô hình mã "{text}" ({where}); hãy đặt mã khác, ví dụ thêm tên '
                    "địa bàn hoặc đơn vị vào cuối."
                )
            return text

        question = "Mã mô hình mới (tên tệp, cũng là địa chỉ trang)"
        if self.args.slug is None:
            # The slug comes from the title; it is asked for only when that one is taken.
            try:
                slug = parse(short_slug(title))
            except Invalid as error:
                if not self.interactive:
                    self.problems.append(f"--title: {error} Có thể ghi mã bằng --slug.")
                    return None
                self.say(f"  {error}")
            else:
                if self.interactive:
                    self.say(f"  → Mã mô hình: {slug} (trang /mo-hinh/{slug}/)")
                return slug
        return self.answer("slug", question, parse)

    def unit(self) -> str | None:
        args = self.args
        if args.new_unit_name is not None:
            return self.add_unit()
        if args.unit is not None:
            found = find_units(args.unit, self.units)
            if len(found) == 1:
                return found[0]
            message = (
                f'Không có đơn vị "{args.unit}" trong {relative(self.registry, self.root)}.'
                if not found
                else f'Có {len(found)} đơn vị tên "{args.unit}"; hãy dùng mã đơn vị.'
            )
            if not self.interactive:
                self.problems.append(f"--unit: {message}")
                return None
            self.say(f"  {message}")
        elif not self.interactive:
            self.problems.append("Thiếu --unit (mã đơn vị) hoặc --new-unit-name (đơn vị mới).")
            return None
        self.say(
            "Đơn vị thực hiện: gõ mã hoặc vài chữ trong tên đơn vị để tìm "
            "(không cần dấu); gõ + để thêm đơn vị mới."
        )
        listed: list[str] = []
        while True:
            text = self.type_in("Đơn vị: ").strip()
            if text == "+":
                return self.add_unit()
            if text.isdigit() and 1 <= int(text) <= len(listed):
                found = [listed[int(text) - 1]]
            else:
                found = find_units(text, self.units) or search_units(text, self.units)
            if len(found) == 1:
                unit = self.units[found[0]]
                self.say(f"  → {unit.name}, {unit.locality} ({unit.id})")
                return unit.id
            if not found:
                self.say("  Không thấy đơn vị nào. Gõ lại, hoặc gõ + để thêm đơn vị mới.")
                continue
            listed = found[:LISTED]
            for n, unit_id in enumerate(listed, 1):
                unit = self.units[unit_id]
                self.say(f"  {n}. {unit.name}, {unit.locality} ({unit.id})")
            if len(found) > LISTED:
                self.say(f"  … và {len(found) - LISTED} đơn vị nữa; gõ thêm chữ để thu hẹp.")
            self.say("  Gõ số thứ tự để chọn, hoặc gõ chữ khác để tìm lại.")

    def add_unit(self) -> str | None:
        if self.interactive:
            self.say("Thêm đơn vị mới vào danh mục:")
        name = self.answer("new_unit_name", "Tên đơn vị", checked("check_line", UNIT["name"]))
        if self.interactive:
            self.say("Loại đơn vị:\n" + numbered(UNIT_TYPES))
        unit_type = self.answer(
            "new_unit_type", "Loại đơn vị (số thứ tự)", choice(UNIT_TYPES, "loại đơn vị")
        )
        locality = self.answer("new_unit_locality", "Địa bàn (xã, phường)", self.locality())
        parent_check = checked("check_line", UNIT["parent"])
        parent = self.answer(
            "new_unit_parent",
            "Đảng bộ cấp trên (Enter để bỏ qua)",
            lambda text: parent_check(text) if text else "",
            "",
        )
        if name is None or locality is None or unit_type is None:
            return None
        same = find_units(name, self.units, locality)
        if same:
            unit = self.units[same[0]]
            self.say(
                f"  Đơn vị này đã có trong danh mục: {unit.name}, {unit.locality} ({unit.id})."
            )
            return unit.id
        # A place typed without marks takes the spelling already in the registry,
        # or with the `province` option the official one, and its code.
        commune = self.places.commune(locality) if self.places else None
        locality = commune.name if commune else known_place(locality, self.units)
        unit_id = self.args.new_unit_id or new_unit_id(name, locality, self.units)
        if not unit_id or not is_slug(unit_id) or unit_id in self.units:
            message = f'Không đặt được mã cho đơn vị "{name}"; hãy ghi mã bằng --new-unit-id.'
            if unit_id in self.units:
                message = f'Mã đơn vị "{unit_id}" đã có; hãy chọn mã khác.'
            self.problems.append(message)
            return None
        code = commune.code if commune else None
        self.new_unit = Unit(unit_id, name, unit_type, locality, parent or None, code)
        return unit_id

    def locality(self) -> Callable[[str], str]:
        """A parser of the new unit's place: with the `province` option, one of its
        current communes or wards, an old name answered with what it became."""
        line = checked("check_line", UNIT["locality"])

        def parse(text: str) -> str:
            value = line(text)
            if self.places is not None and self.places.commune(value) is None:
                raise Invalid(f"Địa bàn {self.places.problem(value, registered=False)}")
            return value

        return parse

    # -- the whole run ---------------------------------------------------------------

    def run(self) -> Outcome:
        """Ask, check, write; Stopped, with nothing written, when it cannot be done."""
        self.units = valid_units(self.registry, self.root, "thêm mô hình")
        try:
            self.places = province_places(self.settings)
        except PlacesError as error:
            raise Stopped(Problem("mkdocs.yml", 1, f'Tuỳ chọn "province": {error}')) from None
        ask = self.answer
        if self.interactive:
            self.say("Thêm một mô hình “Dân vận khéo”. Nhấn Ctrl+C để dừng bất cứ lúc nào.")
        title = ask("title", "Tên mô hình", checked("check_line", MODEL["title"]))
        same = existing_titles(self.models_dir).get(slugify(title)) if title else None
        if same:
            self.say(
                f"  Lưu ý: đã có mô hình cùng tên ({relative(same, self.root)}); "
                "hãy chắc đây là một mô hình khác."
            )
        slug = self.slug_for(title) if title else None
        summary = ask(
            "summary",
            "Tóm tắt (một đoạn: mô hình là gì, ai làm, kết quả chính)",
            checked("check_summary", MODEL["summary"]),
        )
        if self.interactive:
            self.say("Lĩnh vực:\n" + numbered(self.fields))
        field = ask("field", "Lĩnh vực (số thứ tự)", choice(self.fields, "lĩnh vực"))
        unit = self.unit()
        if self.interactive:
            self.say("Loại mô hình:\n" + numbered(KINDS))
        kind = ask("kind", "Loại mô hình (số thứ tự)", choice(KIND_WORDS, "loại mô hình"), "1")
        registered = ask(
            "registered",
            "Ngày đăng ký (ngày/tháng/năm, ví dụ 15/03/2024)",
            parse_date(MODEL["registered"]),
        )
        if self.problems:
            raise Stopped(*self.problems, f"Có {len(self.problems)} lỗi; chưa ghi tệp nào.")
        model = NewModel(slug, title, summary, field, unit, registered, kind)
        return self.write(model)

    def write(self, model: NewModel) -> Outcome:
        yml = self.args.format == "yml"
        path = model.path(self.models_dir, yml)
        schema = Path(os.path.relpath(self.root / SCHEMA_DIR / MODEL_YML_SCHEMA, path.parent))
        text = model.text(yml, schema.as_posix())
        units = dict(self.units)
        if self.new_unit:
            units[self.new_unit.id] = self.new_unit
        name = relative(path, self.root)
        problems = check_model(text, name, self.settings, units)
        if problems:
            raise Stopped(*problems)
        if self.interactive:
            self.say(f"\nTệp {name} sẽ có phần thông tin:\n")
            self.say("\n".join(model.front_lines()))
            if self.new_unit:
                self.say(f"\nvà đơn vị mới được thêm vào {relative(self.registry, self.root)}.")
            reply = self.type_in("\nGhi tệp? [C/k]: ").strip().lower()
            if reply not in YES:
                raise Stopped("Chưa ghi tệp nào.")
        row = Row(name, model=Target(model.slug, model.title, name))
        out = Outcome(name, rows=[row])
        try:
            # What the answers were checked against may have changed meanwhile: another
            # writer may have taken the name or added the unit. Checked again, locked.
            with locked(self.models_dir):
                ensure_free(path, self.models_dir)
                if self.new_unit:
                    self.add_new_unit(row, out)
                write_new(path, text, self.models_dir)
        except (Taken, Busy) as error:
            raise Stopped(str(error)) from None
        row.write(Change(name, "", model))
        out.written.append(name)
        out.check = recheck(self.settings, self.root)
        return out

    def add_new_unit(self, row: Row, out: Outcome) -> None:
        unit, registry = self.new_unit, relative(self.registry, self.root)
        if append_units(self.registry, [unit]):
            row.write(Change(registry, "", unit))
            out.written.append(registry)
        else:
            row.note(f"Đơn vị {unit.name} ({unit.id}) vừa được thêm vào danh mục.")
