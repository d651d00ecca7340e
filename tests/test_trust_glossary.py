"""Issue 14: one G102 finding per span even when a specific and a `*` row forbid it."""

import json

from typer.testing import CliRunner

from mtqa.cli import app


def test_one_g102_per_span(tmp_path):
    (tmp_path / "fr.txt").write_text("Le député a voté contre le projet.\n", encoding="utf-8")
    (tmp_path / "en.txt").write_text("The deputy voted against the bill.\n", encoding="utf-8")
    (tmp_path / "g.tsv").write_text("député\tMP\trequired\ndéputé\tdeputy\tforbidden\n*\tdeputy\tforbidden\n",
                                    encoding="utf-8")
    res = CliRunner().invoke(app, ["check", str(tmp_path / "fr.txt"), str(tmp_path / "en.txt"), "--no-models",
                                   "-f", "jsonl", "--glossary", str(tmp_path / "g.tsv"), "--fail-on", "never"])
    assert res.exit_code == 0, res.output
    g102 = [f for f in json.loads(res.stdout)["findings"] if f["code"] == "G102"]
    assert len(g102) == 1
    assert g102[0]["suggestion"] == "MP"  # the specific row wins
