"""One build's state, from the loaded catalog to the files MkDocs writes.

The plugin makes a `Build` in `on_files` and drops it once the build has ended; what
lasts from one build of `mkdocs serve` to the next is the plugin's (its settings, its
`Preview`). While the data cannot be loaded, a preview's build is a `ProblemsBuild`,
with the same methods: every page it serves lists the problems.
"""

from __future__ import annotations

import logging
import posixpath
from urllib.parse import urlsplit

from jinja2 import Environment
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page
from mkdocs.utils import get_build_datetime

from generator.adapter import convert
from generator.adapter.convert import Conversion, Converted, Converter, MarkdownPage
from generator.adapter.indexer import Builder, SearchIndexError
from generator.adapter.page import GeneratedPage
from generator.adapter.preview import KeptFile, NoPreview, Owner, Preview
from generator.data.model import Catalog
from generator.data.problem import Problem
from generator.data.settings import Settings
from generator.site import ASSETS, urls
from generator.site.downloads import links_html
from generator.site.editor import site_data as editor_data
from generator.site.markup import assemble, sanitize
from generator.site.pages import Renderer, Site
from generator.site.problems import problems_page, stand_ins
from generator.site.search import Document, page_document
from generator.site.searchindex import FOLDER

log = logging.getLogger("mkdocs.plugins.dan-van-kheo")
# Generated pages read and converted beside MkDocs, in less time (see page.py and
# convert.py); off, MkDocs reads and converts them as any page, with the same result.
FAST_PAGES = True


def others_handle(config: MkDocsConfig, plugin: BasePlugin, event: str) -> bool:
    """Whether a plugin other than `plugin` has this event."""
    return any(
        getattr(method, "__self__", None) is not plugin for method in config.plugins.events[event]
    )


def nav_paths(nav) -> list[str]:
    """The pages named in mkdocs.yml's `nav`."""
    if isinstance(nav, str):
        return [nav]
    if isinstance(nav, dict):
        return [path for value in nav.values() for path in nav_paths(value)]
    if isinstance(nav, list):
        return [path for item in nav for path in nav_paths(item)]
    return []


def add_assets(files: Files, config: MkDocsConfig) -> None:
    """The plugin's stylesheet, scripts and fonts."""
    files.append(File.generated(config, "assets/dvk.css", abs_src_path=str(ASSETS / "dvk.css")))
    for script in ("search.js", "catalogue.js"):
        files.append(File.generated(config, f"assets/{script}", abs_src_path=str(ASSETS / script)))
    for font in sorted((ASSETS / "fonts").iterdir()):  # the code font and its licence
        files.append(File.generated(config, f"assets/fonts/{font.name}", abs_src_path=str(font)))


class Build:
    """The pages, images and data files of one catalog, and how each page gets its HTML.

    Under `mkdocs serve` the `Preview` says what the last build made that this one
    keeps; for any other build it is a `NoPreview`, which keeps nothing.
    """

    def __init__(
        self,
        catalog: Catalog,
        settings: Settings,
        preview: Preview | NoPreview,
        config: MkDocsConfig,
        plugin: BasePlugin,
    ) -> None:
        self.catalog, self.settings, self.preview, self.config = catalog, settings, preview, config
        # Where no other plugin reads a page's content as it is converted, a generated
        # page's HTML is put in just before its template, and let go once written
        # if none reads it at the end either (see GeneratedPage).
        self.late = not others_handle(config, plugin, "page_content")
        self.let_go = self.late and not others_handle(config, plugin, "post_build")
        self.plan = preview.plan(catalog)
        # The build's moment: SOURCE_DATE_EPOCH when set, as MkDocs dates the sitemap.
        self.renderer = Renderer(catalog, config.use_directory_urls, get_build_datetime())
        self.site = self.renderer.model_pages(None if self.plan is None else self.plan.models)
        self.owners: dict[str, Owner] = {
            uri: ("model", m.slug) for uri, m in self.site.models.items()
        }
        for uri in self.site.files:  # a model's images are in its page's folder
            self.owners[uri] = self.owners[posixpath.join(posixpath.dirname(uri), "index.md")]
        # This build's pages and images; those it writes, with what each is made from
        # (see generator.adapter.preview).
        self.pages: dict[str, File] = {}
        self.written: dict[str, tuple[File, bytes | None, Owner]] = {}
        self.in_nav = set(nav_paths(config.nav))
        # How the generated pages get their HTML (_convert_beside): the model pages
        # sent to the second processes, and the pages converted by either.
        self.sent: set[str] = set()
        self.converter: Converter | None = None
        self.conversion: Conversion | None = None  # for the other pages, made when needed
        self.converted_count = self.converted_here = 0
        self.search_index: Builder | None = None
        self.search_pages: dict[str, Document] = {}  # url -> document, of other pages
        self.kept = False  # pages kept from the last build
        self.ours: set[str] = set()  # the source paths of the build's pages and images
        self.files: Files | None = None  # all of the build's, once read (env)

    # -- the files (on_files) ------------------------------------------------------

    def add_files(self, files: Files) -> Files:
        """Add the catalog's pages, images and data files, the editor's and the
        plugin's assets to MkDocs' files."""
        site, config = self.site, self.config
        for uri in sorted(site.models):
            self._add_page(uri, site.pages[uri])
        self._convert_beside()
        # Search: the models' part of the index is built in a second process while
        # MkDocs renders; other pages are added as they are rendered.
        self.search_index = Builder(
            self.catalog.settings,
            self.catalog.published,
            config.use_directory_urls,
            config.site_dir,
            session=self.preview.index,
            emptied=FOLDER not in self.preview.folders,
        )
        self._listings()
        self.renderer.other_pages(site, fields=(), units=())
        for uri, markdown in site.pages.items():
            if uri not in site.models:
                self._add_page(uri, markdown)
        pages, images = self.pages, self._images()
        kept_urls = self._keep_leftovers(pages, images)
        self.kept = bool(kept_urls)
        self.ours = set(pages) | set(images)
        for uri in sorted(pages):
            files.append(pages[uri])
        for uri in sorted(images):
            files.append(images[uri])
        for uri, content in sorted(site.data.items()):
            files.append(File.generated(config, uri, content=content))
        self._add_editor(files)
        add_assets(files, config)
        # Kept pages were indexed as the last build rendered them.
        self.search_pages = {
            url: document for url, document in self.preview.search_pages.items() if url in kept_urls
        }
        return files

    def _add_page(self, uri: str, markdown: str) -> None:
        """The page's file: kept from the last build of `mkdocs serve` if made from the
        same source, else generated, and read and converted beside MkDocs."""
        in_nav = uri in self.in_nav
        # What the next build compares its pages with. A page in the navigation shows
        # its neighbours: always made again.
        made_from = (markdown, self.site.fragments.get(uri, []), self._edit_url(uri) or "")
        kept, source = self.preview.keep_page(uri, made_from, remade=in_nav)
        if kept is not None:
            self.pages[uri] = kept
            return
        config = self.config
        file = File.generated(config, uri, content=markdown, inclusion=InclusionLevel.NOT_IN_NAV)
        if FAST_PAGES and not in_nav:
            GeneratedPage(file, config, self._html_of, late=self.late)
        self.pages[uri] = file
        self.written[uri] = (file, source, self.owners.get(uri))

    def _convert_beside(self) -> None:
        """Model pages are converted in second processes while MkDocs does the rest. A
        few pages (a rebuild of `mkdocs serve`) are converted sooner here than by
        processes that first have to start."""
        site = self.site
        changed = [uri for uri in sorted(site.models) if uri in self.written]
        if len(changed) <= convert.CHUNK or not FAST_PAGES:
            changed = []
        self.sent = set(changed)
        self.converter = Converter(
            [
                MarkdownPage(uri, site.pages[uri], site.fragments[uri], front_matter=True)
                for uri in changed
            ],
            self.config.markdown_extensions,
            self.config.mdx_configs,
        )
        for uri in changed:  # the processes have them; made again if needed (_parts_again)
            del site.fragments[uri]

    def _listings(self) -> None:
        """The listings of the fields and units (of those the plan names), each page with
        its field or unit."""
        plan = self.plan
        for listing, ids, kind in (
            (self.renderer.field_page, [f.id for f in self.settings.fields], "field"),
            (self.renderer.unit_page, [u.id for u in self.catalog.sorted_units], "unit"),
        ):
            for key in ids:
                if plan is None or key in (plan.fields if kind == "field" else plan.units):
                    part = Site(fragments=self.site.fragments)
                    listing(part, key)
                    self.site.pages.update(part.pages)
                    self.owners.update(dict.fromkeys(part.pages, (kind, key)))

    def _images(self) -> dict[str, File]:
        """The models' images, each copied from its model's folder."""
        images: dict[str, File] = {}
        for uri, path in self.site.files.items():
            images[uri] = File.generated(self.config, uri, abs_src_path=str(path))
            self.written[uri] = (images[uri], None, self.owners[uri])
        return images

    def _keep_leftovers(self, pages: dict[str, File], images: dict[str, File]) -> set[str]:
        """Add what the last build made and this one keeps without making it; return the
        addresses of the kept pages."""
        for kept in self.preview.leftovers(self.plan, set(pages) | set(images)):
            (pages if kept.page is not None else images)[kept.src_uri] = kept
        kept_urls = {f.url for f in pages.values() if isinstance(f, KeptFile)}
        made = len(self.written)
        self.preview.report(made, len(pages) + len(images) - made)
        return kept_urls

    def _add_editor(self, files: Files) -> None:
        """The editor's data: a file of its own, not a page (no theme, search, sitemap or
        navigation)."""
        editor = editor_data(
            self.catalog,
            self.config.site_name,
            links_html(urls.EDITOR, self.renderer.moment, self.config.use_directory_urls),
        )
        if self.settings.editor and not editor:
            log.info(
                "Không tạo trang /quan-tri/: repo_url trong mkdocs.yml không phải một kho "
                "GitHub/GitLab và editor.backend không ghi name, repo."
            )
        for uri, content in sorted(editor.items()):
            files.append(File.generated(self.config, uri, content=content))

    # -- each page -------------------------------------------------------------------

    def page_markdown(self, markdown: str, page: Page) -> str:
        """A model page's edit link; a page another plugin changed is left to MkDocs;
        the blocks of a page of docs/ are filled in."""
        uri = page.file.src_uri
        if uri in self.site.models:
            page.edit_url = self._edit_url(uri)
        if isinstance(page, GeneratedPage):
            if markdown != page.markdown:
                page.leave_to_mkdocs()  # another plugin's Markdown
            if page.left_to_mkdocs:  # or source
                self._parts_again(uri)
        if page.file.generated_by is None:
            return self.renderer.fill_blocks(markdown, page.file.src_uri)
        return markdown

    def _edit_url(self, uri: str) -> str | None:
        """Where to propose a change to the model of this page (None: not a model's)."""
        model, edit_url = self.site.models.get(uri), self.settings.edit_url
        return edit_url + model.source if model is not None and edit_url else None

    def _convert(self, page: GeneratedPage) -> Converted | None:
        """A generated page's finished HTML: a model's from the second processes, if
        sent there, any other's converted here."""
        uri = page.file.src_uri
        if uri in self.sent:
            converted = self.converter.get(uri)
            self.converted_count += converted is not None
            if converted is None:  # MkDocs converts it, then its parts go in
                self._parts_again(uri)
            return converted
        if self.conversion is None:
            config = self.config
            self.conversion = Conversion(config.markdown_extensions, config.mdx_configs)
        fragments = self.site.fragments.get(uri, [])
        converted = self.conversion.convert(
            MarkdownPage(uri, page.markdown, fragments, clean=uri in self.site.models)
        )
        self.converted_here += converted is not None
        return converted

    def _parts_again(self, uri: str) -> None:
        """The HTML parts of a model page sent to the processes, for MkDocs to put in."""
        if uri in self.sent and uri not in self.site.fragments:
            self.renderer.render(self.site, uri, self.renderer.model_page, self.site.models[uri])

    def _html_of(self, page: GeneratedPage) -> Converted | None:
        converted = self._convert(page)
        if converted is not None:  # in its HTML now
            self.site.fragments.pop(page.file.src_uri, None)
        return converted

    def page_content(self, html: str, page: Page) -> str:
        """The generated HTML put in the page converted by MkDocs; a model's body cleaned."""
        if getattr(page, "finished", False) or getattr(page, "waiting", False):
            return html
        return self._assemble(html, page)

    def _assemble(self, html: str, page: Page) -> str:
        uri = page.file.src_uri
        fragments = self.site.fragments.get(uri)
        # Model bodies come from pull requests: clean them whatever a reviewer missed.
        clean = sanitize if uri in self.site.models else None
        if fragments or clean:
            return assemble(html, fragments or [], clean)
        return html

    def env(self, env: Environment, files: Files) -> None:
        """Every page read, none written yet."""
        self.files = files
        self.preview.before_writing(env, files, self.config.site_dir, self.ours)

    def template_context(self, context, template_name: str):
        # The sitemap lists every page, kept ones too, in the order of a full build.
        if template_name == "sitemap.xml" and self.kept:
            context["pages"] = [
                f
                for f in self.files
                if (isinstance(f, KeptFile) and f.page is not None)
                or (f.is_documentation_page() and f.inclusion.is_included())
            ]
        return context

    def post_template(self, output: str, template_name: str) -> str:
        return output

    def page_context(self, page: Page, config: MkDocsConfig) -> None:
        """A generated page's HTML put in just before its template (`late`)."""
        if isinstance(page, GeneratedPage) and page.waiting:
            page.put(page.converted(), config, self.files)
            if not page.finished:  # converted by MkDocs
                page.content = self._assemble(page.content, page)

    def post_page(self, output: str, page: Page) -> str:
        """The page's search document (models are indexed from their data); its
        content let go once written, where no other plugin reads it at the end."""
        options = page.meta.get("search")
        excluded = isinstance(options, dict) and options.get("exclude")
        if not excluded and page.file.src_uri not in self.site.models:
            description = page.meta.get("description")
            self.search_pages[page.url] = page_document(
                page.url,
                page.title or "",
                page.content or "",
                description if isinstance(description, str) else "",
            )
        if self.let_go and isinstance(page, GeneratedPage):
            page.content, page.markdown = None, ""  # the title is the front matter's
        return output

    # -- the end -----------------------------------------------------------------------

    def finish(self) -> None:
        """Every page written: the search index completed, and what the preview keeps
        for its next build recorded."""
        pages = [self.search_pages[url] for url in sorted(self.search_pages)]
        self.converter.close()
        log.debug(
            "Trang mô hình được chuyển sang HTML song song: %d/%d; trang khác chuyển ngay: %d.",
            self.converted_count,
            len(self.site.models),
            self.converted_here,
        )
        for printed in self.converter.problems:
            log.info("Một tiến trình chuyển trang mô hình đã dừng, MkDocs tự chuyển:%s", printed)
        builder, self.search_index = self.search_index, None
        try:
            builder.finish(pages)
        except SearchIndexError as error:
            raise PluginError(str(error)) from None
        self.preview.done(self.catalog, self.plan, self.written, self.search_pages)

    def close(self) -> None:
        """Stop the build's second processes, whatever they are doing."""
        if self.converter is not None:
            self.converter.close()
        if self.search_index is not None:
            self.search_index.close()
            self.search_index = None


class ProblemsBuild:
    """A preview's build while the data cannot be loaded: every page it serves, and its
    answer to an address it does not have (a model's page), lists the problems. Its
    files are the pages of docs/ and stand-ins at the addresses they link to. The
    last good build's pages stay aside (`Preview.hold`), to be put back once the data
    is fixed."""

    def __init__(self, problems: list[Problem], settings: Settings, config: MkDocsConfig):
        self.problems, self.settings, self.config = problems, settings, config
        self.home = urlsplit(config.site_url or "/").path or "/"

    def add_files(self, files: Files) -> Files:
        pages, data = stand_ins(self.settings)
        for uri, markdown in pages.items():
            files.append(
                File.generated(
                    self.config, uri, content=markdown, inclusion=InclusionLevel.NOT_IN_NAV
                )
            )
        for uri, content in data.items():
            files.append(File.generated(self.config, uri, content=content))
        return files

    def page_markdown(self, markdown: str, page: Page) -> str:
        return markdown

    def page_content(self, html: str, page: Page) -> str:
        return html

    def env(self, env: Environment, files: Files) -> None:
        pass

    def template_context(self, context, template_name: str):
        return context

    def post_template(self, output: str, template_name: str) -> str:
        return problems_page(self.problems, self.home) if template_name == "404.html" else output

    def page_context(self, page: Page, config: MkDocsConfig) -> None:
        pass

    def post_page(self, output: str, page: Page) -> str:
        return problems_page(self.problems, self.home)

    def finish(self) -> None:
        pass

    def close(self) -> None:
        pass
