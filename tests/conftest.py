import os
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CORPORA = ROOT / "corpora"
SEED = CORPORA / "lapresse-canada-japan"
# The shared data lives beside the project; tests that need it skip without it.
SHARED = ROOT.parent / "shared"


@pytest.fixture
def seed_dir() -> Path:
    return SEED


@pytest.fixture
def runner():
    from typer.testing import CliRunner

    return CliRunner()
