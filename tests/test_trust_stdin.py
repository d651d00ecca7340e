"""Issue 14: JSON lines on standard input need no --input-format."""

import json

from typer.testing import CliRunner

from mtqa.cli import app


def test_stdin_jsonl_is_sniffed():
    data = json.dumps({"id": "a", "source": "Mme Joly a parlé.", "target": "Mme Joly spoke."}, ensure_ascii=False)
    res = CliRunner().invoke(app, ["check", "-", "--no-models", "-f", "jsonl", "--fail-on", "never"],
                             input=data + "\n")
    assert res.exit_code == 0, res.output
    row = json.loads(res.stdout.splitlines()[0])
    assert row["id"] == "a" and [f["code"] for f in row["findings"]] == ["U101"]


def test_stdin_unknown_still_asks_for_a_format():
    res = CliRunner().invoke(app, ["check", "-", "--no-models"], input="just text\n")
    assert res.exit_code == 2 and "--input-format" in res.output and "Traceback" not in res.output
