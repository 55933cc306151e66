"""Shared fixtures: a scratch repository holding the real schemas and contract data."""
from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A minimal lvyue repository: schemas/ and records/contract.yaml, no other records."""
    shutil.copytree(ROOT / "schemas", tmp_path / "schemas")
    (tmp_path / "records").mkdir()
    shutil.copy(ROOT / "records" / "contract.yaml", tmp_path / "records" / "contract.yaml")
    return tmp_path


def run_cli(*args: str, cwd: Path, env: dict | None = None) -> subprocess.CompletedProcess:
    """Run the real `lvyue` entry point in a child process, as a user would."""
    import os
    full_env = {**os.environ, "LVYUE_LANG": "zh"}
    full_env.pop("GITHUB_ACTIONS", None)
    full_env.pop("GITEA_ACTIONS", None)
    full_env.update(env or {})
    return subprocess.run([sys.executable, "-m", "lvyue", *args], cwd=cwd, capture_output=True,
                          text=True, env=full_env, timeout=120)
