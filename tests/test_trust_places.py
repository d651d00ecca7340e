"""Issue 14: places point at the text in the file (line and column of the span),
and text output names the SOURCE file for source-side findings."""

import json
from pathlib import Path

from typer.testing import CliRunner

from mtqa.cli import app

FORMATS = Path(__file__).resolve().parent.parent / "corpora" / "lapresse-canada-japan" / "formats"


def run(*args):
    return CliRunner().invoke(app, [str(a) for a in args])


def places(res):
    import re

    return [m.group(1) for line in res.stdout.splitlines() if (m := re.match(r"(\S+:\d+(?::\d+)?): [A-Z]+\d+ ", line))]


def at(path, line, col, n):
    return Path(path).read_text(encoding="utf-8").split("\n")[line - 1][col - 1:col - 1 + n]


def test_documents_columns_are_file_columns():
    fr, en = FORMATS / "running-fr.txt", FORMATS / "running-en-mt.txt"
    res = run("check", "--documents", fr, en, "--no-models", "--fail-on", "never")
    got = [p for p in places(res) if p.startswith(str(en))]
    assert f"{en}:1:1902" in got  # Mme, not 1:1
    for p in got:
        line, col = map(int, p.rsplit(":", 2)[1:])
        assert at(en, line, col, 1).strip()
    assert at(en, 1, 1902, 3) == "Mme"


def test_xml_columns_are_those_of_the_text_node():
    for name in ("seed-1.2.xlf", "seed-2.0.xlf", "seed.tmx", "seed.po"):
        path = FORMATS / name
        res = run("check", path, "--no-models", "--fail-on", "never", "--select", "U101")
        got = places(res)
        assert got, name
        for p in got:
            line, col = map(int, p.rsplit(":", 2)[1:])
            assert at(path, line, col, 3) == "Mme", (name, p)


def test_sarif_region_for_documents(tmp_path):
    fr, en = FORMATS / "running-fr.txt", FORMATS / "running-en-mt.txt"
    out = tmp_path / "r.sarif"
    run("check", "--documents", fr, en, "--no-models", "-f", "sarif", "-o", out, "--fail-on", "never")
    results = json.loads(out.read_text())["runs"][0]["results"]
    u101 = [r for r in results if r["ruleId"] == "U101"]
    region = u101[0]["locations"][0]["physicalLocation"]["region"]
    assert (region["startLine"], region["startColumn"], region["endColumn"]) == (1, 1902, 1905)


def test_feed_names_the_text_line_not_the_item_line():
    fr, en = Path(FORMATS).parent.parent / "feeds" / "fr.rss", Path(FORMATS).parent.parent / "feeds" / "en.rss"
    res = run("check", "--feed", fr, en, "--no-models", "--fail-on", "never", "--select", "P101")
    got = places(res)
    assert got
    for p in got:
        line = int(p.rsplit(":", 1)[1])
        assert ". ." in at(en, line, 1, 100000)
        assert p.count(":") == 1  # no column counted inside the stripped text


def test_text_output_names_the_source_file_for_source_findings(tmp_path):
    (tmp_path / "fr.txt").write_text("Le séisme a fait 42 morts.\n", encoding="utf-8")
    (tmp_path / "en.txt").write_text("The earthquake killed people.\n", encoding="utf-8")
    res = run("check", tmp_path / "fr.txt", tmp_path / "en.txt", "--no-models", "--fail-on", "never")
    lines = [line for line in res.stdout.splitlines() if "N102" in line]
    assert lines and lines[0].startswith(f"{tmp_path / 'fr.txt'}:1:")
