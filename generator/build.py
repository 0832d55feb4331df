"""Build the site with MkDocs into a fresh folder, then swap it in: a failed build
leaves the previous site untouched."""

from __future__ import annotations

import contextlib
import gc
import logging
import os
import shutil
import tempfile
from pathlib import Path

from .config import Settings
from .pipeline import hand_over, has_errors, read_timeline
from .problems import ContentError, Problem


class BuildFailed(Exception):
    pass


@contextlib.contextmanager
def gc_paused(keep: bool = True):
    """Pause Python's cyclic garbage collector while reading thousands of files: the
    objects made are kept, not garbage, and collecting over them again and again cost
    a fifth of the time. With `keep`, they are frozen at the end (`gc.freeze`): they
    live until a one-off build ends, and the collections that run while MkDocs builds
    skip them, where the first would walk them all. `release_kept` ends that. Not while
    serving: a freeze takes the garbage of earlier builds with it, and that would grow."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if keep:
            gc.freeze()
        if was_enabled:
            gc.enable()


def release_kept() -> None:
    """Hand what `gc_paused` froze back to the collector, when the build is done."""
    gc.unfreeze()


def build_site(config_file: Path, settings: Settings, verbose: bool = False,
               site_dir: Path | None = None) -> tuple[Path, list[Problem]]:
    """Check the content, then run `mkdocs build --strict`; return the site folder and
    the warnings. Raises ContentError or BuildFailed, leaving any old site as it was."""
    with gc_paused():
        timeline, problems = read_timeline(settings)
    if has_errors(problems):
        raise ContentError(problems)
    hand_over(settings, (timeline, []))

    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    _show_mkdocs_log(verbose)
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    config = load_config(str(config_file), strict=True)
    site_dir = Path(site_dir or config.site_dir)
    site_dir.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{site_dir.name}.building-", dir=site_dir.parent))
    config.site_dir = str(staging)
    if settings.drafts:
        os.environ["TIMELINE_DRAFTS"] = "1"
    try:
        config.plugins.on_startup(command="build", dirty=False)
        try:
            mkdocs_build(config)
        finally:
            config.plugins.on_shutdown()
            release_kept()
    except (MkDocsException, SystemExit) as error:
        shutil.rmtree(staging, ignore_errors=True)
        raise BuildFailed(str(error) or "mkdocs build failed; see the messages above") from None
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    _swap_in(staging, site_dir)
    return site_dir, problems


def _swap_in(staging: Path, site_dir: Path) -> None:
    old = None
    if site_dir.exists():
        old = site_dir.with_name(f".{site_dir.name}.old-{os.getpid()}")
        site_dir.rename(old)
    staging.rename(site_dir)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


def _show_mkdocs_log(verbose: bool) -> None:
    log = logging.getLogger("mkdocs")
    if not any(getattr(h, "_timeline", False) for h in log.handlers):
        handler = logging.StreamHandler()
        handler.setFormatter(logging.Formatter("%(levelname)-7s -  %(message)s"))
        handler._timeline = True  # type: ignore[attr-defined]
        log.addHandler(handler)
        log.propagate = False
    log.setLevel(logging.INFO if verbose else logging.WARNING)
