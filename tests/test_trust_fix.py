"""Issue 14: `mtqa fix` never makes a translation worse."""

import shutil

from typer.testing import CliRunner

from mtqa import Segment, check
from mtqa.cli import app
from mtqa.detectors import REGISTRY
from mtqa.fix import Fixer, FixPolicy


def run(*args):
    return CliRunner().invoke(app, [str(a) for a in args])


def test_k101_has_no_automatic_fix_and_names_both_renderings():
    assert REGISTRY["K101"].fix == "none"
    segs = [
        Segment("1", "Le gouvernement a annoncé une baisse des impôts.", "The government announced a decrease in taxes."),
        Segment("2", "Le gouvernement a annoncé une baisse des impôts.", "The government announced a tax increase."),
    ]
    k = [f for f in check(segs)[1].findings if f.code == "K101"]
    assert k and k[0].suggestion is None
    assert "a decrease in taxes" in k[0].message and "a tax increase" in k[0].message


def test_fix_unsafe_never_replaces_one_translation_with_another(tmp_path):
    src = tmp_path / "fr.txt"
    tgt = tmp_path / "en.txt"
    src.write_text("Le ministre ira à Tokyo la semaine prochaine pour des discussions.\n"
                   "Le ministre ira à Tokyo la semaine prochaine pour des discussions.\n", encoding="utf-8")
    tgt.write_text("The minister went to Tokyo next week for talks.\n"
                   "The minister will travel to Tokyo next week for talks.\n", encoding="utf-8")
    out = tmp_path / "fixed.txt"
    res = run("fix", src, tgt, "--unsafe", "-o", out)
    assert res.exit_code == 0, res.output
    assert out.read_text().splitlines()[1] == "The minister will travel to Tokyo next week for talks."


def test_a_fix_that_hides_another_finding_is_rejected():
    seg = Segment("1", "Le ministre est revenu au travail après deux semaines de vacances.",
                  "The minister returned to work after two weeks of")
    before = {f.code for f in check([seg])[0].findings}
    assert {"O103", "P301"} <= before
    out = Fixer(FixPolicy(unsafe=True)).run([seg]).segments[0]
    assert out.fixed == seg.target
    assert any(r.code == "P301" and "O103" in r.reason for r in out.rejected)
    assert "O103" in {f.code for f in out.remaining}


def test_fix_still_applies_edits_that_hide_nothing(seed_dir, tmp_path):
    shutil.copy(seed_dir / "fr.txt", tmp_path / "fr.txt")
    shutil.copy(seed_dir / "en-mt.txt", tmp_path / "en.txt")
    res = run("fix", tmp_path / "fr.txt", tmp_path / "en.txt", "-o", tmp_path / "out.txt")
    assert res.exit_code == 0
    assert "Tuesday. ." not in (tmp_path / "out.txt").read_text()
