"""A page this plugin made, read and converted as MkDocs would, in less time.

MkDocs reads every page's front matter with a YAML parser and converts every page
with a new `markdown.Markdown`, which costs more than converting a page of cards.
The plugin wrote these pages, so it reads their front matter back as written (one
JSON value a line) and converts them with one Markdown instance for the whole
build, or takes the HTML a second process made. Everything else MkDocs does for
a page (the events of every plugin, the template) stays as for any page; what
another plugin changes goes through MkDocs itself.
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Callable
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc
from mkdocs.utils import meta

from generator.adapter.convert import Converted

# What YAML reads, as MkDocs' reader checks it: a front matter with any other
# character is left to MkDocs, whatever it makes of it.
_PRINTABLE = re.compile("[^\x09\x0a\x0d\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_LINE = re.compile(r"([a-z_]+): (.*)")


def read_front_matter(source: str) -> tuple[str, dict[str, Any]] | None:
    """(Markdown, meta) of a page written by `generator.site.pages.front_matter`, as
    `mkdocs.utils.meta.get_data` reads it; None for another page."""
    if not source.startswith("---\n"):
        return None
    end = source.find("\n---\n", 3)
    if end < 0 or _PRINTABLE.search(source, 0, end):
        return None
    data = {}
    for line in source[4 : end + 1].splitlines():
        found = _LINE.fullmatch(line)
        if found is None:
            return None
        try:
            data[found.group(1)] = json.loads(found.group(2))
        except ValueError:
            return None
    return source[end + 5 :].lstrip("\n"), data


class GeneratedPage(Page):
    """`convert` gives the page's finished HTML (fragments in place), or None to
    leave the conversion to MkDocs; it is not asked if another plugin gave the page
    another source or Markdown (see `leave_to_mkdocs`).

    `late`: the HTML is put in just before the page's template is rendered (`put`),
    not when MkDocs converts the pages, all of them before the first template: the
    second processes go on converting meanwhile, and the HTML of thousands of pages
    is not all in memory at once. Only where no other plugin reads a page's content
    when it is converted (`on_page_content`)."""

    def __init__(
        self,
        file: File,
        config: MkDocsConfig,
        convert: Callable[[GeneratedPage], Converted | None],
        late: bool = False,
    ) -> None:
        super().__init__(None, file, config)
        self._convert: Callable | None = convert
        self.late = late
        self.finished = False  # the content is the finished HTML
        self.waiting = False  # the content is still to be put in

    def leave_to_mkdocs(self) -> None:
        self._convert = None

    @property
    def left_to_mkdocs(self) -> bool:
        return self._convert is None

    def read_source(self, config: MkDocsConfig) -> None:
        source = config.plugins.on_page_read_source(page=self, config=config)
        read = None
        if source is None:
            source = self.file.content_string
            read = read_front_matter(source)
        if read is None:
            self.leave_to_mkdocs()
            read = meta.get_data(source)
        self.markdown, self.meta = read

    def render(self, config: MkDocsConfig, files: Files) -> None:
        if self._convert is None or "title" not in self.meta:
            super().render(config, files)
        elif self.late:
            self.content, self.waiting = "", True
        else:
            self.put(self._convert(self), config, files)

    def put(self, converted: Converted | None, config: MkDocsConfig, files: Files) -> None:
        """The page's HTML, or MkDocs' own conversion of it (None)."""
        self.waiting = False
        if converted is None:
            super().render(config, files)
            return
        self.content = converted.html
        self.toc = get_toc(converted.toc)
        self._title_from_render = None  # the front matter's title comes first
        self.present_anchor_ids = converted.anchors
        if logging.getLogger("mkdocs.structure.pages").getEffectiveLevel() > logging.DEBUG:
            self.links_to_anchors = {}  # no links of its own: it would be converted by MkDocs
        self.finished = True

    def converted(self) -> Converted | None:
        return self._convert(self) if self._convert is not None else None
