"""Issue 14: HTML report: reference label apart from its text, no count shown as
a metric, segment ids and notes shown, a severity filter means "at least"."""

import re

from mtqa.pipeline import CheckConfig, check_segments
from mtqa.report.html import CSS, JS
from mtqa.types import Segment


def html(tmp_path, segs):
    out = tmp_path / "r.html"
    check_segments(segs, CheckConfig(outputs=[("html", str(out))], models=False))
    return out.read_text(encoding="utf-8")


def test_reference_id_note_and_no_count_card(tmp_path):
    seg = Segment("seg-7", "Mme Joly a parlé.", "Mme Joly spoke.", reference="Ms. Joly spoke.",
                  note="checked by Anne", place="en.txt:7")
    text = html(tmp_path, [seg])
    assert re.search(r"\.ref \.side[^{]*\{[^}]*display:block", CSS)
    assert '<span class="side">reference</span>Ms. Joly spoke.' in text
    assert '<span class="id">seg-7</span> · en.txt:7' in text
    assert "checked by Anne" in text


def test_no_count_card(tmp_path, seed_dir):
    from typer.testing import CliRunner

    from mtqa.cli import app

    out = tmp_path / "r.html"
    res = CliRunner().invoke(app, ["check", str(seed_dir / "fr.txt"), str(seed_dir / "en-mt.txt"), "--ref",
                                   str(seed_dir / "en-ref.txt"), "--no-models", "-f", "html", "-o", str(out),
                                   "--fail-on", "never"])
    assert res.exit_code == 0, res.output
    cards = re.findall(r'<div class="l">([^<]*)</div>', out.read_text(encoding="utf-8"))
    assert "reference_segments" not in cards and "bleu" in cards


def test_severity_filter_means_at_least():
    assert "rank[got]" in JS and ">= (rank[v]" in JS
    # the three severities are always offered
    from mtqa.report.html import HTMLFormatter

    sel = HTMLFormatter._select("severity", "Severity", [("critical", "critical"), ("major", "major or worse")])
    assert "major or worse" in sel
