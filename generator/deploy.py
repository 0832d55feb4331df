"""Publish the built site to a `gh-pages` branch, as `mkdocs gh-deploy` does, with
ghp-import (which MkDocs itself uses). The site is built first; a failed build
publishes nothing."""

from __future__ import annotations

import contextlib
import subprocess
from pathlib import Path

import ghp_import

from .build import build_site
from .config import Settings


class DeployError(Exception):
    pass


def _git(root: Path, *args: str) -> str:
    result = subprocess.run(["git", *args], cwd=root, capture_output=True, text=True)
    if result.returncode:
        raise DeployError(result.stderr.strip() or f"git {' '.join(args)} failed")
    return result.stdout.strip()


def deploy(config_file: Path, settings: Settings, remote: str = "origin", branch: str = "gh-pages",
           message: str | None = None, push: bool = True) -> tuple[Path, str]:
    """Build, then commit the site on top of `branch` (keeping its history) and push it.
    Returns the site folder and the new commit. Raises ContentError, BuildFailed or DeployError."""
    try:
        _git(settings.root, "rev-parse", "--git-dir")
    except (DeployError, OSError):
        raise DeployError(f"{settings.root.resolve()} is not in a git repository: "
                          "deploying needs the repository whose gh-pages branch GitHub serves") from None
    current = subprocess.run(["git", "symbolic-ref", "--quiet", "--short", "HEAD"], cwd=settings.root,
                             capture_output=True, text=True).stdout.strip()
    if branch == current:
        raise DeployError(f"'{branch}' is the branch you are working on: deploying to it would replace the "
                          "project with the built site; deploy to gh-pages (the default)")
    if push:
        _git(settings.root, "remote", "get-url", remote)  # fails clearly on an unknown remote
    site_dir, _ = build_site(config_file, settings)
    source = _git(settings.root, "rev-parse", "--short", "HEAD") if _has_commits(settings.root) else "no commit"
    text = message or f"Deploy the timeline site from {source}"
    with contextlib.chdir(settings.root):
        try:
            ghp_import.ghp_import(str(site_dir), mesg=text, remote=remote, branch=branch, push=push,
                                  force=False, nojekyll=True)
        except ghp_import.GhpError as error:
            raise DeployError(error.message) from None
    return site_dir, _git(settings.root, "rev-parse", branch)


def _has_commits(root: Path) -> bool:
    return subprocess.run(["git", "rev-parse", "--verify", "-q", "HEAD"], cwd=root,
                          capture_output=True).returncode == 0
