"""Work handed to a second process: the same site, the same search index; failures
are reported or made up for."""

from __future__ import annotations

import logging
import os
import time

import pytest

from generator import parallel
from generator.build import build_site
from generator.config import load_settings
from tests.test_site import FIXTURE, ROOT, copy_project


def build_index(tmp_path, name: str, project=ROOT) -> bytes:
    config = copy_project(project, tmp_path / name)
    site_dir, _ = build_site(config, load_settings(config), site_dir=tmp_path / name / "site")
    assert (site_dir / "exports" / "events.json").stat().st_size > 0  # spilled files were copied
    return (site_dir / "search" / "search_index.json").read_bytes()


def test_the_worker_makes_the_same_index(tmp_path, monkeypatch):
    monkeypatch.setattr(parallel, "MIN_EVENTS", 10**9)
    alone = build_index(tmp_path, "alone")
    started = []
    real_init = parallel.SearchWorker.__init__

    def counting_init(self, plugin):
        started.append(self)
        real_init(self, plugin)

    monkeypatch.setattr(parallel.SearchWorker, "__init__", counting_init)
    monkeypatch.setattr(parallel, "MIN_EVENTS", 0)
    assert build_index(tmp_path, "worker") == alone
    assert len(started) == 1 and started[0].handed_over  # the pages went to the worker
    assert not started[0].process.is_alive()
    assert b"Kim Jong Un" in alone


def _dying_worker(index, pages, results):
    os._exit(3)  # as if killed: sends nothing back


def test_a_dead_worker_means_the_pages_are_indexed_here(tmp_path, monkeypatch, caplog):
    monkeypatch.setattr(parallel, "MIN_EVENTS", 10**9)
    alone = build_index(tmp_path, "alone")
    monkeypatch.setattr(parallel, "MIN_EVENTS", 0)
    monkeypatch.setattr(parallel, "_index_pages", _dying_worker)
    with caplog.at_level(logging.WARNING, logger="timeline"):
        logging.getLogger("timeline").propagate = True
        try:
            assert build_index(tmp_path, "dead") == alone
        finally:
            logging.getLogger("timeline").propagate = False
    assert "indexing here instead" in caplog.text


def test_no_temporary_files_are_left(tmp_path, monkeypatch):
    import tempfile

    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "tmp"))
    (tmp_path / "tmp").mkdir()
    monkeypatch.setattr(parallel, "MIN_EVENTS", 0)
    build_index(tmp_path, "site")
    assert list((tmp_path / "tmp").iterdir()) == []


def test_a_failed_data_files_job_fails_the_build_with_its_reason(tmp_path, monkeypatch, caplog):
    import generator.publish
    from generator.build import BuildFailed

    def full_disk(timeline, settings):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(parallel, "MIN_EVENTS", 0)
    monkeypatch.setattr(generator.publish, "export_files", full_disk)
    config = copy_project(ROOT, tmp_path / "p")
    with pytest.raises(BuildFailed):
        build_site(config, load_settings(config), site_dir=tmp_path / "p" / "site")
    assert "writing the feeds and exports failed: OSError: [Errno 28] No space left" in caplog.text
    assert not (tmp_path / "p" / "site").exists()


def test_map_on_two_cores_gives_the_same_list_in_the_same_order(monkeypatch):
    monkeypatch.setattr(parallel, "MIN_FILES", 4)
    items = list(range(101))
    pids = []

    def work(part):
        pids.append(os.getpid())
        return [(item, item * item) for item in part]

    assert parallel.map_on_two_cores(work, items) == work(items)
    assert pids[0] == os.getpid()  # the first part here; the other's in the child, not recorded here


def test_map_on_two_cores_redoes_the_part_of_a_process_that_died(monkeypatch):
    monkeypatch.setattr(parallel, "MIN_FILES", 0)
    parent = os.getpid()

    def work(part):
        if os.getpid() != parent and part[0] < 90:
            os._exit(3)  # the second process dies after taking ten items from the back
        time.sleep(0.002)  # this one is slow: the other surely takes some
        return [item * 2 for item in part]

    assert parallel.map_on_two_cores(work, list(range(100))) == [item * 2 for item in range(100)]


def test_map_on_two_cores_goes_on_when_the_other_process_dies_holding_the_lock(monkeypatch):
    def die_holding_the_lock(work, items, bounds, lock, chunk, sender):
        lock.acquire()
        os._exit(3)

    def slowly(part):
        time.sleep(0.2)  # the other process surely takes the lock meanwhile
        return [item + 1 for item in part]

    monkeypatch.setattr(parallel, "MIN_FILES", 0)
    monkeypatch.setattr(parallel, "_work_on", die_holding_the_lock)
    assert parallel.map_on_two_cores(slowly, list(range(50)), chunk=25) == list(range(1, 51))


def test_map_on_two_cores_raises_an_error_of_the_other_process_here(monkeypatch):
    monkeypatch.setattr(parallel, "MIN_FILES", 0)

    def work(part):
        if 97 in part:
            raise ValueError("bad item 97")
        return part

    with pytest.raises(ValueError, match="bad item 97"):
        parallel.map_on_two_cores(work, list(range(100)), chunk=3)


def test_reading_on_two_cores_reads_the_same_timeline(monkeypatch):
    from generator.pipeline import read_timeline
    from tests.test_validate import BAD

    settings = load_settings(ROOT / "mkdocs.yml")
    alone = read_timeline(settings)
    monkeypatch.setattr(parallel, "MIN_FILES", 0)
    assert read_timeline(settings) == alone
    # Problems and duplicate ids across the two parts are found as before.
    from generator.config import Settings
    bad = Settings(root=BAD / "duplicate-ids", content_dir="content")
    monkeypatch.setattr(parallel, "MIN_FILES", 10**9)
    expected = read_timeline(bad)
    monkeypatch.setattr(parallel, "MIN_FILES", 0)
    assert read_timeline(bad) == expected and expected[1]


def test_the_worker_makes_the_same_index_of_hostile_content(tmp_path, monkeypatch):
    # Titles, quotes and terms with markup in them: the facts the worker slims for
    # indexing must give the same entries.
    monkeypatch.setattr(parallel, "MIN_EVENTS", 10**9)
    alone = build_index(tmp_path, "alone", FIXTURE)
    monkeypatch.setattr(parallel, "MIN_EVENTS", 0)
    assert build_index(tmp_path, "worker", FIXTURE) == alone
    index = alone.decode("utf-8")
    assert "Source with ) and &lt;tags&gt;" in index and "&lt;script&gt;bad()&lt;/script&gt;" in index


def test_facts_reach_the_indexer_without_inline_tags_unless_they_hold_a_heading():
    facts = '<div class="tl-facts">\n<p><strong>Tags:</strong> <a href="x/">arms</a><br>\nmore</p>\n</div>'
    assert parallel.search_html(f"<p>a</p>\n{facts}\n") == '<p>a</p>\n<div class="tl-facts">\n<p>Tags: arms\nmore</p>\n</div>\n'
    with_heading = facts.replace("<p>", '<h4 id="h">Notes<a class="headerlink" href="#h">¶</a></h4><p>', 1)
    assert parallel.search_html(with_heading) == with_heading


def test_only_a_one_off_build_freezes_what_it_keeps(tmp_path, monkeypatch):
    # `mkdocs serve` rebuilds in one process: a freeze there would take the garbage of
    # earlier builds with it, again and again. A one-off build freezes, and unfreezes at its end.
    import gc

    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    freezes = []
    real_freeze = gc.freeze
    monkeypatch.setattr(gc, "freeze", lambda: (freezes.append(1), real_freeze()))
    config_file = copy_project(ROOT, tmp_path / "p")
    for command in ("serve", "build"):
        freezes.clear()
        config = load_config(str(config_file), site_dir=str(tmp_path / "p" / "site"))
        config.plugins.on_startup(command=command, dirty=False)
        try:
            build(config)
        finally:
            config.plugins.on_shutdown()
        assert gc.get_freeze_count() == 0
        assert bool(freezes) == (command == "build"), command
