"""What staff type, matched to the project's ids and names: one rule set for every tool.

A typed value and a name are the same when their keys are: the words folded (no
marks, đ → d), lowercased, joined by "-", with the abbreviations committees write
spelled out ("UBND" → "ủy ban nhân dân"). Options map an id to its name, or to its
names (the first is the one shown). The validator's suggestions, `new`, `import`
and the yearly tools all go through here, so that one value means one thing.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from difflib import SequenceMatcher

from generator.data.model import Unit
from generator.data.text import fold, slugify, sort_key

Options = Mapping[str, str | Sequence[str]]

# Whole words, folded. Only abbreviations that mean one thing in every registry:
# "tt" (tập thể, thị trấn) and "cn" (cá nhân, chủ nhiệm) are left to option names.
ABBREVIATIONS = {
    "ubnd": "uy ban nhan dan",
    "hdnd": "hoi dong nhan dan",
    "mttq": "mat tran to quoc",
    "htx": "hop tac xa",
    "tdp": "to dan pho",
    "kp": "khu pho",
    "ccb": "cuu chien binh",
    "hlhpn": "hoi lien hiep phu nu",
    "lhpn": "lien hiep phu nu",
    "hnd": "hoi nong dan",
    "dtn": "doan thanh nien",
    "tncs": "thanh nien cong san",
    "clb": "cau lac bo",
    "dvk": "dan van kheo",
    "tp": "thanh pho",
    "p": "phuong",
}

# How far a mistyped value may be from a name (difflib's ratio of their keys) to be
# suggested; closer options tie when equally close, and a tie gives no suggestion.
CUTOFF = 0.6

# Review results as committees write them; one table for files and spreadsheets.
REVIEW_RESULTS: dict[str, tuple[str, ...]] = {
    "recognized": (
        "được công nhận",
        "công nhận",
        "đã công nhận",
        "đạt",
        "có",
        "x",
        "✓",
        "✔",
    ),
    "not-recognized": (
        "không được công nhận",
        "không công nhận",
        "chưa được công nhận",
        "chưa công nhận",
        "không đạt",
        "chưa đạt",
        "không",
    ),
}

# Yes or no as committees mark a column ("Chọn làm mô hình điểm": "Có", "x").
YES_NO: dict[str, tuple[str, ...]] = {
    "yes": ("có", "x", "✓", "✔", "chọn", "đồng ý", "1"),
    "no": ("không", "không chọn", "chưa", "0"),
}

_WORD = re.compile(r"[a-z0-9]+")


def key(text: object) -> str:
    """The form two spellings of one name share ("  UBND Phường  Hoà Bình" and
    "uy-ban-nhan-dan-phuong-hoa-binh"); a value of symbols only ("✓") stays itself."""
    text = str(text).strip()
    words = [ABBREVIATIONS.get(word, word) for word in _WORD.findall(fold(text))]
    return slugify(" ".join(words)) or text


def names(option: str | Sequence[str]) -> tuple[str, ...]:
    return (option,) if isinstance(option, str) else tuple(option)


class Names:
    """Options with the keys of their names made once, for matching many typed values
    (a sheet of 2,000 rows against 2,000 models); `matches` answers through it.
    `by_id=False` matches names only, for a column that holds names, never ids."""

    def __init__(self, options: Options, by_id: bool = True):
        self.options = options if by_id else {}  # without ids: names only (titles)
        self.ids: dict[str, list[str]] = {}
        for i, option in options.items():
            for name_key in dict.fromkeys(key(n) for n in names(option)):
                self.ids.setdefault(name_key, []).append(i)

    def matches(self, text: object) -> list[str]:
        """Every id whose own id or one of whose names the text is, in the options' order."""
        typed = key(text)
        if not typed:
            return []
        if typed in self.options:
            return [typed]
        return list(self.ids.get(typed, ()))


def matches(text: object, options: Options) -> list[str]:
    """Every id whose own id or one of whose names the text is, in the options' order."""
    return Names(options).matches(text)


def lookup(text: object, options: Options, parts: bool = True) -> str | None:
    """The one id a typed value stands for: its id or a name; else (with `parts`)
    whole words of exactly one name, as "Đô thị văn minh" stands for "Xây dựng nông
    thôn mới, đô thị văn minh". None when nothing or more than one option fits."""
    found = matches(text, options)
    if not found and parts and key(text):
        typed = f"-{key(text)}-"
        found = [
            i for i, option in options.items() if any(typed in f"-{key(n)}-" for n in names(option))
        ]
    return found[0] if len(found) == 1 else None


def similarity(a: str, b: str) -> float:
    return SequenceMatcher(None, a, b).ratio()


def suggest(text: object, options: Options) -> str | None:
    """The option a mistyped value most likely meant, for a "did you mean": what
    `lookup` finds; else the only id that begins with it; else the closest id or
    name, if close enough and closer than any other."""
    found = lookup(text, options)
    if found:
        return found
    typed = key(text)
    if not typed:
        return None
    starting = [i for i in options if i.startswith(typed)]
    if len(starting) == 1:
        return starting[0]
    scores = sorted(
        (
            (max(similarity(typed, key(n)) for n in (i, *names(option))), i)
            for i, option in options.items()
        ),
        reverse=True,
    )
    if not scores or scores[0][0] < CUTOFF:
        return None
    if len(scores) > 1 and scores[1][0] == scores[0][0]:
        return None
    return scores[0][1]


def search(query: object, options: Options) -> list[str]:
    """Ids whose id or names hold every word typed, in the options' order."""
    words = fold(str(query)).split()
    return [
        i
        for i, option in options.items()
        if all(word in fold(" ".join((i, *names(option)))) for word in words)
    ]


def review_result(text: object) -> str | None:
    """ "recognized" or "not-recognized" for a result as written ("Đạt", "cong nhan")."""
    return lookup(text, REVIEW_RESULTS, parts=False)


def yes_no(text: object) -> bool | None:
    """True or False for a mark as written ("Có", "x", "không"); None when unclear."""
    found = lookup(text, YES_NO, parts=False)
    return None if found is None else found == "yes"


# -- units, named by their name and, where names repeat, their place ----------------


def same_place(typed: str, locality: str) -> bool:
    """ "hoa binh" and "Phường Hòa Bình" name the same place."""
    typed, locality = key(typed), key(locality)
    return bool(typed) and (typed == locality or locality.endswith("-" + typed))


def unit_names(units: Mapping[str, Unit]) -> dict[str, tuple[str, ...]]:
    return {u.id: (u.name, f"{u.name} {u.locality}") for u in units.values()}


def find_units(
    text: str, units: Mapping[str, Unit], locality: str = "", index: Names | None = None
) -> list[str]:
    """Ids of the units a typed id or name (and place, if given) stands for; `index`
    is `Names(unit_names(units))`, made once by a caller with many values to find."""
    found = (index or Names(unit_names(units))).matches(text)
    if locality:
        found = [i for i in found if same_place(locality, units[i].locality)]
    return found


def search_units(query: str, units: Mapping[str, Unit]) -> list[str]:
    """Ids of units whose name, place or id hold every word typed, in Vietnamese order."""
    found = search(query, unit_names(units))
    return sorted(found, key=lambda i: sort_key(units[i].name))


def known_place(typed: str, units: Mapping[str, Unit]) -> str:
    """A place typed without marks, spelled as the registry already spells it."""
    return next((u.locality for u in units.values() if same_place(typed, u.locality)), typed)
