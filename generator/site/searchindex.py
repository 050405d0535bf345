"""The static search index: small files the browser fetches as a visitor types.

Read by assets/search.js. A word is a run of letters and digits (`\\w+`) in the
lowercased text; its key is its folded form (`text.fold`: no marks, đ -> d), so
"duong" finds "đường", while each written form keeps its own documents so that a
query typed with marks can put exact matches first. No word positions are kept:
Vietnamese syllables such as "dân" or "đường" are on almost every page, and their
positions are what made full-text indexes large.

Files, under `search/`:

- `meta.json`: counts and the version the other files are fetched with.
- `b/<n>.json`: bucket n holds the keys k with fnv1a(k) % buckets == n, as
  {key: {written form: postings}}; a query loads only its own words' buckets.
  Keys are words, and pairs of neighbouring words of titles and names ("do thi"),
  which tell a title about "đô thị" from one with "Thị" in a person's name; a pair
  is in its first word's bucket, which the query loads anyway.
- `v/<code of the first character, hex>.json`: {key: number of documents}, to
  complete a word being typed.
- `d/<n>.json`: documents n*SHARD ... n*SHARD+SHARD-1 as a result shows them: title,
  address, field, unit, locality, summary, and the rest of the text for excerpts.
- `facets.json`: the catalogue's filter columns (`search.facets`).

Postings are four lists joined by ",": the documents with the form in their title,
names, summary and text. A list holds the differences between successive ids (the
first from -1), each as a base-64 varint: digits of 5 bits, lowest first, a digit
of 32 or more meaning that more follow. A list of common words is mostly "1"s.
Models come first, in Vietnamese title order, so sorting by name is sorting by id.
"""

from __future__ import annotations

import hashlib
import json
import re
from array import array
from bisect import bisect_left
from collections import defaultdict
from collections.abc import Sequence
from itertools import chain
from operator import sub
from pathlib import Path

from generator.data.text import fold
from generator.site.search import Document

FOLDER = "search"
PARTS = 4  # title, names, summary, text
SHARD = 8  # documents per display file: one request for each result shown
BUCKET_BYTES = 16_000  # aimed-at size of a bucket before compression
MAX_BUCKETS = 4096
PAGE_TEXT = 20_000  # characters of a long page kept for its excerpts
WORD = re.compile(r"\w+")
DIGITS = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-_"
DIGIT_STRINGS: list[str] = []  # varint(n) for n = 0, 1, 2 ...; grown as needed


def fnv1a(key: str) -> int:
    """32-bit FNV-1a over UTF-16 code units, as JavaScript's charCodeAt sees the key."""
    h = 0x811C9DC5
    units = key.encode("utf-16-le")
    for i in range(0, len(units), 2):
        h = ((h ^ (units[i] | units[i + 1] << 8)) * 0x01000193) & 0xFFFFFFFF
    return h


def varint(value: int) -> str:
    digits = []
    while value >= 32:
        digits.append(DIGITS[32 + (value & 31)])
        value >>= 5
    digits.append(DIGITS[value])
    return "".join(digits)


def fixed(values: Sequence[int]) -> tuple[int, str]:
    """(width, digits) of a column: each value in `width` base-64 digits, highest first."""
    width = 1
    while max(values, default=0) >= 64**width:
        width += 1
    text = "".join(
        "".join(DIGITS[(v >> (6 * i)) & 63] for i in reversed(range(width))) for v in values
    )
    return width, text


def dumps(value) -> str:
    return json.dumps(value, ensure_ascii=False, allow_nan=False, separators=(",", ":"))


def words(text: str, pairs: bool = False) -> set[str]:
    """The words of a text, lowercased; with `pairs`, also neighbours on one line."""
    text = text.lower()
    found = set(WORD.findall(text))
    if pairs:
        for line in text.split("\n"):
            line_words = WORD.findall(line)
            found.update(map(" ".join, zip(line_words, line_words[1:], strict=False)))
    return found


def document_words(doc: Document) -> tuple[set[str], ...]:
    """The words of each part of a document, as the index keeps them."""
    return (
        words(doc.title, pairs=True),
        words(doc.names, pairs=True),
        words(doc.summary),
        words(doc.text),
    )


class Index:
    """The index, built in steps: `add` documents (ids follow on), `seal` what was added
    so far (encode it: the models can be sealed while MkDocs renders the pages), and
    `files` at the end.

    An index that keeps its `ids` can also `replace` sealed documents (a model edited
    between two builds of `mkdocs serve`), and a `copy` of it can go on with other
    documents while it stays as it is for the next build."""

    def __init__(self, ids: bool = False) -> None:
        # form -> sorted ids of each part, for `replace`; None: not kept
        self._ids: dict[str, tuple[array, ...]] | None = {} if ids else None
        self._changed: set[str] = set()  # forms whose ids `replace` changed
        self.documents: list[Document] = []
        self._pending: defaultdict[str, tuple[array, ...]] = defaultdict(self._lists)
        self._encoded: dict[str, list[str]] = {}  # form -> encoded list of each part
        self._last: dict[str, list[int]] = {}  # form -> last id of each part
        self._sizes: dict[str, list[int]] = {}  # form -> documents in each part
        self._keys: dict[str, str] = {}  # form -> key
        self._facets: tuple[dict, str] | None = None  # the facets and their file
        self._shards: dict[int, str] = {}  # display files, once whole

    @staticmethod
    def _lists() -> tuple[array, ...]:
        return tuple(array("I") for _ in range(PARTS))

    def add(self, documents: Sequence[Document], known: Sequence[tuple] | None = None) -> None:
        """Documents, after those added before; `known`: their `document_words`, if
        already found."""
        found = self._pending
        for doc_id, doc in enumerate(documents, start=len(self.documents)):
            parts = known[doc_id - len(self.documents)] if known else document_words(doc)
            for part, part_words in enumerate(parts):
                for word in part_words:
                    found[word][part].append(doc_id)
        self.documents.extend(documents)

    def seal(self) -> None:
        digits = DIGIT_STRINGS
        if len(digits) < len(self.documents) + 2:  # every possible difference, ready-made
            digits.extend(varint(n) for n in range(len(digits), len(self.documents) + 2))
        if self._ids is not None:
            for form, lists in self._pending.items():
                kept = self._ids.setdefault(form, self._lists())
                for part, ids in enumerate(lists):
                    kept[part].extend(ids)
        for form in self._changed:  # encoded again, from their first id
            ids = self._ids.get(form)
            if ids is None or not any(ids):
                for table in (self._ids, self._encoded, self._last, self._sizes, self._keys):
                    table.pop(form, None)
                continue
            self._encoded[form] = [""] * PARTS
            self._last[form] = [-1] * PARTS
            self._sizes[form] = [0] * PARTS
            self._pending[form] = ids
        self._changed.clear()
        for form, lists in self._pending.items():
            if form not in self._keys:
                self._keys[form] = fold(form)
            encoded = self._encoded.setdefault(form, [""] * PARTS)
            last = self._last.setdefault(form, [-1] * PARTS)
            sizes = self._sizes.setdefault(form, [0] * PARTS)
            for part, ids in enumerate(lists):
                if ids:
                    differences = map(sub, ids, chain((last[part],), ids))
                    encoded[part] += "".join(map(digits.__getitem__, differences))
                    last[part] = ids[-1]
                    sizes[part] += len(ids)
        self._pending.clear()
        for n in range(len(self.documents) // SHARD):
            if n not in self._shards:
                self._shards[n] = self._shard(n)

    def replace(self, doc_id: int, document: Document, before: tuple, after: tuple) -> None:
        """Document `doc_id`, sealed with the words `before`, is now `document` with the
        words `after` (see `document_words`); `seal` encodes the forms that changed."""
        self.documents[doc_id] = document
        self._shards.pop(doc_id // SHARD, None)
        for part, (old, new) in enumerate(zip(before, after, strict=True)):
            old, new = set(old), set(new)
            for form in old - new:
                ids = self._ids[form][part]
                del ids[bisect_left(ids, doc_id)]
                self._changed.add(form)
            for form in new - old:
                ids = self._ids.setdefault(form, self._lists())[part]
                ids.insert(bisect_left(ids, doc_id), doc_id)
                self._changed.add(form)

    def copy(self) -> Index:
        """A sealed index, to add more to while this one stays as it is."""
        assert not self._pending and not self._changed
        other = Index()
        other.documents = list(self.documents)
        other._encoded = {form: list(parts) for form, parts in self._encoded.items()}
        other._last = {form: list(parts) for form, parts in self._last.items()}
        other._sizes = {form: list(parts) for form, parts in self._sizes.items()}
        other._keys = dict(self._keys)
        other._shards = dict(self._shards)
        return other

    def _facets_file(self, facets: dict) -> str:
        if self._facets is None or self._facets[0] is not facets:
            self._facets = (facets, facets_file(facets))
        return self._facets[1]

    def _shard(self, n: int) -> str:
        return dumps(
            [
                [
                    d.title,
                    d.url,
                    d.field,
                    d.unit,
                    d.locality,
                    display_summary(d),
                    d.text[:PAGE_TEXT],
                ]
                for d in self.documents[n * SHARD : (n + 1) * SHARD]
            ]
        )

    def sealed_files(self, facets: dict) -> dict[str, bytes]:
        """The files that documents added later cannot change: the facets, and the
        display files of whole shards."""
        files = {"facets.json": self._facets_file(facets)}
        for n, shard in self._shards.items():
            files[f"d/{n}.json"] = shard
        return {f"{FOLDER}/{path}": content.encode("utf-8") for path, content in files.items()}

    def files(self, models: int, facets: dict) -> dict[str, bytes]:
        """Every file of the index: site path -> content. The first `models` documents
        are the models, in the order of the facets' rows."""
        self.seal()
        by_key: dict[str, list[str]] = defaultdict(list)
        for form in sorted(self._encoded):
            by_key[self._keys[form]].append(form)
        # Words are letters, digits and "_" (pairs add a space): valid JSON strings as
        # they are, which saves escaping 60,000 of them.
        entries = {
            key: "{" + ",".join(f'"{f}":"{",".join(self._encoded[f])}"' for f in forms) + "}"
            for key, forms in sorted(by_key.items())
        }
        files: dict[str, str] = {}
        buckets = bucket_count(sum(len(k) + len(v) for k, v in entries.items()))
        grouped: list[list[str]] = [[] for _ in range(buckets)]
        for key, entry in entries.items():
            grouped[fnv1a(key.split(" ", 1)[0]) % buckets].append(f'"{key}":{entry}')
        for n, items in enumerate(grouped):
            files[f"b/{n}.json"] = "{" + ",".join(items) + "}"

        vocabulary: dict[str, dict[str, int]] = defaultdict(dict)
        for key, forms in by_key.items():
            if " " not in key:  # pairs are looked up whole, never completed
                vocabulary[key[0]][key] = max(max(self._sizes[form]) for form in forms)
        for first, found in vocabulary.items():
            files[f"v/{ord(first):x}.json"] = dumps(found)

        for n in range((len(self.documents) + SHARD - 1) // SHARD):
            files[f"d/{n}.json"] = self._shards.get(n) or self._shard(n)
        files["facets.json"] = self._facets_file(facets)
        version = hashlib.sha256()
        for path in sorted(files):
            version.update(f"{path}\n{files[path]}\n".encode())
        files["meta.json"] = dumps(
            {
                "version": version.hexdigest()[:12],
                "documents": len(self.documents),
                "models": models,
                "buckets": buckets,
                "shard": SHARD,
                "vocabulary": "".join(sorted(vocabulary)),
            }
        )
        return {f"{FOLDER}/{path}": content.encode("utf-8") for path, content in files.items()}


def facets_file(facets: dict) -> str:
    columns = {key: fixed(column) for key, column in facets["columns"].items()}
    return dumps({"values": facets["values"], "columns": columns})


def build(documents: Sequence[Document], models: int, facets: dict) -> dict[str, bytes]:
    """The index of `documents` at once (the first `models` of them being the models)."""
    index = Index()
    index.add(documents)
    return index.files(models, facets)


def write(files: dict[str, bytes], site_dir: str | Path) -> None:
    folders = set()
    for path, content in files.items():
        target = Path(site_dir) / path
        if target.parent not in folders:
            target.parent.mkdir(parents=True, exist_ok=True)
            folders.add(target.parent)
        target.write_bytes(content)


def bucket_count(total: int) -> int:
    count = 1
    while count < MAX_BUCKETS and count * BUCKET_BYTES < total:
        count *= 2
    return count


def display_summary(doc: Document) -> str:
    """The summary, or for a page without one the start of its text."""
    if doc.summary or not doc.text:
        return doc.summary
    text = doc.text.replace("\n", " ")
    if len(text) <= 240:
        return text
    cut = text.rfind(" ", 0, 240)
    return text[: cut if cut > 0 else 240] + " …"
