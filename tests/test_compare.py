"""`mtqa compare`: systems against the same references with sacrebleu's paired tests."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from mtqa.cli import app


def run(*args):
    return CliRunner().invoke(app, list(args))


def _files(tmp_path, seed_dir):
    ref = (seed_dir / "en-ref.txt").read_text(encoding="utf-8").splitlines()
    mt = (seed_dir / "en-mt.txt").read_text(encoding="utf-8").splitlines()
    # A clearly worse system: every segment cut to its first four words.
    bad = [" ".join(line.split()[:4]) for line in mt]
    paths = {}
    for name, lines in (("ref", ref), ("mt", mt), ("bad", bad)):
        p = tmp_path / f"{name}.txt"
        p.write_text("\n".join(lines) + "\n", encoding="utf-8")
        paths[name] = str(p)
    return paths


def test_compare_json_finds_significant_difference(tmp_path, seed_dir):
    from sacrebleu.metrics import BLEU, CHRF

    p = _files(tmp_path, seed_dir)
    res = run("compare", p["mt"], p["bad"], "--ref", p["ref"], "--format", "json",
              "--bootstrap", "200", "--randomization", "500")
    assert res.exit_code == 0, res.output
    doc = json.loads(res.stdout)
    assert doc["baseline"] == "mt.txt"
    refs = (tmp_path / "ref.txt").read_text(encoding="utf-8").splitlines()
    mt = (tmp_path / "mt.txt").read_text(encoding="utf-8").splitlines()
    for test in ("bootstrap", "randomization"):
        rows = doc["tests"][test]["systems"]
        assert [r["system"] for r in rows] == ["mt.txt", "bad.txt"]
        # Scores are sacrebleu's corpus scores.
        assert rows[0]["bleu"]["score"] == round(BLEU().corpus_score(mt, [refs]).score, 4)
        assert rows[0]["chrf"]["score"] == round(CHRF(word_order=2).corpus_score(mt, [refs]).score, 4)
        for metric in ("bleu", "chrf", "ter"):
            assert rows[1][metric]["significant"] is True
            assert rows[1][metric]["p_value"] < 0.05
    assert "bs:200" in doc["signatures"]["bootstrap"]["bleu"]
    assert "ar:500" in doc["signatures"]["randomization"]["chrf"]


def test_compare_text_says_what_is_significant(tmp_path, seed_dir):
    p = _files(tmp_path, seed_dir)
    res = run("compare", p["mt"], p["mt"], p["bad"], "--ref", p["ref"], "--name", "A", "--name", "A2",
              "--name", "B", "--metrics", "chrf", "--bootstrap", "100", "--randomization", "200")
    assert res.exit_code == 0, res.output
    out = res.stdout
    assert "paired bootstrap resampling" in out and "approximate randomization" in out
    assert "A2 vs A on chrf: difference +0.00 not significant" in out
    assert "B vs A on chrf: worse by" in out and "significant (p=" in out


def test_compare_bad_input_is_one_line(tmp_path, seed_dir):
    p = _files(tmp_path, seed_dir)
    short = tmp_path / "short.txt"
    short.write_text("one line\n", encoding="utf-8")
    for args in (
        [p["mt"], str(short), "--ref", p["ref"]],
        [p["mt"], "--ref", p["ref"]],
        [p["mt"], p["bad"], "--ref", p["ref"], "--metrics", "meteor"],
        [p["mt"], str(tmp_path / "missing.txt"), "--ref", p["ref"]],
    ):
        res = run("compare", *args)
        assert res.exit_code == 2, (args, res.output)
        assert res.stderr.count("\n") == 1 and "Traceback" not in res.output
