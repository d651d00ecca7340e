"""Issue 14: per-file encodings, UTF-16/32 read as such or refused with a hint."""

import codecs

import pytest
from typer.testing import CliRunner

from mtqa.cli import app

FR = "Mme Joly a parlé à Montréal.\nLe ministre a été reçu.\n"
EN = "Ms. Joly spoke in Montréal.\nThe minister was received.\n"


def run(*args):
    return CliRunner().invoke(app, [str(a) for a in args])


def codes(res):
    import json

    return [f["code"] for line in res.stdout.splitlines() for f in json.loads(line)["findings"]]


def test_cp1252_source_beside_utf8_target(tmp_path):
    src, tgt = tmp_path / "fr.txt", tmp_path / "en.txt"
    src.write_bytes(FR.encode("cp1252"))
    tgt.write_bytes(EN.encode("utf-8"))
    res = run("check", src, tgt, "--no-models", "-f", "jsonl", "--source-encoding", "cp1252", "--fail-on", "never")
    assert res.exit_code == 0, res.output
    assert not [c for c in codes(res) if c.startswith("E")]
    assert "Montréal" in res.stdout
    # --encoding sets both; the target option overrides it for the target alone
    res = run("check", src, tgt, "--no-models", "-f", "jsonl", "--encoding", "cp1252",
              "--target-encoding", "utf-8", "--fail-on", "never")
    assert res.exit_code == 0, res.output
    assert not [c for c in codes(res) if c.startswith("E")]


@pytest.mark.parametrize("codec,name", [("utf-16", "UTF-16"), ("utf-32", "UTF-32")])
def test_wide_bom_file_is_refused_with_a_hint(tmp_path, codec, name):
    src, tgt = tmp_path / "fr.txt", tmp_path / "en.txt"
    src.write_bytes(FR.encode("utf-8"))
    tgt.write_bytes(EN.encode(codec))
    res = run("check", src, tgt, "--no-models")
    assert res.exit_code == 2
    assert res.output.strip() == (f"mtqa: error: {tgt}: {name} text; convert to UTF-8 or pass "
                                  f"--target-encoding {name.lower()}")
    assert "misaligned" not in res.output


def test_utf16_source_without_bom_is_refused(tmp_path):
    src, tgt = tmp_path / "fr.txt", tmp_path / "en.txt"
    src.write_bytes(FR.encode("utf-16-le"))
    tgt.write_bytes(EN.encode("utf-8"))
    res = run("check", src, tgt, "--no-models")
    assert res.exit_code == 2 and "UTF-16 text" in res.output and "--source-encoding utf-16" in res.output


@pytest.mark.parametrize("codec", ["utf-16", "utf-32", "utf-16-le"])
def test_wide_file_is_read_with_its_encoding(tmp_path, codec):
    src, tgt = tmp_path / "fr.txt", tmp_path / "en.txt"
    src.write_bytes(FR.replace("\n", "\r\n").encode(codec))
    tgt.write_bytes(EN.encode("utf-8"))
    res = run("check", src, tgt, "--no-models", "-f", "jsonl", "--source-encoding", codec, "--fail-on", "never")
    assert res.exit_code == 0, res.output
    import json

    rows = [json.loads(line) for line in res.stdout.splitlines()]
    assert [r["source"] for r in rows] == FR.splitlines()


def test_fix_writes_the_target_in_its_own_encoding(tmp_path):
    src, tgt = tmp_path / "fr.txt", tmp_path / "en.txt"
    src.write_bytes("Il est arrivé mardi.\n".encode("cp1252"))
    tgt.write_bytes("He arrived on Tuesday. .\n".encode("utf-8"))
    out = tmp_path / "out.txt"
    res = run("fix", src, tgt, "--source-encoding", "cp1252", "-o", out)
    assert res.exit_code == 0, res.output
    assert out.read_bytes().decode("utf-8") == "He arrived on Tuesday.\n"
