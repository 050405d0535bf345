"""The MkDocs adapter: hands the core's pages to the build as generated files."""

from __future__ import annotations

import logging
import os
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
from mkdocs.structure.toc import get_toc

from generator.adapter.convert import Converted, Converter, MarkdownPage
from generator.adapter.indexer import Builder, SearchIndexError
from generator.adapter.publish import Staging, Termination
from generator.adapter.worker import stop_all
from generator.data.load import LoadError, load
from generator.data.model import Catalog
from generator.data.options import OPTIONS, check_options, plugin_settings
from generator.data.settings import SettingsError, edit_url_from
from generator.data.source import Problem
from generator.data.text import toc_slugify
from generator.site import ASSETS
from generator.site.editor import site_data as editor_data
from generator.site.markup import assemble, sanitize, without_front_matter
from generator.site.pages import Renderer, Site
from generator.site.problems import problems_page
from generator.site.search import Document, page_document

log = logging.getLogger("mkdocs.plugins.dan-van-kheo")


# Every option of the data layer's list, checked there (options.check_options) and not
# by MkDocs, so that `python -m generator validate` and the build say the same.
PluginConfig = type(
    "PluginConfig",
    (base.Config,),
    {name: c.Optional(c.Type(object)) for name in OPTIONS if name != "enabled"},
)


class CatalogPlugin(BasePlugin[PluginConfig]):
    supports_multiple_instances = False
    command = ""  # build, gh-deploy or serve (on_startup)
    dirty = False
    staging: Staging | None = None  # where a build goes until it is complete
    problems: list[Problem] | None = None  # a preview's data problems, shown on every page
    built = False
    preview = False  # mkdocs serve

    def on_startup(self, *, command: str, dirty: bool) -> None:
        # A build is made beside the published site; a preview shows the data's
        # problems in the browser rather than stopping.
        self.command, self.dirty = command, dirty

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
        self.preview = self.command == "serve" or (
            site.name.startswith("mkdocs_") and site.parent == Path(tempfile.gettempdir())
        )
        if (
            self.command in ("build", "gh-deploy")
            and not self.preview
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

    def on_shutdown(self) -> None:
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

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        self.problems = None
        try:
            self.catalog: Catalog = load(self.settings, self.root)
        except LoadError as error:
            count = len(error.problems)
            message = f"Dữ liệu mô hình có {count} lỗi, chưa thể tạo trang web:\n{error}"
            if not self.preview:
                raise PluginError(message) from None
            # The preview goes on: every page it serves lists the problems (on_post_page).
            self.problems = error.problems
            self.home = urlsplit(config.site_url or "/").path or "/"
            (log.info if config.strict else log.warning)(message)
            return files
        for warning in self.catalog.warnings:  # INFO: a warning would stop --strict
            log.info("%s: Cảnh báo: %s", f"{warning.path}:{warning.line}", warning.message)
        self.renderer = Renderer(self.catalog, config.use_directory_urls)
        self.site: Site = self.renderer.model_pages()
        # Model pages are converted in second processes while MkDocs does the rest.
        self.converter = Converter(
            [
                MarkdownPage(
                    uri, without_front_matter(self.site.pages[uri]), self.site.fragments[uri]
                )
                for uri in sorted(self.site.models)
            ],
            config.markdown_extensions,
            config.mdx_configs,
        )
        self.converted: dict[str, Converted] = {}
        self.converted_count = 0
        self.renderer.other_pages(self.site)
        for uri, markdown in sorted(self.site.pages.items()):
            files.append(
                File.generated(config, uri, content=markdown, inclusion=InclusionLevel.NOT_IN_NAV)
            )
        for uri, path in sorted(self.site.files.items()):
            files.append(File.generated(config, uri, abs_src_path=str(path)))
        for uri, content in sorted(self.site.data.items()):
            files.append(File.generated(config, uri, content=content))
        # A file of its own, not a page: no theme, search, sitemap or navigation.
        editor = editor_data(self.catalog, config.site_name)
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
        # Search: the models' part of the index is built in a second process while
        # MkDocs renders; other pages are added as they are rendered.
        self.search_index = Builder(
            self.catalog.settings,
            self.catalog.published,
            config.use_directory_urls,
            config.site_dir,
        )
        self.search_pages: dict[str, Document] = {}
        return files

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
        model = self.site.models.get(uri)
        if model is not None:
            edit_url = self.settings.edit_url
            page.edit_url = edit_url + model.source if edit_url else None
            converted = self.converter.get(uri)
            if converted is None or markdown != without_front_matter(self.site.pages[uri]):
                return markdown
            # Nothing left for MkDocs to convert: the HTML is put in on_page_content.
            self.converted[uri] = converted
            self.converted_count += 1
            return ""
        if page.file.generated_by is None:
            return self.renderer.fill_blocks(markdown, page.file.src_uri)
        return markdown

    # First, so that other plugins see the finished HTML.
    @event_priority(100)
    def on_page_content(self, html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        if self.problems is not None:
            return html
        uri = page.file.src_uri
        converted = self.converted.pop(uri, None)
        if converted is not None:
            page.toc = get_toc(converted.toc)
            page.present_anchor_ids = converted.anchors
            return converted.html
        fragments = self.site.fragments.get(uri)
        # Model bodies come from pull requests: clean them whatever a reviewer missed.
        clean = sanitize if uri in self.site.models else None
        if fragments or clean:
            return assemble(html, fragments or [], clean)
        return html

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
        return output

    def on_post_template(self, output: str, *, template_name: str, config: MkDocsConfig) -> str:
        # The preview's answer to an address it does not have (a model's page, while
        # the models cannot be read) lists the problems too.
        if self.problems is not None and template_name == "404.html":
            return problems_page(self.problems, self.home)
        return output

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        if self.problems is not None:
            return
        pages = [self.search_pages[url] for url in sorted(self.search_pages)]
        self.converter.close()
        log.debug(
            "Trang mô hình được chuyển sang HTML song song: %d/%d.",
            self.converted_count,
            len(self.site.models),
        )
        for printed in self.converter.problems:
            log.info("Một tiến trình chuyển trang mô hình đã dừng, MkDocs tự chuyển:%s", printed)
        builder, self.search_index = self.search_index, None
        try:
            builder.finish(pages)
        except SearchIndexError as error:
            raise PluginError(str(error)) from None
        self.built = True

    def on_build_error(self, *, error: Exception) -> None:
        # Also for the strict mode's warnings, counted after on_post_build.
        self.built = False
        self._stop()

    def on_page_context(self, context, *, page, config, nav):
        context["dvk_notice"] = self.settings.notice
        return context

    def on_serve(self, server, *, config: MkDocsConfig, builder):
        server.watch(str(self.settings.models_dir))
        return server
