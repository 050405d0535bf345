"""The MkDocs adapter: hands the core's pages to the build as generated files."""

from __future__ import annotations

import logging
from pathlib import Path

from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page

from .html import model_uri, sanitize
from .indexer import Indexer, IndexerError
from .load import LoadError, load
from .model import Catalog
from .render import Renderer, Site, assemble
from .search import INDEX_CONFIG, document, entries
from .settings import Settings, edit_url_from
from .text import toc_slugify

log = logging.getLogger("mkdocs.plugins.dan-van-kheo")
ASSETS = Path(__file__).parent / "assets"


class PluginConfig(base.Config):
    models_dir = c.Type(str, default="models")
    organization = c.Optional(c.Type(str))
    notice = c.Optional(c.Type(str))
    edit_url = c.Optional(c.Type(str))
    fields = c.Optional(c.ListOfItems(c.Type(dict)))
    phases = c.Optional(c.ListOfItems(c.Type(dict)))
    targets = c.Type(dict, default={})
    page_size = c.Type(int, default=50)


class CatalogPlugin(BasePlugin[PluginConfig]):
    supports_multiple_instances = False

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        self.root = Path(config.config_file_path).parent
        options = dict(self.config)
        options["site_url"] = config.site_url or ""
        if not options.get("edit_url"):
            options["edit_url"] = edit_url_from(
                {"repo_url": config.repo_url, "edit_uri": config.edit_uri, "docs_dir": "docs"}
            )
        try:
            self.settings = Settings.from_options(options, self.root)
        except (TypeError, ValueError) as error:
            raise PluginError(
                f"Cấu hình plugin dan-van-kheo trong mkdocs.yml không hợp lệ: {error}"
            ) from error
        # Heading anchors fold Vietnamese (đ -> d) instead of dropping letters.
        if "toc" not in config.markdown_extensions:
            config.markdown_extensions.append("toc")
        config.mdx_configs.setdefault("toc", {})["slugify"] = toc_slugify
        for extension in ("attr_list", "md_in_html", "tables"):
            if extension not in config.markdown_extensions:
                config.markdown_extensions.append(extension)
        config.extra_css.insert(0, "assets/dvk.css")
        config.extra_javascript.append("assets/search.js")
        return config

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        try:
            self.catalog: Catalog = load(self.settings, self.root)
        except LoadError as error:
            count = len(error.problems)
            raise PluginError(
                f"Dữ liệu mô hình có {count} lỗi, chưa thể tạo trang web:\n{error}"
            ) from None
        self.renderer = Renderer(self.catalog, config.use_directory_urls)
        self.site: Site = self.renderer.site()
        for uri, markdown in sorted(self.site.pages.items()):
            files.append(
                File.generated(config, uri, content=markdown, inclusion=InclusionLevel.NOT_IN_NAV)
            )
        for uri, path in sorted(self.site.files.items()):
            files.append(File.generated(config, uri, abs_src_path=str(path)))
        for uri, content in sorted(self.site.data.items()):
            files.append(File.generated(config, uri, content=content))
        files.append(File.generated(config, "assets/dvk.css", abs_src_path=str(ASSETS / "dvk.css")))
        for script in ("search.js", "catalogue.js"):
            files.append(
                File.generated(config, f"assets/{script}", abs_src_path=str(ASSETS / script))
            )
        # Pagefind indexes each page in its own process while MkDocs renders the next.
        self.search_entries = entries(self.catalog, model_uri)
        self.indexer = self._start_indexer()
        return files

    def _start_indexer(self) -> Indexer:
        if getattr(self, "indexer", None) is not None:
            self.indexer.close()
        try:
            return Indexer(INDEX_CONFIG)
        except IndexerError as error:
            raise PluginError(str(error)) from None

    def on_page_markdown(
        self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str:
        source = self.site.edit_links.get(page.file.src_uri)
        if source is not None:
            page.edit_url = self.settings.edit_url + source if self.settings.edit_url else None
            return markdown
        if page.file.generated_by is None:
            return self.renderer.fill_blocks(markdown, page.file.src_uri)
        return markdown

    def on_page_content(self, html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        uri = page.file.src_uri
        fragments = self.site.fragments.get(uri)
        # Model bodies come from pull requests: clean them whatever a reviewer missed.
        clean = sanitize if uri in self.site.edit_links else None
        if fragments or clean:
            return assemble(html, fragments or [], clean)
        return html

    def on_post_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str:
        options = page.meta.get("search")
        if not (isinstance(options, dict) and options.get("exclude")):
            entry = self.search_entries.get(page.file.src_uri)
            self.indexer.add("/" + page.url, document(page.title, page.content or "", entry))
        return output

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        indexer, self.indexer = self.indexer, None
        try:
            indexer.finish(Path(config.site_dir) / "pagefind")
        except IndexerError as error:
            raise PluginError(str(error)) from None

    def on_build_error(self, *, error: Exception) -> None:
        if getattr(self, "indexer", None) is not None:
            self.indexer.close()
            self.indexer = None

    def on_page_context(self, context, *, page, config, nav):
        context["dvk_notice"] = self.settings.notice
        return context

    def on_serve(self, server, *, config: MkDocsConfig, builder):
        server.watch(str(self.settings.models_dir))
        return server
