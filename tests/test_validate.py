"""Validation: a corpus of bad content, each case reported as `path:line: severity: message`.

Every case is a small project in tests/fixtures/bad/<case>/content/ (events/ and,
where needed, sources/). The tests read it in place with Settings(root=<case>).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli import main
from generator.config import Settings, load_settings
from generator.pipeline import event_files, read_timeline
from generator.problems import ERROR

ROOT = Path(__file__).resolve().parents[1]
BAD = Path(__file__).parent / "fixtures" / "bad"


def problems_of(root: Path, **settings):
    _, problems = read_timeline(Settings(root=root, content_dir="content", **settings))
    return problems


def first_lines(problems) -> list[str]:
    return [p.format().splitlines()[0] for p in problems]


def write_event(root: Path, name: str, data: str | bytes) -> None:
    events = root / "content" / "events"
    events.mkdir(parents=True, exist_ok=True)
    path = events / name
    if isinstance(data, bytes):
        path.write_bytes(data)
    else:
        path.write_text(data, encoding="utf-8")


# --- the corpus -----------------------------------------------------------------------

CASES = [
    # (case folder, the exact first line of each problem, in report order)
    ("invalid-yaml", [
        "content/events/summit.md:2: error: invalid YAML in the front matter: "
        "mapping values are not allowed in this context"]),
    ("no-front-matter", [
        "content/events/summit.md:1: error: no front matter: the file must start with a line '---'"]),
    ("unclosed-front-matter", [
        "content/events/summit.md:1: error: the front matter is not closed"]),
    ("front-matter-not-mapping", [
        "content/events/summit.md:2: error: the front matter must be a list of 'key: value' lines"]),
    ("empty-file", [
        "content/events/summit.md:1: error: the file is empty"]),
    ("missing-title", [
        "content/events/summit.md:1: error: missing 'title'"]),
    ("missing-date", [
        "content/events/summit.md:1: error: missing 'date'"]),
    ("impossible-date", [
        "content/events/summit.md:3: error: impossible date '2023-02-30': February 2023 has 28 days"]),
    ("unknown-date-form", [
        "content/events/summit.md:4: error: unknown date form 'the week after Chuseok'"]),
    ("end-before-start", [
        "content/events/shipments.md:3: error: interval '2023-10-01/2023-09-07' ends before it starts"]),
    ("duplicate-ids", [
        "content/events/b-summit-again.md:5: error: duplicate event id 'summit', "
        "already used by content/events/a-summit.md"]),
    ("unknown-source-id", [
        "content/events/containers.md:6: error: unknown source id 'kirby-breifing'"]),
    ("unknown-status", [
        "content/events/summit.md:3: error: unknown status 'rumoured'"]),
    ("id-with-slash", [
        "content/events/summit.md:4: error: '2023/summit' is not a valid event id"]),
    ("id-with-dotdot", [
        "content/events/summit.md:5: error: '../../etc/passwd' is not a valid event id"]),
    ("bad-url-scheme", [
        "content/events/summit.md:5: error: 'javascript:alert(1)' is not a web address"]),
    ("bad-time", [
        "content/events/launch.md:4: error: '25:00' is not a time"]),
    ("unsourced", [
        "content/events/summit.md:1: warning: the event cites no source"]),
    ("unknown-field", [
        "content/events/summit.md:5: warning: unknown field 'tgas' is ignored"]),
    ("list-field-mapping", [
        "content/events/summit.md:5: error: 'actors' must be a list"]),
    ("source-problems", [
        "content/sources/kirby-briefing.md:3: error: 'javascript:alert(1)' is not a web address",
        "content/sources/kirby-briefing.md:4: error: impossible date '2023-02-30': February 2023 has 28 days",
        "content/sources/kirby-briefing.md:5: warning: unknown field 'publsher' is ignored"]),
    ("time-unquoted", []),
]


@pytest.mark.parametrize(("case", "expected"), CASES, ids=[c for c, _ in CASES])
def test_bad_case_reports_exactly_these_problems(case, expected):
    assert first_lines(problems_of(BAD / case)) == expected


HINTS = [
    # (case, a phrase the hint of its first problem contains)
    ("invalid-yaml", "quote values"),
    ("no-front-matter", "add '---'"),
    ("unclosed-front-matter", "add a line '---'"),
    ("empty-file", "start it with front matter"),
    ("missing-title", "add a line 'title: ...'"),
    ("missing-date", "date: 2023-10-13"),
    ("impossible-date", "2023-10-13"),
    ("unknown-date-form", "2023-10-13"),
    ("end-before-start", "put the earlier date first"),
    ("duplicate-ids", "give one of them another 'id:'"),
    ("unknown-source-id", "did you mean 'kirby-briefing'?"),
    ("unknown-status", "use one of confirmed, reported, alleged, disputed, denied"),
    ("id-with-slash", "use only a-z, 0-9 and '-'"),
    ("id-with-dotdot", "use only a-z, 0-9 and '-'"),
    ("bad-url-scheme", "http:// or https://"),
    ("bad-time", 'HH:MM, e.g. "14:30"'),
    ("unsourced", "add a 'sources:' list"),
    ("unknown-field", "did you mean 'tags'?"),
    ("list-field-mapping", "write actors: [first, second]"),
]


@pytest.mark.parametrize(("case", "phrase"), HINTS, ids=[c for c, _ in HINTS])
def test_bad_case_has_a_hint(case, phrase):
    problem = problems_of(BAD / case)[0]
    assert phrase in problem.hint
    assert problem.format().splitlines()[1] == f"    hint: {problem.hint}"


def test_every_fixture_case_is_tested():
    assert {c for c, _ in CASES} | {"many-problems"} == {p.name for p in BAD.iterdir() if p.is_dir()}


def test_bad_events_are_left_out_of_the_timeline_but_warnings_are_not():
    for case, expected in CASES:
        timeline, problems = read_timeline(Settings(root=BAD / case, content_dir="content"))
        if any(p.severity == ERROR for p in problems if p.path.startswith("content/events/")):
            if case == "duplicate-ids":
                assert [e.path for e in timeline.events] == ["content/events/a-summit.md"]
            else:
                assert timeline.events == [], case
        else:
            assert len(timeline.events) == 1, case


def test_source_with_errors_is_dropped():
    timeline, _ = read_timeline(Settings(root=BAD / "source-problems", content_dir="content"))
    assert timeline.sources == []


def test_unsourced_is_an_error_when_the_settings_say_so():
    problems = problems_of(BAD / "unsourced", unsourced="error")
    assert first_lines(problems) == ["content/events/summit.md:1: error: the event cites no source"]
    assert problems[0].severity == ERROR


def test_unsourced_can_be_ignored():
    assert problems_of(BAD / "unsourced", unsourced="ignore") == []


def test_unquoted_time_is_read_as_hours_and_minutes():
    # YAML 1.1 reads an unquoted 14:30 as the base-60 number 870.
    timeline, problems = read_timeline(Settings(root=BAD / "time-unquoted", content_dir="content"))
    assert problems == []
    assert [e.time for e in timeline.events] == ["14:30"]


def test_non_utf8_file(tmp_path):
    write_event(tmp_path, "cafe.md", b"---\ntitle: Caf\xe9 meeting\ndate: 2023-09-13\n---\n")
    problems = problems_of(tmp_path)
    assert first_lines(problems) == ["content/events/cafe.md:2: error: the file is not UTF-8 text"]
    assert "UTF-8" in problems[0].hint


def test_utf8_with_byte_order_mark_is_fine(tmp_path):
    write_event(tmp_path, "summit.md", "\ufeff---\ntitle: Kim and Putin meet\ndate: 2023-09-13\n"
                "sources: [https://example.org/report]\n---\n")
    assert problems_of(tmp_path) == []


def test_unquoted_impossible_date_is_a_problem_not_a_crash(tmp_path):
    write_event(tmp_path, "summit.md", "---\ntitle: Kim and Putin meet\ndate: 2023-02-30\n"
                "sources: [https://example.org/report]\n---\n")
    assert first_lines(problems_of(tmp_path)) == [
        "content/events/summit.md:3: error: impossible date '2023-02-30': February 2023 has 28 days"]


def test_no_events_folder(tmp_path):
    (tmp_path / "content").mkdir()
    assert first_lines(problems_of(tmp_path)) == ["content:1: error: no 'events' folder in the content folder"]


def test_event_files_are_read_folder_by_folder_without_following_folder_links(tmp_path):
    events = tmp_path / "content" / "events"
    for name in ("a/x.md", "a-b/x.md", "a b/x.md", "A/x.md", ".hidden/h.md", "z/y/deep.md",
                 "top.md", "Top.md", "top-2.md", "top 2.md", "notes.txt", "upper.MD"):
        (events / name).parent.mkdir(parents=True, exist_ok=True)
        (events / name).write_text("", encoding="utf-8")
    (events / "folder.md").mkdir()  # listed, so that reading it is reported
    (tmp_path / "elsewhere").mkdir()
    (tmp_path / "elsewhere" / "linked.md").write_text("", encoding="utf-8")
    (events / "link").symlink_to(tmp_path / "elsewhere", target_is_directory=True)
    (events / "a" / "loop").symlink_to(events, target_is_directory=True)

    shown = [p.relative_to(events).as_posix() for p in event_files(Settings(root=tmp_path, content_dir="content"))]
    # A duplicate id is reported on the later file, so the order is part of the output.
    assert shown == [".hidden/h.md", "A/x.md", "Top.md", "a/x.md", "a b/x.md", "a-b/x.md", "folder.md",
                     "top 2.md", "top-2.md", "top.md", "z/y/deep.md"]
    assert [line.split(": error: ")[1] for line in first_lines(problems_of(tmp_path)) if "folder.md" in line] == [
        "cannot read the file: Is a directory"]


# --- the `check` command ----------------------------------------------------------------

def project(tmp_path: Path, *cases: str) -> Path:
    """Copy fixture cases into one project in tmp_path; return its mkdocs.yml."""
    for case in cases:
        shutil.copytree(BAD / case / "content", tmp_path / "content", dirs_exist_ok=True)
    config = tmp_path / "mkdocs.yml"
    config.write_text("site_name: T\ndocs_dir: content\n", encoding="utf-8")
    return config


def run_check(config: Path, *args: str):
    return CliRunner().invoke(main, ["check", "--config", str(config), *args])


def test_check_prints_every_problem_and_exits_1(tmp_path):
    result = run_check(project(tmp_path, "many-problems"))
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    lines = [line for line in result.output.splitlines() if ": error: " in line or ": warning: " in line]
    assert lines == [
        "content/events/one.md:3: error: ambiguous date '13/09/2023': day and month order is unclear",
        "content/events/one.md:4: error: unknown status 'rumoured'",
        "content/events/one.md:5: error: 'noon' is not a time",
        "content/events/one.md:7: warning: unknown field 'locaton' is ignored",
        "content/events/three.md:1: warning: the event cites no source",
        "content/events/two.md:1: error: missing 'title'",
        "content/events/two.md:2: error: 'Two Events' is not a valid event id",
        "content/events/two.md:4: error: 'tags' must be a list",
        "content/events/two.md:7: error: 'ftp://example.org/report' is not a web address",
    ]
    assert result.output.count("    hint: ") == len(lines)
    assert result.output.rstrip().endswith("1 events, 0 sources: 7 errors, 2 warnings")


def test_check_reports_problems_from_many_cases_at_once(tmp_path):
    cases = ["invalid-yaml", "unknown-status", "end-before-start", "unknown-source-id", "bad-url-scheme"]
    # Several cases share a file name, so each case's events go in a folder of their own.
    for case in cases:
        shutil.copytree(BAD / case / "content" / "events", tmp_path / "content" / "events" / case)
        if (BAD / case / "content" / "sources").exists():
            shutil.copytree(BAD / case / "content" / "sources", tmp_path / "content" / "sources")
    result = run_check(project(tmp_path))
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    for case in cases:
        for line in dict(CASES)[case]:
            assert line.replace("content/events/", f"content/events/{case}/") in result.output


def test_check_with_only_warnings_exits_0(tmp_path):
    result = run_check(project(tmp_path, "unknown-field"))
    assert result.exit_code == 0, result.output
    assert "content/events/summit.md:5: warning: unknown field 'tgas' is ignored" in result.output
    assert "1 events, 0 sources: 0 errors, 1 warning" in result.output
    assert "Traceback" not in result.output


def test_check_unsourced_setting_turns_the_warning_into_an_error(tmp_path):
    config = project(tmp_path, "unsourced")
    assert run_check(config).exit_code == 0
    config.write_text("site_name: T\ndocs_dir: content\nextra:\n  timeline:\n    unsourced: error\n",
                      encoding="utf-8")
    result = run_check(config)
    assert result.exit_code == 1
    assert "content/events/summit.md:1: error: the event cites no source" in result.output


def test_check_non_utf8_file_does_not_crash(tmp_path):
    config = project(tmp_path, "unknown-status")
    write_event(tmp_path, "latin1.md", b"---\ntitle: Caf\xe9\ndate: 2023\n---\n")
    result = run_check(config)
    assert result.exit_code == 1
    assert "content/events/latin1.md:2: error: the file is not UTF-8 text" in result.output
    assert "content/events/summit.md:3: error: unknown status 'rumoured'" in result.output
    assert "Traceback" not in result.output


def test_check_bad_setting_is_reported_with_its_line(tmp_path):
    config = project(tmp_path, "time-unquoted")
    config.write_text("site_name: T\ndocs_dir: content\nextra:\n  timeline:\n    unsourced: never\n",
                      encoding="utf-8")
    result = run_check(config)
    assert result.exit_code == 1
    assert "mkdocs.yml:5: error: extra.timeline.unsourced: must be one of warning, error, ignore" in result.output
    assert "Traceback" not in result.output


# --- the example content ------------------------------------------------------------------

def test_example_content_checks_clean():
    timeline, problems = read_timeline(load_settings(ROOT / "mkdocs.yml"))
    assert [p.format() for p in problems] == []
    assert len(timeline.events) == len(list((ROOT / "content" / "events").glob("*.md")))


def test_check_on_example_content_exits_0():
    result = run_check(ROOT / "mkdocs.yml")
    assert result.exit_code == 0, result.output
    assert result.output.rstrip().endswith(": 0 errors, 0 warnings")


def test_plain_yaml_values_are_read_as_written(tmp_path):
    write_event(tmp_path, "ancient.md", "---\ntitle: On\ndate: 0044\nplaces: [NO, SE]\ntags: [off, 12:30]\n"
                "sources: [{title: Yes, quote: no}]\n---\n")
    timeline, problems = read_timeline(Settings(root=tmp_path, content_dir="content"))
    assert [p for p in problems if p.severity == ERROR] == []
    event = timeline.events[0]
    assert (event.title, event.date.edtf(), event.places, event.tags) == ("On", "0044", ("NO", "SE"), ("off", "12:30"))
    assert (event.citations[0].source.title, event.citations[0].quote) == ("Yes", "no")


def test_a_day_without_dashes_is_refused(tmp_path):
    write_event(tmp_path, "x.md", "---\ntitle: X\ndate: 20231013\nsources: [https://example.org]\n---\n")
    assert first_lines(problems_of(tmp_path)) == [
        "content/events/x.md:3: error: unknown date form '20231013': years after AD 9999 are not supported"]


def test_nested_aliases_do_not_explode(tmp_path):
    lines = ["a0: &a0 [" + ", ".join(["lol"] * 10) + "]"]
    lines += [f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 10) + "]" for i in range(1, 10)]
    write_event(tmp_path, "bomb.md", "---\ntitle: B\ndate: 2023\nsources: [https://example.org]\n"
                + "\n".join(lines) + "\n---\n")
    problems = problems_of(tmp_path)  # finishes: the aliased lists are shared, not copied
    assert any("unknown field 'a9'" in p.message for p in problems)


@pytest.mark.parametrize("zone", ["+25:00", "+23:99", "-13:00x"])
def test_impossible_utc_offsets_are_refused(tmp_path, zone):
    write_event(tmp_path, "t.md", f"---\ntitle: T\ndate: 2023-10-13\ntime: '10:00'\ntimezone: '{zone}'\n"
                "sources: [https://example.org]\n---\n")
    assert first_lines(problems_of(tmp_path)) == [f"content/events/t.md:5: error: unknown time zone '{zone}'"]


def test_unprintable_characters_are_reported_not_crashing_the_feeds(tmp_path):
    write_event(tmp_path, "bell.md", '---\ntitle: "Ring \\a the bell"\ndate: 2023-10-13\n'
                'sources: [{url: "https://example.org/", quote: "a \\x1f b"}]\n---\nFine text.\n')
    write_event(tmp_path, "body.md", "---\ntitle: Fine\ndate: 2023-10-13\nsources: [https://example.org/]\n"
                "---\nFirst line.\nSecond \x0b line.\n")
    assert first_lines(problems_of(tmp_path)) == [
        "content/events/bell.md:2: error: 'title' holds the unprintable character U+0007",
        "content/events/bell.md:4: error: 'sources' holds the unprintable character U+001F",
        "content/events/body.md:7: error: the text holds the unprintable character U+000B",
    ]
    timeline, _ = read_timeline(Settings(root=tmp_path, content_dir="content"))
    assert timeline.events == []


def test_noncharacters_and_carriage_returns_are_reported(tmp_path):
    write_event(tmp_path, "nonchar.md", '---\ntitle: "Odd \\uFFFF title"\ndate: 2023-10-13\n'
                'sources: [https://example.org/]\n---\nText \ufffe here.\n')
    write_event(tmp_path, "cr.md", '---\ntitle: "Two\\r\\rlines"\ndate: 2023-10-13\n'
                'sources: [https://example.org/]\n---\n')
    assert first_lines(problems_of(tmp_path)) == [
        "content/events/cr.md:2: error: 'title' must be one line",
        "content/events/nonchar.md:2: error: 'title' holds the unprintable character U+FFFF",
        "content/events/nonchar.md:6: error: the text holds the unprintable character U+FFFE",
    ]
