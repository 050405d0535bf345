"""Model pages turned from Markdown into their finished HTML in second processes.

Python-Markdown is most of a model page's build time, and MkDocs converts one page
after another on one core. The model pages are known as soon as the data is loaded:
second processes convert them with the site's own Markdown extensions, clean the
bodies and put the generated parts in place, while MkDocs makes everything else.
A page whose body has links of its own, or that the process could not give back, is
left to MkDocs, as any other page.
"""

from __future__ import annotations

import pickle
import re
import threading
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import BinaryIO

import markdown

from .html import sanitize
from .render import assemble
from .worker import Worker

CHUNK = 200  # pages a message: the second process starts on the first ones at once

# A link or image of a body's own ("[...](...)", "[id]: ...", href=, src=): MkDocs
# checks that its target exists and points links to Markdown files at their pages.
_LINK = re.compile(r"\]\(|^ {0,3}\[[^\]]+\]:|\b(?:href|src)\s*=", re.IGNORECASE | re.MULTILINE)


def convertible(body: str) -> bool:
    """Whether a model's page can be converted here: its body has no links for MkDocs
    to check or rewrite."""
    return not _LINK.search(body)


@dataclass(frozen=True)
class MarkdownPage:
    uri: str
    markdown: str  # without front matter
    fragments: list[str]


@dataclass(frozen=True)
class Converted:
    html: str
    toc: list[dict]  # Python-Markdown's `toc_tokens`: the page's table of contents


def convert(
    pages: Iterable[MarkdownPage], extensions: list, configs: dict[str, dict]
) -> Iterator[tuple[str, Converted | None]]:
    """Each page as MkDocs would give it to the plugin's `on_page_content`, then
    assembled and cleaned. None for a page whose conversion failed."""
    md = markdown.Markdown(extensions=extensions, extension_configs=configs)
    for page in pages:
        md.reset()  # one instance for every page: building one costs a paragraph's time
        try:
            html = md.convert(page.markdown)
        except Exception:  # MkDocs converts it again, and reports the error
            yield page.uri, None
            continue
        yield (
            page.uri,
            Converted(assemble(html, page.fragments, sanitize), getattr(md, "toc_tokens", [])),
        )


def work(source: BinaryIO, reply: BinaryIO) -> None:
    """The second process: (extensions, configs), then lists of pages, until the input
    ends; the results go back a list for each list of pages. Should anything else go
    wrong (an extension this process cannot import...), it prints why and stops, and
    the pages left go to MkDocs."""
    try:
        extensions, configs = pickle.load(source)
        while True:
            pages = pickle.load(source)
            pickle.dump(list(convert(pages, extensions, configs)), reply)
            reply.flush()
    except (EOFError, BrokenPipeError):  # all sent, or the build stopped
        return


class Converter:
    """Converts pages in second processes, in the order given; `get` waits for one.

    Two processes by default: MkDocs' own work on these pages is light once they are
    converted, so the build mostly waits for them; the chunks alternate between the
    processes so that both go through the pages in MkDocs' order.
    """

    def __init__(
        self,
        pages: list[MarkdownPage],
        extensions: list,
        configs: dict[str, dict],
        processes: int = 2,
    ) -> None:
        self._results: dict[str, Converted | None] = {}
        self._waiting: set[str] = set()
        self._ready = threading.Condition()
        chunks = [pages[i : i + CHUNK] for i in range(0, len(pages), CHUNK)]
        self._workers = []
        for n in range(min(processes, len(chunks))):
            worker = Worker("convert")
            if not worker.started:
                continue
            mine = chunks[n::processes]
            worker.send((extensions, configs), *mine)
            self._workers.append(worker)
            uris = {page.uri for chunk in mine for page in chunk}
            with self._ready:
                self._waiting |= uris
            threading.Thread(target=self._receive, args=(worker, uris), daemon=True).start()

    def _receive(self, worker: Worker, waiting: set[str]) -> None:
        try:
            while waiting:
                results = worker.receive()
                with self._ready:
                    self._results.update(results)
                    done = [uri for uri, _ in results]
                    waiting.difference_update(done)
                    self._waiting.difference_update(done)
                    self._ready.notify_all()
        except EOFError:  # stopped: what is left goes to MkDocs
            pass
        with self._ready:
            self._waiting.difference_update(waiting)
            self._ready.notify_all()

    def get(self, uri: str) -> Converted | None:
        """The page's HTML, once; None if no process converted it."""
        with self._ready:
            self._ready.wait_for(lambda: uri not in self._waiting)
            return self._results.pop(uri, None)

    def close(self) -> None:
        for worker in self._workers:
            worker.close()
