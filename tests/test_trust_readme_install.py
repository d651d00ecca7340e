"""Issue 14: the README's install commands get a CPU-only torch on an ordinary
machine, and state the disk needs and what the first run caches."""

import re
from pathlib import Path

README = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")


def test_install_commands_use_the_cpu_index():
    cmds = [line for line in README.splitlines() if line.startswith("python3 -m venv")][:2]
    assert len(cmds) == 2
    for cmd in cmds:
        assert "pip install torch==2.13.0 --index-url https://download.pytorch.org/whl/cpu" in cmd


def test_disk_needs_and_cache_are_stated():
    assert re.search(r"1\.5 GB", README) and re.search(r"0\.5 GB per LM", README)
    assert "MTQA_CACHE_DIR" in README and "dequantised" in README
