"""Glossary files and the --glossary option of `mtqa check` (G101, G102)."""

import json

import pytest
from typer.testing import CliRunner

from mtqa import Segment
from mtqa.cli import app
from mtqa.glossary import GlossaryError, load_glossary
from mtqa.engine import Engine, select_detectors

from conftest import CORPORA


def _write(tmp_path, name, text):
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    return str(p)


def _run(*args):
    return CliRunner().invoke(app, list(args))


@pytest.fixture
def pair(tmp_path):
    src = _write(tmp_path, "fr.txt", "Le projet de loi sur les députés a été adopté.\nLes projets de loi ont été adoptés.\n")
    tgt = _write(tmp_path, "en.txt", "The draft law on deputies was passed.\nThe bills were passed.\n")
    return src, tgt


def test_example_glossary_reads():
    entries = load_glossary(str(CORPORA / "glossary-example.tsv"))
    assert any(e.status == "forbidden" and e.source is None for e in entries)
    assert any(e.status == "required" and e.source and e.source.text == "projet de loi" for e in entries)


def test_cli_glossary_findings(pair):
    src, tgt = pair
    res = _run("check", src, tgt, "--glossary", str(CORPORA / "glossary-example.tsv"),
               "--select", "G", "-f", "jsonl", "--no-models")
    assert res.exit_code == 1, res.output
    rows = [json.loads(line) for line in res.stdout.splitlines()]
    first = {(f["code"], (rows[0][f["side"]])[f["start"]:f["end"]]) for f in rows[0]["findings"]}
    assert first == {("G101", "projet de loi"), ("G101", "députés"), ("G102", "draft law"), ("G102", "deputies")}
    assert rows[1]["findings"] == []  # "bills" renders "projets de loi"


def test_without_glossary_nothing(pair):
    src, tgt = pair
    res = _run("check", src, tgt, "--select", "G", "-f", "jsonl", "--no-models")
    assert res.exit_code == 0
    assert all(not json.loads(line)["findings"] for line in res.stdout.splitlines())


@pytest.mark.parametrize("name,text,where,what", [
    ("bad.tsv", "source\ttarget\tstatus\nsommet\tsummit\tmaybe\n", ":2:", "status must be"),
    ("short.tsv", "# comment\nsommet\tsummit\n", ":2:", "3 or 4"),
    ("empty-target.tsv", "sommet\t\trequired\n", ":1:", "empty target"),
    ("required-no-source.tsv", "*\tsummit\trequired\n", ":1:", "needs a source term"),
    ("empty.tsv", "# nothing here\n", ":", "no glossary entries"),
    ("bad.csv", 'sommet,summit,required\n"projet de loi,bill,required\n', ":2", "3 or 4"),
])
def test_bad_glossary_exit_2(tmp_path, pair, name, text, where, what):
    src, tgt = pair
    path = _write(tmp_path, name, text)
    res = _run("check", src, tgt, "--glossary", path, "--no-models")
    assert res.exit_code == 2
    err = res.stderr.strip().splitlines()
    assert len(err) == 1 and name + where in err[0] and what in err[0], err
    assert "Traceback" not in res.output


def test_missing_glossary_file(tmp_path, pair):
    src, tgt = pair
    res = _run("check", src, tgt, "--glossary", str(tmp_path / "nope.tsv"), "--no-models")
    assert res.exit_code == 2
    assert "nope.tsv: glossary file not found" in res.stderr


def test_not_utf8_names_line(tmp_path):
    p = tmp_path / "latin1.tsv"
    p.write_bytes("sommet\tsummit\trequired\nd\xe9put\xe9\tMP\trequired\n".encode("latin-1"))
    with pytest.raises(GlossaryError, match=r"latin1.tsv:2: not valid UTF-8"):
        load_glossary(str(p))


def test_csv_with_header_and_note(tmp_path):
    path = _write(tmp_path, "g.csv", 'source,target,status,note\n"Nations unies","United Nations",required,"no UN, in full"\n')
    (entry,) = load_glossary(path)
    assert entry.source.text == "Nations unies" and entry.note == "no UN, in full"


def test_tbx(tmp_path):
    path = _write(tmp_path, "g.tbx", """<?xml version="1.0" encoding="UTF-8"?>
<martif type="TBX" xml:lang="fr"><text><body>
  <termEntry id="1">
    <langSet xml:lang="fr"><tig><term>député</term></tig></langSet>
    <langSet xml:lang="en">
      <tig><term>MP</term></tig>
      <tig><term>deputy</term><termNote type="administrativeStatus">deprecatedTerm-admn-sts</termNote></tig>
    </langSet>
  </termEntry>
</body></text></martif>
""")
    entries = load_glossary(path)
    assert {(e.source.text, e.target.text, e.status) for e in entries} == {
        ("député", "MP", "required"), ("député", "deputy", "forbidden")}
    engine = Engine(select_detectors(["G"]), options={"G101": {"glossary": entries}, "G102": {"glossary": entries}})
    found = engine.findings(Segment("1", "Le député a voté.", "The deputy voted."))
    assert sorted(f.code for f in found) == ["G101", "G102"]


def test_bad_tbx_names_line(tmp_path):
    path = _write(tmp_path, "g.tbx", "<martif>\n<text>\n</martif>\n")
    with pytest.raises(GlossaryError, match=r"g.tbx:3: not well-formed XML"):
        load_glossary(path)


def test_glossary_option_as_path(tmp_path):
    path = _write(tmp_path, "g.tsv", "courriel\temail\trequired\n")
    engine = Engine(select_detectors(["G101"]), options={"G101": {"glossary": path}})
    (f,) = engine.findings(Segment("1", "Envoyez un courriel.", "Send an e-mail."))
    assert f.code == "G101" and f.suggestion == "email"
