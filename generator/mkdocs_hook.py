"""MkDocs hook: adds the generated timeline pages to a build as in-memory files, and
the feeds and exports from a temporary folder.

A thin adapter over `pipeline`, `publish` and `parallel`: MkDocs imports hooks once per
`serve`, so the logic lives in the package, which re-reads content and templates every
build. Nothing is written to the content folder, so `mkdocs serve` has no rebuild loop.
"""

from __future__ import annotations

import logging
import shutil
import tempfile
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, Files

from generator import parallel, shared_nav
from generator.build import gc_paused, release_kept
from generator.config import settings_from_config
from generator.gazetteer import PROJECT_FILE
from generator.passthrough import GeneratedHtmlExtension
from generator.pipeline import EVENTS_DIR, SOURCES_DIR, has_errors, take_timeline
from generator.problems import ContentError
from generator.publish import DATA_FILES, data_files, publish_pages
from generator.write import safe_target, write_file

# Content warnings go to a logger of our own: MkDocs' strict mode counts warnings on
# its 'mkdocs' loggers, and an unsourced event is not a broken site.
content_log = logging.getLogger("timeline")
if not content_log.handlers:
    _handler = logging.StreamHandler()
    _handler.setFormatter(logging.Formatter("%(message)s"))
    content_log.addHandler(_handler)
    content_log.propagate = False

_serving = False
_spilled: Path | None = None  # this build's static files, until MkDocs has copied them
_data_job: parallel.DataFilesJob | None = None
_search: parallel.SearchWorker | None = None
_nav = None  # this build's navigation, for on_env
_generated_pages: set[str] = set()  # the pages this build generated


def on_startup(command: str, dirty: bool) -> None:
    global _serving
    _serving = command == "serve"


def on_serve(server, config: MkDocsConfig, builder):
    global _serving
    _serving = True  # also under `mkdocs serve --clean`, which starts as a "build"
    return server


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    config.markdown_extensions.append(GeneratedHtmlExtension())
    return config


def on_files(files: Files, config: MkDocsConfig) -> Files:
    config_path = Path(config.config_file_path or "mkdocs.yml")
    try:
        settings = settings_from_config(_plain_config(config), config_path.parent,
                                        config_path.read_text(encoding="utf-8") if config_path.is_file() else "",
                                        config_path.name)
    except ContentError as error:
        raise PluginError(str(error)) from None
    with gc_paused(keep=not _serving):
        timeline, problems = take_timeline(settings)
    if has_errors(problems) and not _serving:
        raise PluginError("the content has errors:\n" + "\n".join(p.format() for p in problems))
    for problem in problems:
        content_log.warning(problem.format())

    try:
        with gc_paused(keep=not _serving):
            site, feeds = publish_pages(timeline, settings, problems if _serving else [])
    except ContentError as error:
        raise PluginError(str(error)) from None
    # Started after the pages, which take both cores, and before MkDocs converts them,
    # which takes one.
    _start_data_files(lambda: data_files(timeline, settings), len(timeline.events))
    config.extra["timeline_feeds"] = feeds  # announced in every page's head (overrides/main.html)
    for file in list(files):
        # Event and source files are content, not pages: their text (possibly a saved
        # article) must not be published as it is.
        if file.src_uri.startswith((f"{EVENTS_DIR}/", f"{SOURCES_DIR}/")) or file.src_uri == PROJECT_FILE:
            files.remove(file)
        elif file.src_uri in site.pages or file.src_uri in DATA_FILES:
            raise PluginError(f"{settings.content_dir}/{file.src_uri} has the name of a generated file; "
                              "rename it (the home page, the year, term and source pages, the feeds and "
                              "the exports are generated)")
    _add_generated_files(config, files, site)
    _generated_pages.clear()
    _generated_pages.update(site.pages)
    if config.nav is None:
        handwritten = sorted(f.src_uri for f in files.documentation_pages() if f.src_uri not in site.pages)
        config.nav = site.nav + handwritten
    return files


def _start_data_files(make_data_files, events: int) -> None:
    """The feeds and exports, into this build's temporary folder: in a second process
    while MkDocs converts the pages, for a large timeline."""
    global _spilled, _data_job
    _end_build()  # a previous build that stopped half-way
    _spilled = Path(tempfile.mkdtemp(prefix="timeline-files-"))
    if not _serving and events >= parallel.MIN_EVENTS and parallel.can_fork():
        _data_job = parallel.DataFilesJob(make_data_files, _spilled)
    else:
        with gc_paused(keep=not _serving):
            for path, content in make_data_files().items():
                _spill(path, content)


def _add_generated_files(config: MkDocsConfig, files: Files, site) -> None:
    """Pages go to MkDocs in memory. Other files (feeds and exports are tens of
    megabytes for a large timeline) wait on disk until MkDocs copies them."""
    global _search
    for path, content in site.pages.items():
        if isinstance(content, str):
            files.append(File.generated(config, path, content=content))
        else:
            files.append(File.generated(config, path, abs_src_path=str(_spill(path, content))))
    for path in DATA_FILES:
        files.append(File.generated(config, path, abs_src_path=str(safe_target(_spilled, path))))
    plugin = parallel.find_search_plugin(config)
    if _data_job is not None and plugin is not None:  # a large one-off build
        _search = parallel.SearchWorker(plugin)


def _spill(path: str, content: bytes) -> Path:
    assert _spilled is not None
    return write_file(_spilled, path, content)


def _plain_config(config: MkDocsConfig) -> dict:
    return {
        "site_name": config.site_name,
        "site_description": config.site_description,
        "docs_dir": config.docs_dir,
        "use_directory_urls": config.use_directory_urls,
        "site_url": config.site_url,
        "theme": {"language": config.theme.get("language") if config.theme else None},
        "extra": dict(config.extra or {}),
    }


@event_priority(-100)  # after any other plugin changed the page's HTML
def on_page_content(html: str, page, config: MkDocsConfig, files: Files) -> str:
    # MkDocs converts every page before it renders any; handing each over as soon as
    # it is converted lets the worker index while the rest are converted.
    if _search is not None:
        _search.take(page, html)
    return html


def on_nav(nav, config: MkDocsConfig, files: Files):
    global _nav
    _nav = nav
    return nav


@event_priority(100)  # MkDocs copies the static files right after this event
def on_env(env, config: MkDocsConfig, files: Files):
    global _data_job
    if _nav is not None and config.theme.name == "material":
        shared_nav.share_navigation(env, _nav, [config.extra.get("homepage"), config.theme.get("logo")], _generated_pages)
    if _data_job is not None:
        job, _data_job = _data_job, None
        failure = job.wait()
        if failure:
            raise PluginError(f"writing the feeds and exports failed: {failure}")
    return env


@event_priority(100)  # before the search plugin writes its index
def on_post_build(config: MkDocsConfig) -> None:
    global _search
    _remove_spilled()
    if _search is not None:
        worker, _search = _search, None
        worker.finish()
    release_kept()


def on_build_error(error: Exception) -> None:
    _end_build()
    release_kept()


def on_shutdown() -> None:
    _end_build()


def _end_build() -> None:
    """Stop what a build started, and remove its temporary files."""
    global _data_job, _search
    if _data_job is not None:
        _data_job.close()
        _data_job = None
    if _search is not None:
        _search.close()
        _search = None
    _remove_spilled()


def _remove_spilled() -> None:
    global _spilled
    if _spilled is not None:
        shutil.rmtree(_spilled, ignore_errors=True)
        _spilled = None
