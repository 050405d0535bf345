"""The editor page's JavaScript, run under Node.js against the validator: it reads every
file the way the validator does (or refuses it), writes back only what the form changed
in the project's style, and reads numbers and dates the Vietnamese way."""

from __future__ import annotations

import copy
import difflib
import json
import random
import re
from datetime import date, timedelta
from typing import Any

import pytest
from conftest import ROOT
from editorjs import as_read, one, run, same

from generator.authoring.files import NewModel
from generator.data.problem import ProblemError
from generator.data.schema import MODEL_KEYS, UNIT_KEYS
from generator.data.source import parse_yaml, split_front_matter
from generator.data.text import control_character, nfc
from generator.data.validate import MAX_NUMBER, TAG_PATTERN
from generator.site.editor import file_keys
from generator.site.markup import number as site_number

MODELS = sorted(
    p
    for p in (ROOT / "models").rglob("*")
    if p.suffix in (".md", ".yml") and not p.name.startswith("_")
)
KEYS = file_keys(MODEL_KEYS)
UNIT_FILE_KEYS = file_keys(tuple(k for k in UNIT_KEYS if k.name != "id"))


def validator_read(text: str, markdown: bool) -> Any:
    """What the validator reads from a file's text (ProblemError when it refuses)."""
    text = nfc(text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n"))
    if markdown:
        front, _, _ = split_front_matter(text)
        return parse_yaml(front, "x.md")
    return parse_yaml(text, "x.yml")


def body_of(text: str) -> str:
    return split_front_matter(text.replace("\r\n", "\n"))[1].lstrip("\n")


def check_read(texts: list[tuple[str, bool]]) -> tuple[int, int, list[str]]:
    """Each text read by the browser as by the validator, or refused: how many the
    validator reads, how many of those the browser reads, what it read differently."""
    answers = run([{"op": "read", "text": t, "markdown": md} for t, md in texts])
    valid, read, wrong = 0, 0, []
    for (text, markdown), answer in zip(texts, answers, strict=True):
        try:
            expected = validator_read(text, markdown)
        except ProblemError:
            expected = ProblemError
        valid += expected is not ProblemError
        if "ok" not in answer:
            assert answer["refused"], (text, answer)  # said why, never a crash
            continue
        if expected is ProblemError:
            wrong.append(f"read what the validator refuses:\n{text}\n-> {answer['ok']!r}")
            continue
        got = answer["ok"]
        if markdown:
            body = got.pop("body")
            if body != body_of(text):
                wrong.append(f"body differs:\n{text}")
        if not same(got, as_read(expected)):
            wrong.append(f"read differently:\n{text}\nbrowser: {got!r}\nvalidator: {expected!r}")
        read += 1
    return valid, read, wrong


def test_every_model_file_is_read_as_the_validator_reads_it():
    texts = [(p.read_text(encoding="utf-8"), p.suffix == ".md") for p in MODELS]
    valid, read, wrong = check_read(texts)
    assert wrong == []
    assert valid == read == len(texts)


# What staff and the tools write, each of which the form must read (not refuse).
WRITTEN_BY_HAND = [
    "title: Đường hoa\nsummary: >-\n  Một đoạn\n  gấp lại.\n",
    "title: Đường hoa\nsummary: |\n  Dòng một\n  dòng hai\n",
    "title: 'Nháy đơn '' bên trong'\n",
    'title: "Nháy kép \\" và \\\\ và \\u00e9"\n',
    "title: Dài\n  tiếp dòng sau\n\n  và đoạn sau\n",
    'summary: "một\n  hai\n\n  ba"\n',
    "tags:\n- a\n- b\n",
    "tags:\n  - chiếu sáng\n  - an ninh\n",
    "tags: [a, 'b, c', \"d\"]\n",
    "tags: [\n  a,\n  b,\n]\n",
    "reviews: {2021: recognized, 2022: not-recognized}\n",
    "reviews:\n  # ghi chú\n  2021: recognized  # năm đầu\n\n  2022: not-recognized\n",
    "results:\n  - label: Đèn\n    value: 1250\n    unit: bóng\n",
    'results:\n    -   {label: "Đèn", value: 1.5, unit: "%"}\n',
    "commendations:\n- date: 2024-05-10\n  by: UBND\n",
    "registered: 2021-03-15  # ngày ký\ndraft: true\nkind: individual\n",
    "  title: thụt cả khối\n  kind: collective\n",
    "locality_code: '01843'\nname: Chi bộ\n",
    "value: 0x1F\nother: 017\nthird: 1_000\nfourth: 1:30\nfifth: .5\n",
    "a: yes\nb: No\nc: ~\nd: null\ne:\nf: ''\n",
    "title: http://example.org/a?b=c#d\n",
    "title: e\u0301 NFD\n",
    "body: |+\n  giữ\n\n\n",
    "body: >\n  gấp\n  lại\n\n    thụt\n  tiếp\n",
    "body: |2\n   ba dấu cách\n",
    "title: x # chú thích\n# cuối\n",
    "h:\n  - until: 2025-06-30\n    name: Tên cũ\n  - {until: 2024-01-01, locality: Xã X}\n",
]


def test_what_people_write_is_read():
    valid, read, wrong = check_read([(t, False) for t in WRITTEN_BY_HAND])
    assert wrong == []
    assert valid == read == len(WRITTEN_BY_HAND)


# -- generated files: read as the validator reads them, or refused -------------------

WORDS = [
    *("yes", "No", "on", "OFF", "y", "n", "true", "False", "~", "null", "Null", "NULL"),
    *("1_000", "0x1F", "017", "08", "0b101", "1:30", "190:20:30", "-0", "+12", "007"),
    *("1.5", "1.", "-.5", ".5", "1e3", "1.5e+3", "6.8523015e+5", ".inf", "-.INF", ".NaN"),
    *("2023-03-15", "2023-3-5", "2023-03-15 10:00:00", "2001-12-14t21:59:43.10-05:00"),
    *("http://x.y/z", "Đường hoa", "tài khoản", "chiếu sáng", "a b  c", "e\u0301"),
    *("%", "@x", "`x`", "&a", "*a", "!x", "?x", "? x", ":x", "-x", "- x", "-", "<<", "="),
    *("01843", "1.250", "3,5", "#x", "a#b", "a #b", "[", "]", "{", "}", ",a", "a,b"),
    *("a: b", "a:b", "ends:", "x'y", 'x"y', "\\n", "--- x", "...", "'", '"', "|", ">"),
    *("1092/QĐ-UBND", "“Khu phố 7”", "100%", "a\u00a0b", "\u2028", "x\x07"),
]
KEYS_SEEN = ["title", "summary", "unit", "2021", "2022", "tags", "Tên", "'q k'", '"d k"', "1"]


def double(rng: random.Random, word: str) -> str:
    out = []
    for ch in word:
        if ch in '"\\':
            out.append("\\" + ch)
        elif ord(ch) < 32 or ch == "\u2028":
            out.append(f"\\x{ord(ch):02x}" if ord(ch) < 256 else f"\\u{ord(ch):04x}")
        elif rng.random() < 0.05:
            out.append(f"\\u{ord(ch):04x}" if ord(ch) < 0x10000 else ch)
        else:
            out.append(ch)
    text = "".join(out)
    if rng.random() < 0.2:
        text += rng.choice(["\\n", "\\t", "\\/", "\\N", "\\_", "\\ ", "\\q", "\\x4", "\\U0001F600"])
    return f'"{text}"'


def scalar(rng: random.Random, indent: int) -> list[str]:
    """A value's text: its first line (after `key: `) and further lines."""
    word = rng.choice(WORDS)
    style = rng.random()
    if style < 0.45:
        return [word]
    if style < 0.6:
        return ["'" + word.replace("'", "''") + "'"]
    if style < 0.72:
        return [double(rng, word)]
    pad = " " * max(0, indent + rng.choice([2, 2, 2, 1, 0, 4]))
    if style < 0.8:  # a plain value over lines
        return [word, *(pad + rng.choice(WORDS) for _ in range(rng.randint(1, 2)))]
    if style < 0.86:  # quoted over lines
        quote = rng.choice(["'", '"'])
        middle = ["", pad + "x"] if rng.random() < 0.3 else [pad + "y"]
        return [quote + word.replace(quote, ""), *middle, pad + "z" + quote]
    header = rng.choice("|>") + rng.choice(["", "-", "+"]) + rng.choice(["", "", "2", "1"])
    lines = [header]
    for _ in range(rng.randint(0, 4)):
        kind = rng.random()
        if kind < 0.2:
            lines.append("")
        elif kind < 0.3:
            lines.append(pad + "  " + rng.choice(WORDS))
        elif kind < 0.35:
            lines.append(pad + "   ")
        else:
            lines.append(pad + rng.choice(WORDS))
    return lines


def flow(rng: random.Random, depth: int = 0) -> str:
    if rng.random() < 0.5 or depth > 1:
        items = [rng.choice([rng.choice(WORDS), "'" + rng.choice(WORDS).replace("'", "") + "'"])]
        items += [rng.choice(WORDS) for _ in range(rng.randint(0, 3))]
        if depth < 2 and rng.random() < 0.15:
            items.append(flow(rng, depth + 1))
        return "[" + ", ".join(items) + rng.choice(["", "", ","]) + "]"
    pairs = [f"{rng.choice(KEYS_SEEN)}: {rng.choice(WORDS)}" for _ in range(rng.randint(1, 3))]
    return "{" + ", ".join(pairs) + "}"


def value(rng: random.Random, indent: int, depth: int) -> list[str]:
    """`key: ...` lines' continuation: the text after `: ` and the lines below."""
    kind = rng.random()
    step = rng.choice([2, 2, 4, 1, 3])
    pad = " " * (indent + step)
    if kind < 0.45 or depth > 1:
        return scalar(rng, indent)
    if kind < 0.6:
        return [flow(rng)]
    if kind < 0.75:
        lines = [""]
        for key in rng.sample(KEYS_SEEN, rng.randint(1, 3)):
            rest = value(rng, indent + step, depth + 1)
            lines.append(f"{pad}{key}: {rest[0]}".rstrip())
            lines.extend(rest[1:])
            if rng.random() < 0.15:
                lines.append(pad + "# ghi chú")
        return lines
    lines = [""]
    dash = " " * (indent + rng.choice([0, 2, 2]))
    for _ in range(rng.randint(1, 3)):
        if rng.random() < 0.5:
            rest = scalar(rng, len(dash))
            lines.append(f"{dash}- {rest[0]}".rstrip())
            lines.extend(rest[1:])
        else:
            keys = rng.sample(KEYS_SEEN, rng.randint(1, 2))
            for i, key in enumerate(keys):
                rest = scalar(rng, len(dash) + 2)
                lead = f"{dash}- " if i == 0 else " " * (len(dash) + 2)
                lines.append(f"{lead}{key}: {rest[0]}".rstrip())
                lines.extend(rest[1:])
    return lines


def document(rng: random.Random) -> str:
    lines = []
    for key in rng.sample(KEYS_SEEN, rng.randint(1, 5)):
        if rng.random() < 0.1:
            lines.append(rng.choice(["# chú thích", "", "   "]))
        rest = value(rng, 0, 0)
        comment = rng.choice(["", "", "", "  # chú thích", " #x"])
        lines.append(f"{key}: {rest[0]}{comment}".rstrip())
        lines.extend(rest[1:])
    return "\n".join(lines) + rng.choice(["\n", "\n", "\n\n", ""])


def test_generated_files_are_read_as_the_validator_reads_them_or_refused():
    rng = random.Random(20260118)
    texts = [(document(rng), False) for _ in range(3000)]
    valid, read, wrong = check_read(texts)
    assert wrong == [], "\n\n".join(wrong[:5])
    # The generator aims at the edges of YAML: most of what it makes the validator
    # refuses too, and the browser reads most of the rest.
    print(f"\nof {len(texts)} generated files the validator reads {valid}, the browser {read}")
    assert read > 0.75 * valid


# -- writing: only what changed, in the project's style ------------------------------


def write(text: str, data: dict, markdown: bool = True, keys: dict = KEYS) -> str:
    answer = one("write", text=text, data=data, markdown=markdown, keys=keys)
    assert "ok" in answer, answer
    return answer["ok"]


def form_data(text: str, markdown: bool = True) -> dict:
    """The data the form starts from: the browser's own reading of the file."""
    answer = one("read", text=text, markdown=markdown)
    assert "ok" in answer, answer
    return answer["ok"]


def changed_lines(before: str, after: str) -> tuple[list[str], list[str]]:
    diff = list(difflib.ndiff(before.splitlines(), after.splitlines()))
    return [d[2:] for d in diff if d.startswith("- ")], [d[2:] for d in diff if d.startswith("+ ")]


def test_an_unchanged_form_writes_each_file_byte_for_byte():
    texts = [(p.read_text(encoding="utf-8"), p.suffix == ".md") for p in MODELS]
    read = run([{"op": "read", "text": t, "markdown": md} for t, md in texts])
    written = run(
        [
            {"op": "write", "text": t, "data": r["ok"], "markdown": md, "keys": KEYS}
            for (t, md), r in zip(texts, read, strict=True)
        ]
    )
    for path, (text, _), answer in zip(MODELS, texts, written, strict=True):
        assert answer.get("ok") == text, path.name


def edits(data: dict, today: date) -> list[tuple[str, dict, int, int]]:
    """(what, the data after one edit, lines removed, lines added) for each key."""
    out = []

    def edit(what: str, change, removed: int, added: int) -> None:
        new = copy.deepcopy(data)
        change(new)
        out.append((what, new, removed, added))

    registered = int(data["registered"][:4])
    reviews = data.get("reviews") or {}
    free = next((y for y in range(registered, today.year + 1) if str(y) not in reviews), None)
    if free is not None:
        edit(
            "a review year",
            lambda d: d.setdefault("reviews", {}).update({str(free): "recognized"}),
            0,
            1 + ("reviews" not in data),
        )
    if reviews:
        year = sorted(reviews)[0]
        flipped = "not-recognized" if reviews[year] == "recognized" else "recognized"
        edit("a review changed", lambda d: d["reviews"].update({year: flipped}), 1, 1)
        edit("a review cleared", lambda d: d["reviews"].pop(year), 1, 0)
    edit("the title", lambda d: d.update(title=d["title"] + " mới"), 1, 1)
    edit("the summary", lambda d: d.update(summary=d["summary"] + " Thêm: một câu."), 1, 1)
    other = "chi-bo-thon-dong-tien" if data["unit"] != "chi-bo-thon-dong-tien" else "ubnd-xa"
    edit("the unit", lambda d: d.update(unit=other), 1, 1)
    kind = "individual" if data.get("kind") != "individual" else "collective"
    edit("the kind", lambda d: d.update(kind=kind), int("kind" in data), 1)
    edit("the date", lambda d: d.update(registered="2020-01-02"), 1, 1)
    shown = "showcase" in data
    edit("showcase", lambda d: d.update(showcase="2024-12-01"), int(shown), 1)
    edit("ended", lambda d: d.update(ended="2025-01-01"), int("ended" in data), 1)
    if shown:
        edit("showcase removed", lambda d: d.pop("showcase"), 1, 0)
    tags = data.get("tags")
    edit("a tag", lambda d: d.update(tags=[*(tags or []), "an ninh, trật tự"]), int(bool(tags)), 1)
    if tags:
        edit("no tags", lambda d: d.pop("tags"), 1, 0)
    results = data.get("results") or []
    item = {"label": "Cây hoa được trồng", "value": 1250, "unit": "cây"}
    edit("a result", lambda d: d.update(results=[*results, item]), 0, 1 + (not results))
    if results:
        edit("a result's value", lambda d: d["results"][0].update(value=1.5), 1, 1)
        edit("a result removed", lambda d: d["results"].pop(0), 1, 0)
    commendations = data.get("commendations") or []
    praise = {"date": "2024-06-01", "by": "Ủy ban nhân dân: thành phố", "title": "Giấy khen"}
    edit(
        "a commendation",
        lambda d: d.update(commendations=[*commendations, praise]),
        0,
        3 + (not commendations),
    )
    if commendations:
        edit(
            "a commendation's date", lambda d: d["commendations"][0].update(date="2021-01-01"), 1, 1
        )
    if data.get("draft"):
        edit("no longer a draft", lambda d: d.pop("draft"), 1, 0)
    else:
        edit("draft", lambda d: d.update(draft=True), int("draft" in data), 1)
    edit("the body", lambda d: d.update(body=d["body"] + "\nMột đoạn mới.\n"), 0, 2)
    return out


MARKDOWN_MODELS = [p for p in MODELS if p.suffix == ".md"]


def test_each_edit_changes_its_own_lines_and_reads_back():
    """Every key of every Markdown model edited in turn: the file then holds exactly the
    form's data, and the lines that changed are those of the edit."""
    today = date(2026, 6, 1)
    cases = []
    for path in MARKDOWN_MODELS:
        text = path.read_text(encoding="utf-8")
        cases += [(path, text, *case) for case in edits(form_data(text), today)]
    answers = run(
        [
            {"op": "write", "text": text, "data": new, "markdown": True, "keys": KEYS}
            for _, text, _, new, _, _ in cases
        ]
    )
    for (path, text, what, new, removed, added), answer in zip(cases, answers, strict=True):
        where = (path.name, what)
        assert "ok" in answer, (where, answer)
        after = answer["ok"]
        # What the validator reads is what the form holds.
        read = as_read(validator_read(after, True))
        body = new.pop("body")
        assert same(read, new), (where, read, new)
        assert body_of(after) == body.lstrip("\n") or what == "the body", where
        lost, gained = changed_lines(text, after)
        assert (len(lost), len(gained)) == (removed, added), (where, lost, gained)
    assert len(cases) > 15 * len(MARKDOWN_MODELS)


def test_new_files_are_written_as_the_new_command_writes_them():
    model = NewModel(
        slug="duong-hoa",
        title="Đường hoa “Khu phố 7”: sáng, xanh",
        summary="Chi bộ vận động trồng hoa; 1.250 cây.",
        field="do-thi-van-minh",
        unit="chi-bo-thon-dong-tien",
        registered="2023-03-15",
        reviews={2023: "recognized", 2024: "not-recognized"},
        tags=["hoa", "cảnh quan", "yes", "2024"],
    )
    expected = model.text()
    data = {
        "body": model.body(),
        "tags": model.tags,
        "reviews": {str(y): r for y, r in model.reviews.items()},
        "registered": model.registered,
        "kind": model.kind,
        "unit": model.unit,
        "field": model.field,
        "summary": model.summary,
        "title": model.title,
        "draft": False,  # the form's switch, off: not written
    }
    written = write("", data)
    assert written.split("---\n")[1] == expected.split("---\n")[1]
    assert written == expected
    assert same(
        as_read(validator_read(written, True)),
        {k: v for k, v in data.items() if k not in ("body", "draft")},
    )


def test_a_new_result_list_is_written_one_line_an_item():
    data = form_data("---\ntitle: X\n---\n\nBody\n")
    data["results"] = [{"unit": "%", "value": 82.5, "label": "Tỷ lệ, phần trăm"}]
    data["commendations"] = [{"by": "UBND", "date": "2024-05-10"}]
    written = write("---\ntitle: X\n---\n\nBody\n", data)
    assert written == (
        "---\ntitle: X\n"
        "commendations:\n  - date: 2024-05-10\n    by: UBND\n"
        "results:\n  - {label: 'Tỷ lệ, phần trăm', value: 82.5, unit: '%'}\n"
        "---\n\nBody\n"
    )


@pytest.mark.parametrize(
    ("before", "change", "after"),
    [
        (  # a note after a value stays when the value changes
            "title: X  # tên tạm\n",
            {"title": "Y"},
            "title: Y  # tên tạm\n",
        ),
        (  # comments and blank lines inside reviews stay; the new year goes in order
            "reviews:\n  # ghi chú\n  2021: recognized\n\n  2023: recognized\n",
            {"reviews": {"2021": "recognized", "2022": "not-recognized", "2023": "recognized"}},
            "reviews:\n  # ghi chú\n  2021: recognized\n  2022: not-recognized\n\n  2023: recognized\n",
        ),
        (  # a flow mapping of years stays a flow mapping
            "reviews: {2021: recognized}\n",
            {"reviews": {"2021": "recognized", "2022": "recognized"}},
            "reviews: {2021: recognized, 2022: recognized}\n",
        ),
        (  # a block list of tags stays a block list
            "tags:\n  - a\n  - b\n",
            {"tags": ["a", "b", "c d"]},
            "tags:\n  - a\n  - b\n  - c d\n",
        ),
        (  # Windows line endings and a byte order mark stay
            "\ufefftitle: X\r\nkind: collective\r\n",
            {"title": "X", "kind": "individual"},
            "\ufefftitle: X\r\nkind: individual\r\n",
        ),
        (  # text that YAML would read as something else is quoted
            "title: X\n",
            {"title": "yes", "summary": "1.5", "unit": "a: b", "tags": ["on", "x, y", "[z]"]},
            "title: 'yes'\nsummary: '1.5'\nunit: 'a: b'\ntags: ['on', 'x, y', '[z]']\n",
        ),
        (  # a key the form does not know stays where it is
            "title: X\nghi-chu: của người duyệt\nkind: collective\n",
            {"title": "X", "ghi-chu": "của người duyệt", "kind": "individual"},
            "title: X\nghi-chu: của người duyệt\nkind: individual\n",
        ),
        (  # an empty key the form leaves empty stays as it is
            "title: X\ncommendations:\nkind: collective\n",
            {"title": "Y", "kind": "collective", "commendations": []},
            "title: Y\ncommendations:\nkind: collective\n",
        ),
    ],
)
def test_edits_in_place(before, change, after):
    data = {**form_data(before, False), **change}
    data = {k: v for k, v in data.items() if k in change}
    written = write(before, data, markdown=False)
    assert written == after
    read = {k: v for k, v in validator_read(written, False).items() if v is not None}
    assert same(as_read(read), {k: v for k, v in change.items() if v})


def test_text_the_writer_quotes_reads_back_exactly():
    words = [w for w in WORDS if w and not control_character(w) and w != "\u2028"]
    words += ["  lề", "cuối  ", "a\nb", "tab\tx", "\\", "'", "“x”: y"]
    written = run([{"op": "scalar", "value": w, "flow": f} for w in words for f in (False, True)])
    for (word, flowing), answer in zip(
        [(w, f) for w in words for f in (False, True)], written, strict=True
    ):
        text = f"k: [{answer['ok']}]\n" if flowing else f"k: {answer['ok']}\n"
        got = parse_yaml(text, "x.yml")["k"]
        assert (got[0] if flowing else got) == nfc(word), (word, answer)


def test_units_round_trip():
    text = "name: Chi bộ thôn Phước Thạnh\ntype: residential\nlocality: Xã Phước Hưng\nlocality_code: '01843'\n"
    data = form_data(text, False)
    assert write(text, data, False, UNIT_FILE_KEYS) == text
    data["history"] = [{"until": "2025-06-30", "locality": "Xã Phước Hưng cũ"}]
    written = write(text, data, False, UNIT_FILE_KEYS)
    assert written == text + "history:\n  - until: 2025-06-30\n    locality: Xã Phước Hưng cũ\n"
    fresh = write(
        "",
        {"name": "Tổ 3", "type": "residential", "locality": "Xã A", "locality_code": "01843"},
        False,
        UNIT_FILE_KEYS,
    )
    assert fresh == "name: Tổ 3\ntype: residential\nlocality: Xã A\nlocality_code: '01843'\n"


def test_a_file_the_form_cannot_read_is_never_written():
    answer = one(
        "write", text="---\ntitle: &a X\n---\n", data={"title": "Y"}, markdown=True, keys=KEYS
    )
    assert "error" in answer and answer["refused"]


# -- numbers and dates the Vietnamese way --------------------------------------------

NUMBERS = [
    ("1.250", 1250),
    ("1250", 1250),
    ("1,5", 1.5),
    ("1.250,75", 1250.75),
    ("0,25", 0.25),
    ("1.250.000", 1250000),
    ("1 250", 1250),
    ("-3,5", -3.5),
    ("  82  ", 82),
    ("", None),
]
REFUSED = {
    "3.5": "dùng dấu phẩy: 3,5",
    "1.25": "dùng dấu phẩy: 1,25",
    "1,250,000": "tiếng Anh",
    "1,250.5": "tiếng Anh",
    "12.34.567": "từng nhóm ba chữ số",
    "1.250 cây": "“cây” ghi ở ô Đơn vị tính",
    "mười": "không phải một con số",
    "1,": "không phải một con số",
    "1e3": "không phải một con số",
    "1.000.000.000.000.000": "quá lớn",
}


def test_numbers_are_read_the_vietnamese_way():
    cases = [t for t, _ in NUMBERS] + list(REFUSED)
    answers = run([{"op": "number", "text": t} for t in cases])
    for (text, expected), answer in zip(NUMBERS, answers[: len(NUMBERS)], strict=True):
        assert answer["ok"] == {"value": expected}, text
    for (text, words), answer in zip(REFUSED.items(), answers[len(NUMBERS) :], strict=True):
        assert words in answer["ok"]["error"], (text, answer)
    assert MAX_NUMBER == 10**15  # the form's limit is the validator's


def test_numbers_are_shown_as_the_site_shows_them():
    rng = random.Random(7)
    values = [
        0,
        1250,
        1250.0,
        1.5,
        0.125,
        0.375,
        2.675,
        1.005,
        2.001,
        -1.5,
        -0.5,
        -0.001,
        -2.004,
        1e14,
        999999.999,
    ]
    values += [round(rng.uniform(0, 10**6), rng.randint(0, 4)) for _ in range(500)]
    answers = run([{"op": "format", "value": v} for v in values])
    assert [a["ok"] for a in answers] == [site_number(v) for v in values]
    # A figure two decimals round to a whole shows as one, its sign kept only if not 0.
    assert [site_number(v) for v in (2.001, -2.004, -0.001, -0.5, 1250.5)] == [
        "2",
        "-2",
        "0",
        "-0,5",
        "1.250,5",
    ]


def test_dates_are_read_day_first():
    today = "2026-01-18"
    good = {
        "15/03/2023": "2023-03-15",
        "15-3-2023": "2023-03-15",
        "2023-03-15": "2023-03-15",
        "5.3.2023": "2023-03-05",
        "15032023": "2023-03-15",
        "20230315": "2023-03-15",
        " 29/02/2024 ": "2024-02-29",
        "01/01/1990": "1990-01-01",
        "18/01/2026": "2026-01-18",
        "": "",
    }
    bad = {
        "03/15/2023": "tháng 15 không có",
        "30/02/2023": "không có ngày 30",
        "15/03/23": "bốn chữ số",
        "31/12/1989": "quá sớm",
        "19/01/2026": "tương lai",
        "15 tháng 3": "không phải một ngày",
    }
    answers = run([{"op": "date", "text": t, "today": today} for t in [*good, *bad]])
    for (text, expected), answer in zip(good.items(), answers[: len(good)], strict=True):
        assert answer["ok"] == {"value": expected}, text
    for (text, words), answer in zip(bad.items(), answers[len(good) :], strict=True):
        assert words in answer["ok"]["error"], (text, answer)


def test_the_form_refuses_the_dates_the_validator_refuses():
    """Year 1990 and today are the edges of both."""
    from generator.data.validate import Check, vietnam_today

    today = vietnam_today()
    check = Check("x.md")
    key = next(k for k in MODEL_KEYS if k.name == "registered")
    for day, accepted in (
        (date(1990, 1, 1), True),
        (date(1989, 12, 31), False),
        (today, True),
        (today + timedelta(days=1), False),
    ):
        answer = one("date", text=day.strftime("%d/%m/%Y"), today=today.isoformat())["ok"]
        try:
            check.check_date(key, day.isoformat(), 1)
            validator = True
        except ProblemError:
            validator = False
        assert ("value" in answer) is accepted is validator, day


# -- text limits, said as the validator says them -----------------------------------


def test_text_limits_are_the_validators():
    from generator.data.validate import Check

    check = Check("x.md")
    spaces = (
        "\t\x0b\x0c\x1c\x1d\x1e\x1f\x85\xa0\u1680\u2000\u200a\u2028\u2029\u202f\u205f\u3000\ufeff"
    )
    samples = [
        "Đường hoa",
        "x" * 200,
        "x" * 201,
        "a" + spaces + "b" * 198,
        "  lề  " + "y" * 196,
        "có <b>thẻ</b>",
        "a < b > c",
        "hai\ndòng",
        "đoạn một\n\nđoạn hai",
        "e\u0301" * 150 + "x" * 51,
        "😀" * 201,
    ]
    for kind, key in (("line", MODEL_KEYS[0]), ("summary", MODEL_KEYS[1])):
        limit = key.max_length
        assert limit
        cases = [s if kind == "line" else s * (limit // 200 + 1) for s in samples]
        answers = run(
            [{"op": "text", "value": s, "kind": kind, "max": limit, "label": "Ô"} for s in cases]
        )
        for text, answer in zip(cases, answers, strict=True):
            try:
                getattr(check, f"check_{kind}")(key, text, 1)
                refused = False
            except ProblemError:
                refused = True
            assert (answer["ok"] is not None) is refused, (kind, text, answer)
    long = run(
        [{"op": "text", "value": "x" * 215, "kind": "line", "max": 200, "label": "Tên mô hình"}]
    )
    assert long[0]["ok"] == "Tên mô hình dài 215 ký tự, tối đa 200 ký tự; hãy bớt 15 ký tự."
    assert re.compile(TAG_PATTERN).pattern == r"<\s*/?\s*[a-zA-Z][^>]*>"


def test_keys_for_the_writer_come_from_the_schema():
    assert KEYS["model"] == [k.name for k in MODEL_KEYS]
    assert KEYS["items"]["results"] == ["label", "value", "unit"]
    assert KEYS["flowItems"] == ["results"]
    assert json.loads(json.dumps(KEYS)) == KEYS
