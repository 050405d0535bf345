"""Vietnamese-aware text helpers: normalisation, folding, slugs, sorting, dates."""

from __future__ import annotations

import re
import unicodedata
from datetime import date
from functools import lru_cache

# Marks that make a distinct letter of the alphabet (ă â ê ô ơ ư) versus tone marks.
_LETTER_MARKS = {"\u0306": 1, "\u0302": 2, "\u031b": 3}  # breve, circumflex, horn
_TONE_MARKS = {"\u0300": 1, "\u0301": 2, "\u0309": 3, "\u0303": 4, "\u0323": 5}
_ALPHABET = "aăâbcdđeêfghijklmnoôơpqrstuưvwxyz"
_RANK = {ch: i for i, ch in enumerate(_ALPHABET)}


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


# Characters no text of the data may hold: control characters other than tab and
# newline (C0, DEL, C1: XML 1.0 forbids most, terminals act on them), halves of
# surrogate pairs and U+FFFE/U+FFFF (no UTF-8 or XML form), and the bidirectional
# embeddings, overrides and isolates that make text show in another order than it is
# stored.
CONTROL = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff\u202a-\u202e\u2066-\u2069]"
)


def control_character(text: str) -> str | None:
    """The first character of `text` that no text of the data may hold, if any."""
    found = CONTROL.search(text)
    return found.group() if found else None


def codepoint(ch: str) -> str:
    return f"U+{ord(ch):04X}"


def fold(text: str) -> str:
    """Lowercase text without any diacritics, đ included: "Đô thị" -> "do thi"."""
    decomposed = unicodedata.normalize("NFD", text.lower().replace("đ", "d").replace("Đ", "d"))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def slugify(text: str, separator: str = "-") -> str:
    """Kebab-case ASCII slug that folds Vietnamese properly ("Đường" -> "duong")."""
    return re.sub(r"[^a-z0-9]+", separator, fold(text)).strip(separator)


def toc_slugify(value: str, separator: str) -> str:
    """Slug function for Python-Markdown's toc extension (heading anchors)."""
    return slugify(value, separator)


SLUG_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


def is_slug(text: str) -> bool:
    return bool(SLUG_PATTERN.match(text))


@lru_cache(maxsize=4096)  # a few hundred characters make up the titles
def _letter_key(ch: str) -> tuple[int, int]:
    """(alphabet rank, tone) of one character, for Vietnamese dictionary order."""
    parts = unicodedata.normalize("NFD", ch.lower())
    base, marks = parts[0], parts[1:]
    letter = "đ" if base == "đ" else base
    tone = 0
    for mark in marks:
        if mark in _LETTER_MARKS:
            letter = unicodedata.normalize("NFC", base + mark)
        elif mark in _TONE_MARKS:
            tone = _TONE_MARKS[mark]
    if letter in _RANK:
        return _RANK[letter] + 100, tone
    if letter.isdigit():
        return ord(letter) - ord("0") + 10, 0
    return (1, 0) if letter.isspace() else (2, ord(letter))


@lru_cache(maxsize=65536)
def sort_key(text: str) -> tuple:
    """Vietnamese alphabetical order: A Ă Â B C D Đ E Ê ..., tones break ties."""
    # Quotes and dashes do not count: “Một cửa” sorts under M.
    keys = [_letter_key(ch) for ch in nfc(text) if ch.isalnum() or ch.isspace()]
    return tuple(k[0] for k in keys), tuple(k[1] for k in keys), text


def format_date(value: date) -> str:
    return value.strftime("%d/%m/%Y")
