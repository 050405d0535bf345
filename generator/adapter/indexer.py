"""The search index built beside MkDocs: the models' part in a second process."""

from __future__ import annotations

import contextlib
import hashlib
import os
import pickle
import sys
import traceback
from pathlib import Path
from typing import BinaryIO

from generator.adapter.worker import Worker
from generator.data.model import Catalog, Model
from generator.data.settings import Settings
from generator.site import urls
from generator.site.search import Document, facets, model_document, model_documents
from generator.site.searchindex import FOLDER, Index, document_words, write

# -- building it beside the site ----------------------------------------------------
#
# MkDocs renders pages on one core. The models' part of the index (most of it) is
# built in a second process meanwhile, from the models as loaded; the other pages,
# collected as they are rendered, are added at the end. Under `mkdocs serve` the
# process stays from one build to the next and keeps each document's words and what
# it wrote: a rebuild is sent the models that changed only, and writes the files
# that changed only.


class SearchIndexError(Exception):
    """The index could not be built; the message says why, in Vietnamese."""


class Words:
    """What a process keeps between builds: each model's document and words, the
    models' part of the index, each other page's words, and a digest of each file it
    wrote."""

    def __init__(self, keep: bool) -> None:
        self.keep = keep  # for the next build; else each build starts afresh
        self.models: dict[str, tuple[Model, Document, tuple]] = {}
        self.order: list[str] = []
        self.directory_urls: bool | None = None
        self.index: Index | None = None  # the models' part, sealed
        self.pages: dict[Document, tuple] = {}
        self.written: dict[str, bytes] = {}

    def of_models(self, models: list[Model], directory_urls: bool) -> Index:
        """The index of the models, to add the other pages to: the last build's, with
        the models that changed replaced, if they are in the same order."""
        if not self.keep:
            index = Index()
            index.add(model_documents(models, directory_urls))
            return index
        if directory_urls != self.directory_urls:
            self.models, self.index, self.directory_urls = {}, None, directory_urls
        known, changed = {}, []
        for doc_id, model in enumerate(models):
            entry = self.models.get(model.slug)
            if entry is None or entry[0] is not model:
                document = model_document(model, urls.path(urls.model(model.slug), directory_urls))
                new = (model, document, self.compact(document_words(document)))
                changed.append((doc_id, entry, new))
                entry = new
            known[model.slug] = entry
        order = list(known)
        if self.index is not None and order == self.order:
            for doc_id, (_, _, before), (_, document, after) in changed:
                self.index.replace(doc_id, document, before, after)
        else:
            self.index = Index(ids=True)
            entries = list(known.values())
            self.index.add([entry[1] for entry in entries], [entry[2] for entry in entries])
        self.index.seal()
        self.models, self.order = known, order
        return self.index.copy()

    def of_pages(self, pages: list[Document]) -> list[tuple] | None:
        if not self.keep:
            return None
        self.pages = {
            page: self.pages.get(page) or self.compact(document_words(page)) for page in pages
        }
        return [self.pages[page] for page in pages]

    @staticmethod
    def compact(parts: tuple[set[str], ...]) -> tuple[tuple[str, ...], ...]:
        """Words kept for thousands of documents: each form once in memory."""
        return tuple(tuple(map(sys.intern, words)) for words in parts)

    def write(self, files: dict[str, bytes], site_dir: str) -> None:
        """Write the files whose content is new."""
        digests = {
            path: hashlib.blake2b(content, digest_size=16).digest()
            for path, content in files.items()
        }
        write(
            {
                path: files[path]
                for path, digest in digests.items()
                if self.written.get(path) != digest
            },
            site_dir,
        )
        self.written.update(digests)

    def prune(self, files: dict[str, bytes], site_dir: str) -> None:
        """Delete what an earlier build wrote and this one does not."""
        folder = Path(site_dir, FOLDER)
        for top, _, names in os.walk(folder):
            for name in names:
                path = Path(top, name).relative_to(site_dir).as_posix()
                if path not in files:
                    Path(site_dir, path).unlink()
                    self.written.pop(path, None)


def work(source: BinaryIO, reply: BinaryIO) -> None:
    """The second process, for one build or, under `mkdocs serve`, one after another.
    Each build: (settings, directory_urls, site folder, whether it was emptied, the
    models' slugs in order, the models not sent before, whether it is the only build
    (then at a lower priority, keeping nothing)), then the other pages, pickled on
    `source`; None or the error goes to `reply`. The files the pages cannot change are written at once: at the end, the
    disk is busy with the pages MkDocs writes."""
    kept: Words | None = None
    sent: dict[str, Model] = {}
    niced = False
    while True:
        try:
            settings, directory_urls, site_dir, emptied, order, new, once = pickle.load(source)
            kept = kept or Words(keep=not once)
            if once and not niced:
                # Nothing needs the index before the end of a full build: MkDocs and
                # the page converters, which it would slow down, go first. Between
                # the builds of `mkdocs serve`, MkDocs waits for it: it goes as fast.
                with contextlib.suppress(AttributeError, OSError):  # not everywhere
                    os.nice(10)
                niced = True
            sent.update(new)
            sent = {slug: sent[slug] for slug in order}
            models = list(sent.values())
            if emptied:
                kept.written.clear()
            table = facets(Catalog(settings, {}, list(models)))
            index = kept.of_models(models, directory_urls)
            count = len(models)
            if once:  # what is left of the models is in the index
                del models, new
                sent.clear()
            index.seal()
            early = index.sealed_files(table)
            kept.write(early, site_dir)
            pages = pickle.load(source)
            index.add(pages, kept.of_pages(pages))
            files = index.files(count, table)
            kept.write(
                {path: content for path, content in files.items() if path not in early}, site_dir
            )
            kept.prune(files, site_dir)
            problem = None
        except EOFError:  # the build stopped, or there is none left
            return
        except Exception:
            problem = traceback.format_exc()
            kept = None  # nothing it wrote is trusted
        pickle.dump(problem, reply)
        reply.flush()


class Session:
    """The process of one `mkdocs serve`, kept from one build to the next."""

    def __init__(self) -> None:
        self.worker: Worker | None = None
        self.sent: dict[str, Model] = {}  # what the process has, by slug

    def close(self) -> None:
        if self.worker is not None:
            self.worker.close()
        self.worker = None
        self.sent = {}


class Builder:
    """Builds the index of a catalog's models and of the site's other pages.

    The models go to a second process at once, which writes the files into `site_dir`;
    `finish` adds the pages and waits for the rest. Where no second process can be
    started, `finish` does all the work. With a `session`, the process is the one of
    the last build, and only the models it does not have are sent; `emptied`: whether
    the site folder was emptied since.
    """

    def __init__(
        self,
        settings: Settings,
        models: list[Model],
        directory_urls: bool,
        site_dir: str,
        session: Session | None = None,
        emptied: bool = True,
    ) -> None:
        self._models = (settings, models, directory_urls, str(site_dir))
        self._session = session or Session()
        self._kept = session is not None
        if self._session.worker is None:
            self._session.worker = Worker("adapter.indexer")
            self._session.sent = {}
        self._worker = self._session.worker
        if self._worker.started:
            sent = self._session.sent
            new = {m.slug: m for m in models if sent.get(m.slug) is not m}
            self._session.sent = {m.slug: m for m in models}
            order = [m.slug for m in models]
            message = (settings, directory_urls, str(site_dir), emptied, order, new, not self._kept)
            self._worker.send(message)

    def finish(self, pages: list[Document]) -> None:
        settings, models, directory_urls, site_dir = self._models
        if not self._worker.started:
            self.close()
            index = Index()
            index.add(model_documents(models, directory_urls) + pages)
            write(index.files(len(models), facets(Catalog(settings, {}, list(models)))), site_dir)
            return
        self._worker.send(pages)
        try:
            problem = self._worker.receive()
        except EOFError:
            problem = "tiến trình tạo chỉ mục đã dừng giữa chừng." + self._worker.printed()
            self.close()
        if not self._kept:
            self.close()
        if problem:
            self.close()
            raise SearchIndexError(f"Không tạo được chỉ mục tìm kiếm: {problem}")

    def close(self) -> None:
        """Stop the process (a new one starts with the next build)."""
        self._session.close()
