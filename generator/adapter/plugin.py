"""The MkDocs adapter: hands the core's pages to the build as generated files."""

from __future__ import annotations

import logging
import os
import posixpath
import tempfile
from pathlib import Path
from urllib.parse import urlsplit

from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page

from generator.adapter import convert
from generator.adapter.convert import Conversion, Converted, Converter, MarkdownPage
from generator.adapter.indexer import Builder, SearchIndexError
from generator.adapter.loader import Loader
from generator.adapter.page import GeneratedPage
from generator.adapter.preview import KeptFile, Owner, Plan, Preview, page_digest, stop_as_ctrl_c
from generator.adapter.publish import Staging, Termination
from generator.adapter.worker import stop_all
from generator.data.filecache import FileCache
from generator.data.load import LoadError, load
from generator.data.model import Catalog
from generator.data.options import OPTIONS, check_options, plugin_settings
from generator.data.problem import Problem
from generator.data.settings import SettingsError, edit_url_from
from generator.data.text import toc_slugify
from generator.data.validate import vietnam_today
from generator.site import ASSETS
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


# Every option of the data layer's list, checked there (options.check_options) and not
# by MkDocs, so that `python -m generator validate` and the build say the same.
PluginConfig = type(
    "PluginConfig",
    (base.Config,),
    {name: c.Optional(c.Type(object)) for name in OPTIONS if name != "enabled"},
)


class DanVanKheoPlugin(BasePlugin[PluginConfig]):
    supports_multiple_instances = False
    command = ""  # build, gh-deploy or serve (on_startup)
    dirty = False
    staging: Staging | None = None  # where a build goes until it is complete
    problems: list[Problem] | None = None  # a preview's data problems, shown on every page
    built = False
    previewing = False  # mkdocs serve, with or without --clean
    preview: Preview | None = None  # what one build of `mkdocs serve` keeps for the next

    def on_startup(self, *, command: str, dirty: bool) -> None:
        # With this event MkDocs keeps the plugin from one build of `mkdocs serve` to
        # the next: what it keeps makes the next build redo only what an edit changed.
        # A build is made beside the published site; a preview shows the data's
        # problems in the browser rather than stopping.
        self.command, self.dirty = command, dirty
        self.preview = Preview() if command == "serve" else None

    def load_config(self, options, config_file_path=None):
        try:
            check_options(options)
        except SettingsError as error:
            return [(str(error.option[0]) if error.option else "", str(error))], []
        return super().load_config(options, config_file_path)

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        self.root = Path(config.config_file_path).parent
        options = dict(self.config)
        if not options.get("edit_url"):
            options["edit_url"] = edit_url_from(
                {
                    "repo_url": config.repo_url,
                    "edit_uri": config.edit_uri,
                    "docs_dir": os.path.relpath(config.docs_dir, self.root),
                }
            )
        try:
            self.settings = plugin_settings(
                options, self.root, config.site_url or "", config.repo_url or ""
            )
        except SettingsError as error:
            raise PluginError(
                f"Cấu hình plugin dan-van-kheo trong mkdocs.yml không hợp lệ: {error}"
            ) from error
        # Heading anchors fold Vietnamese (đ -> d) instead of dropping letters.
        if "toc" not in config.markdown_extensions:
            config.markdown_extensions.append("toc")
        config.mdx_configs.setdefault("toc", {})["slugify"] = toc_slugify
        config.extra_css.insert(0, "assets/dvk.css")
        config.extra_javascript.append("assets/search.js")
        self.built = False
        # `mkdocs serve --clean` says "build" at startup, yet builds, again and again,
        # into a folder of its own in the temporary directory, which it serves.
        site = Path(config.site_dir)
        self.previewing = self.command == "serve" or (
            site.name.startswith("mkdocs_") and site.parent == Path(tempfile.gettempdir())
        )
        if self.previewing:
            stop_as_ctrl_c()
        if self.preview is not None:
            self.preview.start(config, self.settings.models_path(self.root))
        if (
            self.command in ("build", "gh-deploy")
            and not self.previewing
            and not self.dirty
            and self.staging is None
            and Staging.usable(config.site_dir)
        ):
            staging = Staging(config.site_dir)
            try:
                folder = staging.start()
            except OSError as error:  # no room beside it: built in place, as MkDocs does
                log.info("Không tạo được thư mục tạm cạnh %s (%s).", staging.target, error)
            else:
                self.staging, self.published_config = staging, config
                config.site_dir = folder
                self.termination = Termination(self._stop)
                log.info("Trang được tạo trong %s, rồi mới thay cho %s.", folder, staging.target)
        return config

    def _stop(self) -> None:
        """A build that will not end well: no worker left, no unfinished folder."""
        self._close_workers()
        stop_all()  # also one started but not yet handed to this plugin
        if self.staging is not None:
            self.staging.abandon()

    def on_pre_build(self, *, config: MkDocsConfig) -> None:
        if self.preview is not None:
            self.preview.hold(config.site_dir, also={FOLDER})

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        self.problems = None
        preview = self.preview
        try:
            catalog = self.catalog = self._load()
        except LoadError as error:
            count = len(error.problems)
            message = f"Dữ liệu mô hình có {count} lỗi, chưa thể tạo trang web:\n{error}"
            if not self.previewing:
                raise PluginError(message) from None
            # The preview goes on: every page it serves lists the problems (on_post_page).
            # The last good build's pages stay aside, to be put back once it is fixed.
            self.problems = error.problems
            self.home = urlsplit(config.site_url or "/").path or "/"
            (log.info if config.strict else log.warning)(message)
            pages, data = stand_ins(self.settings)
            for uri, markdown in pages.items():
                files.append(
                    File.generated(
                        config, uri, content=markdown, inclusion=InclusionLevel.NOT_IN_NAV
                    )
                )
            for uri, content in data.items():
                files.append(File.generated(config, uri, content=content))
            return files
        if preview is not None:
            preview.restore(config.site_dir)
        for warning in catalog.warnings:  # INFO: a warning would stop --strict
            log.info("%s: Cảnh báo: %s", f"{warning.path}:{warning.line}", warning.message)
        self.mkdocs_config = config
        # Where no other plugin reads a page's content as it is converted, a generated
        # page's HTML is put in just before its template, and let go once written
        # if none reads it at the end either (see GeneratedPage).
        self.late = not others_handle(config, self, "page_content")
        self.let_go = self.late and not others_handle(config, self, "post_build")
        plan = self.plan = preview.plan(catalog) if preview is not None else None
        self.renderer = Renderer(catalog, config.use_directory_urls)
        site = self.site = self.renderer.model_pages(None if plan is None else plan.models)
        self.owners: dict[str, Owner] = {uri: ("model", m.slug) for uri, m in site.models.items()}
        for uri in site.files:  # a model's images are in its page's folder
            self.owners[uri] = self.owners[posixpath.join(posixpath.dirname(uri), "index.md")]
        # This build's pages and images; those it writes, with what each is made from
        # (see generator.adapter.preview).
        self.pages: dict[str, File] = {}
        self.written: dict[str, tuple[File, bytes | None, Owner]] = {}
        self.in_nav = set(nav_paths(config.nav))
        for uri in sorted(site.models):
            self._add_page(config, uri, site.pages[uri])
        self._convert_beside(config)
        # Search: the models' part of the index is built in a second process while
        # MkDocs renders; other pages are added as they are rendered.
        self.search_index = Builder(
            catalog.settings,
            catalog.published,
            config.use_directory_urls,
            config.site_dir,
            session=preview and preview.index,
            emptied=preview is None or FOLDER not in preview.folders,
        )
        self._listings(catalog, plan)
        self.renderer.other_pages(site, fields=(), units=())
        for uri, markdown in site.pages.items():
            if uri not in site.models:
                self._add_page(config, uri, markdown)
        images: dict[str, File] = {}
        for uri, path in site.files.items():
            images[uri] = File.generated(config, uri, abs_src_path=str(path))
            self.written[uri] = (images[uri], None, self.owners[uri])
        pages, kept_urls = self.pages, set()
        if preview is not None:
            for kept in preview.leftovers(plan, set(pages) | set(images)):
                (pages if kept.page is not None else images)[kept.src_uri] = kept
            kept_urls = {f.url for f in pages.values() if isinstance(f, KeptFile)}
            log.debug(
                "Tạo lại %d trang và tệp, giữ nguyên %d của lần tạo trước.",
                len(self.written),
                len(pages) + len(images) - len(self.written),
            )
        self.kept = bool(kept_urls)
        self.ours = set(pages) | set(images)
        for uri in sorted(pages):
            files.append(pages[uri])
        for uri in sorted(images):
            files.append(images[uri])
        for uri, content in sorted(site.data.items()):
            files.append(File.generated(config, uri, content=content))
        # A file of its own, not a page: no theme, search, sitemap or navigation.
        editor = editor_data(catalog, config.site_name)
        if self.settings.editor and not editor:
            log.info(
                "Không tạo trang /quan-tri/: repo_url trong mkdocs.yml không phải một kho "
                "GitHub/GitLab và editor.backend không ghi name, repo."
            )
        for uri, content in sorted(editor.items()):
            files.append(File.generated(config, uri, content=content))
        files.append(File.generated(config, "assets/dvk.css", abs_src_path=str(ASSETS / "dvk.css")))
        for script in ("search.js", "catalogue.js"):
            files.append(
                File.generated(config, f"assets/{script}", abs_src_path=str(ASSETS / script))
            )
        for font in sorted((ASSETS / "fonts").iterdir()):  # the code font and its licence
            files.append(
                File.generated(config, f"assets/fonts/{font.name}", abs_src_path=str(font))
            )
        # Kept pages were indexed as the last build rendered them.
        self.search_pages: dict[str, Document] = {
            url: document
            for url, document in (preview.search_pages if preview else {}).items()
            if url in kept_urls
        }
        return files

    def _load(self) -> Catalog:
        """The catalog; the first build reads part of the files in a second process."""
        cache = self.preview.cache if self.preview is not None else FileCache()
        today = vietnam_today()
        loader = Loader(self.settings, self.root, today, cache) if cache.empty else None
        try:
            return load(self.settings, self.root, today, cache=cache)
        finally:
            if loader is not None:
                loader.close()

    def _add_page(self, config: MkDocsConfig, uri: str, markdown: str) -> None:
        """The page's file: kept from the last build of `mkdocs serve` if made from the
        same source, else generated, and read and converted beside MkDocs."""
        preview, source = self.preview, None
        if preview is not None:  # what the next build compares its pages with
            source = page_digest(
                markdown, self.site.fragments.get(uri, []), self._edit_url(uri) or ""
            )
            # A page in the navigation shows its neighbours: always made again.
            kept = preview.keep(uri, source) if uri not in self.in_nav else None
            if kept is not None:
                self.pages[uri] = kept
                return
        file = File.generated(config, uri, content=markdown, inclusion=InclusionLevel.NOT_IN_NAV)
        if FAST_PAGES and uri not in self.in_nav:
            GeneratedPage(file, config, self._html_of, late=self.late)
        self.pages[uri] = file
        self.written[uri] = (file, source, self.owners.get(uri))

    def _convert_beside(self, config: MkDocsConfig) -> None:
        """Model pages are converted in second processes while MkDocs does the rest. A
        few pages (a rebuild of `mkdocs serve`) are converted sooner here than by
        processes that first have to start."""
        site = self.site
        changed = [uri for uri in sorted(site.models) if uri in self.written]
        if len(changed) <= convert.CHUNK or not FAST_PAGES:
            changed = []
        self.sent = set(changed)
        self.conversion: Conversion | None = None  # for the other pages, made when needed
        self.converter = Converter(
            [
                MarkdownPage(uri, site.pages[uri], site.fragments[uri], front_matter=True)
                for uri in changed
            ],
            config.markdown_extensions,
            config.mdx_configs,
        )
        self.converted_count = self.converted_here = 0
        for uri in changed:  # the processes have them; made again if needed (_parts_again)
            del site.fragments[uri]

    def _listings(self, catalog: Catalog, plan: Plan | None) -> None:
        """The listings of the fields and units (of those `plan` names), each page with
        its field or unit."""
        for listing, ids, kind in (
            (self.renderer.field_page, [f.id for f in self.settings.fields], "field"),
            (self.renderer.unit_page, [u.id for u in catalog.sorted_units], "unit"),
        ):
            for key in ids:
                if plan is None or key in (plan.fields if kind == "field" else plan.units):
                    part = Site(fragments=self.site.fragments)
                    listing(part, key)
                    self.site.pages.update(part.pages)
                    self.owners.update(dict.fromkeys(part.pages, (kind, key)))

    def on_env(self, env, *, config: MkDocsConfig, files: Files):
        self.files = files
        if self.preview is not None and self.problems is None:
            self.preview.prune(files, config.site_dir, self.ours)
            env.bytecode_cache = self.preview.templates
        return env

    def on_template_context(self, context, *, template_name: str, config: MkDocsConfig):
        # The sitemap lists every page, kept ones too, in the order of a full build.
        if template_name == "sitemap.xml" and self.problems is None and self.kept:
            context["pages"] = [
                f
                for f in self.files
                if (isinstance(f, KeptFile) and f.page is not None)
                or (f.is_documentation_page() and f.inclusion.is_included())
            ]
        context["dvk_notice"] = self.settings.notice  # the 404 page's, as every page's
        return context

    def _close_workers(self) -> None:
        for name in ("converter", "search_index"):
            if getattr(self, name, None) is not None:
                getattr(self, name).close()
                setattr(self, name, None)

    # Last, to see what other plugins make of a model page's Markdown: if they change
    # it, MkDocs converts it as they left it.
    @event_priority(-100)
    def on_page_markdown(
        self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str:
        if self.problems is not None:
            return markdown
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
            config = self.mkdocs_config
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

    # First, so that other plugins see the finished HTML.
    @event_priority(100)
    def on_page_content(self, html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        if self.problems is not None:
            return html
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

    # Last, to let go of a page's content once every plugin has seen it.
    @event_priority(-100)
    def on_post_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str:
        if self.problems is not None:
            return problems_page(self.problems, self.home)
        source = page.file.src_uri
        options = page.meta.get("search")
        excluded = isinstance(options, dict) and options.get("exclude")
        # Models are indexed from their data.
        if not excluded and source not in self.site.models:
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

    def on_post_template(self, output: str, *, template_name: str, config: MkDocsConfig) -> str:
        # The preview's answer to an address it does not have (a model's page, while
        # the models cannot be read) lists the problems too.
        if self.problems is not None and template_name == "404.html":
            return problems_page(self.problems, self.home)
        return output

    # Last: what is kept for the next build of `mkdocs serve` no longer needs the
    # pages' content, which other plugins may still read.
    @event_priority(-100)
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        if self.problems is not None:
            return
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
        if self.preview is not None:
            for path, (file, source, owner) in self.written.items():
                self.preview.record(path, file, source, owner)
            self.preview.search_pages = self.search_pages
            self.preview.done(self.catalog, self.plan)
        self.built = True

    def on_build_error(self, *, error: Exception) -> None:
        # Also for the strict mode's warnings, counted after on_post_build.
        self.built = False
        self._stop()
        if self.preview is not None:  # a preview's data problems do not end in an error
            self.preview.fail()

    def on_shutdown(self) -> None:
        self._close_workers()
        if self.preview is not None:
            self.preview.index.close()
            self.preview.drop_held()  # still aside if the data was broken at the end
        if self.staging is None:
            return
        staging = self.staging
        try:
            if not self.built:
                staging.abandon()
                return
            with self.termination.held():  # a site half put in place is no site
                staging.publish()
                self.staging = None
        except OSError as error:
            raise PluginError(
                f"Trang đã tạo xong trong {staging.folder} nhưng không thay được cho "
                f"{staging.target} ({error.strerror or error})."
            ) from None
        finally:
            self.staging = None
            self.termination.restore()
        self.published_config.site_dir = str(staging.target)  # gh-deploy pushes it next

    # First, so that other plugins see the page's content.
    @event_priority(100)
    def on_page_context(self, context, *, page, config, nav):
        if self.problems is None and isinstance(page, GeneratedPage) and page.waiting:
            page.put(page.converted(), config, self.files)
            if not page.finished:  # converted by MkDocs
                page.content = self._assemble(page.content, page)
        context["dvk_notice"] = self.settings.notice
        return context

    def on_serve(self, server, *, config: MkDocsConfig, builder):
        server.watch(str(self.settings.models_dir))
        return server
