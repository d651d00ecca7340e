"""The seed article: mtqa must report exactly the annotated artifacts."""

import json

from typer.testing import CliRunner

from mtqa.cli import app


def _gold(seed_dir):
    with open(seed_dir / "gold.jsonl", encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def test_seed_exactly_gold(seed_dir):
    result = CliRunner().invoke(
        app,
        ["check", str(seed_dir / "fr.txt"), str(seed_dir / "en-mt.txt"), "--format", "jsonl", "--no-models"],
    )
    assert result.exit_code == 1, result.output
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["id"] for r in rows] == [str(i) for i in range(1, 19)]
    got = sorted(
        (int(r["id"]), f["code"], f["start"], f["end"], r["target"][f["start"]:f["end"]])
        for r in rows
        for f in r["findings"]
    )
    want = sorted((g["line"], g["code"], g["start"], g["end"], g["span"]) for g in _gold(seed_dir))
    assert got == want


def test_seed_english_is_the_seed_byte_for_byte(seed_dir):
    from conftest import SHARED

    seed = SHARED / "seeds" / "000_8dfe5badceb79477.txt"
    if not seed.exists():
        import pytest

        pytest.skip("shared seed not available")
    assert (seed_dir / "en-mt.txt").read_bytes() == seed.read_bytes()


def test_reference_is_clean(seed_dir):
    """The human reference must raise nothing: it is the precision floor."""
    result = CliRunner().invoke(
        app,
        ["check", str(seed_dir / "fr.txt"), str(seed_dir / "en-ref.txt"), "--format", "jsonl", "--no-models"],
    )
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    flagged = [(r["id"], f["code"], f["message"]) for r in rows for f in r["findings"]]
    assert flagged == []
    assert result.exit_code == 0
