"""Site settings: read from `mkdocs.yml`, the one place a site is configured.

The site's title, description, language and content folder are MkDocs' own
settings (`site_name`, `site_description`, `theme.language`, `docs_dir`); the rest
lives under `extra.timeline`. Each field below is documented where it is declared.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any

import yaml

from .problems import ContentError, Problem

TAXONOMIES = ("tags", "actors", "places")
UNSOURCED_POLICIES = ("warning", "error", "ignore")


@dataclass(frozen=True)
class Settings:
    title: str = "Timeline"
    """The site's title (`site_name`)."""

    description: str = ""
    """What the timeline covers, shown on the home page (`site_description`)."""

    language: str = "en"
    """The site's language (`theme.language`)."""

    content_dir: str = "content"
    """The content folder (`docs_dir`): `events/`, `sources/` and hand-written pages."""

    timezone: str = "UTC"
    """Time zone of event times that name none (`extra.timeline.timezone`)."""

    taxonomies: tuple[str, ...] = TAXONOMIES
    """Which of tags, actors and places get index and term pages (`extra.timeline.taxonomies`)."""

    unsourced: str = "warning"
    """An event without sources is an `error`, a `warning`, or `ignore`d (`extra.timeline.unsourced`)."""

    latest: int = 10
    """How many of the latest events the home page lists (`extra.timeline.latest`)."""

    drafts: bool = False
    """Publish events marked `draft: true` (`extra.timeline.drafts`, or TIMELINE_DRAFTS=1)."""

    directory_urls: bool = True
    """Pages are served as `page/` rather than `page.html` (`use_directory_urls`)."""

    site_url: str = ""
    """The site's public address, ending in '/' (`site_url`): feeds and exports link events with it."""

    feed_entries: int = 50
    """How many of the latest events (by event date) the feeds carry (`extra.timeline.feed_entries`)."""

    timelinejs_group: str = "tags"
    """What names a TimelineJS slide's group: the first of `tags`, `actors` or `places`,
    the `status`, or `none` (`extra.timeline.timelinejs_group`)."""

    root: Path = Path(".")
    """The project folder: the one holding mkdocs.yml."""

    @property
    def content_path(self) -> Path:
        return self.root / self.content_dir

    @property
    def templates_path(self) -> Path:
        return self.root / "site_templates"


class _TolerantLoader(yaml.SafeLoader):
    """Reads mkdocs.yml without running its `!!python/name` and `!ENV` tags."""


def _env_value(loader: yaml.SafeLoader, node: yaml.Node):
    """MkDocs' `!ENV VAR` and `!ENV [VAR, OTHER, default]`."""
    if isinstance(node, yaml.ScalarNode):
        return os.environ.get(loader.construct_scalar(node))
    items = loader.construct_sequence(node)  # type: ignore[arg-type]
    for name in items[:-1]:
        if isinstance(name, str) and name in os.environ:
            return os.environ[name]
    return items[-1] if items else None


_TolerantLoader.add_constructor("!ENV", _env_value)
_TolerantLoader.add_multi_constructor("", lambda loader, suffix, node: None)
_TolerantLoader.add_multi_constructor(
    "tag:yaml.org,2002:python/", lambda loader, suffix, node: None)


def load_settings(config_file: Path, drafts: bool | None = None) -> Settings:
    """Read settings from mkdocs.yml; raise ContentError naming the line of a bad value."""
    shown = config_file.name
    try:
        text = config_file.read_text(encoding="utf-8")
        config = yaml.load(text, Loader=_TolerantLoader) or {}
    except OSError as error:
        raise ContentError([Problem(shown, 1, f"cannot read the site configuration: {error.strerror}",
                                    "run the command in the folder that holds mkdocs.yml")]) from None
    except UnicodeDecodeError as error:
        raise ContentError([Problem(shown, text_line(error), "the site configuration is not UTF-8 text",
                                    "save mkdocs.yml as UTF-8")]) from None
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        raise ContentError([Problem(shown, mark.line + 1 if mark else 1, f"invalid YAML: {error}")]) from None
    return settings_from_config(config, config_file.parent, text, shown, drafts)


def text_line(error: UnicodeDecodeError) -> int:
    return error.object[: error.start].count(b"\n") + 1 if isinstance(error.object, bytes) else 1


def settings_from_config(config: dict, root: Path, text: str = "", shown: str = "mkdocs.yml",
                         drafts: bool | None = None) -> Settings:
    shape = _shape_problem(config)
    if shape:
        key, message = shape
        raise ContentError([Problem(shown, _line_of(text, key) if key else 1, message,
                                    "see README, 'Settings'")])
    extra = (config.get("extra") or {}).get("timeline") or {}
    theme = config.get("theme") or {}
    values: dict[str, Any] = {
        "title": config.get("site_name") or Settings.title,
        "description": config.get("site_description") or "",
        "language": str((theme.get("language") if isinstance(theme, dict) else None) or "en"),
        "content_dir": config.get("docs_dir") or "docs",
        "directory_urls": config.get("use_directory_urls", True) is not False,
        "site_url": _with_slash(config.get("site_url") or ""),
        "root": root,
    }
    problems = []
    known = {f.name for f in fields(Settings)} - {"title", "description", "language", "content_dir",
                                                  "directory_urls", "site_url", "root"}
    for key, value in extra.items():
        line = _line_of(text, key)
        if key not in known:
            problems.append(Problem(shown, line, f"unknown setting extra.timeline.{key}",
                                    f"known settings: {', '.join(sorted(known))}"))
            continue
        message = _check_setting(key, value)
        if message:
            problems.append(Problem(shown, line, f"extra.timeline.{key}: {message}"))
        else:
            values[key] = tuple(value) if key == "taxonomies" else value
    if problems:
        raise ContentError(problems)
    if drafts is None:
        drafts = os.environ.get("TIMELINE_DRAFTS", "") not in ("", "0", "false")
    if drafts:
        values["drafts"] = True
    return Settings(**values)


def _shape_problem(config: Any) -> tuple[str, str] | None:
    """The first setting whose kind is wrong (a list where a mapping belongs…), if any."""
    if not isinstance(config, dict):
        return "", "mkdocs.yml must be a mapping of settings"
    for key in ("site_name", "site_description", "docs_dir", "site_url"):
        if config.get(key) is not None and not isinstance(config[key], str):
            return key, f"'{key}' must be text"
    if config.get("extra") is not None and not isinstance(config["extra"], dict):
        return "extra", "'extra' must be a mapping"
    timeline = (config.get("extra") or {}).get("timeline")
    if timeline is not None and not isinstance(timeline, dict):
        return "timeline", "'extra.timeline' must be a mapping of settings"
    return None


def _check_setting(key: str, value: Any) -> str:
    if key == "taxonomies":
        if not isinstance(value, list) or any(v not in TAXONOMIES for v in value):
            return f"must be a list drawn from {', '.join(TAXONOMIES)}"
    elif key == "unsourced" and value not in UNSOURCED_POLICIES:
        return f"must be one of {', '.join(UNSOURCED_POLICIES)}"
    elif key in ("latest", "feed_entries") and (not isinstance(value, int) or isinstance(value, bool) or value < 0):
        return "must be a whole number, 0 or more"
    elif key == "timelinejs_group" and value not in (*TAXONOMIES, "status", "none"):
        return f"must be one of {', '.join((*TAXONOMIES, 'status', 'none'))}"
    elif key == "drafts" and not isinstance(value, bool):
        return "must be true or false"
    elif key == "timezone" and not _valid_timezone(value):
        return f"unknown time zone {value!r}; use an IANA name such as Europe/London or an offset such as +09:00"
    return ""


def _with_slash(url: str) -> str:
    return url if not url or url.endswith("/") else url + "/"


# UTC offsets run from -12:00 to +14:00.
_OFFSET = re.compile(r"^(?:UTC)?[+-](?:0\d|1[0-4]):?[0-5]\d$|^UTC$|^Z$")


def _valid_timezone(value: Any) -> bool:
    if not isinstance(value, str):
        return False
    if _OFFSET.match(value):
        return True
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError
    try:
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError):
        return False
    return True


def _line_of(text: str, key: str) -> int:
    for number, line in enumerate(text.splitlines(), 1):
        if line.strip().startswith(f"{key}:"):
            return number
    return 1
