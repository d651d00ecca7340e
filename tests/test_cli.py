"""The command line: exit codes, output contract, bad input, selection."""

import json

import pytest
from typer.testing import CliRunner

from mtqa.cli import app
from mtqa.detectors import REGISTRY

CONTRACT_KEYS = {"code", "name", "category", "severity", "side", "start", "end", "message", "suggestion"}


def write(tmp_path, name, text, mode="w"):
    p = tmp_path / name
    if isinstance(text, bytes):
        p.write_bytes(text)
    else:
        p.write_text(text, encoding="utf-8")
    return str(p)


def run(*args):
    return CliRunner().invoke(app, list(args))


def test_jsonl_contract(seed_dir):
    res = run("check", str(seed_dir / "fr.txt"), str(seed_dir / "en-mt.txt"), "-f", "jsonl", "--no-models")
    lines = res.stdout.splitlines()
    assert len(lines) == 18
    for line in lines:
        obj = json.loads(line)
        assert {"id", "source", "target", "findings", "scores"} <= obj.keys()
        for f in obj["findings"]:
            assert set(f) >= CONTRACT_KEYS
            assert f["side"] in ("source", "target")
            assert f["severity"] in ("minor", "major", "critical")
            text = obj[f["side"]]
            assert 0 <= f["start"] < f["end"] <= len(text)


def test_json_document(seed_dir):
    res = run("check", str(seed_dir / "fr.txt"), str(seed_dir / "en-mt.txt"), "-f", "json", "--no-models")
    doc = json.loads(res.stdout)
    assert len(doc["segments"]) == 18
    assert doc["summary"]["findings"] == sum(len(s["findings"]) for s in doc["segments"])
    assert doc["summary"]["by_code"]["U101"] == 2
    assert doc["summary"]["by_severity"]["major"] == 3


def test_text_format_marks_span(seed_dir):
    res = run("check", str(seed_dir / "fr.txt"), str(seed_dir / "en-mt.txt"), "--no-models")
    assert "en-mt.txt:3:218: P101 [minor]" in res.stdout
    assert "Tuesday[. .]" in res.stdout
    assert "6 findings" in res.stdout


@pytest.mark.parametrize(
    "fail_on,code", [("minor", 1), ("major", 1), ("critical", 0), ("never", 0)]
)
def test_fail_on(seed_dir, fail_on, code):
    res = run("check", str(seed_dir / "fr.txt"), str(seed_dir / "en-mt.txt"), "--fail-on", fail_on, "--no-models")
    assert res.exit_code == code


def test_fail_on_minor_only(tmp_path):
    src = write(tmp_path, "fr.txt", "Mme Joly a parlé.\n")
    tgt = write(tmp_path, "en.txt", "Mme Joly spoke.\n")
    assert run("check", src, tgt, "--no-models").exit_code == 0
    assert run("check", src, tgt, "--fail-on", "minor", "--no-models").exit_code == 1


def test_bad_fail_on(seed_dir):
    res = run("check", str(seed_dir / "fr.txt"), str(seed_dir / "en-mt.txt"), "--fail-on", "sometimes")
    assert res.exit_code == 2
    assert "--fail-on" in res.stderr


def test_misaligned_counts(tmp_path):
    src = write(tmp_path, "fr.txt", "a\nb\nc\n")
    tgt = write(tmp_path, "en.txt", "a\nb\n")
    res = run("check", src, tgt)
    assert res.exit_code == 2
    assert "3 lines" in res.stderr and "2 lines" in res.stderr
    assert "fr.txt" in res.stderr and "en.txt" in res.stderr
    assert "Traceback" not in res.output
    assert res.stdout == ""


def test_invalid_utf8_names_line_and_column(tmp_path):
    src = write(tmp_path, "fr.txt", "un\ndeux\n")
    tgt = write(tmp_path, "en.txt", b"one\ntw\xe9o\n")
    res = run("check", src, tgt)
    assert res.exit_code == 2
    assert "en.txt:2:3" in res.stderr
    assert len(res.stderr.strip().splitlines()) == 1


def test_encoding_override(tmp_path):
    src = write(tmp_path, "fr.txt", "Mme Joly a parlé.\n".encode("latin-1"))
    tgt = write(tmp_path, "en.txt", b"Mme Joly spoke.\n")
    res = run("check", src, tgt, "--encoding", "latin-1", "-f", "jsonl")
    assert res.exit_code == 0
    assert json.loads(res.stdout)["source"] == "Mme Joly a parlé."


def test_bom_is_fine(tmp_path):
    src = write(tmp_path, "fr.txt", b"\xef\xbb\xbfBonjour.\n")
    tgt = write(tmp_path, "en.txt", b"\xef\xbb\xbfHello.\n")
    res = run("check", src, tgt, "-f", "jsonl")
    assert res.exit_code == 0
    assert json.loads(res.stdout)["source"] == "Bonjour."


def test_empty_input(tmp_path):
    src = write(tmp_path, "fr.txt", "")
    tgt = write(tmp_path, "en.txt", "")
    res = run("check", src, tgt)
    assert res.exit_code == 2
    assert "empty" in res.stderr


def test_missing_file(tmp_path):
    res = run("check", str(tmp_path / "nope.txt"), str(tmp_path / "nope2.txt"))
    assert res.exit_code == 2
    assert "nope.txt" in res.stderr and "no such file" in res.stderr


def test_blank_lines_are_kept_in_order(tmp_path):
    src = write(tmp_path, "fr.txt", "Un.\n\nTrois.\n")
    tgt = write(tmp_path, "en.txt", "One.\n\nThree.\n")
    res = run("check", src, tgt, "-f", "jsonl", "--no-models")
    rows = [json.loads(x) for x in res.stdout.splitlines()]
    assert [r["id"] for r in rows] == ["1", "2", "3"]
    assert rows[1]["target"] == ""


def test_select_and_ignore(seed_dir):
    base = [str(seed_dir / "fr.txt"), str(seed_dir / "en-mt.txt"), "-f", "json", "--no-models"]
    codes = lambda res: set(json.loads(res.stdout)["summary"]["by_code"])  # noqa: E731
    assert codes(run("check", *base, "--select", "U101")) == {"U101"}
    assert codes(run("check", *base, "--select", "P")) == {"P101", "P102", "P103"}
    assert codes(run("check", *base, "--select", "french-honorific,tense-time-clash")) == {"U101", "T101"}
    assert "P101" not in codes(run("check", *base, "--ignore", "P101"))
    # the more specific pattern wins, as in flake8
    assert codes(run("check", *base, "--select", "P101", "--ignore", "P")) == {"P101"}
    assert codes(run("check", *base, "--select", "P", "--ignore", "P10")) == set()


def test_unknown_select_is_usage_error(seed_dir):
    res = run("check", str(seed_dir / "fr.txt"), str(seed_dir / "en-mt.txt"), "--select", "Z999")
    assert res.exit_code == 2
    assert "Z999" in res.stderr


def test_output_file(seed_dir, tmp_path):
    out = tmp_path / "r.jsonl"
    res = run("check", str(seed_dir / "fr.txt"), str(seed_dir / "en-mt.txt"), "-f", "jsonl", "-o", str(out), "--no-models")
    assert res.exit_code == 1
    assert res.stdout == ""
    assert len(out.read_text(encoding="utf-8").splitlines()) == 18
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".mtqa-")]


def test_rules_lists_every_detector():
    res = run("rules")
    assert res.exit_code == 0
    for code, cls in REGISTRY.items():
        assert code in res.stdout and cls.name in res.stdout
    data = json.loads(run("rules", "--format", "json").stdout)
    assert {r["code"] for r in data} == set(REGISTRY) | {"X000", "X001"}  # + reserved run codes
    for r in data:
        assert r["doc"] and r["category"] and r["severity"] in ("minor", "major", "critical")


def test_import_does_not_import_torch():
    import subprocess
    import sys

    code = "import sys, mtqa, mtqa.cli, mtqa.pipeline; print('torch' in sys.modules, 'transformers' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "False False"


def test_detector_error_is_isolated(monkeypatch, tmp_path):
    from mtqa.detectors.punctuation import DoubledPunctuation

    def boom(self, segment, ctx):
        raise RuntimeError("kaboom")

    monkeypatch.setattr(DoubledPunctuation, "detect", boom)
    src = write(tmp_path, "fr.txt", "Mme Joly a dit.\n")
    tgt = write(tmp_path, "en.txt", "Mme Joly said. .\n")
    res = run("check", src, tgt, "-f", "jsonl", "--no-models")
    assert res.exit_code == 2
    row = json.loads(res.stdout)
    codes = [f["code"] for f in row["findings"]]
    assert "X000" in codes and "U101" in codes
    assert any("P101" in f["message"] and "kaboom" in f["message"] for f in row["findings"])
    res = run("check", src, tgt, "-f", "jsonl", "--no-models", "--keep-going")
    assert res.exit_code == 1
