"""Start-up (issue 18): nothing heavy is imported before something needs it.

Each check runs in a fresh interpreter, since the test process itself has
imported everything long ago.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
HEAVY = ("torch", "transformers", "sacrebleu", "lingua", "wordfreq")


def _imported_after(code: str, env: dict[str, str] | None = None) -> list[str]:
    """The HEAVY top-level modules in sys.modules after running `code` in a child."""
    probe = (
        "import sys, json\n"
        f"{code}\n"
        f"print(json.dumps(sorted({{m.split('.')[0] for m in sys.modules}} & set({list(HEAVY)!r}))))\n"
    )
    full_env = {**os.environ, **(env or {})}
    proc = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True,
                          env=full_env, timeout=120)
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout.strip().splitlines()[-1])


def test_import_mtqa_and_cli_imports_nothing_heavy():
    assert _imported_after("import mtqa, mtqa.cli, mtqa.commands, mtqa.pipeline, mtqa.scorers.models") == []


def test_version_imports_nothing_heavy():
    code = (
        "from mtqa.cli import app\n"
        "try:\n    app(['--version'])\nexcept SystemExit:\n    pass"
    )
    assert _imported_after(code) == []


def _check_code(src: Path, tgt: Path, *extra: str) -> str:
    args = ["check", str(src), str(tgt), "--no-models", "-f", "json", "-o", os.devnull, "--fail-on", "never", *extra]
    return (
        "from mtqa.cli import app\n"
        f"try:\n    app({args!r})\nexcept SystemExit as exc:\n    assert exc.code == 0, exc.code"
    )


def test_no_models_check_imports_nothing_heavy(tmp_path):
    # A segment with no word at all (punctuation only), so no detector has a
    # word to look up in wordfreq and no span to give to lingua; no --ref, so
    # no sacrebleu. (A segment with words may load wordfreq to look them up:
    # that is a genuine need.)
    src, tgt = tmp_path / "fr.txt", tmp_path / "en.txt"
    src.write_text("« ! »\n", encoding="utf-8")
    tgt.write_text('"!"\n', encoding="utf-8")
    assert _imported_after(_check_code(src, tgt)) == []


def test_reference_metrics_import_sacrebleu_only_with_references(tmp_path):
    src, tgt, ref = tmp_path / "fr.txt", tmp_path / "en.txt", tmp_path / "ref.txt"
    src.write_text("2024\n", encoding="utf-8")
    tgt.write_text("2024\n", encoding="utf-8")
    ref.write_text("2024\n", encoding="utf-8")
    assert "sacrebleu" in _imported_after(_check_code(src, tgt, "--ref", str(ref)))
