"""Shared fixtures: a copy of the shipped example project in a temp folder."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import pytest
from click.testing import CliRunner

REPO = Path(__file__).resolve().parent.parent

# The build caches' signing key lives in the user's cache folder: the tests (and the commands
# they start) use a folder of their own, never the developer's.
os.environ["XDG_CACHE_HOME"] = tempfile.mkdtemp(prefix="polyleaf-test-cache-")


@pytest.fixture
def repo_root() -> Path:
    return REPO


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A fresh copy of the example project (settings, sources, catalogs)."""
    dest = tmp_path / "project"
    dest.mkdir()
    shutil.copy2(REPO / "polyleaf.toml", dest / "polyleaf.toml")
    shutil.copytree(REPO / "source", dest / "source")
    if (REPO / "locales").is_dir():
        shutil.copytree(REPO / "locales", dest / "locales")
    return dest


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()
