"""The search index built beside MkDocs: the models' part in a second process."""

from __future__ import annotations

import contextlib
import os
import pickle
import traceback
from typing import BinaryIO

from generator.adapter.worker import Worker
from generator.data.model import Catalog, Model
from generator.data.settings import Settings
from generator.site.search import Document, facets, model_documents
from generator.site.searchindex import Index, write

# -- building it beside the site ----------------------------------------------------
#
# MkDocs renders pages on one core. The models' part of the index (most of it) is
# built in a second process meanwhile, from the models as loaded; the other pages,
# collected as they are rendered, are added at the end.


class SearchIndexError(Exception):
    """The index could not be built; the message says why, in Vietnamese."""


def work(source: BinaryIO, reply: BinaryIO) -> None:
    """The second process. (settings, models, directory_urls, site folder), then the
    pages, come pickled on `source`; None or the error goes to `reply`. The files the
    pages cannot change are written at once: at the end, the disk is busy with the
    thousands of pages MkDocs has just written."""
    # Nothing needs the index before the end of the build: MkDocs and the page
    # converters, which it would slow down, go first.
    with contextlib.suppress(AttributeError, OSError):  # os.nice is not everywhere
        os.nice(10)
    try:
        settings, models, directory_urls, site_dir = pickle.load(source)
        index = Index()
        index.add(model_documents(models, directory_urls))
        table = facets(Catalog(settings, {}, list(models)))
        index.seal()
        early = index.sealed_files(table)
        write(early, site_dir)
        pages = pickle.load(source)
        index.add(pages)
        files = index.files(len(models), table)
        write({path: content for path, content in files.items() if path not in early}, site_dir)
        problem = None
    except EOFError:  # the build stopped
        return
    except Exception:
        problem = traceback.format_exc()
    pickle.dump(problem, reply)
    reply.flush()


class Builder:
    """Builds the index of a catalogue's models and of the site's other pages.

    The models go to a second process at once, which writes the files into `site_dir`;
    `finish` adds the pages and waits for the rest. Where no second process can be
    started, `finish` does all the work.
    """

    def __init__(
        self, settings: Settings, models: list[Model], directory_urls: bool, site_dir: str
    ) -> None:
        self._models = (settings, models, directory_urls, str(site_dir))
        self._worker = Worker("adapter.indexer")
        if self._worker.started:
            self._worker.send(self._models)

    def finish(self, pages: list[Document]) -> None:
        settings, models, directory_urls, site_dir = self._models
        if not self._worker.started:
            index = Index()
            index.add(model_documents(models, directory_urls) + pages)
            write(index.files(len(models), facets(Catalog(settings, {}, list(models)))), site_dir)
            return
        self._worker.send(pages)
        try:
            problem = self._worker.receive()
        except EOFError:
            problem = "tiến trình tạo chỉ mục đã dừng giữa chừng." + self._worker.printed()
        finally:
            self.close()
        if problem:
            raise SearchIndexError(f"Không tạo được chỉ mục tìm kiếm: {problem}")

    def close(self) -> None:
        self._worker.close()
