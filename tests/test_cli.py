"""The `timeline new` and `timeline generate` commands, and safe writing of pages."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli import main
from generator.load import read_document
from generator.write import UnsafePathError, safe_target, write_pages

FIXTURE = Path(__file__).parent / "fixtures" / "site"


def project(tmp_path: Path) -> Path:
    (tmp_path / "content" / "events").mkdir(parents=True)
    config = tmp_path / "mkdocs.yml"
    config.write_text("site_name: T\ndocs_dir: content\n", encoding="utf-8")
    return config


def test_new_scaffolds_an_event_with_a_unique_name(tmp_path):
    config = project(tmp_path)
    args = ["new", "--config", str(config), "Kim meets Putin", "--date", "13 September 2023",
            "--tag", "summit", "--actor", "Kim Jong Un", "--source", "https://example.org/a"]
    first = CliRunner().invoke(main, args)
    second = CliRunner().invoke(main, args)
    assert first.exit_code == second.exit_code == 0
    paths = [Path(first.stdout.strip()), Path(second.stdout.strip())]
    assert [p.name for p in paths] == ["kim-meets-putin.md", "kim-meets-putin-2.md"]
    doc = read_document(paths[0], "x.md")
    assert doc.meta["date"] == "2023-09-13" and doc.meta["tags"] == ["summit"]
    assert doc.meta["sources"] == [{"url": "https://example.org/a"}]
    check = CliRunner().invoke(main, ["check", "--config", str(config)])
    assert check.exit_code == 0, check.output


def test_new_refuses_a_bad_date_without_a_traceback(tmp_path):
    config = project(tmp_path)
    result = CliRunner().invoke(main, ["new", "--config", str(config), "X", "--date", "2023-02-30"])
    assert result.exit_code == 2
    assert "February 2023 has 28 days" in result.output and "Traceback" not in result.output
    assert list((tmp_path / "content" / "events").iterdir()) == []


def test_generate_writes_plain_markdown_pages_and_only_rewrites_changes(tmp_path):
    out = tmp_path / "out"
    first = CliRunner().invoke(main, ["generate", "--config", str(FIXTURE / "mkdocs.yml"), "--out", str(out)])
    assert first.exit_code == 0, first.output
    assert (out / "years" / "2023.md").is_file() and (out / "tags" / "summit.md").is_file()
    second = CliRunner().invoke(main, ["generate", "--config", str(FIXTURE / "mkdocs.yml"), "--out", str(out)])
    assert "(0 changed)" in second.stderr


@pytest.mark.parametrize("relative", ["../escape.md", "/etc/passwd", "a/../../b.md", "", "./../b.md"])
def test_pages_cannot_be_written_outside_the_output_folder(tmp_path, relative):
    with pytest.raises(UnsafePathError):
        safe_target(tmp_path, relative)
    with pytest.raises(UnsafePathError):
        write_pages({relative: "x"}, tmp_path / "out")
    assert not (tmp_path / "escape.md").exists()


def test_a_failed_write_leaves_the_output_folder_as_it_was(tmp_path, monkeypatch):
    out = tmp_path / "out"
    write_pages({"a.md": "old a", "b.md": "old b", "gone.md": "old"}, out)
    before = {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()}
    real_write = Path.write_bytes
    calls = []

    def full_disk(path, data):
        calls.append(path)
        if len(calls) == 2:
            raise OSError(28, "No space left on device")
        return real_write(path, data)

    monkeypatch.setattr(Path, "write_bytes", full_disk)
    with pytest.raises(OSError, match="No space"):
        write_pages({"a.md": "new a", "b.md": "new b", "c/new.md": "new"}, out)
    monkeypatch.undo()
    after = {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()}
    assert after == before  # nothing replaced, nothing removed, no temporary file left
    assert len(calls) == 2


def test_generate_over_a_folder_of_the_same_name_is_refused_whole(tmp_path):
    out = tmp_path / "out"
    (out / "b.md").mkdir(parents=True)
    with pytest.raises(IsADirectoryError, match="b.md"):
        write_pages({"a.md": "a", "b.md": "b"}, out)
    assert not (out / "a.md").exists()


def test_check_without_mkdocs_yml_is_a_clear_error(tmp_path):
    result = CliRunner().invoke(main, ["check", "--config", str(tmp_path / "mkdocs.yml")])
    assert result.exit_code == 1
    assert "mkdocs.yml:1: error: cannot read the site configuration" in result.stderr


def test_generate_refuses_the_content_folder_and_removes_stale_pages(tmp_path):
    import shutil

    project = tmp_path / "p"
    shutil.copytree(FIXTURE / "content", project / "content")
    shutil.copy(FIXTURE / "mkdocs.yml", project / "mkdocs.yml")
    (project / "site_templates").symlink_to(FIXTURE / "site_templates")
    config = str(project / "mkdocs.yml")
    before = {p: p.read_bytes() for p in (project / "content").rglob("*") if p.is_file()}
    for out in (project / "content", project / "content" / "x", project):
        refused = CliRunner().invoke(main, ["generate", "--config", config, "--out", str(out)])
        assert refused.exit_code == 1 and "refusing to write" in refused.stderr
    assert {p: p.read_bytes() for p in (project / "content").rglob("*") if p.is_file()} == before

    out = tmp_path / "out"
    assert CliRunner().invoke(main, ["generate", "--config", config, "--out", str(out)]).exit_code == 0
    (out / "notes.txt").write_text("mine", encoding="utf-8")
    assert (out / "tags" / "history.md").exists()
    (project / "content" / "events" / "ides-of-march.md").unlink()  # its tag 'history' goes with it
    assert CliRunner().invoke(main, ["generate", "--config", config, "--out", str(out)]).exit_code == 0
    assert not (out / "tags" / "history.md").exists() and (out / "notes.txt").read_text() == "mine"


@pytest.mark.parametrize("option", [["--tag", ""], ["--source", "../x"], ["--source", "javascript:alert(1)"]])
def test_new_writes_nothing_that_check_would_reject(tmp_path, option):
    config = project(tmp_path)
    result = CliRunner().invoke(main, ["new", "--config", str(config), "T", "--date", "2023", *option])
    assert result.exit_code == 2 and "Nothing written." in result.stderr
    assert list((tmp_path / "content" / "events").iterdir()) == []


def test_a_rewritten_page_keeps_its_permissions(tmp_path):
    out = tmp_path / "out"
    write_pages({"a.md": "old"}, out)
    (out / "a.md").chmod(0o640)
    write_pages({"a.md": "new"}, out)
    assert (out / "a.md").read_text() == "new"
    assert (out / "a.md").stat().st_mode & 0o777 == 0o640
