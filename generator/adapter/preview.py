"""What `mkdocs serve` keeps from one build to the next: an edit to a model is shown
in seconds, however many models there are.

MkDocs builds the whole site again after every edit, and empties the site folder
first. Between two builds of one `mkdocs serve`, here:

- model files are read again only if they changed (`FileCache`);
- only what can depend on a changed model is made again: its own page, the pages
  whose "related" cards it was or is on, the listings of its unit and its field
  (before and after the edit), and the pages about all models (statistics,
  indexes, the catalogue, open data and the search index);
- a page whose Markdown and generated HTML are what they were is not given to
  MkDocs: the folders of the last build's pages are moved aside while MkDocs
  empties the site folder and put back, and the page goes in as a `KeptFile`,
  which MkDocs neither renders nor copies; the sitemap still lists it.

Anything else that changed (mkdocs.yml, docs/ with the theme overrides, the units,
images or any other file under models/) makes a full build, as does the build
after one that failed.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import os
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from jinja2 import BytecodeCache, Environment
from jinja2.bccache import Bucket
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files
from mkdocs.utils import get_build_date

from generator.adapter.indexer import Session
from generator.data.filecache import FileCache
from generator.data.load import scan, stamp
from generator.data.model import Catalog, Model

log = logging.getLogger("mkdocs.plugins.dan-van-kheo")
Owner = tuple[str, str] | None  # ("model", slug), ("unit", id), ("field", id); None: all


class Compiled(BytecodeCache):
    """The theme's templates as compiled by the first build: MkDocs makes a new Jinja
    environment for every build, which compiles every template again. Jinja checks
    each template's source against the one compiled."""

    def __init__(self) -> None:
        self.code: dict[str, bytes] = {}

    def load_bytecode(self, bucket: Bucket) -> None:
        if bucket.key in self.code:
            bucket.bytecode_from_string(self.code[bucket.key])

    def dump_bytecode(self, bucket: Bucket) -> None:
        self.code[bucket.key] = bucket.bytecode_to_string()


class KeptFile(File):
    """A file the last build wrote just as this one would: it is in the site folder
    already, so MkDocs neither renders nor copies it. A page keeps its address (links
    to it resolve) and its `Page`, which the sitemap lists."""

    @classmethod
    def of(cls, file: File) -> KeptFile:
        kept = cls(
            file.src_uri,
            src_dir=None,
            dest_dir=file.dest_dir,
            use_directory_urls=file.use_directory_urls,
            dest_uri=file.dest_uri,
            inclusion=file.inclusion,
        )
        kept.generated_by = file.generated_by
        if file.page is not None:
            kept.page, file.page.file = file.page, kept
        return kept

    def is_documentation_page(self) -> bool:
        return False

    def copy_file(self, dirty: bool = False) -> None:
        pass


def page_digest(*parts: str | list[str]) -> bytes:
    """What a page is made from, in a few bytes: its Markdown and generated HTML."""
    hashed = hashlib.blake2b(digest_size=16)
    for part in parts:
        for text in [part] if isinstance(part, str) else part:
            hashed.update(text.encode("utf-8", "surrogatepass"))
            hashed.update(b"\0")
        hashed.update(b"\1")
    return hashed.digest()


@dataclass
class Plan:
    """What to make again: these models' pages, these fields' and units' listings."""

    models: list[Model]
    fields: set[str]
    units: set[str]
    changed: set[str]  # slugs of the models changed, new or gone

    def __post_init__(self) -> None:
        self._slugs = {m.slug for m in self.models} | self.changed

    def remakes(self, owner: Owner) -> bool:
        """Whether the pages of `owner` are made again (or gone)."""
        kind, key = owner
        return key in {"model": self._slugs, "field": self.fields, "unit": self.units}[kind]


@dataclass
class Made:
    """A file in the site folder, written by an earlier build."""

    file: KeptFile
    source: bytes | None  # digest of a page's source; None for a copied file
    owner: Owner


@dataclass
class Preview:
    """What one build of `mkdocs serve` keeps for the next, and how the next uses it."""

    cache: FileCache = field(default_factory=FileCache)
    inputs: tuple | None = None  # the other inputs, as the last build saw them
    catalog: Catalog | None = None  # the last good build's
    related: dict[str, tuple[Model, ...]] = field(default_factory=dict)  # slug -> its cards
    made: dict[str, Made] = field(default_factory=dict)  # site source path -> file
    outputs: set[str] = field(default_factory=set)  # what is in the held folders
    search_pages: dict = field(default_factory=dict)  # url -> Document of other pages
    index: Session = field(default_factory=Session)  # the search index's process
    templates: Compiled = field(default_factory=Compiled)
    incremental: bool = False
    held: Path | None = None  # where the folders wait while MkDocs empties the site
    folders: set[str] = field(default_factory=set)  # the folders held

    # -- before MkDocs empties the site folder ---------------------------------

    def start(self, config: MkDocsConfig, models_dir: Path) -> None:
        """Can this build keep what the last one made?"""
        inputs = fingerprint(config, models_dir)
        self.incremental = self.catalog is not None and inputs == self.inputs
        self.inputs = inputs
        if not self.incremental:
            self.drop_held()
            self.catalog = None
            self.related.clear()
            self.made.clear()
            self.outputs.clear()
            self.search_pages.clear()

    def hold(self, site_dir: str, also: set[str]) -> None:
        """Move the folders of the last build's pages out of the site folder, and the
        folders `also` (the search index, which its process keeps up to date). Those of the last good
        build are still aside if the builds since showed the data's problems."""
        if self.held is not None:
            return
        self.folders = set()
        if not self.incremental:
            return
        site = Path(site_dir)
        self.held = Path(tempfile.mkdtemp(prefix=".dvk-kept-", dir=site.parent))
        for folder in sorted({path.split("/", 1)[0] for path in self.made if "/" in path} | also):
            if (site / folder).is_dir():
                os.rename(site / folder, self.held / folder)
                self.folders.add(folder)

    def restore(self, site_dir: str) -> None:
        """Put them back, once the site folder is empty."""
        if self.held is None:
            return
        site = Path(site_dir)
        for folder in self.folders:
            if (site / folder).exists():
                shutil.rmtree(site / folder)
            os.rename(self.held / folder, site / folder)
        shutil.rmtree(self.held, ignore_errors=True)
        self.held = None

    # -- what to make again ----------------------------------------------------

    def plan(self, catalog: Catalog) -> Plan | None:
        """What to make again since the last build; None: everything."""
        if not self.incremental:
            return None
        before = {m.slug: m for m in self.catalog.published}
        now = {m.slug: m for m in catalog.published}
        changed = {
            slug for slug in before.keys() | now.keys() if before.get(slug) is not now.get(slug)
        }
        touched = [m for slug in changed for m in (before.get(slug), now.get(slug)) if m]
        fields = {m.field.id for m in touched}
        units = {m.unit.id for m in touched}
        models = [
            model
            for model in catalog.published
            if model.slug in changed
            # A model's cards are of its unit and its field only.
            or (
                (model.unit.id in units or model.field.id in fields)
                and tuple(catalog.related(model)) != self.related.get(model.slug)
            )
        ]
        return Plan(models, fields, units, changed)

    def keep_page(
        self, path: str, made_from: tuple[str | list[str], ...], remade: bool
    ) -> tuple[KeptFile | None, bytes | None]:
        """The last build's page at `path` if it was made from the same Markdown and
        generated HTML (`made_from`), is back in place and is not made again anyway
        (`remade`); otherwise it is forgotten until this build has written it. Also the
        digest of `made_from`, which the next build compares with."""
        source = page_digest(*made_from)
        if remade:
            return None, source
        made = self.made.pop(path, None)
        if made is None or made.source != source or path.split("/", 1)[0] not in self.folders:
            return None, source
        self.made[path] = made
        return self.refresh(made.file), source

    def leftovers(self, plan: Plan | None, made_now: set[str]) -> list[KeptFile]:
        """The last build's files this one did not make, for a model, unit or field not
        made again: kept as they are. The others are gone (a deleted model...)."""
        kept = []
        for path in [path for path in self.made if path not in made_now]:
            made = self.made[path]
            if plan is None or made.owner is None or plan.remakes(made.owner):
                del self.made[path]
            elif path.split("/", 1)[0] in self.folders:
                kept.append(self.refresh(made.file))
        return kept

    def report(self, made: int, kept: int) -> None:
        """How much of the site this build makes again (`mkdocs serve --verbose`)."""
        log.debug("Tạo lại %d trang và tệp, giữ nguyên %d của lần tạo trước.", made, kept)

    @staticmethod
    def refresh(kept: KeptFile) -> KeptFile:
        if kept.page is not None:
            kept.page.update_date = get_build_date()  # what a new page would have
        return kept

    # -- once the files are known, and after the build ---------------------------

    def before_writing(self, env: Environment, files: Files, site_dir: str, ours: set[str]) -> None:
        """Every page read, none written yet: what is gone is deleted (`prune`), and
        the templates are those compiled before."""
        self.prune(files, site_dir, ours)
        env.bytecode_cache = self.templates

    def prune(self, files: Files, site_dir: str, ours: set[str]) -> None:
        """Delete what the last build wrote in the held folders that this one does not
        (the page of a deleted model, a listing's last page...). `ours`: the source
        paths of this build's pages and images."""
        folders = self.folders | {path.split("/", 1)[0] for path in ours if "/" in path}
        expected = {f.dest_uri for f in files if f.dest_uri.split("/", 1)[0] in folders}
        for path in sorted(self.outputs - expected, reverse=True):
            target = Path(site_dir, path)
            with contextlib.suppress(FileNotFoundError):
                target.unlink()
            with contextlib.suppress(OSError):  # only folders left empty
                os.removedirs(target.parent)
        self.outputs = expected

    def record(self, path: str, file: File, source: bytes | None, owner: Owner) -> None:
        """A file this build wrote, to be kept by the next. Its rendered content is no
        longer needed (the sitemap reads the address and date only)."""
        if file.page is not None:
            file.page.content = file.page.markdown = None
        self.made[path] = Made(KeptFile.of(file), source, owner)

    def done(
        self,
        catalog: Catalog,
        plan: Plan | None,
        written: dict[str, tuple[File, bytes | None, Owner]],
        search_pages: dict,
    ) -> None:
        """The build went through: remember the files it wrote (with what each is made
        from and whose it is), the search documents of the pages that are not models',
        and the cards each model's page was made with."""
        for path, (file, source, owner) in written.items():
            self.record(path, file, source, owner)
        self.search_pages = search_pages
        for model in catalog.published if plan is None else plan.models:
            self.related[model.slug] = tuple(catalog.related(model))
        published = {m.slug for m in catalog.published}
        for slug in self.related.keys() - published:
            del self.related[slug]
        self.catalog = catalog

    def fail(self) -> None:
        """After a failed build, nothing in the site folder is trusted."""
        self.index.close()
        self.drop_held()
        self.catalog = None
        self.inputs = None

    def drop_held(self) -> None:
        if self.held is not None:
            shutil.rmtree(self.held, ignore_errors=True)
            self.held = None

    def close(self) -> None:
        """`mkdocs serve` stops: so does the search index's process, and what is still
        aside (the data was broken at the end) goes."""
        self.index.close()
        self.drop_held()


class NoPreview:
    """A build that keeps nothing for the next (`mkdocs build`, `mkdocs serve --clean`):
    what `Preview` does, none of it."""

    index = None  # the search index's process is the build's own
    folders: frozenset[str] = frozenset()  # none held: the site folder was emptied

    @property
    def cache(self) -> FileCache:
        return FileCache()  # every file read afresh

    @property
    def search_pages(self) -> dict:
        return {}

    def start(self, config: MkDocsConfig, models_dir: Path) -> None:
        pass

    def hold(self, site_dir: str, also: set[str]) -> None:
        pass

    def restore(self, site_dir: str) -> None:
        pass

    def plan(self, catalog: Catalog) -> None:
        return None  # everything

    def keep_page(self, path: str, made_from: tuple, remade: bool) -> tuple[None, None]:
        return None, None

    def leftovers(self, plan: None, made_now: set[str]) -> list[KeptFile]:
        return []

    def report(self, made: int, kept: int) -> None:
        pass

    def before_writing(self, env: Environment, files: Files, site_dir: str, ours: set) -> None:
        pass

    def done(self, catalog: Catalog, plan: None, written: dict, search_pages: dict) -> None:
        pass

    def fail(self) -> None:
        pass

    def close(self) -> None:
        pass


def fingerprint(config: MkDocsConfig, models_dir: Path) -> tuple:
    """What the site is made from besides the model files: the configuration, docs/
    (pages, overrides), the theme's own folder, and the units, images and other files
    under models/."""
    folders = {Path(config.docs_dir)}
    if config.theme.custom_dir:
        folders.add(Path(config.theme.custom_dir))
    found: list = []
    if config.config_file_path:
        found.append(Path(config.config_file_path).read_bytes())
    for folder in sorted(folders):
        for top, _, names in sorted(os.walk(folder)):
            found.extend((top, name, stamp(Path(top, name))) for name in sorted(names))
    found.extend((path, stamp(path)) for path in scan(models_dir)[1])
    return tuple(found)
