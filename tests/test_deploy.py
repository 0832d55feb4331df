"""`timeline deploy` against a real (local, bare) git remote."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli import main
from test_site import FIXTURE, copy_project

GIT_ENV = {"GIT_AUTHOR_NAME": "T", "GIT_AUTHOR_EMAIL": "t@example.org",
           "GIT_COMMITTER_NAME": "T", "GIT_COMMITTER_EMAIL": "t@example.org"}


def git(cwd: Path, *args: str) -> str:
    result = subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True,
                            env={**os.environ, **GIT_ENV}, check=True)
    return result.stdout.strip()


@pytest.fixture
def repo(tmp_path):
    remote = tmp_path / "remote.git"
    git(tmp_path, "init", "-q", "--bare", str(remote))
    project = tmp_path / "project"
    project.mkdir()
    config = copy_project(FIXTURE, project)
    git(project, "init", "-q", "-b", "main")
    git(project, "add", "-A")
    git(project, "commit", "-q", "-m", "content")
    git(project, "remote", "add", "origin", str(remote))
    return config, remote


def deploy(config: Path):
    old = {k: os.environ.get(k) for k in GIT_ENV}
    os.environ.update(GIT_ENV)
    try:
        return CliRunner().invoke(main, ["deploy", "--config", str(config)], catch_exceptions=False)
    finally:
        for key, value in old.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


def test_deploy_publishes_the_site_with_nojekyll_and_keeps_history(repo):
    config, remote = repo
    first = deploy(config)
    assert first.exit_code == 0, first.output
    files = git(remote, "ls-tree", "--name-only", "gh-pages").splitlines()
    assert "index.html" in files and ".nojekyll" in files and "years" in files
    (config.parent / "content" / "events" / "new-year.md").write_text(
        "---\ntitle: A new year begins, corrected\ndate: 2024-01-01\nsources: [wire-report]\n---\n", encoding="utf-8")
    second = deploy(config)
    assert second.exit_code == 0, second.output
    assert git(remote, "rev-list", "--count", "gh-pages") == "2"
    assert "corrected" in git(remote, "show", "gh-pages:years/2024/index.html")


def test_failed_build_deploys_nothing(repo):
    config, remote = repo
    assert deploy(config).exit_code == 0
    before = git(remote, "rev-parse", "gh-pages")
    (config.parent / "content" / "events" / "broken.md").write_text("---\ntitle: Broken\n---\n", encoding="utf-8")
    result = deploy(config)
    assert result.exit_code == 1
    assert "Nothing deployed" in result.stderr and "Traceback" not in result.output
    assert git(remote, "rev-parse", "gh-pages") == before


def test_deploy_refuses_the_branch_being_worked_on(repo):
    config, remote = repo
    old = {k: os.environ.get(k) for k in GIT_ENV}
    os.environ.update(GIT_ENV)
    try:
        result = CliRunner().invoke(main, ["deploy", "--config", str(config), "--branch", "main", "--no-push"])
    finally:
        for key, value in old.items():
            os.environ.pop(key, None) if value is None else os.environ.__setitem__(key, value)
    assert result.exit_code == 1 and "branch you are working on" in result.stderr
    assert git(config.parent, "status", "--porcelain") == ""
