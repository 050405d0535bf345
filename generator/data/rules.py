"""The rules between keys and between files: what makes a model or a unit wrong though
each of its values is right on its own (validate.py checks those, one by one; the
plugin's options have their rules in options.py).

Read top to bottom: a model file (slips YAML takes silently, its name, its headings,
its images, its dates, an empty body), the model files together (one name and one
entry each; no image that none shows), a unit (its history, its commune), the units together (one id each), and
what a broken unit keeps from being built.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable, Mapping
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

from generator.data.body import first_heading, is_empty
from generator.data.match import same_round
from generator.data.model import Commendation, Former, Model, may_be_showcase, recognized_until
from generator.data.places import Places
from generator.data.problem import Problem, relative
from generator.data.schema import BODY_KEY, SHOWCASE_MIN_YEARS_WORDS
from generator.data.source import LineMap
from generator.data.text import is_slug, nfc, slugify
from generator.data.validate import IMAGE_SUFFIXES, Check

MODEL_SUFFIXES = {".md", ".yml"}
MISNAMED_SUFFIXES = {".yaml": ".yml", ".markdown": ".md", ".txt": ".md"}

# -- a model file ---------------------------------------------------------------------


def misnamed(path: Path, root: Path) -> Problem | None:
    """A model file with a suffix of another spelling (.yaml, .markdown, .txt)."""
    suffix = path.suffix.lower()
    if suffix not in MISNAMED_SUFFIXES:
        return None
    return Problem(
        relative(path, root),
        1,
        f'Tệp mô hình phải có đuôi .md hoặc .yml; hãy đổi "{path.suffix}" thành '
        f'"{MISNAMED_SUFFIXES[suffix]}".',
    )


# Slips YAML accepts silently, changing the value: caught on the line as typed.
_COMMENT_IN_VALUE = re.compile(
    r"""^\s*(?:- )?(?:title|summary|label|caption|by|decision|unit|name|locality)\s*:\s*[^"'\s|>#][^#]*\s#"""
)
_THOUSANDS_DOT = re.compile(r"\bvalue\s*:\s*([1-9]\d{0,2}(?:\.\d{3})+)\s*(?:[,}#]|$)")


def check_raw_lines(text: str, first_line: int, check: Check) -> None:
    for number, line in enumerate(text.split("\n"), start=first_line):
        if _COMMENT_IN_VALUE.match(line):
            check.report(
                number,
                "Dấu # đứng sau dấu cách được YAML hiểu là bắt đầu ghi chú, phần chữ phía sau sẽ "
                "bị mất; hãy đặt cả giá trị trong dấu nháy kép.",
            )
        thousands = _THOUSANDS_DOT.search(line)
        if thousands:
            digits = thousands.group(1).replace(".", "")
            check.report(
                number,
                f'Số "{thousands.group(1)}" sẽ được hiểu là số thập phân; nếu là {digits}, hãy viết '
                f"{digits} (không dùng dấu chấm ngăn cách hàng nghìn).",
            )


def check_body_value(body: Any, line: int, check: Check) -> str:
    """The `body:` of a .yml model: text, or nothing."""
    if body is not None and not isinstance(body, str):
        check.report(
            line,
            f'"{BODY_KEY.name}" ({BODY_KEY.label}) phải là văn bản; hãy viết `body: |` rồi xuống dòng.',
        )
        return ""
    return body or ""


def check_body(body: str, first_line: int, check: Check) -> None:
    """The body's own headings start at level 2: the page title is the only level 1."""
    fenced = False
    for number, line in enumerate(body.split("\n"), start=first_line):
        if line.lstrip().startswith(("```", "~~~")):
            fenced = not fenced
        elif not fenced and re.match(r"^#\s", line):
            check.report(
                number,
                "Tiêu đề mục trong nội dung phải bắt đầu bằng `## ` (hai dấu #); "
                "tên mô hình đã là tiêu đề lớn nhất của trang.",
            )


def check_file_name(path: Path, values: dict[str, Any], check: Check) -> None:
    """A model's file name is its page's address."""
    if not is_slug(path.stem):
        suggestion = slugify(path.stem) or slugify(values.get("title", "")) or "ten-mo-hinh"
        check.report(
            1,
            f'Tên tệp "{path.name}" phải viết thường, không dấu, nối bằng gạch ngang '
            f'(ví dụ "{suggestion}{path.suffix.lower()}"); tên tệp là địa chỉ trang của mô hình.',
        )


def check_between_keys(values: dict[str, Any], data: LineMap, check: Check) -> None:
    """The rules between the keys of a model whose values are each right."""
    check_images(values, check)
    if not check.problems:
        check_dates(values, data, check)


def check_images(values: dict[str, Any], check: Check) -> None:
    """Images are published by their file's name: two of one name would be one."""
    names: dict[str, int] = {}
    for item, line in values.get("images", []):
        name = nfc(item["src"].name)  # as published
        if name in names:
            check.report(
                line,
                f'Hai ảnh cùng tên tệp "{name}" (dòng {names[name]}); trên trang web chúng sẽ '
                "đè lên nhau, hãy đổi tên một tệp.",
            )
        names.setdefault(name, line)


def check_dates(values: dict[str, Any], data: LineMap, check: Check) -> None:
    """Reviews, showcase and other dates against registration and the end."""
    registered: date = values["registered"]
    reviews: dict[int, bool] = values.get("reviews", {})
    reviews_map = data.get("reviews")
    for year in reviews:
        if year < registered.year:
            line = (
                reviews_map.line_of(year)
                if isinstance(reviews_map, LineMap)
                else data.line_of("reviews")
            )
            if isinstance(reviews_map, LineMap) and year not in reviews_map.lines:
                line = reviews_map.line_of(str(year))
            check.report(line, f"Năm bình xét {year} trước năm đăng ký {registered.year}.")
    ended = values.get("ended")
    for year in reviews:
        if ended is not None and year > ended.year:
            line = reviews_map.line_of(year) if isinstance(reviews_map, LineMap) else 1
            check.report(line, f"Năm bình xét {year} sau khi mô hình đã dừng ({ended:%d/%m/%Y}).")
    for key in ("showcase", "ended"):
        if key in values and values[key] < registered:
            check.report(
                data.line_of(key),
                f'"{key}" ({values[key]:%d/%m/%Y}) trước ngày đăng ký ({registered:%d/%m/%Y}).',
            )
    if "ended" in values and "showcase" in values and values["showcase"] > values["ended"]:
        check.report(
            data.line_of("showcase"), "Mô hình đã dừng trước ngày được chọn làm mô hình điểm."
        )
    if "showcase" in values:
        year = values["showcase"].year
        recognized = recognized_until(reviews, year)
        if not may_be_showcase(reviews, year):
            have = ", ".join(map(str, recognized)) or "chưa có năm nào"
            check.report(
                data.line_of("showcase"),
                f'"showcase" (mô hình điểm) chỉ hợp lệ khi mô hình được công nhận ít nhất {SHOWCASE_MIN_YEARS_WORDS} năm '
                f'đến năm {year} trong "reviews" (hiện có: {have}).',
            )
    for item, line in values.get("commendations", []):
        if item["date"] < registered:
            check.report(
                line, f"Ngày biểu dương {item['date']:%d/%m/%Y} trước ngày đăng ký mô hình."
            )


EMPTY_BODY = (
    "Mô hình chưa có nội dung: dưới các tiêu đề mục chưa có chữ nào nên trang chỉ hiện phần "
    "thông tin. Hãy viết vài câu cho từng mục (Nội dung, Cách làm, Kết quả, Bài học kinh "
    "nghiệm), thay các dòng <!-- ... -->."
)


def empty_body(path: str, body: str, body_line: int, values: dict[str, Any]) -> list[Problem]:
    """The warnings (not errors) of a model: a published one whose sections say nothing."""
    if not is_empty(body) or values.get("draft", False):
        return []
    # The heading's line; the line before an empty body (the closing --- or body:).
    line = body_line + first_heading(body) if body.strip() else max(1, body_line - 1)
    return [Problem(path, line, EMPTY_BODY)]


def repeated_rounds(path: str, values: dict[str, Any]) -> list[Problem]:
    """The warnings of a model's commendations: a round written twice (the same day and
    decision number, however the decision and the body are spelled)."""
    warnings = []
    earlier: list[tuple[Commendation, int]] = []
    for item, line in values.get("commendations", []):
        given = Commendation(**item)
        first = next((n for c, n in earlier if c.decision and same_round(c, given)), None)
        if given.decision and first is not None:
            warnings.append(
                Problem(
                    path,
                    line,
                    f"Lần biểu dương này ({given.decision}, ngày {given.date:%d/%m/%Y}) trùng "
                    f"số quyết định và ngày với lần ở dòng {first}; một quyết định chỉ ghi một "
                    "lần, hãy xoá một trong hai.",
                )
            )
        earlier.append((given, line))
    return warnings


# -- the model files together ------------------------------------------------------------


def models_once(
    found: Iterable[tuple[Path, Model | None, tuple[str, str]]], root: Path
) -> tuple[list[Model], list[Problem]]:
    """The models of the files, in their order, each once; and the problems of the files
    that repeat one: a file name (a page's address) or a model (its folded title and unit,
    `twin`) seen in an earlier file. `found`: each file's path, model (None if it has
    problems) and twin."""
    names: dict[str, Path] = {}
    twins: dict[tuple[str, str], Path] = {}
    models: list[Model] = []
    problems: list[Problem] = []
    for path, model, twin in found:
        if path.stem in names:
            problems.append(
                Problem(
                    relative(path, root),
                    1,
                    f'Trùng mã mô hình "{path.stem}" với tệp {relative(names[path.stem], root)}; mỗi mô hình cần một tên tệp riêng.',
                )
            )
            continue
        names[path.stem] = path
        if model is None:
            continue
        if twin in twins:
            problems.append(
                Problem(
                    relative(path, root),
                    1,
                    f'Mô hình "{model.title}" của {model.unit.name} đã có ở tệp {relative(twins[twin], root)}; đây có phải là mô hình bị nhập hai lần?',
                )
            )
            continue
        twins[twin] = path
        models.append(model)
    return models, problems


UNUSED_IMAGE = (
    "Không mô hình nào dùng ảnh này, nên nó không lên trang. Nếu là ảnh của một mô hình, hãy "
    "ghi tên tệp ở mục images (hình ảnh) của mô hình đó; nếu không, hãy xoá tệp."
)


def unused_images(models: Iterable[Model], others: Iterable[Path], root: Path) -> list[Problem]:
    """A warning for each image file under models/ that no model shows (one left by a
    changed mind, or uploaded apart from its model): the site never publishes it.
    `others`: the files under models/ that are not models."""
    used = {image.path.resolve() for model in models for image in model.images}
    return [
        Problem(relative(path, root), 1, UNUSED_IMAGE)
        for path in others
        if path.suffix.lower() in IMAGE_SUFFIXES | {".svg"} and path.resolve() not in used
    ]


# -- a unit --------------------------------------------------------------------------------


def check_history(values: dict[str, Any], check: Check) -> tuple[Former, ...]:
    """A unit's former names, places and parents, oldest first, each saying something."""
    history: list[Former] = []
    for entry, line in values.get("history", []):
        if not any(entry.get(k) for k in ("name", "locality", "parent")):
            check.report(
                line,
                'Mục của "history" cần ghi ít nhất một trong name, locality, parent '
                "(tên, địa bàn hoặc cấp trên trước ngày until).",
            )
        if history and entry["until"] <= history[-1].until:
            check.report(
                line,
                f'Các mục của "history" phải xếp từ cũ đến mới: ngày {entry["until"]:%d/%m/%Y} '
                f"không sau ngày {history[-1].until:%d/%m/%Y} của mục trước.",
            )
        history.append(Former(**entry))
    return tuple(history)


def check_locality(
    values: dict[str, Any], item: LineMap, check: Check, places: Places | None
) -> tuple[str, str | None]:
    """A unit's (locality, locality_code): with the `province` option, a current commune
    of it, by its official name and code."""
    locality, code = values["locality"], values.get("locality_code")
    if places is None:
        return locality, code
    commune = places.commune(locality)
    if commune is None:
        message = f'"locality" (địa bàn) {places.problem(locality)}'
        if code in places.by_code:
            message += f" Mã {code} ở locality_code là của {places.by_code[code].name}."
        check.report(item.line_of("locality"), message)
    elif code is not None and code != commune.code:
        check.report(
            item.line_of("locality_code"),
            f'"locality_code" (mã xã, phường) {code} không phải mã của {commune.name} '
            f"({commune.code}); hãy sửa thành '{commune.code}'.",
        )
    else:
        return commune.name, commune.code
    return locality, code


def check_unit_file_name(path: Path, check: Check) -> bool:
    """A unit in a file of its own (models/_units/<id>.yml): the file's name is its id.
    False when the name is wrong (the file is not read)."""
    if path.suffix.lower() != ".yml":
        check.report(1, f'Tệp đơn vị phải có đuôi .yml; hãy đổi tên thành "{path.stem}.yml".')
        return False
    if not is_slug(path.stem):
        check.report(
            1,
            f'Tên tệp "{path.name}" là mã đơn vị: phải viết thường, không dấu, nối bằng gạch '
            f'ngang (ví dụ "{slugify(path.stem) or "chi-bo-khu-pho-1"}.yml").',
        )
        return False
    return True


def check_file_unit_id(values: dict[str, Any], data: Any, unit_id: str, check: Check) -> None:
    if values.get("id", unit_id) != unit_id:
        line = data.line_of("id") if isinstance(data, LineMap) else 1
        check.report(line, f'"id" phải trùng với tên tệp: "{unit_id}".')


# -- the units together ---------------------------------------------------------------------


def check_unit_once(
    unit_id: Any, seen: Collection[str], line: int, check: Check, registry: bool
) -> None:
    """A unit's id names one unit: not twice in the registry (`registry`), nor a unit file
    of an id the registry has."""
    if unit_id is None or unit_id not in seen:
        return
    if registry:
        check.report(line, f'Mã đơn vị "{unit_id}" bị lặp; mỗi đơn vị cần một mã riêng.')
    else:
        check.report(
            line, f'Mã đơn vị "{unit_id}" đã có trong danh mục; mỗi đơn vị cần một mã riêng.'
        )


def waiting(
    problems: list[Problem], broken: Mapping[str, Problem], models: Mapping[str, int]
) -> list[Problem]:
    """The registry's problems, each broken unit's first saying how many `models` name it
    and so wait for it to be fixed (by id; "*": a unit the broken registry file may hold).
    One mistake in a unit is one problem, not one more per model of that unit."""
    counts: dict[Problem, tuple[str, int]] = {}
    for unit_id, count in models.items():
        problem = broken[unit_id]
        counts[problem] = (unit_id, counts.get(problem, ("", 0))[1] + count)
    said = []
    for problem in problems:
        unit_id, count = counts.get(problem, ("", 0))
        if count:
            what = "các đơn vị trong tệp này" if unit_id == "*" else "đơn vị này"
            problem = replace(problem, message=f"{problem.message} ({count} mô hình dùng {what})")
        said.append(problem)
    return said
