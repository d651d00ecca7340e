"""Issue 14: scores do not depend on the baseline; model and reserved codes are
treated like the rules' everywhere."""

import json

from typer.testing import CliRunner

from mtqa.cli import app
from mtqa.engine import Engine, RESERVED_CODES
from mtqa.pipeline import CheckConfig, check_segments
from mtqa.scorers.mqm import penalty
from mtqa.types import Finding, Segment


def run(*args):
    return CliRunner().invoke(app, [str(a) for a in args])


def test_baseline_does_not_change_scores(tmp_path, seed_dir):
    fr, en = seed_dir / "fr.txt", seed_dir / "en-mt.txt"
    base = tmp_path / "b.json"
    plain = json.loads(run("check", fr, en, "--no-models", "-f", "json", "--fail-on", "never").stdout)
    assert run("check", fr, en, "--no-models", "--write-baseline", base).exit_code == 0
    res = run("check", fr, en, "--no-models", "-f", "json", "--baseline", base)
    assert res.exit_code == 0
    doc = json.loads(res.stdout)
    assert doc["summary"]["findings"] == 0
    assert doc["scores"]["quality"] == plain["scores"]["quality"]
    assert [s["scores"] for s in doc["segments"]] == [s["scores"] for s in plain["segments"]]


class FakeModel:
    """A model scorer and batch detector: one ML101 per segment, quality = 100 - penalty
    of the reported findings (which include the model's, as the engine finished them)."""

    name = "fake"

    def __init__(self):
        self.quality = []
        self.seen = []

    def detect_batch(self, segments, findings):
        self.seen.append([tuple(f.code for f in fs) for fs in findings])
        return [[Finding("ML101", "unlikely-span", "fluency/grammar", "major", "target", 0, 3, "unlikely")]
                for _ in segments]

    def score(self, segments, findings):
        out = []
        for found in findings:
            q = 100 - penalty(list(found))
            self.quality.append(q)
            out.append({"quality": q})
        return out

    def corpus(self):
        return {"quality": sum(self.quality) / len(self.quality)}


def _run(segments, **kw):
    fake = FakeModel()
    cfg = CheckConfig(outputs=(), scorers=[fake], **kw)
    results = []
    outcome = check_segments(segments, cfg, on_result=results.append)
    return outcome, results


def test_ignore_ml101_does_not_lower_quality():
    seg = Segment("1", "Le chat dort sur le tapis.", "The cat sleeps on the rug.")
    with_ml, res1 = _run([seg])
    assert [f.code for f in res1[0].findings] == ["ML101"] and res1[0].scores["quality"] == 95
    without, res2 = _run([seg], ignore=["ML101"])
    assert res2[0].findings == () and res2[0].scores["quality"] == 100


def test_ml101_suppression_is_used_and_lifts_quality():
    seg = Segment("1", "Le chat dort sur le tapis.", "The cat sleeps on the rug.", note="mtqa: ignore[ML101]")
    outcome, res = _run([seg])
    assert res[0].findings == ()
    assert res[0].scores["quality"] == 100
    assert not any("unused suppression" in n for n in outcome.notices)
    # a model-code suppression that suppressed nothing is still reported
    seg2 = Segment("2", "Le chat dort.", "The cat sleeps.", note="mtqa: ignore[ML102]")
    outcome, _ = _run([seg2])
    assert any("unused suppression of ML102" in n for n in outcome.notices)


def test_reserved_codes_weigh_nothing_and_are_listed():
    for code in ("X000", "X001"):
        f = Finding(code, RESERVED_CODES[code][0], "other", "critical", "target", None, None, "run")
        assert penalty([f]) == 0
    rows = json.loads(run("rules", "--format", "json").stdout)
    listed = {r["code"]: r for r in rows}
    assert {"X000", "X001"} <= set(listed)
    assert listed["X001"]["name"] == "time-budget-exceeded"
    assert "X001" in run("rules").stdout


def test_reserved_codes_cannot_be_suppressed():
    engine = Engine(detectors=[])
    seg = Segment("1", "a", "b", note="mtqa: ignore[X001]")
    f = Finding("X001", "time-budget-exceeded", "other", "critical", "target", None, None, "slow")
    assert engine.finish(seg, [f]) == (f,)


def test_sarif_gives_x001_its_own_rule():
    import io

    from mtqa.report.sarif import SARIFFormatter
    from mtqa.types import SegmentResult

    buf = io.StringIO()
    fmt = SARIFFormatter(buf, inputs={"source": "fr.txt", "target": "en.txt", "reference": None})
    fmt.begin()
    f = Finding("X001", "time-budget-exceeded", "other", "critical", "target", None, None, "slow")
    fmt.add(SegmentResult(Segment("1", "a", "b", place="en.txt:1"), (f,)))
    fmt.end({}, {}, {})
    doc = json.loads(buf.getvalue())
    run0 = doc["runs"][0]
    result = run0["results"][0]
    assert run0["tool"]["driver"]["rules"][result["ruleIndex"]]["id"] == "X001"


# Issue 15: one finishing step. The model findings come from a batch detector
# that runs on the chunk after the rules; the engine finishes them as it
# finishes the rules' (severities, notes, order, enabled codes).

def test_batch_detector_reads_the_reported_rule_findings():
    plain = Segment("1", "Il est parti mardi.", "He left on Tuesday. .")
    noted = Segment("2", "Il est parti mardi.", "He left on Tuesday. .", note="mtqa: ignore[P101]")
    fake = FakeModel()
    check_segments([plain, noted], CheckConfig(outputs=(), scorers=[fake]))
    # The suppressed P101 is not among what the model is shown.
    assert fake.seen == [[("P101",), ()]]


def test_model_and_rule_findings_share_severities_and_order():
    seg = Segment("1", "Il est parti mardi.", "He left on Tuesday. .")
    outcome, res = _run([seg], severities={"ML101": "critical", "P101": "major"})
    found = res[0].findings
    # One order for both kinds: by offset (ML101 at 0, P101 at 18).
    assert [(f.code, f.severity) for f in found] == [("ML101", "critical"), ("P101", "major")]
    assert res[0].scores["quality"] == 100 - 25 - 5
    assert res[0].scores["mqm"] < 100 and outcome.exit_code == 1


def test_disabled_model_code_is_dropped_and_its_note_not_unused():
    seg = Segment("1", "Le chat dort.", "The cat sleeps.", note="mtqa: ignore[ML101]")
    outcome, res = _run([seg], select=["P"])
    assert res[0].findings == ()
    # ML101 was produced (then dropped as not enabled): the note answered it.
    assert not any("unused suppression" in n for n in outcome.notices)


def test_engine_finish_merges_batch_findings_with_the_reported():
    engine = Engine()
    seg = Segment("1", "Il est parti mardi.", "He left on Tuesday. .")
    rules = engine.findings(seg)
    ml = Finding("ML101", "unlikely-span", "fluency/grammar", "minor", "target", 0, 2, "unlikely")
    off = Finding("ZZ999", "nothing", "other", "minor", "target", 0, 2, "no such rule")
    merged = engine.finish(seg, [off, ml], reported=rules, batch=True)
    assert merged == (ml, *rules)  # the unknown code dropped, the rest in order
    assert engine.finish(seg, [], reported=rules, batch=True) == rules
