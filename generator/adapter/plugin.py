"""The MkDocs adapter: hands the core's pages to the build as generated files."""

from __future__ import annotations

import logging
import os
import tempfile
from pathlib import Path

from jinja2 import Environment
from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

from generator.adapter.build import Build, ProblemsBuild
from generator.adapter.loader import Loader
from generator.adapter.preview import NoPreview, Preview
from generator.adapter.publish import Staging
from generator.adapter.termination import Termination
from generator.adapter.worker import stop_all
from generator.data.load import LoadError, load
from generator.data.model import Catalog
from generator.data.options import OPTIONS, check_options, plugin_settings
from generator.data.settings import Settings, SettingsError, edit_url_from
from generator.data.text import toc_slugify
from generator.data.validate import vietnam_today
from generator.site.searchindex import FOLDER

log = logging.getLogger("mkdocs.plugins.dan-van-kheo")

# Every option of the data layer's list, checked there (options.check_options) and not
# by MkDocs, so that `python -m generator validate` and the build say the same.
PluginConfig = type(
    "PluginConfig",
    (base.Config,),
    {name: c.Optional(c.Type(object)) for name in OPTIONS if name != "enabled"},
)


class DanVanKheoPlugin(BasePlugin[PluginConfig]):
    """The site's pages, images and data files, made from the models as MkDocs builds.

    The plugin keeps what lasts from one build of `mkdocs serve` to the next: the
    command, the settings, the `Preview` and, for `mkdocs build`, where the site goes
    until it is complete (`Staging`) and what SIGTERM and SIGHUP do (`Termination`).
    Each build's own state is a `Build` (a `ProblemsBuild` while a preview's data
    cannot be loaded), made in `on_files` and dropped once the build has ended; the
    hooks of the pages hand their work to it. The hooks are in the order MkDocs
    calls them.
    """

    supports_multiple_instances = False
    command = ""  # build, gh-deploy or serve (on_startup)
    dirty = False
    preview: Preview | NoPreview = NoPreview()  # what one build of `mkdocs serve` keeps
    previewing = False  # mkdocs serve, with or without --clean
    staging: Staging | None = None  # where a build goes until it is complete
    published_config: MkDocsConfig | None = None  # the configuration staging changed
    build: Build | ProblemsBuild | None = None  # the build under way, from on_files
    built = False  # the last build went through: a staged one is published

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.termination = Termination()  # what SIGTERM and SIGHUP do to the process

    def load_config(self, options, config_file_path=None):
        """Check the options as `python -m generator validate` does, in Vietnamese."""
        try:
            check_options(options)
        except SettingsError as error:
            return [(str(error.option[0]) if error.option else "", str(error))], []
        return super().load_config(options, config_file_path)

    def on_startup(self, *, command: str, dirty: bool) -> None:
        """Note the command. With this event MkDocs keeps the plugin from one build of
        `mkdocs serve` to the next, and with it the `Preview`: what it keeps makes the
        next build redo only what an edit changed."""
        self.command, self.dirty = command, dirty
        self.preview = Preview() if command == "serve" else NoPreview()

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        """Read the settings; add the anchors' slugs, the stylesheet and the search
        script; decide where the build goes (beside the published site) and how
        SIGTERM and SIGHUP end it; tell the preview about the build to come."""
        self.root = Path(config.config_file_path).parent
        self.settings = self._settings(config)
        # Heading anchors fold Vietnamese (đ -> d) instead of dropping letters.
        if "toc" not in config.markdown_extensions:
            config.markdown_extensions.append("toc")
        config.mdx_configs.setdefault("toc", {})["slugify"] = toc_slugify
        config.extra_css.insert(0, "assets/dvk.css")
        config.extra_javascript.append("assets/search.js")
        self.built = False
        # A build is made beside the published site; a preview shows the data's
        # problems in the browser rather than stopping. `mkdocs serve --clean` says
        # "build" at startup, yet builds, again and again, into a folder of its own in
        # the temporary directory, which it serves.
        site = Path(config.site_dir)
        self.previewing = self.command == "serve" or (
            site.name.startswith("mkdocs_") and site.parent == Path(tempfile.gettempdir())
        )
        staged = self._stage(config)
        self.termination.start(previewing=self.previewing, cleanup=self._stop if staged else None)
        self.preview.start(config, self.settings.models_path(self.root))
        return config

    def _settings(self, config: MkDocsConfig) -> Settings:
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
            return plugin_settings(
                options,
                self.root,
                config.site_url or "",
                config.repo_url or "",
                Path(config.config_file_path),
            )
        except SettingsError as error:
            raise PluginError(
                f"Cấu hình plugin dan-van-kheo trong mkdocs.yml không hợp lệ: {error}"
            ) from error

    def _stage(self, config: MkDocsConfig) -> bool:
        """Have `mkdocs build` and `gh-deploy` build beside the published site; whether
        this build does."""
        if (
            self.command not in ("build", "gh-deploy")
            or self.previewing
            or self.dirty
            or self.staging is not None
            or not Staging.usable(config.site_dir)
        ):
            return False
        staging = Staging(config.site_dir)
        try:
            folder = staging.start()
        except OSError as error:  # no room beside it: built in place, as MkDocs does
            log.info("Không tạo được thư mục tạm cạnh %s (%s).", staging.target, error)
            return False
        self.staging, self.published_config = staging, config
        config.site_dir = folder
        log.info("Trang được tạo trong %s, rồi mới thay cho %s.", folder, staging.target)
        return True

    def _stop(self) -> None:
        """A build that will not end well: no worker left, no unfinished folder."""
        self._drop_build()
        stop_all()  # also one started but not yet handed to this plugin
        if self.staging is not None:
            self.staging.abandon()

    def _drop_build(self) -> None:
        if self.build is not None:
            self.build.close()
            self.build = None

    def on_pre_build(self, *, config: MkDocsConfig) -> None:
        """Under `mkdocs serve`, move the last build's pages and search index aside
        before MkDocs empties the site folder."""
        self.preview.hold(config.site_dir, also={FOLDER})

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        """Load the models and add the files made from them (pages, images, data files)
        and the plugin's assets: this build's `Build`. Data that cannot be loaded stops
        a build; a preview shows the problems instead (`ProblemsBuild`)."""
        try:
            catalog = self._load()
        except LoadError as error:
            count = len(error.problems)
            message = f"Dữ liệu mô hình có {count} lỗi, chưa thể tạo trang web:\n{error}"
            if not self.previewing:
                raise PluginError(message) from None
            # The preview goes on: every page it serves lists the problems.
            (log.info if config.strict else log.warning)(message)
            self.build = ProblemsBuild(error.problems, self.settings, config)
            return self.build.add_files(files)
        self.preview.restore(config.site_dir)
        for warning in catalog.warnings:  # INFO: a warning would stop --strict
            log.info("%s: Cảnh báo: %s", f"{warning.path}:{warning.line}", warning.message)
        self.build = Build(catalog, self.settings, self.preview, config, plugin=self)
        return self.build.add_files(files)

    def _load(self) -> Catalog:
        """The catalog; the first build reads part of the files in a second process."""
        cache = self.preview.cache
        today = vietnam_today()
        loader = Loader(self.settings, self.root, today, cache) if cache.empty else None
        try:
            return load(self.settings, self.root, today, cache=cache)
        finally:
            if loader is not None:
                loader.close()

    # Last, to see what other plugins make of a model page's Markdown: if they change
    # it, MkDocs converts it as they left it.
    @event_priority(-100)
    def on_page_markdown(
        self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str:
        """A model page's edit link; a page whose Markdown another plugin changed goes
        through MkDocs; the blocks of the pages of docs/ filled in."""
        return self.build.page_markdown(markdown, page)

    # First, so that other plugins see the finished HTML.
    @event_priority(100)
    def on_page_content(self, html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        """The generated HTML put in a page MkDocs converted."""
        return self.build.page_content(html, page)

    def on_env(self, env: Environment, *, config: MkDocsConfig, files: Files) -> Environment:
        """Every page read: under `mkdocs serve`, delete what the last build wrote and
        this one does not, and reuse the templates compiled before."""
        self.build.env(env, files)
        return env

    def on_template_context(self, context, *, template_name: str, config: MkDocsConfig):
        """The site's notice, on the 404 page as on every page; the kept pages in the
        sitemap."""
        context = self.build.template_context(context, template_name)
        context["dvk_notice"] = self.settings.notice
        return context

    def on_post_template(self, output: str, *, template_name: str, config: MkDocsConfig) -> str:
        """While the data is broken, the preview's answer to an address it does not
        have (a model's page) lists the problems too."""
        return self.build.post_template(output, template_name)

    # First, so that other plugins see the page's content.
    @event_priority(100)
    def on_page_context(self, context, *, page, config, nav):
        """A generated page's HTML, put in just before its template; the site's notice."""
        self.build.page_context(page, config)
        context["dvk_notice"] = self.settings.notice
        return context

    # Last, to let go of a page's content once every plugin has seen it.
    @event_priority(-100)
    def on_post_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str:
        """The page's search document, and its content let go; while the data is broken,
        the page listing the problems instead."""
        return self.build.post_page(output, page)

    # Last: what is kept for the next build of `mkdocs serve` no longer needs the
    # pages' content, which other plugins may still read.
    @event_priority(-100)
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        """Complete the search index, and keep what the next build of `mkdocs serve`
        needs; the build is dropped."""
        self.build.finish()
        self.build = None
        self.built = True

    def on_build_error(self, *, error: Exception) -> None:
        """Stop the worker processes and remove the unfinished folder; under `mkdocs
        serve`, the next build is a full one. Also for the strict mode's warnings,
        counted after on_post_build."""
        self.built = False
        self._stop()
        self.preview.fail()  # a preview's data problems do not end in an error

    def on_serve(self, server, *, config: MkDocsConfig, builder):
        """Rebuild when a model file changes."""
        server.watch(str(self.settings.models_dir))
        return server

    def on_shutdown(self) -> None:
        """No worker process left; the preview's pages kept aside removed; a complete
        build put in the published site's place, an incomplete one removed."""
        self._drop_build()
        self.preview.close()  # what is aside goes, if the data was broken at the end
        if self.staging is not None:
            self._publish()

    def _publish(self) -> None:
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
