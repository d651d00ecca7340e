"""Interruption (SIGTERM, Ctrl-C), huge lines, the per-segment time budget."""

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from mtqa.cli import app
from mtqa.detectors.base import Detector
from mtqa.engine import TIME_BUDGET_CODE, Engine
from mtqa.io.text import MAX_LINE_BYTES
from mtqa.pipeline import CheckConfig, check_segments
from mtqa.types import Segment

ROOT = Path(__file__).resolve().parent.parent


def big_pair(tmp_path, n):
    src, tgt = tmp_path / "fr.txt", tmp_path / "en.txt"
    src.write_text("Mme Joly a dit qu'elle viendrait la semaine prochaine.\n" * n, encoding="utf-8")
    tgt.write_text("Mme Joly said she came next week. .\n" * n, encoding="utf-8")
    return src, tgt


@pytest.mark.parametrize("sig, word, jobs", [(signal.SIGTERM, "terminated by SIGTERM", "1"),
                                             (signal.SIGINT, "interrupted", "2")])
def test_interrupted_run_leaves_no_report(tmp_path, sig, word, jobs):
    src, tgt = big_pair(tmp_path, 300_000)  # minutes of work: it is always interrupted mid-run
    out_dir = tmp_path / "reports"
    out_dir.mkdir()
    out = out_dir / "report.json"
    proc = subprocess.Popen(
        [sys.executable, "-m", "mtqa", "check", str(src), str(tgt), "--no-models", "-f", "json", "-o", str(out),
         "--jobs", jobs],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    # Wait until the report is being written (its temporary file exists and grows).
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        tmp = [p for p in out_dir.iterdir() if p.name.startswith(".mtqa-")]
        if tmp and tmp[0].stat().st_size > 10_000:
            break
        assert proc.poll() is None, proc.communicate()
        time.sleep(0.05)
    else:
        proc.kill()
        pytest.fail("the run never started writing its report")
    proc.send_signal(sig)
    _, err = proc.communicate(timeout=60)
    assert (proc.returncode, err.strip().splitlines()) == (2, [f"mtqa: error: {word}; no report was written"])
    assert list(out_dir.iterdir()) == []  # neither the report nor a temporary file


def test_line_over_10_mb_is_refused(tmp_path):
    src, tgt = tmp_path / "fr.txt", tmp_path / "en.txt"
    src.write_text("Bonjour.\nSalut.\n", encoding="utf-8")
    with open(tgt, "wb") as fh:
        fh.write(b"Hello.\n")
        fh.write(b"a" * (MAX_LINE_BYTES + 1) + b"\n")
    res = CliRunner().invoke(app, ["check", str(src), str(tgt), "--no-models", "-o", str(tmp_path / "r.txt")])
    assert res.exit_code == 2
    assert res.output.strip() == f"mtqa: error: {tgt}:2: line longer than 10 MB"
    assert not (tmp_path / "r.txt").exists()


def test_line_of_exactly_the_limit_is_read(tmp_path):
    from mtqa.io.text import iter_lines

    p = tmp_path / "big.txt"
    with open(p, "wb") as fh:
        fh.write(b"x" * MAX_LINE_BYTES + b"\nsmall\n")
    lines = [(n, len(t)) for n, t in iter_lines(str(p))]
    assert lines == [(1, MAX_LINE_BYTES), (2, 5)]


class Slow(Detector):
    """Sleeps: stands for a detector that is too slow on some segment."""

    code = "Z901"
    name = "slow"
    category = "other"
    severity = "minor"

    def detect(self, segment, ctx):
        if "slow" in segment.target:
            time.sleep(0.2)
        return ()


class After(Detector):
    """Always fires: shows whether the detectors after the slow one ran."""

    code = "Z902"
    name = "after"
    category = "other"
    severity = "minor"

    def detect(self, segment, ctx):
        yield self.finding(None, None, "ran")


def test_time_budget_skips_the_rest_and_reports_it():
    engine = Engine([Slow, After], time_budget=0.05)
    fast = engine.findings(Segment("1", "a", "fast"))
    slow = engine.findings(Segment("2", "a", "slow"))
    assert [f.code for f in fast] == ["Z902"]
    assert [f.code for f in slow] == [TIME_BUDGET_CODE]
    assert "after Z901 (slow)" in slow[0].message and "not checked by Z902" in slow[0].message
    assert engine.internal_errors == 1
    # No budget: everything runs.
    assert [f.code for f in Engine([Slow, After], time_budget=None).findings(Segment("3", "a", "slow"))] == ["Z902"]


def test_time_budget_makes_the_run_incomplete(tmp_path, monkeypatch):
    import mtqa.pipeline as pipeline

    monkeypatch.setattr(pipeline, "select_detectors", lambda s, i: [Slow, After])
    segs = [Segment("1", "a", "fast"), Segment("2", "a", "slow")]
    out = tmp_path / "r.jsonl"
    outcome = check_segments(segs, CheckConfig(outputs=[("jsonl", str(out))], time_budget=0.05, fail_on="never"))
    assert outcome.exit_code == 2 and outcome.summary["internal_errors"] == 1
    rows = [json.loads(line) for line in out.read_text().splitlines()]
    assert [[f["code"] for f in r["findings"]] for r in rows] == [["Z902"], ["X001"]]
    kept = check_segments(segs, CheckConfig(outputs=[("jsonl", str(out))], time_budget=0.05, fail_on="never",
                                            keep_going=True))
    assert kept.exit_code == 0


def test_time_budget_option_is_validated(tmp_path):
    src, tgt = big_pair(tmp_path, 2)
    res = CliRunner().invoke(app, ["check", str(src), str(tgt), "--no-models", "--time-budget", "-1"])
    assert res.exit_code == 2 and "--time-budget" in res.output
    res = CliRunner().invoke(app, ["check", str(src), str(tgt), "--no-models", "--time-budget", "0",
                                   "--fail-on", "never"])
    assert res.exit_code == 0


def test_interrupt_in_api_cleans_up(tmp_path):
    def segments():
        yield Segment("1", "a", "b")
        raise KeyboardInterrupt

    out = tmp_path / "r.json"
    with pytest.raises(KeyboardInterrupt):
        check_segments(segments(), CheckConfig(outputs=[("json", str(out))], models=False))
    assert os.listdir(tmp_path) == []
