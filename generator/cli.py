"""The `timeline` command: a thin layer over the pipeline's plain functions."""

from __future__ import annotations

import datetime as dt
import json
import os
import sys
from pathlib import Path

import click

from . import dates
from .build import BuildFailed, build_site
from .config import Settings, load_settings
from .model import STATUSES
from .pipeline import has_errors, read_timeline
from .problems import ContentError, Problem
from .publish import publish
from .write import UnsafePathError, check_output_folder, write_pages

config_option = click.option(
    "--config", "-f", "config_file", default="mkdocs.yml", show_default=True,
    type=click.Path(dir_okay=False, path_type=Path), help="The site's mkdocs.yml.")


def _settings(config_file: Path, drafts: bool | None = None) -> Settings:
    try:
        return load_settings(config_file, drafts)
    except ContentError as error:
        _report(error.problems)
        sys.exit(1)


def _report(problems: list[Problem]) -> None:
    for problem in problems:
        click.echo(problem.format(), err=True)


def _summary(problems: list[Problem]) -> str:
    errors = sum(p.severity == "error" for p in problems)
    warnings = len(problems) - errors
    return f"{errors} error{'s' * (errors != 1)}, {warnings} warning{'s' * (warnings != 1)}"


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="timeline-site")
def main() -> None:
    """Sourced, dated timelines from Markdown event files, published with MkDocs."""


@main.command()
@config_option
@click.option("--drafts", is_flag=True, help="Include events marked draft: true.")
def check(config_file: Path, drafts: bool) -> None:
    """Check all content; print every problem as path:line: message.

    Exits 1 when there are errors, 0 when there are only warnings."""
    settings = _settings(config_file, drafts)
    timeline, problems = read_timeline(settings)
    _report(problems)
    click.echo(f"{len(timeline.events)} events, {len(timeline.sources)} sources: {_summary(problems)}",
               err=True)
    sys.exit(1 if has_errors(problems) else 0)


@main.command()
@config_option
@click.option("--drafts", is_flag=True, help="Include events marked draft: true.")
@click.option("--verbose", "-v", is_flag=True, help="Show MkDocs' progress messages.")
def build(config_file: Path, drafts: bool, verbose: bool) -> None:
    """Check the content, generate the pages and build the site with `mkdocs build --strict`.

    A failed build leaves the previous site folder untouched."""
    settings = _settings(config_file, drafts)
    try:
        site_dir, warnings = build_site(config_file, settings, verbose)
    except ContentError as error:
        _report(error.problems)
        click.echo(f"Build stopped: {_summary(error.problems)}. The previous site is unchanged.", err=True)
        sys.exit(1)
    except BuildFailed as error:
        click.echo(f"Build failed: {error}. The previous site is unchanged.", err=True)
        sys.exit(1)
    _report(warnings)
    click.echo(f"Site built in {site_dir}" + (f" ({_summary(warnings)})" if warnings else ""), err=True)


@main.command()
@config_option
@click.option("--drafts", is_flag=True, help="Include events marked draft: true.")
@click.option("--dev-addr", "-a", default=None, metavar="IP:PORT", help="Address to serve on.")
def serve(config_file: Path, drafts: bool, dev_addr: str | None) -> None:
    """Preview the site; pages reload in the browser when content or templates change."""
    _settings(config_file, drafts)
    from mkdocs.commands.serve import serve as mkdocs_serve
    from mkdocs.exceptions import MkDocsException

    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    if drafts:
        os.environ["TIMELINE_DRAFTS"] = "1"
    from .build import _show_mkdocs_log
    _show_mkdocs_log(verbose=True)
    try:
        mkdocs_serve(str(config_file), livereload=True, build_type=None,
                     **({"dev_addr": dev_addr} if dev_addr else {}))
    except MkDocsException as error:
        click.echo(f"Serve failed: {error}", err=True)
        sys.exit(1)
    except OSError as error:
        click.echo(f"Cannot serve on that address: {error.strerror}. "
                   "Is another preview running? Choose another with --dev-addr 127.0.0.1:8001", err=True)
        sys.exit(1)


@main.command()
@config_option
@click.option("--out", "out_dir", required=True, type=click.Path(file_okay=False, path_type=Path),
              help="Folder to write the generated Markdown pages into.")
@click.option("--drafts", is_flag=True, help="Include events marked draft: true.")
def generate(config_file: Path, out_dir: Path, drafts: bool) -> None:
    """Write the generated Markdown pages (plain Markdown any MkDocs-compatible engine builds)."""
    settings = _settings(config_file, drafts)
    timeline, problems = read_timeline(settings)
    _report(problems)
    if has_errors(problems):
        click.echo(f"Nothing written: {_summary(problems)}.", err=True)
        sys.exit(1)
    try:
        check_output_folder(out_dir, [settings.content_path, settings.templates_path,
                                      settings.root / "generator"])
        site, _ = publish(timeline, settings)
        changed = write_pages(site.pages, out_dir)
    except ContentError as error:
        _report(error.problems)
        sys.exit(1)
    except (UnsafePathError, OSError) as error:
        click.echo(f"Cannot write the pages: {error}", err=True)
        sys.exit(1)
    click.echo(f"{len(site.pages)} pages in {out_dir} ({len(changed)} changed)", err=True)


@main.command()
@config_option
@click.argument("title")
@click.option("--date", "date", required=True, help="2023-10-13, 2023-10, 2023, an interval A/B, or '13 October 2023'.")
@click.option("--tag", "tags", multiple=True, help="A tag (repeat for more).")
@click.option("--actor", "actors", multiple=True, help="An actor (repeat for more).")
@click.option("--place", "places", multiple=True, help="A place (repeat for more).")
@click.option("--source", "sources", multiple=True, help="A source id from content/sources/, or a url.")
@click.option("--status", type=click.Choice(STATUSES), default="reported", show_default=True)
def new(config_file: Path, title: str, date: str, tags, actors, places, sources, status) -> None:
    """Create a new event file with a unique name."""
    from .scaffold import new_event

    settings = _settings(config_file)
    if not title.strip() or "\n" in title:
        raise click.BadParameter("give a one-line title", param_hint="TITLE")
    try:
        path = new_event(settings, title.strip(), date, tags, actors, places, sources, status)
    except dates.DateError as error:
        raise click.BadParameter(f"{error.message} ({error.hint})", param_hint="--date") from None
    except ContentError as error:
        for problem in error.problems:
            click.echo(f"{problem.message}" + (f" ({problem.hint})" if problem.hint else ""), err=True)
        click.echo("Nothing written.", err=True)
        sys.exit(2)
    except OSError as error:
        click.echo(f"Cannot write the event: {error.strerror}: {error.filename}", err=True)
        sys.exit(1)
    click.echo(path.as_posix())


@main.command("deploy")
@config_option
@click.option("--remote", default="origin", show_default=True, help="The git remote to push to.")
@click.option("--branch", default="gh-pages", show_default=True, help="The branch GitHub Pages serves.")
@click.option("--message", "-m", default=None, help="The commit message.")
@click.option("--no-push", is_flag=True, help="Commit to the branch but do not push it.")
def deploy_command(config_file: Path, remote: str, branch: str, message: str | None, no_push: bool) -> None:
    """Build the site and publish it to the gh-pages branch (keeping its history)."""
    from .deploy import DeployError, deploy

    settings = _settings(config_file)
    try:
        _, commit = deploy(config_file, settings, remote, branch, message, push=not no_push)
    except ContentError as error:
        _report(error.problems)
        click.echo("Nothing deployed: the content has errors.", err=True)
        sys.exit(1)
    except BuildFailed as error:
        click.echo(f"Nothing deployed: the build failed: {error}", err=True)
        sys.exit(1)
    except DeployError as error:
        click.echo(f"Deploy failed: {error}", err=True)
        sys.exit(1)
    click.echo(f"Deployed {commit[:10]} to {branch}" + ("" if no_push else f" on {remote}"), err=True)


@main.command("export")
@config_option
@click.option("--format", "format_", required=True,
              type=click.Choice(["json", "schema", "csv", "timelinejs", "timelinejs-csv", "timelinesetter-csv"]),
              help="events.json, its JSON Schema, events.csv, TimelineJS3 JSON, or the TimelineJS / "
                   "TimelineSetter spreadsheets.")
@click.option("--out", "out_file", type=click.Path(dir_okay=False, path_type=Path),
              help="File to write (default: standard output).")
@click.option("--drafts", is_flag=True, help="Include events marked draft: true.")
def export_command(config_file: Path, format_: str, out_file: Path | None, drafts: bool) -> None:
    """Export the published events for other tools."""
    from .exports import export

    settings = _settings(config_file, drafts)
    timeline, problems = read_timeline(settings)
    if has_errors(problems):
        _report(problems)
        click.echo(f"Nothing exported: {_summary(problems)} (an export would silently miss events).", err=True)
        sys.exit(1)
    text = export(timeline, settings, format_)
    if out_file is None:
        click.echo(text, nl=False)
        return
    try:
        out_file.write_text(text, encoding="utf-8", newline="")
    except OSError as error:
        click.echo(f"Cannot write {out_file}: {error.strerror}", err=True)
        sys.exit(1)
    click.echo(f"{len(timeline.events)} events exported to {out_file}", err=True)


@main.command("import")
@config_option
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--format", "format_", type=click.Choice(["timelinejs-csv", "timelinejs-json", "timelinesetter-csv"]),
              help="The file's format (default: detected from the file).")
@click.option("--out", "out_dir", type=click.Path(file_okay=False, path_type=Path),
              help="Folder for the event files (default: content/events/).")
@click.option("--dry-run", is_flag=True, help="Check and report, write nothing.")
def import_command(config_file: Path, file: Path, format_: str | None, out_dir: Path | None, dry_run: bool) -> None:
    """Import a TimelineJS sheet (CSV) or JSON file, or a TimelineSetter CSV, as event files."""
    from .importers import import_file

    settings = _settings(config_file)
    try:
        report = import_file(file, settings, format=format_, out_dir=out_dir, write=not dry_run)
    except OSError as error:
        click.echo(f"Cannot write the events: {error.strerror}: {error.filename}", err=True)
        sys.exit(1)
    _report(report.problems)
    for line in report.summary():
        click.echo(line)
    sys.exit(1 if report.has_errors else 0)


def _date_option(value: str | None) -> dt.date | None:
    if not value:
        return None
    try:
        parsed = dates.parse(value)
    except dates.DateError as error:
        raise click.BadParameter(f"{error.message} ({error.hint})", param_hint="--published") from None
    point = parsed.anchor
    if parsed.interval or point.day is None or point.year < 1:
        raise click.BadParameter("give a day, e.g. 2023-10-26", param_hint="--published")
    return dt.date(point.year, point.month, point.day)


@main.command()
@click.argument("file", type=click.File("rb"))
@click.option("--published", help="Publication date the relative expressions are resolved against "
                                  "(else the file's header or front matter).")
@click.option("--json", "as_json", is_flag=True, help="Print a JSON list with character offsets.")
def dates_command(file, published: str | None, as_json: bool) -> None:
    """List the temporal expressions in FILE ('-' for standard input), normalised as TIMEX3."""
    from . import timex
    from .articles import published_in

    anchor = _date_option(published)
    try:
        # Bytes decoded here, not by a text-mode file: offsets must count the text as
        # saved, \r\n line ends included.
        text = file.read().decode("utf-8-sig")
    except UnicodeDecodeError:
        raise click.BadParameter("the file is not UTF-8 text", param_hint="FILE") from None
    if anchor is None and (anchor := published_in(text)) is not None:
        click.echo(f"Publication date {anchor.isoformat()}, from the file's header.", err=True)
    if anchor is None:
        click.echo("No publication date given (--published): relative expressions stay unresolved.", err=True)
    found = timex.tag(text, anchor)
    if as_json:
        click.echo(json.dumps(timex.to_json(found), ensure_ascii=False, indent=2))
    else:
        click.echo(timex.format_listing(found))


dates_command.name = "dates"


@main.command("extract")
@config_option
@click.argument("files", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--published", help="Publication date of the articles (else their header or metadata).")
@click.option("--json", "as_json", is_flag=True, help="Print the drafts as JSON and write nothing.")
@click.option("--out", "out_dir", type=click.Path(file_okay=False, path_type=Path),
              help="Folder for the draft files (default: content/events/).")
@click.option("--merge", is_flag=True, help="Add new sources to the existing events they match.")
def extract_command(config_file: Path, files: tuple[Path, ...], published: str | None, as_json: bool,
                    out_dir: Path | None, merge: bool) -> None:
    """Draft events from articles (.txt, .md, .html), each with its supporting quote."""
    from .drafting import extract

    settings = _settings(config_file)
    anchor = _date_option(published)

    def progress(items):
        if len(items) < 5:
            return items
        return click.progressbar(items, label="Reading articles", file=sys.stderr)

    try:
        report = extract(list(files), settings, anchor, out_dir, write=not as_json, merge=merge,
                         progress=lambda items: _iterate(progress(items)))
    except ContentError as error:
        _report(error.problems)
        sys.exit(1)
    except OSError as error:
        click.echo(f"Cannot write the drafts: {error.strerror}: {error.filename}", err=True)
        sys.exit(1)
    for note in report.notes:
        click.echo(note, err=True)
    _report(report.problems)
    if as_json:
        click.echo(json.dumps([d.to_json() for d in report.drafts], ensure_ascii=False, indent=2))
    else:
        for path in report.written:
            click.echo(f"wrote    {path}")
        for draft, event in report.merged:
            click.echo(f"merged   a new source into {event.path} ({draft.title})")
        for draft, event in report.new_sources:
            click.echo(f"source   for {event.path}: {draft.title!r} (add it with --merge)")
        for draft, event in report.skipped:
            click.echo(f"skipped  {draft.title!r}: {event.path} already cites it")
    click.echo(f"{len(report.drafts)} new draft{'s' * (len(report.drafts) != 1)}, "
               f"{len(report.merged)} merged into existing events, {len(report.new_sources)} new sources for "
               f"existing events, "
               f"{len(report.skipped)} already in the content", err=True)
    sys.exit(1 if report.problems else 0)


def _iterate(items):
    if hasattr(items, "__enter__"):
        with items as bar:
            yield from bar
    else:
        yield from items


if __name__ == "__main__":
    main()
