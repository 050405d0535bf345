"""What staff type, matched to the project's ids and names: one rule set for every tool.

A typed value and a name are the same when their keys are: the words folded (no
marks, đ → d), lowercased, joined by "-", with the abbreviations committees write
spelled out ("UBND" → "ủy ban nhân dân"). Options map an id to its name, or to its
names (the first is the one shown). The validator's suggestions, `new`, `import`
and the yearly tools all go through here, so that one value means one thing.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Mapping, Sequence
from difflib import SequenceMatcher

from generator.data.model import Commendation, Unit
from generator.data.text import fold, nfc, slugify, sort_key

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
    "cb": "chi bo",
    "vp": "van phong",
    "ccb": "cuu chien binh",
    "hlhpn": "hoi lien hiep phu nu",
    "lhpn": "lien hiep phu nu",
    "hnd": "hoi nong dan",
    "dtn": "doan thanh nien",
    "tncs": "thanh nien cong san",
    "clb": "cau lac bo",
    "dvk": "dan van kheo",
    "cty": "cong ty",
    "ct": "cong ty",
    "cp": "co phan",
    "tnhh": "trach nhiem huu han",
    "tm": "thuong mai",
    "tp": "thanh pho",
    "p": "phuong",
    "x": "xa",
}
# A letter stands for a word only before another one ("P. Hòa Bình", "X. Phước Hưng"):
# alone, or last, "x" is a mark.
LETTERS = {"p", "x"}

# How alike a mistyped value must be to a name (see `similarity`) to be suggested;
# options equally close tie, and a tie gives no suggestion.
CUTOFF = 0.8
# How much less close than the closest a further suggestion of `nearest` may be.
NEAR = 0.1

# Review results as committees write them; one table for files and spreadsheets.
REVIEW_WORDS: dict[str, tuple[str, ...]] = {
    "recognized": (
        "được công nhận",
        "công nhận",
        "đã công nhận",
        "đạt",
        "có",
        "x",
        "✓",
        "✔",
        "√",
        "☑",
        "✅",
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

# A column of marks ("Công nhận", "Không công nhận", "Chọn làm mô hình điểm", "Tập thể"):
# these are a mark, these are none, and anything else is asked about, never guessed.
MARKS: dict[str, tuple[str, ...]] = {
    "yes": ("x", "✓", "✔", "√", "☑", "✅", "v", "1", "có"),
    "no": ("-", "–", "—", "0", "không"),
}

_WORD = re.compile(r"[a-z0-9]+")
_NUMBER_WORD = re.compile(r"\bso\.?\s*(?=\d)")
_SHORT_NUMBER = re.compile(r"^([a-z]+)(\d+)$")  # "kp1", "tdp5": an abbreviation and a number


def key(text: object) -> str:
    """The form two spellings of one name share ("  UBND Phường  Hoà Bình" and
    "uy-ban-nhan-dan-phuong-hoa-binh"); a value of symbols only ("✓") stays itself."""
    text = str(text).replace("\ufe0f", "").strip()  # the emoji form of ✔ and ✓
    # "Khu phố số 1" is "Khu phố 1": "số" before a number says nothing.
    words = _WORD.findall(_NUMBER_WORD.sub("", fold(text)))
    spelled = []
    for index, word in enumerate(words):
        short = _SHORT_NUMBER.match(word)
        if short and short.group(1) in ABBREVIATIONS:
            spelled += [ABBREVIATIONS[short.group(1)], short.group(2)]
        elif word in LETTERS and index == len(words) - 1:
            spelled.append(word)
        else:
            spelled.append(ABBREVIATIONS.get(word, word))
    return slugify(" ".join(spelled)) or text


def names(option: str | Sequence[str]) -> tuple[str, ...]:
    return (option,) if isinstance(option, str) else tuple(option)


def written(text: object) -> str:
    """The text as typed, less case and spacing: marks still tell "Lang" from "Lăng"."""
    return " ".join(nfc(str(text)).lower().split())


class Names:
    """Options with the keys of their ids and names made once, for matching many typed
    values against a long list (a sheet of 2,000 rows, the communes of a province).
    `by_id=False` matches names only, for a column that holds names, never ids."""

    def __init__(self, options: Options, by_id: bool = True):
        self.options = options
        self.by_id = by_id
        self.ids: dict[str, list[str]] = {}
        self._sorted: list[str] | None = None  # the keys in order, made when first needed
        for i, option in options.items():
            for name_key in dict.fromkeys(key(n) for n in ((i,) if by_id else ()) + names(option)):
                self.ids.setdefault(name_key, []).append(i)

    def matches(self, text: object) -> list[str]:
        """Every id whose own id or one of whose names the text is, in the options' order;
        of names that differ only in their marks, the one written as typed."""
        typed_as_is = str(text).strip()
        if self.by_id and typed_as_is in self.options:  # an id, exactly as written
            return [typed_as_is]
        typed = key(text)
        if not typed:
            return []
        found = self.ids.get(typed, [])
        if len(found) > 1:
            as_typed = written(text)
            exact = [i for i in found if as_typed in map(written, names(self.options[i]))]
            return exact or list(found)
        return list(found)

    def starting(self, text: object) -> list[str]:
        """Every id one of whose names begins with the text's whole words, as "Chi bộ Khu
        phố 2" begins "Chi bộ Khu phố 2, phường Hòa Bình" (not "Chi bộ Khu phố 21"), in
        the options' order: for a name typed short, when no name is the text."""
        typed = key(text)
        if not typed:
            return []
        if self._sorted is None:
            self._sorted = sorted(self.ids)
        prefix = typed + "-"
        found: set[str] = set()
        for name_key in self._sorted[bisect.bisect_left(self._sorted, prefix) :]:
            if not name_key.startswith(prefix):
                break
            found.update(self.ids[name_key])
        return [i for i in self.options if i in found]


def matches(text: object, options: Options) -> list[str]:
    """Every id whose own id or one of whose names the text is, in the options' order;
    of names that differ only in their marks, the one written as typed."""
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
    """How alike two keys are where they differ: the words they share at the start
    and the end are left out, so that "Khu phố 1" and "Khu phố 4", or two schools
    that share "Trường THCS", are not taken for a typing slip of each other."""
    left, right = a.split("-"), b.split("-")
    while left and right and left[0] == right[0]:
        left, right = left[1:], right[1:]
    while left and right and left[-1] == right[-1]:
        left, right = left[:-1], right[:-1]
    if not left or not right:
        return 0.0  # one is the other with words added: not a typing slip
    x, y = "-".join(left), "-".join(right)
    if x.replace("-", "").isdigit() and y.replace("-", "").isdigit():
        return 0.0  # "Khu phố 1" and "Khu phố 4" are two places
    if _one_slip(x, y):
        return 1.0 - 0.01 * max(len(x), len(y)) ** -1  # "Bắc Cạn", "côg": one letter off
    return SequenceMatcher(None, x, y).ratio()


def _one_slip(x: str, y: str) -> bool:
    """One letter changed, added, left out, or two swapped."""
    if abs(len(x) - len(y)) > 1:
        return False
    if len(x) == len(y):
        diff = [i for i, (a, b) in enumerate(zip(x, y, strict=True)) if a != b]
        return len(diff) == 1 or (
            len(diff) == 2
            and diff[1] == diff[0] + 1
            and x[diff[0]] == y[diff[1]]
            and x[diff[1]] == y[diff[0]]
        )
    short, long = sorted((x, y), key=len)
    return any(long[:i] + long[i + 1 :] == short for i in range(len(long)))


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


def nearest(text: object, options: Options, limit: int = 3) -> list[str]:
    """Up to `limit` ids whose names are close enough to a mistyped value, and nearly as
    close as the closest, closest first: for a "did you mean" that offers several names."""
    typed = key(text)
    if not typed:
        return []
    scores = [
        (max(similarity(typed, key(n)) for n in names(option)), index, i)
        for index, (i, option) in enumerate(options.items())
    ]
    scores.sort(key=lambda s: (-s[0], s[1]))
    best = scores[0][0] if scores else 0
    return [i for score, _, i in scores[:limit] if score >= max(CUTOFF, best - NEAR)]


def search(query: object, options: Options) -> list[str]:
    """Ids whose id or names hold every word typed, in the options' order."""
    words = [word for word in key(query).split("-") if word]
    return [
        i
        for i, option in options.items()
        if all(word in "-".join(key(n) for n in (i, *names(option))) for word in words)
    ]


# Kinds of model as committees write them in a "Tập thể/Cá nhân" column or a prompt.
KIND_WORDS: dict[str, tuple[str, ...]] = {
    "collective": ("Tập thể", "tt"),
    "individual": ("Cá nhân", "cn"),
}


def review_result(text: object) -> str | None:
    """ "recognized" or "not-recognized" for a result as written ("Đạt", "cong nhan")."""
    return lookup(text, REVIEW_WORDS, parts=False)


def kind(text: object) -> str | None:
    """ "collective" or "individual" for a kind as written ("Tập thể", "TT")."""
    return lookup(text, KIND_WORDS, parts=False)


def mark(value: object) -> bool | None:
    """Whether a cell of a column of marks is marked: True for x, ✓, v, 1, Có (any case,
    with or without marks) and an Excel checkbox ticked; False for a blank, -, 0, Không;
    None for anything else ("?", "Đề nghị xem lại"), which is not guessed."""
    if isinstance(value, bool):
        return value
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = "" if value is None else str(value).strip()
    if not text:
        return False
    found = lookup(text, MARKS, parts=False)
    return None if found is None else found == "yes"


MARK_WORDS = "x (hoặc ✓, v, 1, Có)"  # how a message says what a mark is
NO_MARK_WORDS = "-, 0, Không"


# -- commendations: one decision, however it is written ------------------------------

_SPACED_SIGN = re.compile(r"\s*([/-])\s*")
_NUMBERED = re.compile(r"\d\S*")


def decision_number(text: str) -> str:
    """The key of a decision's number, as its spellings share it: "Quyết định số
    215/QĐ-UBND", "QĐ 215/QĐ-UBND" and "215 / qđ-ubnd" are one; the whole text when it
    has no number."""
    found = _NUMBERED.search(_SPACED_SIGN.sub(r"\1", nfc(text)))
    return key(found.group() if found else text)


def same_decision(a: Commendation, b: Commendation) -> bool:
    """Two commendations naming one decision: its number, in one year (numbers start
    again each year), whatever the day written."""
    return bool(
        a.decision
        and b.decision
        and a.date.year == b.date.year
        and decision_number(a.decision) == decision_number(b.decision)
    )


def same_round(a: Commendation, b: Commendation) -> bool:
    """One round of commendation: the same day and decision number when both name one,
    else the same day and body, however the decision and the body are written."""
    if a.date != b.date:
        return False
    if a.decision and b.decision:
        return decision_number(a.decision) == decision_number(b.decision)
    return key(a.by) == key(b.by)


# -- units, named by their name and, where names repeat, their place ----------------


def same_place(typed: str, locality: str) -> bool:
    """ "hoa binh" and "Phường Hòa Bình" name the same place."""
    typed, locality = key(typed), key(locality)
    return bool(typed) and (typed == locality or locality.endswith("-" + typed))


def unit_names(units: Mapping[str, Unit]) -> dict[str, tuple[str, ...]]:
    """Each unit's name, alone and with its place, now and as its history gives them."""
    found = {}
    for u in units.values():
        named = [(u.name, u.locality), *(u.at(f.until)[:2] for f in u.history)]
        found[u.id] = tuple(dict.fromkeys(n for nm, pl in named for n in (nm, f"{nm} {pl}")))
    return found


def places(unit: Unit) -> list[str]:
    """The places a unit is or was in."""
    return [unit.locality, *(f.locality for f in unit.history if f.locality)]


def find_units(
    text: str,
    units: Mapping[str, Unit],
    locality: str = "",
    index: Names | None = None,
    short: bool = False,
) -> list[str]:
    """Ids of the units a typed id or name (and place, if given) stands for; a former
    name or place counts, as a spreadsheet from before a change still writes them.
    With `short`, when no name is the text, the units whose name begins with it.
    `index` is `Names(unit_names(units))`, made once by a caller with many to find."""
    index = index or Names(unit_names(units))

    def placed(found: list[str]) -> list[str]:
        if not locality:
            return found
        return [i for i in found if any(same_place(locality, p) for p in places(units[i]))]

    found = placed(index.matches(text))
    if not found and short:
        found = placed(index.starting(text))
    return found


def search_units(query: str, units: Mapping[str, Unit]) -> list[str]:
    """Ids of units whose name, place or id hold every word typed, in Vietnamese order."""
    found = search(query, unit_names(units))
    return sorted(found, key=lambda i: sort_key(units[i].name))


def known_place(typed: str, units: Mapping[str, Unit]) -> str:
    """A place typed without marks, spelled as the registry already spells it."""
    return next((u.locality for u in units.values() if same_place(typed, u.locality)), typed)
