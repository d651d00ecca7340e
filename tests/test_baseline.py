"""Baselines (accept old findings, fail on new ones) and per-segment
suppressions (`mtqa: ignore[CODE]` in a note), happy paths and bad values."""

import json

import pytest
from typer.testing import CliRunner

from mtqa.baseline import Baseline, BaselineError, content_hash, load
from mtqa.cli import app
from mtqa.io import READERS
from mtqa.pipeline import CheckConfig, check_segments
from mtqa.types import Segment


def run(*args):
    return CliRunner().invoke(app, list(args))


def seed(seed_dir):
    return [str(seed_dir / "fr.txt"), str(seed_dir / "en-mt.txt"), "--no-models"]


# -- baseline --------------------------------------------------------------------

def test_baseline_round_trip(seed_dir, tmp_path):
    base = tmp_path / "baseline.json"
    res = run("check", *seed(seed_dir), "-f", "jsonl", "--write-baseline", str(base))
    assert res.exit_code == 0, res.output
    assert "wrote 6 findings to the baseline" in res.stderr
    data = json.loads(base.read_text(encoding="utf-8"))
    assert data["tool"] == "mtqa" and data["version"] == 1
    assert sum(e["count"] for e in data["findings"]) == 6
    assert {e["code"] for e in data["findings"]} == {"P101", "P102", "P103", "T101", "U101"}
    # With the baseline nothing is new: the run passes, even at --fail-on minor.
    res = run("check", *seed(seed_dir), "-f", "json", "--baseline", str(base), "--fail-on", "minor")
    assert res.exit_code == 0, res.output
    doc = json.loads(res.stdout)
    assert doc["summary"]["findings"] == 0
    assert doc["summary"]["baseline"] == {"path": str(base), "entries": 6, "matched": 6, "stale": 0}


def test_new_finding_fails_and_fixed_one_is_stale(seed_dir, tmp_path):
    base = tmp_path / "b.json"
    assert run("check", *seed(seed_dir), "--write-baseline", str(base), "-q").exit_code == 0
    en = (seed_dir / "en-mt.txt").read_text(encoding="utf-8").splitlines()
    # line 3: fix the doubled period; line 5: a new stray-period error
    en[2] = en[2].replace("Tuesday. .", "Tuesday.")
    assert "Tuesday." in en[2]
    en[4] = en[4].rstrip(".") + " and the allies. who agreed."
    tgt = tmp_path / "en.txt"
    tgt.write_text("\n".join(en) + "\n", encoding="utf-8")
    # the target file changed name, ids are the same line numbers
    res = run("check", str(seed_dir / "fr.txt"), str(tgt), "--no-models", "-f", "jsonl", "--baseline", str(base))
    assert res.exit_code == 1
    rows = [json.loads(x) for x in res.stdout.splitlines()]
    new = [(r["id"], f["code"]) for r in rows for f in r["findings"]]
    assert new and all(i == "5" for i, _ in new)  # only the new error is reported
    assert "stale baseline entry: segment 3, P101 no longer found" in res.stderr


def test_edited_segment_is_new_again(tmp_path):
    segs = [Segment("1", "Mme Joly a parlé.", "Mme Joly spoke.", place="en.txt:1")]
    base = tmp_path / "b.json"
    base.write_text(json.dumps({"tool": "mtqa", "version": 1, "findings": [
        {"id": "1", "hash": content_hash(segs[0]), "code": "U101", "count": 1}]}), encoding="utf-8")
    b = Baseline(str(base))
    out = check_segments(segs, CheckConfig(outputs=[], filters=[b], gates=[b], fail_on="minor"))
    assert out.exit_code == 0 and out.summary["findings"] == 0
    edited = [Segment("1", "Mme Joly a parlé.", "Mme Joly spoke loudly.", place="en.txt:1")]
    b = Baseline(str(base))
    out = check_segments(edited, CheckConfig(outputs=[], filters=[b], gates=[b], fail_on="minor"))
    assert out.exit_code == 1 and out.summary["by_code"] == {"U101": 1}
    assert any("stale baseline entry: segment 1, U101" in n for n in out.notices)


def test_baseline_counts_occurrences(tmp_path):
    seg = Segment("1", "Mme Joly et Mme Roy ont parlé.", "Mme Joly and Mme Roy spoke.")
    base = tmp_path / "b.json"
    base.write_text(json.dumps({"tool": "mtqa", "version": 1, "findings": [
        {"id": "1", "hash": content_hash(seg), "code": "U101"}]}), encoding="utf-8")
    b = Baseline(str(base))
    out = check_segments([seg], CheckConfig(outputs=[], filters=[b], gates=[b], fail_on="minor"))
    assert out.summary["by_code"] == {"U101": 1}  # one of two accepted


@pytest.mark.parametrize("content,needle", [
    ("{not json", "b.json:1:2: not JSON"),
    ('{"tool": "other", "version": 1, "findings": []}', "not an mtqa baseline"),
    ('{"tool": "mtqa", "version": 9, "findings": []}', "version: unsupported baseline version 9"),
    ('{"tool": "mtqa", "version": 1, "findings": {}}', "findings: must be a list"),
    ('{"tool": "mtqa", "version": 1, "findings": [{"id": "1", "hash": "ab", "code": ""}]}', "findings[0].code"),
    ('{"tool": "mtqa", "version": 1, "findings": [{"id": "1", "hash": "ab", "code": "U101", "count": 0}]}',
     "findings[0].count: must be a positive integer"),
    ('{"tool": "mtqa", "version": 1, "findings": [{"id": "1", "hash": "ab", "code": "U101", "x": 1}]}',
     "findings[0]: unknown key 'x'"),
])
def test_bad_baseline_is_exit_2(seed_dir, tmp_path, content, needle):
    base = tmp_path / "b.json"
    base.write_text(content, encoding="utf-8")
    with pytest.raises(BaselineError, match=needle.replace("[", r"\[").replace("]", r"\]").replace("(", r"\(")):
        load(str(base))
    res = run("check", *seed(seed_dir), "--baseline", str(base))
    assert res.exit_code == 2
    assert needle in res.stderr and "Traceback" not in res.output
    assert len(res.stderr.strip().splitlines()) == 1


def test_missing_baseline_and_unwritable(seed_dir, tmp_path):
    res = run("check", *seed(seed_dir), "--baseline", str(tmp_path / "none.json"))
    assert res.exit_code == 2 and "none.json: no such baseline file" in res.stderr
    res = run("check", *seed(seed_dir), "--write-baseline", str(tmp_path / "no" / "dir" / "b.json"))
    assert res.exit_code == 2 and "does not exist" in res.stderr


# -- suppressions ------------------------------------------------------------------

def test_suppression_in_note(tmp_path):
    segs = [
        Segment("1", "Mme Joly a parlé.", "Mme Joly spoke.", place="en.txt:1", note="mtqa: ignore[U101]"),
        Segment("2", "Mme Joly a parlé.", "Mme Joly spoke.", place="en.txt:2"),
        Segment("3", "Il a parlé.", "He spoke.", place="en.txt:3", note="ok per client; mtqa: ignore[P101, U101]"),
    ]
    out_path = tmp_path / "r.json"
    out = check_segments(segs, CheckConfig(outputs=[("json", str(out_path))], fail_on="minor"))
    assert out.summary["by_code"] == {"U101": 1}
    assert out.notices == ["en.txt:3: unused suppression of P101", "en.txt:3: unused suppression of U101"]
    doc = json.loads(out_path.read_text(encoding="utf-8"))
    assert doc["summary"]["unused_suppressions"] == [
        {"place": "en.txt:3", "code": "P101"}, {"place": "en.txt:3", "code": "U101"}]
    assert doc["notices"] == out.notices


@pytest.mark.parametrize("note", ["mtqa: ignore", "please mtqa: ignore[] here", "mtqa:ignore[ , ]"])
def test_bare_suppression_is_an_error_naming_the_place(tmp_path, note):
    jsonl = tmp_path / "in.jsonl"
    jsonl.write_text(
        json.dumps({"source": "Il a parlé.", "target": "He spoke."}) + "\n"
        + json.dumps({"source": "Mme Joly a parlé.", "target": "Mme Joly spoke.", "note": note}) + "\n",
        encoding="utf-8")
    if "jsonl" not in READERS:
        pytest.skip("JSONL reader not available")
    res = run("check", str(jsonl), "--no-models", "-o", str(tmp_path / "r.html"), "-f", "html")
    assert res.exit_code == 2
    assert f"{jsonl}:2: a bare 'mtqa: ignore' needs codes" in res.stderr
    assert "Traceback" not in res.output
    assert not (tmp_path / "r.html").exists()  # no half-written report


def _reader_cases(tmp_path):
    """The same unit with a suppression, in each bilingual format."""
    cases = {
        "jsonl": ("in.jsonl", json.dumps({"source": "Mme Joly a parlé.", "target": "Mme Joly spoke.",
                                          "note": "mtqa: ignore[U101]"}) + "\n"),
        "tsv": ("in.tsv", "source\ttarget\tnote\nMme Joly a parlé.\tMme Joly spoke.\tmtqa: ignore[U101]\n"),
        "po": ("in.po", 'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
                        '# mtqa: ignore[U101]\nmsgid "Mme Joly a parlé."\nmsgstr "Mme Joly spoke."\n'),
        "xliff": ("in.xlf", '<?xml version="1.0" encoding="UTF-8"?>\n'
                            '<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">'
                            '<file source-language="fr" target-language="en" datatype="plaintext" original="x">'
                            '<body><trans-unit id="u1"><source>Mme Joly a parlé.</source>'
                            '<target>Mme Joly spoke.</target><note>mtqa: ignore[U101]</note></trans-unit>'
                            '</body></file></xliff>\n'),
    }
    return cases


@pytest.mark.parametrize("fmt", ["jsonl", "tsv", "po", "xliff"])
def test_suppression_from_each_reader(tmp_path, fmt):
    if fmt not in READERS:
        pytest.skip(f"{fmt} reader not available")
    name, text = _reader_cases(tmp_path)[fmt]
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    res = run("check", str(path), "--no-models", "-f", "json", "--fail-on", "minor", "--select", "U101")
    assert res.exit_code == 0, res.output
    assert json.loads(res.stdout)["summary"]["findings"] == 0
    unsuppressed = text.replace("mtqa: ignore[U101]", "reviewed")
    path.write_text(unsuppressed, encoding="utf-8")
    res = run("check", str(path), "--no-models", "-f", "json", "--fail-on", "minor", "--select", "U101")
    assert res.exit_code == 1, res.output
    assert json.loads(res.stdout)["summary"]["by_code"] == {"U101": 1}
