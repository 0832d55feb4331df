"""The search index made in a second process is the one the plugin makes itself."""

from __future__ import annotations

import logging
import os

from generator import search_worker
from generator.build import build_site
from generator.config import load_settings
from tests.test_site import ROOT, copy_project


def build_index(tmp_path, name: str) -> bytes:
    config = copy_project(ROOT, tmp_path / name)
    site_dir, _ = build_site(config, load_settings(config), site_dir=tmp_path / name / "site")
    assert (site_dir / "exports" / "events.json").stat().st_size > 0  # spilled files were copied
    return (site_dir / "search" / "search_index.json").read_bytes()


def test_the_worker_makes_the_same_index(tmp_path, monkeypatch):
    monkeypatch.setattr(search_worker, "MIN_EVENTS", 10**9)
    alone = build_index(tmp_path, "alone")
    started = []
    real_init = search_worker.SearchWorker.__init__

    def counting_init(self, plugin):
        started.append(self)
        real_init(self, plugin)

    monkeypatch.setattr(search_worker.SearchWorker, "__init__", counting_init)
    monkeypatch.setattr(search_worker, "MIN_EVENTS", 0)
    assert build_index(tmp_path, "worker") == alone
    assert len(started) == 1 and started[0].handed_over  # the pages went to the worker
    assert not started[0].process.is_alive()
    assert b"Kim Jong Un" in alone


def _dying_worker(index, pages, results):
    os._exit(3)  # as if killed: sends nothing back


def test_a_dead_worker_means_the_pages_are_indexed_here(tmp_path, monkeypatch, caplog):
    monkeypatch.setattr(search_worker, "MIN_EVENTS", 10**9)
    alone = build_index(tmp_path, "alone")
    monkeypatch.setattr(search_worker, "MIN_EVENTS", 0)
    monkeypatch.setattr(search_worker, "_index_pages", _dying_worker)
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
    monkeypatch.setattr(search_worker, "MIN_EVENTS", 0)
    build_index(tmp_path, "site")
    assert list((tmp_path / "tmp").iterdir()) == []
