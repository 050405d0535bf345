"""Model pages turned from Markdown into their finished HTML in second processes.

Python-Markdown is most of a model page's build time, and MkDocs converts one page
after another on one core. The model pages are known as soon as the data is loaded:
second processes convert them with the site's own Markdown extensions, clean the
bodies and put the generated parts in place, while MkDocs makes everything else.
A page with links of its own, or that the processes could not give back, is left to
MkDocs, as any other page.
"""

from __future__ import annotations

import pickle
import re
import threading
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import BinaryIO
from urllib.parse import urlsplit
from xml.etree.ElementTree import Element

import markdown
from markdown.treeprocessors import Treeprocessor

from generator.adapter.worker import Worker
from generator.site.markup import assemble, sanitize

CHUNK = 200  # pages a message: the second process starts on the first ones at once


class _LinkFinder(Treeprocessor):
    """Notes whether a page has links or images of its own (not to another site, not
    the heading links of the toc extension): MkDocs checks that their targets exist
    and points links to Markdown files at their pages, so such a page is left to it."""

    found = False
    TOC_LINKS = {"headerlink", "toclink"}

    def run(self, root: Element) -> None:
        for element in root.iter():
            if element.tag == "img" or (
                element.tag == "a" and element.get("class") not in self.TOC_LINKS
            ):
                url = urlsplit(element.get("href" if element.tag == "a" else "src", "http:"))
                if not url.scheme and not url.netloc:
                    self.found = True
                    return


@dataclass(frozen=True)
class MarkdownPage:
    uri: str
    markdown: str  # without front matter
    fragments: list[str]


@dataclass(frozen=True)
class Converted:
    html: str
    toc: list[dict]  # Python-Markdown's `toc_tokens`: the page's table of contents
    anchors: set[str]  # ids in the converted Markdown, which MkDocs checks links against


_ANCHOR = re.compile(r"""<[^>]*?\s(?:id|name)=["']([^"']+)["']""")


def convert(
    pages: Iterable[MarkdownPage], extensions: list, configs: dict[str, dict]
) -> Iterator[tuple[str, Converted | None]]:
    """Each page as MkDocs would give it to the plugin's `on_page_content`, then
    assembled and cleaned. None for a page left to MkDocs: one with links of its own,
    or whose conversion failed (MkDocs converts it again and reports the error)."""
    md = markdown.Markdown(extensions=extensions, extension_configs=configs)
    links = _LinkFinder(md)
    md.treeprocessors.register(links, "dvk-links", 0)
    for page in pages:
        md.reset()  # one instance for every page: building one costs a paragraph's time
        links.found = False
        try:
            html = md.convert(page.markdown)
        except Exception:
            html = None
        if html is None or links.found:
            yield page.uri, None
            continue
        toc = getattr(md, "toc_tokens", [])
        anchors = set(_ANCHOR.findall(html))
        yield page.uri, Converted(assemble(html, page.fragments, sanitize), toc, anchors)


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
        self.problems: list[str] = []  # what a process that stopped early printed
        chunks = [pages[i : i + CHUNK] for i in range(0, len(pages), CHUNK)]
        self._workers = []
        for n in range(min(processes, len(chunks))):
            worker = Worker("adapter.convert")
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
        except Exception:  # stopped: what is left goes to MkDocs
            self.problems.append(worker.printed())
        finally:
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
