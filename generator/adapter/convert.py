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
from dataclasses import dataclass
from typing import BinaryIO
from urllib.parse import urlsplit
from xml.etree.ElementTree import Element

import markdown
from markdown.treeprocessors import Treeprocessor

from generator.adapter.worker import Worker
from generator.site.markup import assemble, sanitize, without_front_matter

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
    markdown: str
    fragments: list[str]
    clean: bool = True  # sanitise the text between the fragments (a model's body)
    front_matter: bool = False  # the markdown begins with it, as a generated page


@dataclass(frozen=True)
class Converted:
    html: str
    toc: list[dict]  # Python-Markdown's `toc_tokens`: the page's table of contents
    anchors: set[str]  # ids in the converted Markdown, which MkDocs checks links against


_ANCHOR = re.compile(r"""<[^>]*?\s(?:id|name)=["']([^"']+)["']""")


class Conversion:
    """Pages converted one after another with one Markdown instance (building one
    costs a paragraph's time), as MkDocs would give them to the plugin's
    `on_page_content`, then assembled and, for model bodies, cleaned."""

    def __init__(self, extensions: list, configs: dict[str, dict]) -> None:
        self.md = markdown.Markdown(extensions=extensions, extension_configs=configs)
        self.links = _LinkFinder(self.md)
        self.md.treeprocessors.register(self.links, "dvk-links", 0)

    def convert(self, page: MarkdownPage) -> Converted | None:
        """None for a page left to MkDocs: one with links of its own, or whose
        conversion failed (MkDocs converts it again and reports the error)."""
        md = self.md
        md.reset()  # as Python-Markdown documents, for each extension
        self.links.found = False
        text = without_front_matter(page.markdown) if page.front_matter else page.markdown
        try:
            html = md.convert(text)
        except Exception:
            return None
        if self.links.found:
            return None
        toc = getattr(md, "toc_tokens", [])
        anchors = set(_ANCHOR.findall(html))
        return Converted(
            assemble(html, page.fragments, sanitize if page.clean else None), toc, anchors
        )


def work(source: BinaryIO, reply: BinaryIO) -> None:
    """The second process: (extensions, configs), then lists of pages, until the input
    ends; the results go back a list for each list of pages. Should anything else go
    wrong (an extension this process cannot import...), it prints why and stops, and
    the pages left go to MkDocs."""
    try:
        conversion = Conversion(*pickle.load(source))
        while True:
            pages = pickle.load(source)
            pickle.dump([(page.uri, conversion.convert(page)) for page in pages], reply)
            reply.flush()
    except (EOFError, BrokenPipeError):  # all sent, or the build stopped
        return


class Converter:
    """Converts pages in second processes, in the order given; `get` waits for one.

    Two processes by default: MkDocs' own work on these pages is light once they are
    converted, so the build mostly waits for them; the chunks alternate between the
    processes so that both go through the pages in MkDocs' order. Pages are asked
    for in that order too: what the processes converted is read no further than
    `AHEAD` pages past the last one asked for, so that the HTML of thousands of
    pages does not wait in memory.
    """

    AHEAD = 5 * CHUNK

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
        self._position = {page.uri: n for n, page in enumerate(pages)}
        self._asked = -1  # position of the last page asked for
        self._closed = False
        self.problems: list[str] = []  # what a process that stopped early printed
        starts = range(0, len(pages), CHUNK)
        chunks = [pages[i : i + CHUNK] for i in starts]
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
            threading.Thread(
                target=self._receive, args=(worker, uris, list(starts[n::processes])), daemon=True
            ).start()

    def _receive(self, worker: Worker, waiting: set[str], starts: list[int]) -> None:
        try:
            for start in starts:
                with self._ready:
                    self._ready.wait_for(lambda start=start: start - self._asked < self.AHEAD)
                results = worker.receive()
                with self._ready:
                    self._results.update(results)
                    done = [uri for uri, _ in results]
                    waiting.difference_update(done)
                    self._waiting.difference_update(done)
                    self._ready.notify_all()
        except Exception:  # stopped: what is left goes to MkDocs
            if not self._closed:
                self.problems.append(worker.printed())
        finally:
            with self._ready:
                self._waiting.difference_update(waiting)
                self._ready.notify_all()

    def get(self, uri: str) -> Converted | None:
        """The page's HTML, once; None if no process converted it."""
        with self._ready:
            if self._position.get(uri, -1) > self._asked:
                self._asked = self._position[uri]
                self._ready.notify_all()
            self._ready.wait_for(lambda: uri not in self._waiting)
            return self._results.pop(uri, None)

    def close(self) -> None:
        with self._ready:
            self._closed, self._asked = True, len(self._position)
            self._ready.notify_all()  # no receiving thread is left waiting
        for worker in self._workers:
            worker.close()
